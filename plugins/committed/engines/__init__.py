"""One thin adapter per site generator, over the same ``committed.site`` outputs.

- ``mkdocs`` runs ``mkdocs build`` or ``properdocs build``: both run the Committed plugins
  (``committed.mkdocs``) themselves.
- ``zensical`` runs no third-party plugin, so ``committed.engines.stage`` makes a build copy of the
  docs folder with Committed's pages and blocks in it, and ``zensical build`` builds that copy.

Only ``committed.mkdocs`` imports a generator; these modules run each generator's command line.
"""

ENGINES = ("mkdocs", "properdocs", "zensical")

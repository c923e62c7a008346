"""Reviews where they really happen: pull and merge requests read from the forge's API.

``committed forge fetch`` (``commands/forge.py``) reads the merged requests that touched the docs
folder, with their reviews and approvals, from GitHub (``github.py``) or GitLab (``gitlab.py``)
through a small HTTP client (``http.py``: pagination, retries, rate limits, ``Retry-After``) and
keeps them in a ledger (``ledger.py``: versioned, sorted, deterministic JSON Lines holding forge
logins and numeric ids, never an e-mail address). A build reads the ledger when it exists, as
``index.py`` reduces and caches it, and ``matching.py`` ties each request to the commits it produced, turning its reviews into review
trailers on them, so forge reviews and ``Reviewed-by`` trailers are scored by one set of rules.

Nothing here imports a site generator; only ``fetch.py`` and the two forge modules touch the
network.
"""

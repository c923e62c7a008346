"""The guideline lint: check pages against the company's ``guidelines.yml``.

Data flows one way: ``policy`` (the rules) and ``document`` (a page split into scoped text) feed
the ``detectors``; the ``engine`` runs them, applies ``suppressions`` and ``changes`` (``--base``),
and ``formats`` writes the findings for people and CI. ``cli`` is the thin command on top.
"""

"""The demo knowledge base generator behind ``scripts/make_demo.py``, one module a responsibility:
``vocabulary`` (dates, bots, releases, word lists), ``text`` (page text and the Page record),
``people`` (names, offices, identities, who commits when), ``fastimport`` (the one git fast-import
process), ``builder`` (the repository's state and one commit), ``plan`` (the kinds of commits and
their order), ``site`` (files taken from this repository) and ``cli`` (the options and the run).
"""

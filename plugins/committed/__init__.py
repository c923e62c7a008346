"""Committed: a company knowledge base where employees teach each other through git.

The core (history, people, scoring, rendering) never imports MkDocs; the MkDocs plugins in
``committed.mkdocs`` and the command line in ``committed.cli`` are thin layers on top of it.
"""

from __future__ import annotations

__version__ = "0.1.0"

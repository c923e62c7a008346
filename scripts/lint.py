#!/usr/bin/env python
"""CI entry point: ``python scripts/lint.py [--base origin/main] [--format github] [paths...]``.

The same as ``committed lint``; exit 0 clean, 1 errors found, 2 invalid policy or invocation.
"""

from __future__ import annotations

from committed.lint.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

"""``committed doctor``: what to look at before trusting the figures of an existing repository.

    committed doctor [--repo PATH] [--docs-dir DIR] [--bulk-files N] [--limit N] [--no-cache]

Reads the history as the build does and lists likely duplicate people (with ready ``.mailmap``
lines), people merged automatically, authors without a contributor file (with
``contributors/<slug>.yml`` stubs), bulk commits (with ``.git-blame-ignore-revs`` lines), the
moves into the docs folder it followed, the bots it recognised and the identities it could not
classify. Exit code 0 when there is nothing to decide, 1 when there is (duplicates, unclassified
identities, bulk commits still counted), 2 for a mistake the message explains. The report names
e-mail addresses: it is for the admin's terminal, not for CI logs.
"""

from __future__ import annotations

import argparse

from ..doctor import BULK_FILES, examine, render
from ..knowledge import load
from .stats import _settings

HELP = "List likely duplicate people, bulk commits, moves and bots, with the lines that fix them."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", default=".", metavar="PATH", help="the knowledge base's folder (default: .)")
    parser.add_argument("--docs-dir", metavar="DIR",
                        help="the docs folder, relative to --repo (default: mkdocs.yml's docs_dir, else docs)")
    parser.add_argument("--bulk-files", type=int, default=BULK_FILES, metavar="N",
                        help=f"a commit creating or rewriting at least N pages is a bulk commit (default {BULK_FILES})")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N entries per section (default 20)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the history cache")


def run(args: argparse.Namespace) -> int:
    settings, _ = _settings(args)
    kb = load(settings)
    report = examine(kb, max(1, args.bulk_files))
    print(render(report, kb, max(1, args.limit)), end="")
    return 1 if report.findings else 0

"""``committed pages``: write the generated pages for any site generator, without MkDocs.

The same Markdown the MkDocs plugins add to a build (profiles, the people index, the
leaderboard and its exports) is written under ``--out``, with ``credits.json`` mapping each page
of the docs folder to its credits block (HTML, to append to the page). Nothing is written into the docs folder itself.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..config import PRIVACY_LEVELS, Settings
from ..errors import CommittedError
from ..site import LeaderboardOptions, Request, check, make

HELP = "write profiles, the people index and credits as Markdown for any site generator"


SCRIPTS = ("assets/committed/committed-people.js", "assets/committed/sort.js")  # what loads the fragments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", default=".", help="the knowledge base's folder (default: .)")
    parser.add_argument("--docs-dir", default="docs", help="pages folder, relative to --repo (default: docs)")
    parser.add_argument("--out", required=True, help="output folder (replaced as a whole when done)")
    parser.add_argument("--repo-url", default="", help="forge URL, to link commits")
    parser.add_argument("--no-directory-urls", action="store_true", help="links as page.html instead of page/")
    parser.add_argument("--no-leaderboard", action="store_true",
                        help="leave out leaderboard.md and its exports (committed/stats.json, people.csv)")
    parser.add_argument("--privacy", choices=PRIVACY_LEVELS, default="named",
                        help="who is named with a score, tier or rank: named (default), opt-in "
                             "(`leaderboard: true` only) or aggregate (nobody)")


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo).resolve()
    settings = Settings(root=root, docs_dir=args.docs_dir, repo_url=args.repo_url,
                        use_directory_urls=not args.no_directory_urls, privacy=args.privacy)
    docs = settings.path(settings.docs_dir)
    out = Path(args.out).resolve()
    if out == docs or docs in out.parents:
        raise CommittedError("--out must not be inside the docs folder.", hint="choose a folder such as build/committed.")
    pages = tuple(sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))) if docs.is_dir() else ()
    request = Request(settings, pages, leaderboard=None if args.no_leaderboard else LeaderboardOptions())
    check(request)
    made = make(request)
    for level, text in made.messages:
        if level >= logging.WARNING:
            print(text, file=sys.stderr)
    files = {**made.pages, **made.exports, **made.fragments}
    if made.fragments:  # the people index and the ranking load them with these scripts: the site must include them
        assets = Path(__file__).resolve().parent.parent / "assets"
        files.update({script: (assets / Path(script).name).read_text("utf-8") for script in SCRIPTS})
    files["credits.json"] = json.dumps(made.credits, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    _write_all(out, files)
    print(f"committed pages: {len(files)} files written to {out}")
    return 0


def _write_all(out: Path, files: dict[str, str]) -> None:
    """Write into a fresh temporary folder, then swap it in: never a half-written output."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    for rel, text in sorted(files.items()):
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    os.replace(staging, out)

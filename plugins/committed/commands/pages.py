"""``committed pages``: write the generated pages for any site generator, without MkDocs.

The same Markdown the MkDocs plugins add to a build (profiles, the people index, the
leaderboard) is written under ``--out``, with ``credits.json`` mapping each page of the docs
folder to its credits block. Nothing is written into the docs folder itself.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..config import Settings
from ..knowledge import load
from ..render.credits import credits_block
from ..render.links import people_index_src, profile_src
from ..render.profiles import people_index, profile_page

HELP = "write profiles, the people index and credits as Markdown for any site generator"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", default=".", help="the knowledge base's folder (default: .)")
    parser.add_argument("--docs-dir", default="docs", help="pages folder, relative to --repo (default: docs)")
    parser.add_argument("--out", required=True, help="output folder (replaced as a whole when done)")
    parser.add_argument("--repo-url", default="", help="forge URL, to link commits")
    parser.add_argument("--no-directory-urls", action="store_true", help="links as page.html instead of page/")


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo).resolve()
    settings = Settings(root=root, docs_dir=args.docs_dir, repo_url=args.repo_url,
                        use_directory_urls=not args.no_directory_urls)
    kb = load(settings)
    out = Path(args.out).resolve()
    if out == settings.path(settings.docs_dir) or settings.path(settings.docs_dir) in out.parents:
        from ..errors import CommittedError
        raise CommittedError("--out must not be inside the docs folder.", hint="choose a folder such as build/committed.")
    people = [p for p in kb.people.values() if p.profile]
    files: dict[str, str] = {profile_src(settings, p.slug): profile_page(kb, p) for p in people}
    files[people_index_src(settings)] = people_index(kb, people)
    credits = {path: block for path in sorted(kb.pages) if (block := credits_block(kb, path))}
    files["credits.json"] = json.dumps(credits, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
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

"""Generate a realistic, seeded synthetic Committed knowledge base as a new git repository.

The command line of ``scripts/make_demo.py`` (its docstring says what the demo holds): the
options, the adopter's options, and the run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .fastimport import FastImport
from .plan import Generator
from .site import config_files
from .vocabulary import LARGE


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.autocrlf=false", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--commits", type=int, default=4000)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--years", type=float, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    adopter = parser.add_argument_group("what an adopter's repository brings")
    adopter.add_argument("--adopter", action="store_true", help="all four below")
    adopter.add_argument("--start-outside", action="store_true", help="pages start at the root, then move into docs/")
    adopter.add_argument("--renamed-docs-folder", action="store_true", help="pages start in _pages/, renamed to docs/")
    adopter.add_argument("--split-identities", action="store_true",
                         help="people commit under several e-mails and spellings; no .mailmap")
    adopter.add_argument("--import-commit", action="store_true", help="one commit imports a tenth of the pages")
    adopter.add_argument("--code-share", type=float, default=0.0, metavar="F",
                         help="this share of the commits change code (src/) only: docs/ is a small part")
    parser.add_argument("--truth", type=Path, metavar="FILE", help="write every page's true creator and every "
                        "human's identities as JSON")
    args = parser.parse_args(argv)
    if args.adopter:
        args.start_outside = args.renamed_docs_folder = args.split_identities = args.import_commit = True
    out: Path = args.out_dir
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"make_demo: {out} exists and is not empty (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    if args.commits < 20 or args.pages < 15:
        print("make_demo: use at least --commits 20 and --pages 15", file=sys.stderr)
        return 2
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    git(out, "init", "-q", "-b", "main", "--template=")
    fi = FastImport(out)
    gen = Generator(args, fi)
    gen.run(config_files("Committed demo knowledge base"))
    fi.close()
    git(out, "update-ref", "-d", "refs/heads/_pr") if gen.stats.merges else None
    imported = time.perf_counter() - started
    git(out, "reset", "-q", "--hard", "main")
    if args.truth:
        args.truth.write_text(json.dumps(gen.truth(), indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    s = gen.stats
    alive = sum(p.alive for p in gen.pages)
    print(f"make_demo: {alive} pages, {fi.commits} commits ({s.docs_commits} touching docs, {s.merges} merges, "
          f"{s.renames} renames, {s.deletions} deletions, {s.reverts} reverts, {s.reformats} reformats), "
          f"{len(gen.people)} people ({len(gen.joined)} profiles) in {time.perf_counter() - started:.2f} s "
          f"(fast-import {imported:.2f} s) -> {out}")
    if len(gen.people) > LARGE:
        offices = len({p.office for p in gen.people})
        names = [p.name for p in gen.people]
        print(f"make_demo: a large company: {offices} offices, {len(names) - len(set(names))} people share a "
              f"colleague's name (numbered slugs such as {next(p.slug for p in gen.people if p.slug[-2:] == '-2')})")
    return 0

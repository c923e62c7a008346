#!/usr/bin/env python
"""Benchmark the guideline lint: the whole demo knowledge base, a 20-page change with --base, and
one dense page (2 MB of matches on one line: the lint's time must grow linearly with a page).

    python scripts/bench_lint.py [--pages 2000] [--dense-bytes 1990000] [--keep DIR]

Uses scripts/make_demo.py (seeded) when present, else writes realistic pages itself. Prints pages
per second and the ratio to the targets (whole base < 5 s, 20-page change < 1 s, dense page < 2 s).
Figures, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))

from committed.lint.cli import main  # noqa: E402

GIT_ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_AUTHOR_DATE": "2026-01-01T12:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-01T12:00:00Z"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env=GIT_ENV, check=True, capture_output=True, text=True).stdout


def make_base(out: Path, pages: int) -> None:
    demo = REPO / "scripts" / "make_demo.py"
    if demo.exists():
        subprocess.run([sys.executable, str(demo), "--pages", str(pages), "--seed", "7", "--force", str(out)],
                       check=True, capture_output=True)
        return
    rng = random.Random(7)  # pragma: no cover - fallback when the demo generator is absent
    out.mkdir(parents=True)
    shutil.copy(REPO / "guidelines.yml", out / "guidelines.yml")
    (out / "contributors").mkdir()
    (out / "contributors" / "ada.yml").write_text("name: Ada\nteam: platform\n")
    words = ["deploy", "service", "cluster", "review", "onboarding", "customer", "metrics", "pipeline", "release", "incident"]
    for i in range(pages):
        body = "\n\n".join(f"## {rng.choice(words).title()} {j}\n\n" + " ".join(rng.choices(words, k=80))
                           + "\n\n```sh\nmake deploy\n```" for j in range(5))
        page = out / "docs" / "engineering" / f"p{i}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: Page {i}\ntopic: engineering\nowner: ada\nlast_reviewed: 2026-01-01\n---\n"
                        f"# Page {i}\n\n{body}\n")
    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "Demo")


def dense_page(size: int) -> str:
    """One line of ``size`` bytes where every few words is a finding: addresses, phone numbers, tokens,
    claims, misspelt names and bracketed markers, each value different (nothing to deduplicate)."""
    head = "---\ntitle: Dense\ntopic: engineering\nowner: ada\nlast_reviewed: 2026-01-01\n---\n"
    rng = random.Random(5)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    parts, n, i = [], len(head) + 1, 0
    while True:
        token = "gh" + "p_" + "".join(rng.choices(alphabet, k=36))
        unit = (f"mail jane.doe{i}@gmail.com or call +44 7911 {i % 1_000_000:06d}, token {token}, "
                f"results guaranteed on Github [CONFIDENTIAL] ")
        if n + len(unit) > size:
            break
        parts.append(unit)
        n += len(unit)
        i += 1
    return head + "".join(parts) + "\n"


def timed(root: Path, args: list[str]) -> tuple[float, float, str]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        cpu0 = resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        start = time.perf_counter()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(args)
        wall = time.perf_counter() - start
        cpu1 = resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    finally:
        os.chdir(cwd)
    lines = out.getvalue().strip().splitlines()
    return wall, cpu1 - cpu0, lines[-1] if lines else ""


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--dense-bytes", type=int, default=1_990_000, help="size of the dense page (the page limit is 2 MB)")
    parser.add_argument("--keep", metavar="DIR", help="build the demo here and keep it")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-lint-"))
    root = work / "kb"
    t = time.perf_counter()
    make_base(root, args.pages)
    print(f"demo knowledge base: {root} ({time.perf_counter() - t:.1f} s to generate)")
    pages = sorted((root / "docs").rglob("*.md"))
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")

    for jobs in (1, os.cpu_count() or 1):
        wall, cpu, summary = timed(root, ["--jobs", str(jobs)])
        print(f"whole base, --jobs {jobs}: {len(pages)} pages in {wall:.2f} s wall ({cpu:.2f} s CPU) = "
              f"{len(pages) / wall:.0f} pages/s; target 5 s: {wall / 5:.0%} of budget  [{summary}]")

    timed(root, ["--baseline", "guidelines-baseline.json", "--update-baseline"])
    wall, cpu, summary = timed(root, ["--baseline", "guidelines-baseline.json"])
    print(f"whole base with a baseline of today's findings: {wall:.2f} s wall ({cpu:.2f} s CPU)  [{summary}]")
    (root / "guidelines-baseline.json").unlink()

    git(root, "checkout", "-q", "-b", "bench-change")
    rng = random.Random(11)
    for page in rng.sample(pages, 20):
        with page.open("a", encoding="utf-8") as fh:
            fh.write("\n## Added in this change\n\nA new paragraph that explains the deploy steps again.\n")
    git(root, "commit", "-q", "-am", "Change 20 pages")
    base = "main" if "main" in git(root, "branch", "--list", "main") else git(root, "rev-parse", "HEAD~1").strip()
    wall, cpu, summary = timed(root, ["--base", base])
    print(f"20-page change with --base: {wall:.2f} s wall ({cpu:.2f} s CPU) = {20 / wall:.0f} pages/s; "
          f"target 1 s: {wall:.0%} of budget  [{summary}]")

    dense = root / "docs" / "engineering" / "dense.md"
    dense.write_text(dense_page(args.dense_bytes), encoding="utf-8")
    wall, cpu, summary = timed(root, ["--jobs", "1", str(dense)])
    print(f"dense page, {dense.stat().st_size / 1e6:.2f} MB on one line: {wall:.2f} s wall ({cpu:.2f} s CPU) = "
          f"{dense.stat().st_size / 1e6 / wall:.1f} MB/s; target 2 s: {wall / 2:.0%} of budget  [{summary}]")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main_bench())

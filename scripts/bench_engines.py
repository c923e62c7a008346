"""Benchmark the demo's build on each site generator, Committed on and off, in the same run.

    python scripts/bench_engines.py [--pages 2000 --commits 30000 --people 400] [--quick] [--runs 2]
                                    [--engines mkdocs,properdocs,zensical] [--keep]

For each engine and each run, in turn: the plain build (``mkdocs.plain.yml``: the demo's config
without the Committed plugins), a cold Committed build (no ``.cache/`` at all: Committed's and the
generator's caches gone) and a warm one right after (nothing changed). MkDocs and ProperDocs run
their own ``build`` with the plugins; Zensical runs ``committed build --engine zensical`` against
``zensical build`` of the plain config. Each figure is the best of ``--runs``; the ratio is the
median of a Committed build over the plain build of the same run (the machine drifts over minutes).
A script that prints figures, never a timed test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench import FIGURES, FULL, PY, QUICK, SCRIPTS, plain_config, report, run

ENGINES = ("mkdocs", "properdocs", "zensical")
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def commands(engine: str, config: str, site: Path, committed: bool) -> list[str]:
    if engine == "zensical":
        if committed:
            return [PY, "-m", "committed.cli", "build", "--engine", "zensical", "-f", config, "-d", str(site)]
        return [PY, "-m", "zensical", "build", "-f", config]  # into the config's site_dir
    return [PY, "-m", engine, "build", "-q", "-f", config, "-d", str(site)]


def timed(cmd: Sequence[str], repo: Path) -> float:
    started = time.perf_counter()
    run(cmd, repo, QUIET)
    return time.perf_counter() - started


def engine_figures(repo: Path, engine: str, plain: Path, runs: int) -> None:
    rows: list[tuple[float, float, float]] = []  # (plain, cold, warm) of each run
    for _ in range(runs):
        shutil.rmtree(repo / ".cache", ignore_errors=True)
        off = timed(commands(engine, plain.name, repo / "site-plain", False), repo)
        shutil.rmtree(repo / ".cache", ignore_errors=True)
        cold = timed(commands(engine, "mkdocs.yml", repo / "site", True), repo)
        warm = timed(commands(engine, "mkdocs.yml", repo / "site", True), repo)
        rows.append((off, cold, warm))
        print(f"  {engine}: plain {off:.1f} s, Committed cold {cold:.1f} s, warm {warm:.1f} s", flush=True)
    report(f"{engine} plain build (best of {runs})", min(r[0] for r in rows), "s")
    report(f"{engine} Committed build, cold (best of {runs})", min(r[1] for r in rows), "s")
    report(f"{engine} Committed build, warm (best of {runs})", min(r[2] for r in rows), "s")
    report(f"{engine} cold / plain (median)", statistics.median(c / p for p, c, _ in rows), "x")
    report(f"{engine} warm / plain (median)", statistics.median(w / p for p, _, w in rows), "x")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 pages, 3,000 commits, 60 people")
    for key, value in FULL.items():
        parser.add_argument(f"--{key}", type=int, default=None, help=f"default {value}")
    parser.add_argument("--runs", type=int, default=2, help="runs of each build (default 2)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated (default: all three)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown engine(s) {unknown}; choose from {', '.join(ENGINES)}")
    size = {k: getattr(args, k) or (QUICK if args.quick else FULL)[k] for k in FULL}
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="committed-bench-engines-"))
    repo = work / "kb"
    try:
        demo = [PY, str(SCRIPTS / "make_demo.py"), str(repo), *(f"--{k}={v}" for k, v in size.items())]
        print(run(demo, quiet=False).stdout.strip(), flush=True)
        plain = plain_config(repo)
        if plain is None:
            print("the demo's mkdocs.yml has no Committed markers: nothing to compare", file=sys.stderr)
            return 2
        print(f"{'figure':<44} {'measured':>10} {'unit':<4}")
        for engine in engines:
            engine_figures(repo, engine, plain, args.runs)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nSummary ({size['pages']} pages, {size['commits']} commits, {size['people']} people; "
          f"bench took {time.perf_counter() - started:.0f} s)")
    print("\n".join(f.line() for f in FIGURES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

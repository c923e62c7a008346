"""Benchmark Committed on a generated knowledge base: prints figures against their targets.

    python scripts/bench.py [--pages 2000 --commits 30000 --people 400] [--quick] [--build-runs 2] [--keep]
                            [--no-adopter | --adopter-only]

Everything is measured in the same run, on the same machine, against the same floor: plain
``git log --numstat -M -- docs`` over the demo's history. The history engine runs in fresh Python
subprocesses that time themselves (import included, interpreter start excluded) and report their
own peak memory. The MkDocs sections run only when the plugins and ``committed stats`` exist.
The adopter case (``make_demo.py --start-outside --code-share 0.9``: docs/ is a tenth of a code
repository's commits and its pages were moved in from the root) compares the history read with
one ``git log --numstat -M`` over exactly the paths it needs: docs/ and the moves' old paths.
Each site build's peak memory is that of all its processes summed (MkDocs, the
worker, git), sampled from /proc. Pairs of builds (Committed, then plain) are interleaved and
each pair is printed, with the machine's load: it is shared. A company-size run
(``--pages 10000 --commits 300000 --people 5000``) measures each figure once, and leaves the
adopter case to ``--adopter-only``, to stay within 30 minutes.
This is a script that prints figures, never a timed test: machines differ.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from committed.pycache import worker_env

SCRIPTS = Path(__file__).resolve().parent
PY = sys.executable
QUICK = {"pages": 200, "commits": 3000, "people": 60}
FULL = {"pages": 2000, "commits": 30000, "people": 400}
BEGIN, END = "# committed:begin", "# committed:end"
IDENTITY = {"GIT_AUTHOR_NAME": "Bench Person", "GIT_AUTHOR_EMAIL": "bench@example.com",
            "GIT_COMMITTER_NAME": "Bench Person", "GIT_COMMITTER_EMAIL": "bench@example.com"}

READ_HISTORY = """
import json, resource, sys, time
start = time.perf_counter()
from committed.history import read_history
history = read_history(sys.argv[1], "docs", cache_dir=sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - start, "commits": len(history.commits),
                  "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
READ_MOVES = """
import json, sys, time
start = time.perf_counter()
from committed.history import read_history
history = read_history(sys.argv[1], "docs", cache_dir=sys.argv[2])
seconds = time.perf_counter() - start
paths = sorted({old for _, old, _ in history.moves})
with open(sys.argv[3], "w", encoding="utf-8") as fh:
    json.dump(paths, fh)
print(json.dumps({"seconds": seconds, "commits": len(history.commits), "moves": len(history.moves),
                  "paths": len(paths)}))
"""
HAS_PIECES = """
import importlib
import committed.mkdocs.profiles, committed.mkdocs.leaderboard
from committed.cli import COMMANDS
importlib.import_module(COMMANDS["stats"])
"""


@dataclass
class Figure:
    name: str
    value: float
    unit: str  # "s", "x", "MiB", "KiB"
    target: str = ""  # e.g. "<= 1.5x"
    ok: bool | None = None  # None: informative, no target

    def line(self) -> str:
        verdict = "" if self.ok is None else ("PASS" if self.ok else "FAIL")
        return f"{self.name:<44} {self.value:>10.3f} {self.unit:<4} {self.target:<10} {verdict}"


FIGURES: list[Figure] = []


def report(name: str, value: float, unit: str, limit: float | None = None, strict: bool = False) -> Figure:
    """Record and print a figure; with ``limit`` it passes when value <= limit (< when strict)."""
    ok = None if limit is None else (value < limit if strict else value <= limit)
    target = "" if limit is None else f"{'<' if strict else '<='} {limit:g} {unit}"
    figure = Figure(name, value, unit, target, ok)
    FIGURES.append(figure)
    print(figure.line(), flush=True)
    return figure


# -- running things -------------------------------------------------------------------------------


def run(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        quiet: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), cwd=cwd, env={**os.environ, **(env or {})}, check=True, text=True,
                          stdout=subprocess.DEVNULL if quiet else subprocess.PIPE, stderr=subprocess.PIPE)


def wall(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    """Wall time of one run of ``cmd``, output discarded."""
    start = time.perf_counter()
    run(cmd, cwd, env)
    return time.perf_counter() - start


class TreeMemory:
    """The peak, over the run of one command, of the resident memory of all its processes summed
    (MkDocs and the worker it starts, git included), sampled from /proc every ``interval`` seconds;
    and each process's own peak by name. Linux only (elsewhere: None)."""

    def __init__(self, root: int, interval: float = 0.1) -> None:
        self.root, self.interval = root, interval
        self.peak_mib = 0.0
        self.by_name: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    @staticmethod
    def _table() -> dict[int, tuple[int, str, float]]:
        """pid -> (parent pid, name, resident MiB) of every process."""
        out = {}
        page = os.sysconf("SC_PAGE_SIZE") / (1 << 20)
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    stat = fh.read().decode(errors="replace")
            except OSError:
                continue
            name = stat[stat.index("(") + 1: stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            out[int(entry.name)] = (int(fields[1]), name, int(fields[21]) * page)
        return out

    def _poll(self) -> None:
        while not self._stop.is_set():
            table = self._table()
            tree, todo = set(), [self.root]
            while todo:
                pid = todo.pop()
                tree.add(pid)
                todo += [p for p, (parent, _, _) in table.items() if parent == pid and p not in tree]
            total = 0.0
            sizes: dict[str, float] = {}
            for pid in tree:
                if pid in table:
                    _, name, mib = table[pid]
                    total += mib
                    sizes[name] = sizes.get(name, 0.0) + mib
            self.peak_mib = max(self.peak_mib, total)
            for name, mib in sizes.items():
                self.by_name[name] = max(self.by_name.get(name, 0.0), mib)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def load() -> str:
    """The machine's load average (1, 5, 15 minutes): other people's work slows these figures."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def wall_and_memory(cmd: Sequence[str], cwd: Path | None = None,
                    env: dict[str, str] | None = None) -> tuple[float, TreeMemory | None]:
    """Wall time of one run of ``cmd`` and the peak memory of its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env={**os.environ, **(env or {})}, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(proc.pid) if Path("/proc/self/stat").exists() else None
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if memory is not None:
        memory.stop()
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, list(cmd), stderr=err)
    return seconds, memory


def best_of(n: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(n))


def child(code: str, *args: str) -> dict[str, float]:
    """Run Python ``code`` in a fresh interpreter, in the environment a build gives its worker
    (committed/pycache.py: Committed compiled once, not in every process, where
    ``PYTHONDONTWRITEBYTECODE`` is set); it prints one JSON line about itself."""
    out = subprocess.run([PY, "-c", code, *args], env=worker_env(os.environ), check=True, text=True,
                         capture_output=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def has_pieces() -> bool:
    return subprocess.run([PY, "-c", HAS_PIECES], capture_output=True).returncode == 0


HOUR, WEEK = 3600, 7 * 86400


def new_commit(repo: Path, n: int, after: int = HOUR) -> None:
    """One real commit touching one page, as an author would make it, ``after`` seconds after the
    last one: the figures do not depend on the day the benchmark runs (the demo's history ends on
    a fixed date; a commit dated today would move "now", and every window, by however long ago
    that was). An hour: the next commit of an active knowledge base; a week: every window moves."""
    page = sorted((repo / "docs" / "engineering").glob("*.md"))[-1]
    with page.open("a", encoding="utf-8") as fh:
        fh.write(f"\nA note added by the benchmark, number {n}.\n")
    last = int(run(["git", "log", "-1", "--format=%ct"], repo, quiet=False).stdout)
    when = {"GIT_AUTHOR_DATE": f"@{last + after} +0000", "GIT_COMMITTER_DATE": f"@{last + after} +0000"}
    run(["git", "commit", "-q", "-m", f"Benchmark edit {n}", "--", str(page.relative_to(repo))], repo,
        {**IDENTITY, **when})


# -- the sections ---------------------------------------------------------------------------------


def history_figures(repo: Path, work: Path, floor: float, runs: int) -> None:
    colds = []
    for i in range(runs):
        colds.append(child(READ_HISTORY, str(repo), str(work / f"cache-cold-{i}")))
    cold = min(colds, key=lambda r: r["seconds"])
    report("read_history cold", cold["seconds"], "s")
    report("read_history cold / floor", cold["seconds"] / floor, "x", 1.5)
    report("read_history cold peak memory", max(r["maxrss_mib"] for r in colds), "MiB", 300, strict=True)

    snapshot = work / f"cache-cold-{runs - 1}"
    new_commit(repo, 1)
    warms = []
    for i in range(runs):  # each run starts from the cache as it was before the new commit
        cache = work / f"cache-warm-{i}"
        shutil.copytree(snapshot, cache)
        warms.append(child(READ_HISTORY, str(repo), str(cache)))
    assert all(w["commits"] == cold["commits"] + 1 for w in warms), (cold, warms)
    report("read_history warm (one new commit)", min(w["seconds"] for w in warms), "s", 0.2, strict=True)


def adopter_figures(work: Path, size: dict[str, int], runs: int) -> None:
    """A product repository whose docs/ is a tenth of the commits, its pages moved in from the root
    halfway through: the history read (docs pass, probe, old paths' pass) against one plain
    ``git log --numstat -M`` over exactly the paths it needs (docs/ and the moves' old paths)."""
    repo = work / "adopter"
    demo = [PY, str(SCRIPTS / "make_demo.py"), str(repo), f"--commits={size['commits']}",
            f"--pages={max(30, size['pages'] // 6)}", f"--people={max(10, size['people'] // 4)}",
            "--start-outside", "--code-share=0.9"]
    print(run(demo, quiet=False).stdout.strip(), flush=True)
    paths_file = work / "adopter-old-paths.json"
    reads = [child(READ_MOVES, str(repo), str(work / f"adopter-cache-{i}"), str(paths_file)) for i in range(runs)]
    best = min(reads, key=lambda r: r["seconds"])
    old = json.loads(paths_file.read_text("utf-8"))
    floor = best_of(3, lambda: wall(["git", "log", "--numstat", "-M", "--", "docs", *old], repo))
    report("adopter: floor git log -- docs + old paths", floor, "s")
    report("adopter: floor git log -- docs only", best_of(3, lambda: wall(["git", "log", "--numstat", "-M", "--", "docs"],
                                                                          repo)), "s")
    print(f"  adopter: {best['commits']:.0f} docs commits, {best['moves']:.0f} moves followed, "
          f"{best['paths']:.0f} old paths")
    report("adopter: read_history cold", best["seconds"], "s")
    report("adopter: read_history cold / floor", best["seconds"] / floor, "x", 1.5)
    warm = child(READ_MOVES, str(repo), str(work / f"adopter-cache-{runs - 1}"), str(paths_file))
    report("adopter: read_history warm (nothing new)", warm["seconds"], "s", 0.2, strict=True)


def plain_config(repo: Path) -> Path | None:
    """mkdocs.yml without the lines between (and including) the Committed markers."""
    lines = (repo / "mkdocs.yml").read_text("utf-8").splitlines(keepends=True)
    marks = [i for i, line in enumerate(lines) if line.strip() in (BEGIN, END)]
    if len(marks) != 2:
        return None
    plain = repo / "mkdocs.plain.yml"
    plain.write_text("".join(lines[: marks[0]] + lines[marks[1] + 1:]), "utf-8")
    return plain


MEMORY: dict[str, list[TreeMemory]] = {}  # "committed" / "plain" -> each build's memory


def build(repo: Path, config: str, site: str, timings: Path | None = None) -> float:
    env = {"COMMITTED_TIMINGS_FILE": str(timings)} if timings else None
    seconds, memory = wall_and_memory([PY, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site], repo, env)
    if memory is not None:
        MEMORY.setdefault("committed" if timings else "plain", []).append(memory)
    return seconds


def committed_total(timings: Path) -> float | None:
    """The plugins' own ``total`` from COMMITTED_TIMINGS_FILE (the breakdown is printed)."""
    try:
        data = json.loads(timings.read_text("utf-8"))
        print(f"  Committed timings: {json.dumps(data, sort_keys=True)}")
        return float(data["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def committed_waited(timings: Path) -> float | None:
    """How long MkDocs stood still for Committed: its checks, the wait for the worker (which
    works alongside MkDocs' own rendering) and assembling the pages."""
    try:
        data = json.loads(timings.read_text("utf-8"))
        return sum(float(data.get(k, 0.0)) for k in ("check", "waited", "assemble"))
    except (OSError, ValueError, TypeError):
        return None


def build_figures(repo: Path, work: Path, floor: float, runs: int, large: bool) -> None:
    """Each build ``runs`` times, Committed then plain: one build on a shared 2-core machine varies
    by 10-20 % over minutes, so each ratio comes from a Committed build and the plain build right
    after it, and the median of those ratios is the figure. ``large``: the company-size targets
    (Committed's own time warm < 1 s instead of 0.5 s)."""
    plain = plain_config(repo)
    if plain is None:
        print(f"(mkdocs: no {BEGIN} / {END} markers in the demo's mkdocs.yml: builds skipped)")
        return
    cache = repo / ".cache"
    before = work / "cache-before-the-new-commit"
    for phase in ("cold", "warm"):
        if phase == "warm":  # every warm run starts from the cache of the cold build, then one commit
            shutil.rmtree(before, ignore_errors=True)
            shutil.copytree(cache, before)
            new_commit(repo, 2)
        committed: list[tuple[float, float | None, float | None]] = []
        plains: list[float] = []
        for i in range(runs):
            shutil.rmtree(cache, ignore_errors=True)
            if phase == "warm":
                shutil.copytree(before, cache)
            timings = work / f"timings-{phase}-{i}.json"
            seconds = build(repo, "mkdocs.yml", str(work / "site"), timings)
            committed.append((seconds, committed_total(timings), committed_waited(timings)))
            plains.append(build(repo, plain.name, str(work / "site-plain")))
        pairs = [(c, p) for (c, _, _), p in zip(committed, plains, strict=True)]
        print(f"  {phase} builds, Committed / plain: " + ", ".join(f"{c:.1f} / {p:.1f} s" for c, p in pairs)
              + f" (load {load()})")
        report(f"mkdocs build {phase}, Committed (best of {runs})", min(c for c, _ in pairs), "s")
        report(f"mkdocs build {phase}, plain (best of {runs})", min(p for _, p in pairs), "s")
        # Each ratio from two builds run one after the other: the machine's speed drifts over minutes.
        report(f"mkdocs build {phase}, Committed / plain (median pair)", statistics.median(c / p for c, p in pairs),
               "x", 1.3 if phase == "cold" else 1.1)
        waited = [w for _, _, w in committed if w is not None]
        totals = [t for _, t, _ in committed if t is not None]
        if waited:
            report(f"Committed: the build waited for it, {phase}", min(waited), "s")
        if not totals:
            print("(no Committed timings)")
        elif phase == "cold":
            report("Committed's own time, cold / floor", min(totals) / floor, "x", 1.5)
        else:
            report("Committed's own time, warm", min(totals), "s", 1.0 if large else 0.5, strict=True)
    timings = work / "timings-again.json"  # the same inputs again: the kept outputs are read back
    again = build(repo, "mkdocs.yml", str(work / "site"), timings)
    report("mkdocs build again, nothing changed, Committed", again, "s")
    total = committed_total(timings)
    if total is not None:
        report("Committed's own time, nothing changed", total, "s", 0.3, strict=True)
    kept_sizes(cache / "committed")
    # The same new commit a week later instead: "now" moves, every window and calendar with it.
    run(["git", "reset", "-q", "--hard", "HEAD~1"], repo)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(before, cache)
    new_commit(repo, 3, after=WEEK)
    timings = work / "timings-week.json"
    build(repo, "mkdocs.yml", str(work / "site"), timings)
    total = committed_total(timings)
    if total is not None:
        report("Committed's own time, warm, a week later", total, "s")
    memory_figures()
    stats = [PY, "-m", "committed.cli", "stats", "--format", "json"]
    seconds = best_of(1 if large else 2, lambda: wall([*stats, "--no-cache"], repo))
    report("committed stats --format json (no cache)", seconds, "s")
    report("committed stats / floor", seconds / floor, "x", 2.0)
    report("committed stats, warm history cache", wall(stats, repo), "s")  # keeps its figures
    report("committed stats, nothing changed", best_of(3, lambda: wall(stats, repo)), "s", 0.3, strict=True)
    print(f"  (load {load()})")
    html_sizes(repo, work / "site")


def kept_sizes(folder: Path) -> None:
    """What a build with nothing changed reads: the kept outputs' index (the pack's pieces are read
    as MkDocs writes each page)."""
    index, packs = folder / "outputs.json", sorted(folder.glob("outputs-*.pack"))
    if index.is_file():
        report("kept outputs: index read whole", index.stat().st_size / 1000, "kB")
    if packs:
        report("kept outputs: pack read a piece at a time", packs[0].stat().st_size / 1e6, "MB")


def memory_figures() -> None:
    """The peak memory of every build, all its processes summed, and each kind of process's own."""
    for kind, runs in sorted(MEMORY.items()):
        peak = max(runs, key=lambda m: m.peak_mib)
        report(f"peak memory, {kind} build, all processes", peak.peak_mib, "MiB", 1024 if kind == "committed" else None,
               strict=True)
        top = sorted(peak.by_name.items(), key=lambda kv: -kv[1])[:4]
        print("  by process: " + ", ".join(f"{name} {mib:.0f} MiB" for name, mib in top))


def html_sizes(repo: Path, site: Path) -> None:
    """Readers pay for every page: the HTML of one ordinary page, the people index, the
    leaderboard and one profile page (kB of 1,000 bytes for the 150 kB targets)."""
    for label, path in (("people index", "people/index.html"), ("leaderboard", "leaderboard/index.html")):
        if (site / path).is_file():
            report(f"HTML size, {label}", (site / path).stat().st_size / 1000, "kB", 150, strict=True)
    fragments = sorted((site / "people/assets/offices").glob("*.html"))
    if fragments:
        biggest = max(fragments, key=lambda f: f.stat().st_size)
        print(f"  the people index loads {len(fragments)} office fragments on demand; the largest, "
              f"{biggest.stem}, {biggest.stat().st_size / 1000:.0f} kB")
    page = sorted((repo / "docs" / "engineering").glob("*.md"))[0]
    ordinary = site / "engineering" / page.stem / "index.html"
    if ordinary.is_file():
        report(f"HTML size, page {page.stem[:24]}", ordinary.stat().st_size / 1024, "KiB")
    for yml in sorted((repo / "contributors").glob("*.yml")):
        hits = sorted(p for p in site.rglob(f"{yml.stem}/index.html") if "engineering" not in p.parts)
        if hits:
            report(f"HTML size, profile {yml.stem[:24]}", hits[0].stat().st_size / 1024, "KiB")
            return
    print("(no profile page found in the built site)")


# -- main -----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 pages, 3,000 commits, 60 people")
    for key, value in FULL.items():
        parser.add_argument(f"--{key}", type=int, default=None, help=f"default {value}")
    parser.add_argument("--runs", type=int, default=0,
                        help="best of N for the history passes (default 3; 1 from 100,000 commits)")
    parser.add_argument("--build-runs", type=int, default=0,
                        help="pairs of site builds, Committed then plain (default 2; 1 from 100,000 commits)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--no-adopter", action="store_true", help="skip the adopter case (docs 10 %% of a code "
                        "repository, pages moved in)")
    parser.add_argument("--adopter-only", action="store_true", help="only the adopter case")
    args = parser.parse_args(argv)
    size = {k: getattr(args, k) or (QUICK if args.quick else FULL)[k] for k in FULL}
    # A company-size run (100,000 commits and more) measures each figure once, to stay in 30 minutes.
    large = size["commits"] >= 100_000 or size["pages"] >= 10_000
    runs = args.runs or (1 if large else 3)
    build_runs = args.build_runs or (1 if large else 2)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="committed-bench-"))
    repo = work / "kb"
    try:
        if args.adopter_only:
            adopter_figures(work, size, runs)
            return _summary(size, started)
        demo = [PY, str(SCRIPTS / "make_demo.py"), str(repo), *(f"--{k}={v}" for k, v in size.items())]
        print(run(demo, quiet=False).stdout.strip(), flush=True)
        print(f"{'figure':<44} {'measured':>10} {'unit':<4} {'target':<10} verdict")
        print(f"(load {load()}: 2 cores shared; a load above 2 slows every figure)")
        floor = best_of(runs, lambda: wall(["git", "log", "--numstat", "-M", "--", "docs"], repo))
        report("floor: git log --numstat -M -- docs", floor, "s")
        history_figures(repo, work, floor, runs)
        if large and not args.no_adopter:  # a second company-size history would double the run
            print("(adopter case skipped at company size: `--adopter-only` measures it on its own)")
        elif not args.no_adopter:
            adopter_figures(work, size, runs)
        if has_pieces():
            build_figures(repo, work, floor, build_runs, large)
        else:
            print("(profiles/leaderboard plugins or `committed stats` missing: build sections skipped)")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return _summary(size, started)


def _summary(size: dict[str, int], started: float) -> int:
    print(f"\nSummary ({size['pages']} pages, {size['commits']} commits, {size['people']} people; "
          f"bench took {time.perf_counter() - started:.0f} s; load {load()} at the end)")
    print("\n".join(f.line() for f in FIGURES))
    failed = [f.name for f in FIGURES if f.ok is False]
    print(f"{len(failed)} target(s) missed" + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

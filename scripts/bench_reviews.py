"""Benchmark: what reading a review ledger adds to a build.

    python scripts/bench_reviews.py [--reviews 20000] [--pages 2000 --commits 30000 --people 400]
                                    [--quick] [--runs 5] [--builds 3] [--keep]

Makes the demo knowledge base (``make_demo.py``), writes a ledger of ``--reviews`` forge reviews
on its commits (a third found by the merge sha, a third by the request's own commit shas, a third
by author date and subject as after a rebase), then loads the knowledge base (history from a warm
cache, people, scores: what the build's worker does before the pages) in fresh Python processes,
with the ledger and without it, in turn, ``--runs`` times: without the ledger; with it as a build
finds it after an earlier build of the same history (its index and its reviews matched to the
history in the cache folder: "warm"); as the build after ``committed forge fetch`` finds it (the
index of the new ledger, which the fetch keeps, and the reviews matched to the ledger the fetch
before left: "after a fetch"); and as nothing has read it yet (neither: "cold"). The fetch added
``FETCHED`` requests (each merged at a commit an older request was, reviewed by the same people)
and read ``FETCHED`` older requests again for a late "LGTM", so the reviews the history gains are
the same before and after it and the scoring checkpoint resumes: the figure is the ledger's own
cost, not that of scoring again (a fetch that adds reviews to a commit the checkpoint holds
scores everything again, as a contributor file that merges two people does). The loads with and
without the ledger each have their own copy of the warm cache, as a site has: each resumes its
own scoring checkpoint (the ledger's reviews are part of what a checkpoint was made from). The
median over the runs of the CPU time the ledger added to the same load without it is the figure
(wall times on a shared machine vary by more than it); the target, warm and after a fetch, is
under 0.3 s. Reading every person's events after the load (the pages and the leaderboard do, of
those whose pages change) is timed apart: the ledger's review events add to it. Then
``--builds`` pairs of whole ``mkdocs build`` runs, without and with the ledger: what it adds to
the build's wall time, where Committed's work runs beside MkDocs' rendering. A script that prints
figures, never a timed test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
PY = sys.executable
FULL = {"pages": 2000, "commits": 30000, "people": 400}
QUICK = {"pages": 200, "commits": 3000, "people": 60}
TARGET = 0.3

LOAD = """
import json, sys, time
start, cpu = time.perf_counter(), time.process_time()
from committed.config import Settings
from committed.knowledge import load
kb = load(Settings(root=__import__("pathlib").Path(sys.argv[1]), cache_dir=sys.argv[2], forge_ledger=sys.argv[3] or None))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
read = time.process_time()  # every person's events, decoded: what the pages and the leaderboard read of them
events = sum(1 for evs in kb.scoreboard.events.values() for e in evs if e.kind == "review")
print(json.dumps({"seconds": seconds, "cpu": cpu, "events_cpu": time.process_time() - read,
                  "reviews_stage": kb.timings.get("reviews", 0.0),
                  "scoring": kb.timings["scoring"], "model": kb.timings["model"], "resumed": kb.resumed,
                  "review_events": events, "matched": kb.reviews.requests if kb.reviews else 0}))
"""


FETCHED = 10  # requests the last fetch added, and older requests it read again


def write_ledger(repo: Path, path: Path, reviews: int, logins: int) -> tuple[int, Any]:
    """Write the ledger of ``reviews`` reviews to ``path``; how many, and the ledger as the fetch
    before the last one left it (``FETCHED`` requests fewer, ``FETCHED`` without their late "LGTM")."""
    sys.path.insert(0, str(SCRIPTS.parent / "plugins"))
    from committed.forgeapi.ledger import Account, CommitRef, ForgeRequest, Ledger, Review, subject_digest, write

    log = subprocess.run(["git", "log", "--format=%H%x00%at%x00%s", "--", "docs"], cwd=repo, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    commits = [line.split("\0") for line in log]
    per = 3
    requests = []
    n = 0
    count = (reviews + per - 1) // per
    for i in range(count):
        j = i if i < count - FETCHED else i - (count - FETCHED)  # the last ones: merged where the first ones were
        sha, at, subject = commits[j % len(commits)]
        kind = j % 3
        ref = CommitRef(sha if kind == 1 else "0" * 40, int(at), subject_digest(subject))
        take = min(per, reviews - n)
        author = Account(f"user{j % logins}", 1000 + j % logins)
        revs = tuple(Review(Account(f"user{(j + k) % logins}", 1000 + (j + k) % logins), approved=k % 2 == 1,
                            comments=k, words=10) for k in range(1, take + 1))
        n += take
        requests.append(ForgeRequest(i + 1, author, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
                                     sha if kind == 0 else None, None, (ref,), revs))
    head = ("github", "acme/kb", "docs/", "2026-11-29T00:00:00Z", "2026-11-29T00:00:00Z")
    before = Ledger(*head, tuple(requests[:-FETCHED]))
    for i in range(100, 100 + FETCHED):  # read again: a late "LGTM" (no review that counts) by someone else
        r = requests[i]
        lgtm = Review(Account(f"user{(i + 7) % logins}", 1000 + (i + 7) % logins), words=1)
        requests[i] = ForgeRequest(r.number, r.author, r.merged_at, "2026-11-29T12:00:00Z", r.merge_commit, None,
                                   r.commits, (*r.reviews, lgtm))
    write(path, Ledger("github", "acme/kb", "docs/", "2026-11-30T00:00:00Z", "2026-11-30T00:00:00Z", tuple(requests)))
    return n, before


def child(repo: Path, cache: Path, ledger: str) -> dict[str, float]:
    out = subprocess.run([PY, "-c", LOAD, str(repo), str(cache), ledger], check=True, capture_output=True, text=True,
                         env={"PYTHONPATH": str(SCRIPTS.parent / "plugins"), "PATH": "/usr/bin:/bin"}).stdout
    return json.loads(out.strip().splitlines()[-1])


def site_build(repo: Path, work: Path, n: int) -> dict[str, float]:
    """One ``mkdocs build`` of the demo: its wall time, and what COMMITTED_TIMINGS_FILE says."""
    timings = work / f"timings-{n}.json"
    env = {"PYTHONPATH": str(SCRIPTS.parent / "plugins"), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
           "COMMITTED_TIMINGS_FILE": str(timings), "HOME": str(work)}
    start = time.perf_counter()
    subprocess.run([PY, "-m", "mkdocs", "build", "-q", "-d", str(work / "site")], cwd=repo, env=env, check=True,
                   capture_output=True)
    seconds = time.perf_counter() - start
    data = json.loads(timings.read_text("utf-8"))
    return {"seconds": seconds, "waited": data.get("waited", 0.0), "total": data.get("total", 0.0)}


def build_figures(repo: Path, work: Path, ledger: Path, runs: int) -> float:
    aside = work / "ledger-aside.jsonl"
    plain, with_ledger = [], []
    site_build(repo, work, 0)  # warm: the history cache, the page cache of the OS
    for i in range(runs):
        shutil.move(ledger, aside)
        plain.append(site_build(repo, work, 2 * i + 1))
        shutil.move(aside, ledger)
        with_ledger.append(site_build(repo, work, 2 * i + 2))
    for label, results in (("without the ledger", plain), ("with the ledger", with_ledger)):
        print(f"mkdocs build {label:<20} wall {[round(r['seconds'], 2) for r in results]} s; MkDocs waited for "
              f"Committed {[round(r['waited'], 2) for r in results]} s")
    added = statistics.median(w["seconds"] - p["seconds"] for p, w in zip(plain, with_ledger, strict=True))
    waited = statistics.median(w["waited"] - p["waited"] for p, w in zip(plain, with_ledger, strict=True))
    print(f"added to the build by the ledger: {added:+.3f} s wall (median of {runs} pairs); "
          f"to MkDocs' wait for Committed {waited:+.3f} s")
    return added


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="200 pages, 3,000 commits, 60 people")
    for key in FULL:
        parser.add_argument(f"--{key}", type=int, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--builds", type=int, default=3, help="pairs of whole `mkdocs build` runs (0: none)")
    args = parser.parse_args(argv)
    size = {k: getattr(args, k) or (QUICK if args.quick else FULL)[k] for k in FULL}
    work = Path(tempfile.mkdtemp(prefix="committed-bench-reviews-"))
    try:
        repo = work / "kb"
        subprocess.run([PY, str(SCRIPTS / "make_demo.py"), str(repo), *(f"--{k}={v}" for k, v in size.items())],
                       check=True, capture_output=True)
        ledger = repo / ".cache" / "committed" / "forge-reviews.jsonl"
        written, before = write_ledger(repo, ledger, args.reviews, size["people"])
        print(f"demo: {size}; ledger: {written} reviews, {ledger.stat().st_size / 1024:.0f} KiB", flush=True)
        cache, reviewed = work / "cache", work / "cache-with-ledger"
        from committed.forgeapi import index as ledger_index  # importable: write_ledger put it on the path
        from committed.forgeapi import matched
        from committed.forgeapi.ledger import read, write

        index, reviews = ledger_index.cache_file(ledger, reviewed), matched.cache_file(ledger, reviewed)
        child(repo, cache, "")  # the history cache and the scoring checkpoint, warm for every run after
        shutil.copytree(cache, reviewed)
        child(repo, reviewed, str(ledger))  # the checkpoint of the history with the ledger's reviews
        after = read(ledger)
        shutil.copytree(reviewed, work / "scratch")  # the reviews matched to the ledger before the fetch
        write(ledger, before)
        child(repo, work / "scratch", str(ledger))
        earlier = work / "matched-before-the-fetch"
        shutil.copyfile(matched.cache_file(ledger, work / "scratch"), earlier)
        shutil.rmtree(work / "scratch")
        write(ledger, after)
        plain, warm, fetched, cold = [], [], [], []
        for _ in range(args.runs):  # interleaved: each run's loads see the same machine
            plain.append(child(repo, cache, ""))
            index.unlink(missing_ok=True)
            reviews.unlink(missing_ok=True)
            cold.append(child(repo, reviewed, str(ledger)))  # parses the ledger, writes its index, matches
            ledger_index.prime(ledger, after, reviewed)  # what the fetch keeps: the new ledger's index
            shutil.copyfile(earlier, reviews)  # and what the build before it kept: the old ledger's matches
            fetched.append(child(repo, reviewed, str(ledger)))  # matches the new and changed requests
            warm.append(child(repo, reviewed, str(ledger)))  # reads the reviews matched to this history
        # The machine is shared: wall times vary by seconds between runs, CPU time much less. The
        # figure is the median, over the runs, of the CPU time the ledger added.
        loads = (("warm", warm), ("after a fetch", fetched), ("cold", cold))
        for label, runs in (("without the ledger", plain), *((f"with it, {label}", runs) for label, runs in loads)):
            print(f"load {label:<27} CPU {[round(r['cpu'], 3) for r in runs]} s, wall "
                  f"{[round(r['seconds'], 3) for r in runs]} s; commits resumed {[r['resumed'] for r in runs]}")
        print(f"  reading every person's events after the load: CPU {statistics.median(r['events_cpu'] for r in plain):.3f} s "
              f"without the ledger, {statistics.median(r['events_cpu'] for r in warm):.3f} s with it (median)")
        best = min(warm, key=lambda r: r["cpu"])
        print(f"  {best['matched']:.0f} requests matched, {best['review_events']:.0f} review events; reading + "
              f"matching the ledger " + ", ".join(f"{min(r['reviews_stage'] for r in runs):.3f} s {label}"
                                                  for label, runs in loads) + " (wall, best)")
        for stage in ("scoring", "model"):
            print(f"  {stage:<8} without / with the ledger {min(r[stage] for r in plain):.3f} s / "
                  f"{min(r[stage] for r in warm):.3f} s (wall, best)")
        figures = {}
        for label, runs in loads:
            figures[label] = statistics.median(w["cpu"] - p["cpu"] for p, w in zip(plain, runs, strict=True))
            wall = statistics.median(w["seconds"] - p["seconds"] for p, w in zip(plain, runs, strict=True))
            print(f"added by the ledger, {label}: {figures[label]:.3f} s CPU (median of {args.runs} runs; wall "
                  f"{wall:+.3f} s)" + ("" if label == "cold" else "   "
                                      f"target < {TARGET} s   {'PASS' if figures[label] < TARGET else 'FAIL'}"))
        added = max(figures["warm"], figures["after a fetch"])
        if args.builds:
            build_figures(repo, work, ledger, args.builds)
        return 0 if added < TARGET else 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())

"""The commit graph as the history reads it: canonical order, the main line, merged branches,
and merges that bring nothing."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import replace

from .records import Commit


def first_parent_chain(start: str | None, by_sha: Mapping[str, Commit]) -> tuple[set[str], str | None]:
    """The shas on ``start``'s first-parent chain (its mainline) among ``by_sha``, and the sha
    the chain stopped at (outside ``by_sha``, or None at a root)."""
    chain: set[str] = set()
    sha = start
    while sha is not None and sha in by_sha and sha not in chain:
        chain.add(sha)
        parents = by_sha[sha].parents
        sha = parents[0] if parents else None
    return chain, sha


def merged_branches(commits: tuple[Commit, ...], head: str | None) -> dict[str, tuple[str, ...]]:
    """See ``History.merged_branches``. Merges in canonical order (newest first)."""
    by_sha = {c.sha: c for c in commits}
    mainline, _ = first_parent_chain(head if head in by_sha else (commits[0].sha if commits else None), by_sha)
    out: dict[str, tuple[str, ...]] = {}
    for merge in commits:
        if len(merge.parents) < 2 or merge.sha not in mainline:
            continue
        branch: list[str] = []
        sha: str | None = merge.parents[1]
        while sha in by_sha and sha not in mainline and len(branch) < 10_000:
            branch.append(sha)
            up = by_sha[sha].parents
            sha = up[0] if up else None
        out[merge.sha] = tuple(branch)
    return out


def canonical_order(commits: list[Commit], extra: Mapping[str, tuple[str, ...]] | None = None) -> tuple[Commit, ...]:
    """Children before parents; among ready commits the newest (committer date, then sha) first.

    Independent of how the commits were read (whole or incrementally), so the same commit always
    gives the same history. ``extra``: more parents per sha, for the order only.
    """
    by_sha = {c.sha: c for c in commits}
    extra = extra or {}

    def parents_of(c: Commit) -> tuple[str, ...]:
        more = extra.get(c.sha)
        return c.parents if not more else tuple(dict.fromkeys((*c.parents, *more)))

    waiting = dict.fromkeys(by_sha, 0)  # number of children not yet emitted
    for c in commits:
        for p in parents_of(c):
            if p in waiting:
                waiting[p] += 1
    ready = [(-c.committed_at.timestamp(), c.sha) for c in commits if waiting[c.sha] == 0]
    heapq.heapify(ready)
    ordered: list[Commit] = []
    while ready:
        _, sha = heapq.heappop(ready)
        commit = by_sha[sha]
        ordered.append(commit)
        for p in parents_of(commit):
            if p in waiting:
                waiting[p] -= 1
                if waiting[p] == 0:
                    parent = by_sha[p]
                    heapq.heappush(ready, (-parent.committed_at.timestamp(), p))
    return tuple(ordered)


def drop_empty_merges(commits: tuple[Commit, ...]) -> tuple[Commit, ...]:
    """Leave out the merges that bring no docs commit, and point their children past them.

    Such a merge is one whose parents were all rewritten to one commit, or a merge on the main line
    (the first-parent chain of the newest commit) whose other parents are on the main line too.
    """
    return drop(commits)[0]


def drop(commits: tuple[Commit, ...]) -> tuple[tuple[Commit, ...], dict[str, tuple[str, ...]],
                                                dict[str, tuple[str, ...]]]:
    """``drop_empty_merges``, with the merges dropped (sha -> the parents their children take
    instead) and the kept commits whose parents changed (sha -> new parents)."""
    if not commits:
        return commits, {}, {}
    by_sha = {c.sha: c for c in commits}
    mainline, _ = first_parent_chain(commits[0].sha, by_sha)
    dropped: dict[str, tuple[str, ...]] = {}
    rewired: dict[str, tuple[str, ...]] = {}
    kept: list[Commit] = []
    for c in reversed(commits):  # parents before children
        if dropped:
            parents = tuple(dict.fromkeys(q for p in c.parents for q in dropped.get(p, (p,))))
        else:  # the same, without a generator per commit
            parents = c.parents if len(c.parents) < 2 else tuple(dict.fromkeys(c.parents))
        empty = not c.changes and (len(c.parents) < 2 or (c.sha in mainline and set(c.parents[1:]) <= mainline))
        if empty:
            dropped[c.sha] = parents[:1]  # it brought nothing from its other parents
        elif parents == c.parents:
            kept.append(c)
        else:
            rewired[c.sha] = parents
            kept.append(replace(c, parents=parents))
    kept.reverse()
    return tuple(kept), dropped, rewired

"""The docs history at a head, from the cache extended by the commits since, or read whole.

With a cache directory, a rebuild reads only the commits since the cached head and extends the
cached state where that provably equals a whole read (``_extend``); cache.py has the format.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from . import gitlog
from .cache import CachedHistory, HistoryCache, to_rows
from .gitio import Repository
from .graph import canonical_order, drop, first_parent_chain
from .records import Commit, Identity


def load_state(repo: Repository, head: str, docs: str, cache: HistoryCache | None,
               watch: Callable[[Commit], None] | None = None) -> CachedHistory:
    """The docs history at ``head``: from the cache, extended by the commits since, or read whole
    (``watch`` sees each commit ``git log`` lists, as it is parsed)."""
    cached = cache.load() if cache else None
    if cached is not None and cached.head == head:
        return cached
    if cached is not None and repo.is_ancestor(cached.head, head):
        new = _read_log(repo, f"{cached.head}..{head}", docs, watch)
        tip = {cached.head: cached.tip} if cached.tip else {}
        state = _extend(cached, _reconnect(repo, new, _Known(cached), docs, tip), head)
    else:
        state = _whole(head, canonical_order(whole_log(repo, head, docs, watch, SPLIT_FROM if _free_core() else None)))
    return cache.save(state, cached) if cache else state


def _whole(head: str, ordered: tuple[Commit, ...], people: tuple[Identity, ...] = ()) -> CachedHistory:
    """The state for every listed commit, in canonical order."""
    kept, dropped, rewired = drop(ordered)
    table = list(people)
    dropped_rows = to_rows([c for c in ordered if c.sha in dropped], table, {p: i for i, p in enumerate(table)})
    listed = {c.sha: c.parents for c in ordered if c.sha in rewired}
    return CachedHistory(head, kept, tuple(table), dropped, dropped_rows, listed,
                         ordered[0].sha if ordered else None, _top(ordered))


def _top(commits: Iterable[Commit]) -> tuple[int, str] | None:
    """The smallest canonical-order key (minus committer date, sha): the commit that sorts first."""
    return min(((-int(c.committed_at.timestamp()), c.sha) for c in commits), default=None)


def _extend(cached: CachedHistory, new: list[Commit], head: str) -> CachedHistory:
    """``cached`` extended by the commits read since its head, exactly as a whole read would be.

    The new commits are never ancestors of cached ones. When each of them also sorts before every
    cached commit (a newer committer date, or the same and a smaller sha) the canonical order is
    the new commits' own order followed by the cached order: a new commit is always ready before
    any cached one (its children are new), so all of them come first, and the cached commits then
    become ready exactly as they did alone. When, in addition, the new main line (the first-parent
    chain) runs into the cached one at its start, the cached main line is unchanged, so is every
    cached decision to drop an empty merge, and only the new commits need one. Otherwise (a
    branch merged with commits older than the cache's newest) the whole order is recomputed from
    the cached records; git is not read again.
    """
    if not new:
        return replace(cached, head=head, extends=(cached.head, 0))
    ordered = canonical_order(new)
    keys = [(-int(c.committed_at.timestamp()), c.sha) for c in ordered]
    by_sha = {c.sha: c for c in ordered}
    main, sha = first_parent_chain(ordered[0].sha, by_sha)
    if cached.top is None or sha != cached.tip or max(keys) >= cached.top:
        return _rebuild(cached, new, head)
    cached_main: set[str] | None = None

    def on_main(sha: str) -> bool:
        nonlocal cached_main
        if sha in by_sha:
            return sha in main
        if cached_main is None:
            cached_main = _main_line(cached)
        return sha in cached_main

    dropped: dict[str, tuple[str, ...]] = {}
    listed: dict[str, tuple[str, ...]] = {}
    kept: list[Commit] = []
    for c in reversed(ordered):  # parents before children
        parents = tuple(dict.fromkeys(q for p in c.parents for q in _skip(p, dropped, cached.dropped)))
        if not c.changes and (len(c.parents) < 2 or (c.sha in main and all(on_main(p) for p in c.parents[1:]))):
            dropped[c.sha] = parents[:1]  # it brought nothing from its other parents
        elif parents == c.parents:
            kept.append(c)
        else:
            listed[c.sha] = c.parents
            kept.append(replace(c, parents=parents))
    kept.reverse()
    people = list(cached.people)
    dropped_rows = to_rows([c for c in ordered if c.sha in dropped], people, {p: i for i, p in enumerate(people)})
    return replace(cached, head=head, commits=(*kept, *cached.commits), people=tuple(people),
                   dropped={**cached.dropped, **dropped}, dropped_rows=dropped_rows + cached.dropped_rows,
                   listed_parents={**cached.listed_parents, **listed}, tip=ordered[0].sha, top=min(keys),
                   extends=(cached.head, len(kept)))


def _skip(sha: str, *dropped: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """What a parent becomes: itself, or the parents of the dropped merge it names."""
    for table in dropped:
        if sha in table:
            return table[sha]
    return (sha,)


def _rebuild(cached: CachedHistory, new: list[Commit], head: str) -> CachedHistory:
    """The whole state recomputed from the cached records and the new commits."""
    return _whole(head, canonical_order([*new, *cached.listed()]), cached.people)


def _main_line(cached: CachedHistory) -> set[str]:
    """The cached main line: the first-parent chain from the tip, as listed."""
    first = {c.sha: c.parents[0] if c.parents else None for c in cached.listed()}
    out: set[str] = set()
    sha = cached.tip
    while sha in first and sha not in out:
        out.add(sha)
        sha = first[sha]
    return out


def _read_log(repo: Repository, revision: str, docs: str, watch: Callable[[Commit], None] | None) -> list[Commit]:
    return gitlog.read_log(repo, (revision,), (docs or ".",), watch=watch)


SPLIT_FROM = 4000  # main-line commits from which a cold read is split in two (a second git process costs ~20 ms)


def whole_log(repo: Repository, head: str, docs: str, watch: Callable[[Commit], None] | None = None,
              split_from: int | None = SPLIT_FROM) -> list[Commit]:
    """Every commit ``git log <head>`` lists over the docs, in no particular order. When HEAD's
    main line has at least ``split_from`` commits (None: never), read as two ranges at once
    (``read_split``, at the main line's middle): git's own work is most of a cold read, and a
    second core does half of it."""
    middle = repo.main_line_middle(head, split_from) if split_from is not None else None
    if middle is None:
        return _read_log(repo, head, docs, watch)
    return read_split(repo, head, middle, docs, watch)


def read_split(repo: Repository, head: str, middle: str, docs: str,
               watch: Callable[[Commit], None] | None = None) -> list[Commit]:
    """The commits ``git log <head>`` lists, read as ``<middle>`` and ``<middle>..<head>`` by two
    git processes at once (``middle``: any ancestor of ``head``). The two lists are disjoint and
    together the whole one; only the parents where the newer range meets the older differ (git
    stops rewriting them at the range's boundary): they are pointed where a whole read points
    them, as after an incremental read (tests/test_history_split.py tries every split point)."""
    newer, older = gitlog.read_logs(repo, [(f"{middle}..{head}",), (middle,)], (docs or ".",), watch=watch)
    return [*_reconnect(repo, newer, {c.sha for c in older}, docs, {}), *older]


def _free_core() -> bool:
    """Whether a second git process would find a core idle (the 1-minute load average), and this
    process may take it: a process that lowered its priority (the build's worker, which yields to
    MkDocs rendering beside it) leaves the other core to the site generator."""
    if hasattr(os, "getpriority") and os.getpriority(os.PRIO_PROCESS, 0) > 0:
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average on this system
        return False
    return cores > 1 and load < cores - 0.5


class _Known:
    """Whether a sha is one of the cached state's listed commits; the set is built on first use
    (a new commit's parent is most often the cached head, which the caller maps already)."""

    def __init__(self, cached: CachedHistory) -> None:
        self._cached = cached
        self._shas: set[str] | None = None

    def __contains__(self, sha: str) -> bool:
        if self._shas is None:
            self._shas = {c.sha for c in self._cached.commits}
            self._shas.update(self._cached.dropped)
        return sha in self._shas


def _reconnect(repo: Repository, new: list[Commit], old: _Known | set[str], docs: str,
               known: dict[str, str]) -> list[Commit]:
    """Point the parents of an incremental read where a whole read would have pointed them.

    ``git log <old>..<head> --parents`` stops rewriting parents at the boundary, so a new commit
    may name a commit outside the docs history (often ``<old>`` itself) as its parent. Map each
    such boundary to the nearest commit that touched the docs, as a whole read does.
    """
    shas = {c.sha for c in new}
    mapping = dict(known)
    for sha in sorted({p for c in new for p in c.parents if p not in shas and p not in mapping and p not in old}):
        mapping[sha] = repo.run("log", "-1", "--full-history", "--parents", "--format=%H", sha, "--",
                                docs or ".").strip()
    out = []
    for c in new:
        parents = tuple(dict.fromkeys(mapping.get(p, p) for p in c.parents if mapping.get(p, p)))
        out.append(c if parents == c.parents else replace(c, parents=parents))
    return out

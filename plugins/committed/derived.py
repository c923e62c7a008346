"""What a History derives from the docs pass's commits, kept between builds and extended.

A History is the docs pass's commits (incremental.py) and what is derived from them: the moves
into the docs folder followed, the commits ``.git-blame-ignore-revs`` names, the reverts and what
they cancel, the branches each main-line merge brought in and the renames those branches made.
(The edits are then placed from these in every process: placement.py.) Deriving them walks every
commit; ``derived-<key>`` (beside the history cache, cachefile.py's format, under a key that
holds the code deriving and placing them) keeps them for the docs pass at one head, and a read whose docs pass is that one with new commits put first
(``CachedHistory.extends``) extends them by the new commits alone where that provably equals
deriving again:

* moves: only when no move was ever followed (``plain``: the history's commits are the docs
  pass's) and the new commits move nothing in (their additions are probed as a whole read
  probes them); a new move in means deriving everything again;
* ignored commits: the same ignore-revs text names the same cached commits; the new commits are
  matched against it;
* cancelled commits: the same, unless a new commit reverts something, or a new sha begins with a
  revert target that a cached commit names by an abbreviation or that was not found (``targets``):
  then everything is derived again;
* merged branches: without a new merge, and with the new main line running into the cached one
  where it started (``start``), the cached merges' branches stand and there is no new one;
  otherwise they are computed again (one walk), and a cached merge whose branch changed means
  deriving everything again; a new merge's branch renames are computed from its branch.

``lineage`` says which older states the history's oldest commits are still exactly as they were
in: (count, token) pairs, a token naming one History (the cache's digest, the ignore-revs text,
shallow or not, the head and the count: what a History at that head is made of). A derivation
anew has its own pair only; an extension adds its pair to the kept ones when the new commits
cannot change how older edits are placed (no rename or deletion, no merge with branch renames:
placement.py's ``alias`` then passes through them unchanged), else it starts again. The scoring
checkpoint (checkpoint.py) finds in it that the commits it walked are unchanged without reading
them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from . import cachefile
from .cache import CachedHistory
from .gitio import Repository
from .graph import canonical_order, first_parent_chain, merged_branches
from .kept import code_key
from .moves import EarlyProbe, Moves, apply, follow
from .placement import branch_renames
from .records import ChangeKind, Commit

FORMAT = 2  # 2: the lineage
LINEAGE = 256  # (count, token) pairs kept: the builds since the scoring checkpoint was written
_CODE = ("derived.py", "moves.py", "graph.py", "placement.py", "history.py")  # what derives and places


@dataclass(frozen=True)
class Derived:
    """What was derived from the docs pass at ``head`` (``count`` commits)."""

    head: str
    count: int
    ignore: str | None  # the .git-blame-ignore-revs text it was derived with
    shallow: bool
    plain: bool  # no move in was followed: the history's commits are the docs pass's
    start: str | None  # where the main line (merged_branches) starts
    branches: dict[str, tuple[str, ...]]
    renames: dict[str, list[tuple[str, str]]]
    ignored: frozenset[str]
    cancelled: frozenset[str]
    targets: tuple[str, ...]  # revert targets not named by a cached commit's full sha
    lineage: tuple[tuple[int, str], ...] = ()  # oldest first; the last one is this state's (see the module)


# The stored tuple: Derived's fields in order, each of these types (marshal keeps them).
_SHAPE: tuple[type | tuple[type, ...], ...] = (str, int, (str, type(None)), bool, bool, (str, type(None)), dict, dict,
                                               frozenset, frozenset, tuple, tuple)


@dataclass(frozen=True)
class Derivation:
    """The history's commits (before the moves filter) and what was derived from them."""

    commits: tuple[Commit, ...]
    moves: Moves
    kept: Derived


class DerivedStore:
    """The files beside the history cache: the derived values and the moves probe."""

    def __init__(self, directory: Path, digest: str) -> None:
        self.path = directory / f"derived-{digest}"
        self.moves = directory / f"moves-{digest}"
        self.digest = digest
        # The derived values and the lineage's tokens are this code's: other code, another key
        # (a miss: derived anew, the lineage starts again).
        self.key = code_key((FORMAT, digest), _CODE) or digest

    def load(self) -> Derived | None:
        """What was kept, or None when the file is missing, damaged or not of this shape."""
        value = cachefile.read(self.path, FORMAT, self.key)
        if not isinstance(value, tuple) or len(value) != len(_SHAPE) \
                or not all(isinstance(v, kinds) for v, kinds in zip(value, _SHAPE, strict=True)):
            return None
        return Derived(*value)

    def save(self, derived: Derived) -> None:
        with suppress(OSError, ValueError):  # a cache that cannot be written only costs time
            self.path.parent.mkdir(parents=True, exist_ok=True)
            cachefile.write(self.path, FORMAT, self.key, (
                derived.head, derived.count, derived.ignore, derived.shallow, derived.plain, derived.start,
                derived.branches, derived.renames, derived.ignored, derived.cancelled, derived.targets,
                derived.lineage))


def derive(repo: Repository, state: CachedHistory, docs: str, ignore: str | None, shallow: bool,
           store: DerivedStore | None, early: EarlyProbe | None = None) -> Derivation:
    """What the history at ``state`` derives: kept from an earlier build, extended, or anew
    (``early``: the moves probe run while the docs pass was read)."""
    kept = store.load() if store else None
    if kept is not None and (kept.ignore, kept.shallow, kept.plain) == (ignore, shallow, True):
        if kept.head == state.head and kept.count == len(state.commits):
            return Derivation(state.commits, Moves(), kept)
        extends = state.extends
        if extends is not None and (kept.head, kept.count) == (extends[0], len(state.commits) - extends[1]):
            extended = _extend(repo, kept, state, docs, store, early)
            if extended is not None:
                if store:
                    store.save(extended)
                return Derivation(state.commits, Moves(), extended)
    derivation = _whole(repo, state, docs, ignore, shallow, store, early)
    if store:
        store.save(derivation.kept)
    return derivation


def _whole(repo: Repository, state: CachedHistory, docs: str, ignore: str | None, shallow: bool,
           store: DerivedStore | None, early: EarlyProbe | None) -> Derivation:
    moves = follow(repo, state.commits, docs, store.moves if store else None, early)
    commits = state.commits
    if moves.renames:
        combined, extra = apply(state.commits, moves)
        commits = canonical_order(combined, extra)
    cancelled, targets = cancelled_commits(commits)
    branches = merged_branches(commits, state.head)
    kept = Derived(state.head, len(state.commits), ignore, shallow, not moves.renames and not moves.before,
                   _start(commits, state.head), branches, branch_renames(commits, branches),
                   ignored_commits(ignore, commits), cancelled, targets,
                   ((len(state.commits), token(store.key if store else "", ignore, shallow, state.head,
                                               len(state.commits))),))
    return Derivation(commits, moves, kept)


def token(source: str, ignore: str | None, shallow: bool, head: str, count: int) -> str:
    """The name of the History at ``head`` with ``count`` commits, read under ``source``."""
    return hashlib.sha1(repr((source, ignore, shallow, head, count)).encode()).hexdigest()[:20]


def _start(commits: Sequence[Commit], head: str) -> str | None:
    """Where merged_branches' main line starts: HEAD when it is a docs commit, else the first one."""
    if not commits:
        return None
    return head if any(c.sha == head for c in commits) else commits[0].sha


def _extend(repo: Repository, kept: Derived, state: CachedHistory, docs: str,
            store: DerivedStore | None, early: EarlyProbe | None) -> Derived | None:
    """``kept`` extended by the new commits, or None when that would not equal deriving again."""
    new = state.commits[:state.extends[1]] if state.extends else ()
    if any(c.reverts for c in new):
        return None
    if kept.targets and any(c.sha.startswith(t) for c in new for t in kept.targets):
        return None
    if follow(repo, new, docs, store.moves if store else None, early).renames:
        return None
    by_sha = {c.sha: c for c in new}
    start = state.head if state.head in by_sha else (state.commits[0].sha if state.commits else None)
    branches, renames = kept.branches, kept.renames
    fresh: dict[str, list[tuple[str, str]]] = {}
    if any(len(c.parents) > 1 for c in new) or first_parent_chain(start, by_sha)[1] != kept.start:
        branches = merged_branches(state.commits, state.head)
        if {m: b for m, b in branches.items() if m not in by_sha} != kept.branches:
            return None
        fresh = branch_renames(state.commits, {m: b for m, b in branches.items() if m in by_sha})
        renames = {**fresh, **kept.renames} if fresh else kept.renames
    ignored = kept.ignored | ignored_commits(kept.ignore, new) if kept.ignore is not None else kept.ignored
    mine = (len(state.commits), token(store.key if store else "", kept.ignore, kept.shallow, state.head,
                                      len(state.commits)))
    moved = fresh or any(ch.kind in _MOVING for c in new for ch in c.changes)
    lineage = (mine,) if moved else (*kept.lineage[1 - LINEAGE:], mine)
    return Derived(state.head, len(state.commits), kept.ignore, kept.shallow, True, start, branches, renames,
                   ignored, kept.cancelled, kept.targets, lineage)


_MOVING = (ChangeKind.DELETED, ChangeKind.RENAMED)  # changes that re-file older edits (placement.py)


def ignored_commits(text: str | None, commits: Sequence[Commit]) -> frozenset[str]:
    """The commits ``.git-blame-ignore-revs`` names, by full sha or an abbreviation of 7 or more."""
    if text is None:
        return frozenset()
    shas = {line.split("#", 1)[0].strip().lower() for line in text.splitlines()}
    shas.discard("")
    known = {c.sha for c in commits}
    full = {s for s in shas if s in known}
    short = shas - full
    if short:
        full |= {c.sha for c in commits if any(c.sha.startswith(s) for s in short if len(s) >= 7)}
    return frozenset(full)


def cancelled_commits(commits: Sequence[Commit]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Reverts and what they revert (a revert that is itself reverted restores its target), and
    the revert targets named otherwise than by a listed commit's full sha."""
    shas = {c.sha for c in commits}
    target: dict[str, str] = {}
    loose: set[str] = set()
    for c in commits:
        if c.reverts:
            if c.reverts in shas:
                target[c.sha] = c.reverts
                continue
            loose.add(c.reverts)
            matches = [s for s in shas if s.startswith(c.reverts)]
            if len(matches) == 1:  # an abbreviation that names two commits names neither (as git says)
                target[c.sha] = matches[0]
    reverted_by: dict[str, list[str]] = {}
    for revert, victim in target.items():
        reverted_by.setdefault(victim, []).append(revert)
    memo: dict[str, bool] = {}

    def active(sha: str, depth: int = 0) -> bool:
        """A commit stands unless an active revert undoes it."""
        if sha not in memo:
            memo[sha] = depth > 200 or not any(active(r, depth + 1) for r in reverted_by.get(sha, ()))
        return memo[sha]

    out = set(target)  # a revert never earns: it restores, it does not teach
    out |= {victim for victim in reverted_by if not active(victim)}
    return frozenset(out), tuple(sorted(loose))

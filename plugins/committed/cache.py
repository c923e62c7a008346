"""The incremental history cache: records already read, keyed by what shaped them.

A rebuild after one new commit reads only that commit (``git log <cached-head>..HEAD``) and writes
only that commit. The cache is append-only:

* ``history-<key>.base``: every commit read up to some head, with the state derived from them;
* ``history-<key>.seg<n>``: the commits read since (one file per incremental read), each naming
  the base (a random id) and the head it extends. Segments are folded into a new base when there
  are more than ``MAX_SEGMENTS`` of them or they hold more than ``1/SEGMENT_SHARE`` of the rows.

Each file is a short header (magic, format, CRC-32 and length of the body) and a ``marshal`` body
of plain tuples: identities stored once in a table and named by index, dates as integer seconds,
change kinds as small integers, and each sha or path one shared string. Loading 30,000 commits
this way takes 30 ms, against 280 ms for a pickle of the records themselves; the records are
then filled through ``unfrozen`` twins (records.py) with the garbage collector paused (it
otherwise rescans the growing heap dozens of times and triples the cost).

What is cached is the state a whole read derives, not only the records: the commits in canonical
order with the empty merges already left out, and what extending them needs (history.py,
``_extend``), so ordering the commits and leaving out empty merges after one new commit is work in
proportion to that commit. What the history then derives from these commits (moves, ignored and
cancelled commits, merged branches) is kept beside them in ``derived-<key>`` (derived.py).
Rebuilding the records and placing the edits still touch every one.

Files are written atomically (a temporary file, then ``os.replace``: cachefile.py). A file that is
unreadable, truncated, from another format or Python, or whose CRC does not match is ignored: a
bad base means a full read, a bad segment means an incremental read from the segment before it.

A process keeps the last state it loaded or saved per cache file, and reuses it as long as the
files on disk are the ones it saw (same names, sizes, mtimes and inodes): ``mkdocs serve`` rebuilds
read nothing back from disk.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import cachefile
from .cachefile import gc_paused
from .records import ChangeKind, Commit, Identity, PageChange, Trailer, unfrozen

FORMAT_VERSION = 4  # 3: line counts ignore blank lines; 4: copies detected (-C)
MAX_SEGMENTS = 32
SEGMENT_SHARE = 8  # fold segments into the base once they hold more than 1/8 of the rows

KINDS = tuple(ChangeKind)
KIND_CODES = {kind: i for i, kind in enumerate(KINDS)}

# A commit as stored: (sha, parents, author, committer, authored, committed, subject, trailers,
# reverts, changes), identities as indices into the people table, dates as POSIX seconds,
# trailers as (key, identity) and changes as (kind code, path, old path, added, removed, binary).
Row = tuple[Any, ...]


@dataclass(frozen=True)
class CachedHistory:
    """The history as read up to ``head``, and what is needed to extend it by newer commits.

    ``commits`` are the records the history is made of, in canonical order. ``git log`` also
    listed the merges in ``dropped`` (merges that brought no docs commit: sha -> the parents their
    children take instead; their rows in ``dropped_rows``, newest first), and listed the commits in
    ``listed_parents`` with those parents rather than the ones they have here. ``tip`` is the first
    listed commit (where the main line starts) and ``top`` the canonical-order key (minus committer
    date, sha) that sorts first among all listed commits.
    """

    head: str
    commits: tuple[Commit, ...]
    people: tuple[Identity, ...] = ()
    dropped: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dropped_rows: tuple[Row, ...] = ()
    listed_parents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    tip: str | None = None
    top: tuple[int, str] | None = None
    # Where it is on disk: the base's id and commit count, and the segments written since.
    base_id: str = ""
    base_commits: int = 0
    segments: int = 0
    # Not stored: when this state is an earlier one with new commits put first, that state's head
    # and the number of commits put before its own (derived.py extends what it derived from it).
    extends: tuple[str, int] | None = None

    def listed(self) -> list[Commit]:
        """Every commit as git listed it (parents included), in no particular order."""
        out = [c if c.sha not in self.listed_parents else replace(c, parents=self.listed_parents[c.sha])
               for c in self.commits]
        return out + from_rows(self.dropped_rows, self.people)


# -- records <-> rows -------------------------------------------------------------------------------

def to_rows(commits: Sequence[Commit], people: list[Identity],
            index: dict[Identity, int]) -> tuple[Row, ...]:
    """Commits as rows; identities not yet in ``people`` are appended to it (and to ``index``)."""

    by_id: dict[int, int] = {}  # the commits share their identities: skip Identity.__hash__ (Python code)

    def person(ident: Identity) -> int:
        i = by_id.get(id(ident))
        if i is None:
            i = index.get(ident)
            if i is None:
                i = index[ident] = len(people)
                people.append(ident)
            by_id[id(ident)] = i
        return i

    # One string object per sha, path and subject: marshal then writes each once and loads it once.
    strings = {c.sha: c.sha for c in commits}
    one = strings.setdefault
    codes = KIND_CODES
    out = []
    for c in commits:
        changes = tuple([(codes[ch.kind], one(ch.path, ch.path), ch.old_path and one(ch.old_path, ch.old_path),
                          ch.added, ch.removed, ch.binary) for ch in c.changes])
        trailers = tuple([(t.key, person(t.identity)) for t in c.trailers]) if c.trailers else ()
        authored = int(c.authored_at.timestamp())
        committed = authored if c.committed_at is c.authored_at else int(c.committed_at.timestamp())
        author = by_id.get(id(c.author))
        committer = by_id.get(id(c.committer))
        out.append((c.sha, tuple(map(one, c.parents, c.parents)),
                    person(c.author) if author is None else author,
                    person(c.committer) if committer is None else committer,
                    authored, committed, one(c.subject, c.subject), trailers, c.reverts, changes))
    return tuple(out)


_Commit = unfrozen(Commit)
_PageChange = unfrozen(PageChange)


def from_rows(rows: Sequence[Row], people: Sequence[Identity]) -> list[Commit]:
    """The records the rows were made from.

    Equal to building each record through its constructor (tests/test_cache.py checks it), only
    faster: ``unfrozen`` twins filled in place, one datetime per commit (two when its committer
    date differs from its author date), one Trailer per distinct (key, identity).
    """
    new, kinds, utc, stamp = object.__new__, KINDS, timezone.utc, datetime.fromtimestamp
    commit_class, change_class = Commit, PageChange
    trailer_cache: dict[tuple[str, int], Trailer] = {}
    out: list[Commit] = []
    append = out.append
    for sha, parents, author, committer, authored, committed, subject, trailers, reverts, changes in rows:
        c: Any = new(_Commit)
        c.sha = sha
        c.parents = parents
        c.author = people[author]
        c.committer = people[committer]
        c.authored_at = d = stamp(authored, utc)  # nearly every commit has a second of its own
        c.committed_at = d if committed == authored else stamp(committed, utc)
        c.subject = subject
        if trailers:
            made = []
            for pair in trailers:
                t = trailer_cache.get(pair)
                if t is None:
                    t = trailer_cache[pair] = Trailer(pair[0], people[pair[1]])
                made.append(t)
            c.trailers = tuple(made)
        else:
            c.trailers = ()
        c.reverts = reverts
        records = []
        for kind, path, old, added, removed, binary in changes:
            ch: Any = new(_PageChange)
            ch.kind = kinds[kind]
            ch.path = path
            ch.old_path = old
            ch.added = added
            ch.removed = removed
            ch.binary = binary
            ch.__class__ = change_class
            records.append(ch)
        c.changes = tuple(records) if records else ()
        c.__class__ = commit_class
        append(c)
    return out


# -- files ------------------------------------------------------------------------------------------

# The last state each cache file held in this process, with the signature of the files it came from.
_MEMO: dict[Path, tuple[tuple[tuple[str, int, int, int], ...], CachedHistory]] = {}


def forget() -> None:
    """Drop the states kept for the next load in this process (``history.forget``)."""
    _MEMO.clear()


class HistoryCache:
    def __init__(self, directory: str | Path, key: tuple[str, ...]) -> None:
        digest = hashlib.sha1(repr((FORMAT_VERSION, sys.version_info[:2], marshal.version, *key)).encode())
        self.digest = digest.hexdigest()[:16]
        self.path = Path(directory) / f"history-{self.digest}.base"

    @classmethod
    def at(cls, base: str | Path) -> HistoryCache:
        """The cache whose base file is ``base`` (for tests and tools that find it on disk)."""
        cache = cls.__new__(cls)
        cache.path = Path(base)
        cache.digest = cache.path.stem.removeprefix("history-")
        return cache

    # paths and signatures

    def segment_path(self, n: int) -> Path:
        return self.path.with_suffix(f".seg{n}")

    def _signature(self) -> tuple[tuple[str, int, int, int], ...]:
        """Name, size, mtime and inode of each of this cache's files: what the memo is valid for."""
        prefix = self.path.stem + "."
        try:
            with os.scandir(self.path.parent) as entries:
                stats = [(e.name, e.stat()) for e in entries if e.name.startswith(prefix)]
        except OSError:
            return ()
        return tuple(sorted((name, st.st_size, st.st_mtime_ns, st.st_ino) for name, st in stats))

    # reading

    def load(self) -> CachedHistory | None:
        signature = self._signature()
        memo = _MEMO.get(self.path)
        if memo is not None and memo[0] == signature and signature:
            return memo[1]
        with gc_paused():
            state = self._read()
        if state is not None:
            _MEMO[self.path] = (signature, state)
        return state

    def _read_body(self, path: Path) -> tuple | None:  # type: ignore[type-arg]
        value = cachefile.read(path, FORMAT_VERSION, self.digest)
        return value if isinstance(value, tuple) and len(value) == 11 else None

    def _chain(self) -> tuple[tuple, list[tuple]] | None:  # type: ignore[type-arg]
        """The base's body and the bodies of the segments that extend it, in order."""
        base = self._read_body(self.path)
        if base is None or base[1] is not None or base[8] != 0:
            return None
        segments: list[tuple] = []  # type: ignore[type-arg]
        head, people = base[2], len(base[3])
        while True:
            seg = self._read_body(self.segment_path(len(segments) + 1))
            if seg is None or seg[0] != base[0] or seg[1] != head or seg[8] != people:
                return base, segments
            segments.append(seg)
            head, people = seg[2], people + len(seg[3])

    def _read(self) -> CachedHistory | None:
        chain = self._chain()
        if chain is None:
            return None
        base, segments = chain
        try:
            base_id, _, head, people_rows, rows, dropped_rows, listed, dropped, _, tip, top = base
            people = [Identity(name, email) for name, email in people_rows]
            parts, dropped_parts = [rows], [dropped_rows]
            dropped, listed = dict(dropped), dict(listed)
            for _, _, head, seg_people, seg_rows, seg_dropped_rows, seg_listed, seg_dropped, _, tip, top in segments:  # noqa: B007 - the last segment's head, tip and top are kept
                people.extend(Identity(name, email) for name, email in seg_people)
                parts.append(seg_rows)
                dropped_parts.append(seg_dropped_rows)
                dropped.update(seg_dropped)
                listed.update(seg_listed)
            commits = tuple(from_rows([r for part in reversed(parts) for r in part] if segments else rows, people))
            all_dropped = tuple(r for part in reversed(dropped_parts) for r in part)
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):
            return None  # a body of the right shape but wrong content
        return CachedHistory(head, commits, tuple(people), dropped, all_dropped, listed, tip,
                             tuple(top) if top else None, base_id, len(rows), len(segments))

    # writing

    def save(self, state: CachedHistory, previous: CachedHistory | None = None) -> CachedHistory:
        """Write ``state``: as a segment after ``previous`` when that is what is on disk, else as a
        new base. Returns the state with where it now is on disk (unchanged if it cannot be written)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            saved = None
            if previous is not None and self._appendable(state, previous):
                saved = self._append(state, previous)
            elif previous is not None and state.base_id and state.base_id == previous.base_id:
                saved = self._fold(state, previous)
            if saved is None:
                saved = self._write_base(state)
        except OSError:
            return state  # a cache that cannot be written only costs time
        _MEMO[self.path] = (self._signature(), saved)
        return saved

    def _appendable(self, state: CachedHistory, previous: CachedHistory) -> bool:
        """``state`` extends what is on disk (``previous``), and a segment keeps the files small."""
        if not state.base_id or (state.base_id, state.segments) != (previous.base_id, previous.segments):
            return False
        if state.segments >= MAX_SEGMENTS or len(state.commits) < len(previous.commits):
            return False
        return (len(state.commits) - state.base_commits) * SEGMENT_SHARE <= len(state.commits)

    def _append(self, state: CachedHistory, previous: CachedHistory) -> CachedHistory:
        new = len(state.commits) - len(previous.commits)
        people = list(state.people)
        index = {p: i for i, p in enumerate(people)}
        offset = len(people)
        rows = to_rows(state.commits[:new], people, index)
        dropped = {k: v for k, v in state.dropped.items() if k not in previous.dropped}
        listed = {k: v for k, v in state.listed_parents.items() if k not in previous.listed_parents}
        dropped_rows = state.dropped_rows[:len(state.dropped_rows) - len(previous.dropped_rows)]
        n = state.segments + 1
        self._write(self.segment_path(n), (
            state.base_id, previous.head, state.head, tuple((p.name, p.email) for p in people[offset:]), rows,
            dropped_rows, listed, dropped, offset, state.tip, state.top))
        return replace(state, people=tuple(people), segments=n)

    def _fold(self, state: CachedHistory, previous: CachedHistory) -> CachedHistory | None:
        """A new base from the rows on disk and the new commits, without rebuilding every row
        from the records (half the time). None when the files are not what ``previous`` was."""
        with gc_paused():
            chain = self._chain()
            if chain is None or len(chain[1]) != previous.segments or (chain[1] or [chain[0]])[-1][2] != previous.head:
                return None
            base, segments = chain
            people = list(state.people)
            new = to_rows(state.commits[:len(state.commits) - len(previous.commits)], people,
                          {p: i for i, p in enumerate(people)})
            parts = [new, *(seg[4] for seg in reversed(segments)), base[4]]
            rows = tuple(r for part in parts for r in part)
            if len(rows) != len(state.commits) or len(people) != len(state.people):
                return None
            base_id = os.urandom(8).hex()
            self._write(self.path, (base_id, None, state.head, tuple((p.name, p.email) for p in people), rows,
                                    state.dropped_rows, dict(state.listed_parents), dict(state.dropped), 0,
                                    state.tip, state.top))
        self._remove_segments()
        return replace(state, base_id=base_id, base_commits=len(state.commits), segments=0)

    def _remove_segments(self) -> None:
        for stale in self.path.parent.glob(self.path.stem + ".seg*"):  # they name the old base
            with suppress(OSError):
                stale.unlink()

    def _write_base(self, state: CachedHistory) -> CachedHistory:
        base_id = os.urandom(8).hex()
        people = list(state.people)
        rows = to_rows(state.commits, people, {p: i for i, p in enumerate(people)})
        self._write(self.path, (base_id, None, state.head, tuple((p.name, p.email) for p in people), rows,
                                state.dropped_rows, dict(state.listed_parents), dict(state.dropped), 0,
                                state.tip, state.top))
        self._remove_segments()
        return replace(state, people=tuple(people), base_id=base_id, base_commits=len(state.commits), segments=0)

    def _write(self, path: Path, value: tuple) -> None:  # type: ignore[type-arg]
        cachefile.write(path, FORMAT_VERSION, self.digest, value)

"""The scoring checkpoint: where the walks over the commits stood after the last one, kept in the
cache folder so the next build feeds them only the commits since.

The scoring rules look back over a trailing window before each event, never at "now" or at newer
commits, so the walk over the oldest commits is the same whatever comes after them. A checkpoint
holds both walks (``scoring.Walk``: the ledger's limits and every event; ``activity.ActivityWalk``)
after the history's oldest ``n`` commits, and is used only when the history it is used for
provably begins with those same ``n`` commits as the walks saw them (``basis``):

* the same shas in the same order (the order scoring walks), with every newer commit after them;
* the same placed edits (file, current page, whether it counts, whether the site describes the
  page), the same copies, the same ignored and cancelled commits (a revert of an old commit
  changes them), the same merged branches;
* the same people: every commit's author, co-authors, reviewers and teachers resolved to the same
  slugs (a contributor file that merges two people changes them, and so does a forge review
  ledger that adds reviews to an old commit);
* the same scoring options, published pages, docs folder and Committed code (the key).

Checking this digests every commit (0.05 s at 30,000). A checkpoint also keeps what names the
history it was made from and its people, and is trusted without the digests when both still hold:

* the history's ``lineage`` (derived.py) names the one the checkpoint walked, at its ``n`` commits:
  every build since extended it by new commits that re-filed no older edit, with the same cache
  key, ignore-revs text and code deriving and placing them (in the token), so the shas, order, edits, copies, ignored
  and cancelled commits and merged branches of those ``n`` are the ones walked;
* the participants of those ``n`` come from the same people file (resolved.py) as the walk's did
  (a contributor file that resolves one of them otherwise makes the build resolve everything
  and write a new one);
* the pages the site describes among the pages those commits' edits are on are the same.

Anything else is a miss, and the build scores everything, as without a checkpoint. A resumed
build writes a new checkpoint only once it fed ``RESAVE`` commits (feeding a few costs less than
writing); a full build always writes one.

The file is blobfile.py's: each person's events, totals, limits and activity as one blob, written
as it is encoded and read only when that person is decoded, and a ``marshal`` skeleton of plain
tuples, dicts, strings and numbers, dates as POSIX seconds, saying where each blob is: no pickle,
so a cache restored in CI can never run code. Written atomically; a file that is missing, damaged,
of another format or Python, or for other options is a miss, never an error. A blob is checked
(CRC-32) when it is read: one that fails is a clear error, and the file is removed.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from . import blobfile, kept
from .activity import Activity, ActivityWalk, Contribution, Tally, recency
from .cache import FORMAT_VERSION as HISTORY_FORMAT
from .history import History
from .perperson import PerPerson
from .publication import Publication
from .records import Commit, unfrozen
from .saturation import Ledger
from .scoring import Participants, ScoringConfig, Walk, leading
from .totals import Seconds

FORMAT = 8  # 2: the basis digests values, not marshal's bytes (object sharing changed them); 3: per-person
# blobs, totals; 4: events as columns; 5: the limits' state as one blob per person; 6: the lineage;
# 7: the digests of the events' and activities' blobs; 8: the blobs in a region of their own (blobfile.py)
MAGIC = b"committed-checkpoint"
RESAVE = 100  # a resumed build writes a new checkpoint once it has fed this many commits
KEEP = 3  # checkpoints kept in one cache folder (one per set of options)
_CODE = ("scoring.py", "saturation.py", "scoring_model.py", "activity.py", "checkpoint.py", "totals.py")


@dataclass
class Resumed:
    """Both walks after the history's oldest ``commits`` commits."""

    walk: Walk
    activity: ActivityWalk
    commits: int
    digested: bool = True  # whether the basis was checked by its digests (else by the lineage)


@dataclass(frozen=True)
class PeopleSource:
    """Where a build's participants of the oldest commits came from (resolved.Resolved)."""

    file: str = ""  # the people file's id ('' for none)
    covers: int = 0  # how many of the oldest commits it holds


def key(config: ScoringConfig, publication: Publication, docs_dir: str) -> str:
    """What every checkpoint of these options and this Committed shares ('' if the code cannot be read)."""
    return kept.code_key((FORMAT, HISTORY_FORMAT, sys.version_info[:2], marshal.version, config,
                          publication.exclude, publication.drafts, docs_dir), _CODE)


def path_of(folder: Path, key: str) -> Path:
    return folder / f"scoring-{key[:16]}.checkpoint"


def basis(history: History, people: dict[str, Participants], pages: Collection[str], n: int) -> tuple[str, ...]:
    """Digests of everything the walks read of the history's oldest ``n`` commits (see the module).
    A commit's record is its sha's (the history cache's own rule, under its format: in the key),
    but for what the build adds to it (reviews from a forge ledger), which ``people`` covers."""
    commits = history.commits
    new = {c.sha for c in commits[:len(commits) - n]}
    old = commits[len(commits) - n:]
    edits = history.edits[len(leading(history.edits, new)):]
    files = [e.page or "\1" for e in edits]  # "\1": no page (gone since)
    described = sorted(page for page in set(files) if page in pages)
    placed = hashlib.sha1()
    _feed(placed, "\0", files)
    placed.update(b"\0\0")
    _feed(placed, "\0", (e.file for e in edits))
    placed.update(b"\0\0" + bytes([e.counts for e in edits]).hex().encode())
    shas = [c.sha for c in old]
    found = list(map(people.__getitem__, shas))
    ids = list(map(id, found))
    keys = {i: _who(p) for i, p in dict(zip(ids, found, strict=True)).items()}  # each shared one once
    void = sorted(sha for sha in history.ignored | history.cancelled if sha not in new)
    branches = [f"{merge}:{','.join(branch)}" for merge, branch in sorted(history.merged_branches().items())
                if merge not in new]
    copies = ["\0".join(copy) for copy in history.copies if copy[0] not in new]
    # Strings, not marshal's bytes: those depend on which equal strings are one object (marshal
    # writes a reference to an object it has already written), so a history read cold and the same
    # history read back from the cache in a new process would not match.
    return tuple(digest.hexdigest() for digest in (
        _feed(hashlib.sha1(), "\n", shas), placed, _feed(hashlib.sha1(), "\0", described),
        _feed(hashlib.sha1(), "\n", map(keys.__getitem__, ids)), _feed(hashlib.sha1(), "\n", void),
        _feed(hashlib.sha1(), "\n", branches), _feed(hashlib.sha1(), "\n", copies)))


def _feed(digest: Any, sep: str, parts: Iterable[str], batch: int = 4096) -> Any:  # noqa: ANN401 - a hashlib object
    """``digest`` updated with ``sep.join(parts)``'s UTF-8, a few thousand parts at a time: a
    company's history joined whole is tens of MB, made twice over at the worker's peak."""
    it = iter(parts)
    first = True
    while chunk := list(islice(it, batch)):
        digest.update(((sep if not first else "") + sep.join(chunk)).encode())
        first = False
    return digest


def _mark(history: History, source: PeopleSource, n: int) -> tuple[str, str]:
    """What names the history at its oldest ``n`` commits and their participants ('' each when unknown)."""
    token = next((t for count, t in reversed(history.lineage) if count == n), "")
    return token, source.file if source.file and source.covers >= n else ""


def _described(history: History, n: int) -> tuple[str, ...]:
    """The pages (``"\\1"``: none) the edits of the history's oldest ``n`` commits are on."""
    new = {c.sha for c in history.commits[:len(history.commits) - n]}
    return tuple(sorted({e.page or "\1" for e in history.edits[len(leading(history.edits, new)):]}))


def _holds(history: History, source: PeopleSource, pages: Collection[str], n: int, mark: Any,
           kept_basis: tuple[str, ...]) -> bool:
    """Whether the lineage and the people file say the basis holds (see the module)."""
    if not (isinstance(mark, tuple) and len(mark) == 3 and mark[0] and mark[1]):
        return False
    token, people, old_pages = mark
    if (n, token) not in history.lineage or people != _mark(history, source, n)[1]:
        return False
    described = [page for page in old_pages if page in pages]
    return hashlib.sha1("\0".join(described).encode()).hexdigest() == kept_basis[2]


def _who(p: Participants) -> str:
    """The participants as one string: slugs, trailer keys and bot marks, joined by NUL (never in
    a slug or a key), the authors, reviewers, teachers and committing co-authors parted by \\1."""
    authors, reviewers, teachers, committers = p.authors, p.reviewers, p.teachers, p.committer_coauthors
    if not (reviewers or teachers or committers):
        return authors[0].slug if len(authors) == 1 else "\0".join([a.slug for a in authors])
    parts = [a.slug for a in authors]
    parts.append("\1")
    for key, reviewer in reviewers:
        parts += (key, reviewer.slug, "bot" if reviewer.bot else "")
    parts.append("\1")
    for teacher in teachers:
        parts += (teacher.slug, "bot" if teacher.bot else "")
    parts.append("\1")
    parts += sorted(committers)
    return "\0".join(parts)


def load(folder: Path | None, key: str, history: History, people: dict[str, Participants], pages: Collection[str],
         config: ScoringConfig, source: PeopleSource = PeopleSource()) -> Resumed | None:
    """The walks kept in ``folder`` for ``key``, if they hold for ``history``; else None."""
    if folder is None or not key:
        return None
    found = blobfile.read(path_of(folder, key), FORMAT, key, MAGIC)
    if found is None:
        return None
    body, region = found
    resumed = None
    try:
        n, kept_basis, walk, mark = body
        if isinstance(n, int) and 0 < n <= len(history.commits):
            trusted = _holds(history, source, pages, n, mark, kept_basis)
            if trusted or basis(history, people, pages, n) == kept_basis:
                walk, activity, (events_digests, activity_digests) = walk
                dates, by_sha = _Dates(), _BySha(history.commits)
                resumed = Resumed(_load_walk(walk, config, dates, region),
                                  _load_activity(activity, by_sha, dates, region), n, not trusted)
                resumed.walk.ledger.events.known(events_digests)
                resumed.activity.activity.known(activity_digests)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
        resumed = None  # a body of the right shape but wrong content
    if resumed is None:
        region.close()  # (else its blobs keep it open, to be read when their people are)
    return resumed


def save(folder: Path | None, key: str, history: History, people: dict[str, Participants], pages: Collection[str],
         walk: Walk, activity: ActivityWalk, source: PeopleSource = PeopleSource()) -> None:
    """Keep both walks, which have seen every commit of ``history``."""
    if folder is None or not key or not history.commits:
        return
    n = len(history.commits)
    stamps = Seconds()
    path = path_of(folder, key)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        out = blobfile.Writer(path, FORMAT, key, MAGIC)
        try:
            dumped, activities = _dump_walk(walk, stamps, out.table), _dump_activity(activity, stamps, out.table)
            walks = (dumped, activities, (walk.ledger.events.blob_digests(dumped[0][0]),
                                          activity.activity.blob_digests(activities[0])))
            out.finish((n, basis(history, people, pages, n), walks,
                        (*_mark(history, source, n), _described(history, n))))
        except BaseException:
            out.abort()
            raise
    except blobfile.Damaged:  # a blob of the last checkpoint, copied unread, failed its checksum:
        return  # that file is gone (blobfile.Region), and the next build walks everything
    except OSError:  # a cache that cannot be written only costs the next build time
        return
    kept.prune(folder, "scoring-*.checkpoint", KEEP)


class _Dates(dict[int, datetime]):
    """POSIX seconds -> the date in UTC, each made once (``dates[s]``)."""

    def __missing__(self, seconds: int) -> datetime:
        made = self[seconds] = datetime.fromtimestamp(seconds, timezone.utc)
        return made


class _BySha:
    """The commits by sha, indexed on first use (a person's activity is decoded when shown)."""

    def __init__(self, commits: tuple[Commit, ...]) -> None:
        self._commits = commits
        self._by_sha: dict[str, Commit] | None = None

    def __getitem__(self, sha: str) -> Commit:
        if self._by_sha is None:
            self._by_sha = {c.sha: c for c in self._commits}
        return self._by_sha[sha]


Table = Callable[[Iterable[tuple[str, blobfile.Blob]]], dict[str, tuple[int, int, int]]]


def _dump_walk(walk: Walk, stamps: Seconds, table: Table) -> tuple[Any, ...]:
    return (tuple(map(table, walk.ledger.dump(stamps))), {file: tuple(sorted(slugs)) for file, slugs in walk.creators.items()},
            {sha for sha, changed in walk.substantive.items() if changed},
            tuple((slug, tuple(sorted(authors)), day.toordinal()) for slug, authors, day in walk.acknowledged))


def _load_walk(data: tuple[Any, ...], config: ScoringConfig, dates: _Dates, region: blobfile.Region) -> Walk:
    ledger, creators, substantive, acknowledged = data
    tables = tuple(blobfile.kept(region, table) for table in ledger)  # events, totals, limits
    return Walk(Ledger.load(config, tables, dates), {file: frozenset(slugs) for file, slugs in creators.items()},
                dict.fromkeys(substantive, True),
                {(slug, frozenset(authors), date.fromordinal(day)) for slug, authors, day in acknowledged})


def _dump_activity(walk: ActivityWalk, stamps: Seconds, table: Table) -> tuple[Any, ...]:
    def maybe(at: datetime | None) -> int | None:
        return None if at is None else stamps[at]

    def rows(a: Activity) -> tuple[Any, ...]:
        a.recent.sort(key=recency, reverse=True)  # the order ``finish`` shows: sorted again, it is quick
        return (tuple(a.created), tuple(a.improved), tuple(a.reviewed), dict(a.learned_from), dict(a.taught),
                {day.toordinal(): n for day, n in a.days.items()},
                (tuple([c.sha for c in a.recent]), tuple([c.page for c in a.recent]),
                 tuple([c.kind for c in a.recent])))

    pages = {path: (maybe(t.created_at), maybe(t.updated_at), t.updated_sha, t.updated_by, tuple(t.reviewed_by),
                    tuple(t.learned_from)) for path, t in walk.pages.items()}
    return (table(walk.activity.encode(rows)), pages, {file: (tuple(c), tuple(i)) for file, (c, i) in walk.written.items()},
            tuple(walk.seen), {slug: tuple(sorted(found)) for slug, found in walk.reviewed.items()})


def _load_activity(data: tuple[Any, ...], by_sha: _BySha, dates: _Dates, region: blobfile.Region) -> ActivityWalk:
    people, pages, written, seen, reviewed = data

    def decode(slug: str, rows: tuple[Any, ...]) -> Activity:
        created, improved, revs, learned, taught, days, recent = rows
        made = []
        for sha, page, kind in zip(*recent, strict=True):
            commit = by_sha[sha]
            made.append(_contribution(commit.sha, commit.authored_at, commit.subject, page, kind))
        return Activity(list(created), list(improved), list(revs), Counter(learned), Counter(taught),
                        Counter({date.fromordinal(d): n for d, n in days.items()}), made)

    walk = ActivityWalk(PerPerson(Activity, decode, blobfile.kept(region, people)))
    for path, (created_at, updated_at, sha, by, reviewed_by, learned_from) in pages.items():
        walk.pages[path] = Tally(None if created_at is None else dates[created_at],
                                 None if updated_at is None else dates[updated_at], sha, by, list(reviewed_by),
                                 list(learned_from))
    walk.written.update({file: (list(c), list(i)) for file, (c, i) in written.items()})
    walk.seen.update(seen)
    walk.reviewed.update({slug: set(found) for slug, found in reviewed.items()})
    return walk


_NEW = object.__new__
_CONTRIBUTION = unfrozen(Contribution)


def _contribution(sha: str, at: datetime, subject: str, page: str | None, kind: str) -> Contribution:
    """``Contribution(...)``, filled in place (tens of thousands are read back)."""
    c: Any = _NEW(_CONTRIBUTION)
    c.sha, c.at, c.subject, c.page, c.kind = sha, at, subject, page, kind
    c.__class__ = Contribution
    return c  # type: ignore[no-any-return]

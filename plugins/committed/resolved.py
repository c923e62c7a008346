"""Who every commit names, resolved, kept between builds so that a new commit costs only its own work.

Resolving people walks every commit twice: ``Directory.learn`` counts how each identity appears
(``groups.Seen``) and ``scoring.participants`` resolves each commit's author, co-authors,
reviewers and teachers. Both extend exactly: the counts after the oldest ``n`` commits, fed the
newer ones, are the counts of all of them (positions count from the oldest); and a commit's
participants depend only on its own identities and on the slug and bot flag each of them resolves
to. ``people-<key>.kept`` in the cache folder (cachefile.py's format, no pickle) keeps, for the
oldest ``n`` commits of the history it was made from:

* the digest of their shas, in order, and of the reviews a forge ledger added to them: under the
  history's ``source`` (docs folder, .mailmap, format: in the key) equal shas are equal records;
  and the history's lineage token at those commits (derived.py): while the history's lineage
  holds it, the shas are those and are not digested again;
* every identity's counts, in the order the identities first appeared (``learn`` goes on from them);
* the slug and bot flag each of those identities resolved to, and each commit's participants as
  slugs.

A build whose history begins (oldest first) with those commits learns only the newer ones. When
every kept identity still resolves to the same slug and bot flag (a contributor file that merges
two people, claims an address or names a bot changes that), the old commits' participants are
made from their slugs, with the people as the directory shows them now, and only the new commits
are resolved; otherwise every commit is resolved again. Any other difference is a miss, and the
build resolves everything, as without the file. A missing, damaged or foreign file is a miss,
never an error. A build that fed ``RESAVE`` commits or more, or resolved everything, writes the
file again.

Each file has an id of its own (random): the participants of its commits, made from it, are
the ones the build that wrote it had. The scoring checkpoint keeps the id of the file its build's
participants came from, and trusts the people of its commits when this build's came from the
same file (checkpoint.py).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cachefile, kept
from .forgeapi.matching import Reviewed
from .history import History
from .people import Directory, Person
from .people.groups import Seen
from .records import Commit, Identity
from .scoring import Participants, participants

FORMAT = 2  # 2: the file's id and the history's lineage token
MAGIC = b"committed-people"
RESAVE = 100  # a build that learned this many new commits writes the file again
KEEP = 3  # files kept in one cache folder (one per history source)
_CODE = ("resolved.py", "scoring.py", "records.py", "people/directory.py", "people/groups.py", "people/names.py",
         "people/bots.py")


@dataclass(frozen=True)
class Resolved:
    """Every commit's participants, and where the oldest ones came from."""

    who: dict[str, Participants]
    kept: int = 0  # how many (the oldest) came from the file (0: all resolved)
    source: str = ""  # the id of the file whose commits' participants are these ('' for none)
    covers: int = 0  # how many commits (the oldest) that file holds


def resolve(folder: Path | None, history: History, directory: Directory,
            added: Reviewed | None = None) -> Resolved:
    """Teach ``directory`` every commit of ``history`` (oldest first) and return each commit's
    participants, as ``learn`` and ``participants`` over all of them would, from the file kept in
    ``folder`` and the commits since where it holds; and how many commits' participants came from
    the file (0: all resolved). ``added``: the trailers a forge ledger added to commits of
    ``history`` (``forgeapi.matching``), if any."""
    commits = history.commits
    key = _key(history) if folder is not None else ""
    body = _read(folder, key) if folder is not None and key else None
    k = _resumable(body, history, added) if body is not None else None
    learned = False
    if body is not None and k is not None:
        try:
            found = _resume(body, commits, k, directory, added)
        except (KeyError, ValueError, TypeError, IndexError):  # a sound file Committed did not write: resolve again
            found = None
        else:
            learned = True
        if found is not None:
            saved = _save(folder, key, history, added, directory, found) if k >= RESAVE else ""
            return Resolved(found, len(commits) - k, *((saved, len(commits)) if saved else (body[10], len(commits) - k)))
    reviews = added.trailers if added is not None else None
    if not learned:
        directory.learn(reversed(commits), reviews=reviews)
    who = participants(history, directory, reviews)
    saved = _save(folder, key, history, added, directory, who)
    return Resolved(who, 0, saved, len(commits) if saved else 0)


def _resume(body: tuple[Any, ...], commits: Sequence[Commit], k: int, directory: Directory,
            added: Reviewed | None) -> dict[str, Participants] | None:
    """Learn the ``k`` newest commits after the kept ones (then ``directory`` has learned all of
    ``commits``); their participants, and the kept commits' made from their slugs (None when
    someone resolves otherwise now)."""
    names, emails, counts, resolved, shapes, rows = body[3:9]
    seen = {Identity(name, email): Seen(a, m, None if f < 0 else f, first, last)
            for name, email, (a, m, f, first, last) in zip(names, emails, counts, strict=True)}
    idents = list(seen)
    reviews = added.trailers if added is not None else None
    directory.learn(reversed(commits[:k]), (seen, len(commits) - k), reviews)
    now = [directory.person(ident) for ident in idents]
    if any(p.slug != slug or p.bot != bot for p, (slug, bot) in zip(now, resolved, strict=True)):
        return None
    who = participants(commits[:k], directory, reviews)
    made = _made(shapes, {p.slug: p for p in now})
    who.update(zip([c.sha for c in commits[k:]], map(made.__getitem__, rows), strict=True))
    return who


def _key(history: History) -> str:
    """What every file of this history's source and this Committed shares ('' when unknown)."""
    if not history.source:
        return ""
    return kept.code_key((FORMAT, sys.version_info[:2], marshal.version, history.source), _CODE)


def path_of(folder: Path, key: str) -> Path:
    return folder / f"people-{key[:16]}.kept"


def _read(folder: Path, key: str) -> tuple[Any, ...] | None:
    value = cachefile.read(path_of(folder, key), FORMAT, key, MAGIC)
    return value if isinstance(value, tuple) and len(value) == 11 and isinstance(value[10], str) else None


def _resumable(body: tuple[Any, ...], history: History, added: Reviewed | None) -> int | None:
    """How many of the history's commits (the newest) are newer than the ones the file was made
    from, when the oldest ones are those, with the same reviews added; else None."""
    commits = history.commits
    try:
        n, shas, reviews, names, emails, counts, resolved, shapes, rows, token, _ = body
        if not (isinstance(n, int) and 0 < n <= len(commits) and len(rows) == n
                and len(names) == len(emails) == len(counts) == len(resolved)):
            return None
        k = len(commits) - n
        if not (token and (n, token) in history.lineage) and _digest(commits, k) != shas:
            return None
        if _reviews(added, commits, k) != reviews:
            return None
        if rows and not (isinstance(max(rows), int) and min(rows) >= 0 and max(rows) < len(shapes)):
            return None
        return k
    except (ValueError, TypeError):
        return None


def _digest(commits: Sequence[Commit], k: int) -> str:
    """The digest of the shas of ``commits[k:]``, in order."""
    return hashlib.sha1("\n".join([c.sha for c in commits[k:]]).encode()).hexdigest()


def _reviews(added: Reviewed | None, commits: Sequence[Commit], k: int) -> str:
    """The digest of the trailers ``added`` to ``commits[k:]`` ('' for none)."""
    return added.digest_without({c.sha for c in commits[:k]}) if added is not None else ""


def _made(shapes: Sequence[tuple[Any, ...]], by_slug: Mapping[str, Person]) -> list[Participants]:
    """The participants of each shape, with the people ``by_slug`` names (a few hundred distinct
    author lists and reviewer lists recur in thousands of shapes: each is made once)."""
    people: dict[tuple[str, ...], tuple[Person, ...]] = {}
    keyed: dict[tuple[tuple[str, str], ...], tuple[tuple[str, Person], ...]] = {}
    sets: dict[tuple[str, ...], frozenset[str]] = {}
    out = []
    for authors, reviewers, teachers, committers in shapes:
        a = people.get(authors)
        if a is None:
            a = people[authors] = tuple([by_slug[s] for s in authors])
        r = keyed.get(reviewers)
        if r is None:
            r = keyed[reviewers] = tuple([(k, by_slug[s]) for k, s in reviewers])
        t = people.get(teachers)
        if t is None:
            t = people[teachers] = tuple([by_slug[s] for s in teachers])
        c = sets.get(committers)
        if c is None:
            c = sets[committers] = frozenset(committers)
        out.append(Participants(a, r, t, c))
    return out


def _shape(p: Participants) -> tuple[Any, ...]:
    return (tuple([a.slug for a in p.authors]), tuple([(k, r.slug) for k, r in p.reviewers]),
            tuple([t.slug for t in p.teachers]), tuple(sorted(p.committer_coauthors)))


def _save(folder: Path | None, key: str, history: History, added: Reviewed | None, directory: Directory,
          who: Mapping[str, Participants]) -> str:
    """Keep what ``directory`` learned of all ``commits`` and their participants ``who``; the
    file's id ('' when none was written)."""
    commits = history.commits
    if folder is None or not key or not commits:
        return ""
    seen = directory.seen
    idents = list(seen)
    resolved = tuple((p.slug, p.bot) for p in map(directory.person, idents))
    counts = tuple((s.authored, s.mentioned, -1 if s.first_authored is None else s.first_authored, s.first, s.last)
                   for s in seen.values())
    shapes: dict[tuple[Any, ...], int] = {}
    of: dict[int, int] = {}  # id of a Participants -> its shape's index (commits share them)
    rows = []
    for c in commits:
        p = who[c.sha]
        i = of.get(id(p))
        if i is None:
            i = of[id(p)] = shapes.setdefault(_shape(p), len(shapes))
        rows.append(i)
    body = (len(commits), _digest(commits, 0), _reviews(added, commits, 0), tuple([i.name for i in idents]),
            tuple([i.email for i in idents]), counts, resolved, tuple(shapes), tuple(rows),
            next((t for count, t in history.lineage if count == len(commits)), ""), os.urandom(8).hex())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cachefile.write(path_of(folder, key), FORMAT, key, body, MAGIC)
    except OSError:  # a cache that cannot be written only costs the next build time
        return ""
    kept.prune(folder, "people-*.kept", KEEP)
    return str(body[-1])

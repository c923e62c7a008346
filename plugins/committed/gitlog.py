"""Reading ``git log``: the one log format Committed uses, parsed as it streams into records.

``--raw`` lists every changed file with its change kind; ``--numstat -w --ignore-blank-lines``
counts the lines added and removed ignoring white space and blank lines (``-w`` alone counts an
added blank line), and leaves out changes that are only those; ``-C`` detects
renames and copies among the paths read (a copy: a file added from one the same commit changed,
git's own rule, e.g. a page split in two). Trailers naming people are mapped through ``.mailmap`` in one
batched ``git check-mailmap``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import lru_cache
from itertools import islice
from typing import Any

from .gitio import Repository
from .records import PERSON_TRAILERS, ChangeKind, Commit, Identity, PageChange, Trailer, unfrozen, utc

_FIELDS = ("%H", "%P", "%aN", "%aE", "%at", "%cN", "%cE", "%ct", "%(trailers:only,unfold,separator=%x1d)", "%B")


LOG_FORMAT = "%x1e" + "%x00".join(_FIELDS)


LOG_ARGS = ("log", "--full-history", "--parents", "--raw", "--numstat", "-w", "--ignore-blank-lines", "-C", "-z",
            "--no-color", "--no-ext-diff", "--no-textconv", "--diff-merges=off", f"--format={LOG_FORMAT}")
_REVERT = re.compile(rb"This reverts commit ([0-9a-f]{7,40})")


_CONTACT = re.compile(r"^\s*(?P<name>.*?)\s*(?:<(?P<email>[^<>]*)>)?\s*$")
_KINDS = {"A": ChangeKind.ADDED, "M": ChangeKind.MODIFIED, "T": ChangeKind.MODIFIED,
          "D": ChangeKind.DELETED, "R": ChangeKind.RENAMED, "C": ChangeKind.ADDED}
_KIND_BYTES = {status.encode(): kind for status, kind in _KINDS.items()}


@lru_cache(maxsize=1 << 16)
def parse_contact(value: str) -> Identity:
    """``Name <email>`` (or a bare name) as an Identity: one object for each way it is written
    (a company's history names the same colleagues in hundreds of thousands of trailers)."""
    match = _CONTACT.match(value)
    assert match is not None  # the pattern matches any string
    return Identity(match["name"] or (match["email"] or "").strip(), (match["email"] or "").strip())


def read_log(repo: Repository, revisions: Sequence[str], paths: Sequence[str], *, renames: bool = True,
             watch: Callable[[Commit], None] | None = None) -> list[Commit]:
    """The commits ``git log`` lists for ``revisions`` restricted to ``paths``, trailers mapped.

    ``renames=False``: no rename or copy detection (a rename is a deletion and an addition), for
    paths whose renames' other halves may lie outside ``paths``: git would pair the wrong files.
    ``watch`` sees each commit (trailers not yet mapped) as soon as it is parsed, while git still
    writes the rest.
    """
    return read_logs(repo, [revisions], paths, renames=renames, watch=watch)[0]


def read_logs(repo: Repository, ranges: Sequence[Sequence[str]], paths: Sequence[str], *, renames: bool = True,
              watch: Callable[[Commit], None] | None = None) -> list[list[Commit]]:
    """``read_log`` of each of ``ranges`` (revisions), all at once: one ``git log`` process each,
    each parsed as it streams in a thread of its own, the trailers mapped in one batch. ``watch``
    is called by one thread at a time."""
    args = LOG_ARGS if renames else tuple("--no-renames" if a == "-C" else a for a in LOG_ARGS)
    lock, stop = threading.Lock(), threading.Event()

    def parse(revisions: Sequence[str]) -> list[tuple[Commit, list[tuple[str, Identity]]]]:
        raw = []
        for parsed in parse_log(repo.stream(*args, *revisions, "--", *paths)):
            if stop.is_set():
                break  # the first range failed (or was interrupted): git is stopped
            if watch is not None:
                with lock:
                    watch(parsed[0])
            raw.append(parsed)
        return raw

    if len(ranges) == 1:
        raws = [parse(ranges[0])]
    else:
        with ThreadPoolExecutor(len(ranges) - 1, thread_name_prefix="committed-log") as pool:
            others = [pool.submit(parse, revisions) for revisions in ranges[1:]]
            try:
                first = parse(ranges[0])
            except BaseException:
                stop.set()
                raise
            raws = [first, *(other.result() for other in others)]
    mapped = repo.check_mailmap({t.contact for raw in raws for c in raw for _, t in c[1] if t.email})
    return [[with_trailers(commit, trailers, mapped) if trailers else commit for commit, trailers in raw]
            for raw in raws]


def with_trailers(commit: Commit, trailers: list[tuple[str, Identity]], mapped: dict[str, str]) -> Commit:
    resolved: list[Trailer] = []
    for key, ident in trailers:
        if ident.email and ident.contact in mapped:
            ident = parse_contact(mapped[ident.contact])
        trailer = Trailer(key, ident)
        if trailer not in resolved:
            resolved.append(trailer)
    return Commit(commit.sha, commit.parents, commit.author, commit.committer, commit.authored_at,
                  commit.committed_at, commit.subject, tuple(resolved), commit.reverts, commit.changes)


def parse_log(chunks: Iterable[bytes]) -> Iterator[tuple[Commit, list[tuple[str, Identity]]]]:
    """Parse the output of LOG_ARGS as it streams. Yields each commit with its raw trailers."""
    stream = tokens(chunks)
    people: dict[tuple[bytes, bytes], Identity] = {}  # one record per identity: a smaller, faster cache
    dates: dict[bytes, datetime] = {}  # one datetime per second, shared as the cache shares them
    strings: dict[str, str] = {}  # one string per sha, path and subject, shared by every record naming it
    one = strings.setdefault
    pending: list[bytes] | None = None
    changes: list[tuple[ChangeKind, str, str | None]] = []  # (kind, path, old_path)
    counts: dict[str, tuple[int, int, bool]] = {}
    kinds, modified, moved = _KIND_BYTES, ChangeKind.MODIFIED, b"RC"
    for tok in stream:
        lead = tok.lstrip(b"\n")
        first = lead[:1]
        if first == b"\x1e":
            if pending is not None:
                yield _commit(pending, changes, counts, people, dates, strings)
            pending = [lead[1:], *islice(stream, len(_FIELDS) - 1)]
            changes, counts = [], {}
        elif first == b":":
            status = lead[lead.rfind(b" ") + 1:lead.rfind(b" ") + 2]
            if status in moved:
                old, new = path_of(next(stream)), path_of(next(stream))
                changes.append((kinds[status], one(new, new), one(old, old)))
            else:
                path = path_of(next(stream))
                changes.append((kinds.get(status, modified), one(path, path), None))
        elif lead:
            added, removed, rest = lead.split(b"\t", 2)
            if rest:
                path = path_of(rest)
            else:
                next(stream)
                path = path_of(next(stream))
            binary = added == b"-"
            counts[path] = (0 if binary else int(added), 0 if binary else int(removed), binary)
    if pending is not None:
        yield _commit(pending, changes, counts, people, dates, strings)


def tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


def path_of(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


_NO_COUNTS = (0, 0, False)
_PageChange = unfrozen(PageChange)
_Commit = unfrozen(Commit)


def _commit(fields: list[bytes], changes: list[tuple[ChangeKind, str, str | None]],
            counts: dict[str, tuple[int, int, bool]],
            people: dict[tuple[bytes, bytes], Identity],
            dates: dict[bytes, datetime], strings: dict[str, str]) -> tuple[Commit, list[tuple[str, Identity]]]:
    """One commit's record. Only what is kept is decoded (people and dates once each); the
    records are filled through their ``unfrozen`` twins: the same values the constructors set."""
    raw_sha, raw_parents, a_name, a_mail, a_date, c_name, c_mail, c_date, trailer_text, body = fields
    authored = dates.get(a_date) or dates.setdefault(a_date, utc(int(a_date)))
    committed = dates.get(c_date) or dates.setdefault(c_date, utc(int(c_date)))
    author = people.get((a_name, a_mail)) or people.setdefault((a_name, a_mail), _identity(a_name, a_mail))
    committer = people.get((c_name, c_mail)) or people.setdefault((c_name, c_mail), _identity(c_name, c_mail))
    trailers: list[tuple[str, Identity]] = []
    if trailer_text:
        for line in trailer_text.decode("utf-8", "replace").split("\x1d"):
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() in PERSON_TRAILERS and value.strip():
                trailers.append((key.strip().lower(), parse_contact(value)))
    reverts = _REVERT.search(body)
    new = object.__new__
    records: list[PageChange] = []
    for kind, path, old in changes:
        ch: Any = new(_PageChange)
        ch.kind = kind
        ch.path = path
        ch.old_path = old
        ch.added, ch.removed, ch.binary = counts.get(path, _NO_COUNTS)
        ch.__class__ = PageChange
        records.append(ch)
    one = strings.setdefault
    sha = raw_sha.decode("utf-8", "replace")
    subject = body.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    commit: Any = new(_Commit)
    commit.sha = one(sha, sha)
    commit.parents = tuple([one(p, p) for p in raw_parents.decode("utf-8", "replace").split()])
    commit.author = author
    commit.committer = committer
    commit.authored_at = authored
    commit.committed_at = committed
    commit.subject = one(subject, subject)
    commit.trailers = ()
    commit.reverts = reverts[1].decode() if reverts else None
    commit.changes = tuple(records)
    commit.__class__ = Commit
    return commit, trailers


def _identity(name: bytes, email: bytes) -> Identity:
    return Identity(name.decode("utf-8", "replace"), email.decode("utf-8", "replace"))

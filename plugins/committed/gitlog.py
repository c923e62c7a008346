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
from itertools import islice

from .gitio import Repository
from .records import PERSON_TRAILERS, ChangeKind, Commit, Identity, PageChange, Trailer, utc

_FIELDS = ("%H", "%P", "%aN", "%aE", "%at", "%cN", "%cE", "%ct", "%(trailers:only,unfold,separator=%x1d)", "%B")


LOG_FORMAT = "%x1e" + "%x00".join(_FIELDS)


LOG_ARGS = ("log", "--full-history", "--parents", "--raw", "--numstat", "-w", "--ignore-blank-lines", "-C", "-z",
            "--no-color", "--no-ext-diff", "--no-textconv", "--diff-merges=off", f"--format={LOG_FORMAT}")
_REVERT = re.compile(r"This reverts commit ([0-9a-f]{7,40})")


_CONTACT = re.compile(r"^\s*(?P<name>.*?)\s*(?:<(?P<email>[^<>]*)>)?\s*$")
_KINDS = {"A": ChangeKind.ADDED, "M": ChangeKind.MODIFIED, "T": ChangeKind.MODIFIED,
          "D": ChangeKind.DELETED, "R": ChangeKind.RENAMED, "C": ChangeKind.ADDED}


def parse_contact(value: str) -> Identity:
    """``Name <email>`` (or a bare name) as an Identity."""
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
    lock = threading.Lock()

    def parse(revisions: Sequence[str]) -> list[tuple[Commit, list[tuple[str, Identity]]]]:
        raw = []
        for parsed in parse_log(repo.stream(*args, *revisions, "--", *paths)):
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
            raws = [parse(ranges[0]), *(other.result() for other in others)]
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
    people: dict[tuple[str, str], Identity] = {}  # one record per identity: a smaller, faster cache
    dates: dict[bytes, datetime] = {}  # one datetime per second, shared as the cache shares them
    strings: dict[str, str] = {}  # one string per sha, path and subject, shared by every record naming it
    one = strings.setdefault
    pending: list[bytes] | None = None
    changes: list[tuple[str, str, str | None]] = []  # (status, path, old_path)
    counts: dict[str, tuple[int, int, bool]] = {}
    for tok in stream:
        lead = tok.lstrip(b"\n")
        if lead.startswith(b"\x1e"):
            if pending is not None:
                yield _commit(pending, changes, counts, people, dates, strings)
            pending = [lead[1:], *islice(stream, len(_FIELDS) - 1)]
            changes, counts = [], {}
        elif lead.startswith(b":"):
            status = lead.rsplit(b" ", 1)[-1].decode()
            if status[0] in "RC":
                old, new = path_of(next(stream)), path_of(next(stream))
                changes.append((status[0], one(new, new), one(old, old)))
            else:
                path = path_of(next(stream))
                changes.append((status[0], one(path, path), None))
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


def _commit(fields: list[bytes], changes: list[tuple[str, str, str | None]],
            counts: dict[str, tuple[int, int, bool]],
            people: dict[tuple[str, str], Identity],
            dates: dict[bytes, datetime], strings: dict[str, str]) -> tuple[Commit, list[tuple[str, Identity]]]:
    sha, parents, a_name, a_mail, _, c_name, c_mail, _, trailer_text, body = [
        f.decode("utf-8", "replace") for f in fields]
    authored = dates.get(fields[4]) or dates.setdefault(fields[4], utc(int(fields[4])))
    committed = dates.get(fields[7]) or dates.setdefault(fields[7], utc(int(fields[7])))
    author = people.get((a_name, a_mail)) or people.setdefault((a_name, a_mail), Identity(a_name, a_mail))
    committer = people.get((c_name, c_mail)) or people.setdefault((c_name, c_mail), Identity(c_name, c_mail))
    trailers: list[tuple[str, Identity]] = []
    for line in trailer_text.split("\x1d") if trailer_text else ():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in PERSON_TRAILERS and value.strip():
            trailers.append((key.strip().lower(), parse_contact(value)))
    reverts = _REVERT.search(body)
    records = []
    for status, path, old in changes:
        added, removed, binary = counts.get(path, (0, 0, False))
        records.append(PageChange(_KINDS.get(status, ChangeKind.MODIFIED), path, old, added, removed, binary))
    one = strings.setdefault
    subject = body.split("\n", 1)[0].strip()
    commit = Commit(
        sha=one(sha, sha), parents=tuple(one(p, p) for p in parents.split()), author=author, committer=committer,
        authored_at=authored, committed_at=committed, subject=one(subject, subject),
        reverts=reverts[1] if reverts else None, changes=tuple(records))
    return commit, trailers

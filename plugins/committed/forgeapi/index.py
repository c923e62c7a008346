"""The review ledger as a build reads it: each request reduced to what matching needs, cached.

A build needs, of each request, only how to find it in the history and which reviews become
trailers; the full records (``ledger.py``) are for ``committed forge fetch``. So a build reads
a ``LedgerIndex``: per request its number, the shas it may have produced, its commits and the
``(trailer key, login, id)`` of each review that counts (``Review.substantive``, not by the
request's author). The index of a ledger is kept in the build's cache folder, in a file keyed
by the ledger's path and named by the SHA-1 of its bytes inside, as plain tuples (``marshal``,
as the history cache): a build whose ledger has not changed since the last one reads that file
(about 10 ms for 20,000 reviews) instead of parsing and checking the JSON Lines again (about
120 ms). A cache file that is missing, unreadable, from another format or Python, or for other
bytes is ignored and written again; the ledger itself is never changed. ``committed forge fetch``
writes the index of the ledger it wrote, so the build that follows it in CI finds it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..records import APPROVED_BY, REVIEWED_BY
from .ledger import Ledger, decode, loads, read_bytes

FORMAT = 1
MAGIC = b"committed-ledger-index"


class Match(NamedTuple):
    """One merged request: how to find it in the history, and the reviews that count."""

    number: int
    squash_commit: str | None
    merge_commit: str | None
    commits: tuple[tuple[str, int, str], ...]  # (sha, author date, subject digest), as ``CommitRef``
    reviews: tuple[tuple[str, str, int], ...]  # (APPROVED_BY or REVIEWED_BY, login, id)


@dataclass(frozen=True)
class LedgerIndex:
    forge: str  # github | gitlab
    label: str  # "GitHub" | "GitLab"
    through: str  # ISO 8601: the ledger is complete up to here (``Ledger.through``, else its cursor)
    requests: tuple[Match, ...]  # by number


def index(ledger: Ledger) -> LedgerIndex:
    """The index of ``ledger``: what ``matching.match`` reads of it."""
    out = []
    for r in ledger.requests:
        author = r.author.login.lower()
        out.append(Match(r.number, r.squash_commit, r.merge_commit,
                         tuple((c.sha, c.authored, c.subject) for c in r.commits),
                         tuple((APPROVED_BY if v.approved else REVIEWED_BY, v.reviewer.login, v.reviewer.id)
                               for v in r.reviews if v.substantive and v.reviewer.login.lower() != author)))
    return LedgerIndex(ledger.forge, ledger.label, ledger.through or ledger.cursor, tuple(out))


def read_index(path: Path, *, shown: str, cache_dir: Path | None, data: bytes | None = None) -> LedgerIndex:
    """The index of the ledger at ``path`` (whose bytes are ``data``, when read already): from the
    cache when it holds these bytes, else parsed (a malformed ledger raises CommittedError naming
    the file and line) and cached."""
    data = read_bytes(path, shown) if data is None else data
    digest = hashlib.sha1(data).hexdigest()
    cached = cache_file(path, cache_dir) if cache_dir else None
    found = _load(cached, digest) if cached else None
    if found is not None:
        return found
    result = index(loads(decode(data, shown), shown))
    if cached:
        with suppress(OSError):  # a read-only cache costs the next build the parse, nothing else
            _save(cached, digest, result)
    return result


def prime(path: Path, ledger: Ledger, cache_dir: Path) -> None:
    """Keep the index of ``ledger``, just written to ``path``, for the next build (the fetch in CI
    runs just before it); a cache that cannot be written is left to the build."""
    with suppress(OSError):
        _save(cache_file(path, cache_dir), hashlib.sha1(path.read_bytes()).hexdigest(), index(ledger))


def cached(path: Path, cache_dir: Path) -> LedgerIndex | None:
    """The index kept for the bytes the ledger at ``path`` holds now, if any."""
    try:
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return _load(cache_file(path, cache_dir), digest)


def cache_file(ledger: Path, cache_dir: Path) -> Path:
    """Where the index of the ledger at ``ledger`` is kept (one file per ledger path)."""
    key = hashlib.sha1(str(ledger.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / f"forge-ledger-{key}.index"


def _header(digest: str, body: bytes) -> bytes:
    version = f"{sys.version_info[0]}.{sys.version_info[1]}.{marshal.version}"
    return b" ".join((MAGIC, str(FORMAT).encode(), version.encode(), digest.encode(), str(len(body)).encode()))


def _load(path: Path, digest: str) -> LedgerIndex | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, sep, body = data.partition(b"\n")
    if not sep or head != _header(digest, body):
        return None
    try:
        forge, label, through, rows = marshal.loads(body)
        return LedgerIndex(forge, label, through, tuple(Match._make(row) for row in rows))
    except (ValueError, EOFError, TypeError):
        return None


def _save(path: Path, digest: str, value: LedgerIndex) -> None:
    body = marshal.dumps((value.forge, value.label, value.through, tuple(tuple(m) for m in value.requests)))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        with open(tmp, "xb") as fh:
            fh.write(_header(digest, body) + b"\n" + body)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise

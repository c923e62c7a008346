"""The ledger's reviews matched to a history, kept: a build with the same ledger and history reads
one small file instead of indexing the ledger's commits and matching every request again, and a
build after a fetch or a new commit matches only what changed.

What ``matching.match`` gives (the trailers each commit gains, and where they came from) is a
function of the ledger's bytes, the history's commits (their shas, in order, under the history's
``source``: equal shas are equal records) and what each forge login resolves to (the contributor
files' logins and noreply addresses, and those the history's authors used). ``forge-matched-<key>``
in the cache folder (cachefile.py's format, no pickle, one file per ledger path) keeps the result
under the digests of all three, and where each request was found (its index row and the sha).
The same three read the kept trailers back. Otherwise, when the logins resolve as they did and the
history's oldest commits are those the file was made from, a request whose index row is the same
and that no newer commit could be found at is where it was (``matching.targets``): only new and
changed requests are looked for, and the trailers are made again from where each request is
(``matching.assemble``), exactly what matching them all gives. Anything else matches everything
(the ledger's own index, index.py, spares it parsing the JSON Lines again). A missing, damaged or
foreign file is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from collections.abc import Collection, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from .. import cachefile, kept
from ..history import History
from ..people import Contributor
from ..records import Identity, Trailer
from .index import LedgerIndex, read_index
from .ledger import read_bytes
from .matching import Assembled, Earlier, Reviewed, ReviewSource, assemble, logins, targets

FORMAT = 2  # 2: where each request was found, to match a changed ledger or history incrementally
MAGIC = b"committed-forge-matched"
_HEX = re.compile(r"[0-9a-f]{40}")
_CODE = ("forgeapi/matched.py", "forgeapi/matching.py", "forgeapi/index.py", "forgeapi/ledger.py")


def reviews(path: Path, shown: str, history: History, contributors: Mapping[str, Contributor],
            cache_dir: Path | None) -> tuple[Reviewed, ReviewSource]:
    """The review trailers each commit of ``history`` gains from the ledger at ``path`` (``shown``
    in messages), and where they came from: kept in ``cache_dir`` when it holds this very
    ledger, history and people, else matched (only what changed, when it can) and kept."""
    data = read_bytes(path, shown)
    ledger = hashlib.sha1(data).hexdigest()
    shas = [c.sha for c in history.commits]
    commits = _digest(shas)
    key = _key(history)
    file = cache_file(path, cache_dir) if cache_dir is not None and key else None
    body = _read(file, key) if file is not None else None
    logins_of: dict[str, dict[str, Identity]] = {}  # forge -> matching.logins, made once

    def people(forge: str) -> tuple[dict[str, Identity], str]:
        known = logins_of.get(forge)
        if known is None:
            known = logins_of[forge] = logins(forge, history, contributors)
        return known, _people(known)

    held = _kept(body) if body is not None else None
    if held is not None and body is not None and body[0] == ledger and body[2] == commits \
            and isinstance(body[3], str) and people(body[3])[1] == body[4]:
        return held[0], held[1]
    index = read_index(path, shown=shown, cache_dir=cache_dir, data=data)
    known, digest = people(index.forge)
    earlier = _earlier(body, shas, index.forge, digest, history) if body is not None and held is not None else None
    where = targets(history, index, earlier)
    made = None
    if earlier is not None and held is not None:
        made = Assembled(held[0].trailers, held[0].digest, held[2], _touched(earlier, index, where))
    added, source = assemble(history, index, where, known, made)
    if file is not None:
        again = (body[10], dict(body[11]), made.touched) if body is not None and made is not None else None
        _save(file, key, (ledger, len(shas), commits, index.forge, digest), index, where, added, source, again)
    return added, source


def _key(history: History) -> str:
    if not history.source:
        return ""
    return kept.code_key((FORMAT, sys.version_info[:2], marshal.version, history.source), _CODE)


def cache_file(ledger: Path, cache_dir: Path) -> Path:
    """Where the reviews of the ledger at ``ledger`` matched to a history are kept (one file per ledger path)."""
    where = hashlib.sha1(str(ledger.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / f"forge-matched-{where}.kept"


def _digest(shas: list[str]) -> str:
    return hashlib.sha1("\n".join(shas).encode()).hexdigest()


def _people(known: Mapping[str, Identity]) -> str:
    """The digest of what each login resolves to (``matching.logins``)."""
    return hashlib.sha1(repr(sorted((login, ident.name, ident.email) for login, ident in
                                    known.items())).encode()).hexdigest()


def _read(file: Path, key: str) -> tuple[Any, ...] | None:
    value = cachefile.read(file, FORMAT, key, MAGIC)
    # the inputs (5), the source (5), the trailers (3), where each request was found
    if not (isinstance(value, tuple) and len(value) == 14):
        return None
    return value


def _kept(body: tuple[Any, ...]) -> tuple[Reviewed, ReviewSource, dict[tuple[str, str, str], Trailer]] | None:
    """The trailers and source kept in ``body``, and each of the trailers by (key, name, e-mail)."""
    try:
        _, _, _, _, _, label, through, requests, count, unmatched, trailers, rows, digest, _ = body
        if not (isinstance(digest, str) and (digest == "" or _HEX.fullmatch(digest))
                and all(type(t) is tuple for t in trailers)):
            return None
        identities: dict[tuple[str, str], Identity] = {}
        table = [Trailer(k, identities.setdefault((name, email), Identity(name, email))) for k, name, email in trailers]
        added = {sha: tuple([table[i] for i in found]) for sha, found in rows}
        return (Reviewed(added, digest), ReviewSource(label, through, requests, count, unmatched),
                dict(zip(trailers, table, strict=True)))
    except (ValueError, TypeError, IndexError):  # a sound file of another shape
        return None


def _touched(earlier: Earlier, index: LedgerIndex, where: tuple[str, ...]) -> set[str]:
    """The shas a request was found at, before or now, of every request that is new, changed,
    found elsewhere or gone since ``earlier``."""
    out: set[str] = set()
    for request, sha in zip(index.requests, where, strict=True):
        was = earlier.found.get(request.number)
        if was is None:
            out.add(sha)
        elif was[1] != sha or was[0] != request:
            out.update((sha, was[1]))
    numbers = {request.number for request in index.requests}
    out.update(sha for number, (_, sha) in earlier.found.items() if number not in numbers)
    out.discard("")
    return out


def _earlier(body: tuple[Any, ...], shas: list[str], forge: str, people: str, history: History) -> Earlier | None:
    """Where the match kept in ``body`` found each request, when the logins resolve as they did
    and the history's oldest commits are those it was made from; else None."""
    try:
        _, n, commits, heldforge, heldpeople = body[:5]
        if heldforge != forge or heldpeople != people or not isinstance(n, int) or not 0 < n <= len(shas):
            return None
        k = len(shas) - n
        if _digest(shas[k:]) != commits:
            return None
        rows, found = marshal.loads(body[13])
        older = set(shas[k:])
        if len(rows) != len(found) or not all(sha == "" or sha in older for sha in found):
            return None
        return Earlier({row[0]: (row, sha) for row, sha in zip(rows, found, strict=True)}, history.commits[:k])
    except (ValueError, TypeError, IndexError, EOFError):  # a sound file of another shape
        return None


def _save(file: Path, key: str, inputs: tuple[str, int, str, str, str], index: LedgerIndex, where: tuple[str, ...],
          added: Reviewed, source: ReviewSource,
          again: tuple[tuple[tuple[str, str, str], ...], dict[str, tuple[int, ...]], Collection[str]] | None) -> None:
    """Keep ``added`` and where each request was found. ``again``: the trailer table and rows of
    the file ``added`` was made from, and the shas made again since: the others keep their rows."""
    trailers: list[tuple[str, str, str]] = list(again[0]) if again is not None else []
    table = {t: i for i, t in enumerate(trailers)}
    kept_rows, touched = (again[1], again[2]) if again is not None else ({}, ())
    by_id: dict[int, int] = {}  # id of each trailer -> its position in the table (equal trailers are one object)
    rows = []
    for sha, found in added.trailers.items():
        if sha in kept_rows and sha not in touched:
            rows.append((sha, kept_rows[sha]))
            continue
        row = []
        for t in found:
            i = by_id.get(id(t))
            if i is None:
                triple = (t.key, t.identity.name, t.identity.email)
                i = table.get(triple)
                if i is None:
                    i = table[triple] = len(trailers)
                    trailers.append(triple)
                by_id[id(t)] = i
            row.append(i)
        rows.append((sha, tuple(row)))
    requests = marshal.dumps((tuple([tuple(m) for m in index.requests]), where))
    with suppress(OSError):  # a cache that cannot be written only costs the next build the matching
        file.parent.mkdir(parents=True, exist_ok=True)
        cachefile.write(file, FORMAT, key, (*inputs, source.forge, source.through, source.requests, source.reviews,
                                            source.unmatched, tuple(trailers), tuple(rows), added.digest, requests),
                        MAGIC)

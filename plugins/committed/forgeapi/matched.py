"""The ledger's reviews matched to a history, kept: a build with the same ledger and history reads
one small file instead of indexing the ledger's commits and matching every request again.

What ``matching.match`` gives (the trailers each commit gains, and where they came from) is a
function of the ledger's bytes, the history's commits (their shas, in order, under the history's
``source``: equal shas are equal records) and what each forge login resolves to (the contributor
files' logins and noreply addresses, and those the history's authors used). ``forge-matched-<key>``
in the cache folder (cachefile.py's format, no pickle, one file per ledger path) keeps the result
under the digests of all three; anything else is a miss and the build matches again (the ledger's
own index, index.py, spares it parsing the JSON Lines again). A missing, damaged or foreign file
is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from .. import cachefile, kept
from ..history import History
from ..people import Contributor
from ..records import Identity, Trailer
from .index import read_index
from .ledger import read_bytes
from .matching import Reviewed, ReviewSource, logins, match

FORMAT = 1
MAGIC = b"committed-forge-matched"
_CODE = ("forgeapi/matched.py", "forgeapi/matching.py", "forgeapi/index.py", "forgeapi/ledger.py")


def reviews(path: Path, shown: str, history: History, contributors: Mapping[str, Contributor],
            cache_dir: Path | None) -> tuple[Reviewed, ReviewSource]:
    """The review trailers each commit of ``history`` gains from the ledger at ``path`` (``shown``
    in messages), and where they came from: kept in ``cache_dir`` when it holds this very
    ledger, history and people, else matched (and kept)."""
    data = read_bytes(path, shown)
    ledger = hashlib.sha1(data).hexdigest()
    commits = hashlib.sha1("\n".join([c.sha for c in history.commits]).encode()).hexdigest()
    key = _key(history)
    file = cache_file(path, cache_dir) if cache_dir is not None and key else None
    found = _load(file, key, ledger, commits, history, contributors) if file is not None else None
    if found is not None:
        return found
    index = read_index(path, shown=shown, cache_dir=cache_dir, data=data)
    added, source = match(history, index, contributors)
    if file is not None:
        people = _people(index.forge, history, contributors)
        table: dict[Trailer, int] = {}  # each trailer once; a commit's trailers as positions in the table
        rows = tuple((sha, tuple([table.setdefault(t, len(table)) for t in trailers]))
                     for sha, trailers in added.trailers.items())
        trailers = tuple((t.key, t.identity.name, t.identity.email) for t in table)
        with suppress(OSError):  # a cache that cannot be written only costs the next build the matching
            file.parent.mkdir(parents=True, exist_ok=True)
            cachefile.write(file, FORMAT, key, (ledger, commits, index.forge, people, source.forge, source.through,
                                                source.requests, source.reviews, source.unmatched, trailers, rows,
                                                added.digest), MAGIC)
    return added, source


def _key(history: History) -> str:
    if not history.source:
        return ""
    return kept.code_key((FORMAT, sys.version_info[:2], marshal.version, history.source), _CODE)


def cache_file(ledger: Path, cache_dir: Path) -> Path:
    """Where the reviews of the ledger at ``ledger`` matched to a history are kept (one file per ledger path)."""
    where = hashlib.sha1(str(ledger.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / f"forge-matched-{where}.kept"


def _people(forge: str, history: History, contributors: Mapping[str, Contributor]) -> str:
    """The digest of what each login resolves to (``matching.logins``)."""
    return hashlib.sha1(repr(sorted((login, ident.name, ident.email) for login, ident in
                                    logins(forge, history, contributors).items())).encode()).hexdigest()


def _load(file: Path, key: str, ledger: str, commits: str, history: History,
          contributors: Mapping[str, Contributor]) -> tuple[Reviewed, ReviewSource] | None:
    value: Any = cachefile.read(file, FORMAT, key, MAGIC)
    try:
        (kept_ledger, kept_commits, forge, people, label, through, requests, count, unmatched, trailers, rows,
         digest) = value
        if (kept_ledger, kept_commits) != (ledger, commits) or not isinstance(forge, str) \
                or _people(forge, history, contributors) != people:
            return None
        identities: dict[tuple[str, str], Identity] = {}
        table = [Trailer(k, identities.setdefault((name, email), Identity(name, email))) for k, name, email in trailers]
        added = {sha: tuple([table[i] for i in found]) for sha, found in rows}
        return Reviewed(added, digest), ReviewSource(label, through, requests, count, unmatched)
    except (ValueError, TypeError, IndexError):  # a sound file of another shape
        return None

"""Where the memo's fragments (memo.py) are kept on disk: segments of text, and one index.

A build looks up a few hundred fragments and adds as many, of the tens of thousands the last build
kept. So they are kept as a log: each build that made new fragments writes them, one after the
other as UTF-8, into a segment of its own (``seg-<random>.txt``) as it makes them (``Pending``),
and then the index (``index.marshal``, through ``kept``: its checksum, under the memo's format and salt), which says
for every fragment of the build which segment holds it, where, how long it is and its CRC-32. A
lookup reads those bytes alone and checks them: no file of other fragments is read or decoded. A
fragment the build no longer uses only leaves the index; a segment of which less than half is
still used has those fragments copied into the new segment and goes, as do the oldest once there
are more than ``MAX_SEGMENTS``. A build that made nothing new and dropped nothing writes nothing.

A segment is written before the index that points to it, both atomically, so an index never
points to bytes not yet written; a damaged or missing segment, an entry that does not match its
bytes or an index of another shape is a miss, made again. Two builds saving into the same folder
at once each write their own segment; the index of the one that writes last is kept, and the other's
segment goes (a miss for its fragments, never a wrong text). Only strings are kept: nothing in
these files is ever run.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, cast

from .. import kept
from ..blobfile import read_checked, write_all

INDEX = "index.marshal"
PREFIX, SUFFIX = "seg-", ".txt"
MAX_SEGMENTS = 32
_SHARDS = re.compile(r"[0-9a-f]{2,3}\.marshal|live\.marshal")  # what an older Committed kept instead

Entry = tuple[str, int, int, int]  # segment, offset, length, CRC-32


class Store:
    """The fragments the last build kept in ``folder`` (none: no folder), under ``fingerprint``."""

    def __init__(self, folder: Path | None, fingerprint: list[Any]) -> None:
        self.folder, self.fingerprint = folder, fingerprint
        self._entries: dict[str, Entry] | None = None
        self._sizes: dict[str, int] = {}  # segment -> its size, as the index says
        self._files: dict[str, IO[bytes] | None] = {}
        self.unread: set[str] = set()  # digests in the index whose bytes did not match

    @property
    def entries(self) -> dict[str, Entry]:
        """Digest -> where its fragment is (read once)."""
        if self._entries is None:
            self._entries, self._sizes = {}, {}
            found = kept.read_marshal(self.folder, INDEX, self.fingerprint)
            if type(found) is tuple and len(found) == 2 and type(found[0]) is dict and type(found[1]) is dict:
                sizes, entries = found
                if all(_segment_name(s) and type(n) is int for s, n in sizes.items()):
                    self._sizes, self._entries = sizes, entries
        return self._entries

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, digest: str) -> str | None:
        """The fragment kept under ``digest``, or None (none kept, or its bytes do not match)."""
        entry = self.entries.get(digest)
        if entry is None:
            return None
        data = self._bytes(entry)
        if data is not None:
            with contextlib.suppress(UnicodeDecodeError):
                return data.decode("utf-8")
        self.unread.add(digest)
        return None

    def _well_formed(self, entry: object) -> bool:
        """Whether ``entry`` points into a segment of the index (a cache is input like any other)."""
        if not (type(entry) is tuple and len(entry) == 4):
            return False
        segment, offset, length, crc = entry
        return segment in self._sizes and type(offset) is type(length) is type(crc) is int \
            and 0 <= offset <= offset + length <= self._sizes[segment]

    def _bytes(self, entry: object) -> bytes | None:
        if not self._well_formed(entry):
            return None
        segment, offset, length, crc = cast(Entry, entry)
        fh = self._open(segment)
        return None if fh is None else read_checked(fh, offset, length, crc)

    def _open(self, segment: str) -> IO[bytes] | None:
        if segment not in self._files:
            try:
                assert self.folder is not None
                self._files[segment] = (self.folder / segment).open("rb")
            except OSError:
                self._files[segment] = None
        return self._files[segment]

    def save(self, wanted: Iterable[str], made: Pending) -> None:
        """Keep the fragments ``wanted``: those the index holds where they are, the rest (``made``:
        this build's, already written to a new segment) with the live ones of segments mostly
        unused, copied after them."""
        folder = self.folder
        if folder is None:
            made.discard()
            return
        entries = self.entries
        live = {d: entries[d] for d in wanted if d in entries and d not in self.unread and self._well_formed(entries[d])}
        used: Counter[str] = Counter()
        for segment, _, length, _ in live.values():
            used[segment] += length
        moving = {s for s, size in self._sizes.items() if used[s] * 2 < size}
        by_use = sorted((s for s in self._sizes if s not in moving), key=lambda s: used[s])
        moving.update(by_use[:max(0, len(by_use) + 1 - MAX_SEGMENTS)])  # the least used, past the limit
        moved = sorted(d for d, entry in live.items() if entry[0] in moving)
        if not len(made) and not moved and len(live) == len(entries):
            made.discard()
            self._remove_others(set(self._sizes))  # (a folder an older Committed wrote has no index)
            return
        index = {d: entry for d, entry in live.items() if entry[0] not in moving}
        sizes = {s: n for s, n in self._sizes.items() if s not in moving}
        for d in moved:
            text = self.get(d)
            if text is not None:
                made.add(d, text)
        written = made.publish(folder)
        if written is None:
            return  # the index still points to what is there
        if written:
            index.update({d: (made.name, *where) for d, where in written.items()})
            sizes[made.name] = sum(length for _, length, _ in written.values())
        kept.write_bytes(folder, INDEX, self.fingerprint, marshal.dumps((sizes, index), 2))
        self._remove_others(set(sizes))

    def _remove_others(self, keep: set[str]) -> None:
        """Remove the segments the index does not point to, and the shards of an older Committed."""
        assert self.folder is not None
        self.close()
        with contextlib.suppress(OSError):
            for name in os.listdir(self.folder):
                if (_segment_name(name) and name not in keep) or _SHARDS.fullmatch(name):
                    (self.folder / name).unlink()

    def close(self) -> None:
        for fh in self._files.values():
            if fh is not None:
                fh.close()
        self._files.clear()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def _segment_name(name: object) -> bool:
    return type(name) is str and name.startswith(PREFIX) and name.endswith(SUFFIX) and Path(name).name == name


class Pending:
    """The segment of the fragments a build makes, written as each is made (a cold build makes the
    whole memo: held as strings until the end, they were 26.5 of the 191 MiB a cold build peaked
    at, at 2,000 pages) and read back from the file; held in memory instead without a folder, or
    once a write failed (then nothing is kept: ``publish`` gives None)."""

    def __init__(self, folder: Path | None) -> None:
        self.name = f"{PREFIX}{os.urandom(8).hex()}{SUFFIX}"
        self.where: dict[str, tuple[int, int, int]] = {}  # digest -> offset, length, CRC-32
        self.held: dict[str, str] = {}
        self._fh: IO[bytes] | None = None
        self._tmp: Path | None = None
        self._size = 0
        self.failed = folder is None
        if folder is not None:
            self._tmp = folder / f".{self.name}-{os.getpid()}.tmp"

    def __len__(self) -> int:
        return len(self.where) + len(self.held)

    def __contains__(self, digest: object) -> bool:
        return digest in self.where or digest in self.held

    def add(self, digest: str, text: str) -> None:
        if not self.failed:
            data = text.encode("utf-8")
            try:
                if self._fh is None:
                    assert self._tmp is not None
                    self._tmp.parent.mkdir(parents=True, exist_ok=True)
                    self._fh = self._tmp.open("w+b")
                self._fh.seek(self._size)
                where, self._size = write_all(self._fh, ((digest, data),), self._size)
                self.where.update(where)
                return
            except OSError as exc:
                kept.log.info("committed: cannot keep %s (%s).", self._tmp, exc.strerror)
                self.failed = True
        self.held[digest] = text

    def get(self, digest: str) -> str | None:
        """A fragment ``add`` took, read back (None: its bytes are not there any more)."""
        if digest in self.held:
            return self.held[digest]
        entry = self.where.get(digest)
        data = None if entry is None or self._fh is None else read_checked(self._fh, *entry)
        return None if data is None else data.decode("utf-8")

    def publish(self, folder: Path) -> dict[str, tuple[int, int, int]] | None:
        """Put the segment in ``folder`` as ``name``: where each fragment is in it (none: no file),
        or None when it could not be written whole."""
        if self.failed:
            self.discard()
            return None
        if self._fh is None:
            return {}
        try:
            self._fh.close()
            assert self._tmp is not None
            os.replace(self._tmp, folder / self.name)
        except OSError as exc:
            kept.log.info("committed: cannot keep %s (%s).", folder / self.name, exc.strerror)
            self.discard()
            return None
        self._fh, self._tmp = None, None
        return self.where

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            if self._fh is not None:
                self._fh.close()
            if self._tmp is not None:
                self._tmp.unlink(missing_ok=True)
        self._fh = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.discard()

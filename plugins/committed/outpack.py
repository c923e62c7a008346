"""A build's outputs kept in the cache as a small index and a pack of their text, read a piece at a
time.

The outputs of a company's build are large (the 10,000-page, 5,000-person one: 134 MB of pages,
credits and fragments), and a build that reuses them needs each piece once, when MkDocs writes the
page it goes into. So they are kept in two files: ``outputs-<fingerprint>.pack``, every page and
block one after the other as UTF-8, and ``outputs.json`` (kept.py's JSON under the build's fingerprint): the
small fields, where in the pack each piece is, and the pack's size and CRC-32. A build with
nothing changed parses the index alone and checks the pack's CRC-32 (0.1 s for 134 MB: it reads
the file, but builds nothing of it); each piece is read when it is asked for. The worker writes
the pack as it makes each piece (``Writer``), and then the index. The pack is named
after the fingerprint and written before the index points to it, both atomically, so an index
never points to another build's pack, and a damaged pack is found before anything is built from
it: a miss, made again, as for any kept file.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from array import array
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import IO, Any

from . import kept

INDEX = "outputs.json"
PACKS = "outputs-*.pack"


class Pack:
    """An open pack file, checked against its size and CRC-32 once: pieces are read from it by
    offset and length."""

    def __init__(self, path: Path, size: int, crc: int) -> None:
        self._fh: IO[bytes] = path.open("rb")  # stays open: a later build may replace the file
        chunk, seen, found = bytearray(1 << 20), 0, 0
        while n := self._fh.readinto(chunk):
            found = zlib.crc32(memoryview(chunk)[:n], found)
            seen += n
        if (seen, found) != (size, crc):
            self._fh.close()
            raise ValueError(f"{path} is damaged")

    def read(self, offset: int, length: int) -> str:
        self._fh.seek(offset)
        return self._fh.read(length).decode("utf-8")

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self._fh.close()


class Packed(Mapping[str, str]):
    """A read-only mapping of keys to text kept in a pack: each value is read when it is asked for."""

    def __init__(self, pack: Pack, keys: list[str], spans: array[int]) -> None:
        self._pack = pack
        self._where = {key: i for i, key in enumerate(keys)}
        self._spans = spans  # offset and length of each key's text, in order

    def __getitem__(self, key: str) -> str:
        i = self._where[key] * 2
        return self._pack.read(self._spans[i], self._spans[i + 1])

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, key: object) -> bool:
        return key in self._where

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as the plain dict it stands for
        return dict, (dict(self.items()),)


class Writer:
    """A pack being written while the outputs are made: each piece goes to the file as it is set
    (``sink``), so the process that makes them never holds them all (the company's: 134 MB of
    text, twice that as Python strings). ``finish`` publishes the pack and its index. A write that
    fails (a full disk) keeps the rest in memory and ``finish`` then keeps nothing: the file goes,
    and the pieces already written are read back through it, still open."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder, self.fingerprint = folder, fingerprint
        self.name = f"outputs-{fingerprint[:20]}.pack"
        folder.mkdir(parents=True, exist_ok=True)
        self._tmp = folder / f".{self.name}-{os.getpid()}.tmp"
        self._fh: IO[bytes] = self._tmp.open("w+b")
        self.size = self.crc = 0
        self.failed: OSError | None = None
        self.sinks: dict[str, Sink] = {}

    @classmethod
    def open(cls, folder: Path | None, fingerprint: str) -> Writer | None:
        """A writer into ``folder``, or None (no cache, or it cannot be written)."""
        if folder is None:
            return None
        try:
            return cls(folder, fingerprint)
        except OSError as exc:
            kept.log.info("committed: cannot keep the outputs in %s (%s).", folder, exc.strerror)
            return None

    def sink(self, field: str) -> Sink:
        """The mapping of ``field``'s pieces (made on first use; the fields keep their order)."""
        if field not in self.sinks:
            self.sinks[field] = Sink(self)
        return self.sinks[field]

    def put(self, text: str) -> tuple[int, int] | None:
        """Append ``text``; where it is, or None once a write failed."""
        if self.failed is not None:
            return None
        data = text.encode("utf-8")
        try:
            self._fh.write(data)
        except OSError as exc:
            self.failed = exc
            return None
        span = (self.size, len(data))
        self.size, self.crc = self.size + len(data), zlib.crc32(data, self.crc)
        return span

    def get(self, offset: int, length: int) -> str:
        """A piece written earlier, read back (then on writing at the end)."""
        self._fh.seek(offset)
        data = self._fh.read(length)
        self._fh.seek(0, os.SEEK_END)
        return data.decode("utf-8")

    def finish(self, small: dict[str, Any]) -> bool:
        """Publish the pack, then its index (``small``, JSON, beside where every piece is) under
        the fingerprint; the other builds' packs go. False when nothing could be kept."""
        folder = self.folder
        try:
            if self.failed is not None:
                raise self.failed
            self._fh.flush()
            os.replace(self._tmp, folder / self.name)
        except OSError as exc:
            kept.log.info("committed: cannot keep %s in %s (%s).", self.name, folder, exc.strerror)
            with contextlib.suppress(OSError):
                self._tmp.unlink()  # its pieces are still read through the open file
            return False
        pieces = {field: [list(sink.spans), [n for span in sink.spans.values() for n in span]]
                  for field, sink in self.sinks.items()}
        kept.write(folder, INDEX, self.fingerprint,
                   {**small, "pack": self.name, "size": self.size, "crc": self.crc, "pieces": pieces})
        if kept.header(folder, INDEX) != self.fingerprint:
            return False
        for old in folder.glob(PACKS):  # other builds' packs: their index is gone
            if old.name != self.name:
                with contextlib.suppress(OSError):
                    old.unlink()
        return True

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self._fh.close()
            self._tmp.unlink(missing_ok=True)


class Sink(MutableMapping[str, str]):
    """A field's pieces as they are made: written to the pack as they are set, read back from it."""

    def __init__(self, writer: Writer) -> None:
        self._writer = writer
        self.spans: dict[str, tuple[int, int]] = {}
        self._held: dict[str, str] = {}  # what came after a failed write

    def __setitem__(self, key: str, text: str) -> None:
        span = self._writer.put(text)
        if span is None:
            self.spans.pop(key, None)
            self._held[key] = text
        else:
            self._held.pop(key, None)
            self.spans[key] = span

    def __getitem__(self, key: str) -> str:
        span = self.spans.get(key)
        if span is None:
            return self._held[key]
        return self._writer.get(*span)

    def __delitem__(self, key: str) -> None:
        if self.spans.pop(key, None) is None:
            del self._held[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.spans
        yield from self._held

    def __len__(self) -> int:
        return len(self.spans) + len(self._held)

    def __contains__(self, key: object) -> bool:
        return key in self.spans or key in self._held

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as the plain dict it stands for
        return dict, (dict(self.items()),)


def write(folder: Path | None, fingerprint: str, small: dict[str, Any], pieces: dict[str, Mapping[str, str]]) -> bool:
    """Keep ``small`` (JSON) and ``pieces`` (field -> key -> text) in ``folder`` under
    ``fingerprint``; False when they could not be kept (no cache, a full disk)."""
    writer = Writer.open(folder, fingerprint)
    if writer is None:
        return False
    for field, values in pieces.items():
        writer.sink(field).update(values)
    return writer.finish(small)


def read(folder: Path | None, fingerprint: str) -> tuple[dict[str, Any], dict[str, Packed]] | None:
    """The small fields and the pieces ``write`` kept under ``fingerprint``, or None (nothing kept,
    kept for other inputs, damaged, or its pack gone)."""
    data = kept.read(folder, INDEX, fingerprint)
    if folder is None or not isinstance(data, dict):
        return None
    try:
        pack = Pack(folder / str(data.pop("pack")), int(data.pop("size")), int(data.pop("crc")))
        pieces = {}
        for field, (keys, spans) in data.pop("pieces").items():
            if len(spans) != 2 * len(keys) or not all(isinstance(k, str) for k in keys):
                return None
            pieces[field] = Packed(pack, keys, array("q", spans))
    except (OSError, KeyError, TypeError, ValueError, OverflowError):
        return None
    return data, pieces

"""A cache file of many records read one at a time: a region of blobs, a small ``marshal``
skeleton that says where each is, and a header.

The scoring checkpoint keeps every person's events, totals, limits and activity as one blob each
(perperson.py): hundreds of megabytes for a company, of which a build after one new commit decodes
the few people it touches. Read as one ``marshal`` body (cachefile.py), every blob would be read,
checksummed and copied on every build (200 MB: 0.6 s), and written as one, held twice in memory.
Here a blob is read only when its record is decoded, and written as it is encoded.

Layout: a header of ``HEADER`` bytes (magic, format, the file's key, the blob region's length, the
skeleton's length and CRC-32, space-padded), the blobs one after the other, then the skeleton. A
table of blobs is kept in the skeleton as ``{name: (offset, length, CRC-32)}`` and read back as
``{name: Kept}``. A file of the wrong size, key or format, a skeleton that fails its checksum, or a
table entry that points outside the region is a miss (None). A blob whose bytes fail their own
checksum raises ``Damaged`` when it is read (the records' owners turn it into a clear error),
and the file goes, so the next build does without it.
Written to a temporary file and renamed, so a reader sees the old file or the new one; a reader
keeps its file open, so its blobs stay the ones it was written with after a new file replaces it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

HEADER = 160


class Damaged(ValueError):
    """A blob whose bytes are not the ones written (its CRC-32 or its length differ)."""


class Region:
    """The blob region of one open file (at ``path``)."""

    def __init__(self, fh: IO[bytes], start: int, size: int, path: Path) -> None:
        self._fh, self.start, self.size, self.path = fh, start, size, path

    def read(self, offset: int, length: int, crc: int) -> bytes:
        """The blob's bytes, checked; else ``Damaged``, and the file is removed (when it is still
        the one this region reads), so the build after the error starts without it."""
        data = read_checked(self._fh, self.start + offset, length, crc)
        if data is None:
            self._drop()
            raise Damaged("a blob cannot be read or does not match its checksum")
        return data

    def _drop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if os.stat(self.path).st_ino == os.fstat(self._fh.fileno()).st_ino:
                os.unlink(self.path)

    def close(self) -> None:
        self._fh.close()


class Kept:
    """One blob of a file, not read yet (``read()``: its bytes, checked)."""

    __slots__ = ("_region", "crc", "length", "offset")

    def __init__(self, region: Region, offset: int, length: int, crc: int) -> None:
        self._region, self.offset, self.length, self.crc = region, offset, length, crc

    def read(self) -> bytes:
        return self._region.read(self.offset, self.length, self.crc)


Blob = bytes | Kept


def read_checked(fh: IO[bytes], offset: int, length: int, crc: int) -> bytes | None:
    """The ``length`` bytes at ``offset`` of ``fh``, if they are all there and match ``crc``."""
    try:
        fh.seek(offset)
        data = fh.read(length)
    except (OSError, ValueError):
        return None
    return data if len(data) == length and zlib.crc32(data) == crc else None


def write_all(fh: IO[bytes], blobs: Iterable[tuple[str, bytes]], at: int = 0) -> tuple[dict[str, tuple[int, int, int]], int]:
    """Write each (name, bytes) to ``fh`` one after the other, from offset ``at``: where each
    went (offset, length, CRC-32), and the offset after the last."""
    where: dict[str, tuple[int, int, int]] = {}
    write = fh.write
    for name, data in blobs:
        write(data)
        where[name] = (at, len(data), zlib.crc32(data))
        at += len(data)
    return where, at


def blob_bytes(blob: Blob) -> bytes:
    return blob if isinstance(blob, bytes) else blob.read()


class Writer:
    """Writes one file: ``table`` streams blobs into the region, ``finish`` the skeleton."""

    def __init__(self, path: Path, version: int, key: str, magic: bytes) -> None:
        self.path, self._version, self._key, self._magic = path, version, key, magic
        self._tmp = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        self._fh: IO[bytes] = open(self._tmp, "xb")  # noqa: SIM115 - closed by finish or abort
        self._fh.write(b" " * HEADER)
        self._at = 0

    def table(self, blobs: Iterable[tuple[str, Blob]]) -> dict[str, tuple[int, int, int]]:
        """Write each (name, blob) as it comes; where each went, for the skeleton."""
        out, self._at = write_all(self._fh, ((name, blob_bytes(blob)) for name, blob in blobs), self._at)
        return out

    def finish(self, skeleton: Any) -> None:  # noqa: ANN401 - any marshal value
        body = marshal.dumps(skeleton)
        self._fh.write(body)
        header = b" ".join((self._magic, str(self._version).encode(), self._key.encode(), str(self._at).encode(),
                            str(len(body)).encode(), str(zlib.crc32(body)).encode()))
        if len(header) >= HEADER:
            raise ValueError("the key is too long for the header")
        self._fh.seek(0)
        self._fh.write(header.ljust(HEADER - 1) + b"\n")
        self._fh.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)


def read(path: Path, version: int, key: str, magic: bytes) -> tuple[Any, Region] | None:
    """The skeleton of ``path`` and its open blob region, or None when it is not a sound file of
    this kind, format and key."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - the region keeps it open for the blobs
    except OSError:
        return None
    try:
        found = _skeleton(fh, version, key, magic)
    except (OSError, ValueError, EOFError, TypeError):
        found = None
    if found is None:
        fh.close()
    return found


def _skeleton(fh: IO[bytes], version: int, key: str, magic: bytes) -> tuple[Any, Region] | None:
    fields = fh.read(HEADER).split()
    if len(fields) != 6 or fields[0] != magic or fields[1] != str(version).encode() or fields[2] != key.encode():
        return None
    region, length, crc = (int(f) for f in fields[3:])
    if region < 0 or length < 0 or os.fstat(fh.fileno()).st_size != HEADER + region + length:
        return None
    fh.seek(HEADER + region)
    body = fh.read(length)
    if len(body) != length or zlib.crc32(body) != crc:
        return None
    return marshal.loads(body), Region(fh, HEADER, region, Path(fh.name))


def kept(region: Region, table: object) -> dict[str, Kept]:
    """A skeleton's table as blobs to read (TypeError or ValueError: not a table of this region)."""
    if not isinstance(table, Mapping):
        raise TypeError("a table of blobs is not a mapping")
    out: dict[str, Kept] = {}
    size = region.size
    for name, (offset, length, crc) in table.items():
        if not (type(name) is str and type(offset) is type(length) is type(crc) is int
                and 0 <= offset <= offset + length <= size):
            raise ValueError("a blob's entry points outside the file")
        out[name] = Kept(region, offset, length, crc)
    return out

"""A build's outputs kept in the cache as a small index and a pack of their text, read a piece at a
time.

The outputs of a company's build are large (the 10,000-page, 5,000-person one: 134 MB of pages,
credits and fragments), and a build that reuses them needs each piece once, when MkDocs writes the
page it goes into. So they are kept in two files: ``outputs-<fingerprint>.pack``, every page and
block one after the other as UTF-8, and ``outputs.json`` (kept.py's JSON under the build's fingerprint): the
small fields, where in the pack each piece is, and the pack's size and CRC-32. A build with
nothing changed parses the index alone and checks the pack's size; each piece is read when it is
asked for. The pack's CRC-32 is checked once per file (0.06-0.1 s for 134 MB: reading it whole):
the file's size, times, inode and device when it was written or last checked are kept beside it
(``CHECKED``), and a file that still has them is the file that was checked (any write, copy,
restore or replacement changes its inode change time), as git trusts the files its index stat
info matches. The worker writes
the pack as it makes each piece (``outwrite.Writer``), and then the index. The pack is named
after the fingerprint and written before the index points to it, both atomically, so an index
never points to another build's pack, and a damaged pack is found before anything is built from
it: a miss, made again, as for any kept file.

A piece the next build would make again from the same inputs is the same text, so the worker
records beside the pack what each piece was made of (``MADE``: a digest of its inputs, the
memo's digests of its parts, where it is in the pack, under the memo's salt), and the next build
copies such a piece's bytes from the last pack into its own instead of making it (``Last``,
``outwrite.Writer.copy``): no fragment is loaded or stitched for a profile whose inputs are the same. A
piece whose text holds values that change more often than its inputs (a profile's date of "now")
is recorded with where they are and what they were (``Writer.dated``), and taken with new ones
put there (render/reuse.py, ``Reuse.dated``).

This module is the format and its reading side; outwrite.py writes it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from . import kept

INDEX = "outputs.json"
PACKS = "outputs-*.pack"
MADE = "outputs-made.marshal"  # what each piece of the last pack was made of (see the module)
MADE_FORMAT = 1
CHECKED = "outputs-checked.marshal"  # the pack last written or checked whole, by its stat (``Pack``)
CHECKED_FORMAT = 1


def _stat(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def vouch(path: Path, crc: int, st: os.stat_result | None = None) -> None:
    """Keep that the pack at ``path`` (of stat ``st``) was written or read whole with CRC-32
    ``crc``: a ``Pack`` of the same file, unchanged since, does not read it whole again."""
    with contextlib.suppress(OSError):
        mark = (path.name, _stat(st or path.stat()), crc)
        kept.write_bytes(path.parent, CHECKED, [CHECKED_FORMAT], marshal.dumps(mark, 2))


class Pack:
    """An open pack file, checked against its size, and its CRC-32 unless this very file was
    checked or written before (``vouch``): pieces are read from it by offset and length."""

    def __init__(self, path: Path, size: int, crc: int) -> None:
        self._fh: IO[bytes] = path.open("rb")  # stays open: a later build may replace the file
        st = os.fstat(self._fh.fileno())
        if st.st_size == size and kept.read_marshal(path.parent, CHECKED, [CHECKED_FORMAT]) == (
                path.name, _stat(st), crc):
            return
        chunk, seen, found = bytearray(1 << 20), 0, 0
        while n := self._fh.readinto(chunk):
            found = zlib.crc32(memoryview(chunk)[:n], found)
            seen += n
        if (seen, found) != (size, crc):
            self._fh.close()
            raise ValueError(f"{path} is damaged")
        vouch(path, crc, st)

    def read(self, offset: int, length: int) -> str:
        return self.read_bytes(offset, length).decode("utf-8")

    def read_bytes(self, offset: int, length: int) -> bytes:
        self._fh.seek(offset)
        return self._fh.read(length)

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


class Last:
    """The last build's pieces, with what each was made of (``MADE``), for ``Writer.copy``:
    none when nothing was kept, it was kept under another salt, or its pack is gone or damaged."""

    def __init__(self, salt: str, pack: Pack | None = None, pieces: dict[str, dict[str, tuple[int, int, str]]] | None = None,
                 parts: dict[str, tuple[str, ...]] | None = None, size: int = 0,
                 dated: dict[str, tuple[Any, ...]] | None = None) -> None:
        self.salt, self.pack, self.size = salt, pack, size
        self.pieces = pieces or {}
        self.parts = parts or {}
        self.dated = dated or {}

    @classmethod
    def read(cls, folder: Path | None, salt: str) -> Last:
        data = kept.read_marshal(folder, MADE, [MADE_FORMAT, salt])
        if folder is None or not isinstance(data, dict):
            return cls(salt)
        try:
            name = data["pack"]
            if not isinstance(name, str) or Path(name).name != name or not name.startswith("outputs-"):
                return cls(salt)
            size = int(data["size"])
            pack = Pack(folder / name, size, int(data["crc"]))
            pieces, parts, dated = data["pieces"], data["parts"], data.get("dated", {})
            if not isinstance(parts, dict) or not isinstance(pieces, dict) or not isinstance(dated, dict) or not all(
                    isinstance(keys, dict) for keys in pieces.values()):
                return cls(salt)
        except (OSError, KeyError, TypeError, ValueError):
            return cls(salt)
        return cls(salt, pack, pieces, parts, size, dated)

    def span(self, field: str, key: str, made: str) -> tuple[int, int] | None:
        """Where the piece ``key`` of ``field`` is in the last pack, if it was made of ``made``
        (a record of any other shape, or pointing outside the pack, is not: a cache restored
        from elsewhere is input like any other)."""
        found = self.pieces.get(field, {}).get(key) if self.pack is not None else None
        if type(found) is not tuple or len(found) != 3 or found[2] != made:
            return None
        offset, length = found[0], found[1]
        if type(offset) is not int or type(length) is not int or not 0 <= offset <= offset + length <= self.size:
            return None
        return offset, length

    def parts_of(self, made: str) -> tuple[str, ...] | None:
        """The memo's digests of the parts of what ``made`` digests, if recorded (and well formed)."""
        parts = self.parts.get(made)
        if type(parts) is not tuple or not all(type(p) is str for p in parts):
            return None
        return parts

    def dated_of(self, made: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...], object] | None:
        """Where the dated values of the text made of ``made`` are, what they were and the state
        they were made of (``Writer.dated``), if recorded and well formed; the state is the
        caller's to check."""
        found = self.dated.get(made)
        if type(found) is not tuple or len(found) != 3:
            return None
        holes, values, state = found
        if type(values) is not tuple or not all(type(v) is str for v in values) or type(holes) is not tuple:
            return None
        at = 0
        for hole in holes:
            if type(hole) is not tuple or len(hole) != 2 or type(hole[0]) is not int or type(hole[1]) is not int \
                    or not at <= hole[0] or not 0 <= hole[1] < len(values):
                return None
            at = hole[0]
        return holes, values, state

"""A build's outputs kept in the cache as a small index and a pack of their text, read a piece at a
time.

The outputs of a company's build are large (the 10,000-page, 5,000-person one: 134 MB of pages,
credits and fragments), and a build that reuses them needs each piece once, when MkDocs writes the
page it goes into. So they are kept in two files: ``outputs.pack``'s text, every page and block one
after the other as UTF-8, and ``outputs.json`` (kept.py's JSON under the build's fingerprint): the
small fields, where in the pack each piece is, and the pack's size and CRC-32. A build with
nothing changed parses the index alone and checks the pack's CRC-32 (0.1 s for 134 MB: it reads
the file, but builds nothing of it); each piece is read when it is asked for. The pack is named
after the fingerprint and written before the index points to it, both atomically, so an index
never points to another build's pack, and a damaged pack is found before anything is built from
it: a miss, made again, as for any kept file.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from array import array
from collections.abc import Iterator, Mapping
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


def write(folder: Path | None, fingerprint: str, small: dict[str, Any], pieces: dict[str, Mapping[str, str]]) -> bool:
    """Keep ``small`` (JSON) and ``pieces`` (field -> key -> text) in ``folder`` under
    ``fingerprint``; False when they could not be kept (no cache, a full disk)."""
    if folder is None:
        return False
    name = f"outputs-{fingerprint[:20]}.pack"
    index: dict[str, Any] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}-{os.getpid()}.tmp"
        with tmp.open("wb") as fh:
            offset = crc = 0
            for field, values in pieces.items():
                spans: list[int] = []
                for text in values.values():
                    data = text.encode("utf-8")
                    fh.write(data)
                    spans += (offset, len(data))
                    offset, crc = offset + len(data), zlib.crc32(data, crc)
                index[field] = [list(values), spans]
        os.replace(tmp, folder / name)
    except OSError as exc:
        kept.log.info("committed: cannot keep %s in %s (%s).", name, folder, exc.strerror)
        return False
    kept.write(folder, INDEX, fingerprint, {**small, "pack": name, "size": offset, "crc": crc, "pieces": index})
    if kept.header(folder, INDEX) != fingerprint:
        return False
    for old in folder.glob(PACKS):  # other builds' packs: their index is gone
        if old.name != name:
            with contextlib.suppress(OSError):
                old.unlink()
    return True


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

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

A piece the next build would make again from the same inputs is the same text, so the worker
records beside the pack what each piece was made of (``MADE``: a digest of its inputs, the
memo's digests of its parts, where it is in the pack, under the memo's salt), and the next build
copies such a piece's bytes from the last pack into its own instead of making it (``Last``,
``Writer.copy``): no fragment is loaded or stitched for a profile whose inputs are the same. A
piece whose text holds values that change more often than its inputs (a profile's date of "now")
is recorded with where they are and what they were (``Writer.dated``), and taken with new ones
put there (render/reuse.py, ``Reuse.dated``).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import IO, Any

from . import kept

INDEX = "outputs.json"
PACKS = "outputs-*.pack"
MADE = "outputs-made.marshal"  # what each piece of the last pack was made of (see the module)
MADE_FORMAT = 1
_CHUNK = 1 << 20  # bytes copied from the last pack at a time


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
        self.salt: str | None = None  # set by ``made``: the pieces' provenance is kept under it
        self._made: dict[str, dict[str, str]] = {}  # field -> key -> the digest of what it was made of
        self._parts: dict[str, tuple[str, ...]] = {}  # that digest -> the memo's digests of its parts
        self._dated: dict[str, tuple[Any, ...]] = {}  # that digest -> where its text's dated values are (``dated``)
        # bytes of the last build's pack still to copy, one run (pack, offset, length), and the
        # pieces in it: consecutive pieces copied are copied in one go (``_flush``)
        self._run: tuple[Pack, int, int] | None = None
        self.copied: Counter[str] = Counter()  # field -> pieces copied from the last build's pack
        self.refilled: Counter[str] = Counter()  # field -> pieces taken from it with new dated values
        self._run_pieces: list[tuple[Sink, str, tuple[int, int]]] = []

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
        self._flush()
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

    def made(self, salt: str, made: str, parts: tuple[str, ...], **keys: str) -> None:
        """Record that the pieces ``keys`` (field -> key) were made of what ``made`` digests,
        from the memo's fragments ``parts``: the next build may copy them (``copy``)."""
        self.salt = salt
        self._parts[made] = parts
        for field, key in keys.items():
            self._made.setdefault(field, {})[key] = made

    def dated(self, made: str, holes: tuple[tuple[int, int], ...], values: tuple[str, ...], state: object) -> None:
        """Record that the text of the piece made of ``made`` holds ``values`` at ``holes`` (offset
        without them, which value), put in from ``state`` (render/reuse.py, ``Reuse.dated``)."""
        self._dated[made] = (holes, values, state)

    def copy(self, last: Last, made: str, **keys: str) -> tuple[str, ...] | None:
        """Copy the pieces ``keys`` (field -> key) from the last build's pack when they were
        made of what ``made`` digests there too: the memo's digests of their parts (to keep), or
        None (nothing copied: make them)."""
        spans = [last.span(field, key, made) for field, key in keys.items()]
        parts = last.parts_of(made)
        if parts is None or any(span is None for span in spans):
            return None
        pack = last.pack
        assert pack is not None
        for (field, key), span in zip(keys.items(), spans, strict=True):
            assert span is not None
            sink = self.sink(field)
            run = self._run
            if self.failed is not None:
                sink.hold(key, pack.read(*span))
                continue
            if run is None or run[0] is not pack or run[1] + run[2] != span[0]:
                self._flush()
                run = (pack, span[0], 0)
            self._run = (pack, run[1], run[2] + span[1])
            self._run_pieces.append((sink, key, span))
            self.copied[field] += 1
            sink.place(key, (self.size, span[1]))
            self.size += span[1]
        self.made(last.salt, made, parts, **keys)
        return parts

    def _flush(self) -> None:
        """Copy the run of the last build's pack that ``copy`` put next, in chunks. Its pieces
        are held as text instead when it cannot be written (a full disk)."""
        run, pieces, self._run, self._run_pieces = self._run, self._run_pieces, None, []
        if run is None:
            return
        pack, offset, length = run
        try:
            for start in range(offset, offset + length, _CHUNK):
                data = pack.read_bytes(start, min(_CHUNK, offset + length - start))
                self._fh.write(data)
                self.crc = zlib.crc32(data, self.crc)
        except OSError as exc:
            self.failed = exc
            for sink, key, span in pieces:
                sink.hold(key, pack.read(*span))

    def get(self, offset: int, length: int) -> str:
        """A piece written earlier, read back (then on writing at the end)."""
        self._flush()
        self._fh.seek(offset)
        data = self._fh.read(length)
        self._fh.seek(0, os.SEEK_END)
        return data.decode("utf-8")

    def finish(self, small: dict[str, Any]) -> bool:
        """Publish the pack, then its index (``small``, JSON, beside where every piece is) under
        the fingerprint; the other builds' packs go. False when nothing could be kept."""
        folder = self.folder
        self._flush()
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
        self._keep_made()
        for old in folder.glob(PACKS):  # other builds' packs: their index is gone
            if old.name != self.name:
                with contextlib.suppress(OSError):
                    old.unlink()
        return True

    def _keep_made(self) -> None:
        """Keep what each piece of the published pack was made of, where it was recorded."""
        if self.salt is None:
            with contextlib.suppress(OSError):
                (self.folder / MADE).unlink(missing_ok=True)
            return
        pieces = {field: {key: (*self.sinks[field].spans[key], made) for key, made in keys.items()
                          if key in self.sinks[field].spans}
                  for field, keys in self._made.items() if field in self.sinks}
        data = {"pack": self.name, "size": self.size, "crc": self.crc, "pieces": pieces, "parts": self._parts,
                "dated": {made: self._dated[made] for made in self._parts if made in self._dated}}
        kept.write_bytes(self.folder, MADE, [MADE_FORMAT, self.salt], marshal.dumps(data, 2))

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
            self.hold(key, text)
        else:
            self.place(key, span)

    def place(self, key: str, span: tuple[int, int]) -> None:
        """``key`` is the piece at ``span`` of the pack (copied there by the writer)."""
        self._held.pop(key, None)
        self.spans[key] = span

    def hold(self, key: str, text: str) -> None:
        """``key`` is ``text``, held here (the pack could not take it)."""
        self.spans.pop(key, None)
        self._held[key] = text

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

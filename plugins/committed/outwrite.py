"""Writing a build's outputs into the cache as they are made: the pack of their text, its index,
and what each piece was made of (the format, and reading it: outpack.py)."""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import IO, Any

from . import kept
from .outpack import INDEX, MADE, MADE_FORMAT, PACKS, Last, Pack, vouch

_CHUNK = 1 << 20  # bytes copied from the last pack at a time


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
        vouch(folder / self.name, self.crc)  # its bytes are the ones just written and counted
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

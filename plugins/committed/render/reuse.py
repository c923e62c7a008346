"""Pieces of a build's outputs taken whole from the last build's, where made of the same inputs.

After one new commit nearly every profile and credits block is made of what it was made of in
the last build. Its parts are in the memo (memo.py), but loading them (every shard of it) and
stitching them costs more than the page: at 10,000 pages and 5,000 people, two seconds. So each
piece is named by a digest of everything it is made of (``made``, the memo's salt aside), kept
beside the pack of the outputs (outpack.py, ``MADE``), and a piece made of the same is copied,
bytes as they are, from the last build's pack into this build's, its memo fragments kept unread.
After a commit on a later day every profile's date changes, and a week later every calendar's
frame: a profile is named without them (``dated``), and the last build's text is taken with the
new values put where the old ones are, as long as its calendar shows the same days (2,000
pages, 400 people, the first commit of a new week: 318 profiles taken, 82 made again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableMapping, Sequence
from functools import partial

from ..outpack import Last
from ..outwrite import Writer
from .memo import Memo
from .stitch import fill, find, refill


def made(inputs: str) -> str:
    """The digest a piece made of ``inputs`` (a ``repr`` of plain values) is recorded under."""
    return hashlib.blake2b(inputs.encode(), digest_size=20).hexdigest()


class Reuse:
    """The pieces this build writes into ``writer``, copied from the last build's where they can be."""

    def __init__(self, writer: Writer | None, memo: Memo) -> None:
        self.writer, self.memo = writer, memo
        self.last = Last.read(memo.folder, memo.salt) if writer is not None else None

    def piece(self, inputs: str, make: Callable[[], None], **keys: str) -> None:
        """The pieces ``keys`` (field -> key), made of ``inputs``: copied from the last build's
        outputs when they were made of the same, else set by ``make`` (recorded for the next)."""
        writer = self.writer
        if writer is None:
            make()
            return
        digest = made(inputs)
        parts = writer.copy(self.last, digest, **keys) if self.last is not None else None
        if parts is not None:
            self.memo.keep(parts)
            return
        with self.memo.tracing() as used:
            make()
        writer.made(self.memo.salt, digest, tuple(used), **keys)

    def dated(self, inputs: str, marks: Sequence[str], make: Callable[[], tuple[str, object]],
              values: Callable[[object], tuple[tuple[str, ...], object] | None], store: Callable[[str], None],
              **keys: str) -> None:
        """``piece`` for a text that holds values which change more often than the rest of it (the
        date of "now" on a profile): ``make`` gives it with ``marks`` where they go and a state
        (plain values) that ``values`` turns into them and the state to keep with them, or into
        None when the text would change too; ``store`` sets the pieces ``keys`` from the text
        (the first is the text itself).

        Made of the same ``inputs`` as the last build's, the last build's text is taken: copied,
        bytes as they are, when its values are the same, else with the new ones put where the
        old ones are (recorded beside it), without making it again."""
        writer, last = self.writer, self.last
        digest = made(inputs) if writer is not None else ""
        if writer is not None and last is not None and self._took(writer, last, digest, values, store, keys):
            return
        with self.memo.tracing() as used:
            text, state = make()
        body, found = find(text, marks)
        filled = values(state)
        assert filled is not None, "a state just made gives its values"
        holes, (now, state) = tuple(found), filled
        store(fill(body, holes, now))
        if writer is not None:
            writer.made(self.memo.salt, digest, tuple(used), **keys)
            writer.dated(digest, holes, now, state)

    def _took(self, writer: Writer, last: Last, digest: str,
              values: Callable[[object], tuple[tuple[str, ...], object] | None],
              store: Callable[[str], None], keys: dict[str, str]) -> bool:
        """Whether the dated piece made of ``digest`` was taken from the last build's (``dated``)."""
        record = last.dated_of(digest)
        filled = values(record[2]) if record is not None else None
        if record is None or filled is None or len(filled[0]) != len(record[1]):
            return False  # (a record of other values than these: a cache is input)
        (holes, old, _), (new, state) = record, filled
        if new == old:
            parts = writer.copy(last, digest, **keys)
        else:
            parts = self._refilled(last, digest, *next(iter(keys.items())), holes, old, new, store)
            if parts is not None:
                writer.made(last.salt, digest, parts, **keys)
                writer.refilled.update(keys.keys())
        if parts is None:
            return False
        self.memo.keep(parts)
        writer.dated(digest, holes, new, state)
        return True

    @staticmethod
    def _refilled(last: Last, digest: str, field: str, key: str, holes: tuple[tuple[int, int], ...],
                  old: tuple[str, ...], new: tuple[str, ...], store: Callable[[str], None]) -> tuple[str, ...] | None:
        """The last build's text of ``key`` with the values ``new`` where ``old`` were, stored;
        the memo's digests of its parts (None, nothing stored: not as recorded)."""
        span, parts = last.span(field, key, digest), last.parts_of(digest)
        if span is None or parts is None or last.pack is None:
            return None
        text = refill(last.pack.read(*span), holes, old, new)
        if text is None:
            return None
        store(text)
        return parts

    def put(self, into: MutableMapping[str, str], field: str, key: str, inputs: str, make: Callable[[], str]) -> None:
        """``into[key]`` (the writer's sink of ``field``, when there is a writer): the text ``make``
        makes of ``inputs``, none when it is empty, or the last build's copied (``piece``)."""
        self.piece(inputs, partial(_set, into, key, make), **{field: key})


def _set(into: MutableMapping[str, str], key: str, make: Callable[[], str]) -> None:
    text = make()
    if text:
        into[key] = text

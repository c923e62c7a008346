"""Pieces of a build's outputs taken whole from the last build's, where made of the same inputs.

After one new commit nearly every profile and credits block is made of what it was made of in
the last build. Its parts are in the memo (memo.py), but loading them (every shard of it) and
stitching them costs more than the page: at 10,000 pages and 5,000 people, two seconds. So each
piece is named by a digest of everything it is made of (``made``, the memo's salt aside), kept
beside the pack of the outputs (outpack.py, ``MADE``), and a piece made of the same is copied,
bytes as they are, from the last build's pack into this build's, its memo fragments kept unread.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableMapping
from functools import partial

from ..outpack import Last, Writer
from .memo import Memo


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

    def put(self, into: MutableMapping[str, str], field: str, key: str, inputs: str, make: Callable[[], str]) -> None:
        """``into[key]`` (the writer's sink of ``field``, when there is a writer): the text ``make``
        makes of ``inputs``, none when it is empty, or the last build's copied (``piece``)."""
        self.piece(inputs, partial(_set, into, key, make), **{field: key})


def _set(into: MutableMapping[str, str], key: str, make: Callable[[], str]) -> None:
    text = make()
    if text:
        into[key] = text

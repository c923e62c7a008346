"""Per-person records that a checkpoint may still hold encoded: a mapping slug -> record in which
a person's record may still be one ``marshal`` blob, decoded the first time it is asked for. A
resumed build decodes only the people its new commits touch and those a page asks about, and
writes the others back as they were read.

``digest(slug)`` names a record's content without decoding it: the digest of the blob it was read
from or written as (``marshal`` is exact: the same bytes, the same record), or, for a record added
to since, of its content; the rendered pages are kept under it (render/memo.py). The checkpoint
keeps the blobs' digests beside them (``blob_digests``, ``known``): naming every person's records
then hashes none of them (their size grows with the history).
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from .blobfile import Blob, Kept, blob_bytes
from .errors import CommittedError

V = TypeVar("V")


class PerPerson(Mapping[str, V], Generic[V]):
    """slug -> record; ``kept``: blobs of ``encode``'s rows, decoded by ``decode(slug, rows)``.
    ``of(slug)`` is the record to add to (``make()`` for someone new)."""

    def __init__(self, make: Callable[[], V], decode: Callable[[str, Any], V],
                 kept: Mapping[str, Blob] | None = None) -> None:
        self._items: dict[str, V | Blob] = dict(kept or {})
        self._make, self._decode = make, decode
        self._blobs: dict[str, str] = {}  # slug -> digest of the blob its record is still equal to

    def __getitem__(self, slug: str) -> V:
        found = self._items[slug]
        if isinstance(found, ENCODED):
            try:
                data = blob_bytes(found)
                if slug not in self._blobs:
                    self._blobs[slug] = _blob_digest(data)
                found = self._items[slug] = self._decode(slug, marshal.loads(data))
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError, OverflowError) as exc:
                raise not_ours(slug) from exc
        return found

    def __contains__(self, slug: object) -> bool:
        return slug in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def of(self, slug: str) -> V:
        found = self._items.get(slug)
        if found is None:
            found = self._items[slug] = self._make()
        elif isinstance(found, ENCODED):
            found = self[slug]
        self._blobs.pop(slug, None)  # to be added to: no longer the blob it was read from
        return found

    def kept(self, slug: str) -> bool:
        """Whether ``slug``'s record is still as the checkpoint kept it."""
        return isinstance(self._items.get(slug), ENCODED)

    def encode(self, rows: Callable[[V], Any]) -> Iterator[tuple[str, Blob]]:
        """Each record as a blob of ``rows(record)``, one at a time (a checkpoint writes each as
        it comes); those never decoded as they were read."""
        for slug, found in self._items.items():
            if isinstance(found, ENCODED):
                yield slug, found
            else:
                blob = marshal.dumps(rows(found))
                self._blobs[slug] = _blob_digest(blob)
                yield slug, blob

    def blob_digests(self, slugs: Iterable[str]) -> dict[str, str]:
        """The digest of the blob of each of ``slugs`` (as ``encode`` gave them): kept beside
        them, so a build that reads them back names each record without hashing its blob (``known``)."""
        out = {}
        for slug in slugs:
            found = self._blobs.get(slug)
            if found is None:  # a record kept as it was read, whose digest was not (``known``)
                item = self._items[slug]
                assert isinstance(item, ENCODED), "encode() names every record it encoded"
                found = self._blobs[slug] = _blob_digest(blob_bytes(item))
            out[slug] = found
        return out

    def known(self, digests: Mapping[str, str]) -> None:
        """Take ``blob_digests`` of the blobs this mapping was made from as theirs."""
        for slug, found in digests.items():
            if isinstance(self._items.get(slug), ENCODED):
                if not isinstance(found, str):
                    raise TypeError("a blob's digest is not a string")
                self._blobs[slug] = found

    def digest(self, slug: str, content: Callable[[V], object]) -> str | None:
        """What ``slug``'s record holds, as a digest (None: no record): the blob's it was read from
        or ``encode`` wrote (unless added to since), else ``content(record)``'s ``repr`` (a plain
        value, the same for the same record in any process). The blob's is the same in the next
        build that reads it, so what is kept under it is found again."""
        found = self._blobs.get(slug)
        if found is None:
            item = self._items.get(slug)
            if item is None:
                return None
            if isinstance(item, ENCODED):
                try:
                    found = self._blobs[slug] = _blob_digest(blob_bytes(item))
                except ValueError as exc:
                    raise not_ours(slug) from exc
            else:
                found = "r" + hashlib.sha256(repr(content(item)).encode()).hexdigest()[:32]
        return found


ENCODED = (bytes, Kept)  # a record still as the checkpoint kept it


def _blob_digest(blob: bytes) -> str:
    # SHA-256, not BLAKE2: the blobs are megabytes in all, and CPUs hash SHA-256 in hardware
    # (4-5x faster here: 400 blobs of 10 KB, 2.7 ms against 12.8 ms)
    return "m" + hashlib.sha256(blob).hexdigest()[:32]


def not_ours(slug: str) -> CommittedError:
    """The error for a record of ``slug`` in a checkpoint whose checksum and key held, so the file
    was made so (by hand), not damaged on the way."""
    return CommittedError(f"the scoring checkpoint in the cache folder holds a record for {slug!r} "
                          "that is damaged or not one Committed wrote.",
                          hint="delete the cache folder's scoring-*.checkpoint files (or the whole "
                               "cache folder, .cache/committed by default) and build again.")

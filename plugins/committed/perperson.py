"""Per-person records that a checkpoint may still hold encoded: a mapping slug -> record in which
a person's record may still be one ``marshal`` blob, decoded the first time it is asked for. A
resumed build decodes only the people its new commits touch and those a page asks about, and
writes the others back as they were read.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from .errors import CommittedError

V = TypeVar("V")


class PerPerson(Mapping[str, V], Generic[V]):
    """slug -> record; ``kept``: blobs of ``encode``'s rows, decoded by ``decode(slug, rows)``.
    ``of(slug)`` is the record to add to (``make()`` for someone new)."""

    def __init__(self, make: Callable[[], V], decode: Callable[[str, Any], V],
                 kept: dict[str, bytes] | None = None) -> None:
        self._items: dict[str, V | bytes] = dict(kept or {})
        self._make, self._decode = make, decode

    def __getitem__(self, slug: str) -> V:
        found = self._items[slug]
        if isinstance(found, bytes):
            try:
                found = self._items[slug] = self._decode(slug, marshal.loads(found))
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
            return found
        return self[slug] if isinstance(found, bytes) else found

    def kept(self, slug: str) -> bool:
        """Whether ``slug``'s record is still as the checkpoint kept it."""
        return isinstance(self._items.get(slug), bytes)

    def encode(self, rows: Callable[[V], Any]) -> dict[str, bytes]:
        """Each record as a blob of ``rows(record)``; those never decoded as they were read."""
        return {slug: found if isinstance(found, bytes) else marshal.dumps(rows(found))
                for slug, found in self._items.items()}


def not_ours(slug: str) -> CommittedError:
    """The error for a record of ``slug`` in a checkpoint whose checksum and key held, so the file
    was made so (by hand), not damaged on the way."""
    return CommittedError(f"the scoring checkpoint in the cache folder holds a record for {slug!r} "
                          "that is not one Committed wrote.",
                          hint="delete the cache folder's scoring-*.checkpoint files (or the whole "
                               "cache folder, .cache/committed by default) and build again.")

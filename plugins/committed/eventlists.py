"""Each person's events, oldest first, as the scoreboard keeps them (``perperson.PerPerson``: a
person's events may still be as the checkpoint kept them), with each person's ``Totals``."""

from __future__ import annotations

import marshal
import math
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from .blobfile import Blob, blob_bytes
from .perperson import ENCODED, PerPerson, not_ours
from .records import unfrozen
from .scoring_model import Event, Side
from .totals import Totals

_NEW_EVENT = object.__new__
_EVENT = unfrozen(Event)
_SIDES = (Side.LEARN, Side.TEACH)


def make_event(slug: str, side: Side, kind: str, points: float, at: datetime, sha: str, page: str | None,
               other: str | None, note: str) -> Event:
    """``Event(...)`` with the same fields, filled in place (records.unfrozen): the scoreboard
    makes one per point-earning reason, a hundred thousand at 2,000 pages."""
    e: Any = _NEW_EVENT(_EVENT)
    e.slug, e.side, e.kind, e.points, e.at, e.sha, e.page, e.other, e.note = (
        slug, side, kind, points, at, sha, page, other, note)
    e.__class__ = Event
    return e  # type: ignore[no-any-return]


class EventLists(PerPerson[list[Event]]):
    """slug -> that person's events, oldest first (``kept``: blobs of ``encode``, decoded on first
    use with ``dates``, POSIX seconds -> dates), and each person's ``Totals``."""

    def __init__(self, kept: Mapping[str, Blob] | None = None, dates: Mapping[int, datetime] | None = None,
                 totals: Mapping[str, Blob] | None = None) -> None:
        super().__init__(list, self._decode, kept)
        self._dates = dates if dates is not None else {}
        self._kept_totals = dict(totals or {})  # slug -> marshal of Totals.dump(), for people still kept
        self._totals: dict[str, Totals] = {}

    def of(self, slug: str) -> list[Event]:
        self._totals.pop(slug, None)
        self._kept_totals.pop(slug, None)
        return super().of(slug)

    def totals(self, slug: str) -> Totals | None:
        """``slug``'s ``Totals`` (None: no events), without decoding events the checkpoint kept."""
        found = self._totals.get(slug)
        if found is None:
            kept = self._kept_totals.pop(slug, None)
            if kept is not None:
                try:
                    found = Totals.load(marshal.loads(blob_bytes(kept)))
                except (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError, OverflowError) as exc:
                    raise not_ours(slug) from exc
            elif slug in self:
                found = Totals.of(self[slug])
            else:
                return None
            self._totals[slug] = found
        return found

    def encode_totals(self, stamps: Mapping[datetime, int]) -> Iterator[tuple[str, Blob]]:
        """Every person's ``Totals``, a blob each, one at a time (``stamps``: a date -> its POSIX seconds)."""
        for slug in self:
            if slug not in self._totals and slug not in self._kept_totals:
                self._totals[slug] = Totals.of(self[slug], stamps)
        yield from self._kept_totals.items()
        for slug, totals in self._totals.items():
            yield slug, marshal.dumps(totals.dump())

    def encode_events(self, stamps: Mapping[datetime, int]) -> Iterator[tuple[str, Blob]]:
        """Each person's events as a blob of columns (``stamps``: a date -> its POSIX seconds). The
        strings are the events' own objects, shared, so marshal writes each once per person."""
        notes = {"": ""}.setdefault  # one object per note text
        teach = Side.TEACH

        def columns(events: list[Event]) -> tuple[Any, ...]:
            return (bytes([e.side is teach for e in events]), tuple([e.kind for e in events]),
                    tuple([e.points for e in events]), tuple([stamps[e.at] for e in events]),
                    tuple([e.sha for e in events]), tuple([e.page for e in events]),
                    tuple([e.other for e in events]), tuple([notes(e.note, e.note) for e in events]))

        return self.encode(columns)

    def since(self, slug: str, start: datetime | None) -> list[Event]:
        """``slug``'s events after ``start`` (None: all), in their order: those of ``explain``. A
        record the checkpoint still keeps stays kept: only the events after ``start`` are decoded
        (a profile shows its default window's, a few of a person's thousands)."""
        blob = self._items.get(slug)
        if start is None or not isinstance(blob, ENCODED):
            return [e for e in self.get(slug, ()) if start is None or e.at > start]
        try:
            columns = marshal.loads(blob_bytes(blob))
            if start.tzinfo is not None:  # whole POSIX seconds, as Totals.count: the same events
                lo = math.floor(start.timestamp())
                picked = [i for i, at in enumerate(columns[3]) if at > lo]
            else:
                dates = self._dates
                picked = [i for i, at in enumerate(columns[3]) if dates[at] > start]
            return self._decode(slug, [[column[i] for i in picked] for column in columns])
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError, OverflowError) as exc:
            raise not_ours(slug) from exc

    def events_digest(self, slug: str) -> str | None:
        """What ``slug``'s events are, without decoding them (``PerPerson.digest``; None: no events)."""
        return self.digest(slug, _content)

    def _decode(self, slug: str, columns: Any) -> list[Event]:
        dates, sides = self._dates, _SIDES
        return [make_event(slug, sides[teach], kind, points, dates[at], sha, page, other, note)
                for teach, kind, points, at, sha, page, other, note in zip(*columns, strict=True)]


def _content(events: list[Event]) -> list[tuple[Any, ...]]:
    """Every field of each event (but the slug: one person's), in order."""
    return [(e.side.value, e.kind, e.points, e.at, e.sha, e.page, e.other, e.note) for e in events]

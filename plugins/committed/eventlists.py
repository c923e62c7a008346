"""Each person's events, oldest first, as the scoreboard keeps them (``perperson.PerPerson``: a
person's events may still be as the checkpoint kept them), with each person's ``Totals``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .perperson import PerPerson, Strings
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
    use with ``dates``, POSIX seconds -> dates, and ``strings``), and each person's ``Totals``."""

    def __init__(self, kept: dict[str, bytes] | None = None, dates: Mapping[int, datetime] | None = None,
                 totals: dict[str, tuple[Any, ...]] | None = None, strings: Strings | None = None) -> None:
        super().__init__(list, self._decode, kept)
        self._dates = dates if dates is not None else {}
        self._strings = strings if strings is not None else Strings()
        self._kept_totals = dict(totals or {})  # slug -> Totals.dump(), for people still kept
        self._totals: dict[str, Totals] = {}

    @property
    def strings(self) -> Strings:
        """The table the blobs name their strings in (shared with the activity's, checkpoint.py)."""
        return self._strings

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
                found = Totals.load(kept)
            elif slug in self:
                found = Totals.of(self[slug])
            else:
                return None
            self._totals[slug] = found
        return found

    def encode_totals(self, stamps: Mapping[datetime, int]) -> dict[str, tuple[Any, ...]]:
        """Every person's ``Totals``, as ``Totals.dump`` gives them (``stamps``: a date -> its
        POSIX seconds)."""
        for slug in self:
            if slug not in self._totals and slug not in self._kept_totals:
                self._totals[slug] = Totals.of(self[slug], stamps)
        out = dict(self._kept_totals)
        out.update({slug: totals.dump() for slug, totals in self._totals.items()})
        return out

    def encode_events(self, stamps: Mapping[datetime, int]) -> dict[str, bytes]:
        """Each person's events as a blob of rows (``stamps``: a date -> its POSIX seconds),
        strings named in the shared table."""
        ix = self._strings.index()
        sd = ix.setdefault
        return self.encode(lambda events: tuple([
            (e.side is Side.TEACH, sd(e.kind, len(ix)), e.points, stamps[e.at], sd(e.sha, len(ix)),
             sd(e.page, len(ix)), sd(e.other, len(ix)), sd(e.note, len(ix))) for e in events]))

    def _decode(self, slug: str, rows: Any) -> list[Event]:
        dates, sides, s = self._dates, _SIDES, self._strings.table
        return [make_event(slug, sides[teach], s[kind], points, dates[at], s[sha], s[page], s[other], s[note])
                for teach, kind, points, at, sha, page, other, note in rows]

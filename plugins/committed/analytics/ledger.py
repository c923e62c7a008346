"""One person's events, read once into sorted per-side columns, so any window's score is a few
bisections and slices."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import reduce
from itertools import accumulate
from operator import add

from ..scoring import BREADTH, Event, Score, ScoringConfig, Side, tier_of

TAUGHT_KINDS = (BREADTH,)  # as score_events counts distinct pages taught
ENGAGED_KINDS = (BREADTH,)  # and distinct colleague pages engaged with


class Column:
    """One side (teach or learn) of one person's events, sorted by date, so the points, distinct
    pages and events of any window are slices found by bisection.

    The points of a window are added in the order ``score_events`` adds them (the scoreboard's
    order), starting from 0.0, so the rounded scores are the same numbers, not just close ones.
    """

    __slots__ = ("at", "events", "order", "pages", "points", "running", "slack")

    def __init__(self, events: list[Event], kinds: tuple[str, ...]) -> None:
        at = [e.at for e in events]
        self.points = [e.points for e in events]  # in the scoreboard's order
        self.at = sorted(at)
        if self.at == at:  # already by date (the usual case)
            self.order: list[int] | None = None
            self.events = events
        else:  # the positions, in the scoreboard's order, of the events by date (stable)
            self.order = sorted(range(len(at)), key=at.__getitem__)
            self.events = [events[i] for i in self.order]
        self.pages = [e.page if e.page and e.kind in kinds else None for e in self.events]
        # Running sums by date: a window's points up to rounding error, enough to place most
        # people clearly above or below a threshold without adding their points exactly.
        self.running = list(accumulate((self.points[i] for i in self.order) if self.order else self.points,
                                       initial=0.0))
        self.slack = 1e-6 * (1.0 + abs(self.running[-1]))

    def total(self, lo: int, hi: int) -> float:
        if self.order is None:
            return reduce(add, self.points[lo:hi], 0.0)
        return reduce(add, map(self.points.__getitem__, sorted(self.order[lo:hi])), 0.0)

    def distinct(self, lo: int, hi: int) -> int:
        pages = set(self.pages[lo:hi])
        return len(pages) - (None in pages)

    def reaches(self, lo: int, hi: int, breadth: float, threshold: float) -> bool:
        """``self.score(lo, hi, breadth)[0] >= threshold``, mostly without computing the score:
        between 0 and ``hi - lo`` distinct pages, the unrounded score lies in a known range."""
        if hi > lo:
            approx = self.running[hi] - self.running[lo]
            spread = breadth * (hi - lo)
            if round(approx + min(spread, 0.0) - self.slack, 1) >= threshold:
                return True
            if round(approx + max(spread, 0.0) + self.slack, 1) < threshold:
                return False
        return self.score(lo, hi, breadth)[0] >= threshold

    def score(self, lo: int, hi: int, breadth: float) -> tuple[float, int]:
        """The side's rounded score and distinct pages over the events ``lo:hi``."""
        if hi == lo:
            return 0.0, 0
        distinct = self.distinct(lo, hi)
        return round(self.total(lo, hi) + breadth * distinct, 1), distinct


class Ledger:
    """One person's events, split by side, ready to be scored for any window."""

    __slots__ = ("first", "last", "learn", "teach")

    def __init__(self, events: Iterable[Event]) -> None:
        events = events if isinstance(events, list) else list(events)
        teach_side = Side.TEACH
        self.teach = Column([e for e in events if e.side is teach_side], TAUGHT_KINDS)
        self.learn = Column([e for e in events if e.side is not teach_side], ENGAGED_KINDS)
        ends = [c.at[i] for c in (self.teach, self.learn) if c.at for i in (0, -1)]
        self.first = min(ends) if ends else None
        self.last = max(ends) if ends else None

    def score(self, config: ScoringConfig, start: datetime | None, end: datetime | None) -> Score:
        """``score_events(events, config, start, end)``, without looking at every event."""
        ta, la = self.teach.at, self.learn.at
        t_lo = 0 if start is None else bisect_right(ta, start)
        t_hi = len(ta) if end is None else bisect_right(ta, end)
        l_lo = 0 if start is None else bisect_right(la, start)
        l_hi = len(la) if end is None else bisect_right(la, end)
        teach, taught = self.teach.score(t_lo, t_hi, 0.0)  # the breadth bonuses are events too
        learn, engaged = self.learn.score(l_lo, l_hi, 0.0)
        return Score(teach, learn, tier_of(teach, learn, config), taught, engaged, t_hi - t_lo, l_hi - l_lo)

    def codes(self, config: ScoringConfig, spans: Sequence[tuple[datetime, datetime]]) -> list[int]:
        """For each window ``(start, end]``: 0 without events, else 1, + 2 for a teacher, + 4 for a
        learner (as ``score_events`` would rank them)."""
        first, last = self.first, self.last
        if first is None:
            return [0] * len(spans)
        t = config.thresholds
        teach_min, learn_min = t.teach, t.learn
        teach_col, learn_col = self.teach, self.learn
        ta, la = teach_col.at, learn_col.at
        out = []
        for start, end in spans:
            if first is None or last is None or first > end or last <= start:
                out.append(0)
                continue
            t_lo, t_hi = bisect_right(ta, start), bisect_right(ta, end)
            l_lo, l_hi = bisect_right(la, start), bisect_right(la, end)
            if t_hi == t_lo and l_hi == l_lo:
                out.append(0)
                continue
            teacher = teach_col.reaches(t_lo, t_hi, 0.0, teach_min)
            learner = learn_col.reaches(l_lo, l_hi, 0.0, learn_min)
            out.append(1 | (2 if teacher else 0) | (4 if learner else 0))
        return out

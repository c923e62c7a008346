"""One person's points over time, so that any window's score is a few bisections, without their
events: when "now" moves and every window shifts, nothing walks the events again.

For each side (teach, learn): the dates of its events, sorted (POSIX seconds), the running sum of
their points in tenths (every event's points are rounded to 0.1, so the sums are exact integers
and a window's score is the same number ``score_events`` gives), and the dates and pages of its
breadth bonuses (a window counts its distinct pages). And per (side, kind), all time: how many
events and how many points, for a profile's summary; and the dates and colleagues of the learn
events that engaged with a colleague's work (``FLOW_KINDS``), for the knowledge flow between offices. Plain lists of numbers and strings, so the
checkpoint keeps them as they are.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from datetime import datetime
from itertools import accumulate
from typing import Any

from .scoring_model import BREADTH, Event, Score, ScoringConfig, Side, tier_of

FLOW_KINDS = ("improve", "review", "learned-from")  # learn events that engage with a colleague's work


class _Column:
    __slots__ = ("at", "breadth_at", "pages", "running")

    def __init__(self, at: list[int], running: list[int], breadth_at: list[int], pages: list[str]) -> None:
        self.at, self.running, self.breadth_at, self.pages = at, running, breadth_at, pages

    @classmethod
    def of(cls, at: list[int], tenths: list[int], breadth: list[str | None]) -> _Column:
        """From the seconds, tenths and breadth page (or None) of each event, in the order earned."""
        if at != sorted(at):  # stable: the events of one date keep their order
            order = sorted(range(len(at)), key=at.__getitem__)
            at, tenths, breadth = [at[i] for i in order], [tenths[i] for i in order], [breadth[i] for i in order]
        kept = [i for i, page in enumerate(breadth) if page is not None]
        return cls(at, list(accumulate(tenths, initial=0)), [at[i] for i in kept],
                   [breadth[i] for i in kept])  # type: ignore[misc]

    def window(self, start: int | None, end: int | None) -> tuple[int, int, int]:
        """(tenths, events, distinct breadth pages) dated in ``(start, end]``."""
        at = self.at
        lo = 0 if start is None else bisect_right(at, start)
        hi = len(at) if end is None else bisect_right(at, end)
        if hi <= lo:
            return 0, 0, 0
        b_lo = 0 if start is None else bisect_right(self.breadth_at, start)
        b_hi = len(self.breadth_at) if end is None else bisect_right(self.breadth_at, end)
        return self.running[hi] - self.running[lo], hi - lo, len(set(self.pages[b_lo:b_hi]))

    def dump(self) -> tuple[Any, ...]:
        return self.at, self.running, self.breadth_at, self.pages

class Seconds(dict[datetime, int]):
    """A date -> its POSIX seconds (``seconds[at]``), each converted once (git's dates are whole
    seconds)."""

    def __missing__(self, at: datetime) -> int:
        made = self[at] = math.floor(at.timestamp())
        return made


class Totals:
    """One person's events reduced to what a score needs (see the module)."""

    __slots__ = ("flow_at", "flow_from", "kinds", "learn", "teach")

    def __init__(self, teach: _Column, learn: _Column, kinds: dict[tuple[str, str], tuple[int, int]],
                 flow_at: list[int], flow_from: list[str]) -> None:
        self.teach, self.learn, self.kinds = teach, learn, kinds
        self.flow_at, self.flow_from = flow_at, flow_from  # sorted by date (stable): FLOW_KINDS learn events

    @property
    def first(self) -> int | None:
        """The date (POSIX seconds) of the earliest event, None without any."""
        ends = [c.at[0] for c in (self.teach, self.learn) if c.at]
        return min(ends) if ends else None

    @classmethod
    def of(cls, events: list[Event], stamps: Mapping[datetime, int] | None = None) -> Totals:
        """From one person's events (``stamps``: a date -> its POSIX seconds, if known)."""
        stamps = stamps if stamps is not None else Seconds()
        teach_side = Side.TEACH
        # one pass (a cold build makes one per person, over every event: 0.2 s at 2,000 pages)
        teach: tuple[list[int], list[int], list[str | None]] = ([], [], [])
        learn: tuple[list[int], list[int], list[str | None]] = ([], [], [])
        sums: dict[tuple[bool, str], int] = {}
        counts: dict[tuple[bool, str], int] = {}
        flows = []
        for e in events:
            at, tenths, kind = stamps[e.at], round(e.points * 10), e.kind
            is_teach = e.side is teach_side
            at_list, tenths_list, breadth = teach if is_teach else learn
            at_list.append(at)
            tenths_list.append(tenths)
            breadth.append(e.page if e.page and kind == BREADTH else None)
            if not is_teach and e.other and kind in FLOW_KINDS:
                flows.append((at, e.other))
            key = (is_teach, kind)
            sums[key] = sums.get(key, 0) + tenths
            counts[key] = counts.get(key, 0) + 1
        columns = [_Column.of(*teach), _Column.of(*learn)]
        kinds = {(("teach" if is_teach else "learn"), kind): (n, sums[(is_teach, kind)])
                 for (is_teach, kind), n in counts.items()}
        flows.sort(key=lambda f: f[0])
        return cls(columns[0], columns[1], kinds, [at for at, _ in flows], [other for _, other in flows])

    def score(self, config: ScoringConfig, start: datetime | None, end: datetime | None) -> Score:
        """``score_events`` of the events dated in ``(start, end]``."""
        lo = None if start is None else math.floor(start.timestamp())  # whole seconds: the same events
        hi = None if end is None else math.floor(end.timestamp())
        teach, n_teach, taught = self.teach.window(lo, hi)
        learn, n_learn, engaged = self.learn.window(lo, hi)
        t, lr = teach / 10, learn / 10
        return Score(t, lr, tier_of(t, lr, config), taught, engaged, n_teach, n_learn)

    def count(self, start: datetime | None) -> int:
        """How many events are dated after ``start`` (None: all): those ``score(config, start, None)``
        adds up."""
        teach, learn = self.teach.at, self.learn.at
        if start is None:
            return len(teach) + len(learn)
        lo = math.floor(start.timestamp())
        return len(teach) - bisect_right(teach, lo) + len(learn) - bisect_right(learn, lo)

    def summary(self) -> dict[tuple[str, str], tuple[int, float]]:
        """(side, kind) -> (events, points), all time."""
        return {key: (n, tenths / 10) for key, (n, tenths) in self.kinds.items()}

    def dump(self) -> tuple[Any, ...]:
        return (self.teach.dump(), self.learn.dump(), [(*key, n, tenths) for key, (n, tenths) in self.kinds.items()],
                self.flow_at, self.flow_from)

    @classmethod
    def load(cls, data: tuple[Any, ...]) -> Totals:
        teach, learn, kinds, flow_at, flow_from = data
        return cls(_Column(*teach), _Column(*learn), {(side, kind): (n, tenths) for side, kind, n, tenths in kinds},
                   flow_at, flow_from)

"""One person's points over time as the scoreboard keeps them (``totals.Totals``: sorted dates,
running sums in tenths, breadth pages, flow events), so any window's score is a few bisections
and a subtraction, without reading their events: a warm build that resumed the scoring from the
checkpoint never decodes the events of the people its new commits did not touch.

Dates are POSIX seconds, as ``Totals`` keeps them (git's dates are whole seconds, and so is every
window's start, "now" minus whole days). Scores in tenths are exact integers, so a window's
score, tier and trend code are the numbers ``score_events`` gives, not just close ones.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime

from ..scoring import Score, ScoringConfig, tier_of
from ..totals import Totals


def seconds(at: datetime | None) -> int | None:
    """``at`` as the POSIX seconds ``Totals`` dates events with (None stays None)."""
    return None if at is None else math.floor(at.timestamp())


class Ledger:
    """One person's ``Totals`` (None: no events), ready to be scored for any window."""

    __slots__ = ("first", "totals")

    def __init__(self, totals: Totals | None) -> None:
        self.totals = totals
        self.first = totals.first if totals is not None else None  # seconds

    def score(self, config: ScoringConfig, start: int | None, end: int | None) -> Score:
        """``score_events(events, config, start, end)`` (``start``, ``end``: POSIX seconds)."""
        totals = self.totals
        if totals is None:
            return Score(0.0, 0.0, tier_of(0.0, 0.0, config), 0, 0, 0, 0)
        teach, n_teach, taught = totals.teach.window(start, end)
        learn, n_learn, engaged = totals.learn.window(start, end)
        t, lr = teach / 10, learn / 10
        return Score(t, lr, tier_of(t, lr, config), taught, engaged, n_teach, n_learn)

    def taught(self) -> set[str]:
        """The pages this person taught (a teach breadth bonus), all time."""
        return set(self.totals.teach.pages) if self.totals is not None else set()

    def codes(self, config: ScoringConfig, spans: Sequence[tuple[int, int]]) -> list[int]:
        """For each window ``(start, end]`` (seconds; both ends increasing, as the trend's months
        are): 0 without events, else 1, + 2 for a teacher, + 4 for a learner (as ``score_events``
        would rank them). Someone with fewer events than windows is looked at only in the windows
        that hold one of them (most people of a large company, over years of months)."""
        totals = self.totals
        out = [0] * len(spans)
        if totals is None:
            return out
        t = config.thresholds
        teach_min, learn_min = t.teach, t.learn
        ta, tr = totals.teach.at, totals.teach.running
        la, lr = totals.learn.at, totals.learn.running
        wanted: Iterable[int] = range(len(spans))
        if len(ta) + len(la) < len(spans):
            ends = [end for _, end in spans]
            starts = [start for start, _ in spans]
            holding: set[int] = set()
            for at in (*ta, *la):  # the windows with start < at <= end
                holding.update(range(bisect_left(ends, at), bisect_left(starts, at)))
            wanted = sorted(holding)
        for k in wanted:
            start, end = spans[k]
            t_lo, t_hi = bisect_right(ta, start), bisect_right(ta, end)
            l_lo, l_hi = bisect_right(la, start), bisect_right(la, end)
            if t_hi == t_lo and l_hi == l_lo:
                continue
            teacher = (tr[t_hi] - tr[t_lo]) / 10 >= teach_min
            learner = (lr[l_hi] - lr[l_lo]) / 10 >= learn_min
            out[k] = 1 | (2 if teacher else 0) | (4 if learner else 0)
        return out

"""The scoring model's vocabulary: weights, thresholds, windows, events, scores and tiers.

Every point is an ``Event`` with the reason it was earned, the breadth bonuses included, so a
score is the sum of its events in a window and every explanation adds up. How events are made:
``scoring.build_scoreboard`` (the rules) and ``saturation.Ledger`` (the limits).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Weights:
    create_page: float = 10.0  # teach: a new page (of at least substantive_lines lines)
    line_curve: float = 2.0  # teach: points = line_curve * log2(1 + lines added to a page in the window)
    acknowledged: float = 5.0  # teach: named Learned-from by a colleague
    improve: float = 4.0  # learn: a substantive change to a colleague's page, once per page in the window
    review: float = 3.0  # learn: Reviewed-by / Approved-by / Acked-by on a colleague's substantive change
    learned_from: float = 3.0  # learn: writing Learned-from naming a colleague
    breadth_page: float = 5.0  # teach: per page taught, once per page in the window
    breadth_colleague: float = 3.0  # learn: per colleague's page engaged with, once per page in the window
    daily_page_cap: float = 15.0  # the most content points per person, page and day
    substantive_lines: int = 3  # a change of fewer lines is a small fix
    small_fixes: float = 5.0  # the most content points small fixes earn one person in the window
    daily_review_cap: float = 9.0  # the most review points per person and day
    pair_decay: float = 0.5  # each further learn event with the same colleague in the window: this times the last
    bulk_pages: int = 5  # pages of one commit that earn in full; each further page earns half the one before


@dataclass(frozen=True)
class Thresholds:
    teach: float = 20.0
    learn: float = 10.0


@dataclass(frozen=True)
class ScoringConfig:
    weights: Weights = field(default_factory=Weights)
    thresholds: Thresholds = field(default_factory=Thresholds)
    window_days: int = 90


class Side(str, enum.Enum):
    TEACH = "teach"
    LEARN = "learn"


class Tier(str, enum.Enum):
    COMMITTED = "committed"
    TEACHER = "teacher"
    LEARNER = "learner"
    INACTIVE = "inactive"


BREADTH = "breadth"  # the kind of a breadth bonus event (either side)


@dataclass(frozen=True, slots=True)
class Event:
    """One reason a person earned points."""

    slug: str
    side: Side
    kind: str  # create, content, breadth, acknowledged, improve, review, learned-from
    points: float  # rounded to 0.1
    at: datetime
    sha: str
    page: str | None = None  # docs-relative file identity
    other: str | None = None  # the colleague involved (slug)
    note: str = ""


@dataclass(frozen=True)
class Window:
    key: str  # "90d", "365d", "all"
    label: str
    days: int | None  # None: all time

    def start(self, now: datetime) -> datetime | None:
        return None if self.days is None else now - timedelta(days=self.days)


def windows(config: ScoringConfig) -> tuple[Window, ...]:
    d = config.window_days
    return (Window(f"{d}d", f"Last {d} days", d), Window("365d", "Last 12 months", 365), Window("all", "All time", None))


@dataclass(frozen=True)
class Score:
    teach: float
    learn: float
    tier: Tier
    pages_taught: int  # distinct pages with a teach breadth bonus in the window
    colleague_pages: int  # distinct colleagues' pages with a learn breadth bonus in the window
    teach_events: int
    learn_events: int

    @property
    def total(self) -> float:
        return round(self.teach + self.learn, 1)


def tier_of(teach: float, learn: float, config: ScoringConfig) -> Tier:
    t = config.thresholds
    if teach >= t.teach and learn >= t.learn:
        return Tier.COMMITTED
    if teach >= t.teach:
        return Tier.TEACHER
    if learn >= t.learn:
        return Tier.LEARNER
    return Tier.INACTIVE


def score_events(events: Iterable[Event], config: ScoringConfig, start: datetime | None = None,
                 end: datetime | None = None) -> Score:
    """The score of the events dated in ``(start, end]``: their sum, rounded to 0.1."""
    teach = learn = 0.0
    taught: set[str] = set()
    engaged: set[str] = set()
    n_teach = n_learn = 0
    for e in events:
        if (start is not None and e.at <= start) or (end is not None and e.at > end):
            continue
        if e.side is Side.TEACH:
            teach += e.points
            n_teach += 1
            if e.page and e.kind == BREADTH:
                taught.add(e.page)
        else:
            learn += e.points
            n_learn += 1
            if e.page and e.kind == BREADTH:
                engaged.add(e.page)
    teach, learn = round(teach, 1), round(learn, 1)
    return Score(teach, learn, tier_of(teach, learn, config), len(taught), len(engaged), n_teach, n_learn)


def line_points(lines: int, weights: Weights) -> float:
    """Diminishing returns: 10 lines earn ~6.9, 100 lines ~13.3, 1,000 lines ~19.9."""
    return weights.line_curve * math.log2(1 + lines) if lines > 0 else 0.0

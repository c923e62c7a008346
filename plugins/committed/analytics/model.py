"""What the analytics give: frozen dataclasses for the figures, rankings, groups, flow, trend,
growth and health of a knowledge base (definitions in ``committed.analytics``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..scoring import Score, Side, Tier, Window


@dataclass(frozen=True)
class Figures:
    """How many people were active, teachers, learners and committed over one period."""

    active: int = 0
    teachers: int = 0
    learners: int = 0
    committed: int = 0

    @property
    def share(self) -> float | None:
        """The committed group's share of active contributors (None when nobody was active)."""
        return self.committed / self.active if self.active else None


@dataclass(frozen=True)
class Headline:
    current: Figures
    previous: Figures | None  # the previous window of the same length; None for all time

    @property
    def delta(self) -> int | None:
        return None if self.previous is None else self.current.committed - self.previous.committed

    @property
    def share_delta(self) -> float | None:
        if self.previous is None or self.current.share is None or self.previous.share is None:
            return None
        return self.current.share - self.previous.share


@dataclass(frozen=True)
class Entry:
    """A person who may be named, with their score in one window."""

    slug: str
    name: str
    office: str
    team: str
    profile: bool
    tier: Tier
    teach: float
    learn: float

    @property
    def total(self) -> float:
        return round(self.teach + self.learn, 1)


@dataclass(frozen=True)
class Group:
    """One office or team's figures."""

    name: str  # "" for people without an office (or team)
    figures: Figures


@dataclass(frozen=True)
class FlowMatrix:
    """``counts[i][j]``: interactions in which someone in ``offices[j]`` engaged with the work of
    someone in ``offices[i]`` (knowledge flowing from row to column)."""

    offices: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))

    @property
    def crossing(self) -> int:
        """Interactions between two different offices."""
        return self.total - sum(self.counts[i][i] for i in range(len(self.offices)))

    def folded(self, keep: int, other: str) -> FlowMatrix:
        """At most ``keep`` offices: the ``keep - 1`` with the most flow in and out, in their order,
        then ``other``, every remaining office's flow added together (so ``total`` and the flow
        between the offices kept are unchanged). Itself when it has no more than ``keep``."""
        n = len(self.offices)
        if n <= keep:
            return self
        weight = [sum(self.counts[i]) + sum(row[i] for row in self.counts) for i in range(n)]
        kept = sorted(sorted(range(n), key=lambda i: (-weight[i], i))[:max(keep - 1, 0)])
        place = {i: k for k, i in enumerate(kept)}
        rest = len(kept)
        counts = [[0] * (rest + 1) for _ in range(rest + 1)]
        for i, row in enumerate(self.counts):
            for j, value in enumerate(row):
                counts[place.get(i, rest)][place.get(j, rest)] += value
        return FlowMatrix(tuple(self.offices[i] for i in kept) + (other,), tuple(map(tuple, counts)))

    def silent_pairs(self) -> tuple[tuple[str, str], ...]:
        """Pairs of distinct offices with no flow either way."""
        out = []
        for i, a in enumerate(self.offices):
            for j in range(i + 1, len(self.offices)):
                if self.counts[i][j] == 0 and self.counts[j][i] == 0:
                    out.append((a, self.offices[j]))
        return tuple(out)


@dataclass(frozen=True)
class WindowStats:
    window: Window
    start: datetime | None  # exclusive; None: all time
    end: datetime | None  # inclusive (now); None for an empty history
    headline: Headline
    teachers: tuple[Entry, ...]  # top teachers, by teach score
    learners: tuple[Entry, ...]  # top learners, by learn score
    committed: tuple[Entry, ...]  # the whole named committed roster, by total score
    offices: tuple[Group, ...]
    teams: tuple[Group, ...]
    flow: FlowMatrix
    ranking: tuple[Entry, ...] = ()  # everyone named who was active in the window, by total score
    opted_out: Figures = Figures()  # the people counted in the headline but never named

    @property
    def unnamed_committed(self) -> int:
        """How many of the headline's committed people the roster does not name (opted out)."""
        return self.headline.current.committed - len(self.committed)

    @property
    def unnamed_active(self) -> int:
        """How many of the headline's active people the ranking does not name (opted out)."""
        return self.headline.current.active - len(self.ranking)


@dataclass(frozen=True)
class TrendPoint:
    month: str  # "2026-01"
    end: datetime  # the end of the trailing window (end of the month, or now)
    figures: Figures


@dataclass(frozen=True)
class GroupTrend:
    name: str
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class PersonRow:
    """One named person's tier and scores in every window, for the exports."""

    slug: str
    name: str
    office: str
    team: str
    scores: tuple[tuple[str, Score], ...]  # (window key, score), in window order


@dataclass(frozen=True)
class OneStep:
    """Someone who teaches but does not learn yet, or the reverse."""

    entry: Entry
    missing: Side  # the side still below its threshold
    short_by: float  # points still needed on that side


@dataclass(frozen=True)
class TopicRisk:
    """A topic whose pages only one person has taught (created or added content to)."""

    topic: str
    pages: int
    teacher: Entry | None  # None when that person may not be named


@dataclass(frozen=True)
class PageRef:
    path: str  # docs-relative
    title: str
    topic: str
    since: date | None  # quiet pages: last touched by someone else; stale pages: last reviewed


@dataclass(frozen=True)
class Growth:
    window: Window  # the window "one step" is judged in (the first one)
    one_step: tuple[OneStep, ...]
    single_teacher_topics: tuple[TopicRisk, ...]
    quiet_pages: tuple[PageRef, ...]  # oldest first, at most ``list_limit``
    quiet_total: int
    quiet_days: int


@dataclass(frozen=True)
class TopicHealth:
    topic: str
    pages: int
    reviewed: int

    @property
    def share(self) -> float | None:
        return self.reviewed / self.pages if self.pages else None


@dataclass(frozen=True)
class Health:
    interval_days: int
    pages: int
    reviewed: int
    topics: tuple[TopicHealth, ...]
    oldest_unreviewed: tuple[PageRef, ...]  # oldest first, at most ``list_limit``

    @property
    def share(self) -> float | None:
        return self.reviewed / self.pages if self.pages else None


@dataclass(frozen=True)
class Analytics:
    now: datetime | None
    head: str | None
    thresholds: tuple[float, float]  # (teach, learn)
    trend_days: int
    office: str | None  # the office the figures are restricted to, if any
    windows: tuple[WindowStats, ...]
    people: tuple[PersonRow, ...]  # named people only, by slug
    trend: tuple[TrendPoint, ...]
    office_trends: tuple[GroupTrend, ...]
    team_trends: tuple[GroupTrend, ...]
    growth: Growth
    health: Health

    def window(self, key: str) -> WindowStats:
        for stats in self.windows:
            if stats.window.key == key:
                return stats
        raise KeyError(key)

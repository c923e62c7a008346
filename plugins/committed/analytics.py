"""The committed group, its growth and its gaps: figures for the leaderboard and the stats export.

Pure: a ``KnowledgeBase`` in, frozen dataclasses out. No MkDocs, no wall clock: "now" is
``kb.now``, the date of the newest commit.

Definitions (the docs page ``committed/stats-export.md`` gives them to readers too)
----------------------------------------------------------------------------------
* A window is ``(now - days, now]`` (all time: everything up to now), as ``Scoreboard.score`` counts.
* **Active**: earned at least one point (teach or learn) in the window.
* **Teachers**: reached the teach threshold (tiers ``teacher`` and ``committed``).
  **Learners**: reached the learn threshold (tiers ``learner`` and ``committed``).
  **Committed**: reached both. So committed = teachers ∩ learners, and each is a subset of active.
* **Previous window**: the window of the same length just before, ``(now - 2*days, now - days]``;
  the all-time window has none.
* **Monthly trend**: for each calendar month, the figures of the *trailing* window of the first
  window's length (90 days by default) that ends at the end of that month (the last month ends at
  now). The last point therefore equals the headline of the first window, and a point never
  depends on how many days a month has.
* **Knowledge flow**: every ``improve``, ``review`` and ``learned-from`` learn event in the window,
  counted from the office of the colleague whose work it engaged with (the page's creator, the
  reviewed change's author, the person named ``Learned-from``) to the office of the learner.
* **Opt-outs** (``leaderboard: false``) and bots are never named; opt-outs are counted in every
  aggregate (figures, offices, teams, trend, flow). Bots earn nothing, so they count nowhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import reduce
from itertools import accumulate
from operator import add

from .knowledge import KnowledgeBase
from .people import Person
from .records import ChangeKind
from .scoring import (
    BREADTH,
    Event,
    Participants,
    Score,
    ScoringConfig,
    Side,
    Tier,
    Window,
    participants,
    score_events,
    tier_of,
)

FLOW_KINDS = ("improve", "review", "learned-from")
_TAUGHT_KINDS = (BREADTH,)  # as score_events counts distinct pages taught
_ENGAGED_KINDS = (BREADTH,)  # and distinct colleague pages engaged with
_TINY = timedelta(microseconds=1)


# -- the figures ---------------------------------------------------------------------------


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


# -- computing them ------------------------------------------------------------------------


def window_for(days: int | None) -> Window:
    """The window of ``days`` days (None: all time), labelled the way the leaderboard shows it."""
    if days is None:
        return Window("all", "All time", None)
    label = "Last 12 months" if days == 365 else f"Last {days} days"
    return Window(f"{days}d", label, days)


class _Column:
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


class _Ledger:
    """One person's events, split by side, ready to be scored for any window."""

    __slots__ = ("first", "last", "learn", "teach")

    def __init__(self, events: Iterable[Event]) -> None:
        events = events if isinstance(events, list) else list(events)
        teach_side = Side.TEACH
        self.teach = _Column([e for e in events if e.side is teach_side], _TAUGHT_KINDS)
        self.learn = _Column([e for e in events if e.side is not teach_side], _ENGAGED_KINDS)
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
        return Score(teach, learn, _tier(teach, learn, config), taught, engaged, t_hi - t_lo, l_hi - l_lo)

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


_tier = tier_of


def analyze(kb: KnowledgeBase, windows: Sequence[Window] | None = None, *, top: int = 10,
            list_limit: int = 20, office: str | None = None, review_interval_days: int | None = None,
            unreviewed_days: int | None = None, exclude_pages: Iterable[str] = ()) -> Analytics:
    """Every figure the leaderboard and the exports show.

    ``office``: restrict people (and so every figure) to that office (case-insensitive).
    ``exclude_pages``: docs-relative paths that are not content (generated pages).

    Each person's events are read once into a ``_Ledger``; every score after that (windows,
    previous windows, trend months) is a few bisections and slices, and each window's scores
    are computed once and shared by the headline, rankings, offices, teams, growth and exports.
    """
    settings = kb.settings
    wins = tuple(windows) if windows else tuple(kb.windows())
    review_days = settings.review_interval_days if review_interval_days is None else review_interval_days
    quiet_days = settings.unreviewed_days if unreviewed_days is None else unreviewed_days
    config = settings.scoring
    now = kb.now
    population = _population(kb, office)
    if office is not None:  # as the contributor files spell it
        office = next((p.office for p in population.values()), office.strip())
    all_events = kb.scoreboard.events
    ledgers = {slug: _Ledger(all_events.get(slug, ())) for slug in population}
    nothing = Score(0.0, 0.0, _tier(0.0, 0.0, config), 0, 0, 0, 0)  # score_events((), config)
    offices = sorted({p.office for p in population.values()}, key=lambda o: (o == "", o.casefold(), o))
    flows = _flow_sources(kb, population, ledgers, offices)

    stats: list[WindowStats] = []
    scores_by_window: dict[str, dict[str, Score]] = {}
    for window in wins:
        start = window.start(now) if now else None
        end = now
        current = {slug: ledger.score(config, start, end) for slug, ledger in ledgers.items()} if now else {}
        scores_by_window[window.key] = current
        previous = None
        if window.days is not None and now is not None:
            prev_start = now - timedelta(days=2 * window.days)
            previous = _figures(ledger.score(config, prev_start, start) for ledger in ledgers.values())
        headline = Headline(_figures(current.values()), previous)
        entries = [_entry(population[s], sc) for s, sc in current.items() if population[s].ranked]
        teachers = sorted((e for e in entries if e.teach > 0), key=lambda e: (-e.teach, -e.learn, e.slug))[:top]
        learners = sorted((e for e in entries if e.learn > 0), key=lambda e: (-e.learn, -e.teach, e.slug))[:top]
        roster = sorted((e for e in entries if e.tier is Tier.COMMITTED), key=lambda e: (-e.total, e.slug))
        stats.append(WindowStats(
            window, start, end, headline, tuple(teachers),
            tuple(learners), tuple(roster), _groups(population, current, "office"),
            _groups(population, current, "team"), _flow(offices, flows, start, end),
            ranking=tuple(sorted((e for e in entries if current[e.slug].teach_events or current[e.slug].learn_events),
                                 key=lambda e: (-e.total, -e.teach, e.slug))),
            opted_out=_figures(sc for s, sc in current.items() if not population[s].ranked)))

    people = tuple(
        PersonRow(p.slug, p.name, p.office, p.team,
                  tuple((w.key, scores_by_window[w.key].get(p.slug) or nothing) for w in wins))
        for slug, p in population.items() if p.ranked)  # population is sorted by slug
    trend_days = next((w.days for w in wins if w.days), config.window_days)
    trend, office_trends, team_trends = _trends(population, ledgers, config, now, trend_days)
    first = wins[0]
    touched = others_touched(kb) if now is not None else {}
    content = _content_pages(kb, set(exclude_pages))
    topics = _topics(kb, content)
    growth = _growth(kb, population, ledgers, scores_by_window.get(first.key, {}), first, quiet_days,
                     list_limit, content, topics, office is not None, touched)
    health = _health(kb, review_days, list_limit, content, topics, touched)
    return Analytics(now, kb.history.head, (config.thresholds.teach, config.thresholds.learn), trend_days,
                     office, tuple(stats), people, trend, office_trends, team_trends, growth, health)


def _population(kb: KnowledgeBase, office: str | None) -> dict[str, Person]:
    """Everyone who counts: credited people and contributors (never bots), by slug."""
    people: dict[str, Person] = {s: p for s, p in kb.people.items() if not p.bot}
    for slug in kb.scoreboard.events:
        if slug not in people:
            person = kb.directory.by_slug(slug)
            if person is not None and not person.bot:
                people[slug] = person
    if office is not None:
        wanted = office.strip().casefold()
        people = {s: p for s, p in people.items() if p.office.strip().casefold() == wanted}
    return dict(sorted(people.items()))


def _figures(scores: Iterable[Score]) -> Figures:
    active = teachers = learners = committed = 0
    for s in scores:
        if s.teach_events or s.learn_events:
            active += 1
        teachers += s.tier in (Tier.TEACHER, Tier.COMMITTED)
        learners += s.tier in (Tier.LEARNER, Tier.COMMITTED)
        committed += s.tier is Tier.COMMITTED
    return Figures(active, teachers, learners, committed)


def _entry(person: Person, score: Score) -> Entry:
    return Entry(person.slug, person.name, person.office, person.team, person.profile, score.tier,
                 score.teach, score.learn)


def _groups(population: dict[str, Person], scores: dict[str, Score], attr: str) -> tuple[Group, ...]:
    by_group: dict[str, list[Score]] = defaultdict(list)
    for slug, person in population.items():
        group = by_group[getattr(person, attr)]
        if slug in scores:
            group.append(scores[slug])
    return tuple(Group(name, _figures(group)) for name, group in sorted(by_group.items(), key=_group_order))


def _group_order(item: tuple[str, object]) -> tuple[bool, str, str]:
    """Named groups alphabetically (case-insensitive), people without one last."""
    return (item[0] == "", item[0].casefold(), item[0])


def _flow_sources(kb: KnowledgeBase, population: dict[str, Person], ledgers: dict[str, _Ledger],
                  offices: list[str]) -> list[tuple[int, list[datetime], list[int | None]]]:
    """For each learner: their office's index, their learn events' dates and, for each, the index
    of the office the knowledge came from (None: not a flow event, or a colleague outside the
    offices shown)."""
    index = {o: i for i, o in enumerate(offices)}
    source_of = {slug: index.get(p.office) for slug, p in kb.people.items()}
    source_of.update((slug, index.get(p.office)) for slug, p in population.items())
    out = []
    for slug, ledger in ledgers.items():
        events = ledger.learn.events
        if events:
            sources = [source_of.get(e.other) if e.other and e.kind in FLOW_KINDS else None
                       for e in events]
            out.append((index[population[slug].office], ledger.learn.at, sources))
    return out


def _flow(offices: list[str], flows: list[tuple[int, list[datetime], list[int | None]]],
          start: datetime | None, end: datetime | None) -> FlowMatrix:
    counts = [[0] * len(offices) for _ in offices]
    for learner, ats, sources in flows:
        lo = 0 if start is None else bisect_right(ats, start)
        hi = len(ats) if end is None else bisect_right(ats, end)
        for source, n in Counter(sources[lo:hi]).items():
            if source is not None:
                counts[source][learner] += n
    return FlowMatrix(tuple(offices), tuple(tuple(row) for row in counts))


def _month_ends(first: datetime, now: datetime) -> list[tuple[str, datetime]]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (now.year, now.month):
        nxt = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=timezone.utc)
        out.append((f"{year:04d}-{month:02d}", min(nxt - _TINY, now)))
        year, month = nxt.year, nxt.month
    return out


def _tally(codes: tuple[int, ...]) -> Figures:
    """The figures of ``_Ledger.codes`` values (people without events in the window left out)."""
    teacher, learner, both = codes.count(3), codes.count(5), codes.count(7)
    return Figures(len(codes) - codes.count(0), teacher + both, learner + both, both)


def _trends(population: dict[str, Person], ledgers: dict[str, _Ledger], config: ScoringConfig,
            now: datetime | None, days: int) -> tuple[tuple[TrendPoint, ...], tuple[GroupTrend, ...],
                                                       tuple[GroupTrend, ...]]:
    firsts = [f for f in (ledger.first for ledger in ledgers.values()) if f is not None]
    if now is None or not firsts:
        return (), (), ()
    months = _month_ends(min(firsts).astimezone(timezone.utc), now.astimezone(timezone.utc))
    spans = [(end - timedelta(days=days), end) for _, end in months]
    codes = {slug: ledger.codes(config, spans) for slug, ledger in ledgers.items()}

    def series(members: list[str]) -> tuple[TrendPoint, ...]:
        columns = list(zip(*(codes[s] for s in members), strict=False)) if members else [()] * len(months)
        return tuple(TrendPoint(month, end, _tally(column)) for (month, end), column in zip(months, columns, strict=False))

    def grouped(attr: str) -> tuple[GroupTrend, ...]:
        groups: dict[str, list[str]] = defaultdict(list)
        for slug, person in population.items():
            groups[getattr(person, attr)].append(slug)
        return tuple(GroupTrend(name, series(members)) for name, members in sorted(groups.items(), key=_group_order))

    return series(list(population)), grouped("office"), grouped("team")


def topic_of(kb: KnowledgeBase, path: str) -> str:
    """The page's ``topic`` front matter, else its top folder, else ''."""
    info = kb.pages.get(path)
    if info is not None and info.topic:
        return info.topic
    return path.split("/", 1)[0] if "/" in path else ""


def _content_pages(kb: KnowledgeBase, exclude: set[str]) -> list[str]:
    prefix = kb.settings.people_prefix.strip("/") + "/"
    return [p for p in sorted(kb.pages) if kb.scoreboard.counts(p) and p not in exclude and p != kb.settings.leaderboard_path
            and not p.startswith(prefix)]


def others_touched(kb: KnowledgeBase) -> dict[str, datetime]:
    """For each existing page, the last time someone other than its creators changed (substantively)
    or reviewed it (a ``Reviewed-by``/``Approved-by``/``Acked-by`` on a change to it, not a self-review)."""
    history = kb.history
    creators = kb.scoreboard.creators
    people = _participants(kb)
    nobody: frozenset[str] = frozenset()
    latest: dict[str, datetime] = {}
    owner_of: dict[str, frozenset[str]] = {}
    void = history.ignored | history.cancelled
    reviews = [commit for commit in history.commits if people[commit.sha].reviewers and commit.sha not in void]
    wanted = {commit.sha for commit in reviews}  # the commits whose pages a review touches
    branches: dict[str, tuple[str, ...]] = {}
    if any(commit.is_merge for commit in reviews):
        branches = {merge: branch for merge, branch in history.merged_branches().items() if merge in wanted}
        wanted.update(sha for branch in branches.values() for sha in branch)
    pages_by_commit: dict[str, set[str]] = {sha: set() for sha in wanted}
    for edit in history.edits:
        page = edit.page
        if page is None or not edit.counts or not kb.scoreboard.counts(page):
            continue
        owners = owner_of.get(page)
        if owners is None:
            owners = owner_of[page] = creators.get(edit.file, nobody)
        commit = edit.commit
        sha = commit.sha
        if sha in wanted:
            pages_by_commit[sha].add(page)
        change = edit.change
        if change.kind is ChangeKind.DELETED or (change.added == 0 and change.removed == 0):
            continue
        authors = people[sha].authors
        if (authors[0].slug not in owners if len(authors) == 1
                else any(person.slug not in owners for person in authors)):
            at, last = commit.authored_at, latest.get(page)
            if last is None or at > last:
                latest[page] = at
    for merge, branch in branches.items():
        pages_by_commit[merge].update(p for sha in branch for p in pages_by_commit[sha])
    for commit in reviews:
        pages = pages_by_commit[commit.sha]
        if not pages:
            continue
        who = people[commit.sha]
        reviewers = {p.slug for _, p in who.reviewers if not p.bot} - {p.slug for p in who.authors}
        if not reviewers:
            continue
        at = commit.authored_at
        for page in pages:
            if not reviewers <= owner_of.get(page, nobody):
                last = latest.get(page)
                if last is None or at > last:
                    latest[page] = at
    return latest


def _participants(kb: KnowledgeBase) -> dict[str, Participants]:
    """Each commit's people, as the scoreboard resolved them (resolved here if it did not)."""
    known = kb.scoreboard.participants
    if all(c.sha in known for c in kb.history.commits):
        return known
    return participants(kb.history, kb.directory)


def _topics(kb: KnowledgeBase, pages: Iterable[str]) -> dict[str, str]:
    return {page: topic_of(kb, page) for page in pages}


def _growth(kb: KnowledgeBase, population: dict[str, Person], ledgers: dict[str, _Ledger],
            scores: dict[str, Score], window: Window, quiet_days: int, limit: int, pages: list[str],
            topics: dict[str, str], restricted: bool, touched: dict[str, datetime]) -> Growth:
    thresholds = kb.settings.scoring.thresholds
    one_step: list[OneStep] = []
    for slug, score in scores.items():
        person = population[slug]
        if not person.ranked:
            continue
        if score.tier is Tier.TEACHER:
            one_step.append(OneStep(_entry(person, score), Side.LEARN, round(thresholds.learn - score.learn, 1)))
        elif score.tier is Tier.LEARNER:
            one_step.append(OneStep(_entry(person, score), Side.TEACH, round(thresholds.teach - score.teach, 1)))
    one_step.sort(key=lambda o: (o.short_by, o.missing.value, o.entry.slug))

    taught: dict[str, set[str]] = defaultdict(set)  # topic -> slugs
    for slug, events in kb.scoreboard.events.items():
        ledger = ledgers.get(slug)
        if ledger is not None:
            mine = {p for p in ledger.teach.pages if p}
        else:
            mine = {e.page for e in events if e.side is Side.TEACH and e.kind in _TAUGHT_KINDS and e.page}
        for page in mine & topics.keys():
            taught[topics[page]].add(slug)
    topic_pages: dict[str, int] = defaultdict(int)
    for page in pages:
        topic_pages[topics[page]] += 1
    risks = []
    for topic, slugs in sorted(taught.items(), key=lambda kv: (kv[0] == "", kv[0])):
        if len(slugs) != 1:
            continue
        slug = next(iter(slugs))
        if restricted and slug not in population:
            continue  # a topic taught by another office's person, when restricted to one office
        found: Person | None = population.get(slug) or kb.people.get(slug) or kb.directory.by_slug(slug)
        entry = None
        if found is not None and found.ranked:
            entry = _entry(found, scores.get(slug) or score_events((), kb.settings.scoring))
        risks.append(TopicRisk(topic, topic_pages[topic], entry))

    quiet: list[tuple[bool, date, str, date | None]] = []
    now = kb.now
    if now is not None:
        cutoff = now - timedelta(days=quiet_days)
        for page in pages:
            at = touched.get(page)
            if at is None:
                quiet.append((False, date.min, page, None))
            elif at <= cutoff:
                day = at.date()
                quiet.append((True, day, page, day))
    quiet.sort()  # never touched first, then oldest first, then by path (paths are unique)
    refs = tuple(PageRef(page, kb.pages[page].title, topics[page], since) for _, _, page, since in quiet[:limit])
    return Growth(window, tuple(one_step), tuple(risks), refs, len(quiet), quiet_days)


def _health(kb: KnowledgeBase, interval_days: int, limit: int, pages: list[str], topics: dict[str, str],
            touched: dict[str, datetime]) -> Health:
    now = kb.now
    per_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    stale: list[tuple[bool, date, str, date | None]] = []
    reviewed_total = 0
    cutoff = (now - timedelta(days=interval_days)) if now is not None else None
    cutoff_day = cutoff.date() if cutoff is not None else None
    for page in pages:
        info = kb.pages[page]
        at = touched.get(page)
        reviewed_on = info.last_reviewed
        counts = per_topic[topics[page]]
        counts[0] += 1
        if cutoff is not None and ((reviewed_on is not None and reviewed_on >= cutoff_day)  # type: ignore[operator]
                                   or (at is not None and at > cutoff)):
            counts[1] += 1
            reviewed_total += 1
            continue
        candidates = [d for d in (reviewed_on, at.date() if at is not None else None) if d]
        last = max(candidates) if candidates else None
        stale.append((last is not None, last or date.min, page, last))
    stale.sort()  # never reviewed first, then oldest first, then by path (paths are unique)
    oldest = tuple(PageRef(page, kb.pages[page].title, topics[page], last) for _, _, page, last in stale[:limit])
    per = tuple(TopicHealth(t, n, r) for t, (n, r) in sorted(per_topic.items(), key=_group_order))
    return Health(interval_days, len(pages), reviewed_total, per, oldest)

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

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .knowledge import KnowledgeBase
from .people import Person
from .records import REVIEW_TRAILERS, ChangeKind, Commit
from .scoring import Event, Score, Side, Tier, Window, is_page, score_events

FLOW_KINDS = ("improve", "review", "learned-from")
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


class _Timeline:
    """One person's events sorted by date, so any window is a slice found by bisection."""

    __slots__ = ("ats", "events")

    def __init__(self, events: Iterable[Event]) -> None:
        self.events = sorted(events, key=lambda e: e.at)
        self.ats = [e.at for e in self.events]

    def between(self, start: datetime | None, end: datetime | None) -> list[Event]:
        lo = 0 if start is None else bisect.bisect_right(self.ats, start)
        hi = len(self.ats) if end is None else bisect.bisect_right(self.ats, end)
        return self.events[lo:hi]


def analyze(kb: KnowledgeBase, windows: Sequence[Window] | None = None, *, top: int = 10,
            list_limit: int = 20, office: str | None = None, review_interval_days: int | None = None,
            unreviewed_days: int | None = None, exclude_pages: Iterable[str] = ()) -> Analytics:
    """Every figure the leaderboard and the exports show.

    ``office``: restrict people (and so every figure) to that office (case-insensitive).
    ``exclude_pages``: docs-relative paths that are not content (generated pages).
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
    timelines = {slug: _Timeline(kb.scoreboard.events.get(slug, ())) for slug in population}

    def score(slug: str, start: datetime | None, end: datetime | None) -> Score:
        return score_events(timelines[slug].between(start, end), config, start, end)

    stats: list[WindowStats] = []
    scores_by_window: dict[str, dict[str, Score]] = {}
    for window in wins:
        start = window.start(now) if now else None
        end = now
        current = {slug: score(slug, start, end) for slug in population} if now else {}
        scores_by_window[window.key] = current
        previous = None
        if window.days is not None and now is not None:
            prev_start = now - timedelta(days=2 * window.days)
            previous = _figures(score(slug, prev_start, start) for slug in population)
        headline = Headline(_figures(current.values()), previous)
        entries = [_entry(population[s], sc) for s, sc in current.items() if population[s].ranked]
        teachers = sorted((e for e in entries if e.teach > 0), key=lambda e: (-e.teach, -e.learn, e.slug))[:top]
        learners = sorted((e for e in entries if e.learn > 0), key=lambda e: (-e.learn, -e.teach, e.slug))[:top]
        roster = sorted((e for e in entries if e.tier is Tier.COMMITTED), key=lambda e: (-e.total, e.slug))
        stats.append(WindowStats(
            window, start, end, headline, tuple(teachers),
            tuple(learners), tuple(roster), _groups(population, current, "office"),
            _groups(population, current, "team"),
            _flow(kb, population, timelines, start, end)))

    people = tuple(
        PersonRow(p.slug, p.name, p.office, p.team,
                  tuple((w.key, scores_by_window[w.key].get(p.slug) or score_events((), config)) for w in wins))
        for slug, p in sorted(population.items()) if p.ranked)
    trend_days = next((w.days for w in wins if w.days), config.window_days)
    trend, office_trends, team_trends = _trends(population, timelines, score, now, trend_days)
    first = wins[0]
    touched = others_touched(kb) if now is not None else {}
    growth = _growth(kb, population, scores_by_window.get(first.key, {}), first, quiet_days,
                     list_limit, set(exclude_pages), office is not None, touched)
    health = _health(kb, review_days, list_limit, set(exclude_pages), touched)
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


def _flow(kb: KnowledgeBase, population: dict[str, Person], timelines: dict[str, _Timeline],
          start: datetime | None, end: datetime | None) -> FlowMatrix:
    offices = sorted({p.office for p in population.values()}, key=lambda o: (o == "", o.casefold(), o))
    index = {o: i for i, o in enumerate(offices)}
    counts = [[0] * len(offices) for _ in offices]
    for slug, timeline in timelines.items():
        learner = index[population[slug].office]
        for event in timeline.between(start, end):
            if event.side is not Side.LEARN or event.kind not in FLOW_KINDS or not event.other:
                continue
            source = population.get(event.other) or kb.people.get(event.other)
            if source is None or source.office not in index:
                continue  # outside the office asked for
            counts[index[source.office]][learner] += 1
    return FlowMatrix(tuple(offices), tuple(tuple(row) for row in counts))


def _month_ends(first: datetime, now: datetime) -> list[tuple[str, datetime]]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (now.year, now.month):
        nxt = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=timezone.utc)
        out.append((f"{year:04d}-{month:02d}", min(nxt - _TINY, now)))
        year, month = nxt.year, nxt.month
    return out


def _trends(population: dict[str, Person], timelines: dict[str, _Timeline], score, now: datetime | None,  # noqa: ANN001
            days: int) -> tuple[tuple[TrendPoint, ...], tuple[GroupTrend, ...], tuple[GroupTrend, ...]]:
    firsts = [t.ats[0] for t in timelines.values() if t.ats]
    if now is None or not firsts:
        return (), (), ()
    months = _month_ends(min(firsts).astimezone(timezone.utc), now.astimezone(timezone.utc))
    per_month: list[dict[str, Score]] = []
    for _, end in months:
        start = end - timedelta(days=days)
        per_month.append({slug: score(slug, start, end) for slug, t in timelines.items() if t.between(start, end)})

    def series(members: Iterable[str]) -> tuple[TrendPoint, ...]:
        members = list(members)
        return tuple(TrendPoint(month, end, _figures(scores[s] for s in members if s in scores))
                     for (month, end), scores in zip(months, per_month))

    def grouped(attr: str) -> tuple[GroupTrend, ...]:
        groups: dict[str, list[str]] = defaultdict(list)
        for slug, person in population.items():
            groups[getattr(person, attr)].append(slug)
        return tuple(GroupTrend(name, series(members)) for name, members in sorted(groups.items(), key=_group_order))

    return series(population), grouped("office"), grouped("team")


def topic_of(kb: KnowledgeBase, path: str) -> str:
    """The page's ``topic`` front matter, else its top folder, else ''."""
    info = kb.pages.get(path)
    if info is not None and info.topic:
        return info.topic
    return path.split("/", 1)[0] if "/" in path else ""


def _content_pages(kb: KnowledgeBase, exclude: set[str]) -> list[str]:
    prefix = kb.settings.people_prefix.strip("/") + "/"
    return [p for p in sorted(kb.pages) if is_page(p) and p not in exclude and p != kb.settings.leaderboard_path
            and not p.startswith(prefix)]


def others_touched(kb: KnowledgeBase) -> dict[str, datetime]:
    """For each existing page, the last time someone other than its creators changed (substantively)
    or reviewed it (a ``Reviewed-by``/``Approved-by``/``Acked-by`` on a change to it, not a self-review)."""
    history, directory = kb.history, kb.directory
    creators = kb.scoreboard.creators
    latest: dict[str, datetime] = {}
    pages_by_commit: dict[str, set[str]] = defaultdict(set)
    owner_of: dict[str, frozenset[str]] = {}

    def touch(page: str, at: datetime) -> None:
        if page not in latest or at > latest[page]:
            latest[page] = at

    authors_of: dict[str, frozenset[str]] = {}

    def authors(commit: Commit) -> frozenset[str]:
        found = authors_of.get(commit.sha)
        if found is None:
            found = authors_of[commit.sha] = frozenset(
                p.slug for p in map(directory.person, commit.authors) if not p.bot)
        return found

    for edit in history.edits:
        if edit.page is None or not edit.counts or not is_page(edit.page):
            continue
        owners = owner_of.setdefault(edit.page, creators.get(edit.file, frozenset()))
        pages_by_commit[edit.commit.sha].add(edit.page)
        change = edit.change
        if change.kind is ChangeKind.DELETED or (change.added == 0 and change.removed == 0):
            continue
        if authors(edit.commit) - owners:
            touch(edit.page, edit.commit.authored_at)
    for merge, branch in history.merged_branches().items():
        pages_by_commit[merge] |= {p for sha in branch for p in pages_by_commit.get(sha, ())}
    void = history.ignored | history.cancelled
    for commit in history.commits:
        pages = pages_by_commit.get(commit.sha)
        if not pages or commit.sha in void or not any(t.key in REVIEW_TRAILERS for t in commit.trailers):
            continue
        reviewers = {p.slug for key in REVIEW_TRAILERS for p in map(directory.person, commit.people(key))
                     if not p.bot} - authors(commit)
        for page in pages:
            if reviewers - owner_of.get(page, frozenset()):
                touch(page, commit.authored_at)
    return latest


def _growth(kb: KnowledgeBase, population: dict[str, Person], scores: dict[str, Score], window: Window,
            quiet_days: int, limit: int, exclude: set[str], restricted: bool,
            touched: dict[str, datetime]) -> Growth:
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

    pages = _content_pages(kb, exclude)
    page_set = set(pages)
    taught: dict[str, set[str]] = defaultdict(set)  # topic -> slugs
    for slug, events in kb.scoreboard.events.items():
        for event in events:
            if event.side is Side.TEACH and event.kind in ("create", "content") and event.page in page_set:
                taught[topic_of(kb, event.page)].add(slug)
    topic_pages: dict[str, int] = defaultdict(int)
    for page in pages:
        topic_pages[topic_of(kb, page)] += 1
    risks = []
    for topic, slugs in sorted(taught.items(), key=lambda kv: (kv[0] == "", kv[0])):
        if len(slugs) != 1:
            continue
        slug = next(iter(slugs))
        if restricted and slug not in population:
            continue  # a topic taught by another office's person, when restricted to one office
        person = population.get(slug) or kb.people.get(slug) or kb.directory.by_slug(slug)
        entry = None
        if person is not None and person.ranked:
            entry = _entry(person, scores.get(slug) or score_events((), kb.settings.scoring))
        risks.append(TopicRisk(topic, topic_pages[topic], entry))

    quiet: list[PageRef] = []
    now = kb.now
    if now is not None:
        cutoff = now - timedelta(days=quiet_days)
        for page in pages:
            at = touched.get(page)
            if at is None or at <= cutoff:
                quiet.append(PageRef(page, kb.pages[page].title, topic_of(kb, page), at.date() if at else None))
    quiet.sort(key=lambda r: (r.since is not None, r.since or date.min, r.path))
    return Growth(window, tuple(one_step), tuple(risks), tuple(quiet[:limit]), len(quiet), quiet_days)


def _health(kb: KnowledgeBase, interval_days: int, limit: int, exclude: set[str],
            touched: dict[str, datetime]) -> Health:
    pages = _content_pages(kb, exclude)
    now = kb.now
    per_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    stale: list[PageRef] = []
    reviewed_total = 0
    cutoff = (now - timedelta(days=interval_days)) if now is not None else None
    for page in pages:
        info = kb.pages[page]
        candidates = [d for d in (info.last_reviewed, touched[page].date() if page in touched else None) if d]
        last = max(candidates) if candidates else None
        ok = cutoff is not None and (
            (info.last_reviewed is not None and info.last_reviewed >= cutoff.date())
            or (page in touched and touched[page] > cutoff))
        topic = topic_of(kb, page)
        per_topic[topic][0] += 1
        if ok:
            per_topic[topic][1] += 1
            reviewed_total += 1
        else:
            stale.append(PageRef(page, info.title, topic, last))
    stale.sort(key=lambda r: (r.since is not None, r.since or date.min, r.path))
    topics = tuple(TopicHealth(t, n, r) for t, (n, r) in sorted(per_topic.items(), key=_group_order))
    return Health(interval_days, len(pages), reviewed_total, topics, tuple(stale[:limit]))

"""The teacher/learner scoring model. Pure: history + people in, events and scores out.

Every point is an ``Event`` with the reason it was earned, so every score can be explained.
"Now" is the date of the newest commit read, never the wall clock.

Teach: creating a page; adding substantive lines to a page (diminishing returns per change);
being named ``Co-authored-by`` on such a change (same credit as its author); being named
``Learned-from`` by someone else.
Learn: a substantive change to a page someone else created; being named ``Reviewed-by`` /
``Approved-by`` / ``Acked-by`` on someone else's change; writing ``Learned-from`` naming someone
else.
Breadth: each distinct page taught and each distinct colleague's page engaged with in a window
adds a bonus, which outweighs volume.
Zero: white-space-only, rename-only, reverted and ignored (``.git-blame-ignore-revs``) changes,
self-reviews, self-acknowledgements, bots. Content points per person, page and day are capped.
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from .history import History
from .people import Directory, Person
from .records import CO_AUTHORED_BY, LEARNED_FROM, REVIEW_TRAILERS, ChangeKind, Commit, Edit

_TRAILER_ORDER = {key: i for i, key in enumerate((CO_AUTHORED_BY, *REVIEW_TRAILERS, LEARNED_FROM))}

PAGE_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class Weights:
    create_page: float = 10.0  # teach: a new page
    line_curve: float = 2.0  # teach: points = line_curve * log2(1 + lines added) per change
    acknowledged: float = 5.0  # teach: named Learned-from by a colleague
    improve: float = 4.0  # learn: a substantive change to a colleague's page
    review: float = 3.0  # learn: Reviewed-by / Approved-by / Acked-by on a colleague's change
    learned_from: float = 3.0  # learn: writing Learned-from naming a colleague
    breadth_page: float = 5.0  # teach: per distinct page taught in the window
    breadth_colleague: float = 3.0  # learn: per distinct colleague's page engaged with in the window
    daily_page_cap: float = 15.0  # the most content points per person, page and day


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


@dataclass(frozen=True, slots=True)
class Event:
    """One reason a person earned points."""

    slug: str
    side: Side
    kind: str  # create, content, acknowledged, improve, review, learned-from
    points: float
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
    pages_taught: int
    colleague_pages: int
    teach_events: int
    learn_events: int

    @property
    def total(self) -> float:
        return round(self.teach + self.learn, 1)


@dataclass
class Scoreboard:
    """All events, and the scores they add up to per person and window."""

    config: ScoringConfig
    now: datetime | None
    events: dict[str, list[Event]]  # slug -> events, oldest first
    creators: dict[str, frozenset[str]]  # page -> slugs who created it
    participants: dict[str, Participants] = field(default_factory=dict, repr=False)  # sha -> people
    branch_authors: dict[str, set[str]] = field(default_factory=dict, repr=False)  # merge sha -> slugs

    def score(self, slug: str, start: datetime | None = None, end: datetime | None = None) -> Score:
        return score_events(self.events.get(slug, ()), self.config, start, end)

    def window_score(self, slug: str, window: Window) -> Score:
        return self.score(slug, window.start(self.now) if self.now else None)

    def explain(self, slug: str, start: datetime | None = None) -> list[Event]:
        return [e for e in self.events.get(slug, ()) if start is None or e.at > start]


def score_events(events: Iterable[Event], config: ScoringConfig, start: datetime | None = None,
                 end: datetime | None = None) -> Score:
    w, t = config.weights, config.thresholds
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
            if e.page and e.kind in ("create", "content"):
                taught.add(e.page)
        else:
            learn += e.points
            n_learn += 1
            if e.page and e.kind in ("improve", "review"):
                engaged.add(e.page)
    teach += w.breadth_page * len(taught)
    learn += w.breadth_colleague * len(engaged)
    teach, learn = round(teach, 1), round(learn, 1)
    if teach >= t.teach and learn >= t.learn:
        tier = Tier.COMMITTED
    elif teach >= t.teach:
        tier = Tier.TEACHER
    elif learn >= t.learn:
        tier = Tier.LEARNER
    else:
        tier = Tier.INACTIVE
    return Score(teach, learn, tier, len(taught), len(engaged), n_teach, n_learn)


@lru_cache(maxsize=65536)
def is_page(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(PAGE_SUFFIXES)  # type: ignore[union-attr]


def line_points(lines: int, weights: Weights) -> float:
    """Diminishing returns: 10 lines earn ~6.9, 100 lines ~13.3, 1,000 lines ~19.9."""
    return weights.line_curve * math.log2(1 + lines) if lines > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Participants:
    """The people a commit names, resolved once: who wrote it, who reviewed it, who taught it."""

    authors: tuple[Person, ...]  # author and co-authors, bots left out, each once
    reviewers: tuple[tuple[str, Person], ...]  # (trailer key, person), each person once
    teachers: tuple[Person, ...]  # named Learned-from, each once


def participants(history: History, directory: Directory) -> dict[str, Participants]:
    """Every commit's participants, keyed by sha (one identity look-up each, not one per rule)."""
    out: dict[str, Participants] = {}
    empty: tuple[Any, ...] = ()
    for commit in history.commits:
        author = directory.person(commit.author)
        if not commit.trailers:
            out[commit.sha] = Participants(empty if author.bot else (author,), empty, empty)
            continue
        authors: dict[str, Person] = {} if author.bot else {author.slug: author}
        reviewers: dict[str, tuple[str, Person]] = {}
        teachers: dict[str, Person] = {}
        for trailer in sorted(commit.trailers, key=lambda t: _TRAILER_ORDER.get(t.key, 9)):
            person = directory.person(trailer.identity)
            if trailer.key == CO_AUTHORED_BY:
                if not person.bot:
                    authors.setdefault(person.slug, person)
            elif trailer.key == LEARNED_FROM:
                teachers.setdefault(person.slug, person)
            else:
                reviewers.setdefault(person.slug, (trailer.key, person))
        out[commit.sha] = Participants(tuple(authors.values()), tuple(reviewers.values()), tuple(teachers.values()))
    return out


def build_scoreboard(history: History, directory: Directory, config: ScoringConfig) -> Scoreboard:
    people = participants(history, directory)
    events: dict[str, list[Event]] = defaultdict(list)
    creators = _creators(history, people)
    capped: dict[tuple[str, str, object, Side], float] = {}
    w = config.weights
    by_commit: dict[str, list[Edit]] = defaultdict(list)
    for edit in history.edits:
        by_commit[edit.commit.sha].append(edit)
    branches = history.merged_branches()
    branch_authors = merged_authors(history, people, branches)

    cap = w.daily_page_cap
    cap_note = f"capped at {cap:g} a day on one page"

    def add(person: Person, side: Side, kind: str, points: float, commit: Commit, page: str | None = None,
            other: str | None = None, note: str = "") -> None:
        if person.bot or points <= 0:
            return
        if page is not None and (kind == "content" or kind == "improve"):
            key = (person.slug, page, commit.authored_at.date(), side)
            used = capped.get(key, 0.0)
            if points > cap - used:
                note = f"{note}; {cap_note}" if note else cap_note
                points = max(0.0, cap - used)
                if points <= 0:
                    return
            capped[key] = used + points
        events[person.slug].append(Event(person.slug, side, kind, round(points, 2), commit.authored_at,
                                         commit.sha, page, other, note))

    void = history.ignored | history.cancelled
    acknowledged_days: set[tuple[str, frozenset[str], object]] = set()  # one Learned-from per pair a day
    for commit in reversed(history.commits):  # oldest first: caps fall on the later changes of a day
        if commit.sha in void:
            continue
        who = people[commit.sha]
        authors = who.authors
        author_slugs = {p.slug for p in authors}
        for edit in by_commit.get(commit.sha, ()):
            change, page = edit.change, edit.file
            if change.kind is ChangeKind.DELETED or not is_page(page):
                continue
            for person in authors:
                if change.kind is ChangeKind.ADDED and change.old_path is None:  # a copy is no new page
                    add(person, Side.TEACH, "create", w.create_page, commit, page)
                if change.added > 0:
                    add(person, Side.TEACH, "content", line_points(change.added, w), commit, page,
                        note=f"{change.added} line{'s' if change.added != 1 else ''}")
                    owners = creators.get(page, frozenset())
                    if change.kind is not ChangeKind.ADDED and person.slug not in owners:
                        add(person, Side.LEARN, "improve", w.improve, commit, page, min(owners) if owners else None)
        if not (who.reviewers or who.teachers):
            continue
        if commit.sha in branches:
            # A pull-request merge: its reviewers reviewed the branch, whose authors made the
            # change. The merge's own author is whoever pressed the button (usually the reviewer).
            changed_by = branch_authors[commit.sha]
            pages = sorted({e.file for sha in branches[commit.sha] for e in by_commit.get(sha, ())
                            if is_page(e.file) and e.counts})
        else:
            changed_by = author_slugs
            pages = sorted({e.file for e in by_commit.get(commit.sha, ()) if is_page(e.file)})
        for key, reviewer in who.reviewers:
            if reviewer.slug in changed_by or not changed_by:
                continue  # a self-review earns nothing; one review per reviewer and change
            add(reviewer, Side.LEARN, "review", w.review, commit, pages[0] if pages else None,
                min(changed_by), note=key)
        for teacher in who.teachers:
            pair_day = (teacher.slug, frozenset(author_slugs), commit.authored_at.date())
            if teacher.slug in author_slugs or teacher.bot or not authors or pair_day in acknowledged_days:
                continue  # oneself, a bot, or the same people again that day: nothing more
            acknowledged_days.add(pair_day)
            add(teacher, Side.TEACH, "acknowledged", w.acknowledged, commit, None,
                min(author_slugs) if author_slugs else None)
            for person in authors:
                add(person, Side.LEARN, "learned-from", w.learned_from, commit, None, teacher.slug)
    return Scoreboard(config, history.now, dict(events), creators, people, branch_authors)


def _creators(history: History, people: dict[str, Participants]) -> dict[str, frozenset[str]]:
    """Who created each file: the authors of its oldest ``added`` change."""
    creators: dict[str, frozenset[str]] = {}
    for edit in history.edits:  # newest first: the oldest add wins
        if edit.change.kind is ChangeKind.ADDED:
            creators[edit.file] = frozenset(p.slug for p in people[edit.commit.sha].authors)
    return creators


def merged_authors(history: History, people: dict[str, Participants],
                   branches: dict[str, tuple[str, ...]] | None = None) -> dict[str, set[str]]:
    """For each pull-request merge, the authors of the branch it brought in."""
    branches = history.merged_branches() if branches is None else branches
    return {merge: {p.slug for sha in branch for p in people[sha].authors} for merge, branch in branches.items()}

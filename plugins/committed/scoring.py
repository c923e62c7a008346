"""The teacher/learner scoring model. Pure: history + people in, events and scores out.

Every point is an ``Event`` with the reason it was earned, breadth bonuses included, so every
score can be explained row by row. "Now" is the date of the newest commit read, never the wall
clock. docs/committed/scoring.md is the model in prose; the numbers are ``Weights``.

Teach: creating a page; adding lines to a page (diminishing returns over the window); being
named ``Learned-from`` by someone else. Learn: a substantive change to a page someone else
created; being named ``Reviewed-by`` / ``Approved-by`` / ``Acked-by`` on someone else's
substantive change; writing ``Learned-from`` naming someone else. Breadth: each page taught and
each colleague's page engaged with, once per page in the window.
Zero: unpublished pages, white-space and blank-line-only, rename-only, reverted and ignored
(``.git-blame-ignore-revs``) changes, content added back, self-reviews, self-acknowledgements,
trailers on trivial changes, bots, a co-author trailer naming the commit's own committer.
The limits on repetition, volume, colleagues and bulk commits are in ``saturation``.

This module walks the history once; ``saturation.Ledger`` keeps each limit's state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from .eventlists import EventLists
from .history import History
from .people import Directory, Person
from .publication import PAGE_SUFFIXES, Publication
from .records import CO_AUTHORED_BY, LEARNED_FROM, REVIEW_TRAILERS, ChangeKind, Commit, Edit, Identity, Trailer
from .saturation import Ledger, PageWork
from .scoring_model import (
    BREADTH,
    Event,
    Score,
    ScoringConfig,
    Side,
    Thresholds,
    Tier,
    Weights,
    Window,
    line_points,
    score_events,
    tier_of,
    windows,
)

__all__ = ["BREADTH", "Event", "Participants", "Score", "Scoreboard", "ScoringConfig", "Side", "Thresholds", "Tier",
           "Walk", "Weights", "Window", "build_scoreboard", "leading", "is_page", "line_points", "merged_authors", "participants",
           "score_events", "tier_of", "windows"]

_TRAILER_ORDER = {key: i for i, key in enumerate((CO_AUTHORED_BY, *REVIEW_TRAILERS, LEARNED_FROM))}


@dataclass
class Scoreboard:
    """All events, and the scores they add up to per person and window."""

    config: ScoringConfig
    now: datetime | None
    events: EventLists  # slug -> events, oldest first
    creators: dict[str, frozenset[str]]  # page -> slugs who created it
    participants: dict[str, Participants] = field(default_factory=dict, repr=False)  # sha -> people
    branch_authors: dict[str, set[str]] = field(default_factory=dict, repr=False)  # merge sha -> slugs
    publication: Publication = field(default_factory=Publication, repr=False)  # which pages count
    walk: Walk | None = field(default=None, repr=False)  # the walk that made it, to resume (checkpoint.py)

    def score(self, slug: str, start: datetime | None = None, end: datetime | None = None) -> Score:
        """``score_events`` of ``slug``'s events in ``(start, end]``, from their ``Totals``."""
        totals = self.events.totals(slug)
        return totals.score(self.config, start, end) if totals else score_events((), self.config)

    def summary(self, slug: str) -> dict[tuple[str, str], tuple[int, float]]:
        """(side, kind) -> (events, points) of all ``slug``'s events."""
        totals = self.events.totals(slug)
        return totals.summary() if totals else {}

    def window_score(self, slug: str, window: Window) -> Score:
        return self.score(slug, window.start(self.now) if self.now else None)

    def explain(self, slug: str, start: datetime | None = None) -> list[Event]:
        return [e for e in self.events.get(slug, ()) if start is None or e.at > start]

    def counts(self, path: str | None) -> bool:
        """Whether ``path`` is a page the site publishes (the only pages that earn)."""
        return self.publication.counts(path)


@lru_cache(maxsize=65536)
def is_page(path: str | None) -> bool:
    """A Markdown page by its name (whether the site publishes it: ``Publication.counts``)."""
    return bool(path) and path.lower().endswith(PAGE_SUFFIXES)  # type: ignore[union-attr]


@dataclass(frozen=True, slots=True)
class Participants:
    """The people a commit names, resolved once: who wrote it, who reviewed it, who taught it."""

    authors: tuple[Person, ...]  # author and co-authors, bots left out, each once
    reviewers: tuple[tuple[str, Person], ...]  # (trailer key, person), each person once
    teachers: tuple[Person, ...]  # named Learned-from, each once
    committer_coauthors: frozenset[str] = frozenset()  # co-authors (not the author) who committed it


def participants(history: History | Sequence[Commit], directory: Directory,
                 reviews: Mapping[str, tuple[Trailer, ...]] | None = None) -> dict[str, Participants]:
    """Every commit's participants, keyed by sha (one identity look-up each, not one per rule), in
    the order of the history's commits (or of the commits given). ``reviews``: trailers a forge
    ledger adds to commits (sha -> trailers), as if the commits ended with them."""
    out: dict[str, Participants] = {}
    empty: tuple[Any, ...] = ()
    alone: dict[int, Participants] = {}  # id of an author's identity -> the commits they made alone
    alive: list[Identity] = []  # the identities ``alone`` names, so that no id is reused meanwhile
    for commit in (history.commits if isinstance(history, History) else history):
        trailers = commit.trailers
        if reviews:
            more = reviews.get(commit.sha)
            if more:
                trailers = (*trailers, *more)
        if not trailers:
            found = alone.get(id(commit.author))
            if found is None:
                author = directory.person(commit.author)
                found = alone[id(commit.author)] = Participants(empty if author.bot else (author,), empty, empty)
                alive.append(commit.author)
            out[commit.sha] = found
            continue
        author = directory.person(commit.author)
        authors: dict[str, Person] = {} if author.bot else {author.slug: author}
        reviewers: dict[str, tuple[str, Person]] = {}
        teachers: dict[str, Person] = {}
        committers: set[str] = set()
        for trailer in sorted(trailers, key=lambda t: _TRAILER_ORDER.get(t.key, 9)):
            person = directory.person(trailer.identity)
            if trailer.key == CO_AUTHORED_BY:
                if not person.bot:
                    authors.setdefault(person.slug, person)
                    if person.slug != author.slug and _same_identity(trailer.identity, commit.committer):
                        committers.add(person.slug)
            elif trailer.key == LEARNED_FROM:
                teachers.setdefault(person.slug, person)
            else:
                reviewers.setdefault(person.slug, (trailer.key, person))
        out[commit.sha] = Participants(tuple(authors.values()), tuple(reviewers.values()), tuple(teachers.values()),
                                       frozenset(committers))
    return out


@dataclass
class Walk:
    """What scoring carries from one commit to the next, oldest first: the ledger, who created each
    file, which commits changed page text substantively, the acknowledgements made each day. Fed
    the commits that follow its last one, it goes on exactly as one walk over all of them would
    (checkpoint.py keeps it between builds)."""

    ledger: Ledger
    creators: dict[str, frozenset[str]] = field(default_factory=dict)  # file -> slugs who created it
    substantive: dict[str, bool] = field(default_factory=dict)  # sha -> changes page text substantively
    acknowledged: set[tuple[str, frozenset[str], date]] = field(default_factory=set)  # one Learned-from a day


def build_scoreboard(history: History, directory: Directory, config: ScoringConfig,
                     publication: Publication | None = None, *, people: dict[str, Participants] | None = None,
                     resume: tuple[Walk, int] | None = None) -> Scoreboard:
    """Every event of the history, in one pass over its commits, oldest first.

    ``publication``: which pages the site publishes (default: every Markdown page but MkDocs'
    default exclusions); changes to any other file earn nothing. ``people``: the commits'
    ``participants``, if known. ``resume``: a walk over the oldest ``n`` commits of this very
    history (checkpoint.py proves it), which only the newer ones are fed to.
    """
    publication = publication or Publication()
    people = participants(history, directory) if people is None else people
    walk, old = resume if resume is not None else (Walk(Ledger(config)), 0)
    commits = history.commits[:len(history.commits) - old]
    new = {c.sha for c in commits} if old else None
    edits = history.edits if new is None else leading(history.edits, new)
    _add_creators(walk.creators, edits, history.copied_from, people)
    by_commit = _counted(edits, publication, history.docs_dir)
    branches = history.merged_branches()
    branch_authors = merged_authors(history, people, branches)
    if new is not None:  # a new merge of a branch whose older commits were walked already
        earlier = {sha for c in commits for sha in branches.get(c.sha, ()) if sha not in new}
        if earlier:
            by_commit.update(_counted([e for e in history.edits if e.commit.sha in earlier], publication,
                                      history.docs_dir))
    _walk(walk, commits, by_commit, people, branches, branch_authors, history.ignored | history.cancelled, config)
    return Scoreboard(config, history.now, walk.ledger.events, walk.creators, people, branch_authors,
                      publication, walk)


def leading(edits: tuple[Edit, ...], shas: set[str]) -> tuple[Edit, ...]:
    """The edits of the commits ``shas``, the newest of the history: the first ones (edits are in
    the order of the commits)."""
    k = 0
    while k < len(edits) and edits[k].commit.sha in shas:
        k += 1
    return edits[:k]


def _counted(edits: Sequence[Edit], publication: Publication, docs_dir: str) -> dict[str, list[Edit]]:
    """The edits that count, by commit. A deleted page's lineage earns nothing, but its deletion
    is kept: the lines it removed are owed by whoever deleted it, should they add the page back."""
    counts = publication.counts
    prefix = f"{docs_dir}/" if docs_dir else ""
    by_commit: dict[str, list[Edit]] = defaultdict(list)
    for edit in edits:
        if counts(edit.file) or (edit.change.kind is ChangeKind.DELETED
                                 and counts(edit.change.path.removeprefix(prefix))):
            by_commit[edit.commit.sha].append(edit)
    return by_commit


def _walk(walk: Walk, commits: Sequence[Commit], by_commit: dict[str, list[Edit]], people: dict[str, Participants],
          branches: dict[str, tuple[str, ...]], branch_authors: dict[str, set[str]], void: frozenset[str],
          config: ScoringConfig) -> None:
    """Feed ``commits`` (newest first, as the history lists them) to ``walk``, oldest first: the
    limits fall on the later changes."""
    ledger, substantive, acknowledged_days, creators = walk.ledger, walk.substantive, walk.acknowledged, walk.creators
    substantive_lines = config.weights.substantive_lines
    nobody: frozenset[str] = frozenset()
    for commit in reversed(commits):
        if commit.sha in void:
            continue
        edits = by_commit.get(commit.sha, ())
        substantive[commit.sha] = any(e.change.added + e.change.removed >= substantive_lines for e in edits)
        who = people[commit.sha]
        credited = _credited(who)
        work = [_work(e, creators.get(e.file, nobody)) for e in edits]
        if work:
            ledger.pages(credited, commit.authored_at, commit.sha, work)
        if not (who.reviewers or who.teachers):
            continue
        if commit.sha in branches:
            # A pull-request merge: its reviewers reviewed the branch, whose authors made the
            # change. The merge's own author is whoever pressed the button (usually the reviewer).
            changed_by = branch_authors[commit.sha]
            branch = [sha for sha in branches[commit.sha] if sha not in void]
            pages = sorted({e.file for sha in branch for e in by_commit.get(sha, ())})
            text_changed = any(substantive.get(sha, False) for sha in branch)
        else:
            changed_by = {p.slug for p in who.authors}
            pages = sorted({e.file for e in edits})
            text_changed = substantive[commit.sha]
        for key, reviewer in who.reviewers:
            review_trailer(ledger, reviewer, changed_by, commit, pages, text_changed, key)
        if not text_changed:
            continue
        authors = credited or who.authors
        author_slugs = frozenset(p.slug for p in authors)
        for teacher in who.teachers:
            pair_day = (teacher.slug, author_slugs, commit.authored_at.date())
            if teacher.slug in author_slugs or pair_day in acknowledged_days:
                continue  # oneself, or the same people again that day: nothing more
            acknowledged_days.add(pair_day)
            ledger.acknowledge(teacher, authors, commit.authored_at, commit.sha)


def review_trailer(ledger: Ledger, reviewer: Person, changed_by: set[str], commit: Commit, pages: list[str],
                   substantive: bool, key: str) -> None:
    """A review trailer on ``commit`` (one per reviewer and change): the rules of
    ``Ledger.review``, which a forge review follows as well."""
    ledger.review(reviewer, changed_by, commit.authored_at, commit.sha, pages[0] if pages else None,
                  substantive, note=key)


def _credited(who: Participants) -> tuple[Person, ...]:
    """The authors a commit's points are shared among: a ``Co-authored-by`` naming the commit's
    own committer (the person who merged or squashed the change) earns nothing on its own."""
    if not who.committer_coauthors:
        return who.authors
    return tuple(p for p in who.authors if p.slug not in who.committer_coauthors)


def _same_identity(a: Identity, b: Identity) -> bool:
    if a.email and b.email:
        return a.email.casefold() == b.email.casefold()
    return bool(a.name) and a.name.casefold() == b.name.casefold()


def _work(edit: Edit, owners: frozenset[str]) -> PageWork:
    """One edit as the limits see it. A copy is not a new page, and the lines of its source it left
    out were removed from no page: they are not owed."""
    change = edit.change
    copy = change.kind is ChangeKind.ADDED and change.old_path is not None
    return PageWork(edit.file, change.path, change.kind is ChangeKind.ADDED and not copy, change.added,
                    0 if copy else change.removed, change.kind is ChangeKind.DELETED, owners)


def _add_creators(creators: dict[str, frozenset[str]], edits: Sequence[Edit], copied_from: dict[str, str],
                  people: dict[str, Participants]) -> None:
    """Who created each file of ``edits`` (newest first) not in ``creators`` yet: the authors of
    its oldest ``added`` change; for a file that began as a copy of another (``History.copies``),
    whoever created the file it was copied from."""
    nobody: frozenset[str] = frozenset()
    for edit in reversed(edits):  # oldest first: the oldest add wins, a source before its copies
        if edit.change.kind is ChangeKind.ADDED and edit.file not in creators:
            source = copied_from.get(edit.file) if edit.change.old_path is not None else None
            creators[edit.file] = (creators.get(source, nobody) if source is not None
                                   else frozenset(p.slug for p in people[edit.commit.sha].authors))


def merged_authors(history: History, people: dict[str, Participants],
                   branches: dict[str, tuple[str, ...]] | None = None) -> dict[str, set[str]]:
    """For each pull-request merge, the authors of the branch it brought in."""
    branches = history.merged_branches() if branches is None else branches
    return {merge: {p.slug for sha in branch for p in people[sha].authors} for merge, branch in branches.items()}

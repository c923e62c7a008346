"""What each person did (pages created, improved, reviewed; whom they learned from; their days and
recent changes) and what each page owes to whom: one walk over the history, oldest first.

Like scoring's, the walk is resumable: ``ActivityWalk`` is everything it carries from one commit
to the next, so fed the commits after its last one it goes on as one walk over all of them would
(checkpoint.py keeps it between builds). ``finish`` turns it into the lists the site shows,
without changing it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from .history import History
from .perperson import PerPerson
from .records import ChangeKind, Commit, Edit
from .scoring import Scoreboard, leading

if TYPE_CHECKING:
    from .knowledge import PageInfo


@dataclass(frozen=True, slots=True)
class Contribution:
    """A commit's work on one page, for "recent contributions" and credits."""

    sha: str
    at: datetime
    subject: str
    page: str | None  # docs-relative current path, None when the page is gone
    kind: str  # created, improved, reviewed


@dataclass
class Activity:
    """What one person did, all time."""

    created: list[str] = field(default_factory=list)  # pages (docs-relative), existing ones
    improved: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)
    learned_from: Counter[str] = field(default_factory=Counter)  # slug -> times
    taught: Counter[str] = field(default_factory=Counter)  # slug -> times they learned from me
    days: Counter[date] = field(default_factory=Counter)  # contributions per day
    recent: list[Contribution] = field(default_factory=list)  # newest first (by authored date)


@dataclass
class Tally:
    """What the walk learned of one existing page (``PageInfo`` gets it in ``finish``)."""

    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_sha: str = ""
    updated_by: str = ""  # the slug of who made the last change
    reviewed_by: list[str] = field(default_factory=list)
    learned_from: list[str] = field(default_factory=list)  # whom its writers named in Learned-from


@dataclass
class ActivityWalk:
    """The walk's state after its last commit. ``activity`` holds each person's lists as walked
    (``finish`` orders and filters copies of them)."""

    activity: PerPerson[Activity] = field(default_factory=lambda: PerPerson(Activity, _nothing_kept))
    pages: defaultdict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))  # existing page -> tally
    written: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)  # file -> (creators, improvers)
    seen: set[tuple[str, str, str]] = field(default_factory=set)  # (slug, file, kind) listed already
    reviewed: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # slug -> pages


def walk_activity(history: History, scoreboard: Scoreboard, pages: Collection[str],
                  resume: tuple[ActivityWalk, int] | None = None) -> ActivityWalk:
    """The walk over ``history`` (or, with ``resume``, a walk over its oldest ``n`` commits fed
    the newer ones). ``pages``: the existing pages the site describes (docs-relative)."""
    walk, old = resume if resume is not None else (ActivityWalk(), 0)
    commits = history.commits[:len(history.commits) - old]
    edits = leading(history.edits, {c.sha for c in commits}) if old else history.edits
    _authorship(walk, history, scoreboard, pages, edits)
    pages_by_commit = _pages_by_commit(edits, pages)
    branches = history.merged_branches()
    merges = [c.sha for c in commits if c.sha in branches]
    earlier = {sha for merge in merges for sha in branches[merge]} - pages_by_commit.keys()
    if old and earlier:  # a new merge of a branch whose older commits were walked already
        pages_by_commit.update(_pages_by_commit([e for e in history.edits if e.commit.sha in earlier], pages))
    for merge in merges:
        pages_by_commit[merge] = sorted({p for sha in branches[merge] for p in pages_by_commit.get(sha, ())})
    _reviews(walk, history, scoreboard, commits, pages_by_commit)
    return walk


def _pages_by_commit(edits: Sequence[Edit], pages: Collection[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for edit in edits:
        if edit.page is not None and edit.page in pages:
            out[edit.commit.sha].append(edit.page)
    return out


def _authorship(walk: ActivityWalk, history: History, scoreboard: Scoreboard, pages: Collection[str],
                edits: Sequence[Edit]) -> None:
    """Who created and improved each page, and each author's days, lists and recent changes.

    A page that began as a copy of another (git saw it copied, as when a page is split in two)
    credits who created and improved its source up to the copy (``written``: every file's writers
    so far, published or not); whoever copied it improved it if they added lines, and otherwise
    only moved text, which, like a rename, earns no credit.
    """
    people = scoreboard.participants
    activity, written, seen, tallies = walk.activity.of, walk.written, walk.seen, walk.pages
    copied_from = history.copied_from
    for edit in reversed(edits):  # oldest first
        commit, change = edit.commit, edit.change
        copy = change.kind is ChangeKind.ADDED and change.old_path is not None
        page = edit.page if edit.page is not None and edit.page in pages else None
        if copy and edit.file not in written:
            source = written.get(copied_from.get(edit.file, ""), ([], []))
            written[edit.file] = (list(source[0]), list(source[1]))
            if page is not None and scoreboard.counts(edit.file):
                for group, kind in zip(source, ("created", "improved"), strict=True):
                    for slug in group:
                        _listed(activity(slug), seen, slug, edit.file, kind, page)
        if not edit.counts:
            continue
        if change.kind is ChangeKind.ADDED and not copy:
            kind = "created"
        elif change.added == 0 and (copy or change.removed == 0):
            kind = ""  # white space, a rename, or text copied as it was: no credit
        else:
            kind = "improved"
        authors = people[commit.sha].authors
        if kind:
            created, improved = written.setdefault(edit.file, ([], []))
            target = created if kind == "created" else improved
            target.extend(p.slug for p in authors if p.slug not in target)
        if not scoreboard.counts(edit.file) or not (kind or copy):
            continue
        if kind:
            day = commit.authored_at.date()
            for person in authors:
                act = activity(person.slug)
                act.days[day] += 1
                if page is not None:
                    _listed(act, seen, person.slug, edit.file, kind, page)
                act.recent.append(Contribution(commit.sha, commit.authored_at, commit.subject, edit.page, kind))
        if page is not None:
            tally = tallies[page]
            if tally.created_at is None:
                tally.created_at = commit.authored_at
            tally.updated_at, tally.updated_sha = commit.authored_at, commit.sha
            tally.updated_by = authors[0].slug if authors else ""


def _listed(act: Activity, seen: set[tuple[str, str, str]], slug: str, file: str, kind: str, page: str) -> None:
    """``page`` in ``act``'s created or improved list, once."""
    if (slug, file, kind) not in seen:
        seen.add((slug, file, kind))
        (act.created if kind == "created" else act.improved).append(page)


def _reviews(walk: ActivityWalk, history: History, scoreboard: Scoreboard, commits: Sequence[Commit],
             pages_by_commit: Mapping[str, list[str]]) -> None:
    """Reviews and acknowledgements: who reviewed which page, who learned from whom."""
    people = scoreboard.participants
    activity, reviewed, tallies = walk.activity.of, walk.reviewed, walk.pages
    void = history.ignored | history.cancelled
    for commit in reversed(commits):
        who = people[commit.sha]
        if commit.sha in void or not (who.reviewers or who.teachers):
            continue
        authors = {p.slug for p in who.authors}
        changed_by = scoreboard.branch_authors.get(commit.sha, authors)  # a merge: the branch's authors
        reviewers = [r for _key, r in who.reviewers if not (r.bot or r.slug in changed_by or not changed_by)]
        commit_pages = pages_by_commit.get(commit.sha, ())
        if reviewers:  # a row per page, the same records for every reviewer of the commit
            day = commit.authored_at.date()
            rows = [Contribution(commit.sha, commit.authored_at, commit.subject, page, "reviewed")
                    for page in (commit_pages or (None,))]
            for reviewer in reviewers:
                act = activity(reviewer.slug)
                act.days[day] += 1
                act.recent.extend(rows)
                for page in commit_pages:
                    by = tallies[page].reviewed_by
                    if reviewer.slug not in by:
                        by.append(reviewer.slug)
                    if page not in reviewed[reviewer.slug]:
                        reviewed[reviewer.slug].add(page)
                        act.reviewed.append(page)
        for teacher in who.teachers:
            if teacher.bot or teacher.slug in authors:
                continue
            for slug in sorted(authors):
                activity(slug).learned_from[teacher.slug] += 1
                activity(teacher.slug).taught[slug] += 1
            for page in commit_pages:
                named = tallies[page].learned_from
                if teacher.slug not in named:
                    named.append(teacher.slug)


def _nothing_kept(slug: str, rows: object) -> Activity:
    raise ValueError("no activity was kept")  # a walk made here holds no blobs


class Finished(Mapping[str, Activity]):
    """slug -> that person's activity as the site shows it: the walk's lists, ordered and filtered,
    each made when first asked for (``finish``)."""

    def __init__(self, walk: ActivityWalk) -> None:
        self._people = walk.activity  # (the rest of the walk is the checkpoint's, not kept here)
        self._made: dict[str, Activity] = {}

    def __getitem__(self, slug: str) -> Activity:
        found = self._made.get(slug)
        if found is None:
            act = self._people[slug]
            created = set(act.created)
            # Newest first, whatever order history and reviews were walked in.
            recent = sorted(act.recent, key=recency, reverse=True)
            found = self._made[slug] = Activity(
                list(act.created), [p for p in act.improved if p not in created], list(act.reviewed),
                Counter(act.learned_from), Counter(act.taught), Counter(act.days), recent)
        return found

    def __contains__(self, slug: object) -> bool:
        return slug in self._people

    def digest(self, slug: str) -> str | None:
        """What ``slug``'s activity is made of, without making it (``PerPerson.digest``; None: none)."""
        return self._people.digest(slug, _content)

    def __iter__(self) -> Iterator[str]:
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)


def _content(a: Activity) -> tuple[object, ...]:
    """Everything ``Finished`` reads of ``a``, as plain values (its recent contributions sorted, as shown)."""
    return (a.created, a.improved, a.reviewed, sorted(a.learned_from.items()), sorted(a.taught.items()),
            sorted(a.days.items()), sorted((*recency(c), c.subject) for c in a.recent))


def recency(c: Contribution) -> tuple[datetime, str, str, str]:
    return c.at, c.sha, c.kind, c.page or ""


def finish(walk: ActivityWalk, scoreboard: Scoreboard, pages: Mapping[str, PageInfo]) -> Finished:
    """Each person's activity as the site shows it, and each page's credits filled in (the walk is
    left as it was, to be resumed)."""
    for path, info in pages.items():
        tally = walk.pages.get(path)
        if tally is not None:
            info.created_at, info.updated_at = tally.created_at, tally.updated_at
            info.updated_sha, info.updated_by = tally.updated_sha, tally.updated_by
            info.reviewed_by, info.learned_from = list(tally.reviewed_by), list(tally.learned_from)
        if scoreboard.counts(path):
            created_by, improved_by = walk.written.get(path, ([], []))
            info.created_by, info.improved_by = list(created_by), list(improved_by)
        info.improved_by = [s for s in info.improved_by if s not in info.created_by]
        info.reviewed_by = [s for s in info.reviewed_by if s not in info.created_by]
    return Finished(walk)

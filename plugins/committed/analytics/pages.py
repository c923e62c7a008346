"""The content pages, their topics, and when someone other than their creators last touched each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..knowledge import KnowledgeBase
from ..records import ChangeKind
from ..scoring import Participants, participants


def topic_of(kb: KnowledgeBase, path: str) -> str:
    """The page's ``topic`` front matter, else its top folder, else ''."""
    info = kb.pages.get(path)
    if info is not None and info.topic:
        return info.topic
    return path.split("/", 1)[0] if "/" in path else ""


def content_pages(kb: KnowledgeBase, exclude: set[str]) -> list[str]:
    prefix = kb.settings.people_prefix.strip("/") + "/"
    return [p for p in sorted(kb.pages) if kb.scoreboard.counts(p) and p not in exclude and p != kb.settings.leaderboard_path
            and not p.startswith(prefix)]


def others_touched(kb: KnowledgeBase) -> dict[str, datetime]:
    """For each existing page, the last time someone other than its creators changed (substantively)
    or reviewed it (a ``Reviewed-by``/``Approved-by``/``Acked-by`` on a change to it, not a self-review).

    One pass over the edits doing as little as it can per edit: whether a page counts and who
    owns it are looked up once per page, a commit's authors once per commit."""
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
    counted: dict[str, bool] = {}  # page -> whether the site publishes it
    counts = kb.scoreboard.counts
    deleted = ChangeKind.DELETED
    for edit in history.edits:
        page = edit.page
        if page is None or not edit.counts:
            continue
        published = counted.get(page)
        if published is None:
            published = counted[page] = counts(page)
        if not published:
            continue
        owners = owner_of.get(page)
        if owners is None:
            owners = owner_of[page] = creators.get(edit.file, nobody)
        commit = edit.commit
        sha = commit.sha
        if sha in wanted:
            pages_by_commit[sha].add(page)
        change = edit.change
        if change.kind is deleted or (change.added == 0 and change.removed == 0):
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


def topics_of(kb: KnowledgeBase, pages: Iterable[str]) -> dict[str, str]:
    return {page: topic_of(kb, page) for page in pages}

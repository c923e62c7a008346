"""When someone other than a page's creators last touched it (``others_touched``), resumed from
what the previous build kept, as the scoring is resumed from its checkpoint.

A touch is a substantive change by someone who did not create the page, or a review
(``Reviewed-by``/``Approved-by``/``Acked-by``, not a self-review) of a change to it; a page's
date is its newest touch, a maximum over commits. So the history's oldest ``n`` commits give the
same dates whatever follows, provided those commits are the same: the same edits placed on the
same pages, the same people, the same ignored, cancelled and merged commits. That is what the
scoring checkpoint's basis proves when a build resumes from it (``kb.resumed`` is its ``n``), so
the dates of those ``n`` commits, kept with the same ``n`` and the sha of the newest of them, are
used only then, and the build walks only the commits since.

One more input, not in the basis: a page's creators are those of the file of its newest edit.
A new commit that reaches a page through a file of other creators changes them for every older
touch: then the whole history is walked again, as with nothing kept.

The file is cachefile.py's (``touched-*.marshal``: a header with a CRC, a marshal of plain
dicts, dates as POSIX seconds): one per set of scoring options, written when the checkpoint is
(the dates of every commit) or, when none was kept for the checkpoint's ``n``, for that ``n``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import cachefile, checkpoint, kept
from ..knowledge import KnowledgeBase
from ..records import ChangeKind, Commit, Edit
from ..scoring import Participants, leading, participants

FORMAT = 1
MAGIC = b"committed-touched"
_NOBODY: frozenset[str] = frozenset()


def others_touched(kb: KnowledgeBase) -> dict[str, datetime]:
    """For each existing page, the last time someone other than its creators changed (substantively)
    or reviewed it (a ``Reviewed-by``/``Approved-by``/``Acked-by`` on a change to it, not a self-review)."""
    history = kb.history
    people = _participants(kb)
    commits = history.commits
    n = kb.resumed if 0 < kb.resumed <= len(commits) else 0
    key = _key(kb)
    folder = kb.settings.cache_path
    saved = "checkpoint" in kb.timings  # the checkpoint was written: of every commit
    if not n:
        owners: dict[str, frozenset[str]] = {}
        latest: dict[str, datetime] = {}
        _walk(kb, people, history.edits, commits, owners, latest)
        if saved:
            _save(folder, key, commits, len(commits), owners, latest)
        return latest
    new = commits[:len(commits) - n]
    fresh = leading(history.edits, {c.sha for c in new})
    found = _load(folder, key, commits, n)
    if found is None:  # the dates of the checkpoint's commits: walked once, kept for the next builds
        owners, latest = {}, {}
        _walk(kb, people, history.edits[len(fresh):], commits[len(new):], owners, latest)
        if not saved:
            _save(folder, key, commits, n, owners, latest)
    else:
        owners, latest = found
    if _owners_change(kb, fresh, owners):
        owners, latest = {}, {}
        _walk(kb, people, history.edits, commits, owners, latest)
    else:
        _walk(kb, people, fresh, new, owners, latest)
    if saved:
        _save(folder, key, commits, len(commits), owners, latest)
    return latest


def _walk(kb: KnowledgeBase, people: dict[str, Participants], edits: Sequence[Edit], commits: Sequence[Commit],
          owners: dict[str, frozenset[str]], latest: dict[str, datetime]) -> None:
    """Add the touches of ``edits`` and of the reviews on ``commits`` to ``latest``. ``owners``:
    page -> its creators, those of the file of its first edit seen (edits come newest first)."""
    history = kb.history
    creators = kb.scoreboard.creators
    counts = kb.scoreboard.counts
    counted: dict[str, bool] = {}  # page -> whether the site publishes it
    void = history.ignored | history.cancelled
    deleted = ChangeKind.DELETED
    for edit in edits:
        page = edit.page
        if page is None or not edit.counts:
            continue
        published = counted.get(page)
        if published is None:
            published = counted[page] = counts(page)
        if not published:
            continue
        mine = owners.get(page)
        if mine is None:
            mine = owners[page] = creators.get(edit.file, _NOBODY)
        change = edit.change
        if change.kind is deleted or (change.added == 0 and change.removed == 0):
            continue
        commit = edit.commit
        authors = people[commit.sha].authors
        if (authors[0].slug not in mine if len(authors) == 1
                else any(person.slug not in mine for person in authors)):
            at, last = commit.authored_at, latest.get(page)
            if last is None or at > last:
                latest[page] = at
    reviews = [commit for commit in commits if people[commit.sha].reviewers and commit.sha not in void]
    if not reviews:
        return
    wanted = {commit.sha for commit in reviews}  # the commits whose pages a review touches
    branches: dict[str, tuple[str, ...]] = {}
    if any(commit.is_merge for commit in reviews):
        branches = {merge: branch for merge, branch in history.merged_branches().items() if merge in wanted}
        wanted.update(sha for branch in branches.values() for sha in branch)
    pages_by_commit: dict[str, set[str]] = {sha: set() for sha in wanted}
    for edit in history.edits:  # a merge's branch may be older than ``edits``
        sha = edit.commit.sha
        if sha in wanted and edit.page is not None and edit.counts and counts(edit.page):
            pages_by_commit[sha].add(edit.page)
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
            if not reviewers <= owners.get(page, _NOBODY):
                last = latest.get(page)
                if last is None or at > last:
                    latest[page] = at


def _owners_change(kb: KnowledgeBase, edits: Sequence[Edit], owners: dict[str, frozenset[str]]) -> bool:
    """Whether the newest ``edits`` give a page that older edits reached other creators."""
    creators, counts = kb.scoreboard.creators, kb.scoreboard.counts
    seen: set[str] = set()
    for edit in edits:
        page = edit.page
        if page is None or page in seen or not edit.counts or not counts(page):
            continue
        seen.add(page)
        old = owners.get(page)
        if old is not None and creators.get(edit.file, _NOBODY) != old:
            return True
    return False


def _participants(kb: KnowledgeBase) -> dict[str, Participants]:
    """Each commit's people, as the scoreboard resolved them (resolved here if it did not)."""
    known = kb.scoreboard.participants
    if all(map(known.__contains__, [c.sha for c in kb.history.commits])):
        return known
    return participants(kb.history, kb.directory)


def _key(kb: KnowledgeBase) -> str:
    """The checkpoint's key (the scoring options, the published pages, Committed's scoring code)
    and this module's code."""
    base = checkpoint.key(kb.settings.scoring, kb.settings.publication, kb.history.docs_dir)
    try:
        code = (kept.PACKAGE / "analytics" / "touched.py").read_bytes()
    except OSError:
        return ""
    return hashlib.sha1(base.encode() + code).hexdigest() if base else ""


def _path(folder: Path, key: str) -> Path:
    return folder / f"touched-{key[:16]}.marshal"


def _load(folder: Path | None, key: str, commits: Sequence[Commit],
          n: int) -> tuple[dict[str, frozenset[str]], dict[str, datetime]] | None:
    """The owners and dates kept for the oldest ``n`` of ``commits``, if those are what was kept."""
    if folder is None or not key:
        return None
    value: Any = cachefile.read(_path(folder, key), FORMAT, key, MAGIC)
    try:
        count, sha, owners, dates = value
        if count != n or sha != commits[len(commits) - n].sha:
            return None
        return ({page: frozenset(slugs) for page, slugs in owners.items()},
                {page: datetime.fromtimestamp(at, timezone.utc) for page, at in dates.items()})
    except (TypeError, ValueError, AttributeError, OverflowError, OSError):
        return None


def _save(folder: Path | None, key: str, commits: Sequence[Commit], n: int, owners: dict[str, frozenset[str]],
          latest: dict[str, datetime]) -> None:
    if folder is None or not key or not n:
        return
    value = (n, commits[len(commits) - n].sha, {page: tuple(sorted(slugs)) for page, slugs in owners.items()},
             {page: math.floor(at.timestamp()) for page, at in latest.items()})
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cachefile.write(_path(folder, key), FORMAT, key, value, MAGIC)
    except OSError:  # a cache that cannot be written only costs the next build time
        return
    kept.prune(folder, "touched-*.marshal", checkpoint.KEEP)

"""The knowledge base as the site shows it: history, people, scores and pages, joined once.

``load(settings)`` is the one entry point for every renderer (MkDocs plugins, the command line).
"""

from __future__ import annotations

import gc
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import frontmatter
from .config import Settings
from .forgeapi.matching import ReviewSource
from .history import History, read_history
from .people import Contributor, Directory, Person, load_contributors
from .records import ChangeKind
from .scoring import Scoreboard, Window, build_scoreboard, windows

log = logging.getLogger("committed")


@dataclass(frozen=True)
class Contribution:
    """A commit's work on one page, for "recent contributions" and credits."""

    sha: str
    at: datetime
    subject: str
    page: str | None  # docs-relative current path, None when the page is gone
    kind: str  # created, improved, reviewed


@dataclass
class PageInfo:
    path: str  # docs-relative
    title: str
    topic: str = ""
    tags: tuple[str, ...] = ()
    owner: str = ""
    last_reviewed: date | None = None
    credits_enabled: bool = True
    created_by: list[str] = field(default_factory=list)  # slugs, in order of credit
    improved_by: list[str] = field(default_factory=list)
    reviewed_by: list[str] = field(default_factory=list)
    learned_from: list[str] = field(default_factory=list)  # whom its writers named in Learned-from
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_sha: str = ""
    updated_by: str = ""  # the slug of who made the last change
    problem: str | None = None  # why the site generator cannot read the file (e.g. not UTF-8)


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
class KnowledgeBase:
    settings: Settings
    history: History
    directory: Directory
    scoreboard: Scoreboard
    pages: dict[str, PageInfo]
    activity: dict[str, Activity]
    people: dict[str, Person]  # everyone credited (bots excluded), by slug
    timings: dict[str, float] = field(default_factory=dict)
    reviews: ReviewSource | None = None  # the forge's review ledger, when the build read one

    @property
    def now(self) -> datetime | None:
        return self.scoreboard.now  # the newest commit's date, computed once

    def person(self, slug: str) -> Person | None:
        return self.people.get(slug)

    def windows(self) -> tuple[Window, ...]:
        return windows(self.settings.scoring)


def load(settings: Settings, page_paths: list[str] | None = None) -> KnowledgeBase:
    """Read everything once. ``page_paths``: the docs-relative pages to describe (default: all .md).

    Loading allocates a few hundred thousand long-lived records and nothing cyclic worth
    collecting, so the cyclic garbage collector is paused while it runs (a third of its time
    otherwise) and the result is frozen out of later collections (``gc.freeze``), which would
    otherwise rescan it throughout the site build.
    """
    started = time.perf_counter()
    docs = settings.path(settings.docs_dir)
    if page_paths is None:  # the pages the site publishes, as the site generator would list them
        found = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else ()
        page_paths = sorted(p for p in found if settings.publication.counts(p))
    with _collector_paused(), ThreadPoolExecutor(1, thread_name_prefix="committed-files") as pool:
        # Reading the history mostly waits for git's output: read the other files meanwhile.
        files = pool.submit(_read_files, settings, docs, page_paths)
        history = read_history(settings.root, settings.docs_dir, cache_dir=settings.cache_path,
                               allow_shallow=settings.allow_shallow)
        ledger = settings.path(settings.forge_ledger) if settings.forge_ledger else None
        inputs = (settings, tuple(page_paths), _stamps(docs, page_paths),
                  _stamps(settings.path(settings.contributors_dir), None),
                  _stamps(ledger.parent, [ledger.name]) if ledger else ())
        previous = _LAST.get("kb")
        if isinstance(previous, KnowledgeBase) and _LAST.get("history") is history and _LAST.get("inputs") == inputs:
            # a rebuild in the same process (mkdocs serve) with the same inputs
            files.cancel()
            previous.timings = {"history": time.perf_counter() - started, "scoring": 0.0, "model": 0.0}
            return previous
        t_history = time.perf_counter()
        contributors, pages = files.result()
        t_files = time.perf_counter()
        reviewed, reviews = _forge_reviews(settings, ledger, history, contributors)
        t_reviews = time.perf_counter()
        kb = _load(settings, reviewed, contributors, pages, t_history - started)
        kb.reviews = reviews
        if reviews is not None:
            kb.timings["reviews"] = t_reviews - t_files
        _LAST.update(kb=kb, inputs=inputs, history=history)
    gc.freeze()
    return kb


def _read_files(settings: Settings, docs: Path, page_paths: list[str]) -> tuple[dict[str, Contributor], dict[str, PageInfo]]:
    """The contributor files and every page's front matter."""
    contributors = load_contributors(settings.path(settings.contributors_dir), display_root=settings.root)
    return contributors, {path: _page_info(docs, path) for path in page_paths}


def _forge_reviews(settings: Settings, ledger: Path | None, history: History,
                   contributors: dict[str, Contributor]) -> tuple[History, ReviewSource | None]:
    """The history with the review ledger's reviews as trailers, when there is a ledger."""
    if ledger is None or not ledger.is_file():
        return history, None
    from .forgeapi.index import read_index
    from .forgeapi.matching import apply

    shown = ledger.relative_to(settings.root).as_posix() if ledger.is_relative_to(settings.root) else str(ledger)
    return apply(history, read_index(ledger, shown=shown, cache_dir=settings.cache_path), contributors)


_LAST: dict[str, object] = {}  # the last knowledge base this process loaded, and what it was made of


def _stamps(folder: Path, names: list[str] | None) -> tuple[tuple[str, int, int], ...]:
    """(name, size, mtime) of the files a knowledge base reads: a cheap "did anything change?"."""
    paths = [folder / n for n in names] if names is not None else sorted(folder.glob("*.y*ml"))
    out = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.unfreeze()  # a previous build's knowledge base (mkdocs serve) may be collected again
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(settings: Settings, history: History, contributors: dict[str, Contributor], pages: dict[str, PageInfo],
          history_seconds: float) -> KnowledgeBase:
    if history.head is None:
        log.warning("committed: %s is not a git repository with commits: pages show no history.", settings.root)
    elif history.shallow:
        log.warning("committed: shallow clone: history and scores are partial (allow_shallow is on).")
    t_history = time.perf_counter()
    directory = Directory(contributors, settings.bot_names, settings.bot_emails, privacy=settings.privacy)
    directory.learn(reversed(history.commits))  # oldest first: a newcomer never takes an older slug
    scoreboard = build_scoreboard(history, directory, settings.scoring, settings.publication)
    t_scoring = time.perf_counter()
    activity = _activity(history, scoreboard, pages)
    people = {p.slug: p for p in directory.people() if not p.bot and (p.known or p.slug in activity)}
    done = time.perf_counter()
    kb = KnowledgeBase(settings, history, directory, scoreboard, pages, activity, people,
                       {"history": history_seconds, "scoring": t_scoring - t_history, "model": done - t_scoring})
    return kb


def _page_info(docs: Path, path: str) -> PageInfo:
    meta, body, problem = frontmatter.read(docs / path)
    credits = meta.get("credits", True)
    return PageInfo(path=path, title=frontmatter.title_of(meta, body, Path(path).stem.replace("-", " ")),
                    topic=str(meta.get("topic") or ""), tags=frontmatter.as_list(meta.get("tags")),
                    owner=str(meta.get("owner") or ""), last_reviewed=frontmatter.as_date(meta.get("last_reviewed")),
                    credits_enabled=credits is not False, problem=problem)


def _authorship(history: History, scoreboard: Scoreboard, pages: dict[str, PageInfo],
                activity: dict[str, Activity]) -> None:
    """Who created and improved each page, and each author's days, lists and recent changes.

    A page that began as a copy of another (git saw it copied, as when a page is split in two)
    credits who created and improved its source up to the copy (``written``: every file's writers
    so far, published or not); whoever copied it improved it if they added lines, and otherwise
    only moved text, which, like a rename, earns no credit.
    """
    people = scoreboard.participants
    written: dict[str, tuple[list[str], list[str]]] = {}  # file -> (creators, improvers) so far
    copied_from = history.copied_from
    seen: set[tuple[str, str, str]] = set()
    for edit in reversed(history.edits):  # oldest first
        commit, change = edit.commit, edit.change
        copy = change.kind is ChangeKind.ADDED and change.old_path is not None
        info = pages.get(edit.page) if edit.page else None
        if copy and edit.file not in written:
            source = written.get(copied_from.get(edit.file, ""), ([], []))
            written[edit.file] = (list(source[0]), list(source[1]))
            if info is not None and scoreboard.counts(edit.file):
                for group, kind in zip(source, ("created", "improved"), strict=True):
                    for slug in group:
                        _listed(activity[slug], seen, slug, edit.file, kind, info.path)
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
                act = activity[person.slug]
                act.days[day] += 1
                if info is not None:
                    _listed(act, seen, person.slug, edit.file, kind, info.path)
                act.recent.append(Contribution(commit.sha, commit.authored_at, commit.subject, edit.page, kind))
        if info is not None:
            if info.created_at is None:
                info.created_at = commit.authored_at
            info.updated_at, info.updated_sha = commit.authored_at, commit.sha
            info.updated_by = authors[0].slug if authors else ""
    for info in pages.values():
        if scoreboard.counts(info.path):
            created, improved = written.get(info.path, ([], []))
            info.created_by, info.improved_by = list(created), list(improved)


def _listed(act: Activity, seen: set[tuple[str, str, str]], slug: str, file: str, kind: str, page: str) -> None:
    """``page`` in ``act``'s created or improved list, once."""
    if (slug, file, kind) not in seen:
        seen.add((slug, file, kind))
        (act.created if kind == "created" else act.improved).append(page)


def _activity(history: History, scoreboard: Scoreboard, pages: dict[str, PageInfo]) -> dict[str, Activity]:
    activity: dict[str, Activity] = defaultdict(Activity)
    people = scoreboard.participants
    void = history.ignored | history.cancelled
    _authorship(history, scoreboard, pages, activity)
    pages_by_commit: dict[str, list[str]] = defaultdict(list)
    for edit in history.edits:
        if edit.page is not None and edit.page in pages:
            pages_by_commit[edit.commit.sha].append(edit.page)
    for merge, branch in history.merged_branches().items():
        pages_by_commit[merge] = sorted({p for sha in branch for p in pages_by_commit.get(sha, ())})
    reviewed: dict[str, set[str]] = defaultdict(set)
    for commit in reversed(history.commits):
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
                act = activity[reviewer.slug]
                act.days[day] += 1
                act.recent.extend(rows)
                for page in commit_pages:
                    if reviewer.slug not in pages[page].reviewed_by:
                        pages[page].reviewed_by.append(reviewer.slug)
                    if page not in reviewed[reviewer.slug]:
                        reviewed[reviewer.slug].add(page)
                        act.reviewed.append(page)
        for teacher in who.teachers:
            if teacher.bot or teacher.slug in authors:
                continue
            for slug in sorted(authors):
                activity[slug].learned_from[teacher.slug] += 1
                activity[teacher.slug].taught[slug] += 1
            for page in commit_pages:
                if teacher.slug not in pages[page].learned_from:
                    pages[page].learned_from.append(teacher.slug)
    for act in activity.values():
        # Newest first, whatever order history and reviews were walked in.
        act.recent.sort(key=lambda c: (c.at, c.sha, c.kind, c.page or ""), reverse=True)
        created = set(act.created)
        act.improved[:] = [p for p in act.improved if p not in created]
    for info in pages.values():
        for group in (info.improved_by, info.reviewed_by):
            group[:] = [s for s in group if s not in info.created_by]
    return dict(activity)

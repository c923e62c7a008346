"""The knowledge base as the site shows it: history, people, scores and pages, joined once.

``load(settings)`` is the one entry point for every renderer (MkDocs plugins, the command line).
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import checkpoint, resolved
from .activity import Activity, Contribution, Finished, finish, walk_activity
from .config import Settings
from .forgeapi.matching import Reviewed, ReviewSource
from .history import History, read_history
from .history import forget as forget_histories
from .pageinfo import PageInfo, page_infos
from .people import Contributor, Directory, Person, load_contributors
from .scoring import Scoreboard, Window, build_scoreboard, windows

__all__ = ["Activity", "Contribution", "KnowledgeBase", "PageInfo", "load"]

log = logging.getLogger("committed")


@dataclass
class KnowledgeBase:
    settings: Settings
    history: History
    directory: Directory
    scoreboard: Scoreboard
    pages: dict[str, PageInfo]
    activity: Finished  # slug -> Activity
    people: dict[str, Person]  # everyone credited (bots excluded), by slug
    timings: dict[str, float] = field(default_factory=dict)
    reviews: ReviewSource | None = None  # the forge's review ledger, when the build read one
    resumed: int = 0  # commits whose scoring and activity came from the cache's checkpoint (0: walked)
    people_kept: int = 0  # commits whose people came from the cache (resolved.py; 0: all resolved)
    checkpoint_read: int = 0  # commits the checkpoint's check digested to resume (0: none, the lineage held)

    @property
    def now(self) -> datetime | None:
        return self.scoreboard.now  # the newest commit's date, computed once

    def person(self, slug: str) -> Person | None:
        return self.people.get(slug)

    def windows(self) -> tuple[Window, ...]:
        return windows(self.settings.scoring)


def load(settings: Settings, page_paths: list[str] | None = None, *, remember: bool = True) -> KnowledgeBase:
    """Read everything once. ``page_paths``: the docs-relative pages to describe (default: all .md).
    ``remember``: keep the knowledge base for the next build in this process (``mkdocs serve``),
    under the stamps of every file it read; a process that builds once (the worker) need not
    stamp them (2,000 pages: 15 ms).

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
                  _stamps(ledger.parent, [ledger.name]) if ledger else ()) if remember else None
        previous = _LAST.get("kb")
        if inputs is not None and isinstance(previous, KnowledgeBase) and _LAST.get("history") is history \
                and _LAST.get("inputs") == inputs:
            # a rebuild in the same process (mkdocs serve) with the same inputs
            files.cancel()
            previous.timings = {"history": time.perf_counter() - started, "scoring": 0.0, "model": 0.0}
            return previous
        t_history = time.perf_counter()
        contributors, pages = files.result()
        t_files = time.perf_counter()
        reviews, added = _forge_reviews(settings, ledger, history, contributors)
        t_reviews = time.perf_counter()
        kb = _load(settings, history, added, contributors, pages, t_history - started)
        kb.reviews = reviews
        if reviews is not None:
            kb.timings["reviews"] = t_reviews - t_files
        if remember:
            _LAST.update(kb=kb, inputs=inputs, history=history)
        else:
            _LAST.clear()
            # The walk's state past its events (every limit's windows, which commits were
            # substantive) is the checkpoint's, already kept: a process that builds once lets go
            # of it before the pages (with the activity walk's: 30 of the 104 MiB a cold build
            # held then, at 2,000 pages).
            kb.scoreboard.walk = None
    return kb


def _read_files(settings: Settings, docs: Path, page_paths: list[str]) -> tuple[dict[str, Contributor], dict[str, PageInfo]]:
    """The contributor files and every page's front matter."""
    contributors = load_contributors(settings.path(settings.contributors_dir), display_root=settings.root,
                                     cache=settings.cache_path)
    return contributors, page_infos(settings.cache_path, docs, page_paths)


def _forge_reviews(settings: Settings, ledger: Path | None, history: History, contributors: dict[str, Contributor]
                   ) -> tuple[ReviewSource | None, Reviewed | None]:
    """Where the review ledger's reviews come from and the trailers they add to the history's
    commits, when there is a ledger: its reviews are named as review trailers are."""
    if ledger is None or not ledger.is_file():
        return None, None
    from .forgeapi.matched import reviews

    shown = ledger.relative_to(settings.root).as_posix() if ledger.is_relative_to(settings.root) else str(ledger)
    added, source = reviews(ledger, shown, history, contributors, settings.cache_path)
    return source, added


_LAST: dict[str, object] = {}  # the last knowledge base this process loaded, and what it was made of


def forget() -> None:
    """Drop what this process keeps for its next build (``mkdocs serve`` reuses it): the last
    knowledge base, its history and the history cache's state. A process that builds once (the
    worker) frees them before it writes its outputs, instead of holding both at once."""
    _LAST.clear()
    forget_histories()


def _stamps(folder: Path, names: list[str] | None) -> tuple[tuple[str, int, int], ...]:
    """(name, size, mtime) of the files a knowledge base reads: a cheap "did anything change?"."""
    base = f"{folder}{os.sep}"
    paths = [base + n for n in names] if names is not None else sorted(map(str, folder.glob("*.y*ml")))
    out = []
    stat = os.stat
    for path in paths:  # strings, not Path objects: 2,000 pages in 5 ms, not 30
        try:
            st = stat(path)
        except OSError:
            continue
        out.append((path, st.st_size, st.st_mtime_ns))
    return tuple(out)


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.unfreeze()  # a previous build's knowledge base (mkdocs serve) may be collected again
    gc.disable()
    try:
        yield
        # What was loaded lives as long as the build: out of every later collection. Frozen before
        # the collector is enabled again, or the first allocation after enabling it collects the
        # youngest generation, which holds everything allocated since the history was read (a
        # warm build of the 2,000-page demo: one collection of 0.08-0.12 s, before any page).
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _load(settings: Settings, history: History, added: Reviewed | None,
          contributors: dict[str, Contributor], pages: dict[str, PageInfo], history_seconds: float) -> KnowledgeBase:
    if history.head is None:
        log.warning("committed: %s is not a git repository with commits: pages show no history.", settings.root)
    elif history.shallow:
        log.warning("committed: shallow clone: history and scores are partial (allow_shallow is on).")
    t_history = time.perf_counter()
    directory = Directory(contributors, settings.bot_names, settings.bot_emails, privacy=settings.privacy)
    # oldest first (a newcomer never takes an older slug); what was learned of the older commits is kept
    people_found = resolved.resolve(settings.cache_path, history, directory, added)
    who, source = people_found.who, checkpoint.PeopleSource(people_found.source, people_found.covers)
    key = checkpoint.key(settings.scoring, settings.publication, history.docs_dir)
    found = checkpoint.load(settings.cache_path, key, history, who, pages, settings.scoring, source)
    scoreboard = build_scoreboard(history, directory, settings.scoring, settings.publication, people=who,
                                  resume=(found.walk, found.commits) if found else None)
    t_scoring = time.perf_counter()
    walk = walk_activity(history, scoreboard, pages, (found.activity, found.commits) if found else None)
    activity = finish(walk, scoreboard, pages)
    people = {p.slug: p for p in directory.people() if not p.bot and (p.known or p.slug in activity)}
    done = time.perf_counter()
    timings = {"history": history_seconds, "scoring": t_scoring - t_history, "model": done - t_scoring}
    if scoreboard.walk is not None and (found is None or len(history.commits) - found.commits >= checkpoint.RESAVE):
        checkpoint.save(settings.cache_path, key, history, who, pages, scoreboard.walk, walk, source)
        timings["checkpoint"] = time.perf_counter() - done
    return KnowledgeBase(settings, history, directory, scoreboard, pages, activity, people, timings,
                         resumed=found.commits if found else 0, people_kept=people_found.kept,
                         checkpoint_read=found.commits if found and found.digested else 0)

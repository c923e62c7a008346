"""Everything Committed adds to a site, made in one go: profiles, the people index, page credits,
the leaderboard and its exports.

No site generator is imported here. The MkDocs plugins and ``committed pages`` describe what they
want in a ``Request`` and get ``Outputs`` back: plain strings keyed by path. ``check(request)`` is
the quick part (bad input a user must fix, found before anything is written); ``make(request)``
the long part (history, scores, pages), which the MkDocs plugins run in a worker process
(``committed.worker``) while MkDocs renders the site's own pages.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from . import checks, kept, outpack, outwrite
from .config import Settings
from .errors import CommittedError
from .history import check_repository
from .people import load_contributors

log = logging.getLogger("committed")
DEFERRED = "<!--committed:deferred-->"  # in a generated page: what follows is not for search to index


@dataclass(frozen=True)
class LeaderboardOptions:
    path: str = "leaderboard.md"  # docs-relative
    title: str = "Leaderboard"
    windows: tuple[int, ...] = ()  # days; empty: the scoring windows
    all_time: bool = True
    top: int = 10
    list_limit: int = 20
    ranking_rows: int = 50  # rows of the ranking table, and of each further set a reader can add
    unreviewed_days: int = 180
    review_interval_days: int = 365
    export_dir: str | None = "committed"  # None: no stats.json / people.csv


@dataclass(frozen=True)
class Request:
    settings: Settings
    page_paths: tuple[str, ...]  # the docs-relative pages the site has
    profiles: bool = True  # a page per person (and their avatar images)
    people_index: bool = True
    people_index_inline_kb: int = 100  # past this, the people index loads each office's people on demand
    people_index_fragment_kb: int = 100  # past this, an office's fragment lists its teams, a team's runs of names
    credits: bool = True
    leaderboard: LeaderboardOptions | None = None
    home: str | None = None  # the home page (docs-relative) that gets the "at a glance" block


@dataclass
class Outputs:
    now: datetime | None  # the newest commit's date
    # The mappings of text are dicts when made, read from the cache's pack when kept (outpack.py).
    pages: Mapping[str, str] = field(default_factory=dict)  # generated docs-relative page -> Markdown
    profiles: tuple[str, ...] = ()  # which of ``pages`` are profiles
    # profile -> its Markdown up to DEFERRED: what a site generator reads of it before writing it
    heads: Mapping[str, str] = field(default_factory=dict)
    avatars: dict[str, str] = field(default_factory=dict)  # site path -> the image's absolute path
    credits: Mapping[str, str] = field(default_factory=dict)  # docs page -> its credits block (HTML)
    listings: Mapping[str, str] = field(default_factory=dict)  # topic index page -> its pages' table (HTML)
    home: str = ""  # the home page's "at a glance" block (HTML)
    updated: dict[str, str] = field(default_factory=dict)  # docs page -> date of its last change
    exports: Mapping[str, str] = field(default_factory=dict)  # site path -> text (stats.json, people.csv)
    fragments: Mapping[str, str] = field(default_factory=dict)  # site path -> HTML a page loads on demand
    # kind -> fragments rendered, not kept from the last build: how the outputs were made, not what they are
    rendered: dict[str, int] = field(default_factory=dict, compare=False)
    messages: list[tuple[int, str]] = field(default_factory=list)  # (logging level, text) said on the way
    timings: dict[str, float] = field(default_factory=dict)  # seconds, by stage


def known_profiles(settings: Settings, fingerprint: str | None = None) -> list[str]:
    """The slugs of the people whose contributor file gives them a profile page: known before the
    history is read (anyone else who gets one is found there). A broken file raises CommittedError.
    ``fingerprint``: the build's (``fingerprint``, which stamps every contributor file), under
    which the answer is kept: a build of the same inputs takes it without stamping each file again
    (5,000 of them at a large company: 0.05 s of a build with nothing changed)."""
    if fingerprint is not None:
        found = kept.read(settings.cache_path, KNOWN, fingerprint)
        if isinstance(found, list) and all(isinstance(slug, str) for slug in found):
            return found
    folder = settings.path(settings.contributors_dir)
    value = checks.contributors(
        folder, lambda: [c.slug for c in load_contributors(folder, display_root=settings.root).values() if c.profile],
        settings.cache_path)
    if fingerprint is not None:
        kept.write(settings.cache_path, KNOWN, fingerprint, value)
    return value


KNOWN = "known-profiles.json"  # known_profiles' answer under the fingerprint of the build that found it


def export_paths(options: LeaderboardOptions) -> dict[str, str]:
    """label -> site path of each export the leaderboard links to."""
    if options.export_dir is None:
        return {}
    folder = options.export_dir.strip("/")
    return {"stats.json": f"{folder}/stats.json", "people.csv": f"{folder}/people.csv"}


def fingerprint(request: Request) -> str:
    """A digest of every input ``make`` reads (the history's head, the pages, the contributor
    files, the template overrides, Committed itself): the same fingerprint, the same outputs.
    Cheap (no file is read), and it already stops on a shallow clone or a docs folder outside
    the repository."""
    settings = request.settings
    head = check_repository(settings.root, settings.docs_dir, settings.allow_shallow)
    docs = settings.path(settings.docs_dir)
    overrides = [Path(settings.custom_dir) / "committed"] if settings.custom_dir else []
    pages = os.path.join(docs, "")  # joined as strings: a Path per page costs more than its stat
    return kept.fingerprint(repr((request, head)), kept.stamp_files(pages + rel for rel in request.page_paths),
                            kept.stamp_tree(settings.path(settings.contributors_dir), *overrides, kept.PACKAGE),
                            kept.stamp_files([settings.root / ".mailmap", settings.root / ".git-blame-ignore-revs",
                                              *([settings.path(settings.forge_ledger)] if settings.forge_ledger else [])]))


def check(request: Request) -> None:
    """Stop on input a user must fix before anything is built: a broken contributor file, a page
    that is not UTF-8 (``fingerprint`` covers the rest)."""
    known_profiles(request.settings)  # reads, so validates, every contributor file
    check_pages(request)


def check_pages(request: Request) -> None:
    """Stop on a page a site generator cannot read (not UTF-8, unreadable), naming its line. Only
    the pages that changed since they last passed are read (checks.py)."""
    settings = request.settings
    docs = settings.path(settings.docs_dir)
    problems = checks.page_problems(docs, request.page_paths, _shown(docs, settings.root), settings.cache_path)
    if problems:
        raise CommittedError("pages the site generator cannot read:\n  " + "\n  ".join(problems),
                             hint="save each file as UTF-8 (or move binary files out of the docs folder).")


def save(folder: Path | None, fingerprint: str, outputs: Outputs, writer: outwrite.Writer | None = None) -> bool:
    """Keep ``outputs`` in ``folder`` (the cache) under ``fingerprint``: the next build of the same
    inputs, in any process, reads them back instead of making them again (outpack.py: an index,
    and a pack of the text read a piece at a time). ``writer``: the pack ``make`` wrote its pieces
    into as it went. False when they could not be kept."""
    small = {"now": outputs.now.isoformat() if outputs.now else None,
             **{name: getattr(outputs, name) for name in _SMALL}}
    if writer is not None:
        writer.sink("home")[""] = outputs.home
        return writer.finish(small)
    pieces = {name: getattr(outputs, name) for name in _PIECES}
    return outwrite.write(folder, fingerprint, small, {**pieces, "home": {"": outputs.home}})


def saved(folder: Path | None, fingerprint: str) -> Outputs | None:
    """The outputs ``save`` kept under ``fingerprint``, or None. Their pages, credits, listings,
    exports and fragments are read from the pack when asked for."""
    found = outpack.read(folder, fingerprint)
    if found is None:
        return None
    data, pieces = found
    try:
        now = datetime.fromisoformat(data["now"]) if data["now"] else None
        out = Outputs(now, pages=pieces["pages"], profiles=tuple(data["profiles"]), heads=pieces["heads"],
                      avatars=data["avatars"], credits=pieces["credits"], listings=pieces["listings"],
                      home=pieces["home"][""], updated=data["updated"], exports=pieces["exports"],
                      fragments=pieces["fragments"],
                      messages=[(int(level), str(text)) for level, text in data["messages"]])
    except (ValueError, KeyError, TypeError):
        return None
    return out


_SMALL = ("profiles", "avatars", "updated", "messages")
_PIECES = ("pages", "heads", "credits", "listings", "exports", "fragments")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def make(request: Request, writer: outwrite.Writer | None = None, *, remember: bool = True) -> Outputs:
    """Read the knowledge base and make every page and file Committed adds to the site.
    ``writer``: a pack each piece (page, credits block, fragment) is written to as it is made,
    instead of being held until the end (``save`` then finishes it); ``remember``: keep the
    knowledge base for the next build in this process (``knowledge.load``)."""
    from .analytics import analyze, window_for
    from .avatars import avatar_file
    from .doctor import build_note
    from .exports import to_csv, to_json
    from .knowledge import load
    from .render.credits import credits_blocks
    from .render.home import home_block
    from .render.keys import Marks
    from .render.leaderboard import ranking_fragments, render_page
    from .render.links import people_index_src, profile_src
    from .render.memo import Memo
    from .render.profiles import DATED, dated_profile, dated_values, people_index, profile_inputs, profile_piece
    from .render.reuse import Reuse
    from .render.topics import topic_listings

    settings = request.settings
    with _said() as messages:
        kb = load(settings, list(request.page_paths), remember=remember)
        note = build_note(kb)
        if note:
            log.warning("%s", note)
        started = time.perf_counter()
        memo, marks = Memo.for_settings(settings), Marks(kb)
        reuse = Reuse(writer, memo)  # the last build's pieces, copied where made of the same
        out = Outputs(now=kb.now, messages=messages)
        fields: dict[str, MutableMapping[str, str]] = {
            name: writer.sink(name) if writer is not None else {} for name in _PIECES}
        pages, fragments = fields["pages"], fields["fragments"]
        out.updated = {path: info.updated_at.date().isoformat()
                       for path, info in kb.pages.items() if info.updated_at is not None}
        if request.profiles:
            people = [p for p in kb.people.values() if p.profile]
            for person in people:
                image = avatar_file(kb, person)
                avatar_src = None
                if image is not None:
                    avatar_src = f"{settings.people_prefix}/avatars/{person.slug}{image.suffix.lower()}"
                    out.avatars[avatar_src] = str(image)
                src = profile_src(settings, person.slug)
                # made of the same but the date of "now": the last build's, with the date put in
                inputs = profile_inputs(kb, person, marks)
                reuse.dated(profile_piece(avatar_src, inputs), DATED,
                            partial(dated_profile, kb, person, avatar_src, memo, marks, inputs),
                            partial(dated_values, kb, person, memo, marks, inputs),
                            partial(_profile, fields, src), pages=src, heads=src)
            out.profiles = tuple(pages)
            if request.people_index:
                index, people_fragments = people_index(kb, people, request.people_index_inline_kb,
                                                       request.people_index_fragment_kb, memo)
                pages[people_index_src(settings)] = index
                fragments.update(people_fragments)
        if request.credits:
            credits_blocks(kb, memo, marks, into=fields["credits"], reuse=reuse)
            topic_listings(kb, memo, marks, into=fields["listings"], reuse=reuse)
        pages_done = time.perf_counter()
        options = request.leaderboard
        analytics = None
        if options is not None:
            wins = ([window_for(d) for d in options.windows] if options.windows
                    else [w for w in kb.windows() if w.days is not None])
            if options.all_time:
                wins.append(window_for(None))
            analytics = analyze(kb, wins, top=options.top, list_limit=options.list_limit,
                                unreviewed_days=options.unreviewed_days,
                                review_interval_days=options.review_interval_days)
            exports = export_paths(options)
            if exports:
                fields["exports"].update({exports["stats.json"]: to_json(analytics),
                                          exports["people.csv"]: to_csv(analytics)})
            pages[options.path] = render_page(analytics, settings, src_uri=options.path, title=options.title,
                                              export_links=exports, profiles=request.profiles,
                                              reviews=kb.reviews, ranking_rows=options.ranking_rows)
            ranking_fragments(analytics, settings, src_uri=options.path, profiles=request.profiles,
                              ranking_rows=options.ranking_rows, memo=memo, into=fragments, reuse=reuse)
        if request.home is not None and request.home in kb.pages:
            out.home = home_block(kb, request.home, analytics, options.path if options else None)
        out.pages, out.heads, out.credits, out.listings, out.exports, out.fragments = (fields[name] for name in _PIECES)
        memo.save()
        if request.profiles:
            marks.keep(memo)  # what the next build's profiles check their links against (render/keys.py)
        out.rendered = dict(memo.rendered)
        done = time.perf_counter()
    out.timings = {**kb.timings, "pages": pages_done - started, "leaderboard": done - pages_done}
    return out


def _profile(fields: dict[str, MutableMapping[str, str]], src: str, text: str) -> None:
    """Set the profile ``src`` to ``text``, and its head (what comes before DEFERRED)."""
    fields["pages"][src] = text
    mark = text.find(DEFERRED)
    fields["heads"][src] = text if mark < 0 else text[:mark + len(DEFERRED)]


@contextmanager
def _said() -> Iterator[list[tuple[int, str]]]:
    """Collect what the core logs (warnings about avatars, shallow clones...) so the caller can
    say it in its own voice (MkDocs' logger, where ``--strict`` counts warnings)."""
    said: list[tuple[int, str]] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append((record.levelno, record.getMessage()))

    handler = _Collect(logging.INFO)
    log.addHandler(handler)
    propagate, log.propagate = log.propagate, False
    try:
        yield said
    finally:
        log.removeHandler(handler)
        log.propagate = propagate

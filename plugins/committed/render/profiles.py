"""Profile pages (one per person) and the people index."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from markupsafe import Markup

from ..forgeapi.matching import ReviewSource
from ..knowledge import Activity, KnowledgeBase
from ..people import Person
from ..templating import render
from ..urls import relative
from . import svg
from .directory import FRAGMENT_KB, INLINE_KB, index_pages
from .keys import Marks, joined, link_mask
from .links import Links, people_index_src, profile_src
from .memo import Memo, fields_of
from .scores import AS_OF, windows_part
from .stitch import cut, fill, find, pieces, stitch

MAX_LIST = 25
MAX_RECENT = 15
# The holes of a kept profile (render/stitch.py): the date of "now", the calendar, the tier line
# and the Scores part (render/scores.py), each kept on its own.
HOLES = (AS_OF, CALENDAR, TIER, SCORES) = (AS_OF, "<committed-calendar/>", "<committed-tier/>", "<committed-scores/>")


def profile_page(kb: KnowledgeBase, person: Person, avatar_src: str | None = None, memo: Memo | None = None,
                 marks: Marks | None = None) -> str:
    """The Markdown of ``person``'s profile. ``avatar_src``: a site path of their image, if any;
    ``memo``: where the previous build's profiles are kept; ``marks``: the build's (render/keys.py)."""
    memo = Memo(None, "") if memo is None else memo
    marks = Marks(kb) if marks is None else marks
    inputs = profile_inputs(kb, person, marks)
    text, state = dated_profile(kb, person, avatar_src, memo, marks, inputs)
    found = dated_values(kb, person, memo, marks, inputs, state)
    assert found is not None  # the state was taken of these inputs
    return fill(*find(text, DATED), found[0])


def dated_profile(kb: KnowledgeBase, person: Person, avatar_src: str | None, memo: Memo, marks: Marks,
                  inputs: ProfileInputs) -> tuple[str, tuple[Any, ...]]:
    """``profile_page`` with the marks of ``DATED`` where the date of "now" and the calendar's
    frame go, and what ``dated_values`` checks to fill them in at another date: the calendar's
    bounds (``svg.calendar_bounds``: while "now" stays within them, the page is the same but for
    those values), the digest of every title and name and the marks of what the page links to.

    A profile is kept in parts, each under what it is made of, named without reading any of it:
    the digests of the person's events and activity (the checkpoint's blobs, ``PerPerson.digest``),
    the pages and people those events and that activity name (kept beside the profile under the
    two digests) with each page's title, topic and tags and each person's name. What depends on
    the windows (the tier line, the Scores table, "Why these scores?": render/scores.py) is kept
    also under how many of the events each window holds (``Totals.count``: for the same events,
    the same count is the same events, so the same scores and explanation, however far "now"
    moved); the rest is not, so when every window shifts only that part is rendered again. The
    date of "now" and the calendar are kept on their own too, and all are stitched in
    (``HOLES``): a new day renders again only the parts it changes. The marks of what a profile
    links to are kept too, under one digest of every title and name (``Marks.names``)."""
    fields, made_of, names, counts, reviews, today = inputs
    refs = _kept_refs(kb, memo, person, made_of)
    # the marks of what the profile links to, kept while no title or name in the site changes
    links = memo.text("profile-links", repr((made_of, names)), partial(_links, marks, refs))
    kept = memo.text("profile", repr((fields, avatar_src, today is not None, made_of, links)),
                     partial(_render_profile, kb, person, avatar_src))
    windows = repr((fields, reviews, today is not None, made_of[:2], counts, links))  # no activity: the events' alone
    windowed = memo.text("profile-windows", windows, partial(windows_part, kb, person))
    mask = link_mask(*_ref(refs, LINKED))
    if today is None:
        return stitch(kept, ("", "", *pieces(windowed, ("", None)))), (None, names, links, mask)
    bounds = svg.calendar_bounds(today, _ref(refs, ACTIVE))
    shown = svg.shown_at(bounds, today)
    calendar = memo.text("calendar", repr((made_of, shown)), partial(_calendar, kb, refs, today))
    return stitch(kept, (AS_OF, stitch(calendar, DATED), *pieces(windowed, (AS_OF, None)))), (bounds, names, links, mask)


DATED = (AS_OF, *svg.FRAME)  # the marks of a profile that "now" fills in (``dated_profile``)


def dated_values(kb: KnowledgeBase, person: Person, memo: Memo, marks: Marks, inputs: ProfileInputs,
                 state: object) -> tuple[tuple[str, ...], tuple[Any, ...]] | None:
    """The values of ``DATED`` for a profile of ``inputs`` (but the names: ``profile_piece``)
    whose page was made with ``state`` (``dated_profile``'s, at any date), and the state to keep
    with them: None when the page would be another, as its calendar would show other days or it
    would link to other pages or names (or ``state`` is not of that shape: it may come from a
    cache). When a title or a name in the site changed, the marks of what it links to are read
    again only when one of them may be among those (``Marks.changed_since``, ``link_mask``): a
    newcomer's first commit changes ``Marks.names`` and the links of nobody who names no one new."""
    if not (type(state) is tuple and len(state) == 4 and type(state[1]) is str and type(state[2]) is str
            and type(state[3]) is int):
        return None
    bounds, names, links, mask = state
    if names != inputs.names and ((changed := marks.changed_since(names, memo)) is None or changed & mask) \
            and links != _links(marks, _kept_refs(kb, memo, person, inputs.made_of)):
        return None
    kept, today = (bounds, inputs.names, links, mask), inputs.today
    if today is None:
        return ((), kept) if bounds is None else None
    if not (type(bounds) is tuple and len(bounds) == 4 and all(b is None or type(b) is int for b in bounds)):
        return None
    shown = svg.shown_at(bounds, today)
    if shown is None:
        return None
    return (today.isoformat(), *svg.frame_values(today, shown[0], custom_dir=kb.settings.custom_dir)), kept


def profile_piece(avatar_src: str | None, inputs: ProfileInputs) -> str:
    """What a profile page is named by in the outputs (render/reuse.py): its inputs but the date
    of "now" and the names, which ``dated_values`` checks instead."""
    return repr((avatar_src, inputs.fields, inputs.made_of, inputs.counts, inputs.reviews, inputs.today is not None))


class ProfileInputs(NamedTuple):
    """Everything a profile is made of, but the memo's salt (Committed's code, the settings) and
    the avatar: the same inputs, the same page."""

    fields: tuple[Any, ...]  # the person's own (their contributor file)
    made_of: tuple[str, str | None, str | None]  # slug, the digests of their events and of their activity
    names: str  # the digest of every title and name a page can link to (``Marks.names``)
    counts: list[int]  # how many of their events each window holds
    reviews: tuple[Any, ...] | None  # where reviews come from
    today: date | None  # the date of "now"


def profile_inputs(kb: KnowledgeBase, person: Person, marks: Marks) -> ProfileInputs:
    """What ``profile_page`` reads of ``kb`` for ``person``, named without reading any of it."""
    slug, now = person.slug, kb.now
    made_of = (slug, kb.scoreboard.events.events_digest(slug), kb.activity.digest(slug))
    totals = kb.scoreboard.events.totals(slug)
    counts = [totals.count(w.start(now) if now else None) if totals else 0 for w in kb.windows()]
    reviews = fields_of(ReviewSource)(kb.reviews) if kb.reviews else None
    return ProfileInputs(fields_of(Person)(person), made_of, marks.names(), counts, reviews,
                         now.date() if now is not None else None)


def _kept_refs(kb: KnowledgeBase, memo: Memo, person: Person, made_of: tuple[str, str | None, str | None]) -> str:
    """``_refs`` of ``person``, kept under what their events and activity are made of."""
    return memo.text("profile-refs", repr(made_of), partial(_refs, kb, person.slug))


def _refs(kb: KnowledgeBase, slug: str) -> str:
    """What a profile reads of all the person's events and activity, as three lines of JSON,
    each read only when needed: their active days (ordinals, for the calendar's key); the pages and
    people the profile links to; their active days (ordinal, contributions), for the calendar
    (so the person's activity need not be decoded to render it)."""
    events = kb.scoreboard.events.get(slug, ())
    act = kb.activity.get(slug) or Activity()
    pages = {*(e.page for e in events if e.page), *act.created, *act.improved, *act.reviewed,
             *(c.page for c in act.recent if c.page)}
    people = {*(e.other for e in events if e.other), *act.learned_from, *act.taught}
    days = sorted((day.toordinal(), n) for day, n in act.days.items())
    return "\n".join([json.dumps([d for d, _ in days], separators=(",", ":")), json.dumps([sorted(pages), sorted(people)]),
                      json.dumps(days, separators=(",", ":"))])


ACTIVE, LINKED, DAYS = range(3)  # the lines of ``_refs``


def _ref(refs: str, line: int) -> Any:  # noqa: ANN401 - JSON of the line's own shape
    """Line ``line`` of ``_refs``, decoded (only that line is sliced out and read)."""
    start = 0
    for _ in range(line):
        start = refs.index("\n", start) + 1
    end = refs.find("\n", start)
    return json.loads(refs[start:] if end < 0 else refs[start:end])


def _links(marks: Marks, refs: str) -> str:
    """One digest of the marks of the pages and people in ``refs`` (``_refs``)."""
    pages, people = _ref(refs, LINKED)
    return joined([*marks.shown(pages), *marks.people(people)])


def _calendar(kb: KnowledgeBase, refs: str, today: date) -> str:
    """The calendar ending ``today`` of the active days in ``refs`` (``_refs``), kept with holes
    for the date (``AS_OF``) and the frame (``svg.FRAME``: where its weeks begin)."""
    days = Counter({date.fromordinal(day): n for day, n in _ref(refs, DAYS)})
    cells = svg.calendar_cells(days, today, custom_dir=kb.settings.custom_dir, end_label=Markup(AS_OF))
    return cut(cells, (AS_OF, *svg.FRAME))


class _Recent(NamedTuple):
    """A contribution as "recent contributions" lists it."""

    date: str  # ISO
    kind: str
    subject: str
    page: str | None
    sha: str


@dataclass(frozen=True)
class _ProfileData:
    """What a profile shows, before links: everything it reads from the knowledge base but the
    titles of the pages and the names of the people it links to."""

    person: Person
    avatar_src: str | None
    dated: bool  # whether there is a "now" (a commit): the date itself is stitched in (``AS_OF``)
    page_groups: tuple[tuple[str, tuple[str, ...], int], ...]  # (label, the first MAX_LIST pages, how many)
    topics_taught: tuple[tuple[str, int], ...]
    topics_learned: tuple[tuple[str, int], ...]
    learned_from: tuple[tuple[str, int], ...]  # (slug, times), most first
    taught: tuple[tuple[str, int], ...]
    recent: tuple[_Recent, ...]


def _profile_data(kb: KnowledgeBase, person: Person, avatar_src: str | None) -> _ProfileData:
    act = kb.activity.get(person.slug) or Activity()
    return _ProfileData(
        person, avatar_src, kb.now is not None,
        tuple((label, tuple(pages[:MAX_LIST]), len(pages))
              for label, pages in (("Created", act.created), ("Improved", act.improved), ("Reviewed", act.reviewed))),
        _topics(kb, act.created + act.improved), _topics(kb, act.improved + act.reviewed),
        _most(act.learned_from), _most(act.taught),
        tuple(_Recent(c.at.date().isoformat(), c.kind, c.subject, c.page, c.sha) for c in act.recent[:MAX_RECENT]))


def _render_profile(kb: KnowledgeBase, person: Person, avatar_src: str | None) -> str:
    """The profile's Markdown, with its links, but for the date of "now", the calendar, the tier
    line and the Scores part (``HOLES`` mark where they go)."""
    data = _profile_data(kb, person, avatar_src)
    settings = kb.settings
    links = Links.for_page(kb, profile_src(settings, person.slug))
    custom = settings.custom_dir
    if data.avatar_src:
        avatar = {"src": relative(links.from_url, data.avatar_src), "svg": None}
    else:
        avatar = {"src": None, "svg": Markup(svg.initials_avatar(person.name, person.slug, custom_dir=custom))}
    context: dict[str, object] = {
        "person": person,
        "avatar": avatar,
        "tier_line": Markup(TIER),
        "scores_part": Markup(SCORES),
        "page_groups": [(label, {"shown": [links.page(p) for p in shown], "total": total,
                                 "more": max(0, total - MAX_LIST)}) for label, shown, total in data.page_groups],
        "topics_taught": list(data.topics_taught),
        "topics_learned": list(data.topics_learned),
        "learned_from": [{**links.person(slug), "count": n} for slug, n in data.learned_from],
        "taught": [{**links.person(slug), "count": n} for slug, n in data.taught],
        "calendar": Markup(CALENDAR) if data.dated else "",
        "recent": [_recent(links, c) for c in data.recent],
        "people_index": links.people_index(),
        "as_of": Markup(AS_OF) if data.dated else None,
    }
    return cut(render("profiles/profile.md.j2", custom, **context), HOLES)


def people_index(kb: KnowledgeBase, people: list[Person], inline_kb: int = INLINE_KB,
                 fragment_kb: int = FRAGMENT_KB, memo: Memo | None = None) -> tuple[str, dict[str, str]]:
    """The people index's Markdown and the office fragments it loads (see render/directory.py),
    each office's kept by ``memo`` under the people it lists."""
    memo = Memo(None, "") if memo is None else memo
    links = Links.for_page(kb, people_index_src(kb.settings))
    groups: dict[str, dict[str, list[dict[str, object]]]] = {}
    default = kb.windows()[0]
    for person in sorted(people, key=lambda p: (p.name.casefold(), p.slug)):
        office = person.office or "No office given"
        team = person.team or "No team given"
        entry: dict[str, object] = {**links.person(person), "role": person.role,
                 # an opted-out person shows no tier
                 "tier": kb.scoreboard.window_score(person.slug, default).tier.value if person.ranked else None}
        groups.setdefault(office, {}).setdefault(team, []).append(entry)
    ordered = [(office, sorted(teams.items())) for office, teams in sorted(groups.items())]
    return index_pages(kb.settings, ordered, len(people), default, inline_kb, fragment_kb, memo)


def _topics(kb: KnowledgeBase, pages: list[str]) -> tuple[tuple[str, int], ...]:
    """The topics and tags of ``pages`` (a page's topic once, each of its tags once), most first:
    the first 20."""
    names: list[str] = []
    for path in pages:
        info = kb.pages.get(path)
        if info is not None:
            if info.topic:
                names.append(info.topic)
            names.extend(set(info.tags))
    return tuple(sorted(Counter(names).items(), key=lambda kv: (-kv[1], kv[0]))[:20])


def _most(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _recent(links: Links, c: _Recent) -> dict[str, object]:
    return {"date": c.date, "kind": c.kind, "subject": c.subject,
            "page": links.page(c.page) if c.page else None, "commit": links.commit(c.sha), "sha": c.sha[:7]}


__all__ = ["profile_page", "people_index"]

"""Profile pages (one per person) and the people index."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import NamedTuple

from markupsafe import Markup

from ..forgeapi.matching import ReviewSource
from ..knowledge import Activity, KnowledgeBase
from ..people import Person
from ..scoring import Event, Score, Side, Window
from ..templating import render
from ..urls import relative
from . import svg
from .directory import FRAGMENT_KB, INLINE_KB, index_pages
from .keys import Marks, joined
from .links import Links, people_index_src, profile_src
from .memo import Memo, fields_of
from .stitch import cut, stitch

KIND_LABELS = {"create": "Created a page", "content": "Added content", "breadth": "Breadth bonus",
               "acknowledged": "Named as Learned-from",
               "improve": "Improved a colleague's page", "review": "Reviewed a colleague's change",
               "learned-from": "Learned from a colleague"}
MAX_LIST = 25
MAX_EVENTS = 30
MAX_RECENT = 15
# The holes of a kept profile (render/stitch.py): the date of "now", the calendar and a generated
# avatar, each kept on its own.
HOLES = AS_OF, CALENDAR, AVATAR = ("<committed-as-of/>", "<committed-calendar/>", "<committed-avatar/>")


def profile_page(kb: KnowledgeBase, person: Person, avatar_src: str | None = None, memo: Memo | None = None,
                 marks: Marks | None = None) -> str:
    """The Markdown of ``person``'s profile. ``avatar_src``: a site path of their image, if any;
    ``memo``: where the previous build's profiles are kept; ``marks``: the build's (render/keys.py).

    A profile is kept under what it is made of, named without reading any of it: the digests of
    the person's events and activity (the checkpoint's blobs, ``PerPerson.digest``), how many of
    those events each window holds (``Totals.count``: for the same events, the same count is the
    same events, so the same scores and explanation, however far "now" moved), the pages and
    people those events and that activity name (kept beside the profile under the two digests)
    with each page's title, topic and tags and each person's name. The date of "now", the calendar and a generated avatar are not in it: they are
    kept on their own and stitched in (``HOLES``), so a new day renders again only the profiles
    it changes."""
    memo = Memo(None, "") if memo is None else memo
    marks = Marks(kb) if marks is None else marks
    slug = person.slug
    made_of = (slug, kb.scoreboard.events.events_digest(slug), kb.activity.digest(slug))
    pages, people, last_day = json.loads(memo.text("profile-refs", repr(made_of), partial(_refs, kb, slug)))
    links = joined([*marks.shown(pages), *marks.people(people)])
    totals, now = kb.scoreboard.events.totals(slug), kb.now
    counts = [totals.count(w.start(now) if now else None) if totals else 0 for w in kb.windows()]
    reviews = fields_of(ReviewSource)(kb.reviews) if kb.reviews else None
    key = repr((fields_of(Person)(person), avatar_src, reviews, now is not None, made_of, counts, links))
    kept = memo.text("profile", key, partial(_render_profile, kb, person, avatar_src))
    avatar = ""
    if not avatar_src:
        initials = partial(svg.initials_avatar, person.name, slug, custom_dir=kb.settings.custom_dir)
        avatar = memo.text("avatar", repr((person.name, slug)), initials)
    if kb.now is None:
        return stitch(kept, ("", "", avatar))
    today = kb.now.date()
    calendar = memo.text("calendar", repr((made_of, *svg.calendar_key(today, last_day))),
                         partial(_calendar, kb, slug, today))
    return stitch(kept, (today.isoformat(), stitch(calendar, (today.isoformat(),)), avatar))


def _refs(kb: KnowledgeBase, slug: str) -> str:
    """JSON of what a profile links to or reads, of all the person's events and activity: the
    pages, the people, and their last active day (an ordinal; None: none)."""
    events = kb.scoreboard.events.get(slug, ())
    act = kb.activity.get(slug) or Activity()
    pages = {*(e.page for e in events if e.page), *act.created, *act.improved, *act.reviewed,
             *(c.page for c in act.recent if c.page)}
    people = {*(e.other for e in events if e.other), *act.learned_from, *act.taught}
    last = max(act.days, default=None)
    return json.dumps([sorted(pages), sorted(people), last.toordinal() if last else None])


def _calendar(kb: KnowledgeBase, slug: str, today: date) -> str:
    """The calendar ending ``today``, kept with a hole for the date (``AS_OF``)."""
    act = kb.activity.get(slug) or Activity()
    return cut(svg.calendar(act.days, today, custom_dir=kb.settings.custom_dir, end_label=Markup(AS_OF)), (AS_OF,))


class _Shown(NamedTuple):
    """An event as the explanation lists it."""

    date: str  # ISO
    side: Side
    kind: str
    points: float
    page: str | None
    other: str | None
    sha: str
    note: str


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
    reviews: ReviewSource | None
    scores: tuple[tuple[Window, Score], ...]  # every window, the default first
    events: tuple[_Shown, ...]  # the default window's latest MAX_EVENTS, newest first
    earlier: tuple[int, dict[str, str]]  # how many earlier events in the window, and their subtotal
    summary: tuple[dict[str, object], ...]
    page_groups: tuple[tuple[str, tuple[str, ...], int], ...]  # (label, the first MAX_LIST pages, how many)
    topics_taught: tuple[tuple[str, int], ...]
    topics_learned: tuple[tuple[str, int], ...]
    learned_from: tuple[tuple[str, int], ...]  # (slug, times), most first
    taught: tuple[tuple[str, int], ...]
    recent: tuple[_Recent, ...]


def _profile_data(kb: KnowledgeBase, person: Person, avatar_src: str | None) -> _ProfileData:
    act = kb.activity.get(person.slug) or Activity()
    windows = kb.windows()
    scores = tuple((w, kb.scoreboard.window_score(person.slug, w)) for w in windows)
    start = windows[0].start(kb.now) if kb.now else None
    events = kb.scoreboard.events.since(person.slug, start)  # scoreboard.explain's, decoding no other event
    shown, earlier = events[-MAX_EVENTS:], events[:-MAX_EVENTS] if len(events) > MAX_EVENTS else []
    return _ProfileData(
        person, avatar_src, kb.now is not None, kb.reviews, scores,
        tuple(_Shown(e.at.date().isoformat(), e.side, e.kind, e.points, e.page, e.other, e.sha, e.note)
              for e in reversed(shown)), (len(earlier), _subtotal(earlier)),
        tuple(_summary(kb.scoreboard.summary(person.slug))),
        tuple((label, tuple(pages[:MAX_LIST]), len(pages))
              for label, pages in (("Created", act.created), ("Improved", act.improved), ("Reviewed", act.reviewed))),
        _topics(kb, act.created + act.improved), _topics(kb, act.improved + act.reviewed),
        _most(act.learned_from), _most(act.taught),
        tuple(_Recent(c.at.date().isoformat(), c.kind, c.subject, c.page, c.sha) for c in act.recent[:MAX_RECENT]))


def _render_profile(kb: KnowledgeBase, person: Person, avatar_src: str | None) -> str:
    """The profile's Markdown, with its links, but for the date of "now", the calendar and a
    generated avatar (``AS_OF``, ``CALENDAR`` and ``AVATAR`` mark where they go)."""
    data = _profile_data(kb, person, avatar_src)
    settings = kb.settings
    links = Links.for_page(kb, profile_src(settings, person.slug))
    default, first = data.scores[0]
    thresholds = settings.scoring.thresholds
    custom = settings.custom_dir
    if data.avatar_src:
        avatar = {"src": relative(links.from_url, data.avatar_src), "svg": None}
    else:
        avatar = {"src": None, "svg": Markup(AVATAR)}
    context: dict[str, object] = {
        "reviews": data.reviews,
        "person": person,
        "avatar": avatar,
        "tier": first.tier.value if person.ranked else None,  # opted out: no tier anywhere
        "ranked": person.ranked,
        "thresholds": {"teach": f"{thresholds.teach:g}", "learn": f"{thresholds.learn:g}"},
        "scores": [{"label": w.label, "score": s} for w, s in data.scores],
        "window": default,
        "events": [_event_row(links, e) for e in data.events],
        "more_events": data.earlier[0],
        "earlier": data.earlier[1],
        "total": {"teach": f"{first.teach:.1f}", "learn": f"{first.learn:.1f}"},
        "summary": list(data.summary),
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
        "named": person.ranked,
        "unnamed_reason": _unnamed_reason(settings.privacy),
    }
    return cut(render("profiles/profile.md.j2", custom, **context), HOLES)


def people_index(kb: KnowledgeBase, people: list[Person], inline_kb: int = INLINE_KB,
                 fragment_kb: int = FRAGMENT_KB, memo: Memo | None = None) -> tuple[str, dict[str, str]]:
    """The people index's Markdown and the office fragments it loads (see render/directory.py);
    kept by ``memo`` under everything it lists."""
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
    key = repr((ordered, len(people), fields_of(Window)(default), inline_kb, fragment_kb))
    made = memo.text("people-index", key, lambda: json.dumps(
        index_pages(kb.settings, ordered, len(people), default, inline_kb, fragment_kb)))
    page, fragments = json.loads(made)
    return page, fragments


def _unnamed_reason(privacy: str) -> str:
    if privacy == "aggregate":
        return "This knowledge base shows no one’s scores, tier or rank: its figures are for groups only."
    if privacy == "opt-in":
        return ("Scores, tier and rank are shown only for people who asked for it (`leaderboard: true` in their "
                "contributor file).")
    return "Their scores, tier and rank are not shown: they opted out (`leaderboard: false` in their contributor file)."


def _event_row(links: Links, e: _Shown) -> dict[str, object]:
    return {"date": e.date, "side": e.side.value, "label": KIND_LABELS.get(e.kind, e.kind),
            "points": f"{e.points:g}", "teach": f"{e.points:.1f}" if e.side is Side.TEACH else "",
            "learn": f"{e.points:.1f}" if e.side is Side.LEARN else "", "page": links.page(e.page) if e.page else None,
            "other": links.person(e.other) if e.other else None, "commit": links.commit(e.sha),
            "sha": e.sha[:7], "note": e.note}


def _subtotal(events: list[Event]) -> dict[str, str]:
    """The teach and learn points of ``events``, as one row of the explanation."""
    teach = sum(e.points for e in events if e.side is Side.TEACH)
    learn = sum(e.points for e in events if e.side is Side.LEARN)
    return {"teach": f"{teach:.1f}", "learn": f"{learn:.1f}"}


def _summary(totals: dict[tuple[str, str], tuple[int, float]]) -> list[dict[str, object]]:
    """All-time count and points of each (side, kind)."""
    return [{"side": side, "label": KIND_LABELS.get(kind, kind), "count": n, "points": f"{pts:.1f}"}
            for (side, kind), (n, pts) in sorted(totals.items())]


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


__all__ = ["profile_page", "people_index", "Side"]

"""Profile pages (one per person) and the people index."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from markupsafe import Markup

from ..knowledge import Contribution, KnowledgeBase
from ..people import Person
from ..scoring import Event, Side
from ..templating import render
from . import svg
from .directory import INLINE_KB, index_pages
from .links import Links, people_index_src, profile_src

KIND_LABELS = {"create": "Created a page", "content": "Added content", "breadth": "Breadth bonus",
               "acknowledged": "Named as Learned-from",
               "improve": "Improved a colleague's page", "review": "Reviewed a colleague's change",
               "learned-from": "Learned from a colleague"}
MAX_LIST = 25
MAX_EVENTS = 30
MAX_RECENT = 15


def profile_page(kb: KnowledgeBase, person: Person, avatar_src: str | None = None) -> str:
    """The Markdown of ``person``'s profile. ``avatar_src``: a site path of their image, if any."""
    settings = kb.settings
    src = profile_src(settings, person.slug)
    links = Links.for_page(kb, src)
    act = kb.activity.get(person.slug)
    windows = kb.windows()
    scores = [(w, kb.scoreboard.window_score(person.slug, w)) for w in windows]
    default = windows[0]
    start = default.start(kb.now) if kb.now else None
    events = kb.scoreboard.explain(person.slug, start)
    shown, earlier = events[-MAX_EVENTS:], events[:-MAX_EVENTS] if len(events) > MAX_EVENTS else []
    thresholds = settings.scoring.thresholds
    custom = settings.custom_dir
    if avatar_src:
        from ..urls import relative
        avatar = {"src": relative(links.from_url, avatar_src), "svg": None}
    else:
        avatar = {"src": None, "svg": Markup(svg.initials_avatar(person.name, person.slug, custom_dir=custom))}
    context = {
        "reviews": kb.reviews,
        "person": person,
        "avatar": avatar,
        "tier": scores[0][1].tier.value if person.ranked else None,  # opted out: no tier anywhere
        "ranked": person.ranked,
        "thresholds": {"teach": f"{thresholds.teach:g}", "learn": f"{thresholds.learn:g}"},
        "scores": [{"label": w.label, "score": s} for w, s in scores],
        "window": default,
        "events": [_event_row(links, e) for e in reversed(shown)],
        "more_events": len(earlier),
        "earlier": _subtotal(earlier),
        "total": {"teach": f"{scores[0][1].teach:.1f}", "learn": f"{scores[0][1].learn:.1f}"},
        "summary": _summary(kb.scoreboard.events.get(person.slug, [])),
        "page_groups": [(label, _page_list(links, pages)) for label, pages in (
            ("Created", act.created if act else []), ("Improved", act.improved if act else []),
            ("Reviewed", act.reviewed if act else []))],
        "topics_taught": _topics(kb, (act.created + act.improved) if act else []),
        "topics_learned": _topics(kb, (act.improved + act.reviewed) if act else []),
        "learned_from": _people(links, act.learned_from if act else Counter()),
        "taught": _people(links, act.taught if act else Counter()),
        "calendar": Markup(svg.calendar(act.days if act else Counter(), kb.now.date(), custom_dir=custom)) if kb.now else "",
        "recent": [_recent(links, c) for c in (act.recent[:MAX_RECENT] if act else [])],
        "people_index": links.people_index(),
        "as_of": kb.now.date().isoformat() if kb.now else None,
        "named": person.ranked,
        "unnamed_reason": _unnamed_reason(kb.settings.privacy),
    }
    return render("profiles/profile.md.j2", custom, **context)


def people_index(kb: KnowledgeBase, people: list[Person], inline_kb: int = INLINE_KB) -> tuple[str, dict[str, str]]:
    """The people index's Markdown and the office fragments it loads (see render/directory.py)."""
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
    return index_pages(kb.settings, ordered, len(people), default, inline_kb)


def _unnamed_reason(privacy: str) -> str:
    if privacy == "aggregate":
        return "This knowledge base shows no one’s scores, tier or rank: its figures are for groups only."
    if privacy == "opt-in":
        return ("Scores, tier and rank are shown only for people who asked for it (`leaderboard: true` in their "
                "contributor file).")
    return "Their scores, tier and rank are not shown: they opted out (`leaderboard: false` in their contributor file)."


def _event_row(links: Links, e: Event) -> dict[str, object]:
    return {"date": e.at.date().isoformat(), "side": e.side.value, "label": KIND_LABELS.get(e.kind, e.kind),
            "points": f"{e.points:g}", "teach": f"{e.points:.1f}" if e.side is Side.TEACH else "",
            "learn": f"{e.points:.1f}" if e.side is Side.LEARN else "", "page": links.page(e.page) if e.page else None,
            "other": links.person(e.other) if e.other else None, "commit": links.commit(e.sha),
            "sha": e.sha[:7], "note": e.note}


def _subtotal(events: list[Event]) -> dict[str, str]:
    """The teach and learn points of ``events``, as one row of the explanation."""
    teach = sum(e.points for e in events if e.side is Side.TEACH)
    learn = sum(e.points for e in events if e.side is Side.LEARN)
    return {"teach": f"{teach:.1f}", "learn": f"{learn:.1f}"}


def _page_list(links: Links, pages: list[str]) -> dict[str, object]:
    """The first MAX_LIST pages, linked, and how many more there are."""
    return {"shown": [links.page(p) for p in pages[:MAX_LIST]], "total": len(pages),
            "more": max(0, len(pages) - MAX_LIST)}


def _summary(events: list[Event]) -> list[dict[str, object]]:
    totals: dict[tuple[str, str], list[float]] = {}
    for e in events:
        row = totals.setdefault((e.side.value, e.kind), [0, 0.0])
        row[0] += 1
        row[1] += e.points
    return [{"side": side, "label": KIND_LABELS.get(kind, kind), "count": int(n), "points": f"{pts:.1f}"}
            for (side, kind), (n, pts) in sorted(totals.items())]


def _topics(kb: KnowledgeBase, pages: list[str]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for path in pages:
        info = kb.pages.get(path)
        if info is not None:
            counts.update({info.topic} if info.topic else set())
            counts.update(set(info.tags))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]


def _people(links: Links, counts: Counter[str]) -> list[dict[str, object]]:
    return [{**links.person(slug), "count": n} for slug, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _recent(links: Links, c: Contribution) -> dict[str, object]:
    at: datetime = c.at
    return {"date": at.date().isoformat(), "kind": c.kind, "subject": c.subject,
            "page": links.page(c.page) if c.page else None, "commit": links.commit(c.sha), "sha": c.sha[:7]}


__all__ = ["profile_page", "people_index", "Side"]

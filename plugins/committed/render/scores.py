"""What a profile shows of its windows: the tier line of its head, the Scores table and "Why these
scores?" with its rows, kept as one fragment (render/profiles.py keeps the rest on its own).

These read the person's events and how many of them each window holds (``Totals.count``), never
their activity: when "now" moves and every window shifts (the first build after a quiet month),
only this part of a profile is rendered again. It is kept with holes for the date of "now"
(``AS_OF``, render/stitch.py) and one where the tier line ends (``PART``).
"""

from __future__ import annotations

from markupsafe import Markup

from ..knowledge import KnowledgeBase
from ..people import Person
from ..scoring import Event, Side
from ..templating import render
from .links import Links, profile_src
from .stitch import cut

AS_OF = "<committed-as-of/>"  # the hole for the date of "now", in every part of a profile
PART = "<committed-part/>"  # where the tier line ends and the Scores begin
KIND_LABELS = {"create": "Created a page", "content": "Added content", "breadth": "Breadth bonus",
               "acknowledged": "Named as Learned-from",
               "improve": "Improved a colleague's page", "review": "Reviewed a colleague's change",
               "learned-from": "Learned from a colleague"}
MAX_EVENTS = 30


def windows_part(kb: KnowledgeBase, person: Person) -> str:
    """The tier line, then the Scores table and "Why these scores?" of ``person``'s profile (or
    why they are not shown), kept with holes for the date (``AS_OF``) and between them (``PART``)."""
    windows = kb.windows()
    scores = [(w, kb.scoreboard.window_score(person.slug, w)) for w in windows]
    default, first = scores[0]
    start = default.start(kb.now) if kb.now else None
    events = kb.scoreboard.events.since(person.slug, start)  # scoreboard.explain's, decoding no other event
    shown, earlier = events[-MAX_EVENTS:], events[:-MAX_EVENTS] if len(events) > MAX_EVENTS else []
    links = Links.for_page(kb, profile_src(kb.settings, person.slug))
    context: dict[str, object] = {
        "tier": first.tier.value if person.ranked else None,  # opted out: no tier anywhere
        "part": Markup(PART),
        "reviews": kb.reviews,
        "ranked": person.ranked,
        "thresholds": _thresholds(kb),
        "scores": [{"label": w.label, "score": s} for w, s in scores],
        "window": default,
        "events": [_event_row(links, e) for e in reversed(shown)],
        "more_events": len(earlier),
        "earlier": _subtotal(earlier),
        "total": {"teach": f"{first.teach:.1f}", "learn": f"{first.learn:.1f}"},
        "summary": _summary(kb.scoreboard.summary(person.slug)),
        "as_of": Markup(AS_OF) if kb.now else None,
        "named": person.ranked,
        "unnamed_reason": _unnamed_reason(kb.settings.privacy),
    }
    return cut(render("profiles/scores.html.j2", kb.settings.custom_dir, **context), (AS_OF, PART))


def _thresholds(kb: KnowledgeBase) -> dict[str, str]:
    thresholds = kb.settings.scoring.thresholds
    return {"teach": f"{thresholds.teach:g}", "learn": f"{thresholds.learn:g}"}


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


def _summary(totals: dict[tuple[str, str], tuple[int, float]]) -> list[dict[str, object]]:
    """All-time count and points of each (side, kind)."""
    return [{"side": side, "label": KIND_LABELS.get(kind, kind), "count": n, "points": f"{pts:.1f}"}
            for (side, kind), (n, pts) in sorted(totals.items())]


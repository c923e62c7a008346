"""The home page's "at a glance" block: the committed group in one line with its trend, pages
recently created and improved (and by whom), and pages that need a reviewer or have only one
contributor. Goes in under the home page's heading; no figure here is a person's score."""

from __future__ import annotations

from datetime import datetime

from markupsafe import Markup

from ..analytics import Analytics
from ..knowledge import KnowledgeBase, PageInfo
from ..templating import render
from .links import Links
from .spark import sparkline

SHOWN = 5
SPARK_MONTHS = 12


def home_block(kb: KnowledgeBase, src_uri: str, analytics: Analytics | None, leaderboard_src: str | None,
               exclude: frozenset[str] = frozenset()) -> str:
    """HTML for the home page ``src_uri``; ``leaderboard_src``: the leaderboard page, if the site has one."""
    links = Links.for_page(kb, src_uri)
    pages = [i for p, i in kb.pages.items() if p not in exclude and not p.endswith("index.md") and i.created_at]

    def row(info: PageInfo, who: str, when: datetime | None) -> dict[str, object]:
        return {"page": links.page(info.path), "who": links.person(who) if who else None,
                "date": when.date().isoformat() if when else ""}

    created = sorted(pages, key=lambda i: (i.created_at, i.path), reverse=True)[:SHOWN]
    improved = sorted((i for i in pages if i.updated_at and i.updated_at != i.created_at and i.improved_by),
                      key=lambda i: (i.updated_at, i.path), reverse=True)[:SHOWN]
    single = [i for i in pages if len(set(i.created_by) | set(i.improved_by)) == 1]
    single.sort(key=lambda i: (i.updated_at or i.created_at or datetime.min, i.path))
    context: dict[str, object] = {
        "created": [row(i, i.created_by[0] if i.created_by else "", i.created_at) for i in created],
        "improved": [row(i, i.updated_by, i.updated_at) for i in improved],
        "single": [row(i, (i.created_by or i.improved_by)[0], i.updated_at) for i in single[:SHOWN]],
        "single_total": len(single), "figure": None, "unreviewed": [], "unreviewed_total": 0,
        "leaderboard": links.to(leaderboard_src) if leaderboard_src else None,
    }
    if analytics is not None and analytics.windows:
        first = analytics.windows[0]
        h = first.headline
        recent = analytics.trend[-SPARK_MONTHS:]
        context["figure"] = {"committed": h.current.committed, "active": h.current.active, "delta": h.delta,
                             "window": first.window.label.lower(), "days": first.window.days,
                             "spark": Markup(sparkline([p.figures.committed for p in recent])),
                             "months": [(p.month, p.figures.committed) for p in recent]}
        health = analytics.health
        context["unreviewed"] = [{"page": links.page(p.path), "since": p.since.isoformat() if p.since else ""}
                                 for p in health.oldest_unreviewed[:SHOWN]]
        context["unreviewed_total"] = health.pages - health.reviewed
        context["review_days"] = health.interval_days
    return render("home.html.j2", kb.settings.custom_dir, **context)

"""The committed group, its growth and its gaps: figures for the leaderboard and the stats export.

Pure: a ``KnowledgeBase`` in, frozen dataclasses out. No MkDocs, no wall clock: "now" is
``kb.now``, the date of the newest commit.

Definitions (the docs page ``committed/stats-export.md`` gives them to readers too)
----------------------------------------------------------------------------------
* A window is ``(now - days, now]`` (all time: everything up to now), as ``Scoreboard.score`` counts.
* **Active**: earned at least one point (teach or learn) in the window.
* **Teachers**: reached the teach threshold (tiers ``teacher`` and ``committed``).
  **Learners**: reached the learn threshold (tiers ``learner`` and ``committed``).
  **Committed**: reached both. So committed = teachers ∩ learners, and each is a subset of active.
* **Previous window**: the window of the same length just before, ``(now - 2*days, now - days]``;
  the all-time window has none.
* **Monthly trend**: for each calendar month, the figures of the *trailing* window of the first
  window's length (90 days by default) that ends at the end of that month (the last month ends at
  now). The last point therefore equals the headline of the first window, and a point never
  depends on how many days a month has.
* **Knowledge flow**: every ``improve``, ``review`` and ``learned-from`` learn event in the window,
  counted from the office of the colleague whose work it engaged with (the page's creator, the
  reviewed change's author, the person named ``Learned-from``) to the office of the learner.
* **Opt-outs** (``leaderboard: false``) and bots are never named; opt-outs are counted in every
  aggregate (figures, offices, teams, trend, flow). Bots earn nothing, so they count nowhere.

The modules: ``model`` (the dataclasses that come out), ``ledger`` (each person's events, scored
for any window), ``groups`` (who counts, by office and team), ``flow``, ``trend``, ``pages``
(content pages, their topics), ``touched`` (who else touched each page, resumed as the scoring is),
``growth``, ``health``, and ``compute``
(``analyze``, which puts them together).
"""

from __future__ import annotations

from .compute import analyze, window_for
from .flow import FLOW_KINDS
from .model import (
    Analytics,
    Entry,
    Figures,
    FlowMatrix,
    Group,
    GroupTrend,
    Growth,
    Headline,
    Health,
    OneStep,
    PageRef,
    PersonRow,
    TopicHealth,
    TopicRisk,
    TrendPoint,
    WindowStats,
)
from .pages import topic_of
from .touched import others_touched

__all__ = [
    "FLOW_KINDS", "Analytics", "Entry", "Figures", "FlowMatrix", "Group", "GroupTrend", "Growth", "Headline",
    "Health", "OneStep", "PageRef", "PersonRow", "TopicHealth", "TopicRisk", "TrendPoint", "WindowStats",
    "analyze", "others_touched", "topic_of", "window_for",
]

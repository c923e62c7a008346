"""The leaderboard page: rankings, the committed group's figures, trend, offices, flow, gaps.

Markdown with a front matter ``title`` and raw HTML blocks built from escaped values (the
templates autoescape, so a name like ``<script>`` shows as text). Python-Markdown only recognises
raw HTML that starts at the margin, so the templates never indent it. The ranking's columns sort
in the browser (``assets/committed/sort.js``), with no request to any server.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import partial

from markupsafe import Markup

from ..analytics import Analytics, Entry, PageRef
from ..config import Settings
from ..forgeapi.matching import ReviewSource
from ..templating import render
from ..urls import page_url, relative
from . import charts
from .memo import Memo
from .reuse import Reuse
from .spark import sparkline

RANKING_DIR = "assets/committed/ranking"  # site folder of the ranking's further rows, <n>.html from 2
NO_OFFICE = "No office"
NO_TEAM = "No team"
NO_TOPIC = "No topic"


class _Links:
    """Hrefs from the leaderboard page to profiles and pages."""

    def __init__(self, settings: Settings, src_uri: str, profiles: bool = True) -> None:
        self.settings = settings
        self.profiles = profiles
        self.here = page_url(src_uri, settings.use_directory_urls)

    def profile(self, entry: Entry) -> str | None:
        if not self.profiles or not entry.profile:
            return None
        prefix = self.settings.people_prefix.strip("/")
        target = page_url(f"{prefix}/{entry.slug}.md" if prefix else f"{entry.slug}.md",
                          self.settings.use_directory_urls)
        return relative(self.here, target)

    def page(self, ref: PageRef) -> str:
        return relative(self.here, page_url(ref.path, self.settings.use_directory_urls))


def signed(value: float | int | None, *, percent: bool = False) -> str:
    """``+3``, ``−2`` (a real minus sign), ``±0``; ``+5 pts`` for shares."""
    if value is None:
        return ""
    number = value * 100 if percent else value
    if round(number) == 0:
        return "±0" + (" pts" if percent else "")
    text = f"{abs(number):.0f}"
    return ("+" if number > 0 else "\u2212") + text + (" pts" if percent else "")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def ranking_src(number: int) -> str:
    """The site path of the ranking's ``number``-th set of rows (the page itself shows the first)."""
    return f"{RANKING_DIR}/{number}.html"


def ranking_fragments(analytics: Analytics, settings: Settings, *, src_uri: str | None = None,
                      profiles: bool = True, ranking_rows: int = 50, memo: Memo | None = None,
                      into: MutableMapping[str, str] | None = None, reuse: Reuse | None = None) -> MutableMapping[str, str]:
    """The ranking past the page's first ``ranking_rows`` rows: ``ranking_rows`` more in each
    fragment (site path -> the ``<tr>`` rows, linked from the leaderboard page), which ``sort.js``
    adds to the page's table when a reader asks for them. So everyone named is on the leaderboard
    while the page, and each fragment, weighs the same at any company size.

    ``memo``: the previous build's fragments, kept under their rows (each ``Entry``'s every field,
    its rank) and the page they link from: after one new commit, only the fragments whose people
    moved or changed scores are rendered again; ``reuse``: the last build's outputs, whose
    fragments made of the same rows are copied from there (into ``into`` alone)."""
    out: MutableMapping[str, str] = {} if into is None else into
    if not analytics.windows or settings.privacy == "aggregate":
        return out
    src = src_uri or settings.leaderboard_path
    links = _Links(settings, src, profiles)
    ranking = analytics.windows[0].ranking
    memo = Memo(None, "") if memo is None else memo
    reuse = Reuse(None, memo) if reuse is None else reuse

    def rows(key: str, start: int, entries: tuple[Entry, ...]) -> str:
        return memo.text("ranking-rows", key, lambda: render(
            "leaderboard/ranking-rows.html.j2", settings.custom_dir, entries=entries, first=start + 1, links=links))

    for start in range(ranking_rows, len(ranking), ranking_rows):
        entries = ranking[start:start + ranking_rows]
        key = repr((src, profiles, start, entries))
        reuse.put(out, "fragments", ranking_src(start // ranking_rows + 1), key, partial(rows, key, start, entries))
    return out


def render_page(analytics: Analytics, settings: Settings, *, src_uri: str | None = None,
                title: str = "Leaderboard", export_links: dict[str, str] | None = None,
                profiles: bool = True, reviews: ReviewSource | None = None, ranking_rows: int = 50) -> str:
    """The leaderboard page's Markdown. ``export_links``: label -> site path of the exports;
    ``profiles``: whether profile pages exist to link to (else names are plain text); ``reviews``:
    where forge reviews came from, when a review ledger was read.

    A dashboard: the first window's committed group (its size, share, change and how teachers,
    learners and committed relate) on the first screen; then the trend, offices and teams, who is
    one step from committed, topics that depend on one person, knowledge flow, one sortable ranking
    and knowledge health. Every window's headline is in a small table under the first."""
    src = src_uri or settings.leaderboard_path
    links = _Links(settings, src, profiles)
    here = links.here
    exports = {label: relative(here, path) for label, path in (export_links or {}).items()}
    custom_dir = settings.custom_dir
    windows = analytics.windows
    trend = charts.trend_chart(analytics.trend, chart_id="committed-trend",
                               title=f"Monthly trend (trailing {analytics.trend_days} days)",
                               custom_dir=custom_dir) if analytics.trend else None
    first = windows[0] if windows else None
    offices = teams = flow = None
    if first is not None:
        share = first.headline.current.share
        label = first.window.label.lower()
        offices = charts.group_chart(first.offices, chart_id="committed-offices", title=f"Offices, {label}",
                                     kind="Office", empty_label=NO_OFFICE, company_share=share, custom_dir=custom_dir)
        teams = charts.group_chart(first.teams, chart_id="committed-teams", title=f"Teams, {label}", kind="Team",
                                   empty_label=NO_TEAM, company_share=share, custom_dir=custom_dir)
        flow = charts.heatmap(first.flow, chart_id="committed-flow", title=f"Knowledge flow between offices, {label}",
                              empty_label=NO_OFFICE, custom_dir=custom_dir)
    spark = Markup(sparkline([p.figures.committed for p in analytics.trend[-12:]]))
    return render("leaderboard/page.md.j2", custom_dir, title=title, a=analytics, windows=windows,
                  links=links, reviews=reviews, trend=trend, offices=offices, teams=teams, flow=flow,
                  exports=exports, spark=spark, percent=percent, no_office=NO_OFFICE, no_topic=NO_TOPIC,
                  privacy=settings.privacy, ranking_rows=ranking_rows,
                  ranking_more=relative(here, RANKING_DIR + "/"))

"""The leaderboard page: rankings, the committed group's figures, trend, offices, flow, gaps.

Markdown with a front matter ``title`` and raw HTML blocks built from escaped values (the
templates autoescape, so a name like ``<script>`` shows as text). Window tabs use the markup
``pymdownx.tabbed`` (``alternate_style: true``) produces for ``=== "Label"`` blocks, written
directly: Python-Markdown only recognises raw HTML that starts at the margin, so HTML indented
inside a ``===`` block would be re-parsed as Markdown (wrapped in paragraphs, ``*`` read as
emphasis). The page looks and behaves exactly like Material content tabs, ``content.tabs.link``
included.
"""

from __future__ import annotations

from ..analytics import Analytics, Entry, PageRef
from ..config import Settings
from ..templating import render
from ..urls import page_url, relative
from . import charts

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


def render_page(analytics: Analytics, settings: Settings, *, src_uri: str | None = None,
                title: str = "Leaderboard", export_links: dict[str, str] | None = None,
                profiles: bool = True) -> str:
    """The leaderboard page's Markdown. ``export_links``: label -> site path of the exports;
    ``profiles``: whether profile pages exist to link to (else names are plain text)."""
    src = src_uri or settings.leaderboard_path
    links = _Links(settings, src, profiles)
    here = links.here
    exports = {label: relative(here, path) for label, path in (export_links or {}).items()}
    custom_dir = settings.custom_dir
    windows = analytics.windows
    trend = charts.trend_chart(analytics.trend, chart_id="committed-trend",
                               title=f"Monthly trend (trailing {analytics.trend_days} days)",
                               custom_dir=custom_dir) if analytics.trend else None
    offices = {w.window.key: charts.group_chart(w.offices, chart_id=f"committed-offices-{w.window.key}",
                                                title=f"Offices, {w.window.label.lower()}", kind="Office",
                                                empty_label=NO_OFFICE, custom_dir=custom_dir)
               for w in windows}
    teams = {w.window.key: charts.group_chart(w.teams, chart_id=f"committed-teams-{w.window.key}",
                                              title=f"Teams, {w.window.label.lower()}", kind="Team",
                                              empty_label=NO_TEAM, custom_dir=custom_dir)
             for w in windows}
    flows = {w.window.key: charts.heatmap(w.flow, chart_id=f"committed-flow-{w.window.key}",
                                          title=f"Knowledge flow between offices, {w.window.label.lower()}",
                                          empty_label=NO_OFFICE, custom_dir=custom_dir)
             for w in windows}
    return render("leaderboard/page.md.j2", custom_dir, title=title, a=analytics, windows=windows,
                  links=links, trend=trend, offices=offices, teams=teams, flows=flows, exports=exports,
                  signed=signed, percent=percent, no_office=NO_OFFICE, no_topic=NO_TOPIC)

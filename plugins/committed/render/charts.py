"""Leaderboard charts made at build time: the monthly trend, the office/team bars and the
office-to-office knowledge-flow heatmap.

Each chart is an inline SVG (``role="img"`` with a ``<title>``) followed by a ``<table>`` of the
same data, so screen readers and people who prefer numbers get everything the picture shows.
Colours are ``currentColor`` and Material's CSS variables, set through ``style`` (presentation
attributes cannot hold ``var()``), so the charts follow the light and dark schemes. Geometry is
computed here; the markup is in ``templates/leaderboard/*.svg.j2``, which sites may override.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..analytics import Figures, FlowMatrix, Group, TrendPoint
from ..templating import render

SERIES = ("active", "teachers", "learners", "committed")
LABELS = {"active": "Active", "teachers": "Teachers", "learners": "Learners", "committed": "Committed"}
# (stroke colour, dash pattern, width): distinguishable without colour too (dashes and widths
# differ, for greyscale prints and colour-blind readers); the colours are the Okabe-Ito palette's,
# set in committed.css per colour scheme.
GROUP_ROWS = 12  # bars of the offices (or teams) chart; every group is in stats.json
TREND_MONTHS = 36  # months of the trend chart, the newest; every month is in stats.json
FLOW_OFFICES = 8  # rows and columns of the flow heatmap, the last one "Other offices"
STYLES = {
    "active": ("var(--committed-c-none, currentColor)", "2 3", 2),
    "teachers": ("var(--committed-c-teach, currentColor)", "8 3", 2.5),
    "learners": ("var(--committed-c-learn, currentColor)", "3 2 8 2", 2.5),
    "committed": ("var(--committed-c-both, currentColor)", "", 4),
}


@dataclass(frozen=True)
class _Series:
    key: str
    label: str
    stroke: str
    dash: str
    width: float
    points: str  # "x,y x,y ..."
    last: tuple[float, float] | None


@dataclass(frozen=True)
class _GroupRow:
    name: str
    figures: Figures
    share: float | None
    lagging: bool  # below the company's committed share, or nobody active
    teach_only: int
    learn_only: int
    below: int  # active, below both thresholds
    segments: tuple[tuple[str, int], ...]


def _ticks(peak: int) -> list[int]:
    """Up to five round gridline values from 0 to at least ``peak``."""
    if peak <= 4:
        return list(range(0, max(peak, 1) + 1))
    step = 1
    for base in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = base
        if peak / base <= 4:
            break
    top = -(-peak // step) * step
    return list(range(0, top + 1, step))


def trend_chart(points: Sequence[TrendPoint], *, chart_id: str, title: str,
                custom_dir: str | None = None) -> Markup:
    """A line chart of active contributors, teachers, learners and committed per month: the
    newest ``TREND_MONTHS`` (the chart and its table stay the same size as years go by)."""
    left_out = max(0, len(points) - TREND_MONTHS)
    points = points[left_out:]
    width, height = 720, 260
    left, right, top, bottom = 44, 30, 34, 40  # right: room for the last month label, centred on its point
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max((p.figures.active for p in points), default=0))
    peak = ticks[-1] or 1
    n = len(points)

    def x(i: int) -> float:
        return round(left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2), 1)

    def y(v: int) -> float:
        return round(top + plot_h - plot_h * v / peak, 1)

    series = []
    for key in SERIES:
        coords = [(x(i), y(getattr(p.figures, key))) for i, p in enumerate(points)]
        stroke, dash, stroke_width = STYLES[key]
        series.append(_Series(key, LABELS[key], stroke, dash, stroke_width,
                              " ".join(f"{a},{b}" for a, b in coords), coords[-1] if coords else None))
    every = max(1, -(-n // 12))  # at most about twelve month labels
    months = [{"x": x(i), "label": p.month} for i, p in enumerate(points) if (n - 1 - i) % every == 0]
    grid = [{"y": y(t), "label": t} for t in ticks]
    legend = [{"x": left + i * 150, "series": s} for i, s in enumerate(series)]
    return Markup(render("leaderboard/trend.svg.j2", custom_dir, chart_id=chart_id, title=title, width=width,
                         height=height, left=left, right=width - right, bottom=top + plot_h, series=series,
                         months=months, grid=grid, legend=legend, points=points, labels=LABELS,
                         left_out=left_out))


def group_chart(groups: Sequence[Group], *, chart_id: str, title: str, kind: str, empty_label: str,
                company_share: float | None = None, limit: int = GROUP_ROWS, custom_dir: str | None = None) -> Markup:
    """One bar per office (or team): its active contributors split into committed, teach only,
    learn only and below both thresholds; highest committed share first, those below
    ``company_share`` marked. At most ``limit`` bars, the groups with the most active contributors
    (the page stays light with hundreds of teams); the chart says how many it leaves out."""
    rows = []
    for g in groups:
        f = g.figures
        teach_only, learn_only = f.teachers - f.committed, f.learners - f.committed
        below = f.active - f.teachers - f.learners + f.committed
        lagging = f.share is None or (company_share is not None and f.share < company_share)
        rows.append(_GroupRow(g.name or empty_label, f, f.share, lagging, teach_only, learn_only, below,
                              (("both", f.committed), ("teach", teach_only), ("learn", learn_only), ("none", below))))
    total = len(rows)
    if total > limit:
        rows = sorted(rows, key=lambda r: (-r.figures.active, r.name.casefold(), r.name))[:limit]
    rows.sort(key=lambda r: (r.share is None, -(r.share or 0.0), -r.figures.active, r.name.casefold()))
    return Markup(render("leaderboard/groups.html.j2", custom_dir, chart_id=chart_id, title=title, kind=kind,
                         rows=rows, labels=LABELS, series=SERIES, left_out=total - len(rows)))


def heatmap(matrix: FlowMatrix, *, chart_id: str, title: str, empty_label: str, limit: int = FLOW_OFFICES,
            custom_dir: str | None = None) -> Markup:
    """Rows: the office whose work was engaged with; columns: the office of who engaged. At most
    ``limit`` rows and columns (the cells grow with the square of the offices): past it, the
    offices with the least flow are added together as the last one, "Other offices"."""
    folded = len(matrix.offices) - limit + 1 if len(matrix.offices) > limit else 0
    names = [o or empty_label for o in matrix.offices]
    if folded:
        matrix = matrix.folded(limit, f"Other offices ({folded})")
        names = [o or empty_label for o in matrix.offices]
    cell, label_w, label_h = 46, 150, 110
    n = len(names)
    # The column labels are turned 50 degrees: the last one reaches past the grid, by about its
    # length times cos(50°) at 11 px text (about 6.5 px a character).
    overhang = round(0.65 * 6.5 * max((len(name) for name in names), default=0))
    peak = max((v for row in matrix.counts for v in row), default=0) or 1
    cells = []
    for i, row in enumerate(matrix.counts):
        for j, value in enumerate(row):
            strength = value / peak
            cells.append({
                "x": label_w + j * cell, "y": label_h + i * cell, "value": value,
                "from": names[i], "to": names[j], "diagonal": i == j,
                "opacity": round(0.12 + 0.88 * strength, 3) if value else 0,
                "dark": strength > 0.55,
            })
    return Markup(render("leaderboard/heatmap.svg.j2", custom_dir, chart_id=chart_id, title=title,
                         width=label_w + n * cell + 8 + overhang, height=label_h + n * cell + 8, cell=cell,
                         label_w=label_w, label_h=label_h, names=names, cells=cells, matrix=matrix,
                         folded=folded))

"""The leaderboard's charts and lists weigh the same at any company size: each shows a bounded part
of what grows with the company (offices, teams, months), says what it leaves out, and keeps the
figures of what it shows."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from committed.analytics import Figures, FlowMatrix, Group, TrendPoint
from committed.render.charts import FLOW_OFFICES, GROUP_ROWS, TREND_MONTHS, group_chart, heatmap, trend_chart


def offices(n: int) -> FlowMatrix:
    """``n`` offices; office i's work engaged ``i`` colleagues of each office (the last ones the busiest)."""
    names = tuple(f"Office {i:03d}" for i in range(n))
    return FlowMatrix(names, tuple(tuple(i for _ in range(n)) for i in range(n)))


def test_folding_the_flow_keeps_the_busiest_offices_and_every_interaction() -> None:
    matrix = offices(60)
    folded = matrix.folded(8, "Other offices (53)")
    assert folded.offices == (*(f"Office {i:03d}" for i in range(53, 60)), "Other offices (53)")
    assert folded.total == matrix.total and len(folded.counts) == 8 and all(len(r) == 8 for r in folded.counts)
    assert folded.counts[0][0] == matrix.counts[53][53] and folded.counts[6][0] == matrix.counts[59][53]
    assert folded.counts[7][7] == sum(matrix.counts[i][j] for i in range(53) for j in range(53))
    assert matrix.folded(60, "x") is matrix and offices(3).folded(8, "x") == offices(3)


def test_a_heatmap_of_60_offices_has_8_rows_and_says_so() -> None:
    html = heatmap(offices(60), chart_id="f", title="Flow", empty_label="No office")
    assert FLOW_OFFICES == 8 and html.count("<rect") == 8 * 8
    assert "The 7 offices with the most flow in and out, then the other 53 added together" in html
    assert "Other offices (53)" in html and "Office 000" not in html
    small = heatmap(offices(5), chart_id="f", title="Flow", empty_label="No office")
    assert small.count("<rect") == 25 and "added together" not in small


def test_the_group_bars_show_the_largest_groups_and_count_the_rest() -> None:
    groups = [Group(f"Team {i:03d}", Figures(active=i, teachers=i // 2, learners=i // 3, committed=i // 4))
              for i in range(300)]
    html = group_chart(groups, chart_id="t", title="Teams", kind="Team", empty_label="No team")
    shown = re.findall(r'<span class="committed-bars__name">([^<]+)</span>', html)
    assert len(shown) == GROUP_ROWS == 12 and set(shown) == {f"Team {i:03d}" for i in range(288, 300)}
    assert "The 12 teams with the most active contributors; 288 smaller ones are in the data files" in html
    assert html.count("<tr><th scope=\"row\">") == 12  # the table shows what the bars show


def test_the_trend_shows_its_last_36_months() -> None:
    points = [TrendPoint(f"{2016 + m // 12}-{m % 12 + 1:02d}", datetime(2016 + m // 12, m % 12 + 1, 1, tzinfo=timezone.utc),
                         Figures(m, m // 2, m // 3, m // 4)) for m in range(120)]
    html = trend_chart(points, chart_id="c", title="Trend")
    months = re.findall(r'<tr><th scope="row">([\d-]+)</th>', html)
    assert len(months) == TREND_MONTHS == 36 and months[0] == "2023-01" and months[-1] == "2025-12"
    assert "The last 36 months; the 84 before them are in the data files" in html

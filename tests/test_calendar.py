"""The activity calendar (committed.render.svg): each active day is a cell in its week's column and
its weekday's row, however the calendar is kept, and its size does not grow with the years."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from committed.render.svg import calendar, calendar_start


def cells(svg: str) -> dict[str, tuple[int, int]]:
    """Each cell's day -> where it is drawn (its x shifted by its group's translate, its y)."""
    shift = int(re.search(r'<g transform="translate\((\d+) 0\)">', svg)[1])  # type: ignore[index]
    found = re.findall(r'<rect x="(\d+)" y="(\d+)" width="11" height="11" class="committed-level-\d"><title>'
                       r'([0-9-]+): \d+</title>', svg)
    return {day: (shift + int(x), int(y)) for x, y, day in found}


def override(tmp_path: Path, change: Callable[[str], str]) -> tuple[str, str]:
    """Write ``change`` of Committed's calendar template as an override in ``tmp_path / "overrides"``;
    returns the template and its change."""
    folder = tmp_path / "overrides" / "committed" / "profiles"
    folder.mkdir(parents=True)
    own = (resources.files("committed") / "templates" / "profiles" / "calendar.svg.j2").read_text("utf-8")
    changed = change(own)
    (folder / "calendar.svg.j2").write_text(changed, "utf-8")
    return own, changed


def test_every_day_is_in_its_weeks_column_and_its_weekdays_row() -> None:
    end = date(2026, 11, 4)  # a Wednesday
    start = calendar_start(end)
    assert start.weekday() == 6 and (end - start).days == 52 * 7 + 3  # a Sunday, 53 columns in all
    days = Counter({start: 1, start + timedelta(days=9): 3, end - timedelta(days=1): 2, end: 5,
                    start - timedelta(days=1): 4})  # the last is before the first day: not shown
    svg = calendar(days, end)
    shown = cells(svg)
    assert set(shown) == {d.isoformat() for d in days if d >= start}
    for day in days:
        if day >= start:
            assert shown[day.isoformat()] == (((day - start).days // 7) * 13, ((day.weekday() + 1) % 7) * 13 + 14)
    assert "11 contributions from " + start.isoformat() + " to 2026-11-04" in svg
    assert "<committed-" not in svg
    assert max(int(x) for x in re.findall(r' x="(\d+)"', svg)) <= 53 * 13  # small numbers, in any year (a label may end at the edge)


def test_an_override_that_reads_each_cells_fields_draws_the_same_cells(tmp_path: Path) -> None:
    """Committed's template unpacks each cell; an override written to read ``c.x``, ``c.count``
    and the rest (as each cell's fields were named before) gets the same values."""
    unpacking = "{% for x, y, level, count, day in cells %}"

    def read_fields(own: str) -> str:
        fields = own.replace(unpacking, "{% for c in cells %}")
        for name in ("x", "y", "level", "count", "day"):
            fields = fields.replace("{{ " + name + " }}", "{{ c." + name + " }}")
        return fields

    own, fields = override(tmp_path, read_fields)
    assert unpacking in own
    end = date(2026, 11, 4)
    days = Counter({end: 5, end - timedelta(days=30): 2, end - timedelta(days=200): 9})
    overridden = calendar(days, end, custom_dir=str(tmp_path / "overrides"))
    assert fields != own and overridden == calendar(days, end)
    assert cells(overridden) and "2026-11-04: 5</title>" in overridden


def test_a_month_begun_in_the_last_columns_is_labelled_inside_the_calendar() -> None:
    """November begins in the last column of the calendar ending 2026-11-07: its label ends at the
    right edge (it ran past it, clipped to "No"); the others begin at their month's first week."""
    end = date(2026, 11, 7)
    svg = calendar(Counter({end: 1}), end)
    labels = re.findall(r'<text x="(\d+)" y="10"( text-anchor="end")?>(\w+)</text>', svg)
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg)[1])  # type: ignore[index]
    assert labels[-1] == (str(width), ' text-anchor="end"', "Nov")
    assert all(not anchor and int(x) <= width - 26 for x, anchor, _ in labels[:-1])
    assert [label for _, _, label in labels][:2] == ["Dec", "Jan"] and len(labels) == 12


def test_the_cells_drawn_unescaped_are_the_cells_drawn_escaped(tmp_path: Path) -> None:
    """The cells are left unescaped (they are numbers and ISO dates made from the history, and
    escaping each took 0.6 of a calendar's time): an override without that block, escaping every
    value as the rest of the template does, draws the same calendar."""
    own, escaped = override(tmp_path, lambda own: re.sub(r"\{% (end)?autoescape( false)? %\}", "", own))
    assert escaped != own
    end = date(2026, 11, 4)
    days = Counter({end - timedelta(days=n): 1 + n % 9 for n in range(0, 360, 3)})
    assert calendar(days, end, custom_dir=str(tmp_path / "overrides")) == calendar(days, end)

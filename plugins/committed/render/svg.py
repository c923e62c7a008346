"""Small SVGs made at build time: the activity calendar and generated initials avatars.

Colours come from Material's CSS variables, so both read in light and dark mode.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from markupsafe import Markup

from ..templating import render
from .stitch import cut, stitch

CELL = 11
GAP = 2
LABEL = 26  # px a month's label takes (three letters at the calendar's 10 px)


# What a calendar's frame puts in: where its cells begin (``calendar_shift``: the person's own),
# the first day and the months' labels (``calendar_frame``: the same on every profile). The cells
# are drawn from the week of the first active day shown, whatever the first day, so a calendar
# kept with these holes is the same when "now" moves a week and no active day leaves it.
FRAME = (SHIFT, START, MONTHS) = ("<committed-calendar-shift/>", "<committed-calendar-start/>",
                                  "<committed-calendar-months/>")


class Cell(NamedTuple):
    """One active day of a calendar: a template unpacks it (``{% for x, y, level, count, day in
    cells %}``: the template renders in about 0.6 of the time reading each field takes) or reads
    its fields."""

    x: int
    y: int
    level: int  # 1-4
    count: int  # type: ignore[assignment]  # shadows tuple.count: the name overrides read (c.count)
    day: str  # ISO


def calendar_start(end: date, weeks: int = 53) -> date:
    """The first day the calendar of the ``weeks`` weeks ending on ``end`` shows."""
    last_sunday = end - timedelta(days=(end.weekday() + 1) % 7)
    return last_sunday - timedelta(weeks=weeks - 1)


def calendar_key(end: date, days: list[int], weeks: int = 53) -> tuple[int | None, int | None]:
    """What ``calendar_cells`` reads of ``end`` for a person whose active days are ``days``
    (sorted ordinals), but the frame and the ``end_label``: the first and last of those days it
    shows (None, None: none). The same days, the same cells, however far "now" moved."""
    lo = bisect_left(days, calendar_start(end, weeks).toordinal())
    hi = bisect_right(days, end.toordinal())
    return (days[lo], days[hi - 1]) if lo < hi else (None, None)


def calendar_bounds(end: date, days: list[int], weeks: int = 53) -> tuple[int | None, ...]:
    """The active days (sorted ordinals ``days``) around the edges of the calendar ending on
    ``end``: the last before it starts, the first and last it shows, the first after it ends (None
    where there is none). While its edges stay between the same days it shows the same days
    (``shown_at``), so a later "now" need not read them again."""
    lo = bisect_left(days, calendar_start(end, weeks).toordinal())
    hi = bisect_right(days, end.toordinal())
    return tuple(days[i] if 0 <= i < len(days) else None for i in (lo - 1, lo, hi - 1, hi))


def shown_at(bounds: tuple[int | None, ...], end: date, weeks: int = 53) -> tuple[int | None, int | None] | None:
    """``calendar_key`` at ``end`` of the days ``calendar_bounds`` was taken of (at another end),
    or None when the calendar ending on ``end`` would show other days of them."""
    before, first, last, after = bounds
    start, stop = calendar_start(end, weeks).toordinal(), end.toordinal()
    if (before is not None and before >= start) or (first is not None and first < start) \
            or (last is not None and last > stop) or (after is not None and after <= stop):
        return None
    return (first, last) if first is not None and last is not None and first <= last else (None, None)


def _week(day: int) -> int:
    """The week of the day ``day`` (an ordinal), counted in Sunday-to-Saturday weeks."""
    return day // 7  # ordinal 7, 0001-01-07, is a Sunday


def calendar_shift(end: date, first_day: int | None, weeks: int = 53) -> str:
    """The x of the cells' first column (the week of ``first_day``, the first active day shown)."""
    if first_day is None:
        return "0"
    return str((_week(first_day) - _week(calendar_start(end, weeks).toordinal())) * (CELL + GAP))


@lru_cache(maxsize=4)
def calendar_frame(end: date, weeks: int = 53, custom_dir: str | None = None) -> tuple[str, str]:
    """The values of ``START`` and ``MONTHS`` for the calendar ending on ``end``."""
    start = calendar_start(end, weeks)
    width = weeks * (CELL + GAP)
    months = []
    first = date(start.year, start.month, 1)
    while first <= end:
        if first >= start:
            x = ((first - start).days // 7) * (CELL + GAP)
            # a month begun in the last two columns: its label ends at the calendar's right edge
            # instead of running past it (the SVG clips it: "No" for November)
            at_edge = x > width - LABEL
            months.append({"x": width if at_edge else x, "label": first.strftime("%b"), "end": at_edge})
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return start.isoformat(), render("profiles/calendar-months.svg.j2", custom_dir, months=months)


def calendar_cells(days: Counter[date], end: date, *, custom_dir: str | None = None, weeks: int = 53,
                   end_label: str | None = None) -> str:
    """A GitHub-style grid of contributions per day for the ``weeks`` weeks ending on ``end``
    (named ``end_label``, default its ISO date), with the marks of ``FRAME`` for its frame.

    Empty days are the background pattern; only active days become cells.
    """
    start = calendar_start(end, weeks)
    active = sorted((d, n) for d, n in days.items() if start <= d <= end and n)
    peak = max((n for _, n in active), default=0)
    step = CELL + GAP
    first = _week(active[0][0].toordinal()) if active else 0
    cells = []
    for day, count in active:
        ordinal = day.toordinal()
        cells.append(Cell((_week(ordinal) - first) * step, (ordinal % 7) * step + 14,
                          min(4, 1 + (3 * count) // max(peak, 1)), count, day.isoformat()))
    total = sum(n for _, n in active)
    return render("profiles/calendar.svg.j2", custom_dir, cells=cells, total=total, shift=Markup(SHIFT),
                  start=Markup(START), months=Markup(MONTHS), width=weeks * step, height=7 * step + 14,
                  cell=CELL, step=step, end=end.isoformat() if end_label is None else end_label)


def frame_values(end: date, first_day: int | None, weeks: int = 53, custom_dir: str | None = None) -> tuple[str, ...]:
    """The values of ``FRAME``, in its order, for a calendar ending on ``end`` whose first active
    day shown is ``first_day`` (``calendar_key``)."""
    return (calendar_shift(end, first_day, weeks), *calendar_frame(end, weeks, custom_dir))


def calendar(days: Counter[date], end: date, *, custom_dir: str | None = None, weeks: int = 53,
             end_label: str | None = None) -> str:
    """``calendar_cells`` with its frame put in."""
    cells = calendar_cells(days, end, custom_dir=custom_dir, weeks=weeks, end_label=end_label)
    first, _ = calendar_key(end, sorted(d.toordinal() for d, n in days.items() if n), weeks)
    return stitch(cut(cells, FRAME), frame_values(end, first, weeks, custom_dir))


def initials_avatar(name: str, slug: str, *, size: int = 96, custom_dir: str | None = None) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    letters = "".join(w[0] for w in words[:2]).upper() or "?"
    hue = int(hashlib.sha1(slug.encode()).hexdigest()[:4], 16) % 360
    return render("profiles/avatar.svg.j2", custom_dir, letters=letters, hue=hue, size=size, name=name)

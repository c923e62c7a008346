"""Small SVGs made at build time: the activity calendar and generated initials avatars.

Colours come from Material's CSS variables, so both read in light and dark mode.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache

from ..templating import render

CELL = 11
GAP = 2


def calendar_start(end: date, weeks: int = 53) -> date:
    """The first day the calendar of the ``weeks`` weeks ending on ``end`` shows."""
    last_sunday = end - timedelta(days=(end.weekday() + 1) % 7)
    return last_sunday - timedelta(weeks=weeks - 1)


def calendar_key(end: date, last_day: int | None, weeks: int = 53) -> tuple[str, str, tuple[tuple[int, str], ...]]:
    """What ``calendar`` reads of ``end`` for a person whose last active day is ``last_day`` (an
    ordinal; None: none), but its ``end_label``: the first day, the last day a cell can be on
    (``end``, or the last active day when that is earlier: then the same cells for any later end;
    none without one) and the months labelled."""
    start = calendar_start(end, weeks)
    last = "" if last_day is None else min(end, date.fromordinal(last_day)).isoformat()
    return start.isoformat(), last, _months(start, end)


@lru_cache(maxsize=4)
def _months(start: date, end: date) -> tuple[tuple[int, str], ...]:
    """(x, label) of each month that begins in ``[start, end]`` (the same for every profile)."""
    months = []
    first = date(start.year, start.month, 1)
    while first <= end:
        if first >= start:
            months.append((((first - start).days // 7) * (CELL + GAP), first.strftime("%b")))
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return tuple(months)


def calendar(days: Counter[date], end: date, *, custom_dir: str | None = None, weeks: int = 53,
             end_label: str | None = None) -> str:
    """A GitHub-style grid of contributions per day for the ``weeks`` weeks ending on ``end``
    (named ``end_label``, default its ISO date).

    Empty days are the background pattern; only active days become cells.
    """
    start = calendar_start(end, weeks)
    active = sorted((d, n) for d, n in days.items() if start <= d <= end and n)
    peak = max((n for _, n in active), default=0)
    step = CELL + GAP
    cells = []
    for day, count in active:
        offset = (day - start).days
        cells.append({"x": (offset // 7) * step, "y": (offset % 7) * step + 14,
                      "level": min(4, 1 + (3 * count) // max(peak, 1)), "count": count, "day": day.isoformat()})
    months = [{"x": x, "label": label} for x, label in _months(start, end)]
    total = sum(n for _, n in active)
    return render("profiles/calendar.svg.j2", custom_dir, cells=cells, months=months, total=total,
                  width=weeks * step, height=7 * step + 14, cell=CELL, step=step,
                  start=start.isoformat(), end=end.isoformat() if end_label is None else end_label)


def initials_avatar(name: str, slug: str, *, size: int = 96, custom_dir: str | None = None) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    letters = "".join(w[0] for w in words[:2]).upper() or "?"
    hue = int(hashlib.sha1(slug.encode()).hexdigest()[:4], 16) % 360
    return render("profiles/avatar.svg.j2", custom_dir, letters=letters, hue=hue, size=size, name=name)

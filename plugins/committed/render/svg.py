"""Small SVGs made at build time: the activity calendar and generated initials avatars.

Colours come from Material's CSS variables, so both read in light and dark mode.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta

from ..templating import render

CELL = 11
GAP = 2


def calendar_start(end: date, weeks: int = 53) -> date:
    """The first day the calendar of the ``weeks`` weeks ending on ``end`` shows."""
    last_sunday = end - timedelta(days=(end.weekday() + 1) % 7)
    return last_sunday - timedelta(weeks=weeks - 1)


def calendar_days(days: Counter[date], end: date, weeks: int = 53) -> tuple[tuple[str, int], ...]:
    """The days the calendar ending on ``end`` shows as cells: (ISO date, contributions), in order."""
    start = calendar_start(end, weeks)
    return tuple(sorted((d.isoformat(), n) for d, n in days.items() if start <= d <= end and n))


def calendar(days: Counter[date], end: date, *, custom_dir: str | None = None, weeks: int = 53) -> str:
    """A GitHub-style grid of contributions per day for the ``weeks`` weeks ending on ``end``.

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
    months = []
    first = date(start.year, start.month, 1)
    while first <= end:
        if first >= start:
            months.append({"x": ((first - start).days // 7) * step, "label": first.strftime("%b")})
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    total = sum(n for _, n in active)
    return render("profiles/calendar.svg.j2", custom_dir, cells=cells, months=months, total=total,
                  width=weeks * step, height=7 * step + 14, cell=CELL, step=step,
                  start=start.isoformat(), end=end.isoformat())


def initials_avatar(name: str, slug: str, *, size: int = 96, custom_dir: str | None = None) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    letters = "".join(w[0] for w in words[:2]).upper() or "?"
    hue = int(hashlib.sha1(slug.encode()).hexdigest()[:4], 16) % 360
    return render("profiles/avatar.svg.j2", custom_dir, letters=letters, hue=hue, size=size, name=name)

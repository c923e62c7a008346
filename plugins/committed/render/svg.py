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


def calendar(days: Counter[date], end: date, *, custom_dir: str | None = None, weeks: int = 53) -> str:
    """A GitHub-style grid of contributions per day for the ``weeks`` weeks ending on ``end``."""
    last_sunday = end - timedelta(days=(end.weekday() + 1) % 7)
    start = last_sunday - timedelta(weeks=weeks - 1)
    peak = max((n for d, n in days.items() if start <= d <= end), default=0)
    cells = []
    months = []
    for week in range(weeks):
        for dow in range(7):
            day = start + timedelta(days=week * 7 + dow)
            if day > end:
                break
            count = days.get(day, 0)
            if count:  # empty days are the background grid
                cells.append({"x": week * (CELL + GAP), "y": dow * (CELL + GAP) + 14,
                              "level": min(4, 1 + (3 * count) // max(peak, 1)), "count": count,
                              "day": day.isoformat()})
            if day.day == 1:
                months.append({"x": week * (CELL + GAP), "label": day.strftime("%b")})
    total = sum(n for d, n in days.items() if start <= d <= end)
    return render("profiles/calendar.svg.j2", custom_dir, cells=cells, months=months, total=total,
                  width=weeks * (CELL + GAP), height=7 * (CELL + GAP) + 14, cell=CELL, step=CELL + GAP,
                  start=start.isoformat(), end=end.isoformat())


def initials_avatar(name: str, slug: str, *, size: int = 96, custom_dir: str | None = None) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    letters = "".join(w[0] for w in words[:2]).upper() or "?"
    hue = int(hashlib.sha1(slug.encode()).hexdigest()[:4], 16) % 360
    return render("profiles/avatar.svg.j2", custom_dir, letters=letters, hue=hue, size=size, name=name)

"""A sparkline: a small inline SVG line of a few figures, for a trend next to a number."""

from __future__ import annotations

from collections.abc import Sequence

from ..templating import render


def sparkline(values: Sequence[int], *, width: int = 96, height: int = 24) -> str:
    """The line of ``values`` (oldest first), its last point marked; "" for fewer than two."""
    if len(values) < 2:
        return ""
    top = max(values) or 1
    pad = 3
    step = (width - 2 * pad) / (len(values) - 1)
    points = [(round(pad + i * step, 1), round(height - pad - (height - 2 * pad) * v / top, 1))
              for i, v in enumerate(values)]
    return render("spark.svg.j2", None, width=width, height=height,
                  points=" ".join(f"{x},{y}" for x, y in points), last=points[-1])

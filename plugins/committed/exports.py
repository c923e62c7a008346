"""The stats export for HR and other tools: ``stats.json`` and the per-person CSV.

Schema version 1, documented field by field in ``docs/committed/stats-export.md``. Nothing here
names a person who opted out (``leaderboard: false``) and no email is ever written: people are
identified by slug. The same analytics always give the same bytes (sorted keys, fixed float
precision, dates from the history, never the wall clock).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

from .analytics import Analytics, Figures, FlowMatrix, Group, GroupTrend, PageRef, PersonRow, TrendPoint
from .cachefile import gc_paused

SCHEMA_VERSION = 1
CSV_SCORE_FIELDS = ("tier", "teach", "learn", "pages_taught", "colleague_pages")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _figures(f: Figures) -> dict[str, Any]:
    return {"active": f.active, "teachers": f.teachers, "learners": f.learners, "committed": f.committed,
            "committed_share": _ratio(f.share)}


def _group(g: Group) -> dict[str, Any]:
    return {"name": g.name, **_figures(g.figures)}


def _point(p: TrendPoint) -> dict[str, Any]:
    return {"month": p.month, "end": _iso(p.end), **_figures(p.figures)}


def _trend(t: GroupTrend, written: bool = False) -> dict[str, Any]:
    return {"name": t.name, "months": [_point_text(p, 4) if written else _point(p) for p in t.points]}


def _point_text(p: TrendPoint, level: int) -> _Written:
    """``pretty`` of ``_point(p)`` at that depth of the document."""
    inner, f = ",\n" + "  " * (level + 1), p.figures
    share = _ratio(f.share)
    values = (f.active, f.committed, share, _iso(p.end), f.learners, p.month, f.teachers)
    return _Written("{" + inner[1:] + inner.join([
        f'"{name}": {_SCALARS[type(v)](v) if type(v) in _SCALARS else pretty(v, level + 1)}'
        for name, v in zip(_POINT_FIELDS, values, strict=True)]) + "\n" + "  " * level + "}")


def _flow(m: FlowMatrix) -> dict[str, Any]:
    return {"offices": list(m.offices), "counts": [list(row) for row in m.counts], "total": m.total,
            "crossing": m.crossing}


def _page(p: PageRef) -> dict[str, Any]:
    return {"path": p.path, "topic": p.topic, "since": p.since.isoformat() if p.since else None}


class _Written(str):
    """JSON text already written at its place in the document, which ``pretty`` copies."""

    __slots__ = ()


_POINT_FIELDS = ("active", "committed", "committed_share", "end", "learners", "month", "teachers")  # sorted
_SCORE_FIELDS = ("colleague_pages", "learn", "pages_taught", "teach", "tier", "total")  # sorted, as pretty writes them


def _person_text(row: PersonRow) -> _Written:
    """``pretty`` of a person's entry at its depth in the document (a list item of "people")."""
    fields = [f'"office": {encode_basestring(row.office)}', f'"slug": {encode_basestring(row.slug)}',
              f'"team": {encode_basestring(row.team)}']
    scores = dict(row.scores)
    if scores:
        shown = []
        for key, s in sorted(scores.items()):
            values = (s.colleague_pages, s.learn, s.pages_taught, s.teach, s.tier.value, s.total)
            inner = ",\n          ".join([f'"{name}": {_SCALARS[type(v)](v) if type(v) in _SCALARS else pretty(v, 5)}'
                                          for name, v in zip(_SCORE_FIELDS, values, strict=True)])
            shown.append(f"{encode_basestring(key)}: {{\n          {inner}\n        }}")
        fields.append('"windows": {\n        ' + ",\n        ".join(shown) + "\n      }")
    else:
        fields.append('"windows": {}')
    return _Written("{\n      " + ",\n      ".join(fields) + "\n    }")


def document(a: Analytics) -> dict[str, Any]:
    """The stats document (schema version 1) as plain data."""
    return _document(a, written=False)


def _document(a: Analytics, *, written: bool) -> dict[str, Any]:
    """``document``; ``written``: each person's entry as the JSON text ``to_json`` writes of it."""
    windows = []
    for w in a.windows:
        head = w.headline
        windows.append({
            "key": w.window.key, "label": w.window.label, "days": w.window.days,
            "start": _iso(w.start), "end": _iso(w.end),
            "totals": _figures(head.current),
            "previous": _figures(head.previous) if head.previous is not None else None,
            "committed_change": head.delta,
            "committed_share_change": _ratio(head.share_delta),
            "rankings": {
                "teachers": [e.slug for e in w.teachers],
                "learners": [e.slug for e in w.learners],
                "committed": [e.slug for e in w.committed],
            },
            "offices": [_group(g) for g in w.offices],
            "teams": [_group(g) for g in w.teams],
            "flow": _flow(w.flow),
        })
    people: list[Any] = []
    for row in a.people:
        if written:
            people.append(_person_text(row))
            continue
        scores = {}
        for key, s in row.scores:
            scores[key] = {"tier": s.tier.value, "teach": s.teach, "learn": s.learn, "total": s.total,
                           "pages_taught": s.pages_taught, "colleague_pages": s.colleague_pages}
        people.append({"slug": row.slug, "office": row.office, "team": row.team, "windows": scores})
    g, h = a.growth, a.health
    return {
        "schema_version": SCHEMA_VERSION,
        "commit": a.head,
        "now": _iso(a.now),
        "office": a.office,
        "thresholds": {"teach": a.thresholds[0], "learn": a.thresholds[1]},
        "trend_window_days": a.trend_days,
        "windows": windows,
        "people": people,
        "months": [_point_text(p, 2) if written else _point(p) for p in a.trend],
        "offices_by_month": [_trend(t, written) for t in a.office_trends],
        "teams_by_month": [_trend(t, written) for t in a.team_trends],
        "growth": {
            "window": g.window.key,
            "one_step": [{"slug": o.entry.slug, "tier": o.entry.tier.value, "missing": o.missing.value,
                          "short_by": o.short_by} for o in g.one_step],
            "single_teacher_topics": [{"topic": r.topic, "pages": r.pages,
                                       "teacher": r.teacher.slug if r.teacher else None}
                                      for r in g.single_teacher_topics],
            "quiet_days": g.quiet_days,
            "quiet_pages_total": g.quiet_total,
            "quiet_pages": [_page(p) for p in g.quiet_pages],
        },
        "health": {
            "interval_days": h.interval_days,
            "pages": h.pages,
            "reviewed": h.reviewed,
            "reviewed_share": _ratio(h.share),
            "topics": [{"topic": t.topic, "pages": t.pages, "reviewed": t.reviewed,
                        "reviewed_share": _ratio(t.share)} for t in h.topics],
            "oldest_unreviewed": [_page(p) for p in h.oldest_unreviewed],
        },
    }


def to_json(a: Analytics) -> str:
    with gc_paused(settle=False):  # a hundred thousand acyclic values and strings; the knowledge base is frozen
        return pretty(_document(a, written=True)) + "\n"


def _float(value: float) -> str:
    if math.isfinite(value):
        return float.__repr__(value)
    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")


# the JSON text of a scalar, by its exact type (so True is not written as an int), and of text already written
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring, int: int.__repr__, float: _float, bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null", _Written: str.__str__}


def pretty(value: Any, level: int = 0) -> str:  # noqa: ANN401 - any JSON value
    """``json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)``, the same text, made
    with joins instead of the standard library's generators (which ``indent`` falls back to, and
    which take most of an export's time at thousands of people). Keys must be strings. A scalar
    in a list or dict is written by its type's function, without a call of ``pretty``."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    inner = "\n" + "  " * (level + 1)
    deeper = level + 1
    scalars = _SCALARS
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join([
            scalars[type(v)](v) if type(v) in scalars else pretty(v, deeper) for v in value]) + "\n" + "  " * level + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(k, str) for k in value):
            raise TypeError("pretty() takes string keys only")
        return "{" + inner + ("," + inner).join([
            encode_basestring(k) + ": " + (scalars[type(v)](v) if type(v) in scalars else pretty(v, deeper))
            for k, v in sorted(value.items())]) + "\n" + "  " * level + "}"
    for kind in (str, int, float):  # a subclass of a scalar (a str enum, an IntEnum)
        if isinstance(value, kind):
            return scalars[kind](value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def csv_header(a: Analytics) -> list[str]:
    header = ["slug", "office", "team"]
    for w in a.windows:
        header += [f"{w.window.key}_{name}" for name in CSV_SCORE_FIELDS]
    return header


def _cell(text: str) -> str:
    """A spreadsheet opens ``=``, ``+``, ``-``, ``@`` cells as formulas: keep them text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(a: Analytics) -> str:
    """One row per named person: slug, office, team, then tier and scores per window.

    Office and team values that a spreadsheet would read as a formula get a leading ``'``.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(a))
    for row in a.people:
        cells: list[object] = [row.slug, _cell(row.office), _cell(row.team)]
        for _, s in row.scores:
            cells += [s.tier.value, f"{s.teach:.1f}", f"{s.learn:.1f}", s.pages_taught, s.colleague_pages]
        writer.writerow(cells)
    return out.getvalue()

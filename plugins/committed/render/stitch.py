"""Fragments kept with holes, filled in each build: what changes more often than the rest of a
fragment (the date of "now" on a profile) is left out of its memo key and put in afterwards.

A template renders the fragment with a mark where each hole is (``Markup`` of a string such as
``<committed-as-of/>``: every ``<`` of a name, title or subject is escaped, so no text a person
wrote can hold one). ``cut`` takes the marks out and says where they were, in a first line of
JSON, which the memo keeps with the text; ``stitch`` puts the values in by slicing, without
searching the text again (a search through HTML costs more than the rest of a kept profile).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache


def cut(text: str, marks: Sequence[str]) -> str:
    """``text`` without ``marks``, after a first line that says which was where."""
    body, holes = find(text, marks)
    return json.dumps(holes, separators=(",", ":")) + "\n" + body


def find(text: str, marks: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without ``marks``, and where each was: (offset in that text, which mark)."""
    found = _pattern(tuple(marks))
    holes: list[tuple[int, int]] = []
    parts: list[str] = []
    at = size = 0
    for match in found.finditer(text):
        parts.append(text[at:match.start()])
        size += match.start() - at
        holes.append((size, marks.index(match[0])))
        at = match.end()
    parts.append(text[at:])
    return "".join(parts), holes


def fill(body: str, holes: Sequence[tuple[int, int]], values: Sequence[str]) -> str:
    """The text ``find`` took the marks out of, with ``values[i]`` where ``marks[i]`` was."""
    out: list[str] = []
    at = 0
    for offset, which in holes:
        out += (body[at:offset], values[which])
        at = offset
    out.append(body[at:])
    return "".join(out)


def refill(text: str, holes: Sequence[tuple[int, int]], old: Sequence[str], new: Sequence[str]) -> str | None:
    """``text``, which is ``fill(body, holes, old)``, as ``fill(body, holes, new)``; None when it
    is not (a value is not where its hole says)."""
    out: list[str] = []
    at = shift = 0
    for offset, which in holes:
        start = offset + shift
        value = old[which]
        if text[start:start + len(value)] != value:
            return None
        out += (text[at:start], new[which])
        at = start + len(value)
        shift += len(value)
    out.append(text[at:])
    return "".join(out)


@lru_cache(maxsize=16)
def _pattern(marks: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(mark) for mark in marks))


def stitch(kept: str, values: Sequence[str]) -> str:
    """The text ``cut`` kept, with ``values[i]`` where ``marks[i]`` was (sliced from ``kept``
    itself: a profile is tens of KB, copied once)."""
    start = kept.index("\n") + 1
    out: list[str] = []
    at = start
    for offset, which in json.loads(kept[:start]):
        out += (kept[at:start + offset], values[which])
        at = start + offset
    out.append(kept[at:])
    return "".join(out)


def pieces(kept: str, values: Sequence[str | None]) -> list[str]:
    """``stitch``, cut again where a mark's value is None: the pieces between those marks."""
    start = kept.index("\n") + 1
    out: list[str] = []
    piece: list[str] = []
    at = start
    for offset, which in json.loads(kept[:start]):
        piece.append(kept[at:start + offset])
        value = values[which]
        if value is None:
            out.append("".join(piece))
            piece = []
        else:
            piece.append(value)
        at = start + offset
    piece.append(kept[at:])
    out.append("".join(piece))
    return out

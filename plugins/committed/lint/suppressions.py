"""Inline exceptions: ``<!-- guideline-ignore RULE-ID[, RULE-ID]: reason -->``.

A comment on a line of its own covers the Markdown block after it (one line, a paragraph, a list,
a code block); inside a line it covers that line. ``guideline-ignore-start`` ... ``guideline-ignore-end``
covers the lines between. A reason is mandatory: without one the comment is itself an error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Document

_DIRECTIVE = re.compile(
    r"^\s*guideline-ignore(?P<kind>-start|-end)?\s+(?P<rules>[\w.*-]+(?:\s*,\s*[\w.*-]+)*)\s*(?::(?P<reason>.*))?$",
    re.S)


@dataclass(frozen=True)
class Suppression:
    path: str
    line: int  # where the comment is
    rules: tuple[str, ...]
    reason: str
    first: int  # lines covered, inclusive
    last: int
    span: tuple[int, int] = (0, 0)  # offsets of the comment in the page

    def covers(self, rule_id: str, line: int) -> bool:
        return self.first <= line <= self.last and ("*" in self.rules or rule_id in self.rules)


class Coverage:
    """Which lines each rule is suppressed on: merged ranges per rule id, looked up by bisection."""

    def __init__(self, items: Iterable[Suppression]) -> None:
        ranges: dict[str, list[tuple[int, int]]] = {}
        for s in items:
            for rule in s.rules:
                ranges.setdefault(rule, []).append((s.first, s.last))
        self._firsts: dict[str, list[int]] = {}
        self._lasts: dict[str, list[int]] = {}
        for rule, spans in ranges.items():
            merged: list[tuple[int, int]] = []
            for first, last in sorted(spans):
                if merged and first <= merged[-1][1] + 1:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], last))
                else:
                    merged.append((first, last))
            self._firsts[rule] = [a for a, _ in merged]
            self._lasts[rule] = [b for _, b in merged]

    def covers(self, rule_id: str, line: int) -> bool:
        for rule in (rule_id, "*"):
            firsts = self._firsts.get(rule)
            if firsts:
                i = bisect_right(firsts, line) - 1
                if i >= 0 and line <= self._lasts[rule][i]:
                    return True
        return False


@dataclass(frozen=True)
class Problem:
    """A malformed directive: no reason, or no rule id."""

    line: int
    offset: int
    message: str


def collect(doc: Document) -> tuple[list[Suppression], list[Problem]]:
    found: list[Suppression] = []
    problems: list[Problem] = []
    open_ranges: dict[tuple[str, ...], tuple[int, str, tuple[int, int]]] = {}
    last_line = len(doc.line_starts)
    for c in doc.comments:
        text = c.text.strip()
        if not text.startswith("guideline-ignore"):
            continue
        m = _DIRECTIVE.match(text)
        if m is None:
            problems.append(Problem(c.line, c.start, "guideline-ignore needs a rule id and a reason: "
                                    "<!-- guideline-ignore RULE-ID: why this is fine -->"))
            continue
        rules = tuple(r.strip() for r in m.group("rules").split(","))
        reason = " ".join((m.group("reason") or "").split())
        kind = m.group("kind")
        span = (c.start, c.start + len(c.text) + 7)
        if kind == "-end":
            start = open_ranges.pop(rules, None)
            if start is not None:
                found.append(Suppression(doc.path, start[0], rules, start[1], start[0], c.line, start[2]))
            continue
        if not reason:
            problems.append(Problem(c.line, c.start, f"guideline-ignore {', '.join(rules)} has no reason; "
                                    f"write <!-- guideline-ignore {', '.join(rules)}: why this is fine -->"))
            continue
        if kind == "-start":
            open_ranges[rules] = (c.line, reason, span)
        elif not c.block:
            found.append(Suppression(doc.path, c.line, rules, reason, c.line, c.line, span))
        elif c.next_block is not None:
            found.append(Suppression(doc.path, c.line, rules, reason, *c.next_block, span))
    for rules, (line, reason, span) in open_ranges.items():  # never closed: to the end of the page
        found.append(Suppression(doc.path, line, rules, reason, line, last_line, span))
    return found, problems

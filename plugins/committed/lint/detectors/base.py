"""What every detector shares: the run's context and scope filtering."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from math import log2
from typing import Protocol

from ..document import Document
from ..findings import SCOPES, Match
from ..policy import Policy, Rule


@dataclass(frozen=True)
class Context:
    """What a run knows besides the page: the policy, people, today, and other pages."""

    policy: Policy
    contributors: frozenset[str]
    teams: frozenset[str]
    today: date
    anchors_of: Callable[[str], frozenset[str] | None]  # root-relative page path -> its anchors


class Detector(Protocol):
    rule: Rule

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]: ...


@lru_cache(maxsize=256)
def sees_everything(scopes: tuple[str, ...]) -> bool:
    return set(SCOPES) <= set(scopes)


def in_scope(doc: Document, scopes: tuple[str, ...], offset: int) -> bool:
    """Whether ``offset`` falls in a segment of ``scopes`` (everything when all scopes are listed)."""
    if sees_everything(scopes):
        return True
    segs, starts = doc.segments_and_starts(scopes)
    i = bisect_right(starts, offset) - 1
    return i >= 0 and segs[i].start <= offset < segs[i].end


class Taken:
    """Spans already claimed by a hit, one sorted layer per kind of hit (a kind's hits come in page
    order, so claiming appends): an overlap test costs one bisection per kind."""

    def __init__(self) -> None:
        self.layers: list[tuple[list[int], list[int]]] = []

    def next_kind(self) -> None:
        self.layers.append(([], []))

    def overlaps(self, start: int, end: int) -> bool:
        for starts, ends in self.layers:
            i = bisect_right(starts, max(end - 1, start)) - 1
            if i >= 0 and ends[i] > start:
                return True
        return False

    def claim(self, start: int, end: int) -> bool:
        """Take ``[start, end)`` unless it overlaps a span already taken; whether it was free."""
        if self.overlaps(start, end):
            return False
        if not self.layers:
            self.next_kind()
        starts, ends = self.layers[-1]
        i = len(starts) if not starts or starts[-1] <= start else bisect_right(starts, start)
        starts.insert(i, start)
        ends.insert(i, end)
        return True


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * log2(c / n) for c in Counter(value).values())

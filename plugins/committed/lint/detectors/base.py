"""What every detector shares: the run's context and scope filtering."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
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


def sees_everything(scopes: tuple[str, ...]) -> bool:
    return set(SCOPES) <= set(scopes)


def in_scope(doc: Document, scopes: tuple[str, ...], offset: int) -> bool:
    """Whether ``offset`` falls in a segment of ``scopes`` (everything when all scopes are listed)."""
    if sees_everything(scopes):
        return True
    segs = doc.segments_in(scopes)
    starts = [s.start for s in segs]
    i = bisect_right(starts, offset) - 1
    return i >= 0 and segs[i].start <= offset < segs[i].end


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    from math import log2
    if not value:
        return 0.0
    counts: dict[str, int] = {}
    for ch in value:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(value)
    return -sum(c / n * log2(c / n) for c in counts.values())

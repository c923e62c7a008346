"""Knowledge flow: learn events counted from the office whose work was engaged with to the
learner's office."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from ..knowledge import KnowledgeBase
from ..people import Person
from ..totals import FLOW_KINDS
from .ledger import Ledger
from .model import FlowMatrix

__all__ = ["FLOW_KINDS", "flow", "flow_sources"]


def flow_sources(kb: KnowledgeBase, population: dict[str, Person], ledgers: dict[str, Ledger],
                 offices: list[str]) -> list[tuple[int, list[int], list[int | None]]]:
    """For each learner: their office's index, the dates (seconds) of their learn events of
    ``FLOW_KINDS`` and, for each, the index of the office the knowledge came from (None: a
    colleague outside the offices shown)."""
    index = {o: i for i, o in enumerate(offices)}
    source_of = {slug: index.get(p.office) for slug, p in kb.people.items()}
    source_of.update((slug, index.get(p.office)) for slug, p in population.items())
    out = []
    for slug, ledger in ledgers.items():
        totals = ledger.totals
        if totals is not None and totals.flow_at:
            out.append((index[population[slug].office], totals.flow_at, [source_of.get(o) for o in totals.flow_from]))
    return out


def flow(offices: list[str], flows: list[tuple[int, list[int], list[int | None]]],
         start: int | None, end: int | None) -> FlowMatrix:
    """The flow of the learn events dated in ``(start, end]`` (POSIX seconds)."""
    counts = [[0] * len(offices) for _ in offices]
    for learner, ats, sources in flows:
        lo = 0 if start is None else bisect_right(ats, start)
        hi = len(ats) if end is None else bisect_right(ats, end)
        for source, n in Counter(sources[lo:hi]).items():
            if source is not None:
                counts[source][learner] += n
    return FlowMatrix(tuple(offices), tuple(tuple(row) for row in counts))

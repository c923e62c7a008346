"""Knowledge flow: learn events counted from the office whose work was engaged with to the
learner's office."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from datetime import datetime

from ..knowledge import KnowledgeBase
from ..people import Person
from .ledger import Ledger
from .model import FlowMatrix

FLOW_KINDS = ("improve", "review", "learned-from")


def flow_sources(kb: KnowledgeBase, population: dict[str, Person], ledgers: dict[str, Ledger],
                 offices: list[str]) -> list[tuple[int, list[datetime], list[int | None]]]:
    """For each learner: their office's index, their learn events' dates and, for each, the index
    of the office the knowledge came from (None: not a flow event, or a colleague outside the
    offices shown)."""
    index = {o: i for i, o in enumerate(offices)}
    source_of = {slug: index.get(p.office) for slug, p in kb.people.items()}
    source_of.update((slug, index.get(p.office)) for slug, p in population.items())
    out = []
    for slug, ledger in ledgers.items():
        events = ledger.learn.events
        if events:
            sources = [source_of.get(e.other) if e.other and e.kind in FLOW_KINDS else None
                       for e in events]
            out.append((index[population[slug].office], ledger.learn.at, sources))
    return out


def flow(offices: list[str], flows: list[tuple[int, list[datetime], list[int | None]]],
         start: datetime | None, end: datetime | None) -> FlowMatrix:
    counts = [[0] * len(offices) for _ in offices]
    for learner, ats, sources in flows:
        lo = 0 if start is None else bisect_right(ats, start)
        hi = len(ats) if end is None else bisect_right(ats, end)
        for source, n in Counter(sources[lo:hi]).items():
            if source is not None:
                counts[source][learner] += n
    return FlowMatrix(tuple(offices), tuple(tuple(row) for row in counts))

"""The monthly trend: each month's figures over the trailing window that ends with it, in all, by
office and by team."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from ..people import Person
from ..scoring import ScoringConfig
from .groups import group_order
from .ledger import Ledger
from .model import Figures, GroupTrend, TrendPoint
from .months import KeptMonths

_TINY = timedelta(microseconds=1)


def _month_ends(first: datetime, now: datetime) -> list[tuple[str, datetime]]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (now.year, now.month):
        nxt = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=timezone.utc)
        out.append((f"{year:04d}-{month:02d}", min(nxt - _TINY, now)))
        year, month = nxt.year, nxt.month
    return out


def tally(codes: Sequence[int]) -> Figures:
    """The figures of ``Ledger.codes`` values (people without events in the window left out)."""
    teacher, learner, both = codes.count(3), codes.count(5), codes.count(7)
    return Figures(len(codes) - codes.count(0), teacher + both, learner + both, both)


def trends(population: dict[str, Person], ledgers: dict[str, Ledger], config: ScoringConfig,
           now: datetime | None, days: int, kept: KeptMonths | None = None
           ) -> tuple[tuple[TrendPoint, ...], tuple[GroupTrend, ...], tuple[GroupTrend, ...]]:
    """The trend of everyone, by office and by team. ``kept``: the codes of the months that have
    ended, as the previous build computed them (read for the people whose events are the same)."""
    firsts = [f for f in (ledger.first for ledger in ledgers.values()) if f is not None]
    if now is None or not firsts:
        return (), (), ()
    months = _month_ends(datetime.fromtimestamp(min(firsts), timezone.utc), now.astimezone(timezone.utc))
    # in POSIX seconds, as the ledgers date events: events are whole seconds, so (start, end] holds
    # the same events with both ends rounded down
    spans = [(math.floor((end - timedelta(days=days)).timestamp()), math.floor(end.timestamp())) for _, end in months]
    if kept is None:
        codes = {slug: ledger.codes(config, spans) for slug, ledger in ledgers.items()}
    else:  # every month but the last (which ends at now) has ended
        codes = kept.codes(ledgers, config, spans, len(spans) - 1)

    def series(members: list[str]) -> tuple[TrendPoint, ...]:
        columns = list(zip(*(codes[s] for s in members), strict=False)) if members else [()] * len(months)
        return tuple(TrendPoint(month, end, tally(column)) for (month, end), column in zip(months, columns, strict=False))

    def grouped(attr: str) -> tuple[GroupTrend, ...]:
        groups: dict[str, list[str]] = defaultdict(list)
        for slug, person in population.items():
            groups[getattr(person, attr)].append(slug)
        return tuple(GroupTrend(name, series(members)) for name, members in sorted(groups.items(), key=group_order))

    return series(list(population)), grouped("office"), grouped("team")

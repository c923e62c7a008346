"""Knowledge health: how many pages were reviewed within the review interval, in all and by topic,
and the ones waiting longest."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from ..knowledge import KnowledgeBase
from .groups import group_order
from .model import Health, PageRef, TopicHealth


def health_of(kb: KnowledgeBase, interval_days: int, limit: int, pages: list[str], topics: dict[str, str],
              touched: dict[str, datetime]) -> Health:
    now = kb.now
    per_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    stale: list[tuple[bool, date, str, date | None]] = []
    reviewed_total = 0
    cutoff = (now - timedelta(days=interval_days)) if now is not None else None
    cutoff_day = cutoff.date() if cutoff is not None else None
    for page in pages:
        info = kb.pages[page]
        at = touched.get(page)
        reviewed_on = info.last_reviewed
        counts = per_topic[topics[page]]
        counts[0] += 1
        if cutoff is not None and ((reviewed_on is not None and reviewed_on >= cutoff_day)  # type: ignore[operator]
                                   or (at is not None and at > cutoff)):
            counts[1] += 1
            reviewed_total += 1
            continue
        candidates = [d for d in (reviewed_on, at.date() if at is not None else None) if d]
        last = max(candidates) if candidates else None
        stale.append((last is not None, last or date.min, page, last))
    stale.sort()  # never reviewed first, then oldest first, then by path (paths are unique)
    oldest = tuple(PageRef(page, kb.pages[page].title, topics[page], last) for _, _, page, last in stale[:limit])
    per = tuple(TopicHealth(t, n, r) for t, (n, r) in sorted(per_topic.items(), key=group_order))
    return Health(interval_days, len(pages), reviewed_total, per, oldest)

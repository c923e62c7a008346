"""Where the committed group can grow: who is one step from it, topics that depend on one
teacher, pages nobody else has touched for a while."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from ..knowledge import KnowledgeBase
from ..people import Person
from ..scoring import Score, Side, Tier, Window, score_events
from .groups import entry_of
from .ledger import Ledger
from .model import Growth, OneStep, PageRef, TopicRisk


def growth_of(kb: KnowledgeBase, population: dict[str, Person], ledgers: dict[str, Ledger],
              scores: dict[str, Score], window: Window, quiet_days: int, limit: int, pages: list[str],
              topics: dict[str, str], restricted: bool, touched: dict[str, datetime]) -> Growth:
    thresholds = kb.settings.scoring.thresholds
    one_step: list[OneStep] = []
    for slug, score in scores.items():
        person = population[slug]
        if not person.ranked:
            continue
        if score.tier is Tier.TEACHER:
            one_step.append(OneStep(entry_of(person, score), Side.LEARN, round(thresholds.learn - score.learn, 1)))
        elif score.tier is Tier.LEARNER:
            one_step.append(OneStep(entry_of(person, score), Side.TEACH, round(thresholds.teach - score.teach, 1)))
    one_step.sort(key=lambda o: (o.short_by, o.missing.value, o.entry.slug))

    taught: dict[str, set[str]] = defaultdict(set)  # topic -> slugs
    for slug in kb.scoreboard.events:  # their Totals: no event is decoded
        ledger = ledgers.get(slug)
        mine = (ledger if ledger is not None else Ledger(kb.scoreboard.events.totals(slug))).taught()
        for page in mine & topics.keys():
            taught[topics[page]].add(slug)
    topic_pages: dict[str, int] = defaultdict(int)
    for page in pages:
        topic_pages[topics[page]] += 1
    risks = []
    for topic, slugs in sorted(taught.items(), key=lambda kv: (kv[0] == "", kv[0])):
        if len(slugs) != 1:
            continue
        slug = next(iter(slugs))
        if restricted and slug not in population:
            continue  # a topic taught by another office's person, when restricted to one office
        found: Person | None = population.get(slug) or kb.people.get(slug) or kb.directory.by_slug(slug)
        entry = None
        if found is not None and found.ranked:
            entry = entry_of(found, scores.get(slug) or score_events((), kb.settings.scoring))
        risks.append(TopicRisk(topic, topic_pages[topic], entry))

    quiet: list[tuple[bool, date, str, date | None]] = []
    now = kb.now
    if now is not None:
        cutoff = now - timedelta(days=quiet_days)
        for page in pages:
            at = touched.get(page)
            if at is None:
                quiet.append((False, date.min, page, None))
            elif at <= cutoff:
                day = at.date()
                quiet.append((True, day, page, day))
    quiet.sort()  # never touched first, then oldest first, then by path (paths are unique)
    refs = tuple(PageRef(page, kb.pages[page].title, topics[page], since) for _, _, page, since in quiet[:limit])
    return Growth(window, tuple(one_step), tuple(risks), refs, len(quiet), quiet_days)

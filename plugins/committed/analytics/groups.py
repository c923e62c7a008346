"""Who counts (never bots), and how many of them are active, teachers, learners and committed:
in all, by office and by team."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from operator import attrgetter

from ..knowledge import KnowledgeBase
from ..people import Person
from ..scoring import Score, Tier
from .model import Entry, Figures, Group


def population_of(kb: KnowledgeBase, office: str | None) -> dict[str, Person]:
    """Everyone who counts: credited people and contributors (never bots), by slug."""
    people: dict[str, Person] = {s: p for s, p in kb.people.items() if not p.bot}
    for slug in kb.scoreboard.events:
        if slug not in people:
            person = kb.directory.by_slug(slug)
            if person is not None and not person.bot:
                people[slug] = person
    if office is not None:
        wanted = office.strip().casefold()
        people = {s: p for s, p in people.items() if p.office.strip().casefold() == wanted}
    return dict(sorted(people.items()))


def figures(scores: Iterable[Score]) -> Figures:
    scores = scores if isinstance(scores, list) else list(scores)
    tiers = Counter(map(_TIER, scores))
    both = tiers[Tier.COMMITTED]
    quiet = sum(1 for s in scores if not (s.teach_events or s.learn_events))
    return Figures(len(scores) - quiet, tiers[Tier.TEACHER] + both, tiers[Tier.LEARNER] + both, both)


_TIER = attrgetter("tier")


def entry_of(person: Person, score: Score) -> Entry:
    return Entry(person.slug, person.name, person.office, person.team, person.profile, score.tier,
                 score.teach, score.learn)


def group_figures(population: dict[str, Person], scores: dict[str, Score], attr: str) -> tuple[Group, ...]:
    by_group: dict[str, list[Score]] = defaultdict(list)
    for slug, person in population.items():
        group = by_group[getattr(person, attr)]
        if slug in scores:
            group.append(scores[slug])
    return tuple(Group(name, figures(group)) for name, group in sorted(by_group.items(), key=group_order))


def group_order(item: tuple[str, object]) -> tuple[bool, str, str]:
    """Named groups alphabetically (case-insensitive), people without one last."""
    return (item[0] == "", item[0].casefold(), item[0])

"""The demo's people: names drawn without repeats, offices, identities (aliases, split identities
without a .mailmap), contributor files, and who commits when (a long-tailed activity)."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from random import Random

from .text import ascii_fold, slugify
from .vocabulary import (
    FIRST,
    FIXED_PEOPLE,
    LARGE,
    LAST,
    MORE_OFFICES,
    NAMESAKES,
    OBJECTS,
    OFFICES,
    PEOPLE_PER_OFFICE,
    TEAMS,
    ZONES,
)


@dataclass
class Person:
    name: str
    slug: str
    email: str
    office: str
    team: str
    role: str
    joins: int  # timestamp of the person's first day
    profile_file: bool  # has contributors/<slug>.yml
    alias_name: str | None = None  # name in .mailmap (and in some trailers)
    alias_email: str | None = None
    flags: tuple[str, ...] = ()  # "leaderboard: false" / "profile: false"
    variants: tuple[str, ...] = ()  # other "Name <email>" this person commits under (--split-identities)

    @property
    def topic(self) -> str:
        return TEAMS[self.team][0]

    @property
    def tz(self) -> str:
        return ZONES[self.office]

    def contact(self, rng: Random, alias_chance: float = 0.25) -> str:
        if self.variants and rng.random() < 0.5:
            return rng.choice(self.variants)
        if self.alias_email and rng.random() < alias_chance:
            return f"{self.alias_name or self.name} <{self.alias_email}>"
        return f"{self.name} <{self.email}>"


NAME_SHAPES = (  # as a company grows, its people's names have more parts: each shape is used once the
    # previous one keeps drawing names already taken
    lambda rng: f"{rng.choice(FIRST)} {rng.choice(LAST)}",
    lambda rng: f"{rng.choice(FIRST)} {rng.choice(INITIALS)}. {rng.choice(LAST)}",
    lambda rng: f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}",
    lambda rng: f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}",
)
INITIALS = "ABCDEFGHIJKLMNOPRSTVW"
MAX_PEOPLE = 500_000  # far below what the last shape can name (60 * 60 * 44 * 44)


class NameDrawer:
    """New names, none taken before: the simplest shape first, a longer one only when the simpler one
    keeps colliding (20 draws in a row), so small demos keep their names and any size ends."""

    def __init__(self, rng: Random, taken: set[str]) -> None:
        self.rng, self.taken, self.shape = rng, taken, 0

    def draw(self) -> str:
        if len(self.taken) >= MAX_PEOPLE:
            raise SystemExit(f"make_demo.py: --people is at most {MAX_PEOPLE:,}.")
        misses = 0
        while True:
            name = NAME_SHAPES[self.shape](self.rng)
            if name not in self.taken:
                self.taken.add(name)
                return name
            misses += 1
            if misses >= 20 and self.shape + 1 < len(NAME_SHAPES):
                self.shape, misses = self.shape + 1, 0


PRONOUNS = ("(she/her)", "(he/him)", "(they/them)")


def split_identities(rng: Random, people: list[Person]) -> None:
    """About 40 % of the people also commit under other spellings and addresses (no .mailmap):
    their name lower-cased or without accents, with pronouns, a handle on the work address, the
    full name on a personal address. Contributor files list the work address only."""
    for i, p in enumerate(people):
        p.alias_name = p.alias_email = None
        if i == 0 or rng.random() >= 0.4:
            continue
        first, _, last = p.name.partition(" ")
        handle = (first[:1] + last.replace(" ", "")).lower() or first.lower()
        options = [f"{p.name.lower()} <{p.email}>", f"{ascii_fold(p.name)} {rng.choice(PRONOUNS)} <{p.email}>",
                   f"{ascii_fold(handle)} <{p.email}>", f"{p.name} <{p.slug.replace('-', '')}@home.example>"]
        p.variants = tuple(rng.sample(options, rng.randint(1, len(options))))


class OfficePicker:
    """Where a new person works. Up to LARGE people: one of the six offices, evenly. A larger
    company has an office per PEOPLE_PER_OFFICE people, sized as real ones are (the first,
    headquarters-like, far larger than the newest: weight 1/(rank+1))."""

    def __init__(self, rng: Random, count: int) -> None:
        self.rng = rng
        self.offices = sorted(OFFICES)
        self.weights: list[float] | None = None
        if count > LARGE:
            extra = min(len(MORE_OFFICES), count // PEOPLE_PER_OFFICE - len(OFFICES))
            self.offices = [*sorted(OFFICES), *list(MORE_OFFICES)[:max(0, extra)]]
            self.weights = [1 / (rank + 1) for rank in range(len(self.offices))]

    def pick(self) -> str:
        if self.weights is None:
            return self.rng.choice(self.offices)
        return self.rng.choices(self.offices, self.weights)[0]


def make_people(rng: Random, count: int, start: int, span: int) -> list[Person]:
    """``count`` people. Beyond LARGE, NAMESAKES of them share the name of an earlier colleague
    (as real companies have two Ana Silvas): each has their own e-mail, contributor file and a
    numbered slug (``ana-silva-2``)."""
    names: list[tuple[str, str | None, str, str]] = [(n, a, o, t) for n, a, o, t in FIXED_PEOPLE][:count]
    seen = {n for n, *_ in names}
    drawer = NameDrawer(rng, seen)
    offices = OfficePicker(rng, count)
    namesakes = int(count * NAMESAKES) if count > LARGE else 0
    while len(names) < count - namesakes:
        names.append((drawer.draw(), None, offices.pick(), rng.choice(sorted(TEAMS))))
    twins = set(rng.sample(range(len(FIXED_PEOPLE), len(names)), namesakes)) if namesakes else set()
    names += [(names[i][0], None, offices.pick(), rng.choice(sorted(TEAMS))) for i in sorted(twins)]
    twins |= set(range(count - namesakes, count))
    people: list[Person] = []
    slugs: set[str] = set()
    for i, (name, alias, office, team) in enumerate(names):
        slug = base = slugify(name) or f"person-{i}"
        n = 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        joins = start if i < max(3, count // 6) else start + int(span * 0.9 * rng.random() ** 1.5)
        person = Person(name, slug, f"{slug.replace('-', '.')}@example.com", office, team,
                        rng.choice(TEAMS[team][1]), joins, profile_file=i < 3 or rng.random() < 0.85 or i in twins)
        if i in twins:  # a namesake is told apart by their own contributor file, never by an alias
            people.append(person)
            continue
        if alias or rng.random() < 0.12:
            person.alias_name = alias or (ascii_fold(name) if ascii_fold(name) != name else name.split()[0])
            person.alias_email = f"{slug.split('-')[0]}.{i}@example.com"
        if i >= 3 and person.profile_file and rng.random() < 0.06:
            person.flags = (rng.choice(("leaderboard", "profile")),)
        people.append(person)
    return people


def profile_yaml(p: Person, rng: Random) -> bytes:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - a JSON string is a YAML scalar
    emails = [p.email] + ([p.alias_email] if p.alias_email and rng.random() < 0.5 else [])
    obj = rng.choice(OBJECTS[p.topic])
    lines = [f"name: {q(p.name)}", "emails:", *[f"  - {q(e)}" for e in emails],
             f"office: {q(p.office)}", f"team: {q(p.team)}", f"role: {q(p.role)}",
             f"bio: {q(f'{p.role} in the {p.office} office. Happy to help with {obj}.')}"]
    if p.alias_name and p.alias_name != p.name:
        lines += ["aliases:", f"  - {q(p.alias_name)}"]
    lines += [f"{flag}: false" for flag in p.flags]
    return ("\n".join(lines) + "\n").encode()


def mailmap(people: list[Person]) -> bytes:
    lines = ["# Canonical identities for people who committed under other names or emails."]
    for p in people:
        if p.alias_email:
            lines.append(f"{p.name} <{p.email}> {p.alias_name or p.name} <{p.alias_email}>")
    return ("\n".join(lines) + "\n").encode()


class AuthorPicker:
    """Long-tailed activity: person i has weight 1/(rank+1)^1.1; only people who joined may act."""

    def __init__(self, rng: Random, people: list[Person]) -> None:
        self.rng = rng
        ranks = list(range(len(people)))
        rng.shuffle(ranks)
        order = sorted(range(len(people)), key=lambda i: (people[i].joins, i))
        self.people = [people[i] for i in order]
        self.joins = [p.joins for p in self.people]
        total, self.cum = 0.0, []
        for i in order:
            total += 1.0 / (ranks[i] + 1) ** 1.1
            self.cum.append(total)

    def pick(self, when: int, exclude: Person | None = None) -> Person:
        n = max(1, bisect.bisect_right(self.joins, when))
        for _ in range(20):
            p = self.people[bisect.bisect_left(self.cum, self.rng.random() * self.cum[n - 1])]
            if p is not exclude:
                return p
        return next(p for p in self.people if p is not exclude)

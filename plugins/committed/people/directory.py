"""Resolving git identities to people: the Directory, and the Person the site shows."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..records import Identity
from .bots import DEFAULT_BOT_EMAILS, DEFAULT_BOT_NAMES, is_bot
from .contributors import Contributor, _norm_name, slugify


@dataclass(frozen=True, order=True)
class Person:
    """A human (or bot) as the site shows them. Deliberately has no email field."""

    slug: str
    name: str
    known: bool = False  # has a contributor file
    bot: bool = False
    office: str = ""
    team: str = ""
    role: str = ""
    bio: str = ""
    avatar: str = ""
    leaderboard: bool = True  # False: left out of rankings and named lists
    profile: bool = True  # False: no profile page, shown as plain text

    @property
    def ranked(self) -> bool:
        return self.leaderboard and not self.bot


@dataclass
class Directory:
    """Resolves identities to people. Unknown people get stable generated slugs."""

    contributors: dict[str, Contributor]
    bot_names: tuple[str, ...] = DEFAULT_BOT_NAMES
    bot_emails: tuple[str, ...] = DEFAULT_BOT_EMAILS
    _by_email: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _by_name: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)
    _unknown: dict[str, Person] = field(default_factory=dict, init=False, repr=False)
    _taken: set[str] = field(default_factory=set, init=False, repr=False)
    _cache: dict[Identity, Person] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for slug, c in self.contributors.items():
            for email in c.emails:
                self._by_email[email] = slug
            for name in (c.name, *c.aliases, slug):
                self._by_name.setdefault(_norm_name(name), set()).add(slug)
        self._taken = set(self.contributors)

    def person(self, identity: Identity) -> Person:
        if identity not in self._cache:
            self._cache[identity] = self._resolve(identity)
        return self._cache[identity]

    def people(self) -> list[Person]:
        """Every known contributor and every unknown person seen so far, by slug."""
        known = [self._known(c) for c in self.contributors.values()]
        return sorted([*known, *self._unknown.values()])

    def by_slug(self, slug: str) -> Person | None:
        if slug in self.contributors:
            return self._known(self.contributors[slug])
        return next((p for p in self._unknown.values() if p.slug == slug), None)

    def _resolve(self, identity: Identity) -> Person:
        email = identity.email.strip().lower()
        slug = self._by_email.get(email) if email else None
        if slug is None:
            names = self._by_name.get(_norm_name(identity.name), set())
            if len(names) == 1:
                slug = next(iter(names))
        if slug is not None:
            return self._known(self.contributors[slug])
        key = email or _norm_name(identity.name)
        if key not in self._unknown:
            self._unknown[key] = self._new_unknown(identity, key)
        return self._unknown[key]

    def _known(self, c: Contributor) -> Person:
        return Person(slug=c.slug, name=c.name, known=True, bot=self._is_bot(c.name, c.emails),
                      office=c.office, team=c.team, role=c.role, bio=c.bio, avatar=c.avatar,
                      leaderboard=c.leaderboard, profile=c.profile)

    def _new_unknown(self, identity: Identity, key: str) -> Person:
        bot = self._is_bot(identity.name, (identity.email,))
        base = slugify(identity.name) or slugify(identity.email.split("@")[0]) or "person"
        slug, salt = base, 0
        while slug in self._taken:  # the suffixed slug may be taken too: a name can look like one
            digest = hashlib.sha1(f"{key}#{salt}".encode() if salt else key.encode()).hexdigest()[:6]
            slug, salt = f"{base[:55]}-{digest}", salt + 1
        self._taken.add(slug)
        return Person(slug=slug, name=identity.name or "Unknown", known=False, bot=bot)

    def _is_bot(self, name: str, emails: Iterable[str]) -> bool:
        return is_bot(name, emails, self.bot_names, self.bot_emails)



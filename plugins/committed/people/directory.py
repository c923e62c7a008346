"""Resolving git identities to people: the Directory, and the Person the site shows.

``Directory.learn(commits)`` (oldest first) groups every identity the history names (groups.py)
and gives each group one Person: a contributor file's person, or an unknown person whose name is
the group's most used spelling and whose slug is made from the name of its first authored commit
(names.py). Clean slugs go first to contributor files, then to the earliest author among the
people who ask for the same one; everyone else gets a hash suffix. An identity the directory has
not learned is resolved on its own, by the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..records import CO_AUTHORED_BY, Commit, Identity, Trailer
from .bots import DEFAULT_BOT_EMAILS, DEFAULT_BOT_NAMES, is_bot
from .contributors import Contributor
from .groups import Group, Seen, Suspect, group, suspects
from .names import RESERVED_SLUGS, email_key, free_slug, name_key, slug_base


def named(privacy: str, said: bool | None) -> bool:
    """Whether a person may be named with a score, tier or rank, at the site's privacy level:
    ``named`` unless their contributor file says ``leaderboard: false``; ``opt-in`` only when it
    says ``leaderboard: true``; ``aggregate`` never (figures are for groups only)."""
    if privacy == "aggregate":
        return False
    if privacy == "opt-in":
        return said is True
    return said is not False


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
    privacy: str = "named"  # one of PRIVACY_LEVELS: who may be named with a score, tier or rank
    _by_email: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _by_name: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)
    _groups: list[Group] = field(default_factory=list, init=False, repr=False)
    _of: dict[Identity, Group] = field(default_factory=dict, init=False, repr=False)
    _keys: dict[str, Group] = field(default_factory=dict, init=False, repr=False)  # unknown people's keys
    _slugs: dict[int, str] = field(default_factory=dict, init=False, repr=False)  # id(group) -> slug
    _taken: set[str] = field(default_factory=set, init=False, repr=False)
    _cache: dict[Identity, Person] = field(default_factory=dict, init=False, repr=False)
    _seen: dict[Identity, Seen] = field(default_factory=dict, init=False, repr=False)
    _contributors: dict[str, Person] = field(default_factory=dict, init=False, repr=False)  # slug -> Person

    def __post_init__(self) -> None:
        for slug, c in self.contributors.items():
            for email in c.emails:
                self._by_email[email_key(email) or email] = slug
            for forge, logins in (("github", c.github), ("gitlab", c.gitlab)):
                for login in logins:  # the login's noreply address (a Co-authored-by of a suggestion, a web edit)
                    self._by_email.setdefault(f"{forge}:{login.lower()}", slug)
            for name in (c.name, *c.aliases, slug):
                self._by_name.setdefault(name_key(name) or name.strip().casefold(), set()).add(slug)
        self._reset()

    def _reset(self) -> None:
        self._groups, self._of, self._keys, self._slugs, self._cache = [], {}, {}, {}, {}
        self._taken = set(self.contributors) | set(RESERVED_SLUGS)

    # -- learning the history --------------------------------------------------------------------

    def learn(self, commits: Iterable[Commit], after: tuple[dict[Identity, Seen], int] | None = None,
              reviews: Mapping[str, tuple[Trailer, ...]] | None = None) -> None:
        """Group every identity ``commits`` name (oldest first) and give each group its slug.

        ``after``: how the identities appeared in the ``n`` commits older than ``commits`` (the
        ``seen`` of a directory that learned them, ``n``), to go on from as if learning all of
        them (resolved.py keeps it between builds). ``reviews``: trailers a forge ledger adds to
        commits (sha -> trailers, never co-authors), as if the commits ended with them."""
        seen, start = after if after is not None else ({}, 0)
        by_id: dict[int, Seen] = {}  # id of an identity -> its Seen (commits share their identities)
        alive: list[Identity] = []  # the identities ``by_id`` names, so that no id is reused meanwhile
        for i, commit in enumerate(commits, start):
            for ident in (commit.authors if commit.trailers else (commit.author,)):
                s = by_id.get(id(ident))
                if s is None:
                    s = by_id[id(ident)] = seen.get(ident) or seen.setdefault(ident, Seen(first=i))
                    alive.append(ident)
                s.authored += 1
                s.last = i
                if s.first_authored is None:
                    s.first_authored = i
            trailers = commit.trailers
            if reviews:
                more = reviews.get(commit.sha)
                if more:
                    trailers = (*trailers, *more)
            for trailer in trailers:
                if trailer.key == CO_AUTHORED_BY:
                    continue  # counted with the authors
                s = seen.get(trailer.identity) or seen.setdefault(trailer.identity, Seen(first=i))
                s.mentioned += 1
                s.last = i
        self._reset()
        self._seen = seen
        groups = group(seen, self._by_email, self._by_name, self._bot_identity)
        self._groups = groups
        for g in sorted((g for g in groups if g.contributor is None), key=Group.rank):
            self._adopt(g)
        for g in groups:
            for ident in g.identities:
                self._of[ident] = g

    def _adopt(self, g: Group) -> None:
        """Give an unknown person's group its slug and index its keys for later look-ups."""
        slug = free_slug(slug_base(g.anchor.name), g.anchor, self._taken)
        self._taken.add(slug)
        self._slugs[id(g)] = slug
        side = "bot" if g.bot else "human"
        for ident in g.identities:
            for kind, key in (("e-mail", email_key(ident.email)), ("name", name_key(ident.name))):
                if key:
                    self._keys.setdefault(f"{side}:{kind}:{key}", g)

    @property
    def seen(self) -> dict[Identity, Seen]:
        """How each identity appeared in the commits learned, in the order they first appeared."""
        return self._seen

    @property
    def groups(self) -> tuple[Group, ...]:
        """Every person learned, as the identities that make them (for ``committed doctor``)."""
        return tuple(self._groups)

    def slug_of(self, g: Group) -> str:
        return g.contributor or self._slugs[id(g)]

    def suspects(self) -> list[Suspect]:
        """Likely duplicates the directory did not merge (groups.suspects)."""
        return suspects(self._groups, self._contributor_names())

    def suspects_key(self) -> str:
        """Everything ``suspects`` reads, as one string: every group's identities, contributor and
        bot flag, in order, and the contributors' names (the same key, the same suspects)."""
        groups = [(g.contributor, g.bot, [(i.name, i.email) for i in g.identities]) for g in self._groups]
        return repr((groups, sorted(self._contributor_names().items())))

    def _contributor_names(self) -> dict[str, str]:
        return {name_key(c.name): slug for slug, c in self.contributors.items() if name_key(c.name)}

    # -- resolving -------------------------------------------------------------------------------

    def person(self, identity: Identity) -> Person:
        found = self._cache.get(identity)  # one look-up: hashing an identity is a Python call
        if found is None:
            found = self._cache[identity] = self._resolve(identity)
        return found

    def people(self) -> list[Person]:
        """Every known contributor and every unknown person seen so far, by slug."""
        known = [self._known(c) for c in self.contributors.values()]
        unknown = [self._unknown(g) for g in self._groups if g.contributor is None]
        learned = set(unknown)  # equal records, as ``in unknown`` would find, without a scan each
        extra = [p for p in self._cache.values() if not p.known and p not in learned]
        return sorted({p.slug: p for p in [*known, *unknown, *extra]}.values())

    def by_slug(self, slug: str) -> Person | None:
        if slug in self.contributors:
            return self._known(self.contributors[slug])
        return next((p for p in self.people() if p.slug == slug), None)

    def _resolve(self, identity: Identity) -> Person:
        g = self._of.get(identity)
        if g is None:
            g = self._place(identity)
        if g.contributor is not None:
            return self._known(self.contributors[g.contributor])
        return self._unknown(g)

    def _place(self, identity: Identity) -> Group:
        """The group of an identity the history did not name: by the same rules, on its own."""
        groups = group({identity: Seen()}, self._by_email, self._by_name, self._bot_identity)
        g = groups[0]
        if g.contributor is None:
            side = "bot" if g.bot else "human"
            for kind, key in (("e-mail", email_key(identity.email)), ("name", name_key(identity.name))):
                found = self._keys.get(f"{side}:{kind}:{key}") if key else None
                if found is not None:
                    self._of[identity] = found
                    return found
            self._groups.append(g)
            self._adopt(g)
        self._of[identity] = g
        return g

    def _unknown(self, g: Group) -> Person:
        return Person(slug=self._slugs[id(g)], name=g.display_name or "Unknown", known=False, bot=g.bot,
                      leaderboard=named(self.privacy, None))

    def _known(self, c: Contributor) -> Person:
        found = self._contributors.get(c.slug)
        if found is None:  # made once: the contributor files do not change while the directory lives
            found = self._contributors[c.slug] = Person(
                slug=c.slug, name=c.name, known=True, bot=self._is_bot(c.name, c.emails), office=c.office,
                team=c.team, role=c.role, bio=c.bio, avatar=c.avatar, leaderboard=named(self.privacy, c.leaderboard),
                profile=c.profile)
        return found

    def _bot_identity(self, identity: Identity) -> bool:
        return self._is_bot(identity.name, (identity.email,))

    def _is_bot(self, name: str, emails: Iterable[str]) -> bool:
        return is_bot(name, emails, self.bot_names, self.bot_emails)

"""People: one canonical person per human, from git identities and ``contributors/<slug>.yml``.

Identities arrive already mapped through git's ``.mailmap`` (the history engine maps authors with
``%aN``/``%aE`` and trailers with one batched ``git check-mailmap``). A contributor file claims
emails (and aliases, for trailers that name a person without an email); everyone else gets a
stable generated slug. Slugs are ASCII, unique, and never contain a path separator or ``..``.
A ``Person`` never carries an email address, so nothing rendered from it can publish one.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slugify import slugify as _slugify

from .errors import CommittedError
from .records import Identity
from .yamlfile import load_mapping, unknown_key_error

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
FIELDS: dict[str, type] = {"name": str, "emails": list, "office": str, "team": str, "role": str, "bio": str,
          "avatar": str, "aliases": list, "leaderboard": bool, "profile": bool}
DEFAULT_BOT_NAMES = ("*[bot]", "dependabot*", "renovate*", "github-actions*", "gitlab-bot", "*-bot")
DEFAULT_BOT_EMAILS = ("*[bot]@users.noreply.github.com", "*@dependabot.com", "bot@*",
                      "noreply@github.com", "*-bot@*", "*@noreply.gitlab.com")


def slugify(text: str) -> str:
    """An ASCII slug made of [a-z0-9-] only ('' when nothing is left)."""
    return _slugify(text, max_length=64, word_boundary=True) or ""


def _norm_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class Contributor:
    """A ``contributors/<slug>.yml`` file, validated."""

    slug: str
    name: str
    source: str  # the file, for messages
    emails: tuple[str, ...] = ()
    office: str = ""
    team: str = ""
    role: str = ""
    bio: str = ""
    avatar: str = ""
    aliases: tuple[str, ...] = ()
    leaderboard: bool = True
    profile: bool = True


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


def load_contributors(folder: Path, *, display_root: Path | None = None) -> dict[str, Contributor]:
    """Every ``<slug>.yml`` in ``folder``, validated; errors name the file and line."""
    if not folder.is_dir():
        return {}
    contributors: dict[str, Contributor] = {}
    claimed: dict[str, tuple[str, int | None]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        shown = _display(path, display_root)
        contributor = _contributor(path, shown)
        if contributor.slug in contributors:
            raise CommittedError(f"two files define the contributor `{contributor.slug}`.", path=shown,
                                 hint="keep one of them (.yml and .yaml).")
        doc = load_mapping(path, display=shown)
        for email in contributor.emails:
            if email in claimed and claimed[email][0] != shown:
                other, other_line = claimed[email]
                raise CommittedError(
                    f"the email of `{contributor.slug}` at this line is also claimed by {other}"
                    f"{f':{other_line}' if other_line else ''}.", path=shown, line=doc.line("emails"),
                    hint="an email belongs to one person: remove it from one of the two files "
                         "(use .mailmap to merge two identities of one person).")
            claimed[email] = (shown, doc.line("emails"))
        contributors[contributor.slug] = contributor
    return contributors


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


def _contributor(path: Path, shown: str) -> Contributor:
    slug = path.stem
    if not SLUG.match(slug):
        raise CommittedError(f"`{path.name}` is not a valid contributor slug.", path=shown,
                             hint=f"rename the file to `{slugify(slug) or 'your-name'}{path.suffix}`: "
                                  "lower-case letters, digits and dashes only.")
    doc = load_mapping(path, display=shown)
    values: dict[str, Any] = {}
    for key, value in doc.data.items():
        if key not in FIELDS:
            raise unknown_key_error(key, list(FIELDS), shown, doc.line(key))
        expected = FIELDS[key]
        if key in ("emails", "aliases") and isinstance(value, str):
            value = [value]
        if value is None:
            continue
        if not isinstance(value, expected) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            kind = {str: "a text", list: "a list of texts", bool: "true or false"}[expected]
            raise CommittedError(f"`{key}` must be {kind}.", path=shown, line=doc.line(key))
        values[key] = value
    if not str(values.get("name", "")).strip():
        raise CommittedError("`name` is required.", path=shown, line=1, hint="add a line `name: Your Name`.")
    emails = tuple(sorted({str(e).strip().lower() for e in values.pop("emails", [])} - {""}))
    aliases = tuple(str(a).strip() for a in values.pop("aliases", []) if str(a).strip())
    return Contributor(slug=slug, source=shown, emails=emails, aliases=aliases,
                       **{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()})  # type: ignore[arg-type]


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
        lname = name.lower()
        if any(_glob(pat).match(lname) for pat in self.bot_names):
            return True
        return any(_glob(pat).match(e.lower()) for e in emails if e for pat in self.bot_emails)


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """A bot pattern, case-insensitive: ``*`` is any text, ``?`` one character, all else literal.

    Not fnmatch: there ``*[bot]`` is "ends with b, o or t", which made Bo and Abbot bots.
    """
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern.lower())
    return re.compile("".join(parts) + r"\Z", re.DOTALL)

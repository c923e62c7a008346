"""What makes two spellings one name or one e-mail, and the slugs made from names.

Rules (docs/committed/configuration.md, "Identity"):

* A name is compared as its *key*: a trailing parenthetical or bracket ("(she/her)", "[ACME]") is
  dropped, accents are removed, case and white space are folded. ``Zoë  Ångström (she/her)`` and
  ``zoe angstrom`` have one key. Names that say nothing about a person (``root``, ``unknown``,
  ``Your Name``...) have no key: they never join two identities.
* An e-mail is compared lower-cased; GitHub's no-reply addresses ``12345+ana@users.noreply.github.com``
  and ``ana@users.noreply.github.com`` are one address, and GitLab's ``45-ana@users.noreply.<host>``
  is its user ``ana`` (a contributor file's ``github:`` / ``gitlab:`` logins claim them). Addresses that many machines share
  (``root@localhost``, ``you@example.com``, none at all) have no key.
* A slug is made from a name only, never from an e-mail or part of one. A name with nothing to make
  a slug from, a slug already given, a generated page's name or a name Windows cannot check out
  (``con``, ``nul``, ``com1``...) gets a stable hash suffix instead: ``person-3fa9c1``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from slugify import slugify as _slugify

from ..records import Identity

_TRAILING_NOTE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
_GITHUB_NOREPLY = re.compile(r"^(?:\d+\+)?(?P<login>[^@+]+)@users\.noreply\.github\.com$")
# GitLab's private commit address, on gitlab.com or a self-hosted instance: <id>-<username>@users.noreply.<host>
_GITLAB_NOREPLY = re.compile(r"^\d+-(?P<login>[^@+]+)@users\.noreply\.(?!github\.com$)[^@]+$")
GENERIC_NAMES = frozenset({
    "root", "admin", "administrator", "user", "unknown", "ubuntu", "your name", "you", "none", "nobody",
    "anonymous", "default", "git", "test", "tester", "dev", "developer", "localhost", "name", "me"})
GENERIC_EMAIL_LOCALS = frozenset({"root", "admin", "administrator", "user", "you", "your", "none", "nobody",
                                  "noreply", "no-reply", "test", "email", "me", "unknown"})
GENERIC_EMAIL_DOMAINS = frozenset({"localhost", "localhost.localdomain", "(none)"})
# Windows cannot check out files with these names (contributors/con.yml); the rest are generated
# pages or folders a profile URL must never shadow.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))})
GENERATED = frozenset({"index", "avatars", "assets", "search", "404", "sitemap", "tags", "feed", "rss", "img", "images",
                       "css", "js", "javascripts", "stylesheets", "leaderboard", "people"})
RESERVED_SLUGS = WINDOWS_RESERVED | GENERATED
PLACEHOLDER = "person"  # the base of a slug for a name that gives none


def slugify(text: str) -> str:
    """An ASCII slug made of [a-z0-9-] only ('' when nothing is left)."""
    return _slugify(text, max_length=64, word_boundary=True) or ""


def without_note(name: str) -> str:
    """``Ana Lima (she/her)`` -> ``Ana Lima``: the name without trailing parentheticals."""
    previous = None
    while previous != name:
        previous, name = name, _TRAILING_NOTE.sub("", name)
    return name.strip() or previous.strip()


def fold(text: str) -> str:
    """Case, accents (combining marks) and runs of white space folded away."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFKC", bare).casefold().split())


@functools.lru_cache(maxsize=1 << 16)  # asked for each identity by grouping, slugs, look-ups and the doctor
def name_key(name: str) -> str:
    """The key two spellings of one name share; '' for a name that identifies nobody."""
    key = fold(without_note(name)).strip(" .,;:'\"")
    if key in GENERIC_NAMES or not any(ch.isalnum() for ch in key):
        return ""
    return key


@functools.lru_cache(maxsize=1 << 16)
def email_key(email: str) -> str:
    """The key two spellings of one address share; '' for an address many people share."""
    address = email.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return ""
    github = _GITHUB_NOREPLY.match(address)
    if github:
        return f"github:{github['login']}"
    gitlab = _GITLAB_NOREPLY.match(address)
    if gitlab:
        return f"gitlab:{gitlab['login']}"
    if local in GENERIC_EMAIL_LOCALS or domain in GENERIC_EMAIL_DOMAINS or domain.endswith((".local", ".(none)")):
        return ""
    return address


def email_local(email: str) -> str:
    """The part before the @ (for the doctor's "same name on two domains"; never published)."""
    return email.strip().lower().rpartition("@")[0]


def slug_base(name: str) -> str:
    """The slug a name asks for ('' when it gives none)."""
    return slugify(without_note(name))


def hashed(identity: Identity, salt: int = 0) -> str:
    """Six hex digits derived from an identity: stable, and not an e-mail or any part of one."""
    seed = f"committed-person\0{name_key(identity.name) or identity.name}\0{email_key(identity.email)}\0{salt}"
    return hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def free_slug(base: str, anchor: Identity, taken: set[str]) -> str:
    """``base`` if it is free and may be used, else ``base-<hash>`` (and the next hash if taken)."""
    base = base or PLACEHOLDER
    if base != PLACEHOLDER and base not in taken and base not in RESERVED_SLUGS:
        return base
    salt = 0
    while True:
        slug = f"{base[:55].rstrip('-')}-{hashed(anchor, salt)}"
        if slug not in taken:
            return slug
        salt += 1

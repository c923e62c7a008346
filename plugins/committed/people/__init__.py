"""People: one canonical person per human, from git identities and ``contributors/<slug>.yml``.

Identities arrive already mapped through git's ``.mailmap`` (the history engine maps authors with
``%aN``/``%aE`` and trailers with one batched ``git check-mailmap``). A contributor file claims
emails (and aliases, for trailers that name a person without an email); everyone else gets a
stable generated slug. Slugs are ASCII, unique, and never contain a path separator or ``..``.
A ``Person`` never carries an email address, so nothing rendered from it can publish one.

``contributors`` reads the files, ``bots`` recognises service accounts, ``names`` says when two
spellings are one name or address and makes slugs, ``groups`` merges identities into people, and
``directory`` resolves identities to people.
"""

from .bots import DEFAULT_BOT_EMAILS, DEFAULT_BOT_NAMES, is_bot
from .contributors import FIELDS, SLUG, Contributor, load_contributors
from .directory import Directory, Person
from .groups import Group, Suspect
from .names import RESERVED_SLUGS, slugify

__all__ = ["DEFAULT_BOT_EMAILS", "DEFAULT_BOT_NAMES", "FIELDS", "SLUG", "Contributor", "Directory", "Group", "Person",
           "RESERVED_SLUGS", "Suspect", "is_bot", "load_contributors", "slugify"]

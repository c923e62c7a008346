"""People: one canonical person per human, from git identities and ``contributors/<slug>.yml``.

Identities arrive already mapped through git's ``.mailmap`` (the history engine maps authors with
``%aN``/``%aE`` and trailers with one batched ``git check-mailmap``). A contributor file claims
emails (and aliases, for trailers that name a person without an email); everyone else gets a
stable generated slug. Slugs are ASCII, unique, and never contain a path separator or ``..``.
A ``Person`` never carries an email address, so nothing rendered from it can publish one.

``contributors`` reads the files, ``bots`` recognises service accounts, ``directory`` resolves
identities to people.
"""

from .bots import DEFAULT_BOT_EMAILS, DEFAULT_BOT_NAMES, is_bot
from .contributors import FIELDS, SLUG, Contributor, load_contributors, slugify
from .directory import Directory, Person

__all__ = ["DEFAULT_BOT_EMAILS", "DEFAULT_BOT_NAMES", "FIELDS", "SLUG", "Contributor", "Directory", "Person",
           "is_bot", "load_contributors", "slugify"]

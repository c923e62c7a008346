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

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `import X as X`: what the package exports, for type checkers
    from .bots import DEFAULT_BOT_EMAILS as DEFAULT_BOT_EMAILS
    from .bots import DEFAULT_BOT_NAMES as DEFAULT_BOT_NAMES
    from .bots import is_bot as is_bot
    from .contributors import FIELDS as FIELDS
    from .contributors import SLUG as SLUG
    from .contributors import Contributor as Contributor
    from .contributors import load_contributors as load_contributors
    from .directory import Directory as Directory
    from .directory import Person as Person
    from .groups import Group as Group
    from .groups import Suspect as Suspect
    from .names import RESERVED_SLUGS as RESERVED_SLUGS
    from .names import slugify as slugify

# Each name is imported from its module when first asked for (PEP 562): importing one module of
# the package, as `committed stats` does for the bot patterns on its way to a kept answer, does not
# import the others (YAML, the directory, the grouping: 0.09 s).
_FROM = {"DEFAULT_BOT_EMAILS": "bots", "DEFAULT_BOT_NAMES": "bots", "is_bot": "bots", "FIELDS": "contributors",
         "SLUG": "contributors", "Contributor": "contributors", "load_contributors": "contributors",
         "Directory": "directory", "Person": "directory", "Group": "groups", "Suspect": "groups",
         "RESERVED_SLUGS": "names", "slugify": "names"}
__all__ = sorted(_FROM)


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the module holds
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_FROM[name]}", __name__), name)
    globals()[name] = value
    return value

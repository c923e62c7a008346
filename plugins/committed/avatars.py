"""Contributor avatars: a local image named in ``contributors/`` or nothing (then initials)."""

from __future__ import annotations

import logging
from pathlib import Path

from .knowledge import KnowledgeBase
from .people import Person

log = logging.getLogger("committed")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def avatar_file(kb: KnowledgeBase, person: Person) -> Path | None:
    """The avatar image of ``person`` if it is a readable image inside the repository."""
    if not person.avatar:
        return None
    settings = kb.settings
    folder = settings.path(settings.contributors_dir)
    candidate = (folder / person.avatar).resolve()
    where = f"{settings.contributors_dir}/{person.slug}.yml"
    if not candidate.is_relative_to(settings.root):
        log.warning("committed: %s: avatar %r is outside the repository; using generated initials.", where, person.avatar)
        return None
    if candidate.suffix.lower() not in IMAGE_SUFFIXES or not candidate.is_file():
        log.warning("committed: %s: avatar %r is not an image file (%s) in %s; using generated initials.",
                    where, person.avatar, ", ".join(IMAGE_SUFFIXES), settings.contributors_dir)
        return None
    return candidate

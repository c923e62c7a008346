"""Links from one generated page to profiles, pages and commits on the forge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..config import Settings
from ..urls import page_url, relative

if TYPE_CHECKING:  # the MkDocs plugins import this module for two paths: not the knowledge base
    from ..knowledge import KnowledgeBase
    from ..people import Person


def profile_src(settings: Settings, slug: str) -> str:
    return f"{settings.people_prefix}/{slug}.md"


def people_index_src(settings: Settings) -> str:
    return f"{settings.people_prefix}/index.md"


@dataclass(frozen=True)
class Links:
    kb: KnowledgeBase
    from_url: str

    @classmethod
    def for_page(cls, kb: KnowledgeBase, src_uri: str) -> Links:
        return cls(kb, page_url(src_uri, kb.settings.use_directory_urls))

    def to(self, src_uri: str) -> str:
        """A link to the page made from ``src_uri`` (docs-relative)."""
        return self._to(src_uri)

    def _to(self, src_uri: str) -> str:
        return relative(self.from_url, page_url(src_uri, self.kb.settings.use_directory_urls))

    def person(self, person: Person | str | None) -> dict[str, str | None]:
        """``{"name", "href"}``; href None when the person has no profile page. Reads nothing of
        the person but what ``keys.Marks.person`` gives a memo key."""
        if isinstance(person, str):
            person = self.kb.person(person)
        if person is None:
            return {"name": "someone", "href": None, "slug": ""}
        href = self._to(profile_src(self.kb.settings, person.slug)) if person.profile else None
        return {"name": person.name, "href": href, "slug": person.slug}

    def owner(self, slug: str) -> dict[str, str | None] | None:
        """A page's ``owner``: the person when the slug is someone's, else the slug as written."""
        if not slug:
            return None
        return self.person(slug) if self.kb.person(slug) is not None else {"name": slug, "href": None, "slug": slug}

    def page(self, path: str | None) -> dict[str, str | None]:
        info = self.kb.pages.get(path) if path else None
        if info is None:
            return {"title": (path or "a page that no longer exists").rsplit("@", 1)[0], "href": None}
        return {"title": info.title, "href": self._to(info.path)}

    def people_index(self) -> str:
        return self._to(people_index_src(self.kb.settings))

    def commit(self, sha: str) -> str | None:
        base = self.kb.settings.repo_url.rstrip("/")
        if not base:
            return None
        sep = "/-/commit/" if "gitlab" in base.lower() else "/commit/"
        return f"{base}{sep}{quote(sha)}"

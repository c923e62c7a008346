"""The grouped navigation (``committed.navigation``) over MkDocs' own structures: the navigation
MkDocs made from the folders when ``mkdocs.yml`` has no ``nav:`` (never a ``nav:`` the site wrote
itself), rearranged in place, with the "Topics" overview written into its generated page.
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs.structure import StructureItem
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .. import navigation as core
from ..navigation import TOPICS_INDEX, Places

PLACEHOLDER = "<!--committed:topics-made-from-the-navigation-->"


class _Outline:
    """``core.Outline`` over MkDocs' pages, sections and links."""

    def page(self, item: StructureItem) -> core.PageInfo | None:
        if not isinstance(item, Page):
            return None
        return core.PageInfo(item.file.src_uri, item.file.url, item.is_homepage, item.is_index)

    def children(self, item: StructureItem) -> Sequence[StructureItem] | None:
        return item.children if isinstance(item, Section) else None

    def title(self, item: StructureItem) -> str:
        return str(getattr(item, "title", "") or "")

    def retitle(self, section: StructureItem, title: str) -> None:
        section.title = title

    def section(self, title: str, children: list[StructureItem]) -> StructureItem:
        return Section(title, children)


_OUTLINE = _Outline()


def group(nav: Navigation, places: Places, topics_file: File | None) -> Navigation:
    """The navigation with the topics grouped; ``topics_file``: the generated overview page (its
    Markdown is written here, from the topics found), or None when the site has its own."""
    items, topics = core.group(nav.items, _OUTLINE, places)
    if not topics:
        return nav
    if topics_file is not None:
        topics_file.content_string = core.topics_page(topics, _OUTLINE, places, topics_file.url)
    _link(items, None)
    pages = [p for p in core.pages(items, _OUTLINE) if isinstance(p, Page)]
    for before, after in zip([None, *pages], [*pages, None], strict=True):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before
    nav.items[:] = items
    nav.pages[:] = pages
    return nav


def _link(items: Sequence[StructureItem], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item)


__all__ = ["Places", "TOPICS_INDEX", "PLACEHOLDER", "group"]

"""The grouped navigation (``committed.navigation``) as an explicit ``nav:``, for a generator that
runs no ``committed/authoring`` plugin.

The MkDocs plugin rearranges the navigation MkDocs made from the folders
(``committed.mkdocs.navigation``); here the same folder navigation is made from the page list, the
way MkDocs orders and names it (index first, files before sub-folders, titles from folder names),
then grouped by the same core, with the same "Topics" overview page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from .. import navigation as core
from ..navigation import TOPICS_INDEX, Places
from ..urls import page_url

Item = Union[str, "Section"]  # a page (docs-relative path) or a section


@dataclass
class Section:
    title: str
    children: list[Item] = field(default_factory=list)

    def to_yaml(self) -> dict[str, list[Any]]:
        return {self.title: [c if isinstance(c, str) else c.to_yaml() for c in self.children]}


@dataclass(frozen=True)
class _Outline:
    """``core.Outline`` over this module's items, for a site with ``use_directory_urls`` or not."""

    use_directory_urls: bool = True

    def page(self, item: Item) -> core.PageInfo | None:
        if not isinstance(item, str):
            return None
        return core.PageInfo(item, page_url(item, self.use_directory_urls), item == "index.md", _is_index(item))

    def children(self, item: Item) -> Sequence[Item] | None:
        return None if isinstance(item, str) else item.children

    def title(self, item: Item) -> str:
        return "" if isinstance(item, str) else item.title

    def retitle(self, section: Item, title: str) -> None:
        if isinstance(section, Section):
            section.title = title

    def section(self, title: str, children: list[Item]) -> Item:
        return Section(title, children)


def dirname_to_title(dirname: str) -> str:
    """As MkDocs names a section after its folder."""
    title = dirname.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def sort_key(src: str) -> tuple[tuple[str, ...], bool, str]:
    """As MkDocs lists the docs folder: by folder, the index first, a folder's files before its sub-folders."""
    parts = tuple(src.split("/"))
    return parts[:-1], posixpath.splitext(parts[-1])[0] not in ("index", "README"), parts[-1]


def folder_nav(pages: Sequence[str]) -> list[Item]:
    """The navigation MkDocs makes from the folders (``pages`` in MkDocs' order)."""
    items: list[Item] = []
    for src in pages:
        branch = items
        for part in src.split("/")[:-1]:
            title = dirname_to_title(part)
            node = next((i for i in branch if isinstance(i, Section) and i.title == title), None)
            if node is None:
                node = Section(title)
                branch.append(node)
            branch = node.children
        branch.append(src)
    return items


def grouped(items: list[Item], places: Places) -> tuple[list[Item], list[Section]] | None:
    """(the grouped navigation, its topics), or None when the site has no topic folders."""
    made, topics = core.group(items, _Outline(), places)
    return (made, [t for t in topics if isinstance(t, Section)]) if topics else None


def topics_page(topics: Sequence[Section], places: Places, use_directory_urls: bool = True) -> str:
    """The "Topics" overview (``topics/index.md``), as the plugin renders it."""
    return core.topics_page(topics, _Outline(use_directory_urls), places, page_url(TOPICS_INDEX, use_directory_urls))


def _is_index(src: str) -> bool:
    return posixpath.splitext(posixpath.basename(src))[0] in ("index", "README")


__all__ = ["Item", "Places", "Section", "TOPICS_INDEX", "dirname_to_title", "folder_nav", "grouped", "sort_key",
           "topics_page"]

"""The grouped navigation (Home | Topics | People | Leaderboard | About this knowledge base) as an
explicit ``nav:``, for a generator that runs no ``committed/authoring`` plugin.

The MkDocs plugin rearranges the navigation MkDocs made from the folders
(``committed.mkdocs.navigation``); here the same folder navigation is made from the page list, the
way MkDocs orders and names it (index first, files before sub-folders, titles from folder names),
then grouped the same way, with the same "Topics" overview page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from ..templating import render
from ..urls import page_url, relative

TOPICS_INDEX = "topics/index.md"
Item = Union[str, "Section"]  # a page (docs-relative path) or a section


@dataclass
class Section:
    title: str
    folder: str  # the folder it stands for, e.g. "customer-support"
    children: list[Item] = field(default_factory=list)

    def to_yaml(self) -> dict[str, list[Any]]:
        return {self.title: [c if isinstance(c, str) else c.to_yaml() for c in self.children]}


@dataclass(frozen=True)
class Places:
    people: str = "people"
    leaderboard: str = "leaderboard.md"
    about: str = "committed"
    topics_title: str = "Topics"
    about_title: str = "About this knowledge base"


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
        branch, path = items, ""
        for part in src.split("/")[:-1]:
            path = f"{path}/{part}" if path else part
            title = dirname_to_title(part)
            node = next((i for i in branch if isinstance(i, Section) and i.title == title), None)
            if node is None:
                node = Section(title, path)
                branch.append(node)
            branch = node.children
        branch.append(src)
    return items


def _pages(items: Sequence[Item]) -> Iterator[str]:
    for item in items:
        if isinstance(item, str):
            yield item
        else:
            yield from _pages(item.children)


def grouped(items: list[Item], places: Places) -> tuple[list[Item], list[Section]] | None:
    """(the grouped navigation, its topics), or None when the site has no topic folders."""
    home: list[Item] = []
    topics: list[Section] = []
    loose: list[Item] = []
    people: list[Item] = []
    board: list[Item] = []
    about: list[Item] = []
    overview: list[Item] = []
    for item in items:
        folder = item.folder.split("/")[0] if isinstance(item, Section) else None
        if item == "index.md":
            home.append(item)
        elif item == places.leaderboard:
            board.append(item)
        elif folder == places.people:
            people.append(item)
        elif isinstance(item, Section) and folder == places.about:
            item.title = places.about_title
            about.append(item)
        elif isinstance(item, Section) and folder == "topics":
            overview.extend(item.children)
        elif isinstance(item, Section):
            topics.append(item)
        else:
            loose.append(item)
    if not topics:
        return None
    topics.sort(key=lambda s: s.title.casefold())
    section = Section(places.topics_title, "topics", [*overview, *topics, *loose])
    return [*home, section, *people, *board, *about], topics


def topics_page(topics: Sequence[Section], places: Places, use_directory_urls: bool = True) -> str:
    """The "Topics" overview (``topics/index.md``), as the plugin renders it."""
    here = page_url(TOPICS_INDEX, use_directory_urls)
    rows = []
    for topic in topics:
        first = next(_pages(topic.children), None)
        rows.append({"title": topic.title, "pages": sum(1 for p in _pages(topic.children) if not _is_index(p)),
                     "href": relative(here, page_url(first, use_directory_urls)) if first else ""})
    return render("authoring/topics.md.j2", None, title=places.topics_title, topics=rows)


def _is_index(src: str) -> bool:
    return posixpath.splitext(posixpath.basename(src))[0] in ("index", "README")

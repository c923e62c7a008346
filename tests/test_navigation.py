"""The navigation grouping of the core (``committed.navigation``), over a navigation of its own
shape: what both generators' adapters (MkDocs' structures, the Zensical ``nav:``) hand it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from committed.navigation import PageInfo, Places, group, pages, topics_page
from committed.urls import page_url


@dataclass
class Node:
    """A page (``src`` set) or a section (``children``) of a test navigation."""

    title: str
    src: str | None = None
    children: list[Node] = field(default_factory=list)


class Outline:
    def page(self, item: Node) -> PageInfo | None:
        if item.src is None:
            return None
        name = item.src.rsplit("/", 1)[-1]
        return PageInfo(item.src, page_url(item.src), item.src == "index.md", name in ("index.md", "README.md"))

    def children(self, item: Node) -> Sequence[Node] | None:
        return None if item.src is not None else item.children

    def title(self, item: Node) -> str:
        return item.title

    def retitle(self, section: Node, title: str) -> None:
        section.title = title

    def section(self, title: str, children: list[Node]) -> Node:
        return Node(title, children=children)


def page(src: str) -> Node:
    return Node(src.rsplit("/", 1)[-1], src)


def folder(title: str, *srcs: str) -> Node:
    return Node(title, children=[page(s) for s in srcs])


def titles(items: Sequence[Node]) -> list[str]:
    return [i.title for i in items]


def test_topics_are_grouped_and_the_sites_own_places_follow() -> None:
    overview = folder("Topics", "topics/index.md")
    nav = [page("index.md"), folder("People", "people/index.md"), page("leaderboard.md"),
           folder("zebra", "zebra/a.md"), folder("About", "committed/index.md", "committed/scores.md"),
           folder("Apple", "apple/index.md", "apple/b.md", "apple/c.md"), page("tags.md"), overview]
    items, topics = group(nav, Outline(), Places())
    assert titles(items) == ["index.md", "Topics", "People", "leaderboard.md", "About this knowledge base"]
    assert titles(topics) == ["Apple", "zebra"]  # by title, case-insensitively
    # the overview's own pages first, then the topics, then the loose pages at the root
    assert titles(items[1].children) == ["index.md", "Apple", "zebra", "tags.md"]
    assert [i.src for i in pages(items, Outline())] == [
        "index.md", "topics/index.md", "apple/index.md", "apple/b.md", "apple/c.md", "zebra/a.md", "tags.md",
        "people/index.md", "leaderboard.md", "committed/index.md", "committed/scores.md"]


def test_the_places_can_move() -> None:
    places = Places(people="team", leaderboard="board/index.md", about="kb", topics_title="Subjects",
                    about_title="About")
    nav = [folder("Kb", "kb/index.md"), folder("Team", "team/ana.md"), folder("Board", "board/index.md"),
           folder("Guides", "guides/a.md")]
    items, topics = group(nav, Outline(), places)
    # a leaderboard inside a folder is that folder's section: a topic like any other
    assert titles(items) == ["Subjects", "Team", "About"]
    assert titles(topics) == ["Board", "Guides"]


def test_without_topics_the_navigation_stays_and_about_is_still_named() -> None:
    nav = [page("index.md"), folder("Committed", "committed/index.md"), page("tags.md")]
    items, topics = group(nav, Outline(), Places())
    assert (items, topics) == (nav, [])
    assert titles(items) == ["index.md", "About this knowledge base", "tags.md"]


def test_the_topics_page_counts_pages_and_links_each_topic_first_page() -> None:
    nested = Node("Tools", children=[page("tools/index.md"), folder("Vpn", "tools/vpn/index.md", "tools/vpn/setup.md")])
    text = topics_page([folder("Empty"), nested, folder("Misc", "misc/README.md")], Outline(), Places(), "topics/")
    assert text.startswith('---\ntitle: "Topics"\n')
    rows = [line for line in text.splitlines() if line.startswith("<li>")]
    assert rows == [
        '<li><a href="">Empty</a> <span class="committed-muted">0 pages</span></li>',
        '<li><a href="../tools/">Tools</a> <span class="committed-muted">1 page</span></li>',  # index pages left out
        '<li><a href="../misc/">Misc</a> <span class="committed-muted">0 pages</span></li>',
    ]

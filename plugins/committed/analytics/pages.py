"""The content pages and their topics (when someone other than their creators last touched each:
``touched``)."""

from __future__ import annotations

from collections.abc import Iterable

from ..knowledge import KnowledgeBase


def topic_of(kb: KnowledgeBase, path: str) -> str:
    """The page's ``topic`` front matter, else its top folder, else ''."""
    info = kb.pages.get(path)
    if info is not None and info.topic:
        return info.topic
    return path.split("/", 1)[0] if "/" in path else ""


def content_pages(kb: KnowledgeBase, exclude: set[str]) -> list[str]:
    prefix = kb.settings.people_prefix.strip("/") + "/"
    return [p for p in sorted(kb.pages) if kb.scoreboard.counts(p) and p not in exclude and p != kb.settings.leaderboard_path
            and not p.startswith(prefix)]


def topics_of(kb: KnowledgeBase, pages: Iterable[str]) -> dict[str, str]:
    return {page: topic_of(kb, page) for page in pages}

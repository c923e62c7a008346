"""The list of a topic's pages on its index page: title, owner, last reviewed, who taught it.

A topic is a top-level folder of the docs with an ``index.md``; its pages are every other page
under that folder. Made from the build's own pages (front matter and history), so the list is
never out of date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import MutableMapping
from functools import partial

from ..knowledge import KnowledgeBase, PageInfo
from ..templating import render
from .keys import Marks, joined
from .links import Links
from .memo import Memo
from .reuse import Reuse

MAX_TEACHERS = 3


def topic_listings(kb: KnowledgeBase, memo: Memo | None = None, marks: Marks | None = None,
                   into: MutableMapping[str, str] | None = None, reuse: Reuse | None = None) -> MutableMapping[str, str]:
    """Docs-relative path of each topic index -> the HTML of its pages' table (set in ``into``
    as well); those ``memo`` kept from the previous build (under the topic's pages and the people
    they name, ``marks``) are not rendered again, and those ``reuse`` finds made of the same in the
    last build's outputs are copied from there (into ``into`` alone)."""
    memo = Memo(None, "") if memo is None else memo
    marks = Marks(kb) if marks is None else marks
    reuse = Reuse(None, memo) if reuse is None else reuse
    by_topic: dict[str, list[PageInfo]] = defaultdict(list)
    for path, info in kb.pages.items():
        folder, sep, rest = path.partition("/")
        if sep and rest != "index.md":
            by_topic[folder].append(info)
    out: MutableMapping[str, str] = {} if into is None else into
    for folder, infos in sorted(by_topic.items()):
        index = kb.pages.get(f"{folder}/index.md")
        if index is None:
            continue
        infos.sort(key=lambda i: (i.title.casefold(), i.path))
        # what ``topic_listing`` reads of each page (not when it was last changed, nor by whom
        # besides its creators: a page improved again leaves its topic's listing as it was)
        key = repr((index.path, index.title, joined(repr(_row_of(i)) for i in infos),
                    joined(marks.people(slug for i in infos for slug in (*i.created_by, i.owner)))))
        reuse.put(out, "listings", index.path, key, partial(memo.text, "listing", key, partial(topic_listing, kb, index, infos)))
    return out


def _row_of(info: PageInfo) -> tuple[object, ...]:
    """Every field of ``info`` that ``topic_listing`` reads (its memo key holds them)."""
    return info.path, info.title, info.owner, info.last_reviewed, tuple(info.created_by)


def topic_listing(kb: KnowledgeBase, index: PageInfo, infos: list[PageInfo]) -> str:
    """The HTML of the table of ``infos`` (in order), the pages of the topic ``index``: of each
    page, what ``_row_of`` gives and nothing else; of ``index``, its path and title."""
    links = Links.for_page(kb, index.path)
    rows = []
    for info in infos:
        teachers = [links.person(s) for s in info.created_by]
        rows.append({"page": links.page(info.path), "owner": links.owner(info.owner),
                     "reviewed": info.last_reviewed.isoformat() if info.last_reviewed else "",
                     "teachers": teachers[:MAX_TEACHERS], "more": max(0, len(teachers) - MAX_TEACHERS)})
    return render("topic-pages.html.j2", kb.settings.custom_dir, topic=index.title, rows=rows)

"""The credits block of a page: taught, improved and reviewed by, whom its writers learned from,
its owner, when it was last reviewed and last updated."""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import partial

from ..knowledge import KnowledgeBase, PageInfo
from ..templating import render
from .keys import Marks
from .links import Links
from .memo import Memo
from .reuse import Reuse


def credits_blocks(kb: KnowledgeBase, memo: Memo | None = None, marks: Marks | None = None,
                   into: MutableMapping[str, str] | None = None, reuse: Reuse | None = None) -> MutableMapping[str, str]:
    """Docs page -> its credits block, for every page that has one (set in ``into`` as well,
    in order of page); those ``memo`` kept from the previous build (under the page's fields and
    the people it names, ``marks``) are not rendered again, and those ``reuse`` finds in the last
    build's outputs, made of the same, are copied from there (into ``into`` alone)."""
    memo = Memo(None, "") if memo is None else memo
    marks = Marks(kb) if marks is None else marks
    reuse = Reuse(None, memo) if reuse is None else reuse
    out: MutableMapping[str, str] = {} if into is None else into
    for path in sorted(kb.pages):
        info = kb.pages[path]
        if not _shows_credits(info):
            continue
        key = "\n".join([marks.page(path), *marks.people([*info.created_by, *info.improved_by, *info.reviewed_by,
                                                             *info.learned_from, info.owner])])
        reuse.put(out, "credits", path, key, partial(memo.text, "credits", key, partial(_block, kb, path)))
    return out


def _shows_credits(info: PageInfo) -> bool:
    return info.credits_enabled and bool(info.created_by or info.improved_by or info.updated_at)


def _block(kb: KnowledgeBase, src_uri: str) -> str:
    return credits_block(kb, src_uri) or ""


def credits_block(kb: KnowledgeBase, src_uri: str) -> str | None:
    """HTML for the page ``src_uri`` (docs-relative), or None when it has no credits to show."""
    info = kb.pages.get(src_uri)
    if info is None or not _shows_credits(info):
        return None
    links = Links.for_page(kb, src_uri)
    return render("credits.html.j2", kb.settings.custom_dir,
                  taught=[links.person(s) for s in info.created_by],
                  improved=[links.person(s) for s in info.improved_by],
                  reviewed=[links.person(s) for s in info.reviewed_by],
                  learned_from=[links.person(s) for s in info.learned_from],
                  owner=links.owner(info.owner),
                  last_reviewed=info.last_reviewed.isoformat() if info.last_reviewed else None,
                  updated=info.updated_at.date().isoformat() if info.updated_at else None,
                  commit={"commit": links.commit(info.updated_sha), "sha": info.updated_sha[:7]})

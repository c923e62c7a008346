"""Each page as the site describes it before its history is joined: its front matter and title
(``PageInfo``), parsed once and kept by the page's content digest (parsed.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import frontmatter, parsed


@dataclass
class PageInfo:
    path: str  # docs-relative
    title: str
    topic: str = ""
    tags: tuple[str, ...] = ()
    owner: str = ""
    last_reviewed: date | None = None
    credits_enabled: bool = True
    created_by: list[str] = field(default_factory=list)  # slugs, in order of credit
    improved_by: list[str] = field(default_factory=list)
    reviewed_by: list[str] = field(default_factory=list)
    learned_from: list[str] = field(default_factory=list)  # whom its writers named in Learned-from
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_sha: str = ""
    updated_by: str = ""  # the slug of who made the last change
    problem: str | None = None  # why the site generator cannot read the file (e.g. not UTF-8)


_CODE = ("pageinfo.py", "frontmatter.py")


def page_infos(cache: Path | None, docs: Path, page_paths: list[str]) -> dict[str, PageInfo]:
    """Each page's front matter as a PageInfo: parsed where the page's bytes are not those of the
    last build (parsed.py), else as that build parsed them."""
    store = parsed.Parsed(cache, "pages", parsed.key("pages", _CODE))
    folder = f"{docs}/"
    out = {}
    for path in page_paths:
        try:
            with open(folder + path, "rb") as fh:
                raw = fh.read()
        except OSError:
            out[path] = page_info(path, frontmatter.read(docs / path))  # says why it cannot be read
            continue
        fields = store.get(path, raw)
        if fields is None:
            info = out[path] = page_info(path, frontmatter.parse(raw))
            store.put(path, (info.title, info.topic, info.tags, info.owner,
                             info.last_reviewed.toordinal() if info.last_reviewed else None,
                             info.credits_enabled, info.problem))
        else:
            title, topic, tags, owner, reviewed, credits, problem = fields
            out[path] = PageInfo(path=path, title=title, topic=topic, tags=tags, owner=owner,
                                 last_reviewed=date.fromordinal(reviewed) if reviewed is not None else None,
                                 credits_enabled=credits, problem=problem)
    store.save()
    return out


def page_info(path: str, read: tuple[dict[str, Any], str, str | None]) -> PageInfo:
    """The page at ``path`` from what ``frontmatter.read`` gave of it."""
    meta, body, problem = read
    credits = meta.get("credits", True)
    return PageInfo(path=path, title=frontmatter.title_of(meta, body, Path(path).stem.replace("-", " ")),
                    topic=str(meta.get("topic") or ""), tags=frontmatter.as_list(meta.get("tags")),
                    owner=str(meta.get("owner") or ""), last_reviewed=frontmatter.as_date(meta.get("last_reviewed")),
                    credits_enabled=credits is not False, problem=problem)

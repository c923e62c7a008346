"""Internal links and anchors: every relative link must reach a file, and every ``#anchor`` a heading."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from ..document import Document
from ..findings import Match
from ..policy import Rule
from .base import Context

_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


class LinksDetector:
    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.ignore: tuple[str, ...] = rule.options["ignore"]
        self.anchors: bool = rule.options["anchors"]

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        root = ctx.policy.root
        here = posixpath.dirname(doc.path)
        for link in doc.links:
            href = link.href.strip()
            if not href or _EXTERNAL.match(href) or href.startswith("/"):
                continue
            target, _, anchor = href.partition("#")
            target = unquote(target.split("?", 1)[0])
            anchor = unquote(anchor)
            resolved = posixpath.normpath(posixpath.join(here, target)) if target else doc.path
            if any(fnmatch.fnmatch(resolved, p) or fnmatch.fnmatch(href, p) for p in self.ignore):
                continue
            end = link.start + len(unquote(link.href))
            if target:
                path = root / resolved
                if resolved.startswith("../") or not path.exists():
                    yield self._match(link.start, end, f"broken link: {resolved} does not exist", href)
                    continue
                if path.is_dir():
                    index = next((resolved + "/" + n for n in ("index.md", "README.md") if (path / n).is_file()), None)
                    if index is None:
                        yield self._match(link.start, end, f"broken link: folder {resolved} has no index.md", href)
                        continue
                    resolved = index
            if anchor and self.anchors and resolved.endswith(".md"):
                anchors = doc.anchors if resolved == doc.path else ctx.anchors_of(resolved)
                if anchors is not None and anchor not in anchors:
                    where = "this page" if resolved == doc.path else resolved
                    yield self._match(link.start, end, f"broken anchor: #{anchor} is not a heading of {where}", href)

    def _match(self, start: int, end: int, message: str, href: str) -> Match:
        detail = f": {self.rule.message}" if self.rule.message else ""
        return Match(start, end, message + detail, self.rule.fix or "fix the path or the anchor, or remove the link",
                     key=href, whole_page=True)



"""Site URLs for source files, the way MkDocs lays them out, and relative links between them."""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """``a/b.md`` -> ``a/b/`` (or ``a/b.html``); ``a/index.md`` -> ``a/``; ``index.md`` -> ``''``."""
    stem, _ = posixpath.splitext(src_uri)
    head, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{head}/" if head else ""
    if use_directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative, as page_url gives)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target = posixpath.relpath(to_url or ".", base or ".")
    if to_url.endswith("/") or to_url == "":
        target = target.rstrip("/") + "/"
        if target == "./":
            target = "./"
    return quote(target, safe="/#.-_~%")

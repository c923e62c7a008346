"""Site URLs for source files, the way MkDocs lays them out, and relative links between them."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote

_SAFE = "/#.-_~%"


@lru_cache(maxsize=65536)  # a build asks for the same few thousand pages' URLs tens of thousands of times
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
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative, as page_url gives).

    Pure string work (no file system): ``people/ana/`` -> ``guide/a/`` is ``../../guide/a/``.
    """
    base = from_url.split("/")[:-1]  # the folder the page's URL resolves links against
    target = to_url.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    up, rest = len(base) - common, "/".join(target[common:])
    if not up and not rest:
        return "./"
    return "../" * up + _quoted(rest)  # "../" is quoted as itself


@lru_cache(maxsize=65536)
def _quoted(path: str) -> str:
    return quote(path, safe=_SAFE)

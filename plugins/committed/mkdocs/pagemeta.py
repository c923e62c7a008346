"""The front matter of the profiles, parsed once and kept: MkDocs' ``Page.read_source`` without its
YAML parser for a front matter it already read in an earlier build.

MkDocs parses each page's front matter with PyYAML (``mkdocs.utils.meta.get_data``), about half
of the time the profiles take to assemble in MkDocs' process at 400 people. A profile's front
matter (its title, its search boost) changes only when the person's name does, so the meta
MkDocs made of each front matter text is kept in the cache folder (kept.py's JSON, under MkDocs',
PyYAML's and this file's versions) and read back for the same text. Only meta that JSON gives
back exactly is kept (strings, integers, finite floats, booleans, null, lists, dicts with string
keys; a date, say, is parsed every time), each entry as its own JSON text, so every page gets a
dict of its own. A damaged file is a miss; the plugins' ``on_page_read_source`` still runs first.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import yaml
from mkdocs import __version__ as mkdocs_version
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from .. import kept

NAME = "mkdocs-meta.json"
_CODE = ("mkdocs/pagemeta.py",)


class KeptMeta:
    """The meta of the front matters seen in the last build; ``read_source`` fills pages from it."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.key = kept.code_key((mkdocs_version, yaml.__version__, yaml.__with_libyaml__), _CODE)
        found = kept.read(folder, NAME, self.key) if self.key else None
        valid = isinstance(found, dict) and all(type(v) is str for v in found.values())
        self.old: dict[str, str] = found if valid else {}  # type: ignore[assignment]
        self.new: dict[str, str] = {}

    def read_source(self, page: Page, config: MkDocsConfig, text: str | None = None) -> None:
        """``page.read_source(config)``, with the meta of a front matter seen before read back;
        ``text``: the page's source, when its file does not hold it."""
        source = config.plugins.on_page_read_source(page=page, config=config)
        if source is None:
            source = page.file.content_string if text is None else text
        found = meta.YAML_RE.match(source)
        front = found.group(1) if found else None
        text = self.old.get(front) if front is not None else None
        if found is not None and front is not None and text is not None:
            page.markdown, page.meta = source[found.end():].lstrip("\n"), json.loads(text)
            self.new[front] = text
            return
        page.markdown, page.meta = meta.get_data(source)
        if found is not None and front is not None and page.markdown == source[found.end():].lstrip("\n") \
                and _plain(page.meta):  # parsed as a mapping, and JSON gives it back as it is
            self.new[front] = json.dumps(page.meta, ensure_ascii=False)

    def save(self) -> None:
        if self.key and self.new != self.old:
            kept.write(self.folder, NAME, self.key, self.new)


def _plain(value: Any) -> bool:  # noqa: ANN401 - any value YAML gives
    kind = type(value)
    if kind in (str, int, bool) or value is None:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is list:
        return all(map(_plain, value))
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False

"""Which files in the docs folder the site publishes: the only pages that earn points or credits.

A site generator leaves some Markdown files out of the built site. MkDocs (and ProperDocs) leave
out, by default, every file or folder whose name starts with a dot (``docs/.drafts/``) and the
top-level ``templates/`` folder, plus whatever ``exclude_docs`` names and, in a build,
``draft_docs``: gitignore-style patterns matched against the docs-relative path. This module
applies the same rules with the same library (``pathspec``, which MkDocs itself uses), without
importing any site generator, so ``mkdocs build`` and ``committed stats`` count the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pathspec

PAGE_SUFFIXES = (".md", ".markdown")
DEFAULT_EXCLUDE = (".*", "/templates/")  # MkDocs 1.6's own default (mkdocs/structure/files.py)


def pattern_lines(value: object) -> tuple[str, ...]:
    """``exclude_docs`` / ``draft_docs`` as written in a site's configuration (a multi-line
    string, a list of lines, or nothing) as pattern lines."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.splitlines())
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    raise TypeError(f"expected a multi-line string of patterns, got {type(value).__name__}")


@dataclass(frozen=True)
class Publication:
    """The site's publishing rules. ``exclude``: ``exclude_docs`` lines; ``drafts``: ``draft_docs``
    lines (left out of a build). Both are added to the defaults, as MkDocs does."""

    exclude: tuple[str, ...] = ()
    drafts: tuple[str, ...] = ()

    @cached_property
    def _spec(self) -> pathspec.GitIgnoreSpec:
        return pathspec.GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *self.exclude, *self.drafts])

    def publishes(self, path: str) -> bool:
        """Whether the docs-relative ``path`` is in the built site (pages and other files alike)."""
        return not self._spec.match_file(path)

    @cached_property
    def _memo(self) -> dict[str, bool]:
        return {}

    def counts(self, path: str | None) -> bool:
        """Whether ``path`` is a page the site publishes: the pages that earn points and credits.
        (Memoised: a history asks about the same few thousand paths tens of thousands of times.)"""
        if not path:
            return False
        known = self._memo.get(path)
        if known is None:
            known = self._memo[path] = path.lower().endswith(PAGE_SUFFIXES) and self.publishes(path)
        return known

    def __getstate__(self) -> dict[str, object]:  # the compiled spec is rebuilt, not pickled
        return {"exclude": self.exclude, "drafts": self.drafts}

    def __setstate__(self, state: dict[str, tuple[str, ...]]) -> None:
        object.__setattr__(self, "exclude", state["exclude"])
        object.__setattr__(self, "drafts", state["drafts"])

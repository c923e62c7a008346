"""A page as the rules see it: text, front matter, and Markdown split into scoped segments.

Markdown structure comes from markdown-it-py (CommonMark + tables). Every segment is a span of the
page text, so a match inside it maps back to an exact line and column.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import yamlmarks

_MD = MarkdownIt("commonmark").enable("table")
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")


class Unreadable(Exception):
    """The file is not a text page; ``line``/``col`` say where, the message says why."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


@dataclass(frozen=True)
class Segment:
    scope: str  # a findings.SCOPES value, or "front_matter:FIELD"
    start: int
    end: int


@dataclass(frozen=True)
class Comment:
    """An HTML comment: ``block`` when it stands alone, ``next_block`` the lines of the block after it."""

    start: int
    text: str
    line: int
    block: bool
    next_block: tuple[int, int] | None = None  # first and last line, 1-based


@dataclass(frozen=True)
class Link:
    href: str
    start: int


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    line_starts: tuple[int, ...]
    front_matter: dict[str, Any] | None
    front_matter_lines: dict[str, int]
    front_matter_error: tuple[int, str] | None  # (line, message): missing, unclosed or invalid YAML
    body_line: int  # 1-based line where the Markdown body starts
    segments: tuple[Segment, ...]
    comments: tuple[Comment, ...]
    links: tuple[Link, ...]
    anchors: frozenset[str]
    _by_scope: dict[frozenset[str], tuple[tuple[Segment, ...], list[int]]] = field(
        default_factory=dict, compare=False, repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        i = bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def segments_in(self, scopes: tuple[str, ...]) -> tuple[Segment, ...]:
        """The segments a rule with ``scopes`` sees ("front_matter" means every field)."""
        return self.segments_and_starts(scopes)[0]

    def segments_and_starts(self, scopes: tuple[str, ...]) -> tuple[tuple[Segment, ...], list[int]]:
        """``segments_in(scopes)`` and their start offsets (sorted), computed once per page and scopes."""
        key = frozenset(scopes)
        found = self._by_scope.get(key)
        if found is None:
            segs = tuple(sorted((s for s in self.segments if s.scope in key or (
                s.scope.startswith("front_matter:") and "front_matter" in key)), key=lambda s: s.start))
            found = (segs, [s.start for s in segs])
            self._by_scope[key] = found
        return found

    def field_segments(self, name: str) -> tuple[Segment, ...]:
        """The segments of front-matter field ``name`` (its value, over every line it takes)."""
        return self.segments_and_starts((f"front_matter:{name}",))[0]


def decode(data: bytes, max_bytes: int) -> str:
    """Page bytes to text, or ``Unreadable`` saying what is wrong and where."""
    if len(data) > max_bytes:
        raise Unreadable(f"page is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit; "
                         "split it into smaller pages")
    if b"\0" in data[:8192]:
        raise Unreadable("page is a binary file, not Markdown text; remove it or give it another extension")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise Unreadable(f"page is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8", line, col) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse(path: str, text: str) -> Document:
    line_starts = [0]
    line_starts.extend(m.end() for m in re.finditer("\n", text))
    starts = tuple(line_starts)
    fm, fm_lines, fm_error, body_line, fm_segments = _front_matter(text, starts)
    body_start = starts[body_line - 1] if body_line - 1 < len(starts) else len(text)
    walker = _Walker(text, starts, body_line - 1)
    walker.walk(_MD.parse(text[body_start:]))
    return Document(path, text, starts, fm, fm_lines, fm_error, body_line,
                    tuple(fm_segments + walker.segments), tuple(walker.comments), tuple(walker.links),
                    frozenset(walker.anchors))


def _front_matter(text: str, starts: tuple[int, ...]) -> tuple[
        dict[str, Any] | None, dict[str, int], tuple[int, str] | None, int, list[Segment]]:
    if not re.match(r"---[ \t]*(\n|$)", text):
        return None, {}, (1, "page has no front matter; start it with a `---` block"), 1, []
    close = _FENCE.search(text, starts[1] if len(starts) > 1 else len(text))
    if close is None:
        return None, {}, (1, "front matter starts at line 1 but is never closed with `---`"), 1, []
    close_line = text.count("\n", 0, close.start()) + 1
    body_line = close_line + 1
    raw = text[starts[1]:close.start()]
    try:
        data = yamlmarks.load(raw)
    except yaml.YAMLError as exc:
        line = (yamlmarks.error_line(exc) or 1) + 1
        what = "front matter has a" if isinstance(exc, yamlmarks.DuplicateKeyError) else "front matter is not valid YAML:"
        return None, {}, (line, f"{what} {yamlmarks.error_text(exc, first_line=2)}"), body_line, []
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # a value YAML cannot build
        return None, {}, (2, f"front matter is not valid YAML: {exc}"), body_line, []
    if data is None:
        data = yamlmarks.MarkedDict()
    if not isinstance(data, yamlmarks.MarkedDict):
        return None, {}, (2, "front matter must be a mapping of `key: value` lines"), body_line, []
    lines = {str(k): v + 1 for k, v in data.lines.items()}
    segments: list[Segment] = []
    key = ""
    for n in range(2, close_line):
        start, end = starts[n - 1], starts[n] - 1
        m = re.match(r"([^\s#:][^:]*):(?:\s|$)", text[start:end])
        if m:
            key = m.group(1).strip()
            start += m.end()
        if key and end > start:
            segments.append(Segment(f"front_matter:{key}", start, end))
    return {str(k): v for k, v in data.items()}, lines, None, body_line, segments


def slugify(value: str) -> str:
    """MkDocs' default heading id (Python-Markdown's toc ``slugify``)."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


class _Walker:
    """Turns markdown-it tokens into segments located in the page text."""

    def __init__(self, text: str, starts: tuple[int, ...], line0: int) -> None:
        self.text = text
        self.starts = starts
        self.line0 = line0  # 0-based page line of body line 0
        self.segments: list[Segment] = []
        self.comments: list[Comment] = []
        self.links: list[Link] = []
        self.anchors: set[str] = set()
        self._slugs: dict[str, int] = {}

    def _offset(self, body_line: int) -> int:
        i = self.line0 + body_line
        return self.starts[i] if i < len(self.starts) else len(self.text)

    def walk(self, tokens: list[Token]) -> None:
        pending: list[int] = []  # indexes of block comments waiting for the next block
        heading = False
        for tok in tokens:
            if tok.map is not None and tok.level == 0 and tok.nesting != -1 and tok.type != "html_block" and pending:
                first, last = self.line0 + tok.map[0] + 1, self.line0 + tok.map[1]
                for i in pending:
                    c = self.comments[i]
                    self.comments[i] = Comment(c.start, c.text, c.line, c.block, (first, last))
                pending = []
            if tok.type in ("fence", "code_block") and tok.map:
                self._block("code_block", tok.map)
            elif tok.type == "html_block" and tok.map:
                start, end = self._block("html", tok.map)
                for m in re.finditer(r"<!--(.*?)-->", self.text[start:end], re.S):
                    self.comments.append(Comment(start + m.start(), m.group(1), self._line(start + m.start()), True))
                    if tok.level == 0:
                        pending.append(len(self.comments) - 1)
                self._html_ids(tok.content)
            elif tok.type == "heading_open":
                heading = True
            elif tok.type == "heading_close":
                heading = False
            elif tok.type == "inline" and tok.map:
                self._inline(tok, "headings" if heading else "prose")

    def _line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def _block(self, scope: str, span: list[int]) -> tuple[int, int]:
        start, end = self._offset(span[0]), max(self._offset(span[1]) - 1, self._offset(span[0]))
        self.segments.append(Segment(scope, start, end))
        return start, end

    def _html_ids(self, html: str) -> None:
        self.anchors.update(_HTML_ID.findall(html))

    def _inline(self, tok: Token, context: str) -> None:
        assert tok.map is not None  # inline tokens always carry a map
        cursor, limit = self._offset(tok.map[0]), self._offset(tok.map[1])
        found: list[Segment] = []
        in_link = 0
        href_stack: list[str] = []

        def locate(content: str, scope: str) -> None:
            nonlocal cursor
            if not content:
                return
            i = self.text.find(content, cursor, limit)
            if i >= 0:
                found.append(Segment(scope, i, i + len(content)))
                cursor = i + len(content)
                return
            for word in content.split():  # escapes or entities changed the text: place word by word
                j = self.text.find(word, cursor, limit)
                if j >= 0:
                    found.append(Segment(scope, j, j + len(word)))
                    cursor = j + len(word)

        def target(href: str) -> None:
            nonlocal cursor
            raw = unquote(href)
            i = self.text.find(raw, cursor, limit) if raw else -1
            if i >= 0:
                found.append(Segment("link_target", i, i + len(raw)))
                self.links.append(Link(href, i))
                cursor = i + len(raw)
            else:
                self.links.append(Link(href, cursor))

        for child in tok.children or []:
            kind = child.type
            if kind == "text":
                locate(child.content, "link_text" if in_link else context)
            elif kind == "code_inline":
                locate(child.content, "code_span")
            elif kind == "html_inline":
                start = self.text.find(child.content, cursor, limit)
                locate(child.content, "html")
                if start >= 0 and child.content.startswith("<!--"):
                    self.comments.append(Comment(start, child.content[4:-3], self._line(start), False))
                self._html_ids(child.content)
            elif kind == "link_open":
                in_link += 1
                href_stack.append(str(child.attrs.get("href", "")))
                if child.markup == "autolink":
                    self.links.append(Link(href_stack[-1], cursor))
                    href_stack[-1] = ""
            elif kind == "link_close":
                in_link = max(0, in_link - 1)
                if href_stack and href_stack[-1]:
                    target(href_stack[-1])
                if href_stack:
                    href_stack.pop()
            elif kind == "image":
                in_link += 1
                for alt in child.children or []:
                    if alt.type == "text":
                        locate(alt.content, "link_text")
                in_link -= 1
                target(str(child.attrs.get("src", "")))
        self.segments.extend(_merge(found, self.text))
        if context == "headings":
            self._heading(tok)

    def _heading(self, tok: Token) -> None:
        content = tok.content
        explicit = _ATTR_ID.search(content)
        if explicit:
            self.anchors.add(explicit.group(1))
            return
        plain = "".join(c.content for c in tok.children or [] if c.type in ("text", "code_inline"))
        slug = slugify(plain)
        count = self._slugs.get(slug, 0)
        self._slugs[slug] = count + 1
        self.anchors.add(slug if count == 0 else f"{slug}_{count}")


def _merge(segments: list[Segment], text: str) -> list[Segment]:
    """Join neighbours of one scope separated only by whitespace, so phrases can span line breaks."""
    merged: list[Segment] = []
    for seg in segments:
        if merged and merged[-1].scope == seg.scope and not text[merged[-1].end:seg.start].strip():
            merged[-1] = Segment(seg.scope, merged[-1].start, seg.end)
        else:
            merged.append(seg)
    return merged

"""The YAML front matter of a page, read leniently (the guideline lint reports problems)."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

_FENCE = re.compile(r"^---[ \t]*\r?\n(.*?)(?:\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
MAX_BYTES = 2 * 1024 * 1024
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def split(text: str) -> tuple[dict[str, Any], str]:
    """(front matter mapping, body). An absent or broken header gives an empty mapping."""
    match = _FENCE.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1), Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def read(path: Path) -> tuple[dict[str, Any], str, str | None]:
    """(front matter, body, problem): ``problem`` says where the file is not UTF-8, if it is not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return {}, "", f"cannot be read ({exc.strerror})"
    return parse(raw)


def parse(raw: bytes) -> tuple[dict[str, Any], str, str | None]:
    """``read`` of a file whose bytes are ``raw``."""
    text, problem = _decode(raw)
    return (*split(text), problem)


def problem(path: Path) -> str | None:
    """Why a site generator cannot read the page at ``path`` (not UTF-8, unreadable), or None."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    return _decode(raw)[1]


def _decode(raw: bytes) -> tuple[str, str | None]:
    try:
        return raw[:MAX_BYTES].decode("utf-8"), None
    except UnicodeDecodeError as exc:
        problem = None
        if exc.start < MAX_BYTES - 4:  # not merely a character cut at the limit
            line = raw.count(b"\n", 0, exc.start) + 1
            problem = f"line {line} is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        return raw[:MAX_BYTES].decode("utf-8", "replace"), problem


def title_of(meta: dict[str, Any], body: str, fallback: str) -> str:
    """The page's title as text, as the plain build shows it: a front matter title as written;
    a title taken from the first heading as the text the heading renders to, so an entity
    (``# Logging in &amp; Networks``) is the character it stands for (MkDocs reads it so), and
    Committed's templates escape it once."""
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return str(meta["title"]).strip()
    match = _HEADING.search(body)
    return html.unescape(match.group(1).strip()) if match else fallback


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if isinstance(v, (str, int, float)))
    return ()

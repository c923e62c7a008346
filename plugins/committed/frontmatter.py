"""The YAML front matter of a page, read leniently (the guideline lint reports problems)."""

from __future__ import annotations

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


def read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES)
    except OSError:
        return {}, ""
    return split(raw.decode("utf-8", "replace"))


def title_of(meta: dict[str, Any], body: str, fallback: str) -> str:
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    match = _HEADING.search(body)
    return match.group(1).strip() if match else fallback


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

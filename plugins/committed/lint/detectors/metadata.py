"""Front matter: present, valid YAML, with the required fields, each of its declared type, values,
pattern, date age, or a known contributor or team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..document import Document
from ..findings import FRONT_MATTER, OFF_TOPIC, REVIEW_OVERDUE, Level, Match
from ..policy import FieldSpec
from .base import Context


class FrontMatterDetector:
    """Built in: runs on every page, whatever the ``rules:`` list says."""

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        specs = ctx.policy.fields
        if doc.front_matter_error is not None:
            line, message = doc.front_matter_error
            if specs or line > 1 or "never closed" in message or "YAML" in message:
                yield _at(doc, line, None, message, "front matter")
            return
        fm = doc.front_matter or {}
        for spec in specs:
            if spec.name not in fm:
                if spec.required:
                    twin = next((k for k in fm if k.lower() == spec.name.lower()), None)
                    if twin is not None:
                        yield _at(doc, doc.front_matter_lines[twin], None,
                                  f"front matter key `{twin}` should be `{spec.name}` (keys are case-sensitive)",
                                  f"missing:{spec.name}", fix=f"rename `{twin}` to `{spec.name}`")
                    else:
                        yield _at(doc, 1, None, f"front matter is missing required field `{spec.name}`",
                                  f"missing:{spec.name}", fix=_example(spec, ctx))
                continue
            line = doc.front_matter_lines.get(spec.name, 1)
            for message, level in _check(spec, fm[spec.name], ctx):
                # An overdue review's message counts the days; its fingerprint must not change every day.
                key = f"{spec.name}:{'overdue' if level is not None else message}"
                yield _at(doc, line, spec.name, message, key, level=level)
            if spec.type == "topic" and isinstance(fm[spec.name], str) and fm[spec.name].strip() \
                    and fm[spec.name] not in ctx.policy.topics:
                yield self._off_topic(doc, line, spec, fm[spec.name], ctx)

    def _off_topic(self, doc: Document, line: int, spec: FieldSpec, value: str, ctx: Context) -> Match:
        rule = ctx.policy.topic_rule()
        message = f"`{spec.name}` {value!r} is not an approved topic"
        if rule is not None and rule.message:
            message += f": {rule.message}"
        else:
            message += f"; use one of: {', '.join(ctx.policy.topics)}"
        match = _at(doc, line, spec.name, message, f"{spec.name}:{value}", fix=rule.fix if rule is not None else None)
        return replace(match, rule_id=rule.id if rule is not None else OFF_TOPIC,
                       level=rule.level if rule is not None else Level.ERROR)


def _at(doc: Document, line: int, field: str | None, message: str, key: str, fix: str | None = None,
        level: Level | None = None) -> Match:
    """A finding at ``line``, or on the value of ``field``: its span covers the whole value, so that the
    engine masks, in the message, whatever in the value is a secret or personal data."""
    start = doc.line_starts[min(line, len(doc.line_starts)) - 1]
    end = doc.text.find("\n", start)
    end = end if end >= 0 else len(doc.text)
    segs = doc.field_segments(field) if field is not None else ()
    if segs:
        start, end = segs[0].start, max(end, segs[-1].end)
    rule_id = REVIEW_OVERDUE if level is not None and level != Level.ERROR else FRONT_MATTER
    return Match(start, end, message, fix, key=key, rule_id=rule_id, level=level, whole_page=True)


def _example(spec: FieldSpec, ctx: Context) -> str:
    examples = {"date": ctx.today.isoformat(), "topic": ctx.policy.topics[0], "tags": "[]", "list": "[]",
                "boolean": "false", "number": "0", "contributor": "your-slug", "team": "your-team",
                "contributor_or_team": "your-slug"}
    return f"add `{spec.name}: {examples.get(spec.type, '...')}` to the front matter"


def _check(spec: FieldSpec, value: Any, ctx: Context) -> Iterator[tuple[str, Level | None]]:
    name = f"`{spec.name}`"
    kind = spec.type
    if kind in ("string", "topic", "contributor", "team", "contributor_or_team"):
        if not isinstance(value, str) or not value.strip():
            yield f"{name} must be a non-empty string", None
            return
    if kind == "topic":
        pass  # an unapproved topic is the topic rule's finding (FrontMatterDetector._off_topic)
    elif kind in ("contributor", "contributor_or_team"):
        known = ctx.contributors | (ctx.teams if kind == "contributor_or_team" else frozenset())
        if value not in known:
            what = "a known contributor" + (" or team" if kind == "contributor_or_team" else "")
            yield (f"{name} {value!r} is not {what}; use the name of a file in "
                   f"{ctx.policy.contributors_dir}/ (without .yml)"), None
    elif kind == "team" and value not in ctx.teams:
        yield f"{name} {value!r} is not a known team; teams: {', '.join(sorted(ctx.teams)) or 'none yet'}", None
    elif kind in ("list", "tags"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            yield f"{name} must be a list of strings, like [one, two]", None
            return
        allowed = ctx.policy.allowed_tags
        if kind == "tags" and allowed is not None:
            for tag in value:
                if tag not in allowed:
                    yield f"tag {tag!r} is not in the list of allowed tags", None
    elif kind == "date":
        day = value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
        if isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = None
        if day is None:
            yield f"{name} must be a date written YYYY-MM-DD", None
            return
        if day > ctx.today:
            yield f"{name} {day.isoformat()} is in the future", None
        elif spec.max_age_days is not None and (ctx.today - day).days > spec.max_age_days:
            yield (f"{name} {day.isoformat()} is {(ctx.today - day).days} days ago, over the "
                   f"{spec.max_age_days}-day limit: review the page and update the date"), Level.WARNING
    elif kind == "boolean" and not isinstance(value, bool):
        yield f"{name} must be true or false", None
    elif kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        yield f"{name} must be a number", None
    if spec.values is not None:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if str(item) not in spec.values:
                yield f"{name} {item!r} is not one of: {', '.join(spec.values)}", None
    if spec.pattern is not None and not isinstance(value, (list, dict)) and not spec.pattern.fullmatch(str(value)):
        yield f"{name} {str(value)!r} does not match the pattern {spec.pattern.pattern}", None

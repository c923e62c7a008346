"""Validating ``guidelines.yml``: every mistake is an error naming the line and the field.

``policy.load_policy`` reads the YAML (lines remembered by ``yamlmarks``) and hands it to
``Parser``, which builds the typed ``Policy``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import CommittedError
from . import yamlmarks
from .findings import BUILTIN_RULES, LEVELS, SCOPES, Level
from .policy import (
    DEFAULT_PLACEHOLDER_DOMAINS,
    FIELD_TYPES,
    NATIONAL_ID_COUNTRIES,
    PERSONAL_KINDS,
    RULE_TYPES,
    SECRET_KINDS,
    BrandTerm,
    FieldSpec,
    PathException,
    Phrase,
    Policy,
    Rule,
    phrase_source,
)

_RULE_KEYS = ("id", "type", "level", "message", "fix", "scopes", "description", "options")
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Parser:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, line: int | None, message: str, hint: str | None = None) -> CommittedError:
        return CommittedError(f"{where}: {message}", path=self.path, line=line or None, hint=hint)

    # -- typed getters -----------------------------------------------------------------------
    def mapping(self, value: Any, where: str, line: int) -> yamlmarks.MarkedDict:
        if value is None:
            empty = yamlmarks.MarkedDict()
            empty.line = line
            return empty
        if not isinstance(value, yamlmarks.MarkedDict):
            raise self.fail(where, line, f"expected a mapping, got {_kind(value)}")
        return value

    def keys(self, data: yamlmarks.MarkedDict, where: str, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(f"{where}.{key}" if where else str(key), data.lines.get(key), "unknown key",
                                hint=f"Valid keys here: {', '.join(allowed)}.")

    def get(self, data: yamlmarks.MarkedDict, key: str, where: str, check: Callable[[Any], bool], expected: str,
            default: Any = None) -> Any:
        if key not in data or data[key] is None:
            return default
        value = data[key]
        if not check(value):
            raise self.fail(f"{where}{key}", data.lines.get(key), f"expected {expected}, got {_kind(value)}")
        return value

    def strings(self, data: yamlmarks.MarkedDict, key: str, where: str, choices: tuple[str, ...] | None = None,
                default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.get(data, key, where, lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
                         "a list of strings", None)
        if value is None:
            return default
        for i, item in enumerate(value):
            if choices is not None and item not in choices:
                raise self.fail(f"{where}{key}[{i}]", value.lines[i], f"{item!r} is not one of {', '.join(choices)}")
        return tuple(value)

    def regex(self, pattern: str, where: str, line: int | None, flags: int = 0) -> re.Pattern[str]:
        try:
            return re.compile(pattern, flags)
        except re.error as exc:
            raise self.fail(where, line, f"invalid regular expression {pattern!r}: {exc}") from exc

    # -- sections ----------------------------------------------------------------------------
    def policy(self, data: Any) -> Policy:
        if data is None:
            raise self.fail("guidelines.yml", 1, "the policy is empty", hint="Start from the documented example.")
        data = self.mapping(data, "guidelines.yml", 1)
        self.keys(data, "", ("version", "title", "introduction", "pages", "topics", "tags", "contributors",
                             "front_matter", "rules", "exceptions", "max_page_bytes"))
        version = self.get(data, "version", "", lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer")
        if version is None:
            raise self.fail("version", 1, "missing: the policy must say which schema version it is written for",
                            hint="Add `version: 1` as the first line.")
        if version != 1:
            raise self.fail("version", data.lines.get("version"), f"unsupported version {version}; this checker reads version 1")
        topics = self.strings(data, "topics", "")
        if not topics:
            raise self.fail("topics", data.lines.get("topics", 1), "list at least one approved topic")
        tags = self.mapping(data.get("tags"), "tags", data.lines.get("tags", 1))
        self.keys(tags, "tags", ("allowed",))
        allowed_tags = self.strings(tags, "allowed", "tags.") if tags.get("allowed") is not None else None
        pages = self.mapping(data.get("pages"), "pages", data.lines.get("pages", 1))
        self.keys(pages, "pages", ("include", "exclude"))
        fields = self.fields(data.get("front_matter"), data.lines.get("front_matter", 1))
        rules = self.rules(data.get("rules"), data.lines.get("rules", 1), {f.name for f in fields})
        known = {r.id for r in rules}
        exceptions = self.exceptions(data.get("exceptions"), data.lines.get("exceptions", 1), known)
        max_bytes = self.get(data, "max_page_bytes", "", lambda v: isinstance(v, int) and v > 0, "a positive integer",
                             2_000_000)
        return Policy(
            path=self.path, root=self.path.parent, topics=topics, allowed_tags=allowed_tags, fields=fields,
            rules=rules, exceptions=exceptions,
            include=self.strings(pages, "include", "pages.", default=("docs/*.md",)),
            exclude=self.strings(pages, "exclude", "pages."),
            contributors_dir=self.get(data, "contributors", "", lambda v: isinstance(v, str), "a folder path",
                                      "contributors"),
            max_page_bytes=max_bytes,
            title=self.get(data, "title", "", lambda v: isinstance(v, str), "a string", "Contribution guidelines"),
            introduction=self.get(data, "introduction", "", lambda v: isinstance(v, str), "a string", ""),
        )

    def fields(self, value: Any, line: int) -> tuple[FieldSpec, ...]:
        data = self.mapping(value, "front_matter", line)
        specs = []
        for name, spec in data.items():
            where = f"front_matter.{name}"
            spec = self.mapping(spec, where, data.lines[name])
            self.keys(spec, where, ("type", "required", "values", "pattern", "max_age_days", "description"))
            ftype = self.get(spec, "type", where + ".", lambda v: isinstance(v, str), "a string", "string")
            if ftype not in FIELD_TYPES:
                raise self.fail(f"{where}.type", spec.lines.get("type"), f"unknown field type {ftype!r}",
                                hint=f"Valid field types: {', '.join(FIELD_TYPES)}.")
            pattern = self.get(spec, "pattern", where + ".", lambda v: isinstance(v, str), "a string")
            max_age = self.get(spec, "max_age_days", where + ".", lambda v: isinstance(v, int) and v > 0,
                               "a positive number of days")
            if max_age is not None and ftype != "date":
                raise self.fail(f"{where}.max_age_days", spec.lines.get("max_age_days"), "only a date field can have a maximum age")
            values = spec.get("values")
            specs.append(FieldSpec(
                name=str(name), type=ftype,
                required=self.get(spec, "required", where + ".", lambda v: isinstance(v, bool), "true or false", False),
                values=None if values is None else tuple(str(v) for v in self.get(
                    spec, "values", where + ".", lambda v: isinstance(v, list), "a list")),
                pattern=None if pattern is None else self.regex(pattern, f"{where}.pattern", spec.lines.get("pattern")),
                max_age_days=max_age,
                description=self.get(spec, "description", where + ".", lambda v: isinstance(v, str), "a string", ""),
            ))
        return tuple(specs)

    def rules(self, value: Any, line: int, field_names: set[str]) -> tuple[Rule, ...]:
        if value is None:
            return ()
        if not isinstance(value, yamlmarks.MarkedList):
            raise self.fail("rules", line, f"expected a list of rules, got {_kind(value)}")
        rules: list[Rule] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            where = f"rules[{i}]"
            data = self.mapping(item, where, value.lines[i])
            rtype = data.get("type")
            if not isinstance(rtype, str) or rtype not in RULE_TYPES:
                raise self.fail(f"{where}.type", data.lines.get("type", data.line),
                                f"unknown rule type {rtype!r}" if rtype is not None else "missing rule type",
                                hint=f"Valid rule types: {', '.join(sorted(RULE_TYPES))}.")
            options, default_scopes = RULE_TYPES[rtype]
            self.keys(data, where, (*_RULE_KEYS, *options))
            rid = data.get("id")
            if not isinstance(rid, str) or not _RULE_ID.match(rid):
                raise self.fail(f"{where}.id", data.lines.get("id", data.line),
                                "every rule needs an id of lowercase letters, digits, '.', '_' or '-'")
            if rtype == "topic" and any(r.type == "topic" for r in rules):
                raise self.fail(f"{where}.type", data.lines.get("type"), "only one rule can be of type topic")
            if rid in seen:
                raise self.fail(f"{where}.id", data.lines.get("id"), f"duplicate rule id {rid!r}")
            seen.add(rid)
            level = self.get(data, "level", where + ".", lambda v: isinstance(v, str), "a string", "error")
            if level not in LEVELS:
                raise self.fail(f"{where}.level", data.lines.get("level"), f"{level!r} is not one of {', '.join(LEVELS)}")
            scopes = self.strings(data, "scopes", where + ".", default=default_scopes)
            for j, scope in enumerate(scopes):
                base, _, name = scope.partition(":")
                if base not in SCOPES or (name and base != "front_matter"):
                    raise self.fail(f"{where}.scopes[{j}]", data["scopes"].lines[j], f"unknown scope {scope!r}",
                                    hint=f"Valid scopes: {', '.join(SCOPES)}, or front_matter:FIELD.")
            rules.append(Rule(
                id=rid, type=rtype, level=Level(level), scopes=scopes, line=data.line,
                message=self.get(data, "message", where + ".", lambda v: isinstance(v, str), "a string"),
                fix=self.get(data, "fix", where + ".", lambda v: isinstance(v, str), "a string"),
                description=self.get(data, "description", where + ".", lambda v: isinstance(v, str), "a string", ""),
                options=MappingProxyType(self.options(rtype, data, where)),
                phrases=self.phrases(data, where) if "phrases" in options else (),
                terms=self.terms(data, where) if rtype == "brand" else (),
            ))
        return tuple(rules)

    def options(self, rtype: str, data: yamlmarks.MarkedDict, where: str) -> dict[str, Any]:
        w = where + "."
        if rtype == "secrets":
            return {"detectors": self.strings(data, "detectors", w, SECRET_KINDS, SECRET_KINDS),
                    "placeholders": tuple(self.regex(p, f"{w}placeholders", data.lines.get("placeholders"), re.I)
                                          for p in self.strings(data, "placeholders", w))}
        if rtype == "personal-data":
            return {"kinds": self.strings(data, "kinds", w, PERSONAL_KINDS, PERSONAL_KINDS),
                    "allowed_domains": tuple(d.lower() for d in self.strings(data, "allowed_domains", w)),
                    "allowed_emails": tuple(e.lower() for e in self.strings(data, "allowed_emails", w)),
                    "allowed_phones": self.phones(data, w),
                    "fictional_numbers": self.get(data, "fictional_numbers", w, lambda v: isinstance(v, bool),
                                                  "true or false", True),
                    "placeholder_domains": tuple(d.lower() for d in self.strings(
                        data, "placeholder_domains", w, default=DEFAULT_PLACEHOLDER_DOMAINS)),
                    "national_id_countries": self.strings(data, "national_id_countries", w, NATIONAL_ID_COUNTRIES,
                                                          NATIONAL_ID_COUNTRIES)}
        if rtype == "links":
            return {"ignore": self.strings(data, "ignore", w),
                    "anchors": self.get(data, "anchors", w, lambda v: isinstance(v, bool), "true or false", True)}
        if rtype in ("confidentiality", "claims", "custom"):
            markers = self.strings(data, "markers", w) if rtype == "confidentiality" else ()
            if not data.get("phrases") and not data.get("patterns") and not markers:
                raise self.fail(where, data.line, "a phrase rule needs `phrases` or `patterns`" +
                                (" or `markers`" if rtype == "confidentiality" else ""))
            return {"sensitive": self.get(data, "sensitive", w, lambda v: isinstance(v, bool), "true or false", False),
                    "exceptions": self.exception_phrases(data, where),
                    "exception_texts": tuple(e if isinstance(e, str) else str(e.get("pattern"))
                                             for e in data.get("exceptions") or ()),
                    "markers": markers,
                    "ignore_case": bool(self.flags(data, where)),
                    "marker_fields": self.strings(data, "marker_fields", w, default=("classification",))
                    if rtype == "confidentiality" else ()}
        return {}

    def flags(self, data: yamlmarks.MarkedDict, where: str) -> int:
        return 0 if self.get(data, "case_sensitive", where + ".", lambda v: isinstance(v, bool), "true or false",
                             False) else re.IGNORECASE

    def exception_phrases(self, data: yamlmarks.MarkedDict, where: str) -> tuple[re.Pattern[str], ...]:
        """``exceptions``: plain phrases, or ``{pattern: ...}``, that make a match inside them no finding."""
        items = self.get(data, "exceptions", where + ".", lambda v: isinstance(v, list), "a list", [])
        found = []
        for i, item in enumerate(items):
            iw = f"{where}.exceptions[{i}]"
            if isinstance(item, yamlmarks.MarkedDict):
                self.keys(item, iw, ("pattern",))
                pattern = item.get("pattern")
                if isinstance(pattern, str) and pattern.strip():
                    found.append(self.regex(pattern, iw, items.lines[i], self.flags(data, where)))
                    continue
            if not isinstance(item, str) or not item.strip():
                raise self.fail(iw, items.lines[i], "expected a non-empty phrase or a mapping with `pattern`")
            found.append(self.regex(phrase_source(item), iw, items.lines[i], self.flags(data, where)))
        return tuple(found)

    def phones(self, data: yamlmarks.MarkedDict, where: str) -> tuple[str, ...]:
        phones = self.strings(data, "allowed_phones", where)
        for i, phone in enumerate(phones):
            if not 7 <= len(re.sub(r"\D", "", phone)) <= 15:
                raise self.fail(f"{where}allowed_phones[{i}]", data["allowed_phones"].lines[i],
                                f"{phone!r} is not a phone number", hint="Write the whole number, like +44 20 7946 1234.")
        return phones

    def phrases(self, data: yamlmarks.MarkedDict, where: str) -> tuple[Phrase, ...]:
        flags = self.flags(data, where)
        found: list[Phrase] = []
        for key in ("phrases", "patterns"):
            items = self.get(data, key, where + ".", lambda v: isinstance(v, list), "a list", [])
            for i, item in enumerate(items):
                iw = f"{where}.{key}[{i}]"
                fix = message = None
                if isinstance(item, yamlmarks.MarkedDict):
                    self.keys(item, iw, (key[:-1], "fix", "message"))
                    fix = self.get(item, "fix", iw + ".", lambda v: isinstance(v, str), "a string")
                    message = self.get(item, "message", iw + ".", lambda v: isinstance(v, str), "a string")
                    item = item.get(key[:-1])
                if not isinstance(item, str) or not item.strip():
                    raise self.fail(iw, items.lines[i], f"expected a non-empty string or a mapping with `{key[:-1]}`")
                source = phrase_source(item) if key == "phrases" else item
                found.append(Phrase(self.regex(source, iw, items.lines[i], flags), item, fix, message))
        return tuple(found)

    def terms(self, data: yamlmarks.MarkedDict, where: str) -> tuple[BrandTerm, ...]:
        items = self.get(data, "terms", where + ".", lambda v: isinstance(v, list), "a list", [])
        if not items:
            raise self.fail(where, data.line, "a brand rule needs `terms`")
        terms = []
        for i, item in enumerate(items):
            iw = f"{where}.terms[{i}]"
            item = self.mapping(item, iw, items.lines[i])
            self.keys(item, iw, ("term", "wrong", "case_variants"))
            term = self.get(item, "term", iw + ".", lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string")
            if term is None:
                raise self.fail(f"{iw}.term", item.line, "missing `term` (the correct spelling)")
            terms.append(BrandTerm(term, self.strings(item, "wrong", iw + "."),
                                   self.get(item, "case_variants", iw + ".", lambda v: isinstance(v, bool),
                                            "true or false", True)))
        return tuple(terms)

    def exceptions(self, value: Any, line: int, known: set[str]) -> tuple[PathException, ...]:
        if value is None:
            return ()
        if not isinstance(value, yamlmarks.MarkedList):
            raise self.fail("exceptions", line, f"expected a list, got {_kind(value)}")
        result = []
        for i, item in enumerate(value):
            where = f"exceptions[{i}]"
            data = self.mapping(item, where, value.lines[i])
            self.keys(data, where, ("paths", "rules", "reason"))
            paths = self.strings(data, "paths", where + ".")
            rules = self.strings(data, "rules", where + ".")
            reason = self.get(data, "reason", where + ".", lambda v: isinstance(v, str), "a string", "")
            if not paths or not rules:
                raise self.fail(where, data.line, "an exception needs `paths` and `rules`")
            if not reason.strip():
                raise self.fail(f"{where}.reason", data.line, "an exception needs a reason (it is shown in audits)")
            for j, rid in enumerate(rules):
                if rid != "*" and rid not in known and rid not in BUILTIN_RULES:
                    raise self.fail(f"{where}.rules[{j}]", data["rules"].lines[j], f"unknown rule id {rid!r}")
            result.append(PathException(paths, rules, reason.strip()))
        return tuple(result)


def _kind(value: Any) -> str:
    return {dict: "a mapping", yamlmarks.MarkedDict: "a mapping", list: "a list", yamlmarks.MarkedList: "a list",
            str: f"the string {value!r}" if isinstance(value, str) and len(value) < 40 else "a string",
            bool: f"{value!r}".lower(), int: f"the number {value}", float: f"the number {value}"}.get(
        type(value), type(value).__name__)

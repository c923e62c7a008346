"""``guidelines.yml``: the policy as typed records, and where to find and load it.

The schema is documented in the root ``guidelines.yml`` and ``docs/committed/guidelines-schema.md``;
``policy_parser`` validates the file (errors name the line and the field).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import CommittedError
from . import yamlmarks
from .findings import SCOPES, Level

POLICY_FILE = "guidelines.yml"
FIELD_TYPES = ("string", "list", "date", "boolean", "number", "topic", "tags", "contributor", "team",
               "contributor_or_team")
SECRET_KINDS = ("aws", "github", "gitlab", "slack", "google", "private_key", "jwt", "url_password", "keyword_entropy")
PERSONAL_KINDS = ("email", "phone", "payment_card", "iban", "national_id")
NATIONAL_ID_COUNTRIES = ("US", "GB", "NL", "ES", "FR")
DEFAULT_PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "example", "test", "invalid",
                               "localhost")

_TEXT_SCOPES = ("prose", "headings", "link_text")
_PHRASE_OPTIONS = ("phrases", "patterns", "case_sensitive", "exceptions", "sensitive")
# rule type -> (options it accepts, default scopes)
RULE_TYPES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "secrets": (("detectors", "placeholders"), SCOPES),
    "personal-data": (("kinds", "allowed_domains", "allowed_emails", "allowed_phones", "fictional_numbers",
                       "placeholder_domains", "national_id_countries"), SCOPES),
    "confidentiality": ((*_PHRASE_OPTIONS, "markers", "marker_fields"), (*_TEXT_SCOPES, "front_matter")),
    "brand": (("terms",), _TEXT_SCOPES),
    "claims": (_PHRASE_OPTIONS, _TEXT_SCOPES),
    "custom": (_PHRASE_OPTIONS, _TEXT_SCOPES),
    "links": (("ignore", "anchors"), ("link_target",)),
    "topic": ((), ("front_matter",)),
})


@dataclass(frozen=True)
class FieldSpec:
    """A front-matter field: its type and constraints."""

    name: str
    type: str
    required: bool = False
    values: tuple[str, ...] | None = None
    pattern: re.Pattern[str] | None = None
    max_age_days: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Phrase:
    """One thing a phrase rule looks for (a literal or a regular expression) and how to fix it."""

    regex: re.Pattern[str]
    text: str
    fix: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class BrandTerm:
    term: str
    wrong: tuple[str, ...] = ()
    case_variants: bool = True


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    level: Level
    message: str | None
    fix: str | None
    scopes: tuple[str, ...]
    description: str = ""
    line: int = 0
    options: Mapping[str, Any] = field(default_factory=dict)
    phrases: tuple[Phrase, ...] = ()
    terms: tuple[BrandTerm, ...] = ()


@dataclass(frozen=True)
class PathException:
    paths: tuple[str, ...]
    rules: tuple[str, ...]  # "*" for every rule
    reason: str

    def covers(self, path: str, rule_id: str) -> bool:
        return ("*" in self.rules or rule_id in self.rules) and any(fnmatch.fnmatch(path, p) for p in self.paths)


@dataclass(frozen=True)
class Policy:
    path: Path
    root: Path
    topics: tuple[str, ...]
    allowed_tags: tuple[str, ...] | None
    fields: tuple[FieldSpec, ...]
    rules: tuple[Rule, ...]
    exceptions: tuple[PathException, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    contributors_dir: str
    max_page_bytes: int
    title: str = "Contribution guidelines"
    introduction: str = ""

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def topic_rule(self) -> Rule | None:
        """The rule of type ``topic``: the id, level and message of findings on unapproved topics."""
        return next((r for r in self.rules if r.type == "topic"), None)

    def excepted(self, path: str, rule_id: str) -> bool:
        return any(e.covers(path, rule_id) for e in self.exceptions)

    def is_page(self, path: str) -> bool:
        return any(fnmatch.fnmatch(path, p) for p in self.include) and not any(
            fnmatch.fnmatch(path, p) for p in self.exclude)


def phrase_source(phrase: str) -> str:
    """A plain phrase as a regular expression: whole words, any whitespace (a line break too) between them."""
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    return (r"\b" if phrase[0].isalnum() else "") + body + (r"\b" if phrase[-1].isalnum() else "")


def find_policy(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / POLICY_FILE
        if candidate.is_file():
            return candidate
    return None


def load_policy(path: Path) -> Policy:
    """Read and validate ``path``; raise ``CommittedError`` naming the line and field of a mistake."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommittedError(f"cannot read the policy: {exc}", path=path,
                             hint="Create guidelines.yml at the repository root (see docs/committed/guidelines-schema.md).") from exc
    try:
        data = yamlmarks.load(text)
    except yaml.YAMLError as exc:
        if isinstance(exc, yamlmarks.DuplicateKeyError):
            raise CommittedError(yamlmarks.error_text(exc), path=path, line=yamlmarks.error_line(exc)) from exc
        raise CommittedError(f"invalid YAML: {yamlmarks.error_text(exc)}", path=path,
                             line=yamlmarks.error_line(exc), hint="Fix the YAML syntax at that line.") from exc
    from .policy_parser import Parser  # it builds the classes of this module
    return Parser(path).policy(data)

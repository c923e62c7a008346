"""What a check reports: a finding at a place in a page, with a stable fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "suggestion": 2}[self.value]


LEVELS = tuple(level.value for level in Level)

# Scopes a rule can see. ``front_matter`` covers every field; ``front_matter:NAME`` one field.
SCOPES = ("prose", "headings", "link_text", "link_target", "code_span", "code_block", "html", "front_matter")

# Rule ids of the built-in checks (not declared in ``rules:``).
FRONT_MATTER = "front-matter"
REVIEW_OVERDUE = "review-overdue"
UNREADABLE = "page-unreadable"
SUPPRESSION_WITHOUT_REASON = "suppression-without-reason"
SUPPRESSION_UNKNOWN_RULE = "suppression-unknown-rule"
BUILTIN_RULES = {
    FRONT_MATTER: "Front matter must exist, parse, and have the required fields with valid values.",
    REVIEW_OVERDUE: "The page's last review date is older than the policy allows.",
    UNREADABLE: "The page cannot be read as UTF-8 Markdown text.",
    SUPPRESSION_WITHOUT_REASON: "An inline exception must give a reason after a colon.",
    SUPPRESSION_UNKNOWN_RULE: "An inline exception names a rule the policy does not have.",
}


@dataclass(frozen=True)
class Finding:
    """One problem at ``path:line:col`` (1-based). ``excerpt`` is the page line, already redacted."""

    path: str
    line: int
    col: int
    level: Level
    rule_id: str
    message: str
    fix: str | None = None
    excerpt: str = ""
    end_col: int | None = None
    fingerprint: str = ""
    sensitive: bool = False  # the matched text is a secret or personal data: never shown in full
    whole_page: bool = False  # a page-level check (front matter, links): kept on any changed page

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.rule_id)


@dataclass(frozen=True)
class Match:
    """A detector's raw hit before the engine places and filters it."""

    start: int  # offset in the page text
    end: int
    message: str
    fix: str | None = None
    key: str = ""  # what identifies the hit for the fingerprint (the matched text, a field name)
    sensitive: bool = False
    rule_id: str | None = None  # overrides the rule's id (built-in checks)
    level: Level | None = None
    whole_page: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def fingerprint(rule_id: str, path: str, key: str, occurrence: int) -> str:
    """A hash that survives the finding moving to another line (baselines, code scanning)."""
    digest = hashlib.sha256(f"{rule_id}\0{path}\0{key}\0{occurrence}".encode("utf-8", "replace"))
    return digest.hexdigest()[:32]


def redact(text: str) -> str:
    """Show at most a short prefix of a secret or personal datum, the rest as ``*``."""
    keep = min(4, len(text) // 4)
    return text[:keep] + "*" * max(4, min(len(text) - keep, 12))

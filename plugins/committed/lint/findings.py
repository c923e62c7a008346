"""What a check reports: a finding at a place in a page, with a stable fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
OFF_TOPIC = "off-topic"  # unless the policy has a rule of type `topic`, whose id it takes
UNREADABLE = "page-unreadable"
SUPPRESSION_WITHOUT_REASON = "suppression-without-reason"
SUPPRESSION_UNKNOWN_RULE = "suppression-unknown-rule"
BUILTIN_RULES = {
    FRONT_MATTER: "Front matter must exist, parse, and have the required fields with valid values.",
    REVIEW_OVERDUE: "The page's last review date is older than the policy allows.",
    OFF_TOPIC: "The page's topic is not one of the approved topics.",
    UNREADABLE: "The page cannot be read as UTF-8 Markdown text.",
    SUPPRESSION_WITHOUT_REASON: "An inline exception must give a reason after a colon.",
    SUPPRESSION_UNKNOWN_RULE: "An inline exception names a rule the policy does not have.",
}


@dataclass(frozen=True)
class Finding:
    """One problem at ``path:line:col`` (1-based). ``message``, ``fix`` and ``excerpt`` (the page line)
    are already redacted; ``excerpt_col`` is where the finding starts in the excerpt (0-based)."""

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
    sensitive: bool = False  # the matched text is a secret or personal data: never shown
    whole_page: bool = False  # a page-level check (front matter, links): kept on any changed page
    excerpt_col: int = 0

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.rule_id)


@dataclass(frozen=True)
class Match:
    """A detector's raw hit before the engine places, redacts and filters it."""

    start: int  # offset in the page text
    end: int
    message: str  # never quotes a sensitive match (the engine also scrubs what overlaps one)
    fix: str | None = None
    key: str = ""  # what the hit is about: one finding per key per line (the matched text, a field name)
    sensitive: bool = False  # a secret or personal data: masked wherever the page is shown
    rule_id: str | None = None  # overrides the rule's id (built-in checks)
    level: Level | None = None
    whole_page: bool = False
    keep: int = 0  # leading characters of a sensitive match that are public (a provider's token prefix)
    report: bool = True  # False: not a finding (out of scope, fiction), only masked wherever it is shown


def fingerprint(rule_id: str, path: str, line_digest: str, key: str, occurrence: int) -> str:
    """What identifies a finding across runs (baselines, code scanning), revealing nothing of the value.

    ``line_digest`` hashes the text of the finding's line with every sensitive span masked and its
    whitespace collapsed, so the finding keeps its fingerprint when lines are added or removed above
    it, and changes when its own line changes. ``key`` is the matched text of a non-sensitive finding
    (a phrase, a field), empty for a sensitive one; ``occurrence`` counts the findings of the same
    rule with the same line text and key in the page, in page order.
    """
    digest = hashlib.sha256(f"{rule_id}\0{path}\0{line_digest}\0{key}\0{occurrence}".encode("utf-8", "replace"))
    return digest.hexdigest()[:32]


MASK = "*" * 12  # always the same width: a mask tells nothing of the length of what it hides


def redact(text: str, keep: int = 0) -> str:
    """``text`` with all but its first ``keep`` characters (a public prefix such as ``ghp_``) masked."""
    return text[:keep] + MASK

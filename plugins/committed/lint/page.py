"""The "Contribution guidelines" page: ``guidelines.yml`` rendered for readers (no MkDocs import).

The MkDocs plugin ``committed/guidelines`` only adds the result as a generated page, so the
policy the site shows and the policy CI checks are the same file.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import templating
from .policy import RULE_TYPES, FieldSpec, Policy, Rule

_TYPE_TITLES = {
    "secrets": "Secrets", "personal-data": "Personal data", "confidentiality": "Confidentiality markers",
    "claims": "Claims and phrases to avoid", "brand": "Names and spellings", "custom": "Other rules",
    "links": "Links between pages", "topic": "Pages off the approved topics",
}
_FIELD_TYPES = {
    "string": "text", "list": "a list", "tags": "a list of tags", "date": "a date (YYYY-MM-DD)",
    "boolean": "true or false", "number": "a number", "topic": "one of the approved topics",
    "contributor": "a contributor's slug", "team": "a team", "contributor_or_team": "a contributor's slug or a team",
}
_KINDS = {
    "aws": "AWS keys", "github": "GitHub tokens", "gitlab": "GitLab tokens", "slack": "Slack tokens and webhooks",
    "google": "Google API keys and OAuth secrets", "private_key": "private keys", "jwt": "JSON Web Tokens",
    "url_password": "passwords in URLs", "keyword_entropy": "random-looking values next to words like token or secret",
    "email": "email addresses (team mailboxes are fine)", "phone": "phone numbers (published team lines are fine)",
    "payment_card": "payment card numbers", "iban": "bank account numbers (IBAN)",
    "national_id": "national identity numbers",
}
_SCOPES = {"prose": "text", "headings": "headings", "link_text": "link text", "link_target": "link targets",
           "code_span": "inline code", "code_block": "code blocks", "html": "HTML", "front_matter": "front matter"}


@dataclass(frozen=True)
class FieldView:
    name: str
    kind: str
    required: bool
    constraints: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class RuleView:
    id: str
    level: str
    description: str
    message: str
    fix: str
    scopes: str
    examples: tuple[str, ...]
    markers: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionView:
    title: str
    rules: tuple[RuleView, ...]


def _field(spec: FieldSpec) -> FieldView:
    constraints = []
    if spec.values:
        constraints.append("one of: " + ", ".join(spec.values))
    if spec.pattern is not None:
        constraints.append(f"matches {spec.pattern.pattern}")
    if spec.max_age_days:
        constraints.append(f"reviewed within {spec.max_age_days} days (older is a warning)")
    return FieldView(spec.name, _FIELD_TYPES[spec.type], spec.required, tuple(constraints), spec.description)


def _rule(rule: Rule) -> RuleView:
    examples: list[str] = []
    if rule.type == "brand":
        examples = [f"{t.term}" + (f" (not {', '.join(t.wrong)})" if t.wrong else "") for t in rule.terms]
    elif rule.phrases:
        examples = [p.text + (f" — {p.fix}" if p.fix else "") for p in rule.phrases]
    elif rule.type == "secrets":
        examples = [_KINDS[k] for k in rule.options["detectors"]]
    elif rule.type == "personal-data":
        examples = [_KINDS[k] for k in rule.options["kinds"]]
    everything = set(RULE_TYPES["secrets"][1]) <= set(rule.scopes)
    scopes = "everything, code included" if everything else ", ".join(_SCOPES.get(s, s) for s in rule.scopes)
    return RuleView(rule.id, rule.level.value, rule.description, rule.message or "", rule.fix or "", scopes,
                    tuple(examples), tuple(rule.options.get("markers", ())),
                    tuple(rule.options.get("exception_texts", ())))


def render_page(policy: Policy, custom_dir: str | None = None) -> str:
    sections = []
    for rtype, title in _TYPE_TITLES.items():
        rules = tuple(_rule(r) for r in policy.rules if r.type == rtype)
        if rules:
            sections.append(SectionView(title, rules))
    return templating.render(
        "guidelines/page.md.j2", custom_dir,
        title=policy.title, introduction=policy.introduction, topics=policy.topics,
        allowed_tags=policy.allowed_tags, fields=tuple(_field(f) for f in policy.fields),
        sections=tuple(sections), exceptions=policy.exceptions, contributors_dir=policy.contributors_dir,
    )

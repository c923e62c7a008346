"""Secrets: provider tokens (validated by prefix, charset and length), private keys, JWTs,
passwords in URLs, and high-entropy values assigned to words like ``token`` or ``secret``."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..document import Document
from ..findings import Match
from ..policy import Rule
from .base import Context, Taken, entropy, in_scope

# Obvious placeholders and the example keys providers publish in their own documentation. Searched
# in the value lowercased: a case-insensitive search is twice as slow.
_PLACEHOLDER = re.compile(
    r"example|your[_-]|xxxx|<[^>]*>|\$\{|\{\{|\$[a-z_]{3,}|redacted|dummy|fake|sample|placeholder|changeme|"
    r"replace[_-]?me|insert[_-]|0{6}|(.)\1{5,}|\.\.\.|\*\*\*|^(?:password|passwd|pass|pwd|secret|token|pw)$")
_DOCUMENTED = frozenset({
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",  # GitHub docs
    "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",  # Slack docs
})
_KEYWORD = (r"(?:api[_-]?key|api[_-]?token|access[_-]?token|auth[_-]?token|secret[_-]?key|client[_-]?secret|"
            r"private[_-]?token|token|secret|password|passwd|pwd)")


@dataclass(frozen=True)
class _Kind:
    kind: str
    label: str
    regex: re.Pattern[str]
    group: int = 0
    check: Callable[[str, str, int], bool] | None = None  # (value, text, end) -> real secret?
    min_entropy: float = 3.0


_BODY = re.compile(r"(?:\s*[A-Za-z0-9+/=]{20,})*")


def _private_key_body(value: str, text: str, end: int) -> bool:
    return re.search(r"[A-Za-z0-9+/=]{40,}", text[end:end + 400]) is not None


def _jwt(value: str, text: str, end: int) -> bool:
    try:
        parts = [json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))) for p in value.split(".")[:2]]
    except (ValueError, UnicodeDecodeError):
        return False
    return all(isinstance(p, dict) for p in parts) and "alg" in parts[0]


def _high_entropy(value: str, text: str, end: int) -> bool:
    classes = sum(bool(re.search(c, value)) for c in (r"[a-z]", r"[A-Z]", r"\d"))
    return classes >= 2 and entropy(value) >= 3.5 and not re.fullmatch(r"[a-z]+(?:[-_.][a-z]+)*", value)


KINDS: tuple[_Kind, ...] = (
    _Kind("aws", "AWS access key ID", re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b")),
    _Kind("aws", "AWS secret access key", re.compile(
        r"(?i)aws.{0,20}?(?:secret|key).{0,20}?[=:]\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"), 1,
        _high_entropy),
    _Kind("github", "GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b")),
    _Kind("github", "GitHub fine-grained token", re.compile(r"\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b")),
    _Kind("gitlab", "GitLab token", re.compile(r"\bgl(?:pat|dt|rt|cbt|ptt|ft|oas)-[A-Za-z0-9_\-]{20,}")),
    _Kind("slack", "Slack token", re.compile(r"\bxox[abposr]-[0-9A-Za-z]+(?:-[0-9A-Za-z]+){1,4}\b")),
    _Kind("slack", "Slack webhook URL", re.compile(
        r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}")),
    _Kind("google", "Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}(?![0-9A-Za-z_\-])")),
    _Kind("google", "Google OAuth client secret", re.compile(r"\bGOCSPX-[A-Za-z0-9_\-]{28}(?![A-Za-z0-9_\-])")),
    _Kind("google", "Google OAuth access token", re.compile(r"\bya29\.[0-9A-Za-z_\-]{30,}")),
    _Kind("private_key", "private key block", re.compile(
        r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"), 0,
        _private_key_body, 0.0),
    _Kind("jwt", "JSON Web Token", re.compile(
        r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}"), 0, _jwt),
    _Kind("url_password", "password in a URL", re.compile(
        r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s/:@'\"<>()\[\]]+:([^\s/@'\"<>()\[\]]+)@[\w.-]+"), 1, None, 0.0),
    _Kind("keyword_entropy", "high-entropy secret value", re.compile(
        r"(?i)\b" + _KEYWORD + r"\b[\"']?\s*(?:[:=]|=>|\bis\b)\s*[\"'`]?([A-Za-z0-9/+_\-.~=]{16,})"), 1,
        _high_entropy),
)


# What a token starts with that names its kind and is not secret: shown before the mask.
_PUBLIC_PREFIX = re.compile(r"gh[pousr]_|github_pat_|gl(?:pat|dt|rt|cbt|ptt|ft|oas)-|xox[abposr]-|AIza|GOCSPX-|"
                            r"ya29\.|AKIA|ASIA|ABIA|ACCA|https://hooks\.slack\.com/services/|-----BEGIN [A-Z ]+-----")
_KEY_END = re.compile(r"-----END [A-Z ]*PRIVATE KEY[A-Z ]*-----")

# Lowercase substrings one of which every hit of a kind contains: a page without any is skipped fast.
_HINTS = {
    "AWS access key ID": ("akia", "asia", "abia", "acca"), "AWS secret access key": ("aws",),
    "GitHub token": ("gh",), "GitHub fine-grained token": ("github_pat_",),
    "GitLab token": ("glpat-", "gldt-", "glrt-", "glcbt-", "glptt-", "glft-", "gloas-"),
    "Slack token": ("xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-"), "Slack webhook URL": ("hooks.slack.com",),
    "Google API key": ("aiza",), "Google OAuth client secret": ("gocspx-",), "Google OAuth access token": ("ya29.",),
    "private key block": ("private key",), "JSON Web Token": (".eyj",), "password in a URL": ("://",),
    "high-entropy secret value": ("token", "secret", "key", "passw", "pwd"),
}


class SecretsDetector:
    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        enabled = set(rule.options["detectors"])
        self.kinds = tuple(k for k in KINDS if k.kind in enabled)
        self.placeholders: tuple[re.Pattern[str], ...] = rule.options["placeholders"]

    def is_placeholder(self, value: str) -> bool:
        return (value in _DOCUMENTED or _PLACEHOLDER.search(value.lower()) is not None
                or any(p.search(value) for p in self.placeholders))

    def find(self, doc: Document, ctx: Context) -> Iterator[Match]:
        text = doc.text
        lower = text.lower()
        taken = Taken()
        detail = self.rule.message or "remove it from the page, revoke it, and keep it in the secrets manager"
        for kind in self.kinds:
            if not any(h in lower for h in _HINTS[kind.label]):
                continue
            taken.next_kind()
            for m in kind.regex.finditer(text):
                start, end = m.span(kind.group)
                value = m.group(kind.group)
                if taken.overlaps(start, end):
                    continue  # already reported by a more specific detector
                if kind.kind != "private_key" and self.is_placeholder(value):
                    continue
                if kind.check is not None and not kind.check(value, text, m.end()):
                    continue
                if kind.min_entropy and entropy(value) < kind.min_entropy:
                    continue
                if kind.kind == "private_key":  # the key is the body after the header, up to its END line
                    close = _KEY_END.search(text, end, end + 20_000) or _BODY.match(text, end)
                    end = close.end() if close else end
                taken.claim(start, end)
                public = _PUBLIC_PREFIX.match(value)
                yield Match(start, end, f"{kind.label} found: {detail}", self.rule.fix, key=value, sensitive=True,
                            keep=public.end() if public else 0, report=in_scope(doc, self.rule.scopes, start))

"""Secrets: flagged at the exact line, placeholders and documented examples not flagged."""

from __future__ import annotations

import base64
import json

import pytest

# Built at run time so this file itself does not look like it leaks anything.
GH = "gh" + "p_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
AWS_ID = "AK" + "IA" + "Z7Q3VX2M4N6P7R5T"
GITLAB = "gl" + "pat-" + "x7Yq2Lm9Np4Rs8Tv1Wz3"
SLACK = "xo" + "xb-" + "2049581723-4817265039-Zk8Qx2Lm7Np3Rv9Tw4Yc6Hj"
GOOGLE = "AI" + "za" + "SyD3k9Lm2Np7Qr4St8Uv1Wx6Yz0Ab5Cd3Ef"


def _jwt() -> str:
    def enc(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc({'sub': '1234567890', 'name': 'Ada'})}.Sfl4KxwRJSMeKKF2QT4fwpMeJf36POk6yJV"


PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0"


@pytest.mark.parametrize("body, line", [
    (f"Use this token: {GH}\n", 8),
    (f"Intro\n\n```\nexport AWS_ACCESS_KEY_ID={AWS_ID}\n```\n", 11),
    (f"Deploy token `{GITLAB}` here.\n", 8),
    (f"Bot: {SLACK}\n", 8),
    (f"Maps key {GOOGLE}\n", 8),
    (f"Header: Bearer {_jwt()}\n", 8),
    (f"Key:\n\n```\n-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----\n```\n", 11),
    ("Connect with postgres://app:S3cr3tPa55w0rd@db.internal:5432/app\n", 8),
    ("config:\n\n    client_secret = 9fKq2LmZ8xR4vT7wN3bY6cH1jP5sD0gA\n", 10),
])
def test_flags_secret_at_exact_line(flags, body: str, line: int) -> None:
    assert flags(body) == [(line, "no-secrets")]


@pytest.mark.parametrize("body", [
    "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",  # AWS's documented example
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    "Set `GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` first.\n",
    "api_key: YOUR_API_KEY\n",
    "token: <token>\n",
    "Connect with postgres://user:password@localhost/db or postgres://app:${DB_PASSWORD}@db/app\n",
    "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",  # a documented shape, no key
    "The secret is that nobody reads documentation, token economies and password-reset-flows.\n",
    "A JWT looks like eyJhbGciOi.eyJzdWIiOi.signature but this one is cut short.\n",
    "commit 3f9a2b7c1d4e5f60718293a4b5c6d7e8f9a0b1c2 is where it changed\n",  # a sha, no keyword
])
def test_does_not_flag_placeholders(flags, body: str) -> None:
    assert flags(body) == []


def test_secret_is_redacted_in_text_output(kb) -> None:
    kb.page("docs/engineering/p.md", f"Use this token: {GH}\n")
    result = kb.lint("docs/engineering/p.md")
    assert result.code == 1
    assert GH not in result.out and GH[:4] in result.out
    assert result.lines() == ["docs/engineering/p.md:8:17 error no-secrets GitHub token found: remove it, revoke it "
                              "now (it is in the git history), and keep it in the secrets manager"]

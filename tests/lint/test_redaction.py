"""No output repeats what the lint protects: every format, message, excerpt, report file and audit
listing is searched for every sensitive value of the fixture pages, in every form it could take."""

from __future__ import annotations

import json
import re

import pytest

# Built at run time so this file itself does not look like it leaks anything.
GH = "gh" + "p_" + "Q9w8E7r6T5y4U3i2O1p0A9s8D7f6G5h4J3k2"
AWS_ID = "AK" + "IA" + "Z7Q3VX2M4N6P7R5T"
PEM = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0"
PASSWORD = "Tr0ub4dor3xHorse"
EMAIL = "priya.raman@gmail.com"
LINKED = "jo.bloggs@outlook.com"
MOBILE = "+44 7911 123456"
FICTION = "07700 900461"  # Ofcom's drama range: not a finding by default, but never shown either
SSN = "536-22-1234"
ITIN = "912-73-4567"
CARD = "4539 1488 0343 6467"
IBAN = "DE44 5001 0517 5407 3249 31"
SALARY = "salary of $182,500"

SECRETS = [GH, AWS_ID, PEM, PASSWORD]
PERSONAL = [EMAIL, LINKED, MOBILE, FICTION, SSN, ITIN, CARD, IBAN, SALARY]

POLICY_EXTRA = """
  - id: no-salaries
    type: custom
    sensitive: true
    message: pay is confidential to HR; link to the salary bands page instead
    patterns: ['salary of \\$?[0-9][0-9,]*[0-9]']
"""

PAGE = f"""---
title: Team notes
topic: engineering
owner: {EMAIL}
ticket: call {FICTION}
last_reviewed: 2025-05-01
---
# Team notes

Ask {EMAIL} or [{LINKED}](mailto:{LINKED}), uptime guaranteed.
Call {MOBILE} or {FICTION}, results guaranteed on Github.
Token {GH} and key {AWS_ID}, never fails.
Offer: {SALARY}, guaranteed.
SSN {SSN}, ITIN {ITIN}, card {CARD}, IBAN {IBAN}: all guaranteed.

Connect with postgres://app:{PASSWORD}@db.internal:5432/app on Github.

```
-----BEGIN RSA PRIVATE KEY-----
{PEM}
-----END RSA PRIVATE KEY-----
```

<!-- guideline-ignore no-personal-data: the press line {MOBILE}, published on the website -->
Press: {MOBILE}
"""


def _forms(value: str) -> list[str]:
    """Every way a value could leak: as written, without separators, its local part, and for a secret
    any 8 characters of it after the public prefix."""
    forms = {value, re.sub(r"[\s-]", "", value), re.sub(r"\D", "", value)}
    if "@" in value:
        forms.add(value.split("@")[0])
    if value in SECRETS:
        body = re.sub(r"^(?:gh[a-z]_|AKIA)", "", value)
        forms.update(body[i:i + 8] for i in range(len(body) - 7))
    return sorted(f for f in forms if len(f) >= 6)


@pytest.fixture
def leaky(kb):
    policy = kb.root / "guidelines.yml"
    text = policy.read_text().replace("\nexceptions:", POLICY_EXTRA + "\nexceptions:")
    text = text.replace("  last_reviewed:\n", "  ticket:\n    type: string\n    pattern: 'KB-[0-9]+'\n  last_reviewed:\n", 1)
    policy.write_text(text)
    kb.write("docs/engineering/notes.md", PAGE)
    return kb


def _assert_clean(out: str) -> None:
    for value in SECRETS + PERSONAL:
        for form in _forms(value):
            assert form not in out, f"{form!r} (from {value!r}) is in the output"


def test_every_sensitive_value_is_found(leaky) -> None:
    """The fixture is a real test: each value is detected (or masked), so the outputs have them to hide."""
    hits = leaky.lint("docs").hits()
    rules = [rule for _path, _line, rule in hits]
    assert rules.count("no-secrets") == 4
    # Line 10 shows each address once (the linked one is its text and its target); the comment on line 24
    # repeats the press line, which only the block after it may show.
    assert [line for _path, line, rule in hits if rule == "no-personal-data"] == [4, 10, 10, 11, 14, 14, 14, 14, 24]
    assert rules.count("no-salaries") == 1
    assert ("docs/engineering/notes.md", 4, "front-matter") in hits and ("docs/engineering/notes.md", 5, "front-matter") in hits


@pytest.mark.parametrize("fmt", ["text", "github", "gitlab", "sarif", "json"])
def test_output_format_repeats_no_sensitive_value(leaky, fmt: str) -> None:
    result = leaky.lint("--format", fmt, "docs")
    assert result.code == 1
    assert "guaranteed" in result.out  # the report is complete: other findings on those lines are shown
    _assert_clean(result.out + result.err)


def test_report_files_repeat_no_sensitive_value(leaky) -> None:
    leaky.lint("--report", "gitlab:out/cq.json", "--report", "sarif:out/x.sarif", "--report", "json:out/x.json",
               "--report", "github:out/gh.txt", "--report", "text:out/t.txt", "docs")
    for path in sorted((leaky.root / "out").iterdir()):
        _assert_clean(path.read_text())


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_suppression_listing_repeats_no_sensitive_value(leaky, fmt: str) -> None:
    out = leaky.lint("--list-suppressions", "--format", fmt, "docs").out
    assert "the press line" in out and "published on the website" in out
    _assert_clean(out)


def test_messages_and_excerpts_mask_but_keep_the_context(leaky) -> None:
    findings = json.loads(leaky.lint("--format", "json", "docs").out)["findings"]
    by_line = {(f["line"], f["rule"]): f for f in findings}
    owner = by_line[(4, "front-matter")]
    assert owner["message"] == ("`owner` '************' is not a known contributor; use the name of a file in "
                                "contributors/ (without .yml)")
    assert by_line[(5, "front-matter")]["message"] == "`ticket` 'call ************' does not match the pattern KB-[0-9]+"
    salary = by_line[(13, "no-salaries")]
    assert salary["message"] == "pay is confidential to HR; link to the salary bands page instead"
    assert by_line[(13, "forbidden-claim")]["excerpt"] == "Offer: ************, guaranteed."
    assert by_line[(11, "forbidden-claim")]["excerpt"] == "Call ************ or ************, results guaranteed on Github."
    assert by_line[(12, "no-secrets")]["excerpt"] == "Token ghp_************ and key AKIA************, never fails."


def test_text_caret_points_at_the_finding_after_masks(leaky) -> None:
    out = leaky.lint("docs").out.splitlines()
    i = out.index(next(ln for ln in out if ln.startswith("docs/engineering/notes.md:11:") and "forbidden-claim" in ln))
    excerpt, caret = out[i + 1], out[i + 2]
    assert excerpt[caret.index("^"):].startswith("guaranteed")


def test_a_match_out_of_the_rule_scopes_is_still_masked(kb) -> None:
    policy = kb.root / "guidelines.yml"
    policy.write_text(policy.read_text().replace("    national_id_countries: [US, GB, NL, ES, FR]\n",
                                                 "    national_id_countries: [US, GB, NL, ES, FR]\n    scopes: [prose]\n"))
    kb.page("docs/engineering/p.md", f"Run `notify {EMAIL}`, it is guaranteed.\n")
    findings = json.loads(kb.lint("--format", "json", "docs").out)["findings"]
    assert [(f["rule"], f["excerpt"]) for f in findings] == [
        ("forbidden-claim", "Run `notify ************`, it is guaranteed.")]

"""Personal data: validated matches flagged at the exact line; allowlisted and look-alike values not."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("body, line", [
    ("Ask jane.doe@gmail.com for access.\n", 8),
    ("Intro\n\nCall her on +44 7911 123456 after nine.\n", 10),
    ("US office: (415) 555-2671\n", 8),
    ("Paris: 01 42 68 53 00\n", 8),
    ("Card on file: 4539 1488 0343 6467\n", 8),
    ("Refunds go to DE44 5001 0517 5407 3249 31.\n", 8),
    ("SSN 536-22-1234 on the form\n", 8),
    ("NINO: AB 12 34 56 C\n", 8),
    ("Her BSN is 111222333.\n", 8),
    ("DNI 12345678Z\n", 8),
    ("- item\n- NIR 2 55 08 14 168 025 38\n", 9),
    ("```\nSELECT * FROM users WHERE email = 'bob@hotmail.com';\n```\n", 9),  # code too
])
def test_flags_personal_data_at_exact_line(flags, body: str, line: int) -> None:
    assert flags(body) == [(line, "no-personal-data")]


@pytest.mark.parametrize("body", [
    "Write to help@committed.example or security@committed.example.\n",  # team mailboxes
    "Example: jane@example.com, bob@test.example, ops@corp.test\n",  # placeholder domains
    "Clone git@github.com:acme/kb.git and open logo@2x.png\n",
    "Released 2024-01-15 at 10:30; version 1.2.3; host 10.0.0.1; build 20240115103000\n",
    "Call 555-0142 or (555) 555-0199, the numbers used in films.\n",
    "Test cards: 4242 4242 4242 4242 and 4111-1111-1111-1111 work in the sandbox.\n",
    "Order 4539 1488 0343 6468 failed the Luhn check.\n",
    "IBAN shape: GB82 WEST 1234 5698 7654 32 (the bank's own example), DE44 5001 0517 5407 3249 32.\n",
    "SSN 000-12-3456 and 123-45-6789 are invalid or placeholders.\n",
    "Ticket 111222333 is fixed.\n",  # a BSN-valid number, but no BSN keyword near it
    "DNI 12345678A has the wrong letter.\n",
])
def test_does_not_flag_lookalikes(flags, body: str) -> None:
    assert flags(body) == []


def test_allowed_phone_lines_and_domains_from_policy(kb) -> None:
    policy = kb.root / "guidelines.yml"
    policy.write_text(policy.read_text().replace("allowed_phones: []", 'allowed_phones: ["+44 20 7946 1234"]')
                      .replace("allowed_domains: []", "allowed_domains: [acme.io]"))
    kb.page("docs/customer-support/help.md", "Help desk: +44 20 7946 1234, or mail anyone@acme.io.\n\n"
                                             "Not this one: +44 20 7946 9999\n")
    assert kb.lint("docs").hits() == [("docs/customer-support/help.md", 10, "no-personal-data")]


def test_personal_data_redacted_in_every_format(kb) -> None:
    kb.page("docs/engineering/p.md", "Card 4539 1488 0343 6467 and mail jane.doe@gmail.com\n")
    for fmt in ("text", "github", "gitlab", "sarif", "json"):
        out = kb.lint("--format", fmt, "docs").out
        assert "4539 1488 0343 6467" not in out and "4539148803436467" not in out, fmt
        assert "jane.doe@gmail.com" not in out, fmt


def _personal_policy(kb, extra: str) -> None:
    policy = kb.root / "guidelines.yml"
    policy.write_text(policy.read_text().replace("    allowed_phones: []\n", extra))


FICTION = "Drama lines: 07700 900461, +44 20 7946 0123 and (212) 555-0142.\n"


def test_fictional_numbers_are_fiction_by_default(flags) -> None:
    assert flags(FICTION) == []


def test_fictional_numbers_false_reports_them(kb) -> None:
    _personal_policy(kb, "    allowed_phones: []\n    fictional_numbers: false\n")
    kb.page("docs/engineering/p.md", FICTION)
    assert [rule for _p, _l, rule in kb.lint("docs").hits()] == ["no-personal-data"] * 3


@pytest.mark.parametrize("written, allowed", [
    ("+44 20 7946 1234", True),
    ("+442079461234", True),
    ("020 7946 1234", True),  # its national form
    ("0044 20 7946 1234", True),
    ("+1 20 7946 1234", False),  # same last digits, another country: not the team line
    ("+44 20 7946 1235", False),
    ("+33 1 20 79 46 12 34", False),
])
def test_allowed_phones_are_exact(kb, written: str, allowed: bool) -> None:
    _personal_policy(kb, '    allowed_phones: ["+44 20 7946 1234"]\n')
    kb.page("docs/engineering/p.md", f"Team line: {written}\n")
    assert kb.lint("docs").hits() == ([] if allowed else [("docs/engineering/p.md", 8, "no-personal-data")])


def test_allowed_phone_in_a_fiction_range_with_fiction_off(kb) -> None:
    _personal_policy(kb, '    allowed_phones: ["07700 900461"]\n    fictional_numbers: false\n')
    kb.page("docs/engineering/p.md", "Desk: 07700 900461. Her mobile: 07700 900777.\n")
    assert kb.lint("docs").hits() == [("docs/engineering/p.md", 8, "no-personal-data")]


def test_allowed_phones_must_be_numbers(kb) -> None:
    _personal_policy(kb, '    allowed_phones: ["the help desk"]\n')
    result = kb.lint("docs")
    assert result.code == 2
    assert "rules[1].allowed_phones[0]: 'the help desk' is not a phone number" in result.err


@pytest.mark.parametrize("body, label", [
    ("ITIN 912-73-4567 on the W-7\n", "US taxpayer identification number (ITIN)"),
    ("ITIN 987-94-1234\n", "US taxpayer identification number (ITIN)"),
    ("SSN 536-22-1234\n", "US Social Security number"),
])
def test_us_taxpayer_numbers(kb, body: str, label: str) -> None:
    kb.page("docs/engineering/p.md", body)
    assert [ln.split(" ", 3)[3] for ln in kb.lint("docs").lines()] == [
        f"{label} found: personal data must not be written in the knowledge base"]


@pytest.mark.parametrize("body", ["Ref 912-45-6789\n", "Ref 999-93-1234\n", "Ref 900-70-0000x\n"])
def test_nine_hundred_numbers_outside_the_itin_groups(flags, body: str) -> None:
    assert flags(body) == []

"""Fingerprints: stable when lines move, independent of the value they are about (nothing to brute-force);
and one finding per value per line, whatever Markdown it is written in."""

from __future__ import annotations

import json

import pytest


def _findings(kb, body: str) -> list[dict[str, object]]:
    kb.page("docs/engineering/p.md", body)
    return json.loads(kb.lint("--format", "json", "docs").out)["findings"]


def test_a_sensitive_fingerprint_does_not_depend_on_the_value(kb) -> None:
    """Two different mobiles on the same line text give the same fingerprint: trying every number
    against a published report can recover nothing."""
    one = _findings(kb, "Call +44 7911 123456 today.\n")
    other = _findings(kb, "Call +44 7911 654321 today.\n")
    assert [f["rule"] for f in one] == [f["rule"] for f in other] == ["no-personal-data"]
    assert one[0]["fingerprint"] == other[0]["fingerprint"]


def test_fingerprints_survive_moves_and_change_with_their_line(kb) -> None:
    before = _findings(kb, "Call +44 7911 123456 today, guaranteed.\n")
    moved = _findings(kb, "# A new title\n\nA new paragraph.\n\nCall   +44 7911 123456 today, guaranteed.\n")
    edited = _findings(kb, "Call +44 7911 123456 tomorrow, guaranteed.\n")
    assert [f["line"] for f in moved] == [12, 12]
    assert [f["fingerprint"] for f in before] == [f["fingerprint"] for f in moved]
    assert not {f["fingerprint"] for f in before} & {f["fingerprint"] for f in edited}


def test_repeated_lines_get_distinct_fingerprints(kb) -> None:
    found = _findings(kb, "Results guaranteed.\n\nResults guaranteed.\n\nCall +44 7911 123456 or +44 7911 654321.\n")
    assert len({f["fingerprint"] for f in found}) == len(found) == 4


@pytest.mark.parametrize("body, expected", [
    ("Write to [ann.lee@gmail.com](mailto:ann.lee@gmail.com).\n", 1),
    ("<a href=\"mailto:ann.lee@gmail.com\">ann.lee@gmail.com</a>\n", 1),
    ("[Ann.Lee@gmail.com](mailto:ann.lee@gmail.com?subject=Hi) and <ann.lee@gmail.com>\n", 1),
    ("Ann: ann.lee@gmail.com\nAnn again: ann.lee@gmail.com\n", 2),  # two lines: two findings
    ("Ann: ann.lee@gmail.com, Bob: bob.ray@gmail.com\n", 2),  # two values
    ("Call [+44 7911 123456](tel:+447911123456).\n", 1),
])
def test_one_finding_per_value_per_line(flags, body: str, expected: int) -> None:
    assert [rule for _line, rule in flags(body)] == ["no-personal-data"] * expected


def test_the_same_phrase_twice_on_a_line_is_one_finding(flags) -> None:
    assert flags("Guaranteed delivery, guaranteed returns.\n") == [(8, "forbidden-claim")]

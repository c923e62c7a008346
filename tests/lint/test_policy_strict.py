"""A policy or a front matter that says one thing twice is an error at the second key, never a silent override."""

from __future__ import annotations

import pytest

AWS_ID = "AK" + "IA" + "Z7Q3VX2M4N6P7R5T"


def _err(kb, text: str) -> tuple[int, str]:
    (kb.root / "guidelines.yml").write_text(text)
    result = kb.lint("docs")
    return result.code, result.err


def test_a_second_rules_key_is_an_error_not_a_replacement(kb) -> None:
    policy = (kb.root / "guidelines.yml").read_text()
    # Appended after everything: a second `rules:` that would silently drop every rule above it.
    second = policy.count("\n") + 2
    text = policy + "\nrules:\n  - {id: only-this, type: claims, phrases: [synergy]}\n"
    kb.page("docs/engineering/p.md", f"Key {AWS_ID}, and this is confidential.\n")
    code, err = _err(kb, text)
    first = policy.splitlines().index("rules:") + 1
    assert code == 2
    assert err.startswith(f"committed lint: error: {kb.root / 'guidelines.yml'}:{second}: duplicate key `rules` "
                          f"(first at line {first}); a second one would silently replace the first")


@pytest.mark.parametrize("text, line, key, first", [
    ("version: 1\ntopics: [a]\ntopics: [b]\n", 3, "topics", 2),
    ("version: 1\ntopics: [a]\nrules:\n  - id: x\n    type: claims\n    phrases: [p]\n    level: error\n    level: warning\n",
     8, "level", 7),
    ("version: 1\ntopics: [a]\nfront_matter:\n  title: {type: string, type: date}\n", 4, "type", 4),
])
def test_duplicate_keys_anywhere_name_the_second_line(kb, text: str, line: int, key: str, first: int) -> None:
    code, err = _err(kb, text)
    assert code == 2
    assert f"guidelines.yml:{line}: duplicate key `{key}` (first at line {first})" in err


def test_merge_keys_may_be_overridden(kb) -> None:
    text = ("version: 1\ntopics: [engineering]\nrules:\n  - <<: {type: claims, level: warning}\n"
            "    id: x\n    level: error\n    phrases: [synergy]\n")
    (kb.root / "guidelines.yml").write_text(text)
    kb.page("docs/engineering/p.md", "Pure synergy.\n")
    result = kb.lint("docs")
    assert (result.code, result.hits()) == (1, [("docs/engineering/p.md", 8, "x")])


def test_version_is_required(kb) -> None:
    code, err = _err(kb, "topics: [a]\n")
    assert code == 2
    assert err == (f"committed lint: error: {kb.root / 'guidelines.yml'}:1: version: missing: the policy must say "
                   "which schema version it is written for\n  How to fix: Add `version: 1` as the first line.\n")


def test_duplicate_front_matter_key_is_a_finding_at_the_second(kb) -> None:
    kb.write("docs/engineering/p.md", "---\ntitle: T\ntopic: engineering\nowner: ada\nlast_reviewed: 2025-05-01\n"
                                      "topic: secret-plans\n---\nBody\n")
    result = kb.lint("docs")
    assert result.code == 1
    assert result.lines() == [
        "docs/engineering/p.md:6:1 error front-matter front matter has a duplicate key `topic` (first at line 3); "
        "a second one would silently replace the first: keep one and merge their contents"]

"""Front matter: present, parseable, required fields with valid values, at the line of the problem."""

from __future__ import annotations

import json

import pytest

GOOD = "title: T\ntopic: engineering\nowner: ada\nlast_reviewed: 2025-05-01\n"


def _msgs(kb, text: str) -> list[str]:
    kb.write("docs/engineering/p.md", text)
    return kb.lint("docs").lines()


def test_valid_page_is_clean(kb) -> None:
    kb.page("docs/engineering/p.md", "# Hello\n", front=GOOD + "tags: [a, b]\n")
    result = kb.lint("docs")
    assert (result.code, result.lines()) == (0, [])


@pytest.mark.parametrize("text, expected", [
    ("# No front matter\n", "docs/engineering/p.md:1:1 error front-matter page has no front matter; start it with a `---` block"),
    ("", "docs/engineering/p.md:1:1 error front-matter page has no front matter; start it with a `---` block"),
    ("---\ntitle: T\n# never closed\n", "docs/engineering/p.md:1:1 error front-matter front matter starts at line 1 but is never closed with `---`"),
    ("---\ntitle: T\ntopic: [engineering\nowner: ada\n---\n",
     "docs/engineering/p.md:4:1 error front-matter front matter is not valid YAML: while parsing a flow sequence, "
     "did not find expected ',' or ']'"),
    ("---\n- a\n- b\n---\n", "docs/engineering/p.md:2:1 error front-matter front matter must be a mapping of `key: value` lines"),
])
def test_broken_front_matter(kb, text: str, expected: str) -> None:
    assert _msgs(kb, text) == [expected]


def test_field_errors_at_their_lines(kb) -> None:
    text = "---\nTitle: T\ntopic: marketing\nowner: bob\nlast_reviewed: 2025-13-01\ntags: oops\n---\n"
    assert _msgs(kb, text) == [
        "docs/engineering/p.md:2:1 error front-matter front matter key `Title` should be `title` (keys are case-sensitive)",
        "docs/engineering/p.md:3:8 error off-topic `topic` 'marketing' is not an approved topic: this knowledge base "
        "covers the approved topics only; propose a new one in guidelines.yml first",
        "docs/engineering/p.md:4:8 error front-matter `owner` 'bob' is not a known contributor; use the name of a file "
        "in contributors/ (without .yml)",
        "docs/engineering/p.md:5:16 error front-matter `last_reviewed` must be a date written YYYY-MM-DD",
        "docs/engineering/p.md:6:7 error front-matter `tags` must be a list of strings, like [one, two]",
    ]


def test_missing_field_and_review_age(kb) -> None:
    text = "---\ntitle: T\ntopic: data\nlast_reviewed: 2023-01-02\n---\nBody\n"
    assert _msgs(kb, text) == [
        "docs/engineering/p.md:1:1 error front-matter front matter is missing required field `owner`",
        "docs/engineering/p.md:4:16 warning review-overdue `last_reviewed` 2023-01-02 is 881 days ago, over the "
        "365-day limit: review the page and update the date",
    ]


def test_team_constraint_and_pattern(kb) -> None:
    policy = kb.root / "guidelines.yml"
    policy.write_text(policy.read_text().replace(
        "  last_reviewed:\n", "  team:\n    type: team\n  ticket:\n    type: string\n    pattern: 'KB-[0-9]+'\n"
                              "  last_reviewed:\n", 1))
    text = "---\n" + GOOD + "team: platform\nticket: KB-12\n---\n"
    assert _msgs(kb, text) == []
    text = "---\n" + GOOD + "team: marketing\nticket: kb12\n---\n"
    assert _msgs(kb, text) == [
        "docs/engineering/p.md:6:7 error front-matter `team` 'marketing' is not a known team; teams: data-science, platform",
        "docs/engineering/p.md:7:9 error front-matter `ticket` 'kb12' does not match the pattern KB-[0-9]+",
    ]


def test_off_topic_pages_have_their_own_rule(kb) -> None:
    kb.write("docs/engineering/p.md", "---\ntitle: T\ntopic: marketing\nowner: ada\nlast_reviewed: 2025-05-01\n---\n")
    kb.write("docs/engineering/q.md", "---\ntitle: T\ntopic: gossip\nowner: ada\nlast_reviewed: 2025-05-01\n---\n")
    result = kb.lint("docs")
    assert result.lines() == [
        "docs/engineering/p.md:3:8 error off-topic `topic` 'marketing' is not an approved topic: this knowledge base "
        "covers the approved topics only; propose a new one in guidelines.yml first",
        "docs/engineering/q.md:3:8 error off-topic `topic` 'gossip' is not an approved topic: this knowledge base "
        "covers the approved topics only; propose a new one in guidelines.yml first",
    ]
    summary = json.loads(kb.lint("--format", "json", "docs").out)["summary"]
    assert summary["rules"] == {"off-topic": 2}


def test_the_policy_sets_the_level_and_message_of_off_topic_pages(kb) -> None:
    policy = kb.root / "guidelines.yml"
    text = policy.read_text()
    start = text.index("  - id: off-topic")
    end = text.index("  - id:", start + 1)
    policy.write_text(text[:start] + "  - id: topic-check\n    type: topic\n    level: warning\n"
                      "    fix: 'ask in #kb which topic fits'\n" + text[end:])
    kb.write("docs/engineering/p.md", "---\ntitle: T\ntopic: marketing\nowner: ada\nlast_reviewed: 2025-05-01\n---\n")
    result = kb.lint("docs")
    assert result.code == 0
    assert result.lines() == ["docs/engineering/p.md:3:8 warning topic-check `topic` 'marketing' is not an approved "
                              "topic; use one of: onboarding, engineering, security, data, product, sales, "
                              "customer-support, operations, people-and-culture, tools, committed"]
    assert "    fix: ask in #kb which topic fits" in result.out


def test_without_a_topic_rule_the_check_is_built_in(kb) -> None:
    (kb.root / "guidelines.yml").write_text("version: 1\ntopics: [data]\nfront_matter:\n  topic: {type: topic}\n")
    kb.write("docs/p.md", "---\ntopic: art\n---\n")
    assert kb.lint("docs").hits() == [("docs/p.md", 2, "off-topic")]

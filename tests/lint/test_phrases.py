"""Confidentiality markers, claims, brand terms and custom rules, each in its Markdown scope."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("body, hits", [
    ("# Plan\n\nInternal Only: ask the ops team.\n", [(10, "confidentiality-marker")]),
    ("## Roadmap (confidential)\n", [(8, "confidentiality-marker")]),
    ("Please do not\ndistribute this.\n", [(8, "confidentiality-marker")]),  # across a line break
    ("Uptime is guaranteed.\n", [(8, "forbidden-claim")]),
    ("We host on Github and Git Hub.\n", [(8, "brand-terms"), (8, "brand-terms")]),
    ("See [the Mkdocs docs](https://www.mkdocs.org/).\n", [(8, "brand-terms")]),  # link text
])
def test_flags_in_prose_headings_and_link_text(flags, body: str, hits: list[tuple[int, str]]) -> None:
    assert flags(body) == hits


@pytest.mark.parametrize("body", [
    "Run `confidential-check --github` first.\n",  # code span
    "```yaml\nlabel: internal only\nurl: github.com/acme\n```\n",  # code block
    "Clone from github.com/acme/kb or https://github.com/acme, see [GitHub](https://github.com/x).\n",
    "We write GitHub, GitLab, JavaScript and MkDocs correctly; mkdocs.yml is a file name.\n",
    "Confidentiality agreements are explained by HR; distribution lists are in the wiki.\n",
])
def test_does_not_flag_code_urls_or_correct_forms(flags, body: str) -> None:
    assert flags(body) == []


def test_text_output_has_message_excerpt_and_fix(kb) -> None:
    kb.page("docs/engineering/p.md", "Uptime is guaranteed.\n")
    result = kb.lint("docs")
    assert result.code == 0  # a warning only
    assert result.out.splitlines() == [
        'docs/engineering/p.md:8:11 warning forbidden-claim "guaranteed": avoid this claim: say what we actually '
        "commit to, and link to the source",
        "    | Uptime is guaranteed.",
        "    |           ^",
        "    fix: state what we commit to and link to the SLA",
        "0 errors, 1 warning, 0 suggestions in 1 page",
    ]


CUSTOM = """
  - id: no-jira-links
    type: custom
    level: warning
    message: link to the public tracker instead
    scopes: [link_target]
    patterns: ['jira\\.internal\\.example/\\S*']
  - id: no-sudo-rm
    type: custom
    scopes: [code_block, code_span]
    phrases: [rm -rf /]
  - id: no-draft-titles
    type: custom
    scopes: ["front_matter:title"]
    case_sensitive: true
    phrases: [{phrase: DRAFT, fix: finish the page or keep it in a branch}]
"""


def test_custom_rules_are_scoped(kb) -> None:
    policy = kb.root / "guidelines.yml"
    policy.write_text(policy.read_text().replace("\nexceptions:", CUSTOM + "\nexceptions:"))
    kb.page("docs/engineering/p.md", """
        See [the ticket](https://jira.internal.example/browse/KB-1) about jira.internal.example/x.

        Never type rm -rf / in prose, but:

        ```
        sudo rm -rf /
        ```
        """, front="title: DRAFT deploys, a Draft\ntopic: engineering\nowner: ada\nlast_reviewed: 2025-05-01\n")
    assert kb.lint("docs").hits() == [
        ("docs/engineering/p.md", 2, "no-draft-titles"),
        ("docs/engineering/p.md", 7, "no-jira-links"),
        ("docs/engineering/p.md", 12, "no-sudo-rm"),
    ]


@pytest.mark.parametrize("body, line", [
    ("CONFIDENTIAL\n\nThe plan.\n", 8),  # a banner line
    ("**Internal use only**\n", 8),
    ("> Strictly confidential. Ask legal.\n", 8),
    ("Company confidential - not for the press\n", 8),
    ("## Roadmap 2027 — Confidential\n", 8),  # a heading suffix
    ("# Pricing | internal only\n", 8),
    ("Numbers below [CONFIDENTIAL] are estimates.\n", 8),  # a bracketed tag
    ("Budget (Internal Only) for Q3.\n", 8),
    ('!!! warning "Confidential"\n    Ask before sharing.\n', 8),  # an admonition title
    ("??? confidential\n    Hidden.\n", 8),  # an admonition type
    ("Classification: Confidential\n", 8),
])
def test_confidentiality_markers_by_form(flags, body: str, line: int) -> None:
    assert flags(body) == [(line, "confidentiality-marker")]


@pytest.mark.parametrize("body", [
    "We run it on confidential computing hardware.\n",
    "The report was classified as confidential by the vendor, then published.\n",
    "Confidential computing keeps data encrypted in use.\n",  # at the start of a line, but a sentence
    "Keep this internal only if legal asks.\n",
    "```\nCONFIDENTIAL\n```\n",
    "Run `grep -r '[CONFIDENTIAL]'` to find old banners.\n",
])
def test_the_words_in_ordinary_prose_are_not_markers(flags, body: str) -> None:
    assert flags(body) == []


def test_classification_front_matter_field(kb) -> None:
    front = "title: T\ntopic: engineering\nowner: ada\nlast_reviewed: 2025-05-01\nclassification: {}\n"
    kb.page("docs/engineering/secret.md", "Text.\n", front=front.format("Confidential"))
    kb.page("docs/engineering/public.md", "Text.\n", front=front.format("public"))
    assert kb.lint("docs").hits() == [("docs/engineering/secret.md", 6, "confidentiality-marker")]


EXCEPTIONS = """
  - id: no-guarantees
    type: claims
    phrases: [guarantee]
    exceptions: [does not guarantee, {pattern: 'no\\s+guarantee'}]
"""


@pytest.mark.parametrize("body, hits", [
    ("Registering does not guarantee a seat.\n", []),
    ("There is no guarantee of a seat.\n", []),
    ("We guarantee a seat.\n", [(8, "no-guarantees")]),
    ("Registering does not guarantee a seat, but we guarantee a refund.\n", [(8, "no-guarantees")]),
    ("Delivery is not guaranteed.\n", []),  # the project policy's own exception on `guaranteed`
])
def test_exceptions_on_claim_rules(kb, body: str, hits: list[tuple[int, str]]) -> None:
    policy = kb.root / "guidelines.yml"
    policy.write_text(policy.read_text().replace("\nexceptions:", EXCEPTIONS + "\nexceptions:"))
    kb.page("docs/engineering/p.md", body)
    assert [(line, rule) for _p, line, rule in kb.lint("docs").hits()] == hits


def test_exceptions_must_be_phrases(kb) -> None:
    policy = kb.root / "guidelines.yml"
    policy.write_text(policy.read_text().replace("\nexceptions:", EXCEPTIONS.replace(
        "[does not guarantee, {pattern: 'no\\s+guarantee'}]", "[does not guarantee, 3]") + "\nexceptions:"))
    result = kb.lint("docs")
    assert result.code == 2
    assert "rules[7].exceptions[1]: expected a non-empty phrase or a mapping with `pattern`" in result.err

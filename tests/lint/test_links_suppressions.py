"""Internal links and anchors; inline and path-level exceptions; the suppression audit."""

from __future__ import annotations


def test_broken_links_and_anchors(kb) -> None:
    kb.page("docs/engineering/target.md", "# Target page\n\n## Deploy steps\n\n### Custom {#my-id}\n")
    kb.page("docs/engineering/p.md", """
        # Here

        [ok](target.md) [ok anchor](target.md#deploy-steps) [ok custom](target.md#my-id) [self](#here)
        [missing page](nope.md)
        [bad anchor](target.md#rollback)
        [bad self](#nowhere) [outside](../../../etc/passwd) [web](https://example.com/x.md) [mail](mailto:a@example.com)
        [generated](../contributing/guidelines.md) ![img](missing.png)
        """)
    result = kb.lint("docs/engineering/p.md")
    assert result.lines() == [
        "docs/engineering/p.md:11:16 error broken-link broken link: docs/engineering/nope.md does not exist",
        "docs/engineering/p.md:12:14 error broken-link broken anchor: #rollback is not a heading of docs/engineering/target.md",
        "docs/engineering/p.md:13:12 error broken-link broken anchor: #nowhere is not a heading of this page",
        "docs/engineering/p.md:13:32 error broken-link broken link: ../etc/passwd does not exist",
        "docs/engineering/p.md:14:51 error broken-link broken link: docs/engineering/missing.png does not exist",
    ]


def test_inline_suppression_covers_next_block_only(kb) -> None:
    kb.page("docs/engineering/p.md", """
        <!-- guideline-ignore forbidden-claim: quoting the vendor's contract verbatim -->
        The vendor says delivery is guaranteed,
        and guaranteed again on this line of the same paragraph.

        But guaranteed here is still flagged.
        """)
    result = kb.lint("docs")
    assert result.hits() == [("docs/engineering/p.md", 12, "forbidden-claim")]
    assert result.out.rstrip().endswith("0 errors, 1 warning, 0 suggestions in 1 page, 2 suppressed")


def test_suppression_without_reason_is_an_error_and_does_not_apply(kb) -> None:
    kb.page("docs/engineering/p.md", "<!-- guideline-ignore forbidden-claim -->\nIt is guaranteed.\n")
    result = kb.lint("docs")
    assert result.code == 1
    assert result.lines() == [
        "docs/engineering/p.md:8:1 error suppression-without-reason guideline-ignore forbidden-claim has no reason; "
        "write <!-- guideline-ignore forbidden-claim: why this is fine -->",
        'docs/engineering/p.md:9:7 warning forbidden-claim "guaranteed": avoid this claim: say what we actually '
        "commit to, and link to the source",
    ]


def test_start_end_ranges_unknown_rules_and_code_blocks(kb) -> None:
    kb.page("docs/engineering/p.md", """
        <!-- guideline-ignore-start confidentiality-marker, forbidden-claim: a quoted legal notice -->
        CONFIDENTIAL. Results guaranteed.

        Do not distribute.
        <!-- guideline-ignore-end confidentiality-marker, forbidden-claim -->
        <!-- guideline-ignore no-such-rule: typo -->
        Confidential.

        ```html
        <!-- guideline-ignore confidentiality-marker: inside code, only an example -->
        ```
        Internal only.
        """)
    assert kb.lint("docs").hits() == [
        ("docs/engineering/p.md", 13, "suppression-unknown-rule"),
        ("docs/engineering/p.md", 14, "confidentiality-marker"),
        ("docs/engineering/p.md", 19, "confidentiality-marker"),
    ]


def test_list_suppressions_for_audit(kb) -> None:
    kb.page("docs/engineering/a.md", "<!-- guideline-ignore forbidden-claim: quoting a contract -->\nguaranteed\n")
    kb.page("docs/security/b.md", "Text <!-- guideline-ignore no-personal-data, brand-terms: public press contact --> x\n")
    result = kb.lint("--list-suppressions", "docs")
    assert result.code == 0
    assert result.out.splitlines() == [
        "docs/engineering/a.md:8 forbidden-claim (lines 9-9): quoting a contract",
        "docs/security/b.md:8 no-personal-data, brand-terms (lines 8-8): public press contact",
        "2 inline exceptions",
    ]


def test_path_exceptions_from_policy(kb) -> None:
    policy = kb.root / "guidelines.yml"
    policy.write_text(policy.read_text() + """
  - paths: ["docs/legal/*"]
    rules: [confidentiality-marker]
    reason: legal notices quote contracts
""")
    kb.page("docs/legal/nda.md", "This agreement is [confidential].\n")
    kb.page("docs/engineering/p.md", "This plan is [confidential].\n")
    assert kb.lint("docs").hits() == [("docs/engineering/p.md", 8, "confidentiality-marker")]

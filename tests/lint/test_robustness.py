"""No page crashes the run: each problem is a finding, and the other pages are still linted."""

from __future__ import annotations


def test_unreadable_pages_are_findings_and_the_run_goes_on(kb) -> None:
    kb.write("docs/engineering/latin1.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    kb.write("docs/engineering/binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    kb.write("docs/engineering/empty.md", "")
    kb.write("docs/engineering/huge.md", "---\ntitle: x\n---\n" + "word " * 2_200_000)
    kb.page("docs/engineering/fine.md", "Uptime is guaranteed.\n")
    result = kb.lint("docs")
    assert result.code == 1
    assert result.lines() == [
        "docs/engineering/binary.md:1:1 error page-unreadable page is a binary file, not Markdown text; remove it or "
        "give it another extension",
        "docs/engineering/empty.md:1:1 error front-matter page has no front matter; start it with a `---` block",
        'docs/engineering/fine.md:8:11 warning forbidden-claim "guaranteed": avoid this claim: say what we actually '
        "commit to, and link to the source",
        "docs/engineering/huge.md:1:1 error page-unreadable page is 11.0 MB, over the 2.0 MB limit; split it into "
        "smaller pages",
        "docs/engineering/latin1.md:2:11 error page-unreadable page is not valid UTF-8 (byte 0xe9); save it as UTF-8",
    ]


def test_crlf_bom_and_odd_markdown(kb) -> None:
    text = ("\ufeff---\r\ntitle: T\r\ntopic: data\r\nowner: ada\r\nlast_reviewed: 2025-05-01\r\n---\r\n"
            "> - [unclosed link(\r\n> ```\r\n\r\n<div>\r\n\r\n|a|\r\n|-|\r\n|x [confidential]|\r\n")
    kb.write("docs/data/p.md", text.encode("utf-8"))
    assert kb.lint("docs").hits() == [("docs/data/p.md", 14, "confidentiality-marker")]


def test_pages_outside_the_policy_are_skipped(kb) -> None:
    kb.write("README.md", "confidential, no front matter\n")
    kb.write("docs/notes.txt", "confidential\n")
    result = kb.lint("README.md", "docs")
    assert (result.code, result.lines()) == (0, [])
    assert result.out == "0 errors, 0 warnings, 0 suggestions in 0 pages\n"

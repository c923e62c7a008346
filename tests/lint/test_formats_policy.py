"""Output formats (SARIF against its schema, annotations, code quality, JSON), fingerprints, and
policy errors that name the line and the field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

GH = "gh" + "p_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def mixed(kb):
    kb.page("docs/engineering/p.md", f"# Title, with: commas\n\nToken {GH} here, uptime guaranteed.\n\nUse Github.\n")
    return kb


def test_sarif_validates_against_the_schema(mixed) -> None:
    result = mixed.lint("--format", "sarif", "docs")
    assert result.code == 1
    log = json.loads(result.out)
    jsonschema.validate(log, SCHEMA)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("no-secrets", "error", 10), ("forbidden-claim", "warning", 10), ("brand-terms", "note", 12)]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert GH not in result.out


def test_github_annotations(mixed) -> None:
    lines = mixed.lint("--format", "github", "docs").out.splitlines()
    assert lines[0] == ("::error file=docs/engineering/p.md,line=10,col=7,endColumn=47,title=no-secrets::GitHub token "
                        "found: remove it, revoke it now (it is in the git history), and keep it in the secrets manager"
                        "%0Afix: replace the value with a placeholder such as YOUR_API_KEY")
    assert re.fullmatch(r"::warning file=docs/engineering/p\.md,line=10,col=\d+,endColumn=\d+,title=forbidden-claim::.+",
                        lines[1])
    assert lines[2].startswith("::notice file=docs/engineering/p.md,line=12,col=5,endColumn=11,title=brand-terms::")
    assert lines[3] == "1 error, 1 warning, 1 suggestion in 1 page"


def test_gitlab_code_quality(mixed) -> None:
    issues = json.loads(mixed.lint("--format", "gitlab", "docs").out)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("no-secrets", "major", {"path": "docs/engineering/p.md", "lines": {"begin": 10}}),
        ("forbidden-claim", "minor", {"path": "docs/engineering/p.md", "lines": {"begin": 10}}),
        ("brand-terms", "info", {"path": "docs/engineering/p.md", "lines": {"begin": 12}}),
    ]
    for issue in issues:
        assert set(issue) == {"type", "check_name", "description", "categories", "severity", "fingerprint", "location"}
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])


def test_json_and_report_files(mixed) -> None:
    result = mixed.lint("--format", "json", "--report", "gitlab:out/cq.json", "--report", "sarif:out/x.sarif", "docs")
    data = json.loads(result.out)
    assert data["summary"] == {"pages": 1, "errors": 1, "warnings": 1, "suggestions": 1, "suppressed": 0,
                               "rules": {"brand-terms": 1, "forbidden-claim": 1, "no-secrets": 1}}
    assert data["findings"][0]["excerpt"] == "Token ghp_************ here, uptime guaranteed."
    assert len(json.loads((mixed.root / "out/cq.json").read_text())) == 3
    jsonschema.validate(json.loads((mixed.root / "out/x.sarif").read_text()), SCHEMA)


def test_fingerprints_do_not_depend_on_the_line(kb) -> None:
    kb.page("docs/engineering/p.md", "It is guaranteed.\n")
    before = json.loads(kb.lint("--format", "json", "docs").out)["findings"][0]
    kb.page("docs/engineering/p.md", "# New intro\n\nMore text.\n\nIt is guaranteed.\n")
    after = json.loads(kb.lint("--format", "json", "docs").out)["findings"][0]
    assert (before["line"], after["line"]) == (8, 12)
    assert before["fingerprint"] == after["fingerprint"]
    kb.page("docs/engineering/p.md", "It is guaranteed.\nAnd guaranteed.\n")
    twice = json.loads(kb.lint("--format", "json", "docs").out)["findings"]
    assert twice[0]["fingerprint"] == before["fingerprint"] != twice[1]["fingerprint"]


def _policy_error(kb, text: str, capsys) -> tuple[int, str]:
    (kb.root / "guidelines.yml").write_text(text)
    result = kb.lint("docs")
    return result.code, result.err


BASE = "version: 1\ntopics: [engineering]\n"


@pytest.mark.parametrize("text, message", [
    (BASE + "rules:\n  - id: x\n    type: secret\n",
     "guidelines.yml:5: rules[0].type: unknown rule type 'secret'\n  How to fix: Valid rule types: brand, claims, "
     "confidentiality, custom, links, personal-data, secrets, topic."),
    (BASE + "rules:\n  - id: x\n    type: claims\n    level: fatal\n    phrases: [a]\n",
     "guidelines.yml:6: rules[0].level: 'fatal' is not one of error, warning, suggestion"),
    (BASE + "rules:\n  - id: x\n    type: custom\n    patterns: ['(unclosed']\n",
     "guidelines.yml:6: rules[0].patterns[0]: invalid regular expression '(unclosed': missing ), unterminated "
     "subpattern at position 0"),
    (BASE + "front_matter:\n  owner:\n    type: person\n",
     "guidelines.yml:5: front_matter.owner.type: unknown field type 'person'\n  How to fix: Valid field types: string, "
     "list, date, boolean, number, topic, tags, contributor, team, contributor_or_team."),
    (BASE + "rulez: []\n", "guidelines.yml:3: rulez: unknown key\n  How to fix: Valid keys here: version, title, "
     "introduction, pages, topics, tags, contributors, front_matter, rules, exceptions, max_page_bytes."),
    (BASE + "rules:\n  - id: x\n    type: claims\n    scopes: [prose, footnotes]\n    phrases: [a]\n",
     "guidelines.yml:6: rules[0].scopes[1]: unknown scope 'footnotes'\n  How to fix: Valid scopes: prose, headings, "
     "link_text, link_target, code_span, code_block, html, front_matter, or front_matter:FIELD."),
    (BASE + "exceptions:\n  - paths: [docs/x.md]\n    rules: [nope]\n    reason: r\n",
     "guidelines.yml:5: exceptions[0].rules[0]: unknown rule id 'nope'"),
    ("version: 1\ntopics: [a\n", "guidelines.yml:3: invalid YAML: while parsing a flow sequence, did not find expected "
     "',' or ']'\n  How to fix: Fix the YAML syntax at that line."),
])
def test_invalid_policy_names_line_and_field(kb, capsys, text: str, message: str) -> None:
    code, err = _policy_error(kb, text, capsys)
    assert code == 2
    assert err == f"committed lint: error: {kb.root / message}\n"


def test_invalid_invocation_exits_2(kb) -> None:
    assert kb.lint("docs/nope").code == 2
    assert kb.lint("--report", "pdf:x.pdf", "docs").err.startswith("committed lint: error: --report 'pdf:x.pdf' must be")


def test_root_policy_and_project_docs_are_valid(capsys) -> None:
    from committed.lint.cli import main
    root = Path(__file__).resolve().parents[2]
    code = main(["--policy", str(root / "guidelines.yml"), "--jobs", "1", str(root / "docs" / "committed" /
                                                                             "guidelines-schema.md")])
    out = capsys.readouterr().out
    assert code == 0, out

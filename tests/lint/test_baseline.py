"""Adopting the lint on an existing knowledge base: accept today's findings in a baseline, fail on new ones."""

from __future__ import annotations

import json

from committed.lint.cli import main

from .test_redaction import PAGE, POLICY_EXTRA, SECRETS, _assert_clean

OLD = "---\ntitle: Old\ntopic: engineering\nowner: ada\nlast_reviewed: 2023-01-02\n---\nUptime is guaranteed.\n"


def _existing(kb) -> None:
    kb.write("docs/engineering/old.md", OLD)
    kb.page("docs/engineering/broken.md", "See [the plan](nowhere.md).\n")


def test_update_then_only_new_findings_fail(kb) -> None:
    _existing(kb)
    assert kb.lint("docs").code == 1  # a broken link is an error today
    written = kb.lint("--baseline", "guidelines-baseline.json", "--update-baseline", "docs")
    assert written.code == 0
    assert written.err == ("wrote 3 findings to the baseline guidelines-baseline.json; from now on "
                           "`committed lint --baseline guidelines-baseline.json` fails only on new ones\n")
    data = json.loads((kb.root / "guidelines-baseline.json").read_text())
    assert [(e["path"], e["line"], e["rule"]) for e in data["findings"]] == [
        ("docs/engineering/broken.md", 8, "broken-link"),
        ("docs/engineering/old.md", 5, "review-overdue"),
        ("docs/engineering/old.md", 7, "forbidden-claim"),
    ]
    known = kb.lint("--baseline", "guidelines-baseline.json", "docs")
    assert (known.code, known.lines()) == (0, [])
    assert known.out == ("0 errors, 0 warnings, 0 suggestions in 2 pages, 3 known (in the baseline "
                         "guidelines-baseline.json)\n")
    # Lines added above the old findings do not make them new; a new finding is.
    kb.write("docs/engineering/old.md", OLD.replace("---\nUptime", "---\n# Old\n\nIntro.\n\nUptime") +
             "\nSee [another](gone.md).\n")
    result = kb.lint("--baseline", "guidelines-baseline.json", "docs")
    assert result.code == 1
    assert result.hits() == [("docs/engineering/old.md", 13, "broken-link")]
    assert result.out.splitlines()[-1] == ("1 error, 0 warnings, 0 suggestions in 2 pages, 3 known (in the baseline "
                                           "guidelines-baseline.json)")


def test_fixed_findings_are_reported_as_stale(kb) -> None:
    _existing(kb)
    kb.lint("--baseline", "b.json", "--update-baseline", "docs")
    kb.page("docs/engineering/broken.md", "Fixed.\n")
    out = kb.lint("--baseline", "b.json", "docs").out.splitlines()[-1]
    assert out == ("0 errors, 0 warnings, 0 suggestions in 2 pages, 2 known (in the baseline b.json); "
                   "1 baseline entry fixed since: run --update-baseline to drop them")
    # Linting one page says nothing about the entries of the others.
    one = kb.lint("--baseline", "b.json", "docs/engineering/old.md").out.splitlines()[-1]
    assert one == "0 errors, 0 warnings, 0 suggestions in 1 page, 2 known (in the baseline b.json)"


def test_sarif_marks_baseline_state_and_json_counts(kb) -> None:
    _existing(kb)
    kb.lint("--baseline", "b.json", "--update-baseline", "docs")
    kb.page("docs/engineering/new.md", "Results guaranteed.\n")
    log = json.loads(kb.lint("--baseline", "b.json", "--format", "sarif", "docs").out)
    states = sorted((r["ruleId"], r["baselineState"], "suppressions" in r) for r in log["runs"][0]["results"])
    assert states == [("broken-link", "unchanged", True), ("forbidden-claim", "new", False),
                      ("forbidden-claim", "unchanged", True), ("review-overdue", "unchanged", True)]
    summary = json.loads(kb.lint("--baseline", "b.json", "--format", "json", "docs").out)["summary"]
    assert (summary["known"], summary["stale"], summary["warnings"], summary["rules"]) == (
        3, 0, 1, {"forbidden-claim": 1})


def test_list_suppressions_lists_baseline_entries(kb) -> None:
    _existing(kb)
    kb.page("docs/engineering/a.md", "<!-- guideline-ignore forbidden-claim: quoting a contract -->\nguaranteed\n")
    kb.lint("--baseline", "b.json", "--update-baseline", "docs")
    lines = kb.lint("--baseline", "b.json", "--list-suppressions", "docs").out.splitlines()
    assert lines == [
        "docs/engineering/a.md:8 forbidden-claim (lines 9-9): quoting a contract",
        "1 inline exception",
        "docs/engineering/broken.md:8 broken-link (baseline): broken link: docs/engineering/nowhere.md does not exist",
        "docs/engineering/old.md:5 review-overdue (baseline): `last_reviewed` 2023-01-02 is 881 days ago, over the "
        "365-day limit: review the page and update the date",
        'docs/engineering/old.md:7 forbidden-claim (baseline): "guaranteed": avoid this claim: say what we actually '
        "commit to, and link to the source",
        "3 findings accepted in the baseline b.json",
    ]
    data = json.loads(kb.lint("--baseline", "b.json", "--list-suppressions", "--format", "json", "docs").out)
    assert [e["rule"] for e in data["baseline"]["findings"]] == ["broken-link", "review-overdue", "forbidden-claim"]


def test_the_baseline_file_repeats_no_sensitive_value(kb) -> None:
    policy = kb.root / "guidelines.yml"
    text = policy.read_text().replace("\nexceptions:", POLICY_EXTRA + "\nexceptions:")
    policy.write_text(text.replace("  last_reviewed:\n", "  ticket:\n    type: string\n    pattern: 'KB-[0-9]+'\n"
                                                         "  last_reviewed:\n", 1))
    kb.write("docs/engineering/notes.md", PAGE)
    kb.lint("--baseline", "b.json", "--update-baseline", "docs")
    text = (kb.root / "b.json").read_text()
    assert sum(1 for e in json.loads(text)["findings"] if e["rule"] == "no-secrets") == len(SECRETS)
    _assert_clean(text)
    listing = kb.lint("--baseline", "b.json", "--list-suppressions", "docs").out
    _assert_clean(listing)


def test_baseline_errors_say_how_to_fix(kb) -> None:
    _existing(kb)
    missing = kb.lint("--baseline", "nope.json", "docs")
    assert missing.code == 2
    assert missing.err == ("committed lint: error: the baseline file nope.json does not exist\n"
                           "  How to fix: Create it with: committed lint --baseline nope.json --update-baseline\n")
    kb.write("bad.json", '{"version": 1,\n "findings": [}\n')
    bad = kb.lint("--baseline", "bad.json", "docs")
    assert (bad.code, bad.err.splitlines()[0]) == (2, "committed lint: error: bad.json:2: the baseline is not valid "
                                                      "JSON: Expecting value")
    alone = kb.lint("--update-baseline", "docs")
    assert alone.code == 2 and "--update-baseline needs --baseline FILE" in alone.err


def test_an_overdue_review_stays_known_as_the_days_pass(kb) -> None:
    _existing(kb)
    kb.lint("--baseline", "b.json", "--update-baseline", "docs")
    later = main(["--policy", str(kb.root / "guidelines.yml"), "--today", "2025-09-01", "--jobs", "1",
                  "--baseline", "b.json", "docs"])
    out = kb.capsys.readouterr().out
    assert later == 0
    assert out == "0 errors, 0 warnings, 0 suggestions in 2 pages, 3 known (in the baseline b.json)\n"


def test_updating_for_some_pages_keeps_the_others(kb) -> None:
    _existing(kb)
    kb.lint("--baseline", "b.json", "--update-baseline", "docs")
    kb.page("docs/engineering/broken.md", "See [the plan](nowhere.md) and [the other](gone.md).\n")
    assert kb.lint("--baseline", "b.json", "--update-baseline", "docs/engineering/broken.md").code == 0
    data = json.loads((kb.root / "b.json").read_text())
    assert [(e["path"], e["line"], e["rule"]) for e in data["findings"]] == [
        ("docs/engineering/broken.md", 8, "broken-link"), ("docs/engineering/broken.md", 8, "broken-link"),
        ("docs/engineering/old.md", 5, "review-overdue"), ("docs/engineering/old.md", 7, "forbidden-claim")]
    assert kb.lint("--baseline", "b.json", "docs").code == 0
    with_base = kb.lint("--baseline", "b.json", "--update-baseline", "--base", "main", "docs")
    assert with_base.code == 2 and "run it without --base" in with_base.err

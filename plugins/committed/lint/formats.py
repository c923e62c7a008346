"""Findings as text for people, and as GitHub annotations, GitLab code quality, SARIF 2.1.0 or JSON.

Findings reach here already redacted (``redaction.Masks``): their messages, fixes and excerpts
show no secret and no personal data. Nothing here reads the page again.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .. import __version__
from .baseline import Entry
from .engine import Report
from .findings import BUILTIN_RULES, Level
from .policy import Policy
from .suppressions import Suppression

TOOL = "committed-lint"
FORMATS = ("text", "github", "gitlab", "sarif", "json")


def summary(report: Report) -> str:
    parts = [f"{report.count(level)} {level.value}{'s' if report.count(level) != 1 else ''}" for level in Level]
    pages = f"{report.pages} page{'s' if report.pages != 1 else ''}"
    extra = f", {len(report.suppressed)} suppressed" if report.suppressed else ""
    if report.baseline is not None:
        extra += f", {len(report.known)} known (in the baseline {report.baseline})"
        if report.stale:
            extra += (f"; {report.stale} baseline entr{'ies' if report.stale != 1 else 'y'} fixed since: "
                      "run --update-baseline to drop them")
    return f"{', '.join(parts)} in {pages}{extra}"


def text(report: Report, policy: Policy) -> str:
    out = []
    for f in report.findings:
        out.append(f"{f.path}:{f.line}:{f.col} {f.level.value} {f.rule_id} {f.message}")
        if f.excerpt:
            out.append(f"    | {f.excerpt}")
            out.append(f"    | {' ' * f.excerpt_col}^")
        if f.fix:
            out.append(f"    fix: {f.fix}")
    out.append(summary(report))
    return "\n".join(out) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, policy: Policy) -> str:
    """Workflow commands: GitHub Actions turns each into an annotation on the line of the diff."""
    kind = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "notice"}
    out = []
    for f in report.findings:
        props = [f"file={_escape_property(f.path)}", f"line={f.line}", f"col={f.col}"]
        if f.end_col:
            props.append(f"endColumn={f.end_col}")
        props.append(f"title={_escape_property(f.rule_id)}")
        message = f.message + (f"\nfix: {f.fix}" if f.fix else "")
        out.append(f"::{kind[f.level]} {','.join(props)}::{_escape_data(message)}")
    out.append(summary(report))
    return "\n".join(out) + "\n"


def gitlab(report: Report, policy: Policy) -> str:
    """GitLab code quality report (a subset of the Code Climate issue format)."""
    severity = {Level.ERROR: "major", Level.WARNING: "minor", Level.SUGGESTION: "info"}
    issues = [{
        "type": "issue",
        "check_name": f.rule_id,
        "description": f"{f.rule_id}: {f.message}",
        "categories": ["Style"] if f.level == Level.SUGGESTION else ["Security"] if f.sensitive else ["Bug Risk"],
        "severity": severity[f.level],
        "fingerprint": f.fingerprint,
        "location": {"path": f.path, "lines": {"begin": f.line}},
    } for f in report.findings]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _descriptions(policy: Policy) -> dict[str, tuple[str, Level]]:
    rules = {rid: (text, Level.ERROR) for rid, text in BUILTIN_RULES.items()}
    for r in policy.rules:
        rules[r.id] = (r.description or r.message or f"{r.type} rule", r.level)
    return rules


def sarif(report: Report, policy: Policy) -> str:
    level = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "note"}
    descriptions = _descriptions(policy)
    used = sorted({f.rule_id for f in report.findings} | set(descriptions))
    index = {rid: i for i, rid in enumerate(used)}
    rules = [{
        "id": rid,
        "shortDescription": {"text": descriptions.get(rid, (rid, Level.ERROR))[0]},
        "defaultConfiguration": {"level": level[descriptions.get(rid, (rid, Level.ERROR))[1]]},
    } for rid in used]
    results = []
    known = set(report.known)
    for f in (*report.findings, *report.known):
        region: dict[str, object] = {"startLine": f.line, "startColumn": f.col}
        if f.end_col:
            region["endColumn"] = f.end_col
        if f.excerpt:
            region["snippet"] = {"text": f.excerpt}
        message = f.message + (f" (fix: {f.fix})" if f.fix else "")
        result: dict[str, object] = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": level[f.level],
            "message": {"text": message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                "region": region,
            }}],
            "partialFingerprints": {"committedFingerprint/v1": f.fingerprint},
        }
        if report.baseline is not None:  # SARIF's own baseline vocabulary; known results are suppressed
            result["baselineState"] = "unchanged" if f in known else "new"
            if f in known:
                result["suppressions"] = [{"kind": "external", "justification": f"in the baseline {report.baseline}"}]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL, "version": __version__, "informationUri": "https://committed.invalid/lint",
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": policy.root.resolve().as_uri() + "/"}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def as_json(report: Report, policy: Policy) -> str:
    return json.dumps({
        "version": 1,
        "summary": {"pages": report.pages, **{lv.value + "s": report.count(lv) for lv in Level},
                    "suppressed": len(report.suppressed), "rules": report.by_rule(),
                    **({"known": len(report.known), "stale": report.stale} if report.baseline is not None else {})},
        "findings": [{
            "path": f.path, "line": f.line, "column": f.col, "end_column": f.end_col, "level": f.level.value,
            "rule": f.rule_id, "message": f.message, "fix": f.fix, "excerpt": f.excerpt,
            "fingerprint": f.fingerprint,
        } for f in report.findings],
    }, indent=2, ensure_ascii=False) + "\n"


WRITERS: dict[str, Callable[[Report, Policy], str]] = {
    "text": text, "github": github, "gitlab": gitlab, "sarif": sarif, "json": as_json,
}


def suppressions_text(items: tuple[Suppression, ...], entries: tuple[Entry, ...] = (), source: str | None = None) -> str:
    out = [f"{s.path}:{s.line} {', '.join(s.rules)} (lines {s.first}-{s.last}): {s.reason}" for s in items]
    out.append(f"{len(items)} inline exception{'s' if len(items) != 1 else ''}")
    if source is not None:
        out.extend(f"{e.path}:{e.line} {e.rule} (baseline): {e.message}" for e in entries)
        out.append(f"{len(entries)} finding{'s' if len(entries) != 1 else ''} accepted in the baseline {source}")
    return "\n".join(out) + "\n"


def suppressions_json(items: tuple[Suppression, ...], entries: tuple[Entry, ...] = (), source: str | None = None) -> str:
    data: dict[str, object] = {"inline": [{"path": s.path, "line": s.line, "rules": list(s.rules), "reason": s.reason,
                                           "first_line": s.first, "last_line": s.last} for s in items]}
    if source is not None:
        data["baseline"] = {"file": source, "findings": [
            {"path": e.path, "line": e.line, "rule": e.rule, "message": e.message, "fingerprint": e.fingerprint}
            for e in entries]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

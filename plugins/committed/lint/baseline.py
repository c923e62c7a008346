"""Adopting the lint on a knowledge base that already exists: a baseline of accepted findings.

``committed lint --update-baseline --baseline FILE`` records today's findings by fingerprint;
``committed lint --baseline FILE`` then reports those as known (they do not fail the run) and
every other finding as new. The file holds only what the reports already show (rule, path, line,
redacted message, fingerprint), sorted, so it reviews well in a pull request and leaks nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import CommittedError
from .findings import Finding

VERSION = 1


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule: str
    path: str
    line: int
    message: str


@dataclass(frozen=True)
class Baseline:
    path: str  # as given on the command line, for messages
    entries: tuple[Entry, ...]

    def fingerprints(self) -> frozenset[str]:
        return frozenset(e.fingerprint for e in self.entries)


def load(path: Path, shown: str) -> Baseline:
    """Read a baseline file; a missing or malformed one is an error that says how to make it."""
    hint = f"Create it with: committed lint --baseline {shown} --update-baseline"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommittedError(f"the baseline file {shown} does not exist", hint=hint) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommittedError(f"cannot read the baseline file: {exc}", path=shown, hint=hint) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommittedError(f"the baseline is not valid JSON: {exc.msg}", path=shown, line=exc.lineno,
                             hint=hint) from exc
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise CommittedError(f"not a committed lint baseline (version {VERSION})", path=shown, hint=hint)
    entries = []
    for i, item in enumerate(data["findings"]):
        try:
            entries.append(Entry(str(item["fingerprint"]), str(item["rule"]), str(item["path"]), int(item["line"]),
                                 str(item.get("message", ""))))
        except (KeyError, TypeError, ValueError):
            raise CommittedError(f"findings[{i}] needs fingerprint, rule, path and line", path=shown,
                                 hint=hint) from None
    return Baseline(shown, tuple(entries))


def write(path: Path, findings: Iterable[Finding], kept: Iterable[Entry] = ()) -> int:
    """Write the baseline of ``findings`` (already redacted) and the ``kept`` entries of pages not linted
    this time; the number of entries."""
    entries = {e.fingerprint: e for e in kept}
    entries.update((f.fingerprint, Entry(f.fingerprint, f.rule_id, f.path, f.line, f.message)) for f in findings)
    rows = sorted(entries.values(), key=lambda e: (e.path, e.line, e.rule, e.fingerprint))
    data = {"version": VERSION, "tool": "committed-lint", "findings": [
        {"fingerprint": e.fingerprint, "rule": e.rule, "path": e.path, "line": e.line, "message": e.message}
        for e in rows]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise CommittedError(f"cannot write the baseline {path}: {exc.strerror}") from exc
    return len(rows)


def split(findings: Iterable[Finding], baseline: Baseline, pages: Iterable[str]) -> tuple[
        list[Finding], list[Finding], list[Entry]]:
    """(new findings, known findings, entries of the linted ``pages`` that match nothing any more)."""
    known_prints = baseline.fingerprints()
    new: list[Finding] = []
    known: list[Finding] = []
    for f in findings:
        (known if f.fingerprint in known_prints else new).append(f)
    seen = {f.fingerprint for f in known}
    linted = set(pages)
    return new, known, [e for e in baseline.entries if e.path in linted and e.fingerprint not in seen]

"""Run every rule over the pages, then place, redact, fingerprint, suppress and filter findings."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..errors import CommittedError
from . import document, suppressions
from .detectors import Context, FrontMatterDetector, build
from .document import Document, Unreadable
from .findings import (
    BUILTIN_RULES,
    SUPPRESSION_UNKNOWN_RULE,
    SUPPRESSION_WITHOUT_REASON,
    UNREADABLE,
    Finding,
    Level,
    Match,
    fingerprint,
)
from .policy import Policy
from .redaction import Masks
from .suppressions import Suppression

_SKIP_DIRS = frozenset({".git", "node_modules", "site", ".venv", "venv", "__pycache__", ".cache"})


@dataclass(frozen=True)
class Report:
    """``findings`` are the ones to act on; with a baseline, ``known`` are those it accepts and
    ``stale`` counts its entries (for the pages linted) that match nothing any more."""

    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    suppressions: tuple[Suppression, ...]
    pages: int
    known: tuple[Finding, ...] = ()
    baseline: str | None = None
    stale: int = 0

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.level == level)

    def by_rule(self) -> dict[str, int]:
        """How many findings each rule has (off-topic pages, overdue reviews, ...), sorted by rule id."""
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.rule_id] = counts.get(f.rule_id, 0) + 1
        return dict(sorted(counts.items()))


def people(policy: Policy) -> tuple[frozenset[str], frozenset[str]]:
    """Contributor slugs (file stems of ``contributors/*.yml``) and the teams they name."""
    folder = policy.root / policy.contributors_dir
    slugs, teams = set(), set()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        slugs.add(path.stem)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe loader
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("team"), str) and data["team"].strip():
            teams.add(data["team"].strip())
    return frozenset(slugs), frozenset(teams)


def find_pages(policy: Policy, paths: Sequence[str | Path]) -> list[str]:
    """Root-relative paths of the pages under ``paths`` (files or folders) that the policy covers."""
    root = policy.root.resolve()
    found: set[str] = set()
    for given in paths or [root]:
        path = Path(given).resolve()
        if not path.exists():
            raise CommittedError(f"no such file or folder: {given}", hint="Give paths of pages or folders to lint.")
        try:
            path.relative_to(root)
        except ValueError:
            raise CommittedError(f"{given} is outside the folder of the policy ({root})",
                                 hint="Run the lint inside the knowledge base, or pass --policy.") from None
        if path.is_file():
            rel = path.relative_to(root).as_posix()
            if policy.is_page(rel):
                found.add(rel)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")]
            for name in files:
                if name.endswith(".md"):
                    rel = Path(folder, name).relative_to(root).as_posix()
                    if policy.is_page(rel):
                        found.add(rel)
    return sorted(found)


class Linter:
    def __init__(self, policy: Policy, today: dt.date | None = None) -> None:
        self.policy = policy
        contributors, teams = people(policy)
        self.context = Context(policy, contributors, teams, today or dt.date.today(), self.anchors_of)
        self.detectors = [(rule, build(rule)) for rule in policy.rules]
        self.front_matter = FrontMatterDetector()
        self.known_rules = {r.id for r in policy.rules} | set(BUILTIN_RULES) | {"*"}
        self._docs: dict[str, Document | None] = {}

    def load(self, rel: str) -> Document:
        """Parse a page (cached); raise ``Unreadable`` when it is not a text page."""
        try:
            data = (self.policy.root / rel).read_bytes()
        except OSError as exc:
            raise Unreadable(f"cannot read the page: {exc.strerror}") from None
        doc = document.parse(rel, document.decode(data, self.policy.max_page_bytes))
        self._docs[rel] = doc
        return doc

    def anchors_of(self, rel: str) -> frozenset[str] | None:
        if rel not in self._docs:
            try:
                self.load(rel)
            except Unreadable:
                self._docs[rel] = None
        doc = self._docs.get(rel)
        return doc.anchors if doc is not None else None

    def run(self, pages: Iterable[str], changed: dict[str, frozenset[int]] | None = None, jobs: int = 1) -> Report:
        """Lint ``pages``; with ``jobs`` > 1 and many pages, in that many forked processes."""
        pages = list(pages)
        if jobs > 1 and len(pages) >= _PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            global _FORKED
            _FORKED = self  # inherited by the forked workers: nothing to pickle but page names
            n = len(pages)
            chunks = [(pages[i * n // jobs:(i + 1) * n // jobs], changed) for i in range(jobs)]
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                parts = pool.map(_lint_chunk, chunks)
            _FORKED = None
        else:
            parts = [self._lint_all(pages, changed)]
        findings = [f for part in parts for f in part[0]]
        return Report(tuple(sorted(findings, key=Finding.sort_key)), tuple(f for part in parts for f in part[1]),
                      tuple(s for part in parts for s in part[2]), len(pages))

    def _lint_all(self, pages: list[str], changed: dict[str, frozenset[int]] | None) -> tuple[
            list[Finding], list[Finding], list[Suppression]]:
        findings: list[Finding] = []
        suppressed: list[Finding] = []
        found_suppressions: list[Suppression] = []
        for rel in pages:
            added = None if changed is None else changed.get(rel, frozenset())
            kept, dropped, sups = self.lint_page(rel, added)
            findings.extend(kept)
            suppressed.extend(dropped)
            found_suppressions.extend(sups)
        return findings, suppressed, found_suppressions

    def lint_page(self, rel: str, added: frozenset[int] | None = None) -> tuple[
            list[Finding], list[Finding], list[Suppression]]:
        """Findings kept, findings suppressed inline, and the page's inline suppressions."""
        try:
            doc = self._docs.get(rel) or self.load(rel)
        except Unreadable as exc:
            finding = Finding(rel, exc.line, exc.col, Level.ERROR, UNREADABLE, str(exc),
                              fingerprint=fingerprint(UNREADABLE, rel, "", str(exc), 0), whole_page=True)
            return ([] if self.policy.excepted(rel, UNREADABLE) else [finding]), [], []
        raw = self._matches(doc)
        masks = Masks(doc, (m for m, _, _ in raw))
        sups, problems = suppressions.collect(doc)
        sups = [replace(s, reason=masks.scrub(s.reason, *s.span)) for s in sups]
        for p in problems:
            raw.append((Match(p.offset, p.offset, p.message, key=p.message), SUPPRESSION_WITHOUT_REASON, Level.ERROR))
        for s in sups:
            unknown = [r for r in s.rules if r not in self.known_rules]
            if unknown:
                offset = doc.line_starts[s.line - 1]
                message = f"guideline-ignore names unknown rule {', '.join(unknown)}; check the id in guidelines.yml"
                raw.append((Match(offset, offset, message, key=message), SUPPRESSION_UNKNOWN_RULE, Level.WARNING))
        raw.sort(key=lambda r: r[0].start)  # stable: page order, then rule order
        coverage = suppressions.Coverage(sups)
        excepted: dict[str, bool] = {}
        kept: list[Finding] = []
        dropped: list[Finding] = []
        values: set[tuple[str, int, str]] = set()
        seen: dict[tuple[str, str, str], int] = {}
        for m, rule_id, level in raw:
            if not m.report:
                continue
            if rule_id not in excepted:
                excepted[rule_id] = self.policy.excepted(rel, rule_id)
            if excepted[rule_id]:
                continue
            line, col = doc.position(m.start)
            value = (rule_id, line, m.key.lower())
            if value in values:  # one finding per value per line: a link's text and its target, say
                continue
            values.add(value)
            if doc.text.find("\n", m.start, m.end) < 0:  # the usual case: no second bisection
                end_line, end_col = line, col + m.end - m.start
            else:
                end_line, end_col = doc.position(m.end)
            digest = masks.line_digest(line)
            key = "" if m.sensitive else m.key
            occurrence = seen.get((rule_id, digest, key), 0)
            seen[(rule_id, digest, key)] = occurrence + 1
            if added is not None and not m.whole_page and line not in added:
                continue
            excerpt, caret = masks.excerpt(line, col)
            message, fix = m.message, m.fix
            if not m.sensitive:  # a detector never quotes its own sensitive match, but may quote other text
                message = masks.scrub(message, m.start, m.end)
                fix = masks.scrub(fix, m.start, m.end) if fix else fix
            finding = Finding(
                rel, line, col, level, rule_id, message, fix, excerpt,
                end_col if end_line == line and end_col > col else None,
                fingerprint(rule_id, rel, digest, key, occurrence), m.sensitive, m.whole_page, caret)
            if sups and rule_id != SUPPRESSION_WITHOUT_REASON and coverage.covers(rule_id, line):
                dropped.append(finding)
            else:
                kept.append(finding)
        return kept, dropped, sups

    def _matches(self, doc: Document) -> list[tuple[Match, str, Level]]:
        """Every detector's hits on ``doc`` with their rule id and level, the masks-only ones too."""
        raw: list[tuple[Match, str, Level]] = []
        for m in self.front_matter.find(doc, self.context):
            raw.append((m, m.rule_id or "front-matter", m.level or Level.ERROR))
        for rule, detector in self.detectors:
            for m in detector.find(doc, self.context):
                raw.append((m, m.rule_id or rule.id, m.level or rule.level))
        return raw


_PARALLEL_FROM = 200  # below this, starting processes costs more than it saves
_FORKED: Linter | None = None


def _lint_chunk(chunk: tuple[list[str], dict[str, frozenset[int]] | None]) -> tuple[
        list[Finding], list[Finding], list[Suppression]]:
    if _FORKED is None:  # pragma: no cover - only when started without fork
        raise RuntimeError("worker started without a linter")
    return _FORKED._lint_all(*chunk)

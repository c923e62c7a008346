"""``committed lint``: check pages against ``guidelines.yml``.

Exit codes: 0 nothing at error level, 1 errors found, 2 the policy or the invocation is invalid.
With ``--baseline``, only errors that are not in the baseline count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import CommittedError
from . import baseline, formats
from .changes import added_lines
from .engine import Linter, find_pages
from .findings import Level
from .policy import POLICY_FILE, find_policy, load_policy

HELP = "Check pages against the contribution guidelines (guidelines.yml)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="pages or folders to lint (default: every page the policy covers)")
    parser.add_argument("--policy", metavar="FILE", help=f"the policy file (default: the nearest {POLICY_FILE} upwards)")
    parser.add_argument("--base", metavar="REF", help="lint only what changed since the merge base with REF, and "
                        "report only findings on added lines (front matter and links: on the whole changed page)")
    parser.add_argument("--format", choices=formats.FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--report", metavar="FORMAT:FILE", action="append", default=[],
                        help="also write a report in FORMAT to FILE (repeatable), e.g. gitlab:gl-code-quality.json")
    parser.add_argument("--baseline", metavar="FILE",
                        help="findings recorded in FILE are known: reported as such, they do not fail the run")
    parser.add_argument("--update-baseline", action="store_true",
                        help="write every current finding to the --baseline FILE (to adopt the lint on existing pages)")
    parser.add_argument("--list-suppressions", action="store_true",
                        help="list every inline guideline-ignore exception with its reason, and the --baseline "
                             "entries, for an audit")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="processes for large runs (default: one per CPU)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    policy_path = Path(args.policy) if args.policy else find_policy(Path.cwd())
    if policy_path is None:
        raise CommittedError(f"no {POLICY_FILE} found in this folder or above",
                             hint=f"Run inside the knowledge base, or pass --policy path/to/{POLICY_FILE}.")
    policy = load_policy(policy_path)
    if args.update_baseline and not args.baseline:
        raise CommittedError("--update-baseline needs --baseline FILE: the file to write",
                             hint="e.g. committed lint --baseline guidelines-baseline.json --update-baseline")
    if args.update_baseline and args.base:
        raise CommittedError("--update-baseline records the findings of every page it lints, not of a change",
                             hint="run it without --base.")
    accepted = None
    if args.baseline and not args.update_baseline:
        accepted = baseline.load(Path(args.baseline), args.baseline)
    extra = []
    for spec in args.report:
        kind, sep, target = spec.partition(":")
        if not sep or kind not in formats.FORMATS or not target:
            raise CommittedError(f"--report {spec!r} must be FORMAT:FILE with FORMAT one of {', '.join(formats.FORMATS)}")
        extra.append((kind, Path(target)))
    today = None
    if args.today:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError:
            raise CommittedError(f"--today {args.today!r} is not a date written YYYY-MM-DD") from None
    pages = find_pages(policy, args.paths)
    changed = None
    if args.base:
        changed = added_lines(policy.root, args.base)
        pages = [p for p in pages if p in changed]
    report = Linter(policy, today).run(pages, changed, max(1, args.jobs))
    if args.update_baseline:  # pages not linted this time keep their entries
        target = Path(args.baseline)
        linted = set(pages)
        kept = [e for e in baseline.load(target, args.baseline).entries if e.path not in linted] \
            if target.exists() else []
        count = baseline.write(target, report.findings, kept)
        print(f"wrote {count} finding{'s' if count != 1 else ''} to the baseline {args.baseline}; from now on "
              f"`committed lint --baseline {args.baseline}` fails only on new ones", file=sys.stderr)
        return 0
    if accepted is not None:
        new, known, stale = baseline.split(report.findings, accepted, pages)
        report = replace(report, findings=tuple(new), known=tuple(known), baseline=accepted.path, stale=len(stale))
    if args.list_suppressions:
        entries = accepted.entries if accepted is not None else ()
        write = formats.suppressions_json if args.format == "json" else formats.suppressions_text
        _write(write(report.suppressions, entries, accepted.path if accepted else None), args.output)
        return 0
    for kind, target in extra:
        _write(formats.WRITERS[kind](report, policy), str(target))
    _write(formats.WRITERS[args.format](report, policy), args.output)
    return 1 if report.count(Level.ERROR) else 0


def _write(text: str, target: str | None) -> None:
    if target is None:
        sys.stdout.write(text)
        return
    try:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommittedError(f"cannot write {target}: {exc.strerror}") from exc


def main(argv: Sequence[str] | None = None) -> int:
    """Run as ``python -m committed.lint.cli`` or ``python scripts/lint.py``, with the CLI's exit codes."""
    parser = argparse.ArgumentParser(prog="committed lint", description=HELP)
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except CommittedError as exc:
        print(f"committed lint: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

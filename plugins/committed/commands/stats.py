"""``committed stats``: the leaderboard's figures for a repository, without building the site.

    committed stats [--repo PATH] [--docs-dir DIR] [--format table|json|csv]
                    [--window 90d|365d|all] [--office NAME] [--no-cache]

``--format json`` prints the same document as the site's ``committed/stats.json`` (schema 1,
see docs/committed/stats-export.md) and ``csv`` the same table as ``committed/people.csv``. The
options of the ``committed/profiles`` and ``committed/leaderboard`` plugins (scoring window,
thresholds, weights, leaderboard windows...) are read from the repository's ``mkdocs.yml`` when
there is one, so the figures match the site's. ``--window`` keeps one window, ``--office``
restricts every figure to one office's people. While the history is read, a spinner with the
elapsed time runs on standard error when it is a terminal.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import yaml

from .. import kept
from ..config import PRIVACY_LEVELS, Settings
from ..errors import CommittedError
from ..gitio import head_files, open_repository
from ..publication import Publication, pattern_lines
from ..scoring_model import ScoringConfig, Thresholds, Weights, Window

if TYPE_CHECKING:  # imported when the figures are made, not when they are read back
    from ..analytics import Analytics, Figures

HELP = "Print the leaderboard's figures (committed group, tiers, offices) for a repository."
WINDOW_CHOICES = ("90d", "365d", "all")
T = TypeVar("T")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", default=".", metavar="PATH", help="the knowledge base's folder (default: .)")
    parser.add_argument("--docs-dir", metavar="DIR",
                        help="the docs folder, relative to --repo (default: mkdocs.yml's docs_dir, else docs)")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table",
                        help="table (default), json (the site's stats.json) or csv (the site's people.csv)")
    parser.add_argument("--window", metavar="WINDOW",
                        help="only this window: 90d, 365d or all (the site's window keys; default: every window)")
    parser.add_argument("--office", metavar="NAME", help="only the people of this office (case-insensitive)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the history cache")


# -- the site's options, read from mkdocs.yml without MkDocs ----------------------------------


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; tags such as ``!!python/name:`` or ``!ENV`` become None."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _plugin_options(doc: dict[str, Any], name: str) -> dict[str, Any]:
    for item in doc.get("plugins") or []:
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return dict(item[name] or {})
    return {}


def _site_options(root: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(mkdocs.yml, committed/profiles options, committed/leaderboard options); empty when absent."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        path = root / name
        if path.is_file():
            try:
                doc = yaml.load(path.read_text("utf-8"), Loader=_LenientLoader)  # noqa: S506 - SafeLoader subclass
            except yaml.YAMLError as exc:
                raise CommittedError(f"cannot read it: {exc}", path=name,
                                     hint="fix the YAML, or pass --docs-dir to skip reading it.") from exc
            if not isinstance(doc, dict):
                return {}, {}, {}
            return doc, _plugin_options(doc, "committed/profiles"), _plugin_options(doc, "committed/leaderboard")
    return {}, {}, {}


def _publication(site: dict[str, Any]) -> Publication:
    """mkdocs.yml's ``exclude_docs`` and ``draft_docs``, as the build applies them."""
    try:
        return Publication(pattern_lines(site.get("exclude_docs")), pattern_lines(site.get("draft_docs")))
    except TypeError as exc:
        raise CommittedError(f"exclude_docs / draft_docs: {exc}", path="mkdocs.yml",
                             hint="write the patterns as a multi-line string (`exclude_docs: |`).") from exc
def _privacy(profiles: dict[str, Any]) -> str:
    level = str(profiles.get("privacy") or "named")
    if level not in PRIVACY_LEVELS:
        raise CommittedError(f"the committed/profiles option `privacy: {level}` is not a privacy level.",
                             path="mkdocs.yml", hint=f"use one of: {', '.join(PRIVACY_LEVELS)}.")
    return level


def _settings(args: argparse.Namespace) -> tuple[Settings, dict[str, Any]]:
    root = Path(args.repo).resolve()
    if not root.is_dir():
        raise CommittedError(f"{args.repo} is not a folder.", hint="pass --repo with the knowledge base's folder.")
    site, profiles, leaderboard = _site_options(root)
    try:
        scoring = ScoringConfig(weights=Weights(**(profiles.get("weights") or {})),
                                thresholds=Thresholds(**(profiles.get("thresholds") or {})),
                                window_days=int(profiles.get("window_days") or 90))
    except TypeError as exc:
        raise CommittedError(f"the committed/profiles options are not valid: {exc}", path="mkdocs.yml") from exc
    settings = Settings(
        root=root,
        docs_dir=args.docs_dir or str(site.get("docs_dir") or "docs"),
        contributors_dir=str(profiles.get("contributors_dir") or "contributors"),
        allow_shallow=bool(profiles.get("allow_shallow", False)),
        scoring=scoring,
        people_prefix=str(profiles.get("prefix") or "people").strip("/"),
        leaderboard_path=str(leaderboard.get("path") or "leaderboard.md"),
        publication=_publication(site),
        privacy=_privacy(profiles),
    )
    if profiles.get("bot_names"):
        settings = replace(settings, bot_names=tuple(profiles["bot_names"]))
    if profiles.get("bot_emails"):
        settings = replace(settings, bot_emails=tuple(profiles["bot_emails"]))
    if "forge_ledger" in profiles:
        settings = replace(settings, forge_ledger=profiles["forge_ledger"] or None)
    if args.no_cache:
        settings = replace(settings, cache_dir=None)
    elif "cache_dir" in profiles:
        settings = replace(settings, cache_dir=profiles["cache_dir"] or None)
    if not settings.path(settings.docs_dir).is_dir():
        raise CommittedError(f"there is no docs folder {settings.docs_dir!r} in {root}.",
                             hint="pass --repo with the knowledge base's folder, or --docs-dir.")
    return settings, leaderboard


def _windows(settings: Settings, leaderboard: dict[str, Any], only: str | None) -> list[Window]:
    from ..analytics import window_for

    days = [int(d) for d in leaderboard.get("windows") or []]
    wins = [window_for(d) for d in days] or [w for w in (window_for(settings.scoring.window_days), window_for(365))]
    wins = list({w.key: w for w in wins}.values())
    if leaderboard.get("all_time", True):
        wins.append(window_for(None))
    if only is None:
        return wins
    for w in wins:
        if w.key == only:
            return [w]
    if only == "all":
        return [window_for(None)]
    if only.endswith("d") and only[:-1].isdigit() and int(only[:-1]) > 0:
        return [window_for(int(only[:-1]))]
    raise CommittedError(f"unknown window {only!r}.",
                         hint=f"use one of: {', '.join(w.key for w in wins)} (or any NNNd, e.g. 30d).")


# -- progress --------------------------------------------------------------------------------

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def with_spinner(label: str, work: Callable[[], T], stream: TextIO | None = None) -> T:
    """Run ``work`` while a spinner and the elapsed time turn on ``stream`` (when a terminal)."""
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        return work()
    done = threading.Event()
    started = time.perf_counter()

    def spin() -> None:
        frame = 0
        while not done.wait(0.1):
            out.write(f"\r{SPINNER[frame % len(SPINNER)]} {label} {time.perf_counter() - started:5.1f} s")
            out.flush()
            frame += 1

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        return work()
    finally:
        done.set()
        thread.join()
        out.write("\r\033[K")
        out.flush()


# -- output ----------------------------------------------------------------------------------


def _share(f: Figures) -> str:
    return "-" if f.share is None else f"{f.share * 100:.0f}%"


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def format_table(a: Analytics) -> str:
    from ..analytics import Figures  # the type is imported for mypy only

    lines: list[str] = []
    scope = f" in {a.office}" if a.office else ""
    when = f" as of {a.now.date().isoformat()}" if a.now else ""
    lines.append(f"Committed{scope}{when}: people who both teach and learn.")
    for w in a.windows:
        h = w.headline
        change = ""
        if h.previous is not None:
            delta = h.delta or 0
            change = f" ({'+' if delta > 0 else ''}{delta} on the previous {w.window.days} days: {h.previous.committed})"
        lines += ["", f"{w.window.label}: {h.current.committed} committed{change}, {_share(h.current)} of "
                      f"{h.current.active} active; {h.current.teachers} teachers, {h.current.learners} learners"]
        people = sorted(w.committed, key=lambda e: (-e.total, e.slug))
        if people:
            rows = [["#", "Person", "Office", "Team", "Teach", "Learn"]]
            rows += [[str(i), f"{e.name} ({e.slug})", e.office, e.team, f"{e.teach:.1f}", f"{e.learn:.1f}"]
                     for i, e in enumerate(people, 1)]
            hidden = w.unnamed_committed
            note = f" (including {hidden} who opted out of rankings, not named)" if hidden else ""
            lines += ["", f"Committed roster{note}:", *_table(rows, {0, 4, 5})]
        if len(w.offices) > 1 or not a.office:
            rows = [["Office", "Active", "Teachers", "Learners", "Committed", "Share"]]
            rows += [[g.name or "(no office)", str(g.figures.active), str(g.figures.teachers),
                      str(g.figures.learners), str(g.figures.committed), _share(g.figures)] for g in w.offices]
            lines += ["", *_table(rows, {1, 2, 3, 4, 5})]
    g = a.growth
    if g.one_step:
        lines += ["", f"One step from committed ({g.window.label.lower()}):"]
        lines += [f"  {o.entry.name} ({o.entry.slug}): {o.entry.tier.value}, needs {o.short_by:.1f} "
                  f"{o.missing.value}ing points" for o in g.one_step]
    if g.single_teacher_topics:
        lines += ["", "Topics with a single teacher: " + ", ".join(
            f"{r.topic or '(no topic)'} ({r.teacher.slug if r.teacher else 'one colleague'})"
            for r in g.single_teacher_topics)]
    health = a.health
    if health.pages:
        lines += ["", f"Knowledge health: {health.reviewed} of {health.pages} pages reviewed in the last "
                      f"{health.interval_days} days ({_share(Figures(active=health.pages, committed=health.reviewed))})."]
    return "\n".join(lines) + "\n"


# -- kept figures ----------------------------------------------------------------------------


def _fingerprint(settings: Settings, leaderboard: dict[str, Any], args: argparse.Namespace,
                 git_dirs: tuple[str, str] | None) -> str:
    """A digest of everything the figures depend on: git's HEAD (the stamps of the files git
    rewrites when it moves, ``gitio.head_files``: no git runs), every file in the docs and
    contributors folders, mkdocs.yml, .mailmap, .git-blame-ignore-revs, the forge ledger,
    Committed's own code, and the options (the site's and this command's). Cheap: files are
    stat'ed, never read."""
    key = repr(("stats", settings, sorted(leaderboard.items()), args.format, args.window, args.office, git_dirs))
    head = kept.stamp_files(head_files(Path(git_dirs[0]), Path(git_dirs[1]))) if git_dirs else []
    root = settings.root
    return kept.fingerprint(key, head, kept.stamp_tree(settings.path(settings.docs_dir), suffixes=None),
                            kept.stamp_tree(settings.path(settings.contributors_dir), suffixes=None),
                            kept.stamp_tree(kept.PACKAGE),
                            kept.stamp_files([*(root / name for name in ("mkdocs.yml", "mkdocs.yaml", ".mailmap",
                                                                          ".git-blame-ignore-revs")),
                                              *([settings.path(settings.forge_ledger)] if settings.forge_ledger else [])]))


def _read_kept(settings: Settings, leaderboard: dict[str, Any], args: argparse.Namespace, name: str) -> str | None:
    """The figures kept by the last run with these options, if nothing changed since. The kept
    file's first line names the git folders it watched: [fingerprint, git dir, common dir]."""
    header = kept.header(settings.cache_path, name)
    if not (isinstance(header, list) and len(header) == 3 and all(isinstance(h, (str, type(None))) for h in header)):
        return None
    dirs = (header[1], header[2]) if header[1] and header[2] else None
    text = kept.read(settings.cache_path, name, [_fingerprint(settings, leaderboard, args, dirs), *header[1:]])
    return text if isinstance(text, str) else None


def _kept_name(args: argparse.Namespace) -> str:
    """One kept file per set of options, so alternating ``--format``s does not recompute."""
    options = repr((args.format, args.window, args.office.casefold() if args.office else None))
    return f"stats-{hashlib.sha1(options.encode()).hexdigest()[:12]}.json"


def _figures(settings: Settings, leaderboard: dict[str, Any], args: argparse.Namespace) -> str:
    from ..analytics import analyze
    from ..exports import to_csv, to_json
    from ..knowledge import load

    wins = _windows(settings, leaderboard, args.window)
    kb = with_spinner(f"Reading the history of {settings.docs_dir}/", lambda: load(settings))
    analytics = analyze(kb, wins, top=int(leaderboard.get("top") or 10),
                        list_limit=int(leaderboard.get("list_limit") or 20), office=args.office,
                        unreviewed_days=int(leaderboard.get("unreviewed_days") or 180),
                        review_interval_days=int(leaderboard.get("review_interval_days") or 365))
    if args.office and not any(w.headline.current.active for w in analytics.windows) and not analytics.people:
        offices = sorted({p.office for p in kb.people.values() if p.office})
        raise CommittedError(f"nobody works in the office {args.office!r}.",
                             hint=f"use one of: {', '.join(offices)}." if offices else "no contributor has an office yet.")
    text: str = {"json": to_json, "csv": to_csv, "table": format_table}[args.format](analytics)
    return text


def run(args: argparse.Namespace) -> int:
    """The figures; with nothing changed since the last run with the same options, the text that
    run printed, read back from the cache (one small file) instead of reading the history again."""
    settings, leaderboard = _settings(args)
    name = _kept_name(args)
    text = _read_kept(settings, leaderboard, args, name) if settings.cache_path is not None else None
    if text is None:
        repo = open_repository(settings.root)
        dirs = None
        if repo is not None:
            dirs = (str(repo.git_dir), str(repo.common_dir if repo.common_dir != Path() else repo.git_dir))
        # Stamped before the figures are made: a commit made meanwhile makes the next run recompute.
        fingerprint = _fingerprint(settings, leaderboard, args, dirs) if settings.cache_path is not None else ""
        text = _figures(settings, leaderboard, args)
        kept.write(settings.cache_path, name, [fingerprint, *(dirs or (None, None))], text)
        kept.prune(settings.cache_path, "stats-*.json", keep=16)
    sys.stdout.write(text)
    return 0

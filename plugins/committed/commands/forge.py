"""``committed forge fetch``: bring the review ledger up to date with GitHub or GitLab, for CI.

    committed forge fetch [--repo PATH] [--ledger FILE] [--forge github|gitlab] [--repo-url URL]
                          [--api-url URL] [--project OWNER/NAME] [--docs-path DIR]
                          [--token-env NAME] [--max-wait SECONDS]

Everything defaults to what ``mkdocs.yml`` says: the forge, the project and the docs folder from
``repo_url`` and ``edit_uri``, the ledger from the ``forge_ledger`` option of ``committed/profiles``
(default ``.cache/committed/forge-reviews.jsonl``). The token is read from an environment variable
(``GITHUB_TOKEN``, or ``GITLAB_TOKEN`` then ``CI_JOB_TOKEN`` on GitLab; ``--token-env`` names
another), never from a file and never printed. A progress bar runs on standard error when it is
a terminal; waits for rate limits are said on every run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from ..config import DEFAULT_LEDGER
from ..errors import CommittedError
from ..forge import Forge
from ..forgeapi.fetch import FetchReport, fetch
from ..forgeapi.github import API as GITHUB_API
from ..forgeapi.github import GitHub
from ..forgeapi.gitlab import GitLab
from ..forgeapi.http import Client
from ..forgeapi.index import prime
from ..forgeapi.source import Source
from .stats import _site_options

HELP = "Read pull/merge request reviews from GitHub or GitLab into the review ledger (for CI)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = sub.add_parser("fetch", help="bring the review ledger up to date", description=__doc__,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    cmd.add_argument("--repo", default=".", metavar="PATH", help="the knowledge base's folder (default: .)")
    cmd.add_argument("--ledger", metavar="FILE", help="the ledger, relative to --repo (default: mkdocs.yml's "
                                                       f"forge_ledger, else {DEFAULT_LEDGER})")
    cmd.add_argument("--forge", choices=("github", "gitlab"), help="default: guessed from repo_url")
    cmd.add_argument("--repo-url", metavar="URL", help="the project's web address (default: mkdocs.yml's repo_url)")
    cmd.add_argument("--api-url", metavar="URL", help="the REST API (default: https://api.github.com, "
                                                      "https://<host>/api/v3 on GitHub Enterprise, https://<host>/api/v4 on GitLab)")
    cmd.add_argument("--project", metavar="PATH", help="owner/name or group/project (default: from repo_url)")
    cmd.add_argument("--docs-path", metavar="DIR", help="the docs folder in the repository (default: from edit_uri)")
    cmd.add_argument("--token-env", metavar="NAME", help="the environment variable holding the token")
    cmd.add_argument("--max-wait", type=float, default=900.0, metavar="SECONDS",
                     help="the longest rate-limit wait before stopping (default: 900; the next run goes on)")


def _forge(args: argparse.Namespace, root: Path) -> tuple[Forge, str]:
    site, _, _ = _site_options(root)
    repo_url = args.repo_url or site.get("repo_url")
    forge = Forge.from_config(repo_url, site.get("edit_uri"), kind=args.forge)
    project = args.project or urlsplit(forge.repo_url).path.strip("/").removesuffix(".git")
    if not project:
        raise CommittedError(f"cannot tell the project from {forge.repo_url!r}.", hint="pass --project owner/name.")
    return forge, project


def api_url(forge: Forge) -> str:
    parts = urlsplit(forge.repo_url)
    if forge.kind == "gitlab":
        return f"{parts.scheme}://{parts.netloc}/api/v4"
    return GITHUB_API if parts.netloc.lower() in ("github.com", "www.github.com") else f"{parts.scheme}://{parts.netloc}/api/v3"


def token(kind: str, name: str | None) -> tuple[tuple[str, str] | None, str]:
    """The auth header from the environment, and the variable's name (for messages)."""
    names = [name] if name else (["GITHUB_TOKEN"] if kind == "github" else ["GITLAB_TOKEN", "CI_JOB_TOKEN"])
    for var in names:
        value = os.environ.get(var, "").strip()
        if value:
            if kind == "github":
                return ("Authorization", f"Bearer {value}"), var
            return ("JOB-TOKEN" if var == "CI_JOB_TOKEN" else "PRIVATE-TOKEN", value), var
    return None, names[0]


def source(kind: str, client: Client, project: str, docs_path: str) -> Source:
    return GitHub(client, project, docs_path) if kind == "github" else GitLab(client, project, docs_path)


class Bar:
    """``[#######-------] 12/40 requests`` on a terminal; nothing elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.shown = stream, False

    def __call__(self, done: int, total: int) -> None:
        if not self.stream.isatty():
            return
        filled = 30 * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'-' * (30 - filled)}] {done}/{total} requests")
        self.stream.flush()
        self.shown = True

    def wait(self, seconds: float, why: str) -> None:
        self.end()
        self.stream.write(f"committed forge fetch: {why}: waiting {seconds:.0f} s as the forge asks.\n")
        self.stream.flush()

    def end(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo).resolve()
    if not root.is_dir():
        raise CommittedError(f"{args.repo} is not a folder.", hint="pass --repo with the knowledge base's folder.")
    forge, project = _forge(args, root)
    docs_path = forge.docs_path if args.docs_path is None else (args.docs_path.strip("/") + "/").lstrip("/")
    _, profiles, _ = _site_options(root)
    ledger_rel = args.ledger or profiles.get("forge_ledger") or DEFAULT_LEDGER
    path = (root / ledger_rel).resolve()
    auth, var = token(forge.kind, args.token_env)
    bar = Bar(sys.stderr)
    if auth is None:
        print(f"committed forge fetch: no token in ${var}: anonymous requests (public projects only, low rate limit).",
              file=sys.stderr)
    client = Client(args.api_url or api_url(forge), auth=auth, token_env=var, max_wait=args.max_wait, on_wait=bar.wait)
    try:
        report = fetch(path, source(forge.kind, client, project, docs_path), project=project, docs_path=docs_path,
                       shown=str(ledger_rel), progress=bar)
    finally:
        bar.end()
    cache_dir = profiles.get("cache_dir", ".cache/committed")
    if isinstance(cache_dir, str) and cache_dir:
        prime(path, report.ledger, (root / cache_dir).resolve())
    print(summary(report, str(ledger_rel)))
    return 0


def summary(report: FetchReport, shown: str) -> str:
    ledger = report.ledger
    return (f"committed forge fetch: {report.listed} merged request(s) updated since the last fetch, "
            f"{report.kept} touched the docs folder; {shown} now holds {report.requests} request(s) and "
            f"{report.reviews} review(s) from {ledger.label}, up to {ledger.through[:10] or 'the start'} "
            f"({report.http_requests} API request(s), {report.waited:.0f} s waited).")

"""``committed join``: write your ``contributors/<slug>.yml`` from git config."""

from __future__ import annotations

import argparse
import sys

import yaml

from ..authoring import yaml_scalar
from ..errors import CommittedError
from ..people import SLUG, load_contributors, slugify
from ..templating import render
from ._context import workspace

HELP = "Create your contributors/<slug>.yml from git config (asks for your office and team)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--office", help="your office, e.g. Lisbon (asked when missing)")
    parser.add_argument("--team", help="your team, e.g. Security (asked when missing)")
    parser.add_argument("--role", default="", help="your role, e.g. Security engineer")
    parser.add_argument("--bio", default="", help="one or two sentences about what people can ask you")
    parser.add_argument("--slug", help="your contributor slug (default: from your git user.name)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing contributor file")
    parser.add_argument("--root", help="the knowledge base's folder (default: the current git work tree)")


def _ask(label: str, flag: str) -> str:
    """One answer from standard input (a prompt on stderr when it is a terminal)."""
    if sys.stdin is None:
        line = ""
    else:
        if sys.stdin.isatty():
            print(f"{label}: ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
    answer = line.strip()
    if not answer:
        raise CommittedError(f"your {label.lower()} is required.", hint=f"pass {flag} or type it when asked.")
    return answer


def run(args: argparse.Namespace) -> int:
    ws = workspace(args.root)
    identity = ws.identity()
    slug = args.slug or slugify(identity.name)
    if not slug or not SLUG.match(slug):
        raise CommittedError(f"cannot use {slug!r} as a contributor slug.",
                             hint="pass --slug with lower-case letters, digits and dashes, e.g. --slug ana-lima.")
    folder = ws.root / "contributors"
    target = folder / f"{slug}.yml"
    shown = target.relative_to(ws.root).as_posix()
    if target.exists() and not args.force:
        raise CommittedError("your contributor file already exists.", path=shown,
                             hint="edit it, or pass --force to write it again.")
    existing = load_contributors(folder, display_root=ws.root)
    email = identity.email.lower()
    for other in existing.values():
        if other.slug != slug and email in other.emails:
            raise CommittedError(f"your email is already claimed by {other.source}.",
                                 hint=f"that file is you: use `owner: {other.slug}`, or remove the email from it.")

    office = args.office or _ask("Office", "--office")
    team = args.team or _ask("Team", "--team")
    values = {"name": identity.name, "email": identity.email, "office": office, "team": team,
              "role": args.role.strip(), "bio": args.bio.strip()}
    text = render("authoring/contributor.yml", **{k: yaml_scalar(v) if v else "" for k, v in values.items()})
    yaml.safe_load(text)  # a template bug must not leave an unreadable file behind
    folder.mkdir(parents=True, exist_ok=True)
    with open(target, "w" if args.force else "x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print(f"Wrote {shown}. Commit it with your first change; your pages use `owner: {slug}`.")
    return 0

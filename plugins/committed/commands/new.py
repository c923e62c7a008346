"""``committed new "Title" --topic T``: start a page with valid front matter."""

from __future__ import annotations

import argparse
from datetime import date

from ..authoring import load_topics, new_page_text, page_slug
from ..errors import CommittedError
from ..people import Directory, load_contributors
from ._context import workspace

HELP = "Start a new page in docs/<topic>/ with valid front matter, owned by you."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", help="the page's title, e.g. \"How we deploy\"")
    parser.add_argument("--topic", required=True, help="the topic folder the page goes in")
    parser.add_argument("--tag", dest="tags", action="append", default=[], metavar="TAG",
                        help="a tag (repeat for several; default: the topic)")
    parser.add_argument("--owner", help="contributor slug of the owner (default: you, from git config)")
    parser.add_argument("--date", type=_iso_date, help="last_reviewed date, YYYY-MM-DD (default: today)")
    parser.add_argument("--root", help="the knowledge base's folder (default: the current git work tree)")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def run(args: argparse.Namespace) -> int:
    ws = workspace(args.root)
    topics = load_topics(ws.root)
    if args.topic not in topics:
        raise CommittedError(f"unknown topic {args.topic!r}.", hint=f"use one of: {', '.join(topics)}.")
    slug = page_slug(args.title)
    if not slug:
        raise CommittedError(f"cannot make a file name from the title {args.title!r}.",
                             hint="use a title with some letters or digits.")
    target = ws.root / "docs" / args.topic / f"{slug}.md"
    shown = target.relative_to(ws.root).as_posix()
    if target.exists():
        raise CommittedError("the page already exists.", path=shown,
                             hint="edit that page, or choose a different title.")

    contributors = load_contributors(ws.root / "contributors", display_root=ws.root)
    if args.owner:
        owner = args.owner
        if owner not in contributors:
            raise CommittedError(f"no contributor file contributors/{owner}.yml for owner {owner!r}.",
                                 hint="pass the slug of an existing contributor file.")
    else:
        person = Directory(contributors).person(ws.identity())
        if not person.known:
            raise CommittedError(f"you ({person.name}) have no contributor file, so the page would have no valid owner.",
                                 hint="run `committed join` first (or pass --owner SLUG).")
        owner = person.slug

    text = new_page_text(title=args.title, topic=args.topic, owner=owner, tags=args.tags or [args.topic],
                         reviewed=args.date or date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
        fh.write(text)
    print(f"Wrote {shown}. Write your page, run `committed lint`, then commit it.")
    return 0

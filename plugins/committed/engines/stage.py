"""The build copy of a docs folder with everything Committed adds, for a site generator that runs
no Committed plugin (Zensical).

Every page, asset and generated file comes from the same places the MkDocs plugins take them from:
``committed.site`` (profiles, the people index, credits, the leaderboard and its exports, page
dates), ``committed.lint.page`` (the guidelines page) and ``committed.authoring`` (the "Add a page
here" blocks). The copy lives under the cache folder, never in ``docs/``; only files whose content
changed are rewritten, so the generator's own cache stays warm. Everything that can fail on the
user's input is read and checked in ``plan`` before anything is written.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ..authoring import actions_bar, load_topics, topic_new_page_url
from ..errors import CommittedError
from ..forge import Forge
from ..frontmatter import split
from ..lint.page import render_page
from ..lint.policy import load_policy
from ..site import DEFERRED, Outputs, Request, check_pages, fingerprint, known_profiles, make, save, saved
from . import navigation as nav
from .siteconfig import SiteConfig

log = logging.getLogger("committed")
_PACKAGE = Path(__file__).resolve().parent.parent
# docs path -> the file it is copied from: the stylesheets the plugins add (same paths).
CSS = {"profiles": ("assets/committed/committed.css", _PACKAGE / "assets" / "committed.css"),
       "authoring": ("assets/committed/site.css", _PACKAGE / "templates" / "authoring" / "site.css")}
SORT_JS = ("assets/committed/sort.js", _PACKAGE / "assets" / "sort.js")  # sortable tables (profiles, leaderboard)
# the people index of a large company loads each office's people on demand (profiles' `index` option)
PEOPLE_JS = ("assets/committed/committed-people.js", _PACKAGE / "assets" / "committed-people.js")
A11Y_JS = ("assets/committed/a11y.js", _PACKAGE / "templates" / "authoring" / "a11y.js")  # the authoring plugin's fixes
_HEADING_ID = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]+)\"")
_LINK = re.compile(r'(\s(?:href|src)=")([^"#?:]*)(?=[#?"])')  # a relative link (no scheme) in HTML
_H1 = re.compile(r"^#[ \t]+.*$", re.M)  # a page's first heading, in Markdown
_UNSEARCHED = '<div data-search-exclude>\n{}\n</div>'  # what MkDocs adds after search ran


@dataclass
class Plan:
    """The staged docs folder, not written yet: docs path -> text to write, or the file to copy."""

    files: dict[str, str | Path] = field(default_factory=dict)
    unsearched: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page -> heading ids left out of search
    lastmod: dict[str, str] = field(default_factory=dict)  # page -> date of its last change
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    nav: list[Any] | None = None  # an explicit navigation, as committed/authoring groups it
    reused: bool = False  # Committed's outputs came from the cache
    pages: int = 0


def source_relative(html: str, src_uri: str, use_directory_urls: bool = True) -> str:
    """Committed's HTML links are relative to the page's URL (``people/ana/``), as MkDocs publishes
    them; Zensical reads every relative link as relative to the page's source file
    (``people/ana.md``) and adjusts it. Give it the links that way, so it publishes the same ones."""
    stem, _ = posixpath.splitext(src_uri)
    name = posixpath.basename(stem)
    if not use_directory_urls or name in ("index", "README"):
        return html  # the page's URL folder is its source's folder

    def rebase(match: re.Match[str]) -> str:
        link = match.group(2)
        if not link or link.startswith("/"):
            return match.group(0)
        target = posixpath.normpath(f"{name}/{link}")
        return match.group(1) + (target + "/" if link.endswith("/") and target != "." else target if target != "." else "./")

    return _LINK.sub(rebase, html)


def _mark_generated(text: str) -> str:
    """``committed_generated: true`` in the page's front matter: the theme leaves out its edit button."""
    if text.startswith("---\n"):
        return "---\ncommitted_generated: true\n" + text[4:]
    return "---\ncommitted_generated: true\n---\n" + text


def build_date(outputs: Outputs | None) -> date:
    """The date the MkDocs build stamps on pages git knows no date for: ``SOURCE_DATE_EPOCH`` when
    set, else the newest commit's (what the plugins pin it to), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc).date()
    if outputs is not None and outputs.now is not None:
        return outputs.now.astimezone(timezone.utc).date()
    return datetime.now(timezone.utc).date()


def outputs(request: Request) -> tuple[Outputs, bool]:
    """Committed's outputs for ``request``: kept in the cache by an earlier build with any engine,
    or made now and kept. Stops on a shallow clone, a bad contributor file or an unreadable page."""
    settings = request.settings
    key = fingerprint(request)
    known_profiles(settings)  # validates every contributor file, cached or not
    kept = saved(settings.cache_path, key)
    if kept is None:
        check_pages(request)
        made = make(request)
        save(settings.cache_path, key, made)
    for level, text in (kept or made).messages:
        log.log(level, "%s", text)
    return (kept, True) if kept is not None else (made, False)


def plan(site: SiteConfig) -> Plan:
    """Read the site and make every file of its build copy, checking all input on the way."""
    request = site.request()
    made: Outputs | None = None
    out = Plan()
    if request.profiles or request.leaderboard is not None:
        made, out.reused = outputs(request)
    generated: dict[str, str] = {}
    guidelines = site.options("guidelines")
    if guidelines is not None:
        policy_path = site.root / str(guidelines.get("policy", "guidelines.yml"))
        generated[str(guidelines.get("path", "contributing/guidelines.md"))] = render_page(
            load_policy(policy_path), site.custom_dir)
    generated.update(made.pages if made else {})
    pages = set(site.pages())
    taken = sorted(pages & set(generated))
    if taken:
        raise CommittedError(f"{site.docs_dir.name}/{taken[0]} exists, and Committed generates a page there.",
                             hint="remove the file, or set the plugin's `path` (or `prefix`) option to another page.")
    out.nav = _navigation(site, pages, generated, set(made.profiles) if made else set())
    bars = _bars(site, pages, generated)
    for folder, dirs, names in os.walk(site.docs_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(site.docs_dir).as_posix()
            if name.startswith("."):
                continue
            out.files[rel] = _page(site, request, made, rel, path, bars.get(rel), out) if rel in pages else path
    for rel, text in generated.items():
        head, mark, rest = text.partition(DEFERRED)
        if mark:
            out.unsearched[rel] = tuple(_HEADING_ID.findall(rest))
        out.files[rel] = _mark_generated(source_relative(head + rest, rel, site.use_directory_urls))
    if made:
        out.files.update({src: Path(image) for src, image in made.avatars.items()})
        out.files.update(made.exports)
        out.files.update(made.fragments)
        built = build_date(made).isoformat()
        out.lastmod = {rel: made.updated.get(rel, built) for rel in (*pages, *generated)}
    css = [CSS[name] for name in ("profiles", "authoring") if f"committed/{name}" in site.plugins]
    out.files.update({rel: source for rel, source in css})
    out.extra_css = tuple(rel for rel, _ in css if rel not in site.extra_css)
    scripts = []
    if {"committed/profiles", "committed/leaderboard"} & set(site.plugins):
        scripts.append(SORT_JS)  # in the order the MkDocs plugins add them
    profiles = site.options("profiles")
    if profiles is not None and profiles.get("index", True):
        scripts.append(PEOPLE_JS)
    if "committed/authoring" in site.plugins:
        scripts.append(A11Y_JS)
    out.files.update(dict(scripts))
    out.extra_javascript = tuple(rel for rel, _ in scripts)
    out.pages = len(pages) + len(generated)
    return out


def _page(site: SiteConfig, request: Request, made: Outputs | None, rel: str, path: Path, bar: str | None,
          out: Plan) -> str:
    """A page of the docs folder with what the plugins add to it: under its heading the "Add a
    page" bar, then the topic's list of pages or the home's "at a glance" block; its credits."""
    text = path.read_text("utf-8")
    meta, body = split(text)
    front = text[:len(text) - len(body)]
    credited = made is not None and request.credits and meta.get("credits") is not False
    under = [bar] if bar else []
    unsearched: list[str] = []  # added after search ran, in the MkDocs build
    folder, sep, name = rel.partition("/")
    if credited and made and sep and name == "index.md" and made.listings.get(rel):
        unsearched.append(made.listings[rel])
    if made and request.home == rel and made.home:
        unsearched.append(made.home)
    under += [_UNSEARCHED.format(source_relative(b, rel, site.use_directory_urls)) for b in unsearched]
    out.unsearched[rel] = tuple(i for b in unsearched for i in _HEADING_ID.findall(b))
    heading = _H1.search(body)
    cut = heading.end() if heading else 0
    body = body[:cut] + "".join(f"\n\n{b}\n\n" for b in under) + body[cut:]
    credit = made.credits.get(rel) if made and credited else None
    if credit:
        block = _UNSEARCHED.format(source_relative(credit, rel, site.use_directory_urls))
        top = (site.options("profiles") or {}).get("credits_position", "bottom") == "top"
        body = f"{block}\n\n{body}" if top else f"{body.rstrip()}\n\n{block}\n"
    return front + body


def _navigation(site: SiteConfig, pages: set[str], generated: dict[str, str], profiles: set[str]) -> list[Any] | None:
    """The grouped navigation (and the "Topics" page it lists the topics on), as committed/authoring
    makes it; None: the generator's own (the site writes its own `nav:`, or does not group)."""
    options = site.options("authoring")
    if options is None or not options.get("group_topics", True) or site.has_nav:
        return None
    places = nav.Places(people=str((site.options("profiles") or {}).get("prefix", "people")).strip("/"),
                        leaderboard=str((site.options("leaderboard") or {}).get("path", "leaderboard.md")).strip(),
                        about=str(options.get("about", "committed")).strip("/"))
    own_topics = nav.TOPICS_INDEX in pages
    added = [] if own_topics else [nav.TOPICS_INDEX]
    listed = sorted([*pages, *added, *(g for g in generated if g not in profiles)], key=nav.sort_key)
    made = nav.grouped(nav.folder_nav(listed), places)
    if made is None:
        return None
    items, topics = made
    if not own_topics:
        generated[nav.TOPICS_INDEX] = nav.topics_page(topics, places, site.use_directory_urls)
    return [i if isinstance(i, str) else i.to_yaml() for i in items]


def _bars(site: SiteConfig, pages: set[str], generated: dict[str, str]) -> dict[str, str]:
    """page -> its "Add a page" bar, as committed/authoring adds it to the home and topic index pages."""
    options = site.options("authoring")
    if options is None:
        return {}
    if not site.repo_url:
        log.warning("committed: no `repo_url` in %s: the 'Add a page here' links are left out.", site.file.name)
        return {}
    forge = Forge.from_config(site.repo_url, site.edit_uri, branch=options.get("branch"), kind=options.get("forge"),
                              docs_path=options.get("docs_path"))
    reviewed = build_date(None)
    template = str(options.get("request_template", "page-request.yml"))
    topics_page = nav.TOPICS_INDEX in pages or nav.TOPICS_INDEX in generated
    bars = {}
    if "index.md" in pages:
        bars["index.md"] = actions_bar(forge, add_url="topics/" if topics_page else None, add_label="Add a page",
                                       topic=None, folder=None, request_template=template, custom_dir=site.custom_dir)
    for topic in options.get("topics") or load_topics(site.root):
        if f"{topic}/index.md" in pages:
            add = topic_new_page_url(forge, topic, owner=str(options.get("default_owner", "your-slug")).strip(),
                                     reviewed=reviewed, file_name=str(options.get("file_name", "new-page.md")),
                                     custom_dir=site.custom_dir)
            bars[f"{topic}/index.md"] = actions_bar(forge, add_url=add, add_label="Add a page here", topic=topic,
                                                    folder=topic, request_template=template,
                                                    custom_dir=site.custom_dir)
    return bars


def write(files: Mapping[str, str | Path], folder: Path) -> tuple[int, int]:
    """Make ``folder`` hold exactly ``files``, rewriting only what changed: (written, removed)."""
    written = removed = 0
    for rel, content in sorted(files.items()):
        target = folder / rel
        if isinstance(content, Path):
            src = content.stat()
            try:
                same = (lambda st: st.st_size == src.st_size and st.st_mtime_ns == src.st_mtime_ns)(target.stat())
            except OSError:
                same = False
            if not same:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(content, target)
                written += 1
            continue
        data = content.encode("utf-8")
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    for path in sorted(folder.rglob("*"), reverse=True):  # deepest first: folders empty before they go
        rel = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in files:
            path.unlink()
            removed += 1
    return written, removed

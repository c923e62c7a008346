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

from ..authoring import add_page_block, load_topics, page_owner
from ..errors import CommittedError
from ..forge import Forge
from ..frontmatter import split, title_of
from ..lint.page import render_page
from ..lint.policy import load_policy
from ..site import DEFERRED, Outputs, Request, check_pages, fingerprint, known_profiles, make, save, saved
from .siteconfig import SiteConfig

log = logging.getLogger("committed")
_PACKAGE = Path(__file__).resolve().parent.parent
# docs path -> the file it is copied from: the stylesheets the plugins add (same paths).
CSS = {"profiles": ("assets/committed/committed.css", _PACKAGE / "assets" / "committed.css"),
       "authoring": ("assets/committed/site.css", _PACKAGE / "templates" / "authoring" / "site.css")}
_HEADING_ID = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]+)\"")
_LINK = re.compile(r'(\s(?:href|src)=")([^"#?:]*)(?=[#?"])')  # a relative link (no scheme) in HTML
_UNSEARCHED = '<div data-search-exclude>\n{}\n</div>'  # what MkDocs adds after search ran


@dataclass
class Plan:
    """The staged docs folder, not written yet: docs path -> text to write, or the file to copy."""

    files: dict[str, str | Path] = field(default_factory=dict)
    unsearched: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page -> heading ids left out of search
    lastmod: dict[str, str] = field(default_factory=dict)  # page -> date of its last change
    extra_css: tuple[str, ...] = ()
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
    used = set(site.plugins)
    made: Outputs | None = None
    out = Plan()
    if request.profiles or request.leaderboard is not None:
        made, out.reused = outputs(request)
    generated: dict[str, str] = dict(made.pages) if made else {}
    guidelines = site.options("guidelines")
    if guidelines is not None:
        policy_path = site.root / str(guidelines.get("policy", "guidelines.yml"))
        generated[str(guidelines.get("path", "contributing/guidelines.md"))] = render_page(
            load_policy(policy_path), site.custom_dir)
    add_page = _add_page_blocks(site) if "committed/authoring" in used else {}
    pages = set(site.pages())
    taken = sorted(pages & set(generated))
    if taken:
        raise CommittedError(f"{site.docs_dir.name}/{taken[0]} exists, and Committed generates a page there.",
                             hint="remove the file, or set the plugin's `path` (or `prefix`) option to another page.")
    profiles = (site.options("profiles") or {})
    position = profiles.get("credits_position", "bottom")
    for folder, dirs, names in os.walk(site.docs_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(site.docs_dir).as_posix()
            if name.startswith("."):
                continue
            if rel not in pages:
                out.files[rel] = path
                continue
            text = path.read_text("utf-8")
            meta, body = split(text)
            blocks = [add_page[rel]] if rel in add_page else []
            credit = made.credits.get(rel) if made and meta.get("credits") is not False else None
            if credit:
                blocks.append(_UNSEARCHED.format(source_relative(credit, rel, site.use_directory_urls)))
            if credit and position == "top":
                head = text[:len(text) - len(body)]
                text = head + blocks.pop() + "\n\n" + body
            out.files[rel] = text.rstrip("\n") + "".join(f"\n\n{b}" for b in blocks) + "\n"
    for rel, text in generated.items():
        head, mark, rest = text.partition(DEFERRED)
        if mark:
            out.unsearched[rel] = tuple(_HEADING_ID.findall(rest))
        out.files[rel] = _mark_generated(source_relative(head + rest, rel, site.use_directory_urls))
    if made:
        out.files.update({src: Path(image) for src, image in made.avatars.items()})
        out.files.update(made.exports)
        built = build_date(made).isoformat()
        out.lastmod = {rel: made.updated.get(rel, built) for rel in (*pages, *generated)}
    css = [CSS[name] for name in ("profiles", "authoring") if f"committed/{name}" in used]
    out.files.update({rel: source for rel, source in css})
    out.extra_css = tuple(rel for rel, _ in css if rel not in site.extra_css)
    out.pages = len(pages) + len(generated)
    return out


def _add_page_blocks(site: SiteConfig) -> dict[str, str]:
    """topic index page -> its "Add a page here" block, as the committed/authoring plugin adds it."""
    options = site.options("authoring") or {}
    if not site.repo_url:
        log.warning("committed: no `repo_url` in %s: the 'Add a page here' links are left out.", site.file.name)
        return {}
    forge = Forge.from_config(site.repo_url, site.edit_uri, branch=options.get("branch"), kind=options.get("forge"),
                              docs_path=options.get("docs_path"))
    blocks = {}
    reviewed = build_date(None)
    for topic in options.get("topics") or load_topics(site.root):
        path = site.docs_dir / topic / "index.md"
        if not path.is_file():
            continue
        meta, body = split(path.read_text("utf-8"))
        blocks[f"{topic}/index.md"] = add_page_block(
            forge, folder=topic, owner=page_owner(meta, options.get("default_owner", "your-slug")),
            topic_title=title_of(meta, body, topic), reviewed=reviewed,
            file_name=options.get("file_name", "new-page.md"), custom_dir=site.custom_dir)
    return blocks


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

"""``committed/authoring``: "Add a page here" and "Request a page" at the top of every topic's index
page and of the home, and the navigation grouped (``committed.mkdocs.navigation``).

The link opens the forge's web editor (GitHub or GitLab, from ``repo_url`` and ``edit_uri``) on a
new file in the topic's folder, prefilled with valid front matter. The URLs come from
``committed.forge`` and the text from ``committed.authoring``; this module only wires them in.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from ..authoring import actions_bar, load_topics, topic_new_page_url
from ..errors import CommittedError
from ..forge import KINDS, Forge
from ..urls import relative
from . import navigation

log = get_plugin_logger(__name__)
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_THEME_OVERRIDES = _TEMPLATES / "theme"
CSS = "assets/committed/site.css"
JS = "assets/committed/a11y.js"
# Material's search overlay is a dialog without a name (axe: aria-dialog-name, serious).
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
# A navigation section with an index page (navigation.indexes): Material names the section's <nav>
# after the toggle next to the index link, which holds only an icon, so every such <nav> is a
# landmark without a name (axe: landmark-unique). The toggle gets the section's title as text for
# screen readers.
_SECTION_TOGGLE = re.compile(
    r'(<span class="md-ellipsis">\s*([^<]*?)\s*</span>\s*</a>\s*<label class="md-nav__link[^"]*" for="(__nav_[\d_]+)" '
    r'id="\3_label" tabindex="[^"]*">\s*<span class="md-nav__icon md-icon"></span>)')


_LABEL = '<label class="md-nav__link'
_ELLIPSIS = '<span class="md-ellipsis">'


def _named_toggle(match: re.Match[str]) -> str:
    return f'{match.group(1)}<span class="committed-sr-only">{match.group(2)}</span>'


def name_section_toggles(html: str) -> str:
    """``_SECTION_TOGGLE.sub(_named_toggle, html)``, tried only where a toggle is.

    Every page goes through this, and a scan of a whole page by the pattern took 2.7 ms (six
    seconds of a 2,000-page build). A match holds exactly one toggle ``<label>``, right after the
    closing tags of the last ellipsis span before it (the title cannot contain a tag), so the
    pattern is tried there only: each toggle is found with ``str.find``.
    """
    parts: list[str] = []
    done = 0
    at = html.find(_LABEL)
    while at != -1:
        start = html.rfind(_ELLIPSIS, done, at)
        match = _SECTION_TOGGLE.match(html, start) if start != -1 else None
        if match is not None:
            parts += (html[done:match.start()], _named_toggle(match))
            done = match.end()
        at = html.find(_LABEL, max(at + 1, done))
    return "".join(parts) + html[done:] if parts else html


class _AuthoringConfig(base.Config):
    forge = c.Optional(c.Choice(KINDS))  # guessed from repo_url / edit_uri when unset
    branch = c.Optional(c.Type(str))  # guessed from edit_uri when unset
    docs_path = c.Optional(c.Type(str))  # the docs folder inside the repository; from edit_uri
    topics = c.ListOfItems(c.Type(str), default=[])  # default: guidelines.yml `topics`, else built-in
    file_name = c.Type(str, default="new-page.md")  # the name the new file starts with
    # What `owner` starts as in the web editor's new page: a placeholder the guideline check
    # rejects (no contributor file has that name), so nobody makes a colleague the owner by mistake.
    default_owner = c.Type(str, default="your-slug")
    # The forge's issue template behind "Request a page" (.github/ISSUE_TEMPLATE/page-request.yml).
    request_template = c.Type(str, default="page-request.yml")
    # False: the header's repository link does not fetch stars/forks from the forge's public API,
    # so an intranet site makes no request to another host.
    repo_facts = c.Type(bool, default=False)
    # Without a `nav:` in mkdocs.yml: topics under one "Topics" tab; People, the leaderboard and the
    # About section (this folder) as tabs of their own. False: one tab per folder, as MkDocs does.
    group_topics = c.Type(bool, default=True)
    about = c.Type(str, default="committed")


class AuthoringPlugin(BasePlugin[_AuthoringConfig]):
    def __init__(self) -> None:
        self.forge: Forge | None = None
        self.topics: frozenset[str] = frozenset()
        self.custom_dir: str | None = None
        self.reviewed = date(1970, 1, 1)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(JS)
        if not config.repo_url:
            log.warning("no `repo_url` in mkdocs.yml: the 'Add a page here' links are left out.")
            self.forge = None
            return config
        try:
            self.forge = Forge.from_config(config.repo_url, config.edit_uri, branch=self.config.branch,
                                           kind=self.config.forge, docs_path=self.config.docs_path)
            root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
            self.topics = frozenset(self.config.topics or load_topics(root))
        except CommittedError as exc:
            raise PluginError(str(exc)) from exc
        self.custom_dir = getattr(config.theme, "custom_dir", None)
        if not self.config.repo_facts and str(_THEME_OVERRIDES) not in config.theme.dirs:
            # After the site's own custom_dir (which still wins), before the theme's templates.
            config.theme.dirs.insert(1 if self.custom_dir else 0, str(_THEME_OVERRIDES))
        # The build date (honours SOURCE_DATE_EPOCH, so builds are reproducible).
        self.reviewed = date.fromisoformat(get_build_date())
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if files.get_file_from_path(CSS) is None:
            files.append(File.generated(config, CSS, abs_src_path=str(_TEMPLATES / "authoring" / "site.css")))
        if files.get_file_from_path(JS) is None:
            files.append(File.generated(config, JS, abs_src_path=str(_TEMPLATES / "authoring" / "a11y.js")))
        self._topics_file: File | None = None
        if self._grouping(config) and files.get_file_from_path(navigation.TOPICS_INDEX) is None:
            self._topics_file = File.generated(config, navigation.TOPICS_INDEX, content=navigation.PLACEHOLDER)
            files.append(self._topics_file)
        return files

    def _grouping(self, config: MkDocsConfig) -> bool:
        return self.config.group_topics and config.nav is None

    @event_priority(-80)  # after the other plugins (the generated pages are in the navigation by now)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if not self._grouping(config):
            return nav
        profiles = config.plugins.get("committed/profiles")
        board = config.plugins.get("committed/leaderboard")
        places = navigation.Places(
            people=str(dict(profiles.config).get("prefix", "people")).strip("/") if profiles else "people",
            leaderboard=str(dict(board.config).get("path", "leaderboard.md")).strip() if board else "leaderboard.md",
            about=self.config.about.strip("/"))
        return navigation.group(nav, places, self._topics_file)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        output = output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG_NAMED, 1)
        return name_section_toggles(output)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.forge is None:
            return html
        src = page.file.src_uri
        folder, _, name = src.partition("/")
        try:
            if src == "index.md":  # the home: add a page (pick a topic first) or ask for one
                topics = files.get_file_from_path(navigation.TOPICS_INDEX)
                add = relative(page.url, topics.url) if topics is not None else None
                bar = self._actions(add_url=add, add_label="Add a page", topic=None, folder=None)
            elif name == "index.md" and folder in self.topics:
                add = topic_new_page_url(self.forge, folder, owner=self.config.default_owner.strip(),
                                         reviewed=self.reviewed, file_name=self.config.file_name,
                                         custom_dir=self.custom_dir)
                bar = self._actions(add_url=add, add_label="Add a page here", topic=folder, folder=folder)
            else:
                return html
        except CommittedError as exc:
            raise PluginError(f"Error adding the 'Add a page here' link to '{src}': {exc}") from exc
        return _after_heading(html, bar)

    def _actions(self, *, add_url: str | None, add_label: str, topic: str | None, folder: str | None) -> str:
        assert self.forge is not None
        return actions_bar(self.forge, add_url=add_url, add_label=add_label, topic=topic, folder=folder,
                           request_template=self.config.request_template, custom_dir=self.custom_dir)


def _after_heading(html: str, block: str) -> str:
    """``block`` right under the page's first heading (at the top when it has none)."""
    head, sep, rest = html.partition("</h1>")
    return f"{head}{sep}\n{block}\n{rest}" if sep else f"{block}\n{html}"

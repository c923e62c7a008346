"""``committed/authoring``: an "Add a page here" link on every topic's index page.

The link opens the forge's web editor (GitHub or GitLab, from ``repo_url`` and ``edit_uri``) on a
new file in the topic's folder, prefilled with valid front matter. The URLs come from
``committed.forge`` and the text from ``committed.authoring``; this module only wires them in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from ..authoring import load_topics, new_page_text
from ..errors import CommittedError
from ..forge import KINDS, Forge
from ..templating import render

log = get_plugin_logger(__name__)
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_THEME_OVERRIDES = _TEMPLATES / "theme"
CSS = "assets/committed/site.css"
# Material's search overlay is a dialog without a name (axe: aria-dialog-name, serious).
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
_FORGE_NAMES = {"github": "GitHub", "gitlab": "GitLab"}


class _AuthoringConfig(base.Config):
    forge = c.Optional(c.Choice(KINDS))  # guessed from repo_url / edit_uri when unset
    branch = c.Optional(c.Type(str))  # guessed from edit_uri when unset
    docs_path = c.Optional(c.Type(str))  # the docs folder inside the repository; from edit_uri
    topics = c.ListOfItems(c.Type(str), default=[])  # default: guidelines.yml `topics`, else built-in
    file_name = c.Type(str, default="new-page.md")  # the name the new file starts with
    default_owner = c.Type(str, default="your-slug")  # when the topic index names no owner
    # False: the header's repository link does not fetch stars/forks from the forge's public API,
    # so an intranet site makes no request to another host.
    repo_facts = c.Type(bool, default=False)


class AuthoringPlugin(BasePlugin[_AuthoringConfig]):
    def __init__(self) -> None:
        self.forge: Forge | None = None
        self.topics: frozenset[str] = frozenset()
        self.custom_dir: str | None = None
        self.reviewed = date(1970, 1, 1)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
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
        return files

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG_NAMED, 1)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.forge is None:
            return html
        folder, _, name = page.file.src_uri.partition("/")
        if name != "index.md" or folder not in self.topics:
            return html
        owner = page.meta.get("owner")
        owner = owner if isinstance(owner, str) and owner.strip() else self.config.default_owner
        try:
            content = new_page_text(title="New page", topic=folder, owner=owner.strip(), tags=[folder],
                                    reviewed=self.reviewed, custom_dir=self.custom_dir, owner_hint=True)
            url = self.forge.new_file_url(folder, self.config.file_name, content)
        except CommittedError as exc:
            raise PluginError(f"Error adding the 'Add a page here' link to '{page.file.src_uri}': {exc}") from exc
        link = render("authoring/add-page.html", self.custom_dir, url=url, folder=folder,
                      topic_title=page.title or folder, forge_name=_FORGE_NAMES[self.forge.kind])
        return html + "\n" + link

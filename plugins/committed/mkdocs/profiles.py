"""``committed/profiles``: a profile page per person, a people index, and page credits."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from ..config import DEFAULT_LEDGER
from ..render.links import people_index_src, profile_src
from . import shared
from .pagemeta import KeptMeta

log = get_plugin_logger(__name__)
CSS = "assets/committed/committed.css"
JS = "assets/committed/committed-people.js"  # the people index of a large company loads offices on demand
LISTING = "<!--committed:topic-pages-->"  # where a topic index's list of pages goes in
_PROFILE_PLACEHOLDER = "<!--committed:profile-made-by-the-worker-->"
_THEME = str(Path(__file__).resolve().parent.parent / "templates" / "profiles-theme")
PROFILE_TEMPLATE = "committed-profile.html"


class _Config(base.Config):
    prefix = c.Type(str, default="people")
    index = c.Type(bool, default=True)
    index_inline_kb = c.Type(int, default=100)  # a larger people index loads each office's people on demand
    index_fragment_kb = c.Type(int, default=100)  # a larger office lists its teams, a larger team runs of names
    credits = c.Type(bool, default=True)
    credits_position = c.Choice(("top", "bottom"), default="bottom")
    contributors_dir = c.Type(str, default="contributors")
    cache_dir = c.Type(str, default=".cache/committed")
    allow_shallow = c.Type(bool, default=False)
    window_days = c.Type(int, default=90)
    weights = c.Type(dict, default={})
    thresholds = c.Type(dict, default={})
    bot_names = c.ListOfItems(c.Type(str), default=[])
    bot_emails = c.ListOfItems(c.Type(str), default=[])
    forge_ledger = c.Type(str, default=DEFAULT_LEDGER)  # `committed forge fetch`'s reviews; "": none
    # Who is named with a score, tier or rank anywhere: named | opt-in | aggregate (see configuration.md).
    privacy = c.Choice(("named", "opt-in", "aggregate"), default="named")


class ProfilesPlugin(BasePlugin[_Config]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from ..scoring import Thresholds, Weights

        for name, cls in (("weights", Weights), ("thresholds", Thresholds)):
            unknown = set(self.config[name]) - set(cls.__dataclass_fields__)
            if unknown:
                raise PluginError(f"committed/profiles: unknown {name} {sorted(unknown)}; "
                                  f"valid: {sorted(cls.__dataclass_fields__)}")
        if self.config.index_fragment_kb < 1:
            raise PluginError("committed/profiles: `index_fragment_kb` must be at least 1 (KB of HTML an office's "
                              "or a team's list of people may weigh).")
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        shared.add_script(config)
        if self.config.index and JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(JS)
        if _THEME not in config.theme.dirs:  # after the site's custom_dir (which still wins)
            config.theme.dirs.insert(1 if getattr(config.theme, "custom_dir", None) else 0, _THEME)
        return config

    def __init__(self) -> None:
        super().__init__()
        self._deferred: set[str] = set()  # profiles whose rest goes in after search indexed the head
        self._credited: set[str] = set()  # src_uris whose credits block goes in on_post_page
        self._placeholders: dict[str, File] = {}  # profiles in place since on_files, filled in on_env

    def on_build_error(self, *, error: Exception) -> None:
        shared.abandon()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._deferred, self._credited = set(), set()
        shared.start(config)  # checks the input before MkDocs cleans site/, then works alongside it

    @event_priority(-50)  # after other plugins added or removed their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assets = Path(__file__).parent.parent / "assets"
        files.append(File.generated(config, CSS, content=(assets / "committed.css").read_bytes()))
        shared.add_script_file(config, files)
        if self.config.index:
            files.append(File.generated(config, JS, content=(assets / "committed-people.js").read_bytes()))
        job = shared.job(config)
        settings = job.request.settings
        if self.config.index:  # in the navigation, so here now; its Markdown comes in on_page_markdown
            files.append(File.generated(config, people_index_src(settings), content=shared.PLACEHOLDER))
        # Profiles of people with a contributor file are known now: pages can link them
        # (`[Ana](../people/ana.md)`). Their content, and everyone else's profile, comes in on_env.
        self._placeholders = {}
        for slug in job.known_profiles:
            file = File.generated(config, profile_src(settings, slug), content=_PROFILE_PLACEHOLDER,
                                  inclusion=InclusionLevel.NOT_IN_NAV)
            self._placeholders[file.src_uri] = file
            files.append(file)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self._placeholders:
            return ""  # a profile: made by the worker, filled in on_env
        if page.file.generated_by is not None:
            return shared.generated_markdown(page, config, markdown)
        title = page.meta.get("title")
        if isinstance(title, str):
            # MkDocs and Material print a page's title unescaped (nav, <title>, <h1>): escape it here.
            page.meta["title"] = html.escape(title, quote=False)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self.config.credits or page.file.generated_by is not None or page.meta.get("credits") is False:
            return html
        # The block comes in on_post_page: it is not Markdown to parse, nor words for search to index.
        self._credited.add(page.file.src_uri)
        folder, sep, name = page.file.src_uri.partition("/")
        if sep and name == "index.md":  # a topic's index: the list of its pages goes under its text
            html = shared.under_heading(html, LISTING)
        return f"{shared.MARK}\n{html}" if self.config.credits_position == "top" else f"{html}\n{shared.MARK}"

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        out = shared.outputs(config)
        started = time.perf_counter()
        same: dict[str, Markup] = {}  # this build's parts of a profile page that every profile shares

        def same_on_every_profile(name: str, block: Callable[[], str]) -> Markup:
            if name not in same:
                same[name] = Markup(block())
            return same[name]

        env.globals["committed_same_on_every_profile"] = same_on_every_profile
        built = get_build_date()  # now pinned to the newest commit (pages read before it took the clock)
        for file in files.documentation_pages():
            if file.page is not None:  # the sitemap's lastmod: the page's last change
                file.page.update_date = out.updated.get(file.src_uri, built)
        for src, image in out.avatars.items():
            files.append(File.generated(config, src, abs_src_path=image))
        shared.add_fragments(config, files)  # the people of each office, when the index is large
        metas = KeptMeta(shared.job(config).request.settings.cache_path)
        for src in out.profiles:
            placeholder = self._placeholders.pop(src, None)
            if placeholder is None:
                profile = File.generated(config, src, content=_PROFILE_PLACEHOLDER, inclusion=InclusionLevel.NOT_IN_NAV)
                files.append(profile)
                Page(None, profile, config)
            else:
                profile = placeholder
            self._fill_profile(profile, config, metas, out.heads[src])
        metas.save()
        for file in self._placeholders.values():  # a contributor file the worker gave no profile (a bot)
            files.remove(file)
        shared.add_time("assemble", started)
        return env

    def _fill_profile(self, file: File, config: MkDocsConfig, metas: KeptMeta, source: str) -> None:
        """A profile is ready-made: its HTML needs no Markdown parser (nor its front matter a YAML
        parser, when an earlier build read it: pagemeta.py), and only its head (who the person is)
        goes to search; the rest comes in on_post_page, read from the outputs then (kept, they are
        read from the cache a piece at a time: here only each profile's head, ``Outputs.heads``,
        and no build holds every profile at once)."""
        page = file.page
        assert page is not None
        metas.read_source(page, config, source)
        page.meta.setdefault("template", PROFILE_TEMPLATE)
        head, mark, _ = (page.markdown or "").partition(shared.MARK)
        page.content = page.markdown = head + mark
        if mark:
            self._deferred.add(file.src_uri)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        src = page.file.src_uri
        if src in self._credited:
            out = shared.outputs(config)
            deferred: str | None = out.credits.get(src, "")
            output = output.replace(LISTING, out.listings.get(src, ""), 1)
        elif src in self._deferred:
            self._deferred.discard(src)
            deferred = shared.outputs(config).pages[src].partition(shared.MARK)[2]
        else:
            deferred = None
        return output if deferred is None else output.replace(shared.MARK, deferred, 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        shared.write_timings()

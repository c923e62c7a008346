"""``committed/profiles``: a profile page per person, a people index, and page credits."""

from __future__ import annotations

import html
import time
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import frontmatter
from ..avatars import avatar_file
from ..knowledge import write_timings
from ..render.credits import credits_block
from ..render.links import people_index_src, profile_src
from ..render.profiles import people_index, profile_page
from . import shared

log = get_plugin_logger(__name__)
CSS = "assets/committed/committed.css"


class _Config(base.Config):
    prefix = c.Type(str, default="people")
    index = c.Type(bool, default=True)
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


class ProfilesPlugin(BasePlugin[_Config]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from ..scoring import Thresholds, Weights

        for name, cls in (("weights", Weights), ("thresholds", Thresholds)):
            unknown = set(self.config[name]) - set(cls.__dataclass_fields__)
            if unknown:
                from mkdocs.exceptions import PluginError

                raise PluginError(f"committed/profiles: unknown {name} {sorted(unknown)}; "
                                  f"valid: {sorted(cls.__dataclass_fields__)}")
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        return config

    def __init__(self) -> None:
        super().__init__()
        self._html: dict[str, str] = {}  # profile src_uri -> its HTML, for this build

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._html = {}
        # Read history and people before MkDocs cleans site/: bad input stops the build while
        # the previous site is still intact.
        shared.pin_build_date(shared.knowledge(config))

    @event_priority(-50)  # after other plugins added or removed their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        kb = shared.knowledge(config, files)
        files.append(File.generated(config, CSS, content=(Path(__file__).parent.parent / "assets" / "committed.css").read_bytes()))
        people = [p for p in kb.people.values() if p.profile]
        for person in people:
            image = avatar_file(kb, person)
            avatar_src = None
            if image is not None:
                avatar_src = f"{kb.settings.people_prefix}/avatars/{person.slug}{image.suffix.lower()}"
                files.append(File.generated(config, avatar_src, abs_src_path=str(image)))
            src = profile_src(kb.settings, person.slug)
            content = shared.rendered(kb, src, lambda p=person, a=avatar_src: profile_page(kb, p, a))
            self._html[src] = frontmatter.split(content)[1]  # the body is one HTML block
            files.append(File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        if self.config.index:
            index = shared.rendered(kb, people_index_src(kb.settings), lambda: people_index(kb, people))
            files.append(File.generated(config, people_index_src(kb.settings), content=index))
        shared.add_time("pages", started)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self._html:
            return ""  # a profile is HTML already: skip the Markdown parser (on_page_content puts it back)
        title = page.meta.get("title")
        if isinstance(title, str) and page.file.generated_by is None:
            # MkDocs and Material print a page's title unescaped (nav, <title>, <h1>): escape it here.
            page.meta["title"] = html.escape(title, quote=False)
        kb = shared.knowledge(config, files)
        info = kb.pages.get(page.file.src_uri)
        if info is not None and info.updated_at is not None:
            page.update_date = info.updated_at.date().isoformat()  # the sitemap's lastmod: its last change
        if not self.config.credits or page.file.generated_by is not None:
            return markdown
        started = time.perf_counter()
        block = shared.rendered(kb, f"credits:{page.file.src_uri}", lambda: credits_block(kb, page.file.src_uri))
        shared.add_time("pages", started)
        if block is None:
            return markdown
        if self.config.credits_position == "top":
            return f"{block}\n\n{markdown}"
        return f"{markdown}\n\n{block}\n"

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._html.get(page.file.src_uri, html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        write_timings(shared.knowledge(config), shared.timings())

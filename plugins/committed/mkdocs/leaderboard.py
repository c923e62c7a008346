"""``committed/leaderboard``: the leaderboard page and the stats export (JSON and CSV).

Thin: the page and the exports are made by ``committed.site`` (in the worker shared with
``committed/profiles``, see ``committed.mkdocs.shared``). Everything is added as generated files;
nothing is written into ``docs/``.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..site import export_paths
from . import shared

log = get_plugin_logger(__name__)
HOME = "<!--committed:home-at-a-glance-->"


class _Config(base.Config):
    path = c.Type(str, default="leaderboard.md")  # where the page goes, docs-relative
    title = c.Type(str, default="Leaderboard")
    # Window lengths in days, first one first; empty: the scoring window (90 days) and 365.
    windows = c.ListOfItems(c.Type(int), default=[])
    all_time = c.Type(bool, default=True)  # add an "All time" tab
    top = c.Type(int, default=10)  # entries in the top-teachers and top-learners tables
    list_limit = c.Type(int, default=20)  # pages listed under growth and knowledge health
    ranking_rows = c.Type(int, default=50)  # rows of the ranking table, and of each set a reader adds (the page stays light)
    unreviewed_days = c.Type(int, default=180)  # pages only their authors touched within this time
    review_interval_days = c.Type(int, default=365)  # knowledge health: reviewed within this time
    export = c.Type(bool, default=True)  # add <export_dir>/stats.json and people.csv
    export_dir = c.Type(str, default="committed")
    home = c.Type(bool, default=True)  # the committed group and recent pages under the home page's heading


class LeaderboardPlugin(BasePlugin[_Config]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        path = self.config.path.strip()
        if not path.endswith(".md") or path.startswith("/") or ".." in path.split("/"):
            raise PluginError(f"committed/leaderboard: `path: {self.config.path}` must be a relative "
                              "path to a .md file inside docs_dir, e.g. `leaderboard.md`.")
        for name in ("top", "list_limit", "ranking_rows", "unreviewed_days", "review_interval_days"):
            if self.config[name] < 1:
                raise PluginError(f"committed/leaderboard: `{name}` must be a positive number of "
                                  f"{'days' if 'days' in name else 'entries'}.")
        if any(d < 1 for d in self.config.windows) or len(set(self.config.windows)) != len(self.config.windows):
            raise PluginError("committed/leaderboard: `windows` must list distinct positive numbers of days, "
                              "e.g. [90, 365].")
        export_dir = self.config.export_dir.strip("/")
        if not export_dir or ".." in export_dir.split("/"):
            raise PluginError("committed/leaderboard: `export_dir` must be a folder inside the site, "
                              "e.g. `committed`.")
        shared.add_script(config)
        return config

    def on_build_error(self, *, error: Exception) -> None:
        shared.abandon()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        shared.start(config)

    @event_priority(-60)  # after other plugins (committed/profiles included) added their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        shared.add_script_file(config, files)
        path = self.config.path.strip()
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"committed/leaderboard: '{path}' already exists in docs_dir: the leaderboard "
                              "is generated there. Remove the file or set the plugin's `path` to another page.")
        # In place now (the navigation and the page's links need them); made by the worker.
        self._exports = [File.generated(config, site_path, content="")
                         for site_path in self._export_paths(config)]
        for file in self._exports:
            files.append(file)
        files.append(File.generated(config, path, content=shared.PLACEHOLDER))
        return files

    @staticmethod
    def _export_paths(config: MkDocsConfig) -> list[str]:
        options = shared.job(config).request.leaderboard
        return list(export_paths(options).values()) if options is not None else []

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return shared.generated_markdown(page, config, markdown)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri != shared.job(config).request.home:
            return html
        return shared.under_heading(html, HOME)  # filled in on_post_page: not words for search to index

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri != shared.job(config).request.home:
            return output
        return output.replace(HOME, shared.outputs(config).home, 1)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        made = shared.outputs(config).exports
        for file in self._exports:
            file.content_string = made[file.src_uri]
        shared.add_fragments(config, files)  # the ranking's further rows
        return env

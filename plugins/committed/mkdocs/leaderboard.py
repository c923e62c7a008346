"""``committed/leaderboard``: the leaderboard page and the stats export (JSON and CSV).

Thin: the knowledge base comes from ``committed.mkdocs.shared`` (loaded once per build, shared
with ``committed/profiles``), the figures from ``committed.analytics``, the page from
``committed.render.leaderboard`` and the files from ``committed.exports``. Everything is added as
generated files; nothing is written into ``docs/``.
"""

from __future__ import annotations

import posixpath
import time

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..analytics import analyze, window_for
from ..exports import to_csv, to_json
from ..render.leaderboard import render_page
from . import shared

log = get_plugin_logger(__name__)


class _Config(base.Config):
    path = c.Type(str, default="leaderboard.md")  # where the page goes, docs-relative
    title = c.Type(str, default="Leaderboard")
    # Window lengths in days, first one first; empty: the scoring window (90 days) and 365.
    windows = c.ListOfItems(c.Type(int), default=[])
    all_time = c.Type(bool, default=True)  # add an "All time" tab
    top = c.Type(int, default=10)  # entries in the top-teachers and top-learners tables
    list_limit = c.Type(int, default=20)  # pages listed under growth and knowledge health
    unreviewed_days = c.Type(int, default=180)  # pages only their authors touched within this time
    review_interval_days = c.Type(int, default=365)  # knowledge health: reviewed within this time
    export = c.Type(bool, default=True)  # add <export_dir>/stats.json and people.csv
    export_dir = c.Type(str, default="committed")


class LeaderboardPlugin(BasePlugin[_Config]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        path = self.config.path.strip()
        if not path.endswith(".md") or path.startswith("/") or ".." in path.split("/"):
            raise PluginError(f"committed/leaderboard: `path: {self.config.path}` must be a relative "
                              "path to a .md file inside docs_dir, e.g. `leaderboard.md`.")
        for name in ("top", "list_limit", "unreviewed_days", "review_interval_days"):
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
        return config

    @event_priority(-60)  # after other plugins (committed/profiles included) added their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        kb = shared.knowledge(config, files)
        path = self.config.path.strip()
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"committed/leaderboard: '{path}' already exists in docs_dir: the leaderboard "
                              "is generated there. Remove the file or set the plugin's `path` to another page.")
        if self.config.windows:
            wins = [window_for(d) for d in self.config.windows]
        else:
            wins = [w for w in kb.windows() if w.days is not None]
        if self.config.all_time:
            wins.append(window_for(None))
        if not wins:
            raise PluginError("committed/leaderboard: no window to show: list `windows` or set `all_time: true`.")
        options = dict(top=self.config.top, list_limit=self.config.list_limit,
                       unreviewed_days=self.config.unreviewed_days, review_interval_days=self.config.review_interval_days)
        analytics = shared.rendered(kb, f"leaderboard:{wins}:{sorted(options.items())}",
                                    lambda: analyze(kb, wins, **options))
        export_dir = self.config.export_dir.strip("/")
        links = {}
        if self.config.export:
            json_path = posixpath.join(export_dir, "stats.json")
            csv_path = posixpath.join(export_dir, "people.csv")
            files.append(File.generated(config, json_path, content=to_json(analytics)))
            files.append(File.generated(config, csv_path, content=to_csv(analytics)))
            links = {"stats.json": json_path, "people.csv": csv_path}
        content = render_page(analytics, kb.settings, src_uri=path, title=self.config.title,
                              export_links=links, profiles="committed/profiles" in config.plugins)
        files.append(File.generated(config, path, content=content))
        shared.add_time("leaderboard", started)
        return files

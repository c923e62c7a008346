"""``committed/guidelines``: show ``guidelines.yml`` as the site's "Contribution guidelines" page.

A thin layer: the policy is loaded and rendered by core code (``committed.lint``); this plugin only
adds the result as a generated page, so nothing is written into ``docs/``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..errors import CommittedError
from ..lint.page import render_page
from ..lint.policy import load_policy

log = get_plugin_logger(__name__)


class _Config(base.Config):
    policy = c.Type(str, default="guidelines.yml")  # relative to mkdocs.yml
    path = c.Type(str, default="contributing/guidelines.md")  # where the page appears in the site


class GuidelinesPlugin(BasePlugin[_Config]):
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        policy_path = Path(config.config_file_path or ".").parent / self.config.policy
        try:
            policy = load_policy(policy_path)
        except CommittedError as exc:
            raise PluginError(f"committed/guidelines: {exc}") from exc
        custom_dir = config.theme.custom_dir
        content = render_page(policy, custom_dir)
        if files.get_file_from_path(self.config.path) is not None:
            raise PluginError(f"committed/guidelines: docs/{self.config.path} exists; the page is generated "
                              "there. Remove the file or set the plugin's `path` option.")
        files.append(File.generated(config, self.config.path, content=content))
        log.debug("added %s from %s", self.config.path, policy_path)
        return files

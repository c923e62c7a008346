"""Jinja2 templates for every page and fragment Committed writes.

Templates live in ``committed/templates``; a site overrides any of them by putting a file of the
same name under ``<custom_dir>/committed/``. Autoescaping is on for every template, so names,
bios, titles and commit subjects always show as text.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup


def _tojson_attr(value: Any) -> Markup:
    return Markup(json.dumps(value, ensure_ascii=True, sort_keys=True)
                  .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def yaml_string(value: Any) -> Markup:
    """A YAML scalar that holds ``value`` verbatim (JSON strings are valid YAML)."""
    return _tojson_attr(str(value))


@lru_cache(maxsize=8)
def environment(custom_dir: str | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if custom_dir:
        loaders.append(jinja2.FileSystemLoader(str(Path(custom_dir) / "committed")))
    loaders.append(jinja2.PackageLoader("committed", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml_string"] = yaml_string
    env.filters["json_attr"] = _tojson_attr
    return env


def render(template: str, custom_dir: str | None = None, **context: Any) -> str:
    return environment(custom_dir).get_template(template).render(**context)

"""Jinja2 templates for every page and fragment Committed writes.

Templates live in ``committed/templates``; a site overrides any of them by putting a file of the
same name under ``<custom_dir>/committed/``. Autoescaping is on for every template, so names,
bios, titles and commit subjects always show as text.

A template is compiled the first time a process renders it, and kept compiled in Jinja2's own
per-user folder in the temporary directory (``FileSystemBytecodeCache``'s default,
``$TMPDIR/_jinja2-cache-<uid>``: made mode 0700, and used only while it is a real folder of this
user's with that mode, so nobody else can put code there), so a later build, in this process or
another, loads it instead of compiling it (17 templates, 0.15-0.2 s of every warm build, before).
A compiled template is code, so it is never kept in the cache folder, which CI restores from
elsewhere; nor in the package's ``__pycache__``, where Python keeps nothing under
``PYTHONDONTWRITEBYTECODE`` (set here and on CI) and which may not be writable. Precompiling at
install time would miss an editable install, a site's overrides and every edit of a template. A
compiled template is found by a digest of Jinja2's version, the options of Committed's
environment (they shape the compiled code), the template's name and file, and checked against the
digest of its source: an edited template, an override or a new Jinja2 is compiled again, never
run stale. A temporary directory that is not safe keeps nothing (every process compiles).
"""

from __future__ import annotations

import hashlib
import json
import logging
import traceback
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup

from .errors import CommittedError

log = logging.getLogger("committed")
TEMPLATES = Path(__file__).resolve().parent / "templates"  # Committed's own (PackageLoader's "templates")
_OPTIONS: dict[str, Any] = {"autoescape": True, "undefined": jinja2.StrictUndefined, "keep_trailing_newline": True,
                            "trim_blocks": True, "lstrip_blocks": True}


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Compiled templates in ``folder`` (None: Jinja2's per-user temporary folder), under a key
    that names the Jinja2 and the options that compiled them (see the module)."""

    def __init__(self, folder: str | None = None) -> None:
        super().__init__(folder, "committed-%s.jinja2")
        options = sorted((name, getattr(value, "__qualname__", value)) for name, value in _OPTIONS.items())
        self._salt = repr((jinja2.__version__, options))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(f"{self._salt}|{name}|{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()
        if not isinstance(bucket.code, CodeType | None):  # a marshal of anything but code: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:  # the folder went away (a temporary directory cleaned): compiled again next time
            log.info("committed: cannot keep a compiled template in %s (%s).", self.directory, exc.strerror)


def _bytecode_cache(folder: str | None) -> jinja2.BytecodeCache | None:
    try:
        return _Compiled(folder)
    except (RuntimeError, OSError) as exc:  # a temporary folder that is not this user's alone
        log.info("committed: compiled templates are not kept (%s).", exc)
        return None


FOLDER: str | None = None  # where compiled templates are kept; None: Jinja2's per-user temporary folder


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
        bytecode_cache=_bytecode_cache(FOLDER),
        **_OPTIONS,  # autoescaping for every template, whatever its extension
    )
    env.filters["yaml_string"] = yaml_string
    env.filters["json_attr"] = _tojson_attr
    return env


def render(template: str, custom_dir: str | None = None, **context: Any) -> str:
    """``template`` rendered with ``context``. A template that cannot be (an override written for
    another version of Committed, a syntax error) is a CommittedError naming its file and line."""
    try:
        return environment(custom_dir).get_template(template).render(**context)
    except jinja2.TemplateError as exc:
        raise _template_error(template, exc) from None


def _template_error(template: str, exc: jinja2.TemplateError) -> CommittedError:
    """Where in which template file ``exc`` arose (Jinja2 gives a compiled template's frames the
    template's own file and line), and what to do about it."""
    path: str | None = getattr(exc, "filename", None)
    line: int | None = getattr(exc, "lineno", None)
    if path is None:
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename.endswith(".j2"):  # the innermost template frame wins
                path, line = frame.f_code.co_filename, lineno
    path = path or template
    ours = Path(path).resolve().is_relative_to(TEMPLATES)
    hint = ("this is a bug in Committed: please report it." if ours else
            f"this override cannot render Committed's {template}: compare it with Committed's own template of the same "
            "name (committed/templates/ in the installed package), whose variables it must use, or remove it.")
    return CommittedError(f"template {template} cannot be rendered: {exc.message or type(exc).__name__}",
                          path=path, line=line, hint=hint)

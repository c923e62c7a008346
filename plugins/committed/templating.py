"""Jinja2 templates for every page and fragment Committed writes.

Templates live in ``committed/templates``; a site overrides any of them by putting a file of the
same name under ``<custom_dir>/committed/``. Autoescaping is on for every template, so names,
bios, titles and commit subjects always show as text.

A template is compiled the first time a process renders it (a warm build renders only the few
fragments the memo does not keep). Committed's own templates, compiled, are kept beside its
Python bytecode, in the package's ``__pycache__``, where Python keeps code already: a compiled
template is code, so it is never kept in the cache folder, which CI restores from elsewhere (a
site's overrides are compiled in every process). Each file is named by the template and says, on
its first line, the Python, Jinja2 and Committed (code and templates, by content) it was compiled
by and the digest of the template's source; any other file is ignored and written again.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup

from . import kept

TEMPLATES = kept.PACKAGE / "templates"
COMPILED = kept.PACKAGE / "__pycache__"


class _Compiled(jinja2.BytecodeCache):
    """Committed's own templates, compiled, in ``folder`` (see the module)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._own: set[str] = set()  # the keys of the buckets of Committed's own templates
        self._magic = b""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = Bucket(environment, self.get_cache_key(name, filename), self.get_source_checksum(source))
        if filename is not None and Path(filename).resolve().is_relative_to(TEMPLATES):  # not a site's override
            self._own.add(bucket.key)
            self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        head = self._head(bucket)
        if data.startswith(head):
            try:
                code = marshal.loads(data[len(head):])
            except (ValueError, EOFError, TypeError):
                return
            if isinstance(code, CodeType):
                bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if sys.dont_write_bytecode or bucket.code is None or bucket.key not in self._own:
            return
        path = self._path(bucket)
        tmp = path.with_name(f".{path.name}-{os.getpid()}.tmp")
        try:
            self.folder.mkdir(exist_ok=True)
            tmp.write_bytes(self._head(bucket) + marshal.dumps(bucket.code))
            os.replace(tmp, path)
        except OSError:  # a package folder that cannot be written: templates are compiled in each process
            tmp.unlink(missing_ok=True)

    def _head(self, bucket: Bucket) -> bytes:
        if not self._magic:
            self._magic = repr((importlib.util.MAGIC_NUMBER, jinja2.__version__, kept.code_digest())).encode()
        return self._magic + b"\0" + bucket.checksum.encode() + b"\n"

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"committed-template-{bucket.key[:20]}.jinja2"


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
        bytecode_cache=_Compiled(COMPILED),
    )
    env.filters["yaml_string"] = yaml_string
    env.filters["json_attr"] = _tojson_attr
    return env


def render(template: str, custom_dir: str | None = None, **context: Any) -> str:
    return environment(custom_dir).get_template(template).render(**context)

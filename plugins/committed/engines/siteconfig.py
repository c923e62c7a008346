"""A site's ``mkdocs.yml`` as ``committed build`` needs it, read without any site generator.

Only what Committed uses is read: the folders, the forge, the theme's ``custom_dir`` and the
options of the ``committed/*`` plugins. Python tags (``!!python/name:...``) are kept as text and
``!ENV`` is resolved as MkDocs does; ``INHERIT`` is followed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import CommittedError
from ..publication import Publication
from ..site import Request
from .options import request_from, settings_from

PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class _Loader(yaml.SafeLoader):
    """Safe, and lenient with the tags a site's config may hold: Committed never runs them."""


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> str:
    return f"!!python/{suffix}"


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names: list[Any] = ([loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode)
                        else loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [])
    default = names.pop() if len(names) > 1 else None
    return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
_Loader.add_constructor("!ENV", _env_tag)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))  # type: ignore[arg-type]


@dataclass(frozen=True)
class SiteConfig:
    file: Path  # the configuration file, absolute
    docs_dir: Path  # absolute
    site_dir: Path  # absolute
    repo_url: str | None = None
    edit_uri: str | None = None
    use_directory_urls: bool = True
    custom_dir: str | None = None  # as MkDocs passes it: joined to the config's folder
    plugins: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # committed/* -> options
    extra_css: tuple[str, ...] = ()
    not_in_nav: str = ""
    site_url: str | None = None
    has_nav: bool = False  # the site writes its own `nav:`
    exclude_docs: str = ""  # the site's `exclude_docs` lines (Committed leaves those pages out)
    draft_docs: str = ""

    @property
    def root(self) -> Path:
        return self.file.parent

    def options(self, plugin: str) -> Mapping[str, Any] | None:
        """The options of ``committed/<plugin>`` as written (defaults left out), None when unused."""
        return self.plugins.get(f"committed/{plugin}")

    def pages(self) -> tuple[str, ...]:
        """The docs-relative pages, as MkDocs lists them (dot files and folders and a top-level
        ``templates/`` left out; a README.md beside an index.md too)."""
        found: list[str] = []
        for folder, dirs, files in os.walk(self.docs_dir):
            rel = Path(folder).relative_to(self.docs_dir)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (rel == Path(".") and d == "templates"))
            names = {f for f in files if not f.startswith(".") and f.lower().endswith(PAGE_SUFFIXES)}
            if "index.md" in names:
                names.discard("README.md")
            found += [(rel / name).as_posix() for name in names]
        return tuple(sorted(found))

    def request(self) -> Request:
        """What this site asks of Committed: equal to what its MkDocs plugins ask, so the same
        fingerprint and the same kept outputs in ``.cache/committed/``."""
        profiles, leaderboard = self.options("profiles"), self.options("leaderboard")
        settings = settings_from(root=self.root, docs_dir=self.docs_dir, profiles=profiles, leaderboard=leaderboard,
                                 repo_url=self.repo_url, use_directory_urls=self.use_directory_urls,
                                 custom_dir=self.custom_dir,
                                 publication=Publication(exclude=_lines(self.exclude_docs), drafts=_lines(self.draft_docs)))
        return request_from(settings, self.pages(), profiles, leaderboard)


def _lines(spec: str) -> tuple[str, ...]:
    return tuple(line for line in spec.splitlines() if line.strip())


def find_config(folder: Path) -> Path:
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    raise CommittedError(f"no mkdocs.yml in {folder}.", hint="run the command in the knowledge base's folder or pass -f CONFIG.")


def _load(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data: Any = yaml.load(fh, Loader=_Loader)  # noqa: S506 - a safe loader
    except OSError as exc:
        raise CommittedError(f"cannot read the file ({exc.strerror}).", path=path) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CommittedError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}.", path=path,
                             line=mark.line + 1 if mark else None) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CommittedError("the file must be a mapping of `key: value` lines.", path=path, line=1)
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        base = (path.parent / parent).resolve()
        if base in seen:
            raise CommittedError(f"`INHERIT: {parent}` inherits from itself.", path=path)
        data = _merge(_load(base, (*seen, path)), data)
    return dict(data)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _committed_plugins(raw: Any, path: Path) -> dict[str, Mapping[str, Any]]:
    items = list(raw.items()) if isinstance(raw, dict) else [
        next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        for item in (raw or [])]
    plugins: dict[str, Mapping[str, Any]] = {}
    for name, options in items:
        if isinstance(name, str) and name.startswith("committed/"):
            if options is not None and not isinstance(options, dict):
                raise CommittedError(f"the options of the `{name}` plugin must be a mapping.", path=path)
            if not (options or {}).get("enabled", True):
                continue
            plugins[name] = {k: v for k, v in (options or {}).items() if k != "enabled"}
    return plugins


def load_site_config(path: Path) -> SiteConfig:
    path = path.resolve()
    data = _load(path)
    root = path.parent
    theme: dict[str, Any] = data["theme"] if isinstance(data.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir")
    docs = (root / str(data.get("docs_dir") or "docs")).resolve()
    if not docs.is_dir():
        raise CommittedError(f"the docs folder {docs} does not exist.", path=path,
                             hint="set `docs_dir` to the folder that holds the pages.")
    return SiteConfig(
        file=path, docs_dir=docs, site_dir=(root / str(data.get("site_dir") or "site")).resolve(),
        repo_url=data.get("repo_url"), edit_uri=data.get("edit_uri"),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        custom_dir=os.path.join(root, custom_dir) if isinstance(custom_dir, str) else None,
        plugins=_committed_plugins(data.get("plugins"), path),
        extra_css=tuple(str(c) for c in data.get("extra_css") or ()),
        not_in_nav=str(data.get("not_in_nav") or ""), site_url=data.get("site_url"), has_nav=bool(data.get("nav")),
        exclude_docs=str(data.get("exclude_docs") or ""), draft_docs=str(data.get("draft_docs") or ""))

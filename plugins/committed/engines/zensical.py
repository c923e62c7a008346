"""The Zensical adapter: ``zensical build`` of a build copy of the docs folder.

Zensical reads ``mkdocs.yml`` but runs no third-party plugin, so Committed's pages and blocks are
put into a build copy (``committed.engines.stage``) under ``<cache>/stage/zensical/``, next to a
small configuration that inherits the site's own (``INHERIT``) and only changes the folders, the
stylesheets, the navigation (profiles are left out of it) and the theme overrides. The adapter keeps
to Zensical's command line. Two things Zensical does not do are done on its output, so the site
equals the MkDocs build: the sitemap gets each page's git date, and the search index leaves out
what the MkDocs build never indexes (a profile's scores and history). The finished site replaces
``site_dir`` in one step; a failed build leaves the old site as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import yaml

from ..errors import CommittedError
from ..urls import page_url
from .siteconfig import SiteConfig
from .stage import Plan, plan, write

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_THEME = _TEMPLATES / "theme"  # as committed/authoring adds it
_ZENSICAL = _TEMPLATES / "zensical"  # no edit button on generated pages
_LOC = re.compile(r"(<loc>([^<]*)</loc>)")


@dataclass(frozen=True)
class Result:
    site: Path
    pages: int
    written: int  # staged files rewritten since the last build (the rest were unchanged)
    reused: bool  # Committed's outputs came from the cache
    seconds: dict[str, float]


def stage_folder(site: SiteConfig) -> Path:
    cache = site.request().settings.cache_path
    return (cache if cache is not None else site.root / ".cache" / "committed") / "stage" / "zensical"


def build(site: SiteConfig, out: Path | None = None, *, strict: bool = False) -> Result:
    started = time.perf_counter()
    made = plan(site)  # every check on the input happens here, before anything is written
    planned = time.perf_counter()
    folder = stage_folder(site)
    folder.mkdir(parents=True, exist_ok=True)
    written, _ = write(made.files, folder / "docs")
    write(_overrides(site), folder / "overrides")
    config = folder / "mkdocs.yml"
    config.write_text(_config(site, made), encoding="utf-8")
    staged = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(config), *(["--strict"] if strict else [])],
                          cwd=folder, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    if proc.returncode != 0:
        said = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-20:]
        raise CommittedError("zensical build failed; the site was left as it was:\n  " + "\n  ".join(said))
    built = time.perf_counter()
    _fix_sitemap(folder / "site", site, made)
    _fix_search(folder / "site", site, made)
    target = (out or site.site_dir).resolve()
    _publish(folder / "site", target)
    done = time.perf_counter()
    return Result(target, made.pages, written, made.reused,
                  {"committed": planned - started, "stage": staged - planned, "zensical": built - staged,
                   "publish": done - built})


def _overrides(site: SiteConfig) -> dict[str, str | Path]:
    """The theme overrides: Committed's (when `repo_facts` is off, as the plugin does), then the
    site's own custom_dir on top (it still wins)."""
    files: dict[str, str | Path] = {}
    options = site.options("authoring")
    folders = [_ZENSICAL]
    if options is not None and not options.get("repo_facts", False):
        folders.append(_THEME)
    if site.custom_dir:
        folders.append(Path(site.custom_dir))
    for base in folders:
        files.update({p.relative_to(base).as_posix(): p for p in sorted(base.rglob("*")) if p.is_file()})
    return files


def _config(site: SiteConfig, made: Plan) -> str:
    profiles = site.options("profiles")
    prefix = str((profiles or {}).get("prefix", "people")).strip("/")
    hidden = [f"/{prefix}/*.md", f"!/{prefix}/index.md"] if profiles is not None else []
    config = {
        "INHERIT": str(site.file),
        "docs_dir": "docs",
        "site_dir": "site",
        "extra_css": list(made.extra_css),  # added to the site's own (INHERIT appends lists)
        "extra_javascript": list(made.extra_javascript),
        "theme": {"custom_dir": "overrides"},
        "not_in_nav": "\n".join([*site.not_in_nav.splitlines(), *hidden]) + "\n",
    }
    if made.nav is not None:
        config["nav"] = made.nav
    head = "# Made by `committed build --engine zensical`: the site's own configuration, with Committed's pages.\n"
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _url_to_page(site: SiteConfig, made: Plan) -> dict[str, str]:
    return {page_url(rel, site.use_directory_urls): rel for rel in made.lastmod}


def _fix_sitemap(folder: Path, site: SiteConfig, made: Plan) -> None:
    """Each page's <lastmod>, the date of its last change in git (what the MkDocs build writes)."""
    path = folder / "sitemap.xml"
    if not made.lastmod or not path.is_file():
        return
    pages = _url_to_page(site, made)
    base = (site.site_url or "").rstrip("/") + "/"

    def dated(match: re.Match[str]) -> str:
        rel = pages.get(unquote(match.group(2)).removeprefix(base))
        return match.group(1) if rel is None else f"{match.group(1)}\n        <lastmod>{made.lastmod[rel]}</lastmod>"

    path.write_text(_LOC.sub(dated, path.read_text("utf-8")), encoding="utf-8")


def _fix_search(folder: Path, site: SiteConfig, made: Plan) -> None:
    """Leave out of the search index the sections the MkDocs build never indexes."""
    path = folder / "search.json"
    if not made.unsearched or not path.is_file():
        return
    left_out = {f"{page_url(rel, site.use_directory_urls)}#{anchor}"
                for rel, anchors in made.unsearched.items() for anchor in anchors}
    index = json.loads(path.read_text("utf-8"))
    index["items"] = [item for item in index.get("items", []) if item.get("location") not in left_out]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _publish(built: Path, target: Path) -> None:
    """Put a copy of the built site at ``target`` in one step (Zensical keeps its own for next time)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    shutil.copytree(built, fresh, dirs_exist_ok=True)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(fresh, target)
        shutil.rmtree(old)
    else:
        os.replace(fresh, target)

"""What the Committed MkDocs plugins share: one ``site.make`` per build, run once.

The scoring options live on the ``committed/profiles`` plugin (when present); every Committed
plugin of the same build gets the same Outputs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import time
import weakref
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs import __version__ as mkdocs_version
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from ..config import Settings
from ..engines.options import request_from, settings_from
from ..errors import CommittedError
from ..kept import read, write
from ..publication import Publication
from ..pycache import worker_env
from ..site import (
    DEFERRED,
    Outputs,
    Request,
    check_pages,
    fingerprint,
    known_profiles,
    make,
    save,
    saved,
)


def _options(config: MkDocsConfig, name: str) -> dict[str, Any] | None:
    plugin = config.plugins.get(name)
    return dict(plugin.config) if plugin is not None else None


def settings(config: MkDocsConfig) -> Settings:
    return settings_from(root=Path(config.config_file_path).parent, docs_dir=Path(config.docs_dir),
                         profiles=_options(config, "committed/profiles"),
                         leaderboard=_options(config, "committed/leaderboard"), repo_url=config.repo_url,
                         use_directory_urls=config.use_directory_urls,
                         custom_dir=config.theme.custom_dir if hasattr(config.theme, "custom_dir") else None,
                         publication=Publication(exclude=_patterns(config.exclude_docs),
                                                 drafts=_patterns(config.draft_docs)))


def _patterns(spec: Any) -> tuple[str, ...]:
    """The lines of an ``exclude_docs``-style option (a pathspec ``GitIgnoreSpec``, or None)."""
    return tuple(str(p.pattern) for p in spec.patterns) if spec is not None else ()


def request(config: MkDocsConfig) -> Request:
    """What this build asks of Committed, from the options of the Committed plugins it has."""
    found = settings(config)
    return request_from(found, _pages(config, found.cache_path), _options(config, "committed/profiles"),
                        _options(config, "committed/leaderboard"))


def _pages(config: MkDocsConfig, cache: Path | None) -> tuple[str, ...]:
    """The site's own documentation pages, as MkDocs' ``get_files`` finds them.

    ``get_files`` makes a File per file of the docs folder (0.06 s at 2,000 pages), and decides
    from their names and the options below alone: its answer is kept in the cache under a digest
    of those, and a build whose docs folder has the same names (the usual warm build, which
    changed some pages' text) lists the folder without making a File.
    """
    names = []
    for folder, subfolders, files in os.walk(config.docs_dir, followlinks=True):  # as get_files walks
        subfolders.sort()
        names.append("\0".join([os.path.relpath(folder, config.docs_dir), *sorted(files)]))
    key = hashlib.sha1(repr((names, config.docs_dir, config.site_dir, config.use_directory_urls,
                             _patterns(config.exclude_docs), _patterns(config.draft_docs),
                             _patterns(config.not_in_nav), mkdocs_version)).encode()).hexdigest()
    kept = read(cache, PAGES, key)
    if isinstance(kept, list) and all(isinstance(page, str) for page in kept):
        return tuple(kept)
    pages = tuple(sorted(f.src_uri for f in get_files(config).documentation_pages() if f.generated_by is None))
    write(cache, PAGES, key, list(pages))
    return pages


PAGES = "mkdocs-pages.json"  # _pages' answer, in the cache folder


class _Job:
    """``site.make`` for one build: in a worker process started at ``on_pre_build`` (MkDocs goes
    on rendering the site's own pages meanwhile), or reused from the previous build of this
    process (``mkdocs serve``) when none of its inputs changed."""

    def __init__(self, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        self.config = weakref.ref(config)
        self.request = request(config)
        self._made: Outputs | None = None  # made or reused before result() was asked for
        try:
            # Input a user must fix stops the build here, before MkDocs cleans site/.
            self.fingerprint = fingerprint(self.request)
            # validates the contributor files (unless a build of these very inputs did)
            self.known_profiles = known_profiles(self.request.settings, self.fingerprint)
            # The same inputs as a build that passed the checks: its outputs, kept in memory
            # (mkdocs serve) or in the cache.
            reusing = time.perf_counter()
            self._made = (_LAST["outputs"] if _LAST.get("fingerprint") == self.fingerprint
                          else saved(self.request.settings.cache_path, self.fingerprint))
            reused = time.perf_counter() - reusing
            if self._made is None:
                check_pages(self.request)
        except CommittedError as exc:
            raise PluginError(f"committed: {exc}") from exc
        self.outputs: Outputs | None = None  # once result() has been asked for
        self.pinned = False  # whether MkDocs' build date was pinned to the outputs' newest commit
        self.proc: subprocess.Popen[bytes] | None = None
        # Seconds by stage: the worker's, or the reuse of earlier outputs; then MkDocs' process's.
        self.stages: dict[str, float] = {"cached": reused} if self._made is not None else {}
        if self._made is None and os.environ.get("COMMITTED_WORKER", "process") == "inline":
            self._made = self._inline()
            save(self.request.settings.cache_path, self.fingerprint, self._made)
        elif self._made is None:
            try:
                self.proc = self._spawn()
            except OSError as exc:  # no process to be had (a sandbox, an embedded Python): work here
                logging.getLogger("committed").info("committed: no worker process (%s); working in MkDocs' process.", exc)
                self._made = self._inline()
        self.times = {"check": time.perf_counter() - started - reused}

    def _spawn(self) -> subprocess.Popen[bytes]:
        # Files, not pipes, both ways: the worker never waits for MkDocs to read its answer, and
        # MkDocs never waits for the worker to read the request (more than a pipe holds at a few
        # thousand pages, and the worker reads it only once Python and Committed are imported).
        self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 - closed in _collect()
        with tempfile.TemporaryFile() as question:
            pickle.dump((self.request, self.fingerprint), question, protocol=pickle.HIGHEST_PROTOCOL)
            question.seek(0)
            return subprocess.Popen([sys.executable, "-m", "committed.worker"], stdin=question,
                                    stdout=self._out, stderr=self._err, cwd=self.request.settings.root,
                                    env=worker_env(os.environ))

    def _inline(self) -> Outputs:
        try:
            return make(self.request)
        except CommittedError as exc:
            raise PluginError(f"committed: {exc}") from exc

    def result(self) -> Outputs:
        """The outputs, once the worker is done; what the core said on the way is logged here."""
        if self.outputs is not None:
            return self.outputs
        started = time.perf_counter()
        value = self._made if self._made is not None else self._collect()
        self.stages = self.stages or dict(value.timings)
        self.times["waited"] = time.perf_counter() - started
        for level, text in value.messages:
            logging.getLogger("committed").log(level, "%s", text)
        _LAST.update(fingerprint=self.fingerprint, outputs=value)
        self.outputs = value
        return value

    def _collect(self) -> Outputs:
        assert self.proc is not None
        code = self.proc.wait()
        self._out.seek(0)
        try:
            status, value = pickle.load(self._out)
        except Exception:  # noqa: BLE001 - the worker died before answering: say why, then do its work here
            self._err.seek(0)
            err = self._err.read().decode("utf-8", "replace").strip().splitlines()
            logging.getLogger("committed").warning(
                "committed: the worker process stopped without an answer (exit code %s: %s); making the "
                "pages in MkDocs' own process instead. Please report this.", code, err[-1] if err else "no output")
            return self._inline()
        finally:
            self._out.close()
            self._err.close()
        if status == "error":
            raise PluginError(f"committed: {value}")
        if status == "saved":  # kept in the cache: read a piece at a time, as a build with nothing changed does
            timings, rendered = value
            value = saved(self.request.settings.cache_path, self.fingerprint)
            if value is None:  # gone already (another build's, in the same cache): make them here
                return self._inline()
            value.timings, value.rendered = timings, rendered
        outputs: Outputs = value
        return outputs


MARK = DEFERRED  # where HTML goes in after search indexed a page
SORT_JS = "assets/committed/sort.js"  # sortable tables, in the browser
_ASSETS = Path(__file__).resolve().parent.parent / "assets"


def add_script(config: MkDocsConfig) -> None:
    """The sortable-tables script on every page (once, whichever plugins ask)."""
    if SORT_JS not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(SORT_JS)


def add_script_file(config: MkDocsConfig, files: Files) -> None:
    if files.get_file_from_path(SORT_JS) is None:
        files.append(File.generated(config, SORT_JS, abs_src_path=str(_ASSETS / "sort.js")))


def add_fragments(config: MkDocsConfig, files: Files) -> None:
    """The fragments pages load on demand (an office's people, the ranking's further rows), once,
    whichever plugins ask."""
    for src, fragment in outputs(config).fragments.items():
        if files.get_file_from_path(src) is None:
            files.append(File.generated(config, src, content=fragment))


def under_heading(html: str, block: str) -> str:
    """``block`` under a page's first heading and the "Add a page" bar that may follow it (at the
    top when the page has no heading of its own)."""
    head, sep, rest = html.partition("</h1>")
    if not sep:
        head, rest = "", html
    bar = '<div class="committed-actions">'
    if rest.lstrip().startswith(bar):
        end = rest.find("</div>") + len("</div>")
        return f"{head}{sep}{rest[:end]}\n{block}{rest[end:]}"
    return f"{head}{sep}\n{block}{rest}"
PLACEHOLDER = "<!--committed:made-by-the-worker-->"  # a generated page's source until it is made


def generated_markdown(page: Page, config: MkDocsConfig, markdown: str) -> str:
    """The Markdown of a page Committed generates (people index, leaderboard), in place of its
    placeholder: the page is in the navigation from the start, its content comes from the worker."""
    if markdown.strip() != PLACEHOLDER:
        return markdown
    content = outputs(config).pages.get(page.file.src_uri)
    if content is None:
        return markdown
    body, page.meta = meta.get_data(content)
    return body


_BUILD: dict[str, Any] = {"job": None, "epoch": None, "extra": {}}
_LAST: dict[str, Any] = {}  # the previous build's fingerprint and outputs (mkdocs serve)


def abandon() -> None:
    """The build failed elsewhere: stop the worker rather than let it finish for nothing."""
    current = _BUILD["job"]
    if current is not None and current.proc is not None and current.outputs is None:
        current.proc.kill()
        current.proc.wait()
    _BUILD["job"] = None


def start(config: MkDocsConfig) -> None:
    """Start making Committed's pages for this build (once, however many plugins ask)."""
    job(config)


def job(config: MkDocsConfig) -> _Job:
    """This build's job, started on the first call."""
    current = _BUILD["job"]
    if current is None or current.config() is not config:
        current = _Job(config)
        _BUILD.update(job=current, extra={})
    made: _Job = current
    return made


def outputs(config: MkDocsConfig) -> Outputs:
    """Committed's pages for this build, waiting for the worker if it is still busy."""
    current = job(config)
    out = current.result()
    if not current.pinned:  # once a build: pages ask for the outputs thousands of times
        pin_build_date(out.now)
        current.pinned = True
    return out


def pin_build_date(now: datetime | None) -> None:
    """Make MkDocs' build date the newest commit's (``SOURCE_DATE_EPOCH``, the reproducible-builds
    convention), unless the user set it: the same commit then builds the same sitemap, byte for
    byte, on any day."""
    ours = _BUILD.get("epoch")
    if now is None or os.environ.get("SOURCE_DATE_EPOCH", ours) != ours:
        return
    _BUILD["epoch"] = os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))


def add_time(key: str, started: float) -> None:
    """Account time spent in Committed's own code in MkDocs' process, for COMMITTED_TIMINGS_FILE."""
    extra = _BUILD["extra"]
    extra[key] = extra.get(key, 0.0) + time.perf_counter() - started


def write_timings() -> None:
    """Where COMMITTED_TIMINGS_FILE asks for it, write the time spent in Committed's own code:
    the worker's stages, and in MkDocs' process the checks, the wait for the worker and the
    page assembly. ``total`` is all of Committed's work, wherever it ran; ``waited`` is the part
    of it MkDocs' build stood still for."""
    target = os.environ.get("COMMITTED_TIMINGS_FILE")
    job = _BUILD["job"]
    if not target or job is None or job.outputs is None:
        return
    data = {**job.stages, **job.times, **_BUILD["extra"]}
    data["total"] = sum(v for k, v in data.items() if k != "waited")
    Path(target).write_text(json.dumps(data, indent=2, sort_keys=True))

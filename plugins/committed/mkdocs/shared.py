"""What the Committed MkDocs plugins share: one knowledge base per build, loaded once.

The scoring options live on the ``committed/profiles`` plugin (when present); every Committed
plugin of the same build gets the same KnowledgeBase.
"""

from __future__ import annotations

import os
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files

from ..config import Settings
from ..errors import CommittedError
from ..knowledge import KnowledgeBase, load
from ..scoring import ScoringConfig, Thresholds, Weights

T = TypeVar("T")
_BUILD: dict[str, Any] = {"config": None, "kb": None, "extra": {}, "epoch": None}


def settings(config: MkDocsConfig) -> Settings:
    profiles = config.plugins.get("committed/profiles")
    leaderboard = config.plugins.get("committed/leaderboard")
    options: dict[str, Any] = dict(profiles.config) if profiles is not None else {}
    custom_dir = config.theme.custom_dir if hasattr(config.theme, "custom_dir") else None
    scoring = ScoringConfig(
        weights=Weights(**(options.get("weights") or {})),
        thresholds=Thresholds(**(options.get("thresholds") or {})),
        window_days=int(options.get("window_days") or 90),
    )
    return Settings(
        root=Path(config.config_file_path).resolve().parent,
        docs_dir=str(Path(config.docs_dir).resolve()),
        contributors_dir=options.get("contributors_dir", "contributors"),
        cache_dir=options.get("cache_dir", ".cache/committed") or None,
        allow_shallow=bool(options.get("allow_shallow", False)),
        bot_names=tuple(options.get("bot_names") or Settings.bot_names),
        bot_emails=tuple(options.get("bot_emails") or Settings.bot_emails),
        scoring=scoring,
        people_prefix=options.get("prefix", "people").strip("/"),
        leaderboard_path=dict(leaderboard.config).get("path", "leaderboard.md") if leaderboard is not None else "leaderboard.md",
        repo_url=config.repo_url or "",
        use_directory_urls=config.use_directory_urls,
        custom_dir=custom_dir,
    )


def knowledge(config: MkDocsConfig, files: Files | None = None) -> KnowledgeBase:
    """The knowledge base of this build (loaded on the first call of the build)."""
    current = _BUILD["config"]() if _BUILD["config"] is not None else None
    if current is config and _BUILD["kb"] is not None:
        return _BUILD["kb"]
    if files is None:  # before on_files: the same discovery MkDocs is about to run (exclude_docs honoured)
        files = get_files(config)
    pages = sorted(f.src_uri for f in files.documentation_pages() if f.generated_by is None)
    try:
        kb = load(settings(config), pages)
    except CommittedError as exc:
        raise PluginError(f"committed: {exc}") from exc
    docs = os.path.relpath(config.docs_dir, Path(config.config_file_path).parent)
    unreadable = [f"{docs}/{info.path}: {info.problem}" for info in kb.pages.values() if info.problem]
    if unreadable:
        # MkDocs would stop on these with a traceback, after cleaning site/: say it first, plainly.
        raise PluginError("committed: pages MkDocs cannot read:\n  " + "\n  ".join(unreadable)
                          + "\n  How to fix: save each file as UTF-8 (or move binary files out of the docs folder).")
    _BUILD.update(config=weakref.ref(config), kb=kb, extra={})
    return kb


_RENDERED: dict[str, Any] = {"kb": None, "out": {}}


def rendered(kb: KnowledgeBase, key: str, make: Callable[[], T]) -> T:
    """``make()``, remembered for as long as the knowledge base is the same object: a rebuild in
    the same process (``mkdocs serve``) with unchanged inputs re-renders nothing."""
    if _RENDERED["kb"] is not kb:
        _RENDERED.update(kb=kb, out={})
    out = _RENDERED["out"]
    if key not in out:
        out[key] = make()
    return out[key]


def pin_build_date(kb: KnowledgeBase) -> None:
    """Make MkDocs' build date the newest commit's (``SOURCE_DATE_EPOCH``, the reproducible-builds
    convention), unless the user set it: the same commit then builds the same sitemap, byte for
    byte, on any day."""
    ours = _BUILD.get("epoch")
    if kb.now is None or os.environ.get("SOURCE_DATE_EPOCH", ours) != ours:
        return
    _BUILD["epoch"] = os.environ["SOURCE_DATE_EPOCH"] = str(int(kb.now.timestamp()))


def add_time(key: str, started: float) -> None:
    """Account time spent in Committed's own code (page generation) for COMMITTED_TIMINGS_FILE."""
    extra = _BUILD["extra"]
    extra[key] = extra.get(key, 0.0) + time.perf_counter() - started


def timings() -> dict[str, float]:
    return dict(_BUILD["extra"])

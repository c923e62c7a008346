"""What a build asks of Committed (``site.Request``), from the Committed plugins' options as a site's
configuration spells them.

The MkDocs plugins pass their validated options, ``committed build`` the raw ones from
``mkdocs.yml``; an option left out takes the plugin's default. Either way the same site gives the
same request, so the same fingerprint: every engine reuses the outputs another one left in the cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..config import Settings
from ..publication import Publication
from ..scoring_model import ScoringConfig, Thresholds, Weights
from ..site import LeaderboardOptions, Request

Options = Mapping[str, Any]
_BOARD = LeaderboardOptions()


def settings_from(*, root: Path, docs_dir: Path, profiles: Options | None, leaderboard: Options | None,
                  repo_url: str | None, use_directory_urls: bool, custom_dir: str | None,
                  publication: Publication | None = None) -> Settings:
    """The core's settings: ``root`` holds the site's configuration, ``docs_dir`` is absolute."""
    options = profiles or {}
    scoring = ScoringConfig(
        weights=Weights(**(options.get("weights") or {})),
        thresholds=Thresholds(**(options.get("thresholds") or {})),
        window_days=int(options.get("window_days") or 90),
    )
    return Settings(
        root=root.resolve(),
        docs_dir=str(docs_dir.resolve()),
        contributors_dir=options.get("contributors_dir", "contributors"),
        cache_dir=options.get("cache_dir", ".cache/committed") or None,
        allow_shallow=bool(options.get("allow_shallow", False)),
        bot_names=tuple(options.get("bot_names") or Settings.bot_names),
        bot_emails=tuple(options.get("bot_emails") or Settings.bot_emails),
        scoring=scoring,
        people_prefix=str(options.get("prefix", "people")).strip("/"),
        leaderboard_path=str((leaderboard or {}).get("path", _BOARD.path)).strip(),
        repo_url=repo_url or "",
        use_directory_urls=use_directory_urls,
        custom_dir=custom_dir,
        forge_ledger=options.get("forge_ledger", Settings.forge_ledger) or None,
        publication=publication or Publication(),
        privacy=str(options.get("privacy") or "named"),
    )


def leaderboard_from(options: Options) -> LeaderboardOptions:
    get = options.get
    return LeaderboardOptions(
        path=str(get("path", _BOARD.path)).strip(), title=get("title", _BOARD.title),
        windows=tuple(get("windows") or ()), all_time=bool(get("all_time", _BOARD.all_time)),
        top=get("top", _BOARD.top), list_limit=get("list_limit", _BOARD.list_limit),
        ranking_rows=get("ranking_rows", _BOARD.ranking_rows),
        unreviewed_days=get("unreviewed_days", _BOARD.unreviewed_days),
        review_interval_days=get("review_interval_days", _BOARD.review_interval_days),
        export_dir=str(get("export_dir", _BOARD.export_dir)).strip("/") if get("export", True) else None)


def request_from(settings: Settings, pages: tuple[str, ...], profiles: Options | None,
                 leaderboard: Options | None) -> Request:
    """``profiles`` / ``leaderboard``: the plugin's options, None when the site does not use it."""
    options = profiles or {}
    home = "index.md" if leaderboard is not None and leaderboard.get("home", True) else None
    return Request(settings, pages, profiles=profiles is not None,
                   people_index=profiles is not None and bool(options.get("index", True)),
                   people_index_inline_kb=int(options.get("index_inline_kb", 100)),
                   people_index_fragment_kb=int(options.get("index_fragment_kb", 100)),
                   credits=profiles is not None and bool(options.get("credits", True)),
                   leaderboard=None if leaderboard is None else leaderboard_from(leaderboard), home=home)

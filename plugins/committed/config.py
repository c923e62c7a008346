"""Settings for the core, independent of any site generator.

The MkDocs plugins (and the command line) translate their own options into a ``Settings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .people.bots import DEFAULT_BOT_EMAILS, DEFAULT_BOT_NAMES
from .publication import Publication
from .scoring_model import ScoringConfig

PRIVACY_LEVELS = ("named", "opt-in", "aggregate")  # who may be named with a score, tier or rank
DEFAULT_LEDGER = ".cache/committed/forge-reviews.jsonl"  # what `committed forge fetch` writes


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder holding mkdocs.yml (or the repository root)
    docs_dir: str = "docs"
    contributors_dir: str = "contributors"
    cache_dir: str | None = ".cache/committed"  # relative to root; None: no cache
    allow_shallow: bool = False
    bot_names: tuple[str, ...] = DEFAULT_BOT_NAMES
    bot_emails: tuple[str, ...] = DEFAULT_BOT_EMAILS
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    publication: Publication = field(default_factory=Publication)  # which docs files the site publishes
    people_prefix: str = "people"  # profiles at <people_prefix>/<slug>/
    leaderboard_path: str = "leaderboard.md"
    repo_url: str = ""  # forge URL; commits link to <repo_url>/commit/<sha>
    use_directory_urls: bool = True
    custom_dir: str | None = None  # templates override: <custom_dir>/committed/
    unreviewed_days: int = 180  # pages nobody but the author touched/reviewed within this time
    review_interval_days: int = 365  # knowledge health: reviewed within this interval
    forge_ledger: str | None = DEFAULT_LEDGER  # relative to root; read when it exists; None: never
    # Who is named with a score, tier or rank: "named" (everyone but `leaderboard: false`),
    # "opt-in" (only `leaderboard: true`) or "aggregate" (nobody: figures for groups only).
    privacy: str = "named"

    def path(self, rel: str) -> Path:
        return (self.root / rel).resolve()

    @property
    def cache_path(self) -> Path | None:
        return self.path(self.cache_dir) if self.cache_dir else None

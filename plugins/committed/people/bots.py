"""Service accounts: which identities are bots, by name and e-mail patterns (configurable)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

# Service accounts that commit to documentation repositories: dependency and image bots, CI
# systems, deploy previews, translation platforms. Patterns match the whole name (or address),
# case-insensitively; ``*`` is any text. Never ``*bot``: that makes Talbot a bot.
DEFAULT_BOT_NAMES = (
    "*[bot]", "* bot", "*-bot", "*_bot", "bot-*", "dependabot*", "renovate*", "github-actions*", "github action",
    "github actions", "gitlab-bot", "gitlab ci", "netlify*", "imgbot*", "travis ci*", "travis-ci*", "travis",
    "greenkeeper*", "snyk*", "semantic-release*", "allcontributors*", "all-contributors*", "pre-commit-ci*",
    "mergify*", "codecov*", "weblate*", "crowdin*", "transifex*", "vercel*", "forestry*", "circleci*", "jenkins",
    "azure pipelines", "copybara*", "auto-merge*", "web-flow")
DEFAULT_BOT_EMAILS = (
    "*[bot]@users.noreply.github.com", "*@dependabot.com", "bot@*", "bots@*", "*-bot@*", "*_bot@*",
    "noreply@github.com", "action@github.com", "actions@github.com", "*@noreply.gitlab.com", "*@netlify.com",
    "*@imgbot.net", "imgbothelp@*", "*@travis-ci.org", "*@travis-ci.com", "*@greenkeeper.io", "*@snyk.io",
    "*@weblate.org", "*@crowdin.com", "*@transifex.com", "*@vercel.com", "*@forestry.io", "*@circleci.com",
    "*@renovateapp.com", "*@mergify.io", "*@mergify.com")


def is_bot(name: str, emails: Iterable[str], bot_names: Iterable[str], bot_emails: Iterable[str]) -> bool:
    if _any_of(tuple(bot_names)).match(name.lower()):
        return True
    addresses = _any_of(tuple(bot_emails))
    return any(addresses.match(e.lower()) for e in emails if e)


@functools.lru_cache(maxsize=64)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One expression matching what any of ``patterns`` matches (``_glob``'s rules): one match a
    name instead of one per pattern. Nothing matches an empty list."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{_glob(p)})" for p in patterns), re.DOTALL)


def _glob(pattern: str) -> str:
    """A bot pattern, case-insensitive: ``*`` is any text, ``?`` one character, all else literal,
    as an expression that must match the whole text.

    Not fnmatch: there ``*[bot]`` is "ends with b, o or t", which made Bo and Abbot bots.
    """
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern.lower())
    return "".join(parts) + r"\Z"

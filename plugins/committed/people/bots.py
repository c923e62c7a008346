"""Service accounts: which identities are bots, by name and e-mail patterns (configurable)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

DEFAULT_BOT_NAMES = ("*[bot]", "dependabot*", "renovate*", "github-actions*", "gitlab-bot", "*-bot")
DEFAULT_BOT_EMAILS = ("*[bot]@users.noreply.github.com", "*@dependabot.com", "bot@*",
                      "noreply@github.com", "*-bot@*", "*@noreply.gitlab.com")


def is_bot(name: str, emails: Iterable[str], bot_names: Iterable[str], bot_emails: Iterable[str]) -> bool:
    lname = name.lower()
    if any(_glob(pat).match(lname) for pat in bot_names):
        return True
    return any(_glob(pat).match(e.lower()) for e in emails if e for pat in bot_emails)


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """A bot pattern, case-insensitive: ``*`` is any text, ``?`` one character, all else literal.

    Not fnmatch: there ``*[bot]`` is "ends with b, o or t", which made Bo and Abbot bots.
    """
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern.lower())
    return re.compile("".join(parts) + r"\Z", re.DOTALL)

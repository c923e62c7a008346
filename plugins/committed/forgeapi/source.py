"""What GitHub and GitLab have in common, as the fetch sees them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from .http import Client
from .ledger import Account, ForgeRequest, Review, valid_login

SUGGESTION = "```suggestion"


@dataclass(frozen=True, order=True)
class Summary:
    """A merged request as the list endpoint shows it: enough to decide whether to read it."""

    updated_at: str  # ISO 8601 UTC: the fetch reads requests in this order
    number: int
    raw: dict[str, Any] = field(compare=False, repr=False)


class Source(Protocol):
    forge: str
    client: Client

    def merged_since(self, cursor: str) -> list[Summary]:
        """Merged requests updated at or after ``cursor`` ("" for all), oldest update first."""

    def request(self, summary: Summary) -> ForgeRequest | None:
        """The request with its commits and reviews; None when it did not touch the docs folder."""


def iso(value: object) -> str:
    """A forge timestamp as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC ("" if missing)."""
    if not isinstance(value, str) or not value:
        return ""
    stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(value: object) -> int:
    if not isinstance(value, str) or not value:
        return 0
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def server_time(client: Client) -> str:
    """The forge's clock at the first answer of this run (its ``Date`` header), as ISO 8601."""
    for value in client.dates[:1]:
        try:
            return parsedate_to_datetime(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (TypeError, ValueError):
            return ""
    return ""


def account(user: object) -> Account | None:
    """A forge user as the ledger keeps them (login and id), or None for a bot or a strange login."""
    if not isinstance(user, dict):
        return None
    login = user.get("login", user.get("username"))
    if not valid_login(login) or not isinstance(user.get("id"), int) or user.get("type") == "Bot":
        return None
    return Account(str(login), int(user["id"]))


def touches(paths: Iterable[object], docs_path: str) -> bool:
    return any(isinstance(p, str) and p.startswith(docs_path) for p in paths)


@dataclass
class Tally:
    """One reviewer's reviews and comments on one request, added up."""

    approved: bool = False
    changes_requested: bool = False
    comments: int = 0
    words: int = 0
    suggestions: int = 0

    def said(self, body: object) -> None:
        if isinstance(body, str):
            self.words = max(self.words, len(body.split()))
            if SUGGESTION in body:
                self.suggestions += 1


def reviews(tallies: dict[Account, Tally], author: Account) -> tuple[Review, ...]:
    """The reviews of everyone but the request's author, by login."""
    return tuple(Review(who, t.approved, t.changes_requested, t.comments, t.words, t.suggestions)
                 for who, t in sorted(tallies.items(), key=lambda kv: (kv[0].login.lower(), kv[0].id))
                 if who.id != author.id and who.login.lower() != author.login.lower())

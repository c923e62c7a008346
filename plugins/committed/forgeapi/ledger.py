"""The review ledger: what ``committed forge fetch`` learned from the forge, kept between runs.

JSON Lines, UTF-8. The first line is the header; then one line per merged request that touched
the docs folder, sorted by request number. Keys are sorted and separators fixed, so the same
requests always give the same bytes::

    {"cursor":"2026-11-30T09:12:00Z","docs_path":"docs/","forge":"github","ledger":"committed-forge-reviews",
     "project":"acme/kb","through":"2026-11-30T10:00:00Z","version":1}
    {"author":{"id":11,"login":"ana"},"commits":[{"authored":1764000000,"sha":"9f1c...","subject":"5d41402abc4b"}],
     "merge_commit":"9f1c...","merged_at":"2026-11-02T10:00:00Z","request":12,
     "reviews":[{"approved":true,"comments":2,"id":12,"login":"bo","words":9}],
     "squash_commit":null,"updated_at":"2026-11-02T10:05:00Z"}

In a review, false and zero values are left out. People appear as forge logins and numeric ids only: never a name, never an e-mail address (a
commit's subject is kept as a short digest, to match rebased commits, not as text). ``through``
is how far the data goes (the forge's clock when the fetch ended), ``cursor`` the newest update
fully read: the next fetch asks for what changed since then. ``write`` replaces the file
atomically, so a fetch that fails leaves the previous ledger whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import CommittedError
from ..records import unfrozen

FORMAT = "committed-forge-reviews"
VERSION = 1
FORGES = ("github", "gitlab")
LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.\-]|\[bot\]){0,254}$")  # no "@": never an address
SUBSTANTIVE_WORDS = 5  # a comment-only review counts from this many words (or one comment on the diff)


def valid_login(login: object) -> bool:
    return isinstance(login, str) and bool(LOGIN.match(login))


def subject_digest(subject: str) -> str:
    """A commit subject as the ledger keeps it: enough to recognise a rebased commit, no text."""
    return hashlib.sha1(" ".join(subject.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, order=True, slots=True)
class Account:
    login: str
    id: int


@dataclass(frozen=True, slots=True)
class Review:
    """What one person did on a request, all their reviews and comments on it taken together."""

    reviewer: Account
    approved: bool = False
    changes_requested: bool = False
    comments: int = 0  # comments on the diff (review comments, GitLab diff notes)
    words: int = 0  # words of the longest review body or comment
    suggestions: int = 0  # suggested changes among the comments

    @property
    def substantive(self) -> bool:
        """An approval, a request for changes, a comment on the diff, or a review body of
        SUBSTANTIVE_WORDS words or more ("LGTM" alone is not a review)."""
        return self.approved or self.changes_requested or self.comments > 0 or self.words >= SUBSTANTIVE_WORDS


@dataclass(frozen=True, slots=True)
class CommitRef:
    """One commit of a request as the forge lists it (before any rebase)."""

    sha: str
    authored: int  # the git author date, epoch seconds: kept by a rebase
    subject: str  # subject_digest of its subject line: kept by a rebase


@dataclass(frozen=True, slots=True)
class ForgeRequest:
    """A merged pull request (GitHub) or merge request (GitLab)."""

    number: int  # GitHub's number, GitLab's iid
    author: Account
    merged_at: str  # ISO 8601, UTC ("...Z")
    updated_at: str
    merge_commit: str | None = None  # the API's merge commit sha (GitHub: merge, squash or rebase tip)
    squash_commit: str | None = None  # GitLab's squash commit sha
    commits: tuple[CommitRef, ...] = ()
    reviews: tuple[Review, ...] = ()  # by login


@dataclass(frozen=True)
class Ledger:
    forge: str  # github | gitlab
    project: str  # owner/name, or GitLab's group/project path
    docs_path: str  # "" or ending with "/"
    through: str = ""  # ISO 8601: the data is complete up to here
    cursor: str = ""  # ISO 8601: the newest request update fully read
    requests: tuple[ForgeRequest, ...] = ()  # by number

    @property
    def label(self) -> str:
        return {"github": "GitHub", "gitlab": "GitLab"}.get(self.forge, self.forge)

    def merged(self, new: Iterable[ForgeRequest], *, cursor: str, through: str) -> Ledger:
        """This ledger with ``new`` requests added (a request read again replaces its old record)."""
        by_number = {r.number: r for r in self.requests}
        by_number.update((r.number, r) for r in new)
        return replace(self, requests=tuple(by_number[n] for n in sorted(by_number)),
                       cursor=max(cursor, self.cursor), through=max(through, self.through, cursor))


# -- writing ----------------------------------------------------------------------------------


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def _account(a: Account) -> dict[str, Any]:
    return {"login": a.login, "id": a.id}


def _review(v: Review) -> dict[str, Any]:
    """A review's line part: false and zero values are left out (a ledger is mostly reviews)."""
    out = _account(v.reviewer)
    for key in ("approved", "changes_requested", "comments", "words", "suggestions"):
        value = getattr(v, key)
        if value:
            out[key] = value
    return out


def dumps(ledger: Ledger) -> str:
    head = {"ledger": FORMAT, "version": VERSION, "forge": ledger.forge, "project": ledger.project,
            "docs_path": ledger.docs_path, "through": ledger.through, "cursor": ledger.cursor}
    lines = [_line(head)]
    for r in sorted(ledger.requests, key=lambda r: r.number):
        lines.append(_line({
            "request": r.number, "author": _account(r.author), "merged_at": r.merged_at, "updated_at": r.updated_at,
            "merge_commit": r.merge_commit, "squash_commit": r.squash_commit,
            "commits": [{"sha": c.sha, "authored": c.authored, "subject": c.subject} for c in r.commits],
            "reviews": [_review(v) for v in sorted(r.reviews, key=lambda v: (v.reviewer.login.lower(), v.reviewer.id))],
        }))
    return "".join(lines)


def write(path: Path, ledger: Ledger) -> None:
    """Replace ``path`` with ``ledger`` atomically: readers see the old file or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(dumps(ledger))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- reading ----------------------------------------------------------------------------------


def read(path: Path, *, shown: str | None = None) -> Ledger:
    """The ledger in ``path``; a malformed one raises CommittedError naming the file and line."""
    shown = shown or str(path)
    return loads(decode(read_bytes(path, shown), shown), shown)


def read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommittedError(f"cannot read the review ledger ({exc.strerror}).", path=shown) from exc


def decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommittedError("the review ledger is not UTF-8.", path=shown, line=1, hint=_REFETCH) from exc


_REFETCH = "delete the file and run `committed forge fetch` again to rebuild it."


def loads(text: str, shown: str = "<ledger>") -> Ledger:
    lines = text.splitlines()
    if not lines:
        raise CommittedError("the review ledger is empty.", path=shown, line=1, hint=_REFETCH)
    head = _parse(lines[0], shown, 1)
    if head.get("ledger") != FORMAT:
        raise CommittedError("this is not a Committed review ledger.", path=shown, line=1,
                             hint="point the option at the file `committed forge fetch` writes.")
    if head.get("version") != VERSION:
        raise CommittedError(f"the review ledger has version {head.get('version')!r}; this Committed reads "
                             f"version {VERSION}.", path=shown, line=1,
                             hint="upgrade Committed, or " + _REFETCH)
    numbers = [n for n, line in enumerate(lines[1:], 2) if line.strip()]
    try:  # one parse for the whole file: much faster than one per line
        rows = json.loads("[" + ",".join(lines[n - 1] for n in numbers) + "]")
    except json.JSONDecodeError:
        rows = None
    if rows is None or len(rows) != len(numbers):  # a broken line: find it, and say which
        rows = [_parse(lines[n - 1], shown, n) for n in numbers]
    reader = _Reader(shown)
    requests = tuple(reader.request(d, n) for n, d in zip(numbers, rows, strict=True))
    try:
        forge = str(head["forge"])
        if forge not in FORGES:
            raise ValueError(forge)
        return Ledger(forge, str(head["project"]), str(head["docs_path"]), str(head["through"]),
                      str(head["cursor"]), requests)
    except (KeyError, TypeError, ValueError) as exc:
        raise CommittedError(f"the review ledger's header is incomplete ({exc}).", path=shown, line=1,
                             hint=_REFETCH) from exc


def _parse(line: str, shown: str, n: int) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CommittedError(f"this line of the review ledger is not JSON ({exc.msg}).", path=shown, line=n,
                             hint=_REFETCH) from exc
    if not isinstance(data, dict):
        raise CommittedError("this line of the review ledger is not a JSON object.", path=shown, line=n, hint=_REFETCH)
    return data


_Review = unfrozen(Review)  # filled in place: a build reads tens of thousands of them


class _Reader:
    """Builds the records of a ledger's lines; one Account per login (logins repeat a lot)."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.accounts: dict[tuple[str, int], Account] = {}

    def account(self, login: object, uid: object) -> Account:
        key = (login, uid)
        found = self.accounts.get(key)  # type: ignore[arg-type]
        if found is None:
            if not isinstance(login, str) or not valid_login(login) or not isinstance(uid, int):
                raise ValueError(f"login {login!r}, id {uid!r}")
            found = self.accounts[(login, uid)] = Account(login, uid)
        return found

    def request(self, d: dict[str, Any], n: int) -> ForgeRequest:
        try:
            if not isinstance(d, dict):
                raise TypeError("not a JSON object")
            reviews = []
            new, review_class = object.__new__, Review
            for v in d["reviews"]:
                r: Any = new(_Review)
                r.reviewer = self.account(v["login"], v["id"])
                get = v.get
                r.approved, r.changes_requested = get("approved") is True, get("changes_requested") is True
                r.comments, r.words, r.suggestions = int(get("comments", 0)), int(get("words", 0)), int(get("suggestions", 0))
                r.__class__ = review_class
                reviews.append(r)
            author = d["author"]
            return ForgeRequest(int(d["request"]), self.account(author["login"], author["id"]), str(d["merged_at"]),
                                str(d["updated_at"]), d["merge_commit"] or None, d["squash_commit"] or None,
                                tuple(CommitRef(str(c["sha"]), int(c["authored"]), str(c["subject"]))
                                      for c in d["commits"]),
                                tuple(reviews))
        except (KeyError, TypeError, ValueError) as exc:
            raise CommittedError(f"this request in the review ledger is incomplete or malformed ({exc}).",
                                 path=self.shown, line=n, hint=_REFETCH) from exc

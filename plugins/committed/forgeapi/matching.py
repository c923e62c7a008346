"""Requests tied to the commits they produced, and their reviews turned into review trailers.

Each merged request of the ledger is found in the history, first match wins:

1. the squash commit sha GitLab reports, or the merge commit sha either forge reports (on GitHub
   it is the merge commit, the squash commit, or the last commit of a rebase merge);
2. a commit whose subject names the request: ``... (#123)`` (GitHub's squash and merge
   subjects) or ``!123`` (GitLab's reference);
3. the request's own commits: by sha (a fast-forward), or by author date and subject, which a
   rebase keeps while it changes the sha.

The newest matched commit carries the request's reviews: an approval becomes ``Approved-by``,
another substantive review (``ledger.Review.substantive``) ``Reviewed-by``, so they are scored
by exactly the rules of review trailers (a merge commit's reviewers reviewed its branch; no
self-review; bots ignored; a trailer and a forge review naming the same person count once).
The request's author reviewing it is dropped as well (``index.index``), whoever they map to.

Logins become people through ``contributors/*.yml`` (``github:`` / ``gitlab:``, or a noreply
address among the ``emails``), then through the noreply addresses commit authors used in the
history (a web-editor commit), else they stay ``@login`` with the forge's noreply address:
an unknown person, handled as unknown authors are. No address is ever published (people
never carry one) and none is in the ledger.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..history import History
from ..people import Contributor
from ..records import Commit, Identity, Trailer, utc
from .index import LedgerIndex, Match
from .ledger import Account, subject_digest

_GITHUB_REF = re.compile(r"\(#(\d+)\)\s*$")
_GITLAB_REF = re.compile(r"(?<![\w/])!(\d+)\b")
_NOREPLY = re.compile(r"^(?:(\d+)[+-])?([^@+]+)@users\.noreply\.([^@]+)$")


@dataclass(frozen=True)
class ReviewSource:
    """Where the forge reviews a build used came from, for the pages to say so."""

    forge: str  # "GitHub" or "GitLab"
    through: str  # YYYY-MM-DD: the ledger is complete up to this day
    requests: int  # requests found in the history
    reviews: int  # reviews that became trailers
    unmatched: int  # requests not found in the history (another branch, rewritten history)


@dataclass(frozen=True)
class Reviewed:
    """The review trailers a ledger adds to a history's commits, and their digest."""

    trailers: Mapping[str, tuple[Trailer, ...]]  # sha -> the trailers it gains (none it has already)
    digest: str  # ``digest_of(trailers)``: what a cache made from them names them by

    def digest_without(self, shas: Collection[str]) -> str:
        """The digest of the trailers added to the commits not in ``shas``."""
        if not shas or not self.digest:
            return self.digest
        left = [sha for sha in shas if sha in self.trailers]
        if not left:
            return self.digest
        if len(left) == len(self.trailers):
            return ""
        return _hex(int(self.digest, 16) ^ _sum({sha: self.trailers[sha] for sha in left}))


def digest_of(trailers: Mapping[str, tuple[Trailer, ...]], skip: Collection[str] = ()) -> str:
    """A digest of ``trailers`` (those of the commits in ``skip`` left out): '' for none. An
    order-free sum (exclusive or) of one SHA-1 per commit, so that a change to a few commits'
    trailers, or leaving a few commits out, costs only theirs: a cache's key, not a signature."""
    rows = {sha: found for sha, found in trailers.items() if sha not in skip} if skip else trailers
    return _hex(_sum(rows)) if rows else ""


def _sum(trailers: Mapping[str, tuple[Trailer, ...]]) -> int:
    out = 0
    sha1, from_bytes = hashlib.sha1, int.from_bytes
    for sha, found in trailers.items():
        row = "\0".join([sha, *[f"{t.key}\1{t.identity.name}\1{t.identity.email}" for t in found]])
        out ^= from_bytes(sha1(row.encode()).digest(), "big")
    return out


def _hex(value: int) -> str:
    return f"{value:040x}"


def noreply_login(email: str) -> tuple[str, str] | None:
    """(forge, login) of a forge's noreply address: ``123+ana@users.noreply.github.com`` is
    GitHub's ``ana``, ``45-bo@users.noreply.gitlab.com`` GitLab's ``bo``."""
    match = _NOREPLY.match(email.strip().lower())
    if not match:
        return None
    return ("github" if match[3] == "github.com" else "gitlab"), match[2]


def noreply_address(forge: str, account: Account) -> str:
    if forge == "github":
        return f"{account.id}+{account.login}@users.noreply.github.com"
    return f"{account.id}-{account.login}@users.noreply.gitlab.com"


def logins(forge: str, history: History, contributors: Mapping[str, Contributor]) -> dict[str, Identity]:
    """login (lower-case) -> the identity it resolves as, from the contributor files and history."""
    out: dict[str, Identity] = {}
    for commit in reversed(history.commits):  # the oldest use of a noreply address wins
        found = noreply_login(commit.author.email) if "noreply" in commit.author.email else None
        if found is not None and found[0] == forge:
            out.setdefault(found[1], commit.author)
    for c in sorted(contributors.values(), key=lambda c: c.slug):  # contributor files win
        me = Identity(c.name, c.emails[0] if c.emails else "")
        for email in c.emails:
            found = noreply_login(email)
            if found is not None and found[0] == forge:
                out[found[1]] = me
        for login in getattr(c, forge, ()):
            out[login.lower()] = me
    return out


def _identity(forge: str, account: Account, known: Mapping[str, Identity]) -> Identity:
    return known.get(account.login.lower()) or Identity(f"@{account.login}", noreply_address(forge, account))


class _Finder:
    """Commits indexed the three ways a request is looked for (built when needed)."""

    def __init__(self, commits: Sequence[Commit], forge: str) -> None:
        self.commits = commits
        self.by_sha = {c.sha: c for c in commits}
        self._order: dict[str, int] | None = None
        self.forge = forge
        self._refs: dict[int, list[Commit]] | None = None
        self._dates: dict[datetime, list[Commit]] | None = None

    def find(self, request: Match) -> Commit | None:
        by_sha = self.by_sha
        for sha in (request.squash_commit, request.merge_commit):
            if sha and sha in by_sha:
                return by_sha[sha]
        named = self.refs().get(request.number)
        if named:
            return named[0]
        own = [by_sha[sha] for sha, _, _ in request.commits if sha in by_sha]
        if len(own) < len(request.commits):  # rebased: the same author date and subject
            dates = self.dates()
            own += [c for _, authored, subject in request.commits for c in dates.get(utc(authored), ())
                    if subject_digest(c.subject) == subject]
        if not own:
            return None
        if len(own) == 1:
            return own[0]
        order = self.order()
        return min(own, key=lambda c: order[c.sha])

    def order(self) -> dict[str, int]:
        """sha -> position, 0 the newest."""
        if self._order is None:
            self._order = {c.sha: i for i, c in enumerate(self.commits)}
        return self._order

    def refs(self) -> dict[int, list[Commit]]:
        if self._refs is None:
            pattern, mark = (_GITHUB_REF, "(#") if self.forge == "github" else (_GITLAB_REF, "!")
            self._refs = {}
            for commit in self.by_sha.values():
                if mark not in commit.subject:
                    continue
                for match in pattern.finditer(commit.subject):
                    self._refs.setdefault(int(match[1]), []).append(commit)
            order = self.order() if any(len(found) > 1 for found in self._refs.values()) else {}
            for found in self._refs.values():
                if len(found) > 1:
                    found.sort(key=lambda c: order[c.sha])
        return self._refs

    def dates(self) -> dict[datetime, list[Commit]]:
        if self._dates is None:
            self._dates = {}
            for commit in self.by_sha.values():
                self._dates.setdefault(commit.authored_at, []).append(commit)
        return self._dates


@dataclass(frozen=True)
class Earlier:
    """Where an earlier match found each request of its ledger, among the commits it was made from:
    the history's oldest ones; ``new`` are the commits since (newest first)."""

    found: Mapping[int, tuple[tuple[object, ...], str]]  # request number -> (its index row, the sha found, "": none)
    new: Sequence[Commit]


def targets(history: History, ledger: LedgerIndex, earlier: Earlier | None = None) -> tuple[str, ...]:
    """The sha of the commit each request of ``ledger`` is found at ("": none). A request whose
    row is the one ``earlier`` found and that no commit since it could be found at (a commit of
    ``earlier.new`` found by any of the three ways) is where it was: the first match over all
    commits is then the first over the older ones, whose order and records are those it saw."""
    finder = _Finder(history.commits, ledger.forge) if earlier is None else None
    since = _Finder(earlier.new, ledger.forge) if earlier is not None else None
    out = []
    for request in ledger.requests:
        if earlier is not None and since is not None:
            was = earlier.found.get(request.number)
            if was is not None and was[0] == request and (not earlier.new or since.find(request) is None):
                out.append(was[1])
                continue
        if finder is None:
            finder = _Finder(history.commits, ledger.forge)
        target = finder.find(request)
        out.append(target.sha if target is not None else "")
    return tuple(out)


@dataclass(frozen=True)
class Assembled:
    """What an earlier ``assemble`` made, to make only what changed since: its trailers, their
    digest, each of them by (key, name, e-mail), and the shas whose requests changed since."""

    trailers: Mapping[str, tuple[Trailer, ...]]
    digest: str
    table: Mapping[tuple[str, str, str], Trailer]
    touched: Collection[str]


def assemble(history: History, ledger: LedgerIndex, found: Sequence[str], known: Mapping[str, Identity],
             earlier: Assembled | None = None) -> tuple[Reviewed, ReviewSource]:
    """The review trailers the requests of ``ledger``, found at the shas ``found`` (``targets``),
    add to the history's commits (``known``: ``logins``), and where they came from. With
    ``earlier``, the trailers of a commit none of whose requests changed are those it made."""
    forge = ledger.forge
    touched = earlier.touched if earlier is not None else None
    table = earlier.table if earlier is not None else {}
    # (key, login, id) -> the first such triple whose trailer is equal, and that trailer: equal
    # trailers (one person under two spellings of a login) are one, keyed by one plain tuple
    trailers: dict[tuple[str, str, int], tuple[tuple[str, str, int], Trailer]] = {}
    first: dict[Trailer, tuple[tuple[str, str, int], Trailer]] = {}
    added: dict[str, dict[tuple[str, str, int], Trailer] | None] = {}  # sha -> the trailers it gains (None: as before)
    matched = 0
    for request, sha in zip(ledger.requests, found, strict=True):
        if not sha:
            continue
        matched += 1
        if not request.reviews:
            continue
        if touched is not None and sha not in touched:
            added.setdefault(sha, None)
            continue
        extra = added.get(sha)
        if extra is None:
            extra = added[sha] = {}
        for key in request.reviews:
            hit = trailers.get(key)
            if hit is None:
                ident = _identity(forge, Account(key[1], key[2]), known)
                trailer = table.get((key[0], ident.name, ident.email)) or Trailer(key[0], ident)
                hit = trailers[key] = first.setdefault(trailer, (key, trailer))
            extra[hit[0]] = hit[1]
    wanted = {sha for sha, more in added.items() if more is not None}
    by_sha = {c.sha: c for c in history.commits if c.sha in wanted} if wanted else {}
    out: dict[str, tuple[Trailer, ...]] = {}
    before = earlier.trailers if earlier is not None else {}
    for sha, more in added.items():
        if more is None:
            if sha in before:
                out[sha] = before[sha]
            continue
        existing = by_sha[sha].trailers
        fresh = tuple(t for t in more.values() if t not in existing) if existing else tuple(more.values())
        if fresh:
            out[sha] = fresh
    source = ReviewSource(ledger.label, ledger.through[:10], matched, sum(len(v) for v in out.values()),
                          len(ledger.requests) - matched)
    if earlier is None or not earlier.digest:
        return Reviewed(out, digest_of(out)), source
    gone = {sha: before[sha] for sha in earlier.touched if sha in before}
    now = {sha: out[sha] for sha in earlier.touched if sha in out}
    return Reviewed(out, _hex(int(earlier.digest, 16) ^ _sum(gone) ^ _sum(now)) if out else ""), source


def match(history: History, ledger: LedgerIndex, contributors: Mapping[str, Contributor]) -> tuple[Reviewed, ReviewSource]:
    """The review trailers each commit of ``history`` gains from the ledger, and where they came from."""
    return assemble(history, ledger, targets(history, ledger), logins(ledger.forge, history, contributors))

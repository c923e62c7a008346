"""GitLab's REST API v4 (gitlab.com and self-hosted): merged merge requests and their approvals.

Per merged merge request that touched the docs folder: ``/diffs`` (did it touch the docs
folder?), ``/approvals`` (who approved), ``/notes`` (comments: a diff note is a comment on the
change; system notes are skipped) and ``/commits`` (the commits it had, for rebase merges).
The list is asked for with ``updated_after`` the ledger's cursor, so a fetch reads only what
changed. Pages follow ``Link`` or ``X-Next-Page``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

from .http import Client
from .ledger import Account, CommitRef, ForgeRequest, subject_digest
from .source import Summary, Tally, account, epoch, iso, reviews, touches

_BOT = re.compile(r"^(?:project|group)_\d+_bot|^ghost$|^alert-bot$|^support-bot$")


def _person(user: object) -> Account | None:
    who = account(user)
    return None if who is None or _BOT.match(who.login) else who


@dataclass
class GitLab:
    client: Client
    project: str  # group/project path (or the numeric id)
    docs_path: str
    forge: str = "gitlab"

    @property
    def _project(self) -> str:
        return "/projects/" + quote(self.project, safe="")

    def merged_since(self, cursor: str) -> list[Summary]:
        params: dict[str, object] = {"state": "merged", "order_by": "updated_at", "sort": "desc", "per_page": 100}
        if cursor:
            params["updated_after"] = cursor
        out = [Summary(iso(item.get("updated_at")), item["iid"], item)
               for item in self.client.items(f"{self._project}/merge_requests", params)
               if isinstance(item.get("iid"), int) and (not cursor or iso(item.get("updated_at")) >= cursor)]
        return sorted(out)

    def request(self, summary: Summary) -> ForgeRequest | None:
        raw, n = summary.raw, summary.number
        author = _person(raw.get("author"))
        if author is None:
            return None
        base = f"{self._project}/merge_requests/{n}"
        paths = [p for d in self.client.items(f"{base}/diffs", {"per_page": 100})
                 for p in (d.get("new_path"), d.get("old_path"))]
        if not touches(paths, self.docs_path):
            return None
        tallies: dict[Account, Tally] = defaultdict(Tally)
        approvals = self.client.get(f"{base}/approvals").data or {}
        for entry in approvals.get("approved_by") or []:
            who = _person((entry or {}).get("user"))
            if who is not None:
                tallies[who].approved = True
        for note in self.client.items(f"{base}/notes", {"per_page": 100, "sort": "asc", "order_by": "created_at"}):
            who = _person(note.get("author"))
            if who is None or note.get("system"):
                continue
            if note.get("type") == "DiffNote":
                tallies[who].comments += 1
            tallies[who].said(note.get("body"))
        commits = [CommitRef(str(c.get("id")), epoch(c.get("authored_date")), subject_digest(str(c.get("title") or "")))
                   for c in self.client.items(f"{base}/commits", {"per_page": 100})]
        return ForgeRequest(n, author, iso(raw.get("merged_at")) or summary.updated_at, summary.updated_at,
                            raw.get("merge_commit_sha") or None, raw.get("squash_commit_sha") or None,
                            tuple(commits), reviews(tallies, author))

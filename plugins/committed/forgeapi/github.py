"""GitHub's REST API (github.com and GitHub Enterprise Server): merged pull requests and their reviews.

Per merged pull request that touched the docs folder, four lists are read, 100 items a page:
``/pulls/<n>/files`` (did it touch the docs folder?), ``/reviews`` (approved, changes requested,
commented), ``/comments`` (review comments on the diff, suggested changes among them) and
``/commits`` (the commits it had, for rebase merges). The list of pull requests is read newest
update first and stops at the ledger's cursor, so a fetch reads only what changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

from .http import Client
from .ledger import Account, CommitRef, ForgeRequest, subject_digest
from .source import Summary, Tally, account, epoch, iso, reviews, touches

API = "https://api.github.com"


@dataclass
class GitHub:
    client: Client
    project: str  # owner/name
    docs_path: str
    forge: str = "github"

    @property
    def _repo(self) -> str:
        return "/repos/" + quote(self.project, safe="/")

    def merged_since(self, cursor: str) -> list[Summary]:
        out: list[Summary] = []
        params = {"state": "closed", "sort": "updated", "direction": "desc", "per_page": 100}
        for item in self.client.items(f"{self._repo}/pulls", params):
            updated = iso(item.get("updated_at"))
            if cursor and updated < cursor:
                break  # newest update first: everything after this is older than the cursor
            if item.get("merged_at") and isinstance(item.get("number"), int):
                out.append(Summary(updated, item["number"], item))
        return sorted(out)

    def request(self, summary: Summary) -> ForgeRequest | None:
        raw, n = summary.raw, summary.number
        author = account(raw.get("user"))
        if author is None:
            return None  # a bot's pull request: nobody to credit for reviewing it
        base = f"{self._repo}/pulls/{n}"
        paths = [p for f in self.client.items(f"{base}/files", {"per_page": 100})
                 for p in (f.get("filename"), f.get("previous_filename"))]
        if not touches(paths, self.docs_path):
            return None
        tallies: dict[Account, Tally] = defaultdict(Tally)
        for review in self.client.items(f"{base}/reviews", {"per_page": 100}):
            who = account(review.get("user"))
            if who is None or review.get("state") == "PENDING":
                continue
            tally = tallies[who]
            tally.approved |= review.get("state") == "APPROVED"
            tally.changes_requested |= review.get("state") == "CHANGES_REQUESTED"
            tally.said(review.get("body"))
        for comment in self.client.items(f"{base}/comments", {"per_page": 100}):
            who = account(comment.get("user"))
            if who is not None:
                tallies[who].comments += 1
                tallies[who].said(comment.get("body"))
        commits = []
        for c in self.client.items(f"{base}/commits", {"per_page": 100}):
            info = c.get("commit") or {}
            message = info.get("message") or ""
            commits.append(CommitRef(str(c.get("sha")), epoch((info.get("author") or {}).get("date")),
                                     subject_digest(message.split("\n", 1)[0])))
        return ForgeRequest(n, author, iso(raw.get("merged_at")), summary.updated_at,
                            raw.get("merge_commit_sha") or None, None, tuple(commits), reviews(tallies, author))

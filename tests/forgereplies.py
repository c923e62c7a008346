"""Answers in the shapes of GitHub's REST API and GitLab's API v4, field for field as the forges
document and send them (trimmed to one example of each nested object), e-mail addresses
included where the forge sends them: the ledger must keep none of them."""

from __future__ import annotations

from typing import Any

GH = "https://api.github.com/repos/acme/kb"


def gh_user(login: str, uid: int, kind: str = "User") -> dict[str, Any]:
    return {"login": login, "id": uid, "node_id": f"MDQ6VXNlcj{uid}", "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
            "gravatar_id": "", "url": f"https://api.github.com/users/{login}", "html_url": f"https://github.com/{login}",
            "type": kind, "site_admin": False}


def gh_pull(number: int, user: dict[str, Any], *, updated: str, merged: str | None, sha: str | None,
            state: str = "closed") -> dict[str, Any]:
    return {"url": f"{GH}/pulls/{number}", "id": 1000 + number, "node_id": f"PR_kwDO{number}",
            "html_url": f"https://github.com/acme/kb/pull/{number}", "number": number, "state": state, "locked": False,
            "title": f"Docs change {number}", "user": user, "body": "Please review (ping ana@acme.example)",
            "labels": [], "milestone": None, "active_lock_reason": None,
            "created_at": "2026-11-01T09:00:00Z", "updated_at": updated, "closed_at": merged or updated,
            "merged_at": merged, "merge_commit_sha": sha, "assignee": None, "assignees": [],
            "requested_reviewers": [], "requested_teams": [], "draft": False,
            "head": {"label": f"acme:change-{number}", "ref": f"change-{number}", "sha": "f" * 40, "user": user},
            "base": {"label": "acme:main", "ref": "main", "sha": "e" * 40, "user": gh_user("acme", 1, "Organization")},
            "author_association": "MEMBER", "auto_merge": None}


def gh_file(name: str, previous: str | None = None) -> dict[str, Any]:
    out = {"sha": "b" * 40, "filename": name, "status": "renamed" if previous else "modified", "additions": 3,
           "deletions": 1, "changes": 4, "blob_url": f"https://github.com/acme/kb/blob/x/{name}",
           "raw_url": f"https://github.com/acme/kb/raw/x/{name}", "contents_url": f"{GH}/contents/{name}",
           "patch": "@@ -1,2 +1,4 @@\n-old\n+new"}
    if previous:
        out["previous_filename"] = previous
    return out


def gh_review(rid: int, user: dict[str, Any], state: str, body: str = "", at: str = "2026-11-02T09:30:00Z") -> dict[str, Any]:
    return {"id": rid, "node_id": f"PRR_{rid}", "user": user, "body": body, "state": state,
            "html_url": f"https://github.com/acme/kb/pull/1#pullrequestreview-{rid}",
            "pull_request_url": f"{GH}/pulls/1", "author_association": "MEMBER",
            "_links": {"html": {"href": "https://github.com/acme/kb/pull/1"}, "pull_request": {"href": f"{GH}/pulls/1"}},
            "submitted_at": at, "commit_id": "f" * 40}


def gh_comment(cid: int, user: dict[str, Any], body: str, review: int | None = None) -> dict[str, Any]:
    return {"url": f"{GH}/pulls/comments/{cid}", "pull_request_review_id": review, "id": cid, "node_id": f"PRRC_{cid}",
            "diff_hunk": "@@ -1,2 +1,4 @@", "path": "docs/a.md", "position": 2, "original_position": 2,
            "commit_id": "f" * 40, "original_commit_id": "f" * 40, "in_reply_to_id": None, "user": user, "body": body,
            "created_at": "2026-11-02T09:20:00Z", "updated_at": "2026-11-02T09:20:00Z",
            "html_url": f"https://github.com/acme/kb/pull/1#discussion_r{cid}", "author_association": "MEMBER",
            "start_line": None, "line": 2, "side": "RIGHT"}


def gh_commit(sha: str, name: str, email: str, date: str, message: str) -> dict[str, Any]:
    person = {"name": name, "email": email, "date": date}
    return {"url": f"{GH}/commits/{sha}", "sha": sha, "node_id": f"C_{sha[:8]}", "html_url": f"https://github.com/acme/kb/commit/{sha}",
            "comments_url": f"{GH}/commits/{sha}/comments",
            "commit": {"url": f"{GH}/git/commits/{sha}", "author": person, "committer": person, "message": message,
                       "tree": {"url": f"{GH}/git/trees/{'a' * 40}", "sha": "a" * 40}, "comment_count": 0,
                       "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None}},
            "author": None, "committer": None, "parents": [{"url": f"{GH}/commits/{'d' * 40}", "sha": "d" * 40}]}


# -- GitLab -----------------------------------------------------------------------------------


def gl_user(username: str, uid: int) -> dict[str, Any]:
    return {"id": uid, "username": username, "name": username.title(), "state": "active", "locked": False,
            "avatar_url": f"https://gitlab.example.com/uploads/-/system/user/avatar/{uid}/avatar.png",
            "web_url": f"https://gitlab.example.com/{username}"}


def gl_mr(iid: int, author: dict[str, Any], *, updated: str, merged: str, merge_sha: str | None,
          squash_sha: str | None = None) -> dict[str, Any]:
    return {"id": 5000 + iid, "iid": iid, "project_id": 42, "title": f"Docs change {iid}", "description": "see bo@acme.example",
            "state": "merged", "created_at": "2026-11-01T09:00:00.000Z", "updated_at": updated,
            "merged_by": author, "merge_user": author, "merged_at": merged, "closed_by": None, "closed_at": None,
            "target_branch": "main", "source_branch": f"change-{iid}", "user_notes_count": 2, "upvotes": 0,
            "downvotes": 0, "author": author, "assignees": [], "assignee": None, "reviewers": [],
            "source_project_id": 42, "target_project_id": 42, "labels": [], "draft": False,
            "work_in_progress": False, "milestone": None, "merge_when_pipeline_succeeds": False,
            "merge_status": "can_be_merged", "detailed_merge_status": "not_open", "sha": "f" * 40,
            "merge_commit_sha": merge_sha, "squash_commit_sha": squash_sha, "discussion_locked": None,
            "should_remove_source_branch": True, "force_remove_source_branch": True, "prepared_at": updated,
            "reference": f"!{iid}", "references": {"short": f"!{iid}", "relative": f"!{iid}", "full": f"acme/kb!{iid}"},
            "web_url": f"https://gitlab.example.com/acme/kb/-/merge_requests/{iid}",
            "time_stats": {"time_estimate": 0, "total_time_spent": 0}, "squash": squash_sha is not None,
            "squash_on_merge": squash_sha is not None, "task_completion_status": {"count": 0, "completed_count": 0},
            "has_conflicts": False, "blocking_discussions_resolved": True}


def gl_diff(new: str, old: str | None = None) -> dict[str, Any]:
    return {"old_path": old or new, "new_path": new, "a_mode": "100644", "b_mode": "100644",
            "diff": "@@ -1 +1 @@\n-old\n+new\n", "new_file": False, "renamed_file": old is not None,
            "deleted_file": False, "generated_file": False}


def gl_approvals(*users: dict[str, Any]) -> dict[str, Any]:
    return {"id": 5001, "iid": 1, "project_id": 42, "title": "Docs change", "state": "merged",
            "created_at": "2026-11-01T09:00:00.000Z", "updated_at": "2026-11-02T10:00:00.000Z", "merge_status": "can_be_merged",
            "approved": bool(users), "approvals_required": 1, "approvals_left": 0, "require_password_to_approve": False,
            "approved_by": [{"user": u} for u in users], "suggested_approvers": [], "approvers": [],
            "approver_groups": [], "user_has_approved": False, "user_can_approve": False,
            "approval_rules_left": [], "has_approval_rules": True, "merge_request_approvers_available": True,
            "multiple_approval_rules_available": True, "invalid_approvers_rules": []}


def gl_note(nid: int, author: dict[str, Any], body: str, *, diff: bool = False, system: bool = False) -> dict[str, Any]:
    note: dict[str, Any] = {"id": nid, "type": "DiffNote" if diff else None, "body": body, "attachment": None,
                            "author": author, "created_at": "2026-11-02T09:20:00.000Z",
                            "updated_at": "2026-11-02T09:20:00.000Z", "system": system, "noteable_id": 5001,
                            "noteable_type": "MergeRequest", "project_id": 42, "resolvable": diff,
                            "confidential": False, "internal": False, "noteable_iid": 1, "commands_changes": {}}
    if diff:
        note["position"] = {"base_sha": "e" * 40, "start_sha": "e" * 40, "head_sha": "f" * 40, "old_path": "docs/a.md",
                            "new_path": "docs/a.md", "position_type": "text", "old_line": None, "new_line": 2}
        note["resolved"] = True
    return note


def gl_commit(sha: str, name: str, email: str, date: str, message: str) -> dict[str, Any]:
    return {"id": sha, "short_id": sha[:8], "created_at": date, "parent_ids": ["d" * 40], "title": message.split("\n")[0],
            "message": message, "author_name": name, "author_email": email, "authored_date": date,
            "committer_name": name, "committer_email": email, "committed_date": date, "trailers": {},
            "extended_trailers": {}, "web_url": f"https://gitlab.example.com/acme/kb/-/commit/{sha}"}

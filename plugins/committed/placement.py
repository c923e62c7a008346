"""Placing changes in the history: every change filed under its file's current path."""

from __future__ import annotations

from typing import Any

from .records import ChangeKind, Commit, Edit, unfrozen

_Edit = unfrozen(Edit)
Copy = tuple[str, str, str]  # (sha, source file, copy file): a file git saw copied from another


def branch_renames(commits: tuple[Commit, ...], branches: dict[str, tuple[str, ...]]) -> dict[str, list[tuple[str, str]]]:
    """For each mainline merge, the renames its branch made (newest first): (old path, new path)."""
    by_sha = {c.sha: c for c in commits}
    out: dict[str, list[tuple[str, str]]] = {}
    for merge, branch in branches.items():
        renames = [(ch.old_path, ch.path) for sha in branch for ch in by_sha[sha].changes
                   if ch.old_path is not None and ch.kind is ChangeKind.RENAMED]
        if renames:
            out[merge] = renames
    return out


def place(commits: tuple[Commit, ...], docs: str, void: frozenset[str],
           branch_renames: dict[str, list[tuple[str, str]]] | None = None) -> tuple[list[Edit], list[Copy]]:
    """Follow renames newest-first so every change is filed under its file's current path.

    ``alias`` maps a path as older commits name it to (the file's identity, whether it exists at
    HEAD). A deletion starts a lineage that no longer exists; a rename sends the old path to the
    new path's lineage. A path re-created after a deletion is a new file. A merge applies the
    renames its branch made, so the main line's edits made under an old name before the merge
    follow the page too (merges are read without diffs). (The Edits are filled through their
    ``unfrozen`` twin: one per change, 35,000 at full scale.)

    A copy (an addition git pairs with the file it came from) starts a file of its own: the
    source keeps its history. Returned beside the edits as ``(sha, source file, copy file)``,
    both as placed, newest first, so credits can follow the text it took.
    """
    branch_renames = branch_renames or {}
    prefix = f"{docs}/" if docs else ""
    cut = len(prefix)
    alias: dict[str, tuple[str, bool]] = {}
    names: dict[str, str] = {}  # one docs-relative string per file, shared by its edits; "": outside docs
    deleted, renamed = ChangeKind.DELETED, ChangeKind.RENAMED
    new, edit_class = object.__new__, Edit
    out: list[Edit] = []
    copies: list[Copy] = []
    append = out.append
    for commit in commits:
        # This commit's renames and deletions (applied once all its changes are placed) and its
        # copies as (source path, copy file); lists only for the few commits that have any.
        updates: list[tuple[str, tuple[str, bool]]] | None = None
        copied: list[tuple[str, str]] | None = None
        counts = commit.sha not in void
        for change in commit.changes:
            path, kind, old_path = change.path, change.kind, change.old_path
            if kind is deleted:
                key, exists = f"{path}@{commit.sha[:12]}", False
                updates = updates if updates is not None else []
                updates.append((path, (key, exists)))
            else:
                lineage = alias.get(path)
                key, exists = (path, True) if lineage is None else lineage
                if old_path is not None and kind is renamed:
                    updates = updates if updates is not None else []
                    updates.append((old_path, (key, exists)))
            name = names.get(key)
            if name is None:
                name = names[key] = key[cut:] if key.startswith(prefix) else ""
            if not name:
                continue  # an old path whose file never came into the docs folder (moves.py)
            if old_path is not None and kind is not renamed:
                copied = copied if copied is not None else []
                copied.append((old_path, name))
            edit: Any = new(_Edit)
            edit.commit = commit
            edit.change = change
            edit.page = name if exists else None
            edit.file = name
            edit.counts = counts
            edit.__class__ = edit_class
            append(edit)
        if updates:
            alias.update(updates)
        for source, name in copied or ():  # the source as this commit found it (after its renames above)
            key = alias.get(source, (source, True))[0]
            copies.append((commit.sha, key[cut:] if key.startswith(prefix) else key, name))
        if branch_renames:
            for old, new_path in branch_renames.get(commit.sha, ()):  # newest first: chains resolve
                alias[old] = alias.get(new_path, (new_path, True))
    return out, copies

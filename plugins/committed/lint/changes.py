"""What a change touched (``--base REF``): changed pages and the lines it added, from one git diff.

git runs through ``committed.gitio``, like every other git call of Committed.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import CommittedError, GitError
from ..gitio import open_repository

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def added_lines(root: Path, base: str) -> dict[str, frozenset[int]]:
    """Root-relative paths of files changed since the merge base with ``base`` -> lines added.

    Compares the merge base with the work tree, so it sees commits on the branch and uncommitted
    edits alike. Deleted files are left out.
    """
    repo = open_repository(root)
    if repo is None:
        raise CommittedError("--base needs a git repository, and this folder is not in one.", path=root,
                             hint="run the lint inside a clone of the knowledge base.")
    try:
        merge_base = repo.run("merge-base", base, "HEAD").strip()
    except GitError as exc:
        raise CommittedError(f"cannot find the merge base of {base!r} and HEAD", path=root,
                             hint="Check the ref name, and fetch the full history in CI "
                                  "(GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`).") from exc
    rel = root.resolve().relative_to(repo.root).as_posix()
    prefix = "" if rel == "." else f"{rel}/"
    diff = repo.run("diff", "--unified=0", "--no-color", "--no-ext-diff", "-M", "--diff-filter=ACMR",
                    "--src-prefix=a/", "--dst-prefix=b/", merge_base, "--", prefix or ".")
    result: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            if name.startswith('"'):  # quoted because of unusual characters
                name = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode(
                    "latin-1").decode("utf-8", "replace")
            name = name[2:] if name.startswith("b/") else name
            if prefix and name.startswith(prefix):
                name = name[len(prefix):]
            current = result.setdefault(name, set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or 1)
                current.update(range(start, start + count))
    return {k: frozenset(v) for k, v in result.items()}

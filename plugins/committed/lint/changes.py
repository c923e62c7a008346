"""What a change touched (``--base REF``): changed pages and the lines it added, from one git diff.

All git access of the lint lives here, through GitPython's command interface.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import git
from git.exc import GitCommandError, GitCommandNotFound

from ..errors import CommittedError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _run(root: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        out = git.Git(str(root)).execute(
            ["git", "-c", "core.quotepath=off", "-c", "color.ui=never", *args], env=env, strip_newline_in_stdout=False)
    except GitCommandNotFound as exc:  # pragma: no cover - depends on the machine
        raise CommittedError("git is not installed or not on PATH.", hint="Install git.") from exc
    except GitCommandError as exc:
        raise CommittedError(f"git {args[0]} failed: {str(exc.stderr).strip()}", path=root) from exc
    return str(out)


def added_lines(root: Path, base: str) -> dict[str, frozenset[int]]:
    """Root-relative paths of files changed since the merge base with ``base`` -> lines added.

    Compares the merge base with the work tree, so it sees commits on the branch and uncommitted
    edits alike. Deleted files are left out.
    """
    try:
        merge_base = _run(root, "merge-base", base, "HEAD").strip()
    except CommittedError as exc:
        raise CommittedError(f"cannot find the merge base of {base!r} and HEAD", path=root,
                             hint="Check the ref name, and fetch the full history in CI "
                                  "(GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`).") from exc
    prefix = _run(root, "rev-parse", "--show-prefix").strip()
    diff = _run(root, "diff", "--unified=0", "--no-color", "--no-ext-diff", "-M", "--diff-filter=ACMR",
                "--src-prefix=a/", "--dst-prefix=b/", merge_base, "--", ".")
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

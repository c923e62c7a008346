"""Every git call Committed makes. Nothing else in the package runs git.

Commands run through GitPython's command interface with an explicit ``--git-dir`` and
``--work-tree`` so inherited ``GIT_*`` variables (set when a build runs from a git hook) cannot
point them at another repository.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import git
from git.exc import GitCommandError, GitCommandNotFound, InvalidGitRepositoryError, NoSuchPathError

from .errors import GitError

_CHUNK = 1 << 20
# Config that would change what git prints; pinned so every machine parses the same output.
_PINNED = ("-c", "core.quotepath=off", "-c", "log.showSignature=false", "-c", "diff.noprefix=false",
           "-c", "log.showRoot=true", "-c", "color.ui=never", "-c", "i18n.logOutputEncoding=UTF-8")


@dataclass(frozen=True)
class Repository:
    """A work tree whose history Committed reads."""

    root: Path
    git_dir: Path

    def _git(self) -> git.Git:
        return git.Git(str(self.root))

    def _argv(self, args: Sequence[str]) -> list[str]:
        return ["git", f"--git-dir={self.git_dir}", f"--work-tree={self.root}", *_PINNED, *args]

    def run(self, *args: str, stdin: bytes | None = None, check: bool = True) -> str:
        """Run git and return its standard output, decoded as UTF-8 (invalid bytes replaced)."""
        try:
            proc = self._git().execute(self._argv(args), as_process=True, istream=None if stdin is None else -1)  # type: ignore[call-overload]
        except GitCommandNotFound as exc:  # pragma: no cover - depends on the machine
            raise GitError("git is not installed or not on PATH.", hint="Install git.") from exc
        out, err = proc.proc.communicate(stdin)
        if check and proc.proc.returncode != 0:
            raise GitError(f"`git {' '.join(args[:3])}` failed: {err.decode('utf-8', 'replace').strip()}")
        return out.decode("utf-8", "replace")

    def stream(self, *args: str) -> Iterator[bytes]:
        """Run git and yield its standard output in large chunks as git writes it."""
        proc = self._git().execute(self._argv(args), as_process=True)  # type: ignore[call-overload]
        stdout = proc.proc.stdout
        try:
            while chunk := stdout.read(_CHUNK):
                yield chunk
        finally:
            err = proc.proc.stderr.read()
            code = proc.proc.wait()
            if code != 0:
                raise GitError(f"`git {' '.join(args[:2])}` failed: {err.decode('utf-8', 'replace').strip()}")

    # -- questions about the repository -----------------------------------------------------

    def head(self) -> str | None:
        """The sha HEAD points at (detached or not), or None in an empty repository."""
        out = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).strip()
        return out or None

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == "true"

    def is_ancestor(self, older: str, newer: str) -> bool:
        try:
            proc = self._git().execute(self._argv(["merge-base", "--is-ancestor", older, newer]),  # type: ignore[call-overload]
                                       as_process=True)
        except GitCommandError:  # pragma: no cover
            return False
        proc.proc.communicate()
        return proc.proc.returncode == 0

    def check_mailmap(self, contacts: Iterable[str]) -> dict[str, str]:
        """Map each ``Name <email>`` through .mailmap in one batched ``git check-mailmap`` call."""
        todo = sorted(set(contacts))
        if not todo:
            return {}
        out = self.run("check-mailmap", "--stdin", stdin=("\n".join(todo) + "\n").encode())
        return dict(zip(todo, out.splitlines(), strict=False))

    def file_digest(self, relpath: str) -> str:
        """A digest of a work-tree file's bytes ('' when absent), for cache keys."""
        path = self.root / relpath
        try:
            return hashlib.sha1(path.read_bytes()).hexdigest()
        except OSError:
            return ""


def open_repository(path: str | Path) -> Repository | None:
    """The repository containing ``path``, or None when it is not inside a git work tree."""
    try:
        repo = git.Repo(str(path), search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        return None
    if repo.bare or repo.working_tree_dir is None:
        return None
    return Repository(root=Path(repo.working_tree_dir).resolve(), git_dir=Path(repo.git_dir).resolve())

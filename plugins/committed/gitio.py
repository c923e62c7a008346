"""Every git call Committed makes. Nothing else in the package runs git.

Commands run as plain subprocesses with an explicit ``--git-dir`` and ``--work-tree``, and without
the inherited ``GIT_*`` variables that locate a repository (set when a build runs from a git hook),
so they cannot point git at another repository. Plain ``subprocess`` rather than GitPython: a
warm build's whole budget is 0.2 s, and importing GitPython alone took 40 ms of it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import GitError

_CHUNK = 1 << 20
# Config that would change what git prints; pinned so every machine parses the same output.
_PINNED = ("-c", "core.quotepath=off", "-c", "log.showSignature=false", "-c", "diff.noprefix=false",
           "-c", "log.showRoot=true", "-c", "color.ui=never", "-c", "i18n.logOutputEncoding=UTF-8")
# Variables that tell git which repository, index or object store to use (a git hook sets them).
_LOCATING = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                       "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX",
                       "GIT_SHALLOW_FILE", "GIT_GRAFT_FILE", "GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS"})


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _LOCATING}
    env.update(LANGUAGE="C", LC_ALL="C")
    return env


def _popen(argv: list[str], cwd: str | None = None, stdin: bool = False) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(argv, cwd=cwd, env=_env(), stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError as exc:  # pragma: no cover - depends on the machine
        raise GitError("git is not installed or not on PATH.", hint="Install git.") from exc


def _widen(fd: int) -> None:
    """Let git write up to _CHUNK ahead of the reader (Linux; a 64 KiB pipe elsewhere).

    With the default pipe git stalls whenever Python parses, and a cold read took the sum of the
    two instead of the longer one."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _CHUNK)  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        pass


@dataclass(frozen=True)
class Repository:
    """A work tree whose history Committed reads."""

    root: Path
    git_dir: Path

    def _argv(self, args: Sequence[str]) -> list[str]:
        return ["git", f"--git-dir={self.git_dir}", f"--work-tree={self.root}", *_PINNED, *args]

    def run(self, *args: str, stdin: bytes | None = None, check: bool = True) -> str:
        """Run git and return its standard output, decoded as UTF-8 (invalid bytes replaced)."""
        proc = _popen(self._argv(args), str(self.root), stdin=stdin is not None)
        out, err = proc.communicate(stdin)
        if check and proc.returncode != 0:
            raise GitError(f"`git {' '.join(args[:3])}` failed: {err.decode('utf-8', 'replace').strip()}")
        return out.decode("utf-8", "replace")

    def stream(self, *args: str) -> Iterator[bytes]:
        """Run git and yield its standard output in large chunks as git writes it."""
        proc = _popen(self._argv(args), str(self.root))
        stdout, stderr = proc.stdout, proc.stderr
        assert stdout is not None and stderr is not None
        _widen(stdout.fileno())
        try:
            while chunk := stdout.read(_CHUNK):
                yield chunk
        finally:
            stdout.close()
            err = stderr.read()
            stderr.close()
            code = proc.wait()
            if code != 0:
                raise GitError(f"`git {' '.join(args[:2])}` failed: {err.decode('utf-8', 'replace').strip()}")

    # -- questions about the repository -----------------------------------------------------

    def head(self) -> str | None:
        """The sha HEAD points at (detached or not), or None in an empty repository."""
        out = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).strip()
        return out or None

    def head_and_shallow(self) -> tuple[str | None, bool]:
        """``head()`` and ``is_shallow()`` in one git call."""
        lines = self.run("rev-parse", "--is-shallow-repository", "--verify", "--quiet", "HEAD^{commit}",
                         check=False).split()
        return (lines[1] if len(lines) > 1 else None), bool(lines) and lines[0] == "true"

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == "true"

    def is_ancestor(self, older: str, newer: str) -> bool:
        proc = _popen(self._argv(["merge-base", "--is-ancestor", older, newer]), str(self.root))
        proc.communicate()
        return proc.returncode == 0

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
    start = Path(path)
    if start.is_file():
        start = start.parent
    if not start.is_dir():
        return None
    proc = _popen(["git", *_PINNED, "rev-parse", "--show-toplevel", "--absolute-git-dir"], str(start))
    out, _ = proc.communicate()
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if proc.returncode != 0 or len(lines) != 2 or not lines[0]:
        return None  # not a repository, a bare one, or inside the .git folder
    return Repository(root=Path(lines[0]).resolve(), git_dir=Path(lines[1]).resolve())

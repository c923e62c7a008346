"""Every git call Committed makes. Nothing else in the package runs git.

Each command is one ``git`` process started with ``subprocess`` (stdout streamed in large chunks
when it is long), with an explicit ``--git-dir`` and ``--work-tree``, its messages in English
(``LC_ALL=C``: errors are read and reported) and the configuration that would change its output
pinned. Inherited ``GIT_*`` variables that locate a repository (set when a build runs from a git
hook) are pinned to this repository's own values, so they cannot point git elsewhere; discovery
(``open_repository``) runs without them, so a path always means the repository that contains it.

GitPython did this job in earlier versions; importing it took 0.1 s, a third of a warm history
read, for nothing ``subprocess`` does not do here.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .errors import GitError

_CHUNK = 1 << 20
_BATCH = 64  # lines sent to a fed git process at a time
# Variables that tell git which repository to use: never inherited by discovery.
_LOCATING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
             "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_SHALLOW_FILE",
             "GIT_GRAFT_FILE", "GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS")
_ENGLISH = {"LANGUAGE": "C", "LC_ALL": "C"}  # git's messages are read and reported


def _popen(argv: list[str], cwd: Path, env: dict[str, str], stdin: bool = False) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError as exc:  # pragma: no cover - depends on the machine
        raise GitError("git is not installed or not on PATH.", hint="Install git.") from exc
# Config that would change what git prints; pinned so every machine parses the same output.
_PINNED = ("-c", "core.quotepath=off", "-c", "log.showSignature=false", "-c", "diff.noprefix=false",
           "-c", "log.showRoot=true", "-c", "color.ui=never", "-c", "i18n.logOutputEncoding=UTF-8")
# How much of the pack files a git process maps at once (git's defaults: windows of 1 GiB, up to
# 8 GiB), which its resident memory counts: a history read of a 550 MB pack mapped 450 MB of it,
# in each of the two processes reading it side by side. Windows of 16 MiB, at most 32 MiB mapped:
# no CPU measured (the pages stay in the page cache: a window is mapped again, not read again).
BOUNDED = ("-c", "core.packedGitWindowSize=16m", "-c", "core.packedGitLimit=32m")


def _widen(fd: int) -> None:
    """Let git write up to _CHUNK ahead of the reader (Linux; a 64 KiB pipe elsewhere).

    With the default pipe git stalls whenever Python parses, and a cold read took the sum of the
    two instead of the longer one."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _CHUNK)
    except (ImportError, AttributeError, OSError):
        pass


class Feed:
    """A git process given its input line by line while it runs (``--stdin``), its output read by
    threads as it is written, so neither side waits on a full pipe: work for git can be sent while
    Python still reads something else, and git does it on the other core meanwhile."""

    def __init__(self, proc: subprocess.Popen[bytes], args: Sequence[str]) -> None:
        self._proc, self._args = proc, args
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        self._stdin = proc.stdin
        _widen(self._stdin.fileno())
        self._pending: list[bytes] = []
        self._out: list[bytes] = []
        self._err: list[bytes] = []
        self._readers = [threading.Thread(target=_drain, args=(pipe, into), daemon=True)
                         for pipe, into in ((proc.stdout, self._out), (proc.stderr, self._err))]
        for reader in self._readers:
            reader.start()

    def send(self, line: str) -> None:
        """Queue a line; git is given them in batches of ``_BATCH`` (a write per line cost more than
        what git did with it)."""
        self._pending.append(line.encode("utf-8", "surrogateescape"))
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        lines, self._pending = self._pending, []
        try:
            self._stdin.write(b"\n".join(lines) + b"\n")
            self._stdin.flush()
        except OSError:
            pass  # git stopped reading: close() reports why

    def close(self) -> bytes:
        """End the input, wait for git and return all it wrote (GitError when it failed)."""
        if self._pending:
            self._flush()
        with suppress(OSError):  # a pipe git already closed
            self._stdin.close()
        for reader in self._readers:
            reader.join()
        if self._proc.wait() != 0:
            err = b"".join(self._err).decode("utf-8", "replace").strip()
            raise GitError(f"`git {' '.join(self._args[:2])}` failed: {err}")
        return b"".join(self._out)

    def abort(self) -> None:
        """Stop git if it still runs (the output is no longer wanted)."""
        if self._proc.poll() is None:
            self._proc.kill()
        with suppress(OSError):  # a pipe git already closed
            self._stdin.close()
        self._proc.wait()
        for reader in self._readers:
            reader.join()


def _drain(pipe: IO[bytes], into: list[bytes]) -> None:
    with pipe:
        while chunk := pipe.read(_CHUNK):
            into.append(chunk)


@dataclass(frozen=True)
class Repository:
    """A work tree whose history Committed reads."""

    root: Path
    git_dir: Path
    common_dir: Path = field(default=Path())  # where objects live (differs in linked work trees)
    # ``head_and_shallow()`` as it was when the repository was found (open_repository asks git
    # for both in the same call): the history read takes it instead of starting git again.
    found_head: tuple[str | None, bool] | None = field(default=None, compare=False, repr=False)

    def _argv(self, args: Sequence[str]) -> list[str]:
        return ["git", f"--git-dir={self.git_dir}", f"--work-tree={self.root}", *_PINNED, *BOUNDED, *args]

    def _env(self) -> dict[str, str]:
        """Values for inherited locating variables that make them mean this repository."""
        common = self.common_dir if self.common_dir != Path() else self.git_dir
        pinned = {"GIT_DIR": str(self.git_dir), "GIT_WORK_TREE": str(self.root),
                  "GIT_INDEX_FILE": str(self.git_dir / "index"), "GIT_COMMON_DIR": str(common),
                  "GIT_OBJECT_DIRECTORY": str(common / "objects"), "GIT_ALTERNATE_OBJECT_DIRECTORIES": "",
                  "GIT_SHALLOW_FILE": str(common / "shallow"), "GIT_GRAFT_FILE": str(common / "info" / "grafts"),
                  "GIT_NAMESPACE": "", "GIT_PREFIX": "", "GIT_REPLACE_REF_BASE": "refs/replace/",
                  "GIT_NO_REPLACE_OBJECTS": "0"}
        return {k: v for k, v in pinned.items() if k in os.environ}

    def _start(self, args: Sequence[str], stdin: bool = False) -> subprocess.Popen[bytes]:
        return _popen(self._argv(args), self.root, {**os.environ, **self._env(), **_ENGLISH}, stdin)

    def run(self, *args: str, stdin: bytes | None = None, check: bool = True) -> str:
        """Run git and return its standard output, decoded as UTF-8 (invalid bytes replaced)."""
        proc = self._start(args, stdin=stdin is not None)
        out, err = proc.communicate(stdin)
        if check and proc.returncode != 0:
            raise GitError(f"`git {' '.join(args[:3])}` failed: {err.decode('utf-8', 'replace').strip()}")
        return str(out.decode("utf-8", "replace"))

    def run_bytes(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Run git and return its standard output as bytes (paths stay exact)."""
        proc = self._start(args, stdin=stdin is not None)
        out, err = proc.communicate(stdin)
        if proc.returncode != 0:
            raise GitError(f"`git {' '.join(args[:2])}` failed: {err.decode('utf-8', 'replace').strip()}")
        return bytes(out)

    def feed(self, *args: str) -> Feed:
        """Start git reading lines from its standard input: send them with ``Feed.send``."""
        return Feed(self._start(args, stdin=True), args)

    def stream(self, *args: str) -> Iterator[bytes]:
        """Run git and yield its standard output in large chunks as git writes it."""
        proc = self._start(args)
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

    def main_line_middle(self, head: str, at_least: int) -> str | None:
        """The commit halfway down ``head``'s first-parent chain, or None when the chain has fewer
        than ``at_least`` commits."""
        shas = self.run("rev-list", "--first-parent", head).split()
        return shas[len(shas) // 2] if len(shas) >= max(at_least, 2) else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        proc = self._start(["merge-base", "--is-ancestor", older, newer])
        proc.communicate()
        return bool(proc.returncode == 0)

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
    """The repository containing ``path``, or None when it is not inside a git work tree (a bare
    repository has none)."""
    start = Path(path)
    if start.is_file():
        start = start.parent
    if not start.is_dir():
        return None
    env = {k: v for k, v in os.environ.items() if k not in _LOCATING} | _ENGLISH
    # where it is, and HEAD and whether the clone is shallow (``head_and_shallow``): one git process
    proc = _popen(["git", "rev-parse", "--show-toplevel", "--git-dir", "--git-common-dir", "--is-shallow-repository",
                   "--verify", "--quiet", "HEAD^{commit}"], start, env)
    out, _ = proc.communicate()
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    # exit status 1 with the first four lines: no commit yet (an empty repository)
    if not (proc.returncode == 0 and len(lines) == 5) and not (proc.returncode == 1 and len(lines) == 4):
        return None
    root, git_dir, common = ((start / line).resolve() for line in lines[:3])  # the last two may be relative
    head = lines[4] if len(lines) == 5 else None
    return Repository(root=root, git_dir=git_dir, common_dir=common, found_head=(head, lines[3] == "true"))


def head_files(git_dir: Path, common_dir: Path) -> list[Path]:
    """The files git rewrites whenever HEAD moves to another commit or the clone becomes shallow:
    HEAD, the branch it names (loose), packed-refs, shallow, the reftable's table list. Their
    stamps (size, modification time) tell "HEAD may have moved" without running git."""
    files = [git_dir / "HEAD", common_dir / "packed-refs", common_dir / "shallow",
             common_dir / "reftable" / "tables.list"]
    try:
        head = (git_dir / "HEAD").read_text("utf-8", "replace").strip()
    except OSError:
        return files
    if head.startswith("ref: "):
        ref = head[len("ref: "):].strip()
        files += [git_dir / ref, common_dir / ref]
    return files

"""Real git repositories for tests: pinned identity, fixed dates, no inherited GIT_* variables.

    repo = Repo(tmp_path)
    repo.write("docs/a.md", "# A\n")
    sha = repo.commit("Add A", author=("Ana", "ana@x.test"), date="2025-01-02T10:00:00Z",
                      trailers=[("Reviewed-by", "Bo <bo@x.test>")])
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

ANA = ("Ana", "ana@x.test")
BO = ("Bo", "bo@x.test")
CY = ("Cy", "cy@x.test")
DEE = ("Dee", "dee@x.test")
EVE = ("Eve", "eve@x.test")


def day(n: int, hour: int = 10) -> str:
    """A fixed date: day ``n`` counted from 2026-01-01 (day 1), at ``hour`` UTC."""
    return (datetime(2026, 1, 1, hour, tzinfo=timezone.utc) + timedelta(days=n - 1)).isoformat()


def page(title: str, lines: int, extra: str = "") -> str:
    """A page with front matter, a heading and ``lines`` distinct lines of text, then ``extra``."""
    body = "\n".join(f"Step {i}: do thing number {i} carefully." for i in range(lines))
    return f"---\ntitle: {title}\n---\n# {title}\n\n{body}\n{extra}"


def contact(ident: tuple[str, str]) -> str:
    """``Name <email>``, as a trailer names a person."""
    return f"{ident[0]} <{ident[1]}>"


def clean_env(**extra: str) -> dict[str, str]:
    """The process environment without GIT_* variables, with a pinned, config-free git."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0",
               LC_ALL="C", TZ="UTC")
    env.update(extra)
    return env


class Repo:
    """A git work tree under ``root`` built with real ``git`` commands."""

    def __init__(self, root: Path, *, init: bool = True, branch: str = "main",
                 user: tuple[str, str] | None = ("Test", "test@x.test")) -> None:
        """``user``: the repository's configured git identity (None: no identity at all)."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.user = user
        if init:
            self.git("init", "-q", "-b", branch)
            settings = [("commit.gpgsign", "false"), ("tag.gpgsign", "false"),
                        ("core.autocrlf", "false"), ("merge.renames", "true")]
            if user is not None:
                settings += [("user.name", user[0]), ("user.email", user[1])]
            for key, value in settings:
                self.git("config", key, value)

    # -- plumbing ----------------------------------------------------------------------------

    def git(self, *args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> str:
        proc = subprocess.run(["git", *args], cwd=self.root, env=env or clean_env(), input=input,
                              capture_output=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}")
        return proc.stdout.decode("utf-8", "replace")

    def _env(self, author: tuple[str, str], committer: tuple[str, str] | None, date: str) -> dict[str, str]:
        committer = committer or author
        return clean_env(GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1], GIT_AUTHOR_DATE=date,
                         GIT_COMMITTER_NAME=committer[0], GIT_COMMITTER_EMAIL=committer[1],
                         GIT_COMMITTER_DATE=date)

    @staticmethod
    def _message(message: str, trailers: Sequence[tuple[str, str]]) -> str:
        if trailers:
            message = message.rstrip("\n") + "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers)
        return message + "\n"

    # -- work tree ---------------------------------------------------------------------------

    def write(self, path: str, text: str | bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_bytes(text.encode("utf-8"))
        return target

    def contributor(self, slug: str, person: tuple[str, str], **fields: str) -> Path:
        """``contributors/<slug>.yml`` for ``person`` (name, e-mail), with more ``fields`` (office=...)."""
        name, email = person
        lines = [f"name: {name}", f"emails: [{email}]", *(f"{key}: {value}" for key, value in fields.items())]
        return self.write(f"contributors/{slug}.yml", "\n".join(lines) + "\n")

    def mv(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def rm(self, path: str) -> None:
        self.git("rm", "-q", path)

    # -- history -----------------------------------------------------------------------------

    def commit(self, message: str, author: tuple[str, str] = ANA, committer: tuple[str, str] | None = None,
               date: str = "2025-01-02T10:00:00Z", trailers: Sequence[tuple[str, str]] = (),
               allow_empty: bool = False, files: dict[str, str] | None = None) -> str:
        """Write ``files``, stage everything and commit; returns the new commit's sha."""
        for path, text in (files or {}).items():
            self.write(path, text)
        self.git("add", "-A")
        args = ["commit", "-q", "--no-verify", "-F", "-"]
        if allow_empty:
            args.append("--allow-empty")
        self.git(*args, env=self._env(author, committer, date), input=self._message(message, trailers).encode())
        return self.head()

    def merge(self, branch: str, message: str = "Merge", author: tuple[str, str] = ANA,
              committer: tuple[str, str] | None = None, date: str = "2025-01-02T10:00:00Z",
              trailers: Sequence[tuple[str, str]] = (), squash: bool = False) -> str:
        """A --no-ff merge of ``branch`` (or a squash merge: one ordinary commit)."""
        env = self._env(author, committer, date)
        if squash:
            self.git("merge", "-q", "--squash", branch, env=env)
            return self.commit(message, author, committer, date, trailers)
        self.git("merge", "-q", "--no-ff", "--no-edit", "-m", self._message(message, trailers), branch, env=env)
        return self.head()

    def revert(self, sha: str, author: tuple[str, str] = ANA, date: str = "2025-01-02T10:00:00Z") -> str:
        self.git("revert", "--no-edit", sha, env=self._env(author, None, date))
        return self.head()

    def branch(self, name: str, start: str = "HEAD") -> None:
        self.git("branch", name, start)

    def checkout(self, ref: str, *, new: bool = False) -> None:
        self.git("checkout", "-q", *(["-b"] if new else []), ref)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def amend(self, message: str, date: str = "2025-01-02T10:00:00Z", author: tuple[str, str] = ANA) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--amend", "-m", message, env=self._env(author, None, date))
        return self.head()

    def reset_hard(self, ref: str) -> None:
        self.git("reset", "-q", "--hard", ref)

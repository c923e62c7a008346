"""What ``committed new`` and ``committed join`` need to know about where they run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import CommittedError
from ..gitio import Repository, open_repository
from ..records import Identity


@dataclass(frozen=True)
class Workspace:
    """The knowledge base's work tree and the git user working in it."""

    root: Path
    repo: Repository

    def identity(self) -> Identity:
        name = self.repo.run("config", "--get", "user.name", check=False).strip()
        email = self.repo.run("config", "--get", "user.email", check=False).strip()
        if not name or not email:
            missing = " and ".join(k for k, v in (("user.name", name), ("user.email", email)) if not v)
            raise CommittedError(f"git does not know who you are ({missing} is not set).",
                                 hint='run `git config --global user.name "Your Name"` and '
                                      '`git config --global user.email you@example.com` with your work email.')
        return Identity(name=name, email=email)


def workspace(root: str | None) -> Workspace:
    start = Path(root) if root else Path.cwd()
    repo = open_repository(start)
    if repo is None:
        raise CommittedError(f"{start} is not inside a git repository.",
                             hint="run the command inside your clone of the knowledge base, or pass --root.")
    return Workspace(root=Path(root).resolve() if root else repo.root, repo=repo)

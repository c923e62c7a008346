"""Errors a user can fix: each names the file (and line) and says how to fix it."""

from __future__ import annotations

from pathlib import Path


class CommittedError(Exception):
    """An expected user error. Its message is shown as is, without a traceback."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  How to fix: {self.hint}"
        return text


class GitError(CommittedError):
    """git failed or the repository cannot be read as asked."""


class ShallowCloneError(GitError):
    """The repository is a shallow clone, so its history is partial."""

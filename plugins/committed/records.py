"""Typed, immutable records of the knowledge base's git history.

Data flows one way: git -> these records -> people -> scores -> pages. The records are plain
frozen dataclasses (no live handles on git) so they can be cached and compared. Each pickles as
its constructor and positional fields (``__reduce__``): the default state of a frozen slotted
dataclass loads field by field through ``object.__setattr__``, several times slower.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timezone

# Trailer keys we understand, lower-cased. Each names a person the way an author line does.
CO_AUTHORED_BY = "co-authored-by"
REVIEWED_BY = "reviewed-by"
APPROVED_BY = "approved-by"
ACKED_BY = "acked-by"
LEARNED_FROM = "learned-from"
PERSON_TRAILERS = (CO_AUTHORED_BY, REVIEWED_BY, APPROVED_BY, ACKED_BY, LEARNED_FROM)
REVIEW_TRAILERS = (REVIEWED_BY, APPROVED_BY, ACKED_BY)


@dataclass(frozen=True, slots=True, order=True)
class Identity:
    """A name and email as git (after .mailmap) reports them. The email is never published."""

    name: str
    email: str

    @property
    def contact(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return Identity, (self.name, self.email)


@dataclass(frozen=True, slots=True)
class Trailer:
    """A person-naming trailer, e.g. ``Reviewed-by: Ana <ana@example.com>``."""

    key: str  # one of PERSON_TRAILERS
    identity: Identity

    def __reduce__(self) -> tuple[type, tuple[str, Identity]]:
        return Trailer, (self.key, self.identity)


class ChangeKind(str, enum.Enum):
    ADDED = "added"
    MODIFIED = "modified"
    RENAMED = "renamed"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class PageChange:
    """One file changed by one commit, as the commit recorded it (paths relative to the repo)."""

    kind: ChangeKind
    path: str
    old_path: str | None = None  # set on renames
    added: int = 0  # lines added, white space and blank lines ignored
    removed: int = 0  # lines removed, white space and blank lines ignored
    binary: bool = False

    @property
    def whitespace_only(self) -> bool:
        """A text modification whose every changed line differs only in white space."""
        return (self.kind is ChangeKind.MODIFIED and not self.binary
                and self.added == 0 and self.removed == 0)

    @property
    def rename_only(self) -> bool:
        return self.kind is ChangeKind.RENAMED and self.added == 0 and self.removed == 0

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return PageChange, (self.kind, self.path, self.old_path, self.added, self.removed, self.binary)


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: Identity
    committer: Identity
    authored_at: datetime  # UTC
    committed_at: datetime  # UTC
    subject: str
    trailers: tuple[Trailer, ...] = ()
    reverts: str | None = None  # sha named by "This reverts commit <sha>."
    changes: tuple[PageChange, ...] = field(default=())

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return Commit, (self.sha, self.parents, self.author, self.committer, self.authored_at, self.committed_at,
                        self.subject, self.trailers, self.reverts, self.changes)

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def people(self, key: str) -> tuple[Identity, ...]:
        return tuple(t.identity for t in self.trailers if t.key == key)

    @property
    def authors(self) -> tuple[Identity, ...]:
        """The author and every co-author: the people a change is credited to."""
        seen: dict[Identity, None] = {self.author: None}
        for ident in self.people(CO_AUTHORED_BY):
            seen.setdefault(ident, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Edit:
    """A file change placed in the history: which file it is now, and whether it earns."""

    commit: Commit
    change: PageChange
    page: str | None  # the file's current path relative to docs_dir; None if deleted since
    file: str  # the file's identity across renames: its current (or last) path, docs-relative
    counts: bool  # False for ignored, revert and reverted commits

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return Edit, (self.commit, self.change, self.page, self.file, self.counts)


def unfrozen(cls: type) -> type:
    """A plain class with the same slots as the frozen record class ``cls``.

    Bulk loaders fill an instance of it attribute by attribute, then make it a ``cls`` with
    ``obj.__class__ = cls`` (allowed: the layouts are identical). Only for values that already
    went through the constructor once (the history cache): the result equals ``cls(*values)``
    field for field, as tests/test_cache.py checks.
    """
    return type(f"Unfrozen{cls.__name__}", (), {"__slots__": cls.__slots__})  # type: ignore[attr-defined]


def utc(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc)

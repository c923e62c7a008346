"""The incremental history cache: records already read, keyed by what shaped them.

A rebuild after one new commit reads only that commit (``git log <cached-head>..HEAD``). The cache
is a pickle of plain records written atomically; any unreadable or foreign file is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .records import Commit

FORMAT_VERSION = 1


@dataclass(frozen=True)
class CachedHistory:
    head: str
    commits: tuple[Commit, ...]


class HistoryCache:
    def __init__(self, directory: str | Path, key: tuple[str, ...]) -> None:
        digest = hashlib.sha1(repr((FORMAT_VERSION, *key)).encode()).hexdigest()[:16]
        self.path = Path(directory) / f"history-{digest}.pickle"

    def load(self) -> CachedHistory | None:
        try:
            with self.path.open("rb") as fh:
                data = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return data if isinstance(data, CachedHistory) else None

    def save(self, head: str, commits: tuple[Commit, ...]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".history-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(CachedHistory(head, commits), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time

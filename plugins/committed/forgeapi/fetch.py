"""One fetch: the ledger brought up to date with the forge, incrementally and resumably.

The merged requests updated since the ledger's cursor are listed (newest first, as the forge
sorts them), then read oldest update first. Every ``checkpoint`` requests the ledger is written
with the cursor at the last request read, so a fetch stopped by a rate limit, a network failure
or a cancelled job goes on from there next time; and if it fails, whatever it had read is kept
the same way. Each write replaces the file atomically: the previous ledger stays whole until the
new one is complete on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import CommittedError
from .ledger import ForgeRequest, Ledger, read, write
from .source import Source, server_time

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FetchReport:
    listed: int  # merged requests updated since the cursor
    kept: int  # of them, those that touched the docs folder
    requests: int  # in the ledger now
    reviews: int  # in the ledger now
    http_requests: int
    waited: float  # seconds spent waiting for rate limits and retries
    ledger: Ledger


def start(path: Path, source: Source, project: str, docs_path: str, shown: str) -> Ledger:
    """The ledger at ``path`` (checked to be this project's), or a new empty one."""
    if not path.exists():
        return Ledger(source.forge, project, docs_path)
    ledger = read(path, shown=shown)
    if (ledger.forge, ledger.project, ledger.docs_path) != (source.forge, project, docs_path):
        raise CommittedError(f"the review ledger is for {ledger.forge} project {ledger.project!r} "
                             f"(docs folder {ledger.docs_path!r}), not {source.forge} {project!r} ({docs_path!r}).",
                             path=shown, line=1,
                             hint="pass another --ledger path, or delete the file to start this project's ledger.")
    return ledger


def fetch(path: Path, source: Source, *, project: str, docs_path: str, shown: str | None = None,
          progress: Progress | None = None, checkpoint: int = 25) -> FetchReport:
    shown = shown or str(path)
    ledger = start(path, source, project, docs_path, shown)
    listed = source.merged_since(ledger.cursor)
    pending: list[ForgeRequest] = []
    kept = 0
    done_through = ledger.cursor
    try:
        for i, summary in enumerate(listed, 1):
            found = source.request(summary)
            if found is not None:
                pending.append(found)
                kept += 1
            done_through = summary.updated_at
            if progress is not None:
                progress(i, len(listed))
            if i % checkpoint == 0 and i < len(listed):
                ledger = ledger.merged(pending, cursor=done_through, through=ledger.through)
                write(path, ledger)
                pending = []
    except CommittedError:
        if pending:  # keep what was read: the next fetch goes on from there
            write(path, ledger.merged(pending, cursor=done_through, through=ledger.through))
        raise
    ledger = ledger.merged(pending, cursor=done_through, through=server_time(source.client) or done_through)
    write(path, ledger)
    return FetchReport(len(listed), kept, len(ledger.requests), sum(len(r.reviews) for r in ledger.requests),
                       source.client.requests, sum(source.client.waits), ledger)

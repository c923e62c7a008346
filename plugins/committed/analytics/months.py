"""Each person's trend codes of the months that have ended, kept between builds.

The monthly trend gives each person a code per month (``Ledger.codes``: whether they were
active, a teacher, a learner in the trailing window ending with that month). A month that has
ended has a fixed window, so its code changes only when that person's events do: after one new
commit, only the people it touched and the current month (which ends at "now") are computed
again, the other codes are read back. A person's events are named by their digest as the
scoring checkpoint kept them (``EventLists.events_digest``: the blob they were read from, or
their content), so the same digest means the same events, and the same codes.

The file is cachefile.py's (``months-<key>.marshal``: a header with a CRC, then a marshal of
the ends of the months' windows in POSIX seconds and {slug: (events digest, one byte a month)});
its key holds the thresholds, the trend's window length and this code. A damaged or foreign
file is a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import cachefile, kept
from ..knowledge import KnowledgeBase
from ..scoring import ScoringConfig
from .ledger import Ledger

FORMAT = 1
MAGIC = b"committed-months"
_CODE = ("analytics/months.py", "analytics/trend.py", "analytics/ledger.py", "totals.py")  # the spans and their codes


class KeptMonths:
    """The codes kept for the months that have ended; ``codes`` keeps this build's for the next."""

    def __init__(self, kb: KnowledgeBase, days: int, *, restricted: bool = False) -> None:
        """``restricted``: the trend is of some people only (one office), whose first month may come
        after everyone's: such a trend reads the months kept for everyone, and keeps its own only
        when its months are theirs (the next whole build finds everyone's)."""
        self.restricted = restricted
        thresholds = kb.settings.scoring.thresholds
        self.folder = kb.settings.cache_path
        self.key = kept.code_key((FORMAT, thresholds.teach, thresholds.learn, days), _CODE)
        self.digest = kb.scoreboard.events.events_digest
        self.people = kb.people

    def codes(self, ledgers: dict[str, Ledger], config: ScoringConfig, spans: Sequence[tuple[int, int]],
              ended: int) -> dict[str, list[int]]:
        """``ledger.codes(config, spans)`` of each of ``ledgers``; the codes of the first ``ended``
        spans (months that have ended) read from those kept, for people whose events are the kept ones."""
        if self.folder is None or not self.key:
            return {slug: ledger.codes(config, spans) for slug, ledger in ledgers.items()}
        ends = tuple(end for _, end in spans[:ended])
        old_ends, old = self._load()
        offset = old_ends.index(ends[0]) if ends and ends[0] in old_ends else 0  # where this trend's months begin
        same = 0  # how many of the first months' windows are the kept ones
        for mine, theirs in zip(ends, old_ends[offset:], strict=False):
            if mine != theirs:
                break
            same += 1
        new: dict[str, tuple[str, bytes]] = {}
        out: dict[str, list[int]] = {}
        for slug, ledger in ledgers.items():
            digest = self.digest(slug) if ledger.totals is not None else None
            if digest is None:
                out[slug] = ledger.codes(config, spans)
                continue
            found = old.get(slug)
            if found is not None and found[0] == digest:
                known = found[1][offset:offset + same]
                codes = out[slug] = [*known, *ledger.codes(config, spans[len(known):])]
            else:
                codes = out[slug] = ledger.codes(config, spans)
            new[slug] = (digest, bytes(codes[:ended]))
        if offset or same < len(old_ends):
            if self.restricted and old_ends:
                return out  # the months kept are everyone's: kept as they are
            old = {}  # kept for other months
        for slug, kept_codes in old.items():  # people this build did not look at (another office)
            if slug not in new and slug in self.people:
                new[slug] = kept_codes
        if ends != old_ends or new != old:
            self._save(ends, new)
        return out

    def _path(self) -> Path:
        assert self.folder is not None
        return self.folder / f"months-{self.key[:16]}.marshal"

    def _save(self, ends: tuple[int, ...], codes: dict[str, tuple[str, bytes]]) -> None:
        assert self.folder is not None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            cachefile.write(self._path(), FORMAT, self.key, (ends, codes), MAGIC)
        except OSError:  # a cache that cannot be written only costs the next build time
            return
        kept.prune(self.folder, "months-*.marshal", 2)

    def _load(self) -> tuple[tuple[int, ...], dict[str, tuple[str, bytes]]]:
        value: Any = cachefile.read(self._path(), FORMAT, self.key, MAGIC)
        try:
            ends, codes = value
            if type(ends) is tuple and type(codes) is dict and all(type(e) is int for e in ends) and all(
                    type(s) is str and type(d) is str and type(c) is bytes for s, (d, c) in codes.items()):
                return ends, codes
        except (TypeError, ValueError):
            pass
        return (), {}

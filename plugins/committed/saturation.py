"""The limits on what effort earns: every rule that makes repetition, volume and trivia pay less.

A ``Ledger`` receives the scoring model's events one commit at a time, oldest first, applies the
limits below and keeps the events that earn. It is one pass: each limit keeps a small state per
person (and page, colleague or day), never a rescan of the history. "The window" here is the
trailing ``window_days`` before each event, so whatever any window of that length contains is
bounded, not only one day.

* Substance: a change of fewer than ``substantive_lines`` lines (white space and blank lines not
  counted) is a *small fix*: it earns content points, at most ``small_fixes`` per person in the
  window, and no create, improve or breadth points.
* Lines: what one person adds to one page in the window is scored as one change
  (``line_curve × log2(1 + lines)``, each change earning its increment), capped per day.
* Content removed and added back: lines a person removed from a page are owed; lines they add to
  that page later pay the debt first and earn nothing. A page is created once per person and path.
* Improve: once per person and page in the window. Breadth: once per person, page and side in the
  window.
* Colleagues: each further learn event with the same colleague in the window (improve, review,
  learned-from), and each further acknowledgement by the same learner, earns ``pair_decay`` times
  the one before.
* Reviews: at most ``daily_review_cap`` points a day, and only on substantive changes.
* Bulk: in one commit, the pages beyond the first ``bulk_pages`` (most points first) earn half of
  the page before each; so one commit earns at most ``bulk_pages + 1`` pages' worth.
* Shared credit: a commit's page points and learned-from points are split among its authors.

Every event's points are rounded to 0.1, so the rows of an explanation add up to the score shown.
"""

from __future__ import annotations

import marshal
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from .blobfile import Blob, blob_bytes
from .eventlists import EventLists, make_event
from .people import Person
from .perperson import not_ours
from .scoring_model import BREADTH, ScoringConfig, Side, line_points


class PageWork(NamedTuple):
    """One commit's change to one page, as the limits see it (a named tuple: one is made for
    every page change of the history, and a tuple is made several times faster than a frozen
    dataclass)."""

    file: str  # the page's identity across renames (docs-relative)
    path: str  # the path the commit names (debts and creations are kept per path)
    new: bool  # a new page (not a rename or a copy)
    added: int  # lines added, white space and blank lines not counted
    removed: int
    deleted: bool
    owners: frozenset[str]  # who created the page


# What one person would earn on one page before sharing and bulk: (person, side, kind, points,
# colleague, note).
DAY = 86400  # seconds
_Pending = tuple[Person, Side, str, float, "str | None", str]


class _Recent:
    """Values dated within the trailing window: (POSIX seconds, value), in the order they came.

    Events mostly arrive in date order; then nothing kept is later than the date asked about and
    the count and the total of what is left after dropping the expired ones answer directly
    (``total`` is kept only for whole numbers: a float total would drift as values leave it).
    Otherwise the values are filtered one by one, as they always may be."""

    __slots__ = ("items", "latest", "total")

    def __init__(self, items: Iterable[tuple[int, float]] = (), latest: int | None = None, total: float = 0.0) -> None:
        # A list, not a deque: a deque is 624 bytes even empty, and there is one of these per
        # person and file, person and colleague... (97,000 at 100,000 commits: 60 MB of deques).
        # Few values are in a window at once: dropping the oldest from the front costs little.
        self.items: list[tuple[int, float]] = list(items)
        self.latest = latest
        self.total = total  # the sum of the values: exact when they are all integers

    def _expire(self, start: int) -> None:
        items = self.items
        gone = 0
        for d, value in items:
            if d > start:
                break
            self.total -= value
            gone += 1
        if gone:
            del items[:gone]

    def within(self, at: int, span: int) -> list[float]:
        start = at - span
        self._expire(start)
        return [v for d, v in self.items if start < d <= at]

    def count(self, at: int, span: int) -> int:
        """``len(self.within(at, span))``."""
        self._expire(at - span)
        if self.latest is None or self.latest <= at:
            return len(self.items)
        return sum(1 for d, _ in self.items if d <= at)

    def whole_sum(self, at: int, span: int) -> int:
        """``int(sum(self.within(at, span)))`` for integer values (``add_whole``)."""
        self._expire(at - span)
        if self.latest is None or self.latest <= at:
            return int(self.total)
        return int(sum(v for d, v in self.items if d <= at))

    def add(self, at: int, value: float) -> None:
        self.items.append((at, value))
        if self.latest is None or at > self.latest:
            self.latest = at

    def add_whole(self, at: int, value: int) -> None:
        self.items.append((at, value))
        self.total += value
        if self.latest is None or at > self.latest:
            self.latest = at


_Key = TypeVar("_Key", bound=Hashable)


class _Windows(dict[_Key, _Recent]):
    """A ``defaultdict(_Recent)`` whose values may still be as ``dump`` left them (``raw``):
    each is rebuilt when it is first asked for, so resuming from a checkpoint costs nothing for
    the people and pages the new commits do not touch."""

    def __init__(self, raw: dict[_Key, tuple[Any, ...]] | None = None) -> None:
        super().__init__()
        self.raw = raw if raw is not None else {}

    def __missing__(self, key: _Key) -> _Recent:
        kept = self.raw.pop(key, None)
        made = self[key] = _Recent() if kept is None else _Recent(*kept)
        return made

    def dump(self) -> dict[_Key, tuple[Any, ...]]:
        out = dict(self.raw)
        out.update({key: (tuple(r.items), r.latest, r.total) for key, r in self.items()})
        return out


class Ledger:
    """The events of one scoreboard, with every limit applied as they arrive. Dates are kept as
    POSIX seconds (git's dates are whole seconds): compared faster, and kept as they are."""

    def __init__(self, config: ScoringConfig) -> None:
        self.config = config
        self.w = config.weights
        self.span = config.window_days * DAY
        self.events = EventLists()
        self._lines: _Windows[tuple[str, str]] = _Windows()  # (slug, file): lines added
        self._small: _Windows[str] = _Windows()  # slug: small-fix points
        self._pairs: _Windows[tuple[str, str, str]] = _Windows()  # (slug, side, colleague)
        self._once: dict[tuple[str, str, str], int] = {}  # (slug, kind, file): last earned
        self._daily: dict[tuple[str, str, int], float] = defaultdict(float)  # (slug, what, day number)
        self._debt: dict[tuple[str, str], int] = defaultdict(int)  # (slug, path): lines removed, owed
        self._created: set[tuple[str, str]] = set()
        # Each person's state in the limits above as a checkpoint kept it (one blob per person, from
        # ``load``), put in place when the walk first meets them (``_wake``): a resumed walk decodes
        # only the people its new commits name. Every key above begins with the person's slug.
        self._asleep: dict[str, Blob] = {}

    # -- the state, as plain values (checkpoint.py keeps it) ---------------------------------

    def dump(self, stamps: Mapping[datetime, int]) -> tuple[Any, ...]:
        """Everything the ledger keeps: its events, totals and limits, each as (slug, blob of strings
        and numbers) one person at a time (the events' dates through ``stamps``); ``load`` of the
        three tables goes on exactly where this ledger is."""
        return self.events.encode_events(stamps), self.events.encode_totals(stamps), self._limits()

    @classmethod
    def load(cls, config: ScoringConfig, data: tuple[Any, ...], dates: Mapping[int, datetime]) -> Ledger:
        """The ledger ``dump`` described, ``dates`` giving each POSIX second as a date (raises
        ValueError, TypeError... on a damaged one)."""
        events, totals, limits = data
        if not isinstance(limits, dict):
            raise TypeError("the limits' state is not a mapping")
        ledger = cls(config)
        ledger.events = EventLists(events, dates, totals)
        ledger._asleep = limits
        return ledger

    def _limits(self) -> Iterator[tuple[str, Blob]]:
        """(slug, a blob of that person's state in every limit (keys without the slug)), one
        person at a time: those never woken as they were read."""
        people: dict[str, tuple[Any, ...]] = {}

        def of(slug: str) -> tuple[Any, ...]:
            found = people.get(slug)
            if found is None:
                found = people[slug] = ({}, [None], {}, {}, {}, {}, [])
            return found

        for (slug, file), recent in self._lines.dump().items():
            of(slug)[0][file] = recent
        for slug, recent in self._small.dump().items():
            of(slug)[1][0] = recent
        for (slug, side, other), recent in self._pairs.dump().items():
            of(slug)[2][side, other] = recent
        for (slug, kind, file), at in self._once.items():
            of(slug)[3][kind, file] = at
        for (slug, what, day), used in self._daily.items():
            of(slug)[4][what, day] = used
        for (slug, path), owed in self._debt.items():
            of(slug)[5][path] = owed
        for slug, path in self._created:
            of(slug)[6].append(path)
        yield from self._asleep.items()
        for slug in list(people):  # each person's parts let go once written
            parts = people.pop(slug)
            yield slug, marshal.dumps((*parts[:1], parts[1][0], *parts[2:6], sorted(parts[6])))

    def kept(self, slug: str) -> bool:
        """Whether ``slug``'s state in the limits is still as the checkpoint kept it (not decoded)."""
        return slug in self._asleep

    def _wake(self, slug: str) -> None:
        """Put ``slug``'s state as the checkpoint kept it in place, if it is still asleep."""
        blob = self._asleep.pop(slug, None)
        if blob is None:
            return
        try:
            lines, small, pairs, once, daily, debt, created = marshal.loads(blob_bytes(blob))
            self._lines.raw.update({(slug, file): recent for file, recent in lines.items()})
            if small is not None:
                self._small.raw[slug] = small
            self._pairs.raw.update({(slug, side, other): recent for (side, other), recent in pairs.items()})
            self._once.update({(slug, kind, file): at for (kind, file), at in once.items()})
            self._daily.update({(slug, what, day): used for (what, day), used in daily.items()})
            self._debt.update({(slug, path): owed for path, owed in debt.items()})
            self._created.update((slug, path) for path in created)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError, OverflowError) as exc:
            raise not_ours(slug) from exc

    # -- helpers ---------------------------------------------------------------------------

    def _emit(self, person: Person, side: Side, kind: str, points: float, at: datetime, sha: str,
              page: str | None, other: str | None, note: str) -> None:
        points = round(points, 1)
        if person.bot or points <= 0:
            return
        self.events.of(person.slug).append(make_event(person.slug, side, kind, points, at, sha, page, other, note))

    def _fresh(self, slug: str, kind: str, file: str, at: int) -> bool:
        """True (and remembered) if ``slug`` has not earned ``kind`` on ``file`` in the window."""
        if self._asleep:
            self._wake(slug)
        last = self._once.get((slug, kind, file))
        if last is not None and at - self.span < last <= at:
            return False
        self._once[(slug, kind, file)] = at
        return True

    def _pair(self, slug: str, side: Side, other: str | None, at: int) -> tuple[float, str]:
        """The factor for one more event of ``slug`` with ``other`` in the window, and its note."""
        if other is None:
            return 1.0, ""
        if self._asleep:
            self._wake(slug)
        recent = self._pairs[(slug, side.value, other)]
        n = recent.count(at, self.span)
        recent.add_whole(at, 1)
        if n == 0:
            return 1.0, ""
        return self.w.pair_decay ** n, f"{n + 1}th with the same colleague in the window" if n > 2 else (
            f"{('2nd', '3rd')[n - 1]} with the same colleague in the window")

    def _capped(self, key: tuple[str, str, int], points: float, cap: float) -> float:
        if self._asleep:
            self._wake(key[0])
        used = self._daily[key]
        points = max(0.0, min(points, cap - used))
        self._daily[key] = used + points
        return points

    # -- pages -----------------------------------------------------------------------------

    def pages(self, authors: Sequence[Person], at: datetime, sha: str, work: Sequence[PageWork]) -> None:
        """One commit's page changes, credited to ``authors`` (author and co-authors, shared)."""
        if not authors:
            return
        proposals: list[tuple[float, str, list[_Pending]]] = []
        t = int(at.timestamp())
        for page in (sorted(work, key=lambda p: p.file) if len(work) > 1 else work):
            pending: list[_Pending] = []
            for person in authors:
                self._page(person, t, page, pending)
            if pending:
                proposals.append((-sum(p[3] for p in pending), page.file, pending))
        if len(proposals) > 1:
            proposals.sort(key=lambda p: (p[0], p[1]))
        share = 1.0 / len(authors)
        shared = f"shared by {len(authors)} authors" if len(authors) > 1 else ""
        bulk = self.w.bulk_pages
        emit = self._emit
        for k, (_, file, pending) in enumerate(proposals):
            factor = 1.0 if k < bulk else 0.5 ** (k - bulk + 1)
            extra = [shared] if shared else []
            if factor < 1:
                extra.append(f"page {k + 1} of {len(proposals)} in one commit: ×{factor:g}")
            for person, side, kind, points, other, note in pending:
                if extra:
                    note = "; ".join([n for n in (note, *extra) if n])
                emit(person, side, kind, points * share * factor, at, sha, file, other, note)

    def _page(self, person: Person, at: int, page: PageWork, out: list[_Pending]) -> None:
        """What ``person`` would earn on ``page`` before sharing and bulk, added to ``out``, with
        the state updated."""
        w, slug = self.w, person.slug
        if self._asleep:
            self._wake(slug)
        debt_key = (slug, page.path)
        if page.deleted:
            self._debt[debt_key] += page.removed
            return
        debt = self._debt.get(debt_key, 0)
        counted = max(0, page.added - debt)
        self._debt[debt_key] = max(0, debt - page.added) + max(0, page.removed - page.added)
        substantive = counted > 0 and counted + page.removed >= w.substantive_lines
        if page.new and substantive and debt_key not in self._created:
            self._created.add(debt_key)
            out.append((person, Side.TEACH, "create", w.create_page, None, ""))
        if counted and not substantive:
            recent = self._small[slug]
            used = sum(recent.within(at, self.span))
            points = max(0.0, min(line_points(counted, w), w.small_fixes - used))
            recent.add(at, points)
            note = f"small fix: {counted} line{'s' if counted != 1 else ''}, at most {w.small_fixes:g} a window"
            out.append((person, Side.TEACH, "content", points, None, note))
        elif substantive:
            recent = self._lines[(slug, page.file)]
            before = recent.whole_sum(at, self.span)
            recent.add_whole(at, counted)
            points = line_points(before + counted, w) - line_points(before, w)
            note = f"{counted} lines" + (f", {before} earlier in the window" if before else "")
            capped = self._capped((slug, page.file, at // DAY), points, w.daily_page_cap)
            if capped < points - 1e-9:
                note += f"; capped at {w.daily_page_cap:g} a day on one page"
            out.append((person, Side.TEACH, "content", capped, None, note))
            if self._fresh(slug, "breadth-teach", page.file, at):
                out.append((person, Side.TEACH, BREADTH, w.breadth_page, None, "a page taught"))
            if not page.new and slug not in page.owners:
                owner = min(page.owners) if page.owners else None
                if self._fresh(slug, "improve", page.file, at):
                    factor, pair_note = self._pair(slug, Side.LEARN, owner, at)
                    out.append((person, Side.LEARN, "improve", w.improve * factor, owner, pair_note))
                if self._fresh(slug, "breadth-learn", page.file, at):
                    out.append((person, Side.LEARN, BREADTH, w.breadth_colleague, owner, "a colleague's page"))

    # -- trailers --------------------------------------------------------------------------

    def review(self, reviewer: Person, changed_by: set[str], at: datetime, sha: str, page: str | None,
               substantive: bool, note: str = "") -> None:
        """A review of a change (a ``Reviewed-by``/``Approved-by``/``Acked-by`` trailer, or a forge
        review): ``changed_by`` are the slugs of the change's authors, ``page`` the page it is
        filed under, ``substantive`` whether it changes page text substantively. Nothing for a
        bot, a self-review or a trivial change; fewer points for the same colleague again; at
        most ``daily_review_cap`` a day."""
        slug = reviewer.slug
        if reviewer.bot or not substantive or not changed_by or slug in changed_by:
            return
        w, other, t = self.w, min(changed_by), int(at.timestamp())
        factor, pair_note = self._pair(slug, Side.LEARN, other, t)
        full = w.review * factor
        points = self._capped((slug, "review", t // DAY), full, w.daily_review_cap)
        if points < full - 1e-9:
            capped = f"capped at {w.daily_review_cap:g} reviews' points a day"
            pair_note = f"{pair_note}; {capped}" if pair_note else capped
        self._emit(reviewer, Side.LEARN, "review", points, at, sha, page, other,
                   f"{note}; {pair_note}" if note and pair_note else note or pair_note)
        if page is not None and self._fresh(slug, "breadth-learn", page, t):
            self._emit(reviewer, Side.LEARN, BREADTH, w.breadth_colleague, at, sha, page, other,
                       "a colleague's page")

    def acknowledge(self, teacher: Person, authors: Sequence[Person], at: datetime, sha: str) -> None:
        """``Learned-from: teacher`` on a substantive change by ``authors`` (at most once a day
        for the same teacher and authors: the caller checks)."""
        slugs = sorted(p.slug for p in authors)
        if teacher.bot or not authors or teacher.slug in slugs:
            return
        w, t = self.w, int(at.timestamp())
        factor, note = self._pair(teacher.slug, Side.TEACH, slugs[0], t)
        self._emit(teacher, Side.TEACH, "acknowledged", w.acknowledged * factor, at, sha, None, slugs[0], note)
        share = 1.0 / len(authors)
        for person in authors:
            factor, note = self._pair(person.slug, Side.LEARN, teacher.slug, t)
            shared = f"shared by {len(authors)} authors" if len(authors) > 1 else ""
            self._emit(person, Side.LEARN, "learned-from", w.learned_from * factor * share, at, sha, None,
                       teacher.slug, "; ".join(n for n in (note, shared) if n))

"""A person's events after a date (committed.eventlists.EventLists.since): the same events, in the
same order, as filtering all of them, whether the record is still as the checkpoint kept it (then
only those events are decoded, and the record stays kept) or not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from committed.eventlists import EventLists
from committed.perperson import not_ours
from committed.scoring_model import Event, Side

START = datetime(2026, 1, 1, tzinfo=UTC)
# out of date order, as a history's merges can make them; two of one date
DAYS = [3, 1, 7, 7, 2, 9, 5]


def events() -> list[Event]:
    return [Event("ana", Side.TEACH if n % 2 else Side.LEARN, "content", float(n), START + timedelta(days=d), f"s{n}",
                  f"p{n}.md" if n % 3 else None, "bo" if n == 2 else None, "note" if n == 4 else "")
            for n, d in enumerate(DAYS)]


def kept() -> EventLists:
    made = EventLists()
    made.of("ana").extend(events())
    stamps = {e.at: int(e.at.timestamp()) for e in events()}
    return EventLists(made.encode_events(stamps), {s: d for d, s in stamps.items()})


@pytest.mark.parametrize(("after", "shift"), [(None, 0), (-1, 0), (0, 0), (2, 0), (3, 0), (7, 0), (9, 0),
                                             (7, 1), (7, -1), (2, 999_999), (3, -999_999)])
def test_the_events_after_a_date(after: int | None, shift: int) -> None:
    """``shift``: microseconds off the start of a day an event is dated (a window starts at any instant)."""
    start = None if after is None else START + timedelta(days=after, microseconds=shift)
    want = [e for e in events() if start is None or e.at > start]
    lists = kept()
    got = lists.since("ana", start)
    assert got == want and (start is None or lists.kept("ana"))  # nothing else decoded
    assert lists["ana"] == events() and not lists.kept("ana")
    assert lists.since("ana", start) == want  # and the same once decoded
    assert lists.since("cy", start) == []


def test_a_start_with_no_time_zone() -> None:
    naive = kept()
    naive._dates = {s: d.replace(tzinfo=None) for s, d in naive._dates.items()}
    start = datetime(2026, 1, 4)
    assert naive.since("ana", start) == [e for e in naive["ana"] if e.at > start] != []


def test_a_record_not_committed_wrote_is_an_error() -> None:
    lists = EventLists({"ana": b"\x00not marshal"}, {})
    with pytest.raises(type(not_ours("ana")), match="ana"):
        lists.since("ana", START)

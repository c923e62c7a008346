"""Profiles taken from the last build with the date of "now" put in (render/reuse.py,
``Reuse.dated``; render/profiles.py, ``dated_profile``): after a commit on a later day, a profile
made of the same events, activity, names and window counts is the last build's text with the
new date and calendar frame where the old ones were, never made again; one whose calendar
would show other days, or whose record does not match its text, is made again. Every build is
checked against a build with no cache."""

from __future__ import annotations

import json
import marshal
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from committed import kept
from committed.knowledge import load
from committed.outpack import MADE
from committed.outwrite import Writer
from committed.render import svg
from committed.render.keys import Marks, link_bits, link_mask
from committed.render.memo import Memo
from committed.site import Outputs, fingerprint, make, save
from gitrepo import ANA, BO, CY, DEE, Repo, day
from sitebuild import build as mkdocs_build
from sitebuild import digest, mkdocs_yml
from test_outputs_copied import request
from test_render_memo import page, shown

repo = __import__("test_render_memo").repo  # the fixture: four pages by three people over sixty days


def build(repo: Repo, cache: Path) -> tuple[Outputs, Writer]:
    """A build as the worker makes it, checked against a build with no cache; and its writer."""
    req = request(repo, cache)
    writer = Writer.open(cache, fingerprint(req))
    assert writer is not None
    out = make(req, writer)
    assert save(cache, fingerprint(req), out, writer)
    assert shown(out) == shown(make(request(repo, None)))
    return out, writer


def oncall(repo: Repo, n: int, when: str) -> None:
    """Cy changes Cy's own page: Cy's events change, nobody else's."""
    repo.commit(f"On-call {n}", author=CY, date=when,
                files={"docs/ops/oncall.md": page("On-call", f"Who to call.\nWhen to call.\nStep {n}.")})


def test_a_later_day_takes_the_profiles_it_does_not_change_with_the_new_date(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(repo, cache)
    oncall(repo, 1, day(66))  # a week later: the calendars' frame moves, nobody's window counts do
    after, writer = build(repo, cache)
    assert writer.refilled == {"pages": 2, "heads": 2}, writer.refilled  # Ana's and Bo's
    assert "pages" not in writer.copied
    assert after.rendered.get("profile") == 1 and after.rendered.get("calendar") == 1, after.rendered  # Cy's
    ana = after.pages["people/ana.md"]
    assert "2026-03-07" in ana, "the new date"


def test_a_newcomers_first_commit_takes_the_profiles_that_do_not_link_to_them(repo: Repo, tmp_path: Path) -> None:
    """A new person changes the digest of every name in the site (``Marks.names``) and nobody's
    links: the marks of what each profile links to are read again and found the same."""
    cache = tmp_path / "cache"
    build(repo, cache)
    repo.commit("Deploy: a typo", author=DEE, date=day(66),
                files={"docs/guides/deploy.md": page("Deploy", "Ship it.\nCheck it twice.", tags="[release]")})
    after, writer = build(repo, cache)
    assert writer.refilled == {"pages": 3, "heads": 3}, (writer.refilled, after.rendered)  # all but Dee's
    assert after.rendered.get("profile-links") == 1 and after.rendered.get("profile") == 1, after.rendered  # Dee's


def test_a_new_name_makes_again_the_profiles_that_link_to_it(repo: Repo, tmp_path: Path) -> None:
    """Bo takes a new name: Bo's own profile and Ana's, which links to Bo (Bo learned from Ana),
    are made again; Cy's, which does not, is taken."""
    cache = tmp_path / "cache"
    build(repo, cache)
    repo.contributor("bo", ("Bo Berg", BO[1]), office="Oslo")
    oncall(repo, 1, day(66))
    after, writer = build(repo, cache)  # as a build with no cache makes them: "Bo Berg" on Ana's
    assert "Bo Berg" in after.pages["people/ana.md"]
    assert writer.refilled == {}, writer.refilled  # Cy's changed with the commit, Ana's and Bo's with the name


def test_a_calendar_that_would_show_other_days_is_drawn_again(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    # Day 367 (Saturday 2027-01-02): Ana's day-1 commit is out of every window but the calendar,
    # which begins on Sunday, day -3. Day 368 (Sunday): the calendar begins on day 4, without it.
    oncall(repo, 1, day(367, hour=9))
    build(repo, cache)
    oncall(repo, 2, day(368, hour=9))
    after, writer = build(repo, cache)  # as a build with no cache draws it: without Ana's day 1
    assert "pages" not in writer.refilled and "pages" not in writer.copied, (writer.refilled, writer.copied)
    assert after.rendered.get("calendar", 0) >= 2, after.rendered  # Ana's and Cy's at least


@pytest.mark.parametrize("damage", ["holes one place off", "state not bounds", "a fifth value"])
def test_a_record_that_does_not_match_its_text_makes_the_profile_again(repo: Repo, tmp_path: Path, damage: str) -> None:
    """A cache is input: a record under the right salt and checksum whose holes are one place off
    (the old date is not where it says), whose state is not a calendar's bounds, or which holds
    more values than a profile has, is not taken: Ana's profile is made again, Bo's taken."""
    cache = tmp_path / "cache"
    build(repo, cache)
    salt = json.loads((cache / MADE).read_bytes().split(b"\n", 1)[0])[0]
    record = marshal.loads(kept.read_bytes(cache, MADE, salt) or b"")
    dated = record["dated"]
    ana = record["pieces"]["pages"]["people/ana.md"][2]
    holes, values, state = dated[ana]
    dated[ana] = {"holes one place off": (tuple((offset + 1, which) for offset, which in holes), values, state),
                  "state not bounds": (holes, values, "not bounds"),
                  "a fifth value": ((*holes, (holes[-1][0], 4)), (*values, ""), state)}[damage]  # "" is anywhere
    kept.write_bytes(cache, MADE, salt, marshal.dumps(record, 2))
    oncall(repo, 1, day(66))
    after, writer = build(repo, cache)  # as a build with no cache makes them
    assert writer.refilled == {"pages": 1, "heads": 1} and after.rendered.get("calendar") == 1, (
        writer.refilled, after.rendered)


def test_the_bounds_of_a_calendar_tell_when_it_shows_the_same_days() -> None:
    """``svg.shown_at`` of the bounds taken at one end is ``calendar_key`` at another, or None
    exactly when that differs (random active days, ends a few weeks apart, both ways)."""
    rng = random.Random(7)
    origin = date(2026, 1, 1).toordinal()
    for _ in range(3000):
        days = sorted(rng.sample(range(origin - 500, origin + 500), rng.randint(0, 12)))
        then = date.fromordinal(origin + rng.randint(-200, 200))
        later = then + timedelta(days=rng.randint(-30, 30))
        bounds = svg.calendar_bounds(then, days)
        assert svg.shown_at(bounds, then) == svg.calendar_key(then, days)
        same = svg.calendar_key(later, days) == svg.calendar_key(then, days) and _shown_days(later, days) == _shown_days(then, days)
        assert svg.shown_at(bounds, later) == (svg.calendar_key(later, days) if same else None), (days, then, later)


def _shown_days(end: date, days: list[int]) -> list[int]:
    start = svg.calendar_start(end).toordinal()
    return [d for d in days if start <= d <= end.toordinal()]


def test_the_marks_kept_tell_which_pages_and_people_changed(repo: Repo, tmp_path: Path) -> None:
    """``Marks.changed_since``: the bits of exactly the pages and people whose marks changed since
    the marks were kept (a new name: that person; a newcomer: the newcomer), None for marks never kept."""
    cache = tmp_path / "cache"
    req = request(repo, cache)
    memo = Memo.for_settings(req.settings)
    first = Marks(load(req.settings, list(req.page_paths), remember=False))
    first.keep(memo)
    repo.contributor("bo", ("Bo Berg", BO[1]), office="Oslo")
    repo.contributor("dee", DEE)
    repo.commit("Deploy: a typo", author=DEE, date=day(66),
                files={"docs/guides/deploy.md": page("Deploy", "Ship it.\nCheck it twice.", tags="[release]")})
    now = Marks(load(req.settings, list(req.page_paths), remember=False))
    assert now.changed_since(first.names(), memo) == link_bits(["@\0bo", "@\0dee"])
    assert now.changed_since("another build's names", memo) is None
    assert link_mask(["guides/deploy.md"], ["ana"]) & link_bits(["@\0bo", "@\0dee"]) == 0


@pytest.mark.slow
def test_a_newcomer_a_week_later_builds_with_mkdocs_the_site_a_cold_build_makes(tmp_path: Path) -> None:
    """End to end, real ``mkdocs build`` in the worker: the build after a newcomer's commit a
    week later (profiles taken with the new date, calendars a day left drawn again, links checked
    against the marks kept) is byte for byte the build of the same commit with no cache."""
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", mkdocs_yml("search", "committed/profiles"))
    repo.contributor("ana", ANA, office="Lisbon")
    repo.contributor("bo", BO, office="Oslo")
    for n in range(12):  # active days spread over a year, so a week moves some calendars' edges
        author = (ANA, BO)[n % 2]
        repo.commit(f"Guide, part {n}", author=author, date=day(1 + 33 * n),
                    files={f"docs/guide-{n % 4}.md": page(f"Guide {n % 4}", f"Step {n}.\nAnd then {n + 1}.")})
    assert mkdocs_build(repo.root, tmp_path / "first").returncode == 0
    repo.commit("Guide 0: a typo", author=DEE, date=day(1 + 33 * 11 + 7),
                files={"docs/guide-0.md": page("Guide 0", "Step 8.\nAnd then 9, twice.")})
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    proc = mkdocs_build(repo.root, warm)
    assert proc.returncode == 0, proc.stderr
    shutil.rmtree(repo.root / ".cache")
    assert mkdocs_build(repo.root, cold).returncode == 0
    assert digest(warm) == digest(cold)
    assert (warm / "people" / "ana" / "index.html").is_file()

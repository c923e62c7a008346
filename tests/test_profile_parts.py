"""A profile is kept in parts (committed.render.profiles, render/scores.py): what depends on the
windows (the tier line, the Scores table, "Why these scores?") under how many events each window
holds, the rest without. A new day or month renders again only the window parts it changes; a
changed title renders every part that links to it; and no text a person writes can pass for a
hole between the parts."""

from __future__ import annotations

from pathlib import Path

import test_render_memo
from gitrepo import ANA, BO, CY, Repo, day
from test_render_memo import PAGES, page, warm_is_cold

repo = test_render_memo.repo  # the fixture: four pages by three people over sixty days


def test_a_month_later_only_the_window_parts_are_rendered_again(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = warm_is_cold(repo, cache)
    # Day 95, after a quiet month: Bo's day-2 page leaves the 90-day window; Ana and Bo made no commit
    repo.commit("Home: a line", author=CY, date=day(95), files={"docs/index.md": page("Home", "Welcome.\nHello.")})
    after = warm_is_cold(repo, cache)
    assert after.rendered["profile"] == 1, after.rendered  # Cy's: the rest of Ana's and Bo's is kept
    assert after.rendered["profile-windows"] >= 2  # Bo's (the window moved) and Cy's (the commit)
    assert after.rendered.get("profile-refs", 0) == 1  # Cy's; Ana's and Bo's calendars came from their kept refs
    bo, was = after.pages["people/bo.md"], before.pages["people/bo.md"]
    assert scores(bo) != scores(was) and section(bo, "pages") == section(was, "pages")


def scores(profile: str) -> str:
    return profile.split('<table class="committed-scores"', 1)[1].split("</details>", 1)[0]


def section(profile: str, name: str) -> str:
    return profile.split(f'<h2 id="{name}">', 1)[1].split("<h2 ", 1)[0]


def test_a_new_day_renders_again_only_the_window_parts_it_changes(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    # Day 61: no event leaves a window; only Cy's work changed
    repo.commit("On-call: escalation", author=CY, date=day(61),
                files={"docs/ops/oncall.md": page("On-call", "Who to call.\nWhen to call.\nEscalate.")})
    after = warm_is_cold(repo, cache)
    assert after.rendered["profile"] == 1 and after.rendered["profile-windows"] == 1, after.rendered  # Cy's
    # no title or name changed: the marks of what Ana's and Bo's profiles link to are kept, not made again
    assert after.rendered["profile-links"] == 1, after.rendered


def test_a_new_title_renders_every_part_that_links_to_it(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = warm_is_cold(repo, cache)
    assert before.pages["people/bo.md"].count(">Setup</a>") >= 2  # the pages Bo improved, and why Bo scored
    repo.commit("Rename the setup guide", author=CY, date=day(60, hour=16),  # the same day: no window moves
                files={"docs/guides/setup.md": page("Installing", "Install it.\nConfigure it.\nThen run it.",
                                                    owner="ana")})
    after = warm_is_cold(repo, cache)
    for slug in ("ana", "bo"):  # Ana created the page, Bo improved it: both parts of both profiles name it
        text = after.pages[f"people/{slug}.md"]
        assert ">Setup</a>" not in text, slug
        rest, windows = text.split('<h2 id="activity">')[1], text.split('<h2 id="activity">')[0]
        assert ">Installing</a>" in rest and ">Installing</a>" in windows, slug
    assert after.rendered["profile-windows"] >= 2 and after.rendered["profile"] >= 2


def test_text_that_looks_like_a_hole_between_the_parts_is_shown_as_written(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    marks = "<committed-tier/> <committed-scores/> <committed-part/> <committed-avatar/>"
    repo.commit(f"Holes: {marks}", author=ANA, date=day(60, hour=16), files={
        "docs/guides/holes.md": page(marks, "Text.\nMore.")})
    repo.commit(f"Holes again: {marks}", author=BO, date=day(60, hour=17), files={
        "docs/guides/holes.md": page(marks, "Text.\nMore.\nAnd more.")})
    after = warm_is_cold(repo, cache, (*PAGES, "guides/holes.md"))
    escaped = marks.replace("<", "&lt;").replace(">", "&gt;")
    for slug in ("ana", "bo"):
        text = after.pages[f"people/{slug}.md"]
        assert "<committed-" not in text, slug
        why = text.split("<summary>Why these scores?", 1)[1]
        assert why.count("</details>") == 1 and escaped in why.split("</details>")[0], slug  # the page of an event
        assert escaped in section(text, "pages") and escaped in section(text, "recent"), slug
        assert text.count('<table class="committed-scores"') == 1 and text.count('<span class="committed-tier') >= 2
        assert text.index('<span class="committed-tier') < text.index("<!--committed:deferred-->")

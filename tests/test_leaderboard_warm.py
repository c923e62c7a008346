"""The leaderboard, its ranking fragments and its exports after new commits: a warm build (the
scoring resumed from the checkpoint, the analytics read from each person's kept totals, the
fragments kept) gives the same bytes as a build with no cache at all, after one commit, a merge,
a new day, "now" moving past a window boundary, an opt-out and a person's first commit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from committed.config import Settings
from committed.site import LeaderboardOptions, Outputs, Request
from gitrepo import ANA, BO, CY, DEE, EVE, Repo, contact, day, page
from test_render_memo import as_the_worker

PAGES = ("index.md", "guides/setup.md", "guides/deploy.md", "ops/oncall.md", "ops/runbook.md", "people-notes.md")
FAY = ("Fay", "fay@x.test")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kb")
    repo.contributor("ana", ANA, office="Lisbon", team="Docs")
    repo.contributor("bo", BO, office="Oslo", team="Ops")
    repo.contributor("cy", CY, office="Oslo", team="Docs")
    repo.contributor("dee", DEE, office="Lisbon", team="Ops")
    repo.contributor("eve", EVE)
    repo.commit("Start", author=ANA, date=day(1), files={
        "docs/index.md": page("Home", 3), "docs/guides/setup.md": page("Setup", 9)})
    repo.commit("Deploy", author=BO, date=day(2), files={"docs/guides/deploy.md": page("Deploy", 7)},
                trailers=[("Reviewed-by", contact(ANA))])
    repo.commit("Setup: more", author=CY, date=day(20), files={"docs/guides/setup.md": page("Setup", 14)},
                trailers=[("Learned-from", contact(ANA)), ("Reviewed-by", contact(DEE))])
    repo.checkout("oncall", new=True)
    repo.commit("On-call", author=DEE, date=day(30), files={"docs/ops/oncall.md": page("On-call", 8)})
    repo.commit("Deploy: checks", author=DEE, date=day(31), files={"docs/guides/deploy.md": page("Deploy", 12)})
    repo.checkout("main")
    repo.merge("oncall", "Merge pull request #1 from acme/oncall", author=BO, date=day(32),
               trailers=[("Reviewed-by", contact(BO)), ("Approved-by", contact(EVE))])
    repo.commit("Runbook", author=EVE, date=day(50), files={"docs/ops/runbook.md": page("Runbook", 10)},
                trailers=[("Learned-from", contact(DEE))])
    repo.commit("Notes", author=ANA, date=day(85), files={"docs/people-notes.md": page("Notes", 6)},
                trailers=[("Reviewed-by", contact(CY))])
    return repo


def build(repo: Repo, cache: Path | None) -> Outputs:
    settings = Settings(root=repo.root, cache_dir=str(cache) if cache else None)  # type: ignore[arg-type]
    # with a cache, as the worker: the fragments made of the same rows are copied from the last build's
    return as_the_worker(Request(settings, PAGES, leaderboard=LeaderboardOptions(ranking_rows=2), home="index.md"))


def leaderboard(out: Outputs) -> dict[str, object]:
    """What the leaderboard stage hands the site: the page, its ranking fragments, the exports."""
    return {"page": out.pages["leaderboard.md"], "exports": out.exports, "home": out.home,
            "fragments": {path: text for path, text in out.fragments.items() if "ranking" in path}}


def warm_is_cold(repo: Repo, cache: Path) -> dict[str, object]:
    warm = leaderboard(build(repo, cache))
    assert warm == leaderboard(build(repo, None))
    return warm


def one_commit(repo: Repo) -> None:
    repo.commit("Runbook: escalation", author=CY, date=day(85, hour=15),  # the same day
                files={"docs/ops/runbook.md": page("Runbook", 13)}, trailers=[("Learned-from", contact(EVE))])


def a_merge(repo: Repo) -> None:
    repo.checkout("setup", new=True)
    repo.commit("Setup: proxies", author=EVE, date=day(86), files={"docs/guides/setup.md": page("Setup", 18)})
    repo.checkout("main")
    repo.merge("setup", "Merge pull request #2 from acme/setup", author=ANA, date=day(87),
               trailers=[("Reviewed-by", contact(BO))])


def a_new_day(repo: Repo) -> None:
    repo.commit("Home: a line", author=DEE, date=day(86), files={"docs/index.md": page("Home", 5)})


def past_a_window_boundary(repo: Repo) -> None:
    # day 95: the day-1 and day-2 work leaves the 90-day window (and enters the previous one)
    repo.commit("Deploy: a line", author=BO, date=day(95), files={"docs/guides/deploy.md": page("Deploy", 13)})


def an_opt_out(repo: Repo) -> None:
    repo.contributor("cy", CY, office="Oslo", team="Docs", leaderboard="false")
    repo.commit("Cy opts out", author=CY, date=day(86), files={"docs/ops/oncall.md": page("On-call", 9)})


def a_newcomer(repo: Repo) -> None:
    repo.contributor("fay", FAY, office="Tokyo")
    repo.commit("Fay's first", author=FAY, date=day(86), files={"docs/ops/oncall.md": page("On-call", 11)},
                trailers=[("Learned-from", contact(DEE))])


@pytest.mark.parametrize("change", [one_commit, a_merge, a_new_day, past_a_window_boundary, an_opt_out, a_newcomer])
def test_a_warm_leaderboard_is_the_cold_one(repo: Repo, tmp_path: Path, change: Callable[[Repo], None]) -> None:
    cache = tmp_path / "cache"
    before = warm_is_cold(repo, cache)
    assert before["fragments"]  # the ranking is longer than its first rows
    change(repo)
    after = warm_is_cold(repo, cache)
    assert after["exports"] != before["exports"]
    assert warm_is_cold(repo, cache) == after  # and a build with nothing new keeps it


def test_the_flow_and_trend_count_what_the_events_say(repo: Repo, tmp_path: Path) -> None:
    """The figures read from the kept totals are the events' own: flow by office, the trend's months."""
    import json

    one_commit(repo)
    stats = json.loads(warm_is_cold(repo, tmp_path / "cache")["exports"]["committed/stats.json"])  # type: ignore[index]
    flow = {w["key"]: w["flow"] for w in stats["windows"]}
    # all time, learner's office <- the office whose work they engaged with (improve, review, learned-from)
    assert flow["all"]["offices"] == ["Lisbon", "Oslo", ""]
    assert flow["all"]["total"] > 0 and flow["all"]["crossing"] > 0
    assert [m["month"] for m in stats["months"]][0] == day(1)[:7]


def kept_dates(cache: Path) -> tuple[int, str]:
    """How many of the oldest commits the kept "touched by others" dates are of, and the newest's sha."""
    from committed import cachefile
    from committed.analytics.touched import FORMAT, MAGIC

    (path,) = cache.glob("touched-*.marshal")
    digest = path.read_bytes().split(b" ")[2].decode()
    value = cachefile.read(path, FORMAT, digest, MAGIC)
    assert isinstance(value, tuple)
    return value[0], value[1]


def test_the_dates_pages_were_touched_are_resumed_from_the_checkpoints_commits(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    head = repo.head()
    warm_is_cold(repo, cache)  # a full walk: the checkpoint and the dates of all 8 commits
    assert kept_dates(cache) == (8, head)
    one_commit(repo)
    warm_is_cold(repo, cache)  # resumed: the dates kept for the checkpoint's 8 commits, then the new one
    assert kept_dates(cache) == (8, head)
    (path,) = cache.glob("touched-*.marshal")
    path.unlink()  # none kept for the checkpoint's commits: walked, and kept for the next builds
    a_merge(repo)
    warm_is_cold(repo, cache)
    assert kept_dates(cache) == (8, head)
    path.write_bytes(path.read_bytes()[:-5])  # damaged: a miss, never an error
    past_a_window_boundary(repo)
    warm_is_cold(repo, cache)
    assert kept_dates(cache) == (8, head)


def test_a_checkpoint_written_again_keeps_the_dates_of_every_commit(repo: Repo, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from committed import checkpoint

    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    monkeypatch.setattr(checkpoint, "RESAVE", 1)  # a resumed build writes the checkpoint after one commit
    one_commit(repo)
    warm_is_cold(repo, cache)
    assert kept_dates(cache) == (9, repo.head())
    an_opt_out(repo)
    warm_is_cold(repo, cache)
    assert kept_dates(cache) == (10, repo.head())


def test_stats_json_is_what_the_standard_library_writes(repo: Repo, tmp_path: Path) -> None:
    """``exports.pretty`` (joins, not the standard library's generators) writes the same text as
    ``json.dumps(indent=2, sort_keys=True, ensure_ascii=False)``, for the export and for any value."""
    import json

    from committed.exports import pretty

    one_commit(repo)
    text = warm_is_cold(repo, tmp_path / "cache")["exports"]["committed/stats.json"]  # type: ignore[index]
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    odd = {"b": [], "a": {}, "é": ["<Ana> \"quoted\"\n\t\u2028", None, True, False, 0, -3, 1.5, 1e-07, 2.0e22,
                                 float("nan"), float("inf"), -float("inf"), (1, [2, {"z": {}, "y": [[]]}])],
           "": {"nested": {"deeper": [{"x": 1}, {}]}}}
    assert pretty(odd) == json.dumps(odd, indent=2, sort_keys=True, ensure_ascii=False)
    assert pretty([]) == "[]" and pretty("x") == '"x"'
    with pytest.raises(TypeError):
        pretty({1: "a"})


def months_computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets, for each call of the trend's month codes, how many months it computed."""
    from committed.analytics.ledger import Ledger

    computed: list[int] = []
    codes = Ledger.codes

    def counted(self: Ledger, config: object, spans: list[tuple[int, int]]) -> list[int]:
        computed.append(len(spans))
        return codes(self, config, spans)  # type: ignore[arg-type]

    monkeypatch.setattr(Ledger, "codes", counted)
    return computed


def test_the_trend_of_months_that_have_ended_is_read_back_for_people_whose_events_are_the_same(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm build computes each person's code for the current month (it ends at "now") and every
    month only for the people new commits touched; the other months' codes are those kept
    (months-*.marshal). On a new month, the month that ended is computed once more; a damaged
    file is a miss. Every build equals one without a cache."""

    cache = tmp_path / "cache"
    computed = months_computed(monkeypatch)
    warm_is_cold(repo, cache)  # days 1-85: January to March
    (path,) = cache.glob("months-*.marshal")
    computed.clear()
    build(repo, cache)  # nothing new: each of the 5 people's March (and their previous windows)
    spans = sorted(computed)
    assert spans.count(1) == len(spans) and spans  # one span a call: March, or a previous window
    one_commit(repo)  # cy, on day 85
    computed.clear()
    build(repo, cache)
    assert sorted(computed)[-3:] == [1, 3, 3]  # three months for cy and eve (whom cy learned from), one for the others
    computed.clear()
    warm_is_cold(repo, cache)
    past_a_window_boundary(repo)  # day 95: April; March has ended, for everyone
    computed.clear()
    build(repo, cache)
    assert computed.count(4) == 1 and computed.count(2) == 4  # bo's four months; March and April for the others
    path.write_bytes(path.read_bytes()[:-3])  # damaged: a miss, never an error
    computed.clear()
    assert leaderboard(build(repo, cache)) == leaderboard(build(repo, None))
    assert max(computed) == 4  # January to April again


def test_a_build_with_nothing_new_renders_no_ranking_fragment(repo: Repo, tmp_path: Path) -> None:
    """The ranking's further rows are kept under what they show: none is rendered again when
    nobody's rank or score changed; a commit that changes some renders those again."""
    cache = tmp_path / "cache"
    first = build(repo, cache)
    assert first.rendered["ranking-rows"] == 2  # ranks 3-4 and 5 (two rows a fragment)
    again = build(repo, cache)
    assert "ranking-rows" not in again.rendered and leaderboard(again) == leaderboard(first)
    one_commit(repo)
    assert build(repo, cache).rendered.get("ranking-rows", 0) >= 1


def test_one_offices_trend_reads_the_months_kept_for_everyone_and_leaves_them(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``committed stats --office``: its trend begins with that office's first month, maybe after
    everyone's; it reads the codes kept for everyone and keeps the file as it was."""
    from committed.analytics import analyze
    from committed.exports import to_json
    from committed.knowledge import load

    cache = tmp_path / "cache"
    a_newcomer(repo)  # fay, in Tokyo, from day 86 (March; everyone's trend begins in January)
    past_a_window_boundary(repo)  # day 95, April: March has ended
    warm_is_cold(repo, cache)
    (path,) = cache.glob("months-*.marshal")
    kept = path.read_bytes()
    computed = months_computed(monkeypatch)
    for office, first in (("Tokyo", "2026-03"), ("Oslo", "2026-01")):
        computed.clear()
        warm = analyze(load(Settings(root=repo.root, cache_dir=str(cache)), list(PAGES)), office=office)
        assert computed and max(computed) == 1  # April alone (and the previous windows): March was kept
        cold = analyze(load(Settings(root=repo.root), list(PAGES)), office=office)
        assert to_json(warm) == to_json(cold) and warm.trend[0].month == first
        assert path.read_bytes() == kept
    assert warm_is_cold(repo, cache)

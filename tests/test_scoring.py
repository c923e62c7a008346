"""The scoring model on real git repositories: one test per rule, including every anti-gaming rule.

Expected points are computed from ``Weights()`` and ``line_points`` (never copied numbers), so a
change of default weights changes the expectations with it, while a change of the *rules* fails.
Names are chosen so no human is mistaken for a bot.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from committed import gitlog
from committed.history import read_history
from committed.people import Directory, load_contributors
from committed.scoring import (
    Event,
    Scoreboard,
    ScoringConfig,
    Side,
    Thresholds,
    Tier,
    Weights,
    build_scoreboard,
    line_points,
    score_events,
    windows,
)
from gitrepo import Repo

ANA = ("Ana", "ana@x.test")
CY = ("Cy", "cy@x.test")
DEE = ("Dee", "dee@x.test")
EVE = ("Eve", "eve@x.test")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
W = Weights()
CONFIG = ScoringConfig()
ROOT = Path(__file__).resolve().parents[1]


def day(n: int, hour: int = 10) -> str:
    """A fixed date: day ``n`` counted from 2026-01-01 (day 1)."""
    return (datetime(2026, 1, 1, hour, tzinfo=timezone.utc) + timedelta(days=n - 1)).isoformat()


def contact(ident: tuple[str, str]) -> str:
    return f"{ident[0]} <{ident[1]}>"


def lp(lines: int) -> float:
    """Content points of one change, as an event records them."""
    return round(line_points(lines, W), 2)


def lines(n: int, tag: str = "line") -> str:
    return "".join(f"{tag} {i}\n" for i in range(n))


def board(repo: Repo, config: ScoringConfig = CONFIG) -> Scoreboard:
    history = read_history(repo.root, "docs")
    directory = Directory(load_contributors(repo.root / "contributors"))
    return build_scoreboard(history, directory, config)


def events(sb: Scoreboard, slug: str) -> list[tuple[str, str, float, str | None, str | None]]:
    """(side, kind, points, page, other) for each of the person's events, oldest first."""
    return [(e.side.value, e.kind, e.points, e.page, e.other) for e in sb.events.get(slug, [])]


def join(repo: Repo, *people: tuple[str, str]) -> None:
    """Contributor files, so a trailer naming someone without an email finds them by name."""
    for name, email in people:
        repo.write(f"contributors/{name.lower()}.yml", yaml.safe_dump({"name": name, "emails": [email]}))


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "kb")


def ana_page(repo: Repo, path: str = "docs/a.md", n: int = 3, when: str = day(1)) -> str:
    repo.write(path, lines(n, "ana"))
    return repo.commit(f"Add {path}", author=ANA, date=when)


# -- teaching -----------------------------------------------------------------------------------

def test_creating_a_page_teaches_and_non_pages_earn_nothing(repo: Repo) -> None:
    repo.write("docs/a.md", lines(3))
    repo.write("docs/img/diagram.png", b"\x89PNG\r\n\x1a\n\0\0binary")
    repo.write("docs/notes.txt", lines(40))
    sha = repo.commit("Add a page", author=ANA, date=day(1))
    sb = board(repo)
    assert events(sb, "ana") == [("teach", "create", W.create_page, "a.md", None),
                                 ("teach", "content", lp(3), "a.md", None)]
    assert sb.events["ana"][0].sha == sha
    score = sb.score("ana")
    assert score.teach == round(W.create_page + lp(3) + W.breadth_page, 1)
    assert (score.learn, score.pages_taught, score.colleague_pages) == (0, 1, 0)


def test_substantive_lines_earn_with_diminishing_returns(repo: Repo) -> None:
    ana_page(repo, n=1)
    repo.write("docs/a.md", lines(1, "ana") + lines(10, "ten"))
    repo.commit("Ten lines", author=ANA, date=day(2))
    repo.write("docs/a.md", lines(1, "ana") + lines(10, "ten") + lines(100, "hundred"))
    repo.commit("A hundred lines", author=ANA, date=day(3))
    sb = board(repo)
    content = [(p, e.note) for (_, kind, p, _, _), e in zip(events(sb, "ana"), sb.events["ana"], strict=False) if kind == "content"]
    assert content == [(lp(1), "1 line"), (lp(10), "10 lines"), (lp(100), "100 lines")]
    # Ten times the lines is worth far less than ten times the points.
    assert lp(100) < 2 * lp(10) and lp(10) < 4 * lp(1)
    assert line_points(0, W) == 0.0 and line_points(1, W) == W.line_curve


def test_removing_lines_only_earns_nothing(repo: Repo) -> None:
    ana_page(repo, n=20)
    repo.write("docs/a.md", lines(5, "ana"))
    repo.commit("Trim the page", author=CY, date=day(2))
    assert events(board(repo), "cy") == []


def test_co_author_gets_the_same_credit_as_the_author(repo: Repo) -> None:
    repo.write("docs/a.md", lines(4))
    repo.commit("Add a page together", author=ANA, date=day(1), trailers=[("Co-authored-by", contact(CY))])
    repo.write("docs/b.md", lines(2, "dee"))
    repo.commit("Dee's page", author=DEE, date=day(2))
    repo.write("docs/b.md", lines(2, "dee") + lines(7, "more"))
    repo.commit("Improve Dee's page together", author=CY, date=day(3), trailers=[("Co-authored-by", contact(ANA))])
    sb = board(repo)
    for me in ("ana", "cy"):
        assert events(sb, me) == [("teach", "create", W.create_page, "a.md", None),
                                  ("teach", "content", lp(4), "a.md", None),
                                  ("teach", "content", lp(7), "b.md", None),
                                  ("learn", "improve", W.improve, "b.md", "dee")]
    assert sb.score("ana") == sb.score("cy")


def test_learned_from_teaches_the_person_named_and_the_writer_learns(repo: Repo) -> None:
    repo.write("docs/c.md", lines(2, "cy"))
    repo.commit("What Ana taught me", author=CY, date=day(1), trailers=[("Learned-from", contact(ANA))])
    sb = board(repo)
    assert events(sb, "ana") == [("teach", "acknowledged", W.acknowledged, None, "cy")]
    assert events(sb, "cy")[-1] == ("learn", "learned-from", W.learned_from, None, "ana")
    # an acknowledgement is not a page taught
    assert sb.score("ana").teach == W.acknowledged and sb.score("ana").pages_taught == 0


def test_learned_from_the_same_colleague_counts_once_a_day(repo: Repo) -> None:
    for i in range(5):  # five tiny commits on one day, each naming Ana
        repo.write("docs/c.md", lines(i + 1, "cy"))
        repo.commit(f"Tip {i}", author=CY, date=day(1, hour=9 + i), trailers=[("Learned-from", contact(ANA))])
    repo.write("docs/c.md", lines(7, "cy"))
    repo.commit("Next day", author=CY, date=day(2), trailers=[("Learned-from", contact(ANA))])
    sb = board(repo)
    assert events(sb, "ana") == [("teach", "acknowledged", W.acknowledged, None, "cy")] * 2
    assert [e for e in events(sb, "cy") if e[1] == "learned-from"] == [("learn", "learned-from", W.learned_from, None, "ana")] * 2


# -- learning -----------------------------------------------------------------------------------

def test_improving_a_colleagues_page_learns_but_ones_own_page_does_not(repo: Repo) -> None:
    ana_page(repo)
    repo.write("docs/a.md", lines(3, "ana") + lines(5, "cy"))
    repo.commit("Cy improves Ana's page", author=CY, date=day(2))
    repo.write("docs/a.md", lines(3, "ana") + lines(5, "cy") + lines(2, "ana2"))
    repo.commit("Ana improves her own page", author=ANA, date=day(3))
    sb = board(repo)
    assert events(sb, "cy") == [("teach", "content", lp(5), "a.md", None),
                                ("learn", "improve", W.improve, "a.md", "ana")]
    assert [k for _, k, *_ in events(sb, "ana")] == ["create", "content", "content"]
    score = sb.score("cy")
    assert (score.teach, score.learn) == (round(lp(5) + W.breadth_page, 1), W.improve + W.breadth_colleague)
    assert sb.creators["a.md"] == frozenset({"ana"})


@pytest.mark.parametrize("key", ["Reviewed-by", "Approved-by", "Acked-by"])
def test_review_trailers_learn(repo: Repo, key: str) -> None:
    repo.write("docs/a.md", lines(2))
    repo.commit("Add a page", author=ANA, date=day(1), trailers=[(key, contact(CY))])
    sb = board(repo)
    assert events(sb, "cy") == [("learn", "review", W.review, "a.md", "ana")]
    assert sb.events["cy"][0].note == key.lower()
    assert sb.score("cy").learn == W.review + W.breadth_colleague


def test_one_review_per_reviewer_and_change(repo: Repo) -> None:
    join(repo, ANA, CY)
    repo.write("docs/a.md", lines(2))
    repo.commit("Add a page", author=ANA, date=day(1),
                trailers=[("Reviewed-by", contact(CY)), ("Approved-by", contact(CY)), ("Acked-by", "Cy")])
    sb = board(repo)
    assert events(sb, "cy") == [("learn", "review", W.review, "a.md", "ana")]
    assert sorted(sb.events) == ["ana", "cy"]


def test_one_acknowledgement_per_teacher_and_change(repo: Repo) -> None:
    join(repo, ANA, CY)
    repo.write("docs/c.md", lines(2))
    repo.commit("Add a page", author=CY, date=day(1),
                trailers=[("Learned-from", contact(ANA)), ("Learned-from", "Ana")])
    sb = board(repo)
    assert events(sb, "ana") == [("teach", "acknowledged", W.acknowledged, None, "cy")]
    assert [k for _, k, *_ in events(sb, "cy")] == ["create", "content", "learned-from"]


# -- pull requests ------------------------------------------------------------------------------

def _pull_request(repo: Repo, merger: tuple[str, str], reviewers: list[tuple[str, str]],
                  main_moves: bool = True) -> str:
    ana_page(repo)
    repo.checkout("feature", new=True)
    repo.write("docs/a.md", lines(3, "ana") + lines(4, "cy"))
    repo.commit("Cy's change on a branch", author=CY, date=day(2))
    repo.write("docs/c.md", lines(2, "cy"))
    repo.commit("Cy's page on a branch", author=CY, date=day(3))
    repo.checkout("main")
    if main_moves:
        repo.write("docs/other.md", lines(1, "dee"))
        repo.commit("Meanwhile on main", author=DEE, date=day(3, hour=12))
    return repo.merge("feature", "Merge pull request #1 from feature", author=merger, date=day(4),
                      trailers=[("Reviewed-by", contact(r)) for r in reviewers])


def test_review_on_a_merge_commit_credits_the_reviewer_against_the_branch_authors(repo: Repo) -> None:
    merge = _pull_request(repo, merger=EVE, reviewers=[DEE, CY])
    sb = board(repo)
    reviews = [e for e in sb.events.get("dee", []) if e.kind == "review"]
    assert [(e.sha, e.other, e.points, e.page) for e in reviews] == [(merge, "cy", W.review, "a.md")]
    assert [e for e in sb.events.get("cy", []) if e.kind == "review"] == []  # the branch's author
    assert "eve" not in sb.events  # merging is not authoring
    assert sb.score("dee").colleague_pages == 1


def test_the_person_who_merges_still_earns_their_review(repo: Repo) -> None:
    """On a forge the reviewer usually presses the merge button: they are not the branch's author."""
    merge = _pull_request(repo, merger=DEE, reviewers=[DEE])
    reviews = [(e.sha, e.other, e.points) for e in board(repo).events.get("dee", []) if e.kind == "review"]
    assert reviews == [(merge, "cy", W.review)]


def test_review_on_a_merge_when_main_did_not_move(repo: Repo) -> None:
    """git's default history simplification would hide this merge, and with it its reviewers."""
    _pull_request(repo, merger=EVE, reviewers=[DEE], main_moves=False)
    assert [e.other for e in board(repo).events.get("dee", []) if e.kind == "review"] == ["cy"]


def test_a_squash_merge_credits_its_author_and_reviewer(repo: Repo) -> None:
    ana_page(repo)
    repo.checkout("feature", new=True)
    repo.write("docs/a.md", lines(3, "ana") + lines(4, "cy"))
    repo.commit("wip", author=CY, date=day(2))
    repo.checkout("main")
    repo.merge("feature", "Cy's change (#1)", author=CY, date=day(3), squash=True,
               trailers=[("Reviewed-by", contact(DEE))])
    sb = board(repo)
    assert events(sb, "dee") == [("learn", "review", W.review, "a.md", "cy")]
    assert events(sb, "cy") == [("teach", "content", lp(4), "a.md", None),
                                ("learn", "improve", W.improve, "a.md", "ana")]


# -- anti-gaming --------------------------------------------------------------------------------

def test_whitespace_only_change_earns_nothing(repo: Repo) -> None:
    ana_page(repo)
    repo.write("docs/a.md", "".join(f"    {line}  \n" for line in lines(3, "ana").splitlines()))
    repo.commit("Re-indent", author=CY, date=day(2))
    sb = board(repo)
    assert events(sb, "cy") == []
    assert [k for _, k, *_ in events(sb, "ana")] == ["create", "content"]


def test_rename_only_earns_nothing_and_a_rename_keeps_the_creator(repo: Repo) -> None:
    ana_page(repo)
    repo.mv("docs/a.md", "docs/guides/a-better-name.md")
    repo.commit("Move the page", author=CY, date=day(2))
    repo.write("docs/guides/a-better-name.md", lines(3, "ana") + lines(2, "dee"))
    repo.commit("Improve it", author=DEE, date=day(3))
    sb = board(repo)
    assert events(sb, "cy") == []
    page = "guides/a-better-name.md"
    assert events(sb, "ana") == [("teach", "create", W.create_page, page, None),
                                 ("teach", "content", lp(3), page, None)]
    assert events(sb, "dee") == [("teach", "content", lp(2), page, None),
                                 ("learn", "improve", W.improve, page, "ana")]


def test_a_copy_is_not_a_new_page(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the history engine reports copies (git's -C), a copy earns only the lines it adds."""
    monkeypatch.setattr(gitlog, "LOG_ARGS", (*gitlog.LOG_ARGS, "-C", "--find-copies-harder"))
    ana_page(repo, n=30)
    repo.write("docs/b.md", lines(30, "ana") + lines(2, "cy"))
    repo.commit("Copy Ana's page", author=CY, date=day(2))
    change = next(e.change for e in read_history(repo.root, "docs").edits if e.file == "b.md")
    assert (change.old_path, change.added) == ("docs/a.md", 2)
    assert events(board(repo), "cy") == [("teach", "content", lp(2), "b.md", None)]


def test_a_rename_with_edits_earns_only_the_lines_added(repo: Repo) -> None:
    ana_page(repo, n=30)
    repo.mv("docs/a.md", "docs/b.md")
    repo.write("docs/b.md", lines(30, "ana") + lines(2, "cy"))
    repo.commit("Rename and extend", author=CY, date=day(2))
    assert events(board(repo), "cy") == [("teach", "content", lp(2), "b.md", None),
                                         ("learn", "improve", W.improve, "b.md", "ana")]


def test_a_reverted_change_and_its_revert_earn_nothing(repo: Repo) -> None:
    ana_page(repo)
    repo.write("docs/a.md", lines(3, "ana") + lines(50, "spam"))
    spam = repo.commit("Add a lot", author=CY, date=day(2))
    repo.revert(spam, author=DEE, date=day(3))
    sb = board(repo)
    assert "cy" not in sb.events and "dee" not in sb.events
    # reverting the revert restores the original change's credit
    repo.revert(repo.head(), author=DEE, date=day(4))
    sb = board(repo)
    assert events(sb, "cy") == [("teach", "content", min(lp(50), W.daily_page_cap), "a.md", None),
                                ("learn", "improve", W.improve, "a.md", "ana")]
    assert "dee" not in sb.events


def test_self_review_earns_nothing(repo: Repo) -> None:
    join(repo, ANA, CY)
    repo.write("docs/a.md", lines(2))
    repo.commit("Add a page", author=ANA, date=day(1), trailers=[
        ("Co-authored-by", contact(CY)), ("Reviewed-by", contact(ANA)), ("Approved-by", contact(CY)),
        ("Acked-by", "Ana")])
    sb = board(repo)
    assert sorted(sb.events) == ["ana", "cy"]
    assert [k for _, k, *_ in events(sb, "ana")] == ["create", "content"]
    assert [k for _, k, *_ in events(sb, "cy")] == ["create", "content"]
    assert sb.score("ana").learn == 0 and sb.score("cy").learn == 0


def test_self_acknowledgement_earns_nothing(repo: Repo) -> None:
    repo.write("docs/a.md", lines(2))
    repo.commit("Add a page", author=ANA, date=day(1), trailers=[
        ("Co-authored-by", contact(CY)), ("Learned-from", contact(ANA)), ("Learned-from", contact(CY))])
    sb = board(repo)
    for me in ("ana", "cy"):
        assert [k for _, k, *_ in events(sb, me)] == ["create", "content"]


def test_bots_earn_nothing(repo: Repo) -> None:
    repo.write("docs/bot.md", lines(40, "generated"))
    repo.commit("Generated page", author=BOT, date=day(1), trailers=[("Reviewed-by", contact(CY))])
    ana_page(repo, when=day(2))
    repo.write("docs/a.md", lines(3, "ana") + lines(5, "more"))
    repo.commit("Ana with a bot", author=ANA, date=day(3), trailers=[
        ("Co-authored-by", contact(BOT)), ("Reviewed-by", contact(BOT))])
    repo.write("docs/a.md", lines(3, "ana") + lines(5, "more") + "rob\n")
    repo.commit("A human whose name ends in b, o or t", author=("Rob Abbot", "rob@x.test"), date=day(4))
    sb = board(repo)
    # no bot, and Cy: reviewing a bot's change is not learning from a colleague
    assert sorted(sb.events) == ["ana", "rob-abbot"]
    assert [k for _, k, *_ in events(sb, "rob-abbot")] == ["content", "improve"]
    assert [k for _, k, *_ in events(sb, "ana")] == ["create", "content", "content"]


def test_learned_from_naming_a_bot_earns_nothing(repo: Repo) -> None:
    repo.write("docs/c.md", lines(2, "cy"))
    repo.commit("What the bot taught me", author=CY, date=day(1), trailers=[("Learned-from", contact(BOT))])
    sb = board(repo)
    assert [k for _, k, *_ in events(sb, "cy")] == ["create", "content"]
    assert [slug for slug in sb.events if "bot" in slug] == []


def test_learned_from_written_by_a_bot_earns_nothing(repo: Repo) -> None:
    repo.write("docs/bot.md", lines(2, "generated"))
    repo.commit("Generated", author=BOT, date=day(1), trailers=[("Learned-from", contact(ANA))])
    assert board(repo).events == {}


def test_a_huge_paste_is_worth_less_than_careful_edits(repo: Repo) -> None:
    uncapped = ScoringConfig(weights=replace(W, daily_page_cap=1_000.0))
    ana_page(repo)
    body = lines(3, "ana")
    for n in range(10):  # ten careful edits of 20 lines, on ten days
        body += lines(20, f"careful{n}")
        repo.write("docs/a.md", body)
        repo.commit(f"Careful edit {n}", author=CY, date=day(2 + n))
    repo.write("docs/b.md", lines(2, "ana"))
    repo.commit("Another page", author=ANA, date=day(20))
    repo.write("docs/b.md", lines(2, "ana") + lines(2_000, "paste"))
    repo.commit("Paste everything", author=DEE, date=day(21))
    for config in (CONFIG, uncapped):
        sb = board(repo, config)
        careful = [e.points for e in sb.events["cy"] if e.kind == "content"]
        paste = [e.points for e in sb.events["dee"] if e.kind == "content"]
        assert careful == [lp(20)] * 10
        assert paste == [min(lp(2_000), config.weights.daily_page_cap)]
        assert sum(careful) > 3 * sum(paste)


def test_many_tiny_commits_on_one_day_are_capped_per_page(repo: Repo) -> None:
    ana_page(repo)
    body = lines(3, "ana")
    for n in range(8):
        body += f"tiny {n}\n"
        repo.write("docs/a.md", body)
        repo.commit(f"Tiny {n}", author=CY, date=day(2, hour=8 + n))
    repo.write("docs/b.md", lines(2, "ana"))
    repo.commit("Another page of Ana's", author=ANA, date=day(2, hour=18))
    body += "next day\n"
    repo.write("docs/a.md", body)
    repo.commit("A tiny change the next day", author=CY, date=day(3))
    repo.write("docs/b.md", lines(2, "ana") + "tiny\n")
    repo.commit("A tiny change on another page", author=CY, date=day(3, hour=11))
    sb = board(repo)
    day2 = [e for e in sb.events["cy"] if e.at.day == 2]
    content = [e.points for e in day2 if e.kind == "content"]
    improve = [e.points for e in day2 if e.kind == "improve"]
    assert content == _capped([lp(1)] * 8, W.daily_page_cap)
    assert improve == _capped([W.improve] * 8, W.daily_page_cap)
    assert sum(content) == sum(improve) == W.daily_page_cap
    assert [e.kind for e in day2 if "capped" in e.note] == ["improve", "content"]
    later = [(e.kind, e.points, e.page) for e in sb.events["cy"] if e.at.day == 3]
    assert later == [("content", lp(1), "a.md"), ("improve", W.improve, "a.md"),
                     ("content", lp(1), "b.md"), ("improve", W.improve, "b.md")]


def _capped(points: list[float], cap: float) -> list[float]:
    """What a run of events on one page and day earns under the cap (zero-point events dropped)."""
    out, total = [], 0.0
    for p in points:
        p = min(p, cap - total)
        if p <= 0:
            break
        out.append(round(p, 2))
        total += p
    return out


def test_breadth_outweighs_volume(repo: Repo) -> None:
    """The same work spread over colleagues' pages scores more than the same work piled on one."""
    for n, page in enumerate(("docs/a.md", "docs/b.md", "docs/c.md")):
        ana_page(repo, page, when=day(1 + n))
    for n, page in enumerate(("docs/a.md", "docs/b.md", "docs/c.md")):  # Cy: 20 lines on each of 3 pages
        repo.write(page, lines(3, "ana") + lines(20, "cy"))
        repo.commit(f"Improve {page}", author=CY, date=day(5 + n))
    repo.write("docs/d.md", lines(2, "eve"))
    repo.commit("Eve's page", author=EVE, date=day(9))
    body = lines(2, "eve")
    for n in range(3):  # Dee: 20 lines a day on one page
        body += lines(20, f"dee{n}")
        repo.write("docs/d.md", body)
        repo.commit(f"Dee writes {n}", author=DEE, date=day(10 + n))
    sb = board(repo)
    cy, dee = sb.score("cy"), sb.score("dee")
    assert (cy.pages_taught, cy.colleague_pages, dee.pages_taught, dee.colleague_pages) == (3, 3, 1, 1)
    assert cy.teach == round(3 * lp(20) + 3 * W.breadth_page, 1)
    assert dee.teach == round(3 * lp(20) + W.breadth_page, 1)
    assert cy.learn == 3 * W.improve + 3 * W.breadth_colleague
    assert dee.learn == 3 * W.improve + W.breadth_colleague
    assert cy.teach > dee.teach and cy.learn > dee.learn


# -- windows, now, tiers, explanations ----------------------------------------------------------

def test_now_is_the_newest_commit_and_older_events_leave_the_window(repo: Repo) -> None:
    ana_page(repo, "docs/a.md", when="2025-01-01T10:00:00+00:00")
    ana_page(repo, "docs/b.md", when="2025-03-02T10:00:00+00:00")  # exactly 90 days before now
    ana_page(repo, "docs/c.md", when="2025-03-03T10:00:00+00:00")  # 89 days before now
    repo.write("docs/d.md", lines(1, "cy"))
    repo.commit("Newest", author=CY, date="2025-05-31T10:00:00+00:00")
    sb = board(repo)
    assert sb.now == datetime(2025, 5, 31, 10, tzinfo=timezone.utc)  # not the wall clock
    recent, year, ever = windows(CONFIG)
    assert (recent.key, recent.days, year.days, ever.days) == ("90d", 90, 365, None)
    assert [e.page for e in sb.explain("ana", recent.start(sb.now))] == ["c.md", "c.md"]
    assert sb.window_score("ana", recent).pages_taught == 1
    assert sb.window_score("ana", recent).teach == round(W.create_page + lp(3) + W.breadth_page, 1)
    assert sb.window_score("ana", ever).pages_taught == 3
    assert sb.window_score("ana", year).teach == sb.window_score("ana", ever).teach
    short = ScoringConfig(window_days=30)
    assert windows(short)[0].key == "30d"
    assert board(repo, short).window_score("ana", windows(short)[0]).tier is Tier.INACTIVE


def test_tiers_at_exact_thresholds(repo: Repo) -> None:
    repo.write("docs/a.md", "one line\n")
    repo.commit("Ana's page", author=ANA, date=day(1))
    repo.write("docs/c.md", "cy\n")
    repo.commit("Cy's page", author=CY, date=day(2), trailers=[("Reviewed-by", contact(ANA))])
    sb = board(repo)
    teach = W.create_page + line_points(1, W) + W.breadth_page
    learn = W.review + W.breadth_colleague
    assert (sb.score("ana").teach, sb.score("ana").learn) == (teach, learn)
    cases = {(teach, learn): Tier.COMMITTED, (teach, learn + 0.1): Tier.TEACHER,
             (teach + 0.1, learn): Tier.LEARNER, (teach + 0.1, learn + 0.1): Tier.INACTIVE}
    for (t, ln), tier in cases.items():
        config = ScoringConfig(thresholds=Thresholds(teach=t, learn=ln))
        assert score_events(sb.events["ana"], config).tier is tier, (t, ln)
    assert board(repo).score("dee").tier is Tier.INACTIVE  # nobody: no events, inactive
    assert CONFIG.thresholds == Thresholds(teach=20.0, learn=10.0)


def test_explanation_events_and_breadth_add_up_to_the_score(repo: Repo) -> None:
    ana_page(repo)
    repo.write("docs/c.md", lines(12, "cy"))
    repo.commit("Cy's page", author=CY, date=day(2), trailers=[
        ("Learned-from", contact(ANA)), ("Reviewed-by", contact(DEE)), ("Co-authored-by", contact(EVE))])
    for n in range(6):
        repo.write("docs/a.md", lines(3, "ana") + lines(n + 1, "dee"))
        repo.commit(f"Dee {n}", author=DEE, date=day(3, hour=n + 1), trailers=[("Acked-by", contact(CY))])
    repo.mv("docs/c.md", "docs/cy.md")
    repo.commit("Rename", author=EVE, date=day(4))
    sb = board(repo)
    for slug in ("ana", "cy", "dee", "eve"):
        score, explained = sb.score(slug), sb.explain(slug)
        assert len(explained) == score.teach_events + score.learn_events > 0
        teach = sum(e.points for e in explained if e.side is Side.TEACH) + W.breadth_page * score.pages_taught
        learn = sum(e.points for e in explained if e.side is Side.LEARN) + W.breadth_colleague * score.colleague_pages
        assert score.teach == pytest.approx(teach, abs=0.051) and score.learn == pytest.approx(learn, abs=0.051)
        assert all(isinstance(e, Event) and e.points > 0 and e.slug == slug for e in explained)
        assert explained == sorted(explained, key=lambda e: e.at)


def test_same_history_same_scores(repo: Repo, tmp_path: Path) -> None:
    ana_page(repo)
    repo.write("docs/a.md", lines(3, "ana") + lines(4, "cy"))
    repo.commit("Cy", author=CY, date=day(2), trailers=[("Reviewed-by", contact(DEE))])
    first = board(repo)
    clone = Repo(tmp_path / "clone", init=False)
    clone.git("clone", "-q", str(repo.root), ".")
    second = board(clone)
    assert first.events == second.events and first.now == second.now


def test_opted_out_people_are_still_scored(repo: Repo) -> None:
    repo.write("contributors/cy.yml", yaml.safe_dump({"name": "Cy", "emails": [CY[1]], "leaderboard": False}))
    repo.commit("Cy joins", author=CY, date=day(1))
    ana_page(repo, when=day(2))
    repo.write("docs/a.md", lines(3, "ana") + lines(2, "cy"))
    repo.commit("Cy improves", author=CY, date=day(3))
    sb = board(repo)
    assert events(sb, "cy") == [("teach", "content", lp(2), "a.md", None),
                                ("learn", "improve", W.improve, "a.md", "ana")]
    assert sb.score("cy").learn == W.improve + W.breadth_colleague


# -- the documentation page ---------------------------------------------------------------------

def test_scoring_page_documents_the_defaults() -> None:
    page = (ROOT / "docs" / "committed" / "scoring.md").read_text("utf-8")
    documented: dict[str, float] = {}
    for row in re.finditer(r"^\|\s*`(\w+)`\s*\|\s*([\d.]+)\s*\|", page, re.M):
        documented[row[1]] = float(row[2])
    expected = {**{k: float(v) for k, v in vars(W).items()},
                "teach": CONFIG.thresholds.teach, "learn": CONFIG.thresholds.learn,
                "window_days": float(CONFIG.window_days)}
    assert documented == expected

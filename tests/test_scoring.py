"""The scoring model on real git repositories: one test per rule, including every anti-gaming rule.

Expected points are computed from ``Weights()`` and ``line_points`` (never copied numbers), so a
change of default weights changes the expectations with it, while a change of the *rules* fails.
Names are chosen so no human is mistaken for a bot.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from committed import gitlog
from committed.history import read_history
from committed.people import Directory, load_contributors
from committed.scoring import (
    BREADTH,
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
from gitrepo import ANA, CY, DEE, EVE, Repo, contact, day

BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
W = Weights()
CONFIG = ScoringConfig()
ROOT = Path(__file__).resolve().parents[1]


def lp(lines: int) -> float:
    """Content points of one change, as an event records them (to 0.1)."""
    return round(line_points(lines, W), 1)


def grown(before: int, lines: int) -> float:
    """Content points of ``lines`` more lines on a page the same person added ``before`` lines to
    earlier in the window: the increment of the curve."""
    return round(line_points(before + lines, W) - line_points(before, W), 1)


def lines(n: int, tag: str = "line") -> str:
    return "".join(f"{tag} {i}\n" for i in range(n))


def board(repo: Repo, config: ScoringConfig = CONFIG) -> Scoreboard:
    history = read_history(repo.root, "docs")
    directory = Directory(load_contributors(repo.root / "contributors"))
    return build_scoreboard(history, directory, config)


def events(sb: Scoreboard, slug: str) -> list[tuple[str, str, float, str | None, str | None]]:
    """(side, kind, points, page, other) for each of the person's events but the breadth
    bonuses, oldest first."""
    return [(e.side.value, e.kind, e.points, e.page, e.other) for e in sb.events.get(slug, []) if e.kind != BREADTH]


def breadth(sb: Scoreboard, slug: str) -> list[tuple[str, float, str | None]]:
    """(side, points, page) of each breadth bonus of the person."""
    return [(e.side.value, e.points, e.page) for e in sb.events.get(slug, []) if e.kind == BREADTH]


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
    ana_page(repo, n=3)
    repo.write("docs/a.md", lines(3, "ana") + lines(10, "ten"))
    repo.commit("Ten lines", author=ANA, date=day(2))
    repo.write("docs/a.md", lines(3, "ana") + lines(10, "ten") + lines(100, "hundred"))
    repo.commit("A hundred lines", author=ANA, date=day(3))
    repo.write("docs/b.md", lines(100, "bee"))
    repo.commit("A hundred lines on another page", author=ANA, date=day(4))
    sb = board(repo)
    content = [(e.points, e.note) for e in sb.events["ana"] if e.kind == "content"]
    # What one person adds to one page in the window is scored as one change.
    assert content == [(lp(3), "3 lines"), (grown(3, 10), "10 lines, 3 earlier in the window"),
                       (grown(13, 100), "100 lines, 13 earlier in the window"), (lp(100), "100 lines")]
    assert sum(p for p, _ in content[:3]) == pytest.approx(lp(113), abs=0.15)
    # Ten times the lines is worth far less than ten times the points.
    assert lp(100) < 2 * lp(10) and lp(10) < 4 * lp(1)
    assert line_points(0, W) == 0.0 and line_points(1, W) == W.line_curve


def test_removing_lines_only_earns_nothing(repo: Repo) -> None:
    ana_page(repo, n=20)
    repo.write("docs/a.md", lines(5, "ana"))
    repo.commit("Trim the page", author=CY, date=day(2))
    assert events(board(repo), "cy") == []


def test_co_authors_share_the_credit_of_a_change(repo: Repo) -> None:
    repo.write("docs/a.md", lines(4))
    repo.commit("Add a page together", author=ANA, date=day(1), trailers=[("Co-authored-by", contact(CY))])
    repo.write("docs/b.md", lines(3, "dee"))
    repo.commit("Dee's page", author=DEE, date=day(2))
    repo.write("docs/b.md", lines(3, "dee") + lines(7, "more"))
    repo.commit("Improve Dee's page together", author=CY, date=day(3), trailers=[("Co-authored-by", contact(ANA))])
    sb = board(repo)
    for me in ("ana", "cy"):
        assert events(sb, me) == [("teach", "create", W.create_page / 2, "a.md", None),
                                  ("teach", "content", round(lp(4) / 2, 1), "a.md", None),
                                  ("teach", "content", round(lp(7) / 2, 1), "b.md", None),
                                  ("learn", "improve", W.improve / 2, "b.md", "dee")]
        assert breadth(sb, me) == [("teach", W.breadth_page / 2, "a.md"), ("teach", W.breadth_page / 2, "b.md"),
                                   ("learn", W.breadth_colleague / 2, "b.md")]
        assert all("shared by 2 authors" in e.note for e in sb.events[me])
    assert sb.score("ana") == sb.score("cy")
    solo = sb.score("dee")
    assert solo.teach == round(W.create_page + lp(3) + W.breadth_page, 1)
    assert [slug for slug in sb.events if "bot" in slug] == []


def test_learned_from_teaches_the_person_named_and_the_writer_learns(repo: Repo) -> None:
    repo.write("docs/c.md", lines(3, "cy"))
    repo.commit("What Ana taught me", author=CY, date=day(1), trailers=[("Learned-from", contact(ANA))])
    sb = board(repo)
    assert events(sb, "ana") == [("teach", "acknowledged", W.acknowledged, None, "cy")]
    assert events(sb, "cy")[-1] == ("learn", "learned-from", W.learned_from, None, "ana")
    # an acknowledgement is not a page taught
    assert sb.score("ana").teach == W.acknowledged and sb.score("ana").pages_taught == 0


def test_learned_from_the_same_colleague_counts_once_a_day(repo: Repo) -> None:
    for i in range(5):  # five tiny commits on one day, each naming Ana
        repo.write("docs/c.md", lines(3 * (i + 1), "cy"))
        repo.commit(f"Tip {i}", author=CY, date=day(1, hour=9 + i), trailers=[("Learned-from", contact(ANA))])
    repo.write("docs/c.md", lines(18, "cy"))
    repo.commit("Next day", author=CY, date=day(2), trailers=[("Learned-from", contact(ANA))])
    sb = board(repo)
    # once a day; the second day's, from the same colleague in the window, earns half
    assert events(sb, "ana") == [("teach", "acknowledged", W.acknowledged, None, "cy"),
                                 ("teach", "acknowledged", W.acknowledged * W.pair_decay, None, "cy")]
    assert [e for e in events(sb, "cy") if e[1] == "learned-from"] == [
        ("learn", "learned-from", W.learned_from, None, "ana"),
        ("learn", "learned-from", round(W.learned_from * W.pair_decay, 1), None, "ana")]


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
    repo.write("docs/a.md", lines(3))
    repo.commit("Add a page", author=ANA, date=day(1), trailers=[(key, contact(CY))])
    sb = board(repo)
    assert events(sb, "cy") == [("learn", "review", W.review, "a.md", "ana")]
    assert sb.events["cy"][0].note == key.lower()
    assert sb.score("cy").learn == W.review + W.breadth_colleague


def test_one_review_per_reviewer_and_change(repo: Repo) -> None:
    join(repo, ANA, CY)
    repo.write("docs/a.md", lines(3))
    repo.commit("Add a page", author=ANA, date=day(1),
                trailers=[("Reviewed-by", contact(CY)), ("Approved-by", contact(CY)), ("Acked-by", "Cy")])
    sb = board(repo)
    assert events(sb, "cy") == [("learn", "review", W.review, "a.md", "ana")]
    assert sorted(sb.events) == ["ana", "cy"]


def test_one_acknowledgement_per_teacher_and_change(repo: Repo) -> None:
    join(repo, ANA, CY)
    repo.write("docs/c.md", lines(3))
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
    repo.write("docs/guides/a-better-name.md", lines(3, "ana") + lines(3, "dee"))
    repo.commit("Improve it", author=DEE, date=day(3))
    sb = board(repo)
    assert events(sb, "cy") == []
    page = "guides/a-better-name.md"
    assert events(sb, "ana") == [("teach", "create", W.create_page, page, None),
                                 ("teach", "content", lp(3), page, None)]
    assert events(sb, "dee") == [("teach", "content", lp(3), page, None),
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
    repo.write("docs/b.md", lines(30, "ana") + lines(3, "cy"))
    repo.commit("Rename and extend", author=CY, date=day(2))
    assert events(board(repo), "cy") == [("teach", "content", lp(3), "b.md", None),
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
    repo.write("docs/a.md", lines(3))
    repo.commit("Add a page", author=ANA, date=day(1), trailers=[
        ("Co-authored-by", contact(CY)), ("Reviewed-by", contact(ANA)), ("Approved-by", contact(CY)),
        ("Acked-by", "Ana")])
    sb = board(repo)
    assert sorted(sb.events) == ["ana", "cy"]
    assert [k for _, k, *_ in events(sb, "ana")] == ["create", "content"]
    assert [k for _, k, *_ in events(sb, "cy")] == ["create", "content"]
    assert sb.score("ana").learn == 0 and sb.score("cy").learn == 0


def test_self_acknowledgement_earns_nothing(repo: Repo) -> None:
    repo.write("docs/a.md", lines(3))
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
    repo.write("docs/a.md", lines(3, "ana") + lines(5, "more") + lines(3, "rob"))
    repo.commit("A human whose name ends in b, o or t", author=("Rob Abbot", "rob@x.test"), date=day(4))
    sb = board(repo)
    # no bot, and Cy: reviewing a bot's change is not learning from a colleague
    assert sorted(sb.events) == ["ana", "rob-abbot"]
    assert [k for _, k, *_ in events(sb, "rob-abbot")] == ["content", "improve"]
    assert [k for _, k, *_ in events(sb, "ana")] == ["create", "content", "content"]


def test_learned_from_naming_a_bot_earns_nothing(repo: Repo) -> None:
    repo.write("docs/c.md", lines(3, "cy"))
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
    pages = [f"docs/p{n}.md" for n in range(10)]
    for n, page in enumerate(pages):
        ana_page(repo, page, when=day(1, hour=n))
    for n, page in enumerate(pages):  # ten careful edits of 20 lines, on ten days and pages
        repo.write(page, lines(3, "ana") + lines(20, f"careful{n}"))
        repo.commit(f"Careful edit {n}", author=CY, date=day(2 + n))
    repo.write("docs/b.md", lines(3, "ana"))
    repo.commit("Another page", author=ANA, date=day(20))
    repo.write("docs/b.md", lines(3, "ana") + lines(2_000, "paste"))
    repo.commit("Paste everything", author=DEE, date=day(21))
    for config in (CONFIG, uncapped):
        sb = board(repo, config)
        careful = [e.points for e in sb.events["cy"] if e.kind == "content"]
        paste = [e.points for e in sb.events["dee"] if e.kind == "content"]
        assert careful == [lp(20)] * 10
        assert paste == [min(lp(2_000), config.weights.daily_page_cap)]
        assert sum(careful) > 3 * sum(paste)


def test_many_tiny_commits_on_one_page_earn_as_one_change(repo: Repo) -> None:
    ana_page(repo)
    body = lines(3, "ana")
    for n in range(8):  # eight commits of 3 lines on one day, then the same the next days
        body += lines(3, f"tiny{n}")
        repo.write("docs/a.md", body)
        repo.commit(f"Tiny {n}", author=CY, date=day(2 + n // 2, hour=8 + n))
    sb = board(repo)
    content = [e.points for e in sb.events["cy"] if e.kind == "content"]
    assert content == [grown(3 * n, 3) for n in range(8)]
    assert sum(content) == pytest.approx(lp(24), abs=0.4)  # as if the 24 lines came in one change
    assert [e.points for e in sb.events["cy"] if e.kind == "improve"] == [W.improve]  # once per page
    assert breadth(sb, "cy") == [("teach", W.breadth_page, "a.md"), ("learn", W.breadth_colleague, "a.md")]


def test_the_daily_cap_per_page_still_holds(repo: Repo) -> None:
    ana_page(repo)
    repo.write("docs/a.md", lines(3, "ana") + lines(400, "big"))
    repo.commit("Big", author=CY, date=day(2))
    sb = board(repo)
    [content] = [e for e in sb.events["cy"] if e.kind == "content"]
    assert content.points == W.daily_page_cap and "capped at 15 a day on one page" in content.note


def test_breadth_outweighs_volume(repo: Repo) -> None:
    """The same work spread over colleagues' pages scores more than the same work piled on one."""
    for n, page in enumerate(("docs/a.md", "docs/b.md", "docs/c.md")):
        ana_page(repo, page, when=day(1 + n))
    for n, page in enumerate(("docs/a.md", "docs/b.md", "docs/c.md")):  # Cy: 20 lines on each of 3 pages
        repo.write(page, lines(3, "ana") + lines(20, "cy"))
        repo.commit(f"Improve {page}", author=CY, date=day(5 + n))
    repo.write("docs/d.md", lines(3, "eve"))
    repo.commit("Eve's page", author=EVE, date=day(9))
    body = lines(3, "eve")
    for n in range(3):  # Dee: 20 lines a day on one page
        body += lines(20, f"dee{n}")
        repo.write("docs/d.md", body)
        repo.commit(f"Dee writes {n}", author=DEE, date=day(10 + n))
    sb = board(repo)
    cy, dee = sb.score("cy"), sb.score("dee")
    assert (cy.pages_taught, cy.colleague_pages, dee.pages_taught, dee.colleague_pages) == (3, 3, 1, 1)
    assert cy.teach == round(3 * lp(20) + 3 * W.breadth_page, 1)
    assert dee.teach == round(lp(20) + grown(20, 20) + grown(40, 20) + W.breadth_page, 1)
    # improving one page counts once in the window; three of one colleague's pages count less each
    assert cy.learn == round(W.improve * (1 + W.pair_decay + W.pair_decay ** 2) + 3 * W.breadth_colleague, 1)
    assert dee.learn == W.improve + W.breadth_colleague
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
    assert [e.page for e in sb.explain("ana", recent.start(sb.now))] == ["c.md"] * 3  # create, content, breadth
    assert sb.window_score("ana", recent).pages_taught == 1
    assert sb.window_score("ana", recent).teach == round(W.create_page + lp(3) + W.breadth_page, 1)
    assert sb.window_score("ana", ever).pages_taught == 3
    assert sb.window_score("ana", year).teach == sb.window_score("ana", ever).teach
    short = ScoringConfig(window_days=30)
    assert windows(short)[0].key == "30d"
    assert board(repo, short).window_score("ana", windows(short)[0]).tier is Tier.INACTIVE


def test_tiers_at_exact_thresholds(repo: Repo) -> None:
    repo.write("docs/a.md", lines(3))
    repo.commit("Ana's page", author=ANA, date=day(1))
    repo.write("docs/c.md", lines(3, "cy"))
    repo.commit("Cy's page", author=CY, date=day(2), trailers=[("Reviewed-by", contact(ANA))])
    sb = board(repo)
    teach = round(W.create_page + lp(3) + W.breadth_page, 1)
    learn = W.review + W.breadth_colleague
    assert (sb.score("ana").teach, sb.score("ana").learn) == (teach, learn)
    cases = {(teach, learn): Tier.COMMITTED, (teach, learn + 0.1): Tier.TEACHER,
             (teach + 0.1, learn): Tier.LEARNER, (teach + 0.1, learn + 0.1): Tier.INACTIVE}
    for (t, ln), tier in cases.items():
        config = ScoringConfig(thresholds=Thresholds(teach=t, learn=ln))
        assert score_events(sb.events["ana"], config).tier is tier, (t, ln)
    assert board(repo).score("dee").tier is Tier.INACTIVE  # nobody: no events, inactive
    assert CONFIG.thresholds == Thresholds(teach=20.0, learn=10.0)


def test_explanation_events_add_up_to_the_score(repo: Repo) -> None:
    ana_page(repo)
    repo.write("docs/c.md", lines(12, "cy"))
    repo.commit("Cy's page", author=CY, date=day(2), trailers=[
        ("Learned-from", contact(ANA)), ("Reviewed-by", contact(DEE)), ("Co-authored-by", contact(EVE))])
    for n in range(6):
        repo.write("docs/a.md", lines(3, "ana") + lines(3 * n + 3, "dee"))
        repo.commit(f"Dee {n}", author=DEE, date=day(3, hour=n + 1), trailers=[("Acked-by", contact(CY))])
    repo.mv("docs/c.md", "docs/cy.md")
    repo.commit("Rename", author=EVE, date=day(4))
    sb = board(repo)
    for slug in ("ana", "cy", "dee", "eve"):
        score, explained = sb.score(slug), sb.explain(slug)
        assert len(explained) == score.teach_events + score.learn_events > 0
        # every point is a row, the breadth bonuses included: the rows add up to the score
        teach = sum(e.points for e in explained if e.side is Side.TEACH)
        learn = sum(e.points for e in explained if e.side is Side.LEARN)
        assert (score.teach, score.learn) == (round(teach, 1), round(learn, 1))
        assert all(e.points == round(e.points, 1) for e in explained)
        assert all(isinstance(e, Event) and e.points > 0 and e.slug == slug for e in explained)
        assert explained == sorted(explained, key=lambda e: e.at)
        assert score.pages_taught == len({e.page for e in explained if e.kind == BREADTH and e.side is Side.TEACH})


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
    repo.write("docs/a.md", lines(3, "ana") + lines(3, "cy"))
    repo.commit("Cy improves", author=CY, date=day(3))
    sb = board(repo)
    assert events(sb, "cy") == [("teach", "content", lp(3), "a.md", None),
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


def _table(page: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header row starts with ``header``."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_scoring_page_worked_examples_match_the_code() -> None:
    page = (ROOT / "docs" / "committed" / "scoring.md").read_text("utf-8")
    for lines_cell, points_cell in _table(page, "Lines added"):
        n = int(lines_cell.replace(",", ""))
        shown = float(points_cell.split(",")[0])
        assert shown == lp(n), lines_cell
        assert ("capped at 15 in one day" in points_cell) == (line_points(n, W) > W.daily_page_cap)
    for pages_cell, worth_cell in _table(page, "Pages in one commit"):
        n = int(pages_cell)
        worth = sum(1.0 if k < W.bulk_pages else 0.5 ** (k - W.bulk_pages + 1) for k in range(n))
        assert float(worth_cell) == round(worth, 2), pages_cell
    # "20 lines added to one page on each of ten days earn 8.8 + 1.9 + ... = 15.1"
    steps = [grown(20 * k, 20) for k in range(10)]
    example = re.search(r"each of ten days earn ([\d. +\n]+)= \*\*([\d.]+)\*\*", page)
    assert example is not None
    assert [float(x) for x in example[1].split("+")] == steps
    assert float(example[2]) == round(sum(steps), 1)
    # the same colleague again: 3, then 1.5, 0.8, 0.4: at most 6 in all
    decay = [round(W.review * W.pair_decay ** k, 1) for k in range(30)]
    assert decay[:4] == [3.0, 1.5, 0.8, 0.4] and round(sum(decay), 1) == 6.0
    assert "3, then 1.5, 0.8, 0.4, …: at most 6 in all" in page
    assert f"six reviews on one day: 3 + 3 + 3, then nothing: {W.daily_review_cap:g}" in page
    assert f"a word fixed on each of 50 pages: {W.small_fixes:g} points in all" in page

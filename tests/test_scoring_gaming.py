"""Each trick a motivated employee tries on the scoring model, on a real git repository: the
trickster's scores and tier with and without the trick, and honest controls beside them.

What must hold (docs/committed/scoring.md, "Why it resists gaming"): no trick gains a tier, and
a trick moves its author at most a bounded number of points; honest work earns as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from committed.cli import main
from committed.history import read_history
from committed.people import Directory, load_contributors
from committed.publication import Publication
from committed.scoring import (
    BREADTH,
    Score,
    Scoreboard,
    ScoringConfig,
    Side,
    Tier,
    Weights,
    build_scoreboard,
    line_points,
)
from gitrepo import ANA, CY, DEE, EVE, Repo, contact, day

W = Weights()
CONFIG = ScoringConfig()


def lines(n: int, tag: str = "line") -> str:
    return "".join(f"{tag} {i} of a sentence that teaches something\n" for i in range(n))


def board(repo: Repo, publication: Publication | None = None) -> Scoreboard:
    history = read_history(repo.root, "docs")
    return build_scoreboard(history, Directory(load_contributors(repo.root / "contributors")), CONFIG, publication)


def score(repo: Repo, slug: str) -> Score:
    sb = board(repo)
    return sb.score(slug)  # every test's history fits in one window: all time is the main window


def honest_history(repo: Repo) -> None:
    """Ana and Eve write pages; Cy writes one; Eve improves two colleagues' pages and reviews a
    real change: the honest contributors the tricks are compared with."""
    repo.write("docs/ana.md", lines(12, "ana"))
    repo.commit("Ana's page", author=ANA, date=day(1))
    repo.write("docs/cy.md", lines(12, "cy"))
    repo.commit("Cy's page", author=CY, date=day(1, 11))
    repo.write("docs/eve.md", lines(12, "eve"))
    repo.commit("Eve's page", author=EVE, date=day(1, 12), trailers=[("Reviewed-by", contact(ANA))])
    repo.write("docs/ana.md", lines(12, "ana") + lines(6, "eve"))
    repo.commit("Eve improves Ana's page", author=EVE, date=day(2), trailers=[("Reviewed-by", contact(ANA))])
    repo.write("docs/cy.md", lines(12, "cy") + lines(6, "eve"))
    repo.commit("Eve improves Cy's page", author=EVE, date=day(2, 11))


def with_and_without(tmp_path: Path, trick: Callable[[Repo], None], slug: str = "cy") -> tuple[Scoreboard, Scoreboard]:
    """The honest history alone, and the same followed by ``trick``."""
    plain, tricked = Repo(tmp_path / "plain"), Repo(tmp_path / "tricked")
    for repo in (plain, tricked):
        honest_history(repo)
    trick(tricked)
    return board(plain), board(tricked)


def rank(sb: Scoreboard, slug: str, side: Side) -> int:
    """1 for the top teacher (or learner), by that side's score."""
    scores = {s: sb.score(s) for s in sb.events}
    key = (lambda s: -scores[s].teach) if side is Side.TEACH else (lambda s: -scores[s].learn)
    return sorted(scores, key=lambda s: (key(s), s)).index(slug) + 1


def assert_no_gain(before: Scoreboard, after: Scoreboard, slug: str, *, bound: float) -> None:
    """The trick gains ``slug`` no tier (it may lose one) and at most ``bound`` points a side."""
    b, a = before.score(slug), after.score(slug)
    t = CONFIG.thresholds
    promoted = (a.teach >= t.teach > b.teach) or (a.learn >= t.learn > b.learn)
    assert not promoted and (a.tier is b.tier or (a.teach <= b.teach and a.learn <= b.learn)), (b, a)
    assert a.teach - b.teach <= bound and a.learn - b.learn <= bound, (b, a)


# -- the controls -------------------------------------------------------------------------------


def test_an_honest_contributor_earns_what_each_piece_of_work_earns(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    honest_history(repo)
    sb = board(repo)
    eve = sb.score("eve")
    # a page (created, 12 lines, breadth), two colleagues' pages improved (6 lines each)
    assert eve.teach == round(W.create_page + round(line_points(12, W), 1) + 2 * round(line_points(6, W), 1)
                              + 3 * W.breadth_page, 1)
    assert eve.learn == round(2 * W.improve + 2 * W.breadth_colleague, 1)
    assert eve.tier is Tier.COMMITTED
    ana = sb.score("ana")  # a page, and two real changes reviewed
    assert ana.learn == round(W.review * (1 + W.pair_decay) + 2 * W.breadth_colleague, 1)
    assert ana.tier is Tier.COMMITTED and sb.score("cy").tier is Tier.TEACHER


def test_a_real_improvement_still_makes_its_author_a_learner(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    honest_history(repo)
    repo.write("docs/ana.md", lines(12, "ana") + lines(6, "eve") + lines(8, "dee"))
    repo.commit("Dee improves Ana's page", author=DEE, date=day(3))
    repo.write("docs/eve.md", lines(12, "eve") + lines(5, "dee"))
    repo.commit("Dee improves Eve's page", author=DEE, date=day(4))
    dee = board(repo).score("dee")
    assert dee.learn == 2 * (W.improve + W.breadth_colleague) >= CONFIG.thresholds.learn
    assert dee.tier in (Tier.LEARNER, Tier.COMMITTED)


# -- repeat across days -------------------------------------------------------------------------


def _one_line_a_day(repo: Repo, page: str, base: str, author: tuple[str, str], days: int, per_day: int = 1,
                    start: int = 10, hour: int = 9) -> None:
    body = (repo.root / page).read_text()
    for n in range(days):
        body += lines(per_day, f"{author[0]}-day{n}")
        repo.write(page, body)
        repo.commit(f"A little more on {base}", author=author, date=day(start + n, hour))


@pytest.mark.parametrize("per_day", [1, 3])
def test_one_line_a_day_on_the_same_page_buys_nothing(tmp_path: Path, per_day: int) -> None:
    before, after = with_and_without(tmp_path, lambda r: _one_line_a_day(r, "docs/ana.md", "Ana", CY, 30, per_day))
    assert_no_gain(before, after, "cy", bound=W.small_fixes if per_day == 1 else
                   line_points(30 * per_day, W) + W.improve + W.breadth_page + W.breadth_colleague)
    # the same lines in one commit earn at least as much learning as thirty days of them
    once = Repo(tmp_path / "once")
    honest_history(once)
    text = (once.root / "docs/ana.md").read_text() + "".join(lines(per_day, f"Cy-day{n}") for n in range(30))
    once.write("docs/ana.md", text)
    once.commit("All at once", author=CY, date=day(10))
    assert after.score("cy").learn <= board(once).score("cy").learn


def test_two_friends_improving_each_other_every_day_stay_below_honest_colleagues(tmp_path: Path) -> None:
    def friends(repo: Repo) -> None:
        repo.write("docs/dee.md", lines(12, "dee"))
        repo.commit("Dee's page", author=DEE, date=day(5))
        for n in range(30):  # a month: Cy on Dee's page, Dee on Cy's, every day
            for me, page in ((CY, "docs/dee.md"), (DEE, "docs/cy.md")):
                repo.write(page, (repo.root / page).read_text() + lines(1, f"{me[0]}-{n}"))
                repo.commit(f"{me[0]} adds a line", author=me, date=day(10 + n, 9 if me is CY else 17),
                            trailers=[("Reviewed-by", contact(DEE if me is CY else CY))])

    def dee_alone(repo: Repo) -> None:
        repo.write("docs/dee.md", lines(12, "dee"))
        repo.commit("Dee's page", author=DEE, date=day(5))

    plain, tricked = Repo(tmp_path / "plain"), Repo(tmp_path / "tricked")
    for repo in (plain, tricked):
        honest_history(repo)
    dee_alone(plain)
    friends(tricked)
    before, after = board(plain), board(tricked)
    for slug in ("cy", "dee"):
        assert_no_gain(before, after, slug, bound=W.small_fixes)
        assert after.score(slug).tier is not Tier.COMMITTED
        assert after.score(slug).total < after.score("eve").total  # the honest colleague stays above
    assert before.score("eve") == after.score("eve")


# -- touch many pages trivially -----------------------------------------------------------------


def _many_pages(repo: Repo) -> list[str]:
    pages = []
    for n in range(50):
        author = (ANA, DEE, EVE)[n % 3]
        page = f"docs/topic/page-{n:02d}.md"
        repo.write(page, lines(6, f"{author[0]}{n}"))
        repo.commit(f"Page {n}", author=author, date=day(3, 0) if n < 24 else day(4, 0))
        pages.append(page)
    return pages


@pytest.mark.parametrize("touch", ["blank line", "one word"])
def test_touching_fifty_pages_trivially_buys_nothing(tmp_path: Path, touch: str) -> None:
    def trick(repo: Repo) -> None:
        for n, page in enumerate(_many_pages(repo)):
            text = (repo.root / page).read_text()
            if touch == "blank line":
                text = text.replace("\n", "\n\n", 1)
            else:
                text = text.replace("teaches", "teaches well", 1)
            repo.write(page, text)
            repo.commit(f"Touch {page}", author=CY, date=day(10 + n // 5, 8 + n % 5))

    def control(repo: Repo) -> None:
        _many_pages(repo)

    plain, tricked = Repo(tmp_path / "plain"), Repo(tmp_path / "tricked")
    for repo in (plain, tricked):
        honest_history(repo)
    control(plain)
    trick(tricked)
    before, after = board(plain), board(tricked)
    assert_no_gain(before, after, "cy", bound=0.0 if touch == "blank line" else W.small_fixes)
    assert after.score("cy").learn == before.score("cy").learn == 0
    assert rank(after, "cy", Side.TEACH) > 1 and rank(after, "cy", Side.LEARN) > 1
    assert not [e for e in after.events["cy"] if e.kind == BREADTH and e.page and e.page.startswith("topic/")]


# -- copy credit --------------------------------------------------------------------------------


def _squash(repo: Repo, committer: tuple[str, str], co_author: tuple[str, str] | None) -> None:
    repo.checkout("feature", new=True)
    repo.write("docs/guide.md", lines(40, "ana-guide"))
    repo.commit("wip", author=ANA, date=day(5))
    repo.checkout("main")
    repo.merge("feature", "Ana's guide (#7)", author=ANA, committer=committer, date=day(6), squash=True,
               trailers=[("Co-authored-by", contact(co_author))] if co_author else [])


def test_naming_oneself_co_author_on_a_squash_one_merges_earns_nothing(tmp_path: Path) -> None:
    before, after = with_and_without(tmp_path, lambda r: _squash(r, committer=CY, co_author=CY))
    assert before.score("cy") == after.score("cy")
    assert not [e for e in after.events["cy"] if e.page == "guide.md"]
    guide = [e for e in after.events["ana"] if e.page == "guide.md"]
    assert sum(e.points for e in guide) == round(W.create_page + round(line_points(40, W), 1) + W.breadth_page, 1)


def test_a_real_co_author_shares_the_points_instead_of_copying_them(tmp_path: Path) -> None:
    _, shared = with_and_without(tmp_path, lambda r: _squash(r, committer=ANA, co_author=CY))
    ana = sum(e.points for e in shared.events["ana"] if e.page == "guide.md")
    cy = sum(e.points for e in shared.events["cy"] if e.page == "guide.md")
    alone = W.create_page + line_points(40, W) + W.breadth_page
    assert ana == pytest.approx(alone / 2, abs=0.2) and cy == pytest.approx(alone / 2, abs=0.2)


# -- trailers on empty changes ------------------------------------------------------------------


@pytest.mark.parametrize("change", ["white space", "blank lines", "not a page", "one word"])
def test_trailers_on_changes_without_page_text_earn_nothing(tmp_path: Path, change: str) -> None:
    def trick(repo: Repo) -> None:
        for n in range(10):
            page = "docs/eve.md"
            text = (repo.root / page).read_text()
            if change == "white space":
                repo.write(page, text.replace("eve 0", "eve  0" if n % 2 == 0 else "eve 0", 1) + " " * (n + 1) + "\n")
                repo.write(page, text.rstrip("\n") + " " * (n + 1) + "\n")
            elif change == "blank lines":
                repo.write(page, text + "\n" * (n + 2))
            elif change == "not a page":
                repo.write(f"docs/data/file-{n}.csv", f"a,b\n{n},{n}\n")
            else:
                repo.write(page, text.replace(f"eve {n} of", f"eve {n}, of", 1))
            repo.commit(f"Tidy {n}", author=EVE, date=day(10 + n),
                        trailers=[("Reviewed-by", contact(CY)), ("Learned-from", contact(CY))])

    before, after = with_and_without(tmp_path, trick)
    assert before.score("cy") == after.score("cy")
    assert before.score("eve").learn == after.score("eve").learn


def test_reviews_have_a_daily_cap(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    people = [(f"Writer{n}", f"writer{n}@x.test") for n in range(6)]
    for n, person in enumerate(people):
        repo.write(f"docs/w{n}.md", lines(8, person[0]))
        repo.commit(f"Page {n}", author=person, date=day(3, 8 + n), trailers=[("Reviewed-by", contact(CY))])
    reviews = [e for e in board(repo).events["cy"] if e.kind == "review"]
    assert sum(e.points for e in reviews) == W.daily_review_cap
    assert len(reviews) == W.daily_review_cap / W.review  # the others that day earn nothing


# -- delete and re-add --------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["a section", "the whole page"])
def test_removing_and_adding_back_earns_once(tmp_path: Path, how: str) -> None:
    section = lines(10, "cy-section")

    def trick(repo: Repo) -> None:
        for n in range(10):
            if how == "a section":
                repo.write("docs/cy.md", lines(12, "cy"))
                repo.commit(f"Remove the section ({n})", author=CY, date=day(10 + 2 * n))
                repo.write("docs/cy.md", lines(12, "cy") + section)
            else:
                repo.rm("docs/cy.md")
                repo.commit(f"Remove the page ({n})", author=CY, date=day(10 + 2 * n))
                repo.write("docs/cy.md", lines(12, "cy") + section)
            repo.commit(f"Add it back ({n})", author=CY, date=day(11 + 2 * n))

    def once(repo: Repo) -> None:
        repo.write("docs/cy.md", lines(12, "cy") + section)
        repo.commit("A new section", author=CY, date=day(9))

    plain, tricked = Repo(tmp_path / "plain"), Repo(tmp_path / "tricked")
    for repo in (plain, tricked):
        honest_history(repo)
        once(repo)
    trick(tricked)
    before, after = board(plain), board(tricked)
    assert_no_gain(before, after, "cy", bound=0.0)


# -- unpublished pages --------------------------------------------------------------------------


def _drafts(repo: Repo) -> None:
    for n in range(8):
        repo.write(f"docs/.drafts/draft-{n}.md", lines(30, f"draft{n}"))
        repo.write(f"docs/private/notes-{n}.md", lines(30, f"private{n}"))
        repo.commit(f"Drafts {n}", author=CY, date=day(10 + n))


def test_unpublished_pages_earn_nothing(tmp_path: Path) -> None:
    before, after = with_and_without(tmp_path, _drafts)
    tricked = Repo(tmp_path / "tricked")
    site = Publication(exclude=("private/",))
    assert board(tricked, site).score("cy") == before.score("cy")
    # MkDocs' default exclusions (dot folders) hold even without a configuration
    assert not [e for e in after.events["cy"] if e.page and e.page.startswith(".drafts/")]


MKDOCS_YML = """\
site_name: Drafts KB
theme:
  name: material
  font: false
exclude_docs: |
  private/
plugins:
  - committed/profiles
  - committed/leaderboard
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
"""


@pytest.mark.slow
def test_the_build_and_committed_stats_count_the_same_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sitebuild import built

    repo = Repo(tmp_path / "kb")
    honest_history(repo)
    repo.write("docs/index.md", "# Drafts KB\n")
    repo.commit("Home", author=ANA, date=day(1, 9))
    _drafts(repo)
    repo.write("mkdocs.yml", MKDOCS_YML)
    site = built(repo.root, tmp_path)
    exported = json.loads((site / "committed" / "stats.json").read_text("utf-8"))
    assert main(["stats", "--repo", str(repo.root), "--format", "json", "--no-cache"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == exported
    cy = next(p for p in exported["people"] if p["slug"] == "cy")["windows"]
    plain = Repo(tmp_path / "plain")
    honest_history(plain)
    assert cy["all"]["teach"] == board(plain).score("cy").teach
    assert not (site / "private").exists() and not (site / ".drafts").exists()


# -- bulk commits -------------------------------------------------------------------------------


def test_one_import_commit_does_not_make_its_author_the_teacher_of_everything(tmp_path: Path) -> None:
    def trick(repo: Repo) -> None:
        for n in range(200):
            repo.write(f"docs/imported/page-{n:03d}.md", lines(40, f"imported{n}"))
        repo.commit("Import the old wiki", author=CY, date=day(10))

    before, after = with_and_without(tmp_path, trick)
    one_page = W.create_page + line_points(40, W) + W.breadth_page
    gained = after.score("cy").teach - before.score("cy").teach
    assert gained <= (W.bulk_pages + 1) * one_page  # one commit: at most six pages' worth
    assert gained >= W.bulk_pages * one_page - 1  # the first pages earn in full
    notes = [e.note for e in after.events["cy"] if e.page == "imported/page-199.md"]
    assert all("in one commit" in note for note in notes)
    assert after.score("cy").teach < 5 * after.score("eve").teach


def test_an_opted_out_contributor_is_still_scored(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("contributors/cy.yml", yaml.safe_dump({"name": "Cy", "emails": [CY[1]], "leaderboard": False}))
    honest_history(repo)
    assert board(repo).score("cy").tier is Tier.TEACHER

"""Forge reviews in the build: a real repository merged the three ways plus a review ledger.

History (every change goes through a pull request on GitHub):

- #1, a merge commit: Bo improves Ana's page A on a branch; Ana merges it (``--no-ff``).
  Cy approves on GitHub (login ``cy``, a noreply address in cy.yml); Dee (login ``dee``, no
  contributor file, who once fixed the home page in the web editor with her noreply address)
  approves as well.
- #2, a squash merge ``Improve B (#2)``: Cy improves Bo's page B. The API's merge sha is not in
  the history (a rewritten import), so the ``(#2)`` reference finds it. Ana (login ``ana-gh``,
  ``github:`` in ana.yml) requests changes then approves, and the squash commit also says
  ``Reviewed-by: Ana``: one review. Eve writes "LGTM" only: not a review.
- #3, a rebase merge: Ana improves Cy's page C in two commits, rebased onto main (new shas);
  the ledger knows the original shas only. Bo (login ``bo``, ``github:`` in bo.yml) approves, and
  Fay (login ``fay``, never seen in git) too; Ana approving her own request earns nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from committed.config import Settings
from committed.forgeapi.ledger import Account, CommitRef, ForgeRequest, Ledger, Review, subject_digest, write
from committed.knowledge import load
from gitrepo import Repo, clean_env, page
from sitebuild import build, digest, mkdocs_yml

ANA = ("Ana Lima", "ana@corp.test")
BO = ("Bo Berg", "bo@corp.test")
DEE_WEB = ("Dee Dow", "14+dee@users.noreply.github.com")
CY = ("Cy Chen", "cy@corp.test")
EMAIL = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}")
MKDOCS_YML = mkdocs_yml("search", "committed/authoring", ("committed/profiles", {"forge_ledger": "data/reviews.jsonl"}),
                        "committed/leaderboard", schemes=True)


def make_repo(root: Path) -> tuple[Repo, dict[str, str]]:
    repo = Repo(root)
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("contributors/ana.yml", "name: Ana Lima\nemails: [ana@corp.test]\ngithub: ana-gh\n")
    repo.write("contributors/bo.yml", "name: Bo Berg\nemails: [bo@corp.test]\ngithub: [bo]\n")
    repo.write("contributors/cy.yml", "name: Cy Chen\nemails: [cy@corp.test, 13+cy@users.noreply.github.com]\n")
    repo.write("docs/index.md", page("Home", 2))
    repo.write("docs/a.md", page("Page A", 8))
    shas = {"a": repo.commit("Add A", author=ANA, date="2026-11-01T10:00:00Z")}
    repo.write("docs/b.md", page("Page B", 8))
    shas["b"] = repo.commit("Add B", author=BO, date="2026-11-01T11:00:00Z")
    repo.write("docs/c.md", page("Page C", 8))
    shas["c"] = repo.commit("Add C", author=CY, date="2026-11-01T12:00:00Z")
    repo.write("docs/index.md", page("Home", 3))
    repo.commit("Home: one more step", author=DEE_WEB, date="2026-11-01T13:00:00Z")
    # 1: a merge commit
    repo.checkout("change-1", new=True)
    repo.write("docs/a.md", page("Page A", 8, "A section on rollbacks.\nWith three lines\n(a review counts on a substantive change).\n"))
    shas["bo1"] = repo.commit("Explain rollbacks", author=BO, date="2026-11-02T09:00:00Z")
    repo.checkout("main")
    shas["merge1"] = repo.merge("change-1", "Merge pull request #1 from acme/change-1", author=ANA,
                                date="2026-11-02T10:00:00Z")
    # 2: a squash merge
    repo.checkout("change-2", new=True)
    repo.write("docs/b.md", page("Page B", 8, "How to undo it.\nAnd why.\nAnd when not to.\n"))
    repo.commit("Undo B", author=CY, date="2026-11-03T09:00:00Z")
    repo.checkout("main")
    shas["squash2"] = repo.merge("change-2", "Improve B (#2)", author=CY, date="2026-11-03T10:00:00Z",
                                 trailers=[("Reviewed-by", "Ana Lima <ana@corp.test>")], squash=True)
    # 3: a rebase merge
    repo.checkout("change-3", new=True)
    repo.write("docs/c.md", page("Page C", 8, "Troubleshooting.\nFirst the logs.\nThen the config.\n"))
    shas["ana3a"] = repo.commit("Troubleshoot C", author=ANA, date="2026-11-03T11:00:00Z")
    repo.write("docs/c.md", page("Page C", 8, "Troubleshooting.\nFirst the logs.\nThen the config.\n"
                                  "More of it, in detail.\nWith an example.\nAnd a caveat.\n"))
    shas["ana3b"] = repo.commit("More on C", author=ANA, date="2026-11-03T12:00:00Z")
    repo.checkout("main")
    repo.write("docs/index.md", page("Home", 4))
    repo.commit("Home: one more line", author=BO, date="2026-11-04T09:00:00Z")
    repo.checkout("change-3")
    repo.git("rebase", "-q", "main", env=clean_env(GIT_COMMITTER_DATE="2026-11-04T10:00:00Z",
                                                      GIT_COMMITTER_NAME="GitHub", GIT_COMMITTER_EMAIL="noreply@github.com"))
    repo.checkout("main")
    repo.git("merge", "-q", "--ff-only", "change-3")
    return repo, shas


def ledger(shas: dict[str, str]) -> Ledger:
    ana, bo, cy = Account("ana-gh", 11), Account("bo", 12), Account("cy", 13)
    approve = lambda who: Review(who, approved=True)  # noqa: E731
    requests = (
        ForgeRequest(1, bo, "2026-11-02T10:00:00Z", "2026-11-02T10:00:00Z", shas["merge1"], None,
                     (CommitRef(shas["bo1"], 1793610000, subject_digest("Explain rollbacks")),),
                     (approve(cy), approve(Account("dee", 14)))),
        ForgeRequest(2, cy, "2026-11-03T10:00:00Z", "2026-11-03T10:05:00Z", "9" * 40, None, (),
                     (Review(ana, approved=True, changes_requested=True, comments=2, words=12),
                      Review(Account("eve", 15), words=1))),
        ForgeRequest(3, ana, "2026-11-04T10:00:00Z", "2026-11-04T10:00:00Z", None, None,
                     (CommitRef(shas["ana3a"], 1793703600, subject_digest("Troubleshoot C")),
                      CommitRef(shas["ana3b"], 1793707200, subject_digest("More on C"))),
                     (approve(bo), approve(ana), approve(Account("fay", 16)))),
        ForgeRequest(4, cy, "2026-11-05T10:00:00Z", "2026-11-05T10:00:00Z", "8" * 40, None, (), (approve(bo),)),
    )
    return Ledger("github", "acme/kb", "docs/", "2026-11-30T12:00:00Z", "2026-11-05T10:00:00Z", requests)


@pytest.fixture(scope="module")
def kb_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    repo, shas = make_repo(tmp_path_factory.mktemp("kb"))
    write(repo.root / "data" / "reviews.jsonl", ledger(shas))
    return repo, shas


def reviews(kb, slug: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.sha, e.other) for e in kb.scoreboard.events.get(slug, []) if e.kind == "review"]


def test_reviews_are_matched_and_scored_as_trailers(kb_repo: tuple[Repo, dict[str, str]]) -> None:
    repo, shas = kb_repo
    head = repo.head()
    kb = load(Settings(root=repo.root, cache_dir=None, forge_ledger="data/reviews.jsonl"))
    assert kb.reviews is not None
    assert (kb.reviews.forge, kb.reviews.through, kb.reviews.requests, kb.reviews.unmatched) == ("GitHub", "2026-11-30", 3, 1)
    assert reviews(kb, "cy") == [(shas["merge1"], "bo")]  # the merge: Cy reviewed Bo's branch
    assert reviews(kb, "ana") == [(shas["squash2"], "cy")]  # one review, though trailer and forge both say it
    assert reviews(kb, "bo") == [(head, "ana")]  # the rebased tip: new sha, found by date and subject
    dee = next(p for p in kb.people.values() if p.name == "Dee Dow")  # her web-editor commit's noreply address
    assert not dee.known and reviews(kb, dee.slug) == [(shas["merge1"], "bo")]
    fay = next(p for p in kb.people.values() if p.name == "@fay")  # an unknown person, as unknown authors are
    assert not fay.known and reviews(kb, fay.slug) == [(head, "ana")]
    assert not any(p.name == "@eve" for p in kb.people.values())  # "LGTM" alone is not a review
    assert kb.pages["a.md"].reviewed_by == ["cy", dee.slug] and kb.pages["c.md"].reviewed_by == ["bo", fay.slug]
    without = load(Settings(root=repo.root, cache_dir=None, forge_ledger=None))
    assert without.reviews is None and reviews(without, "cy") == [] and reviews(without, "bo") == []
    assert reviews(without, "ana") == [(shas["squash2"], "cy")]  # the trailer alone


def test_the_built_site_credits_forge_reviewers_and_says_where_reviews_come_from(
        kb_repo: tuple[Repo, dict[str, str]], tmp_path: Path) -> None:
    repo, _ = kb_repo
    proc = build(repo.root, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    board = (site / "leaderboard" / "index.html").read_text("utf-8")
    assert "Reviews from GitHub up to 2026-11-30 count as review trailers do." in board
    cy = (site / "people" / "cy" / "index.html").read_text("utf-8")
    assert "Reviews from GitHub up to 2026-11-30" in cy and "Page A" in cy.split('id="pages"')[1]
    bo = (site / "people" / "bo" / "index.html").read_text("utf-8")
    assert "Page C" in bo.split("Reviewed (")[1].split("</ul>")[0]
    for path in [*site.rglob("*.html"), *site.rglob("*.json"), *site.rglob("*.csv"), *site.rglob("*.xml")]:
        text = path.read_text("utf-8", "replace")
        assert "noreply" not in text and "corp.test" not in text, path
        assert not [m for m in EMAIL.findall(text) if "example.com" not in m], path
    ledger_text = (repo.root / "data" / "reviews.jsonl").read_text("utf-8")
    assert not EMAIL.findall(ledger_text)
    again = build(repo.root, tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert digest(site) == digest(tmp_path / "again")  # same inputs, same site, byte for byte


# -- review comments that led to a change ------------------------------------------------------

GITHUB = ("GitHub", "noreply@github.com")
BO_NOREPLY = "Bo Berg <12+bo@users.noreply.github.com>"  # GitHub's trailer for a private address


def suggestion_repo(root: Path) -> tuple[Repo, dict[str, str]]:
    """Cy's requests on Ana's page A, reviewed on GitHub by Bo and Eve:

    - #5, squash-merged: Bo suggests four lines, Cy commits the suggestion from the pull request
      (GitHub: author Cy, ``Co-authored-by`` Bo under his noreply address); the squash keeps it.
    - #6, a merge commit: Eve comments three times on the diff and Cy changes the lines she
      commented on, in a commit of his own: no suggestion applied.
    """
    repo = Repo(root)
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("contributors/ana.yml", "name: Ana Lima\nemails: [ana@corp.test]\n")
    repo.write("contributors/bo.yml", "name: Bo Berg\nemails: [bo@corp.test]\ngithub: [bo]\n")
    repo.write("contributors/cy.yml", "name: Cy Chen\nemails: [cy@corp.test]\ngithub: [cy]\n")
    repo.write("contributors/eve.yml", "name: Eve Ek\nemails: [eve@corp.test]\ngithub: [eve]\n")
    shas = {"a": repo.commit("Add A", author=ANA, files={"docs/a.md": page("Page A", 8)}, date="2026-11-01T10:00:00Z")}
    repo.checkout("change-5", new=True)
    repo.commit("Explain retries", author=CY, date="2026-11-02T09:00:00Z",
                files={"docs/a.md": page("Page A", 8, "Retries.\nThree at most.\nThen alert.\n")})
    repo.commit("Apply suggestions from code review", author=CY, committer=GITHUB, date="2026-11-02T09:30:00Z",
                trailers=[("Co-authored-by", BO_NOREPLY)],
                files={"docs/a.md": page("Page A", 8, "Retries.\nThree at most, a minute apart.\nThen alert the "
                                         "on-call.\nAnd say which job.\nAnd link the runbook.\n")})
    repo.checkout("main")
    shas["squash5"] = repo.merge("change-5", "Explain retries (#5)", author=CY, committer=GITHUB,
                                 date="2026-11-02T10:00:00Z", trailers=[("Co-authored-by", BO_NOREPLY)], squash=True)
    repo.checkout("change-6", new=True)
    shas["cy6"] = repo.commit("Explain timeouts", author=CY, date="2026-11-10T09:00:00Z",
                              files={"docs/a.md": page("Page A", 9, "Timeouts.\nThirty seconds.\nThen retry.\n")})
    repo.commit("Timeouts: as Eve said", author=CY, date="2026-11-10T09:30:00Z",
                files={"docs/a.md": page("Page A", 9, "Timeouts.\nThirty seconds, per call.\nThen retry once.\n"
                                         "Never more.\n")})
    repo.checkout("main")
    shas["merge6"] = repo.merge("change-6", "Merge pull request #6 from acme/change-6", author=ANA,
                                date="2026-11-10T10:00:00Z")
    cy, bo, eve = Account("cy", 13), Account("bo", 12), Account("eve", 15)
    write(repo.root / "data" / "reviews.jsonl", Ledger("github", "acme/kb", "docs/", "2026-11-30T12:00:00Z",
                                                       "2026-11-10T10:00:00Z", (
        ForgeRequest(5, cy, "2026-11-02T10:00:00Z", "2026-11-02T10:00:00Z", shas["squash5"], None, (),
                     (Review(bo, comments=1, words=14, suggestions=1),)),
        ForgeRequest(6, cy, "2026-11-10T10:00:00Z", "2026-11-10T10:00:00Z", shas["merge6"], None, (),
                     (Review(eve, comments=3, words=20),)),
    )))
    return repo, shas


def test_a_suggestion_the_author_applied_counts_as_improving_other_comments_as_the_review(tmp_path: Path) -> None:
    from committed.scoring import Weights

    repo, shas = suggestion_repo(tmp_path)
    kb = load(Settings(root=repo.root, cache_dir=None, forge_ledger="data/reviews.jsonl"))
    w = Weights()
    # Bo's suggestion, committed by GitHub under his noreply address, is his: his github: login claims it
    assert not any(p.name == "Bo Berg" and not p.known for p in kb.people.values())
    bo = [(e.kind, e.points, e.page, e.other, e.sha) for e in kb.scoreboard.events["bo"] if e.side.value == "learn"]
    assert bo == [("improve", w.improve / 2, "a.md", "ana", shas["squash5"]),  # shared with Cy, as co-authors do
                  ("breadth", w.breadth_colleague / 2, "a.md", "ana", shas["squash5"])]  # no review: he co-wrote it
    assert kb.pages["a.md"].improved_by == ["cy", "bo"] and "bo" not in kb.pages["a.md"].reviewed_by
    # Eve's comments led Cy to change the lines they were on: that is her review, nothing more
    eve = [(e.kind, e.points, e.sha) for e in kb.scoreboard.events["eve"]]
    assert eve == [("review", w.review, shas["merge6"]), ("breadth", w.breadth_colleague, shas["merge6"])]
    # without the ledger the trailer alone says the same of Bo; Eve has nothing
    without = load(Settings(root=repo.root, cache_dir=None, forge_ledger=None))
    assert [e.kind for e in without.scoreboard.events["bo"] if e.side.value == "learn"] == ["improve", "breadth"]
    assert "eve" not in without.scoreboard.events
    # what scoring.md says of it
    text = (Path(__file__).resolve().parents[1] / "docs" / "committed" / "scoring.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", text[text.index("| On the forge | Earns |"):], re.M)[:12])
    assert rows["a suggested change the author applied (GitHub names you `Co-authored-by`)"] == \
        f"what co-authoring earns, instead of the review: the change's points shared with its author " \
        f"(on a colleague's page, improving: {w.improve / 2:g} each of {w.improve:g})"
    assert rows["any other review comment, even one the author acted on"] == "the review only"

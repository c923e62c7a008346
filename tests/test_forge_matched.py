"""The ledger's reviews matched to a history, kept (forgeapi/matched.py): a build with the same
ledger, history and people reads them back; after a fetch or new commits it looks for only the
requests that are new or changed, or that a new commit could be found at; when the logins resolve
otherwise or the file is damaged, for every request; and whichever it does, the build is what a
build with an empty cache folder makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from committed.config import Settings
from committed.forgeapi import index, matched, matching
from committed.forgeapi.ledger import Account, ForgeRequest, Ledger, Review, write
from committed.history import read_history
from committed.knowledge import load
from committed.people import load_contributors
from gitrepo import CY, Repo, day
from sitebuild import build, digest
from test_forge_reviews import ledger as forge_ledger
from test_forge_reviews import make_repo
from test_resolved import LEDGER, base, loads, one_commit, review_ledger, state


def prepared(tmp_path: Path) -> tuple[Repo, Path, dict[str, tuple[str, ...]]]:
    repo = base(tmp_path / "kb")
    repo.write("contributors/cy.yml", f"name: {CY[0]}\nemails: [{CY[1]}]\ngithub: cy-gh\n")
    repo.commit("Cy's file", author=CY, date=day(9, 12))
    shas = repo.git("log", "--format=%H", "--", "docs").split()
    reviews = {shas[0]: ("cy-gh", "dee-gh"), shas[3]: ("cy-gh",), shas[-1]: ("someone",)}
    review_ledger(repo, reviews)
    cache = tmp_path / "cache"
    first = load(Settings(root=repo.root, cache_dir=str(cache), forge_ledger=LEDGER))
    assert first.reviews is not None and first.reviews.reviews == 3
    assert len(list(cache.glob("forge-matched-*.kept"))) == 1
    return repo, cache, reviews


def looked_for(repo: Repo, cache: Path, monkeypatch: pytest.MonkeyPatch, ledger: str = LEDGER) -> list[int] | None:
    """The requests ``matched.reviews`` looks for among all the history's commits for this
    repository now (None: it reads the trailers kept, matching nothing)."""
    history = read_history(repo.root, "docs", cache_dir=cache)
    everything = len(history.commits)
    numbers: list[int] = []
    assembled: list[int] = []
    find, assemble = matching._Finder.find, matched.assemble

    def counted(finder: matching._Finder, request: index.Match) -> object:
        if len(finder.by_sha) == everything:  # not the finder over the commits since the kept ones
            numbers.append(request.number)
        return find(finder, request)

    with monkeypatch.context() as patch:
        patch.setattr(matching._Finder, "find", counted)
        patch.setattr(matched, "assemble", lambda *args: assembled.append(1) or assemble(*args))
        matched.reviews(repo.root / ledger, ledger, history, load_contributors(repo.root / "contributors"), cache)
    return sorted(numbers) if assembled else None


def matched_again(repo: Repo, cache: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether ``matched.reviews`` matches (rather than reads what was kept) for this repository now."""
    return looked_for(repo, cache, monkeypatch) is not None


def test_the_same_ledger_history_and_people_read_the_kept_reviews(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, cache, _ = prepared(tmp_path)
    assert not matched_again(repo, cache, monkeypatch)
    kept, full = loads(repo, cache, tmp_path, forge_ledger=LEDGER)
    assert kept.reviews == full.reviews and state(kept) == state(full)


def a_new_commit(repo: Repo, reviews: dict[str, tuple[str, ...]]) -> None:
    one_commit(repo)
    review_ledger(repo, {**reviews, repo.head(): ("cy-gh",)})


def another_ledger(repo: Repo, reviews: dict[str, tuple[str, ...]]) -> None:
    review_ledger(repo, {sha: (*logins, "eve-gh") for sha, logins in reviews.items()})


def a_login_claimed(repo: Repo, reviews: dict[str, tuple[str, ...]]) -> None:
    repo.contributor("dee", ("Dee", "dee@x.test"), github="dee-gh")  # @dee-gh is Dee now


@pytest.mark.parametrize("change", [a_new_commit, another_ledger, a_login_claimed])
def test_a_new_commit_ledger_or_login_matches_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change) -> None:  # type: ignore[no-untyped-def]
    repo, cache, reviews = prepared(tmp_path)
    before = state(load(Settings(root=repo.root, cache_dir=str(tmp_path / "before"), forge_ledger=LEDGER)))
    change(repo, reviews)
    assert matched_again(repo, cache, monkeypatch)
    kept, full = loads(repo, cache, tmp_path, forge_ledger=LEDGER)
    assert kept.reviews == full.reviews and state(kept) == state(full)
    assert state(kept) != before
    assert not matched_again(repo, cache, monkeypatch)  # kept again for the new inputs


@pytest.mark.parametrize("damage", ["truncated", "garbage", "another shape", "a sha of no commit"])
def test_a_damaged_file_matches_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    import marshal
    import zlib

    from committed import cachefile

    repo, cache, _ = prepared(tmp_path)
    (found,) = cache.glob("forge-matched-*.kept")
    if damage == "a sha of no commit":  # a sound file whose request was found at a commit the history lacks
        key = matched._key(read_history(repo.root, "docs", cache_dir=cache))
        body = cachefile.read(found, matched.FORMAT, key, matched.MAGIC)
        assert isinstance(body, tuple)
        rows, where = marshal.loads(body[13])
        cachefile.write(found, matched.FORMAT, key, ("", *body[1:13], marshal.dumps((rows, ("f" * 40,) * len(where)))),
                        matched.MAGIC)  # another ledger digest: not read back as it is, and no sha to trust
        assert looked_for(repo, cache, monkeypatch) == [1, 2, 3]
        kept, full = loads(repo, cache, tmp_path, forge_ledger=LEDGER)
        assert kept.reviews == full.reviews and state(kept) == state(full)
        return
    data = found.read_bytes()
    head, _, body = data.partition(b"\n")
    if damage == "another shape":  # sound header and checksum, a body Committed did not write
        spoiled = marshal.dumps(("not", "a", "match"))
        fields = head.split(b" ")
        data = b" ".join([*fields[:3], str(len(spoiled)).encode(), str(zlib.crc32(spoiled)).encode()]) + b"\n" + spoiled
    found.write_bytes({"truncated": data[:len(data) // 2], "garbage": head + b"\n" + b"\x00" * 50,
                       "another shape": data}[damage])
    assert matched_again(repo, cache, monkeypatch)
    kept, full = loads(repo, cache, tmp_path, forge_ledger=LEDGER)
    assert kept.reviews == full.reviews and state(kept) == state(full)


# -- after a fetch: only the new and changed requests are looked for ----------------------------

RICH = "data/reviews.jsonl"  # test_forge_reviews' ledger: requests found by merge sha, by "(#2)", by rebased commits


def adds_a_request(repo: Repo, shas: dict[str, str], ledger: Ledger) -> Ledger:
    new = ForgeRequest(5, Account("cy", 13), "2026-11-06T10:00:00Z", "2026-11-06T10:00:00Z", shas["squash2"], None, (),
                       (Review(Account("bo", 12), approved=True), Review(Account("gus", 17), comments=1)))
    return ledger.merged([new], cursor="2026-11-06T10:00:00Z", through="2026-11-30T13:00:00Z")


def changes_a_review(repo: Repo, shas: dict[str, str], ledger: Ledger) -> Ledger:
    first = ledger.requests[0]  # Dee's approval becomes a comment; a request read again for a late comment
    again = ForgeRequest(1, first.author, first.merged_at, "2026-11-06T10:00:00Z", first.merge_commit, None,
                         first.commits, (first.reviews[0], Review(Account("dee", 14), comments=1, words=7)))
    late = ledger.requests[2]
    late = ForgeRequest(3, late.author, late.merged_at, "2026-11-06T11:00:00Z", None, None, late.commits,
                        (*late.reviews, Review(Account("eve", 15), words=1)))  # "LGTM": not a review that counts
    # request 3's index row is unchanged (an "LGTM" is left out of it): it is not looked for again
    return ledger.merged([again, late], cursor="2026-11-06T11:00:00Z", through="2026-11-30T13:00:00Z")


def removes_a_request(repo: Repo, shas: dict[str, str], ledger: Ledger) -> Ledger:
    return Ledger(ledger.forge, ledger.project, ledger.docs_path, ledger.through, ledger.cursor,
                  tuple(r for r in ledger.requests if r.number != 3))


def a_new_commit_and_its_request(repo: Repo, shas: dict[str, str], ledger: Ledger) -> Ledger:
    repo.write("docs/a.md", "# Page A\n\nRewritten.\nWith steps.\nAnd a why.\nAnd a when.\n")
    head = repo.commit("Rewrite A (#5)", author=("Bo Berg", "bo@corp.test"), date="2026-11-06T09:00:00Z")
    new = ForgeRequest(5, Account("bo", 12), "2026-11-06T09:00:00Z", "2026-11-06T09:00:00Z", head, None, (),
                       (Review(Account("ana-gh", 11), approved=True),))
    return ledger.merged([new], cursor="2026-11-06T09:00:00Z", through="2026-11-30T13:00:00Z")


def a_new_commit_naming_an_old_request(repo: Repo, shas: dict[str, str], ledger: Ledger) -> Ledger:
    """Request 2 is found by the subject naming it: a newer commit naming it is where it is now."""
    repo.write("docs/b.md", "# Page B\n\nFixed.\nWith steps.\nAnd a why.\nAnd a when.\n")
    repo.commit("Fix B again (#2)", author=("Cy Chen", "cy@corp.test"), date="2026-11-06T09:00:00Z")
    return ledger


def a_login_claimed(repo: Repo, shas: dict[str, str], ledger: Ledger) -> Ledger:  # type: ignore[no-redef]
    repo.write("contributors/dee.yml", "name: Dee Dow\nemails: [dee@corp.test]\ngithub: dee\n")
    repo.commit("Dee's file", author=("Dee Dow", "dee@corp.test"), date="2026-11-06T09:00:00Z")
    return ledger


@pytest.mark.parametrize(("change", "looked"), [
    (adds_a_request, [5]), (changes_a_review, [1]), (removes_a_request, []),
    (a_new_commit_and_its_request, [5]), (a_new_commit_naming_an_old_request, [2]),
    (a_login_claimed, [1, 2, 3, 4])])
def test_after_a_fetch_only_new_and_changed_requests_are_looked_for(  # type: ignore[no-untyped-def]
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change, looked: list[int]) -> None:
    repo, shas = make_repo(tmp_path / "kb")
    write(repo.root / RICH, forge_ledger(shas))
    cache = tmp_path / "cache"
    before = load(Settings(root=repo.root, cache_dir=str(cache), forge_ledger=RICH))
    assert before.reviews is not None and before.reviews.requests == 3
    now = change(repo, shas, forge_ledger(shas))
    write(repo.root / RICH, now)
    index.prime(repo.root / RICH, now, cache)  # as `committed forge fetch` does
    shutil.copytree(cache, tmp_path / "aside")
    assert looked_for(repo, cache, monkeypatch, RICH) == looked
    history, people = read_history(repo.root, "docs", cache_dir=cache), load_contributors(repo.root / "contributors")
    made, source = matched.reviews(repo.root / RICH, RICH, history, people, tmp_path / "aside")  # as looked_for made it
    whole, whole_source = matched.reviews(repo.root / RICH, RICH, history, people, None)  # every request matched
    assert (list(made.trailers.items()), made.digest, source) == (list(whole.trailers.items()), whole.digest, whole_source)
    assert made.digest_without(list(made.trailers)[:1]) == matching.digest_of(made.trailers, list(made.trailers)[:1])
    kept, full = loads(repo, cache, tmp_path, forge_ledger=RICH)
    assert kept.reviews == full.reviews and state(kept) == state(full)
    assert {slug: (kept.scoreboard.score(slug), kept.scoreboard.summary(slug)) for slug in kept.people} == \
        {slug: (full.scoreboard.score(slug), full.scoreboard.summary(slug)) for slug in full.people}
    if change is not a_new_commit_naming_an_old_request:
        assert state(kept) != state(before)
    assert looked_for(repo, cache, monkeypatch, RICH) is None  # kept again for the new inputs


def test_the_site_built_after_a_fetch_is_the_site_built_from_nothing(tmp_path: Path) -> None:
    """A fetch that adds a request, changes a review and removes one: the next build, which
    matches only those, makes the site (profiles, leaderboard, stats.json) a build with no
    cache folder makes, byte for byte."""
    repo, shas = make_repo(tmp_path / "kb")
    write(repo.root / RICH, forge_ledger(shas))
    first = build(repo.root, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    cache = repo.root / ".cache" / "committed"
    assert list(cache.glob("forge-matched-*.kept"))
    fetched = removes_a_request(repo, shas, changes_a_review(repo, shas, adds_a_request(repo, shas, forge_ledger(shas))))
    write(repo.root / RICH, fetched)
    index.prime(repo.root / RICH, fetched, cache)
    again = build(repo.root, tmp_path / "again")
    assert again.returncode == 0, again.stderr
    shutil.rmtree(cache)
    fresh = build(repo.root, tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.stderr
    site = digest(tmp_path / "again")
    assert site == digest(tmp_path / "fresh")
    assert site != digest(tmp_path / "first")
    assert any(path.endswith("stats.json") for path in site)

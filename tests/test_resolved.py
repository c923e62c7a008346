"""People resolved once and kept (resolved.py): a build after new commits learns only those and
resolves only their people, and gets exactly what resolving every commit gets; a change that
makes anyone resolve otherwise resolves everything again.

Each test builds one real repository (contributor files, an unknown author under two addresses, a
bot, reviews, Learned-from, a co-author, a pull-request merge), loads it with a cache folder
(everything resolved, the file written), changes it, then loads it again with that cache and
with an empty one, and compares every commit's participants (in order), every person, every group
of identities with how each identity appeared, the doctor's suspects and the events.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from committed import resolved
from committed.config import Settings
from committed.knowledge import KnowledgeBase, load
from gitrepo import ANA, BO, CY, DEE, EVE, Repo, contact, day, page
from test_checkpoint import LEDGER, review_ledger  # one ledger shape for both kinds of kept file

ROBERT = ("Robert Berg", "robert@old.test")  # Bo, under an address his file does not list
BOT = ("renovate[bot]", "bot@renovateapp.com")


def base(root: Path) -> Repo:
    repo = Repo(root)
    repo.contributor("ana", ANA)
    repo.contributor("bo", BO)
    repo.commit("Add A", author=ANA, date=day(1), files={"docs/a.md": page("A", 8)})
    repo.commit("Add B", author=ROBERT, date=day(2), files={"docs/b.md": page("B", 6)})
    repo.commit("Add C", author=CY, date=day(3), files={"docs/c.md": page("C", 5)},
                trailers=[("Reviewed-by", contact(ANA))])
    repo.commit("Improve A", author=BO, date=day(4), files={"docs/a.md": page("A", 8, "More.\nAnd more.\n")},
                trailers=[("Learned-from", contact(ANA)), ("Co-authored-by", contact(DEE))])
    repo.commit("Bump", author=BOT, date=day(4, 12), files={"docs/c.md": page("C", 6)})
    repo.checkout("topic", new=True)
    repo.commit("Improve C", author=DEE, date=day(5), files={"docs/c.md": page("C", 9)})
    repo.checkout("main")
    repo.merge("topic", "Merge pull request #1 from acme/topic", author=ANA, date=day(6),
               trailers=[("Reviewed-by", contact(EVE))])
    repo.commit("Add D", author=("Cyrus", "cyrus@y.test"), date=day(7), files={"docs/d.md": page("D", 12)},
                trailers=[("Reviewed-by", contact(BO))])
    return repo


def state(kb: KnowledgeBase) -> dict[str, object]:
    """What resolving people makes, as the site and the doctor see it."""
    directory = kb.directory
    return {
        "participants": list(kb.scoreboard.participants.items()),
        "people": directory.people(),
        "shown": kb.people,
        "groups": [(g.identities, g.contributor, g.bot, {i: vars(s) for i, s in g.seen.items()}, g.reasons,
                    directory.slug_of(g)) for g in directory.groups],
        "suspects": [(s.first.identities, s.second.identities, s.reason) for s in directory.suspects()],
        "events": {slug: list(events) for slug, events in kb.scoreboard.events.items()},
    }


def loads(repo: Repo, cache: Path, tmp_path: Path, **options: object) -> tuple[KnowledgeBase, KnowledgeBase]:
    """The knowledge base from ``cache`` (resumed where it can be) and from an empty cache folder."""
    fresh = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    settings = Settings(root=repo.root, cache_dir=str(cache), **options)  # type: ignore[arg-type]
    return load(settings), load(replace(settings, cache_dir=str(fresh)))


def prepared(tmp_path: Path, **options: object) -> tuple[Repo, Path, int]:
    """The base repository, loaded once with a cache folder: everyone resolved, the file kept."""
    repo = base(tmp_path / "kb")
    cache = tmp_path / "cache"
    first = load(Settings(root=repo.root, cache_dir=str(cache), **options))  # type: ignore[arg-type]
    assert first.people_kept == 0 and list(cache.glob("people-*.kept"))
    return repo, cache, len(first.history.commits)


def one_commit(repo: Repo) -> None:
    repo.commit("Improve B", author=ANA, date=day(10), files={"docs/b.md": page("B", 6, "Why.\nHow.\nWhen.\n")},
                trailers=[("Reviewed-by", contact(CY)), ("Learned-from", contact(BO))])


def a_newcomer_and_a_new_co_author(repo: Repo) -> None:
    repo.commit("Add F", author=("Fay Lin", "fay@x.test"), date=day(10), files={"docs/f.md": page("F", 7)},
                trailers=[("Co-authored-by", contact(EVE)), ("Reviewed-by", contact(("Gus", "gus@x.test")))])


def a_new_spelling_that_becomes_the_name_shown(repo: Repo) -> None:
    """Cy writes twice as ``Cy Young``: the name shown on every one of Cy's commits changes, the slug does not."""
    for n in (10, 11):
        repo.commit(f"Improve C {n}", author=("Cy Young", CY[1]), date=day(n), files={"docs/c.md": page("C", n)})


def an_office_in_a_contributor_file(repo: Repo) -> None:
    repo.contributor("bo", BO, office="Lisbon")
    one_commit(repo)


def a_merge_of_a_new_branch(repo: Repo) -> None:
    repo.checkout("later", new=True)
    repo.commit("New page G", author=CY, date=day(10), files={"docs/g.md": page("G", 7)})
    repo.checkout("main")
    repo.commit("Improve D", author=ANA, date=day(11), files={"docs/d.md": page("D", 15)})
    repo.merge("later", "Merge pull request #2 from acme/later", author=BO, date=day(12),
               trailers=[("Reviewed-by", contact(BO)), ("Approved-by", contact(EVE))])


@pytest.mark.parametrize("change", [one_commit, a_newcomer_and_a_new_co_author, a_new_spelling_that_becomes_the_name_shown,
                                    an_office_in_a_contributor_file, a_merge_of_a_new_branch])
def test_new_commits_resolve_only_their_people_and_give_what_resolving_all_gives(
        tmp_path: Path, change: Callable[[Repo], None]) -> None:
    repo, cache, count = prepared(tmp_path)
    change(repo)
    kept, full = loads(repo, cache, tmp_path)
    assert kept.people_kept == count and full.people_kept == 0
    assert state(kept) == state(full)


def test_the_people_shown_on_old_commits_are_as_the_directory_shows_them_now(tmp_path: Path) -> None:
    """Kept as slugs, not as people: a new name shown and a new office reach the oldest commits."""
    repo, cache, count = prepared(tmp_path)
    a_new_spelling_that_becomes_the_name_shown(repo)
    repo.contributor("bo", BO, office="Lisbon")
    kept, _ = loads(repo, cache, tmp_path)
    assert kept.people_kept == count
    oldest = kept.history.commits[-1].sha
    names = {p.slug: p for c in kept.history.commits for who in [kept.scoreboard.participants[c.sha]]
             for p in (*who.authors, *(r for _, r in who.reviewers), *who.teachers)}
    assert names["cy"].name == "Cy Young" and names["bo"].office == "Lisbon"
    assert kept.scoreboard.participants[oldest].authors[0].slug == "ana"


def someone_resolving_otherwise(kind: str) -> Callable[[Repo], None]:
    def change(repo: Repo) -> None:
        if kind == "contributor file":  # Bo's file claims the address Robert wrote from: one person now
            repo.write("contributors/bo.yml", f"name: {BO[0]}\nemails: [{BO[1]}, {ROBERT[1]}]\n")
        elif kind == "bot":  # a contributor file for the bot: its commits are the file's now
            repo.contributor("dependencies", BOT)
        else:  # one new identity with Cy's name and Cyrus's address: Cy and Cyrus are one person now
            repo.commit("Improve D", author=("Cy", "cyrus@y.test"), date=day(10), files={"docs/d.md": page("D", 14)})
        one_commit(repo)
    return change


@pytest.mark.parametrize("kind", ["contributor file", "bot", "a new identity joining two people"])
def test_a_change_in_who_anyone_resolves_to_resolves_everything_again(tmp_path: Path, kind: str) -> None:
    repo, cache, _ = prepared(tmp_path)
    someone_resolving_otherwise(kind)(repo)
    kept, full = loads(repo, cache, tmp_path)
    assert kept.people_kept == 0
    assert state(kept) == state(full)
    again, _ = loads(repo, cache, tmp_path)  # resolving everything wrote the file again
    assert again.people_kept == len(full.history.commits)


def test_forge_reviews_of_old_commits_are_kept_and_a_new_one_resolves_everything_again(tmp_path: Path) -> None:
    repo = base(tmp_path / "kb")
    repo.write("contributors/cy.yml", f"name: {CY[0]}\nemails: [{CY[1]}]\ngithub: cy-gh\n")
    repo.commit("Cy's file", author=CY, date=day(9, 12))
    first_sha = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    old = repo.git("log", "--format=%H", "--grep=^Add C$").strip()
    review_ledger(repo, {first_sha: ("cy-gh",)})
    cache = tmp_path / "cache"
    first = load(Settings(root=repo.root, cache_dir=str(cache), forge_ledger=LEDGER))
    assert first.people_kept == 0 and first.reviews is not None and first.reviews.reviews == 1
    one_commit(repo)
    review_ledger(repo, {first_sha: ("cy-gh",), repo.head(): ("cy-gh", "dee-gh")})  # the new commit's reviews
    kept, full = loads(repo, cache, tmp_path, forge_ledger=LEDGER)
    assert kept.people_kept == len(first.history.commits) and kept.reviews is not None and kept.reviews.reviews == 3
    assert state(kept) == state(full)
    review_ledger(repo, {first_sha: ("cy-gh",), old: ("dee-gh",), repo.head(): ("cy-gh", "dee-gh")})
    changed, full = loads(repo, cache, tmp_path, forge_ledger=LEDGER)  # a review of an old commit: all again
    assert changed.people_kept == 0 and state(changed) == state(full)
    assert state(changed) != state(kept)


def test_a_mailmap_is_another_source_of_people(tmp_path: Path) -> None:
    """The same shas under another .mailmap are other identities: the file kept for them is not used."""
    repo, cache, _ = prepared(tmp_path)
    repo.write(".mailmap", f"{BO[0]} <{BO[1]}> {ROBERT[0]} <{ROBERT[1]}>\n")
    one_commit(repo)
    kept, full = loads(repo, cache, tmp_path)
    assert kept.people_kept == 0 and state(kept) == state(full)
    assert "robert-berg" not in {p.slug for p in kept.directory.people()}


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty", "made by hand"])
def test_a_damaged_file_resolves_everything(tmp_path: Path, damage: str) -> None:
    import marshal
    import zlib

    repo, cache, _ = prepared(tmp_path)
    one_commit(repo)
    (found,) = cache.glob("people-*.kept")
    data = found.read_bytes()
    head, _, body = data.partition(b"\n")
    if damage == "made by hand":  # sound header and checksum, a slug nobody has
        value = list(marshal.loads(body))
        value[7] = tuple((("nobody",), (), (), ()) for _ in value[7])
        spoiled = marshal.dumps(tuple(value))
        fields = head.split(b" ")
        made = b" ".join([*fields[:3], str(len(spoiled)).encode(), str(zlib.crc32(spoiled)).encode()])
        found.write_bytes(made + b"\n" + spoiled)
    else:
        found.write_bytes({"truncated": data[:len(data) // 2], "empty": b"",
                           "flipped": data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
                           "garbage": head + b"\n" + b"\x00" * 50}[damage])
    kept, full = loads(repo, cache, tmp_path)
    assert kept.people_kept == 0 and state(kept) == state(full)


def test_a_build_past_resave_keeps_the_file_the_next_one_goes_on_from(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resolved, "RESAVE", 1)
    repo, cache, count = prepared(tmp_path)
    one_commit(repo)
    first, _ = loads(repo, cache, tmp_path)
    assert first.people_kept == count
    a_newcomer_and_a_new_co_author(repo)
    second, full = loads(repo, cache, tmp_path)
    assert second.people_kept == len(first.history.commits) and state(second) == state(full)


def test_a_copy_of_the_cache_folder_is_used_as_its_own(tmp_path: Path) -> None:
    """A cache restored in CI is a copy: the file names nothing but its contents."""
    repo, cache, count = prepared(tmp_path)
    copy = tmp_path / "restored"
    shutil.copytree(cache, copy)
    one_commit(repo)
    kept, full = loads(repo, copy, tmp_path)
    assert kept.people_kept == count and state(kept) == state(full)


def test_a_history_read_again_checks_the_kept_commits_by_their_digest(tmp_path: Path) -> None:
    """Without the history cache the history's lineage is new: the file's commits are checked by
    the digest of their shas, which holds."""
    repo, cache, count = prepared(tmp_path)
    for stale in [*cache.glob("history-*"), *cache.glob("derived-*")]:
        stale.unlink()
    one_commit(repo)
    kept, full = loads(repo, cache, tmp_path)
    assert kept.people_kept == count and state(kept) == state(full)


def test_an_old_branch_merged_puts_commits_among_the_kept_ones_and_resolves_everything(tmp_path: Path) -> None:
    """A branch started before the kept commits' newest and merged now: the oldest commits are no
    longer the kept ones (the lineage starts again and the digest differs)."""
    repo, cache, _ = prepared(tmp_path)
    repo.checkout("HEAD~3")
    repo.checkout("old-work", new=True)
    repo.commit("Old work on A", author=CY, date=day(4, 18), files={"docs/a.md": page("A", 11)})
    repo.checkout("main")
    repo.merge("old-work", "Merge pull request #3 from acme/old-work", author=ANA, date=day(10))
    kept, full = loads(repo, cache, tmp_path)
    assert kept.people_kept == 0 and state(kept) == state(full)

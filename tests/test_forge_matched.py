"""The ledger's reviews matched to a history, kept (forgeapi/matched.py): a build with the same
ledger, history and people reads them back; any change to one of the three matches again; and
either way the build is what a build with an empty cache folder makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from committed.config import Settings
from committed.forgeapi import matched
from committed.history import read_history
from committed.knowledge import load
from committed.people import load_contributors
from gitrepo import CY, Repo, day
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


def matched_again(repo: Repo, cache: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether ``matched.reviews`` matches (rather than reads what was kept) for this repository now."""
    calls = []
    real = matched.match
    monkeypatch.setattr(matched, "match", lambda *args: calls.append(1) or real(*args))
    history = read_history(repo.root, "docs", cache_dir=cache)
    matched.reviews(repo.root / LEDGER, LEDGER, history, load_contributors(repo.root / "contributors"), cache)
    monkeypatch.setattr(matched, "match", real)
    return bool(calls)


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


@pytest.mark.parametrize("damage", ["truncated", "garbage", "another shape"])
def test_a_damaged_file_matches_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    import marshal
    import zlib

    repo, cache, _ = prepared(tmp_path)
    (found,) = cache.glob("forge-matched-*.kept")
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

"""The review ledger as a file (round trip, errors naming the line) and the login rules."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

import pytest

from committed.config import Settings
from committed.errors import CommittedError
from committed.forgeapi import index as index_module
from committed.forgeapi.index import cache_file, cached, index
from committed.forgeapi.ledger import Account, CommitRef, ForgeRequest, Ledger, Review, dumps, loads, read, write
from committed.forgeapi.matching import noreply_login
from committed.knowledge import load
from gitrepo import Repo

LEDGER = Ledger("gitlab", "acme/kb", "docs/", "2026-11-30T12:00:00Z", "2026-11-29T08:00:00Z", (
    ForgeRequest(7, Account("anna", 21), "2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z", None, None, (),
                 (Review(Account("ben", 22), approved=True), Review(Account("Cat.2", 23), comments=2, words=30))),
    ForgeRequest(3, Account("ben", 22), "2026-11-01T09:00:00Z", "2026-11-01T10:00:00Z", "a" * 40, None, (), ()),
))


def test_round_trip_is_sorted_and_byte_stable(tmp_path: Path) -> None:
    text = dumps(LEDGER)
    assert [line[:40] for line in text.splitlines()[1:]] == [
        '{"author":{"id":22,"login":"ben"},"commi', '{"author":{"id":21,"login":"anna"},"comm']  # by number
    again = loads(text)
    assert dumps(again) == text and again.requests == tuple(sorted(LEDGER.requests, key=lambda r: r.number))
    write(tmp_path / "l.jsonl", LEDGER)
    assert (tmp_path / "l.jsonl").read_text("utf-8") == text and list(tmp_path.iterdir()) == [tmp_path / "l.jsonl"]


@pytest.mark.parametrize(("damage", "line", "message"), [
    (lambda t: t.replace('"version":1', '"version":2'), 1, "has version 2; this Committed reads version 1"),
    (lambda t: "\n".join([*t.splitlines()[:2], "{not json", *t.splitlines()[2:]]), 3, "is not JSON"),
    (lambda t: t.replace('"login":"ben"},"commits"', '"login":"ben@acme.example"},"commits"'), 2, "malformed"),
    (lambda t: t.replace('"merged_at"', '"merged"', 1), 2, "incomplete or malformed ('merged_at')"),
    (lambda t: t.replace('"ledger":"committed-forge-reviews"', '"ledger":"other"'), 1, "not a Committed review ledger"),
])
def test_a_damaged_ledger_names_the_file_and_line(tmp_path: Path, damage, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "reviews.jsonl"
    path.write_text(damage(dumps(LEDGER)), "utf-8")
    with pytest.raises(CommittedError) as info:
        read(path, shown="data/reviews.jsonl")
    assert str(info.value).startswith(f"data/reviews.jsonl:{line}: ") and message in str(info.value)
    assert "committed forge fetch" in str(info.value)  # how to fix it


def test_a_damaged_ledger_stops_the_build_with_its_line(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.commit("Add A", files={"docs/a.md": "# A\n"})
    (tmp_path / "reviews.jsonl").write_text("{}\n", "utf-8")
    with pytest.raises(CommittedError, match=r"^reviews.jsonl:1: this is not a Committed review ledger"):
        load(Settings(root=tmp_path, cache_dir=None, forge_ledger="reviews.jsonl"))
    (tmp_path / "reviews.jsonl").unlink()
    assert load(Settings(root=tmp_path, cache_dir=None, forge_ledger="reviews.jsonl")).reviews is None  # none: as today


def test_noreply_addresses() -> None:
    assert noreply_login("12345+Ana-Lima@users.noreply.github.com") == ("github", "ana-lima")
    assert noreply_login("ana@users.noreply.github.com") == ("github", "ana")
    assert noreply_login("45-bo.berg@users.noreply.gitlab.com") == ("gitlab", "bo.berg")
    assert noreply_login("7-cy@users.noreply.gitlab.example.com") == ("gitlab", "cy")
    assert noreply_login("ana@example.com") is None


def anna_and_cat(tmp_path: Path) -> tuple[Repo, str]:
    """Anna's page A, which Cat improves in a squash commit naming GitLab's !7; Ben's file says gitlab: ben."""
    repo = Repo(tmp_path)
    repo.write("contributors/ben.yml", "name: Ben\nemails: [ben@x.test]\ngitlab: [ben]\n")
    repo.commit("Add A", author=("Anna", "anna@x.test"), files={"docs/a.md": "# A\n\nOne.\n"}, date="2026-11-01T10:00:00Z")
    squash = repo.commit("Explain A better (!7)", author=("Cat", "cat@x.test"),
                         files={"docs/a.md": "# A\n\nOne.\nTwo, with a reason.\nThree.\nFour.\n"}, date="2026-11-02T10:00:00Z")
    return repo, squash


def test_gitlab_references_and_fast_forward_commits_are_matched(tmp_path: Path) -> None:
    repo, squash = anna_and_cat(tmp_path)
    ff = repo.commit("Add B", author=("Cat", "cat@x.test"), files={"docs/b.md": "# B\n\nBe.\n"}, date="2026-11-03T10:00:00Z")
    ledger = Ledger("gitlab", "acme/kb", "docs/", "2026-11-30T12:00:00Z", "2026-11-29T08:00:00Z", (
        ForgeRequest(7, Account("cat", 23), "2026-11-02T10:00:00Z", "2026-11-02T10:00:00Z", None, "f" * 40, (),
                     (Review(Account("ben", 22), approved=True),)),
        ForgeRequest(8, Account("cat", 23), "2026-11-03T10:00:00Z", "2026-11-03T10:00:00Z", None, None,
                     (CommitRef(ff, 0, "x"),),
                     (Review(Account("ben", 22), words=7),)),
    ))
    write(tmp_path / "reviews.jsonl", ledger)
    kb = load(Settings(root=tmp_path, cache_dir=None, forge_ledger="reviews.jsonl"))
    # (the note's first part is the trailer the review counts as; the second review of Cat is worth less)
    assert [(e.sha, e.note.split(";")[0]) for e in kb.scoreboard.events["ben"] if e.kind == "review"] == [
        (squash, "approved-by"), (ff, "reviewed-by")]
    assert kb.reviews is not None and kb.reviews.forge == "GitLab" and kb.reviews.requests == 2


def test_a_build_keeps_the_ledger_index_and_reads_it_while_the_ledger_is_unchanged(tmp_path: Path) -> None:
    repo, squash = anna_and_cat(tmp_path)
    ledger = Ledger("gitlab", "acme/kb", "docs/", "2026-11-30T12:00:00Z", "2026-11-29T08:00:00Z", (
        ForgeRequest(7, Account("cat", 23), "2026-11-02T10:00:00Z", "2026-11-02T10:00:00Z", None, None, (),
                     (Review(Account("ben", 22), approved=True), Review(Account("cat", 23), approved=True),
                      Review(Account("dan", 24), words=2))),))  # a self-review and an "LGTM": not in the index
    path = tmp_path / "reviews.jsonl"
    write(path, ledger)
    settings = Settings(root=tmp_path, cache_dir=".cache/committed", forge_ledger="reviews.jsonl")
    cache = tmp_path / ".cache" / "committed"

    def reviewers() -> list[tuple[str, str]]:
        stamp = path.stat().st_mtime_ns + 1_000_000_000  # the same bytes, a new file to this process
        os.utime(path, ns=(stamp, stamp))
        for matched in cache.glob("forge-matched-*.kept"):  # the reviews matched to this very history (matched.py)
            matched.unlink()  # would spare the build the index: matched again, from the index
        kb = load(settings)
        return sorted((slug, e.sha) for slug, events in kb.scoreboard.events.items() for e in events if e.kind == "review")

    assert reviewers() == [("ben", squash)]
    kept = cached(path, cache)
    assert kept == index(read(path)) and kept is not None
    assert kept.requests[0].reviews == (("approved-by", "ben", 22),)
    # While the ledger's bytes are the same, the build reads the index, not the ledger: an index
    # kept for these bytes that names someone else is what the build believes.
    file = cache_file(path, cache)
    other = replace(kept, requests=(kept.requests[0]._replace(reviews=(("reviewed-by", "dan", 24),)),))
    index_module._save(file, hashlib.sha1(path.read_bytes()).hexdigest(), other)
    assert reviewers() == [("dan", squash)]
    # The ledger changed: its index is made again from it.
    write(path, replace(ledger, through="2026-12-01T00:00:00Z"))
    assert reviewers() == [("ben", squash)] and cached(path, cache) == index(read(path))
    # An index file that is damaged, or from another format, is ignored and written again.
    for damaged in (b"garbage", file.read_bytes().replace(b"index 1 ", b"index 9 "), file.read_bytes()[:-3]):
        file.write_bytes(damaged)
        assert reviewers() == [("ben", squash)] and cached(path, cache) == index(read(path))
    # A damaged ledger still stops the build with its line, whatever index was kept before.
    path.write_text(path.read_text("utf-8").replace('"merged_at"', '"merged"'), "utf-8")
    with pytest.raises(CommittedError, match=r"^reviews.jsonl:2: this request in the review ledger is incomplete"):
        load(settings)

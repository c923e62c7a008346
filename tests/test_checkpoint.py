"""The scoring checkpoint: a build after new commits resumes the walks of the previous one, and
gets exactly what scoring everything again gets; anything that changes older commits' scores
falls back to scoring everything.

Each test builds one real repository (people, pages, reviews, Learned-from, a co-author, a
pull-request merge, a revert), loads it with a cache folder (a full walk, which writes the
checkpoint), changes it, then loads it again with that cache (resumed, or not) and with an empty
cache folder (a full walk), and compares every event, every score of every window, every
person's activity and every page's credits.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from committed import checkpoint
from committed.config import Settings
from committed.forgeapi.ledger import Account, ForgeRequest, Ledger, Review, write
from committed.knowledge import KnowledgeBase, forget, load
from committed.publication import Publication
from committed.render.credits import credits_block
from committed.scoring import ScoringConfig, Weights, score_events
from gitrepo import ANA, BO, CY, DEE, EVE, Repo, contact, day, page

ROBERT = ("Robert Berg", "robert@old.test")  # Bo, under the address he used before
LEDGER = "data/reviews.jsonl"


def base(root: Path) -> tuple[Repo, dict[str, str]]:
    repo = Repo(root)
    repo.contributor("ana", ANA)
    repo.contributor("bo", BO)
    shas: dict[str, str] = {}
    shas["a"] = repo.commit("Add A", author=ANA, date=day(1), files={"docs/a.md": page("A", 8)})
    shas["b"] = repo.commit("Add B", author=ROBERT, date=day(2), files={"docs/b.md": page("B", 6)})
    shas["c"] = repo.commit("Add C", author=CY, date=day(3), files={"docs/c.md": page("C", 5)},
                            trailers=[("Reviewed-by", contact(ANA))])
    shas["a2"] = repo.commit("Improve A", author=BO, date=day(4), files={"docs/a.md": page("A", 8, "More.\nAnd more.\nAnd why.\n")},
                             trailers=[("Learned-from", contact(ANA)), ("Co-authored-by", contact(DEE))])
    repo.checkout("topic", new=True)
    shas["t1"] = repo.commit("Improve C", author=DEE, date=day(5), files={"docs/c.md": page("C", 9)})
    repo.checkout("main")
    shas["m1"] = repo.merge("topic", "Merge pull request #1 from acme/topic", author=ANA, date=day(6),
                            trailers=[("Reviewed-by", contact(EVE))])
    shas["x"] = repo.commit("Try X", author=EVE, date=day(7), files={"docs/b.md": page("B", 9)})
    shas["x-revert"] = repo.revert(shas["x"], author=EVE, date=day(8))
    shas["d"] = repo.commit("Add D", author=EVE, date=day(9), files={"docs/d/e.md": page("E", 12)},
                            trailers=[("Reviewed-by", contact(BO))])
    shas["old"] = repo.head()
    return repo, shas


def snapshot(kb: KnowledgeBase) -> dict[str, object]:
    """Everything the site shows that scoring and the activity walk make."""
    board = kb.scoreboard
    slugs = sorted(set(board.events) | set(kb.activity) | set(kb.people))
    for slug in slugs:  # scores from each person's totals are the sums of their events
        for w in kb.windows():
            start = w.start(kb.now) if kb.now else None
            assert board.window_score(slug, w) == score_events(board.events.get(slug, ()), board.config, start)
    return {
        "events": {slug: list(evs) for slug, evs in board.events.items()},
        "scores": {(slug, w.key): board.window_score(slug, w) for slug in slugs for w in kb.windows()},
        "summaries": {slug: board.summary(slug) for slug in slugs},
        "activity": kb.activity,
        "pages": kb.pages,
        "credits": {path: credits_block(kb, path) for path in sorted(kb.pages)},
        "creators": board.creators,
        "branch_authors": board.branch_authors,
        "people": kb.people,
        "now": kb.now,
    }


def loads(repo: Repo, cache: Path, tmp_path: Path, **options: object) -> tuple[KnowledgeBase, KnowledgeBase]:
    """The knowledge base from ``cache`` (resumed where it can be) and from an empty cache folder."""
    fresh = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    settings = Settings(root=repo.root, cache_dir=str(cache), **options)  # type: ignore[arg-type]
    return load(settings), load(replace(settings, cache_dir=str(fresh)))


def prepared(tmp_path: Path, **options: object) -> tuple[Repo, dict[str, str], Path]:
    """The base repository, loaded once with a cache folder: a full walk, which keeps a checkpoint."""
    repo, shas = base(tmp_path / "kb")
    cache = tmp_path / "cache"
    first = load(Settings(root=repo.root, cache_dir=str(cache), **options))  # type: ignore[arg-type]
    assert first.resumed == 0 and list(cache.glob("scoring-*.checkpoint"))
    shas["count"] = str(len(first.history.commits))
    return repo, shas, cache


def one_commit(repo: Repo, shas: dict[str, str]) -> None:
    repo.commit("Improve B", author=ANA, date=day(10), files={"docs/b.md": page("B", 6, "Why.\nHow.\nWhen.\n")},
                trailers=[("Reviewed-by", contact(CY)), ("Learned-from", contact(BO))])


def a_merge_made_after_the_head(repo: Repo, shas: dict[str, str]) -> None:
    repo.checkout("later", new=True)
    repo.commit("New page F", author=CY, date=day(10), files={"docs/f.md": page("F", 7)})
    repo.commit("Improve A on the branch", author=CY, date=day(11), files={"docs/a.md": page("A", 12)})
    repo.checkout("main")
    repo.commit("Improve E", author=ANA, date=day(11, 12), files={"docs/d/e.md": page("E", 15)})
    repo.merge("later", "Merge pull request #2 from acme/later", author=BO, date=day(12),
               trailers=[("Reviewed-by", contact(BO)), ("Approved-by", contact(EVE))])
    repo.commit("Improve C again", author=BO, date=day(13), files={"docs/c.md": page("C", 14)})


def a_new_day_moves_every_window(repo: Repo, shas: dict[str, str]) -> None:
    repo.commit("Much later", author=DEE, date=day(200), files={"docs/a.md": page("A", 20)})


def a_build_after_a_commit_outside_the_docs(repo: Repo, shas: dict[str, str]) -> None:
    """HEAD moves but the docs' history does not (its lineage names the same commits twice)."""
    repo.commit("Tooling", author=CY, date=day(9, 18), files={"tools/check.sh": "true\n"})
    load(Settings(root=repo.root, cache_dir=str(repo.root.parent / "cache")))
    one_commit(repo, shas)


@pytest.mark.parametrize("change", [one_commit, a_merge_made_after_the_head, a_new_day_moves_every_window,
                                    a_build_after_a_commit_outside_the_docs])
def test_new_commits_resume_the_walks_and_give_what_a_full_walk_gives(
        tmp_path: Path, change: Callable[[Repo, dict[str, str]], None]) -> None:
    repo, shas, cache = prepared(tmp_path)
    change(repo, shas)
    resumed, full = loads(repo, cache, tmp_path)
    assert resumed.resumed == int(shas["count"]) and full.resumed == 0  # the checkpoint's commits
    assert resumed.checkpoint_read == 0  # the history's lineage and the people file said it holds
    assert snapshot(resumed) == snapshot(full)
    assert resumed.scoreboard.events != {}


def test_builds_after_the_checkpoint_keep_its_lineage(tmp_path: Path) -> None:
    """Each build extends the history's lineage: the checkpoint of three builds ago is trusted
    without reading its commits again, and gives what a full walk gives."""
    repo, shas, cache = prepared(tmp_path)
    for change in (one_commit, a_merge_made_after_the_head, a_new_day_moves_every_window):
        change(repo, shas)
        resumed, full = loads(repo, cache, tmp_path)
        assert resumed.resumed == int(shas["count"]) and resumed.checkpoint_read == 0
        assert snapshot(resumed) == snapshot(full)


def test_a_history_read_again_checks_the_checkpoint_by_its_digests(tmp_path: Path) -> None:
    """Without the history cache the lineage is new (a whole read): the checkpoint is checked
    commit by commit, holds, and resumes."""
    repo, shas, cache = prepared(tmp_path)
    for stale in [*cache.glob("history-*"), *cache.glob("derived-*")]:
        stale.unlink()
    one_commit(repo, shas)
    resumed, full = loads(repo, cache, tmp_path)
    assert resumed.resumed == resumed.checkpoint_read == int(shas["count"])
    assert snapshot(resumed) == snapshot(full)


def test_a_resumed_walk_decodes_the_limits_of_the_people_its_commits_name_only(tmp_path: Path) -> None:
    repo, shas, cache = prepared(tmp_path)
    one_commit(repo, shas)  # by Ana, reviewed by Cy, learned from Bo
    resumed, full = loads(repo, cache, tmp_path)
    assert resumed.resumed and snapshot(resumed) == snapshot(full)
    assert resumed.scoreboard.walk is not None
    ledger = resumed.scoreboard.walk.ledger
    assert [slug for slug in ("ana", "bo", "cy", "dee", "eve") if ledger.kept(slug)] == ["dee", "eve"]


def test_the_window_moving_changes_scores_and_the_resumed_walk_follows(tmp_path: Path) -> None:
    repo, shas, cache = prepared(tmp_path)
    before = load(Settings(root=repo.root, cache_dir=str(cache)))
    a_new_day_moves_every_window(repo, shas)
    after, full = loads(repo, cache, tmp_path)
    window = after.windows()[0]
    assert after.resumed and before.scoreboard.window_score("eve", window).total > 0
    assert after.scoreboard.window_score("eve", window).total == 0  # day 9 is out of the last 90 days
    assert snapshot(after) == snapshot(full)


def a_merge_of_an_old_branch(repo: Repo, shas: dict[str, str]) -> None:
    repo.checkout(shas["a2"])
    repo.checkout("old-work", new=True)
    repo.commit("Old work on A", author=CY, date=day(5, 9), files={"docs/a.md": page("A", 11)})
    repo.checkout("main")
    repo.merge("old-work", "Merge pull request #3 from acme/old-work", author=ANA, date=day(10),
               trailers=[("Reviewed-by", contact(BO))])


def a_revert_of_an_old_commit(repo: Repo, shas: dict[str, str]) -> None:
    repo.revert(shas["a2"], author=ANA, date=day(10))


def a_contributor_file_merging_two_people(repo: Repo, shas: dict[str, str]) -> None:
    repo.write("contributors/bo.yml", f"name: {BO[0]}\nemails: [{BO[1]}, {ROBERT[1]}]\n")
    one_commit(repo, shas)


def a_page_renamed(repo: Repo, shas: dict[str, str]) -> None:
    repo.mv("docs/c.md", "docs/see.md")
    repo.commit("Rename C", author=BO, date=day(10))


def a_page_renamed_and_a_new_one_in_its_place(repo: Repo, shas: dict[str, str]) -> None:
    """The site still describes a page at the old path: only the rename re-files the old edits."""
    a_page_renamed(repo, shas)
    repo.commit("A new C", author=CY, date=day(11), files={"docs/c.md": page("New C", 4)})


def a_page_deleted_and_added_again(repo: Repo, shas: dict[str, str]) -> None:
    repo.rm("docs/c.md")
    repo.commit("Remove C", author=BO, date=day(10))
    repo.commit("C again", author=CY, date=day(11), files={"docs/c.md": page("C", 3)})


def an_old_commit_ignored(repo: Repo, shas: dict[str, str]) -> None:
    repo.write(".git-blame-ignore-revs", f"{shas['a2']}  # a reformat\n")
    one_commit(repo, shas)


def a_page_gone_from_the_working_tree(repo: Repo, shas: dict[str, str]) -> None:
    one_commit(repo, shas)
    (repo.root / "docs/c.md").unlink()  # not committed: the site no longer describes it


@pytest.mark.parametrize("change", [a_merge_of_an_old_branch, a_revert_of_an_old_commit,
                                    a_contributor_file_merging_two_people, a_page_renamed,
                                    a_page_renamed_and_a_new_one_in_its_place, a_page_deleted_and_added_again,
                                    an_old_commit_ignored, a_page_gone_from_the_working_tree])
def test_a_change_to_older_commits_scores_everything_again(
        tmp_path: Path, change: Callable[[Repo, dict[str, str]], None]) -> None:
    repo, shas, cache = prepared(tmp_path)
    change(repo, shas)
    resumed, full = loads(repo, cache, tmp_path)
    assert resumed.resumed == 0
    assert snapshot(resumed) == snapshot(full)
    again, _ = loads(repo, cache, tmp_path)  # the full walk wrote a new checkpoint
    assert again.resumed == len(full.history.commits)


@pytest.mark.parametrize("options", [
    {"publication": Publication(exclude=("c.md",))},
    {"scoring": ScoringConfig(Weights(improve=6.0))},
    {"scoring": ScoringConfig(window_days=30)},
], ids=["a page out of publication", "a weight", "the window"])
def test_other_options_score_everything_again(tmp_path: Path, options: dict[str, object]) -> None:
    repo, shas, cache = prepared(tmp_path)
    one_commit(repo, shas)
    resumed, full = loads(repo, cache, tmp_path, **options)
    assert resumed.resumed == 0
    assert snapshot(resumed) == snapshot(full)


def review_ledger(repo: Repo, reviews: dict[str, tuple[str, ...]]) -> None:
    """A GitHub review ledger: for each sha, an approval by each login."""
    requests = tuple(ForgeRequest(i + 1, Account("someone", 99), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
                                  sha, None, (), tuple(Review(Account(login, 100 + k), approved=True)
                                                       for k, login in enumerate(logins)))
                     for i, (sha, logins) in enumerate(sorted(reviews.items())))
    write(repo.root / LEDGER,
          Ledger("github", "acme/kb", "docs/", "2026-11-30T00:00:00Z", "2026-11-30T00:00:00Z", requests))


def test_a_forge_ledger_resumes_while_older_commits_keep_their_reviews(tmp_path: Path) -> None:
    repo, shas = base(tmp_path / "kb")
    repo.write("contributors/cy.yml", f"name: {CY[0]}\nemails: [{CY[1]}]\ngithub: cy-gh\n")
    repo.commit("Cy's file", author=CY, date=day(9, 12))
    review_ledger(repo, {shas["a2"]: ("cy-gh",)})
    cache = tmp_path / "cache"
    first = load(Settings(root=repo.root, cache_dir=str(cache), forge_ledger=LEDGER))
    assert first.resumed == 0 and first.reviews is not None and first.reviews.reviews == 1
    one_commit(repo, shas)
    review_ledger(repo, {shas["a2"]: ("cy-gh",), repo.head(): ("cy-gh", "dee-gh")})  # the new commit's reviews
    resumed, full = loads(repo, cache, tmp_path, forge_ledger=LEDGER)
    assert resumed.resumed and resumed.reviews is not None and resumed.reviews.reviews == 3
    assert snapshot(resumed) == snapshot(full)
    review_ledger(repo, {shas["a2"]: ("cy-gh",), shas["c"]: ("dee-gh",), repo.head(): ("cy-gh", "dee-gh")})
    changed, full = loads(repo, cache, tmp_path, forge_ledger=LEDGER)  # a review of an old commit: all again
    assert changed.resumed == 0 and snapshot(changed) == snapshot(full)
    assert snapshot(changed) != snapshot(resumed)


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty"])
def test_a_damaged_checkpoint_is_a_full_walk(tmp_path: Path, damage: str) -> None:
    repo, shas, cache = prepared(tmp_path)
    one_commit(repo, shas)
    (found,) = cache.glob("scoring-*.checkpoint")
    data = found.read_bytes()
    found.write_bytes({"truncated": data[:len(data) // 2], "empty": b"",
                       "flipped": data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
                       "garbage": data.split(b"\n", 1)[0] + b"\n" + b"\x00" * 50}[damage])
    resumed, full = loads(repo, cache, tmp_path)
    assert resumed.resumed == 0 and snapshot(resumed) == snapshot(full)


def test_a_checkpoint_of_another_cache_folder_is_used_as_its_own(tmp_path: Path) -> None:
    """A cache restored in CI is a copy: the checkpoint names nothing but its contents."""
    repo, shas, cache = prepared(tmp_path)
    copy = tmp_path / "restored"
    shutil.copytree(cache, copy)
    one_commit(repo, shas)
    resumed, full = loads(repo, copy, tmp_path)
    assert resumed.resumed and snapshot(resumed) == snapshot(full)


def test_a_new_process_resumes_the_checkpoint_a_cold_build_kept(tmp_path: Path) -> None:
    """The checkpoint is written by a build that read the history cold and read back by a build in
    another process, from the history cache: the same values, made of other objects (a cold read
    makes a trailer key per commit, the cache one per reviewer), so the checkpoint's digests must
    hold values, not how they are shared."""
    repo, _ = base(tmp_path / "kb")
    repo.commit("Improve E", author=CY, date=day(9, 12), files={"docs/d/e.md": page("E", 14)},
                trailers=[("Reviewed-by", contact(ANA))])  # Ana's second review
    cache = tmp_path / "cache"
    first = load(Settings(root=repo.root, cache_dir=str(cache)))
    one_commit(repo, {})
    code = ("import sys; from pathlib import Path; from committed.config import Settings; "
            "from committed.knowledge import load; print(load(Settings(root=Path(sys.argv[1]), cache_dir=sys.argv[2])).resumed)")
    out = subprocess.run([sys.executable, "-c", code, str(repo.root), str(cache)], capture_output=True, text=True,
                         check=False, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == len(first.history.commits)


def test_a_resumed_build_keeps_a_checkpoint_that_the_next_one_resumes(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``RESAVE`` new commits a resumed build writes its walks back (the people it never
    decoded as they were read), and the build after it resumes from there."""
    monkeypatch.setattr(checkpoint, "RESAVE", 1)
    repo, shas, cache = prepared(tmp_path)
    one_commit(repo, shas)
    first, _ = loads(repo, cache, tmp_path)
    assert first.resumed == int(shas["count"]) and "checkpoint" in first.timings
    a_new_day_moves_every_window(repo, shas)
    second, full = loads(repo, cache, tmp_path)
    assert second.resumed == len(first.history.commits)
    assert snapshot(second) == snapshot(full)


def _rewrite(path: Path, blob: Callable[[bytes], bytes]) -> int:
    """Write the checkpoint at ``path`` again with every person's blob replaced by ``blob(it)``, its
    checksums made to hold (a file made by hand); how many tables of blobs were found."""
    from committed import blobfile

    header = path.read_bytes()[:blobfile.HEADER].split()
    found = blobfile.read(path, int(header[1]), header[2].decode(), header[0])
    assert found is not None
    skeleton, region = found
    out = blobfile.Writer(path, int(header[1]), header[2].decode(), header[0])
    tables = []

    def spoil(value: object) -> object:
        if isinstance(value, dict) and value and all(isinstance(v, tuple) and len(v) == 3 for v in value.values()):
            tables.append(len(value))
            return out.table((k, blob(region.read(*where))) for k, where in value.items())
        if isinstance(value, tuple | list):
            return type(value)(spoil(v) for v in value)
        return value

    out.finish(spoil(skeleton))
    region.close()
    return len(tables)


def _decode_everyone(root: Path, cache: Path) -> None:
    kb = load(Settings(root=root, cache_dir=str(cache)))
    for slug in kb.people:
        list(kb.scoreboard.events.get(slug, ()))
        kb.activity.get(slug)


def test_a_checkpoint_made_by_hand_stops_with_a_clear_error(tmp_path: Path) -> None:
    """A checkpoint whose checksums and key hold but whose people's records are not ones Committed
    wrote (made by hand: damage on the way fails a checksum) is a clear error naming the file to
    delete, never a traceback from deep inside a page."""
    import marshal

    from committed.errors import CommittedError

    repo, shas, cache = prepared(tmp_path)
    one_commit(repo, shas)
    path = next(cache.glob("scoring-*.checkpoint"))
    assert _rewrite(path, lambda _: marshal.dumps(("not", "a", "record"))) == 4  # events, totals, limits, activity
    with pytest.raises(CommittedError, match="scoring checkpoint") as info:
        _decode_everyone(repo.root, cache)
    assert "scoring-*.checkpoint" in str(info.value.hint)


def test_a_damaged_blob_is_found_when_it_is_read(tmp_path: Path) -> None:
    """A blob is read, and checked, only when its person is decoded: damage inside one (the header
    and skeleton still sound) is the same clear error, never a wrong record or a traceback."""
    from committed.errors import CommittedError

    repo, shas, cache = prepared(tmp_path)
    one_commit(repo, shas)
    path = next(cache.glob("scoring-*.checkpoint"))
    data = bytearray(path.read_bytes())
    from committed import blobfile

    region = int(bytes(data[:blobfile.HEADER]).split()[3])
    for at in range(blobfile.HEADER, blobfile.HEADER + region, 97):  # a flipped bit every 97 bytes
        data[at] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(CommittedError, match="damaged or not one Committed wrote"):
        _decode_everyone(repo.root, cache)


def _spoil_dees_events(path: Path, her_sha: str) -> None:
    """Change one character of a sha in Dee's events blob, so that it still decodes (to a wrong
    record) and only its checksum tells."""
    from committed import blobfile

    data = bytearray(path.read_bytes())
    header = bytes(data[:blobfile.HEADER]).split()
    assert len(data) == blobfile.HEADER + int(header[3]) + int(header[4])
    found = blobfile.read(path, int(header[1]), header[2].decode(), header[0])
    assert found is not None
    skeleton, region = found
    region.close()
    events = skeleton[2][0][0][0]  # walks, the scoring walk, the ledger, its events
    offset, length, _ = events["dee"]
    blob = bytes(data[blobfile.HEADER + offset:blobfile.HEADER + offset + length])
    at = blob.index(her_sha.encode())
    data[blobfile.HEADER + offset + at] = ord("0" if blob[at] != ord("0") else "1")
    path.write_bytes(bytes(data))


def test_the_checkpoints_blobs_are_read_only_for_the_people_a_build_decodes(tmp_path: Path) -> None:
    """A resumed build reads the blobs of the people it decodes, not the whole file: with Dee's
    events spoiled (the one commit since names Ana, Cy and Bo), the build still resumes and scores
    Dee from her totals; only asking for her events reads, and refuses, the spoiled blob."""
    from committed.errors import CommittedError

    repo, shas, cache = prepared(tmp_path)
    one_commit(repo, shas)
    _spoil_dees_events(next(cache.glob("scoring-*.checkpoint")), shas["t1"])
    kb = load(Settings(root=repo.root, cache_dir=str(cache)))
    assert kb.resumed == int(shas["count"])
    full = load(Settings(root=repo.root, cache_dir=str(tmp_path / "fresh")))
    scores = [kb.scoreboard.window_score("dee", w) for w in kb.windows()]
    assert scores == [full.scoreboard.window_score("dee", w) for w in full.windows()] and any(scores)
    with pytest.raises(CommittedError, match="'dee'"):
        list(kb.scoreboard.events["dee"])
    assert not list(cache.glob("scoring-*.checkpoint"))  # gone with the error: the next build walks all
    forget()
    again, full = loads(repo, cache, tmp_path)
    assert again.resumed == 0 and snapshot(again) == snapshot(full)


def test_a_damaged_blob_copied_unread_drops_the_checkpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A resumed build that writes its walks back copies the blobs it never decoded from the last
    file: one that fails its checksum there is not copied into the next checkpoint. The file goes,
    the build still finishes, and the next one walks everything again."""
    monkeypatch.setattr(checkpoint, "RESAVE", 1)
    repo, shas, cache = prepared(tmp_path)
    one_commit(repo, shas)
    _spoil_dees_events(next(cache.glob("scoring-*.checkpoint")), shas["t1"])
    resumed = load(Settings(root=repo.root, cache_dir=str(cache)))
    assert resumed.resumed and "checkpoint" in resumed.timings
    assert not list(cache.glob("scoring-*.checkpoint"))
    forget()  # the next build as in a new process, not the last knowledge base again
    again, full = loads(repo, cache, tmp_path)
    assert again.resumed == 0 and snapshot(again) == snapshot(full)


@pytest.mark.parametrize("count", [0, 1, 3, 4, 5, 9])
def test_the_basis_digests_its_parts_a_batch_at_a_time_as_one_text(count: int) -> None:
    """``checkpoint._feed`` (the basis of a company's history, tens of MB joined, is digested a
    batch of parts at a time) gives the digest of the whole text joined, across batch edges."""
    import hashlib

    from committed.checkpoint import _feed

    parts = [f"part {n} \u00e9" for n in range(count)]
    for sep in ("\n", "\0", ""):
        assert _feed(hashlib.sha1(), sep, iter(parts), batch=4).hexdigest() == \
            hashlib.sha1(sep.join(parts).encode()).hexdigest()

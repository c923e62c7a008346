"""``committed.site``: the fingerprint of a build's inputs, the checks before it, the kept outputs."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from committed import kept, outwrite
from committed.config import Settings
from committed.errors import CommittedError, ShallowCloneError
from committed.site import DEFERRED, LeaderboardOptions, Request, check, fingerprint, make, save, saved
from gitrepo import ANA, Repo

BO = ("Bo Berg", "bo@x.test")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kb")
    repo.write("contributors/ana.yml", "name: Ana\nemails: [ana@x.test]\navatar: avatars/ana.svg\n")
    repo.write("contributors/avatars/ana.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    repo.write("docs/index.md", "---\ntitle: Home\n---\nHi.\n")
    repo.write("docs/guide.md", "---\ntitle: Guide\n---\nOne.\n")
    repo.commit("Start", author=ANA, date="2026-03-01T10:00:00Z")
    repo.write("docs/guide.md", "---\ntitle: Guide\n---\nOne.\nTwo.\n")
    repo.commit("Improve", author=BO, date="2026-03-02T10:00:00Z")
    return repo


def request(repo: Repo, **settings: object) -> Request:
    return Request(Settings(root=repo.root, custom_dir=str(repo.root / "overrides"), **settings),  # type: ignore[arg-type]
                   ("guide.md", "index.md"), leaderboard=LeaderboardOptions())


def test_the_fingerprint_changes_with_every_input_and_only_then(repo: Repo) -> None:
    def touch(path: str, text: str) -> None:
        repo.write(path, text)

    seen = {fingerprint(request(repo))}
    assert fingerprint(request(repo)) in seen  # nothing changed
    changes = [
        lambda: touch("docs/guide.md", "---\ntitle: Guide\n---\nOne.\nTwo.\nThree (not committed).\n"),
        lambda: touch("contributors/ana.yml", "name: Ana Lima\nemails: [ana@x.test]\navatar: avatars/ana.svg\n"),
        lambda: touch("contributors/avatars/ana.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="2"/>'),
        lambda: touch("overrides/committed/credits.html.j2", "<aside>{{ taught }}</aside>\n"),
        lambda: touch(".mailmap", "Ana <ana@x.test> <ana@old.test>\n"),
        lambda: touch(".git-blame-ignore-revs", "# none yet\n"),
        lambda: repo.commit("Another", author=BO, date="2026-03-03T10:00:00Z", allow_empty=True),
    ]
    for change in changes:
        change()
        now = fingerprint(request(repo))
        assert now not in seen
        seen.add(now)
    assert fingerprint(request(repo, repo_url="https://git.example.com/kb")) not in seen  # an option


def test_fingerprint_stops_a_shallow_clone_and_check_stops_unreadable_input(repo: Repo, tmp_path: Path) -> None:
    shallow = Repo(tmp_path / "shallow", init=False)
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow.root))
    with pytest.raises(ShallowCloneError, match="shallow clone"):
        fingerprint(request(shallow))
    fingerprint(request(shallow, allow_shallow=True))

    repo.write("docs/index.md", "# Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CommittedError, match=r"docs/index.md: line 1 is not valid UTF-8 \(byte 0xe9\)"):
        check(request(repo))
    repo.write("docs/index.md", "# Home\n")
    repo.write("contributors/ana.yml", "name: Ana\nofice: Lisbon\n")
    with pytest.raises(CommittedError, match="contributors/ana.yml:2: unknown field `ofice`"):
        check(request(repo))


def test_the_profiles_contributor_files_give_are_kept_under_the_builds_fingerprint(repo: Repo) -> None:
    """A build of the same inputs (the fingerprint stamps every contributor file) takes the
    profiles the last one found without stamping the files again; other inputs check them."""
    from committed.site import known_profiles

    settings = request(repo, cache_dir=str(repo.root / ".cache")).settings
    fp = fingerprint(request(repo, cache_dir=str(repo.root / ".cache")))
    assert known_profiles(settings, fp) == ["ana"]
    repo.write("contributors/ana.yml", "name: Ana\nofice: Lisbon\n")  # broken, but not these inputs
    assert known_profiles(settings, fp) == ["ana"]
    with pytest.raises(CommittedError, match="unknown field `ofice`"):
        known_profiles(settings, fingerprint(request(repo, cache_dir=str(repo.root / ".cache"))))


def test_kept_outputs_come_back_equal_under_their_fingerprint_only(repo: Repo, tmp_path: Path) -> None:
    req = request(repo)
    made = make(req)
    assert made.profiles and made.credits["guide.md"] and made.exports and made.avatars
    cache = tmp_path / "cache"
    save(cache, "f" * 40, made)
    kept = saved(cache, "f" * 40)
    assert kept is not None
    assert replace(kept, timings={}) == replace(made, timings={})
    assert saved(cache, "e" * 40) is None  # other inputs
    (cache / "outputs.json").write_text('"' + "f" * 40 + '"\n{"pages": ', "utf-8")
    assert saved(cache, "f" * 40) is None  # damaged
    assert saved(None, "f" * 40) is None  # no cache


def test_the_kept_outputs_file_is_written_in_parts_as_one_json_text(tmp_path: Path) -> None:
    """``kept.write`` writes a dict's items one at a time (never the whole text as one string):
    the file is byte for byte ``json.dumps``'s text, whatever the nesting, keys or characters."""
    data = {"pages": {"a.md": "≥ × ễ \u2028 \"q\"\n", "b.md": ""}, "none": {}, "list": [1, {"x": 2.5}],
            "numbers": {1: "int key", "2": None}, "deep": {"a": {"b": {"c": "é"}}}, "home": "Å"}
    kept.write(tmp_path, "outputs.json", "f" * 40, data)
    text = (tmp_path / "outputs.json").read_text("utf-8")
    assert text == json.dumps("f" * 40) + "\n" + json.dumps(data, ensure_ascii=False)
    assert kept.read(tmp_path, "outputs.json", "f" * 40) == json.loads(json.dumps(data))


def test_outputs_written_to_the_pack_as_they_are_made_are_the_same_outputs(repo: Repo, tmp_path: Path) -> None:
    req = request(repo)
    plain = make(req)
    cache = tmp_path / "cache"
    writer = outwrite.Writer.open(cache, "f" * 40)
    assert writer is not None
    made = make(req, writer)
    assert replace(made, timings={}) == replace(plain, timings={})  # read back from the file being written
    assert save(cache, "f" * 40, made, writer)
    kept_back = saved(cache, "f" * 40)
    assert kept_back is not None and replace(kept_back, timings={}) == replace(plain, timings={})
    assert [p.name for p in cache.iterdir() if p.suffix == ".tmp"] == []


def test_the_pack_is_read_whole_once_per_file_and_a_changed_file_again(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pack's CRC-32 is checked when the file is not the one last written or checked (its
    stat kept in ``outpack.CHECKED``): a pack damaged in place, even with its mtime put back, or
    copied in from elsewhere, is read whole and found out; the same file again is not read whole."""
    import os
    import shutil
    import zlib

    from committed import outpack

    made = make(request(repo))
    cache = tmp_path / "cache"
    assert save(cache, "f" * 40, made)
    pack = next(cache.glob(outpack.PACKS))
    counted: list[int] = []
    crc32 = zlib.crc32

    def counting(data: bytes, value: int = 0) -> int:
        counted.append(len(data))
        return crc32(data, value)

    monkeypatch.setattr(zlib, "crc32", counting)
    assert saved(cache, "f" * 40) is not None
    assert pack.stat().st_size > 0 and sum(counted) < pack.stat().st_size  # written here: not read whole

    counted.clear()
    copy = tmp_path / "elsewhere"
    shutil.copytree(cache, copy)  # a cache restored from CI: the same bytes, another file
    assert saved(copy, "f" * 40) is not None and sum(counted) >= pack.stat().st_size
    counted.clear()
    assert saved(copy, "f" * 40) is not None and sum(counted) < pack.stat().st_size  # checked once

    before = pack.stat()
    data = bytearray(pack.read_bytes())
    data[-2] ^= 0x20
    pack.write_bytes(bytes(data))
    os.utime(pack, ns=(before.st_atime_ns, before.st_mtime_ns))  # only its inode change time tells
    assert saved(cache, "f" * 40) is None  # damaged: a miss, made again


FULL_DISK = """
import pickle, resource, signal, sys
from committed import outwrite
from committed.site import make, save
req, cache, limit = pickle.loads(bytes.fromhex(sys.argv[1]))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
writer = outwrite.Writer.open(cache, "f" * 40)
made = make(req, writer)
kept = save(cache, "f" * 40, made, writer)
sys.stdout.buffer.write(pickle.dumps((kept, made)))
"""


def test_a_pack_that_cannot_be_written_keeps_nothing_and_loses_nothing(repo: Repo, tmp_path: Path) -> None:
    """The disk fills up while the pieces are written: the rest is held in memory, nothing is kept
    (no index points to a short pack), and the outputs are whole."""
    import pickle
    import subprocess
    import sys

    req = request(repo)
    plain = make(req)
    cache = tmp_path / "cache"
    arg = pickle.dumps((req, cache, 2000)).hex()  # the credits fit, the profiles do not
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, arg], capture_output=True, check=True)
    kept_it, made = pickle.loads(proc.stdout)
    assert kept_it is False
    assert replace(made, timings={}) == replace(plain, timings={})
    assert saved(cache, "f" * 40) is None
    assert [p.name for p in cache.iterdir() if p.name.startswith((".outputs", "outputs"))] == []


def test_a_profiles_head_is_what_comes_before_its_deferred_part(repo: Repo) -> None:
    """What a site generator reads of a profile before writing it (its front matter, who the person
    is) is kept apart, so a build reads the rest of each profile only when it writes that page."""
    made = make(request(repo))
    assert made.profiles and set(made.heads) == set(made.profiles)
    for src in made.profiles:
        head, page = made.heads[src], made.pages[src]
        assert head.endswith(DEFERRED) and page.startswith(head) and len(head) < len(page) / 2
        assert head.startswith("---\n")  # the front matter

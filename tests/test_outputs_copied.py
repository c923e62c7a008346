"""Pieces of the last build's outputs copied whole (render/reuse.py, outpack.Last): a profile or
a credits block made of the same inputs as in the last build is copied from its pack, bytes as
they are, instead of being stitched from the memo's fragments; the outputs are still those of a
build with no cache, the fragments those pages were made of stay in the memo for the builds
after, and a damaged pack, a damaged record or a full disk costs time, never a wrong page."""

from __future__ import annotations

import json
import marshal
import pickle
import subprocess
import sys
from collections import Counter
from pathlib import Path

from committed import kept
from committed.config import Settings
from committed.outpack import MADE, PACKS
from committed.site import LeaderboardOptions, Outputs, Request, make
from gitrepo import BO, CY, Repo, day
from test_render_memo import PAGES, made_as_the_worker, page, shown

repo = __import__("test_render_memo").repo  # the fixture: four pages by three people over sixty days


def request(repo: Repo, cache: Path | None) -> Request:
    options = Settings(root=repo.root, cache_dir=str(cache) if cache else None,  # type: ignore[arg-type]
                       custom_dir=str(repo.root / "overrides"))
    return Request(options, PAGES, leaderboard=LeaderboardOptions(), home="index.md")


def build(repo: Repo, cache: Path) -> tuple[Outputs, Counter[str]]:
    """A build as the worker makes it (into a pack, kept), checked against a build with no cache;
    and what it copied from the last build's pack, by field."""
    out, copied = made_as_the_worker(request(repo, cache))
    assert shown(out) == shown(make(request(repo, None)))
    return out, copied


def test_what_is_made_of_the_same_inputs_is_copied_and_the_rest_is_made(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, copied = build(repo, cache)
    assert copied == {} and first.rendered["profile"] == 3
    # Cy's on-call page, two hours after Cy's last commit: the same day, so nobody else's
    # profile changes, and only the credits of the page Cy changed
    repo.commit("On-call: a number", author=CY, date=day(60, hour=12),
                files={"docs/ops/oncall.md": page("On-call", "Who to call.\nWhen to call.\nThe number.")})
    after, copied = build(repo, cache)
    # Ana's and Bo's profiles, five credits blocks and both listings (the page's row is the same)
    assert copied == {"pages": 2, "heads": 2, "credits": 5, "listings": 2}, copied
    assert after.rendered.get("profile-windows") == 1 and after.rendered.get("credits") == 1, after.rendered
    assert (cache / MADE).is_file() and len(list(cache.glob(PACKS))) == 1  # the last build's pack went


def test_the_fragments_of_copied_pages_are_kept_for_the_builds_after(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(repo, cache)
    repo.commit("Readme", author=BO, date=day(61), files={"README.md": "Outside the docs.\n"})
    _, copied = build(repo, cache)  # a new head, the same inputs: every piece copied, no fragment read
    assert copied == {"pages": 3, "heads": 3, "credits": 6, "listings": 2}, copied
    # Day 95: Bo's day-2 page leaves the 90-day window; every profile is made again, from the
    # fragments the last build kept without reading them
    repo.commit("Home: a line", author=CY, date=day(95), files={"docs/index.md": page("Home", "Welcome.\nHello.")})
    after, copied = build(repo, cache)
    assert "pages" not in copied and after.rendered["profile"] == 1, after.rendered  # Cy's alone


def test_a_damaged_pack_or_record_copies_nothing_and_loses_nothing(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(repo, cache)
    folder = cache
    for n, damage in enumerate(("pack", "record")):
        target = next(folder.glob(PACKS)) if damage == "pack" else folder / MADE
        data = bytearray(target.read_bytes())
        data[-3] ^= 0x20  # one byte of a kept page (or of what it was made of): its CRC tells
        target.write_bytes(bytes(data))
        repo.commit(f"Readme {n}", author=BO, date=day(61 + n), files={"README.md": f"Outside the docs, {n}.\n"})
        after, copied = build(repo, cache)
        assert copied == {} and after.rendered == {}, (damage, copied)  # made again from the memo


FULL_DISK = """
import pickle, resource, signal, sys
from committed import outwrite
from committed.site import fingerprint, make, save
req = pickle.loads(bytes.fromhex(sys.argv[1]))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))
writer = outwrite.Writer.open(req.settings.cache_path, fingerprint(req))
made = make(req, writer)
kept = save(req.settings.cache_path, fingerprint(req), made, writer)
sys.stdout.buffer.write(pickle.dumps((kept, sum(writer.copied.values()), made)))
"""


def test_a_disk_that_fills_up_while_pages_are_copied_keeps_nothing_and_loses_nothing(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(repo, cache)
    repo.commit("Readme", author=BO, date=day(61), files={"README.md": "Outside the docs.\n"})
    req = request(repo, cache)
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, pickle.dumps(req).hex()], capture_output=True, check=True)
    kept, copied, made = pickle.loads(proc.stdout)
    assert kept is False and copied > 0  # copied pieces past the limit are held as text instead
    assert shown(made) == shown(make(request(repo, None)))


def test_a_record_of_another_shape_copies_nothing_and_stops_nothing(repo: Repo, tmp_path: Path) -> None:
    """A cache restored from elsewhere is input: a record under the right salt and checksum whose
    spans are not numbers, point past the pack, or whose parts are not digests, is not copied."""
    cache = tmp_path / "cache"
    build(repo, cache)
    header = json.loads((cache / MADE).read_bytes().split(b"\n", 1)[0])  # [what it is kept under, CRC-32]
    record = marshal.loads(kept.read_bytes(cache, MADE, header[0]) or b"")
    hostile = {"pages": "0", "heads": (0, 10**12), "credits": None}  # by field: what each span becomes
    for field, spans in record["pieces"].items():
        for key, (offset, length, made) in spans.items():
            bad = hostile.get(field, (offset, length, made))
            spans[key] = (*bad, made)[:3] if isinstance(bad, tuple) else (bad, length, made)
    record["parts"] = {made: (1, 2) for made in record["parts"]}  # parts that are not digests
    kept.write_bytes(cache, MADE, header[0], marshal.dumps(record, 2))
    repo.commit("Readme", author=BO, date=day(61), files={"README.md": "Outside the docs.\n"})
    _, copied = build(repo, cache)
    assert copied == {}, copied

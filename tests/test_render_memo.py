"""The rendered fragments kept between builds (committed.render.memo): a build with a warm memo
makes the same outputs, byte for byte, as a build with no cache at all, after every kind of
change; after one new commit only the fragments that commit changes are rendered again."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from pathlib import Path

import pytest

from committed import templating
from committed.config import Settings
from committed.knowledge import load
from committed.outpack import MADE
from committed.outwrite import Writer
from committed.render.fragstore import INDEX, MAX_SEGMENTS
from committed.render.keys import KEPT
from committed.render.memo import NAME, Memo
from committed.site import LeaderboardOptions, Outputs, Request, fingerprint, make, save
from gitrepo import ANA, BO, CY, Repo, contact, day

PAGES = ("index.md", "guides/index.md", "guides/setup.md", "guides/deploy.md", "ops/index.md", "ops/oncall.md")


def page(title: str, body: str, **front: str) -> str:
    extra = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\ntitle: {title}\n{extra}---\n{body}\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kb")
    repo.contributor("ana", ANA, office="Lisbon", team="Docs")
    repo.contributor("bo", BO, office="Oslo")
    repo.contributor("cy", CY)
    repo.commit("Start", author=ANA, date=day(1), files={
        "docs/index.md": page("Home", "Welcome."),
        "docs/guides/index.md": page("Guides", "All guides."),
        "docs/guides/setup.md": page("Setup", "Install it.\nThen run it.", owner="ana"),
        "docs/ops/index.md": page("Operations", "Running things."),
    })
    repo.commit("Deploy guide", author=BO, date=day(2), files={
        "docs/guides/deploy.md": page("Deploy", "Ship it.\nCheck it.", tags="[release]")})
    repo.commit("Setup: the config step", author=BO, date=day(40), trailers=[("Learned-from", contact(ANA))],
                files={"docs/guides/setup.md": page("Setup", "Install it.\nConfigure it.\nThen run it.", owner="ana")})
    repo.commit("On-call", author=CY, date=day(60), trailers=[("Reviewed-by", contact(ANA))],
                files={"docs/ops/oncall.md": page("On-call", "Who to call.\nWhen to call.")})
    return repo


def build(repo: Repo, cache: Path | None, pages: tuple[str, ...] = PAGES, **settings: object) -> Outputs:
    """The outputs of a build; with a ``cache``, made as the worker makes them: into a pack,
    kept under the fingerprint, so the next build copies the pieces made of the same inputs."""
    options = Settings(root=repo.root, cache_dir=str(cache) if cache else None,  # type: ignore[arg-type]
                       custom_dir=str(repo.root / "overrides"), **settings)
    return as_the_worker(Request(options, pages, leaderboard=LeaderboardOptions(), home="index.md"))


def as_the_worker(request: Request) -> Outputs:
    """``make(request)`` as the worker does it where there is a cache: into a pack, kept."""
    return made_as_the_worker(request)[0]


def made_as_the_worker(request: Request) -> tuple[Outputs, Counter[str]]:
    """``as_the_worker``, and what it copied from the last build's pack, by field."""
    folder = request.settings.cache_path
    if folder is None:
        return make(request), Counter()
    key = fingerprint(request)
    writer = Writer.open(folder, key)
    assert writer is not None
    out = make(request, writer)
    assert save(folder, key, out, writer)
    return out, writer.copied


def shown(out: Outputs) -> dict[str, object]:
    """Everything a build hands the site generator."""
    return {name: getattr(out, name) for name in ("now", "pages", "profiles", "avatars", "credits", "listings", "home",
                                                   "updated", "exports", "fragments")}


def warm_is_cold(repo: Repo, cache: Path, pages: tuple[str, ...] = PAGES, **settings: object) -> Outputs:
    """A build through the memo in ``cache``, checked against a build with no cache."""
    warm = build(repo, cache, pages, **settings)
    assert shown(warm) == shown(build(repo, None, pages, **settings))
    return warm


def test_one_new_commit_renders_only_what_it_changes(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = warm_is_cold(repo, cache)
    assert first.rendered["credits"] == 6 and first.rendered["profile"] == 3 and first.rendered["listing"] == 2
    assert warm_is_cold(repo, cache).rendered == {}  # nothing changed: nothing rendered
    repo.commit("Deploy: rollback", author=CY, date=day(60, hour=15),  # the same day: "as of" stays
                files={"docs/guides/deploy.md": page("Deploy", "Ship it.\nCheck it.\nRoll back.", tags="[release]")})
    after = warm_is_cold(repo, cache)
    # the page's credits (Cy improved it), the profiles of Cy (who earned) and Bo (whose page Cy
    # improved: "Taught" is unchanged, but the page now lists Cy); not its topic's listing, which
    # shows the page's title, owner, review and creators: the same
    assert after.rendered["credits"] == 1 and "listing" not in after.rendered
    assert after.rendered.get("profile", 0) <= 2 and after.rendered.get("calendar", 0) <= 2, after.rendered
    assert sum(after.rendered.values()) * 2 < sum(first.rendered.values())
    assert after.pages["people/cy.md"] != first.pages["people/cy.md"]


def test_a_new_name_in_a_contributor_file_renders_everything_that_names_them(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    repo.contributor("ana", ("Ana Lima", ANA[1]), office="Lisbon", team="Docs")
    after = warm_is_cold(repo, cache)
    assert "Ana Lima" in after.credits["guides/setup.md"] and "Ana Lima" in after.pages["people/bo.md"]
    assert after.rendered["credits"] >= 2 and after.rendered["profile"] >= 2


def test_now_moving_past_a_window_boundary_drops_old_events_from_every_profile(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = warm_is_cold(repo, cache)
    # Day 95: Bo's day-2 page leaves the 90-day window, though Bo made no new commit
    repo.commit("Home: a line", author=CY, date=day(95), files={"docs/index.md": page("Home", "Welcome.\nHello.")})
    after = warm_is_cold(repo, cache)
    assert after.pages["people/bo.md"] != before.pages["people/bo.md"]
    assert after.rendered["profile-windows"] >= 2  # Bo's (the window moved) and Cy's
    assert after.rendered["profile"] == 1  # Cy's (the commit): Bo's pages and activity are the same


def test_a_new_title_renders_its_listing_and_the_pages_that_link_to_it(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    repo.commit("Rename the setup guide", author=ANA, date=day(60, hour=16),  # Bo's profile links to it
                files={"docs/guides/setup.md": page("Installing", "Install it.\nConfigure it.\nThen run it.",
                                                    owner="ana")})
    after = warm_is_cold(repo, cache)
    assert "Installing" in after.listings["guides/index.md"] and "Installing" in after.pages["people/bo.md"]


def test_a_template_override_or_an_option_renders_again(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    repo.write("overrides/committed/credits.html.j2", "<aside>{{ taught | map(attribute='name') | join(', ') }}</aside>\n")
    templating.environment.cache_clear()  # Jinja2 looks for a new override only in a new environment
    after = warm_is_cold(repo, cache)
    assert after.credits["guides/setup.md"] == "<aside>Ana</aside>\n"
    assert after.rendered["credits"] == 6
    after = warm_is_cold(repo, cache, repo_url="https://git.example.com/kb")
    assert "https://git.example.com/kb/commit/" in after.pages["people/cy.md"]
    assert after.rendered["profile"] == 3


@pytest.mark.parametrize("damage", [b"", b"[1, 2]\n", b"not json\n\x00\x01", "truncate", "flip"])
@pytest.mark.parametrize("what", ["index", "segments"])
def test_a_damaged_memo_is_a_miss(repo: Repo, tmp_path: Path, damage: bytes | str, what: str) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    for path in [cache / NAME / INDEX] if what == "index" else segments(cache):
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) * 2 // 3])
        elif damage == "flip":  # one byte of a kept fragment (or of the index) changed: a checksum tells
            path.write_bytes(data[:-10] + bytes([data[-10] ^ 0x20]) + data[-9:])
        else:
            assert isinstance(damage, bytes)
            path.write_bytes(damage)
    (cache / MADE).unlink()  # no page is copied from the last build's outputs: each is made
    out = warm_is_cold(repo, cache)
    assert sum(out.rendered.values()) >= 1  # what was damaged was not taken
    if what == "index" or isinstance(damage, bytes):  # (a cut or flipped segment keeps the fragments before)
        assert out.rendered["credits"] == 6, out.rendered  # nothing was taken from the damaged files
    assert warm_is_cold(repo, cache).rendered == {}  # and they were written again


def segments(cache: Path) -> list[Path]:
    return sorted((cache / NAME).glob("seg-*.txt"))


def stamps(cache: Path) -> dict[str, tuple[int, int]]:
    """Each file of the memo, by name: a file written again is a new file, of a new time."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (cache / NAME).iterdir() if p.name != KEPT}


def test_one_new_commit_writes_only_what_it_changes(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = warm_is_cold(repo, cache)
    written = stamps(cache)
    (segment,) = segments(cache)
    assert len(first.rendered) > 0 and not (cache / "rendered.marshal").exists()
    assert warm_is_cold(repo, cache).rendered == {}
    assert stamps(cache) == written  # nothing changed: nothing written
    repo.commit("Deploy: rollback", author=CY, date=day(60, hour=15),
                files={"docs/guides/deploy.md": page("Deploy", "Ship it.\nCheck it.\nRoll back.", tags="[release]")})
    after = warm_is_cold(repo, cache)
    now = stamps(cache)
    new = [p for p in segments(cache) if p.name not in written]
    assert len(new) == 1 and segment.name in now and now[INDEX] != written[INDEX]  # one segment more, the index again
    assert 0 < new[0].stat().st_size < segment.stat().st_size / 2, after.rendered  # only what the commit changed


def test_segments_mostly_unused_are_folded_into_the_new_one(repo: Repo, tmp_path: Path) -> None:
    """Day after day, the fragments still used of a segment mostly unused move to the build's new
    one, and the old one goes: the segments stay few, and a build with no cache makes the same."""
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    for n in range(3 * MAX_SEGMENTS // 4):
        repo.commit(f"Setup, take {n}", author=BO, date=day(61 + n),
                    files={"docs/guides/setup.md": page("Setup", f"Install it.\nStep {n}.", owner="ana")})
        warm_is_cold(repo, cache)
        assert len(segments(cache)) <= MAX_SEGMENTS
    used = {entry[0] for entry in Memo.for_settings(Settings(root=repo.root, cache_dir=str(cache),  # type: ignore[arg-type]
                                                                    custom_dir=str(repo.root / "overrides")))._store.entries.values()}
    assert used == {p.name for p in segments(cache)}  # every segment left is used


def test_the_memo_of_one_file_is_removed(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "rendered.marshal").write_bytes(b'[[1, "salt"], 0]\n')  # what Committed kept before the shards
    warm_is_cold(repo, cache)
    assert not (cache / "rendered.marshal").exists() and segments(cache)


def test_the_shards_of_an_older_committed_are_removed(repo: Repo, tmp_path: Path) -> None:
    """An older Committed kept shards named by two or three hex digits and their digests in
    live.marshal: a build removes them, and no other file."""
    cache = tmp_path / "cache"
    (cache / NAME).mkdir(parents=True)
    for name in ("ab.marshal", "0f1.marshal", "live.marshal", "notes.marshal", "ab.txt"):
        (cache / NAME / name).write_bytes(b'[[2, "salt"], 0]\n')
    warm_is_cold(repo, cache)
    left = {p.name for p in (cache / NAME).iterdir()}
    assert {"notes.marshal", "ab.txt", INDEX} <= left and not {"ab.marshal", "0f1.marshal", "live.marshal"} & left


def test_the_memo_keeps_only_the_last_builds_fragments(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    for n in range(3):
        repo.commit(f"Setup, take {n}", author=BO, date=day(62 + n),
                    files={"docs/guides/setup.md": page("Setup", f"Install it.\nStep {n}.", owner="ana")})
        warm_is_cold(repo, cache)
    settings = Settings(root=repo.root, cache_dir=str(cache), custom_dir=str(repo.root / "overrides"))
    fresh = tmp_path / "fresh"
    build(repo, fresh)
    assert len(Memo.for_settings(settings)) == len(Memo(fresh, Memo.for_settings(settings).salt)) > 0



def test_fragments_go_to_disk_as_they_are_made_and_are_read_back(tmp_path: Path) -> None:
    """A build's new fragments are written to its segment as each is made, not held until
    ``save`` (a cold build makes the whole memo); one looked up again is read back from there.
    Where the folder cannot be written they are held, the build goes on and nothing is kept."""
    memo = Memo(tmp_path, "salt")
    texts = {f"key {n}": f"<p>fragment {n} \u00e9\u2028</p>" * 1000 for n in range(3)}  # 24 kB each
    for key, text in texts.items():
        assert memo.text("credits", key, lambda text=text: text) == text
    pending = list((tmp_path / NAME).glob(".seg-*.tmp"))
    made = "".join(texts.values()).encode()
    assert len(pending) == 1 and len(made) - io.DEFAULT_BUFFER_SIZE <= pending[0].stat().st_size <= len(made)
    assert memo.text("credits", "key 1", lambda: "made again") == texts["key 1"]  # read back
    assert memo.rendered["credits"] == 3 and memo.reused["credits"] == 0
    memo.save()
    assert not list((tmp_path / NAME).glob(".*.tmp")) and len(segments(tmp_path)) == 1
    again = Memo(tmp_path, "salt")
    assert [again.text("credits", key, lambda: "made again") for key in texts] == list(texts.values())
    assert again.reused["credits"] == 3

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    held = Memo(blocked, "salt")
    assert held.text("credits", "key 0", lambda: "text") == "text" == held.text("credits", "key 0", lambda: "other")
    held.save()
    assert blocked.read_text() == "a file where the cache folder would be"

def test_a_new_day_renders_again_only_the_profiles_it_changes(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = warm_is_cold(repo, cache)
    assert "up to <time datetime=\"2026-03-01\">" in before.pages["people/ana.md"]
    # Day 61, a Monday: no event leaves a window, the calendars keep their weeks; only Cy's work changed
    repo.commit("On-call: escalation", author=CY, date=day(61),
                files={"docs/ops/oncall.md": page("On-call", "Who to call.\nWhen to call.\nEscalate.")})
    after = warm_is_cold(repo, cache)
    assert after.rendered["profile"] == 1, after.rendered  # Cy's
    assert after.rendered.get("calendar", 0) == 1  # Cy's: a new active day
    for slug in ("ana", "bo", "cy"):  # every profile says the new date, in all three places
        text = after.pages[f"people/{slug}.md"]
        for said in ('up to <time datetime="2026-03-02">2026-03-02</time>', "Scores as of 2026-03-02",
                     "contributions from 2025-03-02 to 2026-03-02", "Each square is a day, up to 2026-03-02."):
            assert said in text, (slug, said)
        assert "<committed-" not in text  # every hole filled


def test_a_new_week_draws_again_only_the_calendars_whose_shown_days_change(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    # Day 67, the next Sunday: every calendar begins a week later, but no active day left one
    repo.commit("On-call: paging", author=CY, date=day(67),
                files={"docs/ops/oncall.md": page("On-call", "Who to call.\nWhen to call.\nHow to page.")})
    after = warm_is_cold(repo, cache)
    assert after.rendered.get("calendar", 0) == 1, after.rendered  # Cy's: a new active day
    for slug in ("ana", "bo", "cy"):  # every calendar shows the new weeks, kept or not
        text = after.pages[f"people/{slug}.md"]
        assert "contributions from 2025-03-09 to 2026-03-08" in text and "<committed-" not in text, slug
    # Day 372, a year on: Ana's and Bo's first days (1 and 2) leave their calendars
    repo.commit("Home: a year on", author=CY, date=day(372), files={"docs/index.md": page("Home", "Welcome.\nA year.")})
    after = warm_is_cold(repo, cache)
    assert after.rendered.get("calendar", 0) == 3, after.rendered


def test_a_person_whose_events_did_not_change_gets_a_new_profile_when_a_window_score_does(
        repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = warm_is_cold(repo, cache)
    # Day 131: Bo's Learned-from of day 40 and Ana's acknowledgement leave the 90-day window
    repo.commit("Home: a line", author=CY, date=day(131), files={"docs/index.md": page("Home", "Welcome.\nHello.")})
    after = warm_is_cold(repo, cache)
    assert after.rendered["profile-windows"] == 3  # Cy's (the commit), Bo's and Ana's (the window)
    assert after.rendered["profile"] == 1  # Cy's: the rest of Bo's and Ana's profiles is kept
    for slug in ("ana", "bo"):
        assert scores(after.pages[f"people/{slug}.md"]) != scores(before.pages[f"people/{slug}.md"]), slug


def scores(profile: str) -> str:
    return profile.split('<table class="committed-scores"', 1)[1].split("</table>", 1)[0]


def test_people_touched_since_the_checkpoint_keep_their_profiles(repo: Repo, tmp_path: Path) -> None:
    """A resumed build keeps no checkpoint of its own (checkpoint.RESAVE), so people its new commits
    touched are decoded in every build after: their profiles are kept under their content."""
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    repo.commit("Deploy: rollback", author=CY, date=day(60, hour=15),
                files={"docs/guides/deploy.md": page("Deploy", "Ship it.\nCheck it.\nRoll back.", tags="[release]")})
    warm_is_cold(repo, cache)
    repo.commit("Home: a line", author=ANA, date=day(60, hour=16), files={"docs/index.md": page("Home", "Welcome.\nHi.")})
    after = warm_is_cold(repo, cache)
    assert after.rendered.get("profile", 0) == 1, after.rendered  # Ana's; Cy's, decoded again, is kept


def test_a_resumed_build_that_keeps_a_checkpoint_keeps_the_profiles_it_made(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from committed import checkpoint

    monkeypatch.setattr(checkpoint, "RESAVE", 1)  # every resumed build writes the checkpoint
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    repo.commit("Deploy: rollback", author=CY, date=day(60, hour=15),
                files={"docs/guides/deploy.md": page("Deploy", "Ship it.\nCheck it.\nRoll back.", tags="[release]")})
    assert warm_is_cold(repo, cache).rendered.get("profile", 0) == 1  # Cy's
    repo.commit("Home: a line", author=ANA, date=day(60, hour=16), files={"docs/index.md": page("Home", "Welcome.\nHi.")})
    assert warm_is_cold(repo, cache).rendered.get("profile", 0) == 1  # Ana's; Cy's, now a blob of the checkpoint, is kept


def test_text_that_looks_like_a_hole_is_shown_as_written(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    repo.commit("A page about holes", author=ANA, date=day(60, hour=16),
                files={"docs/guides/holes.md": page("<committed-calendar/> and <committed-as-of/>", "Text.\nMore.")})
    after = warm_is_cold(repo, cache, (*PAGES, "guides/holes.md"))
    ana = after.pages["people/ana.md"]
    assert "&lt;committed-calendar/&gt; and &lt;committed-as-of/&gt;" in ana
    assert ana.count('<svg class="committed-calendar"') == 1 and "<committed-" not in ana


def test_a_cache_restored_in_another_checkout_is_used_whole(repo: Repo, tmp_path: Path) -> None:
    """CI clones to a new path each run, then restores the cache folder: the history, the scoring
    checkpoint and every fragment are taken from it, and the outputs equal a build with no cache."""
    (repo.root / "overrides" / "committed").mkdir(parents=True)
    first = build(repo, repo.root / ".cache" / "committed")
    assert first.rendered
    moved = Repo(tmp_path / "elsewhere" / "kb", init=False)
    repo.git("clone", "-q", str(repo.root), str(moved.root))  # CI's clone, at another path
    shutil.copytree(repo.root / "overrides", moved.root / "overrides")
    cache = moved.root / ".cache" / "committed"
    shutil.copytree(repo.root / ".cache" / "committed", cache)  # and the cache it restores
    settings = Settings(root=moved.root, cache_dir=str(cache))
    assert load(settings).resumed == int(repo.git("rev-list", "--count", "HEAD"))  # scoring resumed from the restored checkpoint
    again = build(moved, cache)
    assert again.rendered == {}, again.rendered  # every fragment taken from the restored memo
    assert shown(again) == shown(build(moved, None))


def test_a_cache_restored_in_another_checkout_is_used_whole_with_mkdocs_settings(repo: Repo, tmp_path: Path) -> None:
    """MkDocs' plugins give the docs folder as an absolute path: its place in the checkout, not on
    the disk, is what the kept fragments depend on."""
    (repo.root / "overrides" / "committed").mkdir(parents=True)
    build(repo, repo.root / ".cache" / "committed", docs_dir=str(repo.root / "docs"))
    moved = Repo(tmp_path / "elsewhere" / "kb", init=False)
    repo.git("clone", "-q", str(repo.root), str(moved.root))
    shutil.copytree(repo.root / "overrides", moved.root / "overrides")
    cache = moved.root / ".cache" / "committed"
    shutil.copytree(repo.root / ".cache" / "committed", cache)
    again = build(moved, cache, docs_dir=str(moved.root / "docs"))
    assert again.rendered == {}, again.rendered  # every fragment taken from the restored memo
    assert shown(again) == shown(build(moved, None))


@pytest.mark.parametrize("outside", [False, True])
def test_an_index_of_another_shape_is_a_miss_and_stops_nothing(repo: Repo, tmp_path: Path, outside: bool) -> None:
    """A cache is input: an index under the right salt and checksum whose entries point outside
    the folder, past a segment's end, or are not numbers, gives no fragment and is written anew."""
    import json
    import marshal

    from committed import kept

    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    folder = cache / NAME
    fingerprint = json.loads((folder / INDEX).read_bytes().split(b"\n", 1)[0])[0]
    sizes, entries = marshal.loads(kept.read_bytes(folder, INDEX, fingerprint) or b"")
    hostile = [("../../etc/passwd", 0, 5, 0), (next(iter(sizes)), 0, 10**9, 0), (next(iter(sizes)), "0", 5, 0), None]
    entries = {d: hostile[i % len(hostile)] for i, d in enumerate(entries)}
    if outside:
        sizes["../outside.txt"] = 10
    kept.write_bytes(folder, INDEX, fingerprint, marshal.dumps((sizes, entries), 2))
    (cache / MADE).unlink()
    assert warm_is_cold(repo, cache).rendered["credits"] == 6  # nothing taken
    assert warm_is_cold(repo, cache).rendered == {}  # and written again

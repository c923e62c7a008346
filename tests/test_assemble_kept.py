"""The profiles' front matter, parsed once and kept (committed.mkdocs.pagemeta): a warm build reads
MkDocs' meta of each profile back instead of parsing its YAML again, and builds what a build
with no cache builds, byte for byte, after a name (so a profile's front matter) changed."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from committed.mkdocs.pagemeta import NAME, KeptMeta
from gitrepo import Repo
from sitebuild import build, digest, mkdocs_yml

ANA = ("Ana Lima", "ana@corp.test")
BO = ("Bo Berg", "bo@corp.test")


def _site(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", mkdocs_yml("search", "committed/profiles"))
    repo.contributor("ana", ANA, office="Lisbon")
    repo.contributor("bo", BO, office="Berlin")
    repo.write("docs/index.md", "---\ntitle: Home\n---\n# Home\n\nWelcome.\n")
    repo.commit("Start", author=ANA, date="2026-01-05T10:00:00Z")
    repo.write("docs/guide.md", "---\ntitle: Guide\n---\n# Guide\n\nOne.\nTwo.\nThree.\n")
    repo.commit("A guide", author=BO, date="2026-01-06T10:00:00Z")
    return repo


@pytest.mark.slow
def test_a_warm_build_reads_the_profiles_meta_back_and_builds_what_a_cold_one_does(tmp_path: Path) -> None:
    repo = _site(tmp_path)
    assert build(repo.root, tmp_path / "first").returncode == 0
    kept_file = repo.root / ".cache/committed" / NAME
    kept = json.loads(kept_file.read_text("utf-8").split("\n", 1)[1])
    assert sorted(json.loads(v)["title"] for v in kept.values()) == ["Ana Lima", "Bo Berg"]

    repo.contributor("bo", ("Bo Berg-Lund", BO[1]), office="Berlin")  # a profile's title changes
    repo.commit("Bo's new name", author=BO, date="2026-01-07T10:00:00Z")
    warm = build(repo.root, tmp_path / "warm")
    assert warm.returncode == 0, warm.stderr
    kept = json.loads(kept_file.read_text("utf-8").split("\n", 1)[1])
    assert sorted(json.loads(v)["title"] for v in kept.values()) == ["Ana Lima", "Bo Berg-Lund"]  # the old one went

    kept_file.write_text('"damaged"\n{not json', "utf-8")  # a damaged file is a miss
    damaged = build(repo.root, tmp_path / "damaged")
    assert damaged.returncode == 0, damaged.stderr
    shutil.rmtree(repo.root / ".cache")
    cold = build(repo.root, tmp_path / "cold")
    assert cold.returncode == 0, cold.stderr
    assert digest(tmp_path / "warm") == digest(tmp_path / "cold") == digest(tmp_path / "damaged")
    assert "Bo Berg-Lund" in (tmp_path / "warm/people/bo/index.html").read_text("utf-8")


def test_only_meta_json_gives_back_exactly_is_kept_and_each_page_gets_its_own(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Meta\n")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    plain = "---\ntitle: \"Ana\"\nsearch:\n  boost: 0.5\ntags: [a, 1, true, null]\n---\n\nBody.\n"
    dated = "---\ntitle: Bo\ndate: 2026-01-05\n---\nBody.\n"
    broken = "---\ntitle: [unclosed\n---\nBody.\n"

    def made(name: str, source: str) -> Page:
        file = File(name, src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=True)
        file.content_string = source
        return Page(None, file, config)

    def pages(metas: KeptMeta, *sources: str) -> list[Page]:
        out = []
        for n, source in enumerate(sources):
            page = made(f"p{n}.md", source)
            metas.read_source(page, config)
            expected = made(f"q{n}.md", source)
            expected.read_source(config)  # MkDocs' own
            assert (page.markdown, page.meta) == (expected.markdown, expected.meta)
            out.append(page)
        return out

    first = KeptMeta(tmp_path)
    pages(first, plain, dated, broken)
    first.save()
    assert list(first.new) == ["title: \"Ana\"\nsearch:\n  boost: 0.5\ntags: [a, 1, true, null]\n"]

    again = KeptMeta(tmp_path)
    assert again.old == first.new
    one, two, three = pages(again, plain, plain, dated)
    assert one.meta == {"title": "Ana", "search": {"boost": 0.5}, "tags": ["a", 1, True, None]}
    assert type(one.meta["tags"][2]) is bool and type(one.meta["search"]["boost"]) is float
    one.meta["search"]["boost"] = 2  # a plugin changes one page's meta: not the other's
    assert two.meta["search"] == {"boost": 0.5}
    assert three.meta["date"] == date(2026, 1, 5)  # parsed again: JSON would give a string

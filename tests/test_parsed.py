"""Pages' front matter and contributor files parsed once and kept by content digest (parsed.py):
a build reads back what the last one parsed for files whose bytes did not change, and the result
is always the one parsing every file gives, even when a file changes and keeps its size and dates."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from committed import pageinfo
from committed.errors import CommittedError
from committed.people import load_contributors
from committed.people.contributors import Contributor
from gitrepo import Repo

ANA = ("Ana Lima", "ana@corp.test")


def _rewrite(path: Path, text: str) -> None:
    """Change the file's bytes, keeping its size and modification time."""
    st = path.stat()
    assert len(text.encode()) == st.st_size
    path.write_text(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _pages(docs: Path, cache: Path | None) -> dict[str, pageinfo.PageInfo]:
    paths = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return pageinfo.page_infos(cache, docs, paths)


def test_page_infos_read_back_equal_a_parse_of_every_page(tmp_path: Path) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    docs.mkdir()
    (docs / "a.md").write_text("---\ntitle: Alpha\ntopic: ops\ntags: [x, y]\nowner: ana\nlast_reviewed: 2024-05-01\n---\nText.\n")
    (docs / "b.md").write_text("# Beta &amp; more\n\nNo front matter.\n")
    (docs / "c.md").write_text("---\ncredits: false\n---\n# C\n")
    (docs / "d.md").write_bytes(b"---\ntitle: D\n---\n\xff not UTF-8\n")
    first = _pages(docs, cache)
    assert first == _pages(docs, None)
    kept = list(cache.glob("pages-*.kept"))
    assert len(kept) == 1
    stamp = kept[0].stat().st_mtime_ns

    # nothing changed: read back, the file not written again
    assert _pages(docs, cache) == first
    assert kept[0].stat().st_mtime_ns == stamp

    # same size, same dates, other bytes: parsed again
    _rewrite(docs / "a.md", "---\ntitle: Alpha\ntopic: dev\ntags: [x, z]\nowner: bob\nlast_reviewed: 2024-06-01\n---\nText.\n")
    (docs / "b.md").unlink()
    second = _pages(docs, cache)
    assert second == _pages(docs, None)
    assert (second["a.md"].topic, second["a.md"].tags, second["a.md"].owner) == ("dev", ("x", "z"), "bob")
    assert "b.md" not in second

    # a damaged kept file is a miss, never an error
    kept[0].write_bytes(kept[0].read_bytes()[:-10])
    assert _pages(docs, cache) == second


def _contributors(folder: Path, cache: Path | None) -> dict[str, Contributor]:
    return load_contributors(folder, display_root=folder.parent, cache=cache)


def test_contributors_read_back_equal_a_parse_and_errors_still_name_file_and_line(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    ana = repo.contributor("ana", ANA, office="Porto")
    repo.contributor("bob", ("Bob Stone", "bob@corp.test"), team="Data")
    folder, cache = repo.root / "contributors", tmp_path / "cache"
    first = _contributors(folder, cache)
    assert first == _contributors(folder, None)
    assert list(cache.glob("contributors-*.kept"))
    assert _contributors(folder, cache) == first

    text = ana.read_text()
    _rewrite(ana, text.replace("Porto", "Paris"))
    second = _contributors(folder, cache)
    assert second["ana"].office == "Paris" and second == _contributors(folder, None)

    # an email claimed twice: the kept files' lines are the ones the message names
    (folder / "cid.yml").write_text("name: Cid\nteam: Ops\nemails: [ana@corp.test]\n")
    with pytest.raises(CommittedError) as raised:
        _contributors(folder, cache)
    expected = str(raised.value)
    with pytest.raises(CommittedError) as again:
        _contributors(folder, None)
    assert str(again.value) == expected and "cid.yml" in expected and ":3" in expected

    # a file that was fine, broken since (size and dates kept): the error, as without a cache
    (folder / "cid.yml").unlink()
    _contributors(folder, cache)
    _rewrite(ana, ana.read_text().replace("office", "offize"))
    with pytest.raises(CommittedError) as broken:
        _contributors(folder, cache)
    assert "offize" in str(broken.value) and "contributors/ana.yml" in str(broken.value)

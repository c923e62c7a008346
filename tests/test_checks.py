"""The checks a build runs first, kept under the files' stamps (checks.py): a warm build reads
only the pages and contributor files that changed, and a file broken after a successful build
still stops the next one with its file and line (real repositories, real ``mkdocs build``)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from committed import checks, frontmatter
from committed.config import Settings
from committed.errors import CommittedError
from committed.site import Request, check
from gitrepo import ANA, Repo
from sitebuild import build, mkdocs_yml


def page(title: str) -> str:
    return f"---\ntitle: {title}\n---\n# {title}\n\nSome text.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", mkdocs_yml("committed/profiles", "committed/leaderboard"))
    repo.contributor("ana", ANA, office="Lisbon")
    for name in ("index", "guide", "howto"):
        repo.write(f"docs/{name}.md", page(name.title()))
    repo.commit("Start", author=ANA, date="2026-03-01T10:00:00Z")
    return repo


def request(repo: Repo) -> Request:
    return Request(Settings(root=repo.root), ("guide.md", "howto.md", "index.md"))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the checks read, in order (frontmatter.problem, spied on)."""
    seen: list[str] = []
    real = frontmatter.problem

    def spy(path: Path) -> str | None:
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(checks.frontmatter, "problem", spy)
    return seen


def test_only_changed_pages_are_read_again(repo: Repo, reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "RACY_NS", 0)  # every stamp is old enough to trust
    check(request(repo))
    assert reads == ["guide.md", "howto.md", "index.md"]
    reads.clear()
    check(request(repo))
    assert reads == []
    repo.write("docs/guide.md", page("Guide, again"))
    check(request(repo))
    assert reads == ["guide.md"]
    reads.clear()
    repo.write("docs/howto.md", "# Caf\xe9\n".encode("latin-1"))
    for _ in range(2):  # a page that failed is read again every time until it is fixed
        with pytest.raises(CommittedError, match=r"docs/howto.md: line 1 is not valid UTF-8 \(byte 0xe9\)"):
            check(request(repo))
    assert reads == ["howto.md", "howto.md"]


@pytest.mark.parametrize("damage", ["garbage", "not-a-mapping", "other-code"])
def test_a_damaged_or_foreign_kept_file_means_checking_everything(repo: Repo, reads: list[str], damage: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "RACY_NS", 0)
    check(request(repo))
    path = repo.root / ".cache/committed" / checks.PAGES
    key, _ = path.read_text("utf-8").split("\n", 1)
    if damage == "garbage":
        path.write_bytes(b"\x00\xff{not json")
    elif damage == "not-a-mapping":
        path.write_text(key + "\n[1, 2, 3]", "utf-8")
    else:  # kept by another version of the checks
        path.write_text(json.dumps([str(repo.root / "docs"), []]) + "\n" + json.dumps({"guide.md": "1:2:3:4"}), "utf-8")
    reads.clear()
    check(request(repo))
    assert reads == ["guide.md", "howto.md", "index.md"]


def test_a_stamp_as_new_as_the_check_is_not_trusted(repo: Repo, reads: list[str]) -> None:
    """A file written within the clock's resolution of the check could change again unseen."""
    check(request(repo))
    reads.clear()
    check(request(repo))
    assert reads == ["guide.md", "howto.md", "index.md"]


def test_contributor_files_are_validated_again_when_any_changes(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "RACY_NS", 0)
    calls: list[int] = []
    real = checks.contributors

    def counting(folder: Path, validate, cache):  # type: ignore[no-untyped-def]
        return real(folder, lambda: calls.append(1) or validate(), cache)  # type: ignore[func-returns-value]

    monkeypatch.setattr(checks, "contributors", counting)
    check(request(repo))
    check(request(repo))
    assert len(calls) == 1
    repo.contributor("bo", ("Bo Berg", "bo@x.test"))
    check(request(repo))
    assert len(calls) == 2
    repo.write("contributors/bo.yml", "name: Bo\nemails: [ana@x.test]\n")
    with pytest.raises(CommittedError, match="contributors/bo.yml:2: the email of `bo`"):
        check(request(repo))


def wait_past_the_racy_window() -> None:
    """Let the files just written grow old enough for their stamps to be trusted, as they are
    when a build runs a few seconds after the last edit."""
    time.sleep(checks.RACY_NS / 1e9 + 0.1)


def test_a_page_made_non_utf8_after_a_successful_build_stops_the_next_build(repo: Repo, tmp_path: Path) -> None:
    wait_past_the_racy_window()
    assert build(repo.root, tmp_path / "site").returncode == 0
    kept = json.loads((repo.root / ".cache/committed" / checks.PAGES).read_text("utf-8").split("\n", 1)[1])
    assert sorted(kept) == ["guide.md", "howto.md", "index.md"]  # the warm path is in play

    repo.write("docs/guide.md", "---\ntitle: Guide\n---\n# Guide\n\nna\xefve\n".encode("latin-1"))
    proc = build(repo.root, tmp_path / "site")
    assert proc.returncode != 0
    assert "docs/guide.md: line 6 is not valid UTF-8 (byte 0xef)" in proc.stderr
    assert "Traceback" not in proc.stderr

    repo.write("docs/guide.md", page("Guide"))
    repo.write("contributors/ana.yml", "name: Ana\nemails: [ana@x.test\noffice: Lisbon\n")
    proc = build(repo.root, tmp_path / "site")
    assert proc.returncode != 0
    assert "contributors/ana.yml:3: invalid YAML" in proc.stderr and "Traceback" not in proc.stderr


def test_the_page_list_kept_for_mkdocs_equals_what_get_files_finds(repo: Repo) -> None:
    """MkDocs' file listing (a File per file) is kept under the docs folder's names and the options
    that decide: after each change below, the kept answer equals get_files' own."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from committed.mkdocs import shared

    def both() -> tuple[tuple[str, ...], tuple[str, ...]]:
        config = load_config(config_file=str(repo.root / "mkdocs.yml"))
        direct = tuple(sorted(f.src_uri for f in get_files(config).documentation_pages() if f.generated_by is None))
        return shared.request(config).page_paths, direct

    kept_file = repo.root / ".cache/committed" / shared.PAGES
    first, direct = both()
    assert first == direct == ("guide.md", "howto.md", "index.md")
    key, _ = kept_file.read_text("utf-8").split("\n", 1)
    kept_file.write_text(key + "\n" + json.dumps(["marked.md"]), "utf-8")
    assert both()[0] == ("marked.md",)  # the same names: the kept answer, no File made
    kept_file.unlink()
    steps = [
        lambda: repo.write("docs/guide.md", page("Same names, new text")),
        lambda: repo.write("docs/team/new.md", page("New")),
        lambda: repo.write("docs/team/README.md", page("Readme")),
        lambda: repo.write("docs/team/index.md", page("Index beats the readme")),
        lambda: repo.write("docs/.hidden/secret.md", page("Hidden")),
        lambda: repo.write("docs/notes.txt", "not a page\n"),
        lambda: (repo.root / "docs/howto.md").unlink(),
        lambda: repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text("utf-8") + "exclude_docs: team/new.md\n"),
        lambda: repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text("utf-8") + "use_directory_urls: false\n"),
    ]
    seen = {first}
    for step in steps:
        step()
        kept, direct = both()
        assert kept == direct
        seen.add(kept)
        assert both()[0] == direct  # read back from the kept file
    assert len(seen) >= 5

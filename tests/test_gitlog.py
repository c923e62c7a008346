"""The log parser's records, byte for byte as git wrote them (real git repositories)."""

from __future__ import annotations

from pathlib import Path

from committed.gitio import open_repository
from committed.gitlog import read_log
from committed.records import ChangeKind, Commit, Identity, PageChange, utc
from gitrepo import ANA, Repo, day


def test_invalid_utf8_odd_white_space_type_changes_and_reverts(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("docs/a.md", "one\ntwo\n")
    first = repo.commit("Add a", date=day(1))
    repo.write("docs/a.md", "one\ntwo\nthree\n")
    repo.write("docs/b.md", "bee\n")
    repo.git("add", "-A")
    tree = repo.git("write-tree").strip()
    # Bytes that are not UTF-8 (git commit would have converted them): written as the object itself.
    raw = (f"tree {tree}\nparent {first}\n".encode() + b"author Ren\xe9 \xc2\xa0 <r\xe9@x.test> 1767348000 +0000\n"
           b"committer Bo <bo@x.test> 1767351600 +0200\n\n\xc2\xa0 Caf\xe9 \xe2\x82\nBody.\n\n"
           b"This reverts commit " + first[:9].encode() + b".\n")
    second = repo.git("hash-object", "-t", "commit", "-w", "--stdin", "--literally", input=raw).strip()
    repo.git("reset", "-q", "--soft", second)
    (repo.root / "docs/b.md").unlink()
    (repo.root / "docs/b.md").symlink_to("a.md")
    third = repo.commit("b is a link", date=day(3))
    git = open_repository(repo.root)
    assert git is not None

    newest, middle, oldest = read_log(git, ("HEAD",), ("docs",))

    odd = Identity("Ren\ufffd \u00a0", "r\ufffd@x.test")
    assert middle == Commit(second, (first,), odd, Identity("Bo", "bo@x.test"), utc(1767348000), utc(1767351600),
                            "Caf\ufffd \ufffd", reverts=first[:9], changes=(
                                PageChange(ChangeKind.MODIFIED, "docs/a.md", None, 1, 0),
                                PageChange(ChangeKind.ADDED, "docs/b.md", None, 1, 0)))
    assert newest.sha == third and newest.subject == "b is a link" and newest.reverts is None
    assert newest.changes == (PageChange(ChangeKind.MODIFIED, "docs/b.md", None, 1, 1),)  # T: a type change
    assert oldest.author == Identity(*ANA) and oldest.parents == ()


def test_every_git_process_maps_a_bounded_part_of_the_packs(tmp_path: Path) -> None:
    """git's defaults map up to 8 GiB of pack files per process, counted in its resident memory:
    Committed's git processes map at most 32 MiB, in windows of 16 MiB (gitio.BOUNDED)."""
    repo = Repo(tmp_path)
    repo.write("docs/a.md", "# A\n")
    repo.commit("A", author=ANA, date=day(1))
    found = open_repository(repo.root)
    assert found is not None
    assert found.run("config", "--get", "core.packedGitLimit").strip() == "32m"
    assert found.run("config", "--get", "core.packedGitWindowSize").strip() == "16m"

"""Pages copied or split from another page keep credit where git's copy detection sees it.

Real git repositories: git's ``-C`` pairs an added page with a page the same commit changed when
at least half of it came from there. The copy's creator is whoever created its source, and the
source's improvers up to the copy are its improvers; whoever copied it earns what an improvement
earns for the lines they added, never a new page. Expected points come from ``Weights()`` and
``line_points``, so a change of default weights changes the expectations with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from committed.cli import main
from committed.config import Settings
from committed.history import read_history
from committed.knowledge import KnowledgeBase, load
from committed.scoring import BREADTH, Weights, line_points
from gitrepo import Repo

ANA = ("Ana Lima", "ana@x.test")
BO = ("Bo Berg", "bo@x.test")
CY = ("Cy Chen", "cy@x.test")
DEE = ("Dee Diaz", "dee@x.test")
W = Weights()


def day(n: int) -> str:
    return f"2025-03-{n:02d}T10:00:00Z"


def text(n: int, who: str, topic: str = "page") -> str:
    return "".join(f"{who} wrote line {i} about the {topic}, in words of their own.\n" for i in range(n))


def lp(lines: int) -> float:
    return round(line_points(lines, W), 1)


def kb(repo: Repo, cache: Path | None = None) -> KnowledgeBase:
    return load(Settings(root=repo.root, docs_dir="docs", cache_dir=str(cache) if cache else None))


def credits(base: KnowledgeBase) -> dict[str, tuple[list[str], list[str]]]:
    return {path: (info.created_by, info.improved_by) for path, info in sorted(base.pages.items())}


def events(base: KnowledgeBase, slug: str) -> list[tuple[str, str, float, str | None, str | None]]:
    return [(e.side.value, e.kind, e.points, e.page, e.other) for e in base.scoreboard.events.get(slug, [])]


def improvement(page: str, lines: int, owner: str) -> list[tuple[str, str, float, str | None, str | None]]:
    """What a substantive improvement of ``lines`` lines to ``owner``'s page earns, the first with them."""
    return [("teach", "content", lp(lines), page, None), ("teach", BREADTH, W.breadth_page, page, None),
            ("learn", "improve", W.improve, page, owner), ("learn", BREADTH, W.breadth_colleague, page, owner)]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "kb")


def test_a_page_copied_then_edited(repo: Repo, tmp_path: Path) -> None:
    vpn = "# VPN\n" + text(30, "ana", "vpn")
    repo.write("docs/vpn.md", vpn)
    repo.commit("VPN page", author=ANA, date=day(1))
    vpn += text(5, "bo", "vpn")
    repo.write("docs/vpn.md", vpn)
    repo.commit("VPN: the Linux client", author=BO, date=day(2))
    # Cy copies the page for the Berlin office, adds what differs there, and links it.
    repo.write("docs/vpn-berlin.md", vpn + text(4, "cy", "berlin office"))
    repo.write("docs/vpn.md", vpn + "In Berlin, see the Berlin VPN page.\n")
    repo.commit("VPN for Berlin", author=CY, date=day(3))
    repo.write("docs/vpn-berlin.md", vpn + text(4, "cy", "berlin office") + text(3, "dee", "berlin desk"))
    repo.commit("Berlin: the help desk", author=DEE, date=day(4))

    history = read_history(repo.root)
    assert [(source, copy) for _, source, copy in history.copies] == [("vpn.md", "vpn-berlin.md")]
    change = next(e.change for e in history.edits if e.file == "vpn-berlin.md" and e.commit.author.name == "Cy Chen")
    assert (change.old_path, change.added, change.removed) == ("docs/vpn.md", 4, 0)
    base = kb(repo)
    assert credits(base) == {"vpn-berlin.md": (["ana-lima"], ["bo-berg", "cy-chen", "dee-diaz"]),
                             "vpn.md": (["ana-lima"], ["bo-berg", "cy-chen"])}
    assert base.scoreboard.creators["vpn-berlin.md"] == frozenset({"ana-lima"})
    assert base.pages["vpn-berlin.md"].created_at is not None and base.pages["vpn-berlin.md"].created_at.day == 3
    # The copier earns an improvement for the 4 lines they wrote (and a small fix for the link), no new page.
    assert events(base, "cy-chen") == [*improvement("vpn-berlin.md", 4, "ana-lima"), ("teach", "content", lp(1), "vpn.md", None)]
    assert events(base, "dee-diaz") == improvement("vpn-berlin.md", 3, "ana-lima")
    assert [e[1] for e in events(base, "ana-lima")] == ["create", "content", BREADTH]  # the copy earns her nothing
    assert [e[3] for e in events(base, "bo-berg")] == ["vpn.md"] * 4
    assert base.activity["ana-lima"].created == ["vpn.md", "vpn-berlin.md"]  # her profile lists what credits her
    assert sorted(base.activity["cy-chen"].improved) == ["vpn-berlin.md", "vpn.md"]
    # The same through the cache, cold and then warm.
    cache = tmp_path / "cache"
    assert credits(kb(repo, cache)) == credits(base)
    assert credits(kb(repo, cache)) == credits(base)


def test_a_page_split_into_two(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    install, trouble = "## Install\n" + text(20, "ana", "install"), "## Troubleshooting\n" + text(24, "ana", "errors")
    repo.write("docs/guide.md", "# Guide\n" + install + trouble)
    repo.commit("Guide", author=ANA, date=day(1))
    trouble += text(4, "bo", "errors")
    repo.write("docs/guide.md", "# Guide\n" + install + trouble)
    repo.commit("Two more errors", author=BO, date=day(2))
    # Cy moves the troubleshooting section to a page of its own: text moved, none written.
    repo.write("docs/guide.md", "# Guide\n" + install + "See the troubleshooting page.\n")
    repo.write("docs/troubleshooting.md", trouble)
    repo.commit("Split the guide", author=CY, date=day(3))
    base = kb(repo)
    assert credits(base) == {"guide.md": (["ana-lima"], ["bo-berg", "cy-chen"]),
                             "troubleshooting.md": (["ana-lima"], ["bo-berg"])}
    # Trimming the guide is an improvement of it (as any rewrite is); the page split off earns Cy nothing.
    assert events(base, "cy-chen") == improvement("guide.md", 1, "ana-lima")
    assert [e[1] for e in events(base, "ana-lima")] == ["create", "content", BREADTH]
    main(["doctor", "--repo", str(repo.root), "--no-cache"])
    out = capsys.readouterr().out
    assert re.search(r"^Copies and splits followed \(credited to their source's writers\) \(1\)\n"
                     r"  [0-9a-f]{12} guide\.md -> troubleshooting\.md$", out, re.M)
    # What the new page left out of its source was removed from no page: Cy owes nothing on it.
    repo.write("docs/troubleshooting.md", trouble + text(3, "cy", "errors"))
    repo.commit("Troubleshooting: proxies", author=CY, date=day(4))
    base = kb(repo)
    page = "troubleshooting.md"
    assert events(base, "cy-chen")[4:] == [("teach", "content", lp(3), page, None),
                                           ("teach", BREADTH, W.breadth_page, page, None),
                                           ("learn", "improve", W.improve * W.pair_decay, page, "ana-lima"),
                                           ("learn", BREADTH, W.breadth_colleague, page, "ana-lima")]
    assert credits(base)["troubleshooting.md"] == (["ana-lima"], ["bo-berg", "cy-chen"])


def test_a_genuinely_new_page_credits_its_writer(repo: Repo) -> None:
    front = "---\ntopic: it\nowner: ana-lima\ntags: [it, network]\n---\n"
    repo.write("docs/vpn.md", front + "# VPN\n" + text(20, "ana", "vpn"))
    repo.commit("VPN page", author=ANA, date=day(1))
    # Same commit, same front matter, a link from the old page: everything -C looks at, and a new page.
    repo.write("docs/vpn.md", front + "# VPN\n" + text(20, "ana", "vpn") + "See also the Wi-Fi page.\n")
    repo.write("docs/wifi.md", front + "# Wi-Fi\n" + text(20, "cy", "wifi"))
    repo.commit("Wi-Fi page", author=CY, date=day(2))
    history = read_history(repo.root)
    assert history.copies == ()
    base = kb(repo)
    assert credits(base) == {"vpn.md": (["ana-lima"], ["cy-chen"]), "wifi.md": (["cy-chen"], [])}
    assert ("teach", "create", W.create_page, "wifi.md", None) in events(base, "cy-chen")

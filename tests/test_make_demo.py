"""scripts/make_demo.py: a small, seeded demo knowledge base that the history engine reads."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from random import Random

import pytest
import yaml

from committed.history import read_history
from committed.records import PERSON_TRAILERS, ChangeKind

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_demo.py"
sys.path.insert(0, str(SCRIPT.parent))
from demo.people import Person, make_people  # noqa: E402 - the generator's own code (scripts/demo/)
from demo.vocabulary import OFFICES  # noqa: E402
from make_demo import ABOUT_PAGES, RELEASES  # noqa: E402 - the script's own lists

SMALL = ("--pages", "30", "--commits", "200", "--people", "10", "--seed", "7")
FRONT_MATTER_KEYS = ["title", "topic", "tags", "owner", "last_reviewed"]


def make(out: Path, *extra: str) -> str:
    proc = subprocess.run([sys.executable, str(SCRIPT), str(out), *SMALL, *extra],
                          capture_output=True, text=True, check=True)
    return proc.stdout


def head(repo: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    repo = tmp_path_factory.mktemp("demo") / "kb"
    summary = make(repo)
    figures = {key: int(n) for n, key in re.findall(r"(\d+) (commits|touching docs|merges|renames|reverts)", summary)}
    return repo, figures


@pytest.fixture(scope="module")
def history(demo):  # noqa: ANN001, ANN201
    return read_history(demo[0], "docs")


def test_same_arguments_give_the_same_repository(demo, tmp_path: Path) -> None:
    again = tmp_path / "again"
    make(again)
    assert head(again) == head(demo[0])
    make(again, "--force", "--seed", "8")
    assert head(again) != head(demo[0])


def test_refuses_a_non_empty_directory_without_force(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    proc = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), *SMALL], capture_output=True, text=True)
    assert proc.returncode == 2 and (tmp_path / "keep.txt").exists()


def test_work_tree_is_checked_out_and_clean(demo) -> None:
    repo, figures = demo
    assert figures["commits"] == 200
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    assert status == ""
    assert (repo / "mkdocs.yml").is_file() and (repo / "docs" / "index.md").is_file()
    assert (repo / "docs" / "assets" / "office-map.png").read_bytes().startswith(b"\x89PNG")
    assert list((repo / "docs").rglob("* *.md")), "a page with a space in its name"


def test_pages_have_the_front_matter(demo) -> None:
    pages = sorted((demo[0] / "docs").rglob("*.md"))
    assert len(pages) >= 25
    for page in pages:
        text = page.read_text("utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        assert list(meta) == FRONT_MATTER_KEYS, page
        assert isinstance(meta["tags"], list) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["last_reviewed"]))
        about = page.relative_to(demo[0]).as_posix() in ABOUT_PAGES  # this repository's own pages
        assert about or body.lstrip().startswith(f"# {meta['title']}")
        assert about or "confidential" not in text.lower()
        assert not re.search(r"[\w.]+@(?![\w-]*\.?example\b)[\w-]+\.\w+", text), page


def test_the_demo_is_self_consistent(demo, tmp_path: Path) -> None:
    """The About section the README points to, the pages it links to, a guidelines file whose
    topics and exceptions are the demo's own, a requirements.txt of versions that exist, and a
    guideline check with no error."""
    repo = demo[0]
    assert (repo / "docs" / "committed" / "index.md").is_file()
    assert "docs/committed/index.md" in (SCRIPT.parents[1] / "README.md").read_text("utf-8")
    guidelines = yaml.safe_load((repo / "guidelines.yml").read_text("utf-8"))
    folders = {p.name for p in (repo / "docs").iterdir() if p.is_dir() and p.name != "assets"}
    assert set(guidelines["topics"]) == folders
    for exception in guidelines.get("exceptions") or []:
        for path in exception["paths"]:
            assert list(repo.glob(path)), f"guidelines.yml has an exception for {path}, which the demo lacks"
    pins = [ln for ln in (repo / "requirements.txt").read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    assert pins and all(re.fullmatch(r"[a-z-]+==\d+(\.\d+)+", ln) for ln in pins)
    for pin in pins:
        name, version = pin.split("==")
        assert version in RELEASES[name], pin  # real releases only (make_demo.RELEASES)
    proc = subprocess.run([sys.executable, "-m", "committed.cli", "lint", "docs"], cwd=repo, capture_output=True,
                          text=True)
    assert " 0 errors" in proc.stdout.splitlines()[-1] or proc.stdout.splitlines()[-1].startswith("0 errors"), proc.stdout[-2000:]
    assert (repo / ".github" / "ISSUE_TEMPLATE" / "page-request.yml").is_file()


def test_contributor_files_parse(demo) -> None:
    files = sorted((demo[0] / "contributors").glob("*.yml"))
    assert files
    for path in files:
        person = yaml.safe_load(path.read_text("utf-8"))
        assert {"name", "emails", "office", "team", "role", "bio"} <= set(person), path
        assert all(email.endswith("@example.com") for email in person["emails"])
    names = {yaml.safe_load(p.read_text("utf-8"))["name"] for p in files}
    assert {"Zoë Ångström", "Łukasz Wójcik", "José Núñez"} <= names


def test_history_has_every_kind_of_commit(history) -> None:
    commits = history.commits
    assert any(c.is_merge for c in commits)
    assert any(ch.kind is ChangeKind.RENAMED for c in commits for ch in c.changes)
    assert any(ch.kind is ChangeKind.DELETED for c in commits for ch in c.changes)
    assert any(ch.binary for c in commits for ch in c.changes)
    assert {t.key for c in commits for t in c.trailers} == set(PERSON_TRAILERS)
    assert any(c.committer.name == "GitHub" and not c.is_merge for c in commits)
    assert any(c.author.name.endswith("[bot]") for c in commits)
    shas = {c.sha for c in commits}
    assert any(c.reverts in shas for c in commits), "a revert pair"
    assert history.cancelled and history.ignored


def test_history_has_every_commit_touching_docs(demo, history) -> None:
    """Including pull-request merges whose tree equals their branch's (they carry the reviews)."""
    figures = demo[1]
    assert len(history.commits) == figures["touching docs"]
    assert sum(c.is_merge for c in history.commits) == figures["merges"]


def test_any_number_of_people_gets_unique_names_and_slugs() -> None:
    """More people than "first last" combinations (60 x 44): names gain parts instead of looping
    forever; the only people who share a name are a large company's namesakes (1 %)."""
    people = make_people(Random(3), 6000, 0, 1000)
    assert len(people) == 6000
    assert len({p.name for p in people}) == 6000 - 60
    assert len({p.slug for p in people}) == 6000
    assert len({p.email for p in people}) == 6000
    assert any(len(p.name.split()) > 2 for p in people)  # longer names once the short ones ran out
    assert sum(len(p.name.split()) == 2 for p in people) > 1500  # most names stay "first last"


def test_an_adopters_demo_reads_true(tmp_path: Path) -> None:
    """--adopter: pages start at the root, move to _pages/ then docs/, people split across e-mails
    and spellings with no .mailmap, one import commit; Committed still names the true creators."""
    from demo_truth import measure

    repo, truth = tmp_path / "kb", tmp_path / "truth.json"
    subprocess.run([sys.executable, str(SCRIPT), str(repo), "--pages", "40", "--commits", "400", "--people", "16",
                    "--seed", "3", "--adopter", "--truth", str(truth)], capture_output=True, text=True, check=True)
    assert not (repo / ".mailmap").exists()
    history = read_history(repo, "docs")
    olds = {old.split("/", 1)[0] for _, old, _ in history.moves}
    assert "_pages" in olds and len(olds) > 1  # the root folders and _pages/ were both followed
    figures = measure(repo, truth)
    assert figures["share crediting their true creator"] >= 0.95, figures
    assert figures["people who are several humans"] == 0, figures
    # every human still split is one doctor lists (a contributor's name on an address the file lacks)
    assert figures["humans split into several people"] <= figures["likely duplicates committed doctor lists"], figures


def test_a_large_company_has_offices_and_namesakes_a_small_one_six_offices() -> None:
    small = make_people(Random(3), 400, 0, 1000)
    assert {p.office for p in small} == set(OFFICES) and len({p.name for p in small}) == 400
    people = make_people(Random(3), 5000, 0, 1000)
    sizes = Counter(p.office for p in people)
    assert len(sizes) == 25 and set(OFFICES) < set(sizes)
    assert max(sizes.values()) > 10 * min(sizes.values())  # a headquarters and small new offices
    by_name: dict[str, list[Person]] = {}
    for p in people:
        by_name.setdefault(p.name, []).append(p)
    namesakes = [group for group in by_name.values() if len(group) > 1]
    assert len(namesakes) == 50 and all(len(group) == 2 for group in namesakes)
    for first, second in namesakes:  # told apart by their own contributor file and e-mail, never an alias
        assert second.slug == f"{first.slug}-2" and second.email != first.email
        assert first.profile_file and second.profile_file and second.alias_email is None

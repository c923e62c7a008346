"""Privacy levels (``committed/profiles`` option ``privacy``): named, opt-in, aggregate.

At each level, a real history and a real ``mkdocs build --strict``; then every output is searched
for a named score, tier or rank of each person who is not to be named: the pages (profiles, people
index, leaderboard), the search index, stats.json, people.csv and ``committed stats``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import Repo, clean_env
from sitebuild import built, mkdocs_yml

pytestmark = pytest.mark.slow

ANA = ("Ana Lima", "ana@corp.test")  # leaderboard: true
BO = ("Bo Berg", "bo@corp.test")  # says nothing
CY = ("Cy Chen", "cy@corp.test")  # leaderboard: false
TIERS = ("committed", "teacher", "learner", "inactive")
NAMED = {"named": {"ana", "bo"}, "opt-in": {"ana"}, "aggregate": set()}


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\n---\n# {title}\n\n{body}\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("kb"))
    repo.contributor("ana", ANA, office="Lisbon", leaderboard="true")
    repo.contributor("bo", BO, office="Berlin")  # says nothing
    repo.contributor("cy", CY, office="Berlin", leaderboard="false")
    repo.write("docs/index.md", page("Home", "Welcome."))
    day = 1
    for author, other, slug in ((ANA, BO, "a"), (BO, CY, "b"), (CY, ANA, "c")):
        repo.write(f"docs/guide/{slug}.md", page(f"Page {slug}", "\n".join(f"Line {i} of {slug}." for i in range(12))))
        repo.commit(f"Write {slug}", author=author, date=f"2026-03-{day:02d}T10:00:00Z")
        day += 1
        repo.write(f"docs/guide/{slug}.md", page(f"Page {slug}", "\n".join(f"Line {i} of {slug}." for i in range(12))
                                                + "\n" + "\n".join(f"Added {i} by a colleague." for i in range(8))))
        repo.commit(f"Improve {slug}", author=other, date=f"2026-03-{day:02d}T10:00:00Z",
                    trailers=[("Reviewed-by", f"{author[0]} <{author[1]}>")])
        day += 1
    return repo


@pytest.fixture(scope="module", params=["named", "opt-in", "aggregate"])
def level(request: pytest.FixtureRequest, repo: Repo, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, str]:
    privacy = request.param
    repo.write("mkdocs.yml", mkdocs_yml("search", ("committed/profiles", {"privacy": privacy}), "committed/leaderboard",
                                        repo_url=None))  # outside docs/: not history
    site = built(repo.root, tmp_path_factory.mktemp(f"site-{privacy}"))
    stats = subprocess.run([sys.executable, "-m", "committed.cli", "stats", "--repo", str(repo.root), "--no-cache"],
                           capture_output=True, text=True, env=clean_env(NO_MKDOCS_2_WARNING="1"), check=False)
    assert stats.returncode == 0, stats.stderr
    stats_json = subprocess.run([sys.executable, "-m", "committed.cli", "stats", "--repo", str(repo.root), "--no-cache",
                                 "--format", "json"], capture_output=True, text=True,
                                env=clean_env(NO_MKDOCS_2_WARNING="1"), check=False)
    assert stats_json.returncode == 0, stats_json.stderr
    return privacy, site, stats.stdout + "\n" + stats_json.stdout


def _profile(site: Path, slug: str) -> str:
    return (site / "people" / slug / "index.html").read_text("utf-8")


def test_nobody_not_to_be_named_has_a_score_tier_or_rank_anywhere(level: tuple[str, Path, str]) -> None:
    privacy, site, stats_out = level
    named = NAMED[privacy]
    people = {"ana": "Ana Lima", "bo": "Bo Berg", "cy": "Cy Chen"}
    board = (site / "leaderboard" / "index.html").read_text("utf-8")
    ranking = board.split(">Ranking</h2>")[1].split("<h2")[0]
    doc = json.loads((site / "committed" / "stats.json").read_text("utf-8"))
    rows = list(csv.DictReader(io.StringIO((site / "committed" / "people.csv").read_text("utf-8"))))
    index = (site / "people" / "index.html").read_text("utf-8")
    search = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    for slug, name in people.items():
        profile = _profile(site, slug)
        head = [d["text"] for d in search if d["location"].startswith(f"people/{slug}/")]
        entry = index.split(f">{name}</a>")[1].split("</li>")[0]
        if slug in named:
            assert name in ranking and "committed-tier" in profile and 'id="scores"' in profile
            assert slug in [p["slug"] for p in doc["people"]] and slug in [r["slug"] for r in rows]
            assert "committed-tier" in entry
        else:
            assert name not in board and f"/people/{slug}/" not in board, (privacy, slug)
            assert "committed-tier" not in profile and 'id="scores"' not in profile and "Why these scores" not in profile
            assert "committed-tier" not in entry, (privacy, slug, entry)
            assert all(not any(t in text for t in TIERS) for text in head), (privacy, slug, head)
            assert f'"{slug}"' not in json.dumps(doc) and slug not in [r["slug"] for r in rows]
            assert name not in stats_out and f"({slug})" not in stats_out and f'"{slug}"' not in stats_out
    # The group is counted whoever is named: Ana and Bo teach and learn at every level.
    assert doc["windows"][0]["totals"]["committed"] >= 2
    assert re.search(r'<strong class="committed-headline__committed">[23]</strong>', board)


def test_the_level_is_said_where_names_are_missing(level: tuple[str, Path, str]) -> None:
    privacy, site, _ = level
    board = (site / "leaderboard" / "index.html").read_text("utf-8")
    cy = _profile(site, "cy")
    if privacy == "aggregate":
        assert "names no one with a score, tier or rank" in board
        assert "figures are for groups only" in cy
    elif privacy == "opt-in":
        assert "Only people who asked to be ranked" in board
        assert "only for people who asked for it" in _profile(site, "bo")
    else:
        assert "they opted out" in cy

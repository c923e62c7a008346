"""End to end: the hand-worked fixture history -> real `mkdocs build --strict` -> the leaderboard
page, stats.json and people.csv (expected figures: see test_analytics.py's docstring)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from gitrepo import Repo
from sitebuild import build, built
from test_analytics import DEE_NAME, EMAILS, make_fixture

pytestmark = pytest.mark.slow

MKDOCS_YML = """\
site_name: Fixture KB
theme:
  name: material
  font: false
plugins:
  - committed/profiles
  - committed/leaderboard:
      path: team/leaderboard.md
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - pymdownx.tabbed:
      alternate_style: true
"""



@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = make_fixture(tmp_path_factory.mktemp("kb"))
    repo.write("mkdocs.yml", MKDOCS_YML)  # outside docs/: not part of the history read
    return repo


@pytest.fixture(scope="module")
def site(kb: Repo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(kb.root, tmp_path_factory.mktemp("site"))


def _article(site: Path) -> str:
    html = (site / "team/leaderboard/index.html").read_text("utf-8")
    return html[html.index("<article"):html.index("</article>")]


def _tab(article: str, key: str) -> str:
    """The first tab block of window ``key`` (the committed-group section)."""
    start = article.index(f'data-committed-window="{key}"')
    return article[start:article.index('<div class="tabbed-block"', start + 1)]


def test_page_has_tabs_headline_and_rankings(site: Path) -> None:
    article = _article(site)
    assert re.search(r"<h1[^>]*>Leaderboard", article)
    labels = re.findall(r'<label for="__tabbed_1_\d">([^<]+)</label>', article)
    assert labels == ["Last 90 days", "Last 12 months", "All time"]
    tab = _tab(article, "90d")
    assert '<strong class="committed-headline__committed">2</strong>' in tab
    assert "+2 on the previous 90 days (0)" in tab
    assert '<strong class="committed-headline__share">50%</strong> of 4' in tab
    roster, teachers, learners = re.split(r"<h3>(?:Top teachers|Top learners)</h3>", tab.split("<h3>Committed roster</h3>")[1])
    # Ben has no profile page: plain text, with his tier badge and scores.
    assert re.search(r'<th scope="row">Ben Berg</th><td><span class="committed-tier committed-tier--committed">'
                     r"committed</span></td><td>28.0</td><td>13.0</td>", roster)
    names = lambda part: re.findall(r'<th scope="row">(?:<a href="([^"]+)">)?([^<]+)', part)  # noqa: E731
    assert names(teachers) == [("", "Ben Berg"), ("../../people/ana/", "Ana Lima"),
                               ("../../people/dee/", 'Dee &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;')]
    assert [n for _, n in names(learners)] == ["Ben Berg", names(teachers)[2][1], "Ana Lima"]
    assert (site / "people/ana/index.html").is_file()  # the link goes somewhere


def test_charts_flow_growth_and_health(site: Path) -> None:
    article = _article(site)
    assert article.count('role="img"') == 1 + 2 * 3 + 3  # trend; offices and teams per tab; flow per tab
    trend = article[article.index('id="committed-trend"'):]
    assert "<title id=\"committed-trend-title\">Monthly trend (trailing 90 days)</title>" in trend
    rows = re.findall(r'<tr><th scope="row">(2026-\d\d)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>',
                      trend)
    assert rows == [("2026-02", "2", "1", "0", "0"), ("2026-03", "3", "1", "0", "0"), ("2026-04", "4", "2", "1", "1"),
                    ("2026-05", "4", "2", "1", "1"), ("2026-06", "4", "3", "3", "2")]
    flow = article[article.index('id="committed-flow-90d"'):article.index('id="committed-flow-365d"')]
    assert "7 of 8 improvements, reviews and acknowledgements (88%) crossed offices." in article
    assert re.findall(r'<tr><th scope="row">(\w+)</th><td>(\d+)</td><td>(\d+)</td></tr>', flow) == [
        ("Berlin", "0", "2"), ("Lisbon", "5", "1")]
    assert "var(--md-primary-fg-color" in flow and "#" not in re.sub(r"#fff|&#\d+;", "", flow.split("</svg>")[0])
    assert re.search(r'<a href="../../people/ana/">Ana Lima</a></th><td><span class="committed-tier '
                     r'committed-tier--teacher">teacher</span></td><td>28.0</td><td>7.0</td><td>3.0 learning', article)
    assert "<strong>ops</strong> (1 page): only <a href=\"../../people/dee/\">" in article
    # Page E (no heading: titled by its file name) is both quiet and the oldest unreviewed page.
    assert article.count('<a href="../../ops/e/">e</a>') == 2
    assert "4 of 5 pages (80%) were reviewed in the last 365 days" in article
    assert "last reviewed 2025-01-01" in article


def test_no_script_no_email_no_opt_out_anywhere(site: Path) -> None:
    html = (site / "team/leaderboard/index.html").read_text("utf-8")
    assert DEE_NAME not in html and "<script>alert" not in html
    assert "Cy Chen" not in html and "/people/cy/" not in html
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".js", ".txt"):
            text = path.read_text("utf-8", "replace")
            for email in EMAILS:
                assert email not in text, f"{email} published in {path.relative_to(site)}"


def test_json_and_csv_exports(site: Path) -> None:
    doc = json.loads((site / "committed/stats.json").read_text("utf-8"))
    assert doc["schema_version"] == 1
    assert doc["now"] == "2026-06-30T12:00:00Z"
    assert [w["key"] for w in doc["windows"]] == ["90d", "365d", "all"]
    w90 = doc["windows"][0]
    assert w90["totals"] == {"active": 4, "teachers": 3, "learners": 3, "committed": 2, "committed_share": 0.5}
    assert w90["previous"]["committed"] == 0 and w90["committed_change"] == 2
    assert w90["rankings"] == {"teachers": ["ben", "ana", "dee"], "learners": ["ben", "dee", "ana"],
                               "committed": ["ben"]}
    assert w90["flow"] == {"offices": ["Berlin", "Lisbon"], "counts": [[0, 2], [5, 1]], "total": 8, "crossing": 7}
    assert [(m["month"], m["committed"]) for m in doc["months"]] == [
        ("2026-02", 0), ("2026-03", 0), ("2026-04", 1), ("2026-05", 1), ("2026-06", 2)]
    assert [p["slug"] for p in doc["people"]] == ["ana", "ben", "dee"]
    assert doc["people"][0] == {"slug": "ana", "office": "Lisbon", "team": "Platform", "windows": {
        "90d": {"tier": "teacher", "teach": 28.0, "learn": 7.0, "total": 35.0, "pages_taught": 2, "colleague_pages": 1},
        "365d": {"tier": "committed", "teach": 49.0, "learn": 13.0, "total": 62.0, "pages_taught": 3,
                 "colleague_pages": 2},
        "all": {"tier": "committed", "teach": 49.0, "learn": 13.0, "total": 62.0, "pages_taught": 3,
                "colleague_pages": 2}}}
    assert doc["growth"]["single_teacher_topics"] == [{"topic": "ops", "pages": 1, "teacher": "dee"}]
    assert doc["health"]["reviewed"] == 4 and doc["health"]["pages"] == 5
    rows = list(csv.DictReader(io.StringIO((site / "committed/people.csv").read_text("utf-8"))))
    assert [r["slug"] for r in rows] == ["ana", "ben", "dee"]
    assert rows[1]["90d_tier"] == "committed" and rows[1]["90d_teach"] == "28.0" and rows[1]["office"] == "Berlin"


def test_same_commit_builds_byte_identical_outputs(kb: Repo, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    proc = build(kb.root, again)
    assert proc.returncode == 0, proc.stderr
    for rel in ("team/leaderboard/index.html", "committed/stats.json", "committed/people.csv"):
        assert (again / rel).read_bytes() == (site / rel).read_bytes(), rel

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
from sitebuild import build, built, mkdocs_yml
from test_analytics import DEE_NAME, EMAILS, make_fixture

pytestmark = pytest.mark.slow


def site_yml(**leaderboard: object) -> str:
    """The fixture site, its leaderboard under team/ with ``leaderboard`` options."""
    return mkdocs_yml("committed/profiles", ("committed/leaderboard", {"path": "team/leaderboard.md", **leaderboard}),
                      repo_url=None)


MKDOCS_YML = site_yml()


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


def _section(article: str, heading: str) -> str:
    """The part of the page under the ``<h2>`` whose text is ``heading``."""
    start = article.index(f">{heading}</h2>")
    nxt = article.find("<h2", start)
    return article[start:nxt if nxt >= 0 else len(article)]


def test_first_screen_is_the_committed_group_its_change_and_how_the_groups_relate(site: Path) -> None:
    article = _article(site)
    assert re.search(r"<h1[^>]*>Leaderboard", article)
    dash = article[article.index('<div class="committed-dash">'):article.index(">Trend</h2>")]
    assert '<strong class="committed-headline__committed">2</strong>' in dash
    # The change is coloured, and an arrow and a sign say it without colour.
    assert re.search(r'<span class="committed-delta committed-delta--up"><span aria-hidden="true">▲ </span>\+2</span> '
                     r"<span>on the previous 90 days \(was 0\)</span>", dash)
    assert '<strong class="committed-headline__share">50%</strong> of 4 active contributors' in dash
    # committed = teachers ∩ learners, said as such: 2 both, 1 teach only, 1 learn only, 0 below.
    legend = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", dash)]
    assert legend == ["2 committed: they teach and learn", "1 teach only", "1 learn only",
                      "0 active, below both thresholds"]
    assert "3 teachers and 3 learners: the 2 committed are in both, so they add up to 4 active contributors, not 6." in dash
    windows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="committed-num">(\d+)', dash)
    assert [w for w, _ in windows] == ["Last 90 days", "Last 12 months", "All time"]


def test_sections_come_in_the_dashboards_order(site: Path) -> None:
    article = _article(site)
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", article)
    assert headings == ["Trend", "Offices and teams", "One step from committed", "Topics that depend on one person",
                        "Knowledge flow between offices", "Ranking", "Knowledge health"]


def test_one_ranking_table_sortable_in_the_browser(site: Path) -> None:
    article = _article(site)
    assert article.count("data-committed-sort") >= 1 and article.count('class="committed-table committed-ranking"') == 1
    ranking = _section(article, "Ranking")
    # The headline counts Cy (opted out, committed), the ranking does not name him: the page says so.
    assert ("<p class=\"committed-muted committed-ranking__unnamed\">The figures above count 4 active contributors, "
            "2 of them committed, including 1 who opted out of rankings (1 committed): this person is not named "
            "here.</p>") in ranking
    names = re.findall(r'<th scope="row"><bdi class="committed-name">(?:<a href="([^"]+)">)?([^<]+)', ranking)
    assert names == [("", "Ben Berg"), ("../../people/ana/", "Ana Lima"),
                     ("../../people/dee/", 'Dee &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;')]
    # Ben has no profile page: plain text, with his tier badge and scores.
    assert re.search(r'Ben Berg</bdi><span class="committed-ranking__under"><bdi>Berlin</bdi>[^/]*</bdi></span></th>'
                     r'<td data-value="3">'
                     r'<span class="committed-tier committed-tier--committed">committed</span></td>'
                     r'<td class="committed-num">30.0</td><td class="committed-num">13.0</td>', ranking)
    html = (site / "team/leaderboard/index.html").read_text("utf-8")
    assert 'src="../../assets/committed/sort.js"' in html and (site / "assets/committed/sort.js").is_file()
    assert (site / "people/ana/index.html").is_file()  # the link goes somewhere


def test_charts_flow_growth_and_health(site: Path) -> None:
    article = _article(site)
    assert article.count('role="img"') == 1 + 1  # the trend and the flow heatmap (offices and teams are HTML bars)
    trend = article[article.index('id="committed-trend"'):]
    assert "<title id=\"committed-trend-title\">Monthly trend (trailing 90 days)</title>" in trend
    rows = re.findall(r'<tr><th scope="row">(2026-\d\d)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>',
                      trend)
    assert rows == [("2026-02", "2", "1", "0", "0"), ("2026-03", "3", "1", "0", "0"), ("2026-04", "4", "2", "1", "1"),
                    ("2026-05", "4", "2", "1", "1"), ("2026-06", "4", "3", "3", "2")]
    # Offices: sorted by committed share, the lagging one marked in words, values on the bars.
    offices = article[article.index('id="committed-offices"'):article.index('id="committed-teams"')]
    bars = re.findall(r'<li class="committed-bars__row( committed-bars__row--lagging)?"><span class="committed-bars__name">'
                      r'([^<]+)</span> <span class="committed-bars__share">([^<]+)', offices)
    assert bars == [("", "Berlin", "100% committed"), (" committed-bars__row--lagging", "Lisbon", "0% committed ")]
    assert '<span class="committed-lag">below the company</span>' in offices.split("Lisbon")[1]
    assert '<span class="committed-seg committed-seg--both" style="flex-grow: 2">2</span>' in offices
    assert re.search(r"Offices, last 90 days</caption>", offices)  # the same figures as a table
    flow = article[article.index('id="committed-flow"'):]
    assert "7 of 8 improvements, reviews and acknowledgements (88%) crossed offices in the last 90 days." in article
    assert re.findall(r'<tr><th scope="row">(\w+)</th><td>(\d+)</td><td>(\d+)</td></tr>', flow)[:2] == [
        ("Berlin", "0", "2"), ("Lisbon", "5", "1")]
    assert "var(--md-primary-fg-color" in flow and "#" not in re.sub(r"#fff|&#\d+;", "", flow.split("</svg>")[0])
    one_step = _section(article, "One step from committed")
    assert re.search(r'<a href="../../people/ana/">Ana Lima</a></bdi> <span class="committed-tier committed-tier--teacher">'
                     r"teacher</span></span> <span class=\"committed-one-step__next\"><strong>5.0 learning points</strong>",
                     one_step)
    assert "<strong>ops</strong> (1 page): only <bdi class=\"committed-name\"><a href=\"../../people/dee/\">" in article
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
        "90d": {"tier": "teacher", "teach": 30.0, "learn": 5.0, "total": 35.0, "pages_taught": 2, "colleague_pages": 1},
        "365d": {"tier": "committed", "teach": 51.0, "learn": 11.0, "total": 62.0, "pages_taught": 3,
                 "colleague_pages": 2},
        "all": {"tier": "committed", "teach": 51.0, "learn": 11.0, "total": 62.0, "pages_taught": 3,
                "colleague_pages": 2}}}
    assert doc["growth"]["single_teacher_topics"] == [{"topic": "ops", "pages": 1, "teacher": "dee"}]
    assert doc["health"]["reviewed"] == 4 and doc["health"]["pages"] == 5
    rows = list(csv.DictReader(io.StringIO((site / "committed/people.csv").read_text("utf-8"))))
    assert [r["slug"] for r in rows] == ["ana", "ben", "dee"]
    assert rows[1]["90d_tier"] == "committed" and rows[1]["90d_teach"] == "30.0" and rows[1]["office"] == "Berlin"


def test_same_commit_builds_byte_identical_outputs(kb: Repo, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    proc = build(kb.root, again)
    assert proc.returncode == 0, proc.stderr
    for rel in ("team/leaderboard/index.html", "committed/stats.json", "committed/people.csv"):
        assert (again / rel).read_bytes() == (site / rel).read_bytes(), rel


def test_the_ranking_shows_its_first_rows_and_adds_the_next_ones_from_the_site(tmp_path: Path) -> None:
    """`ranking_rows` keeps the page light at any company size: the highest scores on the page, the
    next ones in fragments of as many rows a button adds (sort.js), everyone in people.csv."""
    repo = make_fixture(tmp_path / "kb")
    repo.write("mkdocs.yml", site_yml(ranking_rows=2))
    site = built(repo.root, tmp_path)
    ranking = _section(_article(site), "Ranking")
    row = r'<th scope="row"><bdi class="committed-name">(?:<a href="[^"]+">)?([^<]+)'
    assert re.findall(row, ranking) == ["Ben Berg", "Ana Lima"]  # the first two of the three named above
    assert ("The 2 highest total scores of the 3 people named who contributed in the last 90 days, 1 of them "
            "committed; <span data-committed-js hidden>the button under the table adds the next 2, and </span>"
            'everyone is in <a href="../../committed/people.csv">people.csv</a>.') in ranking
    assert ('<p class="committed-ranking__more" data-committed-more="../../assets/committed/ranking/" '
            'data-committed-rows="2" data-committed-total="3" data-committed-next="2" data-committed-js hidden>'
            '<button type="button" class="md-button" aria-controls="committed-ranking">Show ranks 3–3 of 3</button>') in ranking
    more = (site / "assets/committed/ranking/2.html").read_text("utf-8")
    assert re.findall(row, more) == ['Dee &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;']
    assert '<td class="committed-num">3</td>' in more and 'href="../../people/dee/"' in more  # as from the page
    assert sorted(p.name for p in (site / "assets/committed/ranking").iterdir()) == ["2.html"]

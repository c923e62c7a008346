"""Every explanation adds up: on every profile of a demo knowledge base, the rows of "Why these
scores?" (breadth bonuses included) sum to the scores shown; profiles give the thresholds and the
date "now" is; opted-out people show no tier, on their profile or in the people index."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from committed.config import Settings
from committed.knowledge import load
from committed.render.profiles import people_index, profile_page

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_demo.py"
CELL = r'<td class="committed-explain__{side}">([\d.]*)</td>'


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "kb"
    subprocess.run([sys.executable, str(SCRIPT), str(root), "--pages", "40", "--commits", "400", "--people", "14",
                    "--seed", "11"], check=True, capture_output=True)
    return root


def _column(block: str, side: str) -> list[float]:
    return [float(v) for v in re.findall(CELL.format(side=side), block) if v]


def test_every_profile_explanation_adds_up_to_its_scores(demo: Path) -> None:
    kb = load(Settings(root=demo, cache_dir=None))
    people = [p for p in kb.people.values() if p.profile]
    assert len(people) > 5
    checked = 0
    for person in people:
        page = profile_page(kb, person)
        score = kb.scoreboard.window_score(person.slug, kb.windows()[0])
        first = re.search(r'<tr><th scope="row">[^<]+</th><td>([\d.]+)</td><td>([\d.]+)</td>', page)
        assert first is not None and (float(first[1]), float(first[2])) == (score.teach, score.learn)
        explain = page.split('<details class="committed-explain"', 1)[1].split("</details>", 1)[0]
        if not (score.teach_events or score.learn_events):
            assert "No scoring events in this window." in explain and score.teach == score.learn == 0
            continue
        explain = explain.split("</table>", 1)[0]
        body, _, foot = explain.partition("<tfoot>")
        assert round(sum(_column(body, "teach")), 1) == score.teach, person.slug
        assert round(sum(_column(body, "learn")), 1) == score.learn, person.slug
        assert _column(foot, "teach") == [score.teach] and _column(foot, "learn") == [score.learn]
        assert f"as of {kb.now.date().isoformat()}" in page  # type: ignore[union-attr]
        assert "teach ≥ 20" in page and "learn ≥ 10" in page
        checked += bool(score.teach or score.learn)
    assert checked > 5


def test_opted_out_people_show_no_tier_anywhere(demo: Path, tmp_path: Path) -> None:
    kb = load(Settings(root=demo, cache_dir=None))
    ranked = max((p for p in kb.people.values() if p.profile and p.known),
                 key=lambda p: kb.scoreboard.score(p.slug).total)
    contributor = demo / "contributors" / f"{ranked.slug}.yml"
    data = yaml.safe_load(contributor.read_text("utf-8"))
    data["leaderboard"] = False
    contributor.write_text(yaml.safe_dump(data), "utf-8")
    try:
        kb = load(Settings(root=demo, cache_dir=None))
        person = kb.people[ranked.slug]
        assert not person.ranked
        page = profile_page(kb, person)
        assert "committed-tier" not in page and "Opted out of rankings" in page
        index, _ = people_index(kb, [p for p in kb.people.values() if p.profile])
        item = re.search(rf'<li>[^\n]*?{re.escape(person.name)}.*?</li>', index)
        assert item is not None and "committed-tier" not in item[0]
        assert index.count("class=\"committed-tier ") == sum(1 for p in kb.people.values() if p.profile and p.ranked)
    finally:
        contributor.write_text(yaml.safe_dump({**data, "leaderboard": True}), "utf-8")

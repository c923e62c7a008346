"""The committed-group analytics on a fixture history whose every figure is worked out by hand.

The fixture (``make_fixture``) is shared with test_leaderboard_build.py and test_stats_cli.py.
Weights and thresholds are the defaults: create 10, content 2*log2(1+lines) (3 lines 4, 7 lines 6,
15 lines 8), improve 4, review 3, learned-from 3, acknowledged 5, breadth 5 per page taught and
3 per colleague's page engaged (each once per page in 90 days), a second learn event with the same
colleague within 90 days earns half; teacher >= 20 teach, learner >= 10 learn.

People: Ana (Lisbon, Platform), Ben (Berlin, Platform, profile: false), Cy (Berlin, Sales,
leaderboard: false: counted, never named), Dee (Lisbon, Sales, a name with ``<script>``), and a
bot. "Now" is C7, 2026-06-30 12:00 UTC; the 90-day window starts 2026-04-01 12:00.

    C1 02-10 Ana creates eng/a.md (7 lines)                     Ana teach 10+6
    C2 02-11 Ben adds 3 lines to a.md, Reviewed-by Ana           Ben teach 4, learn improve 4 (from Ana)
                                                                 Ana learn review 3 (from Ben)
    C9 03-01 Dee creates ops/e.md (3 lines)                      Dee teach 10+4
    C3 04-10 Ben creates sales/b.md (7 lines)                    Ben teach 10+6
    C4 04-11 Ana adds 7 lines to b.md, Reviewed-by Cy            Ana teach 6, learn improve 2 (Ben again)
                                                                 Cy learn review 3 (from Ana)
    C5 05-01 Cy creates sales/c.md (15 lines), Learned-from Dee  Cy teach 10+8, learn 3 (from Dee); Dee teach 5
    C6 05-02 Dee adds 3 lines to c.md, Reviewed-by Ben,          Dee teach 4, learn improve 4 (from Cy)
             Acked-by Cy                                         Ben learn 3, Cy learn 1.5 (Dee again)
    C8 06-01 Ben adds 3 lines to a.md                            Ben teach 4, learn improve 4 (from Ana)
    B  06-15 a bot adds 1 line to a.md                           nothing
    C7 06-30 Ana creates eng/d.md (3 lines), Reviewed-by Dee     Ana teach 10+4; Dee learn review 3 (from Ana)

Each page taught adds 5 teach, each colleague's page improved or reviewed 3 learn (once in 90 days:
Ben's a.md again on 06-01, 110 days after C2, earns both bonuses again).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from committed.analytics import Figures, analyze, window_for
from committed.config import Settings
from committed.knowledge import load
from committed.scoring import Side, Tier, score_events
from gitrepo import Repo

ANA = ("Ana Lima", "ana@corp.test")
BEN = ("Ben Berg", "ben@corp.test")
CY = ("Cy Chen", "cy@corp.test")
DEE = ('Dee <script>alert("x")</script>', "dee@corp.test")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
DEE_NAME = DEE[0]
EMAILS = ("ana@corp.test", "ben@corp.test", "cy@corp.test", "dee@corp.test")


def _page(title: str, lines: int, reviewed: str | None = None) -> str:
    """A page of exactly ``lines`` lines, front matter included (all of them count as added)."""
    head = ["---", f"last_reviewed: {reviewed}", "---"] if reviewed else []
    body = [f"# {title}"] + [f"Line {i} of {title}." for i in range(1, lines)]
    text = (head + body)[:lines]
    assert len(text) == lines
    return "\n".join(text) + "\n"


def _body(path: Path) -> str:
    return path.read_text("utf-8")


def make_fixture(root: Path) -> Repo:
    """The history described in this module's docstring. Pages have no ``topic`` front matter, so
    their folder is their topic; line counts include front matter; edits append lines."""
    repo = Repo(root)
    repo.contributor("ana", ANA, office="Lisbon", team="Platform")
    repo.contributor("ben", BEN, office="Berlin", team="Platform", profile="false")
    repo.contributor("cy", CY, office="Berlin", team="Sales", leaderboard="false")
    repo.write("contributors/dee.yml", "name: 'Dee <script>alert(\"x\")</script>'\nemails: [dee@corp.test]\n"
                                       "office: Lisbon\nteam: Sales\n")
    at = "T12:00:00Z"
    # a.md is created with its front matter; edits append single lines (counted: 1 line each).
    repo.write("docs/eng/a.md", _page("Page A", 7, reviewed="2024-01-01"))
    repo.commit("C1 create a", author=ANA, date="2026-02-10" + at)
    repo.write("docs/eng/a.md", _body(repo.root / "docs/eng/a.md") + "Ben's line.\nBen's 2.\nBen's 3.\n")
    repo.commit("C2 improve a", author=BEN, date="2026-02-11" + at, trailers=[("Reviewed-by", "Ana Lima <ana@corp.test>")])
    repo.write("docs/ops/e.md", _page("Page E", 3, reviewed="2025-01-01"))
    repo.commit("C9 create e", author=DEE, date="2026-03-01" + at)
    repo.write("docs/sales/b.md", _page("Page B", 7))
    repo.commit("C3 create b", author=BEN, date="2026-04-10" + at)
    repo.write("docs/sales/b.md", _body(repo.root / "docs/sales/b.md") + "".join(f"Ana {i}.\n" for i in range(7)))
    repo.commit("C4 improve b", author=ANA, date="2026-04-11" + at, trailers=[("Reviewed-by", "Cy Chen <cy@corp.test>")])
    repo.write("docs/sales/c.md", _page("Page C", 15))
    repo.commit("C5 create c", author=CY, date="2026-05-01" + at, trailers=[("Learned-from", f"{DEE[0]} <dee@corp.test>")])
    repo.write("docs/sales/c.md", _body(repo.root / "docs/sales/c.md") + "Dee 1.\nDee 2.\nDee 3.\n")
    repo.commit("C6 improve c", author=DEE, date="2026-05-02" + at,
                trailers=[("Reviewed-by", "Ben Berg <ben@corp.test>"), ("Acked-by", "Cy Chen <cy@corp.test>")])
    repo.write("docs/eng/a.md", _body(repo.root / "docs/eng/a.md") + "Ben again.\nBen 2.\nBen 3.\n")
    repo.commit("C8 improve a", author=BEN, date="2026-06-01" + at)
    repo.write("docs/eng/a.md", _body(repo.root / "docs/eng/a.md") + "Bump.\n")
    repo.commit("Bot bump", author=BOT, date="2026-06-15" + at)
    repo.write("docs/eng/d.md", _page("Page D", 3))
    repo.commit("C7 create d", author=ANA, date="2026-06-30" + at, trailers=[("Reviewed-by", f"{DEE[0]} <dee@corp.test>")])
    return repo


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    repo = make_fixture(tmp_path_factory.mktemp("kb"))
    kb = load(Settings(root=repo.root, cache_dir=None))
    return analyze(kb)


def _slugs(entries) -> list[str]:  # noqa: ANN001
    return [e.slug for e in entries]


def test_windows_and_headline_with_previous_window(stats) -> None:  # noqa: ANN001
    assert stats.now == datetime(2026, 6, 30, 12, tzinfo=timezone.utc)
    assert [w.window.key for w in stats.windows] == ["90d", "365d", "all"]
    w90 = stats.window("90d")
    # Ana teacher, Ben committed, Cy committed (opted out, still counted), Dee learner.
    assert w90.headline.current == Figures(active=4, teachers=3, learners=3, committed=2)
    assert w90.headline.current.share == 0.5
    # Previous 90 days: Ana teacher (21 / 6); Ben (7 / 7) and Dee (19 / 0) active below both thresholds.
    assert w90.headline.previous == Figures(active=3, teachers=1, learners=0, committed=0)
    assert w90.headline.delta == 2 and w90.headline.share_delta == 0.5
    w365 = stats.window("365d")
    assert w365.headline.current == Figures(4, 4, 4, 4)
    assert w365.headline.previous == Figures(0, 0, 0, 0)
    assert w365.headline.delta == 4 and w365.headline.share_delta is None
    everything = stats.window("all")
    assert everything.headline.current == Figures(4, 4, 4, 4) and everything.headline.previous is None
    assert everything.headline.delta is None


def test_rankings_are_ordered_and_leave_opt_outs_out(stats) -> None:  # noqa: ANN001
    w90 = stats.window("90d")
    # Teach: Ben 16+5 (b.md) + 4+5 (a.md) = 30, Ana 6+5 (b.md) + 14+5 (d.md) = 30 (tie: more learning
    # first), Dee 5+4+5 = 14.
    assert [(e.slug, e.teach, e.learn) for e in w90.teachers] == [("ben", 30.0, 13.0), ("ana", 30.0, 5.0),
                                                                  ("dee", 14.0, 13.0)]
    # Learn: Ben 3+3+4+3 = 13, Dee 4+3+3+3 = 13 (tie: more teaching first), Ana 2+3 = 5 (improving
    # Ben's page is her second learn event with Ben within 90 days: half).
    assert _slugs(w90.learners) == ["ben", "dee", "ana"]
    assert _slugs(w90.committed) == ["ben"]  # Cy is committed too, but opted out
    assert {e.tier for e in w90.teachers} == {Tier.COMMITTED, Tier.TEACHER, Tier.LEARNER}
    everything = stats.window("all")
    # All time: Ana 51 / 11, Ben 39 / 20, Dee 33 / 13 (by total).
    assert [(e.slug, e.teach, e.learn) for e in everything.committed] == [
        ("ana", 51.0, 11.0), ("ben", 39.0, 20.0), ("dee", 33.0, 13.0)]
    for w in stats.windows:
        assert "cy" not in _slugs(w.teachers) + _slugs(w.learners) + _slugs(w.committed)
    assert [p.slug for p in stats.people] == ["ana", "ben", "dee"]


def test_monthly_trend_uses_trailing_windows_ending_each_month(stats) -> None:  # noqa: ANN001
    points = [(p.month, p.figures.active, p.figures.teachers, p.figures.learners, p.figures.committed)
              for p in stats.trend]
    assert points == [
        ("2026-02", 2, 1, 0, 0),  # Ana teacher; Ben active
        ("2026-03", 3, 1, 0, 0),  # + Dee's page E
        ("2026-04", 4, 2, 1, 1),  # Ana committed (32 / 13), Ben teacher (28 / 7), Cy reviewed, Dee active
        ("2026-05", 4, 2, 1, 1),  # C1, C2, C9 fell out: Ben teacher, Cy committed, Ana and Dee active
        ("2026-06", 4, 3, 3, 2),  # ends now: the 90-day headline
    ]
    assert stats.trend[-1].figures == stats.window("90d").headline.current
    assert stats.trend[0].end == datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=timezone.utc)
    lisbon = next(t for t in stats.office_trends if t.name == "Lisbon")
    assert [p.figures.committed for p in lisbon.points] == [0, 0, 1, 0, 0]


def test_offices_teams_and_flow_matrix(stats) -> None:  # noqa: ANN001
    w90 = stats.window("90d")
    assert [(g.name, g.figures) for g in w90.offices] == [("Berlin", Figures(2, 2, 2, 2)),
                                                          ("Lisbon", Figures(2, 1, 1, 0))]
    assert [(g.name, g.figures) for g in w90.teams] == [("Platform", Figures(2, 2, 1, 1)),
                                                        ("Sales", Figures(2, 1, 2, 1))]
    # From Berlin to Lisbon: Ana improved Ben's b (C4), Dee improved Cy's c (C6).
    # From Lisbon to Berlin: Cy reviewed Ana (C4), learned from Dee (C5), acked Dee (C6); Ben
    # reviewed Dee (C6) and improved Ana's a (C8). Within Lisbon: Dee reviewed Ana (C7).
    assert w90.flow.offices == ("Berlin", "Lisbon")
    assert w90.flow.counts == ((0, 2), (5, 1))
    assert (w90.flow.total, w90.flow.crossing) == (8, 7)
    assert w90.flow.silent_pairs() == ()
    # All time adds C2: Ben improved Ana's a (Lisbon -> Berlin), Ana reviewed Ben (Berlin -> Lisbon).
    assert stats.window("all").flow.counts == ((0, 3), (6, 1))


def test_growth_opportunities(stats) -> None:  # noqa: ANN001
    g = stats.growth
    assert g.window.key == "90d"
    assert [(o.entry.slug, o.missing, o.short_by) for o in g.one_step] == [("ana", Side.LEARN, 5.0),
                                                                           ("dee", Side.TEACH, 6.0)]
    # eng: Ana and Ben; sales: Ben, Ana, Cy, Dee; ops: only Dee.
    assert [(r.topic, r.pages, r.teacher.slug if r.teacher else None) for r in g.single_teacher_topics] == [
        ("ops", 1, "dee")]
    # Only page E has had nobody but its author in the last 180 days (D was reviewed by Dee).
    assert [(p.path, p.since) for p in g.quiet_pages] == [("ops/e.md", None)]
    assert g.quiet_total == 1


def test_knowledge_health(stats) -> None:  # noqa: ANN001
    h = stats.health
    # a: old last_reviewed but changed by Ben; b, c, d: changed or reviewed by a colleague; e: neither.
    assert (h.pages, h.reviewed) == (5, 4)
    assert [(t.topic, t.pages, t.reviewed) for t in h.topics] == [("eng", 2, 2), ("ops", 1, 0), ("sales", 2, 2)]
    assert [(p.path, p.since) for p in h.oldest_unreviewed] == [("ops/e.md", date(2025, 1, 1))]


def test_opt_out_is_never_named_but_counted(tmp_path: Path) -> None:
    repo = make_fixture(tmp_path / "kb")
    kb = load(Settings(root=repo.root, cache_dir=None))
    a = analyze(kb, [window_for(90)], office="berlin")
    assert a.office == "Berlin"
    assert a.window("90d").headline.current == Figures(2, 2, 2, 2)  # Ben and Cy
    assert _slugs(a.window("90d").committed) == ["ben"]
    assert [p.slug for p in a.people] == ["ben"]
    assert a.growth.single_teacher_topics == ()  # ops is Dee's, in Lisbon


def test_same_history_same_figures(tmp_path: Path) -> None:
    one = analyze(load(Settings(root=make_fixture(tmp_path / "one").root, cache_dir=None)))
    two = analyze(load(Settings(root=make_fixture(tmp_path / "two").root, cache_dir=None)))
    assert one == two


def _slow_figures(scores) -> Figures:  # noqa: ANN001
    scores = list(scores)
    return Figures(active=sum(1 for s in scores if s.teach_events or s.learn_events),
                   teachers=sum(s.tier in (Tier.TEACHER, Tier.COMMITTED) for s in scores),
                   learners=sum(s.tier in (Tier.LEARNER, Tier.COMMITTED) for s in scores),
                   committed=sum(s.tier is Tier.COMMITTED for s in scores))


def _assert_same_as_score_events(kb, a) -> None:  # noqa: ANN001
    """Every score and figure equals what ``score_events`` gives person by person (the slow path)."""
    config, events = kb.settings.scoring, kb.scoreboard.events
    counted = sorted({*(s for s, p in kb.people.items() if not p.bot), *events})

    def slow(slug: str, start, end):  # noqa: ANN001, ANN202
        return score_events(events.get(slug, ()), config, start, end)

    assert a.people and a.trend
    for w in a.windows:
        for row in a.people:
            assert dict(row.scores)[w.window.key] == slow(row.slug, w.start, w.end), (row.slug, w.window.key)
        assert w.headline.current == _slow_figures(slow(s, w.start, w.end) for s in counted)
        if w.window.days is not None:
            before = w.start - timedelta(days=w.window.days)
            assert w.headline.previous == _slow_figures(slow(s, before, w.start) for s in counted)
        for group in w.offices:
            members = [s for s in counted if (kb.people.get(s) or kb.directory.by_slug(s)).office == group.name]
            assert group.figures == _slow_figures(slow(s, w.start, w.end) for s in members)
        for entry in (*w.teachers, *w.learners, *w.committed):
            score = slow(entry.slug, w.start, w.end)
            assert (entry.teach, entry.learn, entry.tier) == (score.teach, score.learn, score.tier)
    for point in a.trend:
        start = point.end - timedelta(days=a.trend_days)
        scores = [slow(s, start, point.end) for s in counted]
        assert point.figures == _slow_figures(s for s in scores if s.teach_events or s.learn_events), point.month


def test_fast_scores_equal_score_events_on_the_fixture(tmp_path: Path) -> None:
    kb = load(Settings(root=make_fixture(tmp_path / "kb").root, cache_dir=None))
    _assert_same_as_score_events(kb, analyze(kb, [window_for(30), window_for(90), window_for(365), window_for(None)]))


def test_fast_scores_equal_score_events_on_a_demo(tmp_path: Path) -> None:
    """A seeded demo: hundreds of events with fractional points, authored out of commit order."""
    script = Path(__file__).resolve().parents[1] / "scripts" / "make_demo.py"
    subprocess.run([sys.executable, str(script), str(tmp_path / "demo"), "--pages", "40", "--commits", "600",
                    "--people", "14", "--seed", "11"], capture_output=True, check=True)
    kb = load(Settings(root=tmp_path / "demo", cache_dir=None))
    assert any(any(x.at > y.at for x, y in zip(evs, evs[1:], strict=False)) for evs in kb.scoreboard.events.values())
    _assert_same_as_score_events(kb, analyze(kb, [window_for(30), window_for(90), window_for(365), window_for(None)]))


@pytest.mark.parametrize("events", [3, 40, 400])
def test_a_persons_trend_codes_are_their_events_scores(events: int) -> None:
    """A ledger's code for each trailing window (looked at only where the person has events, when
    they have fewer events than windows) is what scoring the events of that window gives."""
    import random

    from committed.analytics.ledger import Ledger
    from committed.scoring import Event, ScoringConfig, Side, Tier, score_events
    from committed.totals import Totals

    rng = random.Random(events)
    config = ScoringConfig()
    origin = datetime(2024, 1, 1, tzinfo=timezone.utc)
    made = sorted((Event("ana", rng.choice([Side.TEACH, Side.LEARN]), rng.choice(["create", "improve", "review"]),
                         rng.choice([0.5, 1.0, 2.5, 4.0]), origin + timedelta(seconds=rng.randrange(3 * 365 * 86400)),
                         f"{i:040x}", "a.md") for i in range(events)), key=lambda e: e.at)
    ends = [origin + timedelta(days=30 * k) for k in range(1, 40)]
    spans = [(end - timedelta(days=90), end) for end in ends]
    codes = Ledger(Totals.of(made)).codes(config, [(int(s.timestamp()), int(e.timestamp())) for s, e in spans])
    expected = []
    for start, end in spans:
        score = score_events(made, config, start, end)
        active = bool(score.teach_events or score.learn_events)
        expected.append(0 if not active else 1 | (2 if score.tier in (Tier.TEACHER, Tier.COMMITTED) else 0)
                        | (4 if score.tier in (Tier.LEARNER, Tier.COMMITTED) else 0))
    assert codes == expected and any(codes)
    assert events >= len(spans) or not all(codes)  # a few events: windows that hold none

"""``analyze``: every figure the leaderboard and the exports show, from a ``KnowledgeBase``."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import timedelta

from ..cachefile import gc_paused
from ..knowledge import KnowledgeBase
from ..scoring import Score, Tier, Window, tier_of
from .flow import flow, flow_sources
from .groups import entry_of, figures, group_figures, population_of
from .growth import growth_of
from .health import health_of
from .ledger import Ledger, seconds
from .model import Analytics, Headline, PersonRow, WindowStats
from .months import KeptMonths
from .pages import content_pages, topics_of
from .touched import others_touched
from .trend import tally, trends


def window_for(days: int | None) -> Window:
    """The window of ``days`` days (None: all time), labelled the way the leaderboard shows it."""
    if days is None:
        return Window("all", "All time", None)
    label = "Last 12 months" if days == 365 else f"Last {days} days"
    return Window(f"{days}d", label, days)


def analyze(kb: KnowledgeBase, windows: Sequence[Window] | None = None, *, top: int = 10,
            list_limit: int = 20, office: str | None = None, review_interval_days: int | None = None,
            unreviewed_days: int | None = None, exclude_pages: Iterable[str] = ()) -> Analytics:
    """Every figure the leaderboard and the exports show.

    ``office``: restrict people (and so every figure) to that office (case-insensitive).
    ``exclude_pages``: docs-relative paths that are not content (generated pages).

    Each person's ``Totals`` (kept with the scoring checkpoint) is their ``Ledger``: every score
    (windows, previous windows, trend months) is a few bisections, no event is read, and each
    window's scores are computed once and shared by the headline, rankings, offices, teams,
    growth and exports. The cyclic garbage collector is paused meanwhile: the figures are tens
    of thousands of small acyclic records, which it would only scan (a third of the time).
    """
    with gc_paused(settle=False):  # the knowledge base is frozen (knowledge.load)
        return _analyze(kb, tuple(windows) if windows else tuple(kb.windows()), top, list_limit, office,
                        review_interval_days, unreviewed_days, exclude_pages)


def _analyze(kb: KnowledgeBase, wins: tuple[Window, ...], top: int, list_limit: int, office: str | None,
             review_interval_days: int | None, unreviewed_days: int | None, exclude_pages: Iterable[str]) -> Analytics:
    settings = kb.settings
    review_days = settings.review_interval_days if review_interval_days is None else review_interval_days
    quiet_days = settings.unreviewed_days if unreviewed_days is None else unreviewed_days
    config = settings.scoring
    now = kb.now
    population = population_of(kb, office)
    if office is not None:  # as the contributor files spell it
        office = next((p.office for p in population.values()), office.strip())
    all_events = kb.scoreboard.events
    ledgers = {slug: Ledger(all_events.totals(slug)) for slug in population}
    nothing = Score(0.0, 0.0, tier_of(0.0, 0.0, config), 0, 0, 0, 0)  # score_events((), config)
    offices = sorted({p.office for p in population.values()}, key=lambda o: (o == "", o.casefold(), o))
    flows = flow_sources(kb, population, ledgers, offices)

    stats: list[WindowStats] = []
    scores_by_window: dict[str, dict[str, Score]] = {}
    for window in wins:
        start = window.start(now) if now else None
        end = now
        lo, hi = seconds(start), seconds(end)
        current = {slug: ledger.score(config, lo, hi) for slug, ledger in ledgers.items()} if now else {}
        scores_by_window[window.key] = current
        previous = None
        if window.days is not None and now is not None and lo is not None:
            span = [(math.floor((now - timedelta(days=2 * window.days)).timestamp()), lo)]
            previous = tally([ledger.codes(config, span)[0] for ledger in ledgers.values()])
        headline = Headline(figures(current.values()), previous)
        # only people with events in the window are ranked or top teachers or learners (points come
        # from events); the committed without any are possible only with thresholds of zero
        entries = [entry_of(population[s], sc) for s, sc in current.items() if population[s].ranked
                   and (sc.teach_events or sc.learn_events or sc.tier is Tier.COMMITTED)]
        teachers = sorted((e for e in entries if e.teach > 0), key=lambda e: (-e.teach, -e.learn, e.slug))[:top]
        learners = sorted((e for e in entries if e.learn > 0), key=lambda e: (-e.learn, -e.teach, e.slug))[:top]
        roster = sorted((e for e in entries if e.tier is Tier.COMMITTED), key=lambda e: (-e.total, e.slug))
        stats.append(WindowStats(
            window, start, end, headline, tuple(teachers),
            tuple(learners), tuple(roster), group_figures(population, current, "office"),
            group_figures(population, current, "team"), flow(offices, flows, lo, hi),
            ranking=tuple(sorted((e for e in entries if current[e.slug].teach_events or current[e.slug].learn_events),
                                 key=lambda e: (-e.total, -e.teach, e.slug))),
            opted_out=figures(sc for s, sc in current.items() if not population[s].ranked)))

    people = tuple(
        PersonRow(p.slug, p.name, p.office, p.team,
                  tuple((w.key, scores_by_window[w.key].get(p.slug) or nothing) for w in wins))
        for slug, p in population.items() if p.ranked)  # population is sorted by slug
    trend_days = next((w.days for w in wins if w.days), config.window_days)
    months = KeptMonths(kb, trend_days, restricted=office is not None)
    trend, office_trends, team_trends = trends(population, ledgers, config, now, trend_days, months)
    first = wins[0]
    touched = others_touched(kb) if now is not None else {}
    content = content_pages(kb, set(exclude_pages))
    topics = topics_of(kb, content)
    growth = growth_of(kb, population, ledgers, scores_by_window.get(first.key, {}), first, quiet_days,
                       list_limit, content, topics, office is not None, touched)
    health = health_of(kb, review_days, list_limit, content, topics, touched)
    return Analytics(now, kb.history.head, (config.thresholds.teach, config.thresholds.learn), trend_days,
                     office, tuple(stats), people, trend, office_trends, team_trends, growth, health)

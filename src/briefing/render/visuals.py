"""The briefing at a glance: the partner map and the charts, computed once per build."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from briefing.model import Briefing, Entity
from briefing.output.cache import Memo, memo_key
from briefing.render import atlas, geo
from briefing.render.charts import BarChart, bar_chart
from briefing.vocabulary import MENTIONED, STATUS_LABELS, STATUSES


@dataclass(frozen=True)
class Visuals:
    partner_map: geo.PartnerMap
    map_legend: tuple[tuple[str, int], ...]  # status, number of partners
    map_table: tuple[tuple[Entity, str], ...]  # the map as text: partner, status
    status_chart: BarChart
    topic_chart: BarChart


def _named_countries(briefing: Briefing) -> list[Entity]:
    """Countries the sources mention that are not partners: named on the map."""
    named = {
        e for entities in briefing.article_entities.values() for e in entities if e.kind == "country" and not e.partner
    }
    return sorted(named, key=lambda e: e.name)


def _partner_map(partners: tuple[tuple[Entity, str], ...], named: list[Entity], memo: Memo) -> geo.PartnerMap:
    """The map drawn once for each set of partners, statuses and named countries (and the code and its atlas)."""
    key = memo_key(pickle.dumps((partners, named), pickle.HIGHEST_PROTOCOL))
    drawn = memo.recall(key)
    if drawn is None:
        drawn = geo.partner_map(atlas.load_atlas(), partners, named)
    memo.remember(key, drawn)
    return drawn


def visuals(briefing: Briefing, memo: Memo | None = None) -> Visuals:
    """The map and charts; `memo` keeps the map for the next build."""
    partners = tuple((country, briefing.country_status[country.slug]) for country in briefing.partner_countries)
    counts = {status: sum(1 for _, s in partners if s == status) for status in STATUSES}
    return Visuals(
        partner_map=_partner_map(partners, _named_countries(briefing), memo or Memo.empty()),
        # A briefing of no agreement has only countries mentioned: the legend shows no status at nought.
        map_legend=tuple((s, n) for s, n in counts.items() if briefing.agreements or s == MENTIONED),
        map_table=partners,
        status_chart=bar_chart(
            "agreements-by-status",
            "Partners by agreement status",
            [(STATUS_LABELS[s], counts[s], f"status-{s}") for s in STATUSES],
        ),
        topic_chart=bar_chart(
            "articles-per-topic",
            "Articles per topic",
            [(t.title, len(briefing.topic_articles[t.slug]), "") for t in briefing.topics],
        ),
    )

"""What connects to what: back-links from entities to the articles that mention them,
and related topics and entities ranked by what they share.

Pure functions over the mentions and topic assignments `enrich` has derived. Every
ranking counts shared articles, most first, ties broken by a stable order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from briefing.model import Agreement, Article, Entity, Topic


def articles_by_entity(
    entities: Iterable[Entity], articles: Iterable[Article], article_entities: Mapping[str, tuple[Entity, ...]]
) -> dict[str, tuple[Article, ...]]:
    """'Mentioned in': for every entity, the articles that mention it, in the articles' order.

    The exact inverse of `article_entities`, so back-links and mentions always agree.
    """
    mentioned_in: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for entity in article_entities[article.slug]:
            mentioned_in[entity.slug].append(article)
    return {entity.slug: tuple(mentioned_in[entity.slug]) for entity in entities}


def positions_by(
    slugs: Iterable[str], articles: Iterable[Article], held: Callable[[Article], Iterable[str]]
) -> dict[str, list[int]]:
    """For every slug, the places in the articles' order of those that hold it (`held`: an article's slugs)."""
    positions: dict[str, list[int]] = {slug: [] for slug in slugs}
    for index, article in enumerate(articles):
        for slug in held(article):
            positions[slug].append(index)
    return positions


def named_entities(
    article_entities: Mapping[str, tuple[Entity, ...]], partner_countries: Iterable[Entity]
) -> dict[str, Entity]:
    """The entities a reader can look up by name: those the articles mention, then the partner countries
    (named on the map and tracker even when no article mentions them), by slug, in the order first met."""
    named = {entity.slug: entity for entities in article_entities.values() for entity in entities}
    named.update((country.slug, country) for country in partner_countries)
    return named


def _bits(positions: Iterable[int], size: int) -> int:
    """Positions as the bits of one integer (bit i set for position i)."""
    bits = bytearray(size // 8 + 1)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


@dataclass(frozen=True)
class _Member:
    """A topic or entity with the articles it has, as bits over the articles' positions, and its place among ties."""

    item: Topic | Entity
    articles: int
    order: tuple


class SharedArticles:
    """How many articles any two topics or entities share, each count the population count of an AND.

    Counting the pairs within each article costs the square of its mentions for every
    article; a bit set per item costs one pass over the mentions, and each count a few
    machine words per 64 articles.
    """

    def __init__(
        self,
        topics: tuple[Topic, ...],
        topic_positions: Mapping[str, list[int]],
        entities: Iterable[Entity],
        entity_positions: Mapping[str, list[int]],
        size: int,
    ):
        """`…_positions`: the places in date order of each item's articles, ascending; `size`: how many articles."""
        self.topic_positions = topic_positions
        # Related articles read these too; an entity no article names has none.
        self.entity_positions = {slug: places for slug, places in entity_positions.items() if places}
        self.topics = {
            topic.slug: _Member(topic, _bits(self.topic_positions[topic.slug], size), (index,))
            for index, topic in enumerate(topics)
        }
        self.entities = {
            entity.slug: _Member(entity, _bits(self.entity_positions[entity.slug], size), (entity.name, entity.slug))
            for entity in entities
            if entity.slug in self.entity_positions
        }

    def topics_with(self, articles: int, leaving_out: str | None = None) -> tuple[tuple[Topic, int], ...]:
        """The topics sharing any of these articles, by number shared, most first; ties in the topics' order."""
        return _ranked(self.topics, articles, leaving_out)

    def entities_with(self, articles: int, leaving_out: str | None = None) -> tuple[tuple[Entity, int], ...]:
        """The entities mentioned in any of these articles, by number of them, most first; ties by name."""
        return _ranked(self.entities, articles, leaving_out)


def _ranked(members: Mapping[str, _Member], articles: int, leaving_out: str | None) -> tuple:
    counted = []
    for slug, member in members.items():
        if slug != leaving_out and (count := (member.articles & articles).bit_count()):
            counted.append((-count, member.order, member.item))
    counted.sort(key=lambda entry: entry[:2])
    return tuple((item, -negative_count) for negative_count, _, item in counted)


def topics_by_entity(shared: SharedArticles, slugs: Iterable[str]) -> dict[str, tuple[tuple[Topic, int], ...]]:
    """For every entity, the topics of the articles that mention it, by number of such articles."""
    return {slug: shared.topics_with(_articles_of(shared.entities, slug)) for slug in slugs}


def entities_by_entity(shared: SharedArticles, slugs: Iterable[str]) -> dict[str, tuple[tuple[Entity, int], ...]]:
    """For every entity, the others mentioned in the same articles, by number of shared articles."""
    return {slug: shared.entities_with(_articles_of(shared.entities, slug), leaving_out=slug) for slug in slugs}


def entities_by_topic(shared: SharedArticles) -> dict[str, tuple[tuple[Entity, int], ...]]:
    """For every topic, the entities its articles mention, by number of those articles."""
    return {slug: shared.entities_with(member.articles) for slug, member in shared.topics.items()}


def topics_by_topic(shared: SharedArticles) -> dict[str, tuple[tuple[Topic, int], ...]]:
    """For every topic, the other topics its articles also belong to, by number of shared articles."""
    return {slug: shared.topics_with(member.articles, leaving_out=slug) for slug, member in shared.topics.items()}


def _articles_of(members: Mapping[str, _Member], slug: str) -> int:
    """An item's articles as bits; none when no article has it."""
    member = members.get(slug)
    return member.articles if member else 0


def agreements_by_article(agreements: Iterable[Agreement]) -> dict[str, tuple[Agreement, ...]]:
    """'Cited for': the agreements whose supporting quote each article provides."""
    cited: dict[str, list[Agreement]] = defaultdict(list)
    for agreement in agreements:
        cited[agreement.quote.article.slug].append(agreement)
    return {slug: tuple(items) for slug, items in cited.items()}

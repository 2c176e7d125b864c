"""What connects to what: back-links from entities to the articles that mention them,
and related topics and entities ranked by what they share.

Pure functions over the mentions and topic assignments `enrich` has derived. Every
ranking counts shared articles, most first, ties broken by a stable order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from briefing.model import Agreement, Article, Entity, Topic


def _ranked(counts: Counter, order: Mapping[object, tuple]) -> tuple:
    """Items with their counts, most first; ties keep the given order."""
    return tuple((item, counts[item]) for item in sorted(counts, key=lambda item: (-counts[item], order[item])))


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


def named_entities(
    article_entities: Mapping[str, tuple[Entity, ...]], partner_countries: Iterable[Entity]
) -> dict[str, Entity]:
    """The entities a reader can look up by name: those the articles mention, then the partner countries
    (named on the map and tracker even when no article mentions them), by slug, in the order first met."""
    named = {entity.slug: entity for entities in article_entities.values() for entity in entities}
    named.update((country.slug, country) for country in partner_countries)
    return named


def topics_by_entity(
    entity_articles: Mapping[str, tuple[Article, ...]],
    article_topics: Mapping[str, tuple[Topic, ...]],
    topics: tuple[Topic, ...],
) -> dict[str, tuple[tuple[Topic, int], ...]]:
    """For every entity, the topics of the articles that mention it, by number of such articles."""
    order = {topic: (index,) for index, topic in enumerate(topics)}
    return {
        slug: _ranked(Counter(topic for article in articles for topic in article_topics[article.slug]), order)
        for slug, articles in entity_articles.items()
    }


def entities_by_entity(
    entity_articles: Mapping[str, tuple[Article, ...]], article_entities: Mapping[str, tuple[Entity, ...]]
) -> dict[str, tuple[tuple[Entity, int], ...]]:
    """For every entity, the others mentioned in the same articles, by number of shared articles."""
    related = {}
    for slug, articles in entity_articles.items():
        counts = Counter(
            other for article in articles for other in article_entities[article.slug] if other.slug != slug
        )
        related[slug] = _ranked(counts, {entity: (entity.name, entity.slug) for entity in counts})
    return related


def entities_by_topic(
    topic_articles: Mapping[str, tuple[Article, ...]], article_entities: Mapping[str, tuple[Entity, ...]]
) -> dict[str, tuple[tuple[Entity, int], ...]]:
    """For every topic, the entities its articles mention, by number of those articles."""
    ranked = {}
    for slug, articles in topic_articles.items():
        counts = Counter(entity for article in articles for entity in article_entities[article.slug])
        ranked[slug] = _ranked(counts, {entity: (entity.name, entity.slug) for entity in counts})
    return ranked


def topics_by_topic(
    topic_articles: Mapping[str, tuple[Article, ...]],
    article_topics: Mapping[str, tuple[Topic, ...]],
    topics: tuple[Topic, ...],
) -> dict[str, tuple[tuple[Topic, int], ...]]:
    """For every topic, the other topics its articles also belong to, by number of shared articles."""
    order = {topic: (index,) for index, topic in enumerate(topics)}
    return {
        topic.slug: _ranked(
            Counter(
                other
                for article in topic_articles[topic.slug]
                for other in article_topics[article.slug]
                if other != topic
            ),
            order,
        )
        for topic in topics
    }


def agreements_by_article(agreements: Iterable[Agreement]) -> dict[str, tuple[Agreement, ...]]:
    """'Cited for': the agreements whose supporting quote each article provides."""
    cited: dict[str, list[Agreement]] = defaultdict(list)
    for agreement in agreements:
        cited[agreement.quote.article.slug].append(agreement)
    return {slug: tuple(items) for slug, items in cited.items()}

"""Enrichment, step 2: the analyses of all articles combined into the Briefing the pages show.

A rebuild carries over what the last build derived wherever no change since can reach it
(`Kept`: the related articles, each topic's passages, each entity's quotes), so that an
arrival derives again only what it touches. Nothing here reads files or formats HTML.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from briefing.content.markdown import Paragraph, RenderedBody
from briefing.enrich import relations, tracker
from briefing.enrich.analyse import QUOTES_PER_ENTITY, ArticleAnalysis, Sentences, qa_items
from briefing.enrich.related import Postings, RankedBefore, changed_since, related_articles
from briefing.model import Agreement, Article, Briefing, Content, Entity, QAItem, Quote, Topic
from briefing.parallel import collector_paused
from briefing.text import said_key
from briefing.vocabulary import MENTIONED, STATUS_ORDER

PASSAGES_PER_TOPIC = 6
# What an entity page quotes of one article while other articles have something to say of it.
QUOTES_PER_ARTICLE = 2


def sorted_articles(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Newest first; undated articles last; ties broken by title for a stable order."""
    return tuple(sorted(articles, key=lambda a: (-a.sort_date.toordinal(), a.title, a.slug)))


@dataclass(frozen=True)
class Kept:
    """What enrich derived that the next build carries over wherever no change reaches (the build cache keeps it)."""

    ranked: RankedBefore  # the related articles, and the articles they were ranked among
    # Each topic's best passages, as (score, article slug, sentence number).
    passages: dict[str, tuple[tuple[int, str, int], ...]]
    # Each entity's quotes, as (article slug, sentence number), with the agreements' quotes they were told apart from.
    quotes: dict[str, tuple[frozenset[int], tuple[tuple[str, int], ...]]]


def _topic_passages(
    topic: Topic,
    topic_articles: tuple[Article, ...],
    analyses: Mapping[str, ArticleAnalysis],
    position: Mapping[str, int],
    changed: frozenset[str] | None,
    kept: tuple[tuple[int, str, int], ...] | None,
) -> tuple[tuple[int, str, int], ...]:
    """The topic's best passages, lowest score first, then the newer (`position`: each article's place in date
    order). When the last build's best came from articles unchanged since, the best now are among those and the
    passages of the articles changed."""
    if kept is None or changed is None or any(slug in changed for _, slug, _ in kept):
        candidates: Iterable[tuple[int, int, int, str]] = (
            (score, order, number, article.slug)
            for order, article in enumerate(topic_articles)
            for score, number in analyses[article.slug].passages.get(topic.slug, ())
        )
    else:
        candidates = [(score, position[slug], number, slug) for score, slug, number in kept] + [
            (score, position[slug], number, slug)
            for slug in changed
            if slug in analyses and topic.slug in analyses[slug].topics
            for score, number in analyses[slug].passages.get(topic.slug, ())
        ]
    # An article's order in the topic and its place in date order rank alike; with the sentence, either is unique.
    best = heapq.nsmallest(PASSAGES_PER_TOPIC, candidates)
    return tuple((score, slug, number) for score, _, number, slug in best)


def _agreement_quotes(entity: Entity, agreements: tuple[Agreement, ...]) -> frozenset[int]:
    return frozenset(
        said_key(quote.text) for agreement in agreements if agreement.partner == entity for quote in agreement.quotes
    )


def _entity_quotes(
    entity: Entity,
    agreements: tuple[Agreement, ...],
    articles: tuple[Article, ...],
    analyses: Mapping[str, ArticleAnalysis],
    in_date_order: Callable[[Iterable[str]], tuple[Article, ...]],
    changed: frozenset[str] | None,
    kept: tuple[frozenset[int], tuple[tuple[str, int], ...]] | None,
) -> tuple[frozenset[int], tuple[tuple[str, int], ...]]:
    """What the sources say about an entity, besides the quotes a partner's agreement already cites: the first
    distinct sentences naming it in `articles` (those naming it, newest first), at most QUOTES_PER_ARTICLE from
    each while other articles have some to give, so that one long article does not say it all.

    While none of the last build's quotes came from an article changed since and the agreements' quotes are the
    same, only the articles it quoted and those changed that name it are looked at (`in_date_order` gives the
    articles of slugs so): every other article's sentences came after the last quote, or said again what an
    earlier one had said, and still do.
    """
    cited = _agreement_quotes(entity, agreements)
    if kept is not None and changed is not None and kept[0] == cited and not any(s in changed for s, _ in kept[1]):
        naming = {slug for slug in changed if slug in analyses and entity.slug in analyses[slug].entities}
        articles = in_date_order(naming.union(slug for slug, _ in kept[1]))
    seen = set(cited)
    mentions: list[tuple[str, int]] = []
    # Beyond an article's first few, its sentences wait until every article has had its turn.
    waiting: list[tuple[str, int, int]] = []
    for article in articles:
        taken = 0
        for number, said in analyses[article.slug].entity_sentences.get(entity.slug, ()):
            if said in seen:
                continue
            if taken < QUOTES_PER_ARTICLE:
                seen.add(said)
                mentions.append((article.slug, number))
                taken += 1
            else:
                waiting.append((article.slug, number, said))
        if len(mentions) >= QUOTES_PER_ENTITY:
            return cited, tuple(mentions[:QUOTES_PER_ENTITY])
    for slug, number, said in waiting:
        if len(mentions) >= QUOTES_PER_ENTITY:
            break
        if said not in seen:
            seen.add(said)
            mentions.append((slug, number))
    return cited, tuple(mentions)


def _quotes(
    found: Iterable[tuple[str, int]], by_slug: Mapping[str, Article], sentences: Mapping[str, Sentences]
) -> tuple[Quote, ...]:
    return tuple(sentences[slug].quote(by_slug[slug], number) for slug, number in found)


def _qa_by_topic(
    content: Content,
    articles: tuple[Article, ...],
    analyses: Mapping[str, ArticleAnalysis],
    article_qa: Mapping[str, tuple[QAItem, ...]],
):
    """Each topic's Q&A pairs, and the FAQ's groups (each pair under its best topic)."""
    topic_qa: dict[str, list[QAItem]] = {topic.slug: [] for topic in content.topics}
    faq: dict[str | None, list[QAItem]] = defaultdict(list)
    for article in articles:
        for item, slugs in zip(article_qa[article.slug], analyses[article.slug].qa_topics):
            for slug in slugs:
                topic_qa[slug].append(item)
            faq[slugs[0] if slugs else None].append(item)
    faq_groups = tuple((topic, tuple(faq[topic.slug])) for topic in content.topics if faq[topic.slug])
    if faq[None]:
        faq_groups += ((None, tuple(faq[None])),)
    return {slug: tuple(items) for slug, items in topic_qa.items()}, faq_groups


@dataclass(frozen=True)
class Enriched:
    briefing: Briefing
    kept: Kept  # for the next build's `enrich`
    # Since the build that made the `kept` given: the articles added, edited or removed (None: nothing was kept),
    # and those whose related articles are not the ones they had.
    changed: frozenset[str] | None
    related_moved: frozenset[str]


def enrich(
    content: Content,
    bodies: Mapping[str, RenderedBody],
    analyses: Mapping[str, ArticleAnalysis],
    sentences: Mapping[str, Sentences],
    kept: Kept | None = None,
) -> Enriched:
    """Combine the articles' analyses into every relation the pages show; the content must be valid.

    `sentences`: each article's, as its analysis numbers them (only those quoted are read).
    `kept`: what the last build of this content derived, if known: the parts of it that no change since
    can reach are carried over, not derived again from every article.
    """
    with collector_paused():
        return _enriched(content, bodies, analyses, sentences, kept)


def _enriched(
    content: Content,
    bodies: Mapping[str, RenderedBody],
    analyses: Mapping[str, ArticleAnalysis],
    sentences: Mapping[str, Sentences],
    kept: Kept | None,
) -> Enriched:
    articles = sorted_articles(content.articles)
    by_slug = {article.slug: article for article in articles}
    position = {article.slug: index for index, article in enumerate(articles)}
    per_article = _article_fields(content, articles, by_slug, analyses, sentences)
    topic_positions = relations.positions_by(
        (topic.slug for topic in content.topics), articles, lambda article: analyses[article.slug].topics
    )
    entity_positions = relations.positions_by(
        (entity.slug for entity in content.entities), articles, lambda article: analyses[article.slug].entities
    )
    # The back-links: the exact inverse of each article's topics and entities.
    topic_articles = _at(topic_positions, articles)
    mentioned_in = _at(entity_positions, articles)
    partners = _partner_fields(content, by_slug, bodies, mentioned_in)
    shared = relations.SharedArticles(
        content.topics, topic_positions, content.entities, entity_positions, len(articles)
    )
    per_topic = _topic_fields(
        content, articles, analyses, per_article["article_qa"], topic_articles, shared, partners["partner_countries"]
    )
    per_entity = _entity_fields(content, shared, partners, mentioned_in)
    # The articles added, edited or removed since `kept` was made; None when nothing was kept.
    changed = changed_since(kept.ranked, articles) if kept else None
    passages = {
        topic.slug: _topic_passages(
            topic,
            topic_articles[topic.slug],
            analyses,
            position,
            changed,
            kept.passages.get(topic.slug) if kept else None,
        )
        for topic in content.topics
    }
    quotes = {
        entity.slug: _entity_quotes(
            entity,
            partners["agreements"],
            mentioned_in[entity.slug],
            analyses,
            lambda slugs: tuple(articles[place] for place in sorted(position[slug] for slug in slugs)),
            changed,
            kept.quotes.get(entity.slug) if kept else None,
        )
        for entity in _with_pages(content, partners["partner_countries"])
    }
    postings = Postings(
        position,
        shared.topic_positions,
        shared.entity_positions,
        per_article["article_topics"],
        per_article["article_entities"],
    )
    related = related_articles(articles, postings, kept.ranked if kept else None, changed or frozenset())
    briefing = Briefing(
        settings=content.settings,
        topics=content.topics,
        articles=articles,
        key_points=tuple((point, by_slug.get(point.article or "")) for point in content.settings.key_points),
        bodies=bodies,
        **per_article,
        related_articles=related.by_slug,
        **partners,
        **per_topic,
        topic_passages={
            slug: _quotes(((s, n) for _, s, n in best), by_slug, sentences) for slug, best in passages.items()
        },
        **per_entity,
        entity_quotes={slug: _quotes(found, by_slug, sentences) for slug, (_, found) in quotes.items()},
    )
    return Enriched(briefing, Kept(related.ranked, passages, quotes), changed, related.moved)


def _article_fields(
    content: Content,
    articles: tuple[Article, ...],
    by_slug: Mapping[str, Article],
    analyses: Mapping[str, ArticleAnalysis],
    sentences: Mapping[str, Sentences],
) -> dict[str, Any]:
    """What each article's page shows beside its body: its topics, the entities it names, its Q&A."""
    topic_of = {topic.slug: topic for topic in content.topics}.__getitem__
    entity_of = {entity.slug: entity for entity in content.entities}.__getitem__
    return {
        "paragraphs": _Paragraphs(sentences),
        "article_topics": _PerArticle(by_slug, lambda article: tuple(map(topic_of, analyses[article.slug].topics))),
        # Every article's, made now: the back-links and the A–Z go through all of them, the topics and the FAQ
        # through all the Q&A.
        "article_entities": {a.slug: tuple(map(entity_of, analyses[a.slug].entities)) for a in articles},
        "article_qa": {a.slug: qa_items(a) for a in articles},
    }


Value = TypeVar("Value")


class _PerArticle(Mapping[str, Value]):
    """Something of each article, by slug, made from the article when first asked for: a rebuild asks it of the
    few articles it shows anew, and making it for all 10,000 took a twentieth of a second at every build."""

    def __init__(self, by_slug: Mapping[str, Article], make: Callable[[Article], Value]):
        self._by_slug, self._make = by_slug, make
        self._made: dict[str, Value] = {}

    def __getitem__(self, slug: str) -> Value:
        if slug not in self._made:
            self._made[slug] = self._make(self._by_slug[slug])
        return self._made[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_slug)

    def __len__(self) -> int:
        return len(self._by_slug)


def _partner_fields(
    content: Content,
    by_slug: dict[str, Article],
    bodies: Mapping[str, RenderedBody],
    mentioned_in: dict[str, tuple[Article, ...]],
) -> dict[str, Any]:
    """The agreements, and the partner countries with a page: those a source mentions or an agreement names."""
    agreements = tracker.agreements(content, by_slug, bodies)
    country_status = {agreement.partner.slug: agreement.status for agreement in agreements}
    partner_countries = tuple(
        sorted(
            (
                e
                for e in content.entities
                if e.kind == "country" and e.partner and (mentioned_in[e.slug] or e.slug in country_status)
            ),
            key=lambda c: (STATUS_ORDER[country_status.get(c.slug, MENTIONED)], c.name),
        )
    )
    for country in partner_countries:
        country_status.setdefault(country.slug, MENTIONED)
    return {
        "agreements": agreements,
        "country_status": country_status,
        "partner_countries": partner_countries,
        "article_agreements": relations.agreements_by_article(agreements),
    }


def _at(positions: Mapping[str, list[int]], articles: tuple[Article, ...]) -> dict[str, tuple[Article, ...]]:
    return {slug: tuple(map(articles.__getitem__, places)) for slug, places in positions.items()}


def _topic_fields(
    content: Content,
    articles: tuple[Article, ...],
    analyses: Mapping[str, ArticleAnalysis],
    article_qa: Mapping[str, tuple[QAItem, ...]],
    topic_articles: dict[str, tuple[Article, ...]],
    shared: relations.SharedArticles,
    partner_countries: tuple[Entity, ...],
) -> dict[str, Any]:
    """Each topic's articles, Q&A, countries and related topics and entities; the FAQ's groups."""
    topic_qa, faq_groups = _qa_by_topic(content, articles, analyses, article_qa)
    topic_entities = relations.entities_by_topic(shared)
    return {
        "topic_articles": topic_articles,
        "topic_qa": topic_qa,
        "faq_groups": faq_groups,
        "topic_countries": {
            t.slug: _countries_named(topic_entities[t.slug], partner_countries) for t in content.topics
        },
        "topic_entities": topic_entities,
        "topic_related": relations.topics_by_topic(shared),
    }


def _with_pages(content: Content, partner_countries: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """The entities with a page: the partner countries, the people and the organisations."""
    return (*partner_countries, *_of_kind(content, "person"), *_of_kind(content, "organisation"))


def _of_kind(content: Content, kind: str) -> tuple[Entity, ...]:
    return tuple(entity for entity in content.entities if entity.kind == kind)


def _entity_fields(
    content: Content,
    shared: relations.SharedArticles,
    partners: dict[str, Any],
    mentioned_in: dict[str, tuple[Article, ...]],
) -> dict[str, Any]:
    """The people and organisations, and for every entity with a page its articles and what it relates to."""
    entity_articles = {e.slug: mentioned_in[e.slug] for e in _with_pages(content, partners["partner_countries"])}
    return {
        "people": _of_kind(content, "person"),
        "organisations": _of_kind(content, "organisation"),
        "entity_articles": entity_articles,
        "entity_topics": relations.topics_by_entity(shared, entity_articles),
        "entity_related": relations.entities_by_entity(shared, entity_articles),
    }


class _Paragraphs(Mapping[str, tuple[Paragraph, ...]]):
    """Each article's body paragraphs as plain text, by slug, made from its sentences (spacing aside) when asked for:
    only the search documents of the articles that changed need them."""

    def __init__(self, sentences: Mapping[str, Sentences]):
        self._sentences = sentences

    def __getitem__(self, slug: str) -> tuple[Paragraph, ...]:
        texts: dict[str, list[str]] = {}
        for anchor, sentences in groupby(self._sentences[slug], key=itemgetter(1)):
            if anchor.startswith("p-"):
                texts.setdefault(anchor, []).extend(map(itemgetter(0), sentences))
        return tuple(Paragraph(anchor, " ".join(parts)) for anchor, parts in texts.items())

    def __iter__(self) -> Iterator[str]:
        return iter(self._sentences)

    def __len__(self) -> int:
        return len(self._sentences)


def _countries_named(ranked: tuple[tuple[Entity, int], ...], countries: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """The countries among the entities named (and ranked), in the countries' order."""
    named = {entity.slug for entity, _ in ranked}
    return tuple(country for country in countries if country.slug in named)

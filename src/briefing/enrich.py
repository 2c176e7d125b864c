"""Stage 3: derive the briefing from the content — topics, mentions, quotes, relations.

Pure functions from the validated Content to a Briefing; nothing here reads
files or formats HTML (Markdown bodies are parsed once, here, to anchor quotes).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from .markup import RenderedBody, render_body
from . import relations
from .model import Agreement, Article, Briefing, Content, Entity, QAItem, Quote, Topic
from .text import keyword_pattern, name_pattern, normalise, sentences

ARTICLE_TOPIC_MIN_SCORE = 3
QA_TOPIC_MIN_SCORE = 2
PASSAGES_PER_TOPIC = 6
PASSAGES_PER_ARTICLE = 2
QUOTES_PER_ENTITY = 8
RELATED_ARTICLES = 5
PASSAGE_LENGTH = (60, 360)
STATUS_ORDER = {"signed": 0, "negotiating": 1, "mentioned": 2}


def _sorted_articles(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Newest first; undated articles last; ties broken by title for a stable order."""
    return tuple(sorted(articles, key=lambda a: (-a.sort_date.toordinal(), a.title, a.slug)))


def _qa_text(article: Article) -> str:
    return " ".join(f"{pair.question} {pair.answer}" for pair in article.qa)


def _full_text(article: Article) -> str:
    return f"{article.title}\n{article.summary}\n{article.body}\n{_qa_text(article)}"


def _topic_score(pattern: re.Pattern[str], article: Article) -> int:
    """Keyword hits, a title hit counting three times and a summary hit twice."""
    title, summary, rest = (len(pattern.findall(text)) for text in (article.title, article.summary, f"{article.body}\n{_qa_text(article)}"))
    return 3 * title + 2 * summary + rest


def _article_topics(article: Article, topics: tuple[Topic, ...], patterns: dict[str, re.Pattern[str]]) -> tuple[Topic, ...]:
    """Topics named in the front matter first, then the matched ones, best match first."""
    scores = {topic.slug: _topic_score(patterns[topic.slug], article) for topic in topics}
    matched = [t for t in topics if t.slug not in article.topics and scores[t.slug] >= ARTICLE_TOPIC_MIN_SCORE]
    matched.sort(key=lambda t: -scores[t.slug])
    named = [t for t in topics if t.slug in article.topics]
    return tuple(named + matched)


def _mentioned_entities(text: str, entities: tuple[Entity, ...], patterns: dict[str, re.Pattern[str]]) -> tuple[Entity, ...]:
    kind_order = {"country": 0, "person": 1, "organisation": 2}
    found = [entity for entity in entities if patterns[entity.slug].search(text)]
    return tuple(sorted(found, key=lambda e: (kind_order[e.kind], e.name)))


def _qa_items(article: Article) -> tuple[QAItem, ...]:
    return tuple(QAItem(pair, article, f"qa-{number}") for number, pair in enumerate(article.qa, start=1))


def _qa_topics(item: QAItem, topics: tuple[Topic, ...], patterns: dict[str, re.Pattern[str]], fallback: tuple[Topic, ...]) -> list[Topic]:
    """The topics a Q&A pair belongs to, best first; the article's topic if none match."""
    scores = {
        topic.slug: 3 * len(patterns[topic.slug].findall(item.pair.question)) + len(patterns[topic.slug].findall(item.pair.answer))
        for topic in topics
    }
    matched = sorted((t for t in topics if scores[t.slug] >= QA_TOPIC_MIN_SCORE), key=lambda t: -scores[t.slug])
    return matched or list(fallback[:1])


def _quotes(article: Article, body: RenderedBody, qa_items: tuple[QAItem, ...]) -> list[Quote]:
    """Every sentence of the body and of the answers, each with the anchor it lives at."""
    passages = [(paragraph.anchor, paragraph.text) for paragraph in body.paragraphs]
    passages += [(item.anchor, answer) for item in qa_items for answer in item.pair.paragraphs]
    return [Quote(sentence, article, anchor) for anchor, text in passages for sentence in sentences(text)]


def _topic_passages(topic_articles: tuple[Article, ...], quotes: dict[str, list[Quote]], pattern: re.Pattern[str], shown_answers: tuple[QAItem, ...]) -> tuple[Quote, ...]:
    """The sentences that say most about a topic: many distinct keywords, a readable length.

    Sentences from answers the topic page already shows in full are left out.
    """
    shown = {(item.article.slug, item.anchor) for item in shown_answers}
    candidates = []
    for order, article in enumerate(topic_articles):
        scored = []
        for position, quote in enumerate(quotes[article.slug]):
            if not PASSAGE_LENGTH[0] <= len(quote.text) <= PASSAGE_LENGTH[1] or (article.slug, quote.anchor) in shown:
                continue
            hits = [match.lower() for match in pattern.findall(quote.text)]
            if hits:
                scored.append((-(2 * len(set(hits)) + len(hits)), order, position, quote))
        candidates.extend(sorted(scored, key=lambda item: item[:3])[:PASSAGES_PER_ARTICLE])
    return tuple(item[3] for item in sorted(candidates, key=lambda item: item[:3])[:PASSAGES_PER_TOPIC])


def _related_articles(articles: tuple[Article, ...], article_topics: dict, article_entities: dict) -> dict[str, tuple[Article, ...]]:
    """Articles sharing topics (weight 2) and entities (weight 1), through an inverted index."""
    by_key: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for topic in article_topics[article.slug]:
            by_key[f"topic:{topic.slug}"].append(article)
        for entity in article_entities[article.slug]:
            by_key[f"entity:{entity.slug}"].append(article)
    position = {article.slug: index for index, article in enumerate(articles)}
    related = {}
    for article in articles:
        scores: Counter[str] = Counter()
        keys = [f"topic:{t.slug}" for t in article_topics[article.slug]] + [f"entity:{e.slug}" for e in article_entities[article.slug]]
        for key in keys:
            weight = 2 if key.startswith("topic:") else 1
            for other in by_key[key]:
                if other.slug != article.slug:
                    scores[other.slug] += weight
        best = sorted(scores, key=lambda slug: (-scores[slug], position[slug]))[:RELATED_ARTICLES]
        related[article.slug] = tuple(articles[position[slug]] for slug in best)
    return related


def _agreements(content: Content, articles: dict[str, Article], bodies: dict[str, RenderedBody]) -> tuple[Agreement, ...]:
    entities = {entity.slug: entity for entity in content.entities}
    agreements = []
    for fact in content.facts:
        article = articles[fact.citation.article]
        anchor = bodies[article.slug].anchor_of(fact.citation.sentence) or ""
        agreements.append(Agreement(entities[fact.partner], fact.status, Quote(fact.citation.sentence, article, anchor), fact.date))
    return tuple(sorted(agreements, key=lambda a: (STATUS_ORDER[a.status], a.partner.name)))


def enrich(content: Content) -> Briefing:
    """Derive every relation the pages show; the content must already be valid."""
    articles = _sorted_articles(content.articles)
    by_slug = {article.slug: article for article in articles}
    bodies = {article.slug: render_body(article.body) for article in articles}
    topic_patterns = {topic.slug: keyword_pattern(topic.keywords) for topic in content.topics}
    entity_patterns = {entity.slug: name_pattern(entity.names) for entity in content.entities}

    article_topics = {a.slug: _article_topics(a, content.topics, topic_patterns) for a in articles}
    article_entities = {a.slug: _mentioned_entities(_full_text(a), content.entities, entity_patterns) for a in articles}
    article_qa = {a.slug: _qa_items(a) for a in articles}
    quotes = {a.slug: _quotes(a, bodies[a.slug], article_qa[a.slug]) for a in articles}
    topic_articles = {t.slug: tuple(a for a in articles if t in article_topics[a.slug]) for t in content.topics}

    topic_qa_lists: dict[str, list[QAItem]] = {topic.slug: [] for topic in content.topics}
    faq: dict[str | None, list[QAItem]] = defaultdict(list)
    for article in articles:
        for item in article_qa[article.slug]:
            topics = _qa_topics(item, content.topics, topic_patterns, article_topics[article.slug])
            for topic in topics:
                topic_qa_lists[topic.slug].append(item)
            faq[topics[0].slug if topics else None].append(item)
    topic_qa = {slug: tuple(items) for slug, items in topic_qa_lists.items()}
    faq_groups = tuple((topic, tuple(faq[topic.slug])) for topic in content.topics if faq[topic.slug])
    if faq[None]:
        faq_groups += ((None, tuple(faq[None])),)

    agreements = _agreements(content, by_slug, bodies)
    country_status = {agreement.partner.slug: agreement.status for agreement in agreements}
    mentioned_in = relations.articles_by_entity(content.entities, articles, article_entities)
    partners = [e for e in content.entities if e.kind == "country" and e.partner]
    # A partner gets a page when a source mentions it or an agreement names it.
    partner_countries = tuple(
        sorted(
            (c for c in partners if mentioned_in[c.slug] or c.slug in country_status),
            key=lambda c: (STATUS_ORDER[country_status.get(c.slug, "mentioned")], c.name),
        )
    )
    for country in partner_countries:
        country_status.setdefault(country.slug, "mentioned")
    people = tuple(e for e in content.entities if e.kind == "person")
    organisations = tuple(e for e in content.entities if e.kind == "organisation")
    with_pages = (*partner_countries, *people, *organisations)
    entity_articles = {e.slug: mentioned_in[e.slug] for e in with_pages}

    return Briefing(
        settings=content.settings,
        topics=content.topics,
        articles=articles,
        partner_countries=partner_countries,
        agreements=agreements,
        key_points=tuple((point, by_slug.get(point.article or "")) for point in content.settings.key_points),
        bodies=bodies,
        article_topics=article_topics,
        article_entities=article_entities,
        article_qa=article_qa,
        related_articles=_related_articles(articles, article_topics, article_entities),
        topic_articles=topic_articles,
        topic_qa=topic_qa,
        topic_passages={t.slug: _topic_passages(topic_articles[t.slug], quotes, topic_patterns[t.slug], topic_qa[t.slug]) for t in content.topics},
        topic_countries={
            t.slug: tuple(c for c in partner_countries if any(c in article_entities[a.slug] for a in topic_articles[t.slug]))
            for t in content.topics
        },
        faq_groups=faq_groups,
        country_status=country_status,
        people=people,
        organisations=organisations,
        entity_quotes={e.slug: _entity_quotes(e, agreements, entity_articles[e.slug], quotes, entity_patterns[e.slug]) for e in with_pages},
        entity_articles=entity_articles,
        entity_topics=relations.topics_by_entity(entity_articles, article_topics, content.topics),
        entity_related=relations.entities_by_entity(entity_articles, article_entities),
        topic_entities=relations.entities_by_topic(topic_articles, article_entities),
        topic_related=relations.topics_by_topic(topic_articles, article_topics, content.topics),
        article_agreements=relations.agreements_by_article(agreements),
    )


def _entity_quotes(entity: Entity, agreements: tuple[Agreement, ...], articles: tuple[Article, ...], quotes: dict[str, list[Quote]], pattern: re.Pattern[str]) -> tuple[Quote, ...]:
    """What the sources say about an entity, besides the quote a partner's agreement already cites.

    `articles` are those that mention the entity, so other articles are never scanned.
    """
    seen = {normalise(agreement.quote.text) for agreement in agreements if agreement.partner == entity}
    mentions: list[Quote] = []
    for article in articles:
        for quote in quotes[article.slug]:
            if len(mentions) == QUOTES_PER_ENTITY:
                return tuple(mentions)
            if pattern.search(quote.text) and normalise(quote.text) not in seen:
                seen.add(normalise(quote.text))
                mentions.append(quote)
    return tuple(mentions)

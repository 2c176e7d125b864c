"""Stage 3: derive the briefing from the content — topics, mentions, quotes, relations.

Two steps, so that a cached build redoes only what changed:
- `analyse` looks at one article alone (its topics, mentions, candidate quotes);
  its result depends only on that article and the topics and entities files.
- `enrich` combines the analyses of all articles into the Briefing the pages show.
Nothing here reads files or formats HTML.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import relations
from .markup import Bodies, Paragraph, RenderedBody
from .model import Agreement, Article, Briefing, Content, Entity, QAItem, Quote, Topic
from .text import lowercase, normalise, sentence_spans, trie_pattern

ARTICLE_TOPIC_MIN_SCORE = 3
QA_TOPIC_MIN_SCORE = 2
PASSAGES_PER_TOPIC = 6
PASSAGES_PER_ARTICLE = 2
QUOTES_PER_ENTITY = 8
RELATED_ARTICLES = 5
# Related articles are looked for among this many neighbours in date order on each
# shared topic or entity: news relates to news of the same weeks, and the cost stays linear.
RELATED_WINDOW = 8
PASSAGE_LENGTH = (60, 360)
STATUS_ORDER = {"signed": 0, "negotiating": 1, "mentioned": 2}
KIND_ORDER = {"country": 0, "person": 1, "organisation": 2}


def _starts_name(text: str, start: int) -> bool:
    # Checked by hand, not by a look-behind: a pattern that opens with a literal lets the
    # regex engine skip ahead to the possible first letters, which makes one pass fast.
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_.")


@dataclass(frozen=True)
class Matcher:
    """Finds every topic keyword and entity name in a text in one pass each.

    Keywords match whole words in any case, with a plural 's'; names match whole
    words, case-sensitively ('US' the country is not 'us' the pronoun). Where
    two phrases overlap, the longer one counts ('Kyiv region', not 'region').
    """

    keyword_pattern: re.Pattern[str]
    topics_of_keyword: dict[str, tuple[str, ...]]
    name_pattern: re.Pattern[str]
    entity_of_name: dict[str, str]

    @classmethod
    def for_content(cls, topics: tuple[Topic, ...], entities: tuple[Entity, ...]) -> Matcher:
        topics_of_keyword: dict[str, list[str]] = defaultdict(list)
        for topic in topics:
            for keyword in topic.keywords:
                if topic.slug not in topics_of_keyword[keyword.lower()]:
                    topics_of_keyword[keyword.lower()].append(topic.slug)
        entity_of_name = {name: entity.slug for entity in entities for name in entity.names}
        return cls(
            # Matched against lowercased text: faster than a case-insensitive pattern.
            keyword_pattern=re.compile(rf"\b{trie_pattern(topics_of_keyword)}s?(?!\w)"),
            topics_of_keyword={keyword: tuple(slugs) for keyword, slugs in topics_of_keyword.items()},
            name_pattern=re.compile(rf"{trie_pattern(entity_of_name)}(?!\w)"),
            entity_of_name=entity_of_name,
        )

    def keywords(self, text: str) -> list[tuple[int, str, str]]:
        """(where, topic slug, keyword) for every keyword in the text."""
        found = []
        for match in self.keyword_pattern.finditer(lowercase(text)):
            word = match.group()
            keyword = word if word in self.topics_of_keyword else word[:-1]
            found.extend((match.start(), slug, keyword) for slug in self.topics_of_keyword[keyword])
        return found

    def topic_hits(self, text: str) -> Counter[str]:
        return Counter(slug for _, slug, _ in self.keywords(text))

    def names(self, text: str) -> list[tuple[int, str]]:
        """(where, entity slug) for every entity name in the text."""
        return [(m.start(), self.entity_of_name[m.group()]) for m in self.name_pattern.finditer(text) if _starts_name(text, m.start())]


@dataclass(frozen=True)
class ArticleAnalysis:
    """What one article says, found without looking at any other article.

    Kept in plain tuples and numbers, because the build cache stores one per article
    and a rebuild reads them all: sentences are stored once and referred to by number.
    """

    topics: tuple[str, ...]
    entities: tuple[str, ...]
    qa_topics: tuple[tuple[str, ...], ...]
    # Every quotable sentence: (text, anchor of the paragraph or answer it is in).
    sentences: tuple[tuple[str, str], ...]
    # Per topic, its best passages here: (score, sentence number); a lower score is better.
    passages: dict[str, tuple[tuple[int, int], ...]]
    # Per entity, the first distinct sentences that name it, by number.
    entity_sentences: dict[str, tuple[int, ...]]

    def quote(self, article: Article, number: int) -> Quote:
        text, anchor = self.sentences[number]
        return Quote(text, article, anchor)


@dataclass(frozen=True)
class _Sentence:
    """A quotable sentence with the keywords and names found in it."""

    quote: Quote
    keywords: list[tuple[str, str]]
    entities: set[str]


class _Reading:
    """One pass over every piece of an article's text, adding up what it finds.

    Each text is scanned once; the hits in a quotable paragraph are shared out among
    its sentences by position, so sentences need no scan of their own.
    """

    def __init__(self, article: Article, matcher: Matcher):
        self.article = article
        self.matcher = matcher
        self.topic_scores: Counter[str] = Counter()
        self.entities: set[str] = set()
        self.sentences: list[_Sentence] = []

    def read(self, text: str, weight: int = 1, anchor: str | None = None) -> Counter[str]:
        """Scan one text; its topic hits count `weight` times. Returns the text's own topic hits."""
        keywords, names = self.matcher.keywords(text), self.matcher.names(text)
        hits = Counter(slug for _, slug, _ in keywords)
        for slug, count in hits.items():
            self.topic_scores[slug] += weight * count
        self.entities.update(slug for _, slug in names)
        if anchor:
            self._add_sentences(text, anchor, keywords, names)
        return hits

    def _add_sentences(self, text: str, anchor: str, keywords: list[tuple[int, str, str]], names: list[tuple[int, str]]) -> None:
        spans = sentence_spans(text)
        starts = [start for start, _ in spans]
        found = [_Sentence(Quote(text[start:end], self.article, anchor), [], set()) for start, end in spans]

        def sentence_at(position: int) -> _Sentence | None:
            index = bisect_right(starts, position) - 1
            return found[index] if index >= 0 and position < spans[index][1] else None

        for position, slug, keyword in keywords:
            if sentence := sentence_at(position):
                sentence.keywords.append((slug, keyword))
        for position, slug in names:
            if sentence := sentence_at(position):
                sentence.entities.add(slug)
        self.sentences.extend(found)


def _best_topics(scores: Counter[str], minimum: int, topic_order: dict[str, int]) -> list[str]:
    """Topics scoring at least `minimum`, best first (ties in the topics file's order)."""
    return sorted((slug for slug in topic_order if scores[slug] >= minimum), key=lambda slug: -scores[slug])


def qa_items(article: Article) -> tuple[QAItem, ...]:
    return tuple(QAItem(pair, article, f"qa-{number}") for number, pair in enumerate(article.qa, start=1))


def _passages(found: list[_Sentence], answers_shown: dict[str, set[str]]) -> dict[str, tuple[tuple[int, int], ...]]:
    """Per topic, the article's sentences with the most distinct keywords, at a readable length.

    Sentences from answers the topic page already shows in full are left out.
    """
    scored: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for position, sentence in enumerate(found):
        if not PASSAGE_LENGTH[0] <= len(sentence.quote.text) <= PASSAGE_LENGTH[1]:
            continue
        hits_by_topic: dict[str, list[str]] = defaultdict(list)
        for slug, keyword in sentence.keywords:
            hits_by_topic[slug].append(keyword)
        for slug, hits in hits_by_topic.items():
            if sentence.quote.anchor not in answers_shown.get(slug, ()):
                scored[slug].append((-(2 * len(set(hits)) + len(hits)), position))
    return {slug: tuple(sorted(items)[:PASSAGES_PER_ARTICLE]) for slug, items in sorted(scored.items())}


def _entity_sentences(found: list[_Sentence]) -> dict[str, tuple[int, ...]]:
    """Per entity, the first distinct sentences that name it.

    One more than a page shows: the page leaves out the sentence its agreement already cites.
    """
    by_entity: dict[str, dict[str, int]] = defaultdict(dict)
    for position, sentence in enumerate(found):
        wanted = [slug for slug in sentence.entities if len(by_entity[slug]) <= QUOTES_PER_ENTITY]
        if wanted:
            text = normalise(sentence.quote.text)
            for slug in wanted:
                by_entity[slug].setdefault(text, position)
    return {slug: tuple(by_text.values()) for slug, by_text in sorted(by_entity.items())}


def analyse(article: Article, body: RenderedBody, matcher: Matcher, content: Content) -> ArticleAnalysis:
    """Everything the briefing needs to know about one article on its own.

    Topics: those named in the front matter first, then those whose keywords score
    enough (a title hit counts three times, a summary hit twice), best first.
    """
    topic_order = {topic.slug: index for index, topic in enumerate(content.topics)}
    entity_order = {entity.slug: (KIND_ORDER[entity.kind], entity.name) for entity in content.entities}
    reading = _Reading(article, matcher)
    reading.read(article.title, weight=3)
    reading.read(article.summary, weight=2)
    reading.read(body.other_text)
    for paragraph in body.paragraphs:
        reading.read(paragraph.text, anchor=paragraph.anchor)
    items = qa_items(article)
    qa_scores = []
    for item in items:
        scores = Counter({slug: 3 * hits for slug, hits in reading.read(item.pair.question).items()})
        for answer in item.pair.paragraphs:
            scores.update(reading.read(answer, anchor=item.anchor))
        qa_scores.append(scores)

    named = [slug for slug in topic_order if slug in article.topics]
    topics = tuple(named + [slug for slug in _best_topics(reading.topic_scores, ARTICLE_TOPIC_MIN_SCORE, topic_order) if slug not in named])
    # A Q&A pair whose own words match no topic goes with its article's first topic.
    qa_topics = tuple(tuple(_best_topics(scores, QA_TOPIC_MIN_SCORE, topic_order) or topics[:1]) for scores in qa_scores)
    answers_shown: dict[str, set[str]] = defaultdict(set)
    for item, slugs in zip(items, qa_topics):
        for slug in slugs:
            answers_shown[slug].add(item.anchor)
    return ArticleAnalysis(
        topics=topics,
        entities=tuple(sorted(reading.entities, key=lambda slug: entity_order[slug])),
        qa_topics=qa_topics,
        sentences=tuple((sentence.quote.text, sentence.quote.anchor) for sentence in reading.sentences),
        passages=_passages(reading.sentences, answers_shown),
        entity_sentences=_entity_sentences(reading.sentences),
    )


def sorted_articles(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Newest first; undated articles last; ties broken by title for a stable order."""
    return tuple(sorted(articles, key=lambda a: (-a.sort_date.toordinal(), a.title, a.slug)))


def _related_articles(articles: tuple[Article, ...], analyses: Mapping[str, ArticleAnalysis]) -> dict[str, tuple[Article, ...]]:
    """Articles sharing topics (weight 2) and entities (weight 1), among near neighbours in time."""
    keys = [_relation_keys(analyses[article.slug]) for article in articles]
    postings: dict[str, list[int]] = defaultdict(list)
    for position, article_keys in enumerate(keys):
        for key, _ in article_keys:
            postings[key].append(position)
    seen_in: dict[str, int] = defaultdict(int)  # articles are visited in posting order
    related = {}
    for position, article in enumerate(articles):
        scores: dict[int, int] = {}
        for key, weight in keys[position]:
            index = seen_in[key]
            seen_in[key] += 1
            for other in postings[key][max(0, index - RELATED_WINDOW) : index + RELATED_WINDOW + 1]:
                scores[other] = scores.get(other, 0) + weight
        scores.pop(position, None)
        best = heapq.nsmallest(RELATED_ARTICLES, scores, key=lambda other: (-scores[other], abs(other - position), other))
        related[article.slug] = tuple(articles[other] for other in best)
    return related


def _relation_keys(analysis: ArticleAnalysis) -> list[tuple[str, int]]:
    return [(f"topic:{slug}", 2) for slug in analysis.topics] + [(f"entity:{slug}", 1) for slug in analysis.entities]


def _agreements(content: Content, articles: dict[str, Article], bodies: Mapping[str, RenderedBody]) -> tuple[Agreement, ...]:
    entities = {entity.slug: entity for entity in content.entities}
    agreements = []
    for fact in content.facts:
        article = articles[fact.citation.article]
        anchor = bodies[article.slug].anchor_of(fact.citation.sentence) or ""
        agreements.append(Agreement(entities[fact.partner], fact.status, Quote(fact.citation.sentence, article, anchor), fact.date))
    return tuple(sorted(agreements, key=lambda a: (STATUS_ORDER[a.status], a.partner.name)))


def _topic_passages(topic: Topic, topic_articles: tuple[Article, ...], analyses: Mapping[str, ArticleAnalysis]) -> tuple[Quote, ...]:
    candidates = (
        (score, order, number)
        for order, article in enumerate(topic_articles)
        for score, number in analyses[article.slug].passages.get(topic.slug, ())
    )
    best = heapq.nsmallest(PASSAGES_PER_TOPIC, candidates)
    return tuple(analyses[topic_articles[order].slug].quote(topic_articles[order], number) for _, order, number in best)


def _entity_quotes(entity: Entity, agreements: tuple[Agreement, ...], articles: tuple[Article, ...], analyses: Mapping[str, ArticleAnalysis]) -> tuple[Quote, ...]:
    """What the sources say about an entity, besides the quote a partner's agreement already cites."""
    seen = {normalise(agreement.quote.text) for agreement in agreements if agreement.partner == entity}
    mentions = []
    for article in articles:
        analysis = analyses[article.slug]
        for quote in (analysis.quote(article, number) for number in analysis.entity_sentences.get(entity.slug, ())):
            if normalise(quote.text) not in seen:
                seen.add(normalise(quote.text))
                mentions.append(quote)
        if len(mentions) >= QUOTES_PER_ENTITY:
            break
    return tuple(mentions[:QUOTES_PER_ENTITY])


def _qa_by_topic(content: Content, articles: tuple[Article, ...], analyses: Mapping[str, ArticleAnalysis]):
    """Each topic's Q&A pairs, and the FAQ's groups (each pair under its best topic)."""
    topic_qa: dict[str, list[QAItem]] = {topic.slug: [] for topic in content.topics}
    faq: dict[str | None, list[QAItem]] = defaultdict(list)
    for article in articles:
        for item, slugs in zip(qa_items(article), analyses[article.slug].qa_topics):
            for slug in slugs:
                topic_qa[slug].append(item)
            faq[slugs[0] if slugs else None].append(item)
    faq_groups = tuple((topic, tuple(faq[topic.slug])) for topic in content.topics if faq[topic.slug])
    if faq[None]:
        faq_groups += ((None, tuple(faq[None])),)
    return {slug: tuple(items) for slug, items in topic_qa.items()}, faq_groups


def enrich(content: Content, bodies: Mapping[str, RenderedBody], analyses: Mapping[str, ArticleAnalysis]) -> Briefing:
    """Combine the articles' analyses into every relation the pages show; the content must be valid."""
    articles = sorted_articles(content.articles)
    by_slug = {article.slug: article for article in articles}
    topics = {topic.slug: topic for topic in content.topics}
    entities = {entity.slug: entity for entity in content.entities}

    article_topics = {a.slug: tuple(topics[s] for s in analyses[a.slug].topics) for a in articles}
    article_entities = {a.slug: tuple(entities[s] for s in analyses[a.slug].entities) for a in articles}
    topic_articles_lists: dict[str, list[Article]] = {slug: [] for slug in topics}
    for article in articles:
        for slug in analyses[article.slug].topics:
            topic_articles_lists[slug].append(article)
    topic_articles = {slug: tuple(items) for slug, items in topic_articles_lists.items()}
    topic_qa, faq_groups = _qa_by_topic(content, articles, analyses)

    agreements = _agreements(content, by_slug, bodies)
    country_status = {agreement.partner.slug: agreement.status for agreement in agreements}
    mentioned_in = relations.articles_by_entity(content.entities, articles, article_entities)
    # A partner gets a page when a source mentions it or an agreement names it.
    partner_countries = tuple(
        sorted(
            (e for e in content.entities if e.kind == "country" and e.partner and (mentioned_in[e.slug] or e.slug in country_status)),
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
        paragraphs={a.slug: _paragraphs(analyses[a.slug]) for a in articles},
        article_topics=article_topics,
        article_entities=article_entities,
        article_qa={a.slug: qa_items(a) for a in articles},
        related_articles=_related_articles(articles, analyses),
        topic_articles=topic_articles,
        topic_qa=topic_qa,
        topic_passages={t.slug: _topic_passages(t, topic_articles[t.slug], analyses) for t in content.topics},
        topic_countries={t.slug: _countries_named_in(topic_articles[t.slug], partner_countries, analyses) for t in content.topics},
        faq_groups=faq_groups,
        country_status=country_status,
        people=people,
        organisations=organisations,
        entity_quotes={e.slug: _entity_quotes(e, agreements, entity_articles[e.slug], analyses) for e in with_pages},
        entity_articles=entity_articles,
        entity_topics=relations.topics_by_entity(entity_articles, article_topics, content.topics),
        entity_related=relations.entities_by_entity(entity_articles, article_entities),
        topic_entities=relations.entities_by_topic(topic_articles, article_entities),
        topic_related=relations.topics_by_topic(topic_articles, article_topics, content.topics),
        article_agreements=relations.agreements_by_article(agreements),
    )


def _paragraphs(analysis: ArticleAnalysis) -> tuple[Paragraph, ...]:
    """The body paragraphs again, from their sentences (spacing aside)."""
    texts: dict[str, list[str]] = {}
    for text, anchor in analysis.sentences:
        if anchor.startswith("p-"):
            texts.setdefault(anchor, []).append(text)
    return tuple(Paragraph(anchor, " ".join(parts)) for anchor, parts in texts.items())


def _countries_named_in(articles: tuple[Article, ...], countries: tuple[Entity, ...], analyses: Mapping[str, ArticleAnalysis]) -> tuple[Entity, ...]:
    named = {slug for article in articles for slug in analyses[article.slug].entities}
    return tuple(country for country in countries if country.slug in named)


def enrich_content(content: Content) -> Briefing:
    """The briefing of valid content, every article analysed here (the build spreads and caches this)."""
    bodies = Bodies({article.slug: article.body for article in content.articles})
    matcher = Matcher.for_content(content.topics, content.entities)
    return enrich(content, bodies, {a.slug: analyse(a, bodies[a.slug], matcher, content) for a in content.articles})

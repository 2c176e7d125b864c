"""Enrichment, step 1: one article alone — its topics, mentions and candidate quotes.

The result depends only on that article and the topics and entities files, so the
build caches it per article and a rebuild analyses only what changed. Nothing here
reads files or formats HTML.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

from briefing.content.markdown import RenderedBody
from briefing.model import Article, Content, Entity, QAItem, Quote, Topic
from briefing.text import lowercase, normalise, sentence_spans, trie_pattern
from briefing.vocabulary import KIND_ORDER

ARTICLE_TOPIC_MIN_SCORE = 3
QA_TOPIC_MIN_SCORE = 2
PASSAGES_PER_ARTICLE = 2
QUOTES_PER_ENTITY = 8
PASSAGE_LENGTH = (60, 360)


def _starts_name(text: str, start: int) -> bool:
    # Checked by hand, not by a look-behind: a pattern that opens with a literal lets the
    # regex engine skip ahead to the possible first letters, which makes one pass fast.
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_.")


@dataclass(frozen=True)
class Matcher:
    """Finds every topic keyword and entity name in a text in one pass each.

    Keywords match whole words in any case, with a plural 's'; names match whole
    words, case-sensitively ('US' the country is not 'us' the pronoun). Where
    two phrases overlap, the longer one counts ('Paris region', not 'region').
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
        return [
            (m.start(), self.entity_of_name[m.group()])
            for m in self.name_pattern.finditer(text)
            if _starts_name(text, m.start())
        ]


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

    def _add_sentences(
        self, text: str, anchor: str, keywords: list[tuple[int, str, str]], names: list[tuple[int, str]]
    ) -> None:
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
    topics = tuple(
        named
        + [
            slug
            for slug in _best_topics(reading.topic_scores, ARTICLE_TOPIC_MIN_SCORE, topic_order)
            if slug not in named
        ]
    )
    # A Q&A pair whose own words match no topic goes with its article's first topic.
    qa_topics = tuple(
        tuple(_best_topics(scores, QA_TOPIC_MIN_SCORE, topic_order) or topics[:1]) for scores in qa_scores
    )
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

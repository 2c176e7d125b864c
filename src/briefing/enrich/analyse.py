"""Enrichment, step 1: one article alone — its topics, mentions and candidate quotes.

The result depends only on that article and the topics and entities files, so the
build caches it per article and a rebuild analyses only what changed. Nothing here
reads files or formats HTML.
"""

from __future__ import annotations

import pickle
import re
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from briefing.content.markdown import RenderedBody
from briefing.model import Article, Content, Entity, QAItem, Quote, Topic
from briefing.text import lowercase, said_key, sentence_spans, trie_pattern
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


# What parts the words of a keyword in a text: spaces, a line's break or hyphens ('trade war', 'trade-war').
_KEYWORD_SPACE = r"[\s-]+"
_KEYWORD_SPACES = re.compile(_KEYWORD_SPACE)


def keyword_form(text: str) -> str:
    """A keyword, or a text the keyword pattern matched, as `Matcher` looks it up: lowercase, single-spaced."""
    return _KEYWORD_SPACES.sub(" ", lowercase(text)).strip()


def plural_forms(keyword: str) -> list[str]:
    """A keyword's English plurals: 'tariffs', 'taxes', 'policies'."""
    forms = [f"{keyword}s"]
    if re.search(r"(?:s|x|z|ch|sh)$", keyword):
        forms.append(f"{keyword}es")
    if re.search(r"[^aeiou]y$", keyword):
        forms.append(f"{keyword[:-1]}ies")
    return forms


@dataclass(frozen=True)
class Matcher:
    """Finds every topic keyword and entity name in a text in one pass each.

    Keywords match whole words in any case, with their plurals, and their words parted
    by spaces or hyphens alike; names match whole words, case-sensitively ('US' the
    country is not 'us' the pronoun). Where two phrases overlap, the longer one counts
    ('Paris region', not 'region').
    """

    keyword_pattern: re.Pattern[str]
    # What each form the keyword pattern matches (a keyword or its plural, as `keyword_form` gives it) stands
    # for: (topic slug, keyword) for each topic with that keyword.
    hits_of_word: dict[str, tuple[tuple[str, str], ...]]
    name_pattern: re.Pattern[str]
    entity_of_name: dict[str, str]

    @classmethod
    def for_content(cls, topics: tuple[Topic, ...], entities: tuple[Entity, ...]) -> Matcher:
        topics_of_keyword: dict[str, list[str]] = defaultdict(list)
        for topic in topics:
            for keyword in topic.keywords:
                if topic.slug not in topics_of_keyword[keyword_form(keyword)]:
                    topics_of_keyword[keyword_form(keyword)].append(topic.slug)
        hits_of_word = {
            keyword: tuple((slug, keyword) for slug in slugs) for keyword, slugs in topics_of_keyword.items()
        }
        for keyword in topics_of_keyword:
            for plural in plural_forms(keyword):
                hits_of_word.setdefault(plural, hits_of_word[keyword])  # unless the plural is a keyword of its own
        entity_of_name = {name: entity.slug for entity in entities for name in entity.names}
        return cls(
            # Matched against lowercased text: faster than a case-insensitive pattern.
            keyword_pattern=re.compile(rf"\b{trie_pattern(hits_of_word, space=_KEYWORD_SPACE)}(?!\w)"),
            hits_of_word=hits_of_word,
            name_pattern=re.compile(rf"{trie_pattern(entity_of_name)}(?!\w)"),
            entity_of_name=entity_of_name,
        )

    def keywords(self, text: str) -> list[tuple[int, str, str]]:
        """(where, topic slug, keyword) for every keyword in the text."""
        hits_of_word = self.hits_of_word
        return [
            (match.start(), slug, keyword)
            for match in self.keyword_pattern.finditer(lowercase(text))
            # Most matches are written as the keyword is: only one parted otherwise ('trade-war') is normalised.
            for slug, keyword in hits_of_word.get(match.group()) or hits_of_word[keyword_form(match.group())]
        ]

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
class Sentences:
    """An article's quotable sentences, each as (text, anchor of the paragraph or answer it is in).

    Packed into one string and a list of where each ends: one string is much quicker
    to unpickle than a pair of strings per sentence.
    """

    text: str  # the sentences one after another
    ends: array  # where each sentence ends in `text`
    anchors: tuple[str, ...]  # each sentence's anchor (the sentences of one paragraph share one string)

    @classmethod
    def of(cls, pairs: list[tuple[str, str]]) -> Sentences:
        texts, anchors = zip(*pairs) if pairs else ((), ())
        return cls("".join(texts), array("L", accumulate(map(len, texts))), anchors)

    def __len__(self) -> int:
        return len(self.anchors)

    def __getitem__(self, number: int) -> tuple[str, str]:
        """The sentence of that number, counted from 0 (asked for once for every quote a build weighs)."""
        start = self.ends[number - 1] if number else 0
        return self.text[start : self.ends[number]], self.anchors[number]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        start = 0
        for end, anchor in zip(self.ends, self.anchors):
            yield self.text[start:end], anchor
            start = end

    def quote(self, article: Article, number: int) -> Quote:
        text, anchor = self[number]
        return Quote(text, article, anchor)


@dataclass(frozen=True)
class ArticleAnalysis:
    """What one article says, found without looking at any other article.

    Kept in plain tuples and numbers, because the build cache stores one per article
    and a rebuild reads them all: sentences are referred to by number (see `Analysed`).
    The passages and the entity sentences, which a rebuild needs of only the articles
    that changed (enrich carries the rest over), stay packed until they are asked for:
    unpickling their small tuples was half the time of reading every record.
    """

    topics: tuple[str, ...]
    entities: tuple[str, ...]
    qa_topics: tuple[tuple[str, ...], ...]
    packed: bytes  # (passages, entity_sentences), pickled

    @classmethod
    def of(
        cls,
        topics: tuple[str, ...],
        entities: tuple[str, ...],
        qa_topics: tuple[tuple[str, ...], ...],
        passages: dict[str, tuple[tuple[int, int], ...]],
        entity_sentences: dict[str, tuple[tuple[int, int], ...]],
    ) -> ArticleAnalysis:
        return cls(topics, entities, qa_topics, pickle.dumps((passages, entity_sentences), pickle.HIGHEST_PROTOCOL))

    @cached_property
    def _unpacked(self) -> tuple[dict[str, tuple[tuple[int, int], ...]], dict[str, tuple[tuple[int, int], ...]]]:
        return pickle.loads(self.packed)

    @property
    def passages(self) -> dict[str, tuple[tuple[int, int], ...]]:
        """Per topic, its best passages here: (score, number of the sentence); a lower score is better."""
        return self._unpacked[0]

    @property
    def entity_sentences(self) -> dict[str, tuple[tuple[int, int], ...]]:
        """Per entity, the first distinct sentences that name it: (number, `said_key` of the sentence), so that
        quotes are told apart from those of other articles without reading their text."""
        return self._unpacked[1]

    def __getstate__(self) -> dict[str, object]:
        # Pickled packed, as it was made, whether or not it has been unpacked since.
        return {name: value for name, value in self.__dict__.items() if name != "_unpacked"}


@dataclass(frozen=True)
class Analysed:
    """One article's analysis, and its quotable sentences that the analysis numbers.

    The build cache keeps the two apart: a rebuild reads every article's analysis, but the
    sentences of only the few whose quotes or search documents it makes again.
    """

    analysis: ArticleAnalysis
    sentences: Sentences


class _Reading:
    """One pass over every piece of an article's text, adding up what it finds.

    Each text is scanned once; the hits in a quotable paragraph are shared out among
    its sentences by position, so sentences need no scan of their own.
    """

    def __init__(self, matcher: Matcher):
        self.matcher = matcher
        self.topic_scores: Counter[str] = Counter()
        self.entities: set[str] = set()
        # Every quotable sentence as (text, anchor of the paragraph or answer it is in) and, by its
        # number, the (topic slug, keyword) pairs and the entities found in it.
        self.sentences: list[tuple[str, str]] = []
        self.keywords_in: list[list[tuple[str, str]]] = []
        self.entities_in: list[set[str]] = []

    def read(self, text: str, weight: int = 1, anchor: str | None = None) -> Counter[str]:
        """Scan one text; its topic hits count `weight` times. Returns the text's own topic hits."""
        keywords, names = self.matcher.keywords(text), self.matcher.names(text)
        hits = Counter([slug for _, slug, _ in keywords])
        for slug, count in hits.items():
            self.topic_scores[slug] += weight * count
        self.entities.update([slug for _, slug in names])
        if anchor:
            self._add_sentences(text, anchor, keywords, names)
        return hits

    def _add_sentences(
        self, text: str, anchor: str, keywords: list[tuple[int, str, str]], names: list[tuple[int, str]]
    ) -> None:
        spans = sentence_spans(text)
        starts = [start for start, _ in spans]
        keywords_in: list[list[tuple[str, str]]] = [[] for _ in spans]
        entities_in: list[set[str]] = [set() for _ in spans]
        for position, slug, keyword in keywords:
            index = bisect_right(starts, position) - 1
            if index >= 0 and position < spans[index][1]:
                keywords_in[index].append((slug, keyword))
        for position, slug in names:
            index = bisect_right(starts, position) - 1
            if index >= 0 and position < spans[index][1]:
                entities_in[index].add(slug)
        self.sentences += [(text[start:end], anchor) for start, end in spans]
        self.keywords_in += keywords_in
        self.entities_in += entities_in


def _best_topics(scores: Counter[str], minimum: int, topic_order: dict[str, int]) -> list[str]:
    """Topics scoring at least `minimum`, best first (ties in the topics file's order)."""
    return sorted((slug for slug in topic_order if scores[slug] >= minimum), key=lambda slug: -scores[slug])


def qa_items(article: Article) -> tuple[QAItem, ...]:
    return tuple(QAItem(pair, article, f"qa-{number}") for number, pair in enumerate(article.qa, start=1))


def _passages(reading: _Reading, answers_shown: dict[str, set[str]]) -> dict[str, tuple[tuple[int, int], ...]]:
    """Per topic, the article's sentences with the most distinct keywords, at a readable length.

    Sentences from answers the topic page already shows in full are left out.
    """
    scored: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for position, ((text, anchor), keywords) in enumerate(zip(reading.sentences, reading.keywords_in)):
        if not keywords or not PASSAGE_LENGTH[0] <= len(text) <= PASSAGE_LENGTH[1]:
            continue
        hits_by_topic: dict[str, list[str]] = defaultdict(list)
        for slug, keyword in keywords:
            hits_by_topic[slug].append(keyword)
        for slug, hits in hits_by_topic.items():
            if anchor not in answers_shown.get(slug, ()):
                scored[slug].append((-(2 * len(set(hits)) + len(hits)), position))
    return {slug: tuple(sorted(items)[:PASSAGES_PER_ARTICLE]) for slug, items in sorted(scored.items())}


def _entity_sentences(reading: _Reading) -> dict[str, tuple[tuple[int, int], ...]]:
    """Per entity, the first distinct sentences that name it, each with the key of what it says.

    One more than a page shows: the page leaves out the sentence its agreement already cites.
    """
    by_entity: dict[str, dict[int, int]] = defaultdict(dict)
    for position, ((sentence, _), entities) in enumerate(zip(reading.sentences, reading.entities_in)):
        wanted = [slug for slug in entities if len(by_entity[slug]) <= QUOTES_PER_ENTITY]
        if wanted:
            said = said_key(sentence)
            for slug in wanted:
                by_entity[slug].setdefault(said, position)
    return {
        slug: tuple((position, said) for said, position in by_said.items())
        for slug, by_said in sorted(by_entity.items())
    }


def analyse(article: Article, body: RenderedBody, matcher: Matcher, content: Content) -> Analysed:
    """Everything the briefing needs to know about one article on its own.

    Topics: those named in the front matter first, then those whose keywords score
    enough (a title hit counts three times, a summary hit twice), best first.
    """
    topic_order = {topic.slug: index for index, topic in enumerate(content.topics)}
    entity_order = {entity.slug: (KIND_ORDER[entity.kind], entity.name) for entity in content.entities}
    reading = _Reading(matcher)
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
    analysis = ArticleAnalysis.of(
        topics=topics,
        entities=tuple(sorted(reading.entities, key=lambda slug: entity_order[slug])),
        qa_topics=qa_topics,
        passages=_passages(reading, answers_shown),
        entity_sentences=_entity_sentences(reading),
    )
    return Analysed(analysis, Sentences.of(reading.sentences))

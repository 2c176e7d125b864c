"""The search index: the briefing as small script files the search page loads on demand.

Browsers block fetch() on file://, so every index file is JavaScript that hands its
data to `briefingSearch` when a <script> tag loads it. A query loads the manifest,
the term files of its words and the document files of the results it shows, and
nothing else, so the data a query needs stays small however many articles there are.

Documents are articles, Q&A pairs, topic pages and partner-country pages. Each posting
carries its document's term-frequency part of BM25; the browser multiplies it by the
term's idf, which it computes from how many postings the term has, so an arrival does not
change every posting.

Articles are numbered in the order they arrived (their `ingested` day, which `ingest`
sets), so an arrival takes the next number and leaves every other number as it was: only
the term files of its words, the last document file and the manifest change.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from briefing import urls
from briefing.enrich import relations
from briefing.model import Article, Briefing, Entity
from briefing.search.counts import CountTable, NameFinder, counted, entity_key
from briefing.search.words import STOPWORDS, words
from briefing.vocabulary import KIND_LABELS, STATUS_LABELS

DOCUMENT_KINDS = ("topic", "country", "article", "qa")
# Hub pages outrank an article that says as much: they are where a reader starts.
KIND_BOOST = {"topic": 1.3, "country": 1.3, "article": 1.0, "qa": 1.0}
BM25_K1, BM25_B = 1.2, 0.75
# A weight is stored as one of 64 levels on a log scale, each 9% above the one below
# (2 ** (1/8)): ranking needs no finer steps, and a level fits in one character.
WEIGHT_LEVELS = 64
LEVELS_PER_DOUBLING = 8
LOWEST_WEIGHT = 0.1
# Postings are written in these 64 characters, none of which JSON escapes.
POSTING_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# A term file holding more than this many bytes is split by a longer word prefix.
TERM_FILE_BUDGET = 40_000
# Documents are grouped into files of about this many bytes, in document order.
DOCUMENT_FILE_BUDGET = 12_000
# Words shorter than this match only whole words while typing (not as a prefix).
MIN_PREFIX = 3


@dataclass(frozen=True)
class Document:
    """One search result: a page, or the place in a page, that a query can lead to."""

    kind: str
    title: str
    path: str  # what a link to the page names, from the site's root (urls.address)
    passages: tuple[tuple[str, str], ...]  # (anchor in the page, text); the first is the lead
    hidden: str = ""  # indexed but never shown: a topic's keywords, a country's other names
    passages_indexed: bool = True  # False when the passages quote other pages' subjects


@dataclass(frozen=True)
class Index:
    postings: Postings  # term key → [(document number, weight level)]
    word_keys: dict[str, tuple[str, ...]]  # folded word → term keys (its stem, entities it names)
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first word → [(words of a name, entity key)]
    entity_names: dict[str, list[tuple[str, ...]]]  # entity key → the words of each of its names, to highlight
    counts: CountTable  # every document's term counts, for the next build to start from


# Documents


def documents(briefing: Briefing) -> list[Document]:
    """Every searchable document, in a stable order: topics, countries, then each article in the order they
    arrived, and its Q&A."""
    return [*_topic_documents(briefing), *_country_documents(briefing), *_article_documents(briefing)]


def indexed_entities(briefing: Briefing) -> tuple[Entity, ...]:
    """The entities whose names search knows: those the articles mention, and the partner countries."""
    found = relations.named_entities(briefing.article_entities, briefing.partner_countries)
    return tuple(found[slug] for slug in sorted(found))


def _topic_documents(briefing: Briefing) -> Iterator[Document]:
    for topic in briefing.topics:
        yield Document(
            "topic",
            topic.title,
            urls.address(urls.topic(topic.slug), briefing.settings.pretty_urls),
            (("", topic.overview),),
            " ".join(topic.keywords),
        )


def _country_documents(briefing: Briefing) -> Iterator[Document]:
    """A country is found by its names and status; its quotes, which name other countries too, are only shown."""
    agreements = {a.partner.slug: a for a in briefing.agreements}
    for country in briefing.partner_countries:
        status = STATUS_LABELS[briefing.country_status[country.slug]]
        agreement = agreements.get(country.slug)
        lead = f"{status}: {agreement.quote.text}" if agreement else f"{status}. {country.description}".strip()
        quotes = tuple(("", quote.text) for quote in briefing.entity_quotes[country.slug])
        hidden = " ".join((status, *country.aliases))
        yield Document(
            "country",
            country.name,
            urls.address(urls.country(country.slug), briefing.settings.pretty_urls),
            (("", lead), *quotes),
            hidden,
            passages_indexed=False,
        )


def _arrival(article: Article) -> tuple[date, date, str]:
    """When an article arrived: the day it was ingested (or, written by hand, published), then its own date."""
    published = article.published or date.min
    return article.ingested or published, published, article.slug


def _article_documents(briefing: Briefing) -> Iterator[Document]:
    for article in sorted(briefing.articles, key=_arrival):
        path = urls.address(urls.article(article.slug), briefing.settings.pretty_urls)
        lead = " ".join((article.summary, *article.highlights))
        body = tuple((p.anchor, p.text) for p in briefing.paragraphs[article.slug])
        yield Document("article", article.title, path, (("", lead), *body))
        for item in briefing.article_qa[article.slug]:
            yield Document("qa", item.pair.question, path, ((item.anchor, item.pair.answer),))


# The inverted index


def _indexed_text(document: Document) -> tuple[str, str]:
    """The title and the body whose words are indexed."""
    passages = [text for _, text in document.passages] if document.passages_indexed else []
    return document.title, "\n".join((*passages, document.hidden))


def build_index(
    docs: list[Document], entities: tuple[Entity, ...], jobs: int = 1, stored: CountTable | None = None
) -> Index:
    """Postings with BM25 weights for every word stem and every entity named in the documents.

    Terms are counted over `jobs` processes, and only for documents whose counts are not `stored`.
    """
    table = counted([_indexed_text(document) for document in docs], NameFinder.of(entities), jobs, stored)
    postings = Postings.weighed(table, [KIND_BOOST[document.kind] for document in docs])
    word_keys = {word: {key} for word, key in table.word_stems().items()}
    phrases, entity_names = _entity_names(entities, word_keys, postings)
    return Index(
        postings, {word: tuple(sorted(keys)) for word, keys in word_keys.items()}, phrases, entity_names, table
    )


class Postings(Mapping[str, list[tuple[int, int]]]):
    """Every term key's postings, (document number, weight level) in document order, held in flat arrays.

    Arrays rather than a list of pairs per key: an index of 10,000 articles holds three
    million postings, which numpy weighs and encodes in a fraction of a second.
    """

    def __init__(self, keys: list[str], starts: np.ndarray, numbers: np.ndarray, levels: np.ndarray):
        self._position = {key: position for position, key in enumerate(keys)}
        self._keys, self._starts, self._numbers, self._levels = keys, starts, numbers, levels

    @classmethod
    def weighed(cls, table: CountTable, boosts: list[float]) -> Postings:
        """BM25 without its idf: weight = boost · tf·(k1+1) / (tf + k1·(1 − b + b·length/average)), as a level.

        The average length is rounded to a whole word, so an arrival seldom moves it.
        """
        term, document = table.terms.values, table.document_of_postings()
        lengths = table.lengths.astype(np.float64)
        average_length = max(1, round(float(lengths.sum()) / max(1, len(lengths))))
        length_norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / average_length)
        frequency = table.frequencies.astype(np.float64)
        # In place, in the order of the formula: three million postings make each temporary array 24 MB.
        weight = np.asarray(boosts)[document]
        weight *= frequency
        weight *= BM25_K1 + 1
        denominator = length_norm[document]
        denominator += frequency
        weight /= denominator
        del frequency, denominator
        # Stable: within a key, postings stay in document order.
        order = np.argsort(term, kind="stable")
        starts = np.concatenate(([0], np.cumsum(np.bincount(term, minlength=len(table.keys)))))
        return cls(table.keys, starts, document[order], weight_levels(weight[order]))

    def __getitem__(self, key: str) -> list[tuple[int, int]]:
        position = self._position[key]
        start, end = self._starts[position], self._starts[position + 1]
        return list(zip(self._numbers[start:end].tolist(), self._levels[start:end].tolist()))

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def encoded(self) -> dict[str, str]:
        """Each key's postings as encode_postings writes them, all encoded at once."""
        starts = self._starts
        gaps = np.diff(self._numbers.astype(np.int64), prepend=0)
        firsts = starts[:-1]  # every key has a posting
        gaps[firsts] = self._numbers[firsts]  # a key's first gap counts from document 0
        text, offsets = _encoded_postings(gaps, self._levels)
        offsets = offsets[starts].tolist()  # where each key's postings start in the text
        return {key: f'"{text[offsets[n] : offsets[n + 1]]}"' for n, key in enumerate(self._keys)}


def weight_levels(weights: np.ndarray) -> np.ndarray:
    """The level (0–63) each weight is stored as; the browser reads it back as 2 ** (level / 8), a constant factor
    off, which ranks the same."""
    above = np.maximum(weights, LOWEST_WEIGHT) / LOWEST_WEIGHT
    levels = np.minimum(np.rint(LEVELS_PER_DOUBLING * np.log2(above)), WEIGHT_LEVELS - 1)
    return levels.astype(np.uint8)


def weight_level(weight: float) -> int:
    return int(weight_levels(np.array([weight]))[0])


def _entity_names(
    entities: tuple[Entity, ...], word_keys: dict[str, set[str]], postings: Postings
) -> tuple[dict, dict]:
    """Make every name of an entity found in the documents find it: one-word names as words, longer ones as phrases."""
    found = {entity_key(e): e for e in entities if entity_key(e) in postings}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    entity_names = {}
    for key in sorted(found):
        names = sorted({tuple(_strip_stopwords(words(name))) for name in found[key].names} - {()})
        for name_words in names:
            if len(name_words) == 1:
                word_keys.setdefault(name_words[0], set()).add(key)
            else:
                phrases[name_words[0]].append((name_words, key))
        entity_names[key] = names
    return {word: sorted(set(entries)) for word, entries in phrases.items()}, entity_names


def _strip_stopwords(name_words: list[str]) -> list[str]:
    """'the Netherlands' → ['netherlands']; stopwords inside a name stay ('united states of america')."""
    while name_words and name_words[0] in STOPWORDS:
        name_words = name_words[1:]
    while name_words and name_words[-1] in STOPWORDS:
        name_words = name_words[:-1]
    return name_words


# Term files: words grouped by prefix, a group split by a longer prefix when too big


def _gap_widths(gaps: np.ndarray) -> np.ndarray:
    """How many characters each gap takes: one per 5 bits."""
    widths = np.ones(len(gaps), dtype=np.int64)
    for shift in range(5, 64, 5):
        beyond = gaps >= (1 << shift)
        if not beyond.any():
            break
        widths += beyond
    return widths


def _encoded_postings(gaps: np.ndarray, levels: np.ndarray) -> tuple[str, np.ndarray]:
    """encode_postings of every posting in a row, without the quotes, and where each posting starts in
    that text (with the text's length last)."""
    alphabet = np.frombuffer(POSTING_ALPHABET.encode("ascii"), dtype=np.uint8)
    widths = _gap_widths(gaps)
    bounds = np.concatenate(([0], np.cumsum(widths + 1)))
    offsets = bounds[:-1]
    text = np.empty(int(bounds[-1]), dtype=np.uint8)
    for group in range(int(widths.max()) if len(gaps) else 0):
        here = widths > group
        value = (gaps[here] >> (5 * group)) & 31
        # A character above 31 says another group follows.
        text[offsets[here] + group] = alphabet[value + 32 * (widths[here] > group + 1)]
    text[offsets + widths] = alphabet[levels]
    return text.tobytes().decode("ascii"), bounds


def encode_postings(entries: list[tuple[int, int]]) -> str:
    """Each posting as its gap to the previous document (1 character below 32) and its weight level (1 character).

    Most postings of a common word take two bytes, a third of what JSON numbers take.
    """
    numbers = np.array([number for number, _ in entries], dtype=np.int64)
    levels = np.array([level for _, level in entries], dtype=np.int64)
    return f'"{_encoded_postings(np.diff(numbers, prepend=0), levels)[0]}"'


# ASCII only: a script file then reads the same whatever charset a server announces.
_JSON = json.JSONEncoder(ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def _json(value: object) -> str:
    return _JSON.encode(value)


def _term_script(number: int, index: Index, group: list[str], encoded: dict[str, str]) -> str:
    """The term file: its words' keys, the keys' postings, the names starting with its words."""
    keys = sorted({key for word in group for key in index.word_keys[word]})
    # Postings are JSON already; the rest is small enough for json.dumps.
    postings = "{" + ",".join(f"{_json(key)}:{encoded[key]}" for key in keys if key in encoded) + "}"
    data = {
        "words": {word: index.word_keys[word] for word in group},
        "phrases": {word: index.phrases[word] for word in group if word in index.phrases},
        "names": {key: index.entity_names[key] for key in keys if key in index.entity_names},
    }
    return f'briefingSearch.terms({number},{_json(data)[:-1]},"postings":{postings}}});\n'


def _term_groups(words_by_size: dict[str, int], budget: int) -> Iterator[tuple[str, list[str]]]:
    """(prefix, words) groups of about `budget` bytes at most; a word no longer than its prefix stays in it.

    A group over budget is split by a longer prefix: by the words' common prefix at once, and
    never a group of one word, so a 60 KB "word" costs one step rather than one per letter.
    Groups are listed in prefix order, each before the groups split from it.
    """
    found: list[tuple[str, list[str]]] = []
    pending = [(words_by_size, 1)]
    while pending:
        sizes, prefix_length = pending.pop()
        groups: dict[str, list[str]] = defaultdict(list)
        for word in sizes:
            groups[word[:prefix_length]].append(word)
        for prefix, group in groups.items():
            longer = {w: sizes[w] for w in group if len(w) > prefix_length}
            if sum(sizes[w] for w in group) <= budget or not longer or len(group) == 1:
                found.append((prefix, sorted(group)))
                continue
            kept = sorted(w for w in group if len(w) <= prefix_length)
            if kept:
                found.append((prefix, kept))
            pending.append((longer, max(prefix_length + 1, len(os.path.commonprefix(list(longer))))))
    return iter(sorted(found))


def term_files(index: Index, budget: int = TERM_FILE_BUDGET) -> tuple[list[str], dict[str, str]]:
    """The sorted term-file prefixes and {path: script} for each term file."""
    encoded = index.postings.encoded()
    sizes = {
        word: len(word) + sum(len(encoded.get(key, "")) + len(key) for key in keys)
        for word, keys in index.word_keys.items()
    }
    prefixes, files = [], {}
    for number, (prefix, group) in enumerate(_term_groups(sizes, budget)):
        prefixes.append(prefix)
        files[urls.search_terms(number)] = _term_script(number, index, group, encoded)
    return prefixes, files


# Document files


def _document_record(document: Document) -> list:
    return [document.kind, document.title, document.path, [list(passage) for passage in document.passages]]


def document_files(docs: list[Document]) -> tuple[list[int], dict[str, str]]:
    """The first document number of each document file, and {path: script} for each."""
    starts: list[int] = []
    files: dict[str, str] = {}
    batch: list[str] = []
    batch_size = 0
    for number, document in enumerate(docs):
        if not batch:
            starts.append(number)
        batch.append(_json(_document_record(document)))
        batch_size += len(batch[-1])
        if batch_size >= DOCUMENT_FILE_BUDGET or number == len(docs) - 1:
            files[urls.search_documents(len(starts) - 1)] = (
                f"briefingSearch.documents({starts[-1]},[{','.join(batch)}]);\n"
            )
            batch, batch_size = [], 0
    return starts, files


def _manifest(prefixes: Iterable[str], document_starts: list[int], document_count: int) -> str:
    data = {
        "documentCount": document_count,
        "termFiles": list(prefixes),
        "documentFiles": document_starts,
        "termPath": urls.SEARCH_TERMS,
        "documentPath": urls.SEARCH_DOCUMENTS,
        "kinds": {kind: KIND_LABELS[kind] for kind in DOCUMENT_KINDS},
        "stopwords": sorted(STOPWORDS),
        "minPrefix": MIN_PREFIX,
        "postingAlphabet": POSTING_ALPHABET,
        "levelsPerDoubling": LEVELS_PER_DOUBLING,
    }
    return f"briefingSearch.manifest({_json(data)});\n"


@dataclass(frozen=True)
class IndexFiles:
    files: dict[str, str]  # output path → script text
    counts: CountTable  # every document's term counts, for the next build to start from


def index_files(briefing: Briefing, jobs: int = 1, stored: CountTable | None = None) -> IndexFiles:
    """Every file of the search index; identical input gives identical files.

    Only documents whose counts are not `stored` (by an earlier build) are counted.
    """
    docs = documents(briefing)
    index = build_index(docs, indexed_entities(briefing), jobs, stored)
    prefixes, terms = term_files(index)
    document_starts, document_scripts = document_files(docs)
    manifest = _manifest(prefixes, document_starts, len(docs))
    return IndexFiles({urls.SEARCH_MANIFEST: manifest, **terms, **document_scripts}, index.counts)

"""The search index: the briefing as small script files the search page loads on demand.

Browsers block fetch() on file://, so every index file is JavaScript that hands its
data to `briefingSearch` when a <script> tag loads it. A query loads the manifest,
the term files of its words and the document files of the results it shows, and
nothing else, so the data a query needs stays small however many articles there are.

Documents are articles, Q&A pairs, topic pages and partner-country pages (`documents`).
Each posting carries its document's term-frequency part of BM25; the browser multiplies
it by the term's idf, which it computes from how many postings the term has, so an
arrival does not change every posting.

Document numbers come from the content and stay as they are while other documents come
and go (`numbers`), and the postings are kept between builds and brought up to date by
the documents that changed (`postings`): an arrival or a removal changes the term files
of its words, the document file holding its place and the manifest. Every file says what
it holds (its fingerprint) before it is made, so a build makes only the files that changed.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from briefing import urls
from briefing.model import Briefing, Entity
from briefing.search.counts import Fresh, NameFinder, count_documents, entity_key
from briefing.search.documents import (
    BOOSTS,
    DOCUMENT_KINDS,
    Document,
    Layout,
    document_maker,
    document_record,
    indexed_entities,
    indexed_text,
    laid_out,
    record_size,
)
from briefing.search.encoding import LEVELS_PER_DOUBLING, POSTING_ALPHABET, to_json
from briefing.search.numbers import Block
from briefing.search.postings import IndexState, Postings, updated
from briefing.search.words import STOPWORDS, words
from briefing.vocabulary import KIND_LABELS

# A term file holding more than this many bytes is split by a longer word prefix.
TERM_FILE_BUDGET = 40_000
# A block's documents are grouped into files of about this many bytes, by number.
DOCUMENT_FILE_BUDGET = 12_000
# Words shorter than this match only whole words while typing (not as a prefix).
MIN_PREFIX = 3


@dataclass(frozen=True)
class Index:
    state: IndexState  # every document's postings and words, for the next build to start from
    layout: Layout
    word_keys: dict[str, tuple[str, ...]]  # folded word → term keys (its stem, entities it names)
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first word → [(words of a name, entity key)]
    entity_names: dict[str, list[tuple[str, ...]]]  # entity key → the words of each of its names, to highlight

    @property
    def postings(self) -> Postings:
        """Term key → [(document number, weight level)]."""
        return Postings(self.state)


def _counter(
    briefing: Briefing, layout: Layout, names: NameFinder, jobs: int, counted: Callable[[], None]
) -> Callable[[list[int]], Fresh]:
    """Counts the documents at these positions of the layout's documents, in the order given, over `jobs`
    processes (a group's documents are made once, in the worker that counts them); `counted()` once they have."""
    owners = [(group, n) for group, (_, made) in enumerate(layout.groups) for n in range(len(made.identities))]

    def count(positions: list[int]) -> Fresh:
        wanted: dict[int, list[int]] = {}  # group → which of its documents, in the order given
        for position in positions:
            group, n = owners[position]
            wanted.setdefault(group, []).append(n)

        def texts(group: int) -> list[tuple[str, str, int]]:
            made = layout.groups[group][1].documents(briefing)
            return [(*indexed_text(made[n]), record_size(made[n])) for n in wanted[group]]

        return count_documents(list(wanted), texts, names, jobs, counted)

    return count


def build_index(
    briefing: Briefing, jobs: int = 1, stored: IndexState | None = None, counted: Callable[[], None] = lambda: None
) -> Index:
    """Postings with BM25 weights for every word stem and every entity named in the documents.

    Terms are counted over `jobs` processes, and only for documents the `stored` state (an earlier build's)
    does not hold; `counted()` is called once the worker processes have counted them.
    """
    layout = laid_out(briefing)
    entities = indexed_entities(briefing)
    names = NameFinder.of(entities)
    counter = _counter(briefing, layout, names, jobs, counted)
    state = updated(stored, layout.numbered(), layout.numbering.space, counter, names.digest(), BOOSTS)
    word_keys = {word: {state.keys[key]} for word, key in zip(state.words, state.word_stems.tolist())}
    phrases, entity_names = _entity_names(entities, word_keys, set(state.keys))
    return Index(state, layout, {word: tuple(sorted(keys)) for word, keys in word_keys.items()}, phrases, entity_names)


def _entity_names(entities: tuple[Entity, ...], word_keys: dict[str, set[str]], keys: set[str]) -> tuple[dict, dict]:
    """Make every name of an entity found in the documents find it: one-word names as words, longer ones as phrases."""
    found = {entity_key(e): e for e in entities if entity_key(e) in keys}
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


@dataclass(frozen=True)
class IndexFile:
    """One file of the index: its path, what stands for everything it holds, and the function that makes its text."""

    path: str
    fingerprint: str  # hashed with the code's version by the build (its parts are hashes and short texts)
    text: Callable[[], str]


# Term files: words grouped by prefix, a group split by a longer prefix when too big


def _term_script(number: int, data: str, keys: list[str], key_numbers: list[int], state: IndexState) -> str:
    """The term file: its words' keys, the names starting with its words (`data`, JSON), the keys' postings."""
    postings = "{" + ",".join(f"{to_json(key)}:{text}" for key, text in zip(keys, state.encoded(key_numbers))) + "}"
    return f'briefingSearch.terms({number},{data[:-1]},"postings":{postings}}});\n'


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


def _keys_with(index: Index, word: str) -> set[str]:
    """The keys whose postings the term file of `word` holds: the word's own and those of the names it starts
    (the browser reads a name of several words, 'united kingdom', from the file of its first word)."""
    return {*index.word_keys[word], *(key for _, key in index.phrases.get(word, ()))}


def term_files(index: Index, budget: int = TERM_FILE_BUDGET) -> tuple[list[str], list[IndexFile]]:
    """The sorted term-file prefixes, and each term file."""
    state = index.state
    key_numbers = {key: number for number, key in enumerate(state.keys)}
    digests = state.key_digests
    # A key's share of a term file: its postings, quoted, and its name.
    key_sizes = [len(text) + 2 + len(key) for key, text in zip(state.keys, state.key_texts)]
    sizes = {
        word: len(word) + sum(key_sizes[key_numbers[key]] for key in _keys_with(index, word))
        for word in index.word_keys
    }
    prefixes, files = [], []
    for number, (prefix, group) in enumerate(_term_groups(sizes, budget)):
        keys = sorted({key for word in group for key in _keys_with(index, word)})
        numbers = [key_numbers[key] for key in keys]
        data = to_json(
            {
                "words": {word: index.word_keys[word] for word in group},
                "phrases": {word: index.phrases[word] for word in group if word in index.phrases},
                "names": {key: index.entity_names[key] for key in keys if key in index.entity_names},
            }
        )
        fingerprint = "\n".join(("terms", str(number), data, *(digests[n] for n in numbers)))
        script = partial(_term_script, number, data, keys, numbers, state)
        prefixes.append(prefix)
        files.append(IndexFile(urls.search_terms(number), fingerprint, script))
    return prefixes, files


# Document files: each block's numbers in runs of a power of two, one file for each run that holds a document


def _numbers_per_file(block: Block, state: IndexState) -> int:
    """How many numbers of the block each of its files holds: the largest power of two whose files hold no more
    than 1.5 × DOCUMENT_FILE_BUDGET bytes on average (whole numbers, so that the same sizes give the same answer)."""
    size = int(state.sizes[block.start : block.start + block.size].sum())
    per_file = 1
    while per_file < block.size and 2 * (2 * per_file) * size <= 3 * DOCUMENT_FILE_BUDGET * block.size:
        per_file *= 2
    return per_file


def _document_script(name: str, numbers: range, made: Callable[[int], Document | None]) -> str:
    """The records of these numbers (null where no document is), without the empty numbers at the end."""
    records = [made(number) for number in numbers]
    while records and records[-1] is None:
        records.pop()
    texts = ",".join("null" if record is None else to_json(document_record(record)) for record in records)
    return f"briefingSearch.documents({to_json(name)},[{texts}]);\n"


def document_files(index: Index, briefing: Briefing) -> tuple[list[tuple[int, str, int]], list[IndexFile]]:
    """Each block with documents as (first number, name, numbers a file), and each document file.

    A file holds a run of its block's numbers and names none: it says only its block and its
    place there ("2026-11-23-4"), so a block moved along by the one before it keeps its files.
    """
    state, made = index.state, document_maker(briefing, index.layout)
    blocks, files = [], []
    for block in index.layout.numbering.blocks:
        per_file = _numbers_per_file(block, state)
        end = block.start + block.size
        for place, start in enumerate(range(block.start, end, per_file)):
            numbers = range(start, min(start + per_file, end))
            identities = state.identities[numbers.start : numbers.stop]
            if not any(identities):
                continue
            name = f"{block.name}-{place}"
            fingerprint = "\n".join(("documents", name, *identities))
            files.append(
                IndexFile(urls.search_documents(name), fingerprint, partial(_document_script, name, numbers, made))
            )
        if any(state.identities[block.start : end]):
            blocks.append((block.start, block.name, per_file))
    return blocks, files


def _manifest(prefixes: Iterable[str], blocks: list[tuple[int, str, int]], state: IndexState) -> str:
    data = {
        "documentCount": state.document_count(),
        "numberCount": len(state.identities),
        "termFiles": list(prefixes),
        "documentBlocks": blocks,
        "termPath": urls.SEARCH_TERMS,
        "documentPath": urls.SEARCH_DOCUMENTS,
        "kinds": {kind: KIND_LABELS[kind] for kind in DOCUMENT_KINDS},
        "stopwords": sorted(STOPWORDS),
        "minPrefix": MIN_PREFIX,
        "postingAlphabet": POSTING_ALPHABET,
        "levelsPerDoubling": LEVELS_PER_DOUBLING,
    }
    return f"briefingSearch.manifest({to_json(data)});\n"


@dataclass(frozen=True)
class IndexFiles:
    files: list[IndexFile]
    state: IndexState  # every document's postings and words, for the next build to start from

    def texts(self) -> dict[str, str]:
        """Every file's text by its path (all made now: for tests and tools)."""
        return {file.path: file.text() for file in self.files}


def index_files(
    briefing: Briefing, jobs: int = 1, stored: IndexState | None = None, counted: Callable[[], None] = lambda: None
) -> IndexFiles:
    """Every file of the search index; identical content gives identical files, whatever was `stored`.

    Only documents the `stored` state (an earlier build's) does not hold are counted (then `counted()` is
    called: see `build_index`), and a file's text is made only when it is asked for.
    """
    index = build_index(briefing, jobs, stored, counted)
    prefixes, terms = term_files(index)
    blocks, document_scripts = document_files(index, briefing)
    manifest = _manifest(prefixes, blocks, index.state)
    manifest_file = IndexFile(urls.SEARCH_MANIFEST, manifest, lambda: manifest)
    return IndexFiles([manifest_file, *terms, *document_scripts], index.state)

"""The search index: word folding, stems, name variants, the split into files, the A–Z index."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing import urls
from briefing.model import Briefing
from briefing.parallel import MIN_ITEMS_FOR_WORKERS
from briefing.render.a_to_z import ARTICLES_PER_ENTRY, a_to_z
from briefing.search import counts, encoding, numbers
from briefing.search import index as search
from briefing.search import words as words_module
from briefing.search.documents import numbered_documents
from briefing.search.words import fold, stem, words
from briefing.stages import briefing_of
from briefing.tools.bench import make_corpus
from conftest import CONTENT

CYRILLIC_ARTICLE = """---
title: Заява Києва про гарантії безпеки
slug: kyiv-statement
summary: Офіційна заява українською мовою про гарантії безпеки та угоди з партнерами.
ingested: 2026-11-23
source:
  publisher: Тестове видання
---

Київ наполягає на тому, що гарантії безпеки мають бути юридично обов'язковими.

ПРЕЗИДЕНТ ЗЕЛЕНСЬКИЙ ЗАЯВИВ, ЩО УГОДИ З ПАРТНЕРАМИ ПРАЦЮЮТЬ.

Markup such as <img src=x onerror=alert(1)> and <b>bold</b> stays text in the onerror paragraph.
"""


def write_cyrillic_article(content: Path) -> None:
    """Add an article in Ukrainian (and one paragraph of markup shown as text) to a content folder."""
    (content / "articles" / "kyiv-statement.md").write_text(CYRILLIC_ARTICLE, encoding="utf-8")


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return briefing_of(CONTENT)


@pytest.fixture(scope="module")
def index(briefing: Briefing) -> search.Index:
    return search.build_index(briefing)


@pytest.fixture(scope="module")
def files(briefing: Briefing) -> dict[str, str]:
    return search.index_files(briefing).texts()


def term_texts(index: search.Index, budget: int = search.TERM_FILE_BUDGET) -> tuple[list[str], dict[str, str]]:
    prefixes, files = search.term_files(index, budget)
    return prefixes, {file.path: file.text() for file in files}


def script_data(script: str) -> object:
    """The JSON handed to briefingSearch by an index file: `briefingSearch.x(…, DATA);`."""
    arguments = re.fullmatch(r"briefingSearch\.\w+\((.*)\);\n", script, re.S).group(1)
    return json.loads(f"[{arguments}]")[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zelenskyy’s U.K. visit", ["zelenskyy", "uk", "visit"]),
        ("Mircea Geoană", ["mircea", "geoana"]),
        ("NATO's Article 5", ["nato", "article", "5"]),
        ("Київ ЗАЯВИВ, що угоди", ["киів", "заявив", "що", "угоди"]),
        ("self-determination, 1994", ["self", "determination", "1994"]),
        ("Ærø naïve ﬁne", ["ærø", "naive", "fine"]),
    ],
)
def test_words_fold_case_accents_abbreviations_and_possessives(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_fold_gives_the_same_word_for_every_spelling_of_it() -> None:
    assert fold("КИЇВ") == fold("Київ") == fold("київ")
    assert fold("GEOANĂ") == fold("Geoana")


# Text of the characters folding and abbreviations treat apart: ASCII, dots and letters, curly
# quotes and dashes, Cyrillic (with and without marks), accented Latin, compatibility forms (ℌ folds to 'H').
WORDY_TEXT = st.text(
    st.sampled_from(
        list("aU. _1's\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2009\u00a0ЇїйЙКи\u0306ăé\ufb01\u00bd\u210c")
    )
    | st.characters()
)


def whole_fold(text: str) -> str:
    """Folding as defined: every stretch outside ASCII decomposed, its marks removed."""
    marked = (c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.category(c).startswith("M"))
    return "".join(marked)


@given(WORDY_TEXT)
@example("Київ’s “U.S.” — naïve ½ ﬁne")
def test_fold_of_each_stretch_is_that_of_the_whole_text(text: str) -> None:
    assert fold(text) == whole_fold(text)


@given(WORDY_TEXT)
@example("u.s. x.u.s. _u.k. a.b 1.a.b. .u.s. u.s.a.")
def test_abbreviations_are_joined_as_their_pattern_says_wherever_it_is_tried(text: str) -> None:
    every_match_joined = words_module._ABBREVIATION.sub(lambda match: match.group().replace(".", ""), text)
    assert words_module._abbreviations_joined(text) == every_match_joined


@given(WORDY_TEXT)
@example("Zelenskyy’s “U.S.” visit — naïve ½ ﬁne ℌ")
def test_words_are_those_of_the_whole_text_folded_and_split_as_defined(text: str) -> None:
    joined = words_module._ABBREVIATION.sub(lambda match: match.group().replace(".", ""), whole_fold(text))
    assert words(text) == re.findall(r"[^\W_]+", re.sub(r"['\u2019]s(?![^\W_])", "", joined))


def test_english_stems_join_word_forms_and_leave_other_words_alone() -> None:
    assert stem("guarantees") == stem("guarantee") == stem("guaranteed")
    assert stem("agreements") == stem("agreement")
    assert stem("київ") == "київ" and stem("1994") == "1994"


def test_every_name_of_a_person_finds_the_person(index: search.Index) -> None:
    for variant in ("zelensky", "zelenskyy", "zelenskiy"):
        assert "@volodymyr-zelenskyy" in index.word_keys[variant], variant
    # The entity's postings cover articles that spell the name either way.
    documents_with_zelenskyy = {number for number, _ in index.postings["@volodymyr-zelenskyy"]}
    assert documents_with_zelenskyy >= {number for number, _ in index.postings["zelenski"]} | {
        number for number, _ in index.postings["zelenskyy"]
    }


def test_country_abbreviations_and_names_of_several_words_find_the_country(index: search.Index) -> None:
    assert "@united-kingdom" in index.word_keys["uk"] and "@united-kingdom" in index.word_keys["britain"]
    assert (("united", "kingdom"), "@united-kingdom") in index.phrases["united"]
    assert (("great", "britain"), "@united-kingdom") in index.phrases["great"]
    # "the Netherlands" is indexed as "netherlands": a name never starts with a stopword.
    assert "@netherlands" in index.word_keys["netherlands"]


def decoded_postings(text: str) -> list[tuple[int, int]]:
    """Read postings back as search.js does: gaps in 5-bit groups, then a weight level."""
    values = [encoding.POSTING_ALPHABET.index(character) for character in text]
    entries, number, position = [], 0, 0
    while position < len(values):
        gap, shift = 0, 0
        while True:
            value = values[position]
            position += 1
            gap += (value & 31) << shift
            shift += 5
            if value < 32:
                break
        number += gap
        entries.append((number, values[position]))
        position += 1
    return entries


def test_postings_point_at_documents_with_weight_levels(briefing: Briefing, index: search.Index) -> None:
    numbers_used = set(numbered_documents(briefing))
    for key, entries in index.postings.items():
        numbers = [number for number, _ in entries]
        assert numbers == sorted(set(numbers)) and set(numbers) <= numbers_used, key
        assert all(0 <= level < encoding.WEIGHT_LEVELS for _, level in entries), key


@pytest.mark.parametrize("entries", [[(0, 0), (1, 63)], [(5, 7), (31, 1), (32, 2), (1_100, 40), (40_000, 9)]])
def test_postings_are_written_in_few_characters_and_read_back_exactly(entries: list[tuple[int, int]]) -> None:
    encoded = encoding.encode_postings(entries)
    assert json.loads(encoded) == encoded[1:-1], "a JSON string that needs no escaping"
    assert decoded_postings(encoded[1:-1]) == entries
    assert len(encoding.encode_postings([(n, 5) for n in range(1000)])) == 2 + 2 * 1000, (
        "two bytes a posting when dense"
    )


def test_weight_levels_grow_with_the_weight() -> None:
    levels = [encoding.weight_level(w) for w in (0.01, 0.1, 0.5, 1, 2, 10, 1_000)]
    assert levels == sorted(levels) and levels[0] == 0 and levels[-1] == encoding.WEIGHT_LEVELS - 1
    assert encoding.weight_level(2) - encoding.weight_level(1) == encoding.LEVELS_PER_DOUBLING


def test_a_title_word_weighs_more_than_the_same_word_in_the_text(briefing: Briefing, index: search.Index) -> None:
    docs = numbered_documents(briefing)
    weights = {docs[number].title: level for number, level in index.postings["budapest"]}
    assert max(weights, key=weights.get) == "The Budapest Memorandum"


def test_documents_link_to_pages_and_paragraphs_that_exist(briefing: Briefing, shipped_site: Path) -> None:
    for document in numbered_documents(briefing).values():
        html = (shipped_site / document.path).read_text(encoding="utf-8")
        for anchor, _ in document.passages:
            assert not anchor or f'id="{anchor}"' in html, (document.path, anchor)


def test_each_word_is_in_the_term_file_of_its_longest_prefix(index: search.Index) -> None:
    prefixes, files = term_texts(index, budget=2_000)
    assert len(prefixes) == len(set(prefixes)) == len(files) > 26, "a small budget splits the files by longer prefixes"
    placed: dict[str, int] = {}
    for number, prefix in enumerate(prefixes):
        data = script_data(files[urls.search_terms(number)])
        for word in data["words"]:
            assert word.startswith(prefix) and word not in placed
            placed[word] = number
    assert set(placed) == set(index.word_keys)
    for word, number in placed.items():
        longest = max((p for p in prefixes if word.startswith(p)), key=len)
        assert prefixes[number] == longest, word


def test_term_files_stay_near_the_budget_unless_one_word_fills_them(index: search.Index) -> None:
    budget = 2_000
    prefixes, files = term_texts(index, budget=budget)
    for number in range(len(prefixes)):
        script = files[urls.search_terms(number)]
        if len(script_data(script)["words"]) > 1:
            assert len(script) <= 2 * budget, (prefixes[number], len(script))


def test_a_term_file_holds_the_postings_and_names_its_words_need(index: search.Index) -> None:
    prefixes, files = term_texts(index)
    number = max(n for n, p in enumerate(prefixes) if "zelensky".startswith(p))
    data = script_data(files[urls.search_terms(number)])
    assert set(data["words"]["zelensky"]) <= set(data["postings"])
    assert ["zelensky"] in data["names"]["@volodymyr-zelenskyy"]
    assert decoded_postings(data["postings"]["@volodymyr-zelenskyy"]) == index.postings["@volodymyr-zelenskyy"]


def test_a_term_file_holds_the_postings_of_the_names_its_words_start(index: search.Index) -> None:
    """The browser reads 'great britain' from the file of 'great', whichever files hold 'uk' and 'britain'."""
    prefixes, files = term_texts(index, budget=2_000)
    holding = {}
    for number in range(len(prefixes)):
        data = script_data(files[urls.search_terms(number)])
        for word, names in data["phrases"].items():
            for _, key in names:
                holding[(word, key)] = key in data["postings"]
    assert holding[("great", "@united-kingdom")]
    assert holding and all(holding.values()), [name for name, held in holding.items() if not held]


def test_document_files_hold_every_document_at_its_number(briefing: Briefing, files: dict[str, str]) -> None:
    manifest = script_data(files[urls.SEARCH_MANIFEST])
    found = {}
    for start, name, per_file in manifest["documentBlocks"]:
        for path in (p for p in files if p.startswith(urls.search_documents(name + "-")[: -len(".js")])):
            place = int(path.removesuffix(".js").rsplit("-", 1)[1])
            script = files[path]
            assert script.startswith(f'briefingSearch.documents("{name}-{place}",')
            records = script_data(script)
            assert 0 < len(records) <= per_file and records[-1] is not None
            found |= {start + place * per_file + n: record for n, record in enumerate(records) if record}
    docs = numbered_documents(briefing)
    assert {n: (kind, title, path) for n, (kind, title, path, _) in found.items()} == {
        n: (d.kind, d.title, d.path) for n, d in docs.items()
    }
    assert manifest["documentCount"] == len(docs) < manifest["numberCount"]


def test_the_manifest_names_the_file_patterns_from_urls(files: dict[str, str]) -> None:
    manifest = script_data(files[urls.SEARCH_MANIFEST])
    assert urls.search_terms(3) == manifest["termPath"].replace("{}", "3")
    assert urls.search_documents("hubs-0") == manifest["documentPath"].replace("{}", "hubs-0")
    terms = {manifest["termPath"].replace("{}", str(n)) for n in range(len(manifest["termFiles"]))}
    blocks = {f"search-index/documents/{name}-" for _, name, _ in manifest["documentBlocks"]}
    assert terms | {urls.SEARCH_MANIFEST} <= set(files)
    others = set(files) - terms - {urls.SEARCH_MANIFEST}
    assert others and all(path.rsplit("-", 1)[0] + "-" in blocks for path in others)


def test_index_files_are_ascii_and_identical_for_identical_content(briefing: Briefing, files: dict[str, str]) -> None:
    assert all(text.isascii() for text in files.values())
    assert search.index_files(briefing_of(CONTENT)).texts() == files


def test_cyrillic_text_is_indexed(content_copy: Path) -> None:
    write_cyrillic_article(content_copy)
    briefing = briefing_of(content_copy)
    index = search.build_index(briefing)
    cyrillic = next(n for n, d in numbered_documents(briefing).items() if d.path == urls.article("kyiv-statement"))
    for word in ("киів", "заявив", "гарантіі", "безпеки"):
        assert any(number == cyrillic for key in index.word_keys[word] for number, _ in index.postings[key]), word


def test_a_to_z_lists_topics_countries_people_and_organisations(briefing: Briefing) -> None:
    groups = a_to_z(briefing)
    assert [letter for letter, _ in groups] == sorted(letter for letter, _ in groups)
    entries = {entry.name: entry for _, group in groups for entry in group}
    assert entries["NATO and membership"].kind == "Topic" and entries["NATO and membership"].page is not None
    assert entries["Latvia"].kind == "Country" and entries["Latvia"].page is not None
    zelenskyy = entries["Volodymyr Zelenskyy"]
    assert zelenskyy.kind == "Person" and zelenskyy.page is not None and zelenskyy.note == "President of Ukraine"
    assert "Zelensky" in zelenskyy.aliases and zelenskyy.article_count > 0
    assert entries["NATO"].kind == "Organisation" and entries["NATO"].page is not None
    # A country that is not a partner has no page: its entry lists the latest articles naming it.
    russia = entries["Russia"]
    assert russia.page is None and 0 < len(russia.articles) <= ARTICLES_PER_ENTRY
    for letter, group in groups:
        assert all(fold(entry.name)[0].upper() == letter for entry in group)


def test_counting_terms_over_two_processes_gives_the_same_index(tmp_path: Path) -> None:
    # Workers start only for a few hundred documents, so this needs a larger corpus than the shipped one.
    make_corpus(CONTENT, tmp_path / "content", 250)
    briefing = briefing_of(tmp_path / "content")
    assert len(numbered_documents(briefing)) >= MIN_ITEMS_FOR_WORKERS
    assert search.index_files(briefing, jobs=2).texts() == search.index_files(briefing, jobs=1).texts()


def some_units(count: int, seed: int = 5) -> list[numbers.Unit]:
    rng = random.Random(seed)
    return [numbers.Unit(f"articles/report-{n}.html", rng.choice((1, 1, 1, 3))) for n in range(count)]


def spans(units: list[numbers.Unit]) -> dict[str, range]:
    firsts, _ = numbers.places_of(units)
    return {unit.address: range(first, first + unit.documents) for unit, first in zip(units, firsts)}


def test_a_block_is_laid_out_by_which_documents_it_holds_not_by_their_order() -> None:
    units = some_units(300)
    laid_out = spans(units)
    assert spans(list(reversed(units))) == laid_out
    taken = sorted(number for span in laid_out.values() for number in span)
    assert len(taken) == len(set(taken)) == sum(unit.documents for unit in units)
    _, size = numbers.places_of(units)
    assert size >= 2 * len(taken)


@pytest.mark.parametrize("removed", range(0, 300, 7))
def test_a_removal_moves_only_the_documents_it_had_pushed_along(removed: int) -> None:
    units = some_units(300)
    before = spans(units)
    after = spans(units[:removed] + units[removed + 1 :])
    freed = before[units[removed].address]
    taken = {number for span in before.values() for number in span}
    run_end = freed.stop
    while run_end in taken:
        run_end += 1
    for address, span in after.items():
        old = before[address]
        assert span == old or (freed.stop <= old.start < run_end and old.start - len(freed) <= span.start < old.start)


def test_an_arrival_moves_only_the_documents_it_pushes_along() -> None:
    units = some_units(301)
    before, after = spans(units[:-1]), spans(units)
    moved = {address for address in before if before[address] != after[address]}
    arrived = after[units[-1].address]
    assert all(after[a].start > before[a].start >= arrived.start for a in moved) and len(moved) <= 5


def test_blocks_follow_each_other_in_the_order_given() -> None:
    numbering = numbers.numbered([("hubs", some_units(30)), ("2026-01-01", some_units(5, 1)), ("2026-01-02", [])])
    starts = [block.start for block in numbering.blocks]
    assert starts == [0, numbering.blocks[0].size, numbering.blocks[0].size + numbering.blocks[1].size]
    assert numbering.space == starts[-1] and all(first < starts[2] for first in numbering.firsts[1])


def test_an_index_brought_up_to_date_is_the_index_made_anew(briefing: Briefing) -> None:
    fewer = dataclasses.replace(briefing, articles=briefing.articles[1:])
    for before, after in ((briefing, fewer), (fewer, briefing)):
        stored = search.index_files(before).state
        brought_up_to_date = search.index_files(after, stored=stored)
        assert brought_up_to_date.texts() == search.index_files(after).texts()
        assert brought_up_to_date.state.average_length != stored.average_length, "so every posting is weighed again"
        pairs, vocabulary = brought_up_to_date.state.word_documents, len(brought_up_to_date.state.words)
        assert np.array_equal(pairs.counts, np.bincount(pairs.words, minlength=vocabulary)) and pairs.held().all()
    # The article removed held words no other does: they went with it.
    assert len(search.index_files(fewer, stored=search.index_files(briefing).state).state.words) < len(
        search.index_files(briefing).state.words
    )


def test_two_words_with_one_hash_are_told_apart(briefing: Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = search.index_files(briefing).texts()
    hasher = counts._hasher
    monkeypatch.setattr(counts, "_hasher", lambda salt: (lambda text: 7) if salt == 0 else hasher(salt))
    assert search.index_files(briefing).texts() == expected


POSTINGS = st.dictionaries(st.integers(0, 70_000), st.integers(0, encoding.WEIGHT_LEVELS - 1), max_size=40)


@settings(max_examples=300, deadline=None)
@given(old=POSTINGS, added=POSTINGS, removed=st.sets(st.integers(0, 70_000)), reweighed=POSTINGS)
# Long runs on each side, as a term met for the first time or a block laid out anew brings (encoded by numpy,
# not one by one).
@example(
    old=dict.fromkeys(range(0, 3000, 7), 3), added=dict.fromkeys(range(1, 3000, 11), 9), removed=set(), reweighed={}
)
@example(old=dict.fromkeys(range(0, 3000, 7), 3), added={}, removed=set(range(0, 1500)), reweighed={})
def test_postings_spliced_into_their_old_encoding_are_encoded_as_if_anew(old, added, removed, reweighed):
    """An arrival, an edit or a removal changes a few of a common word's thousands of postings: the encoding is
    made anew only between the common start and end of the old and new postings, and must be the whole one."""
    new = {number: level for number, level in {**old, **added}.items() if number not in removed}
    new.update({number: level for number, level in reweighed.items() if number in new})

    def arrays(postings: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
        numbers = sorted(postings)
        return np.array(numbers, dtype=np.int32), np.array([postings[n] for n in numbers], dtype=np.uint8)

    def whole(postings: dict[int, int]) -> str:
        return encoding.encode_postings(sorted(postings.items()))[1:-1]

    assert encoding.spliced_postings(whole(old), arrays(old), arrays(new)) == whole(new)

"""Stage 3: topics, mentions, quotes and relations derived from the shipped content."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from briefing.enrich.aggregate import QUOTES_PER_ARTICLE
from briefing.enrich.analyse import QUOTES_PER_ENTITY, ArticleAnalysis, Matcher, Sentences
from briefing.model import Location, Topic
from briefing.stages import briefing_of
from briefing.text import name_pattern
from conftest import CONTENT

SIGNED = {
    "United Kingdom",
    "Germany",
    "France",
    "Denmark",
    "Canada",
    "Italy",
    "Netherlands",
    "Finland",
    "Latvia",
    "Poland",
    "Greece",
}
NEGOTIATING = {"United States", "Czechia", "Portugal"}


@pytest.fixture(scope="module")
def briefing():
    return briefing_of(CONTENT)


def test_agreements_by_status_match_the_sources(briefing):
    assert {a.partner.name for a in briefing.agreements if a.status == "signed"} == SIGNED
    assert {a.partner.name for a in briefing.agreements if a.status == "negotiating"} == NEGOTIATING


def test_each_agreement_quote_points_at_the_paragraph_holding_it(briefing):
    for agreement in briefing.agreements:
        paragraphs = {p.anchor: p.text for p in briefing.bodies[agreement.quote.article.slug].paragraphs}
        assert agreement.quote.text.split()[0] in paragraphs[agreement.quote.anchor]
    czechia = next(a for a in briefing.agreements if a.partner.slug == "czechia")
    assert czechia.quote.anchor == "p-3"


def test_aliases_find_people_and_countries(briefing):
    mentioned = {e.slug for e in briefing.article_entities["zelensky-plans-bilateral-agreements-with-western-states"]}
    # "Zelensky" (one y) and "the U.K." are aliases in entities.yaml.
    assert {"volodymyr-zelenskyy", "united-kingdom", "united-states", "g7"} <= mentioned


def test_lowercase_words_are_not_names(briefing):
    # "us" in running text must not count as the United States.
    mentioned = {e.slug for e in briefing.article_entities["alliances-and-agreements-underpin-ukraines-security"]}
    assert "united-states" not in mentioned


def test_every_qa_pair_is_on_the_faq_and_a_topic_page(briefing):
    faq_questions = [item.pair.question for _, items in briefing.faq_groups for item in items]
    topic_questions = {item.pair.question for items in briefing.topic_qa.values() for item in items}
    assert len(faq_questions) == len(set(faq_questions)) == 12
    assert set(faq_questions) <= topic_questions


def test_budapest_question_lands_on_the_budapest_topic(briefing):
    questions = [item.pair.question for item in briefing.topic_qa["budapest-memorandum"]]
    assert "What is the significance of the Budapest Memorandum regarding Ukraine?" in questions


def test_topic_passages_mention_the_topic_and_link_to_paragraphs(briefing):
    passages = briefing.topic_passages["nato"]
    assert passages and all(
        "NATO" in quote.text
        or "Article 5" in quote.text
        or "alliance" in quote.text.lower()
        or "membership" in quote.text
        for quote in passages
    )
    assert all(quote.anchor.startswith(("p-", "qa-")) for quote in passages)


def test_partner_country_pages_exist_for_every_named_partner(briefing):
    names = {country.name for country in briefing.partner_countries}
    assert names >= SIGNED | NEGOTIATING
    assert "Ukraine" not in names and "Russia" not in names


def test_related_articles_share_topics_and_exclude_self(briefing):
    for slug, related in briefing.related_articles.items():
        assert slug not in {a.slug for a in related}
        for other in related:
            shared = set(briefing.article_topics[slug]) & set(briefing.article_topics[other.slug])
            shared_entities = set(briefing.article_entities[slug]) & set(briefing.article_entities[other.slug])
            assert shared or shared_entities


def test_articles_are_newest_first_with_undated_last(briefing):
    dates = [article.sort_date for article in briefing.articles]
    assert dates == sorted(dates, reverse=True)


def test_country_quotes_add_to_the_agreement_quote_without_repeating_it(briefing):
    france = next(a for a in briefing.agreements if a.partner.slug == "france")
    quotes = briefing.entity_quotes["france"]
    assert quotes and france.quote.text not in {quote.text for quote in quotes}
    assert all("France" in quote.text for quote in quotes)


def test_an_entity_is_quoted_from_several_articles_before_one_says_more(briefing):
    """One article that names NATO in many sentences gave four of its eight quotes, and one other the rest: now
    an article gives more than QUOTES_PER_ARTICLE only after every article quoted has given its first."""
    quoting = [quote.article.slug for quote in briefing.entity_quotes["nato"]]
    assert len(quoting) == QUOTES_PER_ENTITY and len(set(quoting)) >= 4
    for place, slug in enumerate(quoting):
        if quoting[:place].count(slug) >= QUOTES_PER_ARTICLE:
            assert set(quoting[:place]) == set(quoting), (place, quoting)


def test_a_pattern_of_no_names_matches_nothing():
    # Found by the property tests: an empty '[]' opened a character class that matched before ')' and ']'.
    assert name_pattern(()).findall("a (b) [c] ") == []


def test_an_empty_name_names_nothing():
    # An alias left blank ('aliases: [" "]') is read as ''; a pattern with it matched the empty text everywhere.
    assert name_pattern(("", "US")).findall("the US, and us") == ["US"]


NAMES = ("US", "US Congress", "U.S.", "Ukraine", "Ukrainian", "EU", "EU Council", "New York", "New", "NATO", "Kyiv")


@given(
    st.sets(st.sampled_from(NAMES), min_size=1),
    st.lists(st.sampled_from([*NAMES, " ", ".", "s", "-", "A", "ia", "’s "])).map("".join),
)
@example({"US", "US Congress", "Ukraine"}, "US Congress, Ukrainian US-Ukraine")
def test_names_are_found_longest_first_as_whole_words(names: set[str], text: str):
    """As a flat alternation of the names, longest first, would find them (the pattern is a prefix tree)."""
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    assert name_pattern(tuple(names)).findall(text) == re.findall(rf"(?<![\w.])(?:{alternatives})(?![\w])", text)


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("tax", "New taxes on imports."),  # a plural in -es
        ("policy", "Their policies changed."),  # a plural in -ies
        ("trade war", "The trade-war deepened."),  # a space in the keyword, a hyphen in the text
        ("trade war", "The trade\nwar deepened."),  # a phrase broken over two lines (a title, a list item)
        ("start-up", "Three start ups folded."),  # a hyphen in the keyword, a space in the text
    ],
)
def test_keywords_match_their_plurals_and_either_spacing(keyword: str, text: str):
    matcher = Matcher.for_content((Topic("t", "T", "An overview.", (keyword,), Location("topics.yaml")),), ())
    assert [slug for _, slug, _ in matcher.keywords(text)] == ["t"]
    assert matcher.keywords("A taxi, a policeman, a trader at war.") == []


def test_sentences_are_packed_and_read_back_as_they_were_found():
    """An article's sentences are kept as one string (the build cache unpickles 10,000 analyses): each reads back
    whole, by number and in order, after a trip through pickle as the cache makes it."""
    pairs = [("NATO met in Vilnius.", "p-1"), ("Kyiv welcomed the pledge.", "p-1"), ("When will it join?", "qa-1")]
    sentences = Sentences.of(pairs)
    assert list(sentences) == [sentences[number] for number in range(len(sentences))] == pairs
    assert list(pickle.loads(pickle.dumps(sentences, pickle.HIGHEST_PROTOCOL))) == pairs
    assert list(Sentences.of([])) == []


def test_every_quote_is_a_whole_sentence_of_its_article(briefing):
    """Quotes come from the packed sentences by number: each is one of its article's sentences, whole."""
    quotes = [quote for quotes in briefing.topic_passages.values() for quote in quotes]
    quotes += [quote for quotes in briefing.entity_quotes.values() for quote in quotes]
    assert quotes
    for quote in quotes:
        paragraphs = {paragraph.anchor: paragraph.text for paragraph in briefing.paragraphs[quote.article.slug]}
        answers = {item.anchor: item.pair.answer for item in briefing.article_qa[quote.article.slug]}
        assert quote.text in {**paragraphs, **answers}[quote.anchor], quote


def test_an_analysis_keeps_its_passages_packed_through_the_cache():
    """The passages and entity sentences travel packed (a rebuild unpickles every article's analysis and needs
    them of few): they read back as made, and an analysis pickled after they were read is pickled as before."""
    passages = {"nato": ((-5, 3), (-3, 0))}
    entity_sentences = {"france": ((1, 123456789), (4, 987654321))}
    analysis = ArticleAnalysis.of(("nato",), ("france",), (("nato",),), passages, entity_sentences)
    sealed = pickle.dumps(analysis, pickle.HIGHEST_PROTOCOL)
    assert (analysis.passages, analysis.entity_sentences) == (passages, entity_sentences)
    assert pickle.dumps(analysis, pickle.HIGHEST_PROTOCOL) == sealed
    again = pickle.loads(sealed)
    assert again == analysis
    assert (again.passages, again.entity_sentences) == (passages, entity_sentences)

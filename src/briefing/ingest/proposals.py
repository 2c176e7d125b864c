"""Tracker proposals: the sentences of an arrival that state a signing or a negotiation.

Every country is recognised, not only the curated entities: pycountry's names, the
common names in `countries.yaml` ("Czech Republic", "the U.S."), adjectives
before a word for an actor ("the Spanish government"), capitals where they stand
for their country ("Paris and Chile signed", not "a summit in Paris"), and leaders:
those of entities.yaml, and those an article names once with their country and office
("German Chancellor Olaf Scholz", then "Scholz"). What counts as a status, an
agreement, a hedge or a list is data (`tracker.yaml`, overridden per briefing by
`content/tracker.yaml`), so a briefing on another subject sets its own. Each
statement is classed against the tracker: a new partner, a status change, a
conflict, or supporting evidence.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

import pycountry

from briefing.content import yamlfile
from briefing.content.load import text_of
from briefing.model import Content, Entity, Location
from briefing.problems import ContentError, Problem
from briefing.text import (
    DAY_OR_MONTH_NAME,
    date_in,
    normalise,
    plain_hyphens,
    reported_day,
    sentence_spans,
    slugify,
    trie_pattern,
)
from briefing.vocabulary import AGREEMENT_STATUSES, COUNTRIES_WITHOUT_ISO_CODE, STATUS_PROGRESSION

RULES_FILE = "tracker.yaml"
DEFAULT_RULES = Path(__file__).with_name(RULES_FILE)
COUNTRY_DATA = Path(__file__).with_name("countries.yaml")
RULE_KEYS = (
    "statuses",
    "signing_verbs",
    "agreement_words",
    "unrelated_agreements",
    "hedges",
    "denials",
    "conditions",
    "endings",
    "other_documents",
    "ordinals",
    "negated_objects",
    "status_nouns",
    "list_words",
    "pairs",
    "places",
    "actors",
    "subject_names",
)
# The most words of a name between an actor and the country it is of ('Prime Minister Jonas Gahr Støre of Norway').
ACTOR_NAME_WORDS = 4
# How far a status phrase may stand from the "with" that opens its list of countries.
PHRASE_TO_LIST_WORDS = 12
# The 'with' a few words after a status phrase, in its clause, and what it lists, up to a stop or a comma.
WITH_AFTER_PHRASE = re.compile(
    rf"(?:\s+[^\s,;:()]+){{0,{PHRASE_TO_LIST_WORDS}}}?\s+with\s+(?P<list>[^,;:.()]*)", re.IGNORECASE
)
# Words allowed between a country and the status phrase it is the subject of ("Norway's government has now formally signed").
ACTOR_TO_PHRASE_WORDS = 6
# When it happened, which the news puts between a country and its verb ("Norway on Friday became the latest country to
# sign"): not counted among those words.
TIME_PHRASE = re.compile(
    rf"\b(?:(?:on|in|last|this|early|late)\s+)?(?:\d{{1,2}}\s+)?(?:{DAY_OR_MONTH_NAME})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?\b"
    r"|\b(?:last|this|earlier this|later this)\s+(?:week|month|year)\b|\b(?:yesterday|today)\b"
)
# 'not' run into the word before it, which the hedges' 'not' is read for: "hasn't", "didn’t", "won't".
_NOT_CONTRACTED = re.compile(r"n['’]t\b", re.IGNORECASE)
# A relative clause right after a country is about that country: "Greece, which signed …" has Greece acting.
RELATIVE_CLAUSE = re.compile(r"\s*,\s*(?:which|who)\b")
# A relative clause right after an agreement's list of countries is about the agreement ("the pact with Chile,
# which Peru signed"; "the pact with Chile that Peru signed"; "the pact between Chile and Peru, signed in May"), and
# so is the verb after the comma that closes a list set off ("pacts with seven countries, including Chile, are being
# prepared").
AGREEMENT_RELATIVE_CLAUSE = re.compile(
    r"\s*(?:,\s*which\b|,?\s*that\b|,\s*$|,\s*(?=(?:is|are|was|were|has|have|had)\s))", re.IGNORECASE
)
# The most words between an agreement and the 'with' of its list ('agreements on security cooperation with').
AGREEMENT_TO_LIST_WORDS = 3
# What an agreement is on, right after it (and what it is of: 'a memorandum of understanding on') or after its list,
# a few words up to a conjunction: 'an agreement on gas transit', 'a deal with Slovakia on grain exports' ('on
# Monday' is when, and no unrelated word); or what it is to set up, which is its purpose as much: 'a deal to
# establish a joint investment fund'.
AGREEMENT_TOPIC = re.compile(
    r"(?:\s+of\s+[\w-]+)?(?:\s+(?:with|between)\s+[^,;:.()]{1,60}?)?"
    r"\s+(?:on|about|concerning|regarding|to\s+(?:establish|set\s+up|create))\s+(?:(?:the|a|an)\s+)?"
    r"(?P<topic>[\w-]+(?:\s+(?!(?:and|or|but)\b)[\w-]+){0,2})",
    re.IGNORECASE,
)
# Where a clause ends, for what a status phrase signs and whether it ended: a semicolon, colon, bracket or dash
# (not an en dash within a compound: 'the Canada–Chile pact'), or a conjunction that opens a clause of its own
# ("… signed a joint declaration, and Chile signed …").
CLAUSE_BREAK = re.compile(
    r"[;:()—]|(?<!\w)–|–(?!\w)|,\s*(?:and|but|while|whereas|although|though)\b|\b(?:while|whereas|although|though)\b",
    re.IGNORECASE,
)
# What opens examples of what comes before it: 'agreements, including the UK'.
EXAMPLES = re.compile(r"\b(?:including|such as)\b", re.IGNORECASE)
# What joins a list of countries to what they work on together ('with Chile on drafting').
LIST_ON = re.compile(r"\s+on\s+", re.IGNORECASE)
# A colon that opens a list: 'signed nine agreements: with Chile, Peru …'.
LIST_COLON = re.compile(r":\s*$")
# A clause of its own after a status phrase, which says nothing of the agreement signed ('… after the old one lapsed').
SUBORDINATE_CLAUSE = re.compile(r"\b(?:after|before|when|since|once|until|replacing|following)\b", re.IGNORECASE)
# A phrase inside a relative clause that a comma closes: 'Chile, which signed a pact in 2008, withdrew from it'; 'the
# pact with Chile, signed in 2008, expired'.
IN_RELATIVE_CLAUSE = re.compile(r",\s*(?:(?:which|who)\b[^,]*)?$", re.IGNORECASE)
# Where a relative clause opens after a phrase: a noun after it is no longer the phrase's object.
RELATIVE_OPENER = re.compile(r"\b(?:that|which|who)\b", re.IGNORECASE)
# A passive phrase's object stands before it ("a joint declaration was signed by …").
PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# Words that open what a noun is part of ('the talks on a new security agreement', 'after months of talks'): a noun a
# few words after one is not a passive's subject.
PREPOSITION = re.compile(
    r"\b(?:of|on|about|over|in|after|following|during|with|for|from|at|by|into|amid|under|towards?|since)\b"
)
# The most words between a preposition and its noun ('on a new bilateral security agreement').
PREPOSITION_TO_NOUN_WORDS = 4
# The opening of a clause whose subject is the agreement of the clause before, as 'it', up to its passive phrase:
# '…, and it was (finally) signed in June'.
IT_PASSIVE = re.compile(
    r"[\s,;:()—–]*(?:(?:and|but)\s+)?it\s+(?:has\s+|had\s+)?(?:is|was|been)\s+(?:\w+ly\s+)?", re.IGNORECASE
)
# What joins a status noun to the phrase it is about ('negotiations on signing', 'talks about concluding').
PHRASE_AS_OBJECT = re.compile(r"\s+(?:on|about|over|towards?|regarding)\s+", re.IGNORECASE)
# Words that may stand between a verb and the status noun it acts on ('concluded their negotiations').
DETERMINERS = frozenset({"the", "their", "its", "our", "his", "her", "these", "those"})
# An ordinal in figures: 'the 20th country to sign'.
ORDINAL_IN_FIGURES = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
# A capitalised word right before a capital makes it part of a longer name ("Real Madrid", "Air Astana"), unless it
# opens the sentence ("But Paris signed") or is a day or a month ("on Monday Paris signed").
NAME_BEFORE_CAPITAL = re.compile(rf"(?<=[\w,;'’”)]\s)(?!(?:{DAY_OR_MONTH_NAME})\b)[A-Z][\w'’-]*\s+$")
# The most words between a signing verb and the agreement it makes ('entered into a treaty-level agreement').
VERB_TO_AGREEMENT_WORDS = 2
# The statuses in their order; the signing verbs state the last.
NEGOTIATING, SIGNED = STATUS_PROGRESSION
# What a status phrase is about, as its clause says.
AGREEMENT, OTHER = "agreement", "other"

NEW_PARTNER, STATUS_CHANGE, CONFLICT, EVIDENCE = "new partner", "status change", "conflict", "supporting evidence"
KINDS = (NEW_PARTNER, STATUS_CHANGE, CONFLICT, EVIDENCE)


@dataclass(frozen=True)
class Rules:
    statuses: dict[str, tuple[str, ...]]  # status → the phrases that state it
    signing_verbs: tuple[str, ...]  # verbs that state a signing only with an agreement as their object
    agreement_words: tuple[str, ...]
    unrelated_agreements: tuple[str, ...]
    hedges: tuple[str, ...]
    denials: tuple[str, ...]
    conditions: tuple[str, ...]
    endings: tuple[str, ...]
    other_documents: tuple[str, ...]
    ordinals: tuple[str, ...]
    negated_objects: tuple[str, ...]
    status_nouns: tuple[str, ...]
    list_words: tuple[str, ...]
    pairs: tuple[str, ...]
    places: tuple[str, ...]
    actors: tuple[str, ...]
    subject_names: tuple[str, ...]


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    slug: str  # the entity's slug, or the one a new entity would get
    name: str
    entity: Entity | None


@dataclass(frozen=True)
class Statement:
    """One country's status as one sentence states it."""

    country: Country
    status: str
    sentence: str
    date: date | None
    written: str | None = None  # the country's name as the sentence writes it ("Türkiye"); None for an adjective


@dataclass(frozen=True)
class Proposal:
    """A statement classed against the tracker, for an editor to accept or reject."""

    id: str
    kind: str
    country: str
    name: str
    iso_code: str
    new_entity: bool
    status: str
    previous: str | None
    article: str
    sentence: str
    date: date | None
    # Names the sentence uses that the new entity's name is not, kept as its aliases: without them the
    # country's page would find no article mentioning it, not even the one its status cites.
    aliases: tuple[str, ...] = ()


def proposal_id(country: str, sentence: str) -> str:
    """Short and stable: the same country and sentence give the same id in every run."""
    return hashlib.blake2b(f"{country}\n{normalise(sentence)}".encode(), digest_size=3).hexdigest()


# The rules


def _rules_problem(file: str, line: int | None, message: str) -> ContentError:
    return ContentError(
        [Problem(Location(file, line), message, "see src/briefing/ingest/tracker.yaml for the form of each rule")]
    )


def _phrases(value: object, key: str, file: str, line: int | None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise _rules_problem(file, line, f"'{key}' should be a list of words or phrases")
    return tuple(item.strip() for item in value)


def _read_rules_file(path: Path, display: str, own: bool = True) -> dict:
    text = text_of(path, display) if own else path.read_text(encoding="utf-8")
    data = yamlfile.parse(text, display)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _rules_problem(display, 1, "this file should hold a mapping of rules")
    unknown = sorted(set(data) - set(RULE_KEYS))
    if unknown:
        raise _rules_problem(display, data.line_of(unknown[0]), f"unknown rule '{unknown[0]}'")
    return {key: (value, display, data.line_of(key)) for key, value in data.items()}


def load_rules(content_dir: Path) -> Rules:
    """The default rules, each key replaced by the briefing's own `content/tracker.yaml` where it sets one."""
    given = _read_rules_file(DEFAULT_RULES, str(DEFAULT_RULES), own=False)
    own = content_dir / RULES_FILE
    if own.is_file():
        given.update(_read_rules_file(own, str(own)))
    statuses_value, file, line = given["statuses"]
    if not isinstance(statuses_value, dict) or not statuses_value:
        raise _rules_problem(file, line, "'statuses' should map each status to its phrases")
    for status in statuses_value:
        if status not in AGREEMENT_STATUSES:
            raise _rules_problem(
                file, line, f"unknown status '{status}': the tracker knows {', '.join(AGREEMENT_STATUSES)}"
            )
    lists = {key: _phrases(value, key, where, at) for key, (value, where, at) in given.items() if key != "statuses"}
    return Rules(
        statuses={status: _phrases(phrases, status, file, line) for status, phrases in statuses_value.items()},
        **lists,
    )


# Recognising countries


@cache
def _country_data() -> tuple[dict[str, tuple[str, ...]], ...]:
    """countries.yaml's extra names, adjectives and capitals, each by ISO code."""
    data = yamlfile.parse(COUNTRY_DATA.read_text(encoding="utf-8"), str(COUNTRY_DATA))
    return tuple(
        {code: tuple(words) for code, words in data[key].items()} for key in ("names", "adjectives", "capitals")
    )


def _words_pattern(phrases: Iterable[str]) -> str:
    """Any of the phrases as whole words, any spacing between their words; as a prefix tree, the longest first
    (these patterns run over every sentence of every arrival)."""
    spaced = {" ".join(phrase.split()) for phrase in phrases} - {""}
    return r"\b(?:" + trie_pattern(spaced, space=r"\s+") + r")\b" if spaced else "(?!)"


# A person's name after a country's possessive, who acts for it: 'Britain's Starmer', 'Italy's Giorgia Meloni'.
_PERSON = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)?(?=\s+(?:and|signed|signs|inked|sealed|has|had|have)\b)"
# What joins the countries of a compound ('the Chile-Peru pact'), and what may join those of a list.
_DASHES = ("-", "–")
_COMMA_OR_DASH = (",", *_DASHES)
# The most words between a compound of countries and the agreement it names ('the Chile–Peru security pact').
COMPOUND_TO_AGREEMENT_WORDS = 3


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    code: str
    name: str | None = None  # the name as written, when the mention is a name rather than an adjective


@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int
    status: str


class CountryFinder:
    """Finds the countries a sentence names, and the statements it makes about them and the subject."""

    def __init__(self, content: Content, rules: Rules):
        extra_names, adjectives, capitals = _country_data()
        entities = {e.iso_code: e for e in content.entities if e.kind == "country" and e.iso_code}
        code_of: dict[str, str] = {}
        self.countries: dict[str, Country] = {}
        for code, names, shown in _every_country(extra_names):
            code_of.update({name: code for name in names if name})
            entity = entities.get(code)
            self.countries[code] = Country(
                code, entity.slug if entity else slugify(shown), entity.name if entity else shown, entity
            )
        for code, entity in entities.items():
            code_of.update({name: code for name in entity.names if code in self.countries})
        # A name with an apostrophe as typeset: "Côte d’Ivoire".
        code_of.update({name.replace("'", "’"): code for name, code in list(code_of.items()) if "'" in name})
        self.code_of = code_of
        self.name_pattern = re.compile(rf"(?<![\w.])(?:{trie_pattern(code_of)})(?![\w])")
        self.code_of_adjective = {adjective: code for code, words in adjectives.items() for adjective in words}
        self.code_of_capital = {capital: code for code, words in capitals.items() for capital in words}
        # Not within a hyphenated word: "Guinea-Bissau" is the country, "Moscow-backed" describes.
        self.capital_pattern = re.compile(rf"(?<![\w.-])(?:{trie_pattern(self.code_of_capital)})(?![\w-])")
        self.places = {word.lower() for word in rules.places}
        # What a capital names right before one of these is the agreement or the talks ("the Vienna talks").
        self.named_document_pattern = re.compile(
            rf"\s+{_words_pattern([*rules.agreement_words, *rules.status_nouns])}", re.IGNORECASE
        )
        # An adjective names an actor only before a word for one ("the Spanish Prime Minister Pedro Sánchez").
        self.actor_pattern = re.compile(
            rf"(?<![\w.-])({trie_pattern(self.code_of_adjective)})\s+(?i:{_words_pattern(rules.actors)})"
            r"(?:\s+[A-Z][\w'’.-]*)*"
        )
        adjectives_pattern = trie_pattern(self.code_of_adjective)
        self.adjective_compound_pattern = re.compile(
            rf"(?<![\w.-])({adjectives_pattern})[-–]({adjectives_pattern})(?![\w-])"
        )
        # A country's name or possessive before a word for an actor names the actor, with the actor's name if
        # given ("Croatia's prime minister Andrej Plenkovic and Zelenskiy signed", "US President Joe Biden and
        # Zelensky signed"): the mention runs to its end.
        self.possessive_actor_pattern = re.compile(
            rf"(?:['’]s)?\s+(?i:{_words_pattern(rules.actors)})(?:\s+[A-Z][\w'’.-]*)*|['’]s\s+{_PERSON}"
        )
        # A word for an actor just before a name, or before the country it is of, with the actor's name if given
        # ('President Zelensky', 'the Prime Minister of Belgium', 'Prime Minister Jonas Gahr Støre of Norway'): the
        # mention starts there.
        self.actor_of_pattern = re.compile(
            rf"(?<![\w'’])(?i:{_words_pattern(rules.actors)})"
            rf"(?:(?:\s+[A-Z][\w'’.-]*){{0,{ACTOR_NAME_WORDS}}}\s+of(?:\s+the)?)?\s+$"
        )
        # The first of two adjectives that share a word for their actors ("the Chilean and Peruvian sides").
        self.shared_actor_pattern = re.compile(
            rf"(?<![\w.-])({adjectives_pattern})\s+(?:and|or)\s+(?=(?:{adjectives_pattern})\s+"
            rf"(?i:{_words_pattern(rules.actors)}))"
        )
        self.rules = rules
        self.subject = _subject_code(content, code_of, entities)
        subject_adjectives = adjectives.get(self.subject, ()) if self.subject else ()
        self.subject_pattern = re.compile(
            rf"(?<![\w.])(?:{trie_pattern([*rules.subject_names, *subject_adjectives])})(?![\w])"
        )
        # The subject's other names (its capital, its leader) stand where a country does: "Spain signed with Quito".
        self.subject_name_pattern = re.compile(rf"(?<![\w.])(?:{trie_pattern(rules.subject_names)})(?![\w])")
        # The people of entities.yaml whose role is a country's office ('President of France') stand for it.
        self.code_of_leader = _leaders(content.entities, code_of)
        self.leader_pattern = _leader_pattern(self.code_of_leader)
        # A person's name right after a word for one actor, in a country's mention ('German Chancellor Olaf
        # Scholz'); a plural ('the Danish and Swedish leaders Frederiksen and Kristersson') does not say whose
        # name is whose.
        name_word = rf"(?!(?:{DAY_OR_MONTH_NAME})\b)[A-Z][\w'’.-]*"
        self.office_holder_pattern = re.compile(
            rf"(?i:{_words_pattern(rules.actors)})(?<![sS])\s+(?P<name>{name_word}(?:\s+{name_word})*)"
        )
        self.excluded = {e.iso_code for e in entities.values() if not e.partner} | {self.subject}
        self.agreement_pattern = re.compile(_words_pattern(rules.agreement_words), re.IGNORECASE)
        self.document_pattern = re.compile(
            rf"(?P<agreement>{_words_pattern(rules.agreement_words)})|{_words_pattern(rules.other_documents)}",
            re.IGNORECASE,
        )
        self.unrelated = {word.lower() for word in rules.unrelated_agreements}
        # A country's possessive, then an agreement (a few words on) and the 'with' or 'between' of its list.
        self.possessed_agreement_pattern = re.compile(
            rf"['’]s?\s+(?:[\w-]+\s+){{0,{COMPOUND_TO_AGREEMENT_WORDS}}}?(?P<agreement>{_words_pattern(rules.agreement_words)})"
            r"\s+(?=with\b|between\b)",
            re.IGNORECASE,
        )
        self.agreement_before_list_pattern = re.compile(
            rf"{_words_pattern(rules.agreement_words)}(?P<about>(?:\s+[\w'’-]+){{0,{AGREEMENT_TO_LIST_WORDS}}})\s*$",
            re.IGNORECASE,
        )
        # 'made' signs only what it makes: "made security agreements", not "made a donation under the agreement".
        self.signing_verb_pattern = re.compile(
            rf"{_words_pattern(rules.signing_verbs)}(?=(?:\s+[\w'’-]+){{0,{VERB_TO_AGREEMENT_WORDS}}}"
            rf"\s+{_words_pattern(rules.agreement_words)})",
            re.IGNORECASE,
        )
        # The nouns of the negotiating phrases '<verb> the <noun>' ('finalised the text'), each with its verbs: in the
        # passive, with the noun as subject, they state negotiating too ('the text of the pact was finalised').
        self.unsigned_texts = _objects_of_the(rules.statuses.get(NEGOTIATING, ()))
        # What a passive phrase's subject may be: the talks, an unsigned text, or an agreement.
        self.passive_subject_pattern = re.compile(
            _words_pattern([*rules.status_nouns, *self.unsigned_texts, *rules.agreement_words]), re.IGNORECASE
        )
        self.phrase_patterns = [
            (status, re.compile(_words_pattern(phrases), re.IGNORECASE)) for status, phrases in rules.statuses.items()
        ]
        # 'May' with its capital is the month ('signed in May'), not the hedge 'may': a sentence that opens with
        # the verb asks, and states nothing.
        self.hedge_pattern = re.compile(rf"(?-i:(?!May\b)){_words_pattern(rules.hedges)}", re.IGNORECASE)
        # A condition, like a denial, says the signing may not be: both hold back a phrase in their clause.
        self.denial_or_condition_pattern = re.compile(
            _words_pattern((*rules.denials, *rules.conditions)), re.IGNORECASE
        )
        self.ending_pattern = re.compile(_words_pattern(rules.endings), re.IGNORECASE)
        self.ordinals = {word.lower() for word in rules.ordinals}
        self.status_nouns = {noun.lower() for noun in rules.status_nouns}
        self.negated_objects = {word.lower() for word in rules.negated_objects}
        # The list words' phrases as words, longest first, by their last word: a list is read from its end.
        self.glue_ending: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for glue in sorted({tuple(phrase.lower().split()) for phrase in rules.list_words}, key=len, reverse=True):
            self.glue_ending[glue[-1]].append(glue)
        self.pair_pattern = re.compile(rf"(?:{_words_pattern(rules.pairs)})(?:\s+\w+)?\s*$", re.IGNORECASE)
        self.pair_words = re.compile(_words_pattern(rules.pairs), re.IGNORECASE)
        self.hedge_words = {phrase.split()[-1].lower() for phrase in rules.hedges}

    def mentions(self, sentence: str) -> list[_Mention]:
        # An adjective's actor comes first: the name it runs over is a person's ("Portuguese Prime Minister Luís
        # Montenegro" is Portugal's actor, not the country Montenegro).
        found = [
            _Mention(match.start(), match.end(), self.code_of_adjective[match.group(1)])
            for match in self.actor_pattern.finditer(sentence)
        ]
        found += [
            _Mention(match.start(1), match.end(1), self.code_of_adjective[match.group(1)])
            for match in self.shared_actor_pattern.finditer(sentence)
        ]
        # Adjectives in a compound name the parties of what they describe: "the Chilean-Peruvian pact".
        for match in self.adjective_compound_pattern.finditer(sentence):
            if not _overlaps(found, match):
                found += [
                    _Mention(match.start(part), match.end(part), self.code_of_adjective[match.group(part)])
                    for part in (1, 2)
                ]
        # A capital before the names: "Mexico City" is the capital, not the country; a capital that is a place
        # ("a summit in Mexico City") names nobody, and neither does a name within it.
        places = self._add_capitals(sentence, found)
        for m in self.name_pattern.finditer(sentence):
            if not _overlaps([*found, *places], m):
                start, end = self._actor_start(sentence, m.start()), self._actor_end(sentence, m.end())
                found.append(_Mention(start, end, self.code_of[m.group()], m.group()))
        if self.subject:
            for match in self.subject_name_pattern.finditer(sentence):
                if not _overlaps([*found, *places], match):
                    start = self._actor_start(sentence, match.start())
                    found.append(_Mention(start, match.end(), self.subject, match.group()))
        for match in self.leader_pattern.finditer(sentence):
            if not _overlaps([*found, *places], match):
                found.append(_Mention(match.start(), match.end(), self.code_of_leader[match.group()]))
        return sorted(found, key=lambda m: m.start)

    def people_named(self, paragraphs: Iterable[str]) -> dict[str, str]:
        """The people these paragraphs name with their country and office, each by their full name and surname,
        with the country's code: 'German Chancellor Olaf Scholz', 'Prime Minister Jonas Gahr Støre of Norway',
        not a former holder."""
        named: dict[str, str] = {}
        # Only a sentence with an office and a name not known already is looked through for countries: few are.
        with_someone_new = filter(self._names_someone_new, paragraphs)
        sentences = (paragraph[start:end] for paragraph in with_someone_new for start, end in sentence_spans(paragraph))
        for sentence in filter(self._names_someone_new, sentences):
            for mention in self.mentions(sentence):
                person = self.office_holder_pattern.search(sentence, mention.start, mention.end)
                if person and not FORMER_HOLDER.search(sentence, 0, mention.start):
                    full = re.sub(r"(?:['’]s|\.)$", "", person["name"])
                    named.update(dict.fromkeys((full, full.split()[-1]), mention.code))
        return named

    def _names_someone_new(self, text: str) -> bool:
        """Whether the text names someone after an office who is not entities.yaml's leader nor the subject."""
        return any(
            person["name"].split()[-1] not in self.code_of_leader
            and not self.subject_name_pattern.search(person["name"])
            for person in self.office_holder_pattern.finditer(text)
        )

    def knowing_people(self, people: dict[str, str]) -> CountryFinder:
        """This finder, with these people standing for their countries too, where entities.yaml names nobody so."""
        if people.keys() <= self.code_of_leader.keys():
            return self
        finder = copy.copy(self)
        finder.code_of_leader = {**people, **self.code_of_leader}
        finder.leader_pattern = _leader_pattern(finder.code_of_leader)
        return finder

    def _add_capitals(self, sentence: str, found: list[_Mention]) -> list[_Mention]:
        """Adds to `found` each capital that stands for its country, and returns those that are places. Its
        mention has no name as written: a new entity gets no capital for an alias."""
        places = []
        for match in self.capital_pattern.finditer(sentence):
            if _overlaps(found, match):
                continue
            code = self.code_of_capital[match.group()]
            if self._capital_is_party(sentence, match):
                found.append(_Mention(match.start(), self._actor_end(sentence, match.end()), code))
            else:
                places.append(_Mention(match.start(), match.end(), code))
        return places

    def _capital_is_party(self, sentence: str, capital: re.Match) -> bool:
        """Whether a capital stands for its country's government ('Paris and Chile signed'): not a place after one
        of 'places' ('a summit in Paris'), not part of a longer name ('the Washington Post', 'the Paris
        Agreement', 'Real Madrid'), not what names an agreement or talks ('the Vienna talks')."""
        before = re.findall(r"[\w'’]+", sentence[: capital.start()])
        after = sentence[capital.end() :]
        return not (
            (before and before[-1].lower() in self.places)
            or re.match(r"\s+[A-Z]", after)
            or (before and NAME_BEFORE_CAPITAL.search(sentence, 0, capital.start()))
            or self.named_document_pattern.match(after)
        )

    def _actor_start(self, sentence: str, start: int) -> int:
        """Where a name starts with the actor before it: 'the Prime Minister (Jonas Gahr Støre) of Norway' and
        'President Zelensky' stand where the country does, in a list ('signed by …') or acting."""
        actor = self.actor_of_pattern.search(sentence, 0, start)
        return actor.start() if actor else start

    def _actor_end(self, sentence: str, end: int) -> int:
        actor = self.possessive_actor_pattern.match(sentence, end)
        return actor.end() if actor else end

    def _names_agreement(self, sentence: str) -> bool:
        """Whether the sentence names an agreement of the kind the tracker follows (not 'a gas transit deal')."""
        return any(self._followed(sentence, *match.span()) for match in self.agreement_pattern.finditer(sentence))

    def _followed(self, sentence: str, start: int, end: int) -> bool:
        """Whether the agreement word at `start:end` names one the tracker follows: no unrelated word just before it
        ('a gas transit deal') nor in what it is on ('an agreement on gas transit', 'a deal with Slovakia on grain
        exports')."""
        before = re.findall(r"[\w-]+", sentence[:start].lower())[-2:]
        on = AGREEMENT_TOPIC.match(sentence, end)
        return not self.unrelated.intersection([*before, *(on["topic"].lower().split() if on else ())])

    def _names_subject(self, sentence: str, mentions: list[_Mention]) -> bool:
        return any(m.code == self.subject for m in mentions) or bool(self.subject_pattern.search(sentence))

    def _phrases(self, sentence: str) -> list[_Phrase]:
        every = _outermost(
            [
                *(
                    _Phrase(m.start(), m.end(), status)
                    for status, pattern in self.phrase_patterns
                    for m in pattern.finditer(sentence)
                ),
                *(_Phrase(m.start(), m.end(), SIGNED) for m in self.signing_verb_pattern.finditer(sentence)),
            ]
        )
        # A phrase that is another's object states nothing of its own: 'will begin negotiations on signing' is
        # hedged talks, and 'held talks on signing' is negotiating.
        objects = {p for q, p in zip(every, every[1:]) if PHRASE_AS_OBJECT.fullmatch(sentence, q.end, p.start)}
        hedged = self._hedged_phrases(sentence, every)
        found = [
            phrase
            for phrase in every
            if phrase not in objects
            and phrase not in hedged
            and not self._noun_hedged(sentence[phrase.start : phrase.end], sentence[phrase.end :])
            and not self._object_negated(sentence[phrase.end :])
        ]
        acting = [phrase for phrase, after in zip(found, [*found[1:], None]) if not _acts_on(phrase, after, sentence)]
        return [
            self._as_its_passive_subject_says(sentence, phrase)
            for phrase in acting
            if self._document(sentence, phrase, every) != OTHER and not self._ended(sentence, phrase)
        ]

    def _as_its_passive_subject_says(self, sentence: str, phrase: _Phrase) -> _Phrase:
        """A passive signing phrase whose subject is the talks or an unsigned text states negotiating: 'the talks
        were concluded', and 'the text of the pact was finalised' as 'finalised the text' does; 'the text was
        signed' is signed."""
        if phrase.status != SIGNED or not PASSIVE_BEFORE.search(sentence, 0, phrase.start):
            return phrase
        subject = self._passive_subject(sentence, phrase.start)
        verb = " ".join(sentence[phrase.start : phrase.end].lower().split())
        if subject in self.status_nouns or verb in self.unsigned_texts.get(subject, ()):
            return replace(phrase, status=NEGOTIATING)
        return phrase

    def _passive_subject(self, sentence: str, end: int) -> str | None:
        """The subject of the passive that ends at `end`, lowercased: the nearest talks, text or agreement before it
        in its clause that no preposition stands a few words before ('talks between Chile and Peru on a security
        pact were concluded': the talks), or the text a few words before an agreement ('the draft security pact')."""
        start = max([0, *(m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, end))])
        for noun in reversed(list(self.passive_subject_pattern.finditer(sentence, start, end))):
            before = sentence[start : noun.start()].rpartition(",")[2].lower()  # a comma ends the noun's phrase
            words = re.findall(r"[\w'’-]+", before)[-PREPOSITION_TO_NOUN_WORDS - 1 :]
            if not PREPOSITION.search(" ".join(words)):
                return next((word for word in words if word in self.unsigned_texts), noun.group().lower())
        return None

    def _hedged_phrases(self, sentence: str, phrases: list[_Phrase]) -> set[_Phrase]:
        """The phrases a hedge holds back (see `_hedged`), and a verb joined by 'and' to one: the hedge is on both
        ('plan to negotiate and sign', 'is expected to be finalised and signed')."""
        hedged: set[_Phrase] = set()
        for before, phrase in zip([None, *phrases], phrases):
            joined = before in hedged and COORDINATED_VERB.search(sentence, before.end, phrase.start)
            if joined or self._hedged(sentence[phrase.start : phrase.end], sentence[: phrase.start]):
                hedged.add(phrase)
        return hedged

    def _hedged(self, phrase: str, before: str) -> bool:
        """Whether one of the last three words before a phrase is a hedge ('plans to sign', 'has not signed'),
        its clause has a denial or a condition before it ('denied that Moldova had signed', 'if Chile signs'),
        or a verb is what is yet to come ('Chile to sign pact', but not 'the 20th country to sign')."""
        before = _NOT_CONTRACTED.sub(" not", before)
        words = re.findall(r"[\w'’]+", before)
        clause = re.split(r"[,;:()]", before)[-1]
        return bool(
            self.hedge_pattern.search(" ".join(words[-3:]))
            or self.denial_or_condition_pattern.search(clause)
            or (phrase.lower() not in self.status_nouns and self._to_come(words))
        )

    def _to_come(self, words: list[str]) -> bool:
        """Whether the words before a verb end in an infinitive's 'to' that no ordinal stands just before."""
        if not words or words[-1].lower() != "to":
            return False
        return not any(w.lower() in self.ordinals or ORDINAL_IN_FIGURES.fullmatch(w) for w in words[-3:-1])

    def _object_negated(self, after: str) -> bool:
        """Whether the word right after a phrase says that nothing was done ('signed no agreement')."""
        first = re.match(r"\s*([\w'’]+)", after)
        return bool(first) and first[1].lower() in self.negated_objects

    def _noun_hedged(self, phrase: str, after: str) -> bool:
        """Whether a status noun's own verb is hedged ('negotiations with Chile … would start next year'): the
        hedge stands later in its clause, not in a clause of its own ('talks on a deal that would cover …')."""
        if phrase.lower() not in self.status_nouns:
            return False
        clause = re.split(r"[,;:()]|\b(?:that|which|who)\b", after)[0]
        return bool(self.hedge_pattern.search(_NOT_CONTRACTED.sub(" not", clause)))

    def _document(self, sentence: str, phrase: _Phrase, every: list[_Phrase]) -> str | None:
        """What a phrase signs or negotiates as its clause says: AGREEMENT; OTHER, for another document ('signed a
        joint declaration'), an unrelated agreement ('talks on a gas deal') or none ('no pact was signed'); None
        where the clause does not say ('while talks with Chile continue')."""
        ahead_end = min(
            [p.start for p in every if p.start >= phrase.end]
            + [
                m.start()
                for m in (CLAUSE_BREAK.search(sentence, phrase.end), RELATIVE_OPENER.search(sentence, phrase.end))
                if m
            ]
            + [len(sentence)]
        )
        behind_start = max(
            [p.end for p in every if p.end <= phrase.start]
            + [m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, phrase.start)]
            + [0]
        )
        ahead = next(self.document_pattern.finditer(sentence, phrase.end, ahead_end), None)
        behind = _nearest_outside_asides(
            sentence, list(self.document_pattern.finditer(sentence, behind_start, phrase.start)), phrase.start
        )
        passive = PASSIVE_BEFORE.search(sentence, behind_start, phrase.start)
        found = (behind or ahead) if passive else (ahead or behind)
        return self._kind_of_document(sentence, found) if found else None

    def _kind_of_document(self, sentence: str, found: re.Match) -> str:
        if found.group("agreement") is None or not self._followed(sentence, *found.span("agreement")):
            return OTHER
        words_before = re.findall(r"[\w'’]+", sentence[: found.start()].lower())[-3:]
        return OTHER if self.negated_objects.intersection(words_before) else AGREEMENT

    def _ended(self, sentence: str, phrase: _Phrase) -> bool:
        """Whether the phrase's clause says the agreement ended: 'the pact Chile signed in 2008 expired', 'Chile,
        which signed a pact in 2008, withdrew from it'. Looking back, the clause ends at a comma too ('After talks
        ended, Chile signed …'); looking ahead, at a clause of its own ('… after the old one lapsed') and at a
        comma unless the phrase is in a relative clause ('…, replacing the pact that expired')."""
        breaks = (CLAUSE_BREAK.search(sentence, phrase.end), SUBORDINATE_CLAUSE.search(sentence, phrase.end))
        ahead = [m.start() for m in breaks if m]
        comma = sentence.find(",", phrase.end)
        if comma >= 0 and not IN_RELATIVE_CLAUSE.search(sentence, 0, phrase.start):
            ahead.append(comma)
        behind = [
            sentence.rfind(",", 0, phrase.start) + 1,
            *(m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, phrase.start)),
        ]
        return bool(self.ending_pattern.search(sentence, max(behind), min(ahead, default=len(sentence))))

    def statements(self, sentence: str) -> list[Statement]:
        """Each country the sentence says signed or is negotiating an agreement with the subject."""
        if self.subject is None or _asks(sentence) or not self._names_agreement(sentence):
            return []
        mentions = self.mentions(sentence)
        if not self._names_subject(sentence, mentions):
            return []
        phrases = self._phrases(sentence)
        parties: dict[_Phrase, _Parties] = {}
        before: dict[_Phrase, _Parties] = {}
        signed_later: set[_Phrase] = set()
        for start, end in _clauses(sentence, phrases):
            own = self._clause_parties(sentence, _within(mentions, start, end), _within(phrases, start, end))
            parties.update(own or self._parties_of_it(sentence, start, _within(phrases, start, end), before))
            signed_later |= _signed_later(sentence, _within(phrases, start, end), own)
            before = own
        parties.update(_sharing_subject(sentence, phrases, parties))
        parties.update(_antecedents_acting(sentence, mentions, parties))
        # Where the sentence states both statuses for one country, the signing stands: a signing after talks is the
        # newer fact, and talks on a new agreement after one signed do not undo it.
        status_of: dict[_Mention, str] = {}
        for phrase, party in parties.items():
            status = SIGNED if phrase in signed_later else phrase.status
            for mention in party.partners_of(self.subject):
                status_of[mention] = _furthest(status_of.get(mention), status)
        found: dict[str, Statement] = {}
        for mention in mentions:
            status, country = status_of.get(mention), self.countries[mention.code]
            known = found.get(country.slug)
            if status and mention.code not in self.excluded and (known is None or _rank(status) > _rank(known.status)):
                found[country.slug] = Statement(country, status, sentence, date_in(sentence), mention.name)
        return list(found.values())

    def _parties_of_it(
        self, sentence: str, start: int, phrases: list[_Phrase], before: dict[_Phrase, _Parties]
    ) -> dict[_Phrase, _Parties]:
        """For a clause with no parties of its own that opens with 'it' and a passive phrase ('Chile negotiated the
        pact with Peru for a year, and it was signed in June'): the parties of the clause before (`before`, by
        phrase), whose agreement 'it' is, with this phrase's status."""
        if not before or not phrases or not IT_PASSIVE.fullmatch(sentence, start, phrases[0].start):
            return {}
        return {phrases[0]: list(before.values())[-1]}

    def paired_statements(self, before: str, sentence: str, stated_before: set[str]) -> list[Statement]:
        """What a sentence that names no country says 'the two leaders' did, where the sentence before it names the
        subject and one other country ('Peru's president met Chile's on Monday. The two leaders signed a pact.', with
        Peru the subject): each with this sentence, which says it; none for a country the sentence before states a
        status of already (`stated_before`, their codes)."""
        if not before or not self.pair_words.search(sentence) or self.mentions(sentence):
            return []
        if not self._names_agreement(sentence):
            return []
        mentions = self.mentions(before)
        others = {m.code: m for m in mentions if m.code != self.subject}
        if len(others) != 1 or not self._names_subject(before, mentions):
            return []
        ((code, mention),) = others.items()
        paired = [phrase for phrase in self._phrases(sentence) if self.pair_pattern.search(sentence, 0, phrase.start)]
        if not paired or code in self.excluded or code in stated_before:
            return []
        return [Statement(self.countries[code], paired[0].status, sentence, date_in(sentence), mention.name)]

    def _clause_parties(
        self, sentence: str, mentions: list[_Mention], phrases: list[_Phrase]
    ) -> dict[_Phrase, _Parties]:
        """The countries each status phrase of one clause names."""
        parties: dict[_Phrase, _Parties] = {}
        for index, mention in enumerate(mentions):
            role = self._role(sentence, mentions, index, phrases)
            if role is not None:
                parties.setdefault(role[1], _Parties()).add(mention, role[0])
        for phrase in phrases:
            if not parties.get(phrase, _Parties()).actors and (pair := self._pair(sentence, mentions, phrase)):
                for mention in pair:
                    parties.setdefault(phrase, _Parties()).add(mention, ACTING)
        for phrase, party in list(parties.items()):
            if party.actors and not party.listed and self._with_no_country(sentence, phrase, mentions):
                del parties[phrase]  # "Like Chile, Peru is negotiating a pact with the EU": not with the subject
        return parties

    def _with_no_country(self, sentence: str, phrase: _Phrase, mentions: list[_Mention]) -> bool:
        """Whether the 'with' after a phrase names no country, only list words: a union or a group ('negotiating a
        pact with the EU', 'with its allies')."""
        found = WITH_AFTER_PHRASE.match(sentence, phrase.end)
        if found is None or any(found.start("list") <= m.start < found.end("list") for m in mentions):
            return False
        words = re.findall(r"[\w'’]+", found["list"].lower())
        return bool(words) and self._glue_start(words) == 0

    def _pair(self, sentence: str, mentions: list[_Mention], phrase: _Phrase) -> list[_Mention]:
        """The subject and the one other country named before a phrase that 'the two leaders' act on."""
        if not self.pair_pattern.search(sentence, 0, phrase.start):
            return []
        before = [m for m in mentions if m.end <= phrase.start]
        named = {m.code for m in before}
        return before if self.subject in named and len(named) == 2 else []

    def _role(
        self, sentence: str, mentions: list[_Mention], index: int, phrases: list[_Phrase]
    ) -> tuple[_Opener, _Phrase] | None:
        """How a country stands to a status phrase: in a list its 'with', 'between' or 'by' opens, or ACTING on it."""
        opener, phrase = self._listed_after_phrase(sentence, mentions, index, phrases)
        if opener is None:  # a country after "with" is the object there, never the one acting
            phrase = self._acting(sentence, mentions, index, phrases) or self._possessed(
                sentence, mentions, index, phrases
            )
            opener = ACTING
        return (opener, phrase) if phrase is not None else None

    def _possessed(self, sentence: str, mentions: list[_Mention], index: int, phrases: list[_Phrase]) -> _Phrase | None:
        """The status phrase of the agreement a country's possessive names, with its list right after it: the
        country is a party ("Croatia's security agreement with Chile was signed")."""
        possessed = self.possessed_agreement_pattern.match(sentence, mentions[index].end)
        if (
            possessed is None
            or index + 1 == len(mentions)
            or not self._followed(sentence, *possessed.span("agreement"))
        ):
            return None
        opener, phrase = self._listed_after_phrase(sentence, mentions, index + 1, phrases)
        return phrase if opener is not None and opener.at == possessed.end() else None

    def _listed_after_phrase(
        self, sentence: str, mentions: list[_Mention], index: int, phrases: list[_Phrase]
    ) -> tuple[_Opener | None, _Phrase | None]:
        """What opens a country's list ('with', 'between', 'by') if anything, and the status phrase it belongs
        to: the one before it, or for an agreement's list the one after ('the pact between Chile and Peru was
        signed')."""
        opener = self._opener(sentence, mentions, index)
        if opener is None:
            return None, None
        if compound := self._compound_agreement(sentence, mentions, phrases, opener):
            return compound
        if opener.word in ("with", "between"):
            phrase = self._list_phrase(sentence, mentions, phrases, opener)
            if phrase is None and any(_after_bare_comma(sentence, mentions, i) for i in (index, opener.first)):
                # "In addition to the pact with Chile, Peru signed one with Spain": Peru acts; so do Chile and Peru in
                # "between the two nations, Chile and Peru signed".
                return None, None
            return opener, phrase
        if self.agreement_pattern.fullmatch(opener.word) and EXAMPLES.search(
            sentence, opener.at, mentions[opener.first].start
        ):
            # "have signed similar agreements, including the UK and France": the parties, as a 'with' list would be
            return opener, self._phrase_before(sentence, phrases, opener.at)
        if opener.word == "by" and (agent := self._phrase_just_before(sentence, phrases, opener.at)):
            return opener, agent  # "signed by Moldova and Slovenia"; "a summit hosted by Romania" is passing by
        if (
            opener.word == "of"
            and opener.opens_agents()
            and (agent := self._phrase_before(sentence, phrases, opener.at))
        ):
            return opener, agent  # "signed by the defence secretary on behalf of Chile"
        if opener.first == index and opener.word in self.hedge_words:
            return opener, None  # "… and potentially the United States"
        return None, None

    def _compound_agreement(
        self, sentence: str, mentions: list[_Mention], phrases: list[_Phrase], opener: _Opener
    ) -> tuple[_Opener, _Phrase] | None:
        """A compound of countries that names an agreement, as its list of parties, with the status phrase before it
        ('signed the Chile-Peru security pact'); a phrase after it has the compound acting ('the Chile–Peru pact
        was signed')."""
        first = mentions[opener.first]
        end = self._run_end(sentence, mentions, opener.first)
        compound = sentence[first.start : end]
        if opener.word in ("with", "between", "by") or not any(dash in compound for dash in _DASHES):
            return None
        words_after = re.findall(r"[\w'’-]+|[^\w\s]", sentence[end:])[: COMPOUND_TO_AGREEMENT_WORDS + 1]
        if not any(self.agreement_pattern.fullmatch(word) for word in words_after):
            return None
        phrase = self._phrase_before(sentence, phrases, first.start)
        return (_Opener("between", first.start, opener.before, opener.first), phrase) if phrase else None

    def _opener(self, sentence: str, mentions: list[_Mention], index: int) -> _Opener | None:
        """The word before the run of countries and list words that leads to a country ('with' in 'with Chile and
        Peru'); None where the run starts the sentence."""
        while True:
            gap_start = mentions[index - 1].end if index > 0 else 0
            words = list(re.finditer(r"[\w'’]+|[^\w\s]", sentence[gap_start : mentions[index].start]))
            lowered = [word.group().lower() for word in words]
            number = self._glue_start(lowered) - 1
            if number >= 0:
                before = lowered[number - 1] if number > 0 else ""
                joins = index > 0 and self._joins_lists(lowered[: number + 1])
                return _Opener(lowered[number], gap_start + words[number].start(), before, index, joins)
            if index == 0 or self._after_closed_list(sentence, mentions, index):
                return None
            index -= 1

    def _after_closed_list(self, sentence: str, mentions: list[_Mention], index: int) -> bool:
        """Whether a country stands after a bare comma that ends a list, its last country joined by 'and' or 'or'
        after its last comma: in 'with Chile and Peru, Bolivia signed' Bolivia is no part of it, but opens a
        clause."""
        if index < 1 or sentence[mentions[index - 1].end : mentions[index].start].strip() != ",":
            return False
        gap_start = mentions[index - 2].end if index > 1 else 0
        joint = sentence[gap_start : mentions[index - 1].start].lower().rpartition(",")[2]
        return bool({"and", "or"} & set(re.findall(r"\w+", joint)))

    def _list_phrase(
        self, sentence: str, mentions: list[_Mention], phrases: list[_Phrase], opener: _Opener
    ) -> _Phrase | None:
        """The status phrase a 'with' or 'between' list belongs to."""
        if opener.before in self.hedge_words:
            return None  # "signed a pact with Chile but not with Peru"
        if opener.joins:  # "the pacts between Chile and Peru and between Chile and Bolivia were signed"
            return self._listed_after_phrase(sentence, mentions, opener.first - 1, phrases)[1]
        phrase = self._phrase_before(sentence, phrases, opener.at)
        if phrase and any(
            phrase.end <= m.start < opener.at and self._after_closed_list(sentence, mentions, i)
            for i, m in enumerate(mentions)
        ):
            return None  # "signed pacts with Chile and Peru, Bolivia has one with Spain": Spain's is Bolivia's
        if phrase and self._after_another_list(sentence, mentions, phrase, opener):
            return None  # "signed a pact with Chile amid tensions with Peru": the second 'with' is the tensions'
        if phrase is None and self._agreement_just_before(sentence, opener.at):
            phrase = self._phrase_after_list(sentence, mentions, opener.first, phrases)
        return phrase or self._talks_on_after(sentence, mentions, phrases, opener)

    def _talks_on_after(
        self, sentence: str, mentions: list[_Mention], phrases: list[_Phrase], opener: _Opener
    ) -> _Phrase | None:
        """The negotiating phrase right after a list's 'on' ('collaborating with the United States on crafting an
        agreement'); a signing there is what the two are on, not one done ('agreed with Chile on signing')."""
        end = self._run_end(sentence, mentions, opener.first)
        after = next((p for p in phrases if p.start >= end), None)
        if after and after.status == NEGOTIATING and LIST_ON.fullmatch(sentence, end, after.start):
            return after
        return None

    def _agreement_just_before(self, sentence: str, at: int) -> bool:
        """Whether an agreement the tracker follows stands a few words before a list's opener, with what it is on
        ('agreements on security cooperation with'; not 'an agreement on grain exports with')."""
        agreement = self.agreement_before_list_pattern.search(sentence, 0, at)
        return (
            bool(agreement)
            and self._followed(sentence, agreement.start(), agreement.start("about"))
            and not self.unrelated.intersection(agreement["about"].lower().split())
        )

    def _after_another_list(self, sentence: str, mentions: list[_Mention], phrase: _Phrase, opener: _Opener) -> bool:
        """Whether a 'with' or 'between' list of the phrase stands between it and this list, which list words do not
        join to it: a phrase has one list of counterparts."""
        return any(
            phrase.end <= m.start < opener.at
            and (other := self._opener(sentence, mentions, i)) is not None
            and other.word in ("with", "between")
            and other.at != opener.at
            for i, m in enumerate(mentions)
        )

    def _phrase_before(self, sentence: str, phrases: list[_Phrase], opener: int) -> _Phrase | None:
        before = [p for p in phrases if p.end <= opener]
        if not before:
            return None
        nearest = before[-1]
        near = len(re.findall(r"[\w'’]+", sentence[nearest.end : opener])) <= PHRASE_TO_LIST_WORDS
        # A 'with' in a clause of its own is about something else ('…; Italy hosted a dinner with Portugal'); a
        # colon right before it opens the list ('signed nine agreements: with Chile, …').
        clause_end = colon.start() if (colon := LIST_COLON.search(sentence, nearest.end, opener)) else opener
        return nearest if near and not CLAUSE_BREAK.search(sentence, nearest.end, clause_end) else None

    def _phrase_just_before(self, sentence: str, phrases: list[_Phrase], opener: int) -> _Phrase | None:
        """The phrase right before the opener, nothing between them ('signed by')."""
        return next((p for p in phrases if p.end <= opener and not sentence[p.end : opener].strip()), None)

    def _phrase_after_list(
        self, sentence: str, mentions: list[_Mention], index: int, phrases: list[_Phrase]
    ) -> _Phrase | None:
        """The phrase after an agreement's list of countries, passive or in a relative clause of the agreement's
        ('the pact with Chile, which Peru signed'), with no other country acting between."""
        return self._phrase_after_run(
            sentence, mentions, index, phrases, AGREEMENT_RELATIVE_CLAUSE, lambda other: other.code != self.subject
        )

    def _glue_start(self, words: list[str]) -> int:
        """Where the list words that end these words start: commas, figures and 'list_words' phrases ('as well
        as', not a lone 'as': in 'with Chile, as Peru did' Peru is no part of the list)."""
        end = len(words)
        while end:
            if words[end - 1] in _COMMA_OR_DASH or words[end - 1].isdigit():
                end -= 1
                continue
            ending = self.glue_ending.get(words[end - 1], ())
            glue = next((len(g) for g in ending if len(g) <= end and tuple(words[end - len(g) : end]) == g), 0)
            if not glue:
                break
            end -= glue
        return end

    def _joins_lists(self, words: list[str]) -> bool:
        """Whether the words between two countries end one list and open another of the same agreement: 'and
        between' in 'between Chile and Peru and between Chile and Bolivia'."""
        return len(words) > 1 and words[-1] in ("with", "between") and not self._glue_start(words[:-1])

    def _run_end(self, sentence: str, mentions: list[_Mention], index: int) -> int:
        """Where the run of countries a country opens ends ('Spain, Chile and Peru'). A run joined by commas only
        is no list: in 'Unlike Chile, Peru signed' only Peru acts."""
        end, bare_comma = mentions[index].end, False
        for later in mentions[index + 1 :]:
            words = re.findall(r"[\w'’]+|[^\w\s]", sentence[end : later.start].lower())
            if self._glue_start(words) and not self._joins_lists(words):
                break
            end, bare_comma = later.end, words == [","]
        return mentions[index].end if bare_comma else end

    def _acting(self, sentence: str, mentions: list[_Mention], index: int, phrases: list[_Phrase]) -> _Phrase | None:
        """The status phrase a country is the subject of ('Spain and Chile have signed'); none where another
        country stands between: it is the one acting ("… in Lithuania, where Spain signed")."""
        return self._phrase_after_run(sentence, mentions, index, phrases, RELATIVE_CLAUSE, lambda other: True)

    def _phrase_after_run(
        self,
        sentence: str,
        mentions: list[_Mention],
        index: int,
        phrases: list[_Phrase],
        relative_clause: re.Pattern[str],
        stands_between: Callable[[_Mention], bool],
    ) -> _Phrase | None:
        """The first status phrase after the run of countries that `index` opens, a few words on in the same
        clause (a relative clause that opens the gap aside), with no country between for which `stands_between`."""
        end = self._run_end(sentence, mentions, index)
        after = next((p for p in phrases if p.start >= end), None)
        if after is None:
            return None
        gap = sentence[end : after.start]
        if relative := relative_clause.match(gap):
            gap = gap[relative.end() :]
        if re.search(r"[,;:()]", gap) or len(re.findall(r"[\w'’]+", TIME_PHRASE.sub("", gap))) > ACTOR_TO_PHRASE_WORDS:
            return None
        if any(end <= other.start < after.start and stands_between(other) for other in mentions):
            return None
        return after


@dataclass(frozen=True)
class _Opener:
    """The word that opens a list of countries ('with', 'between', 'by'), where it stands, the word before it,
    the index of the list's first country, and whether it follows another list ('and between')."""

    word: str
    at: int
    before: str = ""
    first: int = -1
    joins: bool = False

    def opens_agents(self) -> bool:
        """Whether the list names those who act: 'signed by Chile', 'signed on behalf of Chile'."""
        return self.word == "by" or (self.before, self.word) == ("behalf", "of")


ACTING = _Opener("acting", -1)


@dataclass
class _Parties:
    """The countries one status phrase names: those acting on it, and those in its lists by their opener."""

    actors: list[_Mention] = field(default_factory=list)
    listed: list[tuple[_Mention, _Opener]] = field(default_factory=list)

    def add(self, mention: _Mention, opener: _Opener) -> None:
        if opener is ACTING or opener.opens_agents():
            self.actors.append(mention)
        else:
            self.listed.append((mention, opener))

    def partners_of(self, subject: str) -> list[_Mention]:
        """The countries the phrase says sign or negotiate with the subject. With the subject acting, those it
        acts with ('Chile and Peru signed pacts with Spain': Spain, not Peru); with the subject in a 'with' list,
        those acting ('Spain signed pacts with Chile and Peru': Spain); with it in a 'between' list, those acting
        or else the others of that list; between others, none."""
        listed = [mention for mention, _ in self.listed]
        between = {mention.code for mention, opener in self.listed if opener.word == "between"}
        if len(between - {subject}) > 1 and subject not in between:
            return []  # "… attended the signing of the Chile–Peru pact": it is between them
        if any(m.code == subject for m in self.actors):
            if not listed and len({m.code for m in self.actors}) > 2:
                return []  # "Chile, Peru and Spain signed a pact": one joint pact, no bilateral agreement
            return listed or self.actors
        lists = {opener.at for mention, opener in self.listed if mention.code == subject and opener.word == "between"}
        if any(mention.code == subject for mention in listed):
            return self.actors or [mention for mention, opener in self.listed if opener.at in lists]
        if self.actors and listed:
            return []
        if len({m.code for m in self.actors}) > 1:
            return []  # "Chile and Peru had signed a similar pact": one between them, not with the subject
        return self.actors or listed


def _signed_later(sentence: str, phrases: list[_Phrase], parties: dict[_Phrase, _Parties]) -> set[_Phrase]:
    """The negotiating phrases of a clause whose agreement it then says was signed, in a passive with no parties of
    its own ('The pact that Chile and Peru negotiated for a year was signed on Friday', 'The agreement, drafted by
    Chile and Peru, has been signed'): their parties signed it."""
    passive = [
        phrase
        for phrase in phrases
        if phrase.status == SIGNED and phrase not in parties and PASSIVE_BEFORE.search(sentence, 0, phrase.start)
    ]
    if not passive:
        return set()
    return {phrase for phrase in parties if phrase.status == NEGOTIATING and phrase.start < passive[-1].start}


# A verb joined by 'and' to the status phrase before it, with at most an adverb between: 'negotiated the pact for a
# year and (then) signed it', '…, and signed it in June'.
COORDINATED_VERB = re.compile(r"(?:,\s*)?\band\s+(?:(?:then|later|\w+ly)\s+)?$", re.IGNORECASE)


def _sharing_subject(
    sentence: str, phrases: list[_Phrase], parties: dict[_Phrase, _Parties]
) -> dict[_Phrase, _Parties]:
    """The phrases with no one acting of their own that are verbs joined to the phrase before, with that phrase's
    parties: they share its subject ('Chile and Peru negotiated the pact for a year and signed it in May'), and keep
    their own lists ('Chile negotiated and signed a pact with Peru'). A gerund there may be a noun ('… continued, and
    signing is due in June')."""
    shared: dict[_Phrase, _Parties] = {}
    for before, phrase in zip(phrases, phrases[1:]):
        party, own = parties.get(before) or shared.get(before), parties.get(phrase)
        if (
            party
            and not (own and own.actors)
            and not sentence[phrase.start : phrase.end].lower().endswith("ing")
            and COORDINATED_VERB.search(sentence, before.end, phrase.start)
        ):
            shared[phrase] = _Parties(party.actors, own.listed) if own else party
    return shared


# What may stand between 'which' or 'who' and the phrase it is the subject of: 'which (has) (also) signed'.
RELATIVE_TO_PHRASE = re.compile(r"(?:\s+(?:has|have|had|is|are|was|were|also|already|then|later|\w+ly))*\s+$")


def _antecedents_acting(
    sentence: str, mentions: list[_Mention], parties: dict[_Phrase, _Parties]
) -> dict[_Phrase, _Parties]:
    """The phrases no one acts on that open a relative clause right after a country, with that country acting:
    'talks with Norway, which signed a similar pact with Sweden' (Norway and Sweden's pact, not the subject's);
    'talks with Norway, which signed one with Chile in 2023' (Norway signed with Chile)."""
    acting: dict[_Phrase, _Parties] = {}
    for phrase, party in parties.items():
        nearest = next((m for m in reversed(mentions) if m.end <= phrase.start), None)
        opener = RELATIVE_CLAUSE.match(sentence, nearest.end) if nearest and not party.actors else None
        if opener and RELATIVE_TO_PHRASE.fullmatch(sentence, opener.end(), phrase.start):
            acting[phrase] = _Parties([nearest], party.listed)
    return acting


def _furthest(known: str | None, status: str) -> str:
    """The status further along of the two; `status` where nothing is known."""
    return status if known is None or _rank(status) > _rank(known) else known


def _clauses(sentence: str, phrases: list[_Phrase]) -> list[tuple[int, int]]:
    """The sentence's clauses, each with a status phrase of its own: it is cut where a clause opens (';', ', and',
    'while' …) and a phrase stands on both sides ('Chile signed a pact with Peru, and Spain signed one with
    Italy'), not in a list's last ', and'."""
    cuts = [m.start() for m in CLAUSE_BREAK.finditer(sentence)]
    bounds = [0]
    for cut, following in zip(cuts, [*cuts[1:], len(sentence)]):
        has_phrase = any(bounds[-1] <= p.start < cut for p in phrases)
        if has_phrase and any(cut <= p.start < following for p in phrases):
            bounds.append(cut)
    return list(zip(bounds, [*bounds[1:], len(sentence)]))


def _objects_of_the(phrases: Iterable[str]) -> dict[str, set[str]]:
    """The nouns of the phrases '<verb> the <noun>', each with the verbs before it."""
    verbs: dict[str, set[str]] = {}
    for words in (phrase.lower().split() for phrase in phrases):
        if len(words) == 3 and words[1] == "the":
            verbs.setdefault(words[2], set()).add(words[0])
    return verbs


def _outermost(phrases: Iterable[_Phrase]) -> list[_Phrase]:
    """The phrases in the order they stand, without those within a longer one of another status ('finalised' in
    'being finalised')."""
    every = list(phrases)
    return sorted(
        (p for p in every if not any(o != p and o.start <= p.start and p.end <= o.end for o in every)),
        key=lambda p: p.start,
    )


def _nearest_outside_asides(sentence: str, documents: list[re.Match], end: int) -> re.Match | None:
    """The document nearest before a phrase with no comma between, or else the first: in 'bilateral agreements,
    based on this declaration, were concluded' the agreements were, not the declaration of the aside."""
    return next(
        (d for d in reversed(documents) if "," not in sentence[d.end() : end]), documents[0] if documents else None
    )


def _after_bare_comma(sentence: str, mentions: list[_Mention], index: int) -> bool:
    """Whether a comma stands right before the country ('In addition to the pact with Chile, Peru signed'; 'between
    the two nations, Chile and Peru signed')."""
    return sentence[: mentions[index].start].rstrip().endswith(",")


def _overlaps(mentions: list[_Mention], match: re.Match) -> bool:
    return any(m.start < match.end() and match.start() < m.end for m in mentions)


def _within(found: list, start: int, end: int) -> list:
    """The mentions or phrases that start between two points of the sentence."""
    return [item for item in found if start <= item.start < end]


def _asks(sentence: str) -> bool:
    """Whether the sentence is a question ('Has Chile signed a pact with Peru?'): it states nothing."""
    return sentence.rstrip(" \"'”’»").endswith("?")


# What makes the office holder named after it one no longer ('former British Prime Minister Boris Johnson').
FORMER_HOLDER = re.compile(r"\b(?:former|ex-)\s*$", re.IGNORECASE)
# A role that is a country's office: 'President of France', 'Prime Minister of the Netherlands'; not a former one.
_OFFICE_OF = re.compile(r"^(?!(?:former|ex)\b)[^,;()]*\bof\s+(?:the\s+)?(?P<country>[^,;()]+?)\s*$", re.IGNORECASE)


def _leaders(entities: tuple[Entity, ...], code_of: dict[str, str]) -> dict[str, str]:
    """Each name of each person whose role is a country's office, with that country's code."""
    leaders = {}
    for person in entities:
        office = _OFFICE_OF.match(person.role or "") if person.kind == "person" else None
        country = office and (code_of.get(office["country"]) or code_of.get(f"the {office['country']}"))
        if country:
            leaders.update(dict.fromkeys(person.names, country))
    return leaders


def _leader_pattern(code_of_leader: dict[str, str]) -> re.Pattern[str]:
    """Any of the leaders' names, as whole words; nothing where there are none."""
    return re.compile(rf"(?<![\w.])(?:{trie_pattern(code_of_leader)})(?![\w])" if code_of_leader else "(?!)")


def _every_country(extra_names: dict[str, tuple[str, ...]]) -> Iterable[tuple[str, tuple[str, ...], str]]:
    """(code, names, the name a new entity gets) of every country: ISO 3166-1's, and those it lacks (Kosovo)."""
    for record in pycountry.countries:
        code = record.alpha_2
        common = getattr(record, "common_name", None)
        names = (record.name, common, getattr(record, "official_name", None), *extra_names.get(code, ()))
        shown = common or extra_names.get(code, (record.name,))[0]
        yield code, names, shown if "," not in shown else record.name
    for code, name in COUNTRIES_WITHOUT_ISO_CODE.items():
        yield code, (name, *extra_names.get(code, ())), name


def _new_aliases(country: Country, written: str | None) -> tuple[str, ...]:
    """The name the sentence gives a country that is no entity yet, when its entity would be named otherwise."""
    if country.entity is not None or written is None:
        return ()
    bare = written.removeprefix("the ")
    return () if bare == country.name else (bare,)


def _acts_on(phrase: _Phrase, after: _Phrase | None, sentence: str) -> bool:
    """Whether a phrase is a verb whose object is the next phrase: 'concluded (their) negotiations' states where
    the talks stand, not a signing, so the phrase after it gives the status."""
    return after is not None and all(
        w.lower() in DETERMINERS for w in re.findall(r"\S+", sentence[phrase.end : after.start])
    )


def _subject_code(content: Content, code_of: dict[str, str], entities: dict[str, Entity]) -> str | None:
    """The ISO code of site.yaml's subject_country: an entity slug, a country name or a code."""
    subject = content.settings.subject_country
    if not subject:
        return None
    by_slug = {entity.slug: code for code, entity in entities.items()}
    code = by_slug.get(subject) or code_of.get(subject) or (subject.upper() if len(subject) == 2 else None)
    if code is None or (code not in COUNTRIES_WITHOUT_ISO_CODE and pycountry.countries.get(alpha_2=code) is None):
        raise ContentError(
            [
                Problem(
                    content.settings.subject_country_location or content.settings.location,
                    f"subject_country '{subject}' is not a country",
                    "write the slug of a country in entities.yaml, or a country's name, e.g. subject_country: Chile",
                )
            ]
        )
    return code


# Classing statements against the tracker


def tracker_statuses(content: Content) -> dict[str, str]:
    """Each partner's status in facts.yaml: the furthest along, where entries differ."""
    current: dict[str, str] = {}
    for fact in content.facts:
        known = current.get(fact.partner)
        if known is None or _rank(fact.status) > _rank(known):
            current[fact.partner] = fact.status
    return current


def _rank(status: str) -> int:
    return STATUS_PROGRESSION.index(status) if status in STATUS_PROGRESSION else -1


def classify(status: str, previous: str | None) -> str:
    if previous is None:
        return NEW_PARTNER
    if status == previous:
        return EVIDENCE
    return STATUS_CHANGE if _rank(status) > _rank(previous) else CONFLICT


def known_citations(content: Content) -> set[tuple[str, str]]:
    """(partner, sentence) of every fact already in the tracker: never proposed again."""
    return {(fact.partner, normalise(fact.citation.sentence)) for fact in content.facts}


def proposals_for_article(
    slug: str,
    paragraphs: Iterable[str],
    finder: CountryFinder,
    tracker: dict[str, str],
    known: set[tuple[str, str]],
    published: date | None = None,
) -> list[Proposal]:
    """The proposals an article's body paragraphs make; `known` (partner, sentence) pairs are skipped and added to.
    A sentence's day without its year ('on 13 June') or a weekday ('on Thursday') is read against `published`,
    the day the article was."""
    paragraphs = list(paragraphs)
    # Read with ASCII's hyphens (for a compound of countries written with a non-breaking hyphen), quoted as written.
    read = [plain_hyphens(paragraph) for paragraph in paragraphs]
    # An article names a leader with the country and office once ('German Chancellor Olaf Scholz') and by the name
    # alone elsewhere ('Scholz signed the pact with Chile'): there the name stands for the country, as the names of
    # entities.yaml's leaders do.
    finder = finder.knowing_people(finder.people_named(read))
    proposals = []
    for paragraph, plain in zip(paragraphs, read):
        for statement in _statements_in(paragraph, plain, finder):
            country, sentence = statement.country, statement.sentence
            key = (country.slug, normalise(sentence))
            if key in known:
                continue
            known.add(key)
            previous = tracker.get(country.slug)
            proposals.append(
                Proposal(
                    id=proposal_id(country.slug, sentence),
                    kind=classify(statement.status, previous),
                    country=country.slug,
                    name=country.name,
                    iso_code=country.code,
                    new_entity=country.entity is None,
                    status=statement.status,
                    previous=previous,
                    article=slug,
                    sentence=sentence,
                    date=statement.date or reported_day(sentence, published),
                    aliases=_new_aliases(country, statement.written),
                )
            )
    return proposals


def _statements_in(paragraph: str, read: str, finder: CountryFinder) -> Iterator[Statement]:
    """What a paragraph's sentences state, each sentence alone or, where it names no country but 'the two
    leaders', with the sentence before it. The sentences are read as `read` (with ASCII's hyphens), and quoted as
    the paragraph writes them."""
    before, stated_before = "", set()
    for start, end in sentence_spans(read):
        sentence = read[start:end]
        statements = finder.statements(sentence) or finder.paired_statements(before, sentence, stated_before)
        yield from (replace(statement, sentence=paragraph[start:end]) for statement in statements)
        before, stated_before = sentence, {statement.country.code for statement in statements}

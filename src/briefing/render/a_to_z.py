"""The A–Z index: every topic, country, person and organisation, by first letter.

A way to browse by name, and what the search page offers when JavaScript is off.
Entities without a page of their own (countries that are not partners) list the
latest articles that mention them.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.enrich import relations
from briefing.model import Article, Briefing, Entity, Topic
from briefing.search.words import fold
from briefing.vocabulary import KIND_LABELS

ARTICLES_PER_ENTRY = 3


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # a label from KIND_LABELS
    note: str  # a person's role, an organisation's description, or ''
    aliases: tuple[str, ...]
    page: Topic | Entity | None  # the entry's own page, if it has one
    articles: tuple[Article, ...]  # the latest articles that mention it, when it has no page
    article_count: int


def _entity_entries(briefing: Briefing) -> list[Entry]:
    entities = relations.named_entities(briefing.article_entities, briefing.partner_countries)
    mentions = relations.articles_by_entity(entities.values(), briefing.articles, briefing.article_entities)
    with_page = {entity.slug for entity in (*briefing.partner_countries, *briefing.people, *briefing.organisations)}
    entries = []
    for slug, entity in entities.items():
        articles = mentions[slug]
        has_page = slug in with_page
        entries.append(
            Entry(
                name=entity.name,
                kind=KIND_LABELS[entity.kind],
                note=entity.role or entity.description,
                aliases=tuple(alias for alias in entity.aliases if alias != entity.name),
                page=entity if has_page else None,
                articles=() if has_page else tuple(articles[:ARTICLES_PER_ENTRY]),
                article_count=len(articles),
            )
        )
    return entries


def _topic_entries(briefing: Briefing) -> list[Entry]:
    return [
        Entry(topic.title, KIND_LABELS["topic"], "", (), topic, (), len(briefing.topic_articles[topic.slug]))
        for topic in briefing.topics
    ]


NOT_A_LETTER = "#"


def letter_of(name: str) -> str:
    """The letter a name is filed under, accents and case aside; '#' for a digit or a sign."""
    first = fold(name)[:1].upper()
    return first if first.isalpha() else NOT_A_LETTER


def a_to_z(briefing: Briefing) -> list[tuple[str, list[Entry]]]:
    """(letter, entries) in alphabetical order; entries sorted by name, accents and case aside."""
    entries = sorted(_topic_entries(briefing) + _entity_entries(briefing), key=lambda e: (fold(e.name), e.kind))
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(letter_of(entry.name), []).append(entry)
    return sorted(groups.items())

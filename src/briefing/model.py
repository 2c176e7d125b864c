"""The content model: plain, frozen data read from `content/`.

Nothing here reads files or renders pages; `load` builds these objects and
`enrich` derives the relations between them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from briefing.content.markdown import Paragraph, RenderedBody


@dataclass(frozen=True)
class Location:
    """Where a piece of content was written: a file and, when known, a line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class KeyPoint:
    text: str
    article: str | None
    location: Location


@dataclass(frozen=True)
class Settings:
    title: str
    subtitle: str
    description: str
    language: str
    base_url: str
    key_points: tuple[KeyPoint, ...]
    latest_count: int
    feed_count: int
    location: Location
    size_limit_mb: int = 5
    pretty_urls: bool = False  # pages as folders (topics/nato/), for hosts that serve index.html
    subject_country: str | None = None  # the country whose agreements the tracker follows (for ingest)
    subject_country_location: Location | None = None
    # What the tracker follows, as the pages name it: a noun phrase without an article.
    agreement: str = "agreement"


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    overview: str
    keywords: tuple[str, ...]
    location: Location
    show_map: bool = False  # the partner map on this topic's page

    def __hash__(self) -> int:
        # Slugs are unique (validate checks): hashing one string beats hashing every field,
        # and relations count topics over every article.
        return hash(self.slug)


@dataclass(frozen=True)
class Entity:
    """A country, person or organisation the sources talk about."""

    slug: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    description: str
    location: Location
    iso_code: str | None = None
    role: str | None = None
    partner: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def __hash__(self) -> int:
        return hash(self.slug)  # as for Topic: slugs are unique


@dataclass(frozen=True)
class QAPair:
    question: str
    answer: str
    location: Location

    @property
    def paragraphs(self) -> list[str]:
        return [paragraph.strip() for paragraph in self.answer.split("\n\n") if paragraph.strip()]


@dataclass(frozen=True)
class Source:
    publisher: str | None
    url: str | None
    original: str | None


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    source: Source
    location: Location
    published: date | None = None
    ingested: date | None = None
    author: str | None = None
    highlights: tuple[str, ...] = ()
    qa: tuple[QAPair, ...] = ()
    topics: tuple[str, ...] = ()
    # The language it is written in, as a BCP 47 tag (None: the site's); pages mark it where it is not the site's.
    language: str | None = None
    # A hash of the file the article was read from: what a cached build compares.
    digest: str = ""
    # Where its 'topics' are listed, for a problem with one of them (None: the file's start).
    topics_location: Location | None = None

    @property
    def sort_date(self) -> date:
        return self.published or self.ingested or date.min


@dataclass(frozen=True)
class Citation:
    """An exact sentence in one article that supports a statement."""

    article: str
    sentence: str
    location: Location


@dataclass(frozen=True)
class Fact:
    """A statement the site makes as data: a partner's agreement status."""

    partner: str
    status: str
    citation: Citation
    location: Location
    date: date | None = None


@dataclass(frozen=True)
class Content:
    settings: Settings
    topics: tuple[Topic, ...]
    entities: tuple[Entity, ...]
    articles: tuple[Article, ...]
    facts: tuple[Fact, ...] = field(default=())


# The enriched briefing: what `enrich` derives from Content and templates read.


@dataclass(frozen=True)
class Quote:
    """A sentence quoted from an article, with the paragraph it came from."""

    text: str
    article: Article
    anchor: str


@dataclass(frozen=True)
class QAItem:
    pair: QAPair
    article: Article
    anchor: str


@dataclass(frozen=True)
class StatusClaim:
    """One source's word on a partner's status: a step in its history, a disagreement or more support."""

    status: str
    quote: Quote
    date: date | None
    location: Location  # the facts.yaml entry it comes from


@dataclass(frozen=True)
class Agreement:
    """A partner's agreement status, with the quote that supports it."""

    partner: Entity
    status: str
    quote: Quote
    date: date | None
    # The statuses before this one, oldest first, each with its source (negotiating, then signed).
    history: tuple[StatusClaim, ...] = ()
    # Sources that report a status this one contradicts: shown beside it, and warned about.
    disputed_by: tuple[StatusClaim, ...] = ()
    # Further sources for the same status.
    also_reported: tuple[StatusClaim, ...] = ()

    @property
    def quotes(self) -> tuple[Quote, ...]:
        """Every quote the agreement shows: its own, and those of its history, disputes and further sources."""
        return (self.quote, *(claim.quote for claim in self.history + self.disputed_by + self.also_reported))


@dataclass(frozen=True)
class Briefing:
    settings: Settings
    topics: tuple[Topic, ...]
    articles: tuple[Article, ...]
    partner_countries: tuple[Entity, ...]
    agreements: tuple[Agreement, ...]
    key_points: tuple[tuple[KeyPoint, Article | None], ...]
    bodies: dict[str, RenderedBody]
    # Each article's body paragraphs as plain text, without rendering the body again.
    paragraphs: Mapping[str, tuple[Paragraph, ...]]
    article_topics: Mapping[str, tuple[Topic, ...]]
    article_entities: dict[str, tuple[Entity, ...]]
    article_qa: dict[str, tuple[QAItem, ...]]
    related_articles: dict[str, tuple[Article, ...]]
    topic_articles: dict[str, tuple[Article, ...]]
    topic_qa: dict[str, tuple[QAItem, ...]]
    topic_passages: dict[str, tuple[Quote, ...]]
    topic_countries: dict[str, tuple[Entity, ...]]
    faq_groups: tuple[tuple[Topic | None, tuple[QAItem, ...]], ...]
    country_status: dict[str, str]
    # People and organisations each get a page, as partner countries do.
    people: tuple[Entity, ...]
    organisations: tuple[Entity, ...]
    # Keyed by entity slug, for every entity with a page: what the sources say about it,
    # the articles that mention it (the inverse of article_entities), and what it relates to.
    entity_quotes: dict[str, tuple[Quote, ...]]
    entity_articles: dict[str, tuple[Article, ...]]
    entity_topics: dict[str, tuple[tuple[Topic, int], ...]]
    entity_related: dict[str, tuple[tuple[Entity, int], ...]]
    topic_entities: dict[str, tuple[tuple[Entity, int], ...]]
    topic_related: dict[str, tuple[tuple[Topic, int], ...]]
    article_agreements: dict[str, tuple[Agreement, ...]]

    def has_page(self, entity: Entity) -> bool:
        return entity.kind != "country" or entity.slug in self._partner_slugs

    @cached_property
    def _partner_slugs(self) -> frozenset[str]:
        # Asked for every entity of every article: a set, not a scan of the partners.
        return frozenset(country.slug for country in self.partner_countries)

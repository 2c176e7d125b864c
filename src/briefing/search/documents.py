"""Search documents: what a query can lead to, and the numbers they are found by.

Documents are articles, Q&A pairs, topic pages and partner-country pages. Each has a
number (see `numbers`): the hub pages are numbered in one block, the articles (each with
its Q&A pairs) in a block for each day they arrived. What stands for a document's
contents (its identity) is known without making it, so a build makes only the documents
whose identity is new.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from briefing import urls
from briefing.enrich import relations
from briefing.languages import marked_language
from briefing.model import Article, Briefing, Entity
from briefing.output.cache import memo_key
from briefing.search import numbers
from briefing.search.encoding import to_json
from briefing.search.postings import Numbered
from briefing.vocabulary import STATUS_LABELS

DOCUMENT_KINDS = ("topic", "country", "article", "qa")
# Hub pages outrank an article that says as much: they are where a reader starts.
KIND_BOOST = {"topic": 1.3, "country": 1.3, "article": 1.0, "qa": 1.0}
BOOSTS = tuple(KIND_BOOST[kind] for kind in DOCUMENT_KINDS)
HUBS = "hubs"  # the name of the block of topic and country pages


@dataclass(frozen=True)
class Document:
    """One search result: a page, or the place in a page, that a query can lead to."""

    kind: str
    title: str
    path: str  # what a link to the page names, from the site's root (urls.address)
    passages: tuple[tuple[str, str], ...]  # (anchor in the page, text); the first is the lead
    hidden: str = ""  # indexed but never shown: a topic's keywords, a country's other names
    passages_indexed: bool = True  # False when the passages quote other pages' subjects
    language: str | None = None  # the language of its title and passages, where it is not the site's


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


def _arrival_day(article: Article) -> date:
    """The day an article arrived: the day it was ingested (or, written by hand, published)."""
    return article.ingested or article.published or date.min


def _article_documents(briefing: Briefing, article: Article) -> tuple[Document, ...]:
    """An article and its Q&A pairs."""
    path = urls.address(urls.article(article.slug), briefing.settings.pretty_urls)
    lead = " ".join((article.summary, *article.highlights))
    body = tuple((p.anchor, p.text) for p in briefing.paragraphs[article.slug])
    language = marked_language(article.language, briefing.settings.language)
    qa = (
        Document("qa", item.pair.question, path, ((item.anchor, item.pair.answer),), language=language)
        for item in briefing.article_qa[article.slug]
    )
    return (Document("article", article.title, path, (("", lead), *body), language=language), *qa)


@dataclass(frozen=True)
class Group:
    """Documents numbered together: an article and its Q&A pairs, or a hub page."""

    address: str
    identities: tuple[str, ...]  # what stands for everything each of its documents holds
    kinds: tuple[str, ...]
    article: Article | None = None
    hub: Document | None = None

    def documents(self, briefing: Briefing) -> tuple[Document, ...]:
        return (self.hub,) if self.hub is not None else _article_documents(briefing, self.article)


def _identity(document: Document) -> str:
    return memo_key(to_json(document_record(document)), document.hidden, str(document.passages_indexed))


def _article_group(briefing: Briefing, article: Article) -> Group:
    """An article's documents stand for its file: the same file (digest) at the same address holds the same
    documents, as an article page's fingerprint counts the article by its digest."""
    path = urls.address(urls.article(article.slug), briefing.settings.pretty_urls)
    qa = briefing.article_qa[article.slug]
    if article.digest:
        # The language it is marked with depends on the site's too.
        language = marked_language(article.language, briefing.settings.language)
        identities = tuple(
            f"{article.digest} {path} {n}{f' {language}' if language else ''}" for n in range(1 + len(qa))
        )
    else:  # an article made without a file (by a test or a tool)
        identities = tuple(map(_identity, _article_documents(briefing, article)))
    return Group(path, identities, ("article", *("qa" for _ in qa)), article=article)


def _blocks(briefing: Briefing) -> list[tuple[str, list[Group]]]:
    """The hub pages, then the articles by the day they arrived: (block name, groups) in number order."""
    hubs = [
        Group(document.path, (_identity(document),), (document.kind,), hub=document)
        for document in (*_topic_documents(briefing), *_country_documents(briefing))
    ]
    days: dict[date, list[Group]] = defaultdict(list)
    for article in briefing.articles:
        days[_arrival_day(article)].append(_article_group(briefing, article))
    return [(HUBS, hubs), *((day.isoformat(), days[day]) for day in sorted(days))]


@dataclass(frozen=True)
class Layout:
    """Every group with its first number, and the blocks they are numbered in."""

    groups: list[tuple[int, Group]]  # (first number, group), in block order
    numbering: numbers.Numbering

    def numbered(self) -> list[Numbered]:
        return [
            Numbered(first + n, identity, DOCUMENT_KINDS.index(kind))
            for first, group in self.groups
            for n, (identity, kind) in enumerate(zip(group.identities, group.kinds))
        ]


def laid_out(briefing: Briefing) -> Layout:
    blocks = _blocks(briefing)
    numbering = numbers.numbered(
        [(name, [numbers.Unit(g.address, len(g.identities)) for g in groups]) for name, groups in blocks]
    )
    groups = [
        (first, group) for firsts, (_, block) in zip(numbering.firsts, blocks) for first, group in zip(firsts, block)
    ]
    return Layout(groups, numbering)


def numbered_documents(briefing: Briefing) -> dict[int, Document]:
    """Every searchable document by its number, in number order: the hub pages, then the articles (each followed by
    its Q&A) by the day they arrived."""
    return {
        first + n: document
        for first, group in laid_out(briefing).groups
        for n, document in enumerate(group.documents(briefing))
    }


def indexed_text(document: Document) -> tuple[str, str]:
    """The title and the body whose words are indexed."""
    passages = [text for _, text in document.passages] if document.passages_indexed else []
    return document.title, "\n".join((*passages, document.hidden))


def record_size(document: Document) -> int:
    """About how many bytes the document's record takes in its file (its texts, and the JSON around them)."""
    return 16 + len(document.title) + len(document.path) + sum(8 + len(a) + len(t) for a, t in document.passages)


def document_record(document: Document) -> list:
    """[kind, title, path, passages], and the language where it is not the site's."""
    record = [document.kind, document.title, document.path, [list(passage) for passage in document.passages]]
    return [*record, document.language] if document.language else record


def document_maker(briefing: Briefing, layout: Layout) -> Callable[[int], Document | None]:
    """The document of a number, made when asked for (a group's documents are made once)."""
    owners = {
        first + n: position
        for position, (first, group) in enumerate(layout.groups)
        for n in range(len(group.identities))
    }
    made: dict[int, tuple[Document, ...]] = {}

    def document(number: int) -> Document | None:
        position = owners.get(number)
        if position is None:
            return None
        first, group = layout.groups[position]
        if position not in made:
            made[position] = group.documents(briefing)
        return made[position][number - first]

    return document

"""The page registry: every kind of page the site has, declared once.

Each kind names its URL rule (from `urls`), its template, the context builder that
hands the template everything it shows, and whether the sitemap, the feed, search and
the single-file edition carry it. `pages` renders what is declared here; the
single-file edition and `check` read it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from briefing import urls
from briefing.model import Agreement, Article, Briefing, Entity, Topic
from briefing.render import history, lists
from briefing.render.a_to_z import a_to_z
from briefing.render.visuals import Visuals
from briefing.vocabulary import AGREEMENT_STATUSES, ENTITY_KINDS, STATUS_LABELS

RELATED_ITEMS = 8
_ARTICLE = "article"  # the kind of an article's page


@dataclass(frozen=True)
class PageContent:
    """What a context builder gives for one page: the key its URL rule takes, its title, what it shows."""

    key: str | urls.ListKey | None  # a slug, the keys of a list's page, or None for a kind's one (or first) page
    title: str
    # What it shows, or the function that gathers it: called only for a page that may have changed (see `pages`).
    context: dict[str, Any] | Callable[[], dict[str, Any]] = field(default_factory=dict)


ContextBuilder = Callable[[Briefing, Visuals], Iterable[PageContent]]


@dataclass(frozen=True)
class InSingleFile:
    """The part of the single-file edition that holds a kind's pages (one of SINGLE_FILE_PARTS)."""

    part: str


@dataclass(frozen=True)
class LeftOut:
    """Why a kind's pages are not in the single-file edition, and the kind whose page links to them lead to."""

    reason: str
    instead: str | None = None


@dataclass(frozen=True)
class PageKind:
    """One kind of page, declared once: where its pages live, how they are made, and who carries them."""

    name: str
    # The one page's path, or the rule from a page's key (a slug, or a list's keys when `paged`) to its path.
    url: str | Callable[[Any], str]
    template: str
    pages: ContextBuilder
    single_file: InSingleFile | LeftOut
    # A long list: its first page (key None) and its pages by key, each reached from the first page or the one before.
    paged: bool = False
    sitemap: bool = True
    feed: bool = False  # its pages are entries of the Atom feed
    search: bool = False  # the search index has a document for each of its pages
    # A listing: its links give the reading order of the pages it lists (in the single-file edition).
    listing: bool = False
    # Served by hosts at any missing address, so its links start at the host's root.
    any_address: bool = False

    def path(self, key: str | int | None) -> str:
        return self.url if isinstance(self.url, str) else self.url(key)


def _agreements_by_status(briefing: Briefing) -> list[tuple[str, str, list]]:
    """Each status with its label and agreements; none at all in a briefing of no agreement, whose pages then
    show no row of noughts."""
    if not briefing.agreements:
        return []
    return [
        (status, STATUS_LABELS[status], [a for a in briefing.agreements if a.status == status])
        for status in AGREEMENT_STATUSES
    ]


def _topic_summaries(briefing: Briefing) -> list[tuple[Topic, int, int]]:
    """Each topic with its number of articles and of questions."""
    return [(t, len(briefing.topic_articles[t.slug]), len(briefing.topic_qa[t.slug])) for t in briefing.topics]


def _home(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    yield PageContent(
        None,
        briefing.settings.title,
        {
            "key_points": briefing.key_points,
            "agreements_by_status": _agreements_by_status(briefing),
            "latest": briefing.articles[: briefing.settings.latest_count],
            "topics": _topic_summaries(briefing),
            "article_count": len(briefing.articles),
            "qa_count": sum(len(article.qa) for article in briefing.articles),
            "visuals": pictures,
            "arrivals": history.arrivals(briefing.articles, days=1, per_day=briefing.settings.latest_count),
        },
    )


def _linked(
    briefing: Briefing,
    ranked: tuple[tuple[Entity, int], ...],
    kinds: tuple[str, ...] = ENTITY_KINDS,
) -> list[tuple[Entity, int, bool]]:
    """Ranked entities of the given kinds, capped, each with whether it has a page to link to."""
    chosen = [(entity, count, briefing.has_page(entity)) for entity, count in ranked if entity.kind in kinds]
    return chosen[:RELATED_ITEMS]


def _relations(briefing: Briefing, slug: str) -> dict[str, Any]:
    """The related topics and entities of an entity's page, and the articles that mention it."""
    articles = briefing.entity_articles[slug]
    return {
        "related_topics": briefing.entity_topics[slug][:RELATED_ITEMS],
        "related_entities": _linked(briefing, briefing.entity_related[slug]),
        "articles": articles[: briefing.settings.feed_count],
        "more_articles": max(0, len(articles) - briefing.settings.feed_count),
        "quotes": briefing.entity_quotes[slug],
    }


def _topic_index(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    yield PageContent(None, "Topics", {"topics": _topic_summaries(briefing), "chart": pictures.topic_chart})


def _topic_pages(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    cap = briefing.settings.feed_count
    questions_at = lists.faq_starts(briefing)
    for topic in briefing.topics:
        qa_items, articles = briefing.topic_qa[topic.slug], briefing.topic_articles[topic.slug]
        yield PageContent(
            topic.slug,
            topic.title,
            {
                "topic": topic,
                "passages": briefing.topic_passages[topic.slug],
                "qa_items": qa_items[:cap],
                "more_questions": max(0, len(qa_items) - cap),
                "more_questions_at": questions_at.get(topic.slug, (urls.FAQ, None)) if len(qa_items) > cap else None,
                "countries": [(c, briefing.country_status[c.slug]) for c in briefing.topic_countries[topic.slug]],
                "articles": articles[:cap],
                "more_articles": max(0, len(articles) - cap),
                "related_topics": briefing.topic_related[topic.slug][:RELATED_ITEMS],
                "people": _linked(briefing, briefing.topic_entities[topic.slug], ("person",)),
                "organisations": _linked(briefing, briefing.topic_entities[topic.slug], ("organisation",)),
                "visuals": pictures if topic.show_map else None,
            },
        )


def _agreement_by_partner(briefing: Briefing) -> dict[str, Agreement]:
    return {a.partner.slug: a for a in briefing.agreements}


def _country_index(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    agreements = _agreement_by_partner(briefing)
    yield PageContent(
        None,
        "Partner countries",
        {
            "countries": [
                (c, briefing.country_status[c.slug], agreements.get(c.slug), len(briefing.entity_articles[c.slug]))
                for c in briefing.partner_countries
            ]
        },
    )


def _country_pages(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    agreements = _agreement_by_partner(briefing)
    for country in briefing.partner_countries:
        yield PageContent(
            country.slug,
            country.name,
            {
                "country": country,
                "status": briefing.country_status[country.slug],
                "agreement": agreements.get(country.slug),
                **_relations(briefing, country.slug),
            },
        )


def _entity_pages(entities: Callable[[Briefing], tuple[Entity, ...]]) -> ContextBuilder:
    """The pages of people or of organisations: what the sources say about each, and what it relates to."""

    def build(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
        for entity in entities(briefing):
            yield PageContent(entity.slug, entity.name, {"entity": entity, **_relations(briefing, entity.slug)})

    return build


def _list(pages: Callable[[Briefing], Iterable[lists.ListPage]]) -> ContextBuilder:
    """The context builder of a long list's pages (see `lists`)."""

    def build(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
        for page in pages(briefing):
            yield PageContent(page.key, page.title, page.context)

    return build


def _article_pages(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    for article in briefing.articles:
        yield PageContent(article.slug, article.title, partial(_article_context, briefing, article))


def _article_context(briefing: Briefing, article: Article) -> dict[str, Any]:
    return {
        "article": article,
        "topics": briefing.article_topics[article.slug],
        "entities": [(e, briefing.has_page(e)) for e in briefing.article_entities[article.slug]],
        "qa_items": briefing.article_qa[article.slug],
        "related": briefing.related_articles[article.slug],
        "cited_for": briefing.article_agreements.get(article.slug, ()),
    }


def pages_as_before(
    briefing: Briefing, changed: frozenset[str], related_moved: frozenset[str]
) -> dict[str, frozenset[str]]:
    """By kind, the keys of the pages that show what they showed at the last build, given what changed since
    (`changed`: the articles added, edited or removed; `related_moved`: those whose related articles are others
    now): `pages` need not gather what those show. Articles' pages only, the most numerous by far.

    An article's page shows the article (its file's digest stands for it, its topics, entities and Q&A), its
    related articles and the agreements it is cited for; the templates, settings, topics, entities and facts
    are not compared here (a change to any of them changes every page). Articles cited by a fact are never
    taken as unchanged: what the tracker makes of a partner's sources can move with another article.
    """
    cited = {quote.article.slug for agreement in briefing.agreements for quote in agreement.quotes}
    unchanged = frozenset(
        article.slug
        for article in briefing.articles
        if article.slug not in changed
        and article.slug not in related_moved
        and article.slug not in cited
        and not any(other.slug in changed for other in briefing.related_articles[article.slug])
    )
    return {_ARTICLE: unchanged}


def _tracker(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    yield PageContent(
        None,
        "Agreements tracker",
        {
            "agreements": briefing.agreements,
            "agreements_by_status": _agreements_by_status(briefing),
            "chart": pictures.status_chart,
        },
    )


def _not_found(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    yield PageContent(None, "Page not found")


def _spelling_examples(briefing: Briefing) -> list[tuple[str, str]]:
    """Other spellings search knows, from this briefing's own names: (alias, name) of a person and a country."""
    examples = []
    for entities in (briefing.people, briefing.partner_countries):
        # A spelling that is not just part of the name ('Britain' for United Kingdom, not 'the Netherlands').
        other = (
            (alias, e.name)
            for e in entities
            for alias in e.aliases
            if alias.lower() not in e.name.lower() and e.name.lower() not in alias.lower()
        )
        examples += [example for example in [next(other, None)] if example]
    return examples


def _search(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    yield PageContent(
        None,
        "Search",
        {
            "search_root": urls.site_root(urls.SEARCH, briefing.settings.pretty_urls),
            "spelling_examples": _spelling_examples(briefing),
        },
    )


def _a_to_z(briefing: Briefing, pictures: Visuals) -> Iterator[PageContent]:
    yield PageContent(None, "A–Z index", {"groups": a_to_z(briefing)})


# Every kind of HTML page, in the order the build lists pages (and the sitemap its URLs).
# A new kind is a context builder above, a template and a line here.
PAGE_KINDS = (
    PageKind("home", urls.HOME, "home.html", _home, InSingleFile("Overview")),
    PageKind("topics", urls.TOPICS, "topics.html", _topic_index, InSingleFile("Topics"), listing=True),
    PageKind("topic", urls.topic, "topic.html", _topic_pages, InSingleFile("Topics"), search=True),
    PageKind(
        "countries", urls.COUNTRIES, "countries.html", _country_index, InSingleFile("Partner countries"), listing=True
    ),
    PageKind("country", urls.country, "country.html", _country_pages, InSingleFile("Partner countries"), search=True),
    PageKind("person", urls.person, "entity.html", _entity_pages(lambda b: b.people), InSingleFile("People")),
    PageKind(
        "organisation",
        urls.organisation,
        "entity.html",
        _entity_pages(lambda b: b.organisations),
        InSingleFile("Organisations"),
    ),
    PageKind("tracker", urls.TRACKER, "tracker.html", _tracker, InSingleFile("Tracker")),
    PageKind("faq", urls.faq, "faq.html", _list(lists.faq_pages), InSingleFile("Questions and answers"), paged=True),
    PageKind(
        "sources",
        urls.sources,
        "sources.html",
        _list(lists.source_pages),
        InSingleFile("Sources and method"),
        paged=True,
    ),
    PageKind(
        "not found",
        urls.NOT_FOUND,
        "404.html",
        _not_found,
        LeftOut("a host's answer to a missing address, not part of the briefing"),
        sitemap=False,
        any_address=True,
    ),
    PageKind(
        "timeline", urls.timeline, "timeline.html", _list(lists.timeline_pages), InSingleFile("Timeline"), paged=True
    ),
    PageKind(
        "changes", urls.changes, "changes.html", _list(lists.change_pages), InSingleFile("What's new"), paged=True
    ),
    PageKind("search", urls.SEARCH, "search.html", _search, LeftOut("it needs a script", instead="a-z")),
    PageKind("a-z", urls.A_TO_Z, "a_to_z.html", _a_to_z, InSingleFile("A–Z index"), listing=True),
    PageKind(
        "article index",
        urls.article_index,
        "articles.html",
        _list(lists.article_index_pages),
        LeftOut("the contents list every article", instead="article"),
        paged=True,
        listing=True,
    ),
    PageKind(_ARTICLE, urls.article, "article.html", _article_pages, InSingleFile("Articles"), feed=True, search=True),
)
# The parts of the single-file edition, in reading order; each kind above names its part.
SINGLE_FILE_PARTS = (
    "Overview",
    "Topics",
    "Tracker",
    "Partner countries",
    "People",
    "Organisations",
    "Questions and answers",
    "Timeline",
    "What's new",
    "A–Z index",
    "Articles",
    "Sources and method",
)


def kind_named(name: str) -> PageKind:
    return next(kind for kind in PAGE_KINDS if kind.name == name)

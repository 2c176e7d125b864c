"""Stage 4: the briefing to {output path: text}, through Jinja templates.

This module decides which pages exist and hands each template a ready context;
templates only format. Nothing here touches the disk except reading templates.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from briefing import urls
from briefing.model import Article, Briefing, Entity, Topic
from briefing.render import history
from briefing.render.a_to_z import a_to_z
from briefing.render.visuals import Visuals, visuals

RELATED_ITEMS = 8
STATUS_LABELS = {"signed": "Signed", "negotiating": "In negotiation", "mentioned": "Mentioned in sources"}
KIND_LABELS = {"country": "Country", "person": "Person", "organisation": "Organisation"}
NAVIGATION = (
    ("Overview", urls.HOME),
    ("Topics", urls.TOPICS),
    ("Tracker", urls.TRACKER),
    ("Countries", urls.COUNTRIES),
    ("Timeline", urls.timeline(1)),
    ("FAQ", urls.FAQ),
    ("Articles", urls.article_index(1)),
    ("Sources", urls.SOURCES),
)


@dataclass(frozen=True)
class Page:
    """One output file: the template that formats it and everything it shows."""

    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    in_sitemap: bool = True
    html: bool = True
    # A file made elsewhere (the search index), written as it is.
    text: str | None = None


def _long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Date not stated"


def _month(value: date | None) -> str:
    return f"{value:%B %Y}" if value else "Date not stated"


def _count_of(number: int, noun: str) -> str:
    """'1 article', '4 articles'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _atom_date(value: date | None) -> str:
    return f"{(value or date(1970, 1, 1)).isoformat()}T00:00:00Z"


def environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = _long_date
    env.filters["month"] = _month
    env.filters["atom_date"] = _atom_date
    env.filters["count_of"] = _count_of
    env.globals["status_labels"] = STATUS_LABELS
    env.globals["kind_labels"] = KIND_LABELS
    return env


def _agreements_by_status(briefing: Briefing) -> list[tuple[str, str, list]]:
    return [
        (status, STATUS_LABELS[status], [a for a in briefing.agreements if a.status == status])
        for status in ("signed", "negotiating")
    ]


def _topic_summaries(briefing: Briefing) -> list[tuple[Topic, int, int]]:
    """Each topic with its number of articles and of questions."""
    return [(t, len(briefing.topic_articles[t.slug]), len(briefing.topic_qa[t.slug])) for t in briefing.topics]


def _home(briefing: Briefing, pictures: Visuals) -> Page:
    return Page(
        urls.HOME,
        "home.html",
        briefing.settings.title,
        {
            "key_points": briefing.key_points,
            "agreements_by_status": _agreements_by_status(briefing),
            "latest": briefing.articles[: briefing.settings.latest_count],
            "topics": _topic_summaries(briefing),
            "article_count": len(briefing.articles),
            "qa_count": sum(len(items) for items in briefing.article_qa.values()),
            "visuals": pictures,
            "arrivals": history.arrivals(briefing.articles, days=1, per_day=briefing.settings.latest_count),
        },
    )


def _linked(
    briefing: Briefing,
    ranked: tuple[tuple[Entity, int], ...],
    kinds: tuple[str, ...] = ("country", "person", "organisation"),
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


def _topic_pages(briefing: Briefing, pictures: Visuals) -> Iterator[Page]:
    yield Page(
        urls.TOPICS,
        "topics.html",
        "Topics",
        {"topics": _topic_summaries(briefing), "chart": pictures.topic_chart},
    )
    cap = briefing.settings.feed_count
    for topic in briefing.topics:
        qa_items, articles = briefing.topic_qa[topic.slug], briefing.topic_articles[topic.slug]
        yield Page(
            urls.topic(topic.slug),
            "topic.html",
            topic.title,
            {
                "topic": topic,
                "passages": briefing.topic_passages[topic.slug],
                "qa_items": qa_items[:cap],
                "more_questions": max(0, len(qa_items) - cap),
                "more_questions_at": faq_page_of(briefing, topic.slug) if len(qa_items) > cap else None,
                "countries": [(c, briefing.country_status[c.slug]) for c in briefing.topic_countries[topic.slug]],
                "articles": articles[:cap],
                "more_articles": max(0, len(articles) - cap),
                "related_topics": briefing.topic_related[topic.slug][:RELATED_ITEMS],
                "people": _linked(briefing, briefing.topic_entities[topic.slug], ("person",)),
                "organisations": _linked(briefing, briefing.topic_entities[topic.slug], ("organisation",)),
                "visuals": pictures if topic.show_map else None,
            },
        )


def _country_pages(briefing: Briefing) -> Iterator[Page]:
    agreements = {a.partner.slug: a for a in briefing.agreements}
    yield Page(
        urls.COUNTRIES,
        "countries.html",
        "Partner countries",
        {
            "countries": [
                (c, briefing.country_status[c.slug], agreements.get(c.slug), len(briefing.entity_articles[c.slug]))
                for c in briefing.partner_countries
            ]
        },
    )
    for country in briefing.partner_countries:
        yield Page(
            urls.country(country.slug),
            "country.html",
            country.name,
            {
                "country": country,
                "status": briefing.country_status[country.slug],
                "agreement": agreements.get(country.slug),
                **_relations(briefing, country.slug),
            },
        )


def _people_and_organisation_pages(briefing: Briefing) -> Iterator[Page]:
    for entity in (*briefing.people, *briefing.organisations):
        path, _ = urls.location_of(entity)
        yield Page(path, "entity.html", entity.name, {"entity": entity, **_relations(briefing, entity.slug)})


def _history_pages(briefing: Briefing) -> Iterator[Page]:
    timeline = history.timeline_pages(history.timeline_entries(briefing.agreements, briefing.articles))
    for number, groups in enumerate(timeline, start=1):
        yield Page(
            urls.timeline(number),
            "timeline.html",
            "Timeline" if number == 1 else f"Timeline, page {number}",
            {
                "groups": groups,
                "previous_page": urls.timeline(number - 1) if number > 1 else None,
                "next_page": urls.timeline(number + 1) if number < len(timeline) else None,
                "page_number": number,
                "page_count": len(timeline),
            },
        )
    yield Page(urls.CHANGES, "changes.html", "What's new", {"arrivals": history.arrivals(briefing.articles)})


def _article_pages(briefing: Briefing) -> Iterator[Page]:
    per_page = urls.ARTICLES_PER_INDEX_PAGE
    page_count = max(1, -(-len(briefing.articles) // per_page))
    for number in range(1, page_count + 1):
        yield Page(
            urls.article_index(number),
            "articles.html",
            "All articles" if number == 1 else f"All articles, page {number}",
            {
                "articles": briefing.articles[(number - 1) * per_page : number * per_page],
                "previous_page": urls.article_index(number - 1) if number > 1 else None,
                "next_page": urls.article_index(number + 1) if number < page_count else None,
                "page_number": number,
                "page_count": page_count,
            },
        )
    for article in briefing.articles:
        yield Page(
            urls.article(article.slug),
            "article.html",
            article.title,
            {
                "article": article,
                "topics": briefing.article_topics[article.slug],
                "entities": [(e, briefing.has_page(e)) for e in briefing.article_entities[article.slug]],
                "qa_items": briefing.article_qa[article.slug],
                "related": briefing.related_articles[article.slug],
                "cited_for": briefing.article_agreements.get(article.slug, ()),
            },
        )


def _reference_pages(briefing: Briefing, pictures: Visuals) -> Iterator[Page]:
    yield Page(
        urls.TRACKER,
        "tracker.html",
        "Security agreements tracker",
        {
            "agreements": briefing.agreements,
            "agreements_by_status": _agreements_by_status(briefing),
            "chart": pictures.status_chart,
        },
    )
    yield from _faq_pages(briefing)
    yield from _sources_pages(briefing)
    yield Page(urls.NOT_FOUND, "404.html", "Page not found", in_sitemap=False)


@dataclass(frozen=True)
class _FaqGroup:
    anchor: str
    title: str
    topic: Topic | None
    items: tuple
    page_number: int  # the FAQ page the group starts on


def _faq_groups(briefing: Briefing) -> list[_FaqGroup]:
    """The questions by topic, each group placed on the FAQ page where it starts (a page holds ~60 questions)."""
    groups, before = [], 0
    for topic, items in briefing.faq_groups:
        anchor = f"topic-{topic.slug}" if topic else "other-questions"
        title = topic.title if topic else "Other questions"
        groups.append(_FaqGroup(anchor, title, topic, items, before // urls.QUESTIONS_PER_FAQ_PAGE + 1))
        before += len(items)
    return groups


def faq_page_of(briefing: Briefing, topic_slug: str) -> tuple[str, str]:
    """Where a topic's questions start: the FAQ page and the anchor."""
    group = next(g for g in _faq_groups(briefing) if g.topic and g.topic.slug == topic_slug)
    return urls.faq(group.page_number), group.anchor


def _faq_pages(briefing: Briefing) -> Iterator[Page]:
    """Every Q&A pair grouped by topic, a page of ~60 questions at a time so no page grows with the briefing."""
    groups = _faq_groups(briefing)
    per_page = urls.QUESTIONS_PER_FAQ_PAGE
    page_count = max(1, -(-sum(len(g.items) for g in groups) // per_page))
    first = 0
    for number in range(1, page_count + 1):
        shown, last = [], first + per_page
        position = 0
        for group in groups:
            part = group.items[max(0, first - position) : max(0, last - position)]
            if part:
                continued = first > position  # the group began on an earlier page
                anchor = f"{group.anchor}-continued" if continued else group.anchor
                shown.append((anchor, group.title, group.topic, part, continued))
            position += len(group.items)
        toc = [
            (g.anchor, g.title, len(g.items), urls.faq(g.page_number) if g.page_number != number else None)
            for g in groups
        ]
        yield Page(
            urls.faq(number),
            "faq.html",
            "Questions and answers" if number == 1 else f"Questions and answers, page {number}",
            {
                "groups": shown,
                "toc": toc,
                "previous_page": urls.faq(number - 1) if number > 1 else None,
                "next_page": urls.faq(number + 1) if number < page_count else None,
                "page_number": number,
                "page_count": page_count,
            },
        )
        first = last


def _sources_pages(briefing: Briefing) -> Iterator[Page]:
    """The method, then the source documents by title, a page at a time so no page grows with the briefing."""
    documents = sorted(briefing.articles, key=lambda a: a.title)
    per_page = urls.SOURCES_PER_PAGE
    page_count = max(1, -(-len(documents) // per_page))
    for number in range(1, page_count + 1):
        yield Page(
            urls.sources(number),
            "sources.html",
            "Sources and method" if number == 1 else f"Source documents, page {number}",
            {
                "articles": documents[(number - 1) * per_page : number * per_page],
                "document_count": len(documents),
                "first_number": (number - 1) * per_page + 1,
                "previous_page": urls.sources(number - 1) if number > 1 else None,
                "next_page": urls.sources(number + 1) if number < page_count else None,
                "page_number": number,
                "page_count": page_count,
            },
        )


def _finding_pages(briefing: Briefing) -> Iterator[Page]:
    yield Page(
        urls.SEARCH,
        "search.html",
        "Search",
        {"search_root": urls.site_root(urls.SEARCH, briefing.settings.pretty_urls)},
    )
    yield Page(urls.A_TO_Z, "a_to_z.html", "A–Z index", {"groups": a_to_z(briefing)})


def pages(briefing: Briefing, pictures: Visuals) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    return [
        _home(briefing, pictures),
        *_topic_pages(briefing, pictures),
        *_country_pages(briefing),
        *_people_and_organisation_pages(briefing),
        *_reference_pages(briefing, pictures),
        *_history_pages(briefing),
        *_finding_pages(briefing),
        *_article_pages(briefing),
    ]


def style_hash(css: str) -> str:
    """A CSP source that allows exactly this inline style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(inline_styles: tuple[str, ...] = ()) -> str:
    """The page's Content-Security-Policy: the site's own scripts and styles, nothing from elsewhere.

    An article cannot bring a script or style of its own even if one slipped past the
    sanitiser; the only inline style allowed is one the build wrote, named by its hash.
    """
    styles = " ".join(["'self'", *(style_hash(css) for css in inline_styles)])
    return (
        f"default-src 'none'; script-src 'self'; style-src {styles}; img-src 'self'; "
        "base-uri 'none'; form-action 'self'"
    )


def _inline_styles(page: Page) -> tuple[str, ...]:
    pictures = page.context.get("visuals")
    return (pictures.partner_map.label_style,) if pictures and pictures.partner_map.label_style else ()


def _current(page_path: str, nav_path: str) -> str | None:
    """The aria-current value of a navigation link: this page, or the section it is in."""
    if page_path == nav_path:
        return "page"
    return "true" if urls.in_section(page_path, nav_path) else None


def _page_globals(page: Page, briefing: Briefing) -> dict[str, Any]:
    def url(target: object, anchor: str | None = None) -> str:
        return urls.link(briefing.settings, page.path, target, anchor)

    def body_of(article: Article) -> Markup:
        # Rendered here, not when the page list is made: a cached build renders only the bodies it shows.
        return Markup(briefing.bodies[article.slug].html)

    home = page.path == urls.HOME
    settings = briefing.settings
    return {
        "site": settings,
        "page": page,
        "document_title": briefing.settings.title if home else f"{page.title} · {briefing.settings.title}",
        "url": url,
        "body_of": body_of,
        "navigation": [(label, path, _current(page.path, path)) for label, path in NAVIGATION],
        "paths": urls,
        # The 404 page, shown at any missing address, has no address of its own to declare.
        "canonical_url": urls.absolute(settings.base_url, page.path, settings.pretty_urls)
        if settings.base_url and page.in_sitemap
        else None,
        "content_security_policy": content_security_policy(_inline_styles(page)),
    }


def _feed(briefing: Briefing) -> Page:
    base_url, pretty = briefing.settings.base_url, briefing.settings.pretty_urls
    articles = briefing.articles[: briefing.settings.feed_count]
    entries = []
    for article in articles:
        address = urls.absolute(base_url, urls.article(article.slug), pretty)
        # Atom ids must be permanent IRIs; without a base URL, a URN stands in.
        entries.append((article, address, address if base_url else f"urn:briefing:article:{article.slug}"))
    context = {
        "site": briefing.settings,
        "entries": entries,
        "updated": max((a.sort_date for a in articles), default=None),
        "feed_id": urls.absolute(base_url, urls.FEED) if base_url else "urn:briefing:feed",
        "feed_url": urls.absolute(base_url, urls.FEED),
        "home_url": urls.absolute(base_url, urls.HOME, pretty),
    }
    return Page(urls.FEED, "feed.xml", "Feed", context, in_sitemap=False, html=False)


def _machine_files(briefing: Briefing, html_pages: list[Page]) -> list[Page]:
    """The feed, the sitemap, robots.txt and .nojekyll."""
    base_url, pretty = briefing.settings.base_url, briefing.settings.pretty_urls
    files = [_feed(briefing)]
    # A sitemap lists absolute URLs only; without a base URL there is none to give.
    if base_url:
        locations = [urls.absolute(base_url, p.path, pretty) for p in html_pages if p.in_sitemap]
        files.append(
            Page(urls.SITEMAP, "sitemap.xml", "Sitemap", {"locations": locations}, in_sitemap=False, html=False)
        )
    sitemap_url = urls.absolute(base_url, urls.SITEMAP) if base_url else None
    files.append(Page(urls.ROBOTS, "robots.txt", "Robots", {"sitemap_url": sitemap_url}, in_sitemap=False, html=False))
    files.append(Page(urls.NO_JEKYLL, "", "", in_sitemap=False, html=False, text=""))
    return files


def site_files(briefing: Briefing) -> list[Page]:
    """Every file the site is made of, but the static assets: pages, feed, sitemap, robots.txt, .nojekyll."""
    html_pages = pages(briefing, visuals(briefing, STATUS_LABELS))
    return html_pages + _machine_files(briefing, html_pages)


class Renderer:
    """Formats pages through the templates; one per build (and per worker process)."""

    def __init__(self, briefing: Briefing, templates_dir: Path):
        self.briefing = briefing
        self.env = environment(templates_dir)

    def render(self, page: Page) -> str:
        if page.text is not None:
            return page.text
        template = self.env.get_template(page.template)
        if not page.html:
            return template.render(**page.context)
        return template.render(**page.context, **_page_globals(page, self.briefing))


def render_site(briefing: Briefing, templates_dir: Path) -> dict[str, str]:
    """Every file of the site as {output path: text}, rendered in this process."""
    renderer = Renderer(briefing, templates_dir)
    return {
        urls.output_file(page.path, briefing.settings.pretty_urls): renderer.render(page)
        for page in site_files(briefing)
    }

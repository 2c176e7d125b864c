"""The site's long lists, and what keys each one's pages: all articles and the timeline by year
(a year of many by month, a month of many by week), the questions and answers by topic (a topic
of many likewise by year, month and week), the source documents by the first letter of their
titles, the arrivals a day at a time. `paging` cuts them; the registry declares their pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby
from typing import Any

from briefing import urls
from briefing.model import Article, Briefing, QAItem, Topic
from briefing.render import history
from briefing.render.a_to_z import NOT_A_LETTER, letter_of
from briefing.render.paging import Level, ListPage, by_day, by_month, by_week, by_year, list_pages, pages_by_key
from briefing.search.words import fold


def _when(entry: history.TimelineEntry) -> date | None:
    return entry.when


def _listed_on(article: Article) -> date | None:
    """The date the article lists are ordered by: its publication, else its arrival."""
    return article.published or article.ingested


def timeline_pages(briefing: Briefing) -> Iterator[ListPage]:
    """Agreements and articles by date, oldest first: a page per year, month or week, as many as they are."""
    return list_pages(
        history.timeline_entries(briefing.agreements, briefing.articles),
        (by_year(_when), by_month(_when), by_week(_when)),
        history.ENTRIES_PER_TIMELINE_PAGE,
        urls.timeline,
        "Timeline",
        lambda chunk: {"groups": history.by_month(chunk)},
    )


def article_index_pages(briefing: Briefing) -> Iterator[ListPage]:
    """Every article, newest first: a page per year, month or week, as many as they are."""
    return list_pages(
        briefing.articles,
        (by_year(_listed_on), by_month(_listed_on), by_week(_listed_on)),
        urls.ARTICLES_PER_INDEX_PAGE,
        urls.article_index,
        "All articles",
        lambda chunk: {"articles": chunk},
        summary={"article_count": len(briefing.articles)},
    )


def _arrived(article: Article) -> date | None:
    return article.ingested


def change_pages(briefing: Briefing) -> Iterator[ListPage]:
    """What's new: the latest days' arrivals, a few of each; then a page per day (or parts of a day) for every
    day it does not show in full, one of more arrivals than it lists or one before the days it shows."""
    days = history.arrivals(briefing.articles)
    in_full = {day.day for day in days if not day.more}
    paged = [article for article in history.in_arrival_order(briefing.articles) if article.ingested not in in_full]
    arrived_on = Counter(article.ingested for article in paged)
    pages = list(
        pages_by_key(
            paged,
            by_day(_arrived),
            history.ARRIVALS_PER_PAGE,
            urls.changes,
            "What's new",
            lambda chunk: {"articles": chunk, "day": chunk[0].ingested, "arrived": arrived_on[chunk[0].ingested]},
        )
    )
    first_pages = {page.context["day"]: urls.changes(page.key) for page in pages if page.key and page.key.part == 1}
    earlier = next(((path, day) for day, path in first_pages.items() if day < days[-1].day), None) if days else None
    shown = tuple(replace(day, page=first_pages.get(day.day)) for day in days)
    yield ListPage(None, "What's new", {"arrivals": shown, "earlier": earlier, "place": None})
    yield from pages


@dataclass(frozen=True)
class _FaqGroup:
    """The questions of one topic on a page of the FAQ."""

    anchor: str
    title: str
    topic: Topic | None
    items: tuple[QAItem, ...]
    count: int


def _faq_topic(entry: tuple[Topic | None, QAItem]) -> str:
    return entry[0].slug if entry[0] else urls.NO_TOPIC


def _faq_groups(entries: Sequence[tuple[Topic | None, QAItem]]) -> dict[str, Any]:
    """The questions a page shows, by topic."""
    groups = []
    for _, run in groupby(entries, key=_faq_topic):
        shown = tuple(run)
        topic = shown[0][0]
        anchor, title = (f"topic-{topic.slug}", topic.title) if topic else (urls.NO_TOPIC, "Other questions")
        groups.append(_FaqGroup(anchor, title, topic, tuple(item for _, item in shown), len(shown)))
    return {"groups": groups}


def faq_pages(briefing: Briefing) -> Iterator[ListPage]:
    """Every Q&A pair grouped by topic; a topic of many by the year, month or week of its articles."""
    entries = [(topic, item) for topic, items in briefing.faq_groups for item in items]
    by_topic = Level(_faq_topic, lambda entry: entry[0].title if entry[0] else "Other questions")
    by_article = by_year(_asked_on), by_month(_asked_on), by_week(_asked_on)
    return list_pages(
        entries,
        (by_topic, *by_article),
        urls.QUESTIONS_PER_FAQ_PAGE,
        urls.faq,
        "Questions and answers",
        _faq_groups,
        summary={"question_count": len(entries)},
        heading=lambda labels: ", ".join(dict.fromkeys((labels[0], labels[-1]))),
    )


def _asked_on(entry: tuple[Topic | None, QAItem]) -> date | None:
    return _listed_on(entry[1].article)


def faq_starts(briefing: Briefing) -> dict[str, tuple[str, str]]:
    """Where each topic's questions start on the FAQ: the page and the anchor."""
    starts: dict[str, tuple[str, str]] = {}
    for page in faq_pages(briefing):
        for group in page.context["groups"]:
            if group.topic:
                starts.setdefault(group.topic.slug, (urls.faq(page.key), group.anchor))
    return starts


def source_pages(briefing: Briefing) -> Iterator[ListPage]:
    """The method, then the source documents by title, a page per first letter (or part of one)."""
    letters = {article.slug: letter_of(article.title) for article in briefing.articles}

    def order(article: Article) -> tuple:
        letter = letters[article.slug]
        return (letter == NOT_A_LETTER, letter, fold(article.title), article.title, article.slug)

    by_letter = Level(
        lambda article: urls.letter_name(letters[article.slug]),
        lambda article: "Other" if letters[article.slug] == NOT_A_LETTER else letters[article.slug],
    )
    return list_pages(
        sorted(briefing.articles, key=order),
        (by_letter,),
        urls.SOURCES_PER_PAGE,
        urls.sources,
        "Sources and method",
        lambda chunk: {"articles": chunk},
        summary={"document_count": len(briefing.articles)},
        pages_title="Source documents",
    )

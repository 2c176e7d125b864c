"""What happened when, and what arrived when: the timeline and the changes.

The timeline orders dated facts and dated articles by the dates the sources give,
grouped by month; anything without a date goes under "date not stated", never
guessed (an article's ingest date is when it reached the briefing, not when
anything happened). The changes list arrivals by ingest date, from the content
itself, so the same content always gives the same page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from briefing.model import Agreement, Article, StatusClaim

ENTRIES_PER_TIMELINE_PAGE = 100
CHANGE_DAYS = 10
ARRIVALS_PER_DAY = 20
# A day's own pages, for the days the changes page does not show in full.
ARRIVALS_PER_PAGE = 100


@dataclass(frozen=True)
class TimelineEntry:
    """One dated (or undated) event: an agreement's status or an article's publication."""

    when: date | None
    agreement: Agreement | None = None
    article: Article | None = None

    @property
    def month(self) -> date | None:
        return self.when.replace(day=1) if self.when else None


@dataclass(frozen=True)
class MonthGroup:
    month: date | None  # the first of the month; None for "date not stated"
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class Arrivals:
    """The articles added to the briefing on one day."""

    day: date
    articles: tuple[Article, ...]
    more: int  # arrivals that day beyond those listed
    page: str | None = None  # the first of the day's own pages, which list every arrival of the day

    @property
    def total(self) -> int:
        return len(self.articles) + self.more


def timeline_entries(agreements: Iterable[Agreement], articles: Iterable[Article]) -> tuple[TimelineEntry, ...]:
    """Every agreement (each step of its history too) and article in date order, oldest first; undated ones last.

    On the same day an agreement comes before an article; then names decide.
    """
    entries = [
        TimelineEntry(step.date, agreement=step)
        for agreement in agreements
        for step in (*(_as_agreement(agreement, claim) for claim in agreement.history), agreement)
    ] + [TimelineEntry(a.published, article=a) for a in articles]

    def order(entry: TimelineEntry) -> tuple:
        name = entry.agreement.partner.name if entry.agreement else entry.article.title if entry.article else ""
        return (entry.when is None, entry.when or date.min, entry.agreement is None, name)

    return tuple(sorted(entries, key=order))


def _as_agreement(agreement: Agreement, step: StatusClaim) -> Agreement:
    """An earlier step of a partner's history, as the timeline shows it: its own status, date and source."""
    return Agreement(agreement.partner, step.status, step.quote, step.date)


def by_month(entries: Sequence[TimelineEntry]) -> tuple[MonthGroup, ...]:
    """Consecutive entries of the same month as one group (entries must be in timeline order)."""
    return tuple(MonthGroup(month, tuple(group)) for month, group in groupby(entries, key=lambda entry: entry.month))


def arrivals(
    articles: Iterable[Article], days: int = CHANGE_DAYS, per_day: int = ARRIVALS_PER_DAY
) -> tuple[Arrivals, ...]:
    """The latest `days` ingest dates, newest first, each with its articles (at most `per_day`).

    An article without an ingest date has no arrival to show; it is still in the article lists.
    """
    articles = tuple(articles)
    latest = sorted({article.ingested for article in articles if article.ingested}, reverse=True)[:days]
    # Only the latest days' articles are sorted: the rest of ten thousand would be, for nothing, at every build.
    by_day: dict[date, list[Article]] = {day: [] for day in latest}
    for article in articles:
        if article.ingested in by_day:
            by_day[article.ingested].append(article)
    for day_articles in by_day.values():
        day_articles.sort(key=_by_title)
    return tuple(Arrivals(day, tuple(by_day[day][:per_day]), max(0, len(by_day[day]) - per_day)) for day in latest)


def _by_title(article: Article) -> tuple[str, str]:
    return article.title, article.slug


def in_arrival_order(articles: Iterable[Article]) -> list[Article]:
    """The articles with an ingest date, newest day first, by title within a day (as `arrivals` lists them)."""
    arrived = sorted((a for a in articles if a.ingested), key=_by_title)
    return sorted(arrived, key=lambda article: article.ingested, reverse=True)  # stable: by title within a day

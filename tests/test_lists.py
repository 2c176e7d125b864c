"""The long lists (all articles, sources, timeline, questions): pages cut by what their entries are."""

from __future__ import annotations

from datetime import date

import pytest

from briefing import urls
from briefing.render.paging import Level, by_month, by_week, by_year, list_pages


def dated(day: date, number: int = 0):
    return {"when": day, "number": number}


# The paging rule itself, on plain entries.


def _when(entry: dict) -> date | None:
    return entry["when"]


DAYS = (by_year(_when), by_month(_when))


def _pages(entries: list[dict], per_page: int) -> list:
    url = lambda key: "first" if key is None else urls.timeline(key)  # noqa: E731
    return list(list_pages(entries, DAYS, per_page, url, "List", lambda chunk: {"entries": tuple(chunk)}))


def test_a_list_that_fits_on_one_page_is_that_page_alone():
    entries = [dated(date(2024, month, 1)) for month in range(1, 11)]
    [page] = _pages(entries, per_page=10)
    assert page.key is None and page.context["entries"] == tuple(entries) and page.context["contents"] == ()


def test_a_long_list_is_cut_by_year_then_month_then_into_parts_and_its_first_page_lists_them():
    entries = (
        [dated(date(2023, 5, 1), n) for n in range(4)]  # a year that fits on a page
        + [dated(date(2024, 1, 2), n) for n in range(3)]
        + [dated(date(2024, 2, 3), n) for n in range(12)]  # a month of more than a page
        + [dated(None, n) for n in range(7)]  # no date, no month: parts
    )
    first, *pages = _pages(entries, per_page=5)
    assert [urls.timeline(page.key) for page in pages] == [
        "timeline/2023.html",
        "timeline/2024-01.html",
        "timeline/2024-02.html",
        "timeline/2024-02-part-2.html",
        "timeline/2024-02-part-3.html",
        "timeline/undated.html",
        "timeline/undated-part-2.html",
    ]
    assert [len(page.context["entries"]) for page in pages] == [4, 3, 5, 5, 2, 5, 2]
    assert [entry for page in pages for entry in page.context["entries"]] == entries
    contents = first.context["contents"]
    assert [(shelf.label, shelf.size, shelf.page) for shelf in contents] == [
        ("2023", 4, "timeline/2023.html"),
        ("2024", 15, None),
        ("Date not stated", 7, "timeline/undated.html"),
    ]
    assert [(shelf.label, shelf.size, shelf.page) for shelf in contents[1].finer] == [
        ("January 2024", 3, "timeline/2024-01.html"),
        ("February 2024", 12, "timeline/2024-02.html"),
    ]
    part = pages[3].context["place"]
    assert (part.heading, part.part, part.part_count, part.first_number, part.last_number) == (
        "February 2024",
        2,
        3,
        6,
        10,
    )
    assert part.parts == tuple(urls.timeline(page.key) for page in pages[2:5])
    assert part.previous_page == ("timeline/2024-02.html", "February 2024, part 1 of 3")
    assert part.next_page == ("timeline/2024-02-part-3.html", "February 2024, part 3 of 3")
    assert pages[0].context["place"].previous_page is None and pages[-1].context["place"].next_page is None
    assert pages[3].title == "List: February 2024, part 2 of 3"


def test_a_month_of_more_than_a_page_is_cut_by_its_weeks_named_by_their_first_day():
    june = [dated(date(2024, 6, day)) for day in range(1, 31)]
    url = lambda key: "first" if key is None else urls.article_index(key)  # noqa: E731
    first, *pages = list_pages(june, (*DAYS, by_week(_when)), 10, url, "List", lambda chunk: {"entries": chunk})
    assert [url(page.key) for page in pages] == [
        f"articles/index/2024-06-{day}.html" for day in ("01", "08", "15", "22")
    ]
    assert [page.context["place"].heading for page in pages] == [
        "1–7 June 2024",
        "8–14 June 2024",
        "15–21 June 2024",
        "22–30 June 2024",
    ]
    [year] = first.context["contents"]
    assert [week.size for month in year.finer for week in month.finer] == [7, 7, 7, 9]


def test_entries_out_of_the_order_of_their_keys_are_refused_rather_than_given_one_name_twice():
    entries = [dated(date(2024, 1, 1)), dated(date(2023, 1, 1)), dated(date(2024, 2, 1))] * 3
    with pytest.raises(ValueError, match="order of their keys"):
        _pages(entries, per_page=2)


def test_a_level_that_does_not_apply_leaves_the_key_in_parts():
    letters = Level(lambda entry: entry, lambda entry: entry.upper())
    pages = list(list_pages(["a"] * 5, (letters, Level(lambda e: None, str)), 2, urls.sources, "S", lambda c: {}))
    assert [urls.sources(page.key) for page in pages[1:]] == [
        "sources/a.html",
        "sources/a-part-2.html",
        "sources/a-part-3.html",
    ]


# Names.


def test_list_page_names_are_plain_and_never_those_of_an_article_or_of_another_topics_questions():
    assert urls.article_index(urls.ListKey(("2024", "06"))) == "articles/index/2024-06.html"
    assert urls.faq(urls.ListKey(("nato",))) == "faq/nato.html"
    assert urls.faq(urls.ListKey(("nato", "2024", "06"), 2)) == "faq/nato/2024-06-part-2.html"
    # A topic called nato-2024 has its own file; nato's pages by year are in nato's own folder.
    assert urls.faq(urls.ListKey(("nato-2024",))) != urls.faq(urls.ListKey(("nato", "2024")))
    assert [urls.letter_name(letter) for letter in ("U", "#", "К", "Ω")] == ["u", "other", "cyrillic-ka", "greek-omega"]
    assert urls.slug_clash("2024-06") is None and urls.slug_clash("page-2") is None
    assert urls.slug_clash("other-questions", "topic") and not urls.slug_clash("other-questions", "article")

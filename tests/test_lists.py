"""The long lists (all articles, sources, timeline, questions): pages cut by what their entries are.

An arrival, an edit or a removal rewrites only the pages holding that entry and each list's
first page; every page is reached from its list's first page, in order; names never collide.
"""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import Browser

from briefing import urls
from briefing.pipeline import build_site
from briefing.render.paging import Level, Place, by_month, by_week, by_year, list_pages
from briefing.render.registry import kind_named
from briefing.stages import read_content
from briefing.tools import check, single_file, vnu
from briefing.tools.bench import _pools, arrival_day, make_corpus, synthetic_article
from conftest import CONTENT, LIST_LIKE_SLUGS, TEMPLATES

LISTS = {
    "article index": (urls.ARTICLE_INDEX, "articles/index/"),
    "sources": (urls.SOURCES, "sources/"),
    "timeline": (urls.TIMELINE, "timeline/"),
    "faq": (urls.FAQ, "faq/"),
}
FIRST_PAGES = {first for first, _ in LISTS.values()}


def list_files(site: Path) -> dict[str, bytes]:
    """Every page of the four long lists, by path."""
    return {
        name: path.read_bytes()
        for path in site.rglob("*.html")
        if (name := path.relative_to(site).as_posix()) in FIRST_PAGES
        or name.startswith(tuple(folder for _, folder in LISTS.values()))
    }


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def linking_to(pages: dict[str, bytes], slug: str) -> set[str]:
    """The pages with a link to the article's page (its entry, or one of its questions)."""
    link = re.compile(rf'href="[^"]*/{re.escape(slug)}\.html[#"]'.encode())
    return {path for path, html in pages.items() if link.search(html)}


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


def test_a_keys_pagination_names_its_first_and_last_parts_and_those_near_the_page_only():
    def named(part: int, parts: int) -> list[int | None]:
        paths = tuple(f"p{n}.html" for n in range(1, parts + 1))
        place = Place("June 2024", part, paths, 1, 1, None, None)
        assert all(near is None or near[1] == paths[near[0] - 1] for near in place.nearby_parts)
        return [near and near[0] for near in place.nearby_parts]

    assert named(50, 100) == [1, None, 48, 49, 50, 51, 52, None, 100]
    assert named(1, 100) == [1, 2, 3, None, 100]
    assert named(5, 8) == [1, 2, 3, 4, 5, 6, 7, 8]  # a run of one (2) is named, not left out
    assert named(1, 1) == [1]


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


def test_articles_named_like_list_pages_keep_their_own_pages(long_lists_site: Path):
    for slug in LIST_LIKE_SLUGS:
        assert f"The article called {slug}" in (long_lists_site / "articles" / f"{slug}.html").read_text("utf-8")
    june = [path.read_text("utf-8") for path in (long_lists_site / "articles" / "index").glob("2024-06*.html")]
    assert june and all("<h1>All articles: " in page and "June 2024" in page for page in june)
    assert sum("The article called 2024-06" in page for page in june) == 1


# Every page of a list, in order, as the site shows them.


def _links(site: Path, path: str, hrefs: str) -> list[str]:
    """The site files that the page's links found by `hrefs` (an XPath) lead to, in order, each once."""
    document = lxml.html.parse(str(site / path)).getroot()
    targets = (
        (site / path).parent.joinpath(href.split("#")[0]).resolve().relative_to(site.resolve()).as_posix()
        for href in document.xpath(hrefs)
    )
    return list(dict.fromkeys(targets))


CONTENTS = "//nav[@class='contents']//a/@href"
NEXT = "//nav[@class='pagination']/a[@rel='next']/@href"
UP = "//p[@class='breadcrumb']/a/@href"
PARTS = "//nav[@class='pagination']/span//a/@href"


@pytest.mark.parametrize("kind", LISTS)
def test_every_page_of_a_list_is_reached_from_its_first_page_and_the_next_in_order(long_lists_site: Path, kind: str):
    site, (first, folder) = long_lists_site, LISTS[kind]
    built = sorted(path for path in list_files(site) if path.startswith(folder) and path != first)
    contents = _links(site, first, CONTENTS)
    chain, page = [], contents[0]
    while page:
        chain.append(page)
        after = _links(site, page, NEXT)
        assert len(after) <= 1 and _links(site, page, UP) == [first]
        page = after[0] if after else None
    assert sorted(chain) == built and len(built) > 10
    # The contents name each key's first page, in the same order; a key's parts link to one another.
    assert [page for page in chain if page in contents] == contents
    parted = [page for page in chain if "-part-" in page]
    assert parted and all(re.sub(r"-part-\d+", "", page) in _links(site, page, PARTS) for page in parted)


def test_no_list_page_holds_more_than_a_page(long_lists_site: Path):
    counts = {
        "articles/index/": ('<li>\n    <a class="article-title"', 5),
        "sources/": ('<th scope="row">', 20),
        "timeline/": ('<li class="timeline-entry">', 5),
        "faq/": ('<article class="qa">', 3),
    }
    for path, html in list_files(long_lists_site).items():
        for folder, (entry, most) in counts.items():
            if path.startswith(folder) and path not in FIRST_PAGES:
                assert 1 <= html.decode().count(entry) <= most, path


def test_a_site_with_long_lists_passes_the_link_request_and_sitemap_checks(long_lists_site: Path):
    scanned = check.scan_site(long_lists_site)
    results = [check.check_links(scanned), check.check_requests(scanned), check.check_sitemap(scanned)]
    assert [result.problems for result in results] == [(), (), ()]


def test_every_variant_of_a_list_page_is_valid_html(long_lists_site: Path):
    if missing := vnu.missing_tools():
        pytest.fail(f"{missing} not found: the HTML validation tests need it; {vnu.ENABLE_HINT}")
    files = sorted(list_files(long_lists_site))
    # Each list's first page, and its pages by year, month and week, and parts.
    variants = [*FIRST_PAGES, *(next(p for p in files if re.search(pattern, p)) for pattern in VARIANTS)]
    assert vnu.html_errors(long_lists_site, variants, jobs=2) == []


VARIANTS = (
    r"^articles/index/\d{4}-\d\d\.html",
    r"^articles/index/\d{4}-\d\d-\d\d\.html",
    r"^articles/index/.*-part-\d\.html",
    r"^sources/.*-part-\d\.html",
    r"^timeline/\d{4}-\d\d\.html",
    r"^timeline/undated-part-\d\.html",
    r"^faq/[a-z-]+\.html",
    r"^faq/[a-z-]+/\d{4}\.html",
    r"^faq/.*-part-\d\.html",
)


# What an arrival and a removal rewrite.


@pytest.fixture(scope="module")
def briefing_of_300(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("three-hundred")
    make_corpus(CONTENT, folder / "content", 300)
    build_site(folder / "content", TEMPLATES, folder / "site")
    return folder / "content", folder / "site"


def test_an_arrival_then_a_removal_rewrite_only_the_pages_holding_it_and_each_lists_first_page(
    briefing_of_300: tuple[Path, Path], tmp_path: Path
):
    content, site = briefing_of_300
    before = list_files(site)
    shipped = read_content(CONTENT)
    # An article with questions, published in the middle of the briefing's four years.
    arrival = synthetic_article(305, _pools(CONTENT), random.Random(305), arrival_day(shipped))
    arrival = re.sub(r"published: .*", "published: 2024-03-14", arrival)
    (content / "articles" / "mid-arrival.md").write_text(arrival, encoding="utf-8")
    build_site(content, TEMPLATES, site)
    after = list_files(site)
    holding = linking_to(after, "mid-arrival")
    assert changed(before, after) == FIRST_PAGES | holding
    # Its month's (or year's) page in the article index and the timeline, its letter's, its questions' topics'.
    assert 4 <= len(holding) <= 5, sorted(holding)

    removed = "synthetic-00150"
    held = linking_to(after, removed)
    (content / "articles" / f"{removed}.md").unlink()
    build_site(content, TEMPLATES, site)
    again = list_files(site)
    assert changed(after, again) == FIRST_PAGES | held and 4 <= len(held) <= 5, sorted(held)
    assert not linking_to(again, removed)

    clean = build_site(content, TEMPLATES, tmp_path / "clean").out_dir
    assert list_files(clean) == again


def test_the_article_index_is_left_out_of_the_single_file_and_its_pages_lead_to_the_articles(long_lists_site: Path):
    facts = {path: single_file.page_facts(long_lists_site, path) for path in single_file.html_pages(long_lists_site)}
    plan = single_file.plan(facts)
    index_pages = single_file.kind_files(kind_named("article index"), facts)
    assert len(index_pages) > 10 and not set(index_pages) & set(plan.sections)
    assert {plan.anchor_for(path, "") for path in index_pages} == {"contents-articles"}
    timeline = [section.path for group, sections in plan.groups if group.label == "Timeline" for section in sections]
    assert timeline == list(single_file.kind_files(kind_named("timeline"), facts))


def test_a_lists_contents_print_and_its_page_to_page_links_do_not(long_lists_site: Path, chromium: Browser):
    page = chromium.new_page()
    page.emulate_media(media="print")
    page.goto((long_lists_site / urls.ARTICLE_INDEX).as_uri())
    assert page.locator("nav.contents a").first.is_visible()
    part = next(path for path in sorted(list_files(long_lists_site)) if "-part-2" in path)
    page.goto((long_lists_site / part).as_uri())
    assert page.locator("h1").is_visible() and page.locator("nav.pagination").is_hidden()
    page.close()

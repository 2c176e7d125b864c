"""The timeline and the changes: order, months, undated entries, arrivals by ingest date and the days' own pages."""

from __future__ import annotations

import random
import re
import shutil
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import Browser

from briefing import urls
from briefing.pipeline import build_site
from briefing.render import history
from briefing.stages import briefing_of, read_content
from briefing.tools import bench, check, single_file, vnu
from conftest import CONTENT, TEMPLATES, replace_in
from test_incremental import assert_same_site

GERMANY_SENTENCE = "      In addition to the agreement with France, Ukraine has also formalized a security\n      agreement with Germany.\n"
FRANCE_SENTENCE = "      One of the significant achievements in Ukraine’s pursuit of security alliances is the\n      recently signed security agreement with France.\n"
NATO_ARTICLE = "nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.md"


def timeline_headings(page: Path) -> list[str]:
    return re.findall(r'<h2 id="month-\d+">([^<]+)</h2>', page.read_text(encoding="utf-8"))


def test_without_dates_in_the_sources_everything_is_date_not_stated(shipped_site: Path):
    """The shipped sources give no dates: nothing is placed in a month, nothing gets a date."""
    page = shipped_site / "timeline" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert timeline_headings(page) == ["Date not stated"]
    assert "<time" not in html
    content = read_content(CONTENT)
    assert html.count('<li class="timeline-entry">') == len(content.facts) + len(content.articles)


def test_every_timeline_entry_cites_its_source(shipped_site: Path):
    html = (shipped_site / "timeline" / "index.html").read_text(encoding="utf-8")
    entries = html.split('<li class="timeline-entry">')[1:]
    for entry in entries:
        if "Agreement with" in entry:
            assert re.search(
                r'<q>[^<]{40,}</q> <a class="source-link" href="\.\./articles/[a-z0-9-]+\.html#p-\d+">', entry
            ), entry
        else:
            assert re.search(r'Article: <a href="\.\./articles/[a-z0-9-]+\.html">', entry) and "Source:" in entry, entry


def test_dated_entries_go_in_month_order_and_undated_ones_stay_undated(content_copy: Path, tmp_path: Path):
    replace_in(content_copy / "facts.yaml", GERMANY_SENTENCE, GERMANY_SENTENCE + "    date: 2024-02-16\n")
    replace_in(content_copy / "facts.yaml", FRANCE_SENTENCE, FRANCE_SENTENCE + "    date: 2024-01-12\n")
    replace_in(
        content_copy / "articles" / NATO_ARTICLE, "ingested: 2026-11-23", "published: 2025-08-20\ningested: 2026-11-23"
    )
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    page = out / "timeline" / "index.html"
    assert timeline_headings(page) == ["January 2024", "February 2024", "August 2025", "Date not stated"]
    html = page.read_text(encoding="utf-8")
    assert re.findall(r'<time datetime="([\d-]+)">', html) == ["2024-01-12", "2024-02-16", "2025-08-20"]
    undated = html.split("Date not stated</h2>", 1)[1]
    assert "France" not in re.findall(r"Agreement with <a[^>]*>([^<]+)</a>", undated)
    assert undated.count('<li class="timeline-entry">') == 12 + 4  # the other agreements and articles


def test_same_day_agreements_come_before_articles_then_by_name():
    briefing = briefing_of(CONTENT)
    entries = history.timeline_entries(briefing.agreements, briefing.articles)
    undated_agreements = [e.agreement.partner.name for e in entries if e.agreement]
    assert undated_agreements == sorted(undated_agreements)
    kinds = ["agreement" if e.agreement else "article" for e in entries]
    assert kinds == sorted(kinds)  # all agreements, then all articles, when none is dated
    assert all(entry.when is None for entry in entries)


def test_arrivals_group_by_ingest_date_newest_first_and_cap(content_copy: Path):
    replace_in(content_copy / "articles" / NATO_ARTICLE, "ingested: 2026-11-23", "ingested: 2026-11-30")
    articles = briefing_of(content_copy).articles
    [latest, earlier] = history.arrivals(articles)
    assert latest.day == date(2026, 11, 30) and [a.slug + ".md" for a in latest.articles] == [NATO_ARTICLE]
    assert earlier.day == date(2026, 11, 23) and earlier.total == 4
    assert [a.title for a in earlier.articles] == sorted(a.title for a in earlier.articles)  # by title in a day
    [capped] = history.arrivals(articles, days=1, per_day=0)
    assert capped.articles == () and capped.more == 1


def test_home_and_changes_page_show_the_latest_arrivals(shipped_site: Path):
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "Added to the briefing on 23 November 2026: 5 articles." in home
    assert '<a class="more" href="changes.html">' in home
    changes = (shipped_site / "changes.html").read_text(encoding="utf-8")
    assert re.findall(r'<h2 id="added-\d+">([^<]+)</h2>', changes) == ["Added on 23 November 2026"]


# The pages of the days the changes page does not show in full.

BIG_DAY, NEWEST_DAY = date(2026, 12, 1), date(2026, 12, 2)
EARLY_DAYS = tuple(date(2026, 10, day) for day in range(1, 12))  # with the big day and the shipped one: 13 days
ARRIVALS_PER_TEST_PAGE = 10


def _write_arrivals(content: Path, days: dict[date, int], first_number: int = 1) -> None:
    """Synthetic articles that arrived on these days, so many each."""
    pools, rng, number = bench._pools(CONTENT), random.Random(first_number), first_number
    for day, count in days.items():
        for _ in range(count):
            article = bench.synthetic_article(number, pools, rng, ingested=day)
            (content / "articles" / f"arrival-{number:03d}.md").write_text(article, encoding="utf-8")
            number += 1


def _build_with_small_day_pages(content: Path, site: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history, "ARRIVALS_PER_PAGE", ARRIVALS_PER_TEST_PAGE)
        build_site(content, TEMPLATES, site)


@pytest.fixture(scope="module")
def arrivals_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content with 75 arrivals on one day (more than the changes page lists of a day) and two on
    each of eleven days before (more days than it shows), built with day pages of ten arrivals."""
    folder = tmp_path_factory.mktemp("arrivals")
    shutil.copytree(CONTENT, folder / "content")
    _write_arrivals(folder / "content", {BIG_DAY: 75, **dict.fromkeys(EARLY_DAYS, 2)})
    _build_with_small_day_pages(folder / "content", folder / "site")
    return folder / "site"


def _html(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / path)).getroot()


def _targets(site: Path, path: str, hrefs: str) -> list[str]:
    """The site files the page's links found by `hrefs` (an XPath) lead to, in order."""
    folder = (site / path).parent
    return [(folder / href).resolve().relative_to(site.resolve()).as_posix() for href in _html(site, path).xpath(hrefs)]


TITLES = "//main//a[@class='article-title']/text()"
NEXT = "//nav[@class='pagination']/a[@rel='next']/@href"


def _day_pages_in_order(site: Path) -> list[str]:
    """The pages of the days, from the first the changes page links to, then each page's next."""
    chain, page = [], _targets(site, urls.CHANGES, "//main//a[starts-with(@href, 'changes/')]/@href")[0]
    while page:
        chain.append(page)
        after = _targets(site, page, NEXT)
        page = after[0] if after else None
    return chain


def test_a_day_of_more_arrivals_than_the_changes_page_lists_links_to_pages_of_its_own(arrivals_site: Path):
    changes = _html(arrivals_site, urls.CHANGES)
    headings = changes.xpath("//h2/text()")
    assert len(headings) == history.CHANGE_DAYS and headings[:2] == [
        "Added on 1 December 2026",
        "Added on 23 November 2026",
    ]
    [more] = changes.xpath("//main//p[@class='meta']/a")
    assert more.text == "all 75 added on 1 December 2026" and more.get("href") == "changes/2026-12-01.html"
    assert more.getparent().text_content().startswith("and 55 more articles:")
    # The days before the ten it shows are reached too, from the last day it does not show.
    [earlier] = changes.xpath("//a[@class='more' and starts-with(@href, 'changes/')]")
    assert earlier.get("href") == "changes/2026-10-03.html" and "from 3 October 2026 back" in earlier.text

    first = _html(arrivals_site, "changes/2026-12-01.html")
    assert first.xpath("//h1/text()") == ["Added on 1 December 2026: 75 articles"]
    assert first.xpath("//title/text()")[0].startswith("What's new: 1 December 2026, part 1 of 8")
    assert _targets(arrivals_site, "changes/2026-12-01-part-4.html", "//p[@class='breadcrumb']/a/@href") == [
        urls.CHANGES
    ]


def test_every_arrival_is_reached_from_the_changes_page_a_day_at_a_time_newest_first(arrivals_site: Path):
    chain = _day_pages_in_order(arrivals_site)
    big_day = ["changes/2026-12-01.html", *(f"changes/2026-12-01-part-{n}.html" for n in range(2, 9))]
    assert chain == [*big_day, "changes/2026-10-03.html", "changes/2026-10-02.html", "changes/2026-10-01.html"]
    assert sorted(chain) == sorted(p.relative_to(arrivals_site).as_posix() for p in arrivals_site.glob("changes/*"))
    listed = [title for page in chain for title in _html(arrivals_site, page).xpath(TITLES)]
    big_day_titles = [title for page in big_day for title in _html(arrivals_site, page).xpath(TITLES)]
    assert len(big_day_titles) == 75 and big_day_titles == sorted(big_day_titles)
    shown = _html(arrivals_site, urls.CHANGES).xpath(TITLES)
    arrived = [article.title for article in briefing_of(arrivals_site.parent / "content").articles if article.ingested]
    assert sorted(set(listed) | set(shown)) == sorted(arrived) and len(listed) == len(set(listed))
    sitemap = (arrivals_site / urls.SITEMAP).read_text(encoding="utf-8")
    assert all(f"/{page}</loc>" in sitemap for page in chain)


def test_a_days_pagination_names_the_first_the_last_and_the_parts_near_it(arrivals_site: Path):
    parts = "//nav[@class='pagination']/span"
    first = _html(arrivals_site, "changes/2026-12-01.html").xpath(parts)[0].text_content()
    assert " ".join(first.split()) == "Part 1 · 2 · 3 · … · 8 of 1 December 2026"
    middle = _html(arrivals_site, "changes/2026-12-01-part-5.html").xpath(parts)[0].text_content()
    assert " ".join(middle.split()) == "Part 1 · 2 · 3 · 4 · 5 · 6 · 7 · 8 of 1 December 2026"


def test_the_days_pages_pass_the_link_request_and_sitemap_checks_and_are_valid_html(arrivals_site: Path):
    scanned = check.scan_site(arrivals_site)
    results = [check.check_links(scanned), check.check_requests(scanned), check.check_sitemap(scanned)]
    assert [result.problems for result in results] == [(), (), ()]
    if missing := vnu.missing_tools():
        pytest.fail(f"{missing} not found: the HTML validation tests need it; {vnu.ENABLE_HINT}")
    pages = [urls.CHANGES, "changes/2026-12-01.html", "changes/2026-12-01-part-8.html", "changes/2026-10-01.html"]
    assert vnu.html_errors(arrivals_site, pages, jobs=2) == []


def test_the_single_file_edition_holds_the_days_pages_after_the_changes_page(arrivals_site: Path):
    facts = {path: single_file.page_facts(arrivals_site, path) for path in single_file.html_pages(arrivals_site)}
    plan = single_file.plan(facts)
    [new] = [[s.path for s in sections] for group, sections in plan.groups if group.label == "What's new"]
    assert new == [urls.CHANGES, *_day_pages_in_order(arrivals_site)]


def test_a_reader_follows_the_changes_page_to_the_days_last_arrivals_in_chromium(
    arrivals_site: Path, chromium: Browser
):
    page = chromium.new_page()
    page.goto((arrivals_site / urls.CHANGES).as_uri())
    page.get_by_role("link", name="all 75 added on 1 December 2026").click()
    assert page.locator("h1").inner_text() == "Added on 1 December 2026: 75 articles"
    page.get_by_role("link", name="1 December 2026, part 8").click()  # the last part, named on the first
    last_titles = page.locator("main a.article-title").all_inner_texts()
    assert len(last_titles) == 5 and page.url.endswith("/changes/2026-12-01-part-8.html")
    page.locator("a[rel=next]").click()  # on to the days before the ten the changes page shows
    assert page.locator("h1").inner_text() == "Added on 3 October 2026: 2 articles"
    page.close()


def test_a_rebuild_after_arrivals_on_the_big_day_and_a_new_one_equals_a_clean_build(tmp_path: Path):
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    _write_arrivals(content, {BIG_DAY: 45, **dict.fromkeys(EARLY_DAYS, 1)})
    _build_with_small_day_pages(content, site)
    # One more on the big day (its later parts move on by one) and one on a new day (a day drops off the page).
    _write_arrivals(content, {BIG_DAY: 1, NEWEST_DAY: 1}, first_number=500)
    _build_with_small_day_pages(content, site)
    assert (site / "changes" / "2026-12-01-part-5.html").is_file() and (site / "changes" / "2026-10-02.html").is_file()
    _build_with_small_day_pages(content, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")

"""Search in real headless Chromium: from file://, and from a static server under a sub-path."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urldefrag
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, Page

from briefing.pipeline import build_site
from briefing.search import index as search_index
from briefing.search.words import words
from conftest import CONTENT, TEMPLATES
from test_search import write_cyrillic_article

SUB_PATH = "briefing"


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    href: str  # absolute, as the browser resolved it
    snippet: str
    marked: tuple[str, ...]  # the highlighted words of the snippet


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory, content_copy_module: Path) -> Path:
    """The shipped content plus an article in Ukrainian, built once for this module."""
    write_cyrillic_article(content_copy_module)
    out = tmp_path_factory.mktemp("search") / "site"
    build_site(content_copy_module, TEMPLATES, out)
    return out


@pytest.fixture(scope="module")
def content_copy_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT, copy)
    return copy


@pytest.fixture(scope="module")
def served_site(search_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served by `python -m http.server` on 127.0.0.1 under /briefing/; yields its base URL."""
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(search_site, root / SUB_PATH)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/{SUB_PATH}/"
    try:
        _wait_until_serving(base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_until_serving(url: str) -> None:
    deadline = time.monotonic() + 15
    while True:
        try:
            with urlopen(url + "index.html", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A fresh browser page that fails the test on any console or page error."""
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    # Pages name their icon, so the browser asks for no /favicon.ico that a server would answer with 404.
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def search_for(page: Page, query: str) -> list[Result]:
    """Type a query into the search box key by key and read the results once they are announced."""
    page.locator("#search-input").fill("")
    page.locator("#search-input").press_sequentially(query)
    status = page.locator("#search-status")
    status.filter(has_text=f"for \u201c{query.strip()}\u201d").wait_for()
    return [
        Result(
            kind=item.locator(".search-kind").inner_text(),
            title=item.locator("a.search-title").inner_text(),
            href=item.locator("a.search-title").evaluate("link => link.href"),
            snippet=item.locator(".search-snippet").inner_text(),
            marked=tuple(item.locator("mark").all_inner_texts()),
        )
        for item in page.locator("#search-results > li").all()
    ]


def target_text(page: Page, href: str) -> str:
    """Open a result's link and return the text of the element its anchor names (or of <main>)."""
    page.goto(href)
    _, anchor = urldefrag(href)
    return page.locator(f"[id='{anchor}']" if anchor else "main").inner_text()


def open_search(page: Page, site_url: str) -> None:
    page.goto(site_url + "search.html")


def file_url(site: Path) -> str:
    return site.as_uri() + "/"


# What a reader finds, from file://


def test_budapest_finds_the_topic_first_and_links_to_the_passage(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    results = search_for(page, "Budapest")
    assert (results[0].kind, results[0].title) == ("TOPIC", "The Budapest Memorandum")
    assert {"ARTICLE", "Q&A"} <= {r.kind for r in results}
    assert all("Budapest" in r.marked for r in results)
    anchored = next(r for r in results if "#" in r.href)
    assert "Budapest" in target_text(page, anchored.href)


def test_article_5_finds_nato_passages_with_both_words_marked(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    results = search_for(page, "article 5")
    assert results[0].title == "NATO and membership"
    assert any(r.kind == "ARTICLE" and "NATO" in r.title for r in results)
    assert all({"Article", "5"} <= set(r.marked) for r in results)
    for result in results:
        if "#" in result.href:
            assert "Article 5" in target_text(page, result.href), result.href


def test_zelensky_finds_every_spelling_of_the_name(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    results = search_for(page, "zelensky")
    titles = {r.title for r in results}
    assert "Zelensky plans more bilateral agreements with Western states" in titles
    assert "Zelenskyy seeks guarantees backed by alliances and weapons" in titles
    assert {"Zelensky", "Zelenskyy"} <= {word for r in results for word in r.marked}


def test_latvia_finds_the_country_page_first(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    results = search_for(page, "latvia")
    assert (results[0].kind, results[0].title) == ("COUNTRY", "Latvia")
    assert results[0].href.endswith("/countries/latvia.html")
    assert any(r.kind == "ARTICLE" for r in results)


def test_uk_finds_united_kingdom_and_britain(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    results = search_for(page, "UK")
    assert (results[0].kind, results[0].title) == ("COUNTRY", "United Kingdom")
    assert "United Kingdom" in {word for r in results for word in r.marked}, (
        "an article saying 'United Kingdom' is found"
    )
    assert search_for(page, "britain")[0].title == "United Kingdom"


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory, content_copy_module: Path) -> Path:
    """The shipped content with its term files split as a large briefing's are (words of one name in several)."""
    out = tmp_path_factory.mktemp("split") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "term_files", partial(search_index.term_files, budget=2_000))
        build_site(content_copy_module, TEMPLATES, out)
    return out


def test_a_name_of_two_words_is_found_when_its_words_are_in_other_term_files(page: Page, split_site: Path) -> None:
    open_search(page, file_url(split_site))
    page.locator("#search-input").fill("great britain")
    status = page.locator("#search-status")
    status.filter(has_text="\u201cgreat britain\u201d").or_(status.filter(has_text="not available")).wait_for()
    assert status.inner_text().endswith("results for \u201cgreat britain\u201d.")
    assert page.locator("a.search-title").first.inner_text() == "United Kingdom"


def test_cyrillic_words_are_found_in_any_case(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    for query in ("Київ", "КИЇВ", "заявив"):
        results = search_for(page, query)
        assert [r.title for r in results] == ["Заява Києва про гарантії безпеки"], query


def test_a_word_matches_while_it_is_being_typed(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    assert search_for(page, "budap")[0].title == "The Budapest Memorandum"
    assert "Memorandum" in {w for r in search_for(page, "budapest memo") for w in r.marked}


def test_a_query_of_only_common_words_says_why_it_finds_nothing(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    assert search_for(page, "the of and") == []
    status = page.locator("#search-status").inner_text()
    assert (
        status
        == "No results for \u201cthe of and\u201d: its words are too common to search for; add a more telling one."
    )


def test_a_misspelt_query_that_finds_nothing_offers_the_closest_words_and_runs_them(
    page: Page, search_site: Path
) -> None:
    open_search(page, file_url(search_site))
    page.locator("#search-input").press_sequentially("secruity germny")
    status = page.locator("#search-status")
    status.filter(has_text="for \u201csecruity germny\u201d").wait_for()
    assert status.inner_text() == "No results for \u201csecruity germny\u201d."
    offer = page.locator("#search-results .search-suggestion")
    assert offer.inner_text() == "Did you mean security germany?"
    offer.locator("a").click()
    status.filter(has_text="results for \u201csecurity germany\u201d").wait_for()
    assert page.locator("#search-input").input_value() == "security germany"
    assert page.locator("#search-results a.search-title").count() > 0
    # A word with nothing close to it is offered nothing.
    page.locator("#search-input").fill("xyzzyqq")
    status.filter(has_text="for \u201cxyzzyqq\u201d").wait_for()
    assert page.locator("#search-results li").count() == 0


def test_a_quoted_phrase_must_appear_as_written(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    loose = search_for(page, "security agreements")
    phrase = search_for(page, '"security agreements"')
    assert 0 < len(phrase) < len(loose)
    assert all("security agreements" in f"{r.title} {r.snippet}".lower() for r in phrase)


PHRASE_CANDIDATES = 230  # short articles with both words of the phrase, not as the phrase: more than are read at once


@pytest.fixture(scope="module")
def phrase_site(tmp_path_factory: pytest.TempPathFactory, content_copy_module: Path) -> Path:
    """Many short articles with the words 'agreement' and 'signed', and one long one, ranked last, with the phrase."""
    content = tmp_path_factory.mktemp("phrase") / "content"
    shutil.copytree(content_copy_module, content)
    for number in range(PHRASE_CANDIDATES):
        (content / "articles" / f"signed-{number}.md").write_text(
            f"---\ntitle: Signing {number}\nsummary: A signing.\npublished: 2024-05-01\n---\n\n"
            f"The agreement was signed by the partners in round {number}.\n",
            encoding="utf-8",
        )
    filler = "\n\n".join(f"Talks went on in the capital for a {n}th day, officials said." for n in range(40))
    (content / "articles" / "talks-in-june.md").write_text(
        "---\ntitle: Talks in June\nsummary: Long talks.\npublished: 2024-06-01\n---\n\n"
        f"{filler}\n\nThe agreement signed in June was discussed again.\n",
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("phrase") / "site"
    build_site(content, TEMPLATES, out)
    return out


def test_a_phrase_beyond_the_candidates_read_at_once_is_found_by_reading_more(page: Page, phrase_site: Path) -> None:
    open_search(page, file_url(phrase_site))
    assert search_for(page, '"agreement signed"') == []
    status = page.locator("#search-status")
    assert status.inner_text().startswith('No results so far for \u201c"agreement signed"\u201d (200 of the ')
    page.locator("#search-more").click()
    status.filter(has_text="1 result for").wait_for()
    assert page.locator("a.search-title").all_inner_texts() == ["Talks in June"]
    assert page.locator("#search-more").is_hidden()


def test_markup_in_an_article_is_shown_as_text(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    results = search_for(page, "onerror")
    assert "<img src=x onerror=alert(1)>" in results[0].snippet
    assert page.locator("#search-results img, #search-results b").count() == 0


def test_results_are_announced_and_reached_with_the_keyboard(page: Page, search_site: Path) -> None:
    open_search(page, file_url(search_site))
    assert page.locator("label[for=search-input]").inner_text()
    assert page.locator("#search-status").get_attribute("aria-live") == "polite"
    results = search_for(page, "budapest")
    assert page.locator("#search-status").inner_text() == f"{len(results)} results for \u201cbudapest\u201d."
    links = page.locator("a.search-title")
    page.keyboard.press("ArrowDown")
    assert links.nth(0).evaluate("link => link === document.activeElement")
    page.keyboard.press("ArrowDown")
    assert links.nth(1).evaluate("link => link === document.activeElement")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.locator("#search-input").evaluate("input => input === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(results[0].href)


def test_the_header_box_on_every_page_opens_the_search_with_results(page: Page, search_site: Path) -> None:
    page.goto(file_url(search_site) + "topics/nato.html")
    page.locator("#header-search-input").fill("latvia")
    page.locator("#header-search-input").press("Enter")
    page.locator("#search-status").filter(has_text="for \u201clatvia\u201d").wait_for()
    assert page.locator("#search-input").input_value() == "latvia"
    assert page.locator("a.search-title").first.inner_text() == "Latvia"


@pytest.mark.parametrize(
    "text",
    [
        "Zelenskyy’s U.K. visit",
        "Mircea Geoană",
        "NATO's Article 5",
        "Київ ЗАЯВИВ, що угоди",
        "Ærø naïve ﬁne İstanbul",
        "e.g. U.S.-led 1994",
    ],
)
def test_the_browser_folds_words_as_the_index_does(page: Page, search_site: Path, text: str) -> None:
    open_search(page, file_url(search_site))
    assert page.evaluate("text => briefingSearch.words(text)", text) == words(text)


# Loading: nothing until the reader types, then only what the query needs


def index_requests(page: Page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url) if "/search-index/" in request.url else None)
    return requests


def test_no_index_file_loads_before_the_reader_types(page: Page, search_site: Path) -> None:
    requests = index_requests(page)
    page.goto(file_url(search_site) + "index.html")
    open_search(page, file_url(search_site))
    page.wait_for_load_state("load")
    assert requests == []
    search_for(page, "latvia")
    term_files = [url for url in requests if "/terms/" in url]
    assert any(url.endswith("/manifest.js") for url in requests)
    assert 0 < len(term_files) < len(list((search_site / "search-index" / "terms").iterdir())) / 4


# From a static server under a sub-path


@pytest.mark.parametrize(
    ("query", "first_title"),
    [
        ("Budapest", "The Budapest Memorandum"),
        ("article 5", "NATO and membership"),
        ("zelensky", None),
        ("latvia", "Latvia"),
    ],
)
def test_search_works_from_a_server_under_a_sub_path(
    page: Page, served_site: str, query: str, first_title: str | None
) -> None:
    open_search(page, served_site)
    results = search_for(page, query)
    assert results and all(r.href.startswith(served_site) for r in results)
    if first_title:
        assert results[0].title == first_title
    page.goto(results[0].href)
    assert page.locator("h1").inner_text()


# Without JavaScript


def test_without_javascript_the_search_page_points_to_the_a_to_z_index(chromium: Browser, search_site: Path) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(file_url(search_site) + "search.html?q=budapest")
    notice = page.locator("main").inner_text()
    assert "Search needs JavaScript" in notice
    page.get_by_role("link", name="A–Z index").first.click()
    index_text = page.locator("main").inner_text()
    context.close()
    for name in ("NATO and membership", "Latvia", "Volodymyr Zelenskyy", "Security Service of Ukraine"):
        assert name in index_text, name

"""The built site opened from file:// in real headless Chromium: links, offline use, no-JS, phone, dark mode."""

from __future__ import annotations

import shutil
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlsplit
from urllib.request import url2pathname

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from briefing.pipeline import build_site
from conftest import CONTENT, TEMPLATES

PHONE = {"width": 390, "height": 844}
TRACKER_ROWS = 14


def page_url(site: Path, relative: str) -> str:
    """The file:// URL of a page of the built site."""
    return (site / relative).as_uri()


def is_inside(url: str, site: Path) -> bool:
    """Whether a URL is a file:// URL inside the site folder."""
    return url.startswith(site.as_uri() + "/")


def file_of(url: str) -> Path:
    """The local file a file:// URL points to."""
    return Path(url2pathname(urlsplit(url).path))


def watch(page: Page, site: Path, failures: list[str]) -> None:
    """Record console errors, page errors, failed requests and requests leaving the site."""

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            failures.append(f"{page.url}: console error: {message.text}")

    def on_request(request: Request) -> None:
        if not is_inside(request.url, site):
            failures.append(f"{page.url}: request outside the site: {request.url}")

    def on_request_failed(request: Request) -> None:
        # ERR_ABORTED: the crawl moved on while the favicon was still loading; a missing file is ERR_FILE_NOT_FOUND.
        if request.failure != "net::ERR_ABORTED":
            failures.append(f"{page.url}: request failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: failures.append(f"{page.url}: page error: {error}"))
    page.on("request", on_request)
    page.on("requestfailed", on_request_failed)


def links_on(page: Page) -> list[str]:
    """Every <a href> on the page, HTML or inline SVG (whose .href is not a string), resolved against the page URL."""
    return page.eval_on_selector_all(
        "a[href]", "links => links.map(link => new URL(link.getAttribute('href'), document.baseURI).href)"
    )


def ids_on(page: Page) -> set[str]:
    """Every element id on the page."""
    return set(page.eval_on_selector_all("[id]", "elements => elements.map(element => element.id)"))


def crawl(page: Page, site: Path, failures: list[str]) -> set[Path]:
    """Visit every page reachable from index.html once; return the files visited."""
    start = page_url(site, "index.html")
    queue, seen = deque([start]), {start}
    wanted_ids: dict[str, list[tuple[str, str]]] = {}
    page_ids: dict[str, set[str]] = {}
    while queue:
        url = queue.popleft()
        try:
            page.goto(url)
        except Exception as error:  # noqa: BLE001 - any navigation error is a failure to report
            failures.append(f"{url}: navigation failed: {error}")
            continue
        page_ids[url] = ids_on(page)
        for link in links_on(page):
            target, fragment = urldefrag(link)
            if not is_inside(target, site):
                if target.startswith("file:"):
                    failures.append(f"{url}: link to a file outside the site: {link}")
                continue
            if target.endswith("/"):
                failures.append(f"{url}: link to a folder, which file:// cannot open: {link}")
                continue
            if fragment:
                wanted_ids.setdefault(target, []).append((url, fragment))
            if target in seen:
                continue
            seen.add(target)
            if file_of(target).is_file():
                queue.append(target)
            else:
                failures.append(f"{url}: link to a missing page: {link}")
    for target, wants in wanted_ids.items():
        failures.extend(
            f"{source}: link to #{fragment} but {target} has no element with that id"
            for source, fragment in wants
            if target in page_ids and fragment not in page_ids[target]
        )
    return {file_of(url) for url in page_ids}


def test_every_page_is_reachable_and_clean_offline(chromium: Browser, shipped_site: Path) -> None:
    """Crawling from index.html finds every page, every anchor, no errors and no outside requests."""
    failures: list[str] = []
    context = chromium.new_context()
    page = context.new_page()
    watch(page, shipped_site, failures)
    visited = crawl(page, shipped_site, failures)
    context.close()
    not_found_page = shipped_site / "404.html"
    orphans = sorted(
        path.relative_to(shipped_site).as_posix()
        for path in shipped_site.rglob("*.html")
        if path != not_found_page and path not in visited
    )
    failures.extend(f"page not reachable from index.html: {orphan}" for orphan in orphans)
    assert not failures, f"{len(failures)} problem(s) in the site:\n" + "\n".join(failures)


@pytest.fixture
def no_js_page(chromium: Browser) -> Iterator[Page]:
    """A page in a browser context with JavaScript disabled."""
    context = chromium.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("relative", ["index.html", "tracker.html", "faq.html"])
def test_main_content_shows_without_javascript(no_js_page: Page, shipped_site: Path, relative: str) -> None:
    """The page's heading and main content are visible with JavaScript off."""
    no_js_page.goto(page_url(shipped_site, relative))
    assert no_js_page.locator("main h1").is_visible()
    assert no_js_page.locator("main").inner_text().strip()


def test_tracker_table_shows_without_javascript(no_js_page: Page, shipped_site: Path) -> None:
    """The tracker table lists every agreement with JavaScript off."""
    no_js_page.goto(page_url(shipped_site, "tracker.html"))
    rows = no_js_page.locator("table.tracker tbody tr")
    assert rows.count() == TRACKER_ROWS
    assert rows.first.is_visible()


def test_faq_answers_show_without_javascript(no_js_page: Page, shipped_site: Path) -> None:
    """The FAQ's topic sections are visible with JavaScript off."""
    no_js_page.goto(page_url(shipped_site, "faq.html"))
    sections = no_js_page.locator("main section")
    assert sections.count() > 0
    assert sections.first.is_visible()


@pytest.mark.parametrize(
    "relative",
    [
        "index.html",
        "topics/security-agreements.html",
        "tracker.html",
        "timeline/index.html",
        "people/volodymyr-zelenskyy.html",
    ],
)
def test_no_horizontal_overflow_on_a_phone(chromium: Browser, shipped_site: Path, relative: str) -> None:
    """At 390 px wide the page does not scroll sideways."""
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(page_url(shipped_site, relative))
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= PHONE["width"] + 1, f"{relative} is {width}px wide on a {PHONE['width']}px screen"


LONG_WORD = "Sicherheitsvereinbarungsverhandlungsdelegationsleiterstellvertretung"
LONG_ADDRESS = "https://www.a-publisher-named-by-its-address-without-any-spaces.example.org/news/2024/06/12"


@pytest.fixture(scope="module")
def long_words_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content and an article whose title, publisher and text hold words longer than a phone's line."""
    content = tmp_path_factory.mktemp("long-words") / "content"
    shutil.copytree(CONTENT, content)
    (content / "articles" / "long-words.md").write_text(
        f"---\ntitle: Germany names its {LONG_WORD} for the talks on NATO\nsummary: A summary.\n"
        f"source:\n  publisher: {LONG_ADDRESS}\n  url: {LONG_ADDRESS}\npublished: 2024-06-12\ntopics: [nato]\n---\n\n"
        f"Germany and Ukraine discussed NATO membership; the {LONG_WORD} is at {LONG_ADDRESS}.\n",
        encoding="utf-8",
    )
    out = content.parent / "site"
    build_site(content, TEMPLATES, out)
    return out


@pytest.mark.parametrize(
    "relative",
    ["articles/long-words.html", "articles/index.html", "topics/nato.html", "timeline/index.html", "sources.html"],
)
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_a_word_longer_than_the_line_does_not_widen_the_page(
    chromium: Browser, long_words_site: Path, relative: str, viewport: dict[str, int]
) -> None:
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(page_url(long_words_site, relative))
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= viewport["width"], f"{relative} is {width}px wide on a {viewport['width']}px screen"


def test_the_sources_dates_stay_on_one_line_on_a_desktop(chromium: Browser, shipped_site: Path) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(page_url(shipped_site, "sources.html"))
    # The lines each date cell's text takes: a Range's client rectangles are one per line.
    lines = page.evaluate(
        """[...document.querySelectorAll('td.date')].map((cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return [cell.textContent, new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size];
        })"""
    )
    context.close()
    assert len(lines) == 2 * len(list((CONTENT / "articles").glob("*.md")))
    assert [text for text, count in lines if count != 1] == []


def body_background(chromium: Browser, site: Path, color_scheme: str) -> str:
    """The computed body background colour of index.html in a colour scheme."""
    context = chromium.new_context(color_scheme=color_scheme)
    page = context.new_page()
    page.goto(page_url(site, "index.html"))
    colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    return colour


def test_dark_mode_changes_the_background(chromium: Browser, shipped_site: Path) -> None:
    """The body background differs between the light and dark colour schemes."""
    light = body_background(chromium, shipped_site, "light")
    dark = body_background(chromium, shipped_site, "dark")
    assert light != dark, f"body background is {light} in both light and dark mode"


def test_home_page_map_shows_from_file_url(chromium: Browser, shipped_site: Path, tmp_path: Path) -> None:
    """The partner map renders from file:// with a real size and painted countries; a screenshot is kept."""
    failures: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch(page, shipped_site, failures)
    page.goto(page_url(shipped_site, "index.html"))
    svg = page.locator("svg.map")
    box = svg.bounding_box()
    assert svg.is_visible() and box and box["width"] > 600 and box["height"] > 400
    uk = page.locator('a.map-country[href="countries/united-kingdom.html"] path').bounding_box()
    assert uk and uk["width"] > 20 and uk["height"] > 20
    signed_fill = page.evaluate("getComputedStyle(document.querySelector('#map-fill-signed rect')).fill")
    land_fill = page.evaluate("getComputedStyle(document.querySelector('.map-land')).fill")
    assert signed_fill != land_fill
    screenshot = tmp_path / "home.png"
    page.screenshot(path=str(screenshot), full_page=True)
    context.close()
    assert screenshot.stat().st_size > 20_000
    assert not failures, failures


def test_a_map_country_names_itself_on_keyboard_focus(chromium: Browser, shipped_site: Path) -> None:
    """Tabbing onto a country shows its name on the map, not only in a hover tooltip."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(page_url(shipped_site, "index.html"))
    poland = page.locator('a.map-country[href="countries/poland.html"]')
    label = page.locator("#map-label-poland")
    assert not label.is_visible()
    poland.focus()
    assert label.is_visible() and label.text_content() == "Poland"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Poland: Signed"
    context.close()


def test_the_map_fits_a_phone_and_switches_to_dark_colours(chromium: Browser, shipped_site: Path) -> None:
    """At phone width the map shrinks to fit; in dark mode its land is painted darker than in light mode."""
    fills = {}
    for scheme in ("light", "dark"):
        context = chromium.new_context(viewport=PHONE, color_scheme=scheme)
        page = context.new_page()
        page.goto(page_url(shipped_site, "index.html"))
        box = page.locator("svg.map").bounding_box()
        assert box and 0 < box["width"] <= PHONE["width"]
        fills[scheme] = page.evaluate("getComputedStyle(document.querySelector('.map-land')).fill")
        context.close()
    assert fills["light"] != fills["dark"]

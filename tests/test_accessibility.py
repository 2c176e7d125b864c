"""axe-core in real headless Chromium on every page template, light and dark: no serious or critical violations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page

# axe-core as PyPI's axe-playwright-python ships it (a test dependency in pyproject.toml).
AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")
BLOCKING_IMPACTS = ("serious", "critical")

# One page of every template, by what it shows.
PAGES = {
    "home": "index.html",
    "topics index": "topics/index.html",
    "topic": "topics/nato.html",
    "countries index": "countries/index.html",
    "country": "countries/united-kingdom.html",
    "person": "people/volodymyr-zelenskyy.html",
    "organisation": "organisations/nato.html",
    "article": "articles/zelensky-plans-bilateral-agreements-with-western-states.html",
    "articles index": "articles/index.html",
    "FAQ": "faq.html",
    "tracker": "tracker.html",
    "timeline": "timeline/index.html",
    "changes": "changes.html",
    "sources": "sources.html",
    "search": "search.html",
    "A-Z": "a-z.html",
}
SCHEMES = ("light", "dark")


@pytest.fixture(scope="module")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(params=SCHEMES)
def page(request: pytest.FixtureRequest, chromium: Browser) -> Iterator[Page]:
    """A page in the light or dark colour scheme; the context bypasses the site's CSP so axe can be injected."""
    context = chromium.new_context(color_scheme=request.param, bypass_csp=True)
    yield context.new_page()
    context.close()


def violations(page: Page, axe_source: str) -> list[str]:
    """axe-core's serious and critical violations on the page as shown now, one line per element."""
    page.add_script_tag(content=axe_source)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}) at {', '.join(map(str, node['target']))}: {violation['help']}"
        f" — {node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("template", PAGES)
def test_every_template_has_no_serious_violations(template: str, page: Page, shipped_site: Path, axe_source: str):
    page.goto((shipped_site / PAGES[template]).as_uri())
    found = violations(page, axe_source)
    assert not found, f"{PAGES[template]}:\n" + "\n".join(found)


# The long lists as a large briefing has them (see conftest.long_lists_site): each one's contents, and a
# page of a key cut into parts, whose pagination links the parts.
LIST_PAGES = {
    "articles contents": r"^articles/index\.html$",
    "articles part": r"^articles/index/.*-part-2\.html$",
    "sources contents": r"^sources\.html$",
    "sources part": r"^sources/.*-part-2\.html$",
    "timeline contents": r"^timeline/index\.html$",
    "timeline part": r"^timeline/.*-part-2\.html$",
    "FAQ contents": r"^faq\.html$",
    "FAQ part": r"^faq/.*-part-2\.html$",
}


@pytest.mark.parametrize("kind", LIST_PAGES)
def test_every_kind_of_long_list_page_has_no_serious_violations(
    kind: str, page: Page, long_lists_site: Path, axe_source: str
):
    files = sorted(path.relative_to(long_lists_site).as_posix() for path in long_lists_site.rglob("*.html"))
    path = next(name for name in files if re.search(LIST_PAGES[kind], name))
    page.goto((long_lists_site / path).as_uri())
    found = violations(page, axe_source)
    assert not found, f"{path}:\n" + "\n".join(found)


def test_the_404_page_as_a_host_serves_it_has_no_serious_violations(
    page: Page, nginx, shipped_site: Path, axe_source: str
):
    # Its links start at the site's root path (/briefing/…), so only a server shows it as readers see it.
    response = page.goto(nginx(shipped_site) + "topics/no-such-page.html")
    assert response is not None and response.status == 404
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--ink')"), (
        "the stylesheet did not load"
    )
    found = violations(page, axe_source)
    assert not found, "404.html:\n" + "\n".join(found)


def test_search_results_have_no_serious_violations(page: Page, shipped_site: Path, axe_source: str):
    page.goto((shipped_site / "search.html").as_uri())
    page.locator("#search-input").press_sequentially("security agreement")
    page.locator("#search-status").filter(has_text="for \u201csecurity agreement\u201d").wait_for()
    assert page.locator("#search-results > li").count() > 0
    found = violations(page, axe_source)
    assert not found, "search.html with results:\n" + "\n".join(found)

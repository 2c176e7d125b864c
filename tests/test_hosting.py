"""The site published as a host would serve it: a real nginx under /briefing/, with the
README's configuration, for plain and pretty URLs; the 404 page at any depth in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Response

from briefing.pipeline import build_site
from briefing.problems import ContentError
from conftest import CONTENT, SUB_PATH, TEMPLATES, Answer, fetch, replace_in

CONTENT_TYPES = {
    ".html": {"text/html"},
    ".css": {"text/css"},
    ".js": {"application/javascript", "text/javascript"},
    ".svg": {"image/svg+xml"},
    ".xml": {"text/xml", "application/xml", "application/atom+xml"},
    ".txt": {"text/plain"},
    ".nojekyll": {"application/octet-stream"},  # an empty marker file, never opened
    ".briefing-files": {"application/octet-stream"},  # the build's list of its files, never opened
}
MISSING = ["missing.html", "topics/missing.html", "articles/missing/", "a/b/c/missing.html"]


@pytest.fixture(scope="module")
def pretty_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pretty")
    shutil.copytree(CONTENT, folder / "content")
    replace_in(folder / "content" / "site.yaml", "latest_count:", "pretty_urls: true\nlatest_count:")
    return build_site(folder / "content", TEMPLATES, folder / "site").out_dir


@pytest.fixture(scope="module")
def plain_address(nginx, shipped_site: Path) -> str:
    return nginx(shipped_site)


@pytest.fixture(scope="module")
def pretty_address(nginx, pretty_site: Path) -> str:
    return nginx(pretty_site)


@dataclass(frozen=True)
class Served:
    site: Path
    address: str
    search_page: str


@pytest.fixture(scope="module", params=["plain", "pretty"])
def served(request: pytest.FixtureRequest) -> Served:
    """The shipped site and the same site with pretty URLs, each served by nginx."""
    if request.param == "plain":
        return Served(request.getfixturevalue("shipped_site"), request.getfixturevalue("plain_address"), "search.html")
    return Served(request.getfixturevalue("pretty_site"), request.getfixturevalue("pretty_address"), "search/")


class _References(HTMLParser):
    """Every href, src and form action in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(value for name, value in attrs if name in ("href", "src", "action") and value)


def references(answer: Answer) -> list[str]:
    text = answer.body.decode("utf-8")
    if answer.content_type == "text/html":
        parser = _References()
        parser.feed(text)
        return parser.found
    if answer.content_type == "text/css":
        return re.findall(r"""url\(\s*['"]?([^'")]+)""", text)
    return []


def crawl(address: str) -> tuple[set[str], list[str]]:
    """Follow every reference on the host's own pages from the site's address; return (URLs answered, problems)."""
    queue, seen, problems = deque([address]), {address}, []
    while queue:
        url = queue.popleft()
        answer = fetch(url)
        if answer.status != 200:
            problems.append(f"{url} answered {answer.status}")
            continue
        for reference in references(answer):
            target = urldefrag(urljoin(url, reference)).url
            if urlsplit(target).netloc != urlsplit(address).netloc:
                continue  # a canonical address or an original article, on another host
            if not target.startswith(address):
                problems.append(f"{url} refers outside the site: {reference}")
            elif target not in seen:
                seen.add(target)
                queue.append(target)
    return seen, problems


def site_files(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def file_served_at(url: str, address: str) -> str:
    path = url.removeprefix(address)
    return path + "index.html" if path == "" or path.endswith("/") else path


def test_every_file_answers_200_with_its_content_type(plain_address: str, shipped_site: Path):
    wrong = []
    for path in site_files(shipped_site):
        answer = fetch(plain_address + path)
        expected = CONTENT_TYPES.get(Path(path).suffix or Path(path).name, set())
        if (
            answer.status != 200
            or answer.content_type not in expected
            or answer.body != (shipped_site / path).read_bytes()
        ):
            wrong.append(f"{path}: {answer.status} {answer.content_type}")
    assert wrong == []


def test_crawling_from_the_address_reaches_every_page_and_only_pages_that_answer(served: Served):
    reached, problems = crawl(served.address)
    assert problems == []
    pages = {path for path in site_files(served.site) if path.endswith(".html")} - {"404.html"}
    assert {file_served_at(url, served.address) for url in reached} >= pages


def documents_in(script: str) -> list[list]:
    """The records of a search document file: `briefingSearch.documents(name, [records, null where none]);`."""
    return [record for record in json.loads(script[script.index(",") + 1 : script.rindex(")")]) if record]


def search_result_links(site: Path, search_page_url: str) -> set[str]:
    """The address of every search result, as search.js makes it: the page's data-root, then the document's path."""
    html = fetch(search_page_url).body.decode()
    root = re.search(r'data-root="([^"]*)"', html).group(1)
    paths = {
        record[2]
        for script in (site / "search-index" / "documents").glob("*.js")
        for record in documents_in(script.read_text())
    }
    assert paths
    return {urljoin(search_page_url, root + path) for path in paths}


def test_search_results_lead_to_pages_that_answer(served: Served):
    links = search_result_links(served.site, served.address + served.search_page)
    assert [link for link in links if fetch(link).status != 200] == []


def test_pretty_urls_are_served_as_folders(pretty_address: str, pretty_site: Path):
    answer = fetch(pretty_address + "topics/nato/")
    assert answer.status == 200 and answer.body == (pretty_site / "topics" / "nato" / "index.html").read_bytes()
    assert 'href="../../articles/' in answer.body.decode()
    assert fetch(pretty_address + "topics/nato.html").status == 404


def test_a_missing_address_at_any_depth_shows_the_styled_404_page(served: Served, chromium: Browser):
    site, address = served.site, served.address
    context = chromium.new_context()
    page = context.new_page()
    failures: list[str] = []
    page.on("requestfailed", lambda failed: failures.append(f"{failed.url} failed: {failed.failure}"))

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            failures.append(f"{response.url} answered {response.status}")

    page.on("response", on_response)
    for missing in MISSING:
        response = page.goto(address + missing)
        assert response is not None and response.status == 404
        assert response.body() == (site / "404.html").read_bytes()
        # A rule only style.css sets: the brand mark's two-colour gradient.
        assert "linear-gradient" in page.eval_on_selector(
            ".brand-mark", "mark => getComputedStyle(mark).backgroundImage"
        )
        icon = page.eval_on_selector("link[rel=icon]", "link => link.href")
        assert fetch(icon) == Answer(200, "image/svg+xml", (site / "assets" / "favicon.svg").read_bytes())
        # Every link to another page (the skip link stays on this one) leads to a page that answers.
        targets = {
            urldefrag(url).url
            for url in page.eval_on_selector_all(
                "a[href], form[action]", "items => items.map(item => item.href || item.action)"
            )
        }
        broken = [
            target
            for target in targets - {page.url}
            if urlsplit(target).netloc == urlsplit(address).netloc and fetch(target).status != 200
        ]
        assert broken == [], missing
        assert urlsplit(page.url).path == SUB_PATH + missing
    context.close()
    assert failures == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("base_url: example.org/briefing/", "'base_url' should be a web address starting with http:// or https://"),
        ("pretty_urls: yes please", "'pretty_urls' should be true or false"),
    ],
)
def test_hosting_settings_are_checked(content_copy: Path, setting: str, message: str):
    replace_in(content_copy / "site.yaml", "base_url: https://example.org/briefing/", setting)
    with pytest.raises(ContentError) as raised:
        build_site(content_copy, TEMPLATES, content_copy.parent / "site")
    [problem] = raised.value.problems
    assert str(problem).startswith("content/site.yaml:") and message in str(problem)

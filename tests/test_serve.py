"""`serve`'s answers, asked of the real server on 127.0.0.1 over a real built site."""

from __future__ import annotations

import os
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from briefing import cli
from briefing.ingest import review
from briefing.pipeline import build_site
from briefing.tools.serve import Builds, listening, serve_in_background
from conftest import free_port

ARTICLE = "articles/zelensky-plans-bilateral-agreements-with-western-states.md"


@pytest.fixture
def served(content_copy: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The shipped briefing built and served: (its address, its output folder)."""
    site = tmp_path / "site"
    build_site(content_copy, None, site, jobs=1)
    server = listening(site, free_port(), Builds(cli._published_path(content_copy)))
    serve_in_background(server)
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()
    server.server_close()


def status_of(url: str, method: str = "GET") -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_no_request_finds_the_site_missing_while_rebuilds_swap_it_in(served: tuple[str, Path], content_copy: Path):
    """A rebuild renames the old site away, then the new one into place: a file looked up between the two, or in
    the old site as it is removed, was answered 404 (about 3 requests in 10,000 during rebuilds)."""
    address, site = served
    paths = ["index.html", "assets/style.css", "topics/", "topics/partner-countries.html", "robots.txt"]
    statuses: Counter[tuple[str, int]] = Counter()
    rebuilding = threading.Event()
    rebuilding.set()

    def ask_in_a_loop() -> None:
        while rebuilding.is_set():
            for path in paths:
                statuses[path, status_of(address + path)] += 1

    askers = [threading.Thread(target=ask_in_a_loop) for _ in range(4)]
    for asker in askers:
        asker.start()
    try:
        for number in range(12):
            with open(content_copy / ARTICLE, "a", encoding="utf-8") as article:
                article.write(f"\nA paragraph added by edit {number}.\n")
            build_site(content_copy, None, site, jobs=1)
    finally:
        rebuilding.clear()
        for asker in askers:
            asker.join()
    assert {status for _, status in statuses} == {200}, [key for key in statuses if key[1] != 200]
    assert sum(statuses.values()) > 500, statuses


def headers_of(url: str) -> dict[str, str]:
    """The headers of an answer, a redirect's or an error's included (not followed)."""

    class NotFollowed(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    try:
        with urllib.request.build_opener(NotFollowed).open(url, timeout=10) as answer:
            return dict(answer.headers)
    except urllib.error.HTTPError as error:
        return dict(error.headers)


def test_every_answer_tells_the_browser_to_keep_nothing(served: tuple[str, Path]):
    """Else a rebuilt stylesheet, search index or page could be shown as the browser kept it (by its age, or a
    Last-Modified of the same second), and a redirect or a 404 remembered after the page is written."""
    address, _ = served
    for path in ("index.html", "assets/style.css", "search-index/manifest.js", "topics", "no-such-page.html"):
        headers = headers_of(address + path)
        assert headers.get("Cache-Control") == "no-store", (path, headers)
        assert "Last-Modified" not in headers, path


def test_a_missing_page_at_any_depth_is_the_sites_404_page_with_links_that_work(
    served: tuple[str, Path], chromium: Browser
):
    """It was the standard handler's bare 'Error response' page. The site's 404 page links from the path the site is
    published under ('/briefing/assets/style.css'), as a host serves it at any depth; the preview answers there."""
    address, _ = served
    page = chromium.new_page()
    answers: dict[str, int] = {}
    page.on("response", lambda response: answers.setdefault(response.url, response.status))
    missing = address + "topics/no-such-topic/gone.html"
    assert page.goto(missing).status == 404
    assert page.title().startswith("Page not found"), page.title()
    page.wait_for_load_state("load")
    assert answers.pop(missing) == 404
    assert "assets/style.css" in " ".join(answers) and set(answers.values()) == {200}, answers
    assert page.evaluate("getComputedStyle(document.body).margin") != "8px"  # the browser's own, without style.css
    for link in page.eval_on_selector_all("a[href]:not([href^='#'])", "links => links.map(link => link.href)"):
        assert status_of(link) == 200, link
    assert status_of(missing, "HEAD") == 404
    page.close()


def test_the_address_the_site_is_published_at_without_its_slash_leads_to_the_site(served: tuple[str, Path]):
    """With base_url https://example.org/briefing/, '/briefing' was answered with the 404 page."""
    address, _ = served
    assert headers_of(address + "briefing")["Location"] == "/briefing/"
    assert headers_of(address + "briefing?q=nato")["Location"] == "/briefing/?q=nato"
    with urllib.request.urlopen(address + "briefing", timeout=10) as answer:
        assert answer.status == 200 and answer.url == address + "briefing/"
        assert "<h1" in answer.read().decode() and status_of(address + "briefing/") == 200
    assert status_of(address + "briefingx") == 404


PROPOSAL = (
    "- id: {number}a2b3c\n  state: {state}\n  kind: new partner\n  country: spain\n  status: signed\n"
    "  article: spain-signs\n  sentence: Ukraine and Spain signed a security agreement ({number}).\n"
)


def review_file(states: list[str], width: int) -> str:
    text = "proposals:\n" + "".join(PROPOSAL.format(number=n, state=state) for n, state in enumerate(states))
    return text + "#" * (width - len(text)) + "\n"


def test_the_proposals_waiting_are_counted_again_only_when_the_review_file_changes(content_copy: Path, tmp_path: Path):
    """They were counted by parsing review.yaml for every page served. Rewritten to the same size and time, the
    file is not read again (which shows it is not read per page); given a new time, it is."""
    site = tmp_path / "site"
    build_site(content_copy, None, site, jobs=1)
    server = listening(site, free_port(), Builds(), lambda: review.pending_count(content_copy))
    serve_in_background(server)
    page = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    path = content_copy / "review.yaml"
    try:
        path.write_text(review_file(["pending", "pending", "rejected"], 900), encoding="utf-8")
        written = path.stat()
        assert "2 tracker proposals wait" in urllib.request.urlopen(page, timeout=10).read().decode()
        path.write_text(review_file(["pending", "rejected", "rejected"], 900), encoding="utf-8")
        os.utime(path, ns=(written.st_atime_ns, written.st_mtime_ns))
        assert "2 tracker proposals wait" in urllib.request.urlopen(page, timeout=10).read().decode()
        os.utime(path, ns=(written.st_atime_ns, written.st_mtime_ns + 1_000_000))
        assert "1 tracker proposal waits" in urllib.request.urlopen(page, timeout=10).read().decode()
    finally:
        server.shutdown()
        server.server_close()

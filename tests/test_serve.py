"""`serve`'s answers, asked of the real server on 127.0.0.1 over a real built site."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
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
from conftest import REPO_ROOT, free_port

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
    # At least 12 rebuilds and 500 requests during them, however busy the machine (it slows the askers too).
    rebuilds = 0
    try:
        while rebuilds < 12 or (sum(statuses.values()) < 500 and rebuilds < 100):
            with open(content_copy / ARTICLE, "a", encoding="utf-8") as article:
                article.write(f"\nA paragraph added by edit {rebuilds}.\n")
            build_site(content_copy, None, site, jobs=1)
            rebuilds += 1
    finally:
        rebuilding.clear()
        for asker in askers:
            asker.join()
    assert {status for _, status in statuses} == {200}, [key for key in statuses if key[1] != 200]
    assert sum(statuses.values()) >= 500, statuses


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


def _as_from_a_terminal() -> None:
    """In the child: Ctrl-C interrupts it, as in a terminal (the test runner may ignore SIGINT and pass that on)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class ServeProcess:
    """`briefing serve` run as a program, its output read as it prints it (through a pipe, unbuffered not asked)."""

    def __init__(self, content: Path, site: Path) -> None:
        self.port = free_port()
        self.site = site
        command = [sys.executable, str(REPO_ROOT / "build.py"), "serve", "--content", str(content)]
        self.process = subprocess.Popen(
            [*command, "--out", str(site), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"},
            start_new_session=True,  # a terminal's group of its own: Ctrl-C reaches the build's workers too
            preexec_fn=_as_from_a_terminal,
        )
        self.printed = ""

    def wait_for(self, text: str, count: int = 1) -> str:
        """Everything printed once `text` has been printed `count` times."""
        deadline = time.monotonic() + 60
        while self.printed.count(text) < count:
            assert time.monotonic() < deadline, f"serve never printed {text!r}: {self.printed}"
            if select.select([self.process.stdout], [], [], 1)[0]:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                assert chunk, f"serve ended: {self.printed} {self.process.stderr.read().decode()}"
                self.printed += chunk.decode()
        return self.printed

    def ctrl_c(self) -> tuple[int, str, str]:
        """Ctrl-C as a terminal sends it, to the whole group; the exit status, the rest of stdout, and stderr."""
        os.killpg(self.process.pid, signal.SIGINT)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out.decode(), err.decode()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.communicate()


@pytest.fixture
def serve_process(content_copy: Path, tmp_path: Path) -> Iterator[ServeProcess]:
    serving = ServeProcess(content_copy, tmp_path / "site")
    yield serving
    serving.stop()


def test_each_build_while_serving_points_at_the_address_not_at_a_file(serve_process: ServeProcess, content_copy: Path):
    """Every rebuild said '— open site/index.html', a file, though the site is served over HTTP and reloads."""
    address = f"http://127.0.0.1:{serve_process.port}/"
    serve_process.wait_for("Serving ")
    with open(content_copy / ARTICLE, "a", encoding="utf-8") as article:
        article.write("\nA paragraph added while serving.\n")
    printed = serve_process.wait_for("Built ", 2)
    built = [line for line in printed.splitlines() if line.startswith("Built ")]
    assert len(built) == 2 and all(line.endswith(f" — served at {address}") for line in built), built
    assert "index.html" not in printed, printed


def test_ctrl_c_says_the_preview_stopped_and_exits_0(serve_process: ServeProcess):
    """Ctrl-C printed nothing: whether it stopped, or how, was left to guess."""
    serve_process.wait_for("Serving ")
    status, out, err = serve_process.ctrl_c()
    assert out.splitlines() == [f"Stopped serving {serve_process.site}/."], out
    assert status == 0 and err == "", err

"""Shared fixtures: the repository's paths, the shipped site built once, small content folders."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

from briefing import urls
from briefing.pipeline import build_site
from briefing.render import history
from briefing.tools.bench import make_corpus

# Property tests run the same examples on every machine, so CI never fails on a new random
# draw; `HYPOTHESIS_PROFILE=explore pytest tests/test_properties.py` searches widely instead.
settings.register_profile("default", max_examples=60, derandomize=True, database=None)
settings.register_profile("explore", max_examples=2_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTENT = REPO_ROOT / "content"
# The built-in theme: passed as --templates it overrides nothing, as in a briefing without templates/.
TEMPLATES = REPO_ROOT / "src" / "briefing" / "theme"
SEEDS = REPO_ROOT / "content" / "originals"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the shipped content, once per test session."""
    out = tmp_path_factory.mktemp("shipped") / "site"
    build_site(CONTENT, TEMPLATES, out)
    return out


# Articles whose slugs look like the names of the article index's own pages: they must not collide.
LIST_LIKE_SLUGS = ("2024-06", "page-2", "index-2024")


@pytest.fixture(scope="session")
def long_lists_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 synthetic articles (and some named like list pages), built with small list pages, so that every
    long list has its contents, pages by year, month and week, and keys cut into parts."""
    folder = tmp_path_factory.mktemp("long-lists")
    make_corpus(CONTENT, folder / "content", 300)
    for slug in LIST_LIKE_SLUGS:
        (folder / "content" / "articles" / f"{slug}.md").write_text(
            f"---\ntitle: The article called {slug}\nsummary: Named as a list page might be.\n"
            "published: 2024-06-12\n---\n\nPoland and Ukraine discussed NATO membership again this week.\n",
            encoding="utf-8",
        )
    # Seven questions of one week on one topic: more than a page even by the week.
    questions = "".join(
        f"  - question: What did NATO members say about Ukraine's membership at meeting {n}?\n"
        f"    answer: NATO members discussed Ukraine's membership and the alliance's guarantees at meeting {n}.\n"
        for n in range(1, 8)
    )
    (folder / "content" / "articles" / "nato-questions.md").write_text(
        "---\ntitle: Questions on NATO membership\nsummary: Seven questions.\npublished: 2024-06-13\n"
        f"qa:\n{questions}---\n\nNATO membership for Ukraine was discussed again this week.\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(urls, "ARTICLES_PER_INDEX_PAGE", 5)
        patch.setattr(urls, "SOURCES_PER_PAGE", 20)
        patch.setattr(urls, "QUESTIONS_PER_FAQ_PAGE", 3)
        patch.setattr(history, "ENTRIES_PER_TIMELINE_PAGE", 5)
        build_site(folder / "content", TEMPLATES, folder / "site")
    return folder / "site"


@pytest.fixture
def empty_content(tmp_path: Path) -> Path:
    """The shipped settings, topics, entities and facts, with no articles yet."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text((CONTENT / "site.yaml").read_text().split("key_points:")[0], encoding="utf-8")
    (content / "topics.yaml").write_text((CONTENT / "topics.yaml").read_text(), encoding="utf-8")
    (content / "entities.yaml").write_text((CONTENT / "entities.yaml").read_text(), encoding="utf-8")
    (content / "facts.yaml").write_text("agreements: []\n", encoding="utf-8")
    return content


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the shipped content that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a content file in place; the old text must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, launched once per test session."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need it, install it with `apt-get install chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# A real nginx, as a host would serve the site (test_hosting, and the 404 page in test_accessibility).

NGINX = Path("/usr/sbin/nginx")
SUB_PATH = "/briefing/"
# What the README tells a user to put in their nginx server block.
README_SITE_FOLDER = "/var/www/briefing/"


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def fetch(url: str) -> Answer:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return Answer(response.status, response.headers.get_content_type(), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get_content_type(), error.read())


def readme_nginx_block() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", readme, re.S)
    assert len(blocks) == 1, "the README shows one nginx block"
    return blocks[0]


def nginx_config(site: Path, folder: Path, port: int) -> str:
    """A whole nginx configuration around the README's block, with every path in `folder`."""
    block = readme_nginx_block()
    assert README_SITE_FOLDER in block
    temp_paths = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
master_process off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
{temp_paths}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{block.replace(README_SITE_FOLDER, f"{site}/")}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], str]]:
    """Starts nginx in the foreground serving a site under /briefing/; returns its address."""
    if not NGINX.exists():
        pytest.fail(f"{NGINX} is missing: the hosting tests need it, install it with `apt-get install nginx`")
    servers: list[subprocess.Popen] = []

    def serve(site: Path) -> str:
        folder = tmp_path_factory.mktemp("nginx")
        port = free_port()
        (folder / "nginx.conf").write_text(nginx_config(site, folder, port), encoding="utf-8")
        # -e: the error log before the configuration is read (the default is under /var/log).
        server = subprocess.Popen(
            [str(NGINX), "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")],
            stderr=subprocess.PIPE,
            text=True,
        )
        servers.append(server)
        address = f"http://127.0.0.1:{port}{SUB_PATH}"
        deadline = time.monotonic() + 15
        while True:
            if server.poll() is not None:
                pytest.fail(f"nginx stopped: {server.stderr.read() if server.stderr else ''}")
            try:
                fetch(address)
                return address
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    yield serve
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def locked_by_another_process(lock_file: Path, pid: str = "4321") -> Iterator[None]:
    """Hold a lock file as another build, ingest or review would, as far as a process started meanwhile can tell:
    locked, with that process's id in it. (POSIX locks do not stop this process itself.)"""
    with open(lock_file, "a+") as held:
        fcntl.lockf(held, fcntl.LOCK_EX)
        held.truncate(0)
        held.write(pid)
        held.flush()
        try:
            yield
        finally:
            fcntl.lockf(held, fcntl.LOCK_UN)

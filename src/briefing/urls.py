"""Every output path and every link between pages, in one place.

Links are relative and always name a file (`topics/nato.html`, never
`topics/nato/`), because file:// does not open a folder's index.html.
"""

from __future__ import annotations

import posixpath

from .model import Article, Entity, QAItem, Quote, Topic

HOME = "index.html"
TOPICS = "topics/index.html"
COUNTRIES = "countries/index.html"
TRACKER = "tracker.html"
FAQ = "faq.html"
SOURCES = "sources.html"
CHANGES = "changes.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
STYLESHEET = "assets/style.css"
SEARCH = "search.html"
A_TO_Z = "a-z.html"
SEARCH_SCRIPT = "assets/search.js"
# The search index: script files the search page loads on demand (see search.py).
SEARCH_MANIFEST = "search-index/manifest.js"
SEARCH_TERMS = "search-index/terms/{}.js"
SEARCH_DOCUMENTS = "search-index/documents/{}.js"
ARTICLES_PER_INDEX_PAGE = 50


def topic(slug: str) -> str:
    return f"topics/{slug}.html"


def country(slug: str) -> str:
    return f"countries/{slug}.html"


def person(slug: str) -> str:
    return f"people/{slug}.html"


def organisation(slug: str) -> str:
    return f"organisations/{slug}.html"


def article(slug: str) -> str:
    return f"articles/{slug}.html"


def timeline(page_number: int) -> str:
    """The timeline, oldest first; page 1 is the folder's index."""
    return "timeline/index.html" if page_number == 1 else f"timeline/page-{page_number}.html"


def article_index(page_number: int) -> str:
    """The paginated list of all articles; page 1 is the folder's index."""
    return "articles/index.html" if page_number == 1 else f"articles/page-{page_number}.html"


def search_terms(number: int) -> str:
    return SEARCH_TERMS.format(number)


def search_documents(number: int) -> str:
    return SEARCH_DOCUMENTS.format(number)


def site_root(from_path: str) -> str:
    """The relative prefix from an output file to the site's root folder: '', '../', …"""
    return "../" * from_path.count("/")


def relative(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A link from one output file to another (or to an anchor in it).

    Plain string work on the paths (posixpath.relpath asks the disk for the working
    folder): a page has dozens of links and a site may have tens of thousands of pages.
    """
    from_folders = from_path.split("/")[:-1]
    to_parts = to_path.split("/")
    shared = 0
    while shared < min(len(from_folders), len(to_parts) - 1) and from_folders[shared] == to_parts[shared]:
        shared += 1
    link = "/".join([".."] * (len(from_folders) - shared) + to_parts[shared:])
    return f"{link}#{anchor}" if anchor else link


def in_section(page_path: str, section_path: str) -> bool:
    """Whether a page lies in a navigation entry's folder (topics/nato.html in topics/)."""
    folder = posixpath.dirname(section_path)
    return bool(folder) and page_path.startswith(folder + "/")


def absolute(base_url: str, path: str) -> str:
    """The public URL of an output file, for canonical links, feed and sitemap."""
    if not base_url:
        return path
    return base_url.rstrip("/") + "/" + path


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


def bundle_section(page_path: str) -> str:
    """The id of a page's section in the single-file edition: topics/nato.html → topics-nato."""
    return page_path.removesuffix(".html").replace("/", "-")


def bundle_anchor(section_id: str, anchor: str) -> str:
    """An id from a page, made unique in the single-file edition: #p-3 → #articles-x--p-3."""
    return f"{section_id}--{anchor}"

"""Stage 4: the briefing to {output path: text}, through Jinja templates.

The pages are those of the kinds in the registry (`registry.py`), each with a ready
context; this module adds what every page shares (navigation, links, the security
policy), the feed and the sitemap, and formats them. Templates only format; nothing
here touches the disk except reading templates.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, TemplateError, select_autoescape
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup, escape

from briefing import urls
from briefing.languages import RIGHT_TO_LEFT, marked_language, writing_direction
from briefing.model import Article, Briefing
from briefing.output.cache import Memo
from briefing.problems import ContentError
from briefing.render.registry import PAGE_KINDS, PageContent, PageKind
from briefing.render.template_problems import ThemeLoader, own_templates_reported
from briefing.render.theme import ASSETS, theme_folders
from briefing.render.visuals import Visuals, visuals
from briefing.text import day_as_written
from briefing.vocabulary import ENTITY_KIND_LABELS, STATUS_LABELS

NAVIGATION = (
    ("Overview", urls.HOME),
    ("Topics", urls.TOPICS),
    ("Tracker", urls.TRACKER),
    ("Countries", urls.COUNTRIES),
    ("Timeline", urls.TIMELINE),
    ("FAQ", urls.FAQ),
    ("Articles", urls.ARTICLE_INDEX),
    ("Sources", urls.SOURCES),
)


@dataclass(frozen=True)
class Page:
    """One output file: the template that formats it and everything it shows."""

    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    in_sitemap: bool = True
    html: bool = True
    # A file made elsewhere (the search index), written as it is; or the function that makes it, called only
    # when the file is written: its `fingerprint` (what stands for everything it holds) is known beforehand.
    text: str | Callable[[], str] | None = None
    fingerprint: str = ""
    # Set on a page known to show what it showed at the last build, in place of its context: the function that
    # gathers the context, called only if its file must be written again after all (gone, or changed by hand).
    gather: Callable[[], dict[str, Any]] | None = None

    def gathered(self) -> Page:
        return self if self.gather is None else dataclasses.replace(self, context=self.gather(), gather=None)


# Remembered: a few thousand distinct days are shown over and over (strftime is slow).
@cache
def _long_date(value: date | None) -> str:
    return day_as_written(value) if value else "Date not stated"


@cache
def _month(value: date | None) -> str:
    return f"{value:%B %Y}" if value else "Date not stated"


def _number(value: int) -> str:
    """A count as English writes it: '10,005'."""
    return f"{value:,}"


def _count_of(number: int, noun: str) -> str:
    """'1 article', '4 articles', '1,417 questions'."""
    return f"{number} {noun}" if number == 1 else f"{number:,} {noun}s"


def _upper_first(text: str) -> str:
    """The text with its first letter a capital, the rest as written ('agreement with Chile' → 'Agreement with Chile')."""
    return text[:1].upper() + text[1:]


def _atom_date(value: date | None) -> str:
    return f"{(value or date(1970, 1, 1)).isoformat()}T00:00:00Z"


class CompiledTemplates(BytecodeCache):
    """The templates as an earlier build compiled them, by template, with the checksum of the source each was
    compiled from: a build that writes a few pages spent longer compiling their templates than rendering them.

    Jinja checks the checksum and its own and Python's version before it uses one; `changed` says whether
    any was compiled now, so that the cache keeps them for the next build.
    """

    def __init__(self, stored: dict[str, tuple[str, bytes]] | None = None):
        self.by_template = dict(stored or {})
        self.changed = False

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self.by_template.get(bucket.key, ("", b""))
        if checksum == bucket.checksum:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.by_template[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())
        self.changed = True


def environment(templates_dir: Path | None, compiled: CompiledTemplates | None = None) -> Environment:
    """Jinja over the built-in theme, with the templates in `templates_dir` (if any) in front of it; `compiled`
    keeps the templates compiled across builds."""
    env = Environment(
        loader=ThemeLoader(theme_folders(templates_dir)),
        bytecode_cache=compiled,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment serves one build, whose templates do not change: no file checks on every page.
        auto_reload=False,
    )
    env.filters["long_date"] = _long_date
    env.filters["month"] = _month
    env.filters["atom_date"] = _atom_date
    env.filters["count_of"] = _count_of
    env.filters["number"] = _number
    env.filters["upper_first"] = _upper_first
    env.globals["status_labels"] = STATUS_LABELS
    env.globals["kind_labels"] = ENTITY_KIND_LABELS
    return env


def pages(briefing: Briefing, pictures: Visuals, as_before: Mapping[str, frozenset[str]] | None = None) -> list[Page]:
    """Every HTML page of the site, in a stable order.

    `as_before`: by kind, the keys of the pages known to show what they showed at the last build; those whose
    context is gathered by a function are left ungathered (`Page.gather`).
    """
    as_before = as_before or {}
    return [
        _page(kind, content, as_before.get(kind.name, frozenset()))
        for kind in PAGE_KINDS
        for content in kind.pages(briefing, pictures)
    ]


def _page(kind: PageKind, content: PageContent, as_before: frozenset[str]) -> Page:
    context, gather = content.context, None
    if callable(context):
        context, gather = ({}, context) if content.key in as_before else (context(), None)
    return Page(kind.path(content.key), kind.template, content.title, context, in_sitemap=kind.sitemap, gather=gather)


def style_hash(css: str) -> str:
    """A CSP source that allows exactly this inline style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(inline_styles: tuple[str, ...] = ()) -> str:
    """The page's Content-Security-Policy: the site's own scripts and styles, nothing from elsewhere.

    An article cannot bring a script or style of its own even if one slipped past the
    sanitiser; the only inline style allowed is one the build wrote, named by its hash.
    """
    styles = " ".join(["'self'", *(style_hash(css) for css in inline_styles)])
    return (
        f"default-src 'none'; script-src 'self'; style-src {styles}; img-src 'self'; "
        "base-uri 'none'; form-action 'self'"
    )


def _inline_styles(page: Page) -> tuple[str, ...]:
    pictures = page.context.get("visuals")
    return (pictures.partner_map.label_style,) if pictures and pictures.partner_map.label_style else ()


def _current(page_path: str, nav_path: str) -> str | None:
    """The aria-current value of a navigation link: this page, or the section it is in."""
    if page_path == nav_path:
        return "page"
    return "true" if urls.in_section(page_path, nav_path) else None


def _page_globals(page: Page, briefing: Briefing, links: dict[tuple[str, str, str | None], Markup]) -> dict[str, Any]:
    settings = briefing.settings
    pretty = settings.pretty_urls
    # A link depends on the folder it is written from (the 404 page's links on nothing): pages in one
    # folder write the same links again and again, so each is worked out and escaped once, in `links`.
    origin = page.path if page.path == urls.NOT_FOUND else posixpath.dirname(urls.output_file(page.path, pretty))

    def url(target: object, anchor: str | None = None) -> Markup:
        path, target_anchor = urls.location_of(target)
        key = (origin, path, anchor or target_anchor)
        link = links.get(key)
        if link is None:
            link = links[key] = escape(urls.link(briefing.settings, page.path, path, anchor or target_anchor))
        return link

    site_direction = writing_direction(settings.language)

    def lang_of(article: Article) -> Markup:
        """' lang="de"' for an element holding an article's own words, when they are not in the site's language;
        with the way they run where that is not the site's way (' lang="ar" dir="rtl"')."""
        language = marked_language(article.language, settings.language)
        if not language:
            return Markup("")
        direction = writing_direction(language)
        return Markup(f' lang="{escape(language)}"' + (f' dir="{direction}"' if direction != site_direction else ""))

    def body_of(article: Article) -> Markup:
        # Rendered here, not when the page list is made: a cached build renders only the bodies it shows.
        return Markup(briefing.bodies[article.slug].html)

    home = page.path == urls.HOME
    return {
        "site": settings,
        "page": page,
        "document_title": briefing.settings.title if home else f"{page.title} · {briefing.settings.title}",
        "url": url,
        "body_of": body_of,
        "lang_of": lang_of,
        # A site in a language written right to left runs so from its <html> element on.
        "site_dir": site_direction if site_direction == RIGHT_TO_LEFT else None,
        "navigation": [(label, path, _current(page.path, path)) for label, path in NAVIGATION],
        "paths": urls,
        # The 404 page, shown at any missing address, has no address of its own to declare.
        "canonical_url": urls.absolute(settings.base_url, page.path, settings.pretty_urls)
        if settings.base_url and page.in_sitemap
        else None,
        "content_security_policy": content_security_policy(_inline_styles(page)),
    }


def _feed(briefing: Briefing) -> Page:
    base_url, pretty = briefing.settings.base_url, briefing.settings.pretty_urls
    articles = briefing.articles[: briefing.settings.feed_count]
    entries = []
    for article in articles:
        address = urls.absolute(base_url, urls.article(article.slug), pretty)
        # Atom ids must be permanent IRIs; without a base URL, a URN stands in.
        entry_id = address if base_url else f"urn:briefing:article:{article.slug}"
        entries.append((article, address, entry_id, marked_language(article.language, briefing.settings.language)))
    context = {
        "site": briefing.settings,
        "entries": entries,
        "updated": max((a.sort_date for a in articles), default=None),
        "feed_id": urls.absolute(base_url, urls.FEED) if base_url else "urn:briefing:feed",
        "feed_url": urls.absolute(base_url, urls.FEED),
        "home_url": urls.absolute(base_url, urls.HOME, pretty),
    }
    return Page(urls.FEED, "feed.xml", "Feed", context, in_sitemap=False, html=False)


def _machine_files(briefing: Briefing, html_pages: list[Page]) -> list[Page]:
    """The feed, the sitemap, robots.txt and .nojekyll."""
    base_url, pretty = briefing.settings.base_url, briefing.settings.pretty_urls
    files = [_feed(briefing)]
    # A sitemap lists absolute URLs only; without a base URL there is none to give.
    if base_url:
        locations = [urls.absolute(base_url, p.path, pretty) for p in html_pages if p.in_sitemap]
        files.append(
            Page(urls.SITEMAP, "sitemap.xml", "Sitemap", {"locations": locations}, in_sitemap=False, html=False)
        )
    sitemap_url = urls.absolute(base_url, urls.SITEMAP) if base_url else None
    files.append(Page(urls.ROBOTS, "robots.txt", "Robots", {"sitemap_url": sitemap_url}, in_sitemap=False, html=False))
    files.append(Page(urls.NO_JEKYLL, "", "", in_sitemap=False, html=False, text=""))
    return files


def site_files(
    briefing: Briefing, map_memo: Memo | None = None, as_before: Mapping[str, frozenset[str]] | None = None
) -> list[Page]:
    """Every file the site is made of, but the static assets: pages, feed, sitemap, robots.txt, .nojekyll.

    `map_memo` keeps the partner map drawn for the partners, so a build that leaves them as they were does not redraw it.
    `as_before`: see `pages`.
    """
    html_pages = pages(briefing, visuals(briefing, map_memo), as_before)
    return html_pages + _machine_files(briefing, html_pages)


def _is_template(name: str) -> bool:
    return name.endswith((".html", ".xml", ".txt")) and not name.startswith(f"{ASSETS}/")


class Renderer:
    """Formats pages through the templates; one per build (and per worker process)."""

    def __init__(self, briefing: Briefing, templates_dir: Path | None, compiled: CompiledTemplates | None = None):
        self.briefing = briefing
        self.env = environment(templates_dir, compiled)
        self.templates_dir = templates_dir
        self._links: dict[tuple[str, str, str | None], Markup] = {}

    def compile_all(self) -> None:
        """Compile every template of the theme now, those pages extend and import included (those compiled already
        are only loaded). One that does not compile is left for the page that uses it to report."""
        for name in self.env.list_templates(filter_func=_is_template):
            with contextlib.suppress(TemplateError, ContentError):
                self.env.get_template(name)

    def render(self, page: Page) -> str:
        if page.text is not None:
            return page.text if isinstance(page.text, str) else page.text()
        with own_templates_reported(self.templates_dir):
            template = self.env.get_template(page.template)
            if not page.html:
                return template.render(**page.context)
            return template.render(**page.context, **_page_globals(page, self.briefing, self._links))

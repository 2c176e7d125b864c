"""The single-file edition: the whole built site as one HTML document, for email or print.

Works from the built pages: each page's <main> becomes a section of one document,
under a table of contents. Every id is made unique by prefixing it with its section's
id, every link inside the site becomes an in-page anchor, and the styles are inlined
under a Content-Security-Policy that allows no script and only those styles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree
from markupsafe import Markup, escape

from briefing import urls
from briefing.model import Location
from briefing.output.write import files_made_by_build
from briefing.parallel import map_forked
from briefing.problems import ContentError, Problem
from briefing.render.pages import environment, style_hash
from briefing.render.registry import PAGE_KINDS, SINGLE_FILE_PARTS, InSingleFile, LeftOut, PageKind, kind_named
from briefing.render.template_problems import own_templates_reported
from briefing.render.theme import theme_file
from briefing.text import did_you_mean, slugify
from briefing.tools.links import destination

TEMPLATE = "bundle.html"
STYLESHEET = "bundle.css"
# What only works with a script or a server, and the page-to-page links the contents replace.
PAGINATION = "//nav[contains(concat(' ', normalize-space(@class), ' '), ' pagination ')]"
DROPPED = f"//script | //noscript | //form | {PAGINATION}"
# Attributes that name other elements by id (space-separated lists for the aria ones).
ID_REFERENCES = (
    "for",
    "headers",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-details",
    "aria-flowto",
    "aria-activedescendant",
    "aria-errormessage",
)
URL_REFERENCE = re.compile(r"url\(#([^)\s]+)\)")
CSS_ID = re.compile(r"#(-?[A-Za-z_][\w-]*)")


@dataclass(frozen=True)
class Group:
    """A part of the document: its label, its lead pages in order, and which other pages it holds."""

    label: str
    lead: tuple[str, ...]
    holds: Callable[[str], bool] = lambda path: False

    @property
    def anchor(self) -> str:
        return urls.bundle_group(slugify(self.label))


@dataclass(frozen=True)
class PageFacts:
    """What the plan needs from one built page: its title, its ids and the site files it links to, in order."""

    title: str
    ids: frozenset[str]
    links: tuple[str, ...]
    published: str = ""  # an article's date as the page gives it (YYYY-MM-DD), for a date range
    next_page: str = ""  # the page after it in a long list (its pagination's rel="next")
    language: str = ""  # its title's language, where the page marks it (an article in another than the site's)
    direction: str = ""  # the way its title runs, where the page marks it (not the site's way)


RECENT_ARTICLES = 50


class EditionError(Exception):
    """Options of the single-file edition that cannot be met: what is wrong, and how to fix it."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class Edition:
    """What the single file holds, so that it stays a few MB however large the briefing.

    By default the core: the overview, topics, tracker, partner countries, the first page of
    questions and answers, and the most recent articles. Topics or a date range choose the
    articles instead; `everything` holds every page of the site.
    """

    everything: bool = False
    recent: int | None = None  # how many recent articles; None for RECENT_ARTICLES
    topics: tuple[str, ...] = ()
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""

    def _choosers(self) -> list[str]:
        """The options given that choose the articles by topic or date instead of by how recent they are."""
        return [
            option
            for option, value in (("--topics", self.topics), ("--since", self.since), ("--until", self.until))
            if value
        ]

    def check_options(self) -> None:
        """Refuse options that contradict each other or choose nothing, before anything is built."""
        choosers = self._choosers()
        if self.everything and (choosers or self.recent is not None):
            given = " and ".join(choosers + ["--recent"] * (self.recent is not None))
            raise EditionError(
                f"--everything holds every article, so {given} would leave none out",
                f"give --everything or {given}, not both",
            )
        if self.recent is not None and choosers:
            raise EditionError(
                f"--recent counts the most recent articles, and {' and '.join(choosers)} choose the articles instead",
                f"give --recent or {' and '.join(choosers)}, not both",
            )
        if self.since and self.until and self.since > self.until:
            raise EditionError(
                f"--since {self.since} is after --until {self.until}, so no article can be in that range",
                f"swap the dates: --since {self.until} --until {self.since}",
            )

    def chosen(self, facts: dict[str, PageFacts], order: dict[str, int]) -> set[str]:
        """The pages this edition holds, of the built site's pages."""
        pages = set(facts)
        if self.everything:
            return pages
        core = {file_of(path, pages) for path in (urls.HOME, urls.TOPICS, urls.TRACKER, urls.COUNTRIES, urls.FAQ)}
        core |= {path for path in pages if any(urls.in_section(path, f) for f in (urls.TOPICS, urls.COUNTRIES))}
        return (core & pages) | self._articles(facts, order)

    def _articles(self, facts: dict[str, PageFacts], order: dict[str, int]) -> set[str]:
        indexes = set(kind_files(kind_named("article index"), facts))
        every_article = [path for path in facts if urls.in_section(path, urls.article("x")) and path not in indexes]
        articles = every_article
        topic_pages = self._topic_pages(set(facts))
        if topic_pages:
            articles = [path for path in articles if topic_pages & set(facts[path].links)]
        if self.since or self.until:
            articles = [
                path
                for path in articles
                if facts[path].published
                and (self.since or facts[path].published) <= facts[path].published <= (self.until or "9999")
            ]
        if topic_pages or self.since or self.until:
            if not articles:
                raise self._none_chosen(
                    sorted(facts[path].published for path in every_article if facts[path].published)
                )
            return set(articles)
        recent = RECENT_ARTICLES if self.recent is None else self.recent
        return set(sorted(articles, key=lambda path: (order.get(path, len(order)), path))[:recent])

    def _topic_pages(self, pages: set[str]) -> set[str]:
        """The pages of the topics asked for; a slug that is no topic's is refused, with the closest one."""
        known = {slug for slug in map(urls.topic_slug, pages) if slug}
        unknown = [slug for slug in self.topics if slug not in known]
        if unknown:
            raise EditionError(
                f"--topics: no topic is called {' or '.join(repr(slug) for slug in unknown)}",
                "give the slugs of topics.yaml (a topic page's file name): "
                + "; ".join(f"for {slug!r}, {did_you_mean(slug.lower(), known)}" for slug in unknown),
            )
        return {file_of(urls.topic(slug), pages) for slug in self.topics}

    def _none_chosen(self, dates: list[str]) -> EditionError:
        """The refusal of topics or dates that hold no article, saying when the articles were published."""
        on = f" on {' or '.join(self.topics)}" if self.topics else ""
        if self.since and self.until:
            when = f"from {self.since} to {self.until}"
        else:
            when = f"on or after {self.since}" if self.since else f"on or before {self.until}" if self.until else ""
        problem = f"no article{on} was published {when}" if when else f"no article is{on}"
        span = f"the articles were published from {dates[0]} to {dates[-1]}" if dates else "no article gives its date"
        choices = ["topics"] * bool(self.topics) + ["dates"] * bool(when)
        return EditionError(f"{problem} ({span})", f"choose other {' or '.join(choices)}")


CORE, EVERYTHING = Edition(), Edition(everything=True)


@dataclass(frozen=True)
class Section:
    path: str
    anchor: str
    title: str
    language: str = ""  # as PageFacts'
    direction: str = ""


@dataclass(frozen=True)
class ContentsEntry:
    """One part in the table of contents: its label, linked to its lead page if it has one, and the rest."""

    anchor: str
    label: str
    link: str | None
    items: tuple[Section, ...]


@dataclass(frozen=True)
class Plan:
    """Which pages become sections, in what order, and where links to the pages left out go."""

    groups: tuple[tuple[Group, tuple[Section, ...]], ...]
    sections: dict[str, Section]
    redirects: dict[str, str]
    facts: dict[str, PageFacts]

    def anchor_for(self, path: str, anchor: str) -> str:
        """The id that a link to `path#anchor` points to in the document."""
        section = self.sections.get(path)
        if section is None:
            return self.redirects.get(path, urls.BUNDLE_CONTENTS)
        if anchor in self.facts[path].ids:
            return urls.bundle_anchor(section.anchor, anchor)
        return section.anchor

    def contents(self) -> list[ContentsEntry]:
        """The table of contents: each part's label links to its lead page (Topics → topics/index.html)."""
        entries = []
        for group, members in self.groups:
            lead = members[0] if members[0].path in group.lead else None
            entries.append(
                ContentsEntry(
                    group.anchor, group.label, lead.anchor if lead else None, members[1:] if lead else members
                )
            )
        return entries


def file_of(path: str, pages: set[str]) -> str:
    """The built file of a page: its path, or the folder's index.html a site with pretty URLs writes."""
    return path if path in pages else urls.output_file(path, pretty=True)


def kind_files(kind: PageKind, facts: dict[str, PageFacts]) -> tuple[str, ...]:
    """The built files of a kind with one page or of a long list, in reading order; () for a page per item.

    A long list's first page links to the list's next page first, and each page to the one after it.
    """
    pages = set(facts)
    if isinstance(kind.url, str):
        return (file_of(kind.url, pages),)
    if not kind.paged:
        return ()
    first = file_of(kind.url(None), pages)
    if first not in facts:
        return ()
    folder = kind.url(urls.ListKey(("x",)))
    found = [first]
    page = next((path for path in facts[first].links if urls.in_section(path, folder) and path != first), "")
    while page in facts and page not in found:
        found.append(page)
        page = facts[page].next_page
    return tuple(found)


def _holds(kinds: list[PageKind], claimed: set[str]) -> Callable[[str], bool]:
    """Whether a file is a page of one of these per-item kinds: in its folder, and no other kind's own page."""
    folders = [kind.url("x") for kind in kinds if not isinstance(kind.url, str) and not kind.paged]
    return lambda path: path not in claimed and any(urls.in_section(path, folder) for folder in folders)


def _groups(facts: dict[str, PageFacts], pages: set[str]) -> list[Group]:
    """The document's parts in reading order, each holding the kinds of page the registry puts in it."""
    claimed = {path for kind in PAGE_KINDS for path in kind_files(kind, facts)}
    groups = []
    for part in SINGLE_FILE_PARTS:
        kinds = [kind for kind in PAGE_KINDS if kind.single_file == InSingleFile(part)]
        lead = tuple(path for kind in kinds for path in kind_files(kind, facts) if path in pages)
        groups.append(Group(part, lead, _holds(kinds, claimed)))
    return groups


def _reading_order(facts: dict[str, PageFacts]) -> dict[str, int]:
    """Each page's place in the site's own listings (topics as curated, articles newest first)."""
    listings = [path for kind in PAGE_KINDS if kind.listing for path in kind_files(kind, facts)]
    order: dict[str, int] = {}
    for listing in listings:
        for path in facts[listing].links if listing in facts else ():
            order.setdefault(path, len(order))
    return order


def _replacement(
    kind: PageKind,
    facts: dict[str, PageFacts],
    groups: list[tuple[Group, tuple[Section, ...]]],
    sections: dict[str, Section],
) -> str:
    """Where links to a page the document leaves out lead: the section of the page that stands in for it,
    the part listing the items it listed, or the contents."""
    files = kind_files(kind, facts)
    if files:
        return sections[files[0]].anchor if files[0] in sections else urls.BUNDLE_CONTENTS
    part = kind.single_file.part if isinstance(kind.single_file, InSingleFile) else None
    return next((group.anchor for group, _ in groups if group.label == part), urls.BUNDLE_CONTENTS)


def plan(facts: dict[str, PageFacts], edition: Edition = EVERYTHING) -> Plan:
    order = _reading_order(facts)
    pages = edition.chosen(facts, order)
    placed: set[str] = set()
    groups = []
    for group in _groups(facts, pages):
        members = sorted(
            (p for p in pages if group.holds(p) and p not in group.lead), key=lambda p: (order.get(p, len(order)), p)
        )
        chosen = [p for p in (*group.lead, *members) if p in pages and p not in placed]
        placed.update(chosen)
        if chosen:
            groups.append(
                (
                    group,
                    tuple(
                        Section(p, urls.bundle_section(p), facts[p].title, facts[p].language, facts[p].direction)
                        for p in chosen
                    ),
                )
            )
    sections = {section.path: section for _, members in groups for section in members}
    redirects = {
        path: _replacement(kind_named(kind.single_file.instead), facts, groups, sections)
        for kind in PAGE_KINDS
        if isinstance(kind.single_file, LeftOut) and kind.single_file.instead
        for path in kind_files(kind, facts)
    }
    return Plan(tuple(groups), sections, redirects, facts)


def site_target(page: str, href: str) -> tuple[str, str] | None:
    """The site file and anchor a link on `page` points to; None for a link that leaves the site.

    A link that leads nowhere in the site gives the path '' (which the plan sends to the contents).
    """
    target = destination(page, href, site_url="")
    if target.outside or target.inline:
        return None
    return target.path or "", target.fragment


def _main_of(site_dir: Path, path: str) -> tuple[etree._Element, etree._Element, str]:
    """A built page's document and its <main>, without what the single file leaves out, and the
    address its pagination's "next" link had."""
    root = lxml.html.parse(str(site_dir / path)).getroot()
    main = root.find(".//main")
    if main is None:
        raise ValueError(f"{site_dir / path} has no <main> element")
    after = main.xpath(f"string(({PAGINATION}/a[@rel='next'])[1]/@href)")
    for element in main.xpath(DROPPED):
        element.drop_tree()
    return root, main, after


def page_facts(site_dir: Path, path: str) -> PageFacts:
    root, main, after = _main_of(site_dir, path)
    heading = main.find(".//h1")
    title = heading.text_content() if heading is not None else root.findtext(".//title") or path
    links = []
    for element in main.iter("a"):
        target = site_target(path, element.get("href") or "")
        if target:
            links.append(target[0])
    ids = frozenset(element.get("id") for element in main.iter(etree.Element) if element.get("id"))
    published = main.xpath("string((.//time[@class='published'])[1]/@datetime)")
    next_page = site_target(path, after) if after else None
    language = heading.get("lang", "") if heading is not None else ""
    direction = heading.get("dir", "") if heading is not None else ""
    next_path = next_page[0] if next_page else ""
    return PageFacts(" ".join(title.split()), ids, tuple(links), published, next_path, language, direction)


def _prefix_ids(element: etree._Element, section_id: str, ids: frozenset[str]) -> None:
    """Give the element's id, and every id it refers to, its section's prefix."""

    def renamed(name: str) -> str:
        return urls.bundle_anchor(section_id, name) if name in ids else name

    if element.get("id"):
        element.set("id", renamed(element.get("id")))
    for attribute in ID_REFERENCES:
        if element.get(attribute):
            element.set(attribute, " ".join(renamed(name) for name in element.get(attribute).split()))
    for attribute, value in element.attrib.items():
        if "url(#" in value:
            element.set(attribute, URL_REFERENCE.sub(lambda match: f"url(#{renamed(match.group(1))})", value))


def section_html(site_dir: Path, section: Section, the_plan: Plan) -> tuple[str, list[str]]:
    """A page's main content as a section, ids prefixed and site links turned into anchors,
    and the page's own <style> elements (the map's), to be inlined once in the head."""
    _, main, _ = _main_of(site_dir, section.path)
    ids = the_plan.facts[section.path].ids
    for element in main.iter(etree.Element):
        _prefix_ids(element, section.anchor, ids)
        target = site_target(section.path, element.get("href") or "") if element.get("href") is not None else None
        if target:
            element.set("href", "#" + the_plan.anchor_for(*target))
        # A style attribute would break the policy that allows only the hashed <style>.
        element.attrib.pop("style", None)
    styles = []
    for style in list(main.iter("style")):
        styles.append(
            CSS_ID.sub(
                lambda match: (
                    "#"
                    + (urls.bundle_anchor(section.anchor, match.group(1)) if match.group(1) in ids else match.group(1))
                ),
                style.text or "",
            )
        )
        style.drop_tree()
    inner = [
        str(escape(main.text or "")),
        *(etree.tostring(child, method="html", encoding="unicode") for child in main),
    ]
    return "".join(inner), styles


def content_security_policy(css: str) -> str:
    """No scripts, no requests; only the one inline stylesheet, named by its hash."""
    return f"default-src 'none'; style-src {style_hash(css)}; base-uri 'none'; form-action 'none'"


def html_pages(site_dir: Path) -> list[str]:
    """The pages the build made (not files of the user's own kept in the folder)."""
    return sorted(path for path in files_made_by_build(site_dir) if path.endswith(".html"))


@dataclass(frozen=True)
class SiteHead:
    title: str
    language: str
    description: str
    direction: str  # where the home page says (a site written right to left)


def site_head(site_dir: Path) -> SiteHead:
    """The site's title, language and description, as its home page gives them."""
    home = lxml.html.parse(str(site_dir / urls.HOME)).getroot()
    return SiteHead(
        home.findtext(".//title") or "",
        home.get("lang") or "en",
        home.xpath("string(//meta[@name='description']/@content)"),
        home.get("dir") or "",
    )


def _stylesheet_text(path: Path) -> str:
    """A stylesheet to put inside the edition; one not in UTF-8 (a theme's own, saved in another encoding) is named."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(
            [
                Problem(
                    Location(str(path)),
                    "this stylesheet is not UTF-8 text",
                    "save it as UTF-8 (for the site's copy, the stylesheet in templates/assets/ it comes from), then bundle again",
                )
            ]
        ) from None


def single_file(site_dir: Path, templates_dir: Path | None, jobs: int = 1, edition: Edition = CORE) -> tuple[str, int]:
    """The briefing as one HTML document, and how many sections it has (pages read over `jobs` processes)."""
    pages = html_pages(site_dir)
    the_plan = plan(dict(zip(pages, map_forked(lambda path: page_facts(site_dir, path), pages, jobs))), edition)
    ordered = [section for _, members in the_plan.groups for section in members]
    parts = list(map_forked(lambda section: section_html(site_dir, section, the_plan), ordered, jobs))
    sections = [(section, Markup(html)) for section, (html, _) in zip(ordered, parts)]
    styles = [style for _, page_styles in parts for style in page_styles]
    css = "\n".join(
        [
            _stylesheet_text(site_dir / urls.STYLESHEET),
            _stylesheet_text(theme_file(templates_dir, STYLESHEET)),
            *styles,
        ]
    )
    head = site_head(site_dir)
    with own_templates_reported(templates_dir):
        document = (
            environment(templates_dir)
            .get_template(TEMPLATE)
            .render(
                title=head.title,
                language=head.language,
                direction=head.direction,
                description=head.description,
                contents_id=urls.BUNDLE_CONTENTS,
                contents=the_plan.contents(),
                sections=sections,
                css=Markup(css),
                policy=content_security_policy(css),
            )
        )
    return document, len(sections)

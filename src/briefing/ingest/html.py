"""A saved web page → the parts of an article, trusting the extractor's structure.

trafilatura finds the article inside the page and gives its structure (paragraphs,
headings, lists, block quotes, tables); that structure is kept as it is, with no
guessing from line lengths. The page's own metadata gives the title (without the
site's name), publisher, author, date and address, and schema.org FAQ markup gives
question-and-answer pairs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from briefing.ingest.questions import pairs_from_blocks
from briefing.ingest.rawtext import (
    BYLINE_BLOCKS,
    BYLINE_NAMES,
    ParsedArticle,
    byline_of,
    escape_inline,
    is_junk_line,
    is_teaser_heading,
    names_of,
    reporters_of,
)
from briefing.languages import declared_language, writes_day_first
from briefing.text import (
    dateline_day,
    is_web_address,
    iso_day,
    normalise,
    rfc822_day,
    sentences,
    without_invisible_breaks,
)

# trafilatura's time grows faster than the page: 20,000 inline tags take seconds, 50,000 over a minute.
MAX_ELEMENTS = 15_000
_OPENING_TAG = re.compile(r"<[A-Za-z]")
# What sites put between a headline and their name in <title> and og:title.
# What a title ends with in brackets: the site's name, at times ('… (neues-deutschland.de)').
_BRACKETED_AT_END = re.compile(r"\s*\(([^()]+)\)\s*$")
# Guillemets part a title only where no word touches them: in 'und «ganz normalem Deutsch»' they quote.
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«›‹⋆/]\s+|\s*(?:\||::)\s*|\s*(?<!\w)[»«](?!\w)\s*|:\s+")
# A separator with nothing on one side ('Headline -', where a site's name was left empty); not a guillemet,
# which French writes inside its quotes ('« Les privatisations … »').
_DANGLING_SEPARATORS = re.compile(r"^\s*[|\-–—·•⋆/]+\s+|\s+[|\-–—·•⋆/]+\s*$")
# A day in figures between a title's separators ('… | DW | 19.01.2020', '23.01.2022 - …'): the page's date.
_DAY_PART = re.compile(
    r"^(?:\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4}\.?)?|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"(?:,?\s+\d{1,2}[.:h]\d{2}(?:\s*\w{1,3})?)?$"  # perhaps with the time ('31.10.2023, 10.19 Uhr')
)
# The most words a name on an author's link has ('Juan Carlos de la Cruz'); more is a sentence about them
# ('View all posts by Ann Lee', 'Zeige alle Beiträge von Ann Lee').
NAME_MAX_WORDS = 5
# The most words a site's motto after its name in a title has ('Headline | Site | Miami News, Weather, Sports').
SITE_MOTTO_MAX_WORDS = 8
# Fewer words than this in an <h1> may be a box's title ('News', 'detail') as well as a headline.
HEADLINE_MIN_WORDS = 3
# The shortest word that says what a headline is about, which an <h1> and <title> giving one headline share: not
# 'and' or 'the'.
HEADLINE_WORD_MIN_LETTERS = 4
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)
_TIME_TAG = re.compile(r"<(/?)time\b", re.IGNORECASE)
# A byline standing alone near the headline, as sites write it outside the text, in their own language: 'Von
# Andreas Kürten', 'Par Matthieu Hy', 'Text: Ana Ruiz', 'By Ann Lee and Bo Chen'.
_BYLINE_LABEL = (
    r"(?i:by:?|von:?|par|por:?|door|av|af|text(?::|\s+von)|ein\s+artikel\s+von|written\s+by|autor(?:in|en)?:?|"
    r"author:|auteur\s?:|verfasser(?:in)?:)"
)
_HEADLINE_BYLINE = re.compile(rf"^{_BYLINE_LABEL}\s+(?P<names>{BYLINE_NAMES})$")
# What parts the pieces of such a line that gives more than the byline: 'By Daniel | Published: 23. Juli 2017 |
# Comments off', 'Travel · By Cara Stiles · April 13, 2020'.
_BYLINE_PIECES = re.compile(r"\s+[|•·]\s+")
# A byline and the day it was written in one piece: 'par Didier Roy, 21 juin 2018', 'von Anna Lis am 20.09.2020',
# 'Posted on September 21, 2020 by Adi Tzlil'.
_BYLINE_THEN_DAY = re.compile(
    rf"^{_BYLINE_LABEL}\s+(?P<names>{BYLINE_NAMES})(?:\s*,|\s+(?i:am|on|le|el|il|op))\s*(?P<day>.+)$"
)
_DAY_THEN_BYLINE = re.compile(rf"^(?P<day>.+?),?\s+(?i:by|von|par|por)\s+(?P<names>{BYLINE_NAMES})$")
# How far after the headline such a byline, or a date standing alone, is looked for, in elements: past a kicker,
# a standfirst, a picture; and how far before it, for a date (written above the headline as often as below).
ELEMENTS_AFTER_HEADLINE = 60
# … or, past a page's sharing buttons, this many elements that hold text, up to ELEMENTS_PAST_EMPTY_ONES in all.
TEXTS_AFTER_HEADLINE = 20
ELEMENTS_PAST_EMPTY_ONES = 200
ELEMENTS_BEFORE_HEADLINE = 20
# The longest text such a date stands in: a label and a time beside it, not a sentence that gives one.
DATELINE_MAX_CHARACTERS = 60
# The longest line whose pieces are looked through for a byline: a few pieces, not an article's text.
BYLINE_LINE_MAX_CHARACTERS = 160
_BLOCK_TAGS = {"p", "head", "list", "quote", "table", "code", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}
# The elements whose text a browser never shows: scripts, style rules, and the markup that scripts copy from.
_NEVER_SHOWN_TAGS = ("script", "style", "template")
# What a browser shows only where the page's scripts do not run.
_NOSCRIPT = "noscript"
_SHOWN_TEXT = etree.XPath(".//text()[not(" + " or ".join(f"ancestor::{tag}" for tag in _NEVER_SHOWN_TAGS) + ")]")
_IN_NEVER_SHOWN = " | ".join(f"ancestor-or-self::{tag}" for tag in _NEVER_SHOWN_TAGS)


class PageTooBusy(Exception):
    """A page whose markup would keep the extractor busy for minutes."""


@dataclass
class PageMetadata:
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    faq: list[tuple[str, str]] = field(default_factory=list)
    live_blog: bool = False  # schema.org LiveBlogPosting: updates, each with its time
    language: str | None = None  # a BCP 47 tag, as the page declares it
    # The names the footer links to as authors: the theme's makers ('Theme by …'), not the article's.
    footer_credits: frozenset[str] = frozenset()
    article_body: str | None = None  # the article's text as its JSON-LD gives it (articleBody)
    byline: str | None = None  # the names of a byline near the headline, outside the text
    dateline: date | None = None  # the day an element near the headline gives, standing alone ('21.01.2022')
    # Whether the body's only text is in its menus, header, footer and <noscript>: a page whose scripts write its
    # text, saved before they ran (trafilatura would give the menus as the article).
    furniture_only: bool = False


def check_not_too_busy(html: str) -> None:
    elements = len(_OPENING_TAG.findall(html))
    if elements > MAX_ELEMENTS:
        raise PageTooBusy(f"this page has {elements:,} HTML elements, over the {MAX_ELEMENTS:,} this tool reads")


def _flat(text: str | None) -> str:
    return " ".join(without_invisible_breaks(text or "").split())


def _key(text: str) -> str:
    """A name as letters and digits only, without a leading 'The', to compare 'SpaceNews.com' with 'SpaceNews'
    and 'The Atlantic Times' with atlantictimes.com."""
    return re.sub(r"[\W_]+", "", re.sub(r"^\s*the\s+", "", text.casefold()))


# Metadata


def _meta(tree: Any, *names: str) -> str | None:
    for name in names:
        for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content"):
            if _flat(value):
                return _flat(value)
    return None


# The CDATA section an XHTML habit wraps a script in, as WordPress's schema plugins still write JSON-LD.
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _json_value(script: str) -> Any:
    """A JSON-LD block's value, read as leniently as search engines read it: inside a CDATA section, with line
    breaks and tabs left raw in its strings, with a stray ';' after it. Raises ValueError for no JSON at all."""
    value, _ = json.JSONDecoder(strict=False).raw_decode(_CDATA.sub("", script).strip())
    return value


def _json_ld(tree: Any) -> list[dict]:
    """Every schema.org object in the page's JSON-LD blocks, nested @graph lists flattened."""
    found: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = _json_value(script)
        except ValueError:
            continue
        pending = [data]
        while pending:
            item = pending.pop()
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                pending.extend(value for key, value in item.items() if key in ("@graph", "mainEntity"))
    return found


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    return set(kind) if isinstance(kind, list) else {str(kind)}


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    # JSON-LD's strings hold HTML's entities as WordPress's plugins write them ('Lindsey O&#039;Donnell').
    return _unescaped(_flat(value)) if isinstance(value, str) and _flat(value) else None


def _answer_text(answer: Any) -> str:
    if isinstance(answer, list):
        answer = answer[0] if answer else {}
    text = answer.get("text", "") if isinstance(answer, dict) else str(answer or "")
    return _flat(lxml.html.fromstring(f"<div>{text}</div>").text_content()) if text.strip() else ""


def _structured_faq(tree: Any, linked: list[dict]) -> list[tuple[str, str]]:
    """Pairs from schema.org FAQPage or QAPage markup, in JSON-LD or microdata."""
    pairs = []
    for item in linked:
        if "Question" in _types(item):
            question = _flat(item.get("name") or item.get("text"))
            answer = _answer_text(item.get("acceptedAnswer") or item.get("suggestedAnswer"))
            if question and answer:
                pairs.append((question, answer))
    for question in tree.xpath("//*[contains(@itemtype, 'schema.org/Question')]"):
        name = question.xpath(".//*[@itemprop='name']")
        answer = question.xpath(".//*[@itemprop='acceptedAnswer' or @itemprop='suggestedAnswer']//*[@itemprop='text']")
        if name and answer:
            pairs.append((_flat(name[0].text_content()), _flat(answer[0].text_content())))
    return list(dict.fromkeys(pairs))


def carries_site_name(title: str, site_names: set[str]) -> bool:
    """Whether a title still has a part, between separators, that is the site's name or domain."""
    parts = [title[start:end] for start, end in _part_spans(title)]
    return len(parts) > 1 and any(_names_the_site(part, site_names) for part in parts)


# Words a site's name is written with in its titles beside the name itself ('brand eins online', 'NWX Magazin').
_SITE_NAME_WORDS = ("online", "magazin", "magazine", "news", "blog")


def _names_the_site(part: str, site_names: set[str]) -> bool:
    key = _key(part)
    bare = next((key.removesuffix(word) for word in _SITE_NAME_WORDS if key.endswith(word)), key)
    return key in site_names or bare in site_names or is_web_address(part)


def _not_the_headline(part: str, site_names: set[str]) -> bool:
    return _names_the_site(part, site_names) or bool(_DAY_PART.match(part.strip()))


def site_named_in(title: str, url: str | None) -> str | None:
    """The title, or the part of it, that names the site at the address ('Baltic Wire'; 'The Guardian' of 'World news |
    The Guardian', 'NPR' of 'Technology : NPR', as a feed's title gives its section beside it); None if none does."""
    names = site_names_of(None, url)
    parts = [title, *(title[start:end].strip() for start, end in _part_spans(title))]
    return next((part for part in parts if _names_the_site(part, names)), None)


def site_names_of(publisher: str | None, url: str | None) -> set[str]:
    """The site's name and its domain (with and without the ending), as compared by `_key`."""
    names = {_key(publisher)} if publisher else set()
    if url:
        host = host_of(url)
        label = _key(_site_label(host))
        names |= {_key(host), label, label.removeprefix("the")}  # theguardian.com is The Guardian's
    names.discard("")
    return names


def same_site(address: str, other: str) -> bool:
    """Whether two web addresses are of one site by its name part ('news.bbc.co.uk' and 'www.bbc.com')."""
    return _site_label(host_of(address)) == _site_label(host_of(other))


def host_of(address: str) -> str:
    """An address's host as a site is named by it: 'courier.example' for 'https://www.courier.example/x'."""
    return (urlsplit(address).hostname or "").removeprefix("www.")


def _site_label(host: str) -> str:
    """The name part of a host: 'cnn' in edition.cnn.com, 'bbc' in news.bbc.co.uk."""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "gov", "ac", "edu"):
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else host


def strip_site_name(title: str, site_names: set[str]) -> str:
    """The title without the parts before or after the headline that are the site's name, its domain, its
    motto after its name, or the day; the site's name in brackets after it too ('… (neues-deutschland.de)')."""
    bracketed = _BRACKETED_AT_END.search(title)
    if bracketed and title[: bracketed.start()].strip() and _names_the_site(bracketed[1], site_names):
        title = title[: bracketed.start()]
    title = _DANGLING_SEPARATORS.sub("", title)
    spans = _part_spans(title)
    if len(spans) < 2 or _key(title) in site_names:  # a site's name may have separators ('Biathlon Union - IBU')
        return "" if _key(title) in site_names else title.strip(" |")
    parts = [title[start:end] for start, end in spans]
    first, last = 0, len(parts) - 1
    named = next((index for index in range(1, len(parts)) if _names_the_site(parts[index], site_names)), None)
    if named is not None and _a_motto_follows(title, spans, named):
        last = named
    while last > first and _not_the_headline(parts[last], site_names):
        last -= 1
    while last > first and _not_the_headline(parts[first], site_names):
        first += 1
    if first == last and _key(parts[first]) in site_names:
        return ""
    # Cut only at the separators that were removed: the headline's own dashes and colons stay.
    return title[spans[first][0] : spans[last][1]].strip()


def _part_spans(title: str) -> list[tuple[int, int]]:
    """Where a title's parts between its separators start and end, blank parts left out."""
    bounds = [0, *(bound for separator in _TITLE_SEPARATORS.finditer(title) for bound in separator.span()), len(title)]
    spans = zip(bounds[::2], bounds[1::2], strict=True)
    return [(start, end) for start, end in spans if title[start:end].strip()]


def _a_motto_follows(title: str, spans: list[tuple[int, int]], named: int) -> bool:
    """Whether what follows the site's name in a title is its motto ('… | Site | Miami News, Weather'), not the
    rest of the headline: short, after a headline with words, and not what the site says ('… - DRK: Immer …')."""
    after = [title[start:end] for start, end in spans[named + 1 :]]
    before = [title[start:end] for start, end in spans[:named]]
    return (
        len(" ".join(after).split()) <= SITE_MOTTO_MAX_WORDS
        and any(re.search(r"\w", part) for part in before)
        and not title[spans[named][1] :].lstrip().startswith(":")
    )


def _links_home(heading: Any) -> bool:
    """Whether an <h1> is in or holds a link to a home page ('/', 'https://site.example/'): a site's logo, in
    whatever language it is written, where a headline links to its own article if anywhere."""
    for href in heading.xpath("ancestor::a/@href | .//a/@href"):
        parts = urlsplit(href.strip())
        if (parts.netloc or parts.path == "/") and not parts.path.strip("/") and not parts.query:
            return True
    return False


def _headings(tree: Any, path: str, site_names: set[str]) -> list[str]:
    """The headings' texts that are neither the site's name nor a link home (its logo)."""
    return [
        text
        for heading in tree.xpath(path)
        if (text := _shown_text(heading)) and _key(text) not in site_names and not _links_home(heading)
    ]


def _shown_text(element: Any) -> str:
    """An element's text as a reader sees it: without a <style>, <script> or <template> in it (a CSS-in-JS
    heading's rules)."""
    return _flat("".join(_SHOWN_TEXT(element)))


def _title(tree: Any, linked: list[dict], site_names: set[str]) -> str | None:
    # A site's logo is often an <h1> too: the headline is an <h1> that is not the site's name nor links home.
    headings = _headings(tree, "//h1", site_names)
    page_title = _flat(tree.findtext(".//title"))
    # Of several <h1>s (a CMS's 'Quicklink' and 'Navigation' boxes are some), the headline is the one <title> holds.
    in_title = [text for text in headings if text.casefold() in page_title.casefold()]
    if not any(_shares_a_word(text, page_title, HEADLINE_WORD_MIN_LETTERS) for text in headings):
        in_title = _second_headings_in_title(tree, page_title, site_names, boxes_first=bool(headings))
    heading = max(in_title, key=len) if in_title else next(iter(headings), None)
    shared_title = _meta(tree, "og:title", "twitter:title")
    if shared_title and heading and _agree(heading, page_title) and not _shares_a_word(shared_title, page_title):
        shared_title = None  # a section's name the CMS gives every page ('Press releases'), not this headline
    # What <title> (or og:title) holds besides the headline (the <h1>) names the site: 'Headline | Site'.
    if in_title:
        for title in (page_title, shared_title or ""):
            _learn_site_names(title, heading, site_names)
    headline = next((_flat(item.get("headline")) for item in linked if isinstance(item.get("headline"), str)), None)
    candidates = _whole([shared_title, headline, heading, page_title])
    if in_title and headline and headline.casefold() not in page_title.casefold():
        # The page gives its headline twice, in <h1> and <title>; a JSON-LD 'headline' in neither is something
        # else: Wikipedia's is the article's short description ('Wikimedia list article').
        candidates[1:3] = [heading, headline]
    for candidate in candidates:
        title = strip_site_name(_unescaped(candidate), site_names) if candidate else ""
        if title:
            return title
    return None


def _second_headings_in_title(tree: Any, page_title: str, site_names: set[str], boxes_first: bool) -> list[str]:
    """The <h2>s that <title> holds, where no <h1> gives the headline. A blog theme with no <h1> writes the post's
    title as an <h2>: the parts of <title> that are one. A portal whose <h1>s are its boxes' names ('Allergies Health
    Center', `boxes_first`) writes the story's headline as an <h2>: those of a few words or more in <title>."""
    second = _headings(tree, "//h2", site_names)
    if boxes_first:
        return [
            text
            for text in second
            if len(text.split()) >= HEADLINE_MIN_WORDS and text.casefold() in page_title.casefold()
        ]
    keys = {_key(text) for text in second}
    return [part for start, end in _part_spans(page_title) if _key(part := page_title[start:end]) in keys]


def _agree(heading: str, page_title: str) -> bool:
    """Whether the <h1> and <title> give one headline, one holding the other: words of it, not a box's 'News'."""
    heading, page_title = heading.casefold(), page_title.casefold()
    return (
        len(heading.split()) >= HEADLINE_MIN_WORDS
        and bool(page_title)
        and (heading in page_title or page_title in heading)
    )


def _shares_a_word(text: str, other: str, min_letters: int = 1) -> bool:
    """Whether the two share a word of at least `min_letters` letters."""
    word = re.compile(rf"\w{{{min_letters},}}")
    return bool(set(word.findall(text.casefold())) & set(word.findall(other.casefold())))


def _learn_site_names(title: str, heading: str, site_names: set[str]) -> None:
    """What a title holds before or after the headline, a few words shorter than it, is the site's name; not
    what follows it after a colon, its subtitle ('The Open Journalism Project: Better Student Journalism')."""
    at = title.casefold().find(heading.casefold())
    if at < 0:
        return
    after = title[at + len(heading) :]
    for rest in (title[:at], "" if after.lstrip().startswith(":") else after):
        rest = rest.strip(" |-–—:·•»/")
        if rest and len(rest.split()) <= 5 and len(rest) < len(heading):
            # Each part too: a site named with a separator ('TACH! - Lokalnachrichten'), a section before the
            # site's name ('… | Recht | Haufe').
            site_names.update(_key(rest[start:end]) for start, end in [(0, len(rest)), *_part_spans(rest)])


def _whole(candidates: list[str | None]) -> list[str | None]:
    """The title's candidates, each cut short by the quotation mark that delimits its attribute, left unescaped
    in the headline (`content="… de "incapacitado""` reads as '… de '), given as another candidate continues it."""
    whole = []
    for candidate in candidates:
        start = (candidate or "").rstrip()
        longer = (
            other
            for other in candidates
            if start and other and other.startswith(start) and other[len(start) :].lstrip()[:1] in ("'", '"')
        )
        whole.append(next(longer, candidate))
    return whole


def _unescaped(title: str) -> str:
    """A title escaped twice over, as WordPress's og:title and JSON-LD give it ('Rome &amp;amp; Paris' in
    the markup, 'Rome &amp; Paris' once read): its entities read again."""
    return unescape(title) if _ENTITY.search(title) else title


def _publisher(tree: Any, linked: list[dict]) -> str | None:
    """The site's name; where a site gives only its address ('https://www.courier.example' in og:site_name),
    the JSON-LD publisher's name, else the address's host ('courier.example'). Where og:site_name is the name
    run together ('usatoday', 'TheHill') and the JSON-LD publisher spells it out ('USA TODAY'), the latter."""
    declared = _meta(tree, "og:site_name", "application-name")
    # A CMS that fills og:site_name with the page's <title> ('Headline | Site') names no site by it.
    site_name = site_name_of(declared) if declared != _flat(tree.findtext(".//title")) else None
    linked_names = [name for item in linked if (name := _name(item.get("publisher")))]
    names = [name for name in [site_name, *linked_names] if name]
    publisher = next((name for name in names if not name.startswith(("http://", "https://"))), None)
    if publisher and publisher == site_name:
        publisher = _spelled_out(site_name, linked_names)
    if publisher or not names:
        return publisher
    return host_of(names[0]) or None


def _spelled_out(site_name: str, linked_names: list[str]) -> str:
    """The JSON-LD publisher's name that spells out a site name run together, 'usatoday' or 'livescience.com'
    ('USA TODAY', 'Live Science'); else the site name."""
    if " " in site_name:
        return site_name
    run_together = _key(_site_label(site_name) if is_web_address(site_name) else site_name)
    # 'TheHill' keeps the 'The' that `_key` drops from 'The Hill'; 'detroitnews' drops the one of 'The Detroit News'.
    spelled = (
        name for name in linked_names if " " in name and run_together in (_key(name), _key(name.replace(" ", "")))
    )
    return next(spelled, site_name)


# A site name's tagline after a bar ('LinkNaija | Nigeria's popular news platform'), a handle's '@', or a
# copyright notice where a name should be ('Copyright 2014').
_TAGLINE = re.compile(r"\s+\|\s+.*$")
_NOT_A_NAME = re.compile(r"^(?:copyright\b|©)", re.IGNORECASE)


def site_name_of(declared: str | None) -> str | None:
    """A site's name as a page declares it, without a tagline or a handle's '@'; None for a copyright notice."""
    if not declared or _NOT_A_NAME.match(declared):
        return None
    return _TAGLINE.sub("", declared).removeprefix("@").strip() or None


def _names(value: Any) -> str | None:
    """One author's name, or several joined: 'Ann Lee, Bo Chen'."""
    values = value if isinstance(value, list) else [value]
    names = [name for item in values if (name := _name(item))]
    return ", ".join(dict.fromkeys(names)) or None


# The schema.org types that describe the article itself (a WebSite or an Organization describes the whole site).
ARTICLE_TYPES = frozenset(
    {
        *("Article", "NewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle"),
        *("AnalysisNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle"),
        *("ReviewNewsArticle", "AskPublicNewsArticle", "SatiricalArticle", "SocialMediaPosting"),
    }
)
_THIS_PAGE_TYPES = ARTICLE_TYPES | {"WebPage"}


def _author(tree: Any, linked: list[dict], publisher: str | None) -> str | None:
    """The article's author, from its JSON-LD, else its <meta name="author">, else its byline's links to its
    authors' pages; one that is the site itself (National Geographic's JSON-LD gives the site), an address or a
    handle ('@NatGeoUK') gives way to the next."""
    site = (publisher or "").casefold()
    linked_authors = (_names(item.get("author")) for item in linked if _types(item) & ARTICLE_TYPES)
    authors = [
        author
        for author in (*linked_authors, _meta(tree, "author", "article:author"))
        if author and author.casefold() != site and not author.startswith(("http://", "https://", "@"))
    ]
    if not authors:
        return _linked_author(tree)
    first = authors[0]
    # A login ('edilson.la.rosa', in the JSON-LD) gives way to the same name as another source writes it.
    as_written = (other for other in authors if " " in other and _key(other) == _key(first))
    return next(as_written, first) if _LOGIN.match(first) else first


# A publishing system's login, as some sites' JSON-LD name the author: lowercase, no spaces ('edilson.la.rosa').
_LOGIN = re.compile(r"^[^\W\d_A-Z]+(?:[._-][^\W\d_A-Z]+)*$")


def _linked_author(tree: Any) -> str | None:
    """The names on the page's first byline of links to its authors' pages (rel="author", as WordPress's themes
    write it): 'Ann Lee, Bo Chen'. Not in the comments, whose writers link to themselves the same way, nor in the
    footer, where a theme links to its maker; not a link that holds more than a name ('View all posts by …')."""
    for link in tree.xpath(f"//a[{_REL_AUTHOR}]"):
        if link.xpath(f"{_IN_FOOTER} | {_IN_COMMENTS}") or not _a_name(_flat(link.text_content())):
            continue
        byline = link.xpath(f"../a[{_REL_AUTHOR}]")
        names = [name for other in byline if _a_name(name := _flat(other.text_content()))]
        return ", ".join(dict.fromkeys(names))
    return None


def _near_headline(tree: Any, before: int = 0) -> Iterator[Any]:
    """Each element a little after the page's headline, then the `before` nearest ones before it; none in the
    comments or the page's footer. The headline is the first <h1> that is not the site's logo (one
    linking home, near which a header gives today's date)."""
    headline = next((heading for heading in tree.xpath("//h1") if not _links_home(heading)), None)
    if headline is None:
        return
    after = _past_empty_ones(headline.xpath(f"following::*[position() <= {ELEMENTS_PAST_EMPTY_ONES}]"))
    # Before it, only what shares its parent (a kicker, a date above it): the page's own header, before that, may
    # show today's date.
    nearest_before = headline.xpath(f"preceding-sibling::*[position() <= {before}]")[::-1] if before else []
    for element in after + nearest_before:
        if not element.xpath(f"{_IN_NEVER_SHOWN} | {_IN_FOOTER} | {_IN_COMMENTS}"):
            yield element


def _past_empty_ones(elements: list[Any]) -> list[Any]:
    """The first ELEMENTS_AFTER_HEADLINE elements, and on to the TEXTS_AFTER_HEADLINE-th that holds text of its own:
    sharing buttons (a link, an icon, a wrapper each) count for little."""
    texts = 0
    for number, element in enumerate(elements):
        texts += bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)
        if texts > TEXTS_AFTER_HEADLINE and number >= ELEMENTS_AFTER_HEADLINE:
            return elements[:number]
    return elements


def _byline_near_headline(tree: Any, language: str | None) -> str | None:
    """The names of the first byline that stands alone in an element a little after the headline ('Von Andreas
    Kürten'), else of the first beside the day and other such pieces (see `_BYLINE_PIECES`); also where its label
    and names are elements side by side that a style rule spaces apart ('<span>By</span><span><a>J.R. Stone</a>')."""
    lines = [
        line
        for element in _near_headline(tree)
        for line in dict.fromkeys((_flat(element.text_content()), _flat(" ".join(element.itertext()))))
    ]
    alone = (byline for line in lines if (byline := _HEADLINE_BYLINE.match(line)))
    if byline := next(alone, None):
        return names_of(byline["names"])
    day_first = writes_day_first(language)
    short = (line for line in lines if len(line) <= BYLINE_LINE_MAX_CHARACTERS)
    return next(filter(None, (_byline_among_pieces(line, day_first) for line in short)), None)


def _byline_among_pieces(line: str, day_first: bool) -> str | None:
    """The names of the byline that a piece of the line is ('By Ann Lee | 3 comments'), or gives with the day
    ('By Ann Lee, May 3, 2024')."""
    for piece in _BYLINE_PIECES.split(line):
        if byline := _HEADLINE_BYLINE.match(piece):
            return names_of(byline["names"])
        for pattern in (_BYLINE_THEN_DAY, _DAY_THEN_BYLINE):
            if (byline := pattern.match(piece)) and dateline_day(byline["day"], day_first):
                return names_of(byline["names"])
    return None


def _day_near_headline(tree: Any, language: str | None) -> date | None:
    """The day that an element near the headline gives standing alone, with a label or a time at most
    ('21.01.2022', 'Datum: 03.11.2021', 'Handball Schweiz • 02.02.2022', 'June 13, 2024 10:30'), read as the page's
    language writes a date ('04/02/2022')."""
    day_first = writes_day_first(language)
    for element in _near_headline(tree, ELEMENTS_BEFORE_HEADLINE):
        text = _flat(element.text_content())
        if len(text) <= DATELINE_MAX_CHARACTERS and (day := dateline_day(text, day_first)):
            return day
    return None


def _footer_credits(tree: Any, own_site: str | None) -> frozenset[str]:
    """What the page's footer credits as an author: its theme's maker ('Catch Themes', by rel="author"), or, in an
    element of class 'author' that links to other sites, who made the site ('Hecho en Bolivia con Drupal por
    Smartica'; not a byline, which some sites put in a <footer> of the article's own)."""
    themes = {_flat(link.text_content()) for link in tree.xpath(f"//a[{_REL_AUTHOR}][{_IN_FOOTER}]")}
    makers = {
        _flat(credit.text_content())
        for credit in tree.xpath(f"//*[contains(@class, 'author')][{_IN_FOOTER}]")
        if any(_elsewhere(href, own_site) for href in credit.xpath(".//a/@href"))
    }
    return frozenset(themes | makers)


def _elsewhere(href: str, own_site: str | None) -> bool:
    """Whether a link leads to another site than the page's (any site, where the page's address is unknown)."""
    return href.startswith(("http://", "https://")) and not (own_site and same_site(href, own_site))


_REL_AUTHOR = "contains(concat(' ', normalize-space(@rel), ' '), ' author ')"
# The page's footer, not an article's (WordPress writes its byline in the article's <footer class="entry-meta">).
_IN_FOOTER = (
    "ancestor-or-self::footer[not(ancestor::article)] | ancestor-or-self::*[@id = 'footer' or @id = 'colophon'"
    " or contains(concat(' ', normalize-space(@class), ' '), ' site-footer ')]"
)
# Not <body>'s classes, which name what the page has ('comments-open').
_IN_COMMENTS = "ancestor-or-self::*[not(self::body)][contains(@class, 'comment') or contains(@id, 'comment')]"


def _a_name(text: str) -> bool:
    """Whether a link's text can be a name: short, and only letters, figures and a name's punctuation (not an
    arrow: 'Archive →')."""
    return bool(_NAME_CHARACTERS.match(text)) and len(text.split()) <= NAME_MAX_WORDS


_NAME_CHARACTERS = re.compile(r"^\w[\w .,'’&()/-]*$")


# A timestamp in UTC ('2022-05-04T00:53:29.274Z', '... +0000'), which may be another day where the site is.
_IN_UTC = re.compile(r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|GMT|UTC)$", re.IGNORECASE)


def _published(tree: Any, linked: list[dict], dateline: date | None) -> date | None:
    """The day the page's metadata says it was published; where that is a time in UTC and the page shows the day
    before or after by its headline (a story of 21:53 in Buenos Aires stamped 00:53 the next day), the page's."""
    values = [_meta(tree, "article:published_time", "datePublished", "date", "pubdate")]
    values += [str(item["datePublished"]) for item in linked if item.get("datePublished")]
    for value in values:
        # A timestamp as RFC 822 writes it ('Sat, 19 Oct 2019 00:04:00 +0200'), as some sites' <meta name="date">.
        if day := iso_day(value) or rfc822_day(value):
            utc = _IN_UTC.search(value.strip())
            return dateline if utc and dateline and abs((dateline - day).days) == 1 else day
    return None


def _url(tree: Any) -> str | None:
    url = _meta(tree, "og:url") or _flat(next(iter(tree.xpath("//link[@rel='canonical']/@href")), None))
    return url if url and url.startswith(("http://", "https://")) else None


def _in_language(value: Any) -> str | None:
    """schema.org's inLanguage: a tag, or a Language with the tag as its alternateName."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("alternateName")
    return value if isinstance(value, str) else None


def _language(tree: Any, linked: list[dict]) -> str | None:
    """The language the page declares, the first that names a known language: the JSON-LD's inLanguage (of the
    article or its WebPage: a WebSite's is the whole site's) and <meta http-equiv=content-language>, said of this
    page, before <html lang>, which a theme may write the same on every page (of the saved news pages, the two
    whose declarations disagree were German, their <html lang> 'en'), then og:locale ('en_GB'), which a platform
    often sets by default."""
    root = tree.getroottree().getroot()
    declared = [_in_language(item.get("inLanguage")) for item in linked if _types(item) & _THIS_PAGE_TYPES]
    declared += tree.xpath("//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu') = 'content-language']/@content")
    declared += [root.get("lang"), root.get("xml:lang"), _meta(tree, "og:locale")]
    return next((tag for value in declared if (tag := declared_language(value))), None)


def _article_body(linked: list[dict]) -> str | None:
    """The article's text as its JSON-LD gives it (schema.org's articleBody), if it does."""
    bodies = (item.get("articleBody") for item in linked if _types(item) & ARTICLE_TYPES)
    return next((body for body in bodies if isinstance(body, str)), None)


def read_page(html: str) -> tuple[PageMetadata, ParsedArticle]:
    """A saved page's metadata and article (`page_metadata`, then `parse_page`), the page parsed once for both.

    Raises PageTooBusy for a page the extractor would take minutes over.
    """
    tree = _parsed(html)
    metadata = _metadata_of(tree)
    return metadata, parse_page(html, metadata, tree)


def page_metadata(html: str) -> PageMetadata:
    return _metadata_of(_parsed(html))


def _parsed(html: str) -> Any | None:
    """The page's tree; None for a page with no element at all, only text or comments."""
    try:
        return lxml.html.fromstring(html)
    except etree.ParserError:
        return None


def _metadata_of(tree: Any | None) -> PageMetadata:
    """What the page's tree says of it. Nothing of the tree is kept, nor changed: `parse_page` may change it after."""
    if tree is None:
        return PageMetadata()
    linked = _json_ld(tree)
    publisher, url = _publisher(tree, linked), _url(tree)
    site_names = site_names_of(publisher, url)
    language = _language(tree, linked)
    dateline = _day_near_headline(tree, language)
    return PageMetadata(
        title=_title(tree, linked, site_names),
        publisher=publisher,
        author=_author(tree, linked, publisher),
        footer_credits=_footer_credits(tree, url),
        article_body=_article_body(linked),
        published=_published(tree, linked, dateline),
        url=url,
        faq=_structured_faq(tree, linked),
        live_blog=any("LiveBlogPosting" in _types(item) for item in linked),
        language=language,
        byline=_byline_near_headline(tree, language),
        dateline=dateline,
        furniture_only=_text_only_in_furniture(tree),
    )


# Where a page keeps what is not its article and shows it; a <noscript> holds what a page whose scripts write it
# says without them. And what it keeps but does not show.
_SHOWN_FURNITURE = ("nav", "header", "footer", _NOSCRIPT)
_FURNITURE = (*_SHOWN_FURNITURE, *_NEVER_SHOWN_TAGS)
_TEXT_OUTSIDE_FURNITURE = etree.XPath(
    # Not only under <body>: a page whose markup lxml cannot place in one has its text elsewhere.
    "//text()[normalize-space() and not("
    + " or ".join(f"ancestor::{tag}" for tag in ("head", "title", *_FURNITURE))
    + ")]"
)
_TEXT_SHOWN_IN_FURNITURE = etree.XPath(f"//*[{' or '.join(f'self::{tag}' for tag in _SHOWN_FURNITURE)}]//text()")
# The longest piece of text a page's menus, header and footer hold ('© 2024 Daily Courier. All rights reserved.',
# 'You need to enable JavaScript to run this app.'); a longer one is a paragraph, which a page whose markup wraps
# its article in a <header> or a <noscript> holds.
FURNITURE_TEXT_MAX_CHARACTERS = 200


def _text_only_in_furniture(tree: Any) -> bool:
    """Whether the page's only text is its menus, header and footer: a page whose scripts write the article,
    saved before they ran."""
    return not _TEXT_OUTSIDE_FURNITURE(tree) and all(
        len(text.strip()) <= FURNITURE_TEXT_MAX_CHARACTERS for text in _TEXT_SHOWN_IN_FURNITURE(tree)
    )


# The body


def _inline_text(element: Any) -> str:
    """An element's text with <lb/> and <br> as spaces: text broken by line breaks stays one paragraph."""
    return _flat("".join(" " if piece is None else piece for piece in _text_and_breaks(element)))


def _paragraph_texts(element: Any) -> list[str]:
    """A paragraph's text, split where two line breaks in a row leave a blank line: pages written in
    <div>s with `<br><br>` between paragraphs. One <br> is a space, as in `_inline_text`."""
    if element.find(".//lb") is None and element.find(".//br") is None:
        return [_inline_text(element)]
    return _paragraphs_of(_text_and_breaks(element))


def _paragraphs_of(pieces: Iterable[str | None]) -> list[str]:
    """Pieces of text (None for a line break) as paragraphs, split where two line breaks in a row leave a blank
    line; one is a space."""
    paragraphs, run, breaks = [], [], 0
    for piece in pieces:
        if piece is None:
            breaks += 1
            run.append(" ")
        elif piece.strip():
            if breaks >= 2 and (text := _flat("".join(run))):
                paragraphs.append(text)
                run = []
            run.append(piece)
            breaks = 0
        else:
            run.append(piece)
    return [*paragraphs, text] if (text := _flat("".join(run))) else paragraphs


# The elements whose text a browser sets apart from what is around it, as it does a paragraph's or a cell's.
_SEPARATE_TEXT_TAGS = _BLOCK_TAGS | {
    *("div", "section", "article", "aside", "header", "footer", "nav", "main", "address", "blockquote", "pre"),
    *("li", "item", "dl", "dt", "dd", "table", "caption", "tr", "row", "td", "th", "cell", "details", "summary"),
    *("figure", "figcaption", "form", "fieldset", "hr"),
}


_STRUCK_OUT_TAGS = frozenset({"del", "s", "strike"})


def _text_and_breaks(element: Any) -> Iterator[str | None]:
    """An element's text in order, as a browser runs it together: an inline element's ('<a>report</a>.') joined to
    what is around it, a block's set apart by a space, struck-out words left out; None for each line break."""
    yield element.text or ""
    for child in element:
        if child.tag in ("lb", "br"):
            yield None
        elif child.tag in _STRUCK_OUT_TAGS:
            pass  # a correction's old words ('<del>Rückrad</del>Rückgrat'): not what the text now says
        elif child.tag in _SEPARATE_TEXT_TAGS:
            yield " "
            yield from _text_and_breaks(child)
            yield " "
        elif isinstance(child.tag, str):  # a comment's text is none of the page's (itertext skips it too)
            yield from _text_and_breaks(child)
        yield child.tail or ""


def _table(element: Any) -> str | None:
    """A table as a Markdown table; the first row is its header."""
    rows = []
    for row in element.iter("row", "tr"):
        cells = [
            escape_inline(_inline_text(cell)).replace("|", "\\|") for cell in row if cell.tag in ("cell", "td", "th")
        ]
        if any(cells):
            rows.append(cells)
    if not rows:
        return None
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _list_blocks(element: Any, blocks: list[tuple[str, str]]) -> None:
    kind = "numbered" if element.get("rend") == "ol" or element.tag == "ol" else "bullet"
    for item in element:
        if item.tag not in ("item", "li"):
            continue
        nested = [child for child in item if child.tag in ("list", "ul", "ol")]
        for child in nested:
            item.remove(child)
        text = _inline_text(item)
        if text:
            blocks.append((kind, text))
        for child in nested:
            _list_blocks(child, blocks)


def _blocks_of(element: Any, blocks: list[tuple[str, str]]) -> None:
    """The blocks of an element's children; the text between them, with the inline elements in it ('signed a
    <b>security agreement</b> on Monday'), one paragraph, as a browser shows it."""
    inline: list[str | None] = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in _STRUCK_OUT_TAGS:
            pass  # a comment (WordPress's '<!-- wp:paragraph -->') or struck-out words: no text, but its tail
        elif tag in ("lb", "br"):
            inline.append(None)
        elif tag not in _SEPARATE_TEXT_TAGS and not _holds_blocks(child):
            inline.extend(_text_and_breaks(child))
        else:
            blocks.extend(("paragraph", text) for text in _paragraphs_of(inline))
            inline = []
            _block(child, tag, blocks)
        inline.append(child.tail or "")
    blocks.extend(("paragraph", text) for text in _paragraphs_of(inline))


def _holds_blocks(element: Any) -> bool:
    return any(inner.tag in _BLOCK_TAGS for inner in element.iter() if inner is not element)


def _block(element: Any, tag: str, blocks: list[tuple[str, str]]) -> None:
    if tag in ("head", "h1", "h2", "h3", "h4", "h5", "h6"):
        if text := _inline_text(element):
            blocks.append(("heading", text))
    elif tag in ("list", "ul", "ol"):
        _list_blocks(element, blocks)
    elif tag in ("quote", "blockquote"):
        if text := _inline_text(element):
            blocks.append(("quote", text))
    elif tag == "table":
        if table := _table(element):
            blocks.append(("table", table))
    elif tag in ("p", "code") or not _holds_blocks(element):
        blocks.extend(("paragraph", text) for text in _paragraph_texts(element) if text)
    else:
        _blocks_of(element, blocks)


def body_blocks(body: Any) -> list[tuple[str, str]]:
    """trafilatura's body element (or any HTML fragment) as blocks of an article."""
    blocks: list[tuple[str, str]] = []
    if body is not None:
        _blocks_of(body, blocks)
    return blocks


# What a fragment holds that is no text of its article: what is never shown, images and embedded pages.
_UNWANTED_IN_FRAGMENTS = etree.XPath(" | ".join(f"//{tag}" for tag in (*_NEVER_SHOWN_TAGS, "figure", "img", "iframe")))


def fragment_blocks(html: str) -> list[tuple[str, str]]:
    """An HTML fragment, such as a feed entry's content, as blocks of an article."""
    if not html.strip():
        return []
    try:
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
    except etree.ParserError:  # markup that holds no element at all, such as a DOCTYPE cut short
        return []
    for unwanted in _UNWANTED_IN_FRAGMENTS(tree):
        unwanted.drop_tree()
    return body_blocks(tree)


def article_from_blocks(blocks: list[tuple[str, str]], title: str | None, faq: list[tuple[str, str]]) -> ParsedArticle:
    """Blocks as an article: the repeated headline gone, a list at the top as highlights, Q&A found."""
    wanted = normalise(title) if title else None
    # The headline again at the top of the text (trafilatura keeps the page's <h1>).
    while blocks and wanted and blocks[0][0] in ("heading", "paragraph") and normalise(blocks[0][1]) == wanted:
        blocks = blocks[1:]
    parsed = ParsedArticle(title=title)
    bylines = [
        index for index, (kind, text) in enumerate(blocks[:BYLINE_BLOCKS]) if kind == "paragraph" and byline_of(text)
    ]
    if bylines:
        parsed.byline = byline_of(blocks[bylines[0]][1])
    if blocks and blocks[-1][0] == "paragraph" and (reporters := reporters_of(blocks[-1][1])):
        parsed.byline = parsed.byline or reporters
        bylines.append(len(blocks) - 1)  # dropped with the byline: the credits are no part of the story
    dropped = {index for index, block in enumerate(blocks) if index in bylines or _furniture(*block)}
    parsed.dropped = [text for index, (_, text) in enumerate(blocks) if index in dropped]
    blocks = [block for index, block in enumerate(blocks) if index not in dropped]
    leading = next((index for index, (kind, _) in enumerate(blocks) if kind != "bullet"), len(blocks))
    if leading < len(blocks):  # a list is the highlights only when text follows it
        parsed.highlights = [text for _, text in blocks[:leading]]
        blocks = blocks[leading:]
    if faq:
        parsed.qa = list(faq)
        parsed.blocks = _without_faq_text(blocks, faq)
    else:
        parsed.blocks, parsed.qa = pairs_from_blocks(blocks)
    return parsed


def _furniture(kind: str, text: str) -> bool:
    """A block that is the page's furniture: a line of it ('Share this', 'Lea más: …') as a paragraph, a heading
    or a quote, or the heading over a list of other stories ('Noticias relacionadas')."""
    return (kind in ("paragraph", "heading", "quote") and is_junk_line(text)) or (
        kind == "heading" and is_teaser_heading(text)
    )


def _without_faq_text(blocks: list[tuple[str, str]], faq: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The body without the visible copy of the FAQ that the page's markup also holds.

    A block goes when it is a question, or when every sentence of it is in an answer
    (compared by sentence, so the check stays linear however long the FAQ).
    """
    questions = {normalise(question) for question, _ in faq}
    answer_sentences = {normalise(sentence) for _, answer in faq for sentence in sentences(answer)}
    return [
        (kind, text)
        for kind, text in blocks
        if normalise(text) not in questions
        and not (kind != "heading" and all(normalise(sentence) in answer_sentences for sentence in sentences(text)))
    ]


def parse_page(html: str, metadata: PageMetadata, tree: Any | None = None) -> ParsedArticle:
    """The article in a saved page; what the page's markup did not say, trafilatura's metadata fills in. `tree`,
    the page's as its metadata was read from, saves parsing it again, and is changed.

    Raises PageTooBusy for a page the extractor would take minutes over.
    """
    import trafilatura  # imported here: it takes a moment to load and only web pages need it
    from trafilatura.settings import set_date_params

    check_not_too_busy(html)
    if metadata.live_blog:
        # trafilatura drops a <time> standing alone, which in a live blog is each update's time ('10.05 BST').
        html = _TIME_TAG.sub(r"<\1span", html)
        # Parsed again as changed: where markup breaks HTML's rules, a <span> is placed otherwise than a <time>
        # ('<td><time>1<td>2': the <time> holds the next cell, the <span> does not).
        tree = None
    page = trafilatura.bare_extraction(
        _prepared_for_extraction(html, tree),
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        as_dict=False,
        # A date from the page's markup only: the extensive search takes any year in the text ('in 2024').
        date_extraction_params=set_date_params(extensive=False),
    )
    blocks = _markup_or_linked_text(body_blocks(page.body) if page is not None else [], metadata.article_body)
    if page is None:
        return article_from_blocks(blocks, metadata.title, metadata.faq)
    metadata.title = (
        metadata.title or strip_site_name(_flat(page.title), site_names_of(page.sitename, page.url)) or None
    )
    metadata.publisher = metadata.publisher or site_name_of(_flat(page.sitename))
    if not metadata.author and not _the_site_or_its_theme(_flat(page.author), metadata):
        metadata.author = _initials_as_written(_flat(page.author), html) or None
    metadata.published = metadata.published or iso_day(page.date) or metadata.dateline
    metadata.url = metadata.url or (page.url if (page.url or "").startswith(("http://", "https://")) else None)
    return article_from_blocks(blocks, metadata.title, metadata.faq)


# A hidden element holding schema.org microdata: a copy of the article's headline, dates, image addresses and text
# that the page writes for search engines and does not show. Not any hidden element: a gallery hides its slides'
# text until it shows them.
_HIDDEN_METADATA = etree.XPath(
    "//*[@itemscope][@hidden or re:test(@style, 'display\\s*:\\s*none|visibility\\s*:\\s*hidden', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)


def _prepared_for_extraction(html: str, tree: Any | None) -> str:
    """The page as trafilatura is given it: without its hidden microdata, its article's parts joined in one. `tree`
    is the page's (changed here), or None to parse it here."""
    tree = tree if tree is not None else _parsed(html)
    if tree is None:  # no element at all: nothing to prepare
        return html
    hidden = _HIDDEN_METADATA(tree)
    for element in hidden:
        # trafilatura's fallback (readability, which reads what a page hides) takes it for text and, finding it
        # longer than the article alone, gives both.
        element.drop_tree()
    joined = _join_split_article(tree)
    return lxml.html.tostring(tree, encoding="unicode") if hidden or joined else html


# A part of an article's text: an element holding this many paragraphs of this many characters or more.
SPLIT_PART_MIN_PARAGRAPHS = 2
SPLIT_PART_MIN_CHARACTERS = 80
# The most text between two parts of one article: an advertisement's label ('Advertisement'), not a teaser.
SPLIT_GAP_MAX_CHARACTERS = 30
# What a reader does not see where the page's scripts run.
_UNSHOWN_TAGS = frozenset({*_NEVER_SHOWN_TAGS, _NOSCRIPT})


def _join_split_article(tree: Any) -> bool:
    """Join the parts of an article a page breaks around its advertisements: elements of one tag and class, in
    parents of one tag and class, each holding paragraphs, with next to no text between them. trafilatura takes
    the first part for the whole article. Returns whether any were joined."""
    groups = [parts for parts in _parts_by_layout(tree) if len(parts) >= 2]
    if not groups:
        return False
    order = {element: index for index, element in enumerate(tree.iter())}
    shown = [_shown_characters(element) for element in tree.iter()]
    joined = False
    for parts in groups:
        # Where each part ends: the place of its last element in the page, before any is joined.
        ends = {part: order[list(part.iter())[-1]] for part in parts}
        head = parts[0]
        for before, part in zip(parts, parts[1:], strict=False):
            between = sum(shown[ends[before] + 1 : order[part]]) + len((before.tail or "").strip())
            if between > SPLIT_GAP_MAX_CHARACTERS:
                head = part
                continue
            head.extend(list(part))
            part.drop_tree()
            joined = True
    return joined


def _parts_by_layout(tree: Any) -> list[list[Any]]:
    """The elements that may be parts of an article (a <div> or <section> with a class, holding paragraphs), grouped
    by their layout (their tag and class, their parent's tag and class), in page order; of parts nested in parts of
    one layout, only the outermost."""
    layouts: dict[tuple[str, ...], list[Any]] = {}
    for element in tree.iter("div", "section"):
        parent = element.getparent()
        if element.get("class") and parent is not None and _paragraphs_held(element) >= SPLIT_PART_MIN_PARAGRAPHS:
            layout = (element.tag, _classes(element), parent.tag, _classes(parent))
            layouts.setdefault(layout, []).append(element)
    return [
        [element for element in elements if not any(ancestor in elements for ancestor in element.iterancestors())]
        for elements in layouts.values()
    ]


def _classes(element: Any) -> str:
    return " ".join((element.get("class") or "").split())


def _paragraphs_held(element: Any) -> int:
    """How many of an element's own paragraphs are long enough to be an article's."""
    return sum(len(_flat(paragraph.text_content())) >= SPLIT_PART_MIN_CHARACTERS for paragraph in element.findall("p"))


def _shown_characters(element: Any) -> int:
    """The characters of text a reader sees in an element before its first child and after it."""
    text = element.text if isinstance(element.tag, str) and element.tag not in _UNSHOWN_TAGS else ""
    return len((text or "").strip()) + len((element.tail or "").strip())


# An initial written without its full stop ('Michael L Anderson'), as trafilatura gives every name.
_BARE_INITIAL = re.compile(r"\b\w\b(?!\.)")


def _initials_as_written(author: str, html: str) -> str:
    """The names trafilatura found, each with the full stops after its initials that the page writes ('Michael L.
    Anderson', 'Joe S.', 'J.R. Stone'): trafilatura drops them."""
    if not _BARE_INITIAL.search(author):
        return author
    text = unescape(html)
    names = []
    for name in author.split("; "):
        words = name.split()
        written = "".join(_as_written(word, last=number == len(words)) for number, word in enumerate(words, 1))
        found = re.search(rf"(?<!\w){written}(?!\w)", text) if words else None
        names.append(" ".join(found.group().split()) if found else name)
    return "; ".join(names)


def _as_written(word: str, last: bool) -> str:
    """The pattern of a word of a name as a page may write it: an initial with its full stop, and perhaps no space
    after that ('J.R. Stone')."""
    if len(word) == 1:
        return re.escape(word) + (r"\.?" if last else r"\.?\s*")
    return re.escape(word) + ("" if last else r"\s+")


def _the_site_or_its_theme(author: str, metadata: PageMetadata) -> bool:
    """Whether an author trafilatura found is the site's name or address ('Tagesschau De', 'MesOpinions com'), its
    handle ('@NatGeoUK'), what its footer credits ('Catch Themes', or a word of its maker's credit, all
    trafilatura keeps of 'Made in Riga with Drupal by Agency') or the headline."""
    host = (urlsplit(metadata.url).hostname or "").removeprefix("www.") if metadata.url else ""
    # Not the name in the address alone: a blogger's site is often named after them (wolfgangmichal.de).
    site = {_key(metadata.publisher or ""), _key(host)} - {""}
    key = _key(author).removeprefix("www")
    # Nor the headline, which some pages give where a name would be.
    headline = _key(metadata.title or "")
    credited = any(re.search(rf"(?<!\w){re.escape(author)}(?!\w)", credit) for credit in metadata.footer_credits)
    return credited or author.startswith("@") or key in site or key == headline


# The JSON-LD articleBody replaces the text found in the markup when it is this many times longer (and at least
# this many words): a page whose text its scripts write.
LINKED_BODY_MIN_WORDS = 100
LINKED_BODY_TIMES_LONGER = 3


def _markup_or_linked_text(blocks: list[tuple[str, str]], article_body: str | None) -> list[tuple[str, str]]:
    """The text the markup holds, or the JSON-LD's where that is far longer: a page whose scripts write its text
    (the South China Morning Post's) holds only a caption or a teaser in its markup."""
    if article_body is None:
        return blocks
    in_markup = sum(len(text.split()) for _, text in blocks)
    if len(article_body.split()) < max(LINKED_BODY_MIN_WORDS, LINKED_BODY_TIMES_LONGER * in_markup):
        return blocks
    return _linked_body_blocks(article_body)


def _linked_body_blocks(article_body: str) -> list[tuple[str, str]]:
    """JSON-LD's articleBody as paragraphs: HTML where it is HTML (escaped or not, as WordPress's plugins write
    it), else a paragraph a line."""
    text = _unescaped(article_body)
    if _OPENING_TAG.search(text):
        return fragment_blocks(text)
    return [("paragraph", paragraph) for line in text.splitlines() if (paragraph := _flat(line))]

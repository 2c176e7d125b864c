"""A saved RSS, Atom or JSON Feed file → its entries, each a possible article.

An entry carrying its full text (RSS `content:encoded`, Atom `content`, JSON Feed
`content_html` or `content_text`) can become an article; an entry with only a summary cannot, and the
report asks for its page instead. Some feeds put the whole article in the summary (RSS `description`,
Atom `summary`): the entry keeps it, and ingest decides whether it reads as a whole article.
"""

from __future__ import annotations

import codecs
import html
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urljoin

import lxml.html

from briefing.content.files import clean, marked_unicode
from briefing.languages import declared_language
from briefing.text import iso_day, rfc822_day, stated_day, without_invisible_breaks

# Before the root: an XML declaration, comments, a stylesheet and a DOCTYPE, which may declare entities of its own
# in brackets ('<!DOCTYPE rss [ <!ENTITY id "tag:example.com,"> ]>').
_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*>\s*|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>\s*)*"
    rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b",  # the root perhaps with a namespace prefix ("<atom:feed")
    re.DOTALL | re.IGNORECASE,
)
# PHP's json_encode, behind many JSON Feeds, escapes every slash: "https:\/\/jsonfeed.org\/version\/1".
_JSON_FEED = re.compile(rb'^\s*\{.*?"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org\\?/version\\?/', re.DOTALL)
FEED_SNIFF_BYTES = 2048
# How a whole XML feed ends: its root's closing tag, then perhaps a comment ('<!-- generated in 0.2 s -->').
_FEED_END = re.compile(rb"</(?:\w+:)?(?:rss|feed|RDF)>\s*(?:<!--.*?-->\s*)*\Z", re.DOTALL)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str | None
    author: str | None
    published: date | None
    full_text_html: str | None  # None: the feed gives only a summary
    summary_html: str | None = None  # the RSS description or Atom summary, which some feeds fill with the article
    language: str | None = None  # a BCP 47 tag: the entry's own, else the feed's
    # The site the entry itself names as where it comes from (an aggregator's RSS <source>, a planet's Atom
    # <source>), else None.
    source: str | None = None


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    site: str | None = None  # the address of the site the feed is of (its channel's link)
    # Who the feed itself names as its author (JSON Feed's top-level author, Atom's feed <author>): a person, or the
    # site, where a section's feed is titled with the section alone ('Technology', by 'NPR').
    owner: str | None = None


class NotAFeed(Exception):
    """A file that starts like a feed but cannot be read as one."""


def looks_like_feed(data: bytes) -> bool:
    start = _as_utf8(data[: FEED_SNIFF_BYTES * 2])[:FEED_SNIFF_BYTES].lstrip(codecs.BOM_UTF8)
    return bool(_FEED_START.match(start) or _JSON_FEED.match(start))


_DECLARED_ENCODING = rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])"""
_ANY_DECLARED = re.compile(_DECLARED_ENCODING + rb"[\w.:-]+")
_DECLARED_UTF16 = re.compile(_DECLARED_ENCODING + rb"(?:utf[-_]?16|u16)[\w-]*", re.IGNORECASE)


def _as_utf8(data: bytes) -> bytes:
    """A feed saved as UTF-16 or UTF-32 as UTF-8 bytes, its XML declaration saying so: with its byte-order mark
    (Windows' 'Unicode') or without (told, as the XML spec says, by how '<?' is written). A feed whose bytes are
    not UTF-16 but which declares it, as .NET's XmlWriter writes a feed into a string then saved as UTF-8, is
    declared UTF-8. Any other feed as it is."""
    codec = marked_unicode(data) or next((codec for start, codec in _UNMARKED_XML if data.startswith(start)), None)
    if codec is None:
        return _DECLARED_UTF16.sub(rb"\g<1>utf-8", data, count=1)
    text = data.decode(codec, "replace").removeprefix("\ufeff")
    return _ANY_DECLARED.sub(rb"\g<1>utf-8", text.encode("utf-8"), count=1)


# '<?' in the wider encodings without a byte-order mark (the XML spec's appendix F); UTF-32 first, as it starts
# like UTF-16 little-endian.
_UNMARKED_XML = (
    (b"<\0\0\0?\0\0\0", "utf-32-le"),
    (b"\0\0\0<\0\0\0?", "utf-32-be"),
    (b"<\0?\0", "utf-16-le"),
    (b"\0<\0?", "utf-16-be"),
)


_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_FEED_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:rss\+xml|atom\+xml|feed\+json)""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
LINK_SNIFF_CHARACTERS = 65536


def linked_feed(page: str) -> str | None:
    """The address of the feed a web page announces in its <head> (`<link rel="alternate"
    type="application/rss+xml" href="…">`): where to save the feed from, when the page was saved instead."""
    for tag in _LINK_TAG.findall(page[:LINK_SNIFF_CHARACTERS]):
        href = _HREF.search(tag)
        if _FEED_TYPE.search(tag) and href and (href[1] or href[2] or "").strip():
            return html.unescape((href[1] or href[2]).strip())
    return None


def _plain_text_as_html(text: str) -> str:
    """Full text given as plain text (Atom type="text", JSON Feed content_text): its paragraphs as HTML."""
    return "".join(f"<p>{html.escape(part.strip())}</p>" for part in re.split(r"\n\s*\n", text) if part.strip())


def _web_address(value: Any, site: Any = None) -> str | None:
    """An entry's http(s) address; one relative to the site ('/2024/06/pact', as static site generators
    write it) is read against the site's own address that the feed gives."""
    if not isinstance(value, str) or not value.strip():
        return None
    if isinstance(site, str) and site.startswith(("http://", "https://")):
        value = urljoin(site, value.strip())
    return value if value.startswith(("http://", "https://")) else None


_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)


def _json_feed_title(value: Any) -> str:
    """An item's title: plain text by the JSON Feed spec, but WordPress's and others' feeds give the title
    as HTML-escaped as in the page ('Rome &amp; Paris', 'Warsaw&#8217;s promise'): its entities are read."""
    title = " ".join(str(value or "").split())
    return html.unescape(title) if _ENTITY.search(title) else title


def _json_feed(data: bytes) -> Feed:
    try:
        feed = json.loads(data)
    except ValueError as error:
        raise NotAFeed(f"this JSON Feed is not valid JSON: {error}")
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise NotAFeed("this JSON Feed has no 'items' list")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        author = _json_feed_authors(item)
        content = item.get("content_html")
        if not (isinstance(content, str) and content.strip()) and isinstance(item.get("content_text"), str):
            content = _plain_text_as_html(item["content_text"])
        entries.append(
            FeedEntry(
                title=_json_feed_title(item.get("title")),
                link=_web_address(item.get("url"), feed.get("home_page_url")),
                author=author,
                published=iso_day(str(item.get("date_published") or "")),
                full_text_html=content if isinstance(content, str) and content.strip() else None,
                language=declared_language(item.get("language")) or declared_language(feed.get("language")),
            )
        )
    title = feed.get("title") if isinstance(feed.get("title"), str) else None
    return Feed(title, tuple(entries), _web_address(feed.get("home_page_url")), _json_feed_authors(feed))


def _json_feed_authors(item: dict) -> str | None:
    """The names of a JSON Feed's or item's authors: 'authors' (version 1.1) or 'author' (1.0)."""
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    return _joined([a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)])


def _text_of(value: str | None, detail: Any) -> str:
    """A feed's title as plain text: an Atom or RSS title given as HTML ('<b>Breaking:</b> Rome &amp; Paris')
    loses its tags and entities; a plain one is kept as written."""
    if not value:
        return ""
    if "html" in (detail or {}).get("type", ""):
        value = lxml.html.fromstring(f"<div>{value}</div>").text_content()
    return " ".join(value.split())


def _person(value: str | None) -> str | None:
    """A name: RSS gives 'editor@example.com (Anna Lis)', or only the address, which names no one."""
    value = " ".join((value or "").split())
    with_address = re.fullmatch(r"\S+@\S+\s*\((.+)\)", value)
    if with_address:
        return with_address[1].strip() or None
    return None if not value or re.fullmatch(r"\S+@\S+", value) else value


def _entry_authors(entry: Any) -> str | None:
    """Every author an entry names (Atom's <author>s, RSS's dc:creators), joined: 'Ann Lee, Bo Chen'. One author
    is read from feedparser's `author`: its list cuts an RSS author's 'desk@site.example (Name)' apart wrongly
    ('ple (Name'), so a name there with a bracket or an address in it is none."""
    named = [
        " ".join(name.split())
        for author in entry.get("authors") or ()
        if (name := author.get("name")) and not re.search(r"[(<@]", name)
    ]
    return _joined(named) if len(named) > 1 else _person(entry.get("author"))


def _joined(names: list[str]) -> str | None:
    return ", ".join(dict.fromkeys(names)) or None


def _entry_day(entry: Any) -> date | None:
    """The day as the feed gives it, in the publisher's own time zone ('Wed, 12 Jun 2024 23:30:00 PDT' is
    12 June, though it is 13 June in UTC); feedparser's parsed stamp, in UTC, only when the text is unusual."""
    for text, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        # Read as a plain dict: feedparser answers a missing 'updated' with 'published' (and a warning).
        raw, stamp = dict.get(entry, text), dict.get(entry, parsed)
        day = iso_day(raw) or rfc822_day(raw) or (date(stamp[0], stamp[1], stamp[2]) if stamp else None)
        if stated_day(day):
            return day
    return None


def _entry_language(entry: Any, feed: Any) -> str | None:
    """An entry's language: its own dc:language, the xml:lang its Atom content or title is in (the feed's, when
    they inherit it), else the channel's <language> or the feed's xml:lang."""
    declared = [entry.get("language")]
    declared += [content.get("language") for content in entry.get("content", ())]
    declared += [(entry.get("title_detail") or {}).get("language"), feed.get("language")]
    return next((tag for value in declared if (tag := declared_language(value))), None)


def _xml_feed(data: bytes) -> Feed:
    import feedparser  # imported here: only feeds need it

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeed(f"this RSS or Atom feed cannot be read: {parsed.get('bozo_exception', 'no entries found')}")
    # feedparser reads past a stray '&' or an unknown entity, as it should, but also past a file cut short
    # while saving, which loses the last entries and leaves the last one half there.
    if parsed.get("bozo") and not _FEED_END.search(data[-4096:]):
        raise NotAFeed(f"this feed is cut short: it ends before its closing tag ({parsed.get('bozo_exception')})")
    entries = []
    for entry in parsed.entries:
        full = [
            c.get("value", "") if "html" in c.get("type", "text/html") else _plain_text_as_html(c.get("value", ""))
            for c in entry.get("content", ())
        ]
        entries.append(
            FeedEntry(
                title=_text_of(entry.get("title"), entry.get("title_detail")),
                # FeedBurner's link is its own redirect; the article's address is in feedburner:origLink.
                link=_web_address(entry.get("feedburner_origlink") or entry.get("link"), parsed.feed.get("link")),
                author=_entry_authors(entry),
                published=_entry_day(entry),
                full_text_html=next((text for text in full if text.strip()), None),
                summary_html=_summary_html(entry),
                language=_entry_language(entry, parsed.feed),
                source=_source_title(entry),
            )
        )
    title = _text_of(parsed.feed.get("title"), parsed.feed.get("title_detail")) or None
    owner = (parsed.feed.get("author_detail") or {}).get("name") if parsed.version.startswith("atom") else None
    return Feed(title, tuple(entries), _web_address(parsed.feed.get("link")), owner or None)


def _source_title(entry: Any) -> str | None:
    """The title of the feed or site an entry names as where it comes from (RSS <source>, Atom <source>)."""
    source = entry.get("source") or {}
    return _text_of(source.get("title"), source.get("title_detail")) or None


def _summary_html(entry: Any) -> str | None:
    summary = entry.get("summary")
    if not summary or not summary.strip():
        return None
    plain = "html" not in (entry.get("summary_detail") or {}).get("type", "text/html")
    return _plain_text_as_html(summary) if plain else summary


def read_feed(data: bytes) -> Feed:
    """A feed's entries; raises NotAFeed saying what is wrong."""
    data = _as_utf8(data)
    is_json = _JSON_FEED.match(data[:FEED_SNIFF_BYTES].lstrip(codecs.BOM_UTF8))
    return _without_control_characters(_json_feed(data) if is_json else _xml_feed(data))


def _without_control_characters(feed: Feed) -> Feed:
    """The feed's text as clean as any file's (`clean`): a feed's parser passes control characters through. The
    titles lose their invisible line-break hints too (`without_invisible_breaks`), as a page's text does when it is read."""
    entries = tuple(
        replace(
            entry,
            title=without_invisible_breaks(clean(entry.title)),
            author=clean(entry.author) if entry.author else None,
            full_text_html=clean(entry.full_text_html) if entry.full_text_html else None,
            summary_html=clean(entry.summary_html) if entry.summary_html else None,
            source=clean(entry.source) if entry.source else None,
        )
        for entry in feed.entries
    )
    title = without_invisible_breaks(clean(feed.title)) if feed.title else None
    return Feed(title, entries, feed.site, clean(feed.owner) if feed.owner else None)

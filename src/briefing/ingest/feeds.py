"""A saved RSS, Atom or JSON Feed file → its entries, each a possible article.

An entry carrying its full text (RSS `content:encoded`, Atom `content`, JSON Feed
`content_html` or `content_text`) can become an article; an entry with only a summary cannot, and the
report asks for its page instead.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from briefing.text import iso_day

_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)
_JSON_FEED = re.compile(rb'^\s*\{.*?"version"\s*:\s*"https?://jsonfeed\.org/version/', re.DOTALL)
FEED_SNIFF_BYTES = 2048


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str | None
    author: str | None
    published: date | None
    full_text_html: str | None  # None: the feed gives only a summary


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]


class NotAFeed(Exception):
    """A file that starts like a feed but cannot be read as one."""


def looks_like_feed(data: bytes) -> bool:
    start = data[:FEED_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    return bool(_FEED_START.match(start) or _JSON_FEED.match(start))


def _plain_text_as_html(text: str) -> str:
    """Full text given as plain text (Atom type="text", JSON Feed content_text): its paragraphs as HTML."""
    return "".join(f"<p>{html.escape(part.strip())}</p>" for part in re.split(r"\n\s*\n", text) if part.strip())


def _web_address(value: Any) -> str | None:
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


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
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        author = next((a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)), None)
        content = item.get("content_html")
        if not (isinstance(content, str) and content.strip()) and isinstance(item.get("content_text"), str):
            content = _plain_text_as_html(item["content_text"])
        entries.append(
            FeedEntry(
                title=" ".join(str(item.get("title") or "").split()),
                link=_web_address(item.get("url")),
                author=author,
                published=iso_day(str(item.get("date_published") or "")),
                full_text_html=content if isinstance(content, str) and content.strip() else None,
            )
        )
    return Feed(feed.get("title") if isinstance(feed.get("title"), str) else None, tuple(entries))


def _xml_feed(data: bytes) -> Feed:
    import feedparser  # imported here: only feeds need it

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeed(f"this RSS or Atom feed cannot be read: {parsed.get('bozo_exception', 'no entries found')}")
    entries = []
    for entry in parsed.entries:
        full = [
            c.get("value", "") if "html" in c.get("type", "text/html") else _plain_text_as_html(c.get("value", ""))
            for c in entry.get("content", ())
        ]
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append(
            FeedEntry(
                title=" ".join((entry.get("title") or "").split()),
                link=_web_address(entry.get("link")),
                author=" ".join(entry["author"].split()) if entry.get("author") else None,
                published=date(stamp[0], stamp[1], stamp[2]) if stamp else None,
                full_text_html=next((text for text in full if text.strip()), None),
            )
        )
    return Feed(parsed.feed.get("title"), tuple(entries))


def read_feed(data: bytes) -> Feed:
    """A feed's entries; raises NotAFeed saying what is wrong."""
    return _json_feed(data) if _JSON_FEED.match(data[:FEED_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")) else _xml_feed(data)

"""What the pages and stylesheets of a built site link to and load, and where each address leads.

Pages are read with lxml's HTML parser (libxml2: fast enough for 10,000 pages).
Each address is resolved as a browser would from file:// and as a host would
under the site's public address (its `base_url`, learnt from the built site).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from lxml import etree

# Where pages write addresses: element → its attributes that hold one, and whether the browser
# loads that address by itself while showing the page (True) or only when the reader follows it.
ADDRESSES = {
    "a": {"href": False, "xlink:href": False, "ping": True},
    "area": {"href": False, "ping": True},
    "form": {"action": False},
    "link": {"href": None},  # loads or not by its rel
    "script": {"src": True},
    "img": {"src": True, "srcset": True},
    "source": {"src": True, "srcset": True},
    "iframe": {"src": True},
    "frame": {"src": True},
    "embed": {"src": True},
    "object": {"data": True},
    "video": {"src": True, "poster": True},
    "audio": {"src": True},
    "track": {"src": True},
    "input": {"src": True},
    "body": {"background": True},
    "image": {"href": True, "xlink:href": True},
    "use": {"href": True, "xlink:href": True},
    "feimage": {"href": True, "xlink:href": True},
}
# <link rel=…> values that make the browser fetch the address (canonical, alternate and the like do not).
LOADED_LINK_RELS = {
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "apple-touch-icon-precomposed",
    "mask-icon",
    "manifest",
    "preload",
    "prefetch",
    "modulepreload",
    "prerender",
    "dns-prefetch",
    "preconnect",
}
# Fragments a browser scrolls to without an element of that id.
BUILT_IN_FRAGMENTS = {"", "top"}

_PARSER = etree.HTMLParser(collect_ids=False)
_TAGS = tuple(ADDRESSES)
# Plain strings: lxml's default "smart" strings keep their whole page's tree alive.
_IDS = etree.XPath("//@id | //a/@name", smart_strings=False)
_STYLES = etree.XPath("//style/text() | //@style", smart_strings=False)
_REFRESHES = etree.XPath("//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']/@content", smart_strings=False)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")
_REFRESH_URL = re.compile(r"""^\s*\d*\.?\d*\s*[;,]\s*(?:url\s*=\s*)?['"]?([^'"]*)""", re.I)


class Reference(NamedTuple):  # a tuple: a 10,000-page site has half a million of them
    """One address in a file: where it is written, and whether the browser loads it without a click."""

    element: str  # how the file writes it, for messages: "<script src>", "url() in CSS"
    address: str
    loads: bool


@dataclass(frozen=True)
class ScannedFile:
    path: str  # relative to the site, with '/'
    ids: frozenset[str]
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class Destination:
    """Where an address leads: a file of the site (and a fragment), another site, or nowhere."""

    path: str | None = None
    fragment: str = ""
    outside: bool = False  # another site, mailto: and the like
    inline: bool = False  # data: addresses carry their content
    problem: str = ""  # why the address can lead nowhere in the site


def scan_page(site: Path, path: str) -> ScannedFile:
    """The ids a page defines and every address it refers to."""
    root = etree.parse(str(site / path), _PARSER).getroot()
    if root is None:
        return ScannedFile(path, frozenset(), ())
    ids = frozenset(_IDS(root))
    references: list[Reference] = []
    for element in root.iter(_TAGS):
        references.extend(_element_references(element))
    for style in _STYLES(root):
        references.extend(css_references(style))
    for refresh in _REFRESHES(root):
        match = _REFRESH_URL.match(refresh)
        if match and match.group(1).strip():
            references.append(Reference('<meta http-equiv="refresh">', match.group(1).strip(), True))
    return ScannedFile(path, ids, tuple(references))


def _element_references(element: etree._Element) -> list[Reference]:
    tag = element.tag
    found = []
    for attribute, loads in ADDRESSES[tag].items():
        value = element.get(attribute)
        if value is None:
            continue
        if loads is None:
            loads = not LOADED_LINK_RELS.isdisjoint((element.get("rel") or "").lower().split())
        described = f"<{tag} {attribute}>"
        if attribute == "srcset":
            found.extend(Reference(described, address, loads) for address in _srcset_addresses(value))
        elif attribute == "ping":
            found.extend(Reference(described, address, loads) for address in value.split())
        else:
            found.append(Reference(described, value, loads))
    return found


def _srcset_addresses(srcset: str) -> list[str]:
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


def css_references(css: str) -> list[Reference]:
    """Every url() and @import in a stylesheet or style attribute: the browser loads them all."""
    css = _CSS_COMMENT.sub("", css)
    found = []
    for pattern, what in ((_CSS_URL, "url() in CSS"), (_CSS_IMPORT, "@import in CSS")):
        for match in pattern.finditer(css):
            address = next(group for group in match.groups() if group is not None).strip()
            if address and not address.startswith("#"):  # url(#id) names an SVG element of the page itself
                found.append(Reference(what, address, True))
    return found


def scan_stylesheet(site: Path, path: str) -> ScannedFile:
    text = (site / path).read_text(encoding="utf-8", errors="replace")
    return ScannedFile(path, frozenset(), tuple(css_references(text)))


def destination(from_path: str, address: str, site_url: str) -> Destination:
    """Where `address`, written in the site's file `from_path`, leads (`site_url`: the site's public address, or '')."""
    address = address.strip()
    if not address or address[0] in "#?":
        return Destination(path=from_path, fragment=unquote(address.partition("#")[2]))
    return _destination_from(posixpath.dirname(from_path), address, site_url)


@lru_cache(maxsize=1 << 18)  # pages in one folder share most of their addresses
def _destination_from(folder: str, address: str, site_url: str) -> Destination:
    parts = urlsplit(address)
    if parts.scheme.lower() == "data":
        return Destination(inline=True)
    if parts.scheme or parts.netloc:
        public = urljoin(site_url, address) if site_url else address
        if site_url and public.startswith(site_url):
            return _in_site(urlsplit(public[len(site_url) :]), "")
        if site_url and _same_host(public, site_url):
            return Destination(problem=f"is outside the site's address {site_url}")
        return Destination(outside=True)
    if parts.path.startswith("/"):
        site_path = urlsplit(site_url).path if site_url else ""
        if site_path and parts.path.startswith(site_path):
            return _in_site(parts._replace(path=parts.path[len(site_path) :]), "")
        if site_path:
            return Destination(problem=f"is outside the site's path {site_path}")
        return Destination(problem="starts at the disk's root on file:// (use a relative link)")
    return _in_site(parts, folder)


def _in_site(parts: SplitResult, folder: str) -> Destination:
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    joined = posixpath.normpath(posixpath.join(folder, path)) if path else "."
    if joined == ".." or joined.startswith(("../", "/")):
        return Destination(problem="goes above the site's root folder")
    # A path ending in a folder ('nato/', 'x/.', '..') names the folder's index.html, as a browser resolves it.
    if not path or path.endswith("/") or posixpath.basename(path) in (".", "..") or joined == ".":
        joined = posixpath.normpath(posixpath.join(joined, "index.html"))
    return Destination(path=joined, fragment=fragment)


def _same_host(address: str, site_url: str) -> bool:
    one, other = urlsplit(address), urlsplit(site_url)
    return (one.scheme, one.netloc.lower()) == (other.scheme, other.netloc.lower())

"""Markdown to HTML with stable paragraph anchors (`p-1`, `p-2`, …).

Raw HTML in Markdown is not passed through: it is shown as text. The HTML made
from the Markdown is then cleaned by a sanitiser with an allow-list, so whatever
an article holds, its page can only show these elements and attributes.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import lz4.frame
import nh3

from briefing.text import normalise, slugify

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@dataclass(frozen=True)
class Paragraph:
    anchor: str
    text: str


@dataclass(frozen=True)
class RenderedBody:
    html: str
    paragraphs: tuple[Paragraph, ...]
    # The plain text outside the top-level paragraphs: headings, lists, tables, quotes.
    other_text: str = ""

    def anchor_of(self, sentence: str) -> str | None:
        """The anchor of the paragraph that holds the sentence (quotes and spacing aside)."""
        wanted = normalise(sentence)
        return next((p.anchor for p in self.paragraphs if wanted in normalise(p.text)), None)


def packed(body: RenderedBody) -> bytes:
    """A rendered body in a few kilobytes (about a quarter of its pickle), for the build cache to keep.

    LZ4, not zlib: a third larger, but six times quicker to pack and four times to unpack, and a cold
    build packs every body and unpacks each for its page and its search documents."""
    return lz4.frame.compress(pickle.dumps(body, pickle.HIGHEST_PROTOCOL), content_checksum=True)


def unpacked(data: bytes) -> RenderedBody | None:
    """A body as `packed` keeps it, or None if it is damaged (the frame's checksum covers what it unpacks)."""
    try:
        return pickle.loads(lz4.frame.decompress(data))
    except Exception:  # damaged bytes, or a body pickled from classes this code no longer has
        return None


_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
ALLOWED_TAGS = frozenset(
    {
        "p",
        *_HEADINGS,
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "em",
        "strong",
        "a",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"p": {"id"}, **{h: {"id"} for h in _HEADINGS}, "a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _sanitiser() -> nh3.Cleaner:
    # Made once: nh3.clean builds its allow-lists anew on every call, which costs more than the cleaning.
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def sanitise(html: str) -> str:
    """Only allowed elements and attributes; links to web addresses only, opened without a referrer or opener."""
    return _sanitiser().clean(html)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # here: a build with nothing changed renders nothing, and skips its import

    # No normalising of line endings and NULs, which `_normalised` does only for a text that holds any. Images
    # are read, to be shown as links (see `_leaving_the_page_only`).
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("normalize")


def _normalised(markdown_text: str) -> str:
    """What markdown-it's own first step makes of the text: CR and CRLF line endings become LF, and
    NUL the replacement character. Its two substitutions cost an eighth of parsing an article that,
    read through `files.clean`, has neither."""
    if "\r" not in markdown_text and "\0" not in markdown_text:
        return markdown_text
    return markdown_text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def _plain_text(inline: Token) -> str:
    pieces = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return "".join(pieces).strip()


def _leads_out(address: str) -> bool:
    return urlsplit(address).scheme.lower() in ALLOWED_URL_SCHEMES


def _leaving_the_page_only(inline: Token, own_ids: set[str]) -> None:
    """An inline run's links and images as the site can show them: a link to another page of the web or an
    address stays, and so does one to a heading or paragraph of the body itself (`_own_anchor`); one to a file
    beside the article where it was written ('earlier-post.md', '/docs/a.pdf', '#note'), which the site does
    not have, becomes its text; an image, which would be a request leaving the site, becomes a link to it, or
    its description alone."""
    children, links = [], []  # the link_open tokens not yet closed, each with whether it was kept
    for child in inline.children or ():
        if child.type == "link_open":
            address = str(child.attrGet("href") or "")
            anchor = _own_anchor(address, own_ids)
            if anchor:
                child.attrSet("href", f"#{anchor}")
            links.append(bool(anchor) or _leads_out(address))
            if links[-1]:
                children.append(child)
        elif child.type == "link_close":
            if links.pop():
                children.append(child)
        elif child.type == "image":
            children += _image_as_link(child, inside_a_link=any(links))
        else:
            children.append(child)
    inline.children = children


def _own_anchor(address: str, own_ids: set[str]) -> str | None:
    """The id of the body's heading or paragraph that a link within the page ('#…') leads to: written as the
    site names it ('#s-the-talks', '#p-3'), or as the tool the article was written in named the heading
    ('#the-talks', '#The%20talks'); None for any other address."""
    if not address.startswith("#") or len(address) == 1:
        return None
    fragment = unquote(address[1:])
    return next((name for name in (fragment, _heading_id(fragment)) if name in own_ids), None)


def _image_as_link(image: Token, inside_a_link: bool) -> list[Token]:
    from markdown_it.token import Token

    description = image.children or [Token("text", "", 0, content=image.content)]
    source = str(image.attrGet("src") or "")
    if inside_a_link or not _leads_out(source):
        return list(description)
    return [Token("link_open", "a", 1, attrs={"href": source}), *description, Token("link_close", "a", -1)]


def render_body(markdown_text: str) -> RenderedBody:
    """Render an article body, giving each top-level paragraph and heading an id."""
    return _plain_body(markdown_text) or _body_by_markdown_it(markdown_text)


# What may make Markdown of a line more than text anywhere in it: inline markup (emphasis, code, links,
# autolinks, entities, escapes), a table's '|', a tab's indentation, and the CR and NUL markdown-it rewrites.
_MARKUP_ANYWHERE = re.compile(r"[\\`*_\[\]<&|\t\r\0]")
# What may start a block other than a paragraph at the start of a line: a heading (taken on its own, below),
# a quote, a list item or rule, a setext heading's underline, a code fence, a table, a link reference.
_BLOCK_START = re.compile(r"[#>\-+*=_|~`\[<]|[0-9]+[.)]")
# An ATX heading whose text needs no trimming and has no closing '#'s.
_PLAIN_HEADING = re.compile(r"(#{1,6}) ((?:\S.*)?[^\s#])")


def _escaped(text: str) -> str:
    """Text as markdown-it escapes it in HTML (`&`, `<`, `>`, `"`; not `'`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _plain_body(markdown_text: str) -> RenderedBody | None:
    """The body exactly as `_body_by_markdown_it` renders it, for one of only paragraphs and '#' headings of
    plain text in lines that neither start nor end with a space (as every shipped and benchmark article is);
    None for any other. A third of the cost: markdown-it's parser tries every block rule on every line.
    tests/test_markdown_plain.py holds the two to one output over shipped, synthetic, tricky and generated bodies."""
    if _MARKUP_ANYWHERE.search(markdown_text):
        return None
    html: list[str] = []
    paragraphs: list[Paragraph] = []
    headings: list[str] = []
    heading_ids: set[str] = set()
    heading_counters: dict[str, int] = {}
    lines: list[str] = []  # of the paragraph being read

    def end_paragraph() -> None:
        if lines:
            anchor = f"p-{len(paragraphs) + 1}"
            text = "\n".join(lines)
            html.append(f'<p id="{anchor}">{_escaped(text)}</p>\n')
            paragraphs.append(Paragraph(anchor, " ".join(lines)))
            lines.clear()

    for line in markdown_text.split("\n"):
        if not line:
            end_paragraph()
        elif line[0].isspace() or line[-1].isspace():
            return None
        elif heading := _PLAIN_HEADING.fullmatch(line):
            end_paragraph()
            text = heading.group(2)
            tag = f"h{max(len(heading.group(1)), 2)}"
            heading_id = _unique(_heading_id(text), heading_ids, heading_counters)
            html.append(f'<{tag} id="{_escaped(heading_id)}">{_escaped(text)}</{tag}>\n')
            headings.append(text)
        elif _BLOCK_START.match(line):
            return None
        else:
            lines.append(line)
    end_paragraph()
    return RenderedBody(sanitise("".join(html)), tuple(paragraphs), "\n".join(headings))


def _body_by_markdown_it(markdown_text: str) -> RenderedBody:
    md = _markdown()
    tokens = md.parse(_normalised(markdown_text))
    paragraphs = []
    other_text = []
    own_ids: set[str] = set()
    heading_counters: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "inline" and not (token.level == 1 and tokens[index - 1].type == "paragraph_open"):
            other_text.append(_plain_text(token))
        if token.level != 0:
            continue
        if token.type == "paragraph_open":
            anchor = f"p-{len(paragraphs) + 1}"
            token.attrSet("id", anchor)
            own_ids.add(anchor)
            paragraphs.append(Paragraph(anchor, _plain_text(tokens[index + 1])))
        elif token.type in ("heading_open", "heading_close"):
            # The page title is the only h1: a '#' heading in the body becomes an h2.
            token.tag = f"h{max(int(token.tag[1]), 2)}"
        if token.type == "heading_open":
            heading_id = _unique(_heading_id(_plain_text(tokens[index + 1])), own_ids, heading_counters)
            token.attrSet("id", heading_id)
    # Once every id is known: a link may lead to a heading further down.
    for token in tokens:
        if token.type == "inline":
            _leaving_the_page_only(token, own_ids)
    return RenderedBody(sanitise(md.renderer.render(tokens, md.options, {})), tuple(paragraphs), "\n".join(other_text))


def _heading_id(text: str) -> str:
    """A heading's id before it is made unique: 's-the-talks' for 'The talks'."""
    return f"s-{slugify(text, 50)}"


def _unique(candidate: str, taken: set[str], next_numbers: dict[str, int]) -> str:
    """The candidate, or it numbered (-2, -3, …); counting on from the last number keeps 10,000 equal headings linear."""
    name, number = candidate, next_numbers.get(candidate, 2)
    while name in taken:
        name, number = f"{candidate}-{number}", number + 1
    next_numbers[candidate] = number
    taken.add(name)
    return name

"""Markdown to HTML with stable paragraph anchors (`p-1`, `p-2`, …).

Raw HTML in Markdown is not passed through: it is shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .text import normalise, slugify


@dataclass(frozen=True)
class Paragraph:
    anchor: str
    text: str


@dataclass(frozen=True)
class RenderedBody:
    html: str
    paragraphs: tuple[Paragraph, ...]

    def anchor_of(self, sentence: str) -> str | None:
        """The anchor of the paragraph that holds the sentence (quotes and spacing aside)."""
        wanted = normalise(sentence)
        return next((p.anchor for p in self.paragraphs if wanted in normalise(p.text)), None)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # No images: a picture from the web would be a request leaving the site.
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def _plain_text(inline: Token) -> str:
    pieces = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return "".join(pieces).strip()


def render_body(markdown_text: str) -> RenderedBody:
    """Render an article body, giving each top-level paragraph and heading an id."""
    md = _markdown()
    tokens = md.parse(markdown_text)
    paragraphs = []
    heading_ids: set[str] = set()
    for index, token in enumerate(tokens):
        if token.level != 0:
            continue
        if token.type == "paragraph_open":
            anchor = f"p-{len(paragraphs) + 1}"
            token.attrSet("id", anchor)
            paragraphs.append(Paragraph(anchor, _plain_text(tokens[index + 1])))
        elif token.type in ("heading_open", "heading_close"):
            # The page title is the only h1: a '#' heading in the body becomes an h2.
            token.tag = f"h{max(int(token.tag[1]), 2)}"
        if token.type == "heading_open":
            heading_id = _unique(f"s-{slugify(_plain_text(tokens[index + 1]), 50)}", heading_ids)
            token.attrSet("id", heading_id)
    return RenderedBody(md.renderer.render(tokens, md.options, {}), tuple(paragraphs))


def _unique(candidate: str, taken: set[str]) -> str:
    name, number = candidate, 2
    while name in taken:
        name, number = f"{candidate}-{number}", number + 1
    taken.add(name)
    return name

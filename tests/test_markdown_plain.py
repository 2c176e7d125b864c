"""The plain-body path of `render_body` gives what markdown-it gives, byte for byte, or steps aside.

Bodies of only paragraphs and '#' headings of plain text are rendered without markdown-it's parser;
any other body goes to markdown-it. These tests hold the two paths to one output over the shipped
articles, synthetic ones as the benchmark makes them, hand-picked edges and generated texts.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.content.load import article_paths, split_front_matter
from briefing.content.markdown import _body_by_markdown_it, _plain_body, render_body
from briefing.tools.bench import _pools, synthetic_article
from conftest import CONTENT


def _body(article_text: str) -> str:
    front_matter = split_front_matter(article_text)
    assert front_matter is not None
    return front_matter[1]


def _assert_as_markdown_it(text: str) -> bool:
    """Whether the plain path took the text; if it did, that it rendered it as markdown-it does."""
    plain = _plain_body(text)
    if plain is not None:
        assert plain == _body_by_markdown_it(text), repr(text)
    return plain is not None


def test_the_shipped_articles_take_the_plain_path_and_render_as_markdown_it_does():
    bodies = [_body(path.read_text(encoding="utf-8")) for path in article_paths(CONTENT)]
    assert bodies and all(_assert_as_markdown_it(body) for body in bodies)


def test_synthetic_articles_take_the_plain_path_and_render_as_markdown_it_does():
    pools, rng = _pools(CONTENT), random.Random(11)
    bodies = [_body(synthetic_article(number, pools, rng)) for number in range(300)]
    assert all(_assert_as_markdown_it(body) for body in bodies)
    assert render_body(bodies[0]).paragraphs and "<h2 id=" in render_body(bodies[0]).html


# Each is plain text to the plain path's checks but for one thing that Markdown reads as more.
NOT_PLAIN = [
    "A *stressed* word.",
    "A _stressed_ word.",
    "Some `code`.",
    "A [link](https://example.org).",
    "An autolink <https://example.org>.",
    "An entity &amp; an ampersand.",
    "An escaped \\* star.",
    "A | table\n| --- |",
    "A line\twith a tab.",
    "A hard break  \nafter two spaces.",
    "A soft break \nafter one space.",
    "  An indented line.",
    "    Indented code.",
    "> A quote.",
    "- An item.",
    "+ An item.",
    "* An item.",
    "1. An item.",
    "2024) An item.",
    "A paragraph\n2. that a list interrupts? (only 1. does; both step aside)",
    "A setext heading\n===",
    "A setext heading\n---",
    "***",
    "~~~\nfenced\n~~~",
    "```\nfenced\n```",
    "[label]: https://example.org",
    "## A closed heading ##",
    "## #",
    "#hashtag at a line's start",
    "####### Seven hashes",
    "##  Two spaces after the hashes",
    "## ",
    "A line ending in a no-break space\u00a0",
    "\u2003An em space first.",
    "A CR\r\nline ending.",
    "A NUL \0.",
    "A paragraph\n   \nwith a line of spaces.",
]

# Plain to the plain path: each must be rendered as markdown-it does.
PLAIN = [
    "",
    "\n\n\n",
    "One line.",
    "Two lines\nof one paragraph.",
    "Two\n\nparagraphs.",
    "# A top heading becomes h2\n\nText.",
    "###### A sixth-level heading",
    "## A heading\nright above a paragraph\n## and one right below",
    "## Same\n\n## Same\n\n## Same",
    "## #1 ranked, C# and F#s",
    "## A heading ending in a digit 2",
    "Quotes \"straight\" and 'single', a > sign, an equals = sign, 50% off, $5, @user, {braces}, ~tilde.",
    "An exclamation! And a (parenthesis), a colon: and a dash - mid-line, 2024. A year.",
    "A no-break\u00a0space, an em\u2003space, a line\u2028separator, a next-line\x85character inside.",
    "Ελλάδα και Κύπρος.\n\n## Ουκρανία",
    "2024 was a year.\n\n10 000 people came.",
    "#\u00a0no-break after the hash",
    "A line\n#notaheading? It is not: it steps aside",
]


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_bodies_with_markup_are_left_to_markdown_it(text: str):
    assert _plain_body(text) is None or _assert_as_markdown_it(text)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_bodies_render_as_markdown_it_renders_them(text: str):
    _assert_as_markdown_it(text)


def test_most_of_the_plain_edges_take_the_plain_path():
    assert sum(_plain_body(text) is not None for text in PLAIN) >= len(PLAIN) - 3
    assert all(_plain_body(text) is None for text in NOT_PLAIN)


# Pieces of text that Markdown reads one way or another; `PROSE` leaves out those that make any body not plain.
PIECES = [
    "word",
    "Word",
    " ",
    "  ",
    "\n",
    "\n\n",
    "#",
    "## ",
    "###### ",
    "####### ",
    "1.",
    "2)",
    "10",
    "-",
    "+",
    "=",
    ">",
    "~",
    "'",
    '"',
    ".",
    "!",
    ":",
    "(",
    "\u00a0",
    "\u2003",
    "\u2028",
    "\x85",
    "\x0c",
    "é",
    "\ufeff",
]
MARKUP = ["*", "_", "`", "[", "]", "<", "&", "&amp;", "\\", "|", "\t", "\r", "\0"]


# What a line may start with, for Markdown: a block's marker, indentation, or a word.
LINE_STARTS = [
    "",
    "word",
    "Word",
    " ",
    "    ",
    "#",
    "## ",
    "###### ",
    "####### ",
    "1. ",
    "2)",
    "-",
    "--",
    "+ ",
    "=",
    ">",
    "~~~",
    "\xa0",
    "\u2003",
    "\x0c",
]
line = st.tuples(st.sampled_from(LINE_STARTS), st.lists(st.sampled_from(PIECES), max_size=8).map("".join))


@settings(max_examples=2_000)
@given(st.lists(line.map("".join), max_size=8).map("\n".join))
def test_generated_prose_renders_as_markdown_it_renders_it(text: str):
    _assert_as_markdown_it(text)


@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES + MARKUP), max_size=40).map("".join))
def test_generated_markup_renders_as_markdown_it_renders_it(text: str):
    _assert_as_markdown_it(text)

"""Links between pages, slugs, Markdown anchors and sentence splitting."""

from __future__ import annotations

import pytest

from briefing import urls
from briefing.content.markdown import render_body
from briefing.text import normalise, sentences, slugify


def test_relative_links_point_at_files():
    assert urls.relative("index.html", urls.topic("nato")) == "topics/nato.html"
    assert urls.relative(urls.topic("nato"), urls.HOME) == "../index.html"
    assert urls.relative(urls.topic("nato"), urls.TOPICS) == "index.html"
    assert urls.relative(urls.article("a"), urls.country("france")) == "../countries/france.html"
    assert urls.relative(urls.article("a"), urls.article("a"), "p-3") == "a.html#p-3"


def test_absolute_urls_need_a_base():
    assert urls.absolute("https://example.org/briefing/", urls.FEED) == "https://example.org/briefing/feed.xml"
    assert urls.absolute("https://example.org/briefing", "index.html") == "https://example.org/briefing/index.html"


def test_navigation_marks_the_section():
    assert urls.in_section(urls.topic("nato"), urls.TOPICS)
    assert not urls.in_section(urls.TRACKER, urls.HOME)


def test_slugs_are_readable_and_path_safe():
    assert slugify("Ukraine–France Security Agreement (2024)") == "ukraine-france-security-agreement-2024"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("¿?") == "untitled"


def test_paragraphs_get_stable_anchors_and_raw_html_is_escaped():
    body = render_body("## Heading\n\nFirst <script>alert(1)</script> para.\n\n- a list item\n\nSecond para.\n")
    assert [p.anchor for p in body.paragraphs] == ["p-1", "p-2"]
    assert '<p id="p-1">First &lt;script&gt;alert(1)&lt;/script&gt; para.</p>' in body.html
    assert '<h2 id="s-heading">Heading</h2>' in body.html
    assert "<script>" not in body.html


def test_sentences_keep_abbreviations_whole():
    text = "Talks with the U.S. for a deal continue. Zelensky said “this is important.” Then he left."
    assert sentences(text) == [
        "Talks with the U.S. for a deal continue.",
        "Zelensky said “this is important.”",
        "Then he left.",
    ]


def test_a_month_cut_short_before_its_day_ends_no_sentence():
    text = (
        "Tariffs were due on Dec. 15 at midnight. It was signed on Sept. 5, 2024. The talks ended in Dec. Then a pause."
    )
    assert sentences(text) == [
        "Tariffs were due on Dec. 15 at midnight.",
        "It was signed on Sept. 5, 2024.",
        "The talks ended in Dec.",
        "Then a pause.",
    ]


def test_sentences_end_at_a_mark_before_a_capital_a_digit_or_an_opening_quote():
    text = '. A. "B!" (C? D) e. Mr. F ran.  1 2. St. G'
    assert sentences(text) == [".", "A.", '"B!"', "(C?", "D) e.", "Mr. F ran.", "1 2.", "St. G"]


def test_normalised_text_has_straight_quotes_and_single_spaces():
    assert normalise("\u201cDeal\u201d\u00a0is\u2028 done ") == '"Deal" is done'
    assert normalise("a\tb\u3000 c\u00ad") == "a b c\u00ad"
    assert normalise(" x ") == "x"
    assert normalise("Already plain.") == "Already plain."
    # Dashes and the other hyphens (U+2010, U+2011 non-breaking, U+2012 figure dash) as ASCII's hyphen.
    assert (
        normalise("a ten\u2011year pact \u2013 co\u2010operation, 555\u20121234")
        == "a ten-year pact - co-operation, 555-1234"
    )


def test_a_body_with_cr_line_endings_or_nuls_renders_as_markdown_it_reads_them():
    assert render_body("# T\r\n\r\nOne\r\ntwo\rthree \0.\r\n") == render_body("# T\n\nOne\ntwo\nthree \ufffd.\n")
    assert render_body("One\r\ntwo").html == '<p id="p-1">One\ntwo</p>\n'


def test_body_cannot_add_a_second_h1_or_load_an_image():
    html = render_body("# Big\n\n![map](https://tiles.example.org/map.png)\n").html
    assert "<h1" not in html and '<h2 id="s-big">Big</h2>' in html
    assert "<img" not in html


def test_pretty_urls_write_folders_and_link_to_them():
    assert urls.output_file(urls.topic("nato"), pretty=True) == "topics/nato/index.html"
    assert urls.output_file(urls.TOPICS, pretty=True) == "topics/index.html"
    assert urls.output_file(urls.NOT_FOUND, pretty=True) == "404.html"
    assert urls.output_file(urls.FEED, pretty=True) == "feed.xml"
    assert urls.relative(urls.topic("nato"), urls.article("a"), "p-3", pretty=True) == "../../articles/a/#p-3"
    assert urls.relative(urls.topic("nato"), urls.HOME, pretty=True) == "../../"
    assert urls.relative(urls.HOME, urls.HOME, pretty=True) == "./"
    assert urls.relative(urls.topic("nato"), urls.STYLESHEET, pretty=True) == "../../assets/style.css"
    assert urls.absolute("https://example.org/briefing/", urls.HOME, pretty=True) == "https://example.org/briefing/"


def test_links_from_the_root_follow_the_base_urls_path():
    assert urls.from_root("https://example.org/briefing/", urls.STYLESHEET) == "/briefing/assets/style.css"
    assert urls.from_root("https://example.org/briefing", urls.topic("nato"), pretty=True) == "/briefing/topics/nato/"
    assert urls.from_root("https://example.org", urls.HOME) == "/index.html"
    assert urls.from_root("", urls.FAQ) == "/faq.html"


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        # Links to files beside the article where it was written, which the site does not have: their text.
        ("As [our earlier post](../2024/earlier-post.md) said.", "As our earlier post said."),
        ("See [the text](/docs/pact.pdf) and [a note](#note).", "See the text and a note."),
        # Links to the web and to an address stay.
        (
            "See [the ministry](https://example.org/pact) or [write](mailto:desk@example.org).",
            'See <a href="https://example.org/pact" rel="noopener noreferrer">the ministry</a> or'
            ' <a href="mailto:desk@example.org" rel="noopener noreferrer">write</a>.',
        ),
        # An image is a link to it, or its description alone; never a request leaving the site.
        (
            "![The signing](https://example.org/signing.jpg)",
            '<a href="https://example.org/signing.jpg" rel="noopener noreferrer">The signing</a>',
        ),
        ("![The signing](images/signing.jpg) in Lima.", "The signing in Lima."),
        (
            "[![logo](https://example.org/logo.png)](https://example.org)",
            '<a href="https://example.org" rel="noopener noreferrer">logo</a>',
        ),
    ],
)
def test_a_body_s_links_lead_only_where_the_site_can_follow_them(markdown: str, html: str):
    body = render_body(markdown)
    assert body.html == f'<p id="p-1">{html}</p>\n'
    assert "<img" not in body.html


def test_a_link_to_a_heading_of_the_body_leads_to_its_id_on_the_page():
    # As Hugo, Jekyll and GitHub name a heading's anchor ('#the-talks'), or as the site does ('#s-background').
    body = render_body(
        "As [the talks](#the-talks) and [the background](#s-background) show; [the first paragraph](#p-1),"
        " [Talks](#The%20Talks), [a note](#note).\n\n## Background\n\nText.\n\n## The talks\n\nMore."
    )
    first = body.html.split("\n")[0]
    assert first == (
        '<p id="p-1">As <a href="#s-the-talks" rel="noopener noreferrer">the talks</a> and'
        ' <a href="#s-background" rel="noopener noreferrer">the background</a> show;'
        ' <a href="#p-1" rel="noopener noreferrer">the first paragraph</a>,'
        ' <a href="#s-the-talks" rel="noopener noreferrer">Talks</a>, a note.</p>'
    )
    assert '<h2 id="s-the-talks">The talks</h2>' in body.html

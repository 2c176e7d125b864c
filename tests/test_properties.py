"""Whatever text an article holds, the build succeeds and its page holds only allowed markup."""

from __future__ import annotations

import shutil
from pathlib import Path

import html5lib
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.content.files import clean
from briefing.content.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from briefing.pipeline import build_site
from conftest import TEMPLATES

XHTML = "{http://www.w3.org/1999/xhtml}"
SMALL_CONTENT = {
    "site.yaml": "title: Property briefing\ndescription: One article at a time.\n",
    "topics.yaml": "topics:\n  - slug: nato\n    title: NATO\n    overview: The alliance.\n    keywords: [NATO]\n",
    "entities.yaml": "countries:\n  - slug: poland\n    name: Poland\n    iso_code: PL\n",
    "facts.yaml": "agreements: []\n",
}
PLAIN_ARTICLE = ("A plain title", "A plain paragraph about NATO and Poland.\n\nAnother one.")
# Any text but a NUL (a NUL makes a file binary, by git's rule) and lone surrogates (not encodable).
ANY_CHARACTER = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
TITLES = st.text(ANY_CHARACTER, min_size=1, max_size=80).filter(lambda title: clean(title).strip())
BODIES = st.text(ANY_CHARACTER, max_size=400) | st.lists(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "**bold**",
            "# Heading",
            "- item",
            "> quote",
            "`code`",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<iframe src=//evil>",
            "\n\n",
            "&amp;",
            "]]>",
            "<!--",
            "\u202e",
        ]
    ),
    max_size=12,
).map("".join)


def write_article(content: Path, title: str, body: str) -> None:
    front = yaml.safe_dump({"title": title, "summary": "Summary.", "slug": "property"}, allow_unicode=True)
    (content / "articles" / "property.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def markup_of(html: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The elements and (element, attribute) pairs of a page, parsed as a browser would."""
    document = html5lib.parse(html)
    tags, attributes = set(), set()
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = element.tag.removeprefix(XHTML)
        tags.add(tag)
        attributes.update((tag, name) for name in element.attrib)
    return tags, attributes


@pytest.fixture(scope="module")
def small_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("property") / "content"
    (content / "articles").mkdir(parents=True)
    for name, text in SMALL_CONTENT.items():
        (content / name).write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def template_markup(small_content: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """What the templates themselves put on an article page, around a plain article."""
    write_article(small_content, *PLAIN_ARTICLE)
    out = small_content.parent / "plain-site"
    build_site(small_content, TEMPLATES, out, jobs=1)
    return markup_of((out / "articles" / "property.html").read_text(encoding="utf-8"))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TITLES, body=BODIES)
@example(title="0\x850", body="").via("NEL is a line break: the title shows '0 0'")
@example(title="a\x9fb\u2028c", body="").via("other C1 controls are dropped; LS is a line break")
def test_any_title_and_body_build_into_a_page_with_only_allowed_markup(
    small_content: Path, template_markup, title: str, body: str
):
    write_article(small_content, title, body)
    out = small_content.parent / "site"
    shutil.rmtree(out, ignore_errors=True)
    build_site(small_content, TEMPLATES, out, jobs=1)
    html = (out / "articles" / "property.html").read_text(encoding="utf-8")

    # A strict parser: the page is well-formed HTML, whatever the article held.
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    tags, attributes = markup_of(html)
    template_tags, template_attributes = template_markup
    allowed_attributes = (
        template_attributes
        | {(tag, name) for tag, names in ALLOWED_ATTRIBUTES.items() for name in names}
        | {("a", "rel")}
    )
    assert tags <= template_tags | ALLOWED_TAGS
    assert attributes <= allowed_attributes
    assert "script" not in tags
    heading = html5lib.parse(html, namespaceHTMLElements=False).find(".//h1")
    assert (
        "".join(heading.itertext()) == " ".join(clean(title).split())
        or "".join(heading.itertext()) == clean(title).strip()
    )

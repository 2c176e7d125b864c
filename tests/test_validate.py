"""Stage 2: cross-checks over the whole model."""

from __future__ import annotations

from pathlib import Path

from briefing.load import load_content
from briefing.markup import Bodies
from briefing.validate import validate
from conftest import CONTENT, replace_in

ARTICLE = "zelensky-plans-bilateral-agreements-with-western-states"


def problems(content_dir: Path) -> list[str]:
    content = load_content(content_dir)
    bodies = Bodies({article.slug: article.body for article in content.articles})
    return [str(problem) for problem in validate(content, bodies)]


def test_shipped_content_is_valid():
    assert problems(CONTENT) == []


def test_cited_sentence_must_be_in_the_article(content_copy: Path):
    replace_in(content_copy / "facts.yaml", "have initiated negotiations on a draft", "have signed a draft")
    [problem] = problems(content_copy)
    assert problem.startswith("content/facts.yaml:")
    assert f"the cited sentence is not in the article '{ARTICLE}'" in problem
    assert f"copy the sentence exactly from one body paragraph of content/articles/{ARTICLE}.md" in problem


def test_citation_ignores_quote_style_and_line_wrapping(content_copy: Path):
    replace_in(content_copy / "facts.yaml", "Ukraine’s pursuit", "Ukraine's pursuit")
    assert problems(content_copy) == []


def test_unknown_topic_suggests_the_closest(content_copy: Path):
    article = content_copy / "articles" / f"{ARTICLE}.md"
    replace_in(article, "ingested:", "topics: [natto]\ningested:")
    [problem] = problems(content_copy)
    assert "unknown topic 'natto'" in problem and "did you mean 'nato'?" in problem


def test_unknown_partner_and_status(content_copy: Path):
    replace_in(content_copy / "facts.yaml", "partner: portugal\n    status: negotiating", "partner: portugall\n    status: pending")
    found = problems(content_copy)
    assert any("the partner 'portugall' is not a partner country" in p and "did you mean 'portugal'?" in p for p in found)
    assert any("unknown status 'pending'" in p and "signed, negotiating" in p for p in found)


def test_duplicate_slug(content_copy: Path):
    replace_in(content_copy / "topics.yaml", "slug: domestic-security", "slug: nato")
    [problem] = problems(content_copy)
    assert "the topic slug 'nato' is used twice (first at content/topics.yaml:" in problem


def test_duplicate_article_slug_from_front_matter(content_copy: Path):
    article = content_copy / "articles" / f"{ARTICLE}.md"
    replace_in(article, "ingested:", "slug: nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression\ningested:")
    first, *_ = problems(content_copy)
    assert f"content/articles/{ARTICLE}.md:1: the article slug 'nato-proposes" in first and "is used twice" in first


def test_unsafe_slug_is_refused(content_copy: Path):
    replace_in(content_copy / "topics.yaml", "slug: domestic-security", "slug: ../outside")
    [problem] = problems(content_copy)
    assert "'../outside' is not a plain slug" in problem and "'outside'" in problem


def test_iso_code_is_checked(content_copy: Path):
    replace_in(content_copy / "entities.yaml", "iso_code: PT", "iso_code: PO")
    [problem] = problems(content_copy)
    assert "'PO' is not an ISO 3166-1 alpha-2 country code" in problem and "'PT' is the code for Portugal" in problem


def test_key_point_citing_unknown_article(content_copy: Path):
    replace_in(content_copy / "site.yaml", "article: zelensky-plans-bilateral-agreements-with-western-states", "article: no-such-article")
    [problem] = problems(content_copy)
    assert "unknown article 'no-such-article'" in problem


def test_agreement_with_a_non_partner_country_is_refused(content_copy: Path):
    replace_in(content_copy / "facts.yaml", "partner: portugal", "partner: russia")
    [problem] = problems(content_copy)
    assert "the partner 'russia' is not a partner country" in problem

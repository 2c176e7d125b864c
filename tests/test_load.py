"""Stage 1: reading content/ into the model, and the errors bad files produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.load import load_content, split_front_matter
from briefing.problems import ContentError
from conftest import CONTENT, replace_in


def problems_of(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_content(content_dir)
    return [str(problem) for problem in raised.value.problems]


def test_shipped_content_loads_every_part():
    content = load_content(CONTENT)
    assert content.settings.title == "Ukraine's Security Guarantees"
    assert {"security-agreements", "nato", "budapest-memorandum", "partner-countries"} <= {t.slug for t in content.topics}
    assert len(content.articles) == 5
    assert sum(len(article.qa) for article in content.articles) == 12
    assert len(content.facts) == 14
    zelenskyy = next(e for e in content.entities if e.slug == "volodymyr-zelenskyy")
    assert {"Zelenskyy", "Zelensky"} <= set(zelenskyy.aliases)


def test_article_fields_and_locations(content_copy: Path):
    article = next(a for a in load_content(content_copy).articles if a.slug == "nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression")
    assert article.title.startswith("NATO proposes")
    assert len(article.highlights) == 3
    assert article.source.original == "originals/nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.txt"
    assert article.published is None and article.ingested is not None
    assert article.location.file == "content/articles/nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.md"


def test_missing_required_field_names_file_and_line(content_copy: Path):
    replace_in(content_copy / "topics.yaml", "    title: NATO and membership\n", "")
    [problem] = problems_of(content_copy)
    assert problem.startswith("content/topics.yaml:23: this topic has no 'title'")
    assert "fix: add 'title: …' to this topic" in problem


def test_malformed_yaml_names_the_line(content_copy: Path):
    replace_in(content_copy / "site.yaml", "latest_count: 5", "latest_count: [5")
    [problem] = problems_of(content_copy)
    assert problem.startswith("content/site.yaml:")
    assert "not valid YAML" in problem and "fix:" in problem


def test_malformed_front_matter_counts_lines_from_the_file_start(content_copy: Path):
    article = content_copy / "articles" / "zelensky-plans-bilateral-agreements-with-western-states.md"
    replace_in(article, "title: Zelensky plans", "title: - : Zelensky plans")
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"content/articles/{article.name}:2:")


def test_yes_no_iso_code_is_reported_with_the_fix(content_copy: Path):
    replace_in(content_copy / "entities.yaml", "iso_code: PT", "iso_code: NO")
    [problem] = problems_of(content_copy)
    assert "'iso_code' should be text, but it is yes/no (False)" in problem
    assert "put the text in quotes" in problem and "read as true/false" in problem


def test_number_in_a_keyword_list_is_reported(content_copy: Path):
    replace_in(content_copy / "topics.yaml", '"1994"', "1994")
    [problem] = problems_of(content_copy)
    assert "item 3 of 'keywords' should be text, but it is a number (1994)" in problem


def test_duplicate_key_is_an_error_not_a_silent_overwrite(content_copy: Path):
    replace_in(content_copy / "site.yaml", "latest_count: 5", "latest_count: 5\nlatest_count: 6")
    [problem] = problems_of(content_copy)
    assert "the key 'latest_count' appears twice" in problem


def test_article_without_front_matter(content_copy: Path):
    (content_copy / "articles" / "stray-note.md").write_text("Just a note, no fields.\n", encoding="utf-8")
    [problem] = problems_of(content_copy)
    assert problem.startswith("content/articles/stray-note.md:1: this article has no front matter")


def test_every_problem_is_listed_at_once(content_copy: Path):
    replace_in(content_copy / "topics.yaml", "    title: NATO and membership\n", "")
    (content_copy / "articles" / "stray-note.md").write_text("no fields\n", encoding="utf-8")
    assert len(problems_of(content_copy)) == 2


def test_split_front_matter_reports_where_the_body_starts():
    assert split_front_matter("---\ntitle: A\n---\nBody\n") == ("title: A", "Body\n", 4)
    assert split_front_matter("No front matter") is None


def test_empty_required_text_counts_as_missing(content_copy: Path):
    replace_in(content_copy / "site.yaml", "title: Ukraine's Security Guarantees", "title: ''")
    [problem] = problems_of(content_copy)
    assert "content/site.yaml:2: this file has no 'title'" in problem


def test_source_url_must_be_a_web_address(content_copy: Path):
    article = content_copy / "articles" / "zelensky-plans-bilateral-agreements-with-western-states.md"
    replace_in(article, "url: null", "url: 'javascript:alert(1)'")
    [problem] = problems_of(content_copy)
    assert "'url' should be a web address starting with http:// or https://" in problem

"""Stage 1: reading content/ into the model (bad files, one per row: test_bad_input.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.content.files import MEGABYTE, UnreadableFile, clean, read_bytes
from briefing.content.load import article_paths, load_article, load_settings, split_front_matter
from briefing.problems import ContentError, Problem
from briefing.stages import read_content
from conftest import CONTENT, replace_in


def problems_of(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        read_content(content_dir)
    return [str(problem) for problem in raised.value.problems]


def test_shipped_content_loads_every_part():
    content = read_content(CONTENT)
    assert content.settings.title == "Ukraine's Security Guarantees"
    assert {"security-agreements", "nato", "budapest-memorandum", "partner-countries"} <= {
        t.slug for t in content.topics
    }
    assert len(content.articles) == 5
    assert sum(len(article.qa) for article in content.articles) == 12
    assert len(content.facts) == 14
    zelenskyy = next(e for e in content.entities if e.slug == "volodymyr-zelenskyy")
    assert {"Zelenskyy", "Zelensky"} <= set(zelenskyy.aliases)


def test_article_fields_and_locations(content_copy: Path):
    article = next(
        a
        for a in read_content(content_copy).articles
        if a.slug == "nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression"
    )
    assert article.title.startswith("NATO proposes")
    assert len(article.highlights) == 3
    assert (
        article.source.original == "originals/nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.txt"
    )
    assert article.published is None and article.ingested is not None
    assert (
        article.location.file
        == "content/articles/nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.md"
    )


def test_the_loader_lists_every_file_s_problems_at_once(content_copy: Path):
    # The build stops after the settings, topics and entities when they have problems
    # (articles are analysed against them); the loader itself collects, never stops.
    replace_in(content_copy / "topics.yaml", "    title: NATO and membership\n", "")
    (content_copy / "articles" / "stray-note.md").write_text("no fields\n", encoding="utf-8")
    problems: list[Problem] = []
    load_settings(content_copy, problems)
    for path in article_paths(content_copy):
        load_article(path, content_copy, problems)
    assert len(problems) == 2


@pytest.mark.parametrize("phrase", ["a security agreement", "The security agreement", "an accord"])
def test_an_agreement_named_with_an_article_is_refused_with_the_phrase_without_it(content_copy: Path, phrase: str):
    replace_in(
        content_copy / "site.yaml", "agreement: bilateral security agreement with Ukraine", f"agreement: {phrase}"
    )
    problems: list[Problem] = []
    load_settings(content_copy, problems)
    [problem] = problems
    assert "site.yaml:" in str(problem) and f"agreement: {phrase.split(' ', 1)[1]}" in problem.fix


def test_split_front_matter_reports_where_the_body_starts():
    assert split_front_matter("---\ntitle: A\n---\nBody\n") == ("title: A", "Body\n", 4)
    assert split_front_matter("No front matter") is None
    # An indented '---' is a line of a YAML value, not the closing fence.
    assert split_front_matter("---\nsummary: 'One.\n\n  ---\n\n  Two.'\n---\nBody\n") == (
        "summary: 'One.\n\n  ---\n\n  Two.'",
        "Body\n",
        8,
    )


def _must_go(code: int) -> bool:
    """Control characters but tab and newline (CR, NEL, LS and PS become newlines), and Unicode's noncharacters."""
    return (
        code in (0x2028, 0x2029)
        or (code < 0xA0 and (code < 0x20 or code >= 0x7F) and code not in (0x09, 0x0A))
        or (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)
    )


def test_clean_changes_every_character_it_must_and_no_other():
    """Its quick pass over text with nothing to clean passes over none of them, in any plane."""
    codes = [code for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]  # surrogates are never text
    changed = {code for code in codes if clean(f"a{chr(code)}b") != f"a{chr(code)}b"}
    assert changed == {code for code in codes if _must_go(code)}
    assert clean("a\r\nb\rc\x85d\u2028e\x00f\U0010ffff") == "a\nb\nc\nd\nef"


def test_a_file_is_read_whole_up_to_the_size_limit_and_refused_past_it(tmp_path: Path):
    at_limit, past_limit, empty = tmp_path / "at.md", tmp_path / "past.md", tmp_path / "empty.md"
    at_limit.write_bytes(bytes(range(256)) * (MEGABYTE // 256))
    past_limit.write_bytes(at_limit.read_bytes() + b"x")
    empty.write_bytes(b"")
    assert read_bytes(at_limit, size_limit_mb=1) == at_limit.read_bytes()
    assert read_bytes(empty) == b""
    with pytest.raises(UnreadableFile, match="over the 1 MB limit"):
        read_bytes(past_limit, size_limit_mb=1)

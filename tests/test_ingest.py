"""Ingest: raw text articles as copied from web pages → content files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from briefing.ingest import ingest_files, parse_raw_text, provisional_title
from briefing.load import load_content
from briefing.markup import render_body
from briefing.problems import ContentError
from briefing.text import normalise
from conftest import CONTENT, SEEDS

WEB_PAGE = SEEDS / "ukraine-strengthens-security-agreements-with-international-allies.txt"
EXPLAINER = SEEDS / "alliances-and-agreements-underpin-ukraines-security.txt"
NEWS_WITH_BULLETS = SEEDS / "nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.txt"


def parse(path: Path):
    return parse_raw_text(path.read_text(encoding="utf-8"))


def test_title_line_is_detected_when_there_is_one():
    assert parse(WEB_PAGE).title == "Ukraine Strengthens Security Agreements with International Allies"
    assert parse(NEWS_WITH_BULLETS).title == "NATO proposes security guarantees for Ukraine amid Russian aggression"
    assert parse(EXPLAINER).title is None


def test_provisional_title_comes_from_the_lead_sentence():
    lead = parse(EXPLAINER).paragraphs[0]
    assert provisional_title(lead) == "The security and safety of Ukraine remain crucial topics on the global stage"


def test_bullet_summary_becomes_highlights():
    parsed = parse(NEWS_WITH_BULLETS)
    assert parsed.highlights[1] == "Mark Rutte emphasized the need for a strong Ukrainian military to ensure future defense postures."
    assert len(parsed.highlights) == 3


def test_questions_followed_by_answers_become_pairs():
    parsed = parse(EXPLAINER)
    assert len(parsed.qa) == 7
    question, answer = parsed.qa[2]
    assert question == "Why is NATO membership considered a real security guarantee for Ukraine?"
    assert answer.startswith("NATO membership offers a substantial security guarantee")
    assert len(parsed.paragraphs) == 1


def test_seed_qa_pairs_total_twelve():
    assert sum(len(parse(path).qa) for path in sorted(SEEDS.glob("*.txt"))) == 12


def test_web_page_junk_is_dropped_and_reported():
    parsed = parse(WEB_PAGE)
    body = "\n".join(text for _, text in parsed.blocks)
    for junk in ("HomeWorld", "Free Subscribtion", "Advertisement", "Please enter your comment", "Most Popular", "Alzheimer", "Oscars 2024"):
        assert junk not in body
    assert "- Advertisement -" in parsed.dropped and "Please enter your comment!" in parsed.dropped
    assert "Oscars 2024: Predictions for Best Picture, Director, and Acting Categories" in parsed.teasers
    assert "Where is ChatGPT Heading in 2024?" in parsed.teasers


def test_headings_are_kept_and_orphan_story_links_dropped():
    parsed = parse(WEB_PAGE)
    headings = [text for kind, text in parsed.blocks if kind == "heading"]
    assert "Ukraine-France Security Agreement" in headings
    assert "Germany becomes second country to sign security agreement with Ukraine" in parsed.dropped
    assert "Ukraine and Britain sign security agreement in Kyiv" in parsed.dropped


def test_crlf_and_hard_blank_lines_are_handled():
    text = "A headline about Ukraine\r\n\r\nFirst paragraph of the story.\r\nSecond paragraph here.\r\n"
    parsed = parse_raw_text(text)
    assert parsed.title == "A headline about Ukraine"
    assert parsed.paragraphs == ["First paragraph of the story.", "Second paragraph here."]


def test_markdown_characters_in_plain_text_survive(tmp_path: Path):
    raw = tmp_path / "raw.txt"
    raw.write_text("Aid bill passes\nA *61* billion bill, 1994 style.\n# not a heading, and <b>not bold</b> [not a link]\n", encoding="utf-8")
    [report] = ingest_files([raw], tmp_path / "content", today=date(2024, 5, 1))
    body = report.article_file.read_text(encoding="utf-8").split("---\n", 2)[2]
    texts = [p.text for p in render_body(body).paragraphs]
    assert texts == ["A *61* billion bill, 1994 style.", "# not a heading, and <b>not bold</b> [not a link]"]


def test_ingest_writes_a_loadable_article_and_keeps_the_original(tmp_path: Path):
    content = tmp_path / "content"
    for name in ("site.yaml", "topics.yaml", "entities.yaml", "facts.yaml"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text((CONTENT / "site.yaml").read_text().split("key_points:")[0], encoding="utf-8")
    (content / "topics.yaml").write_text((CONTENT / "topics.yaml").read_text(), encoding="utf-8")
    (content / "entities.yaml").write_text((CONTENT / "entities.yaml").read_text(), encoding="utf-8")
    (content / "facts.yaml").write_text("agreements: []\n", encoding="utf-8")
    [report] = ingest_files([WEB_PAGE], content, today=date(2024, 2, 1))
    assert report.original_file.read_bytes() == WEB_PAGE.read_bytes()
    [article] = load_content(content).articles
    assert article.title == "Ukraine Strengthens Security Agreements with International Allies"
    assert article.ingested == date(2024, 2, 1)
    assert article.source.original == "originals/ukraine-strengthens-security-agreements-with-international-allies.txt"
    assert "Advertisement" not in article.body and "Alzheimer" not in article.body
    original_paragraph = "In addition to the agreement with France, Ukraine has also formalized a security agreement with Germany."
    assert any(original_paragraph in normalise(p.text) for p in render_body(article.body).paragraphs)
    described = report.describe()
    assert "dropped 10 junk lines" in described and "unrelated stories" in described


def test_ingesting_the_same_article_twice_is_refused(tmp_path: Path):
    ingest_files([WEB_PAGE], tmp_path / "content", today=date(2024, 2, 1))
    with pytest.raises(ContentError) as raised:
        ingest_files([WEB_PAGE], tmp_path / "content", today=date(2024, 2, 1))
    assert "already exists" in str(raised.value.problems[0])


def test_a_page_of_links_only_is_refused(tmp_path: Path):
    raw = tmp_path / "menu.txt"
    raw.write_text("Most Popular\nSome Other Story Headline\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        ingest_files([raw], tmp_path / "content")
    assert "no article text was found" in str(raised.value.problems[0])

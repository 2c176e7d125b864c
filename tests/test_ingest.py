"""Ingest: raw text articles as copied from web pages → content files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lxml.html
import pytest

from briefing.content.load import load_article
from briefing.content.markdown import render_body
from briefing.ingest.arrivals import REFUSED, SKIPPED, WRITTEN, IngestReport, Outcome, ingest_files, ingest_inbox
from briefing.ingest.html import fragment_blocks, page_metadata, parse_page, read_page
from briefing.ingest.known import KNOWN_FILE
from briefing.ingest.rawtext import SUMMARY_MAX_LENGTH, ParsedArticle, parse_raw_text, provisional_title, summary_of
from briefing.stages import briefing_of, read_content
from briefing.text import normalise
from conftest import CONTENT, SEEDS

WEB_PAGE = SEEDS / "ukraine-strengthens-security-agreements-with-international-allies.txt"
EXPLAINER = SEEDS / "alliances-and-agreements-underpin-ukraines-security.txt"
SAVED_PAGE = Path(__file__).parent / "fixtures" / "saved-news-page.html"
NEWS_WITH_BULLETS = SEEDS / "nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.txt"


def written(outcomes: list[Outcome]) -> list[IngestReport]:
    """The reports of arrivals that must all have been written."""
    assert [o.status for o in outcomes] == [WRITTEN] * len(outcomes), [o.describe() for o in outcomes]
    return [o.report for o in outcomes]


def refused(outcomes: list[Outcome]) -> str:
    """The one problem of the one arrival that must have been refused."""
    [outcome] = outcomes
    assert outcome.status == REFUSED, outcome.describe()
    return str(outcome.problems[0])


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
    assert (
        parsed.highlights[1]
        == "Mark Rutte emphasized the need for a strong Ukrainian military to ensure future defense postures."
    )
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
    for junk in (
        "HomeWorld",
        "Free Subscribtion",
        "Advertisement",
        "Please enter your comment",
        "Most Popular",
        "Alzheimer",
        "Oscars 2024",
    ):
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


def body_paragraphs(article_file: Path) -> list[str]:
    body = article_file.read_text(encoding="utf-8").split("---\n", 2)[2]
    return [p.text for p in render_body(body).paragraphs]


def test_markdown_characters_in_plain_text_survive(tmp_path: Path, empty_content: Path):
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "Aid bill passes\nA *61* billion bill, 1994 style.\n# not a heading, and <b>not bold</b> [not a link]\n"
        "10.05 BST: the vote is in.\n",
        encoding="utf-8",
    )
    [report] = written(ingest_files([raw], empty_content, today=date(2024, 5, 1)))
    assert body_paragraphs(report.article_file) == [
        "A *61* billion bill, 1994 style.",
        "# not a heading, and <b>not bold</b> [not a link]",
        "10.05 BST: the vote is in.",  # a number and a '.' starting a line: no backslash shown before it
    ]


def _body_of(article_file: Path) -> str:
    """The Markdown of an article's body, as the build reads it."""
    problems: list = []
    loaded = load_article(article_file, article_file.parents[1], problems)
    assert loaded is not None and not problems, problems
    return loaded.body


def test_ingest_writes_a_loadable_article_and_keeps_the_original(empty_content: Path):
    [report] = written(ingest_files([WEB_PAGE], empty_content, today=date(2024, 2, 1)))
    assert report.original_file.read_bytes() == WEB_PAGE.read_bytes()
    [article] = read_content(empty_content).articles
    body = _body_of(report.article_file)
    assert article.title == "Ukraine Strengthens Security Agreements with International Allies"
    assert article.ingested == date(2024, 2, 1)
    assert article.source.original == "originals/ukraine-strengthens-security-agreements-with-international-allies.txt"
    assert "Advertisement" not in body and "Alzheimer" not in body
    original_paragraph = (
        "In addition to the agreement with France, Ukraine has also formalized a security agreement with Germany."
    )
    assert any(original_paragraph in normalise(p.text) for p in render_body(body).paragraphs)
    described = report.describe()
    assert "dropped 10 junk lines" in described and "unrelated stories" in described


def test_a_saved_web_page_keeps_its_text_and_metadata_and_drops_the_page_around_it(empty_content: Path):
    [report] = written(ingest_files([SAVED_PAGE], empty_content, today=date(2025, 8, 22)))
    [article] = read_content(empty_content).articles
    assert article.title == "NATO proposes security guarantees for Ukraine amid Russian aggression"
    assert (article.source.publisher, article.source.url, article.published) == (
        "Kyiv Post",
        "https://www.kyivpost.com/post/58412",
        date(2025, 8, 21),
    )
    assert len(article.highlights) == 3 and article.highlights[1].startswith("Mark Rutte emphasized")
    assert "Sergei Lavrov has stated that Moscow must be part of any negotiations" in _body_of(report.article_file)
    page_furniture = (
        "cookies",
        "Subscribe",
        "Advertisement",
        "Oscars",
        "Alzheimer",
        "Leave a Reply",
        "Please enter",
        "All rights reserved",
        "Share this",
    )
    assert not [junk for junk in page_furniture if junk in report.article_file.read_text(encoding="utf-8")]
    assert report.original_file.suffix == ".html" and report.original_file.read_bytes() == SAVED_PAGE.read_bytes()
    described = report.describe()
    assert "publisher: Kyiv Post" in described and "NATO and membership" in described and "Mark Rutte" in described


def test_a_markdown_file_keeps_its_front_matter_and_body(tmp_path: Path, empty_content: Path):
    arrival = tmp_path / "latvia.md"
    arrival.write_text(
        "---\ntitle: Latvia signs a ten-year agreement\npublished: 2024-04-11\nsource:\n  publisher: LSM\n  url: https://eng.lsm.lv/article/1\n---\n\n"
        "Latvia signed a bilateral security agreement with Ukraine on Thursday.\n\n## What it covers\n\nAir defence and demining, for ten years.\n",
        encoding="utf-8",
    )
    [report] = written(ingest_files([arrival], empty_content, today=date(2024, 4, 12)))
    [article] = read_content(empty_content).articles
    assert (article.title, article.published, article.source.publisher) == (
        "Latvia signs a ten-year agreement",
        date(2024, 4, 11),
        "LSM",
    )
    assert article.summary == "Latvia signed a bilateral security agreement with Ukraine on Thursday."
    assert "## What it covers" in _body_of(report.article_file)
    assert [(p.country, p.status, p.kind, p.sentence) for p in report.proposals] == [
        ("latvia", "signed", "new partner", "Latvia signed a bilateral security agreement with Ukraine on Thursday.")
    ]


def test_a_qa_yaml_file_becomes_an_article_whose_pairs_reach_the_faq(tmp_path: Path, empty_content: Path):
    arrival = tmp_path / "explainer.yaml"
    arrival.write_text(
        "title: Five questions on the Budapest Memorandum\nqa:\n"
        "  - question: What did the Budapest Memorandum promise?\n    answer: Assurances of Ukraine's territorial integrity in return for its nuclear arsenal.\n"
        "  - question: Why is it called a failure?\n    answer: Russia, a signatory, annexed Crimea in 2014.\n",
        encoding="utf-8",
    )
    [report] = written(ingest_files([arrival], empty_content, today=date(2024, 4, 12)))
    assert "Q&A pairs: 2" in report.describe()
    briefing = briefing_of(empty_content)
    faq_questions = [item.pair.question for _, items in briefing.faq_groups for item in items]
    assert faq_questions == ["What did the Budapest Memorandum promise?", "Why is it called a failure?"]
    assert "Why is it called a failure?" in [item.pair.question for item in briefing.topic_qa["budapest-memorandum"]]


def test_the_same_article_twice_is_refused_naming_the_article(content_copy: Path):
    # The shipped content already holds this seed, ingested from plain text.
    [outcome] = ingest_files([WEB_PAGE], content_copy)
    assert outcome.status == SKIPPED
    assert (
        "already in the content as 'ukraine-strengthens-security-agreements-with-international-allies'" in outcome.note
    )


def test_the_next_ingest_remembers_the_articles_and_notices_an_edited_one(content_copy: Path):
    ingest_files([], content_copy)
    assert (content_copy / KNOWN_FILE).is_file(), "what was found in each article is kept for the next run"
    [outcome] = ingest_files([WEB_PAGE], content_copy)
    assert (
        outcome.status == SKIPPED
        and "ukraine-strengthens-security-agreements-with-international-allies" in outcome.note
    )
    # The article is rewritten: its file's digest changes, so it is read again rather than recalled.
    article = content_copy / "articles" / "ukraine-strengthens-security-agreements-with-international-allies.md"
    front = article.read_text(encoding="utf-8").split("\n---\n")[0]
    article.write_text(f"{front}\n---\n\nA different text about grain exports and shipping lanes.\n", encoding="utf-8")
    [outcome] = ingest_files([WEB_PAGE], content_copy, today=date(2025, 9, 1))
    assert outcome.status == WRITTEN


def test_the_same_text_with_other_junk_around_it_is_a_duplicate_too(content_copy: Path):
    # The saved web page carries the NATO seed's text inside a news site's page furniture.
    [outcome] = ingest_files([SAVED_PAGE], content_copy)
    assert outcome.status == SKIPPED
    assert (
        "already in the content as 'nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression'"
        in outcome.note
    )
    assert sorted(p.name for p in (content_copy / "articles").iterdir()) == sorted(
        p.name for p in (CONTENT / "articles").iterdir()
    )


def test_a_folder_is_ingested_file_by_file_and_the_inbox_empties(empty_content: Path):
    inbox = empty_content / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(WEB_PAGE.read_bytes())
    (inbox / "b.html").write_bytes(SAVED_PAGE.read_bytes())
    reports = written(list(ingest_inbox(empty_content, today=date(2025, 9, 1))))
    assert [r.source.name for r in reports] == ["a.txt", "b.html"]
    assert list(inbox.iterdir()) == []
    assert len(read_content(empty_content).articles) == 2


def test_a_page_of_links_only_is_refused(tmp_path: Path, empty_content: Path):
    raw = tmp_path / "menu.txt"
    raw.write_text("Most Popular\nSome Other Story Headline\n", encoding="utf-8")
    assert "no article text was found" in refused(ingest_files([raw], empty_content))


APP_SHELL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Security pact talks resume | Daily Courier</title>
<meta property="og:site_name" content="Daily Courier"><script src="/static/app.js"></script></head>
<body>
<header><a href="/">Daily Courier</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
<main><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></main>
<footer><p>\u00a9 2024 Daily Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def test_a_page_saved_before_its_scripts_wrote_the_article_is_refused_not_written_as_its_menus(
    tmp_path: Path, empty_content: Path
):
    page = tmp_path / "security-pact-talks.html"
    page.write_text(APP_SHELL_PAGE, encoding="utf-8")
    problem = refused(ingest_files([page], empty_content))
    assert "holds no article text, only its menus, header and footer" in problem
    assert "let it load, then save it again" in problem
    assert not list((empty_content / "articles").glob("*.md"))


def test_a_page_whose_markup_wraps_its_article_in_a_header_is_read(tmp_path: Path, empty_content: Path):
    # Some themes open the article inside the page's <header> (or an unclosed one holds the rest of the page).
    paragraph = (
        "The defence ministers of the two countries signed a ten-year security pact in Riga on Monday, after"
        " months of talks on training, air defence and the shared cost of the brigades. Both parliaments are to"
        " ratify it before the summer, the ministers said."
    )
    page = tmp_path / "security-pact.html"
    page.write_text(
        APP_SHELL_PAGE.replace('<div id="root"></div>', "").replace(
            "</nav></header>", f"</nav><h1>Security pact signed</h1><p>{paragraph}</p><p>{paragraph}</p></header>"
        ),
        encoding="utf-8",
    )
    [report] = written(ingest_files([page], empty_content))
    assert paragraph in report.article_file.read_text(encoding="utf-8")


def test_a_windows_1251_text_is_ingested_as_utf8_with_a_warning(tmp_path: Path, empty_content: Path):
    raw = tmp_path / "zaiava.txt"
    raw.write_bytes(
        "Україна та Польща підписали угоду\n\nУгода про безпеку підписана у Варшаві на десять років.\n".encode("cp1251")
    )
    [report] = written(ingest_files([raw], empty_content, today=date(2024, 5, 1)))
    assert "warning: this file is not UTF-8; it was read as Windows-1251 (Cyrillic)" in report.describe()
    assert report.article_file.name == "ukraina-ta-pol-shcha-pidpisali-ugodu.md"
    [article] = read_content(empty_content).articles
    assert article.title == "Україна та Польща підписали угоду"
    assert report.original_file.read_bytes() == raw.read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "this is not a text file: it looks like a PDF document"),
        ("notes.txt", b"", "this file is empty"),
        (
            "page.html",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
            "it looks like a gzip-compressed file (decompress it",
        ),
        ("clip.yaml", b"a: &a [x, x]\nb: [*a, *a]\n", "anchors and aliases (&name, *name) are not allowed"),
    ],
)
def test_an_arrival_that_is_not_an_article_is_refused_and_nothing_is_written(
    tmp_path: Path, empty_content: Path, name: str, data: bytes, message: str
):
    arrival = tmp_path / name
    arrival.write_bytes(data)
    assert message in refused(ingest_files([arrival], empty_content))
    assert not (empty_content / "articles").exists() or not any((empty_content / "articles").iterdir())


def test_an_arrival_whose_slug_an_article_already_has_gets_a_dated_slug(tmp_path: Path, empty_content: Path):
    (empty_content / "articles").mkdir()
    # Named loosely: the build gives this article the slug 'kyiv-talks' from its file name.
    (empty_content / "articles" / "Kyiv Talks.md").write_text(
        "---\ntitle: Earlier talks\nsummary: Before.\n---\n\nText.\n", encoding="utf-8"
    )
    arrival = tmp_path / "talks.md"
    arrival.write_text("# Kyiv talks\n\nDelegations met in Kyiv to discuss a security agreement.\n", encoding="utf-8")
    [report] = written(ingest_files([arrival], empty_content, today=date(2024, 6, 3)))
    assert report.article_file.name == "kyiv-talks-2024-06-03.md"
    assert {a.slug for a in read_content(empty_content).articles} == {"kyiv-talks", "kyiv-talks-2024-06-03"}


def test_ingest_reads_an_article_s_slug_field_as_the_build_does(tmp_path: Path, empty_content: Path):
    (empty_content / "articles").mkdir()
    # A folded YAML value: the build reads the slug 'kyiv-talks', whatever the file is called.
    (empty_content / "articles" / "earlier.md").write_text(
        "---\ntitle: Earlier talks\nsummary: Before.\nslug: >-\n  kyiv-talks\n---\n\nText.\n", encoding="utf-8"
    )
    arrival = tmp_path / "talks.md"
    arrival.write_text("# Kyiv talks\n\nDelegations met in Kyiv to discuss a security agreement.\n", encoding="utf-8")
    [report] = written(ingest_files([arrival], empty_content, today=date(2024, 6, 3)))
    assert report.article_file.name == "kyiv-talks-2024-06-03.md"
    assert {a.slug for a in read_content(empty_content).articles} == {"kyiv-talks", "kyiv-talks-2024-06-03"}


def test_ingest_takes_the_size_limit_from_the_settings(tmp_path: Path, empty_content: Path):
    arrival = tmp_path / "long.txt"
    arrival.write_text(
        "A long report on security guarantees\n\n" + "The agreement covers air defence. " * 200_000, encoding="utf-8"
    )
    assert "over the 5 MB limit" in refused(ingest_files([arrival], empty_content))
    with (empty_content / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("size_limit_mb: 10\n")
    [report] = written(ingest_files([arrival], empty_content))
    assert report.article_file.exists()


def test_text_that_starts_like_a_breadcrumb_is_kept():
    parsed = parse_raw_text(
        "Shelters open in Kyiv\n\nHomeless shelters opened in Kyiv on Monday.\n\nHomePod sales rose.\n"
    )
    assert parsed.paragraphs == ["Homeless shelters opened in Kyiv on Monday.", "HomePod sales rose."]
    assert parse_raw_text("HomeWorldUkraine Talks in Kyiv\n\nTalks began.\n").dropped == [
        "HomeWorldUkraine Talks in Kyiv"
    ]


def test_a_sentence_ending_in_a_closing_quote_is_no_heading():
    parsed = parse_raw_text('Talks in Kyiv\n\nShe said the talks went well."\n\nThey will meet again in May.\n')
    assert parsed.blocks[0] == ("paragraph", 'She said the talks went well."')


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Poland and Ukraine sign pact « Kyiv Blog</title>", "Poland and Ukraine sign pact"),  # WordPress's
        ("<title>Kyiv Blog: Poland and Ukraine sign pact</title>", "Poland and Ukraine sign pact"),
        (
            "<title>Poland and Ukraine sign pact - The Kyiv Independent</title>"
            "<link rel='canonical' href='https://kyivindependent.com/poland-pact/'>",
            "Poland and Ukraine sign pact",
        ),
        (
            "<title>Poland and Ukraine sign pact | Politics | The Hill</title>"
            "<link rel='canonical' href='https://thehill.com/poland-pact/'>",
            "Poland and Ukraine sign pact | Politics",
        ),
        (
            "<meta property='og:title' content='Poland &amp;amp; Ukraine sign a &amp;#8216;pact&amp;#8217;'>",
            "Poland & Ukraine sign a ‘pact’",
        ),
        ("<title>Ukraine: Poland signs pact | Kyiv Blog</title>", "Ukraine: Poland signs pact"),  # not the site's name
        # The day after the site's name (Deutsche Welle's pages), or before the headline.
        ("<title>Poland and Ukraine sign pact | Kyiv Blog | 19.01.2020</title>", "Poland and Ukraine sign pact"),
        ("<title>23.01.2022 - Poland and Ukraine sign pact</title>", "Poland and Ukraine sign pact"),
        ("<title>4. 2. 2022. - Poland and Ukraine sign pact</title>", "Poland and Ukraine sign pact"),
        # The site's motto after its name, its address as a link.
        (
            "<title>Poland and Ukraine sign pact - Kyiv Blog | News, Weather, Sports | Lviv</title>",
            "Poland and Ukraine sign pact",
        ),
        (
            "<title>Poland and Ukraine sign pact | kyivblog.example | Your daily briefing</title>",
            "Poland and Ukraine sign pact",
        ),
        ("<title>'We stand together' - http://www.kyivblog.example</title>", "'We stand together'"),
        ("<title>About us |</title>", "About us"),
        ("<title>Poland and Ukraine sign pact -</title>", "Poland and Ukraine sign pact"),  # the site's name left empty
        # The day and time after the headline.
        ("<title>Poland and Ukraine sign pact : 31.10.2023, 10.19 Uhr</title>", "Poland and Ukraine sign pact"),
        # What the site says, after its name and a colon, is the headline.
        ("<title>Lviv summit - Kyiv Blog: More aid is needed</title>", "Lviv summit - Kyiv Blog: More aid is needed"),
        ("<title>«We stand together»</title>", "«We stand together»"),
        # Guillemets a word touches quote; spaced, they part the title as WordPress writes it.
        ("<title>Poland and Ukraine sign «a pact» | Kyiv Blog</title>", "Poland and Ukraine sign «a pact»"),
        ("<title>Kyiv Blog » Poland and Ukraine sign pact</title>", "Poland and Ukraine sign pact"),
        # The site's name with a word it writes beside it ('brand eins online', 'NWX Magazin').
        ("<title>Poland and Ukraine sign pact - Kyiv Blog online</title>", "Poland and Ukraine sign pact"),
        ("<title>Kyiv Blog Magazin | Poland and Ukraine sign pact</title>", "Poland and Ukraine sign pact"),
        # Other separators sites write: '›', '⋆'.
        ("<title>Poland and Ukraine sign pact › Kyiv Blog</title>", "Poland and Ukraine sign pact"),
        ("<title>Poland and Ukraine sign pact ⋆ Kyiv Blog</title>", "Poland and Ukraine sign pact"),
        # The site's name in brackets after the headline.
        ("<title>Poland and Ukraine sign pact (Kyiv Blog)</title>", "Poland and Ukraine sign pact"),
        ("<title>Poland and Ukraine sign pact (update)</title>", "Poland and Ukraine sign pact (update)"),
        # A headline that is a word of the site's name is cut where its own part ends, not at the name's word.
        ("<title>Kyiv • Kyiv Blog</title>", "Kyiv"),
    ],
)
def test_a_page_s_title_loses_the_site_s_name_however_the_site_writes_it(head: str, title: str):
    site = "<meta property='og:site_name' content='Kyiv Blog'>" if "Kyiv Blog" in head else ""
    assert page_metadata(f"<html><head>{head}{site}</head><body><p>Text.</p></body></html>").title == title


def test_of_several_h1s_the_headline_is_the_one_the_page_s_title_holds():
    # A CMS that writes each box's heading as an <h1> ('Quicklink', 'Navigation') before the article's.
    page = (
        "<html><head><title>Riga hosts the Baltic championships - Athletics Union</title></head><body>"
        "<h1>Quicklink</h1><ul><li>Results</li></ul><h1>Navigation</h1><ul><li>Home</li></ul>"
        "<article><h1>Riga hosts the Baltic championships</h1><p>Text.</p></article></body></html>"
    )
    assert page_metadata(page).title == "Riga hosts the Baltic championships"


@pytest.mark.parametrize(
    ("head", "headline", "title"),
    [
        # og:title names the site otherwise than og:site_name ('kyivblog.example'): what it holds beside the
        # headline its <title> and <h1> give is the site's name.
        (
            "<meta property='og:title' content='Poland and Ukraine sign pact | The Kyiv Weekly Blog'>"
            "<title>kyivblog.example - Poland and Ukraine sign pact</title>",
            "Poland and Ukraine sign pact",
            "Poland and Ukraine sign pact",
        ),
        # Beside the headline, a section and the site's name, or a site's name written with a separator of its own.
        (
            "<meta property='og:title' content='Poland and Ukraine sign pact | Politics | Kyiv Weekly'>"
            "<title>Poland and Ukraine sign pact | Politics | Kyiv Weekly</title>",
            "Poland and Ukraine sign pact",
            "Poland and Ukraine sign pact",
        ),
        (
            "<meta property='og:title' content='Poland and Ukraine sign pact - TACH! - Lokalnachrichten'>"
            "<title>Poland and Ukraine sign pact - TACH! - Lokalnachrichten</title>",
            "Poland and Ukraine sign pact",
            "Poland and Ukraine sign pact",
        ),
        # An og:title that is a section's name every page has, sharing no word with the headline.
        (
            "<meta property='og:title' content='Press releases'><title>Kyiv Weekly: Poland and Ukraine sign pact</title>",
            "Poland and Ukraine sign pact",
            "Poland and Ukraine sign pact",
        ),
        # ... but a short <h1> in <title> may be a box's ('News'): og:title is the headline.
        (
            "<meta property='og:title' content='Poland and Ukraine sign pact'><title>News | Kyiv Weekly</title>",
            "News",
            "Poland and Ukraine sign pact",
        ),
        # The headline's <h1> holds a CSS-in-JS <style>.
        (
            "<title>Poland and Ukraine sign pact | Kyiv Weekly</title>",
            "<style>.css-1x{font-size:16px}</style>Poland and Ukraine sign pact",
            "Poland and Ukraine sign pact",
        ),
        # ... or a <template>, the markup of a box its script opens, never shown as it is.
        (
            "<title>Poland and Ukraine sign pact | Kyiv Weekly</title>",
            "Poland and Ukraine sign pact<template><span>Link copied</span></template>",
            "Poland and Ukraine sign pact",
        ),
        # What follows the headline after a colon is its subtitle.
        (
            "<meta property='og:title' content='The Open Journalism Project: Better Student Journalism'>"
            "<title>The Open Journalism Project - kyivblog.example</title>",
            "The Open Journalism Project",
            "The Open Journalism Project: Better Student Journalism",
        ),
        # An og:title cut short by a quotation mark the page did not escape in the attribute: <title> has it whole.
        (
            '<meta property="og:title" content="Senator calls the pact "historic"">'
            '<title>Senator calls the pact "historic"</title>',
            "",
            'Senator calls the pact "historic"',
        ),
    ],
)
def test_a_page_s_title_is_read_against_its_headline(head: str, headline: str, title: str):
    site = "<meta property='og:site_name' content='kyivblog.example'>"
    body = f"<h1>{headline}</h1>" if headline else ""
    page = f"<html><head>{head}{site}</head><body>{body}<p>Text.</p></body></html>"
    assert page_metadata(page).title == title


@pytest.mark.parametrize(
    "site",
    [
        # og:site_name filled with <title> by the CMS: the headline is not the site's name.
        "<meta property='og:site_name' content='Poland and Ukraine sign pact | Kyiv Weekly'>",
        # og:title and og:site_name both the site's name, written with a dash of its own.
        "<meta property='og:site_name' content='Kyiv Weekly - KW'><meta property='og:title' content='Kyiv Weekly - KW'>",
    ],
)
def test_a_page_s_title_is_its_headline_where_the_site_s_name_is_declared_amiss(site: str):
    head = f"<title>Poland and Ukraine sign pact | Kyiv Weekly</title>{site}"
    page = f"<html><head>{head}</head><body><h1>Poland and Ukraine sign pact</h1><p>Text.</p></body></html>"
    assert page_metadata(page).title == "Poland and Ukraine sign pact"


def test_a_page_with_no_h1_has_the_h2_its_title_holds_for_headline():
    # A blog theme that writes the site's name first in <title> and the post's title as an <h2>.
    page = (
        "<html><head><title>Anna Lis's Digital Home | Notes from the Riga summit</title></head><body>"
        "<div class='logo'>Anna Lis's Digital Home</div><h2>Recent posts</h2>"
        "<article><h2 class='post-title'>Notes from the Riga summit</h2><p>Text.</p></article></body></html>"
    )
    assert page_metadata(page).title == "Notes from the Riga summit"


@pytest.mark.parametrize(
    ("page_title", "headline"),
    [
        ("Babies Who Eat Peanuts Early May Avoid Allergy", "Babies Who Eat Peanuts Early May Avoid Allergy"),
        # The whole <title> or a part of it, beside the site's name.
        ("Superbugs: What They Are and How You Get Them", "Superbugs: What They Are and How You Get Them"),
        (
            "Superbugs: What They Are and How You Get Them | Health Portal",
            "Superbugs: What They Are and How You Get Them",
        ),
    ],
)
def test_a_portal_whose_h1_names_its_box_has_the_h2_its_title_holds_for_headline(page_title: str, headline: str):
    # A health portal writes its section's name as the <h1>, sharing no word with <title> but 'and'; the story's
    # headline is an <h2>. A short <h2> that is a part of <title> too ('Health Portal') is no headline.
    page = (
        f"<html><head><title>{page_title}</title></head><body><h1>Information and Resources</h1>"
        f"<h2>Health Portal</h2><h2>Tools &amp; Resources</h2><article><h2>{headline}</h2><p>Text.</p></article>"
        "</body></html>"
    )
    assert page_metadata(page).title == headline


def test_an_h1_sharing_a_word_with_the_title_stays_the_headline_whatever_the_h2s():
    page = (
        "<html><head><title>Riga summit: what was agreed | Baltic News</title></head><body>"
        "<h1>What the Riga summit agreed</h1><h2>Baltic News</h2><h2>Riga summit: what was agreed</h2></body></html>"
    )
    assert page_metadata(page).title == "What the Riga summit agreed"


def test_a_link_to_the_author_s_page_names_them_only_with_a_name():
    # An author box's links say more than the name ('View all posts by …') or nothing of it ('Archive →').
    page = (
        "<html><head><title>Riga summit</title></head><body><article><h1>Riga summit</h1>"
        '<div class="author-bio"><a href="/author/anna/" rel="author">Zeige alle Beiträge von Anna Lis</a> '
        '<a href="/author/anna/" rel="author">Archiv anzeigen →</a></div>'
        '<p class="byline">von <a href="/author/anna/" rel="author">Anna Lis</a></p><p>Text.</p></article></body></html>'
    )
    assert page_metadata(page).author == "Anna Lis"


def _publisher_declaring(site_name: str | None, linked_publisher: str | None = None) -> str | None:
    meta = f"<meta property='og:site_name' content=\"{site_name}\">" if site_name is not None else ""
    linked = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"@type": "Organization",'
        f' "name": "{linked_publisher}"}}}}</script>'
        if linked_publisher
        else ""
    )
    return page_metadata(f"<html><head>{meta}{linked}</head><body><p>Text.</p></body></html>").publisher


# As the saved news pages declare their sites' names.
@pytest.mark.parametrize(
    ("site_name", "linked_publisher", "publisher"),
    [
        ("usatoday", "USA TODAY", "USA TODAY"),  # the name run together, spelled out in the JSON-LD
        ("TheHill", "The Hill", "The Hill"),
        ("detroitnews", "The Detroit News", "The Detroit News"),
        ("livescience.com", "Live Science", "Live Science"),
        ("SFGate", "Associated Press", "SFGate"),  # the wire that wrote the story is not the site
        ("WSJ", "Wall Street Journal", "WSJ"),  # an abbreviation is the site's own name for itself
        ("LinkNaija | Nigeria's popular news platform", "Blogger", "LinkNaija"),  # a tagline after a bar
        ("The Jerusalem Post | JPost.com", None, "The Jerusalem Post"),
        ("@politifact", None, "politifact"),  # a handle
        ("Copyright 2014", None, None),
        (None, "Al Jazeera", "Al Jazeera"),
    ],
)
def test_a_page_s_publisher_is_the_site_s_name_as_it_spells_it(
    site_name: str | None, linked_publisher: str | None, publisher: str | None
):
    assert _publisher_declaring(site_name, linked_publisher) == publisher


def test_a_summary_is_the_leads_opening_even_when_the_lead_is_a_table_or_a_label():
    sentence = "Protests spread to more than a hundred cities after fuel prices rose, officials said."
    # A page laid out in a table: its whole text in one cell, as Markdown.
    table = "| " + " ".join([sentence] * 40) + " |\n| --- |"
    assert summary_of(ParsedArticle(blocks=[("table", table)])) == f"{sentence} {sentence} {sentence}"
    # A first sentence that is only a label is joined by the next.
    assert summary_of(ParsedArticle(blocks=[("paragraph", f"Amnesty. {sentence}")])) == f"Amnesty. {sentence}"
    # One sentence that never ends is cut at a word.
    endless = ParsedArticle(blocks=[("paragraph", " ".join(["word"] * 400))])
    assert summary_of(endless).endswith(" …") and len(summary_of(endless)) <= SUMMARY_MAX_LENGTH + 2


# The lines real pages put above the story's first sentence, as ingest found them on saved news pages.
@pytest.mark.parametrize(
    "above",
    [
        "BAAR, SWITZERLAND",
        "Staff Reports",
        "Tempo de leitura: 2 minutos",
        "UPDATED: Tue., Nov. 19, 2019",
        "5:45 AM PST 11/19/2019 by Patrick Shanley",
        "기사입력 :[ 2018-08-25 15:24 ]",
        "Tested by: John Milbank RRP: £23.99 More info: www.clymer.co.uk",
        # A dateline that ends as a sentence does, with a place, a name or a section beside it.
        "Posted: Thursday, April 21, 2022. 10:11 pm CST.",
        "20. März 2021 - 15:00 Uhr",
        "Hamburg, 2. November 2021",
        "24. April 2020 | Pressemitteilungen",
        # A picture's caption or credit.
        "Fotocredit: Ilze Kitshoff © 2021 CTMG, Inc. All Rights reserved.",
        "Von links nach rechts: Anna Lis, Project Manager, and Jan Nowak, Director of the institute.",
        "© 1994-2020 Wordsmith. All rights reserved.",
    ],
)
def test_a_summary_skips_the_lines_above_the_story(above: str):
    lead = "Police arrested six people on Monday during an investigation of drug dealing near the station."
    parsed = ParsedArticle(blocks=[("paragraph", above), ("paragraph", lead), ("paragraph", "More text follows.")])
    assert summary_of(parsed) == lead


@pytest.mark.parametrize(
    "dated",
    ["27.1.2022 - ", "06.11.23 - ", "05.12.2022 | ", "01.02.2022 ", "By Aaron Humes: ", "By Ann Lee - "],
    ids=["dash", "short year", "bar", "quote", "byline and colon", "byline and dash"],
)
def test_a_summary_leaves_out_the_day_or_byline_that_opens_the_story(dated: str):
    lead = "„Police arrested six people on Monday during an investigation of drug dealing near the station.“"
    parsed = ParsedArticle(blocks=[("paragraph", dated + lead), ("paragraph", "More text follows.")])
    assert summary_of(parsed) == lead


@pytest.mark.parametrize(
    "lead",
    [
        "3.5 million people left the region in 2022, the agency said on Monday in its yearly report.",
        "By Monday: the deadline for the port's new operator passed without a bid, the ministry said.",
        "By the time the ministers met, the agreement had already been signed in Kyiv.",
    ],
)
def test_a_summary_keeps_a_figure_or_a_by_that_opens_the_story(lead: str):
    assert summary_of(ParsedArticle(blocks=[("paragraph", lead)])) == lead


def test_a_lead_without_its_last_full_stop_is_still_the_summary():
    lead = "Chelsea have this morning paid the fee to the Spanish league to secure the world record signing of the"
    lead += " Athletic Bilbao goalkeeper Kepa Arrizabalaga"
    parsed = ParsedArticle(blocks=[("paragraph", lead), ("paragraph", "This frees the move of another keeper.")])
    assert summary_of(parsed) == lead


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "Sat, 19 Oct 2019 00:04:00'
        ' +0200"}</script>',
        '<meta property="article:published_time" content="2019-10-19T00:04:00+02:00">',
    ],
)
def test_a_page_s_date_is_the_day_its_own_time_zone_says(head: str):
    # 22:04 on 18 October in UTC: the page says the 19th, as a feed's date is read.
    assert page_metadata(f"<html><head>{head}</head><body><p>Text.</p></body></html>").published == date(2019, 10, 19)


@pytest.mark.parametrize(
    ("stamp", "shown", "day"),
    [
        # 21:53 on 3 May in Buenos Aires, stamped in UTC: the page shows the 3rd by its headline.
        ("2022-05-04T00:53:29.274Z", "3 de mayo de 2022", date(2022, 5, 3)),
        ("Wed, 04 May 2022 00:53:29 GMT", "May 3, 2022", date(2022, 5, 3)),
        # A stamp in the site's own zone is its day, whatever the page shows; a day shown further off is another.
        ("2022-05-04T00:53:29-03:00", "3 de mayo de 2022", date(2022, 5, 4)),
        ("2022-05-04T00:53:29Z", "1 de mayo de 2022", date(2022, 5, 4)),
    ],
)
def test_a_page_stamped_in_utc_is_of_the_day_it_shows_by_its_headline(stamp: str, shown: str, day: date):
    head = f'<meta property="article:published_time" content="{stamp}">'
    body = f"<h1>Poland and Ukraine sign pact</h1><p>{shown}</p><p>Text of the article.</p>"
    assert page_metadata(f"<html><head>{head}</head><body>{body}</body></html>").published == day


@pytest.mark.parametrize(
    "furniture",
    [
        "Lea más: Impiden ingreso a reportero y camarógrafo",  # another story's link, in Spanish
        "Lesen Sie auch:",
        "À lire aussi » Ballonnements, lourdeurs",
        "Leia também: O que muda com o acordo",
        "Síguenos en Telegram, Instagram, Facebook y Twitter",
        "If you enjoyed reading this post – would you consider supporting our work?",
        "To view the full story, please subscribe to The Haitian Times.",
        "Follow us on Twitter",
        # Another story's link, as newswires write one in English.
        "Read more: Recognizing Germany colonial crimes: Work in progress",
        "Related: Alaska Airlines delays full Oneworld membership to early 2021",
        "Mire: El cantante Juan Luis Guerra da positivo a COVID-19",
        "PUEDES VER: ¿Cómo sacar mi certificado de estudios?",
        "Schon gelesen?",
        "Keine Kommentare",
        "Never miss the latest news by signing up to our newsletter",
        "This article is the copyrighted property of Breaking Belize News.",
    ],
)
def test_furniture_in_other_languages_is_dropped_whole_but_prose_is_kept(furniture: str):
    text = f"Port deal signed\n\nThe port of Riga signed a deal on Monday.\n\n{furniture}\n\nThe deal runs for ten years.\n"
    parsed = parse_raw_text(text)
    assert furniture in parsed.dropped
    prose = "Lea más sobre el acuerdo en el informe de la ministra, que se publicó el lunes."
    assert parse_raw_text(f"Port deal signed\n\n{prose}\n").paragraphs == [prose]


@pytest.mark.parametrize("heading", ["Noticias relacionadas", "Das könnte Sie auch interessieren", "Articles liés"])
def test_a_list_of_other_stories_in_another_language_ends_the_text(heading: str):
    text = f"Port deal signed\n\nThe port of Riga signed a deal on Monday.\n\n{heading}\n\nMinisters meet in Tallinn\n"
    parsed = parse_raw_text(text)
    assert parsed.paragraphs == ["The port of Riga signed a deal on Monday."]


def test_a_page_s_furniture_is_dropped_as_a_heading_or_a_quote_too():
    # Sites write another story's link, and the heading over their list of others, as a heading or a quote.
    paragraphs = "".join(
        f"<p>{sentence} The talks in Riga went on for a second day as ministers met again.</p>"
        for sentence in ("The port of Riga signed a deal on Monday.", "The deal runs for ten years.")
    )
    page = (
        "<html><head><title>Port deal signed</title></head><body><article><h1>Port deal signed</h1>"
        f"{paragraphs}<h2>Mire: El puerto de Tallin firma un acuerdo</h2><blockquote><p>PUEDES VER: ¿Qué firmó"
        " Riga?</p></blockquote><p>The ministers will meet again in May, the port authority said in a statement.</p>"
        "<h2>Notas relacionadas</h2></article></body></html>"
    )
    parsed = parse_page(page, page_metadata(page))
    texts = [text for _, text in parsed.blocks]
    assert "Mire: El puerto de Tallin firma un acuerdo" not in texts
    assert not any(text.startswith("PUEDES VER") for text in texts)
    assert "Notas relacionadas" not in texts
    assert "The ministers will meet again in May, the port authority said in a statement." in texts


def test_the_report_names_what_an_arrival_gave_wherever_it_gave_it(tmp_path: Path, empty_content: Path):
    arrival = tmp_path / "pact.md"
    arrival.write_text("---\ntitle: Chile and Peru sign a pact\npublished: 2024-06-13\n---\n\nThey signed it.\n")
    (outcome,) = ingest_files([arrival], empty_content)
    assert "\n  found: published: 2024-06-13\n" in outcome.report.describe()


def test_a_hidden_copy_of_the_article_s_metadata_is_not_read_as_its_text():
    # A page writes its headline, dates, publisher and text again for search engines, as microdata it does not
    # show; trafilatura's fallback, reading the hidden copy as well, finds it twice the article's length.
    sentences = [
        "The port authority of Riga confirmed on Monday that it signed a deal with a shipping line, after two days.",
        "Tallinn will open a ferry line to Helsinki in March that runs twice a day, the city said on Tuesday.",
        "The city council of Vilnius approved the purchase of twenty new trams for the old town; the first in May.",
        "Work on the rail tunnel under the bay between Helsinki and Tallinn will start next year, officials said.",
    ]
    hidden = (
        '<div style="display:none;" itemscope itemtype="http://schema.org/NewsArticle">'
        '<h1 itemprop="name">Baltic ports sign deals</h1><div itemprop="keywords">ports,Riga ports</div>'
        '<div itemprop="datePublished">2019-11-19T08:57:40+01:00</div>'
        '<div itemprop="publisher" itemscope itemtype="http://schema.org/Organization">'
        '<div itemprop="name">CourierDe</div></div>'
        f'<div itemprop="articleBody">{chr(10).join(sentences)}</div></div>'
    )
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in sentences)
    page = (
        "<html><head><title>Baltic ports sign deals</title></head><body><h1>Baltic ports sign deals</h1>"
        f"<div class='post-content'>{paragraphs}</div>{hidden}</body></html>"
    )
    parsed = parse_page(page, page_metadata(page))
    assert [text for _, text in parsed.blocks] == sentences


def test_a_fragment_s_text_is_what_a_browser_shows():
    # A feed entry's content with a script and the <template> it copies a box from.
    html = "<p>The pact was signed on Monday.</p><template><p>Loading comments</p></template><script>load()</script>"
    assert fragment_blocks(html) == [("paragraph", "The pact was signed on Monday.")]


def _split_article() -> tuple[str, list[str]]:
    """A page that breaks its text into parts of one layout, one each side of an advertisement's row; and its text."""
    towns = ["Riga", "Tallinn", "Vilnius", "Helsinki", "Tartu", "Kaunas", "Turku", "Narva", "Liepaja", "Espoo"]
    sentences = [
        f"The port authority of {town} confirmed on Monday that it signed a deal with a shipping line after two days"
        f" of talks, and that the first ships would call at {town} in the spring, when the new quay is finished."
        for town in towns
    ]

    def part(paragraphs: list[str]) -> str:
        text = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        return f'<div class="grid"><div class="grid--item article__body">{text}</div><div class="rail"></div></div>'

    page = (
        "<html><head><title>Baltic ports sign deals</title></head><body><main><h1>Baltic ports sign deals</h1>"
        f'{part(sentences[:5])}<div class="ad-row"><span>Advertisement</span></div>{part(sentences[5:])}'
        "</main></body></html>"
    )
    return page, sentences


def test_an_article_broken_around_an_advertisement_is_read_whole():
    # trafilatura took the first part for the whole article.
    page, sentences = _split_article()
    parsed = parse_page(page, page_metadata(page))
    assert [text for _, text in parsed.blocks] == sentences


def test_a_saved_page_is_parsed_once_for_its_metadata_and_its_article(monkeypatch: pytest.MonkeyPatch):
    # The tree its metadata is read from is the one its article is prepared in (its parts joined, a hidden copy of
    # its metadata dropped), after: the metadata is the page's as it was, as a second parse gives it.
    page, sentences = _split_article()
    hidden = (
        '<div hidden itemscope itemtype="http://schema.org/NewsArticle"><h1 itemprop="name">Baltic ports sign deals'
        '</h1><a rel="author" href="/authors/ann-lee">Ann Lee</a></div>'
    )
    page = page.replace("</main>", f"</main>{hidden}")
    expected = page_metadata(page)
    parse_page(page, expected)  # which fills in what the markup did not say
    parses = []
    fromstring = lxml.html.fromstring
    monkeypatch.setattr(
        lxml.html, "fromstring", lambda *args, **kwargs: parses.append(args) or fromstring(*args, **kwargs)
    )
    metadata, parsed = read_page(page)
    assert parses == [(page,)]
    assert metadata == expected and metadata.author == "Ann Lee"
    assert [text for _, text in parsed.blocks] == sentences

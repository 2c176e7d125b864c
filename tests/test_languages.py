"""An article's language: read at ingest from what its source declares, checked in front matter, marked in the pages."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from briefing import languages
from briefing.content.load import load_article
from briefing.ingest.arrivals import ingest_files
from briefing.ingest.feeds import read_feed
from briefing.ingest.html import page_metadata
from briefing.languages import common_tag, declared_language
from briefing.pipeline import build_site
from briefing.problems import ContentError
from briefing.stages import read_content
from briefing.tools import single_file
from conftest import CONTENT, TEMPLATES, replace_in
from test_ingest import written
from test_search_browser import file_url, open_search, search_for

# A German regional paper's page, as its CMS writes it: the language in <html lang> and og:locale.
GERMAN_PAGE = """<!DOCTYPE html>
<html lang="de-DE" class="no-js">
<head>
<meta charset="utf-8">
<title>Sicherheitsabkommen mit der Ukraine unterzeichnet | Rheinische Rundschau</title>
<meta property="og:site_name" content="Rheinische Rundschau">
<meta property="og:locale" content="de_DE">
<meta property="og:url" content="https://www.rheinische-rundschau.example/politik/sicherheitsabkommen-ukraine">
<meta property="article:published_time" content="2024-02-16T14:05:00+01:00">
</head>
<body>
<header><a href="/">Rheinische Rundschau</a><nav><a href="/politik">Politik</a></nav></header>
<article>
<h1>Sicherheitsabkommen mit der Ukraine unterzeichnet</h1>
<p>Bundeskanzler Olaf Scholz und der ukrainische Präsident Wolodymyr Selenskyj haben am Freitag in Berlin ein
bilaterales Sicherheitsabkommen unterzeichnet. Die Vereinbarung gilt für zehn Jahre.</p>
<p>Deutschland sagt darin langfristige militärische und zivile Unterstützung zu. Über die Einzelheiten der
Finanzierung soll der Bundestag in den kommenden Wochen beraten.</p>
<p>Die Opposition begrüßte das Abkommen grundsätzlich, kritisierte aber, das Parlament sei zu spät informiert
worden. Eine Regierungserklärung ist für die nächste Sitzungswoche geplant.</p>
</article>
<footer>© Rheinische Rundschau</footer>
</body>
</html>
"""

# Seen on the saved news pages: a theme that writes <html lang="en"> on every page, and the page's own
# http-equiv declaration saying what it is written in.
THEME_DEFAULT_PAGE = GERMAN_PAGE.replace('<html lang="de-DE" class="no-js">', '<html lang="en">').replace(
    '<meta property="og:locale" content="de_DE">', '<meta http-equiv="content-language" content="de">'
)

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Gazeta Wschodnia</title>
  <link>https://gazeta-wschodnia.example/</link>
  <language>pl-PL</language>
  <item>
    <title>Polska i Ukraina podpisały porozumienie o bezpieczeństwie</title>
    <link>https://gazeta-wschodnia.example/2024/07/08/porozumienie</link>
    <pubDate>Mon, 08 Jul 2024 18:20:00 +0200</pubDate>
    <content:encoded><![CDATA[<p>Premier Donald Tusk i prezydent Wołodymyr Zełenski podpisali w Warszawie
    dwustronne porozumienie o bezpieczeństwie.</p><p>Dokument przewiduje dalsze dostawy sprzętu i szkolenia.</p>]]></content:encoded>
  </item>
  <item>
    <title>Warsaw and Kyiv sign a security agreement</title>
    <link>https://gazeta-wschodnia.example/en/2024/07/08/agreement</link>
    <dc:language>en-GB</dc:language>
    <pubDate>Mon, 08 Jul 2024 19:00:00 +0200</pubDate>
    <content:encoded><![CDATA[<p>Prime Minister Donald Tusk and President Volodymyr Zelensky signed a bilateral
    security agreement in Warsaw.</p><p>The document provides for further deliveries of equipment and training.</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="cs">
  <title>Pražský zpravodaj</title>
  <id>urn:uuid:4f1a7c52-8f55-4bd1-9a43-3c2f0a6e1b21</id>
  <updated>2024-04-03T10:00:00Z</updated>
  <entry>
    <title>Česko a Ukrajina jednají o bezpečnostní dohodě</title>
    <id>urn:uuid:0a6d7b0e-2f6b-4d0a-8e4f-6b7c9d1e2f30</id>
    <link href="https://zpravodaj.example/2024/04/dohoda"/>
    <updated>2024-04-03T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Vláda potvrdila, že jednání o bilaterální bezpečnostní dohodě pokračují.&lt;/p&gt;</content>
  </entry>
  <entry xml:lang="sk">
    <title>Slovensko pokračuje v rokovaniach</title>
    <id>urn:uuid:9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e</id>
    <link href="https://zpravodaj.example/2024/04/sk"/>
    <updated>2024-04-03T11:00:00Z</updated>
    <content type="html">&lt;p&gt;Slovenská vláda uviedla, že rokovania pokračujú.&lt;/p&gt;</content>
  </entry>
</feed>
"""


# Normalising what sources declare (the values are those the saved news pages give)


@pytest.mark.parametrize(
    ("declared", "tag"),
    [
        ("en_US", "en-US"),
        ("pt_BR", "pt-BR"),
        ("en-gb", "en-GB"),
        ("EN", "en"),
        ("eng", "en"),
        ("sr-latn-rs", "sr-Latn-RS"),
        ("es-419", "es-419"),
        ("de-DE-1996", "de-DE"),  # a variant is not read
        ("iw", "he"),
        ("en-Poly", "en"),  # no script is called Poly: the language alone
        ("en-UK", "en"),  # nor a region UK (it is GB)
        ("und", None),
        ("x-default", None),
        ("{{ page.lang }}", None),
        ("english", None),
        ("", None),
    ],
)
def test_a_declared_language_is_normalised_to_a_bcp47_tag_and_nonsense_is_passed_over(declared: str, tag: str | None):
    assert declared_language(declared) == tag


def test_a_page_s_language_comes_from_its_declarations_the_page_s_own_first():
    assert page_metadata(GERMAN_PAGE).language == "de-DE"
    assert page_metadata(THEME_DEFAULT_PAGE).language == "de"
    json_ld = GERMAN_PAGE.replace('<html lang="de-DE" class="no-js">', "<html>").replace(
        "</head>", '<script type="application/ld+json">{"@type": "NewsArticle", "inLanguage": "de-AT"}</script></head>'
    )
    assert page_metadata(json_ld).language == "de-AT"
    # A WebSite's inLanguage is the whole site's (a site in several languages gives its main one).
    site_wide = GERMAN_PAGE.replace(
        "</head>", '<script type="application/ld+json">{"@type": "WebSite", "inLanguage": "en-US"}</script></head>'
    )
    assert page_metadata(site_wide).language == "de-DE"
    nonsense = GERMAN_PAGE.replace('lang="de-DE"', 'lang="{{ lang }}"').replace("de_DE", "pl_PL")
    assert page_metadata(nonsense).language == "pl-PL"
    assert page_metadata("<html><body><p>No declaration at all.</p></body></html>").language is None


def test_a_feed_entry_s_language_is_its_own_else_the_feed_s():
    rss = read_feed(RSS_FEED.encode())
    assert [entry.language for entry in rss.entries] == ["pl-PL", "en-GB"]
    atom = read_feed(ATOM_FEED.encode())
    assert [entry.language for entry in atom.entries] == ["cs", "sk"]
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Lisbon Post",
        "language": "pt-PT",
        "items": [{"id": "1", "url": "https://lisbon.example/1", "title": "Acordo", "content_html": "<p>Texto.</p>"}],
    }
    assert read_feed(json.dumps(json_feed).encode()).entries[0].language == "pt-PT"


# Ingest writes it to front matter, but not the site's own


def _front_matter(article_file: Path) -> str:
    return article_file.read_text(encoding="utf-8").split("\n---\n")[0]


def test_ingest_writes_the_language_a_source_declares_and_leaves_out_the_site_s(tmp_path: Path, empty_content: Path):
    page = tmp_path / "sicherheitsabkommen.html"
    page.write_text(THEME_DEFAULT_PAGE, encoding="utf-8")
    feed = tmp_path / "gazeta.xml"
    feed.write_text(RSS_FEED, encoding="utf-8")
    german, polish, english = written(ingest_files([page, feed], empty_content, today=date(2024, 7, 9)))
    assert "\nlanguage: de\n" in _front_matter(german.article_file) + "\n"
    assert "language: de" in german.describe()
    assert "\nlanguage: pl-PL" in _front_matter(polish.article_file)
    # The site is en-GB (the shipped site.yaml): an en-GB entry says nothing more.
    assert "language" not in _front_matter(english.article_file)
    languages = {article.slug: article.language for article in read_content(empty_content).articles}
    assert sorted(languages.values(), key=str) == [None, "de", "pl-PL"]


# Front matter written by hand


def _article(tmp_path: Path, language_line: str) -> Path:
    path = tmp_path / "articles" / "umowa.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: Umowa podpisana\nsummary: Polska podpisała umowę.\n{language_line}\n---\n\nPolska podpisała umowę.\n",
        encoding="utf-8",
    )
    return path


def test_an_editor_s_language_is_read_in_any_common_form(tmp_path: Path):
    problems: list = []
    loaded = load_article(_article(tmp_path, "language: pl_pl"), tmp_path, problems)
    assert not problems and loaded.article.language == "pl-PL"


@pytest.mark.parametrize(
    ("line", "said", "fix"),
    [
        ("language: Polish", "'language' should be a language tag, but 'Polish' is not one", "'en', 'de-AT'"),
        ("language: pl-Poland", "but 'pl-Poland' is not one", "write the language as BCP 47 tags it ('pl' is)"),
        ("language: no", "but it is yes/no (False)", 'put the text in quotes, e.g. language: "NO"'),
    ],
)
def test_a_bad_language_in_front_matter_is_named_with_its_file_line_and_fix(
    tmp_path: Path, line: str, said: str, fix: str
):
    problems: list = []
    load_article(_article(tmp_path, line), tmp_path, problems)
    [problem] = problems
    assert str(problem.location).endswith("articles/umowa.md:4")
    assert said in problem.message and fix in problem.fix


def test_the_site_s_language_is_checked_against_the_same_codes_as_any_other_tag():
    """The site's tag is looked up in lists of its own, to spare every build pycountry's import: they must hold
    what pycountry's tables do."""
    import pycountry

    assert {
        language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2") and language.type != "S"
    } == languages._TWO_LETTER_LANGUAGES
    assert {country.alpha_2 for country in pycountry.countries} == languages._TWO_LETTER_REGIONS
    for tag in ("en", "en_gb", "es-419", "sr-XK", "en-UK", "eg", "iw", "sh-RS"):
        assert common_tag(tag) in (None, declared_language(tag)), tag
    assert common_tag("en_gb") == "en-GB" and common_tag("en-UK") is None and common_tag("eg") is None


def test_a_bad_language_stops_the_build(content_copy: Path, tmp_path: Path):
    article = next((content_copy / "articles").glob("*.md"))
    replace_in(article, "\ntitle:", "\nlanguage: Deutsch\ntitle:")
    with pytest.raises(ContentError) as stopped:
        build_site(content_copy, TEMPLATES, tmp_path / "site")
    assert f"articles/{article.name}:2: 'language' should be a language tag" in str(stopped.value.problems[0])


# The built site marks the article's words


@pytest.fixture(scope="module")
def site_with_a_german_article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, with the German page ingested and the first explainer marked en-GB by hand (the site's
    own language, which no page marks), built once."""
    folder = tmp_path_factory.mktemp("languages")
    shutil.copytree(CONTENT, folder / "content")
    replace_in(sorted((folder / "content" / "articles").glob("*.md"))[0], "\ntitle:", "\nlanguage: en-GB\ntitle:")
    page = folder / "sicherheitsabkommen.html"
    page.write_text(GERMAN_PAGE, encoding="utf-8")
    written(ingest_files([page], folder / "content", today=date(2024, 2, 17)))
    build_site(folder / "content", TEMPLATES, folder / "site")
    return folder / "site"


GERMAN_SLUG = "sicherheitsabkommen-mit-der-ukraine-unterzeichnet"


def test_the_article_page_marks_its_title_summary_and_body_but_not_the_site_s_words(site_with_a_german_article: Path):
    html = (site_with_a_german_article / "articles" / f"{GERMAN_SLUG}.html").read_text(encoding="utf-8")
    assert '<h1 id="page-title" lang="de-DE">Sicherheitsabkommen' in html
    assert '<p class="lead" lang="de-DE">' in html and '<div class="prose" lang="de-DE">' in html
    assert '<html lang="en-GB">' in html
    assert html.count('lang="de-DE"') == 3


def test_lists_the_feed_and_search_mark_the_article_s_title(site_with_a_german_article: Path):
    site = site_with_a_german_article
    index = (site / "articles" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<a class="article-title" href="{GERMAN_SLUG}.html" lang="de-DE">', index)
    # Only the German article is marked among the shipped English ones (one marked en-GB, the site's language).
    assert index.count(' lang="') == 3 and index.count(' lang="de-DE"') == 2  # <html>; its title and summary
    sources = (site / "sources.html").read_text(encoding="utf-8")
    assert f'href="articles/{GERMAN_SLUG}.html" lang="de-DE">Sicherheitsabkommen' in sources
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count('<entry xml:lang="de-DE">') == 1 and feed.count("<entry>") >= 1
    records = "".join(path.read_text(encoding="utf-8") for path in (site / "search-index").rglob("*.js"))
    assert records.count('"de-DE"') == 1


def test_chromium_reads_the_article_as_german_and_the_page_around_it_as_english(
    chromium: Browser, site_with_a_german_article: Path
):
    page = chromium.new_page()
    try:
        page.goto((site_with_a_german_article / "articles" / f"{GERMAN_SLUG}.html").as_uri())
        german = "element => element.matches(':lang(de)')"
        assert page.locator("h1").evaluate(german)
        assert page.locator(".prose p").first.evaluate(german)
        assert not page.locator(".article .meta").evaluate(german)
        assert page.locator(".breadcrumb").evaluate("element => element.matches(':lang(en-GB)')")
        open_search(page, file_url(site_with_a_german_article))
        [result] = search_for(page, "Sicherheitsabkommen")
        assert result.title.startswith("Sicherheitsabkommen")
        assert page.locator("a.search-title").evaluate(german)
        assert page.locator(".search-snippet").evaluate(german)
        assert not page.locator(".search-kind").evaluate(german)
        english = search_for(page, "Budapest Memorandum")
        assert english and not page.locator("a.search-title").first.evaluate(german)
    finally:
        page.close()


def test_the_single_file_edition_marks_the_article_too(site_with_a_german_article: Path):
    document, _ = single_file.single_file(site_with_a_german_article, TEMPLATES, edition=single_file.EVERYTHING)
    assert '<html lang="en-GB">' in document
    assert re.search(r'<a href="#[^"]+" lang="de-DE">Sicherheitsabkommen mit der Ukraine unterzeichnet</a>', document)
    assert '<h1 id="' in document and re.search(r'<h1 id="[^"]*page-title" lang="de-DE">', document)
    assert '<div class="prose" lang="de-DE">' in document


# A language written right to left

ARABIC_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>أوكرانيا والدنمارك توقعان اتفاقية أمنية | الصحيفة</title>
<meta property="og:site_name" content="الصحيفة">
<meta property="article:published_time" content="2024-02-23T10:00:00+02:00">
</head>
<body>
<article>
<h1>أوكرانيا والدنمارك توقعان اتفاقية أمنية</h1>
<p>وقعت أوكرانيا والدنمارك يوم الجمعة اتفاقية ثنائية للتعاون الأمني مدتها عشر سنوات، وفق ما أعلنته الحكومة
الدنماركية في بيان رسمي.</p>
<p>وتتعهد الدنمارك بموجب الاتفاقية بتقديم دعم عسكري ومدني طويل الأمد، على أن يناقش البرلمان تفاصيل التمويل في
الأسابيع المقبلة.</p>
<p>ورحبت المعارضة بالاتفاقية من حيث المبدأ، لكنها انتقدت تأخر إطلاع البرلمان على نصها النهائي قبل التوقيع.</p>
</article>
</body>
</html>
"""
ARABIC_TITLE = "أوكرانيا والدنمارك توقعان اتفاقية أمنية"
ARABIC_HEADLINE = f'<h1 id="page-title" lang="ar" dir="rtl">{ARABIC_TITLE}</h1>'


@pytest.fixture(scope="module")
def site_with_an_arabic_article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content (in English), with an Arabic page ingested, built once."""
    folder = tmp_path_factory.mktemp("right-to-left")
    shutil.copytree(CONTENT, folder / "content")
    page = folder / "ittifaqiya.html"
    page.write_text(ARABIC_PAGE, encoding="utf-8")
    written(ingest_files([page], folder / "content", today=date(2024, 2, 24)))
    build_site(folder / "content", TEMPLATES, folder / "site")
    return folder / "site"


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar", "rtl"), ("he-IL", "rtl"), ("fa", "rtl"), ("az-Arab", "rtl"), ("ku-Latn", "ltr"), ("en-GB", "ltr")]
    + [("uz-Arab-AF", "rtl"), ("sr-Cyrl", "ltr"), ("de", "ltr"), (None, "ltr")],
)
def test_a_language_s_writing_direction_comes_from_its_script_else_its_language(tag: str | None, direction: str):
    assert languages.writing_direction(tag) == direction


def _arabic_page(site: Path) -> Path:
    """The Arabic article's own page: the one whose headline it is."""
    [page] = [
        path for path in (site / "articles").glob("*.html") if ARABIC_HEADLINE in path.read_text(encoding="utf-8")
    ]
    return page


def test_an_article_written_right_to_left_runs_so_in_the_page_and_the_site_around_it_does_not(
    site_with_an_arabic_article: Path,
):
    html = _arabic_page(site_with_an_arabic_article).read_text(encoding="utf-8")
    assert '<div class="prose" lang="ar" dir="rtl">' in html
    assert '<html lang="en-GB">' in html
    index = (site_with_an_arabic_article / "articles" / "index.html").read_text(encoding="utf-8")
    assert f'lang="ar" dir="rtl">{ARABIC_TITLE}</a>' in index


def test_chromium_runs_the_arabic_article_right_to_left_and_the_page_around_it_left_to_right(
    chromium: Browser, site_with_an_arabic_article: Path
):
    site = site_with_an_arabic_article
    page = chromium.new_page()
    direction = "element => getComputedStyle(element).direction"
    try:
        page.goto(_arabic_page(site).as_uri())
        assert page.locator("h1").evaluate(direction) == "rtl"
        assert page.locator(".prose p").first.evaluate(direction) == "rtl"
        assert page.locator(".breadcrumb").evaluate(direction) == "ltr"
        open_search(page, file_url(site))
        [result] = search_for(page, "الدنمارك")
        assert result.title == ARABIC_TITLE
        assert page.locator("a.search-title").evaluate(direction) == "rtl"
        assert page.locator(".search-snippet").evaluate(direction) == "rtl"
        assert page.locator(".search-kind").evaluate(direction) == "ltr"
    finally:
        page.close()


def test_a_site_in_a_language_written_right_to_left_runs_so_and_its_other_articles_do_not(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    replace_in(content / "site.yaml", "\nlanguage: en-GB", "\nlanguage: he")
    replace_in(sorted((content / "articles").glob("*.md"))[0], "\ntitle:", "\nlanguage: en\ntitle:")
    build_site(content, TEMPLATES, tmp_path / "site")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="he" dir="rtl">' in home
    pages = [path.read_text(encoding="utf-8") for path in (tmp_path / "site" / "articles").glob("*.html")]
    assert any('<h1 id="page-title" lang="en" dir="ltr">' in page for page in pages)
    document, _ = single_file.single_file(tmp_path / "site", TEMPLATES)
    assert '<html lang="he" dir="rtl">' in document


def test_the_single_file_edition_runs_the_arabic_article_right_to_left(site_with_an_arabic_article: Path):
    document, _ = single_file.single_file(site_with_an_arabic_article, TEMPLATES, edition=single_file.EVERYTHING)
    assert f'lang="ar" dir="rtl">{ARABIC_TITLE}</a>' in document
    assert '<div class="prose" lang="ar" dir="rtl">' in document

"""The site built from the shipped content, read as files: pages, junk, Q&A, tracker, feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import html5lib
import pytest

from briefing.content.starter import write_starter
from briefing.pipeline import build_site
from briefing.stages import read_content
from conftest import CONTENT, TEMPLATES, replace_in
from test_enrich import NEGOTIATING, SIGNED

SEED_JUNK = [
    "Please enter your comment",
    "Please enter your name here",
    "Advertisement",
    "Free Subscribtion",
    "Most Popular",
    "Popular News",
    "Alzheimer",
    "Oscars",
    "Nose Picking",
    "Foxconn",
    "ChatGPT",
    "Mount Merapi",
    "HomeWorld",
]
ATOM = "{http://www.w3.org/2005/Atom}"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def text_of(page: Path) -> str:
    """The page's visible text, with tags removed and whitespace collapsed."""
    html = page.read_text(encoding="utf-8")
    return " ".join(
        re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"').split()
    )


@pytest.fixture(scope="module")
def qa_pairs():
    return [pair for article in read_content(CONTENT).articles for pair in article.qa]


def test_the_required_pages_exist(shipped_site: Path):
    expected = [
        "index.html",
        "404.html",
        "faq.html",
        "tracker.html",
        "sources.html",
        "topics/index.html",
        "countries/index.html",
        "articles/index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "assets/style.css",
        "topics/security-agreements.html",
        "topics/nato.html",
        "topics/budapest-memorandum.html",
        "topics/partner-countries.html",
        "countries/united-kingdom.html",
        "countries/portugal.html",
        "articles/nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.html",
    ]
    missing = [path for path in expected if not (shipped_site / path).is_file()]
    assert missing == []


def test_seed_junk_appears_nowhere(shipped_site: Path):
    found = [
        (page.name, junk)
        for page in shipped_site.rglob("*")
        if page.is_file()
        for junk in SEED_JUNK
        if junk in page.read_text(encoding="utf-8")
    ]
    assert found == []


def test_every_qa_pair_is_on_the_faq_and_a_topic_page(shipped_site: Path, qa_pairs):
    assert len(qa_pairs) == 12
    faq = text_of(shipped_site / "faq.html")
    topic_pages = [text_of(page) for page in (shipped_site / "topics").glob("*.html")]
    for pair in qa_pairs:
        assert pair.question in faq and pair.answer.split(". ")[0] in faq
        assert any(pair.question in page for page in topic_pages), pair.question


def test_tracker_lists_every_partner_with_a_citation(shipped_site: Path):
    html = (shipped_site / "tracker.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.S)
    assert len(rows) == 14
    statuses = {}
    for row in rows:
        name = re.search(r">([^<]+)</a></th>", row).group(1)
        statuses[name] = "signed" if "status-signed" in row else "negotiating" if "status-negotiating" in row else "?"
        assert re.search(r'<q>[^<]{40,}</q> <a class="source-link" href="articles/[a-z0-9-]+\.html#p-\d+">', row), name
    assert {n for n, s in statuses.items() if s == "signed"} == SIGNED
    assert {n for n, s in statuses.items() if s == "negotiating"} == NEGOTIATING


def test_citation_links_reach_the_quoted_paragraph(shipped_site: Path):
    html = (shipped_site / "tracker.html").read_text(encoding="utf-8")
    for quote, link in re.findall(r"<q>([^<]+)</q> <a class=\"source-link\" href=\"([^\"]+)\"", html):
        path, anchor = link.split("#")
        target = (shipped_site / path).read_text(encoding="utf-8")
        paragraph = re.search(rf'<p id="{anchor}">(.*?)</p>', target, re.S).group(1)
        assert quote.replace("&#39;", "'")[:40] in paragraph.replace("&#39;", "'")


def test_pages_are_well_formed_html5(shipped_site: Path):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for page in html_pages(shipped_site):
        parser.parse(page.read_text(encoding="utf-8"))
        assert page.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_links_are_relative_and_name_files(shipped_site: Path):
    for page in html_pages(shipped_site):
        for link in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            if link.startswith(("https://", "http://")):
                continue  # a canonical URL or a link to an original article: never loaded
            if page.name == "404.html" and not link.startswith("#"):
                # The 404 page is served at any depth, so its links start from the base URL's path.
                assert link.startswith("/briefing/") and not link.endswith("/"), (page, link)
                continue
            assert not link.startswith("/"), (page, link)
            assert not link.split("#")[0].endswith("/"), (page, link)


def test_nothing_is_loaded_from_outside_the_site(shipped_site: Path):
    for page in html_pages(shipped_site):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|img|iframe|source)[^>]*src="(https?:)?//', html), page
        assert not re.search(r'<link[^>]*rel="(stylesheet|preload|icon)"[^>]*href="(https?:)?//', html), page
    assert "url(" not in (shipped_site / "assets" / "style.css").read_text(encoding="utf-8")


def test_every_page_has_landmarks_and_one_h1(shipped_site: Path):
    for page in html_pages(shipped_site):
        html = page.read_text(encoding="utf-8")
        assert html.count("<h1") == 1, page
        assert '<main id="main"' in html and "<nav" in html and "<footer" in html, page
        assert '<html lang="en-GB">' in html


def test_feed_is_atom_with_absolute_links(shipped_site: Path):
    feed = ElementTree.parse(shipped_site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert feed.tag == f"{ATOM}feed" and len(entries) == 5
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("https://example.org/briefing/articles/")
        assert (shipped_site / link.removeprefix("https://example.org/briefing/")).is_file()


def test_sitemap_lists_every_page_but_404(shipped_site: Path):
    root = ElementTree.parse(shipped_site / "sitemap.xml").getroot()
    locations = {
        loc.text.removeprefix("https://example.org/briefing/")
        for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    pages = {page.relative_to(shipped_site).as_posix() for page in html_pages(shipped_site)}
    assert locations == pages - {"404.html"}
    assert "Sitemap: https://example.org/briefing/sitemap.xml" in (shipped_site / "robots.txt").read_text()


def test_article_page_shows_source_topics_entities_and_related(shipped_site: Path):
    page = text_of(shipped_site / "articles" / "zelensky-plans-bilateral-agreements-with-western-states.html")
    assert "Publisher not stated" in page and "Date not stated" in page
    assert "Bilateral security agreements" in page  # a topic
    assert "Mircea Geoana NATO Deputy Secretary General" in page  # an entity with its role
    assert "Related articles" in page


def test_two_builds_of_the_same_content_are_byte_identical(shipped_site: Path, tmp_path: Path):
    again = tmp_path / "site"
    build_site(CONTENT, TEMPLATES, again)
    files = sorted(p.relative_to(shipped_site) for p in shipped_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert [f for f in files if (shipped_site / f).read_bytes() != (again / f).read_bytes()] == []


def test_without_a_base_url_there_is_no_sitemap_and_no_absolute_link(content_copy: Path, tmp_path: Path):
    replace_in(content_copy / "site.yaml", "base_url: https://example.org/briefing/", "base_url: ''")
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    assert not (out / "sitemap.xml").exists()
    assert "Sitemap" not in (out / "robots.txt").read_text()
    assert "example.org" not in (out / "index.html").read_text() + (out / "feed.xml").read_text()


def test_navigation_marks_the_page_and_its_section(shipped_site: Path):
    assert '<a href="tracker.html" aria-current="page">Tracker</a>' in (shipped_site / "tracker.html").read_text()
    assert '<a href="index.html" aria-current="true">Topics</a>' in (shipped_site / "topics" / "nato.html").read_text()


def test_ids_are_unique_on_every_page(shipped_site: Path):
    """Labels, anchors and the map's patterns all point at ids: each must name one element."""
    for page in html_pages(shipped_site):
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), (page, sorted({i for i in ids if ids.count(i) > 1}))


def test_a_briefing_on_another_subject_names_nothing_of_the_shipped_one(tmp_path: Path):
    write_starter(tmp_path / "trade", "Trade agreements of the Pacific")
    build_site(tmp_path / "trade" / "content", TEMPLATES, tmp_path / "site", jobs=1)
    shipped = re.compile(r"Ukrain|Kyiv|Budapest|NATO|[Ss]ecurity", re.IGNORECASE)
    for page in html_pages(tmp_path / "site"):
        assert not shipped.findall(text_of(page)), page.name


def test_a_briefing_without_partners_says_so_rather_than_showing_an_empty_map_and_tables(tmp_path: Path):
    write_starter(tmp_path / "new", "A new briefing")
    content = tmp_path / "new" / "content"
    (content / "entities.yaml").write_text("countries: []\npeople: []\norganisations: []\n", encoding="utf-8")
    (content / "facts.yaml").write_text("agreements: []\n", encoding="utf-8")
    build_site(content, TEMPLATES, tmp_path / "site", jobs=1)
    home, tracker, countries = (
        tmp_path / "site" / name for name in ("index.html", "tracker.html", "countries/index.html")
    )
    assert "The sources name no partner countries yet." in text_of(home) and 'class="map"' not in home.read_text()
    assert "No agreement is reported signed or under negotiation yet." in text_of(tracker)
    assert "<table" not in tracker.read_text() and "chart-svg" not in tracker.read_text()
    assert "The sources name no partner countries yet." in text_of(countries) and "<table" not in countries.read_text()


def test_a_briefing_without_articles_or_key_points_shows_no_empty_panel_list_or_chart(tmp_path: Path):
    write_starter(tmp_path / "new", "A new briefing")
    content = tmp_path / "new" / "content"
    site_yaml = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(site_yaml.split("key_points:")[0] + "key_points: []\n", encoding="utf-8")
    (content / "facts.yaml").write_text("agreements: []\n", encoding="utf-8")
    for example in (content / "articles").glob("*.md"):
        example.unlink()  # its Q&A pair is the only question
    build_site(content, TEMPLATES, tmp_path / "site", jobs=1)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Key points" not in home and 'class="key-points"' not in home
    faq = (tmp_path / "site" / "faq.html").read_text(encoding="utf-8")
    assert "No questions yet" in text_of(tmp_path / "site" / "faq.html") and 'class="toc"' not in faq
    topics = (tmp_path / "site" / "topics" / "index.html").read_text(encoding="utf-8")
    assert "Getting started" in topics and "Articles per topic" not in topics  # a chart of bars all at nought


def test_a_briefing_of_no_agreement_shows_no_statuses_at_nought(tmp_path: Path):
    """Countries in the sources but no fact: no row of '0 signed, 0 in negotiation', no panel of empty statuses,
    no chart of countries that are all only mentioned."""
    write_starter(tmp_path / "new", "A new briefing")
    content = tmp_path / "new" / "content"
    (content / "facts.yaml").write_text("agreements: []\n", encoding="utf-8")
    build_site(content, TEMPLATES, tmp_path / "site", jobs=1)
    home, tracker = (text_of(tmp_path / "site" / name) for name in ("index.html", "tracker.html"))
    assert "Iceland" in home and "Mentioned in sources" in home
    assert not re.search(r"\b0 (signed|in negotiation)|Signed 0|In negotiation 0", home + tracker)
    assert "Agreements at a glance" not in home and "Partners by status" not in tracker
    assert "No agreement is reported signed or under negotiation yet." in tracker

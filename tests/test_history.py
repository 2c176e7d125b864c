"""The timeline and the changes: order, months, undated entries, arrivals by ingest date."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from briefing.pipeline import build_site
from briefing.render import history
from briefing.stages import briefing_of, read_content
from conftest import CONTENT, TEMPLATES, replace_in

GERMANY_SENTENCE = "      In addition to the agreement with France, Ukraine has also formalized a security\n      agreement with Germany.\n"
FRANCE_SENTENCE = "      One of the significant achievements in Ukraine’s pursuit of security alliances is the\n      recently signed security agreement with France.\n"
NATO_ARTICLE = "nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression.md"


def timeline_headings(page: Path) -> list[str]:
    return re.findall(r'<h2 id="month-\d+">([^<]+)</h2>', page.read_text(encoding="utf-8"))


def test_without_dates_in_the_sources_everything_is_date_not_stated(shipped_site: Path):
    """The shipped sources give no dates: nothing is placed in a month, nothing gets a date."""
    page = shipped_site / "timeline" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert timeline_headings(page) == ["Date not stated"]
    assert "<time" not in html
    content = read_content(CONTENT)
    assert html.count('<li class="timeline-entry">') == len(content.facts) + len(content.articles)


def test_every_timeline_entry_cites_its_source(shipped_site: Path):
    html = (shipped_site / "timeline" / "index.html").read_text(encoding="utf-8")
    entries = html.split('<li class="timeline-entry">')[1:]
    for entry in entries:
        if "Agreement with" in entry:
            assert re.search(
                r'<q>[^<]{40,}</q> <a class="source-link" href="\.\./articles/[a-z0-9-]+\.html#p-\d+">', entry
            ), entry
        else:
            assert re.search(r'Article: <a href="\.\./articles/[a-z0-9-]+\.html">', entry) and "Source:" in entry, entry


def test_dated_entries_go_in_month_order_and_undated_ones_stay_undated(content_copy: Path, tmp_path: Path):
    replace_in(content_copy / "facts.yaml", GERMANY_SENTENCE, GERMANY_SENTENCE + "    date: 2024-02-16\n")
    replace_in(content_copy / "facts.yaml", FRANCE_SENTENCE, FRANCE_SENTENCE + "    date: 2024-01-12\n")
    replace_in(
        content_copy / "articles" / NATO_ARTICLE, "ingested: 2026-11-23", "published: 2025-08-20\ningested: 2026-11-23"
    )
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    page = out / "timeline" / "index.html"
    assert timeline_headings(page) == ["January 2024", "February 2024", "August 2025", "Date not stated"]
    html = page.read_text(encoding="utf-8")
    assert re.findall(r'<time datetime="([\d-]+)">', html) == ["2024-01-12", "2024-02-16", "2025-08-20"]
    undated = html.split("Date not stated</h2>", 1)[1]
    assert "France" not in re.findall(r"Agreement with <a[^>]*>([^<]+)</a>", undated)
    assert undated.count('<li class="timeline-entry">') == 12 + 4  # the other agreements and articles


def test_same_day_agreements_come_before_articles_then_by_name():
    briefing = briefing_of(CONTENT)
    entries = history.timeline_entries(briefing.agreements, briefing.articles)
    undated_agreements = [e.agreement.partner.name for e in entries if e.agreement]
    assert undated_agreements == sorted(undated_agreements)
    kinds = ["agreement" if e.agreement else "article" for e in entries]
    assert kinds == sorted(kinds)  # all agreements, then all articles, when none is dated
    assert all(entry.when is None for entry in entries)


def test_arrivals_group_by_ingest_date_newest_first_and_cap(content_copy: Path):
    replace_in(content_copy / "articles" / NATO_ARTICLE, "ingested: 2026-11-23", "ingested: 2026-11-30")
    articles = briefing_of(content_copy).articles
    [latest, earlier] = history.arrivals(articles)
    assert latest.day == date(2026, 11, 30) and [a.slug + ".md" for a in latest.articles] == [NATO_ARTICLE]
    assert earlier.day == date(2026, 11, 23) and earlier.total == 4
    assert [a.title for a in earlier.articles] == sorted(a.title for a in earlier.articles)  # by title in a day
    [capped] = history.arrivals(articles, days=1, per_day=0)
    assert capped.articles == () and capped.more == 1


def test_home_and_changes_page_show_the_latest_arrivals(shipped_site: Path):
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "Added to the briefing on 23 November 2026: 5 articles." in home
    assert '<a class="more" href="changes.html">' in home
    changes = (shipped_site / "changes.html").read_text(encoding="utf-8")
    assert re.findall(r'<h2 id="added-\d+">([^<]+)</h2>', changes) == ["Added on 23 November 2026"]

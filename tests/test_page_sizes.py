"""No page grows with the number of articles: long lists are cut into pages, other lists capped."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from briefing import urls
from briefing.pipeline import build_site
from briefing.render import history
from briefing.render.paging import NEARBY_PARTS
from briefing.tools.bench import CORPUS_INGESTED, make_corpus
from conftest import CONTENT, TEMPLATES

# The pages of a day's arrivals, weighed apart from the changes page that links to them.
DAY_PAGES = "changes/"
# Files that list the whole site by their nature: the sitemap names every page, and the search index is
# split into small files by its own rule (measured by tests/bench_search.py).
LISTS_EVERYTHING = ("sitemap.xml", "search-index/")
# The long lists are cut where their entries change key (a letter, a month, a topic), so at 200 articles
# few of their pages are full yet: the fullest is weighed as a full page would be, by its size per entry
# (each marked so) times the entries a page holds.
FULL_PAGES = {
    "sources": ('<th scope="row">', urls.SOURCES_PER_PAGE),
    "timeline": ('<li class="timeline-entry">', history.ENTRIES_PER_TIMELINE_PAGE),
    "faq": ('<article class="qa">', urls.QUESTIONS_PER_FAQ_PAGE),
    DAY_PAGES: ('<a class="article-title"', history.ARRIVALS_PER_PAGE),
}


def _kind(name: str) -> str:
    return DAY_PAGES if name.startswith(DAY_PAGES) else name.split("/")[0].removesuffix(".html")


def _largest_by_kind(site: Path, as_full: bool = False) -> dict[str, tuple[int, str]]:
    """Each page kind → its largest file's size and name; a list's first page (faq.html) and the rest (faq/) are one kind.

    With `as_full`, a long list's fullest page counts as if it held a page of entries.
    """
    largest: dict[str, tuple[int, str]] = defaultdict(lambda: (0, ""))
    fullest: dict[str, tuple[int, int, str]] = {}
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name.startswith(".") or name.startswith(LISTS_EVERYTHING):
            continue
        kind, size = _kind(name), path.stat().st_size
        entries = 0
        if kind in FULL_PAGES:
            mark, per_page = FULL_PAGES[kind]
            entries = path.read_text(encoding="utf-8").count(mark)
            assert entries <= per_page, name
        if as_full and entries:
            fullest[kind] = max(fullest.get(kind, (0, 0, "")), (entries, size, name))
        else:
            largest[kind] = max(largest[kind], (size, name))
    for kind, (entries, size, name) in fullest.items():
        largest[kind] = max(largest[kind], (size * FULL_PAGES[kind][1] // entries, name))
    return dict(largest)


def _built(tmp_path: Path, articles: int) -> Path:
    content, site = tmp_path / f"content-{articles}", tmp_path / f"site-{articles}"
    make_corpus(CONTENT, content, articles)
    build_site(content, TEMPLATES, site)
    return site


def test_every_page_kind_stays_the_same_size_from_200_to_2000_articles(tmp_path: Path):
    small = _largest_by_kind(_built(tmp_path, 200), as_full=True)
    large = _largest_by_kind(_built(tmp_path, 2000))
    assert set(small) == set(large)
    grown = {
        kind: f"{small[kind][1]} {small[kind][0]:,} B → {large[kind][1]} {large[kind][0]:,} B"
        for kind in small
        if large[kind][0] > 1.25 * small[kind][0] + 2_000
    }
    assert not grown, (small, large)
    # The lists that used to hold every article are cut into pages by what they hold instead.
    assert (tmp_path / "site-2000" / "sources" / "u-part-2.html").is_file()
    assert (tmp_path / "site-2000" / "faq" / "security-agreements" / "2024-06.html").is_file()
    assert (tmp_path / "site-2000" / "articles" / "index" / "2024-06.html").is_file()
    # The 2,000 arrivals of one day have pages of their own, which name a few of their parts, not all twenty.
    last_part = tmp_path / "site-2000" / "changes" / f"{CORPUS_INGESTED.isoformat()}-part-20.html"
    named_parts = re.findall(r'aria-label="[^"]+, part (\d+)"', last_part.read_text(encoding="utf-8"))
    assert named_parts == ["1", *(str(part) for part in range(20 - NEARBY_PARTS, 20))]
    # Counts in the thousands are written as English writes them.
    site = tmp_path / "site-2000"
    assert "<strong>2,005</strong> source articles" in (site / "index.html").read_text(encoding="utf-8")
    assert "The 2,005 source articles of the briefing" in (site / "articles" / "index.html").read_text(encoding="utf-8")

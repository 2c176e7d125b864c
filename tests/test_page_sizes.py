"""No page grows with the number of articles: long lists are paginated or capped."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from briefing.pipeline import build_site
from briefing.tools.bench import make_corpus
from conftest import CONTENT, TEMPLATES

# Files that list the whole site by their nature: the sitemap names every page, and the search index is
# split into small files by its own rule (measured by tests/bench_search.py).
LISTS_EVERYTHING = ("sitemap.xml", "search-index/")


def _largest_by_kind(site: Path) -> dict[str, tuple[int, str]]:
    """Each page kind → its largest file's size and name; a list's first page (faq.html) and the rest (faq/) are one kind."""
    largest: dict[str, tuple[int, str]] = defaultdict(lambda: (0, ""))
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name.startswith(".") or name.startswith(LISTS_EVERYTHING):
            continue
        kind = name.split("/")[0].removesuffix(".html")
        largest[kind] = max(largest[kind], (path.stat().st_size, name))
    return dict(largest)


def _built(tmp_path: Path, articles: int) -> Path:
    content, site = tmp_path / f"content-{articles}", tmp_path / f"site-{articles}"
    make_corpus(CONTENT, content, articles)
    build_site(content, TEMPLATES, site)
    return site


def test_every_page_kind_stays_the_same_size_from_200_to_2000_articles(tmp_path: Path):
    small, large = _largest_by_kind(_built(tmp_path, 200)), _largest_by_kind(_built(tmp_path, 2000))
    assert set(small) == set(large)
    grown = {
        kind: f"{small[kind][1]} {small[kind][0]:,} B → {large[kind][1]} {large[kind][0]:,} B"
        for kind in small
        if large[kind][0] > 1.25 * small[kind][0] + 2_000
    }
    assert not grown
    # The lists that used to hold every article are split into pages instead.
    assert (tmp_path / "site-2000" / "sources" / "page-20.html").is_file()
    assert (tmp_path / "site-2000" / "faq" / "page-2.html").is_file()

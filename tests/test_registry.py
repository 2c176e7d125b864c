"""The page registry: every kind of page is declared once, and what it declares is what the site does.

A kind that names its part of the single-file edition is there; a kind left out is
absent; the sitemap, the feed and the search index carry exactly the kinds that say so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import lxml.html
import pytest

from briefing import urls
from briefing.model import Briefing
from briefing.render.registry import PAGE_KINDS, SINGLE_FILE_PARTS, InSingleFile, LeftOut, PageKind
from briefing.render.visuals import visuals
from briefing.search.documents import numbered_documents
from briefing.stages import briefing_of
from briefing.tools import single_file
from conftest import CONTENT, TEMPLATES

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return briefing_of(CONTENT)


@pytest.fixture(scope="module")
def paths_by_kind(briefing: Briefing) -> dict[str, list[str]]:
    """The path of every page of the shipped site, by the kind that makes it."""
    pictures = visuals(briefing)
    return {kind.name: [kind.path(page.key) for page in kind.pages(briefing, pictures)] for kind in PAGE_KINDS}


def kinds_with(flag: str) -> list[PageKind]:
    return [kind for kind in PAGE_KINDS if getattr(kind, flag)]


def test_every_kind_has_a_unique_name_and_pages_in_the_shipped_site(paths_by_kind: dict[str, list[str]]):
    assert len(paths_by_kind) == len(PAGE_KINDS)
    assert all(paths_by_kind.values()), "a kind the shipped site never shows is tested by nothing here"


def test_every_built_page_is_of_one_registered_kind(shipped_site: Path, paths_by_kind: dict[str, list[str]]):
    registered = [path for paths in paths_by_kind.values() for path in paths]
    assert len(registered) == len(set(registered))
    assert set(single_file.html_pages(shipped_site)) == set(registered)


def test_every_kind_is_in_the_single_file_edition_or_left_out_on_purpose(
    shipped_site: Path, paths_by_kind: dict[str, list[str]]
):
    document, _ = single_file.single_file(shipped_site, TEMPLATES, edition=single_file.EVERYTHING)
    sections = {element.get("id") for element in lxml.html.fromstring(document).iter("section")}
    for kind in PAGE_KINDS:
        shown = {urls.bundle_section(path) for path in paths_by_kind[kind.name]}
        match kind.single_file:
            case InSingleFile(part):
                assert part in SINGLE_FILE_PARTS, kind.name
                assert shown <= sections, f"{kind.name} pages are missing from the single-file edition"
            case LeftOut(reason, instead):
                assert reason and not shown & sections, f"{kind.name} is left out, yet in the single-file edition"
                assert instead is None or instead in {other.name for other in PAGE_KINDS}


def test_the_sitemap_lists_the_kinds_that_say_so(shipped_site: Path, paths_by_kind: dict[str, list[str]]):
    base = "https://example.org/briefing/"
    listed = {element.text for element in ElementTree.parse(shipped_site / urls.SITEMAP).iter(f"{SITEMAP}loc")}
    expected = {urls.absolute(base, path) for kind in kinds_with("sitemap") for path in paths_by_kind[kind.name]}
    assert listed == expected


def test_the_feed_and_the_search_index_carry_the_kinds_that_say_so(
    shipped_site: Path, briefing: Briefing, paths_by_kind: dict[str, list[str]]
):
    feed = ElementTree.parse(shipped_site / urls.FEED)
    entry_links = {entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")}
    feed_paths = {
        urls.absolute(briefing.settings.base_url, p) for k in kinds_with("feed") for p in paths_by_kind[k.name]
    }
    assert entry_links and entry_links <= feed_paths
    searched = {document.path for document in numbered_documents(briefing).values()}
    search_paths = {urls.address(path) for kind in kinds_with("search") for path in paths_by_kind[kind.name]}
    assert searched == search_paths

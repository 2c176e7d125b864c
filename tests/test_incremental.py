"""Rebuilds: only what changed is redone, and the result is the site a clean build writes."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import io
import json
import mmap
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jinja2 import Environment

from briefing import stages
from briefing.cli import ProgressBar
from briefing.content import markdown
from briefing.output.cache import BuildCache, InputState, cache_file, load_record
from briefing.parallel import MIN_ITEMS_FOR_WORKERS, collector_paused
from briefing.pipeline import build_site
from briefing.search.postings import archived, stored_archive, stored_index, unarchived
from briefing.stages import read_content
from briefing.tools.bench import _pools, _remove_spent, arrival_day, bench_size, make_corpus, synthetic_article
from briefing.tools.serve import Builds, Inputs, watch
from conftest import CONTENT, REPO_ROOT, TEMPLATES, replace_in
from test_search import decoded_postings, script_data

NEW_ARTICLE = """---
title: Latvia signs a ten-year security agreement
summary: Latvia became the latest partner to sign a bilateral security agreement with Ukraine.
source:
  publisher: LSM
  url: https://eng.lsm.lv/article/1
published: 2030-04-11
---

Latvia signed a bilateral security agreement with Ukraine on Thursday, covering air defence and demining.

The agreement runs for ten years, like those signed by Poland and Finland before it.
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_files(left: dict[str, bytes], right: dict[str, bytes]) -> None:
    """Two trees (see `tree`) hold the same files, byte for byte. Only the paths are compared in the assertion:
    pytest's diff of two whole sites takes the better part of an hour."""
    assert sorted(left) == sorted(right)
    differing = [path for path in left if left[path] != right[path]]
    assert differing == []


def assert_same_site(incremental: Path, clean: Path) -> None:
    assert_same_files(tree(incremental), tree(clean))


def test_a_rebuild_after_adding_editing_and_removing_articles_equals_a_clean_build(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    first = build_site(content_copy, TEMPLATES, out)
    articles = content_copy / "articles"
    (articles / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")
    replace_in(articles / "zelensky-plans-bilateral-agreements-with-western-states.md", "Western", "Western partner")
    again = build_site(content_copy, TEMPLATES, out)
    assert 0 < again.written < first.written and again.reused > 0
    assert "Latvia signs a ten-year security agreement" in (out / "articles" / "latvia-signs.html").read_text(
        encoding="utf-8"
    )
    assert_same_site(out, build_site(content_copy, TEMPLATES, tmp_path / "clean-1").out_dir)

    (articles / "latvia-signs.md").unlink()
    build_site(content_copy, TEMPLATES, out)
    assert not (out / "articles" / "latvia-signs.html").exists()
    assert "latvia-signs" not in (out / "index.html").read_text(encoding="utf-8")
    assert_same_site(out, build_site(content_copy, TEMPLATES, tmp_path / "clean-2").out_dir)


def memo_keys(out: Path, kind: str) -> set[str]:
    with contextlib.closing(sqlite3.connect(cache_file(out))) as db:
        return {key for (key,) in db.execute("SELECT key FROM memos WHERE kind = ?", (kind,))}


def counted_documents(out: Path) -> set[str]:
    """What stands for each search document whose term counts the build cache keeps."""
    cache = BuildCache(cache_file(out))
    try:
        return set(stored_index(cache).identities) - {""}
    finally:
        cache.close()


def test_an_edit_recounts_only_its_own_documents_and_keeps_the_partner_map(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    counted, maps = counted_documents(out), memo_keys(out, "partner-map")
    replace_in(
        content_copy / "articles" / "zelensky-plans-bilateral-agreements-with-western-states.md",
        "Western",
        "Western partner",
    )
    build_site(content_copy, TEMPLATES, out)
    recounted = counted_documents(out)
    # The edited article's documents are counted anew and their old counts dropped; every other's are kept.
    assert 1 <= len(recounted - counted) == len(counted - recounted) <= 5 < len(counted)
    assert len(maps) == 1 and memo_keys(out, "partner-map") == maps
    assert_same_site(out, build_site(content_copy, TEMPLATES, tmp_path / "clean").out_dir)


def test_damaged_search_counts_in_the_cache_are_counted_again(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    kept = cache_file(out).with_name(".site.cache-search-index")
    state = kept.read_bytes()
    kept.write_bytes(state[:1000] + bytes(b ^ 0xFF for b in state[1000:1100]) + state[1100:])
    replace_in(
        content_copy / "articles" / "zelensky-plans-bilateral-agreements-with-western-states.md", "Western", "Allied"
    )
    build_site(content_copy, TEMPLATES, out)
    assert_same_site(out, build_site(content_copy, TEMPLATES, tmp_path / "clean").out_dir)
    assert len(counted_documents(out)) > 20  # stored again, whole


def test_the_search_state_reads_back_as_it_was_kept_and_one_that_does_not_fit_its_list_is_counted_anew(
    content_copy: Path, tmp_path: Path
):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    cache = BuildCache(cache_file(out))
    try:
        kept = bytes(stored_archive(cache))
    finally:
        cache.close()
    state = unarchived(kept)
    assert state is not None and b"".join(archived(state)) == kept
    assert set(state.identities) == counted_documents(out) | {""}
    # Sealed by the cache, so only a fault of the code's own could bring these; still never an error.
    assert unarchived(kept[:-8]) is None  # shorter than its list of arrays says
    assert unarchived(kept + bytes(8)) is None
    assert unarchived(b"\0\0\0\x04[1,2") is None
    assert unarchived(b"\0\0\0\x10" + b'[["x","|O",1]]  ' + bytes(8)) is None  # no objects from bytes


def test_a_state_kept_beside_the_cache_is_read_where_its_file_system_cannot_map_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cache = BuildCache(tmp_path / ".site.cache")
    cache.keep_beside("search-index", b"the state")
    (tmp_path / ".site.cache-article-records").write_bytes(b"")  # an empty file cannot be mapped either

    def no_device(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENODEV, "No such device")

    monkeypatch.setattr(mmap, "mmap", no_device)
    assert cache.beside("search-index") == b"the state"
    monkeypatch.undo()
    assert cache.beside("search-index") == b"the state" and cache.beside("article-records") is None
    cache.close()


def test_a_state_kept_beside_the_cache_is_used_only_whole_and_under_the_topics_entities_and_code_it_was_made_with(
    tmp_path: Path,
):
    path = tmp_path / ".site.cache"
    cache = BuildCache(path)
    cache.use_analysis_key("topics A, code A")
    cache.keep_beside("search-index", b"the state")
    assert cache.beside("search-index") == b"the state"
    cache.commit()
    cache.close()
    again = BuildCache(path)
    assert again.beside("search-index") == b"the state"  # the key recorded in the cache
    again.use_analysis_key("topics B, code A")
    assert again.beside("search-index") is None
    again.keep_beside("search-index", [b"another ", memoryview(b"state")])  # in parts, as the search index's
    assert again.beside("search-index") == b"another state"
    kept = path.with_name(".site.cache-search-index")
    assert kept.stat().st_mode & 0o777 == 0o600 and kept.read_bytes().endswith(b"another state")
    kept.write_bytes(kept.read_bytes().replace(b"another", b"a damaged"))
    assert again.beside("search-index") is None
    assert not [p.name for p in tmp_path.iterdir() if ".new-" in p.name]  # written beside it, then renamed


@pytest.mark.parametrize("part", ["sentences", "body"])
def test_damaged_sentences_or_bodies_in_the_cache_are_read_from_their_files_again(
    part: str, content_copy: Path, tmp_path: Path
):
    """An article's sentences and rendered body are kept apart from its record and read only when quoted, indexed
    or shown (the tracker shows the bodies it cites on every build): a damaged copy is noticed then, and the file
    read again."""
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    with contextlib.closing(sqlite3.connect(cache_file(out))) as db, db:
        kept = db.execute(f"SELECT path, {part} FROM article_files").fetchall()
        damaged = [(data[:20] + bytes(b ^ 0xFF for b in data[20:60]) + data[60:], path) for path, data in kept]
        db.executemany(f"UPDATE article_files SET {part} = ? WHERE path = ?", damaged)
    (content_copy / "articles" / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")
    build_site(content_copy, TEMPLATES, out)
    assert_same_site(out, build_site(content_copy, TEMPLATES, tmp_path / "clean").out_dir)


def test_search_documents_counted_in_worker_processes_read_the_cached_sentences(tmp_path: Path):
    """With its search counts lost, a rebuild counts every document again over two processes, each reading the
    articles' sentences from the cache through a connection of its own; with a template changed, they write every
    file again, the search index's documents made of those sentences too."""
    content, out = tmp_path / "content", tmp_path / "site"
    make_corpus(CONTENT, content, 250)
    build_site(content, TEMPLATES, out, jobs=2)
    with contextlib.closing(sqlite3.connect(cache_file(out))) as db, db:
        db.execute("DELETE FROM memos WHERE kind = 'search-index'")
    (content / "articles" / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")
    build_site(content, TEMPLATES, out, jobs=2)
    assert_same_site(out, build_site(content, TEMPLATES, tmp_path / "clean", jobs=2).out_dir)
    # A template changed: every file is written again, the search index's documents in the workers too.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    again = build_site(content, templates, out, jobs=2)
    assert again.written > 200
    assert_same_site(out, build_site(content, templates, tmp_path / "clean-2", jobs=2).out_dir)


def test_an_edited_title_reaches_every_page_that_lists_the_article_as_related(tmp_path: Path):
    """A page whose article is unchanged is not gathered again, unless one of its related articles changed."""
    content, out = tmp_path / "content", tmp_path / "site"
    make_corpus(CONTENT, content, 200)
    build_site(content, TEMPLATES, out)
    edited = content / "articles" / "synthetic-00010.md"
    front_matter = re.search(r"^title: (.*)$", edited.read_text(encoding="utf-8"), re.M).group(0)
    title = front_matter.removeprefix("title: ").strip("'")
    listing = [page for page in (out / "articles").glob("synthetic-*.html") if title in page.read_text("utf-8")]
    assert len(listing) > 1  # its own page, and those that list it as related
    replace_in(edited, front_matter, "title: A title edited after the last build")
    build_site(content, TEMPLATES, out)
    assert all("A title edited after the last build" in page.read_text("utf-8") for page in listing)
    assert_same_site(out, build_site(content, TEMPLATES, tmp_path / "clean").out_dir)


def postings_by_key(index: Path) -> dict[str, str]:
    """Every term key's encoded postings, from the term files of a search index."""
    found = {}
    for script in (index / "terms").iterdir():
        arguments = re.fullmatch(r"briefingSearch\.terms\((.*)\);\n", script.read_text(encoding="utf-8"), re.S)
        found.update(json.loads(f"[{arguments.group(1)}]")[-1]["postings"])
    return found


def document_numbers(index: Path) -> dict[int, tuple[str, str, str]]:
    """Every search document by its number, as the browser finds it: (kind, path, title)."""
    manifest = script_data((index / "manifest.js").read_text(encoding="utf-8"))
    found = {}
    for start, name, per_file in manifest["documentBlocks"]:
        for script in index.glob(f"documents/{name}-*.js"):
            first = start + per_file * int(script.stem.removeprefix(f"{name}-"))
            records = script_data(script.read_text(encoding="utf-8"))
            found |= {first + n: (record[0], record[2], record[1]) for n, record in enumerate(records) if record}
    return found


def index_state(index: Path) -> tuple[dict[str, bytes], dict[str, str], dict]:
    """The search index's files, each key's postings and each document's number, to compare two builds."""
    return tree(index), postings_by_key(index), document_numbers(index)


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def test_an_arrival_changes_only_the_postings_of_its_terms_and_its_own_document_files(tmp_path: Path):
    content, out = tmp_path / "content", tmp_path / "site"
    make_corpus(CONTENT, content, 300)
    build_site(content, TEMPLATES, out)
    index = out / "search-index"
    files_before, postings_before, numbers_before = index_state(index)
    shipped = read_content(CONTENT)
    arrival = synthetic_article(301, _pools(CONTENT), random.Random(1), arrival_day(shipped))
    (content / "articles" / "arrival.md").write_text(arrival, encoding="utf-8")
    build_site(content, TEMPLATES, out)
    files_after, postings_after, numbers_after = index_state(index)
    # It arrived on a day of its own, after the others: its documents are in files of their own and every other
    # document keeps its number.
    assert numbers_after.items() >= numbers_before.items()
    day = arrival_day(shipped).isoformat()
    changed = changed_files(files_before, files_after)
    assert {p for p in changed if p.startswith("documents/")} == {p for p in files_after if day in p} != set()
    # A key's postings change only by the arrival's own posting, added at the end (a gap and a level).
    grown = {key for key in postings_after if postings_after[key] != postings_before.get(key)}
    assert 0 < len(grown) < len(postings_after) / 2
    for key in grown:
        old = postings_before.get(key, "")
        assert postings_after[key].startswith(old) and 2 <= len(postings_after[key]) - len(old) <= 4, key
    assert_same_site(out, build_site(content, TEMPLATES, tmp_path / "clean").out_dir)


def test_a_removal_leaves_the_other_documents_at_their_numbers_and_rewrites_few_files(tmp_path: Path):
    content, out = tmp_path / "content", tmp_path / "site"
    make_corpus(CONTENT, content, 300)
    build_site(content, TEMPLATES, out)
    index = out / "search-index"
    files_before, postings_before, numbers_before = index_state(index)
    removed = sorted((content / "articles").glob("synthetic-*.md"))[-2]  # as the benchmark removes one
    removed.unlink()
    build_site(content, TEMPLATES, out)
    files_after, postings_after, numbers_after = index_state(index)
    gone = {n for n, (_, path, _) in numbers_before.items() if path == f"articles/{removed.stem}.html"}
    assert gone and all(path != f"articles/{removed.stem}.html" for _, path, _ in numbers_after.values())
    # Every other document keeps its number, but for any the removed article had pushed along (those placed right
    # behind it, with no free number between): each moves back, by no more than the numbers it freed.
    number_of = {document: number for number, document in numbers_after.items()}
    assert set(number_of) == {document for number, document in numbers_before.items() if number not in gone}
    run_end = max(gone) + 1
    while run_end in numbers_before:
        run_end += 1
    moved = {
        number: number_of[d] for number, d in numbers_before.items() if number not in gone and number_of[d] != number
    }
    assert all(max(gone) < old < run_end and old - len(gone) <= new < old for old, new in moved.items())
    assert len(moved) <= 4
    # So only the document files holding those numbers change, not every file after the removed one.
    changed = changed_files(files_before, files_after)
    assert 1 <= len({p for p in changed if p.startswith("documents/")}) <= 2
    # And only the postings naming them.
    touched = gone | set(moved) | set(moved.values())
    for key in postings_before.keys() | postings_after.keys():
        if postings_before.get(key) != postings_after.get(key):
            named = {
                n
                for text in (postings_before.get(key, ""), postings_after.get(key, ""))
                for n, _ in decoded_postings(text)
            }
            assert named & touched, key
    assert_same_site(out, build_site(content, TEMPLATES, tmp_path / "clean").out_dir)


def test_an_unchanged_rebuild_writes_nothing(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    first = build_site(content_copy, TEMPLATES, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    again = build_site(content_copy, TEMPLATES, out)
    assert (again.written, again.reused, again.pages) == (0, first.written, first.pages)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.html")} == before


def test_a_page_changed_by_hand_in_the_output_is_rewritten(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    # An article's page too, which a rebuild knows shows what it showed and does not gather again unless its
    # file must be written.
    edited = ["faq.html", "articles/zelensky-plans-bilateral-agreements-with-western-states.html"]
    originals = {path: (out / path).read_bytes() for path in edited}
    for path in edited:
        (out / path).write_text("edited by hand", encoding="utf-8")
    again = build_site(content_copy, TEMPLATES, out)
    assert again.written >= 2
    assert {path: (out / path).read_bytes() for path in edited} == originals


def test_the_old_site_linked_in_a_process_of_its_own_keeps_your_files_and_nothing_stale(tmp_path: Path):
    """A site of more than a few hundred files is linked into the new one by a forked process while the content
    is read (into the old site the last build left, made a copy of it), then trimmed: your own files stay (a
    folder of them too), a page edited by hand is written again without touching the old site's copy, and a
    removed article's page goes."""
    content, out = tmp_path / "content", tmp_path / "site"
    make_corpus(CONTENT, content, 250)
    build_site(content, TEMPLATES, out, jobs=2)
    with (content / "articles" / "synthetic-00003.md").open("a", encoding="utf-8") as article:
        article.write("\nOne more sentence.\n")
    build_site(content, TEMPLATES, out, jobs=2)  # leaves the old site beside, for the next build to reuse
    [old_site] = [folder for folder in tmp_path.glob(".site.spent-*") if (folder / "articles").is_dir()]
    old_folder = (old_site / "articles").stat().st_ino
    (out / "CNAME").write_text("briefing.example.org\n", encoding="utf-8")
    (out / "downloads").mkdir()
    (out / "downloads" / "report.pdf").write_bytes(b"%PDF-1.4 the full report\n")
    hand_edited = out / "articles" / "synthetic-00007.html"
    original = hand_edited.read_bytes()
    hand_edited.write_text("edited by hand", encoding="utf-8")
    old_copy = hand_edited.open("rb")  # what a reader of the old site holds open
    removed = sorted((content / "articles").glob("synthetic-*.md"))[-3]
    removed.unlink()
    (content / "articles" / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")
    again = build_site(content, TEMPLATES, out, jobs=2)
    assert again.kept == 2
    assert (out / "articles").stat().st_ino == old_folder and not old_site.exists()  # made the new site's copy
    assert (out / "CNAME").read_text(encoding="utf-8") == "briefing.example.org\n"
    assert (out / "downloads" / "report.pdf").read_bytes() == b"%PDF-1.4 the full report\n"
    assert hand_edited.read_bytes() == original
    assert old_copy.read() == b"edited by hand"
    old_copy.close()
    assert not (out / "articles" / f"{removed.stem}.html").exists()
    for yours in ("CNAME", "downloads/report.pdf"):
        (out / yours).unlink()
    (out / "downloads").rmdir()
    assert_same_site(out, build_site(content, TEMPLATES, tmp_path / "clean", jobs=2).out_dir)
    # The old site (and the blanks left) are left for the next build to remove: see `Staging.open`.
    spent = sorted(tmp_path.glob(".site.spent-*"))
    assert [path.name for folder in spent for path in folder.glob(f"articles/{removed.stem}.html")] == [
        f"{removed.stem}.html"
    ]
    assert sorted(p.name for p in tmp_path.iterdir() if p not in spent) == [
        ".clean.cache",
        ".clean.cache-article-records",
        ".clean.cache-search-index",
        ".clean.lock",
        ".site.cache",
        ".site.cache-article-records",
        ".site.cache-search-index",
        ".site.lock",
        "clean",
        "content",
        "site",
    ]


def test_a_template_change_reaches_every_page_and_a_settings_change_every_page_too(content_copy: Path, tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out = tmp_path / "site"
    build_site(content_copy, templates, out)
    replace_in(templates / "base.html", "</footer>", "<p>Printed for the minister</p></footer>")
    build_site(content_copy, templates, out)
    pages = list(out.rglob("*.html"))
    assert all("Printed for the minister" in p.read_text(encoding="utf-8") for p in pages)
    replace_in(content_copy / "site.yaml", "title: Ukraine's Security Guarantees", "title: Ukraine Security Briefing")
    build_site(content_copy, templates, out)
    assert all("Ukraine Security Briefing" in p.read_text(encoding="utf-8") for p in pages)
    assert_same_site(out, build_site(content_copy, templates, tmp_path / "clean").out_dir)


def test_a_deleted_cache_only_makes_a_full_build(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    first = build_site(content_copy, TEMPLATES, out)
    (tmp_path / ".site.cache").unlink()
    again = build_site(content_copy, TEMPLATES, out)
    assert again.written == first.written
    (tmp_path / ".site.cache").write_bytes(b"not a database")
    assert build_site(content_copy, TEMPLATES, out).written == first.written


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown of each article body rendered from now on, in order."""
    bodies: list[str] = []
    real_render = stages.render_body

    def counted_render(markdown_text: str):
        bodies.append(markdown_text)
        return real_render(markdown_text)

    monkeypatch.setattr(stages, "render_body", counted_render)
    monkeypatch.setattr(markdown, "render_body", counted_render)
    return bodies


def test_a_build_renders_each_article_body_from_markdown_once(content_copy: Path, tmp_path: Path, rendered: list[str]):
    """The body rendered while an article is read is the one its page shows, not rendered again."""
    result = build_site(content_copy, TEMPLATES, tmp_path / "site", jobs=1)
    assert result.articles == len(rendered) == len(set(rendered))
    assert '<p id="p-1">' in next((tmp_path / "site" / "articles").glob("[!i]*.html")).read_text(encoding="utf-8")


def test_a_briefing_moved_or_copied_whole_reads_no_article_again(
    content_copy: Path, tmp_path: Path, rendered: list[str]
):
    """Its content, site and the cache beside the site carried to another folder (a USB stick, a new machine): the
    articles' records are taken from the cache (their files' times and inodes changed, their bytes did not), and the
    site is the one a clean build writes."""
    first = tmp_path / "first"
    first.mkdir()
    shutil.move(content_copy, first / "content")
    build_site(first / "content", TEMPLATES, first / "site", jobs=1)
    moved = tmp_path / "moved" / "briefing"
    shutil.copytree(first, moved, symlinks=True)
    shutil.rmtree(first)
    rendered.clear()  # the first build's
    result = build_site(moved / "content", TEMPLATES, moved / "site", jobs=1)
    assert result.articles > 0 and rendered == [] and result.written == 0
    assert_same_site(moved / "site", build_site(moved / "content", TEMPLATES, tmp_path / "clean").out_dir)


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their source from now on, in order."""
    names: list[str] = []
    real_compile = Environment.compile

    def counted_compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return real_compile(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counted_compile)
    return names


def test_templates_compiled_by_one_build_are_used_by_the_next_until_their_source_changes(
    content_copy: Path, tmp_path: Path, compiled: list[str]
):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out = tmp_path / "site"
    build_site(content_copy, templates, out, jobs=1)
    assert {"article.html", "base.html", "home.html"} <= set(compiled)
    compiled.clear()
    replace_in(next((content_copy / "articles").glob("*.md")), "\n\n", "\n\nA sentence added by an editor.\n\n")
    build_site(content_copy, templates, out, jobs=1)
    assert compiled == []
    replace_in(templates / "base.html", "</footer>", "<p>Printed for the minister</p></footer>")
    build_site(content_copy, templates, out, jobs=1)
    assert compiled == ["base.html"]
    assert all("Printed for the minister" in page.read_text(encoding="utf-8") for page in out.rglob("*.html"))


def test_templates_compiled_for_pages_written_by_worker_processes_are_kept_for_the_next_build(
    tmp_path: Path, compiled: list[str]
):
    content, templates = tmp_path / "content", tmp_path / "templates"
    make_corpus(CONTENT, content, 250)
    shutil.copytree(TEMPLATES, templates)
    (templates / "unused.html").write_text("{% if %}no page uses this template\n", encoding="utf-8")
    out = tmp_path / "site"
    assert build_site(content, templates, out, jobs=2).written >= MIN_ITEMS_FOR_WORKERS  # so over workers
    compiled.clear()
    (content / "articles" / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")
    build_site(content, templates, out, jobs=1)
    assert compiled == []


def test_a_build_leaves_the_cycle_collector_as_it_found_it(content_copy: Path, tmp_path: Path):
    """A build pauses Python's cycle collector; it runs again afterwards, unless the caller had stopped it."""
    build_site(content_copy, TEMPLATES, tmp_path / "site", jobs=1)
    assert gc.isenabled()
    gc.disable()
    try:
        build_site(content_copy, TEMPLATES, tmp_path / "site", jobs=1, clean=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_is_made_while_the_collector_is_paused_joins_the_oldest_generation():
    """Else the first collection after a build, of the youngest generation, walks every object the build made."""
    gc.collect()
    with collector_paused():
        made = [[number] for number in range(100_000)]
    young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))
    assert young < 1_000 and len(made) == 100_000


def test_the_progress_bar_counts_up_and_clears_its_line():
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar("Writing pages", 5, 10)
    bar("Writing pages", 10, 10)
    bar.clear()
    shown = stream.getvalue()
    assert "Writing pages" in shown and "5/10" in shown and "10/10" in shown and "#" * ProgressBar.WIDTH in shown
    assert shown.endswith("\r")


def test_the_benchmark_measures_ingest_and_cold_unchanged_added_edited_removed_builds(tmp_path: Path):
    measured = bench_size(40, tmp_path, shipped=REPO_ROOT / "content")
    row = measured.row
    assert measured.added_stages.startswith("reading articles ")
    assert row["articles"] == "40"
    assert row["bulk ingest"].endswith("a file)")
    pages = int(row["pages"].replace(",", ""))
    assert pages > 40
    every_file = int(row["cold build"].split("; ")[1].split()[0].replace(",", ""))
    for change in ("one added", "one edited", "one removed"):
        written = int(row[change].split("(")[1].split()[0].replace(",", ""))
        assert 0 < written < every_file, change


def test_the_benchmark_keeps_of_each_size_its_corpus_one_site_with_its_cache_and_one_hugo_site(tmp_path: Path):
    folder = tmp_path / "40"
    made = ["content/a.md", "arrivals/a.md", "ingest-content/a.md"]
    made += [f"site-{n}/index.html" for n in range(3)] + [f".site-{n}.cache" for n in range(3)]
    made += [f"hugo/public-{n}/index.html" for n in range(3)]
    for name in made:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")
    (tmp_path / "spent" / "an earlier run").mkdir(parents=True)
    _remove_spent(tmp_path, [40])
    left = {str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file()}
    assert left == {
        "40/content/a.md",
        "40/site-2/index.html",
        "40/.site-2.cache",
        "40/hugo/public-0/index.html",
    }
    assert not (tmp_path / "spent").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(content_copy: Path, tmp_path: Path):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(REPO_ROOT / "build.py"),
            "serve",
            "--content",
            str(content_copy),
            "--templates",
            str(TEMPLATES),
            "--out",
            str(tmp_path / "site"),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    address = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(address, timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield address, content_copy
    server.terminate()
    server.wait(timeout=10)


def test_serve_rebuilds_on_change_and_reloads_the_open_page(preview, chromium):
    address, content = preview
    page = chromium.new_page()
    page.goto(address + "faq.html")
    assert page.title().endswith("Ukraine's Security Guarantees")
    replace_in(content / "site.yaml", "title: Ukraine's Security Guarantees", "title: Ukraine Security Briefing")
    page.wait_for_function("() => document.title.endsWith('Ukraine Security Briefing')", timeout=20_000)
    # The reload script is added while serving, never written into the site.
    served = urllib.request.urlopen(address + "faq.html").read().decode()
    assert "/__briefing/reload.js" in served
    page.close()


def test_serve_keeps_the_last_good_site_when_content_breaks(preview):
    address, content = preview
    replace_in(content / "topics.yaml", "slug: nato", "slug: [nato")
    time.sleep(2)
    assert urllib.request.urlopen(address + "topics/nato.html").status == 200


def test_serve_shows_how_many_proposals_wait_and_the_site_never_does(preview, tmp_path: Path):
    address, content = preview
    assert "briefing-preview-note" not in urllib.request.urlopen(address + "index.html").read().decode()
    (content / "review.yaml").write_text(
        "proposals:\n"
        + "".join(
            f"- id: {number}a2b3c\n  state: {state}\n  kind: new partner\n  country: spain\n  status: signed\n"
            f"  article: spain-signs\n  sentence: Ukraine and Spain signed a security agreement ({number}).\n"
            for number, state in ((1, "pending"), (2, "pending"), (3, "rejected"))
        ),
        encoding="utf-8",
    )
    served = urllib.request.urlopen(address + "topics/nato.html").read().decode()
    assert "2 tracker proposals wait for review: run <code>python build.py review</code>" in served
    style = urllib.request.urlopen(address + "__briefing/preview.css")
    assert style.headers["Content-Type"] == "text/css; charset=utf-8" and b".briefing-preview-note" in style.read()
    # The files on disk, which get published, never carry it.
    time.sleep(2)  # the review file's change starts a rebuild; the site it writes is the same
    assert not any(
        "briefing-preview" in page.read_text(encoding="utf-8") for page in (tmp_path / "site").rglob("*.html")
    )


class Polls:
    """Stands in for the watcher's stop event: before each poll returns, `step` runs (a writer at work); after
    `count` polls the watcher stops."""

    def __init__(self, count: int, step=lambda poll: None) -> None:
        self.count, self.step, self.done = count, step, 0

    def wait(self, seconds: float) -> bool:
        self.done += 1
        self.step(self.done)
        return self.done > self.count


def test_serve_builds_a_file_written_in_pieces_once_it_is_whole(tmp_path: Path):
    page = tmp_path / "inbox" / "page.html"
    page.parent.mkdir()
    inputs = Inputs([page.parent])
    pieces = ["<p>The first half", " and the second.</p>"]

    def write_a_piece(poll: int) -> None:
        if pieces:
            with page.open("a", encoding="utf-8") as file:
                file.write(pieces.pop(0))

    read: list[str] = []
    watch(inputs, lambda: read.append(page.read_text(encoding="utf-8")), Builds(), Polls(8, write_a_piece))
    assert read == ["<p>The first half and the second.</p>"]


def test_serve_takes_what_the_inbox_ingest_writes_as_read_and_an_edit_during_a_build_as_a_change(tmp_path: Path):
    folder = tmp_path / "content"
    folder.mkdir()
    inputs = Inputs([folder])
    builds = Builds()

    def rebuild() -> None:
        (folder / f"ingested-{builds.number}.md").write_text("an article the inbox ingest wrote", encoding="utf-8")
        inputs.take()
        if builds.number == 0:
            (folder / "edited.md").write_text("saved while the build reads", encoding="utf-8")

    def arrive(poll: int) -> None:
        if poll == 1:
            (folder / "arrival.html").write_text("<p>News</p>", encoding="utf-8")

    watch(inputs, rebuild, builds, Polls(12, arrive))
    assert builds.number == 2  # the arrival, then the edit; never the files the ingest wrote


def test_a_file_changed_within_a_clock_tick_is_trusted_only_by_its_contents(tmp_path: Path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").write_text("first text", encoding="utf-8")
    recorded = InputState.now([folder]).recorded()
    assert "+" in recorded, "a file written just now: its contents are recorded with the times"
    # On a disk whose clock keeps times to 2 s, an edit at once leaves every time as it was.
    same_times = dataclasses.replace(InputState.now([folder]), signature=recorded.split("+")[0])
    assert same_times.matches(recorded)
    (folder / "a.md").write_text("other text", encoding="utf-8")
    same_times = dataclasses.replace(InputState.now([folder]), signature=recorded.split("+")[0])
    assert not same_times.matches(recorded)


def test_the_records_kept_in_one_piece_stand_for_every_unchanged_article_until_many_came_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Past a few dozen articles the cache keeps every record in one piece too: a rebuild unpickles it once rather
    than each unchanged article's record, and keeps it again only once many records come from elsewhere. A damaged
    piece costs only the records one by one."""
    content, out = tmp_path / "content", tmp_path / "site"
    make_corpus(CONTENT, content, 150)
    build_site(content, TEMPLATES, out)
    piece = cache_file(out).with_name(f"{cache_file(out).name}-article-records")
    kept = piece.read_bytes()
    unpickled = []

    def counted(blob: bytes):
        record = load_record(blob)
        unpickled.extend([record] if isinstance(record, stages._Record) else [])  # sentences are sealed so too
        return record

    monkeypatch.setattr(stages.build_cache, "load_record", counted)
    (content / "articles" / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")
    build_site(content, TEMPLATES, out)
    assert len(unpickled) == 1  # the new article's record, made now
    assert piece.read_bytes() == kept
    piece.write_bytes(kept[:-100] + b"\0" * 100)
    replace_in(content / "articles" / "latvia-signs.md", "Latvia", "Lithuania")
    build_site(content, TEMPLATES, out)
    articles = len(list((content / "articles").glob("*.md")))
    assert len(unpickled) == 1 + articles  # every record again one by one, the edited article's made anew
    # An article edited since the piece was kept: its record there is no longer the one to use.
    edited = sorted((content / "articles").glob("synthetic-*.md"))[7]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Ukraine", "Ukraina"), encoding="utf-8")
    build_site(content, TEMPLATES, out)
    (content / "articles" / "estonia-signs.md").write_text(NEW_ARTICLE.replace("Latvia", "Estonia"), encoding="utf-8")
    build_site(content, TEMPLATES, out)
    assert_same_site(out, build_site(content, TEMPLATES, tmp_path / "clean").out_dir)

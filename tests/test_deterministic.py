"""Identical input gives a byte-identical site: whatever the folders, the number of processes,
the hash seed or the build cache.

The builds run as the command a user types, each in its own process with its own
PYTHONHASHSEED, so a set's iteration order reaching the output would show. The corpus is
large enough (over 200 articles) that pages, articles and the search index are really
spread over worker processes when --jobs asks for them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.pipeline import build_site
from briefing.tools.bench import make_corpus
from conftest import CONTENT, REPO_ROOT, TEMPLATES, replace_in
from test_incremental import assert_same_site

SYNTHETIC_ARTICLES = 210


def build(content: Path, out: Path, jobs: int, hash_seed: int) -> str:
    """`python build.py build` in a child process, from the repository's folder (the map's data is there)."""
    command = [
        sys.executable,
        str(REPO_ROOT / "build.py"),
        "build",
        "--content",
        str(content),
        "--templates",
        str(TEMPLATES),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
    ]
    environment = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run(command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "content"
    make_corpus(CONTENT, folder, SYNTHETIC_ARTICLES)
    return folder


def test_two_clean_builds_and_a_rebuild_are_byte_identical(corpus: Path, tmp_path: Path):
    # The second build reads a copy of the content from another folder into another output folder.
    copy = tmp_path / "elsewhere" / "briefing-content"
    shutil.copytree(corpus, copy)
    one, two = tmp_path / "one" / "site", tmp_path / "two" / "public"
    build(corpus, one, jobs=1, hash_seed=1)
    build(copy, two, jobs=2, hash_seed=2)
    assert_same_site(one, two)
    assert (one / ".nojekyll").is_file()

    # A rebuild with nothing changed stops early; one after every file was touched reads
    # the cached analyses and reuses the unchanged pages.
    assert "0 files written" in build(corpus, one, jobs=2, hash_seed=3)
    assert_same_site(one, two)
    for path in corpus.rglob("*"):
        path.touch()
    build(corpus, one, jobs=2, hash_seed=4)
    assert_same_site(one, two)


def test_the_site_does_not_name_the_folders_it_was_built_from_or_into(corpus: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(corpus, out, jobs=2, hash_seed=5)
    leaks = [str(tmp_path), str(corpus), str(REPO_ROOT), str(Path.home())]
    found = [
        (path.relative_to(out).as_posix(), leak)
        for path in out.rglob("*")
        if path.is_file()
        for leak in leaks
        if leak.encode() in path.read_bytes()
    ]
    assert found == []


def test_switching_pretty_urls_on_and_off_gives_the_site_a_clean_build_writes(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    replace_in(content_copy / "site.yaml", "latest_count:", "pretty_urls: true\nlatest_count:")
    build_site(content_copy, TEMPLATES, out)
    assert (out / "topics" / "nato" / "index.html").is_file() and not (out / "topics" / "nato.html").exists()
    assert_same_site(out, build_site(content_copy, TEMPLATES, tmp_path / "clean-pretty").out_dir)
    replace_in(content_copy / "site.yaml", "pretty_urls: true\n", "")
    build_site(content_copy, TEMPLATES, out)
    assert_same_site(out, build_site(content_copy, TEMPLATES, tmp_path / "clean-plain").out_dir)


# The digest of every file of the shipped site but the manifest, recorded before a
# refactoring: a change that should not touch the output proves it here. When the output
# changes on purpose, check the new site and record its digest.
SHIPPED_SITE_DIGEST = "f9c46eac8a2aef92d4d44ec8cf3cc5701452fb1ed56e9bfa66d940f1e993a83d"


def site_digest(site: Path) -> str:
    """sha256 over 'digest  ./path' lines, as `find . -type f | sort | xargs sha256sum | sha256sum` gives."""
    lines = []
    for path in sorted(site.rglob("*"), key=lambda p: "./" + p.relative_to(site).as_posix()):
        if path.is_file() and path.name != ".briefing-files":
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  ./{path.relative_to(site).as_posix()}\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def test_the_shipped_site_is_the_recorded_one(shipped_site: Path):
    assert site_digest(shipped_site) == SHIPPED_SITE_DIGEST

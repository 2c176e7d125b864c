"""Stage 5: the site is swapped in whole, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.problems import ContentError
from briefing.write import write_site
from conftest import TEMPLATES

ASSETS = TEMPLATES / "assets"


def test_writes_files_and_assets(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "home", "topics/nato.html": "nato"}, ASSETS, out, protected=[])
    assert (out / "topics" / "nato.html").read_text() == "home".replace("home", "nato")
    assert (out / "assets" / "style.css").is_file()


def test_a_rebuild_replaces_the_old_site_and_removes_stale_pages(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "v1", "old.html": "gone soon"}, ASSETS, out, protected=[])
    write_site({"index.html": "v2"}, ASSETS, out, protected=[])
    assert (out / "index.html").read_text() == "v2"
    assert not (out / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folders left behind


def test_a_failed_write_leaves_the_previous_site_untouched(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "good"}, ASSETS, out, protected=[])
    # "page.html" as a file and as a folder cannot both be written: the write fails midway.
    with pytest.raises(OSError):
        write_site({"index.html": "new", "page.html": "x", "page.html/inner.html": "y"}, ASSETS, out, protected=[])
    assert (out / "index.html").read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("target", ["content", ".", "content/.."])
def test_refuses_to_replace_a_protected_folder(tmp_path: Path, target: str):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: keep me\n")
    with pytest.raises(ContentError) as raised:
        write_site({"index.html": "x"}, ASSETS, tmp_path / target, protected=[content, tmp_path])
    assert "refusing to write the site here" in str(raised.value.problems[0])
    assert (content / "site.yaml").read_text() == "title: keep me\n"

"""Stage 5: the site is swapped in whole, or not at all; reused files are carried over."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from briefing import cli
from briefing.output.write import Staging, files_in, refuse_unsafe
from briefing.problems import ContentError
from briefing.render.theme import theme_assets

ASSETS = theme_assets(None)  # the built-in theme's assets, by their path inside assets/


def write_files(staging: Staging, files: dict[str, str]) -> None:
    """Write files as a build does: into a side folder, moved in once the old site's files are trimmed."""
    side = staging.side_folder()
    staging.move_in(side, {path: side.write(path, text) for path, text in files.items()})


def write_site(files: dict[str, str], out: Path, reused: tuple[str, ...] = ()) -> None:
    staging = Staging(out)
    staging.open()
    staging.keep_only(reused, staging.carry_site(), {})
    try:
        write_files(staging, files)
        staging.copy_assets(ASSETS)
    except BaseException:
        staging.discard()
        raise
    staging.swap_in()
    staging.finish()


def test_writes_files_and_assets(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "home", "topics/nato.html": "nato"}, out)
    assert (out / "topics" / "nato.html").read_text() == "nato"
    assert (out / "assets" / "style.css").is_file()


def test_a_first_build_writes_its_files_at_their_places_and_one_stopped_before_its_swap_leaves_nothing(tmp_path: Path):
    out = tmp_path / "site"
    staging = Staging(out)
    staging.open()
    staging.keep_only([], staging.carry_site(), {})
    side = staging.side_folder()
    side.write("topics/nato.html", "nato")
    assert (staging.folder / "topics" / "nato.html").read_text() == "nato"  # nothing left to move in
    staging.discard()
    assert list(tmp_path.iterdir()) == []
    write_site({"index.html": "home", "topics/nato.html": "nato"}, out)
    assert {"index.html", "topics/nato.html"} < set(files_in(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_files_are_written_into_the_blanks_made_beforehand_and_those_left_do_not_reach_the_site(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "v1"}, out)
    staging = Staging(out)
    staging.open(blanks=3)
    staging.keep_only([], staging.carry_site(), {})
    [blanks] = staging.folder.glob(".blank-*")
    made = {path.stat().st_ino for path in blanks.iterdir()}
    side = staging.side_folder()
    side.write("search-index/terms/0.js", "terms")
    staging.move_in(side, {"search-index/terms/0.js": "digest"})
    write_files(staging, {"index.html": "v2"})
    written = {(staging.folder / path).stat().st_ino for path in ("index.html", "search-index/terms/0.js")}
    assert len(made) == 3 and written < made  # no new file was made for them
    staging.swap_in()
    staging.finish()
    assert (out / "index.html").read_text() == "v2" and (out / "search-index" / "terms" / "0.js").read_text() == "terms"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == [
        "index.html",
        "search-index",
        "search-index/terms",
        "search-index/terms/0.js",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_old_site_left_to_the_next_build_is_removed_by_it_once_it_has_linked_the_site_in(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "v1", "old.html": "v1"}, out)
    staging = Staging(out)
    staging.open(leave_old_site_of=10)  # two of its files are not in the new site: index.html, its manifest
    staging.keep_only(["old.html"], staging.carry_site(), {})
    write_files(staging, {"index.html": "v2"})
    staging.swap_in()
    staging.finish()
    left = sorted(tmp_path.glob(".site.spent-*"))
    assert sorted(p.name for p in tmp_path.iterdir() if p not in left) == ["site"]
    assert [path.read_text() for folder in left for path in sorted(folder.rglob("*.html"))] == ["v1", "v1"]
    Staging(out).recover()  # not a killed build's leftover: left as it is
    assert all(folder.is_dir() for folder in left)

    write_site({"index.html": "v3", "old.html": "v3"}, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / "index.html").read_text() == "v3" and (out / "old.html").read_text() == "v3"


def build_leaving_the_old_site(out: Path, files: dict[str, str], reused: tuple[str, ...]) -> None:
    staging = Staging(out)
    staging.open(leave_old_site_of=100)
    staging.keep_only(reused, staging.carry_site(), {})
    write_files(staging, files)
    staging.write_manifest([*files, *reused])
    staging.swap_in()
    staging.finish()


def test_an_old_site_left_by_the_last_build_becomes_a_copy_of_the_site_your_changes_to_it_included(tmp_path: Path):
    out = tmp_path / "site"
    build_leaving_the_old_site(
        out, {"index.html": "v1", "a/kept.html": "v1", "a/gone.html": "v1", "b/c.html": "v1", "d": "v1"}, reused=()
    )
    build_leaving_the_old_site(
        out, {"index.html": "v2", "a/new.html": "v2", "b": "v2", "d/e.html": "v2"}, reused=("a/kept.html",)
    )
    [old_site] = [folder for folder in tmp_path.glob(".site.spent-*") if (folder / "a").is_dir()]  # not the blanks
    old_folder = (old_site / "a").stat().st_ino
    # Your changes since: a file of your own, pages removed, edited and replaced by hand, a link to a folder.
    (out / "CNAME").write_text("briefing.example.org\n")
    (out / "a" / "kept.html").unlink()
    (out / "a" / "new.html").write_text("edited in place")
    replaced = out / "index.html.yours"
    replaced.write_text("replaced by hand")
    replaced.replace(out / "index.html")
    (out / "downloads").symlink_to(tmp_path)

    staging = Staging(out)
    staging.open(leave_old_site_of=100)
    carried = staging.carry_site()
    expected = sorted(files_in(out))
    assert sorted(carried) == expected
    assert sorted(files_in(staging.folder)) == expected
    for path in expected:  # each is a link to the site's own file, never a copy of an older one
        assert (staging.folder / path).lstat().st_ino == (out / path).lstat().st_ino
    assert (staging.folder / "downloads").is_symlink()
    assert (staging.folder / "a").stat().st_ino == old_folder  # the old site's folder, not one made anew
    assert not old_site.exists() and sorted(p.name for p in tmp_path.glob(".site.*")) == [staging.folder.name]
    staging.discard()


def test_the_files_an_earlier_build_was_done_with_become_the_blanks_unless_something_else_links_to_them(
    tmp_path: Path,
):
    out = tmp_path / "site"
    pages = {f"{name}.html": "v1" for name in ("a", "b", "c", "d", "e")}
    build_leaving_the_old_site(out, pages, reused=())
    # Held open: a file removed rather than made a blank keeps its number then, and no new file gets it.
    stale = {name: os.open(out / name, os.O_RDONLY) for name in pages}
    linked_elsewhere = tmp_path / "kept-by-you.html"
    os.link(out / "d.html", linked_elsewhere)
    (out / "e.html").chmod(0o600)  # no longer as the build makes a file
    staging = Staging(out)
    staging.open(blanks=3, leave_old_site_of=100)
    staging.keep_only([], staging.carry_site(), {})
    write_files(staging, dict.fromkeys(pages, "v2"))
    staging.write_manifest(pages)
    staging.swap_in()
    staging.finish()
    # The old site (the first build's pages, all written anew) and the blanks left over are what the next build
    # makes its blanks of.
    staging = Staging(out)
    staging.open(blanks=4, leave_old_site_of=100)
    staging.keep_only(["a.html", "b.html", "c.html", "d.html", "e.html"], staging.carry_site(), {})
    [blanks] = staging.folder.glob(".blank-*")
    made = {path.stat().st_ino for path in blanks.iterdir()}
    assert len(made) == 4 and all(path.stat().st_size == 0 for path in blanks.iterdir())
    for name in ("a.html", "b.html", "c.html"):  # emptied and made blanks, not removed
        assert os.fstat(stale[name]).st_ino in made and os.fstat(stale[name]).st_nlink == 1
    assert os.fstat(stale["e.html"]).st_nlink == 0 and os.fstat(stale["e.html"]).st_ino not in made
    assert linked_elsewhere.read_text() == "v1" and os.fstat(stale["d.html"]).st_ino not in made
    for descriptor in stale.values():
        os.close(descriptor)
    staging.discard()


def test_an_old_site_whose_files_were_mostly_written_anew_is_removed_by_the_build_itself(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "v1", "old.html": "v1", "other.html": "v1"}, out)
    staging = Staging(out)
    staging.open(leave_old_site_of=1)
    staging.keep_only(
        ["old.html"], staging.carry_site(), {}
    )  # three of its files not in the new site, with its manifest
    write_files(staging, {"index.html": "v2", "other.html": "v2"})
    staging.swap_in()
    staging.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [(out / name).read_text() for name in ("index.html", "old.html", "other.html")] == ["v2", "v1", "v2"]


def test_a_rebuild_replaces_the_old_site_and_removes_stale_pages(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "v1", "old.html": "gone soon", "topics/old/nato.html": "gone too"}, out)
    write_site({"index.html": "v2"}, out)
    assert (out / "index.html").read_text() == "v2"
    assert not (out / "old.html").exists()
    assert not (out / "topics").exists()  # the folders of removed pages go with them
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folders left behind


def test_reused_files_are_carried_over_unchanged_and_rewritten_ones_do_not_touch_the_old_site(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "v1", "topics/nato.html": "nato"}, out)
    old_nato = (out / "topics" / "nato.html").stat()
    old_index = out / "index.html"
    old_index_handle = old_index.open()
    write_site({"index.html": "v2"}, out, reused=("topics/nato.html",))
    new_nato = (out / "topics" / "nato.html").stat()
    assert (new_nato.st_ino, new_nato.st_mtime_ns) == (old_nato.st_ino, old_nato.st_mtime_ns)
    assert (out / "index.html").read_text() == "v2"
    # The old file was replaced, not written over: a reader of the old site still sees it whole.
    assert old_index_handle.read() == "v1"
    old_index_handle.close()


def test_a_failed_write_leaves_the_previous_site_untouched(tmp_path: Path):
    out = tmp_path / "site"
    write_site({"index.html": "good"}, out)
    # "page.html" as a file and as a folder cannot both be written: the write fails midway.
    with pytest.raises(OSError):
        write_site({"index.html": "new", "page.html": "x", "page.html/inner.html": "y"}, out)
    assert (out / "index.html").read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("content", "holds your content"),
        (".", "holds your content"),
        ("content/..", "holds your content"),
        ("content/site", "inside the content or templates folder"),
        ("/", "holds your content"),
        ("~", "holds your content"),
        ("project", "it is a git repository"),
    ],
)
def test_refuses_to_replace_a_protected_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, why: str):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: keep me\n")
    (tmp_path / "project" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as raised:
        refuse_unsafe(Path(target).expanduser(), sources=[content])
    assert "refusing to write the site here: " in str(raised.value.problems[0])
    assert why in str(raised.value.problems[0])
    assert (content / "site.yaml").read_text() == "title: keep me\n"


def test_a_site_builds_onto_a_usb_stick_s_file_system(
    tmp_path: Path, content_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    """FAT and exFAT, a USB stick's file systems, make no hard links and refuse a mode they cannot hold ('Operation
    not permitted'). This machine cannot mount one, so for the files on the 'stick' os.link and os.chmod refuse as
    those drivers do; the build and a rebuild (which carries the first one's files over by copying them) still
    write the whole site."""
    stick = tmp_path / "stick"
    stick.mkdir()
    real_chmod, real_link = os.chmod, os.link

    def on_the_stick(path: object) -> bool:
        return not isinstance(path, int) and os.fsdecode(path).startswith(str(stick))  # type: ignore[arg-type]

    def chmod(path, mode, *args, **kwargs):
        if on_the_stick(path):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), os.fsdecode(path))
        return real_chmod(path, mode, *args, **kwargs)

    def link(source, target, *args, **kwargs):
        if on_the_stick(target):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), os.fsdecode(target))
        return real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "chmod", chmod)
    monkeypatch.setattr(os, "link", link)
    site = stick / "site"
    assert cli.main(["build", "--content", str(content_copy), "--out", str(site), "--quiet"]) == 0
    (content_copy / "site.yaml").write_text(
        (content_copy / "site.yaml").read_text(encoding="utf-8").replace("title:", "title: New", 1), encoding="utf-8"
    )
    assert cli.main(["build", "--content", str(content_copy), "--out", str(site), "--quiet"]) == 0
    assert "New Ukraine" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "assets").is_dir() and len(list(site.rglob("*.html"))) > 40

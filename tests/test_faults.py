"""Faults of a real editor's machine and a shared host, one row each, with the exact outcome.

Each row arranges a fresh copy of the shipped content the way a real machine leaves it
(an edit whose size and time were put back, an editor's lock file, a link to a secret, a
pipe, a planted folder, a damaged cache, a full disk, ...) and runs the command line as a
user would: the page shows the edit, the file is refused with its message, the file of
the user's is still there. No row may print a traceback or hang.
"""

from __future__ import annotations

import os
import random
import resource
import select
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.tools.bench import make_corpus
from conftest import CONTENT, REPO_ROOT, TEMPLATES, free_port, locked_by_another_process, replace_in

SEED = "zelensky-plans-bilateral-agreements-with-western-states"
SEED_FILE = f"content/articles/{SEED}.md"
SEED_PAGE = f"articles/{SEED}.html"
BUILD = ("build", "--content", "content", "--templates", str(TEMPLATES), "--out", "site", "--quiet", "--jobs", "1")
SHARED_OUT = tuple("shared/site" if part == "site" else part for part in BUILD)
SECRET = "API token: s3cr3t-t0ken-1234. Keep this note to yourself, it opens the newsroom's account.\n"
ANOTHER_USER = 54321
# The adversarial texts may take this many times as long as the shipped content's build.
SLOWER_AT_MOST = 10


@dataclass(frozen=True)
class Run:
    root: Path
    status: int
    out: str
    err: str
    seconds: float
    normal_seconds: float

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


Arrange = Callable[[Path], None]
Expect = Callable[[Run], None]
# For `serve` rows: what to ask the running server (its address, the folder), before it is stopped.
Probe = Callable[[str, Path], None]


@dataclass(frozen=True)
class Fault:
    arrange: Arrange
    expect: Expect
    command: tuple[str, ...] = BUILD
    probe: Probe | None = None
    # Run in a process without root's right to ignore file permissions (a read-only folder binds it).
    as_plain_user: bool = False


def nothing(root: Path) -> None:
    pass


def build(root: Path, *extra: str) -> None:
    assert main([*BUILD, *extra]) == 0


def steps(*arrangements: Arrange) -> Arrange:
    def arrange(root: Path) -> None:
        for step in arrangements:
            step(root)

    return arrange


def built(root: Path) -> None:
    build(root)


def write(path: str, text: str | bytes) -> Arrange:
    def arrange(root: Path) -> None:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")

    return arrange


def replace(path: str, old: str, new: str) -> Arrange:
    return lambda root: replace_in(root / path, old, new)


def link(path: str, target: str | Callable[[Path], Path]) -> Arrange:
    def arrange(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target(root) if callable(target) else target, root / path)

    return arrange


def article(title: str, body: str) -> str:
    return f"---\ntitle: {title}\nsummary: {title}.\n---\n\n{body}\n"


# Expectations


def builds(*checks: Expect) -> Expect:
    def expect(run: Run) -> None:
        assert run.status == 0, run.err
        for check in checks:
            check(run)

    return expect


def shows(path: str, *fragments: str, absent: tuple[str, ...] = ()) -> Expect:
    def expect(run: Run) -> None:
        html = run.page(path)
        for fragment in fragments:
            assert fragment in html, f"{fragment!r} not in {path}"
        for fragment in absent:
            assert fragment not in html, f"{fragment!r} in {path}"

    return expect


def all_of(*checks: Expect) -> Expect:
    def expect(run: Run) -> None:
        for check in checks:
            check(run)

    return expect


def says(*fragments: str) -> Expect:
    def expect(run: Run) -> None:
        for fragment in fragments:
            assert fragment in run.out + run.err, run.out + run.err

    return expect


def refused(problem: str, fix: str) -> Expect:
    """Exit 2, nothing written, and the first problem is `problem` with its fix."""

    def expect(run: Run) -> None:
        assert run.status == 2, run.out + run.err
        assert run.err.splitlines()[1].strip() == problem, run.err
        assert f"fix: {fix}" in run.err, run.err
        assert not run.site.exists()

    return expect


def arrival_refused(problem: str, fix: str) -> Expect:
    """Exit 2 and the arrival named with its problem and fix; the other arrivals and the build go on."""

    def expect(run: Run) -> None:
        assert run.status == 2, run.out + run.err
        assert problem in run.err and f"fix: {fix}" in run.err, run.err
        assert run.site.is_dir()

    return expect


def folder_mode(path: str, mode: int) -> Expect:
    return lambda run: assert_true(stat.S_IMODE((run.root / path).stat().st_mode) == mode)


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def saved_by_notepad_as_unicode(path: str) -> Arrange:
    """The file as Windows Notepad's "Unicode" saves it: UTF-16 with its byte-order mark, CRLF line endings."""

    def arrange(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        (root / path).write_bytes(text.replace("\n", "\r\n").encode("utf-16"))

    return arrange


def site_holds_no(text: str) -> Expect:
    def expect(run: Run) -> None:
        for path in run.site.rglob("*"):
            if path.is_file():
                assert text not in path.read_text(encoding="utf-8", errors="replace"), path

    return expect


def new_articles(run: Run) -> set[str]:
    """The article files in the content that the shipped content does not have."""
    return {path.name for path in (run.root / "content" / "articles").iterdir()} - {
        path.name for path in (CONTENT / "articles").iterdir()
    }


def articles_built(count: int) -> Expect:
    return says(f"pages from {count} articles")


def within_bound(run: Run) -> None:
    assert run.seconds < SLOWER_AT_MOST * run.normal_seconds, (run.seconds, run.normal_seconds)


# 1. Stale pages: an edit whose size and modification time were put back


def edit_keeping_size_and_time(root: Path) -> None:
    """What `cp -p`, `rsync -t`, `tar` and `touch -r` do: new text, the old size and modification time."""
    path = root / SEED_FILE
    before = path.stat()
    replace_in(path, "humanitarian aid", "humanitarian AID")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def settled(root: Path) -> None:
    """Let every input age past a coarse clock's tick, so the build may trust the files' times."""
    time.sleep(2.3)


# 2, 5. Files that are not the briefing's own: links leaving it, pipes, devices, sockets


def secret_outside(root: Path) -> Path:
    (root / "notes.txt").write_text(SECRET, encoding="utf-8")
    return root / "notes.txt"


def named_pipe(path: str) -> Arrange:
    def arrange(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / path)

    return arrange


def folder(path: str) -> Arrange:
    return lambda root: (root / path).mkdir()


def zero_device(path: str) -> Arrange:
    """A character device like /dev/zero, made inside the content (root only)."""

    def arrange(root: Path) -> None:
        if os.geteuid() != 0:
            pytest.skip("making a device file needs root")
        os.mknod(root / path, stat.S_IFCHR | 0o600, os.makedev(1, 5))

    return arrange


def unix_socket(path: str) -> Arrange:
    def arrange(root: Path) -> None:
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(str(root / path))
        listener.close()  # the socket file stays

    return arrange


def file_in_place_of(folder: str) -> Arrange:
    """A file where the content keeps a folder (the folder moved away, a file saved under its name), and a saved
    page beside the content to ingest."""

    def arrange(root: Path) -> None:
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).write_text("notes\n", encoding="utf-8")
        shutil.copy(REPO_ROOT / "tests" / "fixtures" / "norway-signs-agreement.html", root / "page.html")

    return arrange


# 3. Planted folders in a shared output folder


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def planted_previous_site(owner: int | None) -> Arrange:
    """Folders named like a build's leftovers (the old name and the new form), each with a page and a CNAME."""

    def arrange(root: Path) -> None:
        pid = dead_pid()
        for name in (f".site.old-{pid}", f".site.old-{pid}-a1b2c3d4"):
            planted = root / "shared" / name
            planted.mkdir(parents=True)
            (planted / "evil.html").write_text("<script>steal()</script>\n")
            (planted / "CNAME").write_text("evil.example\n")
            if owner is not None:
                for path in (planted, planted / "evil.html", planted / "CNAME"):
                    os.chown(path, owner, owner)

    return arrange


def untouched_planted_site(run: Run) -> None:
    assert not (run.root / "shared" / "site" / "evil.html").exists()
    assert not (run.root / "shared" / "site" / "CNAME").exists()
    planted = sorted((run.root / "shared").glob(".site.old-*"))
    assert len(planted) == 2
    for folder in planted:
        assert sorted(p.name for p in folder.iterdir()) == ["CNAME", "evil.html"]


def owned_by_another_user(path: str) -> Arrange:
    def arrange(root: Path) -> None:
        (root / path).mkdir(parents=True)
        os.chown(root / path, ANOTHER_USER, ANOTHER_USER)

    return arrange


# 6. A damaged cache, a full disk


def damage_cache(keep_header: bool) -> Arrange:
    """Random bytes over the cache's pages (after its 100-byte header, or over all of it)."""

    def arrange(root: Path) -> None:
        cache = root / ".site.cache"
        data = bytearray(cache.read_bytes())
        noise = random.Random(14)
        start = 4096 if keep_header else 0
        data[start:] = bytes(noise.getrandbits(8) for _ in range(len(data) - start))
        cache.write_bytes(bytes(data))

    return arrange


def bad_record(root: Path) -> None:
    with sqlite3.connect(root / ".site.cache") as db:
        db.execute("UPDATE article_files SET record = ? WHERE path LIKE ?", (b"\x80\x04not a pickle", f"%{SEED}%"))


def full_disk_for_the_cache(size: int) -> None:
    """In the build's process: files may grow to `size` bytes (the pages fit, the cache does not), as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


# 8, 9. The output folder: a link, read-only, the user's files inside


def read_only_site(root: Path) -> None:
    for folder, _, _ in os.walk(root / "site"):
        os.chmod(folder, 0o555)


def read_only_folder(root: Path) -> None:
    os.chmod(root, 0o555)


def stops_beside_site(run: Run) -> None:
    """The folder the new site cannot be made in is named, not the staging folder's name, and the site stays."""
    assert run.status == 2, run.out + run.err
    assert run.err == (
        f"Stopped: cannot write in {run.root}/ (Permission denied): the build makes the new site there, beside site/,"
        f" then swaps it in; the previous site is untouched.\n    fix: make {run.root}/ writable for you, or build"
        " into a folder you may write in with --out (--debug shows the details)\n"
    )
    assert "humanitarian aid" in run.page(SEED_PAGE)


def leaves_no_copies(folder: str, expected: list[str]) -> Expect:
    def expect(run: Run) -> None:
        assert sorted(p.name for p in (run.root / folder).iterdir()) == expected

    return expect


def remove_article(path: str) -> Arrange:
    return lambda root: (root / path).unlink()


def your_linked_folder(root: Path) -> None:
    (root / "downloads").mkdir()
    (root / "downloads" / "report.pdf").write_bytes(b"%PDF-1.4 the full report\n")
    os.symlink(root / "downloads", root / "site" / "downloads")


# 10. Addresses


def saved_page_with_canonical(address: str) -> Arrange:
    """A saved news page whose canonical address has spaces, as some sites' pages carry."""
    paragraphs = "".join(
        f"<p>{sentence} Kyiv expects the partners to sign before the summit, officials said on Tuesday.</p>"
        for sentence in (
            "Lithuania and Ukraine opened talks on a bilateral security agreement in Kyiv this week.",
            "The draft covers air defence, training, reconstruction and long-term financial support.",
            "Diplomats from both countries said the text follows the G7 declaration of last July.",
            "A second round of talks is planned in Vilnius, where the ministers will meet again.",
        )
    )
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Lithuania opens security talks with Kyiv</title>
<link rel="canonical" href="{address}">
<meta property="og:title" content="Lithuania opens security talks with Kyiv">
</head><body><article><h1>Lithuania opens security talks with Kyiv</h1>{paragraphs}</article></body></html>
"""
    return write("page.html", page)


def ingested_url_and_build(url: str) -> Expect:
    def expect(run: Run) -> None:
        assert run.status == 0, run.err
        (written,) = list((run.root / "content" / "articles").glob("lithuania*.md"))
        assert f"url: {url}\n" in written.read_text(encoding="utf-8")
        assert main(list(BUILD)) == 0

    return expect


# 11. Bundles


def zip_names(run: Run) -> list[str]:
    (archive,) = (run.root / "dist").glob("*.zip")
    return [name.split("/", 1)[1] for name in zipfile.ZipFile(archive).namelist()]


def host_dotfiles(root: Path) -> None:
    build(root)
    (root / "site" / ".htpasswd").write_text("editor:$apr1$secret\n")
    (root / "site" / ".env").write_text("TOKEN=s3cr3t\n")
    (root / "site" / ".gitignore").write_text("*.log\n")


def zipped(*names: str, absent: tuple[str, ...] = ()) -> Expect:
    def expect(run: Run) -> None:
        assert run.status == 0, run.err
        inside = zip_names(run)
        for name in names:
            assert name in inside
        for name in absent:
            assert name not in inside

    return expect


# 12. serve


def ask(address: str, path: str, method: str = "GET", host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(address + path, method=method)
    if host:
        request.add_unredirected_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def head_matches_get(address: str, root: Path) -> None:
    for path in ("index.html", "__briefing/reload.js", "assets/style.css", "feed.xml"):
        status, got, body = ask(address, path)
        head_status, head, head_body = ask(address, path, "HEAD")
        assert (status, head_status) == (200, 200) and head_body == b""
        assert head["content-length"] == got["content-length"] == str(len(body)), path
        assert head["content-type"] == got["content-type"], path


def charset_said(address: str, root: Path) -> None:
    for path, kind in (
        ("index.html", "text/html"),
        ("assets/style.css", "text/css"),
        ("__briefing/reload.js", "text/javascript"),
    ):
        assert ask(address, path)[1]["content-type"] == f"{kind}; charset=utf-8", path


def foreign_host_refused(address: str, root: Path) -> None:
    port = address.rsplit(":", 1)[1].strip("/")
    status, _, body = ask(address, "index.html", host=f"rebind.evil.example:{port}")
    assert status == 421 and b"Ukraine" not in body
    assert ask(address, "index.html", host=f"localhost:{port}")[0] == 200


def nul_in_path_refused(address: str, root: Path) -> None:
    assert ask(address, "index.html%00")[0] == 400
    assert ask(address, "index.html")[0] == 200


def clients_hang_up(address: str, root: Path) -> None:
    port = int(address.rsplit(":", 1)[1].strip("/"))
    for number in range(30):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(b"GET /topics/partner-countries.html HTTP/1.1\r\nHost: localhost\r\n\r\n")
        if number % 2:
            # A reset rather than a polite close, as a browser tab closing does.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        client.close()
    time.sleep(0.5)
    assert ask(address, "index.html")[0] == 200


def lock_files_come_and_go(address: str, root: Path) -> None:
    articles = root / "content" / "articles"
    lock = articles / f".#{SEED}.md"
    for _ in range(3):
        os.symlink("editor@host.4242:1764547200", lock)  # what Emacs leaves while a file is edited
        (articles / f"{SEED}.md~").write_text("a backup\n")
        time.sleep(0.7)
        lock.unlink()
        (articles / f"{SEED}.md~").unlink()
        time.sleep(0.7)
    replace_in(articles / f"{SEED}.md", "humanitarian aid", "humanitarian help")
    deadline = time.monotonic() + 30
    while b"humanitarian help" not in ask(address, SEED_PAGE)[2]:
        assert time.monotonic() < deadline, "the edit was never served"
        time.sleep(0.3)


def own_templates_come_and_go(address: str, root: Path) -> None:
    (root / "templates").mkdir()
    (root / "templates" / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", encoding="utf-8")
    served_soon(address, "robots.txt", b"Disallow: /drafts/")
    shutil.rmtree(root / "templates")
    served_soon(address, "robots.txt", b"Allow: /")


def arrival_built_once(address: str, root: Path) -> None:
    shutil.copy(REPO_ROOT / "tests" / "fixtures" / "norway-signs-agreement.html", root / "content" / "inbox")
    served_soon(address, "articles/norway-signs-ten-year-security-agreement-with-ukraine.html", b"Oslo")
    time.sleep(2)  # the files the ingest wrote and removed are no change for another build


def served_soon(address: str, path: str, text: bytes) -> None:
    deadline = time.monotonic() + 30
    while text not in ask(address, path)[2]:
        assert time.monotonic() < deadline, f"{text!r} was never served at {path}"
        time.sleep(0.3)


def quiet_server(run: Run) -> None:
    assert "Traceback" not in run.err and "BrokenPipe" not in run.err and "ConnectionReset" not in run.err, run.err


SERVE = ("serve", "--content", "content", "--templates", str(TEMPLATES), "--out", "site", "--quiet", "--jobs", "1")
SERVE_OWN_TEMPLATES = tuple(part for part in SERVE if part not in ("--templates", str(TEMPLATES)))
BUNDLE = ("bundle", "--content", "content", "--templates", str(TEMPLATES), "--out", "site", "--quiet", "--dist", "dist")


CASES: dict[str, Fault] = {
    # 1. Change detection never misses an edit.
    "stale: an edit with its size and time put back (cp -p, rsync -t, touch -r)": Fault(
        steps(settled, built, edit_keeping_size_and_time),
        builds(shows(SEED_PAGE, "humanitarian AID")),
    ),
    "stale: the same edit, then --clean": Fault(
        steps(built, edit_keeping_size_and_time),
        builds(shows(SEED_PAGE, "humanitarian AID")),
        command=(*BUILD, "--clean"),
    ),
    "stale: the same edit, then a site.yaml change renders every page": Fault(
        steps(built, edit_keeping_size_and_time, replace("content/site.yaml", "latest_count: 5", "latest_count: 4")),
        builds(shows(SEED_PAGE, "humanitarian AID")),
    ),
    # 2. Links leaving the content are refused, never read.
    "disclosure: a link in the inbox to a notes file outside content/": Fault(
        link("content/inbox/notes.txt", secret_outside),
        all_of(
            arrival_refused(
                "content/inbox/notes.txt: this is a link to a file outside content/; it was not read",
                "copy the file into content/ instead of linking to it",
            ),
            site_holds_no(SECRET),
        ),
    ),
    "disclosure: a link among the articles to /etc/passwd": Fault(
        link("content/articles/passwd.md", "/etc/passwd"),
        refused(
            "content/articles/passwd.md: this is a link to a file outside content/; it was not read",
            "copy the file into content/ instead of linking to it",
        ),
    ),
    "disclosure: the inbox itself a link to a folder outside content/": Fault(
        steps(
            lambda root: (root / "private").mkdir(),
            lambda root: (root / "private" / "notes.txt").write_text(SECRET),
            link("content/inbox", lambda root: root / "private"),
        ),
        all_of(
            arrival_refused(
                "content/inbox: this is a link to a file outside content/; it was not read",
                "copy the file into content/ instead of linking to it",
            ),
            site_holds_no(SECRET),
        ),
    ),
    "a link inside content/ to another of its files is read": Fault(
        steps(
            write("content/drafts/latvia.md", article("Latvia signs", "Latvia and Ukraine signed an agreement.")),
            link("content/articles/latvia.md", lambda root: root / "content" / "drafts" / "latvia.md"),
        ),
        builds(shows("articles/latvia.html", "Latvia and Ukraine signed an agreement."), articles_built(6)),
    ),
    # 3. The output is ours alone.
    "planted: another user's .site.old-N with a page and a CNAME beside a shared output": Fault(
        planted_previous_site(ANOTHER_USER),
        builds(untouched_planted_site),
        command=SHARED_OUT,
    ),
    "planted: a .site.old-N of ours that no build left (no manifest)": Fault(
        planted_previous_site(None),
        builds(untouched_planted_site),
        command=SHARED_OUT,
    ),
    "planted: an output folder that another user owns": Fault(
        owned_by_another_user("shared/site"),
        lambda run: (
            says("refusing to write the site here: it belongs to another user")(run),
            assert_status(run, 2),
        ),
        command=SHARED_OUT,
    ),
    # 4. Linear time: adversarial texts build within ten times a normal build.
    "quadratic: 60 KB of repeated 'U.S. '": Fault(
        write("content/articles/us.md", article("Abbreviations", "U.S. " * 12_000)),
        builds(within_bound, articles_built(6)),
    ),
    "quadratic: 10,000 equal headings": Fault(
        write("content/articles/headings.md", article("Headings", "# Update\n\n" * 10_000 + "The end.")),
        builds(within_bound, shows("articles/headings.html", 'id="s-update-10000"')),
    ),
    "quadratic: one 60 KB word (the search index recursed until the stack ran out)": Fault(
        write("content/articles/word.md", article("One long word", "a" * 60_000)),
        builds(within_bound, articles_built(6)),
    ),
    "quadratic: 15,000 titles ('Mr. ')": Fault(
        write("content/articles/titles.md", article("Titles", "Mr. " * 15_000)),
        builds(within_bound, articles_built(6)),
    ),
    # 5. Pipes, devices and sockets are refused, never read or waited on.
    "special: a named pipe among the articles": Fault(
        named_pipe("content/articles/pipe.md"),
        refused(
            "content/articles/pipe.md: this is a named pipe, not a file; it was not read",
            "put the text in an ordinary file here (or delete this entry)",
        ),
    ),
    "special: a device (/dev/zero's twin) among the articles": Fault(
        zero_device("content/articles/zero.md"),
        refused(
            "content/articles/zero.md: this is a device, not a file; it was not read",
            "put the text in an ordinary file here",
        ),
    ),
    "special: a link among the articles to /dev/zero": Fault(
        link("content/articles/zero.md", "/dev/zero"),
        refused(
            "content/articles/zero.md: this is a link to a file outside content/; it was not read",
            "copy the file into content/",
        ),
    ),
    "special: a socket among the articles": Fault(
        unix_socket("content/articles/socket.md"),
        refused(
            "content/articles/socket.md: this is a socket, not a file; it was not read",
            "put the text in an ordinary file here",
        ),
    ),
    "special: a file where the articles folder is, built": Fault(
        file_in_place_of("content/articles"),
        refused(
            "content/articles: this is a file, where the briefing keeps a folder of that name",
            "move the file out of the way or rename it, then run again",
        ),
    ),
    "special: a file where the articles folder is, ingested into": Fault(
        file_in_place_of("content/articles"),
        refused(
            "content/articles: this is a file, where the briefing keeps a folder of that name",
            "move the file out of the way or rename it, then run again",
        ),
        command=("ingest", "page.html", "--content", "content"),
    ),
    "special: a file where ingest keeps the originals": Fault(
        file_in_place_of("content/originals"),
        refused(
            "content/originals: this is a file, where the briefing keeps a folder of that name",
            "move the file out of the way or rename it, then run again",
        ),
        command=("ingest", "page.html", "--content", "content"),
    ),
    "special: two links to each other among the articles, made after a build, are refused by name": Fault(
        steps(built, link("content/articles/a.md", "b.md"), link("content/articles/b.md", "a.md")),
        lambda run: (
            assert_status(run, 2),
            says(
                "content/articles/a.md: this is a link in a loop of links, which leads to no file; it was not read",
                "fix: delete the link, or make it point to the article's file",
            )(run),
            shows(SEED_PAGE, "humanitarian aid")(run),
        ),
    ),
    "special: a named pipe in the inbox": Fault(
        named_pipe("content/inbox/pipe.txt"),
        arrival_refused(
            "content/inbox/pipe.txt: this is a named pipe, not a file; it was not read",
            "put the text in an ordinary file here",
        ),
    ),
    "special: site.yaml replaced by a named pipe": Fault(
        steps(remove_article("content/site.yaml"), named_pipe("content/site.yaml")),
        refused(
            "content/site.yaml: this is a named pipe, not a file; it was not read",
            "put the text in an ordinary file here",
        ),
    ),
    "special: facts.yaml replaced by a folder of the same name is refused by name": Fault(
        steps(remove_article("content/facts.yaml"), folder("content/facts.yaml")),
        refused(
            "content/facts.yaml: this is a folder, not a file; it was not read",
            "put the text in an ordinary file here",
        ),
    ),
    # 6. The cache is only a cache.
    "cache: random pages": Fault(
        steps(
            built, damage_cache(keep_header=True), replace("content/site.yaml", "latest_count: 5", "latest_count: 4")
        ),
        builds(
            says("Warning: .site.cache: the build cache was damaged"), articles_built(5), shows("index.html", "Ukraine")
        ),
    ),
    "cache: random bytes over the whole file": Fault(
        steps(built, damage_cache(keep_header=False)),
        builds(says("Warning: .site.cache: the build cache was damaged"), articles_built(5)),
        command=(*BUILD, "--clean"),
    ),
    "cache: one bad pickled record": Fault(
        steps(built, bad_record, replace("content/site.yaml", "latest_count: 5", "latest_count: 4")),
        builds(articles_built(5), shows(SEED_PAGE, "humanitarian aid")),
    ),
    "cache: a full disk while it is written": Fault(
        nothing,
        builds(says("Warning: .site.cache: the build cache could not be saved"), articles_built(5)),
        as_plain_user=True,
    ),
    # 7. Editor lock and backup files, hidden files: ignored by build and ingest alike.
    "editor: Emacs lock link, backups, Vim swap and macOS ._ files among the articles": Fault(
        steps(
            link(f"content/articles/.#{SEED}.md", "editor@host.4242:1764547200"),
            write(f"content/articles/{SEED}.md~", "an old backup, not an article\n"),
            write(f"content/articles/#{SEED}.md#", "an Emacs autosave\n"),
            write(f"content/articles/.{SEED}.md.swp", b"b0VIM 9.0\x00\x00"),
            write(f"content/articles/._{SEED}.md", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X"),
        ),
        builds(articles_built(5)),
    ),
    "editor: LATVIA.MD (as Windows may save it), notes.markdown or a saved page among the articles is named": Fault(
        steps(
            write("content/articles/LATVIA.MD", article("Latvia signs", "Latvia and Ukraine signed an agreement.")),
            write("content/articles/notes.markdown", article("Notes", "A note.")),
            write("content/articles/readme.txt", "What this folder holds.\n"),
            write("content/articles/pact.html", "<html><body><h1>Latvia signs</h1></body></html>\n"),
        ),
        builds(
            articles_built(5),
            says(
                "Warning: content/articles/LATVIA.MD: this file is not read as an article: only files whose names end in '.md' are\n    fix: rename it to 'LATVIA.md'",
                "Warning: content/articles/notes.markdown: this file is not read as an article",
                "Warning: content/articles/pact.html: this file is not read as an article: only files whose names end in '.md' are\n    fix: move it into the content folder's inbox/ folder: the next build ingests it into an article",
            ),
            lambda run: assert_true("readme.txt" not in run.err),
        ),
    ),
    "editor: articles sorted into a folder by year, as other tools keep them, are named": Fault(
        steps(
            write(
                "content/articles/2024/latvia.md", article("Latvia signs", "Latvia and Ukraine signed an agreement.")
            ),
            write("content/articles/2024/06/estonia.md", article("Estonia signs", "Estonia signed an agreement.")),
            write("content/articles/drafts/notes.txt", "Ideas.\n"),
        ),
        builds(
            articles_built(5),
            says(
                "Warning: content/articles/2024/: the 2 article(s) in this folder are not read: the build reads those"
                " in content/articles/ itself\n    fix: move them into content/articles/, each with a name of its own"
                " (mv content/articles/2024/*.md content/articles/)"
            ),
            lambda run: assert_true("drafts" not in run.err),
        ),
    ),
    "editor: topics.yml saved in place of topics.yaml is named, with the rename": Fault(
        lambda root: (root / "content" / "topics.yaml").rename(root / "content" / "topics.yml"),
        refused(
            "content/topics.yaml: there is no such file, but there is topics.yml beside it, which the build does not read",
            "rename topics.yml to topics.yaml",
        ),
    ),
    "editor: `ingest downloads/*` names desktop.ini, Thumbs.db, backups: passed over as in a folder": Fault(
        steps(
            write("downloads/notes.md", article("Latvia signs", "Latvia and Ukraine signed an agreement.")),
            write("downloads/notes.md~", article("Latvia signs", "An older Latvia and Ukraine.")),
            write("downloads/#notes.md#", article("Latvia", "Emacs' autosave.")),
            write("downloads/desktop.ini", "[.ShellClassInfo]\r\nIconResource=C:\\Windows\\shell32.dll,4\r\n"),
            write("downloads/Thumbs.db", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
            write("downloads/Icon\r", b""),
        ),
        lambda run: (
            assert_status(run, 0),
            says(
                "Skipped downloads/desktop.ini: a hidden, lock, backup or system file, which ingest passes over",
                "Skipped downloads/notes.md~: a hidden",
                "Skipped downloads/Icon\\r: a hidden",  # the name shown whole, not overwritten after its '\r'
                "6 arrival(s): 1 written, 5 skipped.",
            )(run),
            assert_true(new_articles(run) == {"latvia-signs.md"}),
        ),
        command=(
            "ingest",
            "--content",
            "content",
            *(
                f"downloads/{name}"
                for name in ("#notes.md#", "Icon\r", "Thumbs.db", "desktop.ini", "notes.md", "notes.md~")
            ),
        ),
    ),
    "editor: an article whose name is not UTF-8 (from an old zip or a Windows share) is refused by name": Fault(
        lambda root: (root / os.fsdecode(b"content/articles/caf\xe9 notes.md")).write_text(article("Caf", "Body.")),
        refused(
            "content/articles/caf\ufffd notes.md: this file's name is not UTF-8 text (it was made in another encoding); it was not read",
            "rename it using only ordinary letters, e.g. 'caf_ notes.md'",
        ),
    ),
    "permissions: an articles folder that cannot be listed is refused (no site without its articles)": Fault(
        lambda root: (root / "content" / "articles").chmod(0),
        refused("content/articles: cannot list this folder: Permission denied", "check that you may read and enter it"),
        as_plain_user=True,
    ),
    "permissions: an article made unreadable a moment ago is refused by name": Fault(
        lambda root: (root / SEED_FILE).chmod(0),
        refused(
            f"{SEED_FILE}: cannot read this file: Permission denied", "check that it exists and that you may read it"
        ),
        as_plain_user=True,
    ),
    "editor: a dangling link among the articles (its draft moved away) is passed over": Fault(
        link("content/articles/draft.md", "../drafts/moved-away.md"),
        builds(articles_built(5)),
    ),
    "editor: lock and hidden files in the inbox are left, not ingested": Fault(
        steps(
            link("content/inbox/.#notes.txt", "editor@host.4242:1764547200"),
            write("content/inbox/._notes.txt", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X"),
        ),
        builds(articles_built(5), lambda run: assert_exists(run.root / "content/inbox/._notes.txt")),
    ),
    "editor: Vim's 4913, JetBrains' and Office's copies, macOS's Icon, Windows' files: left in the inbox": Fault(
        steps(
            write("content/inbox/4913", ""),
            write("content/inbox/notes.txt___jb_tmp___", article("A half-saved note", "Its body.")),
            write("content/inbox/notes.txt___jb_old___", article("The note before it", "Its body.")),
            write("content/inbox/~$notes.txt", "owner file\n"),
            write("content/inbox/Icon\r", b""),
            write("content/inbox/desktop.ini", "[.ShellClassInfo]\nIconResource=briefing.ico,0\n"),
            write("content/inbox/Thumbs.db", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ),
        builds(
            articles_built(5),
            lambda run: assert_true("Ingesting" not in run.out),
            lambda run: assert_exists(run.root / "content/inbox/desktop.ini"),
        ),
    ),
    "output: a new site's folder may be read by a web server (not the staging folder's owner-only 0700)": Fault(
        nothing, builds(lambda run: folder_mode("site", 0o777 & ~umask())(run))
    ),
    "output: a rebuilt site's folder keeps its permissions (a shared web folder's 2775)": Fault(
        steps(built, lambda root: (root / "site").chmod(0o2775), replace(SEED_FILE, "humanitarian aid", "aid")),
        builds(folder_mode("site", 0o2775)),
    ),
    "windows: tracker.yaml saved by Notepad as Unicode (UTF-16), then an arrival in the inbox": Fault(
        steps(
            saved_by_notepad_as_unicode("content/tracker.yaml"),
            write(
                "content/inbox/spain.txt",
                "Spain and Ukraine sign a deal\n\nSpain and Ukraine signed a bilateral security agreement"
                " in Madrid, officials said.\n\nThe talks went on for months.\n",
            ),
        ),
        builds(articles_built(6), says("Spain: signed", "new partner")),
    ),
    # 8. The output path is a link; a read-only site.
    "output: site/ a link to www/briefing gets every build, in place": Fault(
        steps(
            lambda root: (root / "www").mkdir(),
            link("site", lambda root: root / "www" / "briefing"),
            built,
            replace("content/site.yaml", "latest_count: 5", "latest_count: 4"),
            replace(SEED_FILE, "humanitarian aid", "humanitarian help"),
        ),
        builds(
            lambda run: assert_true((run.root / "site").is_symlink()),
            lambda run: assert_true("humanitarian help" in (run.root / "www" / "briefing" / SEED_PAGE).read_text()),
            leaves_no_copies("www", ["briefing"]),
        ),
    ),
    "output: site/ a link into a folder that does not exist": Fault(
        link("site", "www/briefing"),
        lambda run: (
            assert_status(run, 2),
            says(f"refusing to write the site here: it is a link to {Path.cwd() / 'www' / 'briefing'}")(run),
            assert_true(not (run.root / "www").exists()),
        ),
    ),
    "output: a read-only site/ leaves no copy behind": Fault(
        steps(built, read_only_site, replace(SEED_FILE, "humanitarian aid", "humanitarian help")),
        builds(
            shows(SEED_PAGE, "humanitarian help"),
            leaves_no_copies(".", [".site.cache", ".site.cache-search-index", ".site.lock", "content", "site"]),
        ),
        as_plain_user=True,
    ),
    "output: the folder that holds site/ read-only is named, and the site stays": Fault(
        steps(built, read_only_folder, replace(SEED_FILE, "humanitarian aid", "humanitarian help")),
        stops_beside_site,
        as_plain_user=True,
    ),
    # 9. Nothing of yours is lost.
    "yours: a withdrawn notice at the path of a removed article's page": Fault(
        steps(
            write("content/articles/latvia.md", article("Latvia signs", "Latvia and Ukraine signed an agreement.")),
            built,
            remove_article("content/articles/latvia.md"),
            write("site/articles/latvia.html", "<p>This article was withdrawn.</p>\n"),
        ),
        builds(
            shows("articles/latvia.html", "This article was withdrawn."),
            says("Kept 1 file of yours: articles/latvia.html"),
            shows("articles/index.html", absent=("Latvia signs",)),
        ),
    ),
    "yours: a linked folder inside site/": Fault(
        steps(built, your_linked_folder, replace("content/site.yaml", "latest_count: 5", "latest_count: 4")),
        builds(
            lambda run: assert_true((run.site / "downloads").is_symlink()),
            lambda run: assert_true((run.site / "downloads" / "report.pdf").read_bytes().startswith(b"%PDF")),
        ),
    ),
    # 10. Addresses.
    "address: a canonical URL with spaces is percent-encoded at ingest": Fault(
        saved_page_with_canonical("https://www.kyivpost.com/post/a story about Kyiv"),
        ingested_url_and_build("https://www.kyivpost.com/post/a%20story%20about%20Kyiv"),
        command=("ingest", "page.html", "--content", "content"),
    ),
    "address: base_url with '//' in its path": Fault(
        replace(
            "content/site.yaml",
            "base_url: https://example.org/briefing/",
            "base_url: https://example.org//evil.example/briefing/",
        ),
        refused(
            "content/site.yaml:12: 'base_url' has '//' (or a backslash) in its path, which a browser reads as another host",
            "write the site's public address, e.g. base_url: https://example.org/briefing/",
        ),
    ),
    "address: base_url without a host": Fault(
        replace("content/site.yaml", "base_url: https://example.org/briefing/", "base_url: https:///briefing/"),
        refused(
            "content/site.yaml:12: 'base_url' should be an absolute address starting with http:// or https:// and a host name",
            "write the site's public address",
        ),
    ),
    # 11. Bundles.
    "bundle: the host's dot-files and the manifest stay out of the zip": Fault(
        host_dotfiles,
        zipped("index.html", absent=(".htpasswd", ".env", ".gitignore", ".briefing-files", ".nojekyll")),
        command=BUNDLE,
    ),
    "bundle: --keep-dotfiles puts them in": Fault(
        host_dotfiles,
        zipped("index.html", ".htpasswd", ".briefing-files"),
        command=(*BUNDLE, "--keep-dotfiles"),
    ),
    # 12. serve.
    "serve: HEAD gives GET's headers": Fault(nothing, quiet_server, SERVE, head_matches_get),
    "serve: Content-Type says charset=utf-8": Fault(nothing, quiet_server, SERVE, charset_said),
    "serve: another Host (DNS rebinding) is refused": Fault(nothing, quiet_server, SERVE, foreign_host_refused),
    "serve: clients hanging up early are quiet": Fault(nothing, quiet_server, SERVE, clients_hang_up),
    "serve: a NUL in the path is refused, quietly": Fault(nothing, quiet_server, SERVE, nul_in_path_refused),
    "serve: editor lock files coming and going, then an edit": Fault(
        nothing, quiet_server, SERVE, lock_files_come_and_go
    ),
    "serve: a templates/ folder made, then removed, while serving": Fault(
        nothing, quiet_server, SERVE_OWN_TEMPLATES, own_templates_come_and_go
    ),
    "serve: an inbox arrival is built once": Fault(
        lambda root: (root / "content" / "inbox").mkdir(),
        lambda run: (quiet_server(run), assert_true(run.out.count("Built ") == 2)),
        SERVE,
        arrival_built_once,
    ),
    # 13. Bounded output.
    "output: 5,000 bad files give a dozen lines": Fault(
        lambda root: [
            (root / "content" / "articles" / f"bad-{number}.md").write_text("no front matter\n")
            for number in range(5_000)
        ],
        lambda run: (
            assert_status(run, 2),
            assert_true(run.err.startswith("Stopped: 5,000 problem(s); nothing was written.")),
            assert_true(len(run.err.splitlines()) == 1 + 10 * 2 + 1),
            assert_true(run.err.splitlines()[-1] == "  … and 4,990 more"),
        ),
    ),
}


def assert_status(run: Run, status: int) -> None:
    assert run.status == status, run.out + run.err


def assert_true(condition: bool) -> None:
    assert condition


def assert_exists(path: Path) -> None:
    assert path.exists(), path


@pytest.fixture(scope="module")
def normal_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long a full build of the shipped content takes here, run as the rows run it (the best of two)."""
    root = tmp_path_factory.mktemp("normal")
    shutil.copytree(CONTENT, root / "content")
    command = [*BUILD[:2], str(root / "content"), *BUILD[3:6], str(root / "site"), *BUILD[7:], "--clean"]
    times = []
    for _ in range(2):
        started = time.perf_counter()
        assert main(command) == 0
        times.append(time.perf_counter() - started)
    return min(times)


def _as_process(command: tuple[str, ...]) -> list[str]:
    return [sys.executable, str(REPO_ROOT / "build.py"), *command]


def _without_root_powers(command: list[str]) -> list[str]:
    """Root ignores file permissions; drop that power so a read-only folder binds the build as it binds a user."""
    if os.geteuid() != 0:
        return command
    dropped = "-dac_override,-dac_read_search,-fowner"
    return ["setpriv", f"--bounding-set={dropped}", f"--inh-caps={dropped}", *command]


def _in_process(root: Path, command: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(command))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _as_plain_user(root: Path, command: tuple[str, ...], name: str) -> tuple[int, str, str]:
    limit = 70_000 if "full disk" in name else None  # the pages fit under it, the 90 KB cache does not
    run = subprocess.run(
        _without_root_powers(_as_process(command)),
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=(lambda: full_disk_for_the_cache(limit)) if limit else None,
    )
    return run.returncode, run.stdout, run.stderr


@contextmanager
def _serving(root: Path, command: tuple[str, ...]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    server = subprocess.Popen(
        _as_process((*command, "--port", str(port))),
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    address = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    try:
        while True:
            assert server.poll() is None, server.communicate()
            try:
                ask(address, "index.html")
                break
            except OSError:
                assert time.monotonic() < deadline, "serve never answered"
                time.sleep(0.1)
        yield address, server
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _serve(root: Path, probe: Probe, command: tuple[str, ...]) -> tuple[int, str, str]:
    with _serving(root, command) as (address, server):
        probe(address, root)
        assert server.poll() is None, "serve stopped"
    out, err = server.communicate()
    return 0, out, err


def test_serve_prints_each_line_as_it_goes_also_into_a_pipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # as a process manager or `serve | tee` runs it
    with _serving(tmp_path, SERVE) as (_, server):
        # Read while it still runs: a pipe held its lines back until its buffer filled or serve ended.
        printed = b""
        while b"Serving " not in printed:
            assert select.select([server.stdout], [], [], 10)[0], f"serve held back its lines: {printed}"
            printed += os.read(server.stdout.fileno(), 65536)


@pytest.mark.parametrize("name", list(CASES))
def test_fault(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    normal_seconds: float,
):
    fault = CASES[name]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(CONTENT, tmp_path / "content")
    # A hang (a build waiting on a pipe) fails the row instead of stopping the suite.
    signal.alarm(300)
    try:
        fault.arrange(tmp_path)
        started = time.perf_counter()
        if fault.probe is not None:
            status, out, err = _serve(tmp_path, fault.probe, fault.command)
        elif fault.as_plain_user:
            status, out, err = _as_plain_user(tmp_path, fault.command, name)
        else:
            status, out, err = _in_process(tmp_path, fault.command, capsys)
        seconds = time.perf_counter() - started
    finally:
        signal.alarm(0)
    assert "Traceback" not in out + err, out + err
    fault.expect(Run(tmp_path, status, out, err, seconds, normal_seconds))


# Ctrl-C reaches every process of the terminal's group at once: each worker at its task, and the search
# index's process with workers of its own, which the interrupted build then stops.
CTRL_C_AMONG_WORKERS = """
import os, signal, time
from briefing.parallel import forked, map_forked

def task(item):
    if item == 0:
        os.killpg(0, signal.SIGINT)
    time.sleep(0.05)
    return item

try:
    with forked(lambda: list(map_forked(task, range(400), 2)), 2, 400) as index:
        list(map_forked(task, range(400), 2))
        index()
except KeyboardInterrupt:
    print("interrupted")
"""


def test_ctrl_c_among_the_workers_prints_no_traceback_and_leaves_no_process():
    process = subprocess.Popen(
        [sys.executable, "-c", CTRL_C_AMONG_WORKERS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a build run from a terminal has
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    out, err = process.communicate(timeout=60)
    assert out == "interrupted\n", out + err
    assert "Traceback" not in err, err
    assert _live_processes_of_session(process.pid, within=5) == []  # the workers of the index's process too


def _live_processes_of_session(session: int, within: float) -> list[str]:
    """The processes of the session still running (not ended and waiting to be reaped) after at most `within` s."""
    deadline = time.monotonic() + within
    while True:
        listed = subprocess.run(["ps", "-o", "pid=,stat=", "-s", str(session)], capture_output=True, text=True)
        live = [line for line in listed.stdout.splitlines() if not line.split()[1].startswith("Z")]
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.1)


# A worker killed (by the system when memory runs out): a pool that replaced it would wait for its work forever.
WORKER_KILLED = """
import os, signal
from briefing.parallel import WorkerLost, forked, map_forked

def task(item):
    if item == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    return item

def index():
    os.kill(os.getpid(), signal.SIGKILL)

for kind, run in (("workers", lambda: list(map_forked(task, range(400), 2))), ("forked", lambda: forked(index, 2, 400))):
    try:
        if kind == "forked":
            with run() as result:
                result()
        else:
            run()
    except WorkerLost as lost:
        print(kind, lost)
"""


def test_a_worker_killed_mid_build_stops_it_with_a_message_instead_of_a_wait_forever():
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER_KILLED], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert out.splitlines() == [
        "workers a worker process of the build was killed",
        "forked a worker process of the build was killed (signal 9)",
    ], out + err


def test_a_second_build_into_the_same_site_waits_for_the_first_instead_of_swapping_a_site_in_under_it(
    tmp_path: Path,
):
    shutil.copytree(CONTENT, tmp_path / "content")
    assert main([*BUILD[:2], str(tmp_path / "content"), *BUILD[3:6], str(tmp_path / "site"), *BUILD[7:]]) == 0
    before = {path: (tmp_path / "site" / path).read_bytes() for path in ("index.html", SEED_PAGE)}
    replace_in(tmp_path / SEED_FILE, "Zelensky", "Zelenskyy")
    arrival = tmp_path / "content" / "inbox" / "latvia.md"
    arrival.parent.mkdir()
    arrival.write_text(article("Latvia signs", "Latvia and Ukraine signed an agreement."), encoding="utf-8")
    # The first build, as far as the second can tell: the process holding the lock beside the site.
    with locked_by_another_process(tmp_path / ".site.lock"):
        second = subprocess.Popen(
            _as_process(BUILD), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        said = second.stderr.readline()
        assert said == "Waiting for the build already writing site/ (process 4321) to finish…\n", said
        time.sleep(1)
        assert second.poll() is None
        assert not list(tmp_path.glob(".site.new-*"))
        assert {path: (tmp_path / "site" / path).read_bytes() for path in before} == before
        assert arrival.exists()  # the inbox is the first build's to ingest, not ingested twice
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, out + err
    assert "Zelenskyy" in (tmp_path / "site" / SEED_PAGE).read_text(encoding="utf-8")
    assert not arrival.exists() and (tmp_path / "site" / "articles" / "latvia-signs.html").exists()


def test_sigterm_mid_build_says_so_in_one_line_and_leaves_the_previous_site_and_no_process(tmp_path: Path):
    """As `kill` or a process manager stops it, to the build alone or to its whole group: it ended at once,
    saying nothing, and left its staging folder for the next build to tidy."""
    make_corpus(CONTENT, tmp_path / "content", 300)
    build = [*_as_process(BUILD[:-2]), "--jobs", "2"]
    subprocess.run(build, cwd=tmp_path, check=True, capture_output=True)
    before = {path: (tmp_path / "site" / path).read_bytes() for path in ("index.html", "articles/index.html")}
    for to_group in (False, True):
        replace_in(tmp_path / "content" / "site.yaml", "title: ", "title: New ")  # every page is written again
        process = subprocess.Popen(
            build, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        while process.poll() is None and not next(tmp_path.glob(f".site.new-{process.pid}-*"), None):
            time.sleep(0.01)
        (os.killpg if to_group else os.kill)(process.pid, signal.SIGTERM)
        out, err = process.communicate(timeout=60)
        assert (process.returncode, err) == (143, "Terminated; the previous site is untouched.\n"), out + err
        assert {path: (tmp_path / "site" / path).read_bytes() for path in before} == before
        assert not list(tmp_path.glob(".site.new-*"))
        assert _live_processes_of_session(process.pid, within=5) == []


def test_an_article_gone_between_listing_and_reading_is_named_as_such_and_the_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """As an editor that saves by renaming the old file away first leaves it, for a moment, while `serve` builds."""
    from briefing import stages

    monkeypatch.chdir(tmp_path)
    shutil.copytree(CONTENT, tmp_path / "content")
    build(tmp_path)
    before = (tmp_path / "site" / SEED_PAGE).read_bytes()
    replace_in(tmp_path / SEED_FILE, "humanitarian aid", "humanitarian help")
    read_bytes = stages.read_bytes

    def moved_away_first(path: Path, size_limit_mb: int) -> bytes:
        if str(path).endswith(f"{SEED}.md"):
            os.rename(path, f"{path}~")
        return read_bytes(path, size_limit_mb)

    monkeypatch.setattr(stages, "read_bytes", moved_away_first)
    capsys.readouterr()
    assert main(list(BUILD)) == 2
    assert capsys.readouterr().err.splitlines()[1:] == [
        f"  {SEED_FILE}: this file was there when its folder was listed and gone when it was read (being saved, or synced)",
        "    fix: build again once it is saved; the previous site is kept meanwhile",
    ]
    assert (tmp_path / "site" / SEED_PAGE).read_bytes() == before


# A stop that arrives inside a hook Python runs around each fork (logging's, as a worker is started), where
# Python ignores any exception: the build went on to the end and exited 0.
STOP_IN_A_FORK_HOOK = """
import os, signal, sys, time
from briefing.parallel import Terminated, stop_on_terminate
stop_on_terminate()
os.register_at_fork(after_in_parent=lambda: os.kill(os.getpid(), signal.{signal}))
try:
    if os.fork() == 0:
        os._exit(0)
    time.sleep(10)
    print("lost")
except Terminated:
    print("terminated")
except KeyboardInterrupt:
    print("interrupted")
"""


@pytest.mark.parametrize(("stop", "taken"), [("SIGTERM", "terminated"), ("SIGINT", "interrupted")])
def test_a_stop_arriving_where_python_ignores_exceptions_is_not_lost(stop: str, taken: str):
    ran = subprocess.run(
        [sys.executable, "-c", STOP_IN_A_FORK_HOOK.format(signal=stop)], capture_output=True, text=True, timeout=30
    )
    assert (ran.stdout, ran.stderr) == (f"{taken}\n", "")


def test_an_ingest_into_a_content_folder_another_ingest_is_writing_into_waits_and_writes_nothing_twice(
    tmp_path: Path,
):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    arrival = tmp_path / "latvia.md"
    arrival.write_text(article("Latvia signs", "Latvia and Ukraine signed an agreement."), encoding="utf-8")
    ingest = [sys.executable, str(REPO_ROOT / "build.py"), "ingest", "--content", str(content), str(arrival)]
    # The first ingest, as far as the second can tell: the process holding the content folder's ingest lock.
    with locked_by_another_process(content / ".ingest.lock"):
        second = subprocess.Popen(ingest, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = second.stderr.readline()
        assert said == f"Waiting for the ingest or review writing into {content}/ (process 4321) to finish…\n", said
        time.sleep(1)
        assert second.poll() is None and not (content / "articles" / "latvia-signs.md").exists()
        # Meanwhile the first one writes the same arrival (in this process, which holds the lock already).
        assert main(["ingest", "--content", str(content), str(arrival)]) == 0
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, out + err
    assert "Skipped" in out and "already in the content as 'latvia-signs'" in out, out
    assert sorted(p.name for p in (content / "articles").glob("latvia-signs*")) == ["latvia-signs.md"]

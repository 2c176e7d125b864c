"""Preview: serve the site on 127.0.0.1, rebuild when the content or templates change, reload the page.

The pages served are the built files, with two additions made while serving: a
small script that asks the server every second which build it is on and reloads
the page when a new build is in, and a notice of the tracker proposals waiting for
review (if any). Files on disk never carry either.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path

from briefing.command import command
from briefing.output.cache import input_signature
from briefing.urls import INDEX, NOT_FOUND

SCRIPT_PATH = "/__briefing/reload.js"
PREVIEW_STYLE_PATH = "/__briefing/preview.css"
VERSION_PATH = "/__briefing/build.js"
POLL_SECONDS = 0.5
SETTLE_POLLS = 6
# The page carries the number of the build it was served from, so a build that
# finishes before the page's first question still reloads it. The pages' Content-
# Security-Policy allows only the site's own script files (no inline script, no
# fetch), so the script is a file on this server and asks by loading another one.
RELOAD_TAG = '<script src="{script}" data-build="{build}"></script>'
RELOAD_SCRIPT = f"""(function () {{
  var served = document.currentScript.dataset.build;
  window.briefingBuild = function (build) {{
    if (String(build) !== served) location.reload();
  }};
  setInterval(function () {{
    var ask = document.createElement("script");
    ask.src = "{VERSION_PATH}?" + Date.now();
    ask.onload = ask.onerror = function () {{ ask.remove(); }};
    document.head.appendChild(ask);
  }}, 1000);
}})();
"""


# What waits for the editor: shown only in the preview, never written into the site.
# A stylesheet file of its own, as the pages' Content-Security-Policy allows no inline style.
PENDING_NOTE = (
    '<aside class="briefing-preview-note" role="status" aria-label="Preview">'
    "{count} tracker proposal{s} wait{verb} for review: run <code>{review}</code></aside>"
)
PREVIEW_STYLE = """.briefing-preview-note {
  position: fixed; right: 1rem; bottom: 1rem; z-index: 10; max-width: 22rem; padding: .6rem .9rem;
  background: #fff8c5; color: #1f2328; border: 1px solid #9a6700; border-radius: .4rem; font: 0.9rem/1.4 system-ui, sans-serif;
}
@media print { .briefing-preview-note { display: none; } }
"""


def pending_note(count: int) -> str:
    """The preview's notice of proposals waiting for review; nothing when none wait."""
    if count < 1:
        return ""
    return PENDING_NOTE.format(
        count=count, s="" if count == 1 else "s", verb="s" if count == 1 else "", review=escape(command("review"))
    )


class Builds:
    """The build being served, shared by the watcher and the server threads: its number, and the path its site
    is published under ('/briefing/', from `base_url`), which the 404 page's links start with."""

    def __init__(self, published_path: str = "/") -> None:
        self.number = 0
        self.published_path = published_path
        self._lock = threading.Lock()

    def advance(self) -> None:
        with self._lock:
            self.number += 1


# Only these names are answered: a page elsewhere that points its own host name at 127.0.0.1
# (DNS rebinding) sends its name in the Host header and gets no answer.
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Text files are UTF-8: the charset is said, so no browser guesses.
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "application/atom+xml")


def _host_name(host_header: str) -> str:
    """'localhost:8000' → 'localhost'; '[::1]:8000' → '[::1]'."""
    return host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header


# How often a file not found while a rebuild swapped the site in is looked up again (rebuilds seconds apart).
LOOKUPS = 3
# The longest a request waits for the site to be there again: a swap takes microseconds.
SWAP_SECONDS = 1.0


class _FolderWithoutSlash(Exception):
    """A request's path names a folder of the site, without the '/' after it."""


def _site_identity(site: str) -> tuple[int, int] | None:
    """Which folder the site is now (its device and inode), waiting out the moment a rebuild swaps the new one in
    when there is none; None when there is none for longer (the folder removed)."""
    deadline = time.monotonic() + SWAP_SECONDS
    while True:
        try:
            status = os.stat(site)
            return status.st_dev, status.st_ino
        except OSError:
            if time.monotonic() > deadline:
                return None
            time.sleep(0.001)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    builds: Builds
    pending: Callable[[], int]  # how many tracker proposals wait for review

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        # The same headers as GET, Content-Length of the page as served (with its script) included.
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        if _host_name(self.headers.get("Host", "127.0.0.1")).lower() not in LOCAL_HOSTS:
            self.send_error(421, "This preview answers only to 127.0.0.1 and localhost")
            return
        path = self.path.split("?", 1)[0]
        if "\0" in urllib.parse.unquote(path):
            # No file has a NUL in its name; opening one raises (a traceback, and no answer at all).
            self.send_error(400, "A path with a NUL character names no file")
            return
        if path == VERSION_PATH:
            self._send(f"briefingBuild({self.builds.number});".encode(), "text/javascript; charset=utf-8", with_body)
            return
        if path == SCRIPT_PATH:
            self._send(RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8", with_body)
            return
        if path == PREVIEW_STYLE_PATH:
            self._send(PREVIEW_STYLE.encode(), "text/css; charset=utf-8", with_body)
            return
        try:
            found = self._site_file(path)
        except _FolderWithoutSlash:
            # Its index.html's relative links need the '/': from /topics, 'nato.html' would be /nato.html.
            self._redirect_with_slash(path)
            return
        if found is None and path + "/" == self.builds.published_path:
            # '/briefing', the address the site is published at without its '/': the site's index, as a host answers.
            self._redirect_with_slash(path)
            return
        status = 200
        if found is None:
            # The site's own 404 page, as a host serves it: its links lead from any depth (see `_paths_in_site`).
            status, found = 404, self._site_file("/" + NOT_FOUND)
        if found is None:
            self.send_error(404, "No such page")
            return
        name, data = found
        if name.endswith(".html"):
            with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: not ours, served as it is
                data = self._with_preview_additions(data.decode("utf-8")).encode()
        self._send(data, self.guess_type(name), with_body, status)

    def _with_preview_additions(self, html: str) -> str:
        """A page with the reload script, and the notice of proposals waiting for review if any."""
        script = RELOAD_TAG.format(build=self.builds.number, script=SCRIPT_PATH)
        note = pending_note(self.pending())
        if note:
            html = html.replace("</head>", f'<link rel="stylesheet" href="{PREVIEW_STYLE_PATH}"></head>', 1)
        return html.replace("</body>", note + script + "</body>")

    def _site_file(self, path: str) -> tuple[str, bytes] | None:
        """The file a request's path names in the site (a folder's index.html), as (its name, its bytes), or None.

        A rebuild swaps its new site in with two renames (see `Staging.swap_in`), then removes the old one: a file
        looked up meanwhile is missing for a moment. One not found while the site changed is looked up again in
        the site now there, so a page that exists before and after a rebuild is never answered 404."""
        for site_path in self._paths_in_site(path):
            name = self.translate_path(site_path)
            file = os.path.join(name, INDEX) if site_path.endswith("/") else name
            site = _site_identity(self.directory)
            for _ in range(LOOKUPS):
                if site is None:
                    return None  # no site for longer than a swap takes (its folder removed): not waited for again
                try:
                    with open(file, "rb") as opened:
                        return file, opened.read()
                except IsADirectoryError:
                    raise _FolderWithoutSlash from None
                except OSError:
                    before, site = site, _site_identity(self.directory)
                    if site == before:
                        break
        return None

    def _paths_in_site(self, path: str) -> Iterator[str]:
        """Where a request's path may name a file of the site: as it is, then without the path the site is
        published under. The preview serves the site at '/', and the 404 page links from there
        ('/briefing/assets/style.css'), as it must for a host that serves it at any depth."""
        yield path
        published = self.builds.published_path
        if published != "/" and path.startswith(published):
            yield path[len(published) - 1 :]

    def _redirect_with_slash(self, path: str) -> None:
        """To the path with a '/' after it, the query kept."""
        self.send_response(301)
        self.send_header("Location", path + "/" + self.path[len(path) :])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        kind = super().guess_type(path)
        return f"{kind}; charset=utf-8" if kind.startswith(_TEXT_TYPES) and "charset" not in kind else kind

    def _send(self, body: bytes, content_type: str, with_body: bool = True, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def end_headers(self) -> None:
        # Every answer, errors and redirects included: after a rebuild a browser must ask again, never show
        # what it kept (a stylesheet kept by its age, a redirect or a 404 remembered for a page since written).
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown the build messages


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser closing a connection early (a reload, a closed tab) is no error worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def listening(out_dir: Path, port: int, builds: Builds, pending: Callable[[], int] = lambda: 0) -> PreviewServer:
    """The server, listening on the port: requests wait until it is served (`serve_in_background`)."""
    handler_class = type("Handler", (PreviewHandler,), {"builds": builds, "pending": staticmethod(pending)})
    handler = functools.partial(handler_class, directory=str(out_dir))
    return PreviewServer(("127.0.0.1", port), handler)


def serve_in_background(server: PreviewServer) -> None:
    threading.Thread(target=server.serve_forever, daemon=True).start()


class Inputs:
    """The watched folders, and their signature as the last build read them."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.seen = input_signature(folders)

    def take(self) -> None:
        """Note the folders as they are now, just before a build reads them. A build takes them once the inbox
        is ingested: the files ingest writes and removes are read by that build, not a change for another."""
        self.seen = input_signature(self.folders)

    def changed_and_settled(self, stop: threading.Event) -> bool:
        """Whether the folders changed since taken, then stayed the same for a poll (False if stopped first): a
        file written in pieces (a save in progress, a page downloading into the inbox) is built once it is whole,
        not read half-written. Folders that never stay the same (a program writing a log in them) are built after
        a few polls anyway."""
        current = input_signature(self.folders)
        if current == self.seen:
            return False
        for _ in range(SETTLE_POLLS):
            if stop.wait(POLL_SECONDS):
                return False
            again = input_signature(self.folders)
            if again == current:
                break
            current = again
        return True


def watch(inputs: Inputs, rebuild: Callable[[], None], builds: Builds, stop: threading.Event) -> None:
    """Rebuild whenever a file in the folders changes, until `stop` is set; `rebuild` may take the inputs again."""
    while not stop.wait(POLL_SECONDS):
        if inputs.changed_and_settled(stop):
            inputs.take()
            rebuild()
            builds.advance()

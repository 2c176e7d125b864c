"""What ingest knows of the articles already in the content, remembered between runs.

Each arrival is checked against every article there: its slug, the address it came
from, and its word runs for near-duplicates. Reading and parsing 10,000 article files
for that took seconds on every `ingest`; this cache keeps what was found in each file,
keyed by the file's digest, so an unchanged file is only read and hashed.

The cache is one SQLite file in the content folder, hidden (`.ingest.cache`), which the
build and `bundle` leave out. It holds numbers and text only, nothing that runs code
when read, and it is only a cache: a damaged or unwritable one is started anew or
left alone, and deleting it only makes the next `ingest` slower.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from array import array
from dataclasses import dataclass
from pathlib import Path

from briefing.content.files import set_mode
from briefing.ingest.duplicates import ArticleRuns
from briefing.output.cache import code_version

KNOWN_FILE = ".ingest.cache"


@dataclass(frozen=True)
class KnownArticle:
    slug: str  # the slug the build gives the file
    address: str | None  # the web address it came from
    runs: ArticleRuns


class KnownArticles:
    """The cache file, by article path: the digest of the file and what was found in it."""

    def __init__(self, content_dir: Path):
        self._path = content_dir / KNOWN_FILE
        self._found: dict[str, tuple[str, KnownArticle]] = {}
        self._seen: dict[str, tuple[str, KnownArticle]] = {}
        with contextlib.suppress(sqlite3.Error, OSError):
            self._found = self._read()

    def _read(self) -> dict[str, tuple[str, KnownArticle]]:
        if not self._path.is_file() or self._path.is_symlink():
            return {}
        with contextlib.closing(sqlite3.connect(self._path)) as db:
            (version,) = db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
            if version != code_version():  # word hashes depend on the code and the Python that made them
                return {}
            return {
                path: (digest, KnownArticle(slug, address, _runs(every, whole, sampled)))
                for path, digest, slug, address, every, whole, sampled in db.execute("SELECT * FROM articles")
            }

    def recall(self, path: str, digest: str) -> KnownArticle | None:
        stored = self._found.get(path)
        if stored is None or stored[0] != digest:
            return None
        self._seen[path] = stored
        return stored[1]

    def remember(self, path: str, digest: str, known: KnownArticle) -> None:
        self._seen[path] = (digest, known)

    def save(self) -> None:
        """Keep what this run found, for the files it saw; a cache that cannot be written is left alone."""
        if self._seen == self._found:
            return
        fresh = self._path.with_name(f"{KNOWN_FILE}.{os.getpid()}")
        try:
            self._write(fresh)
        except (sqlite3.Error, OSError):
            with contextlib.suppress(OSError):
                fresh.unlink()

    def _write(self, fresh: Path) -> None:
        fresh.unlink(missing_ok=True)
        with contextlib.closing(sqlite3.connect(fresh)) as db:
            db.executescript(
                """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE articles (path TEXT PRIMARY KEY, digest TEXT, slug TEXT, address TEXT,
                                       every BLOB, whole INT, sampled BLOB);
                """
            )
            db.execute("INSERT INTO meta VALUES ('code', ?)", (code_version(),))
            db.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (path, digest, known.slug, known.address, *_columns(known.runs))
                    for path, (digest, known) in self._seen.items()
                ],
            )
            db.commit()
        set_mode(fresh, 0o600)
        os.replace(fresh, self._path)  # whole or not at all: a run stopped halfway leaves the old cache


def _columns(runs: ArticleRuns) -> tuple[bytes, int, bytes]:
    return runs.every.tobytes(), runs.whole, runs.sampled.tobytes()


def _runs(every: bytes, whole: int, sampled: bytes) -> ArticleRuns:
    return ArticleRuns(array("q", every), whole, array("q", sampled))

"""The build cache: what the last build read and wrote, so the next one redoes only what changed.

It is one SQLite file beside the output folder (`.site.cache` for `site/`):
- each article file's analysis, keyed by the file's digest, so an unchanged
  article is not parsed again;
- each output file's fingerprint (a hash of everything the page shows), with the
  size and time it was written, so an unchanged page is not rendered again and a
  page changed or removed by hand is noticed;
- the signature of every input file, so a build with nothing changed stops at once.
Deleting the file only makes the next build a full one.

Article records are pickled, and unpickling can run code, so the file is created
readable and writable by its owner only, and a cache file that belongs to someone
else or that others may write to (a planted one, on a shared disk) is never read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import mmap
import os
import pickle
import sqlite3
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Literal

from briefing.content.files import is_debris, set_mode
from briefing.model import Article, Entity, Location, QAItem, Quote, Settings, Topic
from briefing.problems import Problem

# Bump when the shape of what is stored changes.
SCHEMA = 5
_PACKAGE = Path(__file__).resolve().parents[1]
_SEAL_BYTES = 4
_KEY_BYTES = 16


def cache_file(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.cache")


def _hash(*parts: str | bytes) -> str:
    data = b"\0".join(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass") for part in parts)
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@functools.cache
def code_version() -> str:
    """A hash of this program's own source: new code never reuses what old code made.

    Read once per process: a running build (or `serve`) runs the code it started with.
    """
    sources = sorted(_PACKAGE.rglob("*.py"))
    return _hash(
        sys.version,
        str(SCHEMA),
        *(part for path in sources for part in (str(path.relative_to(_PACKAGE)), path.read_bytes())),
    )


def files_digest(paths: Iterable[Path]) -> str:
    """The files' names and bytes, in order: not where they are, so that the same files named another way
    ('--content content', '--content /home/ann/briefing/content') or moved with their folder give the same digest."""
    return _hash(*(part for path in paths for part in (path.name, path.read_bytes() if path.is_file() else b"")))


# FAT and exFAT keep file times to 2 s, so an edit made that close to a build may leave the time it saw.
_COARSE_CLOCK_NS = 2_100_000_000


def _input_files(folders: Iterable[Path]) -> Iterator[tuple[str, os.stat_result]]:
    """Every file in the folders with its status, in a fixed order; hidden, lock and backup files left out."""
    for folder in folders:
        for directory, subdirectories, files in os.walk(folder):
            subdirectories[:] = sorted(name for name in subdirectories if not is_debris(name))
            for name in sorted(files):
                if is_debris(name):
                    continue
                path = os.path.join(directory, name)
                try:
                    yield path, os.stat(path)
                except FileNotFoundError:
                    continue  # a dangling link, or a file removed since the folder was listed
                except OSError:
                    # A link in a loop: the build refuses it, so it counts, as the link itself.
                    with contextlib.suppress(OSError):
                        yield path, os.lstat(path)


def input_signature(folders: Iterable[Path], *extra: str) -> str:
    """Name, size, times and inode of every file in the folders: cheap to take, changes with any edit.

    The change time and inode catch an edit whose size and modification time were put
    back (`cp -p`, `rsync -t`, `touch -r`), as git's index does.
    """
    return _signature(list(_input_files(folders)), extra)


def _signature(files: list[tuple[str, os.stat_result]], extra: tuple[str, ...]) -> str:
    return _hash(*extra, *(f"{path}:{s.st_size}:{s.st_mtime_ns}:{s.st_ctime_ns}:{s.st_ino}" for path, s in files))


def trusted_status(status: os.stat_result, taken_at: int) -> str:
    """A file's size, times and inode, to vouch that it is unchanged when they are the same later; "" (which
    vouches for nothing) when it changed within a coarse clock's tick of `taken_at`, the moment it was looked at."""
    if max(status.st_mtime_ns, status.st_ctime_ns) > taken_at - _COARSE_CLOCK_NS:
        return ""
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}"


def _bytes_or_why_not(path: str) -> bytes:
    """A file's bytes, or why they cannot be read (a file just made unreadable): the build then reports
    the file by name, as it reports any file it cannot read, rather than stopping here."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        return f"unreadable: {error.strerror}".encode()


def _racy_digest(files: list[tuple[str, os.stat_result]], taken_at: int) -> str | None:
    """The digest of the files changed within a coarse clock's tick of `taken_at` (None when there are none)."""
    parts = []
    for path, status in files:
        # A pipe is never opened (the build refuses it by name).
        if max(status.st_mtime_ns, status.st_ctime_ns) > taken_at - _COARSE_CLOCK_NS and stat.S_ISREG(status.st_mode):
            parts += [path.encode("utf-8", "surrogateescape"), _bytes_or_why_not(path)]
    return _hash(*parts) if parts else None


@dataclasses.dataclass(frozen=True)
class InputState:
    """The input files' signature as a build starts, and the contents of those that times cannot vouch for.

    Git's rule: a file changed within a coarse clock's tick of the moment its status was
    taken may change again with the same size and times, so such a file is only trusted
    together with the digest of its contents taken at the same moment. Only those files
    are read: an article just added does not make the build read every other.
    """

    folders: tuple[Path, ...]
    signature: str
    taken_at: int  # when the files' status was taken (ns)
    racy: str | None  # the digest of the files changed close to that moment

    @classmethod
    def now(cls, folders: Iterable[Path], *extra: str) -> InputState:
        folders = tuple(folders)
        taken_at = time.time_ns()
        files = list(_input_files(folders))
        return cls(folders, _signature(files, extra), taken_at, _racy_digest(files, taken_at))

    def recorded(self) -> str:
        return f"{self.signature}+{self.taken_at}+{self.racy}" if self.racy else self.signature

    def matches(self, stored: str | None) -> bool:
        """Whether the inputs are as they were when `stored` was recorded."""
        if stored == self.signature:
            return True
        if stored is None or not stored.startswith(self.signature + "+"):
            return False
        taken_at, _, racy = stored.removeprefix(self.signature + "+").partition("+")
        if not taken_at.isdigit():
            return False
        # The signature is the same, so the same files were changed close to the moment the stored one was taken.
        return racy == _racy_digest(list(_input_files(self.folders)), int(taken_at))


class Fingerprints:
    """Hashes of everything each page shows, for many pages in one pass.

    Articles count by their file's digest, and topics, entities and settings by their
    slug or not at all: `salt` stands for the files they come from and the templates.
    Other dataclasses (a chart, the map) are often shown on several pages: each is
    hashed once a pass and counts by that hash, so it is not walked again for every page.
    """

    def __init__(self, salt: str):
        self._salt = salt
        # By id, each with the object, which is kept alive so that no other object takes its id.
        self._shared: dict[int, tuple[Any, str]] = {}
        self._walkers: dict[type, Callable[[Any, list[str]], None]] = {
            Article: _article_part,
            Quote: _quoted_part,
            QAItem: _quoted_part,
            Topic: _slug_part,
            Entity: _slug_part,
            Settings: _no_part,
            str: _text_part,
            int: _int_part,
            float: _value_part,
            bool: _bool_part,
            date: _value_part,
            type(None): _value_part,
            tuple: self._sequence,
            list: self._sequence,
            dict: self._mapping,
        }

    def of(self, value: Any) -> str:
        parts: list[str] = [self._salt]
        self._walk(value, parts)
        return _hash("\0".join(parts))

    def _walk(self, value: Any, parts: list[str]) -> None:
        walker = self._walkers.get(type(value)) or self._walker_of(type(value))
        walker(value, parts)

    def _walker_of(self, kind: type) -> Callable[[Any, list[str]], None]:
        """The walker of a type met for the first time: its base's (Markup is a str), or a dataclass's."""
        walker = next((self._walkers[base] for base in kind.__mro__ if base in self._walkers), None)
        if walker is None and dataclasses.is_dataclass(kind):
            walker = self._dataclass
        if walker is None:
            raise TypeError(f"cannot fingerprint {kind.__name__}")
        self._walkers[kind] = walker
        return walker

    # The walk of items, the most frequent by far, looks its walkers up itself (a call less each).

    def _sequence(self, value: tuple | list, parts: list[str]) -> None:
        parts.append(f"[{len(value)}")
        walkers = self._walkers
        for item in value:
            (walkers.get(type(item)) or self._walker_of(type(item)))(item, parts)

    def _mapping(self, value: dict, parts: list[str]) -> None:
        parts.append(f"{{{len(value)}")
        walkers = self._walkers
        for key, item in value.items():
            parts.append(str(key))
            (walkers.get(type(item)) or self._walker_of(type(item)))(item, parts)

    def _dataclass(self, value: Any, parts: list[str]) -> None:
        shared = self._shared.get(id(value))
        if shared is None:
            own = [type(value).__name__]
            for field in dataclasses.fields(value):
                self._walk(getattr(value, field.name), own)
            shared = self._shared[id(value)] = (value, _hash("\0".join(own)))
        parts.append(f"D{shared[1]}")


def _article_part(value: Article, parts: list[str]) -> None:
    parts.append(f"A{value.digest}")


def _quoted_part(value: Quote | QAItem, parts: list[str]) -> None:
    # Both come from their article's file, which its digest stands for.
    parts.append(f"Q{value.article.digest}#{value.anchor}")


def _slug_part(value: Topic | Entity, parts: list[str]) -> None:
    parts.append(f"S{value.slug}")


def _no_part(value: Any, parts: list[str]) -> None:
    pass


def _text_part(value: str, parts: list[str]) -> None:
    parts.append("str:" + value)


def _int_part(value: int, parts: list[str]) -> None:
    parts.append(f"int:{value}")


def _bool_part(value: bool, parts: list[str]) -> None:
    parts.append("bool:True" if value else "bool:False")


def _value_part(value: Any, parts: list[str]) -> None:
    parts.append(f"{type(value).__name__}:{value}")


@dataclasses.dataclass(frozen=True)
class WrittenFile:
    fingerprint: str
    size: int
    mtime_ns: int

    def unchanged_on_disk(self, out_dir: Path, path: str) -> bool:
        """Whether the file at `path` in the output folder still has the size and time it was written with."""
        try:
            status = os.stat(os.path.join(out_dir, path))  # a string, not a Path: asked for every page
        except OSError:
            return False
        return (status.st_size, status.st_mtime_ns) == (self.size, self.mtime_ns)


# The columns of an article file's row that `article_part` reads.
_ARTICLE_PARTS = frozenset({"record", "sentences", "body"})


@dataclasses.dataclass(frozen=True)
class StoredArticle:
    """An article file as the last build read it: its status (see `trusted_status`) and digest, and the
    record made of it."""

    status: str
    digest: str
    # Pickled (`load_record` unpickles only the records a build uses), with its sentences, sealed as a record,
    # and its body rendered and `packed`: each read only when asked for (`article_part`), as a rebuild quotes,
    # indexes and shows only a few articles, so None as `known_articles` gives them. None too for a file read
    # again and found unchanged: only its status is saved then.
    record: bytes | None = None
    sentences: bytes | None = None
    body: bytes | None = None


@dataclasses.dataclass(frozen=True)
class LastBuild:
    """The last complete build: its input signature, how many articles it had, and its warnings."""

    signature: str | None
    articles: int
    warnings: tuple[Problem, ...]


def _trusted(path: Path) -> bool:
    """Whether a cache file may be read: missing, or the user's own and writable by no one else."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return True
    owned = not hasattr(os, "getuid") or stat.st_uid == os.getuid()
    return owned and not stat.st_mode & 0o022


class BuildCache:
    """The cache file, opened for one build; `save_*` calls are committed together by `commit`.

    The cache is only a cache: when it is damaged (a bad page, a bad record) or cannot be
    written (a full disk), the build warns, starts it anew or goes on without it, and the
    worst outcome is a full build.
    """

    def __init__(self, path: Path):
        self.path = path
        # Problems with the cache itself, for the user to see; none stops the build.
        self.warnings: list[Problem] = []
        self._pid = os.getpid()  # the process that opened it
        self._analysis_key: str | None = None  # as `use_analysis_key` was given it
        # In a forked process, the connections of the processes it was forked from: never used there, and never
        # closed (closing one would end a transaction that is not the fork's own).
        self._inherited: list[sqlite3.Connection] = []
        if not _trusted(path):
            path.unlink()
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as error:
            self._start_anew(error)

    def _open(self, path: Path | str) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        if path != ":memory:":
            set_mode(path, 0o600)
        # No fsync on commit: a build must not wait for the disk to take the whole site it just wrote
        # (on ext4 one fsync flushes every file written before it: seconds at 10,000 articles). A crash
        # of the program still leaves the cache whole; a power cut may damage it, which costs one full build.
        db.execute("PRAGMA synchronous = OFF")
        if {"sentences", "body"} - {row[1] for row in db.execute("PRAGMA table_info(article_files)")}:
            db.execute("DROP TABLE IF EXISTS article_files")  # a cache from before sentences and bodies were apart
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            DROP TABLE IF EXISTS articles;
            CREATE TABLE IF NOT EXISTS article_files
                (path TEXT PRIMARY KEY, status TEXT, digest TEXT, record BLOB, sentences BLOB, body BLOB);
            CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, fingerprint TEXT, size INT, mtime_ns INT);
            CREATE TABLE IF NOT EXISTS memos (kind TEXT, key TEXT, record BLOB, PRIMARY KEY (kind, key));
            """
        )
        return db

    def _warn(self, message: str) -> None:
        self.warnings.append(
            Problem(Location(str(self.path)), message, "nothing to do: it is only a cache (delete it if this repeats)")
        )

    def _start_anew(self, error: sqlite3.Error) -> None:
        """A damaged cache is only a slower build: drop it and start an empty one."""
        self._warn(f"the build cache was damaged ({error}); it was started anew, so this build is a full one")
        if hasattr(self, "_db"):
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        try:
            self.path.unlink(missing_ok=True)
            self._db = self._open(self.path)
        except (OSError, sqlite3.Error):
            self._db = self._open(":memory:")

    def _give_up(self, error: sqlite3.Error | OSError) -> None:
        """The cache cannot be written (a full disk): go on without it; the next build is a full one."""
        self._warn(f"the build cache could not be saved ({error}); the next build will be a full one")
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        self._db = self._open(":memory:")

    def _read(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            self._start_anew(error)
            return []

    def _write(self, sql: str, rows: Iterable[tuple] = ((),)) -> None:
        try:
            self._db.executemany(sql, rows)
        except (sqlite3.DatabaseError, OSError) as error:
            self._give_up(error)

    def close(self) -> None:
        self._db.close()

    def _meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def _set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(key, value)])

    # The whole input, for the nothing-changed shortcut.

    def last_build(self) -> LastBuild:
        """The last complete build; an unreadable record of it counts as no build."""
        try:
            warnings = tuple(
                Problem(Location(file, line), message, fix)
                for file, line, message, fix in json.loads(self._meta("warnings") or "[]")
            )
            articles = int(self._meta("articles") or 0)
        except (ValueError, TypeError):
            return LastBuild(None, 0, ())
        return LastBuild(self._meta("signature"), articles, warnings)

    def save_build(self, signature: str, articles: int, warnings: Iterable[Problem]) -> None:
        self._set_meta("signature", signature)
        self._set_meta("articles", str(articles))
        # Kept so that a build with nothing changed repeats them, as every build does until they are fixed.
        self._set_meta("warnings", json.dumps([[w.location.file, w.location.line, w.message, w.fix] for w in warnings]))

    # Articles.

    def use_analysis_key(self, key: str) -> None:
        """Forget every article analysis made under other topics, entities or code (and the states kept beside
        the cache: `beside` takes none made under another key)."""
        self._analysis_key = key
        if self._meta("analysis_key") != key:
            # Memos are made by code too, and by the topics and entities: none could be recalled again.
            self._write("DELETE FROM article_files")
            self._write("DELETE FROM memos")
            self._set_meta("analysis_key", key)

    def known_articles(self) -> dict[str, StoredArticle]:
        """Every article file the last build read, by its path in the content folder, without its record,
        sentences and body (read only when asked for: `article_part`)."""
        return {
            path: StoredArticle(status, digest)
            for path, status, digest in self._read("SELECT path, status, digest FROM article_files")
        }

    def save_articles(self, articles: Iterable[tuple[str, StoredArticle]]) -> None:
        """(path, stored article) for each article read; one without its record keeps what is stored."""
        rows = list(articles)
        self._write(
            "INSERT OR REPLACE INTO article_files VALUES (?, ?, ?, ?, ?, ?)",
            [(path, a.status, a.digest, a.record, a.sentences, a.body) for path, a in rows if a.record is not None],
        )
        self._write(
            "UPDATE article_files SET status = ? WHERE path = ?",
            [(a.status, path) for path, a in rows if a.record is None],
        )

    def article_part(self, path: str, part: Literal["record", "sentences", "body"]) -> bytes | None:
        """A part of an article file the last build read (see `StoredArticle`), or None. Also from a forked
        worker, which reads through a connection of its own (one is not to be shared across a fork)."""
        try:
            if self._pid != os.getpid():
                # Not kept waiting: the file of an article whose sentences cannot be read now is read again.
                self._inherited.append(self._db)
                self._pid, self._db = os.getpid(), sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1)
            if part not in _ARTICLE_PARTS:  # never a name from elsewhere in the SQL
                raise ValueError(f"no article part {part!r}")
            rows = self._db.execute(f"SELECT {part} FROM article_files WHERE path = ?", (path,)).fetchall()
        except sqlite3.Error:
            return None
        return rows[0][0] if rows and isinstance(rows[0][0], bytes) else None

    def forget_articles_except(self, paths: set[str]) -> None:
        stored = {row[0] for row in self._read("SELECT path FROM article_files")}
        self._write("DELETE FROM article_files WHERE path = ?", [(path,) for path in stored - paths])

    # Output files.

    def written_files(self) -> dict[str, WrittenFile]:
        return {path: WrittenFile(fp, size, mtime) for path, fp, size, mtime in self._read("SELECT * FROM pages")}

    def save_written_files(self, files: dict[str, WrittenFile], before: dict[str, WrittenFile]) -> None:
        """Record the output files as this build left them; `before` is what `written_files` gave at its start
        (only the rows that differ are written: an arrival changes a few hundred of tens of thousands)."""
        self._write("DELETE FROM pages WHERE path = ?", [(path,) for path in before.keys() - files.keys()])
        self._write(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
            [(path, f.fingerprint, f.size, f.mtime_ns) for path, f in files.items() if before.get(path) != f],
        )

    # Memos: what a computation gave for an input, by a hash of that input and the code.

    def memo(self, kind: str, clean: bool = False) -> Memo:
        """The memos of one kind of computation (the partner map, a document's term counts) the last build kept.

        A `clean` build recalls none (it computes everything, as it reads every article) and keeps its own.
        """
        if clean:
            self._write("DELETE FROM memos WHERE kind = ?", [(kind,)])
            return Memo(self, kind, {})
        stored = {}
        for key, blob in self._read("SELECT key, record FROM memos WHERE kind = ?", (kind,)):
            if (record := load_record(blob)) is not None:
                stored[key] = record
        return Memo(self, kind, stored)

    def save_memos(self, kind: str, used: dict[str, Any], stored: set[str]) -> None:
        """Keep the memos this build used, and only those: the cache does not grow with every edit."""
        self._write("DELETE FROM memos WHERE kind = ? AND key = ?", [(kind, key) for key in stored - set(used)])
        self._write(
            "INSERT OR REPLACE INTO memos VALUES (?, ?, ?)",
            [(kind, key, dump_record(record)) for key, record in used.items() if key not in stored],
        )

    def state(self, kind: str) -> bytes | None:
        """The one record of a kind the last build kept whole (the search index's counts), or None if there is
        none or it was damaged."""
        rows = self._read("SELECT key, record FROM memos WHERE kind = ?", (kind,))
        if len(rows) != 1 or not isinstance(rows[0][1], bytes):
            return None
        seal, data = rows[0]
        return data if _seal(data).hex() == seal else None

    def save_state(self, kind: str, data: bytes | memoryview) -> None:
        # Sealed as a record is, but with the seal as the key, so that tens of megabytes are not copied to put
        # it in front of them.
        self._write("DELETE FROM memos WHERE kind = ?", [(kind,)])
        self._write("INSERT INTO memos VALUES (?, ?, ?)", [(kind, _seal(data).hex(), data)])

    def recall(self, kind: str) -> Any:
        """The one object of a kind the last build kept with `keep`, or None (none kept, or damaged)."""
        return _unpickled(self.state(kind))

    def keep(self, kind: str, value: Any) -> None:
        self.save_state(kind, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    # States kept in a file beside the cache: tens of megabytes written by another process than the build's (the
    # search index's, in the process that makes it), instead of being sent back and copied into the database.
    # A state is content-addressed (what it holds says what it is for), so it need not be committed with the rest.

    def _beside(self, kind: str) -> Path:
        return self.path.with_name(f"{self.path.name}-{kind}")

    def _key_digest(self) -> bytes:
        key = self._analysis_key if self._analysis_key is not None else self._meta("analysis_key") or ""
        return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def beside(self, kind: str) -> memoryview | None:
        """The state of a kind kept beside the cache (`keep_beside`), or None: none kept, damaged, or made under
        other topics, entities or code. A view of the file mapped into memory, not read: a copy of tens of
        megabytes costs 20 ms, and as many page faults as it has pages. The file is only ever replaced whole
        (see `keep_beside`), so what is mapped stays as it was."""
        try:
            with open(self._beside(kind), "rb") as file:
                kept = _mapped(file)
        except OSError:
            return None
        header = _SEAL_BYTES + _KEY_BYTES
        seal, key, data = bytes(kept[:_SEAL_BYTES]), bytes(kept[_SEAL_BYTES:header]), kept[header:]
        return data if key == self._key_digest() and _seal(data) == seal else None

    def keep_beside(self, kind: str, data: bytes | Sequence[bytes | memoryview]) -> None:
        """Keep a state beside the cache for the next build; from any process (no database is touched). It
        replaces the last one whole; one that cannot be written makes the next build count everything again.
        `data`: its bytes, or its parts one after another (written as they are, never joined in memory)."""
        parts = [data] if isinstance(data, bytes) else data
        path = self._beside(kind)
        temporary = path.with_name(f"{path.name}.new-{os.getpid()}")
        try:
            with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as stream:
                stream.write(_seal(*parts) + self._key_digest())
                stream.writelines(parts)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()

    def recall_beside(self, kind: str) -> Any:
        """The object a build kept beside the cache with `keep_object_beside`, or None (none kept, or damaged)."""
        return _unpickled(self.beside(kind))

    def keep_object_beside(self, kind: str, value: Any) -> None:
        """Keep an object beside the cache: one read of a file is quicker than a blob of megabytes from the
        database, which reads it a page at a time."""
        self.keep_beside(kind, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def commit(self) -> None:
        try:
            self._db.commit()
        except (sqlite3.DatabaseError, OSError) as error:
            self._give_up(error)


class Memo:
    """One kind of memo: `recall` what was computed for a key, `remember` what was, `save` with the build.

    A key is a hash of the computation's whole input and of the code (`memo_key`), so a
    memo is never stale, only unused; the memos no build used are dropped when it saves.
    """

    def __init__(self, cache: BuildCache | None, kind: str, stored: dict[str, Any]):
        self._cache, self._kind, self._stored = cache, kind, stored
        self._used: dict[str, Any] = {}

    @classmethod
    def empty(cls) -> Memo:
        """Memos kept nowhere: for callers without a build cache."""
        return cls(None, "", {})

    def recall(self, key: str) -> Any:
        """What was computed for `key`, or None."""
        if key in self._stored:
            self._used[key] = self._stored[key]
        return self._stored.get(key)

    def remember(self, key: str, record: Any) -> None:
        self._used[key] = record

    def save(self) -> None:
        if self._cache is not None:
            self._cache.save_memos(self._kind, self._used, set(self._stored))


def memo_key(*parts: str | bytes) -> str:
    """The key of a memo: the hash of its input's parts and of this code."""
    return _hash(code_version(), *parts)


def _mapped(file: BinaryIO) -> memoryview:
    """A file's bytes, mapped into memory where its file system can, else read."""
    try:
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # a file system that cannot map files; an empty file, which cannot be mapped
        return memoryview(file.read())


def _seal(*parts: bytes | memoryview) -> bytes:
    """The seal of the parts' bytes one after another.

    A CRC: it catches a damaged record as surely as a cryptographic hash would, at a third of the
    cost (a rebuild checks 160 MB of records at 10,000 articles). No hash without a key would stop
    a record made on purpose, and the cache is the user's own file."""
    check = 0
    for part in parts:
        check = zlib.crc32(part, check)
    return check.to_bytes(_SEAL_BYTES, "big")


def load_record(blob: bytes) -> Any:
    """The record sealed in the blob, or None if the blob is damaged (the article is then read again)."""
    if not isinstance(blob, bytes):
        return None
    # A view, not a copy: a build reads records of tens of kilobytes each.
    seal, data = blob[:_SEAL_BYTES], memoryview(blob)[_SEAL_BYTES:]
    if _seal(data) != seal:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # a record pickled from classes this code no longer has, or not a pickle at all
        return None


def _unpickled(data: bytes | memoryview | None) -> Any:
    """An object kept whole (`keep`, `keep_object_beside`), or None if there is none or it cannot be unpickled."""
    try:
        return None if data is None else pickle.loads(data)
    except Exception:  # pickled from classes this code no longer has
        return None


def dump_record(record: Any) -> bytes:
    """A pickled record behind the check sum of its bytes, so a damaged one is noticed before it is unpickled."""
    data = pickle.dumps(record, pickle.HIGHEST_PROTOCOL)
    return _seal(data) + data

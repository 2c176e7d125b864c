"""Reading the user's text files: size, binary data, encodings and line endings.

Every content file and every arrival is read here. What comes back is clean text:
UTF-8 decoded (with or without a byte-order mark; a few damaged bytes shown as U+FFFD), or UTF-16 (its
mark, or NULs beside Latin letters, tell it), or as a last resort Japanese, Chinese or Korean when the text reads as one (found by charset_normalizer), else
Windows-1251 (Cyrillic) or Windows-1252 (Western), with a warning;
line endings are '\\n' and control characters that HTML cannot carry are gone.
Anything else is refused with a message saying what the file is and what to do.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import shutil
import stat
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

MEGABYTE = 1024 * 1024
DEFAULT_SIZE_LIMIT_MB = 5
# Control characters other than tab and newline, and Unicode's noncharacters: not allowed in HTML text.
_CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)
# The opening bytes of files people save by mistake where text should be.
_KNOWN_BINARY = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (a Word or OpenDocument file is one)",
    b"\xd0\xcf\x11\xe0": "an old Word or Excel document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip-compressed file (decompress it first, e.g. with gunzip)",
}
# How rich text starts (RTF, as TextEdit and WordPad save a document): text, but its markup is no article's words.
_RICH_TEXT = b"{\\rtf"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


class UnreadableFile(Exception):
    """A file that cannot be read as text: what is wrong, and what to do."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix


class EmptyFile(UnreadableFile):
    """A file with nothing in it but white space."""


# A file listed, then gone when it was to be read: an editor that saves by renaming the old file away first
# (Vim, by default where it may), or a sync replacing it, while a build (`serve`'s, on that very save) lists.
GONE_SINCE_LISTED = UnreadableFile(
    "this file was there when its folder was listed and gone when it was read (being saved, or synced)",
    "build again once it is saved; the previous site is kept meanwhile",
)


@dataclass(frozen=True)
class TextFile:
    text: str
    # Set when the text was not UTF-8 and its encoding had to be guessed.
    warning: str | None = None


# Line breaks by Unicode and by YAML (a YAML writer emits a NEL in a title as a line
# break), so they become '\n' rather than vanishing with the other control characters.
_UNICODE_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")


# Every character `clean` removes or replaces, and all beyond the Basic Multilingual Plane: most
# texts hold none, and then `clean` returns them as they are. Python's regex engine checks a
# class's characters below U+10000 with one table but compares those beyond one by one, so this
# pass, with one range out there, is several times faster than `_CONTROL_CHARACTERS` with 34.
_MAY_NEED_CLEANING = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]"
)


def clean(text: str) -> str:
    """'\\n' line endings (NEL, LS and PS included) and no other control characters."""
    if _MAY_NEED_CLEANING.search(text) is None:
        return text
    return _CONTROL_CHARACTERS.sub("", _UNICODE_LINE_BREAKS.sub("\n", text))


def _file_text(text: str) -> str:
    """A file's decoded text, cleaned and in Unicode's composed form (NFC): macOS and some editors save 'ă' as
    'a' and a combining breve (NFD), which would match the name 'Braila' and not 'Brăila' as written in
    entities.yaml, and differ from the same text typed elsewhere."""
    text = clean(text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _binary_kind(data: bytes) -> str | None:
    for start, kind in _KNOWN_BINARY.items():
        if data.startswith(start):
            return kind
    # Git's rule: a NUL byte in the first 8,000 bytes makes a file binary.
    return "binary data, not text" if b"\x00" in data[:8000] else None


def _looks_cyrillic(text: str) -> bool:
    """Whether bytes read as Windows-1251 give Cyrillic words (not Latin words with stray Cyrillic letters)."""
    words = re.findall(r"\w+", text)
    cyrillic = sum(1 for w in words if _CYRILLIC.search(w) and not _LATIN.search(w))
    mixed = sum(1 for w in words if _CYRILLIC.search(w) and _LATIN.search(w))
    return cyrillic > mixed


# The East Asian encodings that Windows-1251 and -1252 misread into mojibake ('“ъ–{‚ЖѓEѓN' for
# 日本とウクライナ): charset_normalizer tells them apart by how each reading's letters go together.
_EAST_ASIAN = {
    "cp932": "Shift_JIS (Japanese)",
    "shift_jis": "Shift_JIS (Japanese)",
    "shift_jis_2004": "Shift_JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "euc_jis_2004": "EUC-JP (Japanese)",
    "iso2022_jp": "ISO-2022-JP (Japanese)",
    "gb2312": "GB18030 (Chinese)",
    "gbk": "GB18030 (Chinese)",
    "gb18030": "GB18030 (Chinese)",
    "big5": "Big5 (Chinese)",
    "big5hkscs": "Big5 (Chinese)",
    "cp949": "EUC-KR (Korean)",
    "euc_kr": "EUC-KR (Korean)",
}
# The letters of Japanese, Chinese and Korean text: kana, Han and Hangul (not the half-width katakana
# that misread Cyrillic becomes).
_EAST_ASIAN_LETTERS = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
CLEAN_READING = 0.9


def _reads_east_asian(text: str) -> bool:
    """Whether nearly all of a reading's letters beyond ASCII are kana, Han or Hangul."""
    found = [ch for ch in text if not ch.isascii() and unicodedata.category(ch).startswith("L")]
    return bool(found) and sum(1 for ch in found if _EAST_ASIAN_LETTERS.match(ch)) >= CLEAN_READING * len(found)


def _reads_as_words(text: str) -> bool:
    """Whether nearly all words with letters beyond ASCII are real words' shapes: one alphabet, and
    'word', 'Word' or 'WORD' (East Asian text misread as Windows-1251 gives 'уАМіЄїН', as -1252 'ÆƒEƒNƒ')."""
    words = [word for word in re.findall(r"[^\W\d_]+", text) if not word.isascii()]
    shaped = sum(
        1
        for word in words
        if (word.islower() or word.isupper() or word.istitle()) and not (_CYRILLIC.search(word) and _LATIN.search(word))
    )
    return bool(words) and shaped >= CLEAN_READING * len(words)


def _east_asian(data: bytes, legacy: TextFile | None) -> TextFile | None:
    """The file read as Japanese, Chinese or Korean, when it is that and not clean Cyrillic or Western text
    (a short Cyrillic word can pass for Chinese in Big5, but reads clean in Windows-1251 too)."""
    if legacy and _reads_as_words(legacy.text):
        return None
    import charset_normalizer  # imported here: only files that are not UTF-8 need it

    best = charset_normalizer.from_bytes(data).best()
    name = _EAST_ASIAN.get(best.encoding) if best else None
    if not best or not name or not _reads_east_asian(str(best)):
        return None
    return TextFile(str(best), f"this file is not UTF-8; it was read as {name}")


# How many well-formed characters beyond ASCII for each damaged one make a text UTF-8 with a few bytes gone wrong:
# real pages show 25 to 500; texts in Windows-1252, KOI8-R, Shift_JIS, GB2312 or EUC-KR read as UTF-8, under 0.5.
_WELL_FORMED_PER_DAMAGED = 4


def _damaged_utf8(data: bytes) -> TextFile | None:
    """UTF-8 text with a few bytes that are not (a teaser cut in the middle of a character, one line pasted from
    a Windows-1252 file), read as UTF-8 with each bad run shown as '\ufffd', as a browser shows it: read as
    Windows-1252, all its other accented letters would be mojibake. None when the text is not mostly UTF-8."""
    text = data.decode("utf-8-sig", "replace")
    damaged = text.count("\ufffd")
    well_formed = len(text) - len(text.encode("ascii", "ignore")) - damaged
    if well_formed < _WELL_FORMED_PER_DAMAGED * damaged:
        return None
    return TextFile(
        _file_text(text),
        f"this file is UTF-8 but for {damaged} damaged character(s), shown as '\ufffd'; check its text",
    )


def _decode_legacy(data: bytes) -> TextFile | None:
    """Japanese, Chinese or Korean when it reads as such, else Windows-1251 or Windows-1252, whichever
    reads as real words; None if none decodes."""
    legacy = _decode_western(data)
    return _east_asian(data, legacy) or legacy


def _decode_western(data: bytes) -> TextFile | None:
    """Windows-1251 or Windows-1252, whichever reads as real words; None if neither decodes."""
    readings = {}
    for codec in ("cp1251", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            readings[codec] = data.decode(codec)
    if "cp1251" in readings and ("cp1252" not in readings or _looks_cyrillic(readings["cp1251"])):
        return TextFile(readings["cp1251"], "this file is not UTF-8; it was read as Windows-1251 (Cyrillic)")
    if "cp1252" in readings:
        return TextFile(readings["cp1252"], "this file is not UTF-8; it was read as Windows-1252 (Western European)")
    return None


def _utf16_without_mark(data: bytes) -> str | None:
    """The codec of UTF-16 text saved without its byte-order mark (some Windows tools do), told by the NUL
    byte beside each character of Latin text; None for anything else."""
    sample = data[:8000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _stray_nul(data: bytes) -> UnreadableFile | None:
    """A refusal naming the line of a NUL byte in what is otherwise UTF-8 text (a crashed editor or sync
    leaves one); None when the bytes are not UTF-8 text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    line = data[: data.index(b"\x00")].count(b"\n") + 1
    return UnreadableFile(
        f"this text holds a NUL byte (on line {line}), which no text file has; it was not read",
        "delete it (an editor or a sync that crashed can leave one), or save the file again as UTF-8 text",
    )


# UTF-32's marks first: its little-endian one starts with UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def marked_unicode(data: bytes) -> str | None:
    """The codec ('utf-16', 'utf-32') whose byte-order mark the bytes start with, if any."""
    return next((codec for mark, codec in _BYTE_ORDER_MARKS if data.startswith(mark)), None)


def decode(data: bytes) -> TextFile:
    """The text of a file's bytes; raises UnreadableFile for binary data or an unknown encoding."""
    if marked := marked_unicode(data):
        try:
            return TextFile(_file_text(data.decode(marked)))
        except UnicodeDecodeError:
            name = marked.upper()
            raise UnreadableFile(
                f"this file starts like {name} text but is not valid {name}", "save it again as UTF-8 text"
            )
    known_binary = any(data.startswith(start) for start in _KNOWN_BINARY)
    codec = _utf16_without_mark(data) if b"\x00" in data[:8000] and not known_binary else None
    if codec:
        with contextlib.suppress(UnicodeDecodeError):
            warning = "this file is UTF-16 without a byte-order mark; it was read as UTF-16; check its text"
            return TextFile(_file_text(data.decode(codec)), warning)
    if data.startswith(_RICH_TEXT):
        raise UnreadableFile(
            "this is rich text (RTF), as TextEdit and WordPad save a document: its markup would be read as text",
            "save it as plain text (TextEdit: Format > Make Plain Text; WordPad: Save as > Text Document)",
        )
    kind = _binary_kind(data)
    if kind == "binary data, not text" and (stray := _stray_nul(data)):
        raise stray
    if kind:
        raise UnreadableFile(
            f"this is not a text file: it looks like {kind}",
            "save the article's text as a UTF-8 text or Markdown file and use that instead",
        )
    try:
        return TextFile(_file_text(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged:
        return damaged
    legacy = _decode_legacy(data)
    if legacy is None:
        raise UnreadableFile(
            "this file is not UTF-8 text, nor in any other encoding this tool knows",
            "save it as UTF-8 text (any editor's 'Save as…' offers it)",
        )
    return TextFile(_file_text(legacy.text), f"{legacy.warning}; check its text")


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a folder" if stat.S_ISDIR(mode) else "not a regular file"


def _not_regular(kind: str) -> UnreadableFile:
    return UnreadableFile(
        f"this is {kind}, not a file; it was not read",
        "put the text in an ordinary file here (or delete this entry)",
    )


def read_bytes(path: Path, size_limit_mb: int = DEFAULT_SIZE_LIMIT_MB) -> bytes:
    """A regular file's bytes, up to the size limit; a pipe, device or socket is refused without being read.

    The file is opened without blocking and checked after opening, so one swapped for a pipe
    after it was listed still cannot hang the build.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UnreadableFile(
            f"cannot read this file: {error.strerror}", "check that it exists and that you may read it"
        )
    # Checked before the descriptor becomes a stream: a stream refuses a folder with an error naming no file.
    status = os.fstat(descriptor)
    kind = _special_kind(status.st_mode)
    if kind:
        os.close(descriptor)
        raise _not_regular(kind)
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        limit = size_limit_mb * MEGABYTE
        # Read one byte past the limit: a file growing while it is read is refused too.
        data = _read_at_most(stream, limit + 1, status.st_size)
    if len(data) > limit or status.st_size > limit:
        size = max(len(data), status.st_size)
        raise UnreadableFile(
            f"this file is {size / MEGABYTE:.1f} MB, over the {size_limit_mb} MB limit",
            f"split it into several articles, or raise 'size_limit_mb' in site.yaml (now {size_limit_mb})",
        )
    return data


def _read_at_most(stream: BinaryIO, most: int, size: int) -> bytes:
    """Up to `most` bytes, asked for in pieces a little over the file's size when it was opened: asking
    for `most` at once sets aside that much memory first (megabytes, for a file of a few kilobytes)."""
    pieces = []
    left = most
    while left > 0:
        piece = stream.read(min(left, max(size + 1, 64 * 1024)))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def read_text_file(path: Path, size_limit_mb: int = DEFAULT_SIZE_LIMIT_MB) -> TextFile:
    """A user's file as clean text; raises UnreadableFile saying what is wrong and how to fix it."""
    return file_text(read_bytes(path, size_limit_mb))


def file_text(data: bytes) -> TextFile:
    """A file's bytes, already read, as clean text; raises UnreadableFile as `read_text_file` does."""
    result = decode(data)
    if not result.text.strip():
        raise EmptyFile("this file is empty", "write its content, or delete the file")
    return result


# Files an editor or a system leaves beside the real ones: never content. Hidden files (a
# leading dot) include Emacs' lock link '.#x', Vim's '.x.swp' and macOS's '._x'; then backups
# ('x~', '#x#'), JetBrains' safe-write copies ('x___jb_tmp___', 'x___jb_old___'), Office's
# owner files ('~$x'), macOS's folder icon ('Icon\r') and Windows' 'Thumbs.db' and 'desktop.ini'.
_EDITOR_DEBRIS = re.compile(r"^\.|~$|^#.*#$|___jb_(?:tmp|old)___$|^~\$|^Icon\r$|^(?i:thumbs\.db|desktop\.ini)$")
# Vim checks that it may write in a folder by making a file named 4913 (or 5036, 5159, … when
# that one exists) and deleting it at once.
_VIM_PROBE_FIRST, _VIM_PROBE_STEP = 4913, 123


def _is_vim_probe(name: str) -> bool:
    return name.isdigit() and int(name) >= _VIM_PROBE_FIRST and (int(name) - _VIM_PROBE_FIRST) % _VIM_PROBE_STEP == 0


def is_debris(name: str) -> bool:
    """Whether a file name is a hidden, lock, backup or system file that no one means as content."""
    return bool(_EDITOR_DEBRIS.search(name)) or _is_vim_probe(name)


@dataclass(frozen=True)
class Refused:
    """A folder entry that is not read: a link leaving the folder, a pipe, a device, a socket."""

    path: Path
    why: UnreadableFile


@dataclass(frozen=True)
class Listing:
    """The files of a folder that may be read, in name order, with their status when listed, and the
    entries refused."""

    # Each file's path as listed: strings, for a build lists ten thousand articles and reads only those changed.
    paths: tuple[str, ...]
    statuses: tuple[os.stat_result, ...]  # of each file, as it was listed (links followed)
    refused: tuple[Refused, ...]
    # The paths of the files passed over for not ending in the suffix asked for.
    other_names: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()  # the subfolders of a folder listed without them

    @cached_property
    def files(self) -> tuple[Path, ...]:
        return tuple(Path(path) for path in self.paths)


def _outside(path: Path, boundary: Path) -> Refused:
    return Refused(
        path,
        UnreadableFile(
            f"this is a link to a file outside {boundary.name}/; it was not read",
            f"copy the file into {boundary.name}/ instead of linking to it",
        ),
    )


def shown_path(path: str) -> str:
    """A path as it can be printed: the bytes of a name that is not UTF-8 (kept by Python as lone
    surrogates, which no UTF-8 output can carry) shown as '\ufffd', and control characters as escapes
    (macOS's 'Icon\r' as 'Icon\\r': a carriage return printed would let the rest of the line overwrite it)."""
    if path.isprintable():
        return path
    text = os.fsencode(path).decode("utf-8", "replace")
    return "".join(character if character.isprintable() else repr(character)[1:-1] for character in text)


def _name_not_utf8(entry: os.DirEntry) -> Refused | None:
    """A refusal for a name that is not UTF-8 (made on another system: an old zip, a Windows share), or that
    Python could not read as text here (a locale of another encoding, with PYTHONUTF8=0): a page, a message
    and the cache all need the name as text."""
    try:
        entry.name.encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    try:
        os.fsencode(entry.name).decode("utf-8")
    except UnicodeDecodeError:
        why = UnreadableFile(
            "this file's name is not UTF-8 text (it was made in another encoding); it was not read",
            f"rename it using only ordinary letters, e.g. '{shown_path(entry.name).replace(chr(0xFFFD), '_')}'",
        )
    else:
        why = UnreadableFile(
            f"this file's name cannot be read in this system's encoding ({sys.getfilesystemencoding()}); it was not read",
            "run the build with a UTF-8 locale (LANG=C.UTF-8) or with PYTHONUTF8=1",
        )
    return Refused(Path(entry.path), why)


def _cannot_stat(error: OSError) -> UnreadableFile:
    if error.errno == errno.ELOOP:
        return UnreadableFile(
            "this is a link in a loop of links, which leads to no file; it was not read",
            "delete the link, or make it point to the article's file",
        )
    return UnreadableFile(f"cannot read this file: {error.strerror}", "check its permissions")


def _entry(entry: os.DirEntry, boundary: Path) -> tuple[str, os.stat_result] | Refused | None:
    """A readable file with its status, a refusal, or None for an entry to pass over (a folder, gone).

    One stat a file: whether the entry is a link comes with the folder's listing.
    """
    if refused := _name_not_utf8(entry):
        return refused
    try:
        status = entry.stat()
    except FileNotFoundError:
        return None  # a dangling link (Emacs' lock file is one) or a file removed since it was listed
    except OSError as error:
        return Refused(Path(entry.path), _cannot_stat(error))
    kind = _special_kind(status.st_mode)
    if kind == "a folder":
        return None
    if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(boundary.resolve()):
        return _outside(Path(entry.path), boundary)
    return Refused(Path(entry.path), _not_regular(kind)) if kind else (entry.path, status)


def file_for_folder() -> UnreadableFile:
    """What is wrong with a file (or a link to one) that has the name of a folder the briefing keeps its files in."""
    return UnreadableFile(
        "this is a file, where the briefing keeps a folder of that name",
        "move the file out of the way or rename it, then run again",
    )


def _folder_entries(folder: str, recursive: bool, refused: list[Refused]) -> Iterator[os.DirEntry]:
    """The entries of a folder in name order, then (if `recursive`) those of each subfolder, as os.walk
    goes; hidden, lock and backup names are passed over, and links to folders are not followed.

    A folder that is gone lists nothing; one that cannot be listed is refused: listing nothing there
    would build a site without its articles."""
    try:
        with os.scandir(folder) as listed:
            entries = sorted((entry for entry in listed if not is_debris(entry.name)), key=lambda entry: entry.name)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        refused.append(Refused(Path(folder), file_for_folder()))
        return
    except OSError as error:
        why = UnreadableFile(f"cannot list this folder: {error.strerror}", "check that you may read and enter it")
        refused.append(Refused(Path(folder), why))
        return
    subfolders = []
    for entry in entries:
        if recursive and entry.is_dir(follow_symlinks=False):
            subfolders.append(entry.path)
        else:
            yield entry
    for subfolder in subfolders:
        yield from _folder_entries(subfolder, recursive, refused)


def list_files(folder: Path, boundary: Path, suffix: str = "", recursive: bool = False) -> Listing:
    """The files in `folder` (and its subfolders if `recursive`) that build, serve and ingest read.

    Hidden, lock and backup files and dangling links are passed over; links leaving
    `boundary`, pipes, devices and sockets are refused, and never opened.
    """
    if not folder.resolve().is_relative_to(boundary.resolve()):
        # The folder itself is a link out of the briefing (an inbox linked to ~/.ssh): nothing in it is read.
        return Listing((), (), (_outside(folder, boundary),))
    paths: list[str] = []
    statuses: list[os.stat_result] = []
    refused: list[Refused] = []
    other_names: list[str] = []
    folders: list[str] = []
    for entry in _folder_entries(str(folder), recursive, refused):
        if entry.is_dir(follow_symlinks=False):
            folders.append(entry.path)
            continue
        if not entry.name.endswith(suffix):
            other_names.append(entry.path)
            continue
        found = _entry(entry, boundary)
        if isinstance(found, Refused):
            refused.append(found)
        elif found is not None:
            paths.append(found[0])
            statuses.append(found[1])
    return Listing(tuple(paths), tuple(statuses), tuple(refused), tuple(other_names), tuple(folders))


def set_mode(path: str | os.PathLike, mode: int) -> None:
    """Give a file or folder these permissions where its file system keeps them: FAT and exFAT (a USB stick's)
    refuse a mode they cannot hold with 'Operation not permitted', and what is on them is as private as the stick."""
    with contextlib.suppress(PermissionError):
        os.chmod(path, mode)


def copy_file(source: str | os.PathLike, target: str | os.PathLike, follow_symlinks: bool = True) -> None:
    """A copy with the source's times and permissions, the permissions where the file system keeps them (see
    `set_mode`); a symbolic link stays one when `follow_symlinks` is false."""
    shutil.copyfile(source, target, follow_symlinks=follow_symlinks)
    with contextlib.suppress(PermissionError):
        shutil.copystat(source, target, follow_symlinks=follow_symlinks)

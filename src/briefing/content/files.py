"""Reading the user's text files: size, binary data, encodings and line endings.

Every content file and every arrival is read here. What comes back is clean text:
UTF-8 decoded (with or without a byte-order mark), or UTF-16 with its mark, or as
a last resort Windows-1251 (Cyrillic) or Windows-1252 (Western) with a warning;
line endings are '\\n' and control characters that HTML cannot carry are gone.
Anything else is refused with a message saying what the file is and what to do.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

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
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


class UnreadableFile(Exception):
    """A file that cannot be read as text: what is wrong, and what to do."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class TextFile:
    text: str
    # Set when the text was not UTF-8 and its encoding had to be guessed.
    warning: str | None = None


# Line breaks by Unicode and by YAML (a YAML writer emits a NEL in a title as a line
# break), so they become '\n' rather than vanishing with the other control characters.
_UNICODE_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")


def clean(text: str) -> str:
    """'\\n' line endings (NEL, LS and PS included) and no other control characters."""
    return _CONTROL_CHARACTERS.sub("", _UNICODE_LINE_BREAKS.sub("\n", text))


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


def _decode_legacy(data: bytes) -> TextFile | None:
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


def decode(data: bytes) -> TextFile:
    """The text of a file's bytes; raises UnreadableFile for binary data or an unknown encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return TextFile(clean(data.decode("utf-16")))
        except UnicodeDecodeError:
            raise UnreadableFile(
                "this file starts like UTF-16 text but is not valid UTF-16", "save it again as UTF-8 text"
            )
    kind = _binary_kind(data)
    if kind:
        raise UnreadableFile(
            f"this is not a text file: it looks like {kind}",
            "save the article's text as a UTF-8 text or Markdown file and use that instead",
        )
    try:
        return TextFile(clean(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    legacy = _decode_legacy(data)
    if legacy is None:
        raise UnreadableFile(
            "this file is not UTF-8 text, nor in any other encoding this tool knows",
            "save it as UTF-8 text (any editor's 'Save as…' offers it)",
        )
    return TextFile(clean(legacy.text), f"{legacy.warning}; check its text")


def read_text_file(path: Path, size_limit_mb: int = DEFAULT_SIZE_LIMIT_MB) -> TextFile:
    """A user's file as clean text; raises UnreadableFile saying what is wrong and how to fix it."""
    try:
        size = path.stat().st_size
        if size > size_limit_mb * MEGABYTE:
            raise UnreadableFile(
                f"this file is {size / MEGABYTE:.1f} MB, over the {size_limit_mb} MB limit",
                f"split it into several articles, or raise 'size_limit_mb' in site.yaml (now {size_limit_mb})",
            )
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(
            f"cannot read this file: {error.strerror}", "check that it exists and that you may read it"
        )
    result = decode(data)
    if not result.text.strip():
        raise UnreadableFile("this file is empty", "write its content, or delete the file")
    return result

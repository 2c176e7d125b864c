"""An arrival's bytes → text, honouring the encoding the file declares.

A saved web page or feed says its encoding in a byte-order mark, a `<meta charset>`
or `http-equiv` tag, or an XML declaration. That declaration is followed before any
guess: a KOI8-R, ISO-8859-2 or Shift_JIS page is read as what it says it is. Without
one, the shared reader decides (UTF-8, else a guess with a warning).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from briefing.content.files import MEGABYTE, TextFile, UnreadableFile, clean, decode, marked_unicode

# Browsers look for the declaration in the first 1,024 bytes; pages saved by hand put it a little later.
DECLARATION_WINDOW = 4096
_DECLARATIONS = (
    re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE),
    re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']""", re.IGNORECASE),
)
# What browsers read for these labels (the WHATWG encoding standard): Latin-1 pages are Windows-1252.
_BROWSER_READS = {"latin1": "cp1252", "iso88591": "cp1252", "usascii": "cp1252", "ascii": "cp1252"}


def declared_encoding(data: bytes) -> str | None:
    """The codec a page or feed declares in its first bytes, if Python knows it."""
    for pattern in _DECLARATIONS:
        match = pattern.search(data[:DECLARATION_WINDOW])
        if match:
            label = match[1].decode("ascii", "replace").lower()
            label = _BROWSER_READS.get(re.sub(r"[\W_]", "", label), label)
            try:
                return codecs.lookup(label).name
            except LookupError:
                return None
    return None


def _is_utf8_with_multibyte_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def decode_markup(data: bytes) -> TextFile:
    """The text of a page or feed: by its byte-order mark, else its declaration, else the shared reader."""
    if data.startswith(codecs.BOM_UTF8) or marked_unicode(data):
        return decode(data)
    declared = declared_encoding(data)
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        if _is_utf8_with_multibyte_text(data):
            # Saved again as UTF-8 by a browser or editor that kept the old declaration.
            return TextFile(
                clean(data.decode("utf-8")), f"this file declares {declared} but is UTF-8; it was read as UTF-8"
            )
        try:
            return TextFile(clean(data.decode(declared)))
        except UnicodeDecodeError:
            read = decode(data)
            return TextFile(
                read.text,
                f"this file declares {declared} but is not valid {declared}; "
                + (read.warning or "it was read as UTF-8"),
            )
    return decode(data)


def read_bytes(path: Path, size_limit_mb: int) -> bytes:
    """A file's bytes within the size limit; raises UnreadableFile saying what is wrong."""
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
    if not data.strip():
        raise UnreadableFile("this file is empty", "write its content, or delete the file")
    return data

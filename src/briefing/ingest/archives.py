"""A page saved as one archive file → the page's HTML inside it.

Chrome and Edge save a page "as a single file" in MHTML (the page and its images as
the parts of one MIME message), Safari as a `.webarchive` (a binary property list).
Both hold the page's own HTML, which ingest reads as any saved page; the archive is
what is kept as the original.
"""

from __future__ import annotations

import email
import email.policy
import plistlib
import re

from briefing.content.files import UnreadableFile

# Where an MHTML file says what it is: in its first headers, before the first part.
_MHTML_HEADERS = re.compile(
    rb"^mime-version:.*?^content-type:\s*multipart/related", re.IGNORECASE | re.MULTILINE | re.DOTALL
)
_HEADER_WINDOW = 4096
_WEBARCHIVE = b"bplist00"
_NO_PAGE_FIX = "save the page again, or save it as 'Webpage, HTML only' (.html) and ingest that"


def page_in_archive(data: bytes) -> bytes | None:
    """The HTML of the page an MHTML file or Safari web archive holds; None for any other file.

    Raises UnreadableFile for an archive with no page in it, or one that cannot be read.
    """
    if data.startswith(_WEBARCHIVE):
        return _webarchive_page(data)
    if _MHTML_HEADERS.search(data[:_HEADER_WINDOW]):
        return _mhtml_page(data)
    return None


def _mhtml_page(data: bytes) -> bytes:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    boundary = message.get_boundary()
    # The last part ends with '--boundary--': without it the file was cut short, and the page in it may be too.
    if boundary and f"--{boundary}--".encode("ascii", "replace") not in data[-4096:]:
        raise UnreadableFile("this web archive (MHTML) is cut short: its last part is missing its end", _NO_PAGE_FIX)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            page = part.get_payload(decode=True)
            if isinstance(page, bytes) and page.strip():
                return page
    raise UnreadableFile("this web archive (MHTML) holds no HTML page", _NO_PAGE_FIX)


def _webarchive_page(data: bytes) -> bytes:
    try:
        archive = plistlib.loads(data)
    except (plistlib.InvalidFileException, ValueError, OverflowError) as error:
        raise UnreadableFile(f"this Safari web archive cannot be read ({error})", _NO_PAGE_FIX)
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    page = main.get("WebResourceData") if isinstance(main, dict) else None
    if not isinstance(page, bytes) or not page.strip():
        raise UnreadableFile("this Safari web archive holds no HTML page", _NO_PAGE_FIX)
    return page

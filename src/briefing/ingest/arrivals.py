"""New arrivals → article content files, with one outcome per arrival an editor can act on.

An arrival is a saved web page (HTML), plain text copied from one, a Markdown
file with front matter, a YAML file of question-and-answer pairs, or a saved
RSS, Atom or JSON Feed (each entry with its full text is an arrival of its own).
Each is its own unit: it is written (one file in `content/articles/`, the
untouched original in `content/originals/`), skipped (already in the content,
naming the article), or refused (why, and the fix), and a refused one never
stops the others. The report lists what was kept and dropped, the topics and
entities matched, and sentences that look like new facts for the tracker:
nothing is added to the facts file without an editor.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

import yaml

from briefing import urls
from briefing.content import yamlfile
from briefing.content.files import (
    Refused,
    TextFile,
    UnreadableFile,
    decode,
    file_for_folder,
    file_text,
    is_debris,
    list_files,
    shown_path,
)
from briefing.content.files import read_bytes as read_article_bytes
from briefing.content.load import (
    ARTICLES_DIR,
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    INBOX_DIR,
    MARKDOWN_SUFFIXES,
    ORIGINALS_DIR,
    QA_SUFFIXES,
    TOML_FENCE,
    article_from_fields,
    article_paths,
    file_digest,
    load_settings,
    slug_in_file,
    split_front_matter,
    unreadable,
)
from briefing.enrich.analyse import Matcher
from briefing.ingest import review
from briefing.ingest.archives import page_in_archive
from briefing.ingest.duplicates import ArticleRuns, DuplicateIndex
from briefing.ingest.encodings import decode_markup, read_bytes
from briefing.ingest.feeds import Feed, FeedEntry, NotAFeed, linked_feed, looks_like_feed, read_feed
from briefing.ingest.html import (
    PageTooBusy,
    article_from_blocks,
    fragment_blocks,
    host_of,
    read_page,
    same_site,
    site_named_in,
    site_names_of,
    strip_site_name,
)
from briefing.ingest.known import KnownArticle, KnownArticles
from briefing.ingest.proposals import Proposal
from briefing.ingest.rawtext import ParsedArticle, markdown_body, parse_raw_text, provisional_title, summary_of
from briefing.languages import same_language
from briefing.model import Content, Location
from briefing.output.write import file_replaced_atomically
from briefing.problems import ContentError, Problem
from briefing.text import (
    MONTH_NAMES,
    WEB_ADDRESS,
    WEEKDAY_NAMES,
    day_in_address,
    is_web_address,
    iso_day,
    slugify,
    without_invisible_breaks,
)
from briefing.vocabulary import REFUSED, SKIPPED, SUMMARY_ONLY, WRITTEN

TOPIC_MIN_HITS = 3
# The query parameters that only say where a reader came from.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# How a saved page starts, whatever its name: an XHTML page's XML declaration, comments (Internet Explorer's
# '<!-- saved from url=… -->'), then its DOCTYPE or <html>.
_PAGE_START = re.compile(
    r"\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
# What browsers name the folder of a page saved complete: `Page.html` beside `Page_files/`.
SAVED_PAGE_FOLDER = "_files"


@dataclass
class Draft:
    """An arrival read into the parts of an article file, before it is written."""

    front: dict[str, Any]
    body: str
    title_found: bool = True
    parsed: ParsedArticle | None = None  # for text and web pages: what was kept and dropped
    warnings: list[str] = field(default_factory=list)  # e.g. the encoding was guessed, a topic was dropped

    @property
    def title(self) -> str:
        return self.front["title"]

    def text(self) -> str:
        """Everything an editor would call the article's text, for duplicates and matching."""
        qa = " ".join(f"{pair['question']} {pair['answer']}" for pair in self.front.get("qa", ()))
        return f"{self.title}\n{self.front.get('summary', '')}\n{self.body}\n{qa}"


@dataclass(frozen=True)
class IngestReport:
    source: Path
    article_file: Path
    original_file: Path
    draft: Draft
    topics: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    proposals: tuple[Proposal, ...] = ()  # for the tracker, kept in the review file

    def describe(self) -> str:
        draft, parsed = self.draft, self.draft.parsed
        lines = [
            f"Ingested {self.source} → {self.article_file}",
            f"  title: {draft.title}"
            + ("" if draft.title_found else "  (no title found: provisional, please write a headline)"),
        ]
        lines += [f"  warning: {warning}" for warning in draft.warnings]
        source = draft.front.get("source", {})
        found = [
            f"{name}: {source[key]}"
            for key, name in (("publisher", "publisher"), ("url", "address"))
            if source.get(key)
        ]
        found += [f"{key}: {draft.front[key]}" for key in ("author", "published", "language") if draft.front.get(key)]
        if found:
            lines.append("  found: " + ", ".join(found))  # in a page, a feed entry or front matter alike
        if parsed:
            headings = sum(1 for kind, _ in parsed.blocks if kind == "heading")
            lines.append(
                f"  kept: {len(parsed.paragraphs)} paragraphs, {headings} headings, {len(parsed.highlights)} highlights"
            )
            if parsed.dropped:
                lines.append(
                    f"  dropped {len(parsed.dropped)} junk lines: "
                    + "; ".join(f'"{text[:60]}"' for text in parsed.dropped)
                )
            if parsed.teasers:
                lines.append(
                    f"  dropped {len(parsed.teasers)} unrelated stories: "
                    + "; ".join(f'"{text[:50]}"' for text in parsed.teasers)
                )
        lines.append(f"  Q&A pairs: {len(draft.front.get('qa', ()))}")
        lines.append("  topics: " + (", ".join(self.topics) or "none matched"))
        lines.append("  entities: " + (", ".join(self.entities) or "none matched"))
        lines.extend(review.describe_proposals(self.proposals))
        lines.append(f"  original kept as {self.original_file}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Outcome:
    """What became of one arrival: a file, or one entry of a feed."""

    arrival: str  # the file, and for a feed entry its title
    file: Path  # the file it came from (the inbox removes it once it is done)
    status: str  # WRITTEN, SKIPPED, REFUSED or SUMMARY_ONLY
    report: IngestReport | None = None  # written: what was written and found
    problems: tuple[Problem, ...] = ()  # refused: where, why and the fix
    note: str = ""  # skipped: the article it repeats; summary only: the entry's link

    def describe(self) -> str:
        if self.report is not None:
            return self.report.describe()
        if self.status == REFUSED:
            return f"Refused {self.arrival}:\n" + "\n".join(f"  {problem}" for problem in self.problems)
        if self.status == SKIPPED:
            return f"Skipped {self.arrival}: {self.note}"
        return f"Summary only: {self.arrival}: save the page and ingest it ({self.note})"


def _problem(path: Path, message: str, fix: str, line: int | None = None) -> ContentError:
    return ContentError([Problem(Location(str(path), line), message, fix)])


def _decoded(path: Path, data: bytes) -> TextFile:
    try:
        if path.suffix.lower() in HTML_SUFFIXES or data.lstrip()[:1] == b"<":
            return decode_markup(data)
        return decode(data)
    except UnreadableFile as error:
        raise _problem(path, error.message, error.fix)


def _from_parsed(path: Path, parsed: ParsedArticle, front: dict[str, Any]) -> Draft:
    if not parsed.paragraphs and not parsed.qa and not parsed.blocks:
        raise _problem(
            path,
            "no article text was found in this file",
            "check that it is the article's text, not only a menu or a list of links",
        )
    title = front.pop("title", None) or parsed.title
    lead = parsed.paragraphs[0] if parsed.paragraphs else (parsed.qa[0][0] if parsed.qa else parsed.blocks[0][1])
    draft_front = {"title": title or provisional_title(lead), "summary": summary_of(parsed) or lead, **front}
    if parsed.highlights:
        draft_front["highlights"] = parsed.highlights
    if parsed.qa:
        draft_front["qa"] = [{"question": question, "answer": answer} for question, answer in parsed.qa]
    return Draft(draft_front, markdown_body(parsed), title_found=bool(title), parsed=parsed)


def _text_draft(path: Path, text: str) -> Draft:
    parsed = parse_raw_text(text)
    # The day a dateline gives, else the one in the address pasted beside the text ('…/2024/06/13/pact').
    published = parsed.published or day_in_address(parsed.address)
    front: dict[str, Any] = {"published": published} if published else {}
    if parsed.byline:
        front["author"] = parsed.byline
    if parsed.agency or parsed.address:
        front["source"] = {"publisher": parsed.agency, "url": _web_address(parsed.address)}
    return _from_parsed(path, parsed, front)


def _web_address(address: str | None) -> str | None:
    """An http(s) address, percent-encoded (a space in it would make the build refuse the article), without
    the tracking a feed adds to its links (FeedBurner's `?utm_source=feedburner&utm_medium=feed`), and the
    article's own address where the link is a redirect to it (Google Alerts'): the page saved later, at its own
    address, is then known as the same article."""
    if not (address and address.startswith(("http://", "https://"))):
        return None
    address = _redirect_target(address) or address
    parts = urlsplit(urls.percent_encoded(address))
    kept = [piece for piece in parts.query.split("&") if not _TRACKING.match(piece.partition("=")[0])]
    return urlunsplit(parts._replace(query="&".join(kept)))


# Links that only send the reader on, with the address they send to in a query parameter: Google's (its
# Alerts, its search results), Facebook's and Bing News'.
_REDIRECTS = {
    ("www.google.com", "/url"): ("url", "q"),
    ("l.facebook.com", "/l.php"): ("u",),
    ("www.bing.com", "/news/apiclick.aspx"): ("url",),
}


def _redirect_target(address: str) -> str | None:
    parts = urlsplit(address)
    names = _REDIRECTS.get(((parts.hostname or "").lower(), parts.path))
    query = parse_qs(parts.query) if names else {}
    targets = [
        value for name in names or () for value in query.get(name, ()) if value.startswith(("http://", "https://"))
    ]
    return targets[0] if targets else None


def _html_draft(path: Path, text: str) -> Draft:
    """A saved web page: its main text by trafilatura, its title, publisher, author, date and address from its metadata."""
    # An XHTML page's '<?xml … encoding="…"?>' has done its work (the text is decoded); lxml refuses text carrying one.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        metadata, parsed = read_page(text)
    except PageTooBusy as error:
        raise _problem(
            path,
            f"{error}: reading it would take minutes",
            "save only the article (the browser's reader view, then 'Save as'), or paste its text into a .txt file",
        )
    if metadata.furniture_only and not metadata.article_body and not parsed.qa:
        raise _problem(
            path,
            "this web page holds no article text, only its menus, header and footer (saved before its scripts "
            "wrote the article?)",
            "open the article in a browser, let it load, then save it again (or use the reader view), "
            "or paste its text into a .txt file",
        )
    if not parsed.blocks and not parsed.qa:
        raise _problem(
            path,
            "no article text was found in this web page",
            "save the article's own page (not a list of articles), or paste its text into a .txt file",
        )
    # The first that names someone: the metadata's (or the extractor's), the byline atop the text, the byline near
    # the headline.
    author = next(
        (name for found in (metadata.author, parsed.byline, metadata.byline) if (name := _author_name(found or ""))),
        None,
    )
    front = _front(
        title=parsed.title,
        publisher=metadata.publisher,
        address=metadata.url,
        author=author,
        published=metadata.published,
        language=metadata.language,
    )
    return _from_parsed(path, parsed, front)


def _front(
    *,
    title: str | None,
    publisher: str | None,
    address: str | None,
    author: str | None,
    published: date | None,
    language: str | None,
) -> dict[str, Any]:
    """The front matter a page or a feed entry gives: title, source, author, date and language where known."""
    front: dict[str, Any] = {"title": title} if title else {}
    front["source"] = {"publisher": publisher, "url": _web_address(address)}
    author = _author_name(author or "")
    # The site named as its own author ('CBS News' by 'CBS News') says no more than the source already does.
    if author and author.casefold() != (publisher or "").strip().casefold():
        front["author"] = author
    if published:
        front["published"] = published
    if language:
        front["language"] = language
    return front


# The date words a byline's date leaves at the end of a name read from it ('By Ann Lee November 15, 2019' is
# read 'Ann Lee November'), and German's 'Stand' (as of). Not 'May': it is a name too.
_DATE_WORDS = re.compile(
    rf"(?:\s+(?:{'|'.join(w for w in (*MONTH_NAMES, *WEEKDAY_NAMES) if w != 'May')}|Published|Updated|Posted|Stand))+$",
    re.IGNORECASE,
)


# An address after a name: 'Anna Lis (desk@site.example)', as feedparser gives an Atom author's name and email
# (every Blogger feed has one), 'Anna Lis <desk@site.example>', 'Anna Lis (https://site.example/anna/)',
# 'Deutsche Welle (www.dw.com)', 'Anna Lis - https://site.example'.
_CONTACT = re.compile(
    rf"\s*(?:[(<](?:[^\s()<>@]+@[^\s()<>]+|{WEB_ADDRESS})[)>]|\s[-–|]\s+{WEB_ADDRESS}|\s+(?:https?://|www\.)\S+)$",
    re.IGNORECASE,
)


# The accounts a publishing system names as the author when nobody was ('admin' on WordPress, 'Super User' on
# Joomla), and the words a page's template puts where a name would be (a comment form's 'Name' label, a 'Follow'
# button, 'Unknown'): no one's name.
_PLACEHOLDER_NAMES = frozenset(
    {
        *("admin", "administrator", "site admin", "webmaster", "root", "wpengine", "wordpressadmin", "super user"),
        *("name", "username", "user", "author", "publisher", "unknown", "anonymous", "anonym", "anónimo", "anonyme"),
        *("follow", "datum", "date", "no author"),
    }
)
# A comment's heading, 'Art Edwards says' or 'Ann said': the writer of a comment, not of the article.
_COMMENT_HEADING = re.compile(r"\s(?:says|said)\s*:?$", re.IGNORECASE)


# The 'By' of a byline, in English before any name, in other languages before a name in capitals ('von Anna
# Lis', 'Por Juan Pérez'), so that a name with a particle ('van Dijk') stays as it is; and the labels a page
# writes before it ('Author: ', 'Posted by', 'View all posts by', 'Zeige alle Beiträge von').
_BYLINE_WORD = re.compile(
    r"^(?i:(?:zeige\s+|view\s+|see\s+)?(?:alle\s+|all\s+)?(?:beiträge|beitrag|artikel|posts?|articles?|stories|story|zum\s+profil)"
    r"\s+(?:von|by|par|de)\s+|(?:autor(?:in)?|author|verfasser(?:in)?|posted\s+by|written\s+by)\s*:?\s+)"
    r"|^(?i:by|vom)\s+(?=[^\W\d_])|^(?i:von|par|por|door|av|af)\s+(?=[A-Z]\w*\s+[A-Z])"
)


def _author_name(author: str) -> str:
    """The names in an author field: without the 'By' sites put there ('By Jan Nowak', 'von Jan Nowak'), nor the
    words of the byline's date after a name, nor an address after it, nor a part that is only such words, an
    address or a placeholder ('admin', 'Unknown') or a lone letter (all trafilatura keeps of a forum user 'r23');
    none where the field is a comment's heading ('Ann says')."""
    author = _BYLINE_WORD.sub("", author).strip()
    if any(_COMMENT_HEADING.search(part) for part in author.split(";")):
        return ""
    parts = (_DATE_WORDS.sub("", f" {_CONTACT.sub('', part.strip())}").strip() for part in author.split(";"))
    return "; ".join(part for part in parts if _may_be_a_name(part))


def _may_be_a_name(part: str) -> bool:
    return (
        sum(character.isalnum() for character in part) > 1
        and part.casefold() not in _PLACEHOLDER_NAMES
        and not is_web_address(part)
    )


def _markdown_draft(path: Path, text: str) -> Draft:
    """A Markdown file: its front matter kept (a title is required) and checked by the build's rules, the body as
    written. Front matter in TOML (between '+++' lines, as Hugo writes it) is read too, and written as YAML."""
    parts = split_front_matter(text)
    toml = _toml_front_matter(path, text) if parts is None else None
    if toml is not None:
        front, body = toml
    elif parts is None:
        # Markdown without front matter: the first '# ' heading is the title.
        heading = re.match(r"\s*#\s+(.+)\n", text)
        front: Any = {"title": heading.group(1).strip()} if heading else {}
        body = text[heading.end() :] if heading else text
    else:
        front_text, body, _ = parts
        front = yamlfile.parse(front_text, str(path), first_line=2) or {}
        if not isinstance(front, dict):
            raise _problem(
                path,
                "the front matter should be a mapping of fields",
                "write one 'field: value' per line between the '---' lines",
                2,
            )
    _fields_as_named_here(front)
    if not front.get("title"):
        raise _problem(
            path,
            "this Markdown file has no title",
            "add 'title: …' to its front matter, or start it with a '# Title' line",
            1,
        )
    if not body.strip():
        raise _problem(path, "this Markdown file has no body text", "write the article's text below the front matter")
    if not front.get("summary"):
        front["summary"] = summary_of(
            ParsedArticle(
                blocks=[
                    ("paragraph", " ".join(p.split()))
                    for p in body.split("\n\n")
                    if p.strip() and not p.lstrip().startswith(("#", "-", "*", ">"))
                ]
            )
        )
    if isinstance(front, yamlfile.Mapping):
        _check_by_the_build_rules(path, front)
    return Draft(_plain(front), body.strip() + "\n")


_TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def _toml_front_matter(path: Path, text: str) -> tuple[yamlfile.Mapping, str] | None:
    """The fields and the body of Markdown whose front matter is TOML between '+++' lines; None for other
    Markdown. Each field knows its line, as YAML's do, for the build's rules to name it."""
    lines = text.lstrip("\ufeff").split("\n")
    if lines[0].strip() != TOML_FENCE:
        return None
    end = next((number for number, line in enumerate(lines[1:], start=1) if line.rstrip() == TOML_FENCE), None)
    if end is None:
        raise _problem(path, "this file's TOML front matter is never closed", "end its fields with a '+++' line", 1)
    try:
        fields = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        at = _TOML_ERROR_LINE.search(str(error))
        raise _problem(
            path,
            f"this front matter is not valid TOML: {_TOML_ERROR_LINE.sub('', str(error)).strip()}",
            'write each field as name = value, text in quotes: title = "…"',
            int(at[1]) + 1 if at else 1,
        ) from None
    front = yamlfile.Mapping(2)
    front.update(fields)
    front.key_lines = {
        key: number + 1
        for number, line in enumerate(lines[1:end], start=1)
        for key in fields
        if re.match(rf"{re.escape(key)}\s*=", line)
    }
    return front, "\n".join(lines[end + 1 :])


# The fields other site generators give the day published in (Hugo's 'publishDate' before its 'date', Jekyll's
# 'date'), and the summary in ('description').
_OTHER_TOOLS_DAYS = ("publishDate", "date", "pubDate")
_OTHER_TOOLS_SUMMARY = "description"


def _fields_as_named_here(front: dict) -> None:
    """Give the day published and the summary that front matter from another tool names otherwise; its own
    fields stay as well."""
    description = front.get(_OTHER_TOOLS_SUMMARY)
    if not front.get("summary") and isinstance(description, str) and description.strip():
        front["summary"] = description
    if not front.get("published"):
        day = next((day for name in _OTHER_TOOLS_DAYS if (day := _day_of(front.get(name)))), None)
        if day is not None:
            front["published"] = day


def _day_of(value: Any) -> date | None:
    """The day another tool's date field gives: a time's day where it is written, a day, or a day as text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return iso_day(value) if isinstance(value, str) else None


def _check_by_the_build_rules(path: Path, front: yamlfile.Mapping) -> None:
    """Refuse front matter the build would refuse, with the same file:line messages."""
    problems: list[Problem] = []
    article_from_fields(front, str(path), path, problems)
    if problems:
        raise ContentError(problems)


def _qa_draft(path: Path, text: str) -> Draft:
    """A YAML file of Q&A pairs: a list of {question, answer}, or a mapping with a title and 'qa:'."""
    data = yamlfile.parse(text, str(path))
    if isinstance(data, list):
        data = {"qa": data}
    if not isinstance(data, dict) or not isinstance(data.get("qa"), list) or not data["qa"]:
        raise _problem(
            path,
            "this YAML file holds no question-and-answer pairs",
            "write a list of entries with 'question:' and 'answer:', or a mapping with 'title:' and 'qa:'",
            1,
        )
    for number, pair in enumerate(data["qa"], start=1):
        if (
            not isinstance(pair, dict)
            or not isinstance(pair.get("question"), str)
            or not isinstance(pair.get("answer"), str)
        ):
            raise _problem(
                path,
                f"Q&A entry {number} needs both a 'question' and an 'answer', as text",
                "give every entry both fields, each a line of text",
                pair.line_of("question") if isinstance(pair, yamlfile.Mapping) else None,
            )
    pairs = [(pair["question"].strip(), pair["answer"].strip()) for pair in data["qa"]]
    title_given = bool(data.get("title"))
    checked = data if isinstance(data, yamlfile.Mapping) else yamlfile.Mapping(1)
    checked.update(data)
    if not checked.get("title"):
        checked["title"] = f"Questions and answers: {provisional_title(pairs[0][0]).rstrip('?')}"
    if not checked.get("summary"):
        checked["summary"] = f"{len(pairs)} questions and answers, starting with: {pairs[0][0]}"
    _check_by_the_build_rules(path, checked)
    data = _plain(data)
    front = {**data, "title": checked["title"], "summary": checked["summary"]}
    front["qa"] = [{"question": question, "answer": answer} for question, answer in pairs]
    body = data.get("introduction") or front["summary"]
    front.pop("introduction", None)
    return Draft(front, f"{body}\n", title_found=title_given)


def _plain(value: Any) -> Any:
    """YAML mappings with line numbers as plain dicts, ready to be written out again."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def read_arrival(path: Path, data: bytes, is_page: bool = False) -> Draft:
    """One arrival's bytes as a draft article (`is_page`: a web page, whatever its name); raises ContentError
    saying what is wrong and the fix."""
    suffix = path.suffix.lower()
    read = _decoded(path, data)
    # An editor's Markdown or Q&A copied from a web page carries its invisible line-break hints too.
    text = without_invisible_breaks(read.text)
    if (
        is_page
        or suffix in HTML_SUFFIXES
        or (suffix not in (*MARKDOWN_SUFFIXES, *QA_SUFFIXES) and _looks_like_html(text))
    ):
        draft = _html_draft(path, text)
    elif suffix in MARKDOWN_SUFFIXES:
        draft = _markdown_draft(path, text)
    elif suffix in QA_SUFFIXES:
        draft = _qa_draft(path, text)
    else:
        draft = _text_draft(path, text)
    if read.warning:
        draft.warnings.insert(0, read.warning)
    return draft


def _looks_like_html(text: str) -> bool:
    """A web page saved under another name (page.txt, page without a suffix)."""
    return bool(_PAGE_START.match(text[:2000]))


# Duplicates


class _Existing:
    """The articles already in the content: their slugs, and an index to find an arrival that repeats one."""

    def __init__(self, content_dir: Path, size_limit_mb: int):
        self.duplicates = DuplicateIndex()
        # The slugs the build will give the articles: a 'slug:' field, or the file name normalised.
        self.slugs: set[str] = set()
        # The web addresses the articles came from: a feed entry or page seen again is the same article.
        self.addresses: dict[str, str] = {}
        self._known = KnownArticles(content_dir)
        for path in article_paths(content_dir):
            try:
                data = read_article_bytes(path, size_limit_mb)
            except UnreadableFile:
                continue  # the build names what is wrong with it
            key, digest = path.relative_to(content_dir).as_posix(), file_digest(data)
            known = self._known.recall(key, digest) or _known_article(path, data)
            if known is None:
                continue
            self._known.remember(key, digest, known)
            self.slugs.add(known.slug)
            if known.address:
                self.addresses[_web_address(known.address) or known.address] = known.slug  # as an arrival's is
            self.duplicates.add_runs(path.stem, known.runs)

    def save(self) -> None:
        """Remember what was found in the articles already there, for the next `ingest`."""
        self._known.save()

    def add(self, slug: str, body: str) -> None:
        self.duplicates.add(slug, body)

    def duplicate_of(self, draft: Draft) -> str | None:
        return self.duplicates.duplicate_of(draft.body)


def _known_article(path: Path, data: bytes) -> KnownArticle | None:
    """What an arrival is checked against in an article file (`data`, its bytes): its slug, its web address
    and its word runs."""
    try:
        text = file_text(data).text
    except UnreadableFile:
        return None
    parts = split_front_matter(text)
    address = re.search(r"^\s+url:\s*[\"']?(https?://[^\s\"']+)", parts[0], re.MULTILINE) if parts else None
    return KnownArticle(
        slug_in_file(text, path), address[1] if address else None, ArticleRuns.of(parts[1] if parts else text)
    )


# What the report suggests


def _matches(draft: Draft, content: Content, matcher: Matcher) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = draft.text()
    counts = matcher.topic_hits(text)
    topics = tuple(
        t.title for t in content.topics if counts[t.slug] >= TOPIC_MIN_HITS or t.slug in draft.front.get("topics", ())
    )
    names = {slug for _, slug in matcher.names(text)}
    return topics, tuple(e.name for e in content.entities if e.slug in names)


# Writing


def _write_atomically(target: Path, data: str | bytes) -> None:
    with file_replaced_atomically(target) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)


def article_document(draft: Draft, original: str, ingested: date) -> str:
    """The content file: YAML front matter and a Markdown body."""
    front = dict(draft.front)
    source = dict(front.pop("source", None) or {})
    ordered = {"title": front.pop("title"), "summary": front.pop("summary")}
    ordered["source"] = {"publisher": source.get("publisher"), "url": source.get("url"), "original": original}
    ordered["ingested"] = front.pop("ingested", None) or ingested
    ordered.update(front)
    front_matter = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front_matter}---\n\n{draft.body}"


@dataclass(frozen=True)
class _Expanded:
    """The files to ingest, the entries refused unread, and the files named that no one means as an arrival."""

    files: list[Path]
    refused: list[Refused]
    passed_over: list[Path]


def _expand(paths: Iterable[Path], boundary: Path | None = None) -> _Expanded:
    """Files as given, and the files inside folders (as the build lists them), in name order; the entries
    refused: a folder's links leaving `boundary` (the folder itself by default), pipes and devices; and the
    files given that a folder's listing passes over (`ingest ~/Downloads/*` names its desktop.ini, 'x.md~')."""
    expanded = _Expanded([], [], [])
    for path in paths:
        if path.is_dir():
            listing = list_files(path, boundary or path, recursive=True)
            expanded.files.extend(listing.files)
            expanded.refused.extend(listing.refused)
        elif is_debris(path.name):
            expanded.passed_over.append(path)
        else:
            expanded.files.append(path)
    return expanded


@dataclass
class _Target:
    """The content folder being ingested into, and what it already holds."""

    content_dir: Path
    content: Content
    matcher: Matcher
    existing: _Existing
    today: date

    @property
    def size_limit_mb(self) -> int:
        return self.content.settings.size_limit_mb

    # The originals' file names by the part before their first dot (a slug has no dot), listed once a batch:
    # looking through the folder for each arrival made a bulk import quadratic.
    originals: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        folder = self.content_dir / ORIGINALS_DIR
        for name in sorted(os.listdir(folder)) if folder.is_dir() else ():
            self.kept_original(name)

    def kept_original(self, name: str) -> None:
        names = self.originals.setdefault(name.partition(".")[0], [])
        if name not in names:
            names.append(name)

    def slug_taken(self, slug: str, original: bytes) -> bool:
        """Whether an article has the slug, or an original of that name (other than this very file) would be lost."""
        folder = self.content_dir / ORIGINALS_DIR
        return (
            slug in self.existing.slugs
            or (self.content_dir / ARTICLES_DIR / f"{slug}.md").exists()
            or any((folder / name).read_bytes() != original for name in self.originals.get(slug, ()))
        )

    def free_slug(self, draft: Draft, original: bytes) -> str:
        """The title's slug; when another article has it, the slug with the date, else with -2, -3, …"""
        slug = slugify(draft.title)
        if urls.slug_clash(slug):
            slug = urls.slug_instead(slug, "article")
        if not self.slug_taken(slug, original):
            return slug
        day = draft.front.get("published")
        dated = f"{slugify(slug, 60)}-{(day if isinstance(day, date) else self.today).isoformat()}"
        if not self.slug_taken(dated, original):
            return dated
        number = 2
        while self.slug_taken(f"{dated}-{number}", original):
            number += 1
        return f"{dated}-{number}"


def _open_target(content_dir: Path, today: date | None) -> _Target:
    problems: list[Problem] = []
    content = load_settings(content_dir, problems)
    problems += _files_for_folders(content_dir, (ARTICLES_DIR, ORIGINALS_DIR))
    if content is None or problems:
        raise ContentError(problems)
    return _Target(
        content_dir,
        content,
        Matcher.for_content(content.topics, content.entities),
        _Existing(content_dir, content.settings.size_limit_mb),
        today or date.today(),
    )


def _files_for_folders(content_dir: Path, names: Iterable[str]) -> list[Problem]:
    """A problem for each folder ingest writes into that is a file instead: writing there would stop midway."""
    return [
        unreadable(folder, content_dir, file_for_folder())
        for folder in (content_dir / name for name in names)
        if os.path.lexists(folder) and not folder.is_dir()
    ]


def _drop_unknown_topics(draft: Draft, target: _Target) -> None:
    """Topics the site does not have would stop the build: drop them and say so."""
    given = draft.front.get("topics")
    if not given:
        return
    known = {topic.slug for topic in target.content.topics}
    given = [given] if isinstance(given, str) else list(given)
    unknown = [topic for topic in given if topic not in known]
    if unknown:
        draft.front["topics"] = [topic for topic in given if topic in known]
        if not draft.front["topics"]:
            del draft.front["topics"]
        draft.warnings.append(
            f"unknown topic(s) dropped: {', '.join(map(str, unknown))} (the topics are: {', '.join(sorted(known))})"
        )


def _leave_out_the_site_language(draft: Draft, target: _Target) -> None:
    """An article in the site's own language says nothing with a 'language' field of its own."""
    language = draft.front.get("language")
    if isinstance(language, str) and same_language(language, target.content.settings.language):
        del draft.front["language"]


def _warn_of_a_future_date(draft: Draft, today: date) -> None:
    """A date after today is kept, as the source gives it, but said: a feed dates a scheduled post ahead,
    and a page's metadata can be wrong, and the article would top every list by date until then."""
    published = draft.front.get("published")
    if isinstance(published, date) and published > today:
        draft.warnings.append(f"the date given, {published.isoformat()}, is after today: check it")


def _already_in(draft: Draft, target: _Target) -> str | None:
    """The slug of the article this draft repeats, or None."""
    address = _article_address(draft)
    if address and address in target.existing.addresses:
        return target.existing.addresses[address]
    return target.existing.duplicate_of(draft)


def _article_address(draft: Draft) -> str | None:
    """The web address of this very article; a site's home page (which some pages give for every article) is not."""
    address = draft.front.get("source", {}).get("url")
    return address if address and urlsplit(address).path.strip("/") else None


@dataclass(frozen=True)
class _Original:
    """The untouched file an article came from, as it will be kept in `originals/`."""

    data: bytes
    suffix: str
    shared_name: str | None = None  # a feed's file, kept once for all its entries; None: named after the article


def _write(draft: Draft, slug: str, original: _Original, target: _Target) -> tuple[Path, Path]:
    """The original, then the article; an article never points at a missing original, nor an original stays alone."""
    original_file = target.content_dir / ORIGINALS_DIR / f"{original.shared_name or slug}{original.suffix}"
    article_file = target.content_dir / ARTICLES_DIR / f"{slug}.md"
    created = not (original_file.exists() and original_file.read_bytes() == original.data)
    if created:
        _write_atomically(original_file, original.data)
    try:
        _write_atomically(
            article_file,
            article_document(draft, original_file.relative_to(target.content_dir).as_posix(), target.today),
        )
    except BaseException:  # an error or Ctrl-C: no original without its article
        if created:
            original_file.unlink(missing_ok=True)
        raise
    return article_file, original_file


def _place(arrival: str, path: Path, draft: Draft, original: _Original, target: _Target) -> Outcome:
    """Write one draft as an article, or skip it when the content already has it."""
    repeated = _already_in(draft, target)
    if repeated:
        return Outcome(
            arrival,
            path,
            SKIPPED,
            note=f"already in the content as '{repeated}' ({ARTICLES_DIR}/{repeated}.md); "
            "to replace it, delete that file and ingest again",
        )
    _drop_unknown_topics(draft, target)
    _leave_out_the_site_language(draft, target)
    _warn_of_a_future_date(draft, target.today)
    slug = target.free_slug(draft, original.data)
    published = draft.front.get("published")
    proposals = review.find_proposals(
        target.content_dir, target.content, slug, draft.body, published if isinstance(published, date) else None
    )
    article_file, original_file = _write(draft, slug, original, target)
    target.kept_original(original_file.name)
    review.keep(target.content_dir, proposals)
    target.existing.add(slug, draft.body)
    target.existing.slugs.add(slug)
    if _article_address(draft):
        target.existing.addresses[_article_address(draft)] = slug
    topics, entities = _matches(draft, target.content, target.matcher)
    report = IngestReport(
        path,
        article_file,
        original_file,
        draft,
        topics,
        entities,
        tuple(proposals),
    )
    return Outcome(arrival, path, WRITTEN, report=report)


def _refused(arrival: str, path: Path, problems: Iterable[Problem]) -> Outcome:
    return Outcome(arrival, path, REFUSED, problems=tuple(problems))


def _entry_draft(path: Path, feed: Feed, entry: FeedEntry) -> Draft | None:
    """The entry's article; None when it has none: only a summary, or a full text that holds none once its
    images, players and scripts are left out (a podcast's, a video's or a photo's entry). Its page is then what
    to save."""
    parsed = _entry_article(entry)
    if parsed is None or (not parsed.blocks and not parsed.qa):
        return None
    publisher = _entry_publisher(feed, entry)
    # An aggregator's titles end with their source's name ('… - Reuters'), as a page's end with its site's.
    title = (
        (strip_site_name(entry.title, site_names_of(publisher, None)) or entry.title) if entry.source else entry.title
    )
    front = _front(
        title=title,
        publisher=publisher,
        address=entry.link,
        author=entry.author or parsed.byline,
        published=entry.published,
        language=entry.language,
    )
    return _from_parsed(path, parsed, front)


def _entry_publisher(feed: Feed, entry: FeedEntry) -> str | None:
    """Who published an entry: the source it names (an aggregator's, as Google News gives each item's), else
    the site its link is on where that is not the feed's own (a link aggregator's, Hacker News's), else the
    feed's title, or the part of it that names the feed's site ('World news | The Guardian'), or the feed's own
    author where the title names only a section and the author the site ('Technology', by 'NPR')."""
    if entry.source:
        return entry.source
    address = _web_address(entry.link)
    if address and feed.site and not same_site(address, feed.site):
        return host_of(address)
    named_by_title = site_named_in(feed.title, feed.site) if feed.title else None
    named_by_owner = site_named_in(feed.owner, feed.site) if feed.owner else None
    return named_by_title or named_by_owner or feed.title


# A summary is taken for the whole article when it has at least this many paragraphs and words and does not end
# cut short ('…', '[…]'): a teaser is a sentence or two, WordPress's excerpt 55 words.
WHOLE_SUMMARY_PARAGRAPHS = 3
WHOLE_SUMMARY_WORDS = 100
_CUT_SHORT = re.compile(r"(?:…|\.\.\.|\[(?:…|\.\.\.)\])\s*$")


def _entry_article(entry: FeedEntry) -> ParsedArticle | None:
    """The article in an entry's full text, else in its summary if that reads as the whole article. A full text
    that is only a table is none (Reddit's, 'submitted by … [link] [comments]'), nor one that is a teaser cut
    short (Google Alerts' snippet, '… the ministry said ...')."""
    if entry.full_text_html is not None:
        parsed = article_from_blocks(fragment_blocks(entry.full_text_html), entry.title or None, [])
        has_text = any(kind != "table" for kind, _ in parsed.blocks) or parsed.qa
        if has_text and not _a_teaser(parsed.paragraphs):
            return parsed
    if entry.summary_html is None:
        return None
    parsed = article_from_blocks(fragment_blocks(entry.summary_html), entry.title or None, [])
    paragraphs = parsed.paragraphs
    # An item with no title is a post whose description is all of it (a Mastodon or micro.blog feed's).
    whole = not entry.title or (
        len(paragraphs) >= WHOLE_SUMMARY_PARAGRAPHS
        and _words(paragraphs) >= WHOLE_SUMMARY_WORDS
        and not _CUT_SHORT.search(paragraphs[-1])
    )
    return parsed if whole else None


def _a_teaser(paragraphs: list[str]) -> bool:
    """Whether the text is a few words cut short ('…', '[…]'), no article's whole text."""
    return (
        bool(paragraphs) and _CUT_SHORT.search(paragraphs[-1]) is not None and _words(paragraphs) < WHOLE_SUMMARY_WORDS
    )


def _words(paragraphs: list[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def _feed_outcomes(path: Path, data: bytes, target: _Target) -> Iterator[Outcome]:
    """Each entry of a feed: written, skipped, refused, or listed as summary only."""
    try:
        feed = read_feed(data)
    except (NotAFeed, ValueError) as error:
        yield _refused(
            str(path), path, [Problem(Location(str(path)), str(error), "save the feed again from its address")]
        )
        return
    if not feed.entries:
        yield _refused(
            str(path),
            path,
            [Problem(Location(str(path)), "this feed has no entries", "save it again when it lists articles")],
        )
    # The feed is what arrived: it is kept once, and each of its articles points at it.
    suffix = path.suffix.lower() or ".xml"
    original = _Original(data, suffix, _feed_file_name(slugify(feed.title or path.stem), data, suffix, target))
    for number, entry in enumerate(feed.entries, start=1):
        arrival = f"{path} entry {number} ('{entry.title or 'untitled'}')"
        try:
            draft = _entry_draft(path, feed, entry)
        except ContentError as error:
            yield _refused(arrival, path, error.problems)
            continue
        except (OSError, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 — one entry the parsers choke on must not stop the others
            yield _refused(arrival, path, [_unexpected(path, error)])
            continue
        if draft is None:
            yield Outcome(
                arrival, path, SUMMARY_ONLY, note=_web_address(entry.link) or entry.link or "the feed gives no link"
            )
            continue
        yield _place(arrival, path, draft, original, target)


def _feed_file_name(name: str, data: bytes, suffix: str, target: _Target) -> str:
    """'feed-<title>' for a feed's original; with the date, then -2, -3, when another file has the name."""
    originals = target.content_dir / ORIGINALS_DIR
    candidates = [f"feed-{name}", f"feed-{name}-{target.today.isoformat()}"]
    number = 2
    while True:
        for candidate in candidates:
            kept = originals / f"{candidate}{suffix}"
            if not kept.exists() or kept.read_bytes() == data:
                return candidate
        candidates = [f"feed-{name}-{target.today.isoformat()}-{number}"]
        number += 1


def _file_outcomes(path: Path, target: _Target) -> Iterator[Outcome]:
    try:
        data = read_bytes(path, target.size_limit_mb)
    except UnreadableFile as error:
        yield _refused(str(path), path, [Problem(Location(str(path)), error.message, error.fix)])
        return
    try:
        page = page_in_archive(data)  # a page saved as one file (MHTML, Safari's .webarchive): its HTML
    except UnreadableFile as error:
        yield _refused(str(path), path, [Problem(Location(str(path)), error.message, error.fix)])
        return
    if page is None and path.suffix.lower() not in (*HTML_SUFFIXES, *MARKDOWN_SUFFIXES) and looks_like_feed(data):
        yield from _feed_outcomes(path, data, target)
        return
    if page is None and path.suffix.lower() in FEED_SUFFIXES:
        feed_address = linked_feed(data.decode("utf-8", "replace"))
        problem = Problem(
            Location(str(path)),
            "this file is not an RSS, Atom or JSON Feed (nor an article)"
            + (" but a web page linking to its feed" if feed_address else ""),
            (
                f"open the feed's address, {feed_address}, and save what it shows"
                if feed_address
                else "save the feed itself from its address"
            )
            + " (it starts with <rss, <feed or a JSON Feed 'version'), or save the article's page as .html",
        )
        yield _refused(str(path), path, [problem])
        return
    try:
        draft = read_arrival(path, data if page is None else page, is_page=page is not None)
    except ContentError as error:
        yield _refused(str(path), path, error.problems)
        return
    except (OSError, KeyboardInterrupt):
        raise  # a full disk or Ctrl-C stops the batch, after the report of what was written
    except Exception as error:  # noqa: BLE001 — one file the parsers choke on must not stop the others
        yield _refused(str(path), path, [_unexpected(path, error)])
        return
    yield _place(str(path), path, draft, _Original(data, path.suffix.lower() or ".txt"), target)


def _saved_page_files(files: list[Path]) -> dict[Path, str]:
    """The files a browser saved beside a page ('Save as… complete': `Page.html` and `Page_files/`), each with
    its page's name: the page's own images, styles and scripts, not articles. Found before any file is
    ingested, as the inbox removes the page once it is written."""
    return {path: page.name for path in files if (page := _saved_page_of(path))}


def _saved_page_of(path: Path) -> Path | None:
    for folder in path.parents:
        if folder.name.endswith(SAVED_PAGE_FOLDER) and len(folder.name) > len(SAVED_PAGE_FOLDER):
            stem = folder.name.removesuffix(SAVED_PAGE_FOLDER)
            page = next((page for suffix in HTML_SUFFIXES if (page := folder.with_name(stem + suffix)).is_file()), None)
            if page:
                return page
    return None


def _page_file_outcome(path: Path, page: str) -> Outcome:
    return Outcome(
        str(path),
        path,
        SKIPPED,
        note=f"part of the saved page '{page}' (its images, styles and scripts), not an article",
    )


def _unexpected(path: Path, error: Exception) -> Problem:
    return Problem(
        Location(str(path)),
        f"this file could not be read as an article ({type(error).__name__}: {error})",
        "check that it is a saved web page, feed, text, Markdown or Q&A YAML file; the other arrivals were not affected",
    )


_PASSED_OVER = "a hidden, lock, backup or system file, which ingest passes over (as it does in a folder)"


def ingest(
    paths: Iterable[Path],
    content_dir: Path,
    today: date | None = None,
    remove_done: bool = False,
    boundary: Path | None = None,
    waiting: Callable[[str], None] = lambda other: None,
) -> Iterator[Outcome]:
    """Each arrival's outcome as soon as it is known (files, folders of them, feeds entry by entry).

    A refused arrival never stops the others; in a folder, links leaving `boundary` (the
    folder by default), pipes and devices are refused unread. With `remove_done`, each file is removed
    once every arrival in it was written or skipped (a refused one stays, to be fixed); so is each file of the
    content's inbox however it was named, as a build would (ingest keeps its original).
    Raises ContentError only when the content folder itself cannot be read. Another ingest into the same
    content folder is waited for, told by `waiting` with its process id.
    """
    with review.one_writer_at_a_time(content_dir, waiting):
        yield from _ingested(paths, content_dir, today, remove_done, boundary)


def _ingested(
    paths: Iterable[Path], content_dir: Path, today: date | None, remove_done: bool, boundary: Path | None
) -> Iterator[Outcome]:
    target = _open_target(content_dir, today)
    target.existing.save()
    expanded = _expand(paths, boundary)
    for entry in expanded.refused:
        yield _refused(
            str(entry.path), entry.path, [Problem(Location(str(entry.path)), entry.why.message, entry.why.fix)]
        )
    for path in expanded.passed_over:
        yield Outcome(shown_path(str(path)), path, SKIPPED, note=_PASSED_OVER)
    files = expanded.files
    page_files = _saved_page_files(files)
    inbox = Path(os.path.abspath(content_dir / INBOX_DIR))
    for path in files:
        refused = False
        outcomes = [_page_file_outcome(path, page_files[path])] if path in page_files else _file_outcomes(path, target)
        for outcome in outcomes:
            refused = refused or outcome.status == REFUSED
            yield outcome
        if (remove_done or inbox in Path(os.path.abspath(path)).parents) and not refused:
            path.unlink(missing_ok=True)


def ingest_files(paths: Iterable[Path], content_dir: Path, today: date | None = None) -> list[Outcome]:
    """Ingest each arrival (files, or folders of them) into `content_dir`: one outcome each."""
    return list(ingest(paths, content_dir, today))


def inbox_files(content_dir: Path) -> list[Path]:
    """What waits in the inbox: the files to ingest and the entries ingest will refuse unread."""
    inbox = content_dir / INBOX_DIR
    if not inbox.is_dir():
        return []
    expanded = _expand([inbox], content_dir)
    return sorted([*expanded.files, *(entry.path for entry in expanded.refused)])


def ingest_inbox(
    content_dir: Path, today: date | None = None, waiting: Callable[[str], None] = lambda other: None
) -> Iterator[Outcome]:
    """Ingest what waits in `content/inbox/`, removing each file once it is written or skipped."""
    inbox = content_dir / INBOX_DIR
    paths = [inbox] if inbox.is_dir() else []
    return ingest(paths, content_dir, today, remove_done=True, boundary=content_dir, waiting=waiting)

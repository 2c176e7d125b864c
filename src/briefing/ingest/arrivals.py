"""New arrivals → article content files, with a report an editor can act on.

An arrival is a saved web page (HTML), plain text copied from one, a Markdown
file with front matter, or a YAML file of question-and-answer pairs. Each
becomes one file in `content/articles/`; the untouched original is kept in
`content/originals/`. An article already in the content (the same text, with
or without different junk around it) is refused, naming the article it repeats.
The report lists what was kept and dropped, the topics and entities matched,
and sentences that look like new facts for the tracker: nothing is added to
the facts file without an editor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from briefing import urls
from briefing.content import yamlfile
from briefing.content.files import DEFAULT_SIZE_LIMIT_MB, TextFile, UnreadableFile, read_text_file
from briefing.content.load import ARTICLES_DIR, ORIGINALS_DIR, article_paths, load_settings, split_front_matter
from briefing.enrich.analyse import Matcher
from briefing.ingest.duplicates import DuplicateIndex
from briefing.ingest.rawtext import ParsedArticle, markdown_body, parse_raw_text, provisional_title, summary_of
from briefing.model import Content, Location
from briefing.output.write import file_replaced_atomically
from briefing.problems import ContentError, Problem
from briefing.text import normalise, sentences, slugify

INBOX_DIR = "inbox"
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
QA_SUFFIXES = (".yaml", ".yml")
TOPIC_MIN_HITS = 3
FACT_WORDS = re.compile(r"\b(?:sign(?:s|ed|ing)?|agreements?|accords?|pacts?|negotiat\w*|talks)\b", re.IGNORECASE)


@dataclass
class Draft:
    """An arrival read into the parts of an article file, before it is written."""

    front: dict[str, Any]
    body: str
    title_found: bool = True
    parsed: ParsedArticle | None = None  # for text and web pages: what was kept and dropped
    warning: str | None = None  # e.g. the file was not UTF-8 and its encoding was guessed

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
    fact_candidates: tuple[str, ...] = ()

    def describe(self) -> str:
        draft, parsed = self.draft, self.draft.parsed
        lines = [
            f"Ingested {self.source} → {self.article_file}",
            f"  title: {draft.title}"
            + ("" if draft.title_found else "  (no title found: provisional, please write a headline)"),
        ]
        if draft.warning:
            lines.append(f"  warning: {draft.warning}")
        source = draft.front.get("source", {})
        found = [
            f"{name}: {source[key]}"
            for key, name in (("publisher", "publisher"), ("url", "address"))
            if source.get(key)
        ]
        found += [f"{key}: {draft.front[key]}" for key in ("author", "published") if draft.front.get(key)]
        if found:
            lines.append("  from the page: " + ", ".join(found))
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
        if self.fact_candidates:
            lines.append(f"  possible new facts for facts.yaml ({len(self.fact_candidates)}), check and add by hand:")
            lines.extend(f'    - "{sentence}"' for sentence in self.fact_candidates)
        lines.append(f"  original kept as {self.original_file}")
        return "\n".join(lines)


def _problem(path: Path, message: str, fix: str, line: int | None = None) -> ContentError:
    return ContentError([Problem(Location(str(path), line), message, fix)])


def _read(path: Path, size_limit_mb: int) -> TextFile:
    try:
        return read_text_file(path, size_limit_mb)
    except UnreadableFile as error:
        raise _problem(path, error.message, error.fix)


def _from_parsed(path: Path, parsed: ParsedArticle, front: dict[str, Any]) -> Draft:
    if not parsed.paragraphs and not parsed.qa:
        raise _problem(
            path,
            "no article text was found in this file",
            "check that it is the article's text, not only a menu or a list of links",
        )
    title = front.pop("title", None) or parsed.title
    draft_front = {
        "title": title or provisional_title(parsed.paragraphs[0] if parsed.paragraphs else parsed.qa[0][0]),
        "summary": summary_of(parsed),
        **front,
    }
    if parsed.highlights:
        draft_front["highlights"] = parsed.highlights
    if parsed.qa:
        draft_front["qa"] = [{"question": question, "answer": answer} for question, answer in parsed.qa]
    return Draft(draft_front, markdown_body(parsed), title_found=bool(title), parsed=parsed)


def _text_draft(path: Path, text: str) -> Draft:
    return _from_parsed(path, parse_raw_text(text), {})


def _html_draft(path: Path, text: str) -> Draft:
    """A saved web page: its main text by trafilatura, its title, publisher, author, date and address from its metadata."""
    import trafilatura  # imported here: it takes a moment to load and only web pages need it

    page = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=True)
    if page is None or not page.text:
        raise _problem(
            path,
            "no article text was found in this web page",
            "save the article's own page (not a list of articles), or paste its text into a .txt file",
        )
    lines = page.text.splitlines()
    if page.title and lines and normalise(lines[0]) == normalise(page.title):
        lines = lines[1:]  # the headline again, at the top of the text
    source = {
        "publisher": page.sitename or None,
        "url": page.url if page.url and page.url.startswith(("http://", "https://")) else None,
    }
    front: dict[str, Any] = {"title": page.title} if page.title else {}
    front["source"] = source
    if page.author:
        front["author"] = page.author
    if page.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.date):
        front["published"] = date.fromisoformat(page.date)
    return _from_parsed(path, parse_raw_text("\n\n".join(lines)), front)


def _markdown_draft(path: Path, text: str) -> Draft:
    """A Markdown file: its front matter kept (a title is required), the body as written."""
    parts = split_front_matter(text)
    if parts is None:
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
        front = _plain(front)
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
    return Draft(front, body.strip() + "\n")


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
    data = _plain(data)
    for number, pair in enumerate(data["qa"], start=1):
        if not isinstance(pair, dict) or not pair.get("question") or not pair.get("answer"):
            raise _problem(
                path, f"Q&A entry {number} needs both a 'question' and an 'answer'", "give every entry both fields"
            )
    pairs = [(str(pair["question"]).strip(), str(pair["answer"]).strip()) for pair in data["qa"]]
    title = data.get("title") or f"Questions and answers: {provisional_title(pairs[0][0]).rstrip('?')}"
    front = {
        **data,
        "title": title,
        "summary": data.get("summary") or f"{len(pairs)} questions and answers, starting with: {pairs[0][0]}",
    }
    front["qa"] = [{"question": question, "answer": answer} for question, answer in pairs]
    body = data.get("introduction") or front["summary"]
    front.pop("introduction", None)
    return Draft(front, f"{body}\n", title_found=bool(data.get("title")))


def _plain(value: Any) -> Any:
    """YAML mappings with line numbers as plain dicts, ready to be written out again."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def read_arrival(path: Path, size_limit_mb: int = DEFAULT_SIZE_LIMIT_MB) -> Draft:
    suffix = path.suffix.lower()
    read = _read(path, size_limit_mb)
    if suffix in HTML_SUFFIXES:
        draft = _html_draft(path, read.text)
    elif suffix in MARKDOWN_SUFFIXES:
        draft = _markdown_draft(path, read.text)
    elif suffix in QA_SUFFIXES:
        draft = _qa_draft(path, read.text)
    else:
        draft = _text_draft(path, read.text)
    draft.warning = read.warning
    return draft


# Duplicates


class _Existing:
    """The articles already in the content: their slugs, and an index to find an arrival that repeats one."""

    def __init__(self, content_dir: Path, size_limit_mb: int):
        self.duplicates = DuplicateIndex()
        # The slugs the build will give the articles: a 'slug:' field, or the file name normalised.
        self.slugs: set[str] = set()
        for path in article_paths(content_dir):
            try:
                text = read_text_file(path, size_limit_mb).text
            except UnreadableFile:
                continue  # the build names what is wrong with it
            parts = split_front_matter(text)
            given = re.search(r"^slug:\s*[\"']?([\w-]+)", parts[0], re.MULTILINE) if parts else None
            self.slugs.add(given[1] if given else slugify(path.stem))
            self.add(path.stem, parts[1] if parts else text)

    def add(self, slug: str, body: str) -> None:
        self.duplicates.add(slug, body)

    def duplicate_of(self, draft: Draft) -> str | None:
        return self.duplicates.duplicate_of(draft.body)


# What the report suggests


def _fact_candidates(draft: Draft, matcher: Matcher, partners: dict[str, str]) -> tuple[str, ...]:
    """Sentences naming a partner country near words like 'signed', 'agreement' or 'negotiations'."""
    found = []
    for paragraph in re.split(r"\n\s*\n", draft.body):
        if paragraph.lstrip().startswith("#"):
            continue  # a heading states no fact
        for sentence in sentences(" ".join(paragraph.split())):
            named = {slug for _, slug in matcher.names(sentence)} & partners.keys()
            if named and FACT_WORDS.search(sentence):
                found.append(sentence)
    return tuple(dict.fromkeys(found))


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


def _expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the files inside folders (hidden files aside), in name order."""
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return files


def ingest_files(paths: Iterable[Path], content_dir: Path, today: date | None = None) -> list[IngestReport]:
    """Ingest each arrival (files, or folders of them) into `content_dir`.

    Each arrival is checked before its files are written: an unreadable file, a slug
    already taken or an article already in the content stops the ingest there with a
    clear message (the arrivals before it are in).
    """
    problems: list[Problem] = []
    content = load_settings(content_dir, problems)
    if content is None or problems:
        raise ContentError(problems)
    matcher = Matcher.for_content(content.topics, content.entities)
    partners = {e.slug: e.name for e in content.entities if e.kind == "country" and e.partner}
    size_limit_mb = content.settings.size_limit_mb
    existing = _Existing(content_dir, size_limit_mb)
    reports = []
    for path in _expand(paths):
        draft = read_arrival(path, size_limit_mb)
        duplicate = existing.duplicate_of(draft)
        if duplicate:
            raise _problem(
                path,
                f"this article is already in the content as '{duplicate}' ({ARTICLES_DIR}/{duplicate}.md)",
                "nothing to do; to replace it, delete that file first and ingest again",
            )
        slug = slugify(draft.title)
        if urls.slug_clash(slug):
            slug = urls.slug_instead(slug, "article")
        article_file = content_dir / ARTICLES_DIR / f"{slug}.md"
        if article_file.exists() or slug in existing.slugs:
            raise _problem(
                path,
                f"an article with the slug '{slug}' already exists: {article_file}",
                "give this article a different title, or delete that file first to ingest this one again",
            )
        original_file = content_dir / ORIGINALS_DIR / f"{slug}{path.suffix.lower() or '.txt'}"
        _write_atomically(original_file, path.read_bytes())
        _write_atomically(
            article_file,
            article_document(draft, original_file.relative_to(content_dir).as_posix(), today or date.today()),
        )
        existing.add(slug, draft.body)
        existing.slugs.add(slug)
        topics, entities = _matches(draft, content, matcher)
        reports.append(
            IngestReport(
                path, article_file, original_file, draft, topics, entities, _fact_candidates(draft, matcher, partners)
            )
        )
    return reports


def inbox_files(content_dir: Path) -> list[Path]:
    inbox = content_dir / INBOX_DIR
    return _expand([inbox]) if inbox.is_dir() else []


def ingest_inbox(content_dir: Path, today: date | None = None) -> list[IngestReport]:
    """Ingest what waits in `content/inbox/`, removing each file once its article is written."""
    reports = []
    for path in inbox_files(content_dir):
        reports += ingest_files([path], content_dir, today)
        path.unlink()
    return reports

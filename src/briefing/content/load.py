"""Stage 1: read `content/` into the content model.

Every missing or wrongly typed field becomes a Problem naming its file and line;
all problems are collected before the build stops, so one run lists them all.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefing import urls
from briefing.content import yamlfile
from briefing.content.files import (
    DEFAULT_SIZE_LIMIT_MB,
    EmptyFile,
    Listing,
    UnreadableFile,
    clean,
    file_text,
    list_files,
    read_text_file,
    shown_path,
)
from briefing.content.yamlfile import Mapping
from briefing.languages import common_tag, read_tag
from briefing.model import (
    Article,
    Citation,
    Content,
    Entity,
    Fact,
    KeyPoint,
    Location,
    QAPair,
    Settings,
    Source,
    Topic,
)
from briefing.problems import ContentError, Problem
from briefing.text import slugify
from briefing.vocabulary import ENTITY_GROUPS, ENTITY_KINDS

SETTINGS_FILE = "site.yaml"
TOPICS_FILE = "topics.yaml"
ENTITIES_FILE = "entities.yaml"
FACTS_FILE = "facts.yaml"
ARTICLES_DIR = "articles"
ORIGINALS_DIR = "originals"
# Where arrivals wait for the next build to ingest them.
INBOX_DIR = "inbox"
FRONT_MATTER_FENCE = "---"
# What opens and closes front matter in TOML, as Hugo writes it: ingest reads it, and writes YAML.
TOML_FENCE = "+++"


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    if isinstance(value, date):
        return f"a date ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _quote_fix(key: str, value: object) -> str:
    if isinstance(value, bool):
        return f'put the text in quotes, e.g. {key}: "NO" (unquoted yes, no, on and off are read as true/false)'
    return f'put the text in quotes: {key}: "{value}"'


class _Fields:
    """Reads typed fields from one YAML mapping, collecting problems as it goes."""

    def __init__(self, mapping: Mapping, file: str, what: str, problems: list[Problem]):
        self.mapping = mapping
        self.file = file
        self.what = what
        self.problems = problems
        # The keys read so far, and the nested fields handed out: what is left over was never read.
        self.read: set[str] = set()
        self.nested: list[_Fields] = []

    @property
    def location(self) -> Location:
        return Location(self.file, self.mapping.line)

    def location_of(self, key: str) -> Location:
        """The line of a key, or of the mapping where the key is missing."""
        return Location(self.file, self.mapping.line_of(key) if key in self.mapping else self.mapping.line)

    def _report(self, key: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.location_of(key), message, fix))

    def _get(self, key: str, required: bool) -> Any:
        self.read.add(key)
        value = self.mapping.get(key)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None and required:
            self._report(key, f"this {self.what} has no '{key}'", f"add '{key}: …' to this {self.what}")
        return value

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            self._report(key, f"'{key}' should be text, but it is {_describe(value)}", _quote_fix(key, value))
            return default
        return clean(value).strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key, required=False) or None

    def web_address(self, key: str) -> str | None:
        """An optional http(s) URL; anything else (javascript:, file:) is refused."""
        value = self.optional_text(key)
        if value and not re.match(r"https?://[^\s]+$", value):
            self._report(
                key,
                f"'{key}' should be a web address starting with http:// or https://",
                f"write the article's address, e.g. {key}: https://example.org/news/story",
            )
            return None
        return value

    def base_address(self, key: str) -> str:
        """An optional public address of the site: absolute http(s), with a plain path."""
        value = self.web_address(key)
        problem = urls.base_url_problem(value) if value else None
        if problem:
            self._report(
                key, f"'{key}' {problem}", f"write the site's public address, e.g. {key}: https://example.org/briefing/"
            )
            return ""
        return value or ""

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            self._report(
                key,
                f"'{key}' should be a list, but it is {_describe(value)}",
                f"write one item per line under '{key}:', each starting with '- '",
            )
            return ()
        for number, item in enumerate(value, start=1):
            if not isinstance(item, str):
                self._report(
                    key, f"item {number} of '{key}' should be text, but it is {_describe(item)}", _quote_fix(key, item)
                )
                return ()
            if not clean(item).strip():  # a blank alias would be a name found at every word's end
                self._report(key, f"item {number} of '{key}' is blank", "remove it, or write its text")
                return ()
        return tuple(clean(item).strip() for item in value)

    def language(self, key: str) -> str | None:
        """An optional language tag ('de', 'pt-BR'), normalised ('en_GB' is en-GB); one that is not a tag of a known
        language, script and region is refused."""
        value = self._get(key, required=False)
        if value is None:
            return None
        read = read_tag(value)
        if read.whole:
            return read.tag
        if isinstance(value, bool):  # 'language: no', Norwegian, unquoted
            self._report(key, f"'{key}' should be a language tag, but it is {_describe(value)}", _quote_fix(key, value))
            return None
        known = f"'{read.tag}' is" if read.tag else "'en', 'de-AT' and 'pt-BR' are"
        self._report(
            key,
            f"'{key}' should be a language tag, but {_describe(value)} is not one",
            f"write the language as BCP 47 tags it ({known}), or remove the line",
        )
        return None

    def common_language(self, key: str) -> str | None:
        """`language`, with a tag of the common shape ('en', 'en_GB') read without looking its codes up
        (`common_tag`): for a setting every build reads."""
        self.read.add(key)
        return common_tag(self.mapping.get(key)) or self.language(key)

    def day(self, key: str) -> date | None:
        self.read.add(key)
        value = self.mapping.get(key)
        if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
            return value
        self._report(key, f"'{key}' should be a date, but it is {_describe(value)}", f"write it as {key}: 2024-01-31")
        return None

    def number(self, key: str, default: int) -> int:
        self.read.add(key)
        value = self.mapping.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self._report(
                key,
                f"'{key}' should be a whole number above 0, but it is {_describe(value)}",
                f"write it as {key}: {default}",
            )
            return default
        return value

    def flag(self, key: str, default: bool) -> bool:
        self.read.add(key)
        value = self.mapping.get(key, default)
        if not isinstance(value, bool):
            self._report(
                key,
                f"'{key}' should be true or false, but it is {_describe(value)}",
                f"write {key}: true or {key}: false",
            )
            return default
        return value

    def section(self, key: str) -> _Fields:
        """A nested mapping of fields (an empty one when it is missing)."""
        self.read.add(key)
        value = self.mapping.get(key)
        if value is not None and not isinstance(value, Mapping):
            self._report(
                key,
                f"'{key}' should hold indented fields, but it is {_describe(value)}",
                f"write '{key}:' on its own line and its fields indented below it",
            )
            value = None
        section = _Fields(
            value if value is not None else Mapping(self.mapping.line_of(key)), self.file, key, self.problems
        )
        self.nested.append(section)
        return section

    def mappings(self, key: str, what: str, required: bool = False) -> list[_Fields]:
        value = self._get(key, required)
        if value is None:
            return []
        items = value if isinstance(value, list) else None
        if items is None or not all(isinstance(item, Mapping) for item in items):
            self._report(
                key,
                f"'{key}' should be a list of {what} entries, but it is {_describe(value)}",
                f"start each {what} under '{key}:' with '- ' followed by its fields",
            )
            return []
        entries = [_Fields(item, self.file, what, self.problems) for item in items]
        self.nested += entries
        return entries

    def unknown(self, typos_only: bool = False) -> list[Problem]:
        """A warning for each key never read, here and in the nested fields: a misspelt 'publshed' or 'aliasses'
        is otherwise dropped without a word. `typos_only`: only keys close to a field's name (an article
        brought from another tool keeps fields of its own, such as Hugo's 'tags')."""
        found = []
        for key in self.mapping:
            if key in self.read:
                continue
            close = difflib.get_close_matches(str(key), sorted(self.read), n=1, cutoff=0.75)
            if close:
                fix = f"did you mean '{close[0]}'?"
            elif typos_only:
                continue
            else:
                fix = f"remove it, or make it a comment with '#'; the fields here: {', '.join(sorted(self.read))}"
            found.append(
                Problem(self.location_of(key), f"'{key}' is not a field of this {self.what}, so it is ignored", fix)
            )
        return found + [problem for fields in self.nested for problem in fields.unknown(typos_only)]


def _read_text(
    path: Path,
    root: Path,
    problems: list[Problem],
    warnings: list[Problem] | None = None,
    size_limit_mb: int = DEFAULT_SIZE_LIMIT_MB,
    data: bytes | None = None,
    empty_fix: str | None = None,
) -> str | None:
    """The file's clean text (of `data`, its bytes, when they were read already), or None with the problem listed
    (`empty_fix`: the fix for a file with nothing in it, when it is not to write it or delete it)."""
    try:
        read = read_text_file(path, size_limit_mb) if data is None else file_text(data)
    except EmptyFile as error:
        problems.append(Problem(Location(_display(path, root)), error.message, empty_fix or error.fix))
        return None
    except UnreadableFile as error:
        problems.append(unreadable(path, root, error))
        return None
    if read.warning and warnings is not None:
        warnings.append(
            Problem(Location(_display(path, root)), read.warning, "save it as UTF-8 to be sure of every letter")
        )
    return read.text


def unreadable(path: Path, root: Path, error: UnreadableFile) -> Problem:
    return Problem(Location(_display(path, root)), error.message, error.fix)


def text_of(path: Path, shown: str | None = None) -> str:
    """A file of the user's as text, read as every content file is (a byte-order mark, UTF-16 from Notepad,
    Windows-1252, CRLF); one that is no text (binary, empty, a NUL byte in it) stops with a problem naming it
    (as `shown`, else its path)."""
    try:
        return read_text_file(path).text
    except UnreadableFile as error:
        raise ContentError([Problem(Location(shown or str(path)), error.message, error.fix)]) from None


def _display(path: Path, root: Path) -> str:
    """The path as the user knows it: relative to the content folder's parent."""
    try:
        return shown_path(str(path.relative_to(root.parent)))
    except ValueError:
        return shown_path(str(path))


# What each settings file holds at the least: the fix when it is empty or holds only comments (deleting it, the
# fix for an empty article, gives "cannot read this file" instead).
_AT_THE_LEAST = {
    SETTINGS_FILE: "write the briefing's settings, at least 'title: …' and 'description: …'",
    TOPICS_FILE: "list the topics under 'topics:', each with its slug, title, overview and keywords",
    ENTITIES_FILE: "list the countries, people and organisations under 'countries:', 'people:' and 'organisations:' (with none yet, write 'countries: []')",
    FACTS_FILE: "list the agreements under 'agreements:' (with none yet, write 'agreements: []')",
}


def _top_mapping(
    path: Path,
    root: Path,
    problems: list[Problem],
    warnings: list[Problem] | None,
    size_limit_mb: int = DEFAULT_SIZE_LIMIT_MB,
) -> _Fields | None:
    file = _display(path, root)
    if misnamed := _named_otherwise(path, root):
        problems.append(misnamed)
        return None
    at_the_least = _AT_THE_LEAST.get(path.name, "see the README's content model for its fields")
    text = _read_text(path, root, problems, warnings, size_limit_mb, empty_fix=at_the_least)
    if text is None:
        return None
    data = _mapping(text, file, 1, problems, "this file should hold a YAML mapping of fields", at_the_least)
    return _Fields(data, file, "file", problems) if data is not None else None


def _named_otherwise(path: Path, root: Path) -> Problem | None:
    """For a content file that is missing, the problem naming the one beside it under another spelling of its
    name ('topics.yml', 'Topics.YAML', as other tools and Windows write them), which the build does not read."""
    if path.exists() or path.is_symlink():
        return None
    spellings = {path.name.lower(), path.with_suffix(".yml").name.lower()}
    with contextlib.suppress(OSError):
        for other in sorted(path.parent.iterdir()):
            if other.name.lower() in spellings:
                return Problem(
                    Location(_display(path, root)),
                    f"there is no such file, but there is {other.name} beside it, which the build does not read",
                    f"rename {other.name} to {path.name}",
                )
    return None


def _mapping(text: str, file: str, first_line: int, problems: list[Problem], wrong: str, fix: str) -> Mapping | None:
    """YAML text that must hold a mapping of fields (`first_line`: where it starts in the file); None, with
    the problem listed, when it does not parse or holds something else."""
    try:
        data = yamlfile.parse(text, file, first_line=first_line)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    if not isinstance(data, Mapping):
        problems.append(Problem(Location(file, first_line), wrong, fix))
        return None
    return data


def _settings(fields: _Fields) -> Settings:
    return Settings(
        title=fields.text("title"),
        subtitle=fields.text("subtitle", required=False),
        description=fields.text("description"),
        language=fields.common_language("language") or "en",
        base_url=fields.base_address("base_url"),
        key_points=tuple(
            KeyPoint(point.text("text"), point.optional_text("article"), point.location)
            for point in fields.mappings("key_points", "key point")
        ),
        latest_count=fields.number("latest_count", 5),
        feed_count=fields.number("feed_count", 20),
        size_limit_mb=fields.number("size_limit_mb", DEFAULT_SIZE_LIMIT_MB),
        location=fields.location,
        pretty_urls=fields.flag("pretty_urls", False),
        subject_country=fields.optional_text("subject_country"),
        subject_country_location=fields.location_of("subject_country"),
        agreement=_agreement(fields),
    )


def _agreement(fields: _Fields) -> str:
    """What the tracker follows, as the pages name it: a noun phrase the pages put their own words before
    ('its defence cooperation agreement', 'No agreement is reported …'), so it cannot start with 'a' or 'the'."""
    agreement = fields.text("agreement", required=False) or "agreement"
    article = re.match(r"(?:an?|the)\s+", agreement, re.IGNORECASE)
    if article:
        fields._report(
            "agreement",
            f"'agreement' starts with '{article.group().strip()}': the pages put their own words before it",
            f"write it without: agreement: {agreement[article.end() :]}",
        )
    return agreement


def _topic(fields: _Fields) -> Topic:
    return Topic(
        slug=fields.text("slug"),
        title=fields.text("title"),
        overview=fields.text("overview"),
        keywords=fields.texts("keywords", required=True),
        location=fields.location,
        show_map=fields.flag("map", False),
    )


def _entity(fields: _Fields, kind: str) -> Entity:
    return Entity(
        slug=fields.text("slug"),
        kind=kind,
        name=fields.text("name"),
        aliases=fields.texts("aliases"),
        description=fields.text("description", required=False),
        location=fields.location,
        iso_code=fields.text("iso_code") if kind == "country" else None,
        role=fields.optional_text("role") if kind == "person" else None,
        partner=fields.flag("partner", True) if kind == "country" else False,
    )


def _fact(fields: _Fields) -> Fact:
    citation = Citation(
        fields.text("article"), fields.text("sentence"), Location(fields.file, fields.mapping.line_of("sentence"))
    )
    return Fact(
        partner=fields.text("partner"),
        status=fields.text("status"),
        citation=citation,
        location=fields.location,
        date=fields.day("date"),
    )


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split '---\\nYAML\\n---\\nbody' into (YAML, body, line where the body starts)."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None
    for index, line in enumerate(lines[1:], start=1):
        # At the line's start, as every front matter reader has it: an indented '---' continues a YAML value (a
        # summary or answer holding a '---' paragraph, as ingest writes one), it does not end the fields.
        if line.rstrip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def _front_matter_problem(text: str, file: str) -> Problem:
    """What is wrong with an article's front matter that cannot be split off: it never starts, or never ends, or
    it is TOML, as Hugo writes it."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if first_line == TOML_FENCE:
        return Problem(
            Location(file, 1),
            "this article's front matter is TOML (between '+++' lines, as Hugo writes it); articles hold YAML",
            f"move it into the content folder's {INBOX_DIR}/ folder: the next build ingests it, its fields as YAML",
        )
    if first_line == FRONT_MATTER_FENCE:
        return Problem(
            Location(file, 1),
            "this article's front matter is never closed",
            "end the article's fields (title, summary, …) with a '---' line before the text",
        )
    return Problem(
        Location(file, 1),
        "this article has no front matter",
        "start the file with a '---' line, the article's fields (title, summary, …), and another '---' line",
    )


def article_slug(given: object, path: Path) -> str:
    """The slug the build gives an article: its 'slug' field when that is text, or else its file
    name normalised ('Київ 2024.md' gives 'kyiv-2024')."""
    slug = clean(given).strip() if isinstance(given, str) else ""
    return slug or slugify(path.stem)


def slug_in_file(text: str, path: Path) -> str:
    """The slug the build will give the article file with this text (ingest checks new slugs against it)."""
    parts = split_front_matter(text)
    try:
        front = yamlfile.parse(parts[0], str(path), first_line=2) if parts else None
    except ContentError:
        front = None  # the build reports the broken front matter
    return article_slug(front.get("slug") if isinstance(front, Mapping) else None, path)


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class LoadedArticle:
    """An article file as read: the article, and its body's Markdown (which the build renders once and keeps
    rendered: the briefing's articles do not carry it)."""

    article: Article
    body: str


def load_article(
    path: Path,
    root: Path,
    problems: list[Problem],
    warnings: list[Problem] | None = None,
    size_limit_mb: int = DEFAULT_SIZE_LIMIT_MB,
    data: bytes | None = None,
) -> LoadedArticle | None:
    """One article file; its problems (and warnings, such as a guessed encoding) are added to the lists.

    `data`: the file's bytes, when the caller has read them already (the build, for their digest).
    """
    file = _display(path, root)
    text = _read_text(path, root, problems, warnings, size_limit_mb, data)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        problems.append(_front_matter_problem(text, file))
        return None
    front, body, _ = parts
    data = _mapping(
        front,
        file,
        2,
        problems,
        "the front matter should be a mapping of fields",
        "write one 'field: value' per line between the '---' lines",
    )
    if data is None:
        return None
    article = article_from_fields(
        data, file, path, problems, digest=file_digest(f"{file}\n{text}".encode()), warnings=warnings
    )
    return LoadedArticle(article, body.strip() + "\n")


def article_from_fields(
    data: Mapping,
    file: str,
    path: Path,
    problems: list[Problem],
    digest: str = "",
    warnings: list[Problem] | None = None,
) -> Article:
    """An article from its front matter's fields, checked by the build's rules (ingest checks arrivals with it);
    a misspelt field's name is added to `warnings`."""
    fields = _Fields(data, file, "article", problems)
    source = fields.section("source")
    article = Article(
        slug=article_slug(fields.text("slug", required=False), path),
        title=fields.text("title"),
        summary=fields.text("summary"),
        source=Source(
            publisher=source.optional_text("publisher"),
            url=source.web_address("url"),
            original=source.optional_text("original"),
        ),
        location=Location(file, 1),
        published=fields.day("published"),
        ingested=fields.day("ingested"),
        author=fields.optional_text("author"),
        highlights=fields.texts("highlights"),
        qa=tuple(
            QAPair(pair.text("question"), pair.text("answer"), pair.location)
            for pair in fields.mappings("qa", "question-and-answer")
        ),
        topics=fields.texts("topics"),
        language=fields.language("language"),
        digest=digest,
        topics_location=fields.location_of("topics"),
    )
    if warnings is not None:
        warnings += fields.unknown(typos_only=True)
    return article


def article_listing(root: Path) -> Listing:
    """The article files, and the entries of the articles folder that are refused unread."""
    return list_files(root / ARTICLES_DIR, root, suffix=".md")


# The names of the files ingest reads. What a Markdown file may be called elsewhere (by Windows, or another
# tool) the build would pass over in the articles folder, which it reads for '.md' files only.
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
QA_SUFFIXES = (".yaml", ".yml")
# Names only feeds have: such a file that is not a feed is refused rather than read as text.
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json")
# Not '.txt': a text among the articles is more often a note on them (a readme) than an arrival.
_ARRIVAL_SUFFIXES = (*HTML_SUFFIXES, *QA_SUFFIXES, *FEED_SUFFIXES)


def misnamed_articles(listing: Listing, root: Path) -> list[Problem]:
    """A warning for each file in the articles folder that the build does not read but a user may take for an
    article: a Markdown file that does not end in '.md' ('NOTES.MD', saved so by Windows, or 'notes.markdown'),
    or what ingest reads (a saved page, a feed, Q&A) put there by hand; and for each subfolder that holds
    articles ('articles/2024/', as other tools sort them), which the build does not read."""
    misnamed = [
        problem
        for path in listing.other_names
        if (problem := _misnamed_article(Path(path), _display(Path(path), root))) is not None
    ]
    return misnamed + [problem for folder in listing.folders if (problem := _unread_folder(Path(folder), root))]


def _unread_folder(folder: Path, root: Path) -> Problem | None:
    held = list_files(folder, root, suffix=".md", recursive=True).paths
    if not held:
        return None
    display, articles = _display(folder, root), _display(root / ARTICLES_DIR, root)
    return Problem(
        Location(f"{display}/"),
        f"the {len(held)} article(s) in this folder are not read: the build reads those in {articles}/ itself",
        f"move them into {articles}/, each with a name of its own (mv {display}/*.md {articles}/)",
    )


def _misnamed_article(path: Path, display: str) -> Problem | None:
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        fix = f"rename it to '{path.stem}.md'"
    elif suffix in _ARRIVAL_SUFFIXES:
        fix = f"move it into the content folder's {INBOX_DIR}/ folder: the next build ingests it into an article"
    else:
        return None
    return Problem(
        Location(display), "this file is not read as an article: only files whose names end in '.md' are", fix
    )


def article_key(listed: str) -> str:
    """An article file's path in the content folder ('articles/x.md'), from its path as `article_listing` lists it
    (the articles folder has no subfolders)."""
    return os.path.join(ARTICLES_DIR, os.path.basename(listed))


def article_paths(root: Path) -> list[Path]:
    return list(article_listing(root).files)


def refusals(listing: Listing, root: Path) -> list[Problem]:
    """One problem for each folder entry refused unread (a link leaving the content, a pipe, a device)."""
    return [unreadable(entry.path, root, entry.why) for entry in listing.refused]


def refuse_missing_content(root: Path) -> None:
    """Raise ContentError if the content folder does not exist (a mistyped --content)."""
    if not root.is_dir():
        raise ContentError(
            [
                Problem(
                    Location(str(root)),
                    "the content folder does not exist",
                    "pass --content with the folder that holds site.yaml",
                )
            ]
        )


def load_settings(root: Path, problems: list[Problem], warnings: list[Problem] | None = None) -> Content | None:
    """The settings, topics, entities and facts, with no articles yet; problems are added to `problems`."""
    refuse_missing_content(root)

    settings_fields = _top_mapping(root / SETTINGS_FILE, root, problems, warnings)
    settings = _settings(settings_fields) if settings_fields else None
    size_limit_mb = settings.size_limit_mb if settings else DEFAULT_SIZE_LIMIT_MB
    topics_fields = _top_mapping(root / TOPICS_FILE, root, problems, warnings, size_limit_mb)
    entities_fields = _top_mapping(root / ENTITIES_FILE, root, problems, warnings, size_limit_mb)
    facts_fields = _top_mapping(root / FACTS_FILE, root, problems, warnings, size_limit_mb)

    topics = tuple(_topic(f) for f in topics_fields.mappings("topics", "topic", required=True)) if topics_fields else ()
    entities: tuple[Entity, ...] = ()
    if entities_fields:
        entities = tuple(
            _entity(f, kind) for kind in ENTITY_KINDS for f in entities_fields.mappings(ENTITY_GROUPS[kind], kind)
        )
    facts = tuple(_fact(f) for f in facts_fields.mappings("agreements", "agreement")) if facts_fields else ()
    if warnings is not None:
        for fields in (settings_fields, topics_fields, entities_fields, facts_fields):
            warnings += fields.unknown() if fields else []
    if settings is None:
        return None
    return Content(settings=settings, topics=topics, entities=entities, articles=(), facts=facts)

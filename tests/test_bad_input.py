"""Bad and hostile input, one row each: the exact message, or the exact correct result.

Every row breaks a fresh copy of the shipped content and runs the command line as a
user would. A row that must fail expects exit status 2, a message whose first line
names the file and line, a fix, no traceback, and no site written. A row that must
succeed says what the built site shows.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.cli import main
from conftest import CONTENT, TEMPLATES

ARTICLE = "content/articles/arrival.md"
SEED = "content/articles/zelensky-plans-bilateral-agreements-with-western-states.md"
TOPICS, ENTITIES, FACTS, SITE = (
    "content/topics.yaml",
    "content/entities.yaml",
    "content/facts.yaml",
    "content/site.yaml",
)


def article(
    title: str = "A new arrival",
    summary: str = "What the arrival says.",
    body: str = "The first paragraph.\n\nThe second paragraph.",
    extra: str = "",
) -> str:
    return f"---\ntitle: {title}\nsummary: {summary}\n{extra}---\n\n{body}\n"


@dataclass(frozen=True)
class Write:
    """Put a new file (text or bytes) into the content."""

    path: str
    data: str | bytes

    def apply(self, root: Path) -> None:
        target = root / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(self.data, bytes):
            target.write_bytes(self.data)
        else:
            target.write_text(self.data, encoding="utf-8")


@dataclass(frozen=True)
class Replace:
    """Change one piece of an existing content file."""

    path: str
    old: str
    new: str

    def apply(self, root: Path) -> None:
        target = root / self.path
        text = target.read_text(encoding="utf-8")
        assert self.old in text, f"{self.old!r} not in {self.path}"
        target.write_text(text.replace(self.old, self.new, 1), encoding="utf-8")


@dataclass(frozen=True)
class Fails:
    """Exit 2; the first problem starts with `problem` ('file:line: message') and its fix contains `fix`."""

    problem: str
    fix: str


@dataclass(frozen=True)
class Builds:
    """Exit 0; `check(site, output)` says what the site shows."""

    check: Callable[[Path, str], None]


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def shows(path: str, *fragments: str, absent: tuple[str, ...] = ()) -> Callable[[Path, str], None]:
    def check(site: Path, output: str) -> None:
        html = page(site, path)
        for fragment in fragments:
            assert fragment in html, f"{fragment!r} not in {path}"
        for fragment in absent:
            assert fragment not in html, f"{fragment!r} in {path}"

    return check


def warns_about(file: str, warning: str, path: str, *fragments: str) -> Callable[[Path, str], None]:
    def check(site: Path, output: str) -> None:
        assert f"Warning: {file}: {warning}" in output
        shows(path, *fragments)(site, output)

    return check


def warns(warning: str, path: str, *fragments: str) -> Callable[[Path, str], None]:
    return warns_about(ARTICLE, warning, path, *fragments)


def ignores(location: str, key: str, what: str, fix: str) -> Callable[[Path, str], None]:
    """The build warns that a field it does not know is ignored, at its line, with the fix."""

    def check(site: Path, output: str) -> None:
        assert f"Warning: {location}: '{key}' is not a field of this {what}, so it is ignored\n    fix: {fix}" in output

    return check


def quiet(site: Path, output: str) -> None:
    assert "Warning" not in output, output


ALIAS_BOMB = "lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{n}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(9)
)
PASTED_PARAGRAPH = " ".join(
    ["The United Kingdom signed a ten-year security agreement, covering military aid, training and intelligence."] * 20
)
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

CASES: dict[str, tuple[list[Write | Replace], Fails | Builds]] = {
    # Malformed YAML, at several places
    "yaml: unclosed bracket in site.yaml": (
        [Replace(SITE, "latest_count: 5", "latest_count: [5")],
        Fails(
            f"{SITE}:13: this is not valid YAML: the list that opens with '[' on this line is never closed",
            "end it with ']'",
        ),
    ),
    "yaml: tab indentation in topics.yaml": (
        [Replace(TOPICS, "    title: NATO and membership", "\ttitle: NATO and membership")],
        Fails(f"{TOPICS}:24: this line is indented with a tab; YAML allows only spaces there", "indent it with spaces"),
    ),
    "yaml: a tab before a key in front matter": (
        [
            Write(
                ARTICLE,
                "---\ntitle: A new arrival\nsource:\n\tpublisher: Reuters\nsummary: What it says.\n---\n\nBody.\n",
            )
        ],
        Fails(f"{ARTICLE}:4: this line is indented with a tab; YAML allows only spaces there", "indent it with spaces"),
    ),
    "yaml: a tab before a list item in site.yaml": (
        [Replace(SITE, "  - text:", "\t- text:")],
        Fails(f"{SITE}:19: this line is indented with a tab; YAML allows only spaces there", "indent it with spaces"),
    ),
    "yaml: bad front matter line": (
        [Write(ARTICLE, article(title="- : broken"))],
        Fails(f"{ARTICLE}:2: this is not valid YAML", "check the indentation"),
    ),
    "yaml: unterminated quote in facts.yaml": (
        [
            Replace(
                FACTS,
                "status: signed",
                'status: "signed',
            )
        ],
        Fails(f"{FACTS}:7: this is not valid YAML: the quote that opens on this line is never closed", "same quote"),
    ),
    "yaml: duplicate key": (
        [Replace(SITE, "latest_count: 5", "latest_count: 5\nlatest_count: 6")],
        Fails(
            f"{SITE}:14: the key 'latest_count' appears twice in one mapping", "remove or rename one of the two keys"
        ),
    ),
    "yaml: front matter never closed": (
        [Write(ARTICLE, "---\ntitle: Open\nsummary: Never closed.\n\nBody text.\n")],
        Fails(f"{ARTICLE}:1: this article's front matter is never closed", "with a '---' line before the text"),
    ),
    "yaml: a Python object tag": (
        [Write(ARTICLE, article(extra='topics: !!python/object/apply:os.system ["echo pwned"]\n'))],
        Fails(f"{ARTICLE}:4: this is not valid YAML", "check the indentation"),
    ),
    "yaml: alias bomb": (
        [Write("content/entities.yaml", ALIAS_BOMB)],
        Fails(
            f"{ENTITIES}:1: anchors and aliases (&name, *name) are not allowed in content files",
            "write each value out in full",
        ),
    ),
    "yaml: nested 10,000 deep": (
        [Write(ARTICLE, article(extra="topics: " + "[" * 10_000 + "]" * 10_000 + "\n"))],
        Fails(f"{ARTICLE}:4: the YAML is nested more than 20 levels deep", "check the indentation"),
    ),
    # Missing and wrongly typed fields
    "field: topic without a title": (
        [Replace(TOPICS, "    title: NATO and membership\n", "")],
        Fails(f"{TOPICS}:23: this topic has no 'title'", "add 'title: …' to this topic"),
    ),
    "field: article without a summary": (
        [Write(ARTICLE, "---\ntitle: No summary\n---\n\nBody.\n")],
        Fails(f"{ARTICLE}:2: this article has no 'summary'", "add 'summary: …' to this article"),
    ),
    "field: empty title": (
        [Replace(SITE, "title: Ukraine's Security Guarantees", "title: ''")],
        Fails(f"{SITE}:2: this file has no 'title'", "add 'title: …'"),
    ),
    "field: yes/no where text is wanted": (
        [Replace(ENTITIES, "iso_code: PT", "iso_code: NO")],
        Fails(f"{ENTITIES}:", "'iso_code' should be text, but it is yes/no (False)"),
    ),
    "field: number in a list of text": (
        [Replace(TOPICS, '"1994"', "1994")],
        Fails(f"{TOPICS}:", "item 3 of 'keywords' should be text, but it is a number (1994)"),
    ),
    "field: count that is not a number": (
        [Replace(SITE, "latest_count: 5", "latest_count: five")],
        Fails(
            f"{SITE}:13: 'latest_count' should be a whole number above 0, but it is 'five'",
            "write it as latest_count: 5",
        ),
    ),
    "field: date that is not a date": (
        [Write(ARTICLE, article(extra="published: last Tuesday\n"))],
        Fails(
            f"{ARTICLE}:4: 'published' should be a date, but it is 'last Tuesday'", "write it as published: 2024-01-31"
        ),
    ),
    "field: a date not in the calendar (30 February)": (
        [Write(ARTICLE, article(extra="published: 2024-02-30\n"))],
        Fails(f"{ARTICLE}:4: '2024-02-30' is not a day of the calendar", "a day within that month"),
    ),
    "field: a month 13 in facts.yaml": (
        [Replace(FACTS, "status: signed", "status: signed\n    date: 2024-13-01")],
        Fails(f"{FACTS}:8: '2024-13-01' is not a day of the calendar (month must be in 1..12)", "YYYY-MM-DD"),
    ),
    "field: topics as text, not a list": (
        [Write(ARTICLE, article(extra="topics: nato\n"))],
        Fails(f"{ARTICLE}:4: 'topics' should be a list, but it is 'nato'", "write one item per line under 'topics:'"),
    ),
    "field: Q&A without an answer": (
        [Write(ARTICLE, article(extra="qa:\n  - question: Why?\n"))],
        Fails(f"{ARTICLE}:5: this question-and-answer has no 'answer'", "add 'answer: …'"),
    ),
    # Fields the build does not know: warned of (a misspelt one says the field it looks like), never dropped unseen
    "field: a misspelt date in an article": (
        [Write(ARTICLE, article(extra="publshed: 2024-06-03\n"))],
        Builds(ignores(f"{ARTICLE}:4", "publshed", "article", "did you mean 'published'?")),
    ),
    "field: a misspelt publisher in an article's source": (
        [Write(ARTICLE, article(extra="source:\n  publsher: Example News\n"))],
        Builds(ignores(f"{ARTICLE}:5", "publsher", "source", "did you mean 'publisher'?")),
    ),
    "field: another tool's field in an article (Hugo's tags) is kept quietly": (
        [Write(ARTICLE, article(extra="tags: [defence, talks]\ndraft: false\n"))],
        Builds(quiet),
    ),
    "field: a misspelt list of aliases in entities.yaml": (
        [Replace(ENTITIES, "    aliases: [U.K., UK,", "    aliasses: [U.K., UK,")],
        Builds(ignores(f"{ENTITIES}:9", "aliasses", "country", "did you mean 'aliases'?")),
    ),
    "field: a blank alias in entities.yaml, which would name whatever ends a word": (
        [Replace(ENTITIES, "    aliases: [U.K., UK,", '    aliases: [" ", U.K., UK,')],
        Fails(f"{ENTITIES}:9: item 1 of 'aliases' is blank", "remove it, or write its text"),
    ),
    "field: a paragraph pasted as an alias (2,000 characters; matching it ran out of stack)": (
        [Replace(ENTITIES, "    aliases: [U.K., UK,", f"    aliases: ['{PASTED_PARAGRAPH}', U.K., UK,")],
        Builds(shows("countries/united-kingdom.html", "<h1>United Kingdom</h1>")),
    ),
    "field: a field of its own in facts.yaml": (
        [Replace(FACTS, "    status: signed\n", "    status: signed\n    checked_by: the desk\n")],
        Builds(ignores(f"{FACTS}:8", "checked_by", "agreement", "remove it, or make it a comment with '#'")),
    ),
    "field: a misspelt count in site.yaml": (
        [Replace(SITE, "latest_count: 5", "latest_cont: 5")],
        Builds(ignores(f"{SITE}:13", "latest_cont", "file", "did you mean 'latest_count'?")),
    ),
    "field: the site's language written as a locale": (
        [Replace(SITE, "language: en-GB", "language: en_GB")],
        Builds(shows("index.html", '<html lang="en-GB"')),
    ),
    "field: the site's language written as a word": (
        [Replace(SITE, "language: en-GB", "language: English")],
        Fails(f"{SITE}:9: 'language' should be a language tag, but 'English' is not one", "BCP 47"),
    ),
    "field: the site's language a region ISO 3166 does not have": (
        [Replace(SITE, "language: en-GB", "language: en-UK")],
        Fails(f"{SITE}:9: 'language' should be a language tag, but 'en-UK' is not one", "('en' is)"),
    ),
    "field: the site's language a code of no language": (
        [Replace(SITE, "language: en-GB", "language: eg")],
        Fails(f"{SITE}:9: 'language' should be a language tag, but 'eg' is not one", "'en', 'de-AT'"),
    ),
    # Unknown references
    "reference: unknown topic": (
        [Write(ARTICLE, article(extra="topics: [natto]\n"))],
        Fails(f"{ARTICLE}:4: the article names an unknown topic 'natto'", "did you mean 'nato'?"),
    ),
    "reference: a topic when topics.yaml lists none yet": (
        [Write(TOPICS, "topics: []\n"), Write(ARTICLE, article(extra="topics: [nato]\n"))],
        Fails(
            f"{ARTICLE}:4: the article names an unknown topic 'nato'",
            "use a topic from topics.yaml: there are none yet; add it first, or take this reference out",
        ),
    ),
    "reference: unknown partner": (
        [Replace(FACTS, "partner: united-kingdom", "partner: united-kingdon")],
        Fails(
            f"{FACTS}:6: the partner 'united-kingdon' is not a partner country in entities.yaml",
            "did you mean 'united-kingdom'?",
        ),
    ),
    "reference: citation of an unknown article": (
        [Replace(FACTS, "article: zelensky-plans-bilateral-agreements-with-western-states", "article: zelensky-plans")],
        Fails(f"{FACTS}:9: the citation names an unknown article 'zelensky-plans'", "use an article's slug"),
    ),
    "reference: key point citing an unknown article": (
        [Replace(SITE, "article: zelensky-plans-bilateral-agreements-with-western-states", "article: no-such-article")],
        Fails(f"{SITE}:", "the key point cites an unknown article 'no-such-article'"),
    ),
    "reference: cited sentence not in the article": (
        [Replace(FACTS, "So far, Ukraine has signed", "So far, Ukraine signed")],
        Fails(
            f"{FACTS}:9: the cited sentence is not in the article 'zelensky-plans-bilateral-agreements-with-western-states'",
            "copy the sentence exactly from one body paragraph",
        ),
    ),
    # Duplicate and unsafe slugs
    "slug: two topics share one": (
        [Replace(TOPICS, "slug: security-guarantees", "slug: security-agreements")],
        Fails(
            f"{TOPICS}:15: the topic slug 'security-agreements' is used twice (first at {TOPICS}:5)",
            "give one of them a different slug",
        ),
    ),
    "slug: an article's slug taken from another": (
        [Write(ARTICLE, article(extra="slug: zelensky-plans-bilateral-agreements-with-western-states\n"))],
        Fails(
            f"{SEED}:1: the article slug 'zelensky-plans-bilateral-agreements-with-western-states' is used twice",
            "give one of them a different slug",
        ),
    ),
    "slug: ../ in an article slug": (
        [Write(ARTICLE, article(extra="slug: ../../etc/passwd\n"))],
        Fails(f"{ARTICLE}:1: the article slug '../../etc/passwd' is not a plain slug", "e.g. 'etc-passwd'"),
    ),
    "slug: absolute path as a topic slug": (
        [Replace(TOPICS, "slug: nato", "slug: /tmp/nato")],
        Fails(f"{TOPICS}:23: the topic slug '/tmp/nato' is not a plain slug", "e.g. 'tmp-nato'"),
    ),
    "slug: the list page's name": (
        [Write(ARTICLE, article(extra="slug: index\n"))],
        Fails(
            f"{ARTICLE}:1: the article slug 'index' cannot be used: the site's own list pages use this name",
            "e.g. 'index-article'",
        ),
    ),
    "slug: the FAQ's name for questions without a topic": (
        [Replace(TOPICS, "slug: nato", "slug: other-questions")],
        Fails(
            f"{TOPICS}:23: the topic slug 'other-questions' cannot be used: the questions and answers without a topic use this name",
            "e.g. 'other-questions-topic'",
        ),
    ),
    "slug: a Windows device name": (
        [Replace(TOPICS, "slug: nato", "slug: con")],
        Fails(
            f"{TOPICS}:23: the topic slug 'con' cannot be used: Windows cannot create a file with this name",
            "e.g. 'con-topic'",
        ),
    ),
    "slug: Cyrillic file name, transliterated": (
        [Write("content/articles/Київ і НАТО.md", article(title="Київ і НАТО"))],
        Builds(shows("articles/kiiv-i-nato.html", '<h1 id="page-title">Київ і НАТО</h1>')),
    ),
    # Script in every field a user can write
    "xss: title": (
        [Write(ARTICLE, article(title=f'"{SCRIPT} title"'))],
        Builds(shows("articles/arrival.html", f'<h1 id="page-title">{ESCAPED_SCRIPT} title</h1>', absent=(SCRIPT,))),
    ),
    "xss: summary": (
        [Write(ARTICLE, article(summary=f'"{SCRIPT} summary"'))],
        Builds(shows("articles/arrival.html", f"{ESCAPED_SCRIPT} summary", absent=(SCRIPT,))),
    ),
    "xss: body": (
        [Write(ARTICLE, article(body=f'{SCRIPT}\n\n<img src=x onerror="alert(1)">\n\n[link](javascript:alert(1))'))],
        Builds(
            shows(
                "articles/arrival.html",
                f'<p id="p-1">{ESCAPED_SCRIPT}</p>',
                "&lt;img src=x onerror=",
                absent=(SCRIPT, "<img", 'href="javascript'),
            )
        ),
    ),
    "xss: Q&A": (
        [
            Write(
                ARTICLE,
                article(extra=f'qa:\n  - question: "{SCRIPT}?"\n    answer: "<b onmouseover=alert(1)>bold</b>"\n'),
            )
        ],
        Builds(
            shows(
                "faq.html",
                f"{ESCAPED_SCRIPT}?",
                "&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;",
                absent=(SCRIPT, "<b onmouseover"),
            )
        ),
    ),
    "xss: javascript: source URL": (
        [Write(ARTICLE, article(extra="source:\n  url: javascript:alert(1)\n"))],
        Fails(
            f"{ARTICLE}:5: 'url' should be a web address starting with http:// or https://",
            "write the article's address",
        ),
    ),
    "xss: source URL breaking out of its attribute": (
        [Write(ARTICLE, article(extra='source:\n  url: "https://example.org/\\"><script>alert(1)</script>"\n'))],
        Builds(
            shows(
                "articles/arrival.html",
                'href="https://example.org/&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
                absent=(SCRIPT,),
            )
        ),
    ),
    # Sizes, binary files and encodings
    "file: over the size limit": (
        [Write(ARTICLE, article(body="Long text. " * 500_000))],
        Fails(f"{ARTICLE}: this file is 5.2 MB, over the 5 MB limit", "raise 'size_limit_mb' in site.yaml"),
    ),
    "file: size limit raised in site.yaml": (
        [
            Write(ARTICLE, article(body="Long text. " * 500_000)),
            Replace(SITE, "latest_count: 5", "latest_count: 5\nsize_limit_mb: 6"),
        ],
        Builds(shows("articles/arrival.html", "Long text. Long text.")),
    ),
    "file: empty": (
        [Write(ARTICLE, b"")],
        Fails(f"{ARTICLE}: this file is empty", "write its content, or delete the file"),
    ),
    "file: an empty facts.yaml (deleting it is no fix)": (
        [Write(FACTS, "")],
        Fails(f"{FACTS}: this file is empty", "(with none yet, write 'agreements: []')"),
    ),
    "file: an entities.yaml of comments only": (
        [Write(ENTITIES, "# The countries, people and organisations: none yet.\n")],
        Fails(
            f"{ENTITIES}:1: this file should hold a YAML mapping of fields", "(with none yet, write 'countries: []')"
        ),
    ),
    "file: only blank lines": (
        [Write(ARTICLE, "\n\n  \n")],
        Fails(f"{ARTICLE}: this file is empty", "write its content"),
    ),
    "file: a PNG image named .md": (
        [Write(ARTICLE, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")],
        Fails(
            f"{ARTICLE}: this is not a text file: it looks like a PNG image",
            "save the article's text as a UTF-8 text or Markdown file",
        ),
    ),
    "file: a PDF named .md": (
        [Write(ARTICLE, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")],
        Fails(f"{ARTICLE}: this is not a text file: it looks like a PDF document", "save the article's text"),
    ),
    "file: an article with TOML front matter, as Hugo writes it": (
        [Write(ARTICLE, '+++\ntitle = "Pact"\n+++\n\nChile and Peru signed.\n')],
        Fails(
            f"{ARTICLE}:1: this article's front matter is TOML (between '+++' lines, as Hugo writes it)",
            "move it into the content folder's inbox/ folder: the next build ingests it, its fields as YAML",
        ),
    ),
    "file: an article saved as rich text by TextEdit": (
        [Write(ARTICLE, "{\\rtf1\\ansi\\ansicpg1252\\cocoartf2639\n\\f0\\fs24 \\cf0 ---\\\ntitle: Pact\\\n---\\\n}")],
        Fails(
            f"{ARTICLE}: this is rich text (RTF), as TextEdit and WordPad save a document",
            "save it as plain text (TextEdit: Format > Make Plain Text; WordPad: Save as > Text Document)",
        ),
    ),
    "file: NUL bytes": (
        [Write(ARTICLE, b"\x00\x01\x02\xff\xfe\x80" * 10)],
        Fails(f"{ARTICLE}: this is not a text file: it looks like binary data, not text", "UTF-8 text"),
    ),
    "file: a stray NUL byte in a text file": (
        [Write(ARTICLE, article().encode() + b"\x00\x01\x02")],
        Fails(f"{ARTICLE}: this text holds a NUL byte (on line 9), which no text file has", "delete it"),
    ),
    "file: a stray NUL byte in topics.yaml": (
        [Replace(TOPICS, "    title: NATO and membership", "    title: NATO and\x00 membership")],
        Fails(f"{TOPICS}: this text holds a NUL byte (on line 24), which no text file has", "delete it"),
    ),
    "encoding: an article saved in decomposed form (NFD, as macOS may) names a person written composed": (
        [
            Replace(ENTITIES, "people:\n", "people:\n  - slug: jose-albares\n    name: José Manuel Albares\n"),
            Write(ARTICLE, unicodedata.normalize("NFD", article(body="José Manuel Albares spoke in Kyiv."))),
        ],
        Builds(shows("people/jose-albares.html", "A new arrival", "José Manuel Albares spoke in Kyiv.")),
    ),
    "encoding: UTF-16 without a byte-order mark": (
        [Write(ARTICLE, article(title="Café talks", body="Naïve “quotes”.").encode("utf-16-le"))],
        Builds(
            warns(
                "this file is UTF-16 without a byte-order mark; it was read as UTF-16",
                "articles/arrival.html",
                "Café talks",
                "Naïve “quotes”.",
            )
        ),
    ),
    "file: no known encoding": (
        [Write(ARTICLE, article().encode() + b"\x98\x81")],
        Fails(
            f"{ARTICLE}: this file is not UTF-8 text, nor in any other encoding this tool knows",
            "save it as UTF-8 text",
        ),
    ),
    "encoding: UTF-8 with a byte-order mark": (
        [Write(ARTICLE, codecs.BOM_UTF8 + article(title="Með BOM").encode())],
        Builds(shows("articles/arrival.html", '<h1 id="page-title">Með BOM</h1>')),
    ),
    "encoding: UTF-16 with a byte-order mark": (
        [Write(ARTICLE, article(title="Україна в UTF-16").encode("utf-16"))],
        Builds(shows("articles/arrival.html", '<h1 id="page-title">Україна в UTF-16</h1>')),
    ),
    # UTF-32's little-endian mark starts with UTF-16's: read as UTF-16, a character past U+FFFF came out wrong.
    "encoding: UTF-32 with a byte-order mark": (
        [Write(ARTICLE, article(title="Україна в UTF-32 🇺🇦").encode("utf-32"))],
        Builds(shows("articles/arrival.html", '<h1 id="page-title">Україна в UTF-32 🇺🇦</h1>')),
    ),
    "encoding: UTF-32 big-endian with a byte-order mark": (
        [Write(ARTICLE, codecs.BOM_UTF32_BE + article(title="Україна в UTF-32").encode("utf-32-be"))],
        Builds(shows("articles/arrival.html", '<h1 id="page-title">Україна в UTF-32</h1>')),
    ),
    "encoding: Windows-1251 Cyrillic": (
        [
            Write(
                ARTICLE,
                article(title="Гарантії безпеки для України", body="Угода про безпеку підписана.").encode("cp1251"),
            )
        ],
        Builds(
            warns(
                "this file is not UTF-8; it was read as Windows-1251 (Cyrillic)",
                "articles/arrival.html",
                '<h1 id="page-title">Гарантії безпеки для України</h1>',
            )
        ),
    ),
    "encoding: Windows-1252 Western": (
        [Write(ARTICLE, article(title="Café diplomacy in Zürich", body="Négociations à Genève.").encode("cp1252"))],
        Builds(
            warns(
                "this file is not UTF-8; it was read as Windows-1252 (Western European)",
                "articles/arrival.html",
                '<h1 id="page-title">Café diplomacy in Zürich</h1>',
            )
        ),
    ),
    "encoding: Windows-1252 settings file": (
        [
            Write(
                SITE,
                (CONTENT / "site.yaml")
                .read_text(encoding="utf-8")
                .replace("title: Ukraine's Security Guarantees", "title: Garanties de sécurité")
                .encode("cp1252"),
            )
        ],
        Builds(
            warns_about(
                SITE,
                "this file is not UTF-8; it was read as Windows-1252 (Western European)",
                "index.html",
                "Garanties de sécurité",
            )
        ),
    ),
    "encoding: CRLF line endings": (
        [Write(ARTICLE, article(title="Windows lines", body="First.\n\nSecond.").replace("\n", "\r\n"))],
        Builds(
            shows(
                "articles/arrival.html",
                '<h1 id="page-title">Windows lines</h1>',
                '<p id="p-2">Second.</p>',
                absent=("\r",),
            )
        ),
    ),
    "encoding: control characters": (
        [Write(ARTICLE, article(title='"Bell\\a and escape\\e"', body="Tab\tand\x0bvertical\x1b[31m colour"))],
        Builds(
            shows(
                "articles/arrival.html",
                '<h1 id="page-title">Bell and escape</h1>',
                "Tab\tandvertical[31m colour",
                absent=("\x07", "\x1b", "\x0b"),
            )
        ),
    ),
}


@pytest.mark.parametrize("edits, outcome", list(CASES.values()), ids=list(CASES))
def test_bad_input(
    tmp_path: Path,
    content_copy: Path,
    capsys: pytest.CaptureFixture[str],
    edits: list[Write | Replace],
    outcome: Fails | Builds,
):
    for edit in edits:
        edit.apply(tmp_path)
    out = tmp_path / "site"
    status = main(
        ["build", "--content", "content", "--templates", str(TEMPLATES), "--out", "site", "--quiet", "--jobs", "1"]
    )
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    if isinstance(outcome, Fails):
        assert status == 2, output
        first_problem = captured.err.splitlines()[1].strip()
        assert first_problem.startswith(outcome.problem), output
        assert "fix: " in captured.err and outcome.fix in captured.err, output
        assert not out.exists()
    else:
        assert status == 0, output
        outcome.check(out, output)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the folder that holds the content copy, so messages name 'content/…' as a user sees them."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("out", ["content", ".", "content/site"])
def test_output_folders_that_would_destroy_content_are_refused(
    tmp_path: Path, content_copy: Path, capsys: pytest.CaptureFixture[str], out: str
):
    status = main(["build", "--content", "content", "--templates", str(TEMPLATES), "--out", out, "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert "refusing to write the site here" in err and "fix: choose an output folder of its own" in err
    assert (content_copy / "site.yaml").exists() and not (tmp_path / "content" / "site").exists()


@pytest.mark.parametrize(
    "out, why", [("a-file", "it is a file, not a folder"), ("a-file/site", "a-file is a file, not a folder")]
)
def test_an_output_folder_that_is_or_lies_in_a_file_is_refused_before_anything_is_made(
    tmp_path: Path, content_copy: Path, capsys: pytest.CaptureFixture[str], out: str, why: str
):
    """Found only at the end it was 'Is a directory' (or 'File exists'), with the build's folders left beside it."""
    (tmp_path / "a-file").write_text("not a folder\n")
    status = main(["build", "--content", "content", "--templates", str(TEMPLATES), "--out", out, "--quiet"])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert f"  {out}: refusing to write the site here: {why}\n    fix: choose an output folder of its own" in err
    assert (tmp_path / "a-file").read_text() == "not a folder\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a-file", "content"]


def test_an_output_folder_whose_name_leaves_no_room_for_the_files_beside_it_is_refused_first(
    tmp_path: Path, content_copy: Path, capsys: pytest.CaptureFixture[str]
):
    """A name of 250 characters is a valid folder name, but not '.<it>.cache-article-records' beside it."""
    name = "s" * 250
    status = main(["build", "--content", "content", "--templates", str(TEMPLATES), "--out", name, "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines()[1] == (
        f"  {name}: refusing to write the site here: its name is too long to keep the build's files beside it"
        " (at most 231 bytes here)"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content"]


def test_a_guessed_encoding_is_warned_on_every_build_until_fixed(
    tmp_path: Path, content_copy: Path, capsys: pytest.CaptureFixture[str]
):
    command = ["build", "--content", "content", "--templates", str(TEMPLATES), "--out", "site", "--quiet"]
    Write(ARTICLE, article(title="Гарантії безпеки").encode("cp1251")).apply(tmp_path)
    warning = f"Warning: {ARTICLE}: this file is not UTF-8; it was read as Windows-1251 (Cyrillic)"
    assert main(command) == 0 and warning in capsys.readouterr().err
    assert (
        main(command) == 0 and warning in capsys.readouterr().err
    )  # nothing changed: the build stops early, and still warns
    # The article is not read again (the cache holds it), but the warning stands.
    Replace(SITE, "latest_count: 5", "latest_count: 4").apply(tmp_path)
    assert main(command) == 0 and warning in capsys.readouterr().err
    Write(ARTICLE, article(title="Гарантії безпеки")).apply(tmp_path)
    assert main(command) == 0 and "Warning" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "broken",
    [b"\x00 a NUL byte\n", b"---\ntitle: A title\n\tsource: a tab\n---\n\nBody.\n"],
    ids=["unreadable", "broken front matter"],
)
def test_an_article_that_cannot_be_read_is_one_problem_not_one_per_citation_of_it(
    content_copy: Path, capsys: pytest.CaptureFixture[str], broken: bytes
):
    """The seed article is cited by the key points and seven facts: each is not 'an unknown article'."""
    (content_copy / "articles" / Path(SEED).name).write_bytes(broken)
    status = main(["build", "--content", "content", "--out", "site", "--quiet", "--jobs", "1"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("Stopped: 1 problem(s); nothing was written.\n  " + SEED), err
    assert "unknown article" not in err

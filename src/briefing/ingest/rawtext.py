"""Plain text as copied from a web page → the parts of an article.

`parse_raw_text` is pure: it finds the title line, bullet highlights, headings,
question-and-answer pairs and body paragraphs, and sets aside web-page junk
(breadcrumbs, adverts, comment forms, "Most Popular" teaser lists) so the
ingest report can show what was dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from briefing.ingest.questions import is_question, pairs_from_blocks
from briefing.text import DAY_OR_MONTH_NAME, dateline_day, sentences, without_invisible_breaks

_JUNK_LINE = re.compile(
    r"""^(?:
        home(?-i:[A-Z])\S*?(?-i:[A-Z])\S*(?:\s.*)?  # breadcrumb run together: HomeWorldAsia…
      | home\s*[›»>/|].*                        # breadcrumb with separators
      | -*\s*advertisement\s*-*                 # - Advertisement -
      | (?:free\s+)?subscri\w*(?:\s+now)?       # Subscribe / Free Subscribtion
      | sign\s+up\s+for\s+our\s+newsletter.*
      | please\s+enter\s+your\s+\w+.*           # comment form
      | you\s+have\s+entered\s+an\s+incorrect.*
      | save\s+my\s+name,?\s+email.*
      | leave\s+a\s+(?:reply|comment)
      | post\s+comment
      | share(?:\s+this(?:\s+article)?)?|tweet|print|email
      | the\s+post\s+.+\s+appeared\s+first\s+on\s+.+  # WordPress's footer on each entry of its feeds
      | continue\s+reading\b(?:.{0,200}[^.!?])?  # an excerpt's link to the rest ('Continue reading …'), not prose
      | read\s+more\W{0,3}
      | (?:read\s+more|related|see\s+also|also\s+read|read\s+also)\s*:\s+.{1,200}  # another story's link, as newswires write one
      | read\s+the\s+(?:full|whole|rest\s+of\s+the|original)\s+(?:story|article|post)\b.{0,200}
      | \[(?:…|\.\.\.)\]                        # WordPress's mark of an excerpt cut short, on its own line
      | this\s+(?:article|story)\s+(?:is|was)\s+(?:republished|originally\s+published|first\s+published)\s+.{1,200}
      | thanks\s+for\s+reading\s+.+\s+subscribe\s+for\s+free\s+to\s+receive\s+new\s+posts.*  # Substack's box
      | [^.!?]{1,80}\s+is\s+a\s+reader-supported\s+publication\.\s+to\s+receive\s+new\s+posts.*  # bounded: linear
      | if\s+you\s+enjoyed\s+(?:reading\s+)?this\s+(?:post|article|story)\b.{0,200}
      | to\s+(?:view|read)\s+the\s+full\s+(?:story|article),?\s+please\s+(?:subscribe|log\s+in|sign\s+in)\b.{0,120}
      | follow\s+us\s+on\s+[^.!?]{1,80}
      # Another story's link in other languages, alone or before a mark and its title: 'Lea más: …', 'Lesen Sie
      # auch:', 'À lire aussi » …', 'LIRE AUSSI SUR REGARDS.FR >> …'; not prose that opens so ('Lea más sobre …').
      | (?:(?:lea|lee)\s+(?:m[áa]s|tambi[ée]n)|lesen\s+sie\s+auch|mehr\s+zum\s+thema|auch\s+interessant
          |schon\s+gelesen\??|(?:[àa]\s+)?lire\s+aussi|(?:leia|veja)\s+(?:tamb[ée]m|mais)|mire|puedes\s+ver
          |ver\s+tambi[ée]n)
        (?:(?:\s+\S+){0,3}?\s*[:»>|–-].{0,200})?
      | s[íi]guenos\s+en\s+[^.!?]{1,120}
      # A page's furniture in other languages: 'Keine Kommentare', 'Wird geladen …', 'Zum Newsletter anmelden'.
      | keine\s+kommentare|wird\s+geladen\W{0,3}|zum\s+newsletter\s+anmelden
      | never\s+miss\s+(?:the\s+latest|a\s+story)\b.{0,150}  # a newsletter's prompt
      | this\s+(?:article|story)\s+is\s+the\s+copyrighted\s+property\s+of\s+.{1,120}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Lines that start a page's list of other stories: everything after them is dropped.
_TEASER_SECTION = re.compile(
    r"^(?:most\s+popular|popular\s+news|read\s+now|related\s+(?:posts|articles|stories|news)|"
    r"recommended(?:\s+for\s+you)?|more\s+stories|you\s+may\s+also\s+like|trending(?:\s+now)?|latest\s+news|"
    # … and in other languages: Spanish, German, French, Portuguese.
    r"(?:noticias|notas|art[íi]culos)\s+relacionad[oa]s|contenido\s+relacionado|(?:le|te)\s+puede\s+interesar|"
    r"weitere\s+artikel|[äa]hnliche\s+artikel|das\s+k[öo]nnte\s+sie\s+auch\s+interessieren|"
    r"articles\s+li[ée]s|sur\s+le\s+m[êe]me\s+sujet|mat[ée]rias\s+relacionadas)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d+[.)])\s+")
NAME = r"[A-ZÀ-ÖØ-ÞА-ЯЁЄІЇҐ][\w'’.-]*"
# What parts the names of a byline in the languages its words are in.
NAME_SEPARATOR = r"\s+(?:and|und|et|y|en|och|og)\s+|\s*[,&|]\s*"
# The lowercase particles of a name ('Jose de la Cruz', 'Jan van der Berg', 'Walter von Aachen').
NAME_PARTICLES = r"(?:\s+(?:de|del|della|di|da|das|dos|du|la|le|van|von|der|den|ter|zu|bin|al))*"
# The names of a byline, up to ten: 'Ann Lee and Bo Chen', 'ANNA LIS, REUTERS'.
BYLINE_NAMES = rf"{NAME}(?:(?:{NAME_SEPARATOR}|{NAME_PARTICLES}\s+){NAME}){{0,9}}"
# A byline at the top of the text: 'By Jan Nowak and Anna Kowalska', 'BY ANNA LIS, REUTERS' — names only,
# so 'By the end of the year, …' is prose. Each separator is required: no two ways to split a long line.
_BYLINE = re.compile(rf"^(?:By|BY)\s+(?P<names>{BYLINE_NAMES})$")
# How far down the text a byline is looked for: after the headline, a standfirst and a photo caption.
BYLINE_BLOCKS = 3
# A wire story's credits at its end: 'Reporting by Ana Ruiz and Jan Nowak in Lima; Additional reporting by …;
# Editing by Bo Chen' (Reuters').
_CREDITS = re.compile(
    rf"^(?:Reporting|Writing)\s+by\s+(?P<names>{BYLINE_NAMES}?)"
    rf"(?:\s+in\s+{NAME}(?:\s+{NAME})?)?(?:\s*[;.]\s*[A-Z]\w*(?:\s+\w+){{0,2}}\s+by\s+[^;]+)*\.?$"
)
_MARKDOWN_START = re.compile(r"^(\s*)([#>+=|-])")
# '1. ' or '10) ' would start a numbered list: the '.' is escaped, as a backslash before a digit stays in the text.
_NUMBERED_START = re.compile(r"^(\s*\d+)([.)])")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<])")
TITLE_MAX_LENGTH = 150
HEADING_MAX_WORDS = 18
SUMMARY_MAX_LENGTH = 320
# A first sentence shorter than this is a label or a headline's fragment ('Amnesty.'): the next one joins it.
SUMMARY_MIN_LENGTH = 40
# A dateline stands in the first lines under the title: a byline may come before it.
DATELINE_WITHIN_LINES = 2


@dataclass(frozen=True)
class Line:
    text: str
    blanks_after: int


@dataclass
class ParsedArticle:
    title: str | None = None
    highlights: list[str] = field(default_factory=list)
    # (kind, text): "heading", "paragraph", "bullet", "numbered" or "quote" with plain text, "table" in Markdown
    blocks: list[tuple[str, str]] = field(default_factory=list)
    qa: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    teasers: list[str] = field(default_factory=list)
    published: date | None = None  # from a dateline under the title ('Nairobi, 3 November 2024')
    byline: str | None = None  # the names of a byline atop the text ('By Ann Lee and Bo Chen': 'Ann Lee, Bo Chen')
    address: str | None = None  # the article's web address, pasted on a line of its own above or below the text
    agency: str | None = None  # the news agency a wire story's dateline names ('LIMA, June 13 (Reuters) - …')

    @property
    def paragraphs(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "paragraph"]


def _lines(text: str) -> list[Line]:
    """Non-blank lines, each with the number of blank lines that follow it."""
    raw = without_invisible_breaks(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    for raw_line in raw:
        stripped = " ".join(raw_line.split())
        if stripped:
            lines.append(Line(stripped, 0))
        elif lines:
            lines[-1] = Line(lines[-1].text, lines[-1].blanks_after + 1)
    return lines


def names_of(names: str) -> str:
    """A byline's names as an author field holds them: 'Ann Lee and Bo Chen' is 'Ann Lee, Bo Chen'."""
    return ", ".join(name for name in re.split(NAME_SEPARATOR, names) if name)


def byline_of(line: str) -> str | None:
    """The names of a line that is a byline ('By Ann Lee and Bo Chen'); None for any other."""
    byline = _BYLINE.match(line)
    return names_of(byline["names"]) if byline else None


def reporters_of(line: str) -> str | None:
    """The reporters a wire story's credits line names ('Reporting by Ana Ruiz; Editing by Bo Chen': 'Ana Ruiz');
    None for any other line."""
    credits = _CREDITS.match(line)
    # The line's full stop, not an initial's ('… by Ana Ruiz.', not '… by Nelson D.').
    return names_of(re.sub(r"(\w\w)\.$", r"\1", credits["names"])) if credits else None


def is_junk_line(text: str) -> bool:
    """A whole line that is page furniture for certain ('- Advertisement -', 'Share this'), never article text."""
    return bool(_JUNK_LINE.match(text))


def is_teaser_heading(text: str) -> bool:
    """A heading over a list of other stories ('Related articles', 'Noticias relacionadas')."""
    return bool(_TEASER_SECTION.match(text))


def _is_headline(text: str) -> bool:
    """Short, capitalised, without closing punctuation: a title or heading, not prose."""
    return (
        len(text) <= TITLE_MAX_LENGTH
        and len(text.split()) <= HEADING_MAX_WORDS
        and (text[0].isupper() or text[0].isdigit())
        and not re.search(r"[.!?;,:…][\"'”’»)]*$", text)
        and not _BULLET.match(text)
    )


def _is_question(text: str) -> bool:
    return is_question(text) and not _BULLET.match(text)


def _strip_junk(lines: list[Line], parsed: ParsedArticle) -> list[Line]:
    kept = []
    for index, line in enumerate(lines):
        if _TEASER_SECTION.match(line.text):
            rest = [later.text for later in lines[index:]]
            parsed.dropped.extend(text for text in rest if _JUNK_LINE.match(text) or _TEASER_SECTION.match(text))
            parsed.teasers.extend(
                text
                for text in rest
                if _is_headline(text) and not _JUNK_LINE.match(text) and not _TEASER_SECTION.match(text)
            )
            parsed.teasers.extend(text for text in rest if _is_question(text))
            return kept
        if _JUNK_LINE.match(line.text):
            parsed.dropped.append(line.text)
        else:
            kept.append(line)
    return kept


def _take_title_and_highlights(lines: list[Line], parsed: ParsedArticle) -> list[Line]:
    if len(lines) > 1 and _is_headline(lines[0].text) and not dateline_day(lines[0].text):
        parsed.title = lines[0].text
        lines = lines[1:]
    while lines and _BULLET.match(lines[0].text):
        parsed.highlights.append(_BULLET.sub("", lines[0].text, count=1))
        lines = lines[1:]
    return lines


def _take_byline(lines: list[Line], parsed: ParsedArticle) -> list[Line]:
    """The authors from a byline of its own under the title ('By Ann Lee and Bo Chen'), which would otherwise
    become a heading."""
    for index, line in enumerate(lines[:BYLINE_BLOCKS]):
        if names := byline_of(line.text):
            parsed.byline = names
            parsed.dropped.append(line.text)
            return lines[:index] + lines[index + 1 :]
    return lines


def _take_credits(lines: list[Line], parsed: ParsedArticle) -> list[Line]:
    """The reporters from a wire story's last line of credits, where no byline named the authors."""
    if lines and (reporters := reporters_of(lines[-1].text)):
        parsed.byline = parsed.byline or reporters
        parsed.dropped.append(lines[-1].text)
        return lines[:-1]
    return lines


def _take_dateline(lines: list[Line], parsed: ParsedArticle) -> list[Line]:
    """The article's day from a line of its own near the top that is only a date (with its place, or after a
    byline), which would otherwise become a heading."""
    for index, line in enumerate(lines[:DATELINE_WITHIN_LINES]):
        day = dateline_day(line.text)
        if day:
            parsed.published = day
            parsed.dropped.append(line.text)  # the report shows it went, and the day it gave
            return lines[:index] + lines[index + 1 :]
    return lines


# A wire story's dateline before its first sentence: the place in capitals, the day, the agency in brackets
# ('LIMA, June 13 (Reuters) - …', 'SANTIAGO, Chile (AP) — …').
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,[^()\n]{1,40})?\s+\((?P<agency>[A-Z][\w .&-]{1,30})\)\s+[-–—]\s+\S")
# A line that is only a web address, perhaps after a label ('Source: https://…'): where the text was copied from.
_ADDRESS_LINE = re.compile(r"^(?:(?:source|quelle|fuente|url|link|original)\s*:\s*)?(https?://\S+)$", re.IGNORECASE)
# How near the top or the end of the text such a line is looked for.
ADDRESS_WITHIN_LINES = 3


def _take_address(lines: list[Line], parsed: ParsedArticle) -> list[Line]:
    """The article's address from a line of its own near the top or the end that is only one (as an editor
    pastes it beside the text), which would otherwise be a paragraph."""
    near = [
        *range(min(ADDRESS_WITHIN_LINES, len(lines))),
        *range(max(0, len(lines) - ADDRESS_WITHIN_LINES), len(lines)),
    ]
    for index in dict.fromkeys(near):
        if found := _ADDRESS_LINE.match(lines[index].text):
            parsed.address = found[1]  # the report names it as the article's address, not as dropped
            return lines[:index] + lines[index + 1 :]
    return lines


def _classify(lines: list[Line], parsed: ParsedArticle) -> None:
    """Sort the remaining lines into headings, bullets and paragraphs, then take out Q&A runs."""
    blocks: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _is_headline(line.text):
            # A headline with no text of its own (another headline or a wide gap
            # follows) is a link to some other story, not a section heading.
            if following is None or line.blanks_after >= 2 or _is_headline(following.text):
                parsed.dropped.append(line.text)
            else:
                blocks.append(("heading", line.text))
        elif _BULLET.match(line.text):
            blocks.append(("bullet", _BULLET.sub("", line.text, count=1)))
        else:
            blocks.append(("paragraph", line.text))
    parsed.blocks, parsed.qa = pairs_from_blocks(blocks, question_lines=True)


def parse_raw_text(text: str) -> ParsedArticle:
    """Read a plain-text article as copied from a web page."""
    parsed = ParsedArticle()
    lines = _strip_junk(_lines(text), parsed)
    lines = _take_title_and_highlights(lines, parsed)
    lines = _take_byline(lines, parsed)
    lines = _take_credits(lines, parsed)
    lines = _take_dateline(lines, parsed)
    lines = _take_address(lines, parsed)
    _classify(lines, parsed)
    if parsed.paragraphs and (dateline := _WIRE_DATELINE.match(parsed.paragraphs[0])):
        parsed.agency = dateline["agency"]
    return parsed


def provisional_title(first_paragraph: str) -> str:
    """A stand-in title from the lead sentence's first clause, for an editor to improve."""
    lead = sentences(first_paragraph)[0].rstrip(".") if first_paragraph else "Untitled article"
    clause = re.split(r"[,;:]\s", lead)[0]
    words = (clause if len(clause) >= 30 else lead).split()
    title = ""
    for word in words:
        if len(title) + len(word) + 1 > 90:
            break
        title = f"{title} {word}".strip()
    return title


# What opens a story's first paragraph and is not its summary's: a day in figures before a dash, a bar or a
# quotation ('27.1.2022 - Bei der Erinnerung …', '01.02.2022 „Der Arbeitsmarkt …'), the page's date; a byline
# before a colon or a dash ('By Aaron Humes: The Americas …').
_BEFORE_THE_LEAD = re.compile(
    r"^(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\s*(?:[-–—|]\s+|(?=[„“\"«]))"
    rf"|By\s+(?!(?:{DAY_OR_MONTH_NAME})\b)(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’.-]*\s*(?::|\s[-–—])\s+)"
)


def summary_of(parsed: ParsedArticle) -> str:
    """The lead's opening sentences, kept short: of the first paragraph, else the first answer, else the first
    block (a page laid out in a table has its whole text in one cell). One sentence that never ends is cut at a
    word: the summary is shown in every list of articles."""
    summary = ""
    for sentence in sentences(_BEFORE_THE_LEAD.sub("", _lead(parsed))):
        if len(summary) >= SUMMARY_MIN_LENGTH and len(summary) + len(sentence) > SUMMARY_MAX_LENGTH:
            break
        summary = f"{summary} {sentence}".strip()
    if len(summary) > 2 * SUMMARY_MAX_LENGTH:
        summary = summary[:SUMMARY_MAX_LENGTH].rsplit(" ", 1)[0] + " …"
    return summary


# The lead is the first of the opening paragraphs that reads as a sentence: the lines a page puts above its
# story ('BAAR, SWITZERLAND', 'Tempo de leitura: 2 minutos', 'UPDATED: Tue., Nov. 19, 2019', 'Review') are not.
LEAD_WITHIN_PARAGRAPHS = 4
LEAD_MIN_LENGTH = 20
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
# A paragraph of this many words, with no label's colon or bar ('Tested by: …', '… | Tags'), is prose even where
# the site leaves its last full stop out.
LEAD_PROSE_WORDS = 20


def _reads_as_a_sentence(text: str) -> bool:
    if len(text) < LEAD_MIN_LENGTH:
        return False
    unlabelled = ":" not in text and "|" not in text
    return (
        bool(_SENTENCE_END.search(text))
        or len(sentences(text)) > 1
        or (unlabelled and len(text.split()) >= LEAD_PROSE_WORDS)
    )


# A picture's caption or credit, which a page may put above its story's first paragraph ('Fotocredit: …', '© 2021 …',
# 'Von links nach rechts: …').
_CAPTION = re.compile(
    r"^\W*(?:©|\(c\)\s|(?:Foto|Fotos|Fotocredit|Bild|Bildquelle|Photo|Photos|Image|Credit|Crédit)\s*:"
    r"|(?:Von links nach rechts|V\.\s?l\.\s?n\.\s?r\.|From left to right|Left to right|De gauche à droite)\b)",
    re.IGNORECASE,
)


def _may_lead(text: str) -> bool:
    return _reads_as_a_sentence(text) and not _CAPTION.match(text) and not dateline_day(text)


def _lead(parsed: ParsedArticle) -> str:
    if parsed.paragraphs:
        opening = parsed.paragraphs[:LEAD_WITHIN_PARAGRAPHS]
        return next((text for text in opening if _may_lead(text)), opening[0])
    if parsed.qa:
        return parsed.qa[0][1]
    if not parsed.blocks:
        return ""
    kind, text = parsed.blocks[0]
    # A table's Markdown as its cells' text: '| a | b |' and its '| --- |' rows.
    return " ".join(re.sub(r"\|(?:\s*-{3,}\s*\|)*", " ", text).split()) if kind == "table" else text


def _escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders to the same text."""
    return _NUMBERED_START.sub(r"\1\\\2", _MARKDOWN_START.sub(r"\1\\\2", escape_inline(text)))


def escape_inline(text: str) -> str:
    """Plain text as Markdown inline text: emphasis, links, code and HTML characters shown as typed."""
    return _MARKDOWN_INLINE.sub(r"\\\1", text)


def _markdown_block(kind: str, text: str) -> str:
    if kind == "heading":
        return f"## {_escape_markdown(text)}"
    if kind == "bullet":
        return "- " + escape_inline(text)
    if kind == "numbered":
        return "1. " + escape_inline(text)
    if kind == "quote":
        return "> " + _escape_markdown(text)
    if kind == "table":
        return text
    return _escape_markdown(text)


def markdown_body(parsed: ParsedArticle) -> str:
    parts = [_markdown_block(kind, text) for kind, text in parsed.blocks]
    # Consecutive items of one kind of list form one list: join them with single newlines.
    joined = re.sub(r"(^- .*)\n\n(?=- )", r"\1\n", "\n\n".join(parts), flags=re.MULTILINE)
    return re.sub(r"(^1\. .*)\n\n(?=1\. )", r"\1\n", joined, flags=re.MULTILINE) + "\n"

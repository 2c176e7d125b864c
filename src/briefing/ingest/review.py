"""The review file (`content/review.yaml`) and the commands that act on it.

Ingest keeps each tracker proposal there, pending. `review accept` writes a proposal's
fact (and its country, when it is not an entity yet) into facts.yaml and entities.yaml
by appending text, so the files' comments and layout stay as they were; the next
build verifies the citation as it verifies every fact. `review reject` keeps the
proposal as rejected, so the same sentence is never proposed again.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from briefing.command import command
from briefing.content import yamlfile
from briefing.content.load import (
    ARTICLES_DIR,
    ENTITIES_FILE,
    FACTS_FILE,
    article_paths,
    load_settings,
    split_front_matter,
    text_of,
)
from briefing.content.markdown import render_body
from briefing.content.yamlfile import Mapping
from briefing.ingest.proposals import (
    CONFLICT,
    RULES_FILE,
    STATUS_CHANGE,
    CountryFinder,
    Proposal,
    known_citations,
    load_rules,
    proposals_for_article,
    tracker_statuses,
)
from briefing.model import Content, Location
from briefing.output.write import file_replaced_atomically, one_at_a_time
from briefing.parallel import ctrl_c_deferred
from briefing.problems import ContentError, Problem
from briefing.text import day_as_written, normalise, slugify
from briefing.vocabulary import AGREEMENT_STATUSES

REVIEW_FILE = "review.yaml"
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
STATES = (PENDING, ACCEPTED, REJECTED)
FIELDS = (
    "id",
    "state",
    "kind",
    "country",
    "name",
    "iso_code",
    "aliases",
    "new_entity",
    "status",
    "previous",
    "article",
)


def _header() -> str:
    """The review file's opening comment, with the commands as the user runs them."""
    return (
        "# Tracker proposals found by ingest: sentences stating that a country signed or is\n"
        "# negotiating an agreement. Each is a new partner, a status change, a conflict (the\n"
        "# sentence contradicts the tracker) or supporting evidence.\n"
        f"#   {command('review'):<40} lists the pending proposals\n"
        f"#   {command('review accept ID… | --all'):<40} writes them into facts.yaml (and entities.yaml)\n"
        f"#   {command('review reject ID…'):<40} keeps them out for good\n"
        "# You may correct a pending proposal's status, date or country here before accepting it.\n"
    )


SENTENCE_WIDTH = 88


def review_path(content_dir: Path) -> Path:
    return content_dir / REVIEW_FILE


# Reading and writing the review file


def _bad_entry(file: str, line: int | None, message: str, fix: str) -> ContentError:
    return ContentError([Problem(Location(file, line), message, fix)])


def read_review(content_dir: Path) -> list[dict[str, Any]]:
    """Every proposal in the review file, in its order; none when there is no file yet."""
    path = review_path(content_dir)
    if not path.is_file():
        return []
    file = str(path)
    data = yamlfile.parse(text_of(path), file)
    if data is None:
        return []
    if not isinstance(data, Mapping) or not isinstance(data.get("proposals", []), list):
        raise _bad_entry(
            file,
            1,
            "the review file should hold 'proposals:', a list",
            "write 'proposals:' and one '- id: …' per entry",
        )
    entries = []
    for entry in data.get("proposals") or []:
        if not isinstance(entry, Mapping):
            raise _bad_entry(file, None, "each proposal should be a mapping of fields", "start each with '- id: …'")
        missing = [key for key in ("id", "state", "country", "status", "article", "sentence") if not entry.get(key)]
        if missing:
            raise _bad_entry(file, entry.line, f"this proposal has no '{missing[0]}'", f"add '{missing[0]}: …' to it")
        if entry["state"] not in STATES:
            raise _bad_entry(
                file, entry.line_of("state"), f"unknown state '{entry['state']}'", "use one of: " + ", ".join(STATES)
            )
        if entry["status"] not in AGREEMENT_STATUSES:
            raise _bad_entry(
                file,
                entry.line_of("status"),
                f"unknown status '{entry['status']}'",
                "use one of: " + ", ".join(AGREEMENT_STATUSES),
            )
        if entry.get("date") is not None and not isinstance(entry["date"], date):
            raise _bad_entry(file, entry.line_of("date"), "'date' should be a date", "write it as date: 2024-06-13")
        aliases = entry.get("aliases")
        if aliases is not None and not (isinstance(aliases, list) and all(isinstance(a, str) and a for a in aliases)):
            raise _bad_entry(
                file, entry.line_of("aliases"), "'aliases' should be a list of names", "write it as aliases: [Türkiye]"
            )
        entries.append({**entry, "line": entry.line})
    return entries


def _review_text(entries: list[dict[str, Any]]) -> str:
    kept = [
        {key: entry[key] for key in (*FIELDS, "sentence", "date") if entry.get(key) is not None} for entry in entries
    ]
    return _header() + yaml.safe_dump({"proposals": kept}, sort_keys=False, allow_unicode=True, width=100)


def write_review(content_dir: Path, entries: list[dict[str, Any]]) -> None:
    _write_text(review_path(content_dir), _review_text(entries))


def _write_text(path: Path, text: str) -> None:
    with file_replaced_atomically(path) as stream:
        stream.write(text.encode("utf-8"))


def _entry(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "state": PENDING,
        "kind": proposal.kind,
        "country": proposal.country,
        "name": proposal.name,
        "iso_code": proposal.iso_code,
        "aliases": list(proposal.aliases) or None,
        "new_entity": proposal.new_entity or None,
        "status": proposal.status,
        "previous": proposal.previous,
        "article": proposal.article,
        "sentence": proposal.sentence,
        "date": proposal.date,
    }


def _key(country: str, sentence: str) -> tuple[str, str]:
    return country, normalise(sentence)


def pending_count(content_dir: Path) -> int:
    """How many proposals wait for review; 0 when the file is missing or unreadable (the review command says why).
    The preview asks for it on every page it serves: the file is read again only when it changed."""
    try:
        return sum(1 for entry in _review_as_is(content_dir).entries if entry["state"] == PENDING)
    except (ContentError, OSError):
        return 0


# Ingest: finding proposals and keeping them


def find_proposals(
    content_dir: Path, content: Content, slug: str, body: str, published: date | None = None
) -> list[Proposal]:
    """The proposals an arrival's body makes, leaving out what the tracker or the review file already holds;
    `published`: the arrival's day, against which a sentence's 'on Thursday' is read."""
    known = known_citations(content) | _review_as_is(content_dir).keys
    finder = country_finder(content_dir, content)
    paragraphs = [paragraph.text for paragraph in render_body(body).paragraphs]
    return proposals_for_article(slug, paragraphs, finder, tracker_statuses(content), known, published)


@dataclass(frozen=True)
class _Reviewed:
    """The review file as ingest last read or wrote it: a batch adds to it arrival by arrival, and
    parsing a file that grows with the batch for each arrival made a bulk import quadratic."""

    version: tuple[int, int, int]  # the file's time, size and inode
    entries: tuple[dict[str, Any], ...]
    keys: frozenset  # (country, sentence) of each


_reviewed: dict[str, _Reviewed] = {}


def _version(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size, status.st_ino


def _review_as_is(content_dir: Path) -> _Reviewed:
    path = review_path(content_dir)
    if not path.is_file():
        return _Reviewed((0, 0, 0), (), frozenset())
    # The version taken before reading: a file changed while it is read is read again the next time.
    version = _version(path)
    known = _reviewed.get(str(path))
    if known is None or known.version != version:
        entries = tuple(read_review(content_dir))
        keys = frozenset(_key(e["country"], e["sentence"]) for e in entries)
        known = _remember_review(path, _Reviewed(version, entries, keys))
    return known


def _remember_review(path: Path, reviewed: _Reviewed) -> _Reviewed:
    _reviewed.clear()  # one briefing at a time
    _reviewed[str(path)] = reviewed
    return reviewed


_finders: dict[tuple, CountryFinder] = {}


def country_finder(content_dir: Path, content: Content) -> CountryFinder:
    """The country finder for these entities and rules, built once for a batch of arrivals (it takes ~50 ms)."""
    rules_file = content_dir / RULES_FILE
    rules_stat = rules_file.stat() if rules_file.is_file() else None
    key = (
        str(content_dir.resolve()),
        content.settings.subject_country,
        tuple((e.slug, e.iso_code, e.names, e.partner) for e in content.entities if e.kind == "country"),
        (rules_stat.st_mtime_ns, rules_stat.st_size) if rules_stat else None,
    )
    if key not in _finders:
        _finders.clear()  # one briefing at a time
        _finders[key] = CountryFinder(content, load_rules(content_dir))
    return _finders[key]


def keep(content_dir: Path, proposals: Iterable[Proposal]) -> None:
    """Add the proposals to the review file as pending."""
    proposals = list(proposals)
    if proposals:
        before = _review_as_is(content_dir)
        added = tuple(_entry(proposal) for proposal in proposals)
        write_review(content_dir, [*before.entries, *added])
        keys = before.keys | {_key(entry["country"], entry["sentence"]) for entry in added}
        path = review_path(content_dir)
        _remember_review(path, _Reviewed(_version(path), before.entries + added, keys))


def describe_proposals(proposals: Iterable[Proposal]) -> list[str]:
    """The ingest report's lines on the tracker."""
    proposals = list(proposals)
    if not proposals:
        return []
    lines = [f"  tracker proposals ({len(proposals)}), kept in content/{REVIEW_FILE} ({command('review')}):"]
    for proposal in proposals:
        lines.append(f"    [{proposal.id}] {_summary(vars(proposal))}")
        lines.append(f'      "{proposal.sentence}"')
    return lines


def _summary(entry: dict[str, Any]) -> str:
    day = entry.get("date")
    status = entry["status"] + (f" on {day_as_written(day)}" if day else "")
    kind = entry.get("kind") or ""
    if kind in (STATUS_CHANGE, CONFLICT) and entry.get("previous"):
        kind += f" ({entry['previous']} → {entry['status']})"
    new = ", new entity" if entry.get("new_entity") else ""
    if new and entry.get("aliases"):
        new += f" (also named {', '.join(entry['aliases'])})"
    return f"{entry.get('name') or entry['country']}: {status} — {kind}{new}"


def describe_pending(content_dir: Path) -> str:
    """What `review` prints: the pending proposals, each with its id, sentence and article."""
    pending = [entry for entry in read_review(content_dir) if entry["state"] == PENDING]
    if not pending:
        return "No tracker proposals wait for review."
    lines = [f"{len(pending)} tracker proposal(s) wait for review:"]
    for entry in pending:
        lines.append(f"  [{entry['id']}] {_summary(entry)}")
        lines.append(f'      "{entry["sentence"]}"')
        lines.append(f"      in {ARTICLES_DIR}/{entry['article']}.md")
    lines.append(f"Accept with `{command('review accept ID…')}` (or --all), reject with `review reject ID…`.")
    return "\n".join(lines)


# Accepting and rejecting


def _chosen(entries: list[dict[str, Any]], ids: list[str], every: bool, file: str) -> list[dict[str, Any]]:
    pending = [entry for entry in entries if entry["state"] == PENDING]
    if every:
        return pending
    by_id = {str(entry["id"]): entry for entry in entries}
    unknown = [proposal_id for proposal_id in ids if proposal_id not in by_id]
    if unknown:
        waiting = ", ".join(str(entry["id"]) for entry in pending) or "none"
        raise ContentError(
            [
                Problem(
                    Location(file),
                    f"no proposal has the id {', '.join(repr(i) for i in unknown)}",
                    f"use an id that `{command('review')}` lists (pending: {waiting})",
                )
            ]
        )
    done = [entry for entry in (by_id[i] for i in ids) if entry["state"] != PENDING]
    if done:
        raise ContentError(
            [
                Problem(
                    Location(file, done[0]["line"]),
                    f"proposal '{done[0]['id']}' was already {done[0]['state']}",
                    "choose a pending proposal; set its state back to pending in the file to review it again",
                )
            ]
        )
    return [by_id[i] for i in dict.fromkeys(ids)]


# The file in the content folder that one writer at a time holds locked: an ingest, or a review's accept or
# reject. Two ingests at once (an `ingest` while a build takes in the inbox) would each find the other's arrivals
# new and write them twice; an accept beside an ingest would lose the proposals the ingest adds.
CONTENT_LOCK = ".ingest.lock"


@contextmanager
def one_writer_at_a_time(content_dir: Path, waiting: Callable[[str], None] = lambda other: None) -> Iterator[None]:
    """Hold the content folder's lock for the block; another writer is waited for first, told by `waiting`."""
    with one_at_a_time(content_dir / CONTENT_LOCK, waiting):
        yield


def reject(
    content_dir: Path, ids: list[str], waiting: Callable[[str], None] = lambda other: None
) -> list[dict[str, Any]]:
    """Mark the chosen proposals rejected: their sentences are never proposed again. Another writer into the
    content folder (an ingest) is waited for, told by `waiting`."""
    with one_writer_at_a_time(content_dir, waiting):
        return _rejected(content_dir, ids)


def _rejected(content_dir: Path, ids: list[str]) -> list[dict[str, Any]]:
    entries = read_review(content_dir)
    chosen = _chosen(entries, ids, False, str(review_path(content_dir)))
    for entry in chosen:
        entry["state"] = REJECTED
    write_review(content_dir, entries)
    return chosen


def accept(
    content_dir: Path, ids: list[str], every: bool = False, waiting: Callable[[str], None] = lambda other: None
) -> list[dict[str, Any]]:
    """Write the chosen proposals into facts.yaml (and entities.yaml); nothing is written if one cannot be.
    Another writer into the content folder (an ingest) is waited for, told by `waiting`."""
    with one_writer_at_a_time(content_dir, waiting):
        return _accepted(content_dir, ids, every)


def _accepted(content_dir: Path, ids: list[str], every: bool) -> list[dict[str, Any]]:
    entries = read_review(content_dir)
    file = str(review_path(content_dir))
    chosen = _chosen(entries, ids, every, file)
    problems: list[Problem] = []
    content = load_settings(content_dir, problems)
    if content is None or problems:
        raise ContentError(problems)
    problems = [problem for entry in chosen if (problem := _citation_problem(content_dir, entry, file))]
    problems += _already_in_facts(content, chosen, file)
    if problems:
        raise ContentError(problems)
    entity_slugs = {entity.slug for entity in content.entities}
    new_countries = []
    for entry in chosen:
        if entry["country"] not in entity_slugs:
            entity_slugs.add(entry["country"])
            new_countries.append(entry)
    problems = [
        Problem(
            Location(file, entry["line"]),
            f"proposal '{entry['id']}' names '{entry['country']}', which is not in entities.yaml, and gives no 'iso_code'",
            "add 'iso_code: XX' (its ISO 3166-1 code) to the proposal, or add the country to entities.yaml first",
        )
        for entry in new_countries
        if not entry.get("iso_code")
    ]
    if problems:
        raise ContentError(problems)
    writes = []
    if new_countries:
        entities = content_dir / ENTITIES_FILE
        writes.append((entities, _appended(entities, "countries", [_country_text(e) for e in new_countries])))
    if chosen:
        facts = content_dir / FACTS_FILE
        writes.append((facts, _appended(facts, "agreements", [_fact_text(e) for e in chosen])))
    for entry in chosen:
        entry["state"] = ACCEPTED
    writes.append((review_path(content_dir), _review_text(entries)))
    with ctrl_c_deferred():  # the files change together: a stop between them would leave a written fact pending
        for path, text in writes:
            _write_text(path, text)
    return chosen


def _already_in_facts(content: Content, chosen: list[dict[str, Any]], file: str) -> list[Problem]:
    """A proposal whose sentence facts.yaml already cites for its country (one set back to pending by hand):
    appending it again would give the country the same citation twice, which stops the build."""
    cited = {_key(fact.partner, fact.citation.sentence): fact.location for fact in content.facts}
    return [
        Problem(
            Location(file, entry["line"]),
            f"proposal '{entry['id']}' is already in facts.yaml, at {cited[key]}",
            "set its state to accepted here, or remove that entry from facts.yaml and accept it again",
        )
        for entry in chosen
        if (key := _key(entry["country"], entry["sentence"])) in cited
    ]


def _article_file(content_dir: Path, slug: str) -> Path | None:
    named = content_dir / ARTICLES_DIR / f"{slug}.md"
    for path in [named] if named.is_file() else article_paths(content_dir):
        parts = split_front_matter(text_of(path))
        given = parts and yamlfile.parse(parts[0], str(path), first_line=2)
        if (given.get("slug") if isinstance(given, dict) else None) == slug or slugify(path.stem) == slug:
            return path
    return None


def _citation_problem(content_dir: Path, entry: dict[str, Any], file: str) -> Problem | None:
    """Whether the proposal's sentence is still in its article, as the build will check."""
    path = _article_file(content_dir, entry["article"])
    where = Location(file, entry["line"])
    reject = command(f"review reject {entry['id']}")
    if path is None:
        return Problem(
            where,
            f"proposal '{entry['id']}' cites the article '{entry['article']}', which is no longer in {ARTICLES_DIR}/",
            f"reject it ({reject}), or restore the article",
        )
    parts = split_front_matter(text_of(path))
    body = render_body(parts[1] if parts else "")
    if body.anchor_of(str(entry["sentence"])) is None:
        return Problem(
            where,
            f"proposal '{entry['id']}': its sentence is no longer in {path} (the article was edited)",
            f"restore the sentence, correct it here to the article's new wording, or reject it ({reject})",
        )
    return None


# Appending text to facts.yaml and entities.yaml


def _scalar(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=1000).removesuffix("\n...\n").strip()


def _fact_text(entry: dict[str, Any]) -> list[str]:
    wrapped = textwrap.wrap(" ".join(str(entry["sentence"]).split()), SENTENCE_WIDTH, break_on_hyphens=False)
    lines = [
        f"partner: {_scalar(entry['country'])}",
        f"status: {_scalar(entry['status'])}",
        f"article: {_scalar(entry['article'])}",
        "sentence: >-",
        *(f"  {line}" for line in wrapped),
    ]
    if entry.get("date"):
        lines.append(f"date: {entry['date'].isoformat()}")
    return lines


def _country_text(entry: dict[str, Any]) -> list[str]:
    lines = [
        f"slug: {_scalar(entry['country'])}",
        f"name: {_scalar(entry.get('name') or entry['country'])}",
        f"iso_code: {_scalar(str(entry['iso_code']))}",
    ]
    if entry.get("aliases"):
        flow = yaml.safe_dump(entry["aliases"], default_flow_style=True, allow_unicode=True, width=1000)
        lines.append(f"aliases: {flow.strip()}")
    return lines


def _appended(path: Path, key: str, items: list[list[str]]) -> str:
    """The file's text with the items added at the end of its top-level `key:` list, every other line as it was."""
    lines = text_of(path).split("\n") if path.exists() else []
    start = next((n for n, line in enumerate(lines) if line.split("#")[0].rstrip() in (f"{key}:", f"{key}: []")), None)
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines.append(f"{key}:")
        start = len(lines) - 1
    lines[start] = f"{key}:"
    end = next((n for n in range(start + 1, len(lines)) if lines[n][:1] not in ("", " ", "#", "-")), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # the blank lines and comments before the next key stay with it
    item_lines = [line for line in lines[start + 1 : end] if line.lstrip().startswith("- ")]
    indent = item_lines[0][: len(item_lines[0]) - len(item_lines[0].lstrip())] if item_lines else "  "
    added = [f"{indent}{'- ' if number == 0 else '  '}{line}" for item in items for number, line in enumerate(item)]
    new_text = "\n".join(lines[:end] + added + lines[end:])
    if not new_text.endswith("\n"):
        new_text += "\n"
    yamlfile.parse(new_text, str(path))  # never leave a file the build cannot read
    return new_text

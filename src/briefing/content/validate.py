"""Stage 2: check the content model as a whole and list every problem.

Loading has already checked each field's presence and type; this stage checks
what needs the whole model: unique slugs, references that resolve, ISO codes,
and that every cited sentence really is in the article it cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set

from briefing import urls
from briefing.content.markdown import RenderedBody
from briefing.model import Article, Citation, Content, Entity, Location
from briefing.output.cache import Memo, memo_key
from briefing.problems import Problem
from briefing.text import did_you_mean, normalise, slugify
from briefing.vocabulary import AGREEMENT_STATUSES, COUNTRIES_WITHOUT_ISO_CODE

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug_problems(kind: str, items: Iterable[tuple[str, Location]]) -> list[Problem]:
    problems = []
    first_seen: dict[str, Location] = {}
    for slug, location in items:
        if not slug:
            continue
        if not _SLUG.match(slug):
            problems.append(
                Problem(
                    location,
                    f"the {kind} slug '{slug}' is not a plain slug",
                    f"use lowercase letters, digits and hyphens, e.g. '{slugify(slug)}'",
                )
            )
        elif clash := urls.slug_clash(slug, kind):
            problems.append(
                Problem(
                    location,
                    f"the {kind} slug '{slug}' cannot be used: {clash}",
                    f"choose another, e.g. '{urls.slug_instead(slug, kind)}'",
                )
            )
        if slug in first_seen:
            problems.append(
                Problem(
                    location,
                    f"the {kind} slug '{slug}' is used twice (first at {first_seen[slug]})",
                    "give one of them a different slug",
                )
            )
        else:
            first_seen[slug] = location
    return problems


def _alias_problems(content: Content) -> list[Problem]:
    problems = []
    owner: dict[str, str] = {}
    for entity in content.entities:
        for name in entity.names:
            if name in owner and owner[name] != entity.slug:
                problems.append(
                    Problem(
                        entity.location,
                        f"the name '{name}' is given to both '{owner[name]}' and '{entity.slug}'",
                        "keep the name on one entity only",
                    )
                )
            owner.setdefault(name, entity.slug)
    return problems


def _iso_code_problems(content: Content, memo: Memo) -> list[Problem]:
    countries = [entity for entity in content.entities if entity.kind == "country" and entity.iso_code]
    hints = _iso_code_hints(countries, memo)
    return [
        Problem(
            entity.location,
            f"'{entity.iso_code}' is not an ISO 3166-1 alpha-2 country code",
            f"use the two-letter code: {hints[entity.iso_code]}",
        )
        for entity in countries
        if entity.iso_code in hints
    ]


def _iso_code_hints(countries: list[Entity], memo: Memo) -> dict[str, str]:
    """Each of the countries' codes that ISO 3166-1 lacks, with what to use instead. Kept in the `memo`: the
    codes seldom change, and importing pycountry is a tenth of a second of a build that adds one article."""
    key = memo_key(*(f"{entity.iso_code}={entity.name}" for entity in countries))
    hints = memo.recall(key)
    if hints is None:
        import pycountry

        hints = {}
        for entity in countries:
            known = entity.iso_code in COUNTRIES_WITHOUT_ISO_CODE
            if not known and pycountry.countries.get(alpha_2=entity.iso_code) is None:
                match = pycountry.countries.get(name=entity.name)
                hints[entity.iso_code] = (
                    f"'{match.alpha_2}' is the code for {entity.name}" if match else "see ISO 3166-1 alpha-2"
                )
    memo.remember(key, hints)
    return hints


def _reference_problems(content: Content, unread: Set[str]) -> list[Problem]:
    topic_slugs = {topic.slug for topic in content.topics}
    article_slugs = {article.slug for article in content.articles}
    problems = []
    for article in content.articles:
        for slug in article.topics:
            if slug not in topic_slugs:
                problems.append(
                    Problem(
                        article.topics_location or article.location,
                        f"the article names an unknown topic '{slug}'",
                        f"use a topic from topics.yaml: {did_you_mean(slug, topic_slugs)}",
                    )
                )
    for point in content.settings.key_points:
        if point.article and point.article not in article_slugs | unread:
            problems.append(
                Problem(
                    point.location,
                    f"the key point cites an unknown article '{point.article}'",
                    did_you_mean(point.article, article_slugs),
                )
            )
    return problems


def _fact_problems(content: Content, bodies: Mapping[str, RenderedBody], unread: Set[str]) -> list[Problem]:
    countries = {entity.slug: entity for entity in content.entities if entity.kind == "country" and entity.partner}
    articles = {article.slug: article for article in content.articles}
    problems = []
    # A partner may have several entries (its history, or sources that disagree), but not the same citation twice.
    citations_seen: dict[tuple[str, str], Location] = {}
    for fact in content.facts:
        if fact.partner not in countries:
            problems.append(
                Problem(
                    fact.location,
                    f"the partner '{fact.partner}' is not a partner country in entities.yaml",
                    f"add it under 'countries:' (without 'partner: false') or fix the slug: {did_you_mean(fact.partner, countries)}",
                )
            )
        citation = (fact.partner, normalise(fact.citation.sentence))
        if citation in citations_seen:
            problems.append(
                Problem(
                    fact.location,
                    f"'{fact.partner}' already has an entry citing this sentence at {citations_seen[citation]}",
                    "remove one of the two entries",
                )
            )
        citations_seen.setdefault(citation, fact.location)
        if fact.status and fact.status not in AGREEMENT_STATUSES:
            problems.append(
                Problem(
                    fact.location, f"unknown status '{fact.status}'", "use one of: " + ", ".join(AGREEMENT_STATUSES)
                )
            )
        if fact.citation.article not in unread:  # its file's own problem says why it was not read
            problems.extend(_citation_problems(fact.citation, articles, bodies))
    return problems


def _citation_problems(
    citation: Citation, articles: dict[str, Article], bodies: Mapping[str, RenderedBody]
) -> list[Problem]:
    """Whether the cited article exists and holds the sentence."""
    article = articles.get(citation.article)
    if article is None:
        return [
            Problem(
                citation.location,
                f"the citation names an unknown article '{citation.article}'",
                f"use an article's slug (its file name without .md): {did_you_mean(citation.article, articles)}",
            )
        ]
    body = bodies[article.slug]
    if citation.sentence and body.anchor_of(citation.sentence) is None:
        return [
            Problem(
                citation.location,
                f"the cited sentence is not in the article '{citation.article}'",
                f"copy the sentence exactly from one body paragraph of {article.location.file} (not a heading, list item or Q&A answer)",
            )
        ]
    return []


def _subject_partner_problems(content: Content) -> list[Problem]:
    """The country the briefing follows cannot be its own partner: a subject left a partner gets a page, a place on
    the map and a row among the partners, 'mentioned in sources'."""
    subject = content.settings.subject_country
    if not subject:
        return []
    return [
        Problem(
            entity.location,
            f"'{entity.slug}' is the briefing's subject_country, but entities.yaml makes it a partner",
            "add 'partner: false' to it: the subject is not a partner of itself",
        )
        for entity in content.entities
        if entity.kind == "country"
        and entity.partner
        and (subject in (entity.slug, *entity.names) or subject.upper() == (entity.iso_code or "").upper())
    ]


def validate(
    content: Content, bodies: Mapping[str, RenderedBody], memo: Memo | None = None, unread: Set[str] = frozenset()
) -> list[Problem]:
    """Every problem that spans more than one field, in a stable order (`memo`: see `_iso_code_hints`).

    `unread`: the slugs of article files that could not be read, each with a problem of its own. What
    cites them is not checked: "unknown article, use an article's slug" would send the editor after
    a slug that is right, a dozen times over.
    """
    return [
        *_slug_problems("topic", ((t.slug, t.location) for t in content.topics)),
        *_slug_problems("entity", ((e.slug, e.location) for e in content.entities)),
        *_slug_problems("article", ((a.slug, a.location) for a in content.articles)),
        *_alias_problems(content),
        *_iso_code_problems(content, memo or Memo.empty()),
        *_reference_problems(content, unread),
        *_subject_partner_problems(content),
        *_fact_problems(content, bodies, unread),
    ]

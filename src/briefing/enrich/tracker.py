"""The tracker: each partner's facts combined into one agreement, its history and its disagreements.

facts.yaml may hold several entries for a partner, in the order they were added (review
accept appends). Read in that order, a status further along (negotiating → signed) is a
step in the partner's history; the same status is more support (the first source that
dates it leads, so the status carries a date when any of its sources gives one); a status
further back is a disagreement, unless the dates the sources give place it earlier. A
disagreement, on the status or on its date, is never resolved silently: the page shows
both citations and the build warns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from briefing.content.markdown import RenderedBody
from briefing.model import Agreement, Article, Content, Entity, Fact, Quote, StatusClaim
from briefing.problems import Problem
from briefing.vocabulary import STATUS_ORDER, STATUS_PROGRESSION


def _rank(status: str) -> int:
    return STATUS_PROGRESSION.index(status) if status in STATUS_PROGRESSION else -1


def _claim(fact: Fact, articles: Mapping[str, Article], bodies: Mapping[str, RenderedBody]) -> StatusClaim:
    article = articles[fact.citation.article]
    anchor = bodies[article.slug].anchor_of(fact.citation.sentence) or ""
    return StatusClaim(fact.status, Quote(fact.citation.sentence, article, anchor), fact.date, fact.location)


def _when(claim: StatusClaim) -> date | None:
    """The date a source gives for a claim: its own, or its article's publication."""
    return claim.date or claim.quote.article.published


def _earlier(claim: StatusClaim, than: StatusClaim) -> bool:
    mine, theirs = _when(claim), _when(than)
    return mine is not None and theirs is not None and mine < theirs


def partner_agreement(partner: Entity, claims: list[StatusClaim]) -> Agreement:
    """One partner's claims, in the order of facts.yaml, as its agreement."""
    current, history, disputed, also = claims[0], [], [], []
    for claim in claims[1:]:
        if claim.status == current.status:
            if current.date is None and claim.date is not None:
                current, claim = claim, current  # the source that gives the date leads; the other still supports it
            also.append(claim)
        elif _rank(claim.status) > _rank(current.status):
            history.append(current)
            current = claim
        elif _earlier(claim, current):
            history.append(claim)  # an older report of an earlier status: history, not a contradiction
        else:
            disputed.append(claim)
    history.sort(key=lambda step: (_rank(step.status), _when(step) or date.min))
    # Support for a status the partner has since moved past is not shown again beside the new one.
    also = [claim for claim in also if claim.status == current.status]
    return Agreement(
        partner,
        current.status,
        current.quote,
        current.date,
        history=tuple(history),
        disputed_by=tuple(disputed),
        also_reported=tuple(also),
    )


def agreements(
    content: Content, articles: Mapping[str, Article], bodies: Mapping[str, RenderedBody]
) -> tuple[Agreement, ...]:
    """Every partner's agreement, signed first, then by name."""
    entities = {entity.slug: entity for entity in content.entities}
    claims: dict[str, list[StatusClaim]] = {}
    for fact in content.facts:
        claims.setdefault(fact.partner, []).append(_claim(fact, articles, bodies))
    found = [partner_agreement(entities[slug], partner_claims) for slug, partner_claims in claims.items()]
    return tuple(sorted(found, key=lambda a: (STATUS_ORDER[a.status], a.partner.name)))


def disagreements(agreements: Iterable[Agreement]) -> list[Problem]:
    """A warning for each source that contradicts a partner's status, or the date its status was reached."""
    return [
        *(
            Problem(
                claim.location,
                f"the sources disagree about {agreement.partner.name}: this entry says '{claim.status}', "
                f"another says '{agreement.status}'; the pages show both",
                "check both articles; if one is out of date, remove its entry from facts.yaml or give each a date",
            )
            for agreement in agreements
            for claim in agreement.disputed_by
        ),
        *(
            Problem(
                claim.location,
                f"the sources disagree about when {agreement.partner.name}'s status became '{claim.status}': "
                f"this entry says {claim.date.isoformat()}, another says {agreement.date.isoformat()}; "
                "the pages show both",
                "check both articles; correct the 'date' of the entry that is wrong, or remove the entry",
            )
            for agreement in agreements
            for claim in agreement.also_reported
            if claim.date and agreement.date and claim.date != agreement.date
        ),
    ]

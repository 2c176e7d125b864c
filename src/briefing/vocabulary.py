"""The briefing's one vocabulary: agreement statuses and entity kinds, their labels and orders; what ingest does with an arrival.

Every stage reads these names from here, so a status or kind is added in one place.
"""

from __future__ import annotations

# What a fact in facts.yaml may state about a partner, in the order pages show them.
AGREEMENT_STATUSES = ("signed", "negotiating")
# A partner the sources mention without an agreement fact.
MENTIONED = "mentioned"
STATUSES = (*AGREEMENT_STATUSES, MENTIONED)
STATUS_LABELS = {"signed": "Signed", "negotiating": "In negotiation", MENTIONED: "Mentioned in sources"}
STATUS_ORDER = {status: rank for rank, status in enumerate(STATUSES)}
# The order an agreement moves through its statuses: a later one is progress, an earlier one a contradiction.
STATUS_PROGRESSION = ("negotiating", "signed")

# Countries ISO 3166-1 has no code for, by the code they go by all the same: Kosovo's user-assigned XK, which the
# EU, the IMF and Unicode's CLDR use. Each with its name, as the map's shapes and ingest know it.
COUNTRIES_WITHOUT_ISO_CODE = {"XK": "Kosovo"}

# Entity kinds, in the order pages list them, each with its group name in entities.yaml.
ENTITY_KINDS = ("country", "person", "organisation")
ENTITY_GROUPS = {"country": "countries", "person": "people", "organisation": "organisations"}
KIND_ORDER = {kind: rank for rank, kind in enumerate(ENTITY_KINDS)}

# What a reader is told a thing is: an entity's kind, or the kind of a page or search result.
KIND_LABELS = {
    "topic": "Topic",
    "country": "Country",
    "person": "Person",
    "organisation": "Organisation",
    "article": "Article",
    "qa": "Q&A",
}
ENTITY_KIND_LABELS = {kind: KIND_LABELS[kind] for kind in ENTITY_KINDS}

# What became of an arrival given to ingest, as its report and the batch's count say.
WRITTEN, SKIPPED, REFUSED, SUMMARY_ONLY = "written", "skipped", "refused", "summary only"

"""Page fingerprints: what a page shows, hashed so that a rebuild renders only the pages whose content changed."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest
from markupsafe import Markup

from briefing.enrich.relations import SharedArticles, positions_by
from briefing.output.cache import Fingerprints
from briefing.stages import briefing_of
from conftest import CONTENT


@pytest.fixture(scope="module")
def briefing():
    return briefing_of(CONTENT)


@dataclass(frozen=True)
class Chart:
    bars: tuple[tuple[str, int], ...]


def test_an_article_counts_by_its_file_digest_alone(briefing):
    article = briefing.articles[0]
    fingerprint = Fingerprints("salt").of({"article": article})
    assert Fingerprints("salt").of({"article": dataclasses.replace(article, title="Said again")}) == fingerprint
    assert Fingerprints("salt").of({"article": dataclasses.replace(article, digest="edited")}) != fingerprint
    assert Fingerprints("other templates").of({"article": article}) != fingerprint


def test_values_count_by_kind_and_order():
    fingerprints = Fingerprints("salt")
    assert fingerprints.of(("1",)) != fingerprints.of((1,))
    assert fingerprints.of((1, True)) != fingerprints.of((True, 1))
    assert fingerprints.of({"a": 1, "b": 2}) != fingerprints.of({"b": 2, "a": 1})
    assert fingerprints.of([Markup("<b>x</b>")]) == fingerprints.of(["<b>x</b>"])


def test_a_dataclass_shown_on_many_pages_counts_by_its_contents():
    fingerprints = Fingerprints("salt")
    chart = Chart((("signed", 3),))
    first = fingerprints.of({"chart": chart, "page": 1})
    assert fingerprints.of({"chart": Chart((("signed", 3),)), "page": 1}) == first
    assert fingerprints.of({"chart": Chart((("signed", 4),)), "page": 1}) != first


def test_what_a_page_cannot_show_is_refused():
    with pytest.raises(TypeError, match="cannot fingerprint object"):
        Fingerprints("salt").of({"thing": object()})


def test_shared_article_counts_are_those_of_a_count_over_every_article(briefing):
    """The bit sets give the counts of counting, for every pair, the articles that have both."""
    content_entities = {entity.slug: entity for entities in briefing.article_entities.values() for entity in entities}
    shared = SharedArticles(
        briefing.topics,
        positions_by(
            (t.slug for t in briefing.topics),
            briefing.articles,
            lambda a: [t.slug for t in briefing.article_topics[a.slug]],
        ),
        content_entities.values(),
        positions_by(
            content_entities, briefing.articles, lambda a: [e.slug for e in briefing.article_entities[a.slug]]
        ),
        len(briefing.articles),
    )
    for topic in briefing.topics:
        counted = {
            entity.slug: sum(
                1 for a in briefing.topic_articles[topic.slug] if entity in briefing.article_entities[a.slug]
            )
            for entity in content_entities.values()
        }
        ranked = shared.entities_with(shared.topics[topic.slug].articles)
        assert {entity.slug: count for entity, count in ranked} == {s: n for s, n in counted.items() if n}
        assert [count for _, count in ranked] == sorted((count for _, count in ranked), reverse=True)

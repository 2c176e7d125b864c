"""Relations: back-links that mirror mentions, ranked related items, people and organisation pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import urls
from briefing.stages import briefing_of, read_content
from conftest import CONTENT


@pytest.fixture(scope="module")
def briefing():
    return briefing_of(CONTENT)


def with_pages(briefing):
    return [*briefing.partner_countries, *briefing.people, *briefing.organisations]


def test_back_links_are_the_exact_inverse_of_mentions(briefing):
    for entity in with_pages(briefing):
        mentioning = {a.slug for a in briefing.articles if entity in briefing.article_entities[a.slug]}
        assert {a.slug for a in briefing.entity_articles[entity.slug]} == mentioning, entity.slug


def test_every_person_and_organisation_has_a_page(briefing, shipped_site: Path):
    content = read_content(CONTENT)
    for entity in content.entities:
        if entity.kind in ("person", "organisation"):
            path, _ = urls.location_of(entity)
            page = (shipped_site / path).read_text(encoding="utf-8")
            assert f"<h1>{entity.name}</h1>" in page
            assert all(alias in page for alias in entity.aliases), entity.slug
            if entity.role:
                assert entity.role in page


def links_in_section(html: str, heading_id: str) -> set[str]:
    """The hrefs in the section that a heading with this id opens."""
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return set(re.findall(r'href="([^"#]+)"', section))


def test_back_links_on_the_pages_are_symmetric_with_the_mentions(briefing, shipped_site: Path):
    """An article lists an entity with a page exactly when that page lists the article under 'Mentioned in'."""
    for article in briefing.articles:
        article_html = (shipped_site / urls.article(article.slug)).read_text(encoding="utf-8")
        listed = {link.removeprefix("../") for link in links_in_section(article_html, "mentioned")}
        for entity in with_pages(briefing):
            entity_path, _ = urls.location_of(entity)
            entity_html = (shipped_site / entity_path).read_text(encoding="utf-8")
            back = {link.removeprefix("../") for link in links_in_section(entity_html, "articles")}
            assert (entity_path in listed) == (urls.article(article.slug) in back), (article.slug, entity.slug)


def test_related_entities_are_ranked_by_shared_articles_and_never_self(briefing):
    for slug, ranked in briefing.entity_related.items():
        counts = [count for _, count in ranked]
        assert counts == sorted(counts, reverse=True)
        assert slug not in {entity.slug for entity, _ in ranked}
        for entity, count in ranked:
            shared = [a for a in briefing.entity_articles[slug] if entity in briefing.article_entities[a.slug]]
            assert len(shared) == count


def test_related_topics_count_shared_articles(briefing):
    nato = {topic.slug: count for topic, count in briefing.topic_related["nato"]}
    assert "nato" not in nato
    for slug, count in nato.items():
        assert count == len(set(briefing.topic_articles["nato"]) & set(briefing.topic_articles[slug]))
    zelenskyy = [(topic.slug, count) for topic, count in briefing.entity_topics["volodymyr-zelenskyy"]]
    assert zelenskyy[0] == ("nato", 5)  # he is in every article, and every article is about NATO


def test_topic_pages_show_people_organisations_and_related_topics(shipped_site: Path):
    html = (shipped_site / "topics" / "nato.html").read_text(encoding="utf-8")
    assert "../people/mark-rutte.html" in links_in_section(html, "people")
    assert "../organisations/nato.html" in links_in_section(html, "organisations")
    assert "security-guarantees.html" in links_in_section(html, "related-topics")


def test_article_pages_link_people_and_say_what_they_are_cited_for(shipped_site: Path):
    html = (shipped_site / "articles" / "zelensky-plans-bilateral-agreements-with-western-states.html").read_text(
        encoding="utf-8"
    )
    assert "../people/mircea-geoana.html" in links_in_section(html, "mentioned")
    cited = links_in_section(html, "cited-for")
    assert {"../countries/czechia.html", "../countries/united-states.html"} <= cited

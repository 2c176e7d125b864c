"""What enrich carries over between builds: a rebuild that derives again only what a change can reach (related
articles, passages, quotes) derives what a build from scratch does."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from briefing import stages
from briefing.enrich import related as related_module
from briefing.enrich.aggregate import sorted_articles
from briefing.enrich.related import RELATED_WINDOW, Postings, Related, changed_since, related_articles
from briefing.model import Article, Entity, Location, Source, Topic
from briefing.output.cache import BuildCache
from briefing.render.registry import pages_as_before
from briefing.stages import briefing_of, read_content
from briefing.tools.bench import _pools, arrival_day, make_corpus, synthetic_article
from conftest import CONTENT

TOPICS = [Topic(f"topic-{n}", f"Topic {n}", "", (), Location("topics.yaml")) for n in range(4)]
ENTITIES = [Entity(f"entity-{n}", "country", f"Country {n}", (), "", Location("entities.yaml")) for n in range(30)]


@dataclasses.dataclass(frozen=True)
class _Piece:
    """An article with what the analysis found in it."""

    article: Article
    topics: tuple[Topic, ...]
    entities: tuple[Entity, ...]


def _piece(rng: random.Random, number: int, version: int = 0) -> _Piece:
    article = Article(
        slug=f"article-{number}",
        title=f"Article {rng.randint(0, 40)}",
        summary="",
        source=Source(None, None, None),
        location=Location(f"articles/article-{number}.md"),
        # Few distinct days: many ties in date order, broken by title and slug.
        published=date(2025, 1, 1) + timedelta(days=rng.randint(0, 30)),
        digest=f"{number}.{version}",
    )
    # A few common entities and many rare ones: rare ones make windows that span the whole briefing.
    entities = rng.sample(ENTITIES[:3], rng.randint(0, 2)) + rng.sample(ENTITIES[3:], rng.randint(0, 2))
    return _Piece(article, tuple(rng.sample(TOPICS, rng.randint(1, 2))), tuple(entities))


def _ranked(pieces: dict[str, _Piece], before=None) -> Related:
    articles = sorted_articles(piece.article for piece in pieces.values())
    places: dict[str, dict[str, list[int]]] = {"topics": {}, "entities": {}}
    for position, article in enumerate(articles):
        piece = pieces[article.slug]
        for topic in piece.topics:
            places["topics"].setdefault(topic.slug, []).append(position)
        for entity in piece.entities:
            places["entities"].setdefault(entity.slug, []).append(position)
    postings = Postings(
        {article.slug: position for position, article in enumerate(articles)},
        {topic.slug: places["topics"].get(topic.slug, []) for topic in TOPICS},
        places["entities"],
        {slug: piece.topics for slug, piece in pieces.items()},
        {slug: piece.entities for slug, piece in pieces.items()},
    )
    return related_articles(articles, postings, before, changed_since(before, articles) if before else frozenset())


def _slugs(related: Related) -> dict[str, list[str]]:
    return {slug: [article.slug for article in articles] for slug, articles in related.by_slug.items()}


@pytest.mark.parametrize("seed", range(40))
def test_a_rebuild_after_changes_ranks_as_a_full_ranking_does(seed: int):
    rng = random.Random(seed)
    pieces = {piece.article.slug: piece for piece in (_piece(rng, number) for number in range(120))}
    last = _ranked(pieces)
    for step in range(6):
        for _ in range(rng.randint(1, 3)):
            change = rng.choice(["add", "remove", "edit"])
            if change == "add":
                piece = _piece(rng, 1000 + 10 * step + len(pieces))
            else:
                slug = rng.choice(sorted(pieces))
                if change == "remove":
                    del pieces[slug]
                    continue
                piece = _piece(rng, int(slug.removeprefix("article-")), version=step + 1)
            pieces[piece.article.slug] = piece
        now = _ranked(pieces, last.ranked)
        assert _slugs(now) == _slugs(_ranked(pieces)), f"step {step}"
        last = now


def test_an_arrival_ranks_again_only_the_lists_within_its_window(monkeypatch: pytest.MonkeyPatch):
    rng = random.Random(1)
    pieces = {piece.article.slug: piece for piece in (_piece(rng, number) for number in range(2000))}
    last = _ranked(pieces)
    newcomer = _piece(rng, 5000)
    pieces[newcomer.article.slug] = newcomer
    ranked_again = []
    original = related_module._ranked_one
    monkeypatch.setattr(related_module, "_ranked_one", lambda *args: ranked_again.append(args[0]) or original(*args))
    _ranked(pieces, last.ranked)
    postings = len(TOPICS) + len(ENTITIES)
    assert 0 < len(ranked_again) <= postings * (2 * RELATED_WINDOW + 3)
    assert len(ranked_again) < len(pieces) / 4


def _derived(briefing) -> tuple:
    """What enrich carries over between builds, as the pages show it."""
    return briefing.related_articles, briefing.topic_passages, briefing.entity_quotes


def test_a_briefing_read_after_changes_derives_what_a_fresh_read_does(tmp_path: Path):
    content = tmp_path / "content"
    make_corpus(CONTENT, content, 150)
    shipped = read_content(CONTENT)
    pools, rng = _pools(CONTENT), random.Random(3)
    articles = content / "articles"
    cache = BuildCache(tmp_path / "cache")
    try:
        stages.keep_derived(cache, stages.read_briefing(content, stages.BuildRun(cache)))
        for step in range(4):
            synthetic = sorted(articles.glob("synthetic-*.md"))
            (articles / f"arrival-{step}.md").write_text(
                synthetic_article(500 + step, pools, rng, arrival_day(shipped)), encoding="utf-8"
            )
            rng.choice(synthetic).unlink()
            edited = rng.choice(synthetic[-50:])
            if edited.exists():
                edited.write_text(synthetic_article(700 + step, pools, rng), encoding="utf-8")
            carried = stages.read_briefing(content, stages.BuildRun(cache))
            stages.keep_derived(cache, carried)
            assert carried.enriched.changed, "the last read's derivations were carried over"
            assert _derived(carried.briefing) == _derived(briefing_of(content)), f"step {step}"
    finally:
        cache.close()


def test_after_an_arrival_only_the_pages_it_can_reach_are_gathered_again(tmp_path: Path):
    """An article's page is known to show what it showed unless the article, its related articles or their
    list changed, or a fact cites it."""
    content = tmp_path / "content"
    make_corpus(CONTENT, content, 300)
    shipped = read_content(CONTENT)
    cache = BuildCache(tmp_path / "cache")
    try:
        stages.keep_derived(cache, stages.read_briefing(content, stages.BuildRun(cache)))
        arrival = synthetic_article(900, _pools(CONTENT), random.Random(9), arrival_day(shipped))
        (content / "articles" / "arrival.md").write_text(arrival, encoding="utf-8")
        read = stages.read_briefing(content, stages.BuildRun(cache))
    finally:
        cache.close()
    briefing = read.briefing
    [as_before] = pages_as_before(briefing, read.enriched.changed, read.enriched.related_moved).values()
    [new] = [article for article in briefing.articles if article.location.file.endswith("arrival.md")]
    cited = {agreement.quote.article.slug for agreement in briefing.agreements}
    reached = {new.slug, *(a.slug for a in briefing.articles if new in briefing.related_articles[a.slug]), *cited}
    assert read.enriched.changed == {new.slug}
    assert not as_before & reached
    assert len(as_before) > len(briefing.articles) - 150


def test_an_article_a_fact_cites_is_never_taken_as_showing_what_it_showed():
    """Which source a partner's status is quoted from can move with another article's date: such pages are always
    gathered again."""
    briefing = briefing_of(CONTENT)
    [as_before] = pages_as_before(briefing, frozenset(), frozenset()).values()
    cited = {claim.quote.article.slug for a in briefing.agreements for claim in (a, *a.history, *a.also_reported)}
    assert cited and not cited & as_before
    assert as_before == {article.slug for article in briefing.articles} - cited

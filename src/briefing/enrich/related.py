"""Related articles: for every article, the five sharing most with it among its near neighbours in date order.

A rebuild ranks again only the articles a change can reach. An article's list depends
on its neighbours within `RELATED_WINDOW` places on each topic and entity it has, and on
their places in the date order (ties go to the nearest). A change — an article added,
removed or edited — can therefore alter only the lists of the articles within the window
of the place where it happened, on any topic or entity: an article further away on every
one sees the same neighbours, in the same order, at the same distances. Every other list
is the last build's, carried over by slug.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from briefing.model import Article, Entity, Topic

RELATED_ARTICLES = 5
# Related articles are looked for among this many neighbours in date order on each
# shared topic or entity: news relates to news of the same weeks, and the cost stays linear.
RELATED_WINDOW = 8
_TOPIC_WEIGHT, _ENTITY_WEIGHT = 2, 1


@dataclass(frozen=True)
class RankedBefore:
    """What the last build ranked, for the next one: its articles in date order, by slug and file digest, and
    each one's related articles, by their places in that order."""

    slugs: tuple[str, ...]
    digests: tuple[str, ...]
    related: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Postings:
    """The places in date order of the articles of each topic and entity, and what each article has."""

    position: Mapping[str, int]  # each article's place in date order, by slug
    topics: Mapping[str, list[int]]  # by topic slug, ascending
    entities: Mapping[str, list[int]]  # by entity slug, ascending (only entities some article names)
    article_topics: Mapping[str, tuple[Topic, ...]]
    article_entities: Mapping[str, tuple[Entity, ...]]

    def of(self, article: Article) -> list[tuple[list[int], int]]:
        """The postings holding the article, each with the weight of what they share."""
        return [(self.topics[topic.slug], _TOPIC_WEIGHT) for topic in self.article_topics[article.slug]] + [
            (self.entities[entity.slug], _ENTITY_WEIGHT) for entity in self.article_entities[article.slug]
        ]

    def all(self) -> Iterable[list[int]]:
        return [*self.topics.values(), *self.entities.values()]


@dataclass(frozen=True)
class Related:
    by_slug: dict[str, tuple[Article, ...]]
    ranked: RankedBefore  # for the next build
    # The articles whose list is not the one the last build ranked for them (all, without `before`).
    moved: frozenset[str]


def changed_since(before: RankedBefore, articles: Iterable[Article]) -> frozenset[str]:
    """The slugs of the articles added, edited or removed since `before` was ranked."""
    now = {article.slug: article.digest for article in articles}
    then = dict(zip(before.slugs, before.digests))
    return frozenset(slug for slug in now.keys() | then.keys() if now.get(slug) != then.get(slug))


def related_articles(
    articles: tuple[Article, ...],
    postings: Postings,
    before: RankedBefore | None,
    changed: frozenset[str],
) -> Related:
    """Articles sharing topics (weight 2) and entities (weight 1), among near neighbours in time; `articles` in
    date order. With `before`, only the lists that the changes since then can reach are ranked again (`changed`:
    `changed_since(before, articles)`, which the caller needs too)."""
    was_at = {slug: index for index, slug in enumerate(before.slugs)} if before else {}
    carried = _carried_over(articles, postings, before, changed, was_at) if before else None
    if before is None or carried is None:
        ranked = _ranked_all(articles, postings)
        moved = frozenset(article.slug for article in articles)
    else:
        ranked = carried
        again = [position for position, related in enumerate(ranked) if related is None]
        for position in again:
            ranked[position] = _ranked_one(position, postings.of(articles[position]))
        moved = frozenset(_moved(articles, ranked, again, before, was_at))
    by_slug = {article.slug: tuple(articles[other] for other in ranked[p]) for p, article in enumerate(articles)}
    state = RankedBefore(
        tuple(article.slug for article in articles), tuple(article.digest for article in articles), tuple(ranked)
    )
    return Related(by_slug, state, moved)


def _moved(
    articles: tuple[Article, ...],
    ranked: list[tuple[int, ...]],
    again: list[int],
    before: RankedBefore,
    was_at: Mapping[str, int],
) -> Iterator[str]:
    """The slugs of the articles ranked again whose list is not the last build's (`was_at`: their places then)."""
    for position in again:
        slug = articles[position].slug
        now = [articles[other].slug for other in ranked[position]]
        if slug not in was_at or now != [before.slugs[other] for other in before.related[was_at[slug]]]:
            yield slug


def _ranked_all(articles: tuple[Article, ...], postings: Postings) -> list[tuple[int, ...]]:
    # Each article's neighbours on every topic and entity it has, repeated by weight; its scores are their counts.
    near: list[list[int]] = [[] for _ in articles]
    for group, weight in ((postings.topics.values(), _TOPIC_WEIGHT), (postings.entities.values(), _ENTITY_WEIGHT)):
        for posting in group:
            for index, position in enumerate(posting):
                near[position] += posting[max(0, index - RELATED_WINDOW) : index + RELATED_WINDOW + 1] * weight
    return [_best_related(Counter(neighbours), position) for position, neighbours in enumerate(near)]


def _ranked_one(position: int, holding: list[tuple[list[int], int]]) -> tuple[int, ...]:
    near: list[int] = []
    for posting, weight in holding:
        index = bisect_left(posting, position)
        near += posting[max(0, index - RELATED_WINDOW) : index + RELATED_WINDOW + 1] * weight
    return _best_related(Counter(near), position)


def _best_related(scores: Counter[int], position: int) -> tuple[int, ...]:
    """The highest scores first, then the nearest in date order, then the newer."""
    scores.pop(position, None)
    candidates = list(scores)
    if len(candidates) > RELATED_ARTICLES:
        # Only articles scoring at least the fifth best score can be among the best five.
        floor = heapq.nlargest(RELATED_ARTICLES, scores.values())[-1]
        candidates = [other for other in candidates if scores[other] >= floor]
    ranked = sorted((-scores[other], abs(other - position), other) for other in candidates)
    return tuple(other for _, _, other in ranked[:RELATED_ARTICLES])


def _carried_over(
    articles: tuple[Article, ...],
    postings: Postings,
    before: RankedBefore,
    changed: frozenset[str],
    was_at: Mapping[str, int],
) -> list[tuple[int, ...] | None] | None:
    """The last build's lists moved to the articles' places now; None where a change can reach the list.
    None in all if too much changed for carrying over to pay."""
    position = postings.position
    unchanged = [article.slug not in changed for article in articles]
    places = [index for index, same in enumerate(unchanged) if not same] + _gaps_left(before, position, unchanged)
    if len(places) > len(articles) // 4:
        return None
    reached = _within_window(places, postings.all())
    carried: list[tuple[int, ...] | None] = []
    for index, article in enumerate(articles):
        if not unchanged[index] or index in reached:
            carried.append(None)
        else:
            carried.append(tuple(position[before.slugs[other]] for other in before.related[was_at[article.slug]]))
    return carried


def _gaps_left(before: RankedBefore, position: Mapping[str, int], unchanged: Sequence[bool]) -> list[int]:
    """Where each article gone from its last place (removed, or edited) was, as a place now: that of the first
    unchanged article after it then, or the end."""
    gaps = []
    gone = False
    for slug in before.slugs:
        now = position.get(slug)
        if now is not None and unchanged[now]:
            if gone:
                gaps.append(now)
                gone = False
        else:
            gone = True
    if gone:
        gaps.append(len(unchanged))
    return gaps


def _within_window(places: list[int], postings: Iterable[list[int]]) -> set[int]:
    """The articles within the window (and one more) of any of these places, on any topic or entity."""
    reached: set[int] = set()
    for posting in postings:
        for place in places:
            index = bisect_left(posting, place)
            reached.update(posting[max(0, index - RELATED_WINDOW - 1) : index + RELATED_WINDOW + 2])
    return reached

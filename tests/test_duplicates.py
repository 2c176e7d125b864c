"""Near-duplicates through the index: the same answers as comparing every article with every other."""

from __future__ import annotations

import random
from pathlib import Path

from briefing.content.load import article_paths, split_front_matter
from briefing.ingest.arrivals import SKIPPED, WRITTEN, ingest_files
from briefing.ingest.duplicates import DuplicateIndex, same_article, word_runs
from briefing.tools.bench import _pools, synthetic_article
from conftest import CONTENT

SAVED_PAGE = Path(__file__).parent / "fixtures" / "saved-news-page.html"


def _body(document: str) -> str:
    parts = split_front_matter(document)
    return parts[1] if parts else document


def _briefing(count: int) -> list[tuple[str, str]]:
    """The shipped articles and `count` synthetic ones (sentences drawn from the shipped ones, so they overlap)."""
    shipped = [(path.stem, _body(path.read_text(encoding="utf-8"))) for path in article_paths(CONTENT)]
    pools, rng = _pools(CONTENT), random.Random(3)
    return shipped + [(f"synthetic-{n}", _body(synthetic_article(n, pools, rng))) for n in range(1, count + 1)]


def _arrivals(briefing: list[tuple[str, str]]) -> list[str]:
    """Exact copies, copies inside page furniture, reworded halves, excerpts, short notes and new articles."""
    rng = random.Random(11)
    pools = _pools(CONTENT)
    furniture = "Advertisement. Sign up for our newsletter. Most popular stories this week. Share on social media."
    arrivals = []
    for _, body in rng.sample(briefing, 40):
        paragraphs = body.split("\n\n")
        arrivals += [
            body,
            f"{furniture}\n\n{body}\n\n{furniture} Comments are closed.",
            "\n\n".join(paragraphs[: len(paragraphs) // 2]),  # the first half: all of it in the article
            "\n\n".join(paragraphs[: len(paragraphs) // 2] + [synthetic_article(9000, pools, rng)]),  # half new
            " ".join(body.split()[:12]),  # a short excerpt
        ]
    arrivals += [_body(synthetic_article(n, pools, rng)) for n in range(5000, 5040)]
    arrivals += ["Kyiv", "Security guarantees for Ukraine were discussed again."]
    return arrivals


def _first_repeated(briefing: list[tuple[str, frozenset[int]]], text: str) -> str | None:
    """What ingest answered before the index: the first article sharing 80% of the shorter text's word runs."""
    mine = word_runs(text)
    return next((name for name, runs in briefing if same_article(mine, runs)), None)


def test_the_index_finds_exactly_what_comparing_every_article_finds():
    briefing = _briefing(400)
    index = DuplicateIndex()
    for name, body in briefing:
        index.add(name, body)
    every_run = [(name, word_runs(body)) for name, body in briefing]
    answers = [(index.duplicate_of(text), _first_repeated(every_run, text)) for text in _arrivals(briefing)]
    assert [found for found, _ in answers] == [expected for _, expected in answers]
    # The mix holds both kinds, so the comparison above means something.
    assert 150 <= sum(1 for _, expected in answers if expected) <= 210
    assert sum(1 for _, expected in answers if expected is None) >= 40


def test_an_article_ingested_earlier_in_the_same_batch_is_found(content_copy: Path, tmp_path: Path):
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    body = _briefing(1)[-1][1]
    first.write_text(f"# A report\n\n{body}", encoding="utf-8")
    second.write_text(f"# The same report, retitled\n\nAdvertisement\n\n{body}", encoding="utf-8")
    written, skipped = ingest_files([first, second], content_copy)
    assert (written.status, skipped.status) == (WRITTEN, SKIPPED)
    assert "already in the content as 'a-report'" in skipped.note
    assert (content_copy / "articles" / "a-report.md").exists()
    assert not (content_copy / "articles" / "the-same-report-retitled.md").exists()

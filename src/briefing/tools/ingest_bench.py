"""The ingest benchmark: saved news pages with their true article text, read by ingest and by trafilatura.

The pages come from a public extraction benchmark kept outside the repository,
laid out as scrapinghub/article-extraction-benchmark is: `html/<id>.html(.gz)` and
`ground-truth.json` mapping each id to its `articleBody` (and `url`). For each page
it measures the token F1 of ingest's body (with highlights) against the truth,
beside `trafilatura.extract`'s on the same page; the Q&A pairs made (these are
ordinary articles: there should be none); the titles still carrying the site's
name; and the time ingest takes per page.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from briefing.content.files import UnreadableFile
from briefing.ingest.arrivals import read_arrival
from briefing.ingest.html import carries_site_name, site_names_of
from briefing.problems import ContentError


@dataclass(frozen=True)
class PageScore:
    name: str
    ingest_f1: float
    trafilatura_f1: float
    qa_pairs: int
    title: str
    title_has_site_name: bool
    page_title_has_site_name: bool  # the page's own <title>, for comparison
    seconds: float


def _tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def token_f1(found: str, truth: str) -> float:
    """Bag-of-words F1 of the found text's word tokens against the true text's."""
    mine, theirs = _tokens(found), _tokens(truth)
    common = sum((mine & theirs).values())
    if not common:
        return 1.0 if not mine and not theirs else 0.0
    precision, recall = common / sum(mine.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def _pages(folder: Path) -> list[tuple[str, bytes]]:
    pages = []
    for path in sorted((folder / "html").iterdir()):
        name = path.name.removesuffix(".gz").removesuffix(".html")
        pages.append((name, gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()))
    return pages


def score_page(name: str, data: bytes, truth: dict) -> PageScore:
    import trafilatura

    started = time.perf_counter()
    try:
        draft = read_arrival(Path(f"{name}.html"), data)
        found = "\n".join([*draft.front.get("highlights", ()), draft.body])
        title, qa = draft.title, len(draft.front.get("qa", ()))
        publisher = draft.front.get("source", {}).get("publisher")
    except (ContentError, UnreadableFile):
        found, title, qa, publisher = "", "", 0, None
    seconds = time.perf_counter() - started
    page = data.decode("utf-8", "replace")
    baseline = trafilatura.extract(page) or ""
    true_text = truth.get("articleBody", "")
    site_names = site_names_of(publisher, truth.get("url"))
    page_title = re.search(r"<title[^>]*>([^<]*)</title>", page[:200_000], re.IGNORECASE)
    return PageScore(
        name,
        token_f1(found, true_text),
        token_f1(baseline, true_text),
        qa,
        title,
        carries_site_name(title, site_names),
        bool(page_title) and carries_site_name(" ".join(html.unescape(page_title[1]).split()), site_names),
        seconds,
    )


def run_ingest_bench(folder: Path) -> int:
    """Score every page and print a Markdown table (as in the README), then the pages to look at."""
    truths = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    counting = sys.stderr.isatty()  # a count redrawn in place: into a log it would run on as one line
    for name, data in _pages(folder):
        if name in truths:
            scores.append(score_page(name, data, truths[name]))
            if counting:
                print(f"\r{len(scores)} pages", end="", file=sys.stderr)
    if counting:
        print(file=sys.stderr)
    count = len(scores)
    rows = {
        "pages": f"{count}",
        "ingest F1 (mean)": f"{sum(s.ingest_f1 for s in scores) / count:.3f}",
        "trafilatura.extract F1 (mean)": f"{sum(s.trafilatura_f1 for s in scores) / count:.3f}",
        "Q&A pairs made (pages)": f"{sum(s.qa_pairs for s in scores)} ({sum(1 for s in scores if s.qa_pairs)})",
        "titles with the site name (in the pages' own `<title>`)": f"{sum(s.title_has_site_name for s in scores)} "
        f"({sum(s.page_title_has_site_name for s in scores)})",
        "ingest time per page (mean / max)": f"{sum(s.seconds for s in scores) / count * 1000:.0f} ms / "
        f"{max(s.seconds for s in scores) * 1000:.0f} ms",
    }
    print("| measure | value |\n|---|---|")
    for measure, value in rows.items():
        print(f"| {measure} | {value} |")
    worst = sorted(scores, key=lambda s: s.ingest_f1 - s.trafilatura_f1)[:10]
    print("\nPages where ingest does worst against trafilatura:", file=sys.stderr)
    for s in worst:
        print(
            f"  {s.name[:16]} ingest {s.ingest_f1:.3f} trafilatura {s.trafilatura_f1:.3f}  {s.title[:60]}",
            file=sys.stderr,
        )
    for s in scores:
        if s.qa_pairs or s.title_has_site_name:
            print(f"  {s.name[:16]} Q&A {s.qa_pairs}, title: {s.title}", file=sys.stderr)
    return 0

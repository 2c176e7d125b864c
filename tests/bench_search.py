"""Search at scale: index build time, index data loaded per query, time to first results.

    .venv/bin/python tests/bench_search.py --articles 10000        # synthetic corpus, then measure
    .venv/bin/python tests/bench_search.py --site path/to/site     # measure a site already built

The synthetic corpus is the shipped content plus N articles made from the shipped ones:
paragraphs shuffled between articles, and in each a sentence with generated place and
people names, so the vocabulary keeps growing with N as a real corpus does.
`measure_queries` is the part a wider benchmark can call on any built site.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from playwright.sync_api import Browser, sync_playwright

from briefing.pipeline import build_site
from briefing.search.index import index_files
from briefing.stages import briefing_of
from conftest import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT

TYPICAL_QUERIES = (
    "Budapest",
    "article 5",
    "zelensky",
    "latvia",
    "UK",
    "air defence",
    "security guarantees",
    '"security service"',
)
SYLLABLES = [
    "ka",
    "lo",
    "mir",
    "vo",
    "da",
    "sen",
    "tra",
    "bel",
    "ost",
    "ri",
    "na",
    "vel",
    "gor",
    "an",
    "is",
    "pol",
    "dan",
    "ver",
    "chy",
    "lu",
]


@dataclass(frozen=True)
class QueryFigures:
    query: str
    index_bytes: int  # bytes of search-index files the page loaded for the query
    typed_ms: float  # last keystroke → results, typing the query key by key
    pasted_ms: float  # input → results, the whole query at once with nothing loaded yet
    results: str  # the status line the page announced


def _generated_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _split_article(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def synthetic_content(out: Path, count: int, seed: int = 4) -> Path:
    """The shipped content plus `count` generated articles, written into `out`."""
    shutil.copytree(REPO_ROOT / "content", out)
    rng = random.Random(seed)
    shipped = [_split_article(path) for path in sorted((out / "articles").glob("*.md"))]
    paragraphs = [p for _, body in shipped for p in body.split("\n\n") if p.strip() and not p.startswith("#")]
    for number in range(count):
        front, body = shipped[number % len(shipped)]
        own = [p for p in body.split("\n\n") if p.strip()]
        chosen = rng.sample(own, k=max(1, len(own) - 1)) + rng.sample(paragraphs, k=2)
        place, person = _generated_name(rng), f"{_generated_name(rng)} {_generated_name(rng)}"
        chosen.insert(
            1,
            f"Officials in {place} met {person} on {rng.randint(1, 28)} May {rng.randint(2014, 2026)} to discuss the {rng.choice(['air defence', 'grain corridor', 'energy grid', 'border'])} plan.",
        )
        meta = dict(
            front,
            slug=f"synthetic-{number:05d}",
            title=f"{front['title']} — {place} ({number})",
            published=date(2014 + number % 12, 1 + number % 12, 1 + number % 28),
        )
        text = (
            "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" + "\n\n".join(chosen) + "\n"
        )
        (out / "articles" / f"synthetic-{number:05d}.md").write_text(text, encoding="utf-8")
    return out


def timed_build(content: Path, out: Path) -> dict[str, float]:
    """The whole build, and the search index alone on the same content (seconds)."""
    started = time.perf_counter()
    build_site(content, None, out)
    total = time.perf_counter() - started
    briefing = briefing_of(content)
    started = time.perf_counter()
    index_files(briefing).texts()  # every file made, as a first build makes them
    return {"total": total, "search index": time.perf_counter() - started}


def _search_files_loaded(requests: list[str], site: Path) -> set[Path]:
    index_folder = (site / "search-index").resolve()
    files = {Path(unquote(urlsplit(url).path)).resolve() for url in requests if url.startswith("file:")}
    return {f for f in files if f.is_relative_to(index_folder)}


def _time_to_results(browser: Browser, site: Path, query: str, typed: bool) -> tuple[float, int, str]:
    """ms from the last input event to the status line announcing results for the query."""
    page = browser.new_context().new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(
        """
        window.__inputAt = 0; window.__doneAt = 0;
        document.addEventListener("input", () => { window.__inputAt = performance.now(); window.__doneAt = 0; }, true);
        new MutationObserver(() => {
          const status = document.getElementById("search-status");
          if (status && status.textContent.includes(window.__query)) window.__doneAt = performance.now();
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """
    )
    page.goto((site / "search.html").as_uri())
    page.evaluate("query => { window.__query = query.trim(); }", query)
    if typed:
        page.type("#search-input", query, delay=60)
    else:
        page.fill("#search-input", query)
    page.wait_for_function("() => window.__doneAt > 0", timeout=30_000)
    elapsed = page.evaluate("window.__doneAt - window.__inputAt")
    status = page.inner_text("#search-status")
    loaded = sum(f.stat().st_size for f in _search_files_loaded(requests, site))
    page.context.close()
    return elapsed, loaded, status


def measure_queries(site: Path, queries=TYPICAL_QUERIES) -> list[QueryFigures]:
    """Open the site's search page from file:// in headless Chromium and time each query."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        figures = []
        for query in queries:
            typed_ms, loaded, status = _time_to_results(browser, site, query, typed=True)
            pasted_ms, _, _ = _time_to_results(browser, site, query, typed=False)
            figures.append(QueryFigures(query, loaded, typed_ms, pasted_ms, status))
        browser.close()
    return figures


def report(figures: list[QueryFigures]) -> str:
    lines = [f"{'query':24} {'index KB':>9} {'typed ms':>9} {'pasted ms':>10}  results"]
    lines += [
        f"{f.query:24} {f.index_bytes / 1024:9.0f} {f.typed_ms:9.0f} {f.pasted_ms:10.0f}  {f.results}" for f in figures
    ]
    lines.append(
        f"{'largest / median':24} {max(f.index_bytes for f in figures) / 1024:9.0f} "
        f"{statistics.median(f.typed_ms for f in figures):9.0f} {statistics.median(f.pasted_ms for f in figures):10.0f}"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000, help="synthetic articles to add to the shipped content")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    if args.site:
        print(report(measure_queries(args.site)))
        return 0
    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        content = synthetic_content(work / "content", args.articles)
        times = timed_build(content, work / "site")
        share = times["search index"] / (times["total"] - times["search index"])
        print(
            f"{args.articles + 5} articles: build {times['total']:.1f} s, of which search index {times['search index']:.1f} s (+{share:.0%} over the build without it)"
        )
        print("  stages: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in times.items()))
        index_bytes = sum(p.stat().st_size for p in (work / "site" / "search-index").rglob("*") if p.is_file())
        index_files_count = sum(1 for p in (work / "site" / "search-index").rglob("*") if p.is_file())
        print(f"  search index: {index_files_count} files, {index_bytes / 1e6:.1f} MB in all")
        print(report(measure_queries(work / "site")))
    return 0


if __name__ == "__main__":
    sys.exit(main())

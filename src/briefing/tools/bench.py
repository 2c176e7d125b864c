"""The benchmark: synthetic corpora of N articles, built cold, unchanged and with one more article.

The corpus is shaped like real coverage: Markdown with front matter, 600–1200
words drawn from the shipped articles' sentences, two topics and one to three
partner countries per article, Q&A pairs in one article of five. The same seed
gives the same corpus, so figures from two machines compare.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from briefing.content.load import ARTICLES_DIR
from briefing.model import Content
from briefing.pipeline import read_content
from briefing.text import sentences

FIRST_DAY = date(2022, 1, 1)
WORDS_PER_ARTICLE = (600, 1200)


@dataclass(frozen=True)
class _Pools:
    sentences: tuple[str, ...]
    countries: tuple[str, ...]
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]  # slug, title, keywords


def _pools(content: Content) -> _Pools:
    pool = [
        s
        for a in content.articles
        for paragraph in a.body.split("\n\n")
        if not paragraph.startswith("#")
        for s in sentences(" ".join(paragraph.split()))
    ]
    return _Pools(
        sentences=tuple(s for s in pool if 40 <= len(s) <= 400),
        countries=tuple(e.name for e in content.entities if e.kind == "country" and e.partner),
        topics=tuple((t.slug, t.title, t.keywords) for t in content.topics),
    )


def _paragraph(rng: random.Random, pools: _Pools, countries: list[str], keywords: list[str]) -> str:
    picked = [rng.choice(pools.sentences) for _ in range(rng.randint(3, 6))]
    # Name this article's own countries and topics so matching finds what a real article would.
    picked.append(
        f"Officials in {rng.choice(countries)} discussed {rng.choice(keywords)} with their counterparts again this week."
    )
    rng.shuffle(picked)
    return " ".join(picked)


def synthetic_article(number: int, pools: _Pools, rng: random.Random) -> str:
    """One article file: front matter and a Markdown body of 600–1200 words."""
    topics = rng.sample(pools.topics, 2)
    countries = rng.sample(pools.countries, rng.randint(1, 3))
    keywords = [k for _, _, words in topics for k in words]
    target = rng.randint(*WORDS_PER_ARTICLE)
    paragraphs: list[str] = []
    while sum(len(p.split()) for p in paragraphs) < target:
        if len(paragraphs) % 5 == 4:
            paragraphs.append(f"## {countries[0]} and {topics[len(paragraphs) % 2][1].lower()}")
        paragraphs.append(_paragraph(rng, pools, countries, keywords))
    front = {
        "title": f"{countries[0]}: {topics[0][1]}, report {number}",
        "summary": f"A synthetic report on {topics[0][1].lower()} and {topics[1][1].lower()}, naming {', '.join(countries)}.",
        "source": {
            "publisher": rng.choice(["Associated Press", "The Guardian", "Reuters", "BBC News"]),
            "url": f"https://news.example.org/{number}",
        },
        "published": FIRST_DAY + timedelta(days=rng.randrange(1500)),
        "ingested": FIRST_DAY + timedelta(days=1600),
        "topics": [topics[0][0]],
    }
    if number % 5 == 0:
        front["qa"] = [
            {"question": f"What did {c} agree to?", "answer": _paragraph(rng, pools, countries, keywords)}
            for c in countries[:2]
        ]
    return f"---\n{yaml.safe_dump(front, sort_keys=False, allow_unicode=True)}---\n\n" + "\n\n".join(paragraphs) + "\n"


def make_corpus(shipped: Path, target: Path, count: int, seed: int = 7) -> None:
    """Copy the shipped content (settings, topics, entities, facts, articles) and add `count` synthetic articles."""
    content = read_content(shipped)
    shutil.copytree(shipped, target)
    pools, rng = _pools(content), random.Random(seed)
    articles = target / ARTICLES_DIR
    for number in range(1, count + 1):
        (articles / f"synthetic-{number:05d}.md").write_text(synthetic_article(number, pools, rng), encoding="utf-8")


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_mb: float
    written: int


def _timed_build(content: Path, out: Path) -> Measurement:
    """One build in a child process, as a user would run it, with its own peak memory."""
    command = [sys.executable, "-m", "briefing", "build", "--content", str(content), "--out", str(out), "--quiet"]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait4 gives this child's own resource use; ru_maxrss is the largest process of the build, in KiB.
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    output = child.stdout.read() if child.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the benchmark build failed: {child.stderr.read() if child.stderr else ''}")
    written = re.search(r"\(([\d,]+) files written", output)
    return Measurement(seconds, usage.ru_maxrss / 1024, int(written.group(1).replace(",", "")) if written else -1)


def _folder_megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def bench_size(count: int, work: Path, shipped: Path = Path("content")) -> dict[str, str]:
    """Cold build, no-change rebuild and one-added-article rebuild of a corpus of `count` articles."""
    folder = work / str(count)
    shutil.rmtree(folder, ignore_errors=True)
    content, out = folder / "content", folder / "site"
    make_corpus(shipped, content, count)
    cold = _timed_build(content, out)
    unchanged = _timed_build(content, out)
    pools = _pools(read_content(shipped))
    (content / ARTICLES_DIR / "synthetic-new.md").write_text(
        synthetic_article(count + 1, pools, random.Random(count)), encoding="utf-8"
    )
    added = _timed_build(content, out)
    pages = sum(1 for _ in out.rglob("*.html"))
    return {
        "articles": f"{count:,}",
        "cold build": f"{cold.seconds:.1f} s",
        "no-change rebuild": f"{unchanged.seconds:.2f} s",
        "one article added": f"{added.seconds:.1f} s ({added.written:,} files written)",
        "peak memory": f"{max(cold.peak_mb, unchanged.peak_mb, added.peak_mb):,.0f} MB",
        "pages": f"{pages:,}",
        "output": f"{_folder_megabytes(out):,.0f} MB",
    }


def run_bench(sizes: str, work: Path) -> int:
    """Measure each corpus size and print a Markdown table (as in the README)."""
    rows = []
    for size in (int(part) for part in sizes.split(",")):
        print(f"Measuring {size:,} articles …", file=sys.stderr)
        rows.append(bench_size(size, work))
    headers = list(rows[0])
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row[h] for h in headers) + " |")
    print(
        f"\n{os.cpu_count()} cores; peak memory is the largest process of the build (the workers share most of the parent's memory)."
    )
    return 0

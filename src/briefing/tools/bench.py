"""The benchmark: synthetic corpora of N articles, ingested in one batch, then built cold, unchanged,
with one article added, one edited and one removed, and by Hugo when it is installed.

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
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from briefing.content.load import ARTICLES_DIR, ORIGINALS_DIR, article_paths, load_article
from briefing.model import Content
from briefing.stages import read_content
from briefing.text import sentences

FIRST_DAY = date(2022, 1, 1)
WORDS_PER_ARTICLE = (600, 1200)
# The synthetic articles arrived on this day.
CORPUS_INGESTED = FIRST_DAY + timedelta(days=1600)


@dataclass(frozen=True)
class _Pools:
    sentences: tuple[str, ...]
    countries: tuple[str, ...]
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]  # slug, title, keywords


def _pools(shipped: Path) -> _Pools:
    """The sentences of the shipped articles' bodies, the partner countries and the topics."""
    content, problems = read_content(shipped), []
    bodies = [loaded.body for path in article_paths(shipped) if (loaded := load_article(path, shipped, problems))]
    pool = [
        s
        for body in bodies
        for paragraph in body.split("\n\n")
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


def synthetic_article(number: int, pools: _Pools, rng: random.Random, ingested: date = CORPUS_INGESTED) -> str:
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
        "ingested": ingested,
        "topics": [topics[0][0]],
    }
    if number % 5 == 0:
        front["qa"] = [
            {"question": f"What did {c} agree to?", "answer": _paragraph(rng, pools, countries, keywords)}
            for c in countries[:2]
        ]
    return f"---\n{yaml.safe_dump(front, sort_keys=False, allow_unicode=True)}---\n\n" + "\n\n".join(paragraphs) + "\n"


def arrival_day(shipped: Content) -> date:
    """The day an article added to the corpus arrives: after every other, as a new arrival does."""
    return max(CORPUS_INGESTED, *(article.ingested for article in shipped.articles if article.ingested)) + timedelta(
        days=1
    )


def make_corpus(shipped: Path, target: Path, count: int, seed: int = 7) -> None:
    """Copy the shipped content (settings, topics, entities, facts, articles) and add `count` synthetic articles."""
    shutil.copytree(shipped, target)
    pools, rng = _pools(shipped), random.Random(seed)
    articles = target / ARTICLES_DIR
    for number in range(1, count + 1):
        (articles / f"synthetic-{number:05d}.md").write_text(synthetic_article(number, pools, rng), encoding="utf-8")


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_mb: float
    written: int
    cpu_seconds: float = 0.0  # on a shared machine, steadier than the wall clock
    stages: str = ""  # the build's own "Time by stage: …" line


def _timed(command: list[str]) -> tuple[float, float, str, float]:
    """Run a command as a user would, in a child process: its seconds, peak memory (MB), output and CPU seconds."""
    # What earlier steps wrote (a corpus of 10,000 files, a site) is written to disk first: the kernel would
    # otherwise write it back while the command runs, and the command would pay for it.
    os.sync()
    with tempfile.TemporaryFile("w+") as output, tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=output, stderr=errors, text=True)
        # wait4 gives this child's own resource use; ru_maxrss is the largest process of the command, in KiB.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        output.seek(0)
        errors.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"the benchmark command failed: {' '.join(command)}\n{errors.read()[-2000:]}")
        # The child's usage includes its workers': the CPU time of the whole command.
        return seconds, usage.ru_maxrss / 1024, output.read()[-2000:], usage.ru_utime + usage.ru_stime


def _timed_build(content: Path, out: Path) -> Measurement:
    command = [sys.executable, "-m", "briefing", "build", "--content", str(content), "--out", str(out)]
    seconds, peak_mb, output, cpu = _timed([*command, "--quiet", "--timings"])
    written = re.search(r"\(([\d,]+) files written", output)
    stages = re.search(r"^Time by stage: (.*)$", output, re.MULTILINE)
    return Measurement(
        seconds,
        peak_mb,
        int(written.group(1).replace(",", "")) if written else -1,
        cpu,
        stages.group(1) if stages else "",
    )


def _timed_ingest(shipped: Path, folder: Path, count: int) -> Measurement:
    """Ingest `count` synthetic Markdown arrivals in one batch into a new briefing (the settings, no articles yet);
    its folders stay, for `run_bench` to remove after every measurement (see `_SPENT`)."""
    content, arrivals = folder / "ingest-content", folder / "arrivals"
    shutil.copytree(shipped, content, ignore=shutil.ignore_patterns("*.md", ORIGINALS_DIR))
    pools, rng = _pools(shipped), random.Random(count)
    arrivals.mkdir()
    for number in range(1, count + 1):
        (arrivals / f"arrival-{number:05d}.md").write_text(synthetic_article(number, pools, rng), encoding="utf-8")
    seconds, peak_mb, _, cpu = _timed(
        [sys.executable, "-m", "briefing", "ingest", "--content", str(content), str(arrivals)]
    )
    return Measurement(seconds, peak_mb, count, cpu)


# Hugo's cold build is timed this many times and the median taken: one run of it moves by half
# on a shared machine, and the ratio to it is the figure a user compares.
HUGO_RUNS = 3


def _hugo_build(content: Path, folder: Path) -> float | None:
    """Hugo's cold build of the same article files (its own minimal layouts), when `hugo` is installed: the
    median of HUGO_RUNS builds, each into an empty folder."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    site = folder / "hugo"
    shutil.copytree(content / ARTICLES_DIR, site / "content" / "articles")
    for name, text in HUGO_SITE.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    runs = []
    for run in range(HUGO_RUNS):  # each into a folder of its own: see `_SPENT`
        seconds, _, _, _ = _timed(
            [hugo, "--quiet", "--source", str(site), "--destination", str(site / f"public-{run}")]
        )
        runs.append(seconds)
    return statistics.median(runs)


# A Hugo site as plain as ours: a page per article, a paginated list per topic and for all articles.
HUGO_SITE = {
    "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "Bench"\npaginate = 50\n'
    "disableKinds = ['RSS']\n[taxonomies]\ntopic = 'topics'\n",
    "layouts/_default/baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
    "<body><nav>{{ range .Site.Taxonomies.topics }}<a href='{{ .Page.RelPermalink }}'>{{ .Page.Title }}</a>"
    '{{ end }}</nav><main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "layouts/_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>'
    "{{ .Content }}<ul>{{ range .GetTerms \"topics\" }}<li><a href='{{ .RelPermalink }}'>{{ .LinkTitle }}</a></li>"
    "{{ end }}</ul>{{ end }}\n",
    "layouts/_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
    "<li><a href='{{ .RelPermalink }}'>{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}\n",
}


def _folder_megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# Each change (one added, edited, removed) is timed this many times, undone between (and built again), and the
# run of median time taken: on a shared machine one build of an arrival moves by a fifth from one run to the next.
CHANGE_RUNS = 3
# Cold builds are timed as often as Hugo's, for the same reason.
COLD_RUNS = HUGO_RUNS


def _timed_change(content: Path, out: Path, path: Path, changed: str | None) -> tuple[Measurement, list[Measurement]]:
    """The median of CHANGE_RUNS builds with the file at `path` changed to `changed` (None: removed), undone
    between them and left changed after the last; with every build's measurement (for the peak memory)."""
    before = path.read_text(encoding="utf-8") if path.exists() else None
    timed, every = [], []
    for run in range(CHANGE_RUNS):
        if run:
            _put(path, before)
            every.append(_timed_build(content, out))
        _put(path, changed)
        timed.append(_timed_build(content, out))
    every += timed
    return _median(timed), every


def _median(measured: list[Measurement]) -> Measurement:
    return sorted(measured, key=lambda one: one.seconds)[len(measured) // 2]


def _put(path: Path, text: str | None) -> None:
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")


def _reworded(path: Path) -> str:
    """An article's text with one sentence reworded, as an editor would."""
    return path.read_text(encoding="utf-8").replace(" again this week.", " again this month.", 1)


def _per_article(measured: Measurement, count: int) -> str:
    return f"{1000 * measured.seconds / count:.1f} ms, {1000 * measured.cpu_seconds / count:.1f} ms CPU"


@dataclass(frozen=True)
class SizeMeasured:
    row: dict[str, str]  # the README table's columns
    added_stages: str  # where the time of the one-added build went, by stage


def bench_size(count: int, work: Path, shipped: Path = Path("content")) -> SizeMeasured:
    """Bulk ingest; cold, unchanged, one-added, one-edited and one-removed builds of a corpus of `count` articles."""
    folder = work / str(count)
    folder.mkdir(parents=True)
    ingest = _timed_ingest(shipped, folder, count)
    content = folder / "content"
    make_corpus(shipped, content, count)
    # Each cold build into a folder of its own (see `_SPENT`); the changes are then built into the last.
    cold_builds = [_timed_build(content, folder / f"site-{run}") for run in range(COLD_RUNS)]
    cold = _median(cold_builds)
    out = folder / f"site-{COLD_RUNS - 1}"
    unchanged = _timed_build(content, out)
    articles = content / ARTICLES_DIR
    arrival = synthetic_article(count + 1, _pools(shipped), random.Random(count), arrival_day(read_content(shipped)))
    added, added_builds = _timed_change(content, out, articles / "synthetic-new.md", arrival)
    first = sorted(articles.glob("synthetic-*.md"))[0]
    edited, edited_builds = _timed_change(content, out, first, _reworded(first))
    removed, removed_builds = _timed_change(content, out, sorted(articles.glob("synthetic-*.md"))[-2], None)
    peak = max(m.peak_mb for m in (*cold_builds, unchanged, *added_builds, *edited_builds, *removed_builds))
    hugo = _hugo_build(content, folder)
    row = {
        "articles": f"{count:,}",
        "bulk ingest": f"{ingest.seconds:.1f} s ({_per_article(ingest, count)} a file)",
        "cold build": f"{cold.seconds:.1f} s ({_per_article(cold, count)} an article; {cold.written:,} files), "
        f"median of {COLD_RUNS}",
        "no change": f"{unchanged.seconds:.2f} s",
        "one added": f"{added.seconds:.1f} s ({added.written:,} files), median of {CHANGE_RUNS}",
        "one edited": f"{edited.seconds:.1f} s ({edited.written:,} files), median of {CHANGE_RUNS}",
        "one removed": f"{removed.seconds:.1f} s ({removed.written:,} files), median of {CHANGE_RUNS}",
        "peak memory": f"{peak:,.0f} MB ({1000 * peak / count:,.0f} KB an article)",
        "pages": f"{sum(1 for _ in out.rglob('*.html')):,}",
        "output": f"{_folder_megabytes(out):,.0f} MB",
    }
    if hugo is not None:
        row["Hugo cold build"] = f"{hugo:.1f} s, median of {HUGO_RUNS} (ours: {cold.seconds / hugo:.2f}×)"
    return SizeMeasured(row, added.stages)


# Nothing is deleted while anything is measured. On ext4 without a journal (these machines' disks), a new file's
# inode is looked for past those freed in the last one to six minutes: after deleting a site's 17,000 files, each
# of the next few thousand new files costs up to twenty times as much, and a cold build right after one spent 11 s
# of system time instead of 5. What a run leaves, and what an earlier run left, is removed once every size is measured.
_SPENT = "spent"


def _remove_spent(work: Path, counts: list[int]) -> None:
    """Remove what an earlier run left, and of this run's folders what is not for looking at afterwards: the ingest's
    folders, the cold builds' sites but the last (which the changes were built into) and Hugo's outputs but the first
    (each size keeps its corpus, one site and one Hugo site)."""
    spent_sites = [f"site-{run}" for run in range(COLD_RUNS - 1)]
    spent_hugo = [f"hugo/public-{run}" for run in range(1, HUGO_RUNS)]
    for count in counts:
        folder = work / str(count)
        for name in ("ingest-content", "arrivals", *spent_sites, *spent_hugo):
            shutil.rmtree(folder / name, ignore_errors=True)
        for site in spent_sites:  # and the build cache beside each (see `cache.cache_file`)
            for kept in folder.glob(f".{site}.cache*"):
                kept.unlink()
    shutil.rmtree(work / _SPENT, ignore_errors=True)


def run_bench(sizes: str, work: Path) -> int:
    """Measure each corpus size and print a Markdown table (as in the README)."""
    spent = work / _SPENT
    spent.mkdir(parents=True, exist_ok=True)
    counts = [int(part) for part in sizes.split(",")]
    for leftover in [work / str(count) for count in counts if (work / str(count)).exists()]:
        leftover.rename(Path(tempfile.mkdtemp(dir=spent)) / leftover.name)
    measured = []
    for size in counts:
        print(f"Measuring {size:,} articles …", file=sys.stderr)
        measured.append(bench_size(size, work))
    _remove_spent(work, counts)
    headers = list(measured[0].row)
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for size in measured:
        print("| " + " | ".join(size.row.get(h, "") for h in headers) + " |")
    print()
    for size in measured:
        print(f"One added at {size.row['articles']} articles, time by stage: {size.added_stages}")
    hugo = "" if shutil.which("hugo") else " Hugo is not installed, so it was not measured."
    print(
        f"\n{os.cpu_count()} cores; peak memory is the largest process of any of the builds"
        f" (the workers share most of the parent's memory).{hugo}"
    )
    return 0

"""The build's stages, one after the other: load → validate → enrich → render → write.

`pipeline.build_site` runs them once it has found that something changed since the last
build (a build with nothing changed does not even import them). Unchanged article files
are not parsed again and unchanged pages are not rendered again; the result is byte for
byte the site a build from scratch would write.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar

from briefing import urls
from briefing.content.files import GONE_SINCE_LISTED, UnreadableFile, read_bytes
from briefing.content.load import (
    ARTICLES_DIR,
    ENTITIES_FILE,
    FACTS_FILE,
    SETTINGS_FILE,
    TOPICS_FILE,
    article_key,
    article_listing,
    article_slug,
    file_digest,
    load_article,
    load_settings,
    misnamed_articles,
    refusals,
    unreadable,
)
from briefing.content.markdown import RenderedBody, packed, render_body, unpacked
from briefing.content.validate import validate
from briefing.enrich.aggregate import Enriched, enrich
from briefing.enrich.analyse import ArticleAnalysis, Matcher, Sentences, analyse
from briefing.enrich.tracker import disagreements
from briefing.model import Article, Briefing, Content, Location
from briefing.output import cache as build_cache
from briefing.output.cache import (
    BuildCache,
    Fingerprints,
    StoredArticle,
    WrittenFile,
    code_version,
    files_digest,
    trusted_status,
)
from briefing.output.write import SideFolder, Staging, changed_since_written, recorded_files
from briefing.parallel import Milestone, forked, leave_to_exit, map_forked, stops_held, worth_forking
from briefing.problems import ContentError, Problem
from briefing.render.pages import CompiledTemplates, Page, Renderer, site_files
from briefing.render.registry import pages_as_before
from briefing.render.theme import ASSETS, theme_assets, theme_files

# progress(what is being done, how many done, how many in all)
Progress = Callable[[str, int, int], None]
Part = TypeVar("Part")


def no_progress(what: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class _ArticleFile:
    listed: str  # its path, as the folder was listed
    key: str  # its path in the content folder
    # Its size, times and inode when listed ("" when a coarse clock could hide an edit made then).
    status: str

    @property
    def path(self) -> Path:
        return Path(self.listed)  # made only for the files read: most are not


@dataclass(frozen=True)
class _Record:
    """What the cache keeps of one article file, so an unchanged file is not read again."""

    article: Article
    analysis: ArticleAnalysis
    # Repeated on every build until the file is fixed (a guessed encoding).
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _ArticleRead:
    """One article file after reading: a cached record reused, or parsed and analysed now."""

    file: _ArticleFile
    digest: str
    # The record made now, sealed for the cache as build_cache.dump_record makes it: the worker that
    # made it pickles it once, for the cache and for the trip back to the build.
    sealed: bytes | None = None
    sentences: bytes | None = None  # the article's sentences made now, sealed likewise
    problems: tuple[Problem, ...] = ()
    unchanged: bool = False
    # The body rendered now, `packed`, for its page and the cache: never rendered from the Markdown again.
    body: bytes | None = None


def _article_reader(
    root: Path, content: Content, stored_digests: dict[str, str]
) -> Callable[[_ArticleFile], _ArticleRead]:
    matcher = Matcher.for_content(content.topics, content.entities)

    size_limit_mb = content.settings.size_limit_mb

    def read(file: _ArticleFile) -> _ArticleRead:
        try:
            # Read once, refused by its size before it is all in memory: the digest and the article
            # come from the same bytes.
            data = read_bytes(file.path, size_limit_mb)
        except UnreadableFile as error:
            why = error if os.path.lexists(file.path) else GONE_SINCE_LISTED
            return _ArticleRead(file, "", problems=(unreadable(file.path, root, why),))
        digest = file_digest(data)
        if stored_digests.get(file.key) == digest:
            return _ArticleRead(file, digest, unchanged=True)
        problems = []
        warnings: list[Problem] = []
        loaded = load_article(file.path, root, problems, warnings, size_limit_mb, data)
        if loaded is None:
            return _ArticleRead(file, digest, problems=tuple(problems))
        body = render_body(loaded.body)
        analysed = analyse(loaded.article, body, matcher, content)
        return _ArticleRead(
            file,
            digest,
            build_cache.dump_record(_Record(loaded.article, analysed.analysis, tuple(warnings))),
            build_cache.dump_record(analysed.sentences),
            tuple(problems),
            body=packed(body),
        )

    return read


class StageClock:
    """The wall seconds one build spends in each of its stages, in the order they ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


@dataclass(frozen=True)
class BuildRun:
    """What the stages of one build share: its cache, how many processes it may use, where it reports
    progress, whether every input is read again (`--clean`), and the clock of its stages."""

    cache: BuildCache
    jobs: int = 1
    progress: Progress = no_progress
    clean: bool = False
    clock: StageClock = dataclasses.field(default_factory=StageClock)


class _KeptApart(Mapping[str, Part]):
    """One part of every article that the cache keeps apart from its record (its sentences, its rendered body),
    by slug, read when first asked for: a rebuild quotes, indexes and shows only a few articles. Those of the
    files read now come with them, the others from the cache, or from their file again when the cache's copy
    is damaged. The last `kept` asked for are kept (all, when None)."""

    def __init__(
        self,
        cache: BuildCache,
        part: Literal["sentences", "body"],
        decoded: Callable[[bytes], Part | None],
        fresh: dict[str, bytes],
        files: dict[str, tuple[_ArticleFile, str]],
        reread: Callable[[_ArticleFile], _ArticleRead],
        kept: int | None = None,
    ):
        self._cache, self._part, self._decoded = cache, part, decoded
        self._fresh = fresh  # as the cache keeps them, by slug
        self._files = files  # by slug: the file, and the digest its record was made from
        self._reread = reread
        self._kept = kept
        self._recent: OrderedDict[str, Part] = OrderedDict()

    def __getitem__(self, slug: str) -> Part:
        value = self._recent.pop(slug, None)
        if value is None:
            value = self._read(slug)
        self._recent[slug] = value
        if self._kept is not None and len(self._recent) > self._kept:
            self._recent.popitem(last=False)
        return value

    def _read(self, slug: str) -> Part:
        file, digest = self._files[slug]
        stored = self._fresh.get(slug) or self._cache.article_part(file.key, self._part)
        value = self._decoded(stored) if stored else None
        if value is None:
            again = self._reread(file)
            stored = getattr(again, self._part)
            value = self._decoded(stored) if stored else None
            if value is None or again.digest != digest:
                raise ContentError([_changed_while_building(file)])
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _changed_while_building(file: _ArticleFile) -> Problem:
    return Problem(
        Location(file.key),
        "this article file changed or went while the site was being built",
        "build again once the file is saved",
    )


@dataclass(frozen=True)
class _ArticlesRead:
    records: list[_Record]  # in file order
    sentences: _KeptApart[Sentences]
    bodies: _KeptApart[RenderedBody]
    problems: list[Problem]
    warnings: list[Problem]
    # The slugs of the article files that could not be read (each has its problem): not "unknown" to the checks.
    unread: frozenset[str]


@dataclass(frozen=True)
class _Loaded:
    """The content loaded and validated, each article's body and analysis, and the warnings met."""

    content: Content
    bodies: Mapping[str, RenderedBody]
    analyses: dict[str, ArticleAnalysis]
    sentences: Mapping[str, Sentences]
    warnings: list[Problem]


def _article_files(
    root: Path, problems: list[Problem], unread: set[str], warnings: list[Problem]
) -> list[_ArticleFile]:
    listed_at = time.time_ns()
    listing = article_listing(root)
    problems += refusals(listing, root)
    warnings += misnamed_articles(listing, root)
    if any(entry.path == root / ARTICLES_DIR for entry in listing.refused):
        # The folder itself (unreadable, a link out of the content): no check of what cites articles can hold.
        raise ContentError(problems)
    unread.update(article_slug(None, entry.path) for entry in listing.refused)
    return [
        _ArticleFile(path, article_key(path), trusted_status(status, listed_at))
        for path, status in zip(listing.paths, listing.statuses)
    ]


# Records go to the cache in batches as they are made, not all at the end: a cold build
# of 10,000 articles would otherwise hold 160 MB of them.
_RECORDS_SAVED_TOGETHER = 256

# Every article's record, unpickled in one piece (0.1 s at 10,000 articles, against 0.23 s for as many
# records one by one), with the digest of the file each was made from, in a file beside the cache. Kept again
# once more than _RECORDS_APART (or a twentieth) of the records a build uses come from elsewhere: files read
# anew, or records unpickled one by one from their rows, as those of the articles added or edited since are.
_ALL_RECORDS = "article-records"
_RECORDS_APART = 64


class _StoredRecords:
    """The article files the last build read (`rows`, by path in the content folder), and the record it made of
    each: taken from those kept in one piece where it holds the file's (by its digest), else unpickled alone."""

    def __init__(self, cache: BuildCache, clean: bool):
        self.rows = {} if clean else cache.known_articles()
        self._cache = cache
        self._together: dict[str, tuple[str, _Record]] = (None if clean else cache.recall_beside(_ALL_RECORDS)) or {}
        self.taken_together = 0

    def record(self, key: str) -> _Record | None:
        """The record of the file at `key` in `rows`; None if damaged (the file is then read again)."""
        digest, record = self._together.get(key, ("", None))
        if digest == self.rows[key].digest:
            self.taken_together += 1
            return record
        # Read from its row only now: the records of 10,000 articles are 27 MB, and most are in the piece.
        sealed = self._cache.article_part(key, "record")
        return build_cache.load_record(sealed) if sealed else None

    def keep_together(self, records: dict[str, _Record], digests: dict[str, str]) -> None:
        """Keep the records in one piece again if many of them were not taken from it."""
        if len(records) - self.taken_together > max(_RECORDS_APART, len(records) // 20):
            self._cache.keep_object_beside(
                _ALL_RECORDS, {key: (digests[key], record) for key, record in records.items()}
            )


def _read_articles(root: Path, content: Content, run: BuildRun) -> _ArticlesRead:
    """Every article with its analysis; only new or changed files are parsed (over `run.jobs` processes).

    A file whose size, times and inode are as the last build recorded them is not read
    again (git's rule, as for the whole input: the change time and inode catch `cp -p`,
    `rsync -t` and `touch -r`, and a file changed within a coarse clock's tick of being
    read is never vouched for by its times). Any other file counts as unchanged by its
    digest. A clean build parses every file again.
    """
    stored = _StoredRecords(run.cache, run.clean)
    records: dict[str, _Record] = {}
    digests: dict[str, str] = {}
    fresh_sentences: dict[str, bytes] = {}
    fresh_bodies: dict[str, bytes] = {}
    problems: list[Problem] = []
    to_read = []
    unread: set[str] = set()
    listing_warnings: list[Problem] = []
    listed = _article_files(root, problems, unread, listing_warnings)
    for file in listed:
        known = stored.rows.get(file.key)
        record = stored.record(file.key) if known and file.status == known.status != "" else None
        if record is None:  # new, changed, or a damaged cache record
            to_read.append(file)
        else:
            records[file.key] = record
            digests[file.key] = known.digest
    read = _article_reader(root, content, {key: known.digest for key, known in stored.rows.items()})
    saved = []
    for done, result in enumerate(map_forked(read, to_read, run.jobs), start=1):
        run.progress("Reading articles", done, len(to_read))
        key = result.file.key
        record = stored.record(key) if result.unchanged else None
        if result.unchanged and record is None:
            # A damaged cache record: parse the file after all.
            result = _article_reader(root, content, {})(result.file)
        if not result.unchanged:
            record = build_cache.load_record(result.sealed) if result.sealed else None
        problems.extend(result.problems)
        if record is None:
            unread.add(article_slug(None, result.file.path))
            continue
        records[key] = record
        digests[key] = result.digest
        if result.body is not None:
            fresh_bodies[record.article.slug] = result.body
        if result.sentences is not None:
            fresh_sentences[record.article.slug] = result.sentences
        # Saved also when only its times changed (its status alone), so that they vouch for it next time.
        saved.append(
            (key, StoredArticle(result.file.status, result.digest, result.sealed, result.sentences, result.body))
        )
        if len(saved) == _RECORDS_SAVED_TOGETHER:
            run.cache.save_articles(saved)
            saved.clear()
    run.cache.forget_articles_except(set(records))
    run.cache.save_articles(saved)
    stored.keep_together(records, digests)
    run.cache.commit()
    ordered = [records[key] for key in sorted(records)]
    warnings = listing_warnings + [warning for record in ordered for warning in record.warnings]
    files = {file.key: file for file in listed}
    by_slug = {records[key].article.slug: (files[key], digests[key]) for key in sorted(records)}

    def reread(file: _ArticleFile) -> _ArticleRead:
        # Made only if needed: the reader compiles the topics' and entities' patterns.
        return _article_reader(root, content, {})(file)

    return _ArticlesRead(
        ordered,
        _KeptApart(run.cache, "sentences", build_cache.load_record, fresh_sentences, by_slug, reread),
        # Only the last few: 10,000 rendered bodies are 300 MB.
        _KeptApart(run.cache, "body", unpacked, fresh_bodies, by_slug, reread, kept=64),
        problems,
        warnings,
        frozenset(unread),
    )


def _load(root: Path, run: BuildRun) -> _Loaded:
    problems: list[Problem] = []
    settings_warnings: list[Problem] = []
    content = load_settings(root, problems, settings_warnings)
    if content is None or problems:
        raise ContentError(problems)
    # The content folder's name is in what the records keep: their warnings name files as 'content/articles/x.md'.
    run.cache.use_analysis_key(
        files_digest([root / TOPICS_FILE, root / ENTITIES_FILE]) + code_version() + root.resolve().name
    )
    with run.clock.stage("reading articles"):
        articles = _read_articles(root, content, run)
    content = dataclasses.replace(content, articles=tuple(record.article for record in articles.records))
    with run.clock.stage("checking"):
        memo = run.cache.memo("iso-codes", run.clean)
        problems = articles.problems + validate(content, articles.bodies, memo, articles.unread)
        memo.save()
    if problems:
        raise ContentError(problems)
    return _Loaded(
        content,
        articles.bodies,
        {record.article.slug: record.analysis for record in articles.records},
        articles.sentences,
        settings_warnings + articles.warnings,
    )


@dataclass(frozen=True)
class BriefingRead:
    # The briefing, with what changed since the last build's and what the next one carries over (see `enrich`).
    enriched: Enriched
    warnings: list[Problem]  # what did not stop the build, such as a guessed encoding

    @property
    def briefing(self) -> Briefing:
        return self.enriched.briefing


# The cache keeps what enrich derived (related articles, passages, quotes), so that a rebuild derives again
# only what a change can reach.
_ENRICHED = "enriched"


def read_briefing(content_dir: Path, run: BuildRun) -> BriefingRead:
    """Load, validate and enrich: the briefing the pages show, and the warnings met on the way."""
    loaded = _load(content_dir, run)
    with run.clock.stage("enriching"):
        kept = None if run.clean else run.cache.recall(_ENRICHED)
        enriched = enrich(loaded.content, loaded.bodies, loaded.analyses, loaded.sentences, kept)
    return BriefingRead(enriched, [*loaded.warnings, *disagreements(enriched.briefing.agreements)])


def keep_derived(cache: BuildCache, read: BriefingRead) -> None:
    """Keep what enrich derived, for the next `read_briefing` to carry over (a build keeps it once its pages are
    written)."""
    cache.keep(_ENRICHED, read.enriched.kept)


@contextmanager
def _scratch_cache() -> Iterator[BuildCache]:
    """A cache that starts empty and is deleted after use: for reading content without building a site."""
    with tempfile.TemporaryDirectory() as folder:
        cache = BuildCache(Path(folder) / "cache")
        try:
            yield cache
        finally:
            cache.close()


def read_content(content_dir: Path, jobs: int = 1) -> Content:
    """The content folder loaded and validated as a build does; ContentError lists every problem."""
    with _scratch_cache() as cache:
        return _load(content_dir, BuildRun(cache, jobs)).content


def briefing_of(content_dir: Path, jobs: int = 1) -> Briefing:
    """The briefing a build makes of the content folder, without writing a site (for tests and benchmarks)."""
    with _scratch_cache() as cache:
        return read_briefing(content_dir, BuildRun(cache, jobs)).briefing


def _page_fingerprint(page: Page, fingerprints: Fingerprints) -> str:
    if page.fingerprint:
        return fingerprints.of(page.fingerprint)
    return fingerprints.of((page.template, page.title, page.in_sitemap, page.text, page.context))


def _foreign_files(site_files: list[str], made: set[str]) -> list[str]:
    """Files in the output folder (`site_files`) that no build made: the user's own, such as a CNAME file."""
    return [path for path in site_files if path not in made and path != urls.MANIFEST]


@dataclass(frozen=True)
class _Output:
    """Where a build writes: the output folder, the assets copied into it, and whether files the build did not make go."""

    folder: Path
    assets: dict[str, Path]  # path under assets/ → the theme file copied there
    clean: bool


@dataclass(frozen=True)
class _Written:
    written: int
    reused: int
    kept: int  # files of the user's own in the output folder, carried over
    # Files of the user's at paths an earlier build wrote (a notice in place of a removed page).
    kept_at_old_paths: tuple[str, ...]


def _yours_at_old_paths(out_dir: Path, paths: set[str], recorded: dict[str, str | None]) -> list[str]:
    """Files at paths an earlier build used whose bytes are no longer what it wrote: the user's now."""
    return sorted(path for path in paths if changed_since_written(out_dir, path, recorded.get(path)))


@dataclass(frozen=True)
class _Changes:
    """Every output file with its fingerprint, and the pages to write: those whose fingerprint or file changed."""

    after: dict[str, WrittenFile]
    to_write: list[tuple[str, Page]]


def _changed_pages(
    files: list[Page], before: dict[str, WrittenFile], salt: str, output: _Output, pretty: bool
) -> _Changes:
    """Each file's fingerprint, and which of them must be written (`before`: what the last build wrote)."""
    after: dict[str, WrittenFile] = {}
    to_write: list[tuple[str, Page]] = []
    fingerprints = Fingerprints(salt)
    for page in files:
        file = urls.output_file(page.path, pretty)
        old = before.get(file)
        if page.gather is not None:
            # Known to show what it showed: its fingerprint is the last build's, unless its file must be written.
            if old and old.unchanged_on_disk(output.folder, file):
                after[file] = old
                continue
            page = page.gathered()
        page_fingerprint = _page_fingerprint(page, fingerprints)
        if old and old.fingerprint == page_fingerprint and old.unchanged_on_disk(output.folder, file):
            after[file] = old
        else:
            after[file] = WrittenFile(page_fingerprint, -1, -1)
            to_write.append((file, page))
    return _Changes(after, to_write)


@dataclass(frozen=True)
class _Made:
    """Files made beside the staging folder before the old site's are trimmed: those written (into a side folder
    of the staging folder) with their digests."""

    written: dict[str, str]  # path → digest of what was written
    side: SideFolder  # where they were written


def _write_aside(
    to_write: list[tuple[str, Page]],
    renderer: Renderer,
    side: SideFolder,
    jobs: int,
    progress: Progress = no_progress,
    first: Milestone | None = None,
) -> _Made:
    """Render the files that changed into a side folder, over `jobs` processes: done before the old site's files
    are trimmed (see `_put_together`), so the pages are written while the search index's process is still at work.
    Worker processes are started once the `first` milestone, if any, is passed."""

    def write(number: int) -> str:
        file, page = to_write[number]
        return side.write(file, renderer.render(page))

    if worth_forking(jobs, len(to_write)):
        # Compiled before the workers are forked: each would compile them again, and what a worker compiles never
        # reaches the cache the next build takes them from (see `CompiledTemplates`).
        renderer.compile_all()
        if first is not None:
            first.wait()
    written = {}
    for done, digest in enumerate(map_forked(write, range(len(to_write)), jobs), start=1):
        # Written in a worker process: its digest comes back for the manifest.
        written[to_write[done - 1][0]] = digest
        progress("Writing pages", done, len(to_write))
    return _Made(written, side)


def _put_together(
    changes: _Changes,
    pages: _Made,
    index: _IndexMade,
    output: _Output,
    staged: _Staged,
    run: BuildRun,
    before: dict[str, WrittenFile],
) -> _Written:
    """Reuse the files that did not change, put in the pages and the search index's files written meanwhile, and
    swap the new site in; `before`: the files the last build wrote."""
    out_dir, staging = output.folder, staged.staging
    after = {**changes.after, **index.after}
    # The assets are copied over whatever is there, so a file of the user's own by an asset's name is not kept.
    assets_made = {f"{ASSETS}/{path}" for path in output.assets}
    recorded = recorded_files(out_dir)
    made_now = set(after) | assets_made
    made_before = (set(before) | set(recorded)) - made_now
    with run.clock.stage("carrying over unchanged files"):
        site_files = staged.carried()
        yours = [] if output.clean else _yours_at_old_paths(out_dir, made_before, recorded)
        kept = [] if output.clean else _foreign_files(site_files, made_before | made_now) + yours
        staging.keep_only([*(path for path, file in after.items() if file.size >= 0), *kept], site_files, recorded)
        for made in (pages, index.made):
            staging.move_in(made.side, made.written)
        staging.copy_assets(output.assets)
        staging.write_manifest(made_now)
    with run.clock.stage("replacing the site"):
        staging.swap_in()
    written = [*pages.written, *index.made.written]
    for file in written:
        stat = (out_dir / file).stat()
        after[file] = WrittenFile(after[file].fingerprint, stat.st_size, stat.st_mtime_ns)
    run.cache.save_written_files(after, before)
    return _Written(len(written), len(after) - len(written), len(kept), tuple(yours))


@dataclass(frozen=True)
class _Staged:
    """The next site's folder, and the function that gives the old site's files once they are linked into it."""

    staging: Staging
    carried: Callable[[], list[str]]


# The blank files made for a rebuild to write into (see `Staging.open`): about what an arrival's build writes
# at 10,000 articles (300–450 files, most of them the search index's). They are made, and the old site is left
# for the next build to remove, only where the old site is linked in by a process of its own, which has the time.
_BLANKS = 512
# The most files of the old site not in the new one for it to be left to the next build: a few times what an
# arrival's build writes anew (see `Staging.open`).
_OLD_SITE_LEFT_OF = 4 * _BLANKS


@contextmanager
def _staged(out_dir: Path, run: BuildRun, site_files: int) -> Iterator[_Staged]:
    """The staging folder, into which a process of its own links the old site's files while the build goes on
    (`keep_only` then trims them); removed, with what was written there, if the build stops before its swap.
    `site_files`: about how many files the old site has."""
    staging = Staging(out_dir)
    carried_apart = worth_forking(run.jobs, site_files)
    try:
        with stops_held():  # a stop between making the folder and knowing it would leave it behind
            staging.open(
                blanks=_BLANKS if carried_apart else 0, leave_old_site_of=_OLD_SITE_LEFT_OF if carried_apart else None
            )
        with forked(staging.carry_site, run.jobs, site_files) as carried:
            yield _Staged(staging, carried)
    except BaseException:
        staging.discard()  # once the process linking into it has ended
        raise
    finally:
        staging.finish()


def _site_pages(briefing: Briefing, run: BuildRun, as_before: dict[str, frozenset[str]]) -> list[Page]:
    memo = run.cache.memo("partner-map", run.clean)
    pages = site_files(briefing, memo, as_before)
    memo.save()
    return pages


# The salt of the last build's pages: when it is this build's, a page known to show what it showed then has the
# fingerprint recorded then.
_PAGE_SALT = "page-salt"
_COMPILED_TEMPLATES = "compiled-templates"


def _as_before(read: BriefingRead, salt: str, run: BuildRun) -> dict[str, frozenset[str]]:
    """By kind, the pages known to show what the last build's did (see `registry.pages_as_before`)."""
    enriched = read.enriched
    if enriched.changed is None or run.cache.recall(_PAGE_SALT) != salt:
        return {}
    return pages_as_before(enriched.briefing, enriched.changed, enriched.related_moved)


@dataclass(frozen=True)
class _IndexMade:
    """The search index's part of the build, made beside the pages: every file of it with its fingerprint, and
    those written now."""

    after: dict[str, WrittenFile]
    made: _Made


def _search_index(
    briefing: Briefing,
    run: BuildRun,
    renderer: Renderer,
    changed: Callable[[list[Page]], _Changes],
    side: SideFolder,
    counted: Milestone,
) -> Iterator[_IndexMade]:
    """The search index's files (in a forked process: see `_built`). Only the files that changed are made, over
    `run.jobs` processes, and written into the `side` folder at once: what goes back to the build is a fingerprint
    and a digest each, not their text (94 MB at 10,000 articles). Then, while the build writes its pages, the
    state the next build starts from (33 MB) is kept beside the cache from here too. The milestone `counted` is
    passed once the documents are counted, or at once when an earlier build's state leaves only a few to count."""
    # Imported here, in the search index's own process: the build's process then never imports numpy and the
    # index's modules, a tenth of a second before an arrival's build can start.
    from briefing.search.index import index_files
    from briefing.search.postings import archived, store_archive, stored_archive, unarchived

    stored = None if run.clean else unarchived(stored_archive(run.cache))
    if stored is not None:
        # Only the documents changed since the last build are counted: too few to make the pages wait.
        counted.passed()
    index = index_files(briefing, run.jobs, stored, counted.passed)
    files = [
        Page(file.path, "", "", text=file.text, html=False, in_sitemap=False, fingerprint=file.fingerprint)
        for file in index.files
    ]
    changes = changed(files)
    yield _IndexMade(changes.after, _write_aside(changes.to_write, renderer, side, run.jobs))
    store_archive(run.cache, archived(index.state))


def _keep_for_next_build(run: BuildRun, read: BriefingRead, salt: str, compiled: CompiledTemplates) -> None:
    """What the next build starts from, saved once the pages are written: while they are, worker processes read
    articles' sentences and bodies from the cache, and megabytes waiting to be written here would lock them out."""
    keep_derived(run.cache, read)
    run.cache.keep(_PAGE_SALT, salt)
    if compiled.changed:
        run.cache.keep(_COMPILED_TEMPLATES, compiled.by_template)


def _page_salt(content_dir: Path, templates_dir: Path | None) -> str:
    """What every page's fingerprint also depends on: the code, the templates and the settings files."""
    config = [content_dir / name for name in (SETTINGS_FILE, TOPICS_FILE, ENTITIES_FILE, FACTS_FILE)]
    return code_version() + files_digest(theme_files(templates_dir)) + files_digest(config)


@dataclass(frozen=True)
class Built:
    """What the stages did: the pages and files, the articles, and what the user should know."""

    pages: int  # HTML pages in the site
    written: _Written
    articles: int
    warnings: list[Problem]
    stages: tuple[tuple[str, float], ...]


def build(
    content_dir: Path, templates_dir: Path | None, out_dir: Path, run: BuildRun, written: dict[str, WrittenFile]
) -> Built:
    """Read, enrich, render and write the site; the pages whose fingerprint is unchanged are carried over.

    `written`: the files the last build wrote, as the cache recorded them.
    """
    with _staged(out_dir, run, len(written)) as staged:
        return _built(content_dir, templates_dir, out_dir, run, written, staged)


def _built(
    content_dir: Path,
    templates_dir: Path | None,
    out_dir: Path,
    run: BuildRun,
    written: dict[str, WrittenFile],
    staged: _Staged,
) -> Built:
    """The build's stages, writing into the `staged` folder (see `build`)."""
    read = read_briefing(content_dir, run)
    briefing, warnings = read.briefing, read.warnings
    salt = _page_salt(content_dir, templates_dir)
    output = _Output(out_dir, theme_assets(templates_dir), run.clean)
    compiled = CompiledTemplates(None if run.clean else run.cache.recall(_COMPILED_TEMPLATES))
    renderer = Renderer(briefing, templates_dir, compiled)
    changed = partial(_changed_pages, before=written, salt=salt, output=output, pretty=briefing.settings.pretty_urls)
    # The search index is made in a process of its own while this one makes the pages' contents: the two
    # depend only on the briefing, and an arrival leaves the second core idle otherwise. In a cold build its
    # counting goes first: the index has more to do after it (weighing, writing) than the pages after their
    # contents, so the pages' worker processes start once it is done, and share the cores with the rest of it.
    counted = Milestone()
    index_made = partial(_search_index, briefing, run, renderer, changed, staged.staging.side_folder(), counted)
    with forked(index_made, run.jobs, len(briefing.articles), counted) as search_index:
        with run.clock.stage("page contents"):
            site_pages = _site_pages(briefing, run, _as_before(read, salt, run))
        with run.clock.stage("fingerprints"):
            changes = changed(site_pages)
        with run.clock.stage("rendering and writing"):
            pages = _write_aside(
                changes.to_write, renderer, staged.staging.side_folder(), run.jobs, run.progress, first=counted
            )
        with run.clock.stage("search index (beyond pages)"):
            index = search_index()
        outcome = _put_together(changes, pages, index, output, staged, run, written)
        with run.clock.stage("saving the cache"):
            _keep_for_next_build(run, read, salt, compiled)
        # Leaving the block waits for the search index's process to keep its state (see `_search_index`).
    leave_to_exit(read, site_pages)
    html_pages = sum(1 for page in site_pages if page.html)
    return Built(html_pages, outcome, len(briefing.articles), warnings, tuple(run.clock.seconds.items()))

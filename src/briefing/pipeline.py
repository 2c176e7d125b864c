"""The whole build in one place: load → validate → enrich → render → write.

A build redoes only what changed since the last one (see `cache`): unchanged
article files are not parsed again and unchanged pages are not rendered again.
The result is byte for byte the site a build from scratch would write.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing import urls
from briefing.content.files import UnreadableFile, read_bytes
from briefing.content.load import (
    ENTITIES_FILE,
    FACTS_FILE,
    SETTINGS_FILE,
    TOPICS_FILE,
    article_listing,
    file_digest,
    load_article,
    load_settings,
    refusals,
    unreadable,
)
from briefing.content.markdown import Bodies, RenderedBody, render_body
from briefing.content.validate import validate
from briefing.enrich.aggregate import enrich
from briefing.enrich.analyse import ArticleAnalysis, Matcher, analyse
from briefing.model import Article, Content, Location
from briefing.output import cache as build_cache
from briefing.output.cache import (
    BuildCache,
    InputState,
    WrittenFile,
    cache_file,
    code_version,
    files_digest,
    fingerprint,
)
from briefing.output.write import Staging, changed_since_written, files_in, recorded_files, refuse_unsafe
from briefing.parallel import default_jobs, map_forked
from briefing.problems import ContentError, Problem
from briefing.render.pages import Page, Renderer, site_files
from briefing.search.index import index_files

# progress(what is being done, how many done, how many in all)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildResult:
    pages: int
    written: int
    reused: int
    articles: int
    seconds: float
    out_dir: Path
    # Files in the output folder the build did not make, carried over (none with clean=True).
    kept: int = 0
    # Things the user should know that did not stop the build (a guessed encoding).
    warnings: tuple[Problem, ...] = ()
    # The user's files at paths an earlier build wrote, kept (they differ from what it wrote there).
    kept_at_old_paths: tuple[str, ...] = ()


def _no_progress(what: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class _ArticleFile:
    path: Path
    key: str
    size: int
    mtime_ns: int


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
    record: _Record | None = None
    body: RenderedBody | None = None
    problems: tuple[Problem, ...] = ()
    unchanged: bool = False


def _article_reader(
    root: Path, content: Content, stored_digests: dict[str, str]
) -> Callable[[_ArticleFile], _ArticleRead]:
    matcher = Matcher.for_content(content.topics, content.entities)

    size_limit_mb = content.settings.size_limit_mb

    def read(file: _ArticleFile) -> _ArticleRead:
        try:
            # Read once for its digest, refused by its size before it is all in memory.
            digest = file_digest(read_bytes(file.path, size_limit_mb))
        except UnreadableFile as error:
            return _ArticleRead(file, "", problems=(unreadable(file.path, root, error),))
        if stored_digests.get(file.key) == digest:
            return _ArticleRead(file, digest, unchanged=True)
        problems = []
        warnings: list[Problem] = []
        article = load_article(file.path, root, problems, warnings, size_limit_mb)
        if article is None:
            return _ArticleRead(file, digest, problems=tuple(problems))
        body = render_body(article.body)
        return _ArticleRead(
            file,
            digest,
            _Record(article, analyse(article, body, matcher, content), tuple(warnings)),
            body,
            tuple(problems),
        )

    return read


def _article_files(root: Path, problems: list[Problem]) -> list[_ArticleFile]:
    listing = article_listing(root)
    problems += refusals(listing, root)
    files = []
    for path in listing.files:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue  # removed since it was listed
        files.append(_ArticleFile(path, str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns))
    return files


def _read_articles(root: Path, content: Content, cache: BuildCache, jobs: int, progress: Progress, clean: bool):
    """Every article with its analysis; only new or changed files are parsed (over `jobs` processes).

    A file counts as unchanged by its digest, never by its size and time: copies with
    `cp -p`, `rsync -t` or `touch -r`, and coarse clocks (FAT), keep those across an edit.
    `clean` parses every file again.
    """
    stored = {} if clean else cache.article_records()
    records: dict[str, _Record] = {}
    fresh_bodies: dict[str, RenderedBody] = {}
    problems: list[Problem] = []
    to_read = _article_files(root, problems)
    read = _article_reader(root, content, {key: row[2] for key, row in stored.items()})
    saved = []
    for done, result in enumerate(map_forked(read, to_read, jobs), start=1):
        progress("Reading articles", done, len(to_read))
        key = result.file.key
        record = build_cache.load_record(stored[key][3]) if result.unchanged else result.record
        if result.unchanged and record is None:
            # A damaged cache record: parse the file after all.
            result = _article_reader(root, content, {})(result.file)
            record = result.record
        problems.extend(result.problems)
        if record is None:
            continue
        records[key] = record
        if not result.unchanged:
            saved.append((key, result.file.size, result.file.mtime_ns, result.digest, record))
        if result.body is not None:
            fresh_bodies[record.article.slug] = result.body
    cache.forget_articles_except(set(records))
    cache.save_articles(saved)
    cache.commit()
    ordered = [records[key] for key in sorted(records)]
    return ordered, fresh_bodies, problems, [warning for record in ordered for warning in record.warnings]


def _load(
    root: Path, cache: BuildCache, jobs: int, progress: Progress, clean: bool
) -> tuple[Content, Bodies, dict[str, ArticleAnalysis], list[Problem]]:
    problems: list[Problem] = []
    settings_warnings: list[Problem] = []
    content = load_settings(root, problems, settings_warnings)
    if content is None or problems:
        raise ContentError(problems)
    cache.use_analysis_key(
        files_digest([root / TOPICS_FILE, root / ENTITIES_FILE]) + code_version() + str(root.resolve())
    )
    records, fresh_bodies, problems, article_warnings = _read_articles(root, content, cache, jobs, progress, clean)
    content = dataclasses.replace(content, articles=tuple(record.article for record in records))
    bodies = Bodies({article.slug: article.body for article in content.articles})
    bodies.update(fresh_bodies)
    problems += validate(content, bodies)
    if problems:
        raise ContentError(problems)
    return (
        content,
        bodies,
        {record.article.slug: record.analysis for record in records},
        settings_warnings + article_warnings,
    )


def _page_fingerprint(page: Page, salt: str) -> str:
    return fingerprint((page.template, page.title, page.in_sitemap, page.text, page.context), salt)


def _unchanged_on_disk(out_dir: Path, path: str, written: WrittenFile) -> bool:
    try:
        stat = (out_dir / path).stat()
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == (written.size, written.mtime_ns)


def _foreign_files(out_dir: Path, made: set[str]) -> list[str]:
    """Files in the output folder that no build made: the user's own, such as a CNAME file."""
    if not out_dir.is_dir():
        return []
    return [path for path in files_in(out_dir) if path not in made and path != urls.MANIFEST]


def _yours_at_old_paths(out_dir: Path, paths: set[str], recorded: dict[str, str | None]) -> list[str]:
    """Files at paths an earlier build used whose bytes are no longer what it wrote: the user's now."""
    return sorted(path for path in paths if changed_since_written(out_dir, path, recorded.get(path)))


@dataclass(frozen=True)
class _Written:
    written: int
    reused: int
    kept: int
    # Files of the user's at paths an earlier build wrote (a notice in place of a removed page).
    kept_at_old_paths: tuple[str, ...]


def _render_and_write(
    files: list[Page],
    renderer: Renderer,
    salt: str,
    out_dir: Path,
    assets: Path,
    cache: BuildCache,
    jobs: int,
    progress: Progress,
    clean: bool,
) -> _Written:
    """Write the pages whose fingerprint changed, reuse the others, keep the user's files."""
    before = cache.written_files()
    after: dict[str, WrittenFile] = {}
    to_write: list[tuple[str, Page]] = []
    pretty = renderer.briefing.settings.pretty_urls
    for page in files:
        file = urls.output_file(page.path, pretty)
        page_fingerprint = _page_fingerprint(page, salt)
        old = before.get(file)
        if old and old.fingerprint == page_fingerprint and _unchanged_on_disk(out_dir, file, old):
            after[file] = old
        else:
            after[file] = WrittenFile(page_fingerprint, -1, -1)
            to_write.append((file, page))
    # The assets are copied over whatever is there, so a file of the user's own by an asset's name is not kept.
    assets_made = {f"assets/{path}" for path in files_in(assets)}
    recorded = recorded_files(out_dir)
    made_now = set(after) | assets_made
    made_before = (set(before) | set(recorded)) - made_now
    yours = [] if clean else _yours_at_old_paths(out_dir, made_before, recorded)
    kept = [] if clean else _foreign_files(out_dir, made_before | made_now) + yours
    staging = Staging(out_dir)
    try:
        staging.start([*(path for path, file in after.items() if file.size >= 0), *kept], recorded)

        def write(index: int) -> str:
            file, page = to_write[index]
            return staging.write(file, renderer.render(page))

        for done, digest in enumerate(map_forked(write, range(len(to_write)), jobs), start=1):
            # Written in a worker process: its digest comes back for the manifest.
            staging.digests[to_write[done - 1][0]] = digest
            progress("Writing pages", done, len(to_write))
        staging.copy_assets(assets)
        staging.write_manifest(made_now)
    except BaseException:
        staging.discard()
        raise
    staging.swap_in()
    for file, _ in to_write:
        stat = (out_dir / file).stat()
        after[file] = WrittenFile(after[file].fingerprint, stat.st_size, stat.st_mtime_ns)
    cache.save_written_files(after)
    return _Written(len(to_write), len(files) - len(to_write), len(kept), tuple(yours))


def _output_intact(out_dir: Path, written: dict[str, WrittenFile]) -> bool:
    return bool(written) and all(_unchanged_on_disk(out_dir, path, file) for path, file in written.items())


def build_site(
    content_dir: Path,
    templates_dir: Path,
    out_dir: Path,
    jobs: int | None = None,
    progress: Progress = _no_progress,
    clean: bool = False,
) -> BuildResult:
    """Build the site from `content_dir` into `out_dir`; raise ContentError on bad content.

    The output folder is only touched once everything has rendered. Files in it that
    no build made are kept, unless `clean` is set.
    """
    started = time.perf_counter()
    jobs = jobs or default_jobs()
    if not (templates_dir / "base.html").is_file():
        raise ContentError(
            [
                Problem(
                    Location(str(templates_dir)),
                    "this is not a templates folder (it has no base.html)",
                    "pass --templates with the folder that holds the templates, such as templates/",
                )
            ]
        )
    refuse_unsafe(out_dir, sources=[content_dir, templates_dir])
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    Staging(out_dir).recover()
    cache = BuildCache(cache_file(out_dir))
    try:
        inputs = InputState.now([content_dir, templates_dir], code_version(), str(content_dir.resolve()))
        written = cache.written_files()
        last_signature, last_articles, last_warnings = cache.last_build()
        if not clean and inputs.matches(last_signature) and _output_intact(out_dir, written):
            pages = sum(1 for path in written if path.endswith(".html"))
            return BuildResult(
                pages, 0, len(written), last_articles, time.perf_counter() - started, out_dir, warnings=last_warnings
            )
        content, bodies, analyses, warnings = _load(content_dir, cache, jobs, progress, clean)
        briefing = enrich(content, bodies, analyses)
        files = site_files(briefing) + [
            Page(path, "", "", text=text, html=False, in_sitemap=False)
            for path, text in index_files(briefing, jobs).items()
        ]
        config = [content_dir / name for name in (SETTINGS_FILE, TOPICS_FILE, ENTITIES_FILE, FACTS_FILE)]
        salt = (
            code_version()
            + files_digest(sorted(p for p in templates_dir.rglob("*") if p.is_file()))
            + files_digest(config)
        )
        outcome = _render_and_write(
            files,
            Renderer(briefing, templates_dir),
            salt,
            out_dir,
            templates_dir / "assets",
            cache,
            jobs,
            progress,
            clean,
        )
        cache.save_build(inputs.recorded(), len(briefing.articles), warnings)
        cache.commit()
    finally:
        cache.close()
    html_pages = sum(1 for page in files if page.html)
    return BuildResult(
        html_pages,
        outcome.written,
        outcome.reused,
        len(briefing.articles),
        time.perf_counter() - started,
        out_dir,
        outcome.kept,
        tuple(warnings + cache.warnings),
        outcome.kept_at_old_paths,
    )

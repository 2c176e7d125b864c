"""The whole build in one place: refuse an unsafe output folder, stop if nothing changed, else run the stages.

A build redoes only what changed since the last one (see `output.cache` and `stages`).
When nothing changed, it stops after looking at the input files' sizes, times and inodes
and at the output files', before the stages are even imported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.content.load import refuse_missing_content
from briefing.output.cache import BuildCache, InputState, WrittenFile, cache_file, code_version
from briefing.output.write import Staging, one_build_at_a_time, refuse_unsafe
from briefing.parallel import collector_paused, default_jobs
from briefing.problems import Problem
from briefing.render.theme import theme_folders

if TYPE_CHECKING:
    from briefing.stages import Progress


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
    # (stage, wall seconds) in the order the stages ran: where the time went (`build --timings`).
    stages: tuple[tuple[str, float], ...] = ()


def _output_intact(out_dir: Path, written: dict[str, WrittenFile]) -> bool:
    return bool(written) and all(file.unchanged_on_disk(out_dir, path) for path, file in written.items())


@collector_paused()
def build_site(
    content_dir: Path,
    templates_dir: Path | None,
    out_dir: Path,
    jobs: int | None = None,
    progress: Progress | None = None,
    clean: bool = False,
    waiting: Callable[[str], None] = lambda other: None,
    first: Callable[[], None] = lambda: None,
) -> BuildResult:
    """Build the site from `content_dir` into `out_dir`; raise ContentError on bad content.

    Templates and assets in `templates_dir` (None: none) replace the built-in theme's, file by file.

    The output folder is only touched once everything has rendered. Files in it that
    no build made are kept, unless `clean` is set. A build into the same folder already running is waited
    for, after `waiting` is told its process id; `first` runs once this build holds the folder (the inbox
    is ingested there).
    """
    started = time.perf_counter()
    jobs = jobs or default_jobs()
    folders = theme_folders(templates_dir)
    # Before anything is made: a mistyped --content must not leave the output's folders and a cache behind.
    refuse_missing_content(content_dir)
    refuse_unsafe(out_dir, sources=[content_dir, *folders])
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with one_build_at_a_time(out_dir, waiting):
        first()
        Staging(out_dir).recover()
        cache = BuildCache(cache_file(out_dir))
        try:
            # Resolved: the same folders named another way ('content', '/home/ann/briefing/content') are unchanged.
            inputs = InputState.now([path.resolve() for path in (content_dir, *folders)], code_version())
            written = cache.written_files()
            last = cache.last_build()
            if not clean and inputs.matches(last.signature) and _output_intact(out_dir, written):
                pages = sum(1 for path in written if path.endswith(".html"))
                return BuildResult(
                    pages,
                    0,
                    len(written),
                    last.articles,
                    time.perf_counter() - started,
                    out_dir,
                    warnings=last.warnings,
                )
            # Imported only now: they are most of the program, and a build with nothing changed needs none of them.
            from briefing import stages

            run = stages.BuildRun(cache, jobs, progress or stages.no_progress, clean)
            built = stages.build(content_dir, templates_dir, out_dir, run, written)
            cache.save_build(inputs.recorded(), built.articles, built.warnings)
            cache.commit()
        finally:
            cache.close()
    return BuildResult(
        built.pages,
        built.written.written,
        built.written.reused,
        built.articles,
        time.perf_counter() - started,
        out_dir,
        built.written.kept,
        tuple(built.warnings + cache.warnings),
        built.written.kept_at_old_paths,
        built.stages,
    )

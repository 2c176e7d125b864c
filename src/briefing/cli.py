"""The command line: argument parsing, messages and exit codes; no build logic."""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import date
from pathlib import Path
from typing import TextIO

from briefing.ingest.arrivals import INBOX_DIR, inbox_files, ingest_files, ingest_inbox
from briefing.parallel import default_jobs
from briefing.pipeline import BuildResult, build_site
from briefing.problems import ContentError
from briefing.tools.bench import run_bench
from briefing.tools.bundle import BundleResult, make_bundles, unusable_bundle_folder
from briefing.tools.check import CheckResult, check_site
from briefing.tools.serve import Builds, start_server, watch
from briefing.tools.single_file import RECENT_ARTICLES, Edition

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C
COMMANDS = ("build", "ingest", "serve", "bench", "check", "bundle")
PROBLEMS_SHOWN = 20


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Build an offline-readable briefing site from content/."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show the full traceback when something goes wrong")
    commands = parser.add_subparsers(dest="command")

    build = commands.add_parser("build", parents=[common], help="build the site (the default command)")
    _add_build_options(build)

    serve = commands.add_parser(
        "serve", parents=[common], help="build, serve on 127.0.0.1, rebuild and reload on change"
    )
    _add_build_options(serve)
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")

    bundle = commands.add_parser(
        "bundle",
        parents=[common],
        help="build, then write a zip of the site and a single-file edition for email or print",
    )
    _add_build_options(bundle)
    bundle.add_argument("--dist", type=Path, default=Path("dist"), help="folder for the two files (default: dist)")
    edition = bundle.add_argument_group(
        "single-file edition",
        "By default it holds the core (overview, topics, tracker, countries, the first page of questions and"
        " answers) and the most recent articles; these choose the articles instead, or every page.",
    )
    edition.add_argument("--everything", action="store_true", help="every page of the site (large for big briefings)")
    edition.add_argument(
        "--recent", type=int, default=RECENT_ARTICLES, help=f"how many recent articles (default: {RECENT_ARTICLES})"
    )
    edition.add_argument("--topics", default="", help="the articles on these topics (slugs, comma-separated)")
    edition.add_argument("--since", type=_iso_date, help="the articles published on or after YYYY-MM-DD")
    edition.add_argument("--until", type=_iso_date, help="the articles published on or before YYYY-MM-DD")

    bench = commands.add_parser(
        "bench",
        parents=[common],
        help="measure ingest and builds of synthetic corpora (and Hugo's build, when installed)",
    )
    bench.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated (default: 1000,10000)")
    bench.add_argument(
        "--work", type=Path, default=Path("bench-work"), help="folder for the corpora and sites (default: bench-work)"
    )

    check = commands.add_parser(
        "check", parents=[common], help="check a built site: links, anchors, outside requests, HTML, feed, sitemap"
    )
    check.add_argument(
        "site", nargs="?", type=Path, default=Path("site"), help="the built site's folder (default: site)"
    )

    ingest = commands.add_parser(
        "ingest",
        parents=[common],
        help="turn new articles (saved web pages, text, Markdown, Q&A YAML) into content files",
    )
    ingest.add_argument("paths", nargs="+", type=Path, help="files or folders to ingest")
    ingest.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    return parser


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as YYYY-MM-DD, such as 2024-03-31")


def _add_build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    command.add_argument(
        "--templates", type=Path, default=Path("templates"), help="templates folder (default: templates)"
    )
    command.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    command.add_argument("--jobs", type=int, default=None, help="processes to use (default: one per core)")
    command.add_argument("--quiet", action="store_true", help="no progress bar")
    command.add_argument(
        "--clean",
        action="store_true",
        help="remove files in the output folder that the build did not make (they are kept otherwise)",
    )


def _serve(args: argparse.Namespace) -> int:
    _build(args)
    builds = Builds()
    server = start_server(args.out, args.port, builds)
    print(
        f"Serving {args.out}/ at http://127.0.0.1:{args.port}/ — edit {args.content}/ or {args.templates}/ and the open page reloads. Ctrl-C stops."
    )

    def rebuild() -> None:
        try:
            _build(args)
        except ContentError as error:
            _print_problems(error, "the last good site is still served")

    try:
        watch([args.content, args.templates], rebuild, builds, threading.Event())
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return EXIT_OK


def _build(args: argparse.Namespace) -> None:
    waiting = inbox_files(args.content)
    if waiting:
        print(f"Ingesting {len(waiting)} new file(s) from {args.content / INBOX_DIR}/")
        for report in ingest_inbox(args.content):
            print(report.describe())
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    result = build_site(
        args.content,
        args.templates,
        args.out,
        jobs=args.jobs,
        clean=args.clean,
        **({"progress": progress} if progress else {}),
    )
    if progress:
        progress.clear()
    for warning in result.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    print(describe(result))


def _bundle(args: argparse.Namespace) -> int:
    problem = unusable_bundle_folder(args.dist, args.out, args.content, args.templates)
    if problem:
        print(f"Stopped: {problem}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    _build(args)
    edition = Edition(
        everything=args.everything,
        recent=args.recent,
        topics=tuple(slug.strip() for slug in args.topics.split(",") if slug.strip()),
        since=args.since or "",
        until=args.until or "",
    )
    result = make_bundles(args.out, args.dist, args.templates, args.jobs or default_jobs(), edition)
    if result.links_name_folders:
        print(
            f"Warning: pretty_urls is on, so the pages in {result.zip_path} link to folders, which a browser does not open from file://; the single file is not affected.",
            file=sys.stderr,
        )
    print(describe_bundles(result))
    return EXIT_OK


def _print_problems(error: ContentError, outcome: str) -> None:
    print(f"Stopped: {len(error.problems)} problem(s); {outcome}.", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.command == "ingest":
        for report in ingest_files(args.paths, args.content):
            print(report.describe())
        print("Review the new files (title, summary), then run the build.")
        return EXIT_OK
    if args.command == "serve":
        return _serve(args)
    if args.command == "bench":
        return run_bench(args.sizes, args.work)
    if args.command == "check":
        return _check(args.site)
    if args.command == "bundle":
        return _bundle(args)
    _build(args)
    return EXIT_OK


def _check(site: Path) -> int:
    if not (site / "index.html").is_file():
        print(
            f"{site}/ is not a built site (no index.html): build it first with `python build.py --out {site}`",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    results = check_site(site, default_jobs())
    for result in results:
        print(describe_check(result))
    failed = [result.name for result in results if result.status == "FAIL"]
    skipped = [result.name for result in results if result.status == "skip"]
    passed = len(results) - len(failed) - len(skipped)
    summary = f"{passed} of {len(results)} checks passed" + (
        f", {len(skipped)} skipped ({', '.join(skipped)})" if skipped else ""
    )
    print(f"Failed: {', '.join(failed)}; {summary}." if failed else f"All good: {summary}.")
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def describe_check(result: CheckResult) -> str:
    """A check's line, then its problems indented (the first few, and how many more)."""
    lines = [f"{result.status:<5} {result.name}" + (f": {result.summary}" if result.summary else "")]
    lines += [f"      {problem}" for problem in result.problems[:PROBLEMS_SHOWN]]
    if len(result.problems) > PROBLEMS_SHOWN:
        lines.append(f"      and {len(result.problems) - PROBLEMS_SHOWN:,} more")
    return "\n".join(lines)


def describe(result: BuildResult) -> str:
    """The one-line summary of a build."""
    kept = f", {result.kept:,} of your own kept (--clean removes them)" if result.kept else ""
    return (
        f"Built {result.pages:,} pages from {result.articles:,} articles in {result.seconds:.1f} s "
        f"({result.written:,} files written, {result.reused:,} reused{kept}) — open {result.out_dir / 'index.html'}"
    )


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{count / 1000:.0f} KB"


def describe_bundles(result: BundleResult) -> str:
    """The one-line summary of the bundles."""
    return (
        f"Bundled in {result.seconds:.1f} s: {result.zip_path} ({_size(result.zip_bytes)}, {result.zip_files:,} files) "
        f"and {result.html_path} ({_size(result.html_bytes)}, {result.sections:,} sections in one page)"
    )


class ProgressBar:
    """A one-line progress bar, redrawn in place on a terminal."""

    WIDTH = 30

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.shown = ""

    def __call__(self, what: str, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        line = f"{what:<18} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:,}/{total:,}"
        if line != self.shown:
            self.stream.write("\r" + line)
            self.stream.flush()
            self.shown = line

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * len(self.shown) + "\r")
            self.stream.flush()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv.insert(0, "build")  # `python build.py --out x` means `build --out x`
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ContentError as error:
        if args.debug:
            raise
        _print_problems(error, "nothing was written")
        return EXIT_BAD_INPUT
    except OSError as error:
        # A disk full, a folder without write permission, a port already taken.
        if args.debug:
            raise
        where = f"{error.filename}: " if error.filename else ""
        print(
            f"Stopped: {where}{error.strerror or error}; the previous site is untouched.\n    fix: check the path, its permissions and the free disk space (--debug shows the details)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("Interrupted; the previous site is untouched.", file=sys.stderr)
        return EXIT_INTERRUPTED

"""The command line: argument parsing, messages and exit codes; no build logic.

Ingest, review, the starter and the tools (serve, check, bundle, bench) are imported by
the commands that use them, so that a build, the command run after every arrival, does
not start by loading them (nor, when nothing changed, the build's stages: see `pipeline`).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import shlex
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefing import __version__
from briefing.command import command
from briefing.content.load import INBOX_DIR, load_settings
from briefing.parallel import (
    Terminated,
    WorkerLost,
    ctrl_c_deferred,
    default_jobs,
    exit_now,
    one_shot_process,
    stop_on_terminate,
)
from briefing.pipeline import BuildResult, build_site
from briefing.problems import ContentError
from briefing.urls import root_path
from briefing.vocabulary import REFUSED, SKIPPED, SUMMARY_ONLY, WRITTEN

if TYPE_CHECKING:
    from briefing.ingest.arrivals import Outcome
    from briefing.tools.bundle import BundleResult
    from briefing.tools.check import CheckResult
    from briefing.tools.serve import Builds, Inputs
    from briefing.tools.single_file import EditionError

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C
EXIT_TERMINATED = 143  # the shell's code for SIGTERM
EXIT_OUTPUT_CLOSED = 141  # the shell's code for a pipe whose reader went away
COMMANDS = ("build", "new", "ingest", "review", "serve", "bench", "check", "bundle")
OWN_TEMPLATES = Path("templates")
PROBLEMS_SHOWN = 20
# A build's problems listed before the rest are counted: 5,000 bad files must not print 10,000 lines.
BUILD_PROBLEMS_SHOWN = 10


def _parser(command: str) -> argparse.ArgumentParser:
    """The arguments of every command; `command`, the one given, is the one whose defaults must all be known."""
    parser = argparse.ArgumentParser(
        prog="briefing", description="Build an offline-readable briefing site from content/."
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
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
    bundle.add_argument(
        "--keep-dotfiles",
        action="store_true",
        help="put the site's dot-files (.htpasswd, .env, .well-known/, the build's manifest) in the zip too",
    )

    edition = bundle.add_argument_group(
        "single-file edition",
        "By default it holds the core (overview, topics, tracker, countries, the first page of questions and"
        " answers) and the most recent articles; these choose the articles instead, or every page.",
    )
    edition.add_argument("--everything", action="store_true", help="every page of the site (large for big briefings)")
    recent = edition.add_argument("--recent", type=_article_count, metavar="N", help="how many recent articles")
    if command == "bundle":  # its default is the edition's own, from a module only bundle needs
        from briefing.tools.single_file import RECENT_ARTICLES

        recent.help += f" (default: {RECENT_ARTICLES})"
    edition.add_argument("--topics", default="", help="the articles on these topics (slugs, comma-separated)")
    edition.add_argument("--since", type=_iso_date, help="the articles published on or after YYYY-MM-DD")
    edition.add_argument("--until", type=_iso_date, help="the articles published on or before YYYY-MM-DD")

    new = commands.add_parser(
        "new",
        parents=[common],
        help="start a blank briefing in a new folder: content files with examples, ready to build",
    )
    new.add_argument("folder", type=Path, help="the briefing's folder (new, or empty)")
    new.add_argument("--title", default="A new briefing", help="the site's title (default: A new briefing)")

    bench = commands.add_parser(
        "bench",
        parents=[common],
        help="measure ingest and builds of synthetic corpora (and Hugo's build, when installed)",
    )
    bench.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated (default: 1000,10000)")
    bench.add_argument(
        "--ingest",
        type=Path,
        metavar="DIR",
        help="instead: measure ingest on saved pages with their true text (DIR/html/, DIR/ground-truth.json)",
    )
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
        help="turn new articles (saved web pages, feeds, text, Markdown, Q&A YAML) into content files",
    )
    ingest.add_argument("paths", nargs="+", type=Path, help="files or folders to ingest")
    ingest.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")

    review_command = commands.add_parser(
        "review",
        parents=[common],
        help="list the tracker proposals ingest found; accept or reject them",
        description="Without an action, list the pending proposals. accept ID… (or --all) writes them into "
        "facts.yaml and entities.yaml; reject ID… keeps them out for good.",
    )
    review_command.add_argument("action", nargs="?", choices=("list", "accept", "reject"), default="list")
    review_command.add_argument("ids", nargs="*", help="proposal ids, as the list shows them")
    review_command.add_argument("--all", action="store_true", help="accept every pending proposal")
    review_command.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default: content)"
    )
    return parser


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as YYYY-MM-DD, such as 2024-03-31")


def _one_or_more(text: str, what: str, example: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of {what}: give 1 or more, such as {example}")
    return count


def _article_count(text: str) -> int:
    return _one_or_more(text, "articles", "--recent 20 (--everything for all of them)")


def _process_count(text: str) -> int:
    return _one_or_more(text, "processes", "--jobs 2 (one per core without it)")


def _add_build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    command.add_argument(
        "--templates",
        type=Path,
        default=None,
        help="your own templates and assets, each replacing the built-in theme's file of the same name (default: templates/ if there is one)",
    )
    command.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    command.add_argument("--jobs", type=_process_count, default=None, help="processes to use (default: one per core)")
    command.add_argument("--quiet", action="store_true", help="no progress bar")
    command.add_argument("--timings", action="store_true", help="say how long each stage of the build took")
    command.add_argument(
        "--clean",
        action="store_true",
        help="remove files in the output folder that the build did not make (they are kept otherwise)",
    )


def _own_templates(args: argparse.Namespace) -> None:
    """Without --templates, a templates/ folder in the current folder (the briefing's) overrides the built-in theme."""
    args.own_templates = args.templates is None
    if args.own_templates and OWN_TEMPLATES.is_dir():
        args.templates = OWN_TEMPLATES


def _serve(args: argparse.Namespace) -> int:
    from briefing.ingest import review
    from briefing.tools.serve import Builds, Inputs, listening, serve_in_background

    # Each line as it is printed, also into a pipe or a log (`serve | tee`, a process manager): it runs for hours.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(line_buffering=True)
    # Without --templates, templates/ is watched even before it exists: one made (or removed) while serving counts.
    inputs = Inputs([args.content, args.templates or OWN_TEMPLATES])
    builds = Builds()
    # The port is taken before the first build, which may take a minute: one in use is said at once. A browser
    # asking meanwhile waits for the built site rather than being refused.
    try:
        server = listening(args.out, args.port, builds, lambda: review.pending_count(args.content))
    except (OSError, OverflowError) as error:
        print(_port_problem(args.port, error), file=sys.stderr)
        return EXIT_BAD_INPUT
    with server:
        _build(args, inputs.take, _address(args.port))
        builds.published_path = _published_path(args.content)
        serve_in_background(server)
        _watch_and_rebuild(args, inputs, builds)
        server.shutdown()
    print(f"Stopped serving {args.out}/.")
    return EXIT_OK


def _watch_and_rebuild(args: argparse.Namespace, inputs: Inputs, builds: Builds) -> None:
    """Say where the site is served, then rebuild it on every change until Ctrl-C."""
    from briefing.tools.serve import watch

    def rebuild() -> None:
        if args.own_templates:
            args.templates = OWN_TEMPLATES if OWN_TEMPLATES.is_dir() else None
        try:
            _build(args, inputs.take, _address(args.port))
            builds.published_path = _published_path(args.content)
        except ContentError as error:
            _print_problems(error, "the last good site is still served")
        except OSError as error:
            # A file that vanished mid-build, a full disk: the next change tries again.
            print(f"Stopped: {_os_problem(error, args)}; the last good site is still served.", file=sys.stderr)

    # A Ctrl-C as soon as the line below is read (before print returns) stops the preview like any other.
    with contextlib.suppress(KeyboardInterrupt):
        shown = [args.content, *([args.templates] if args.templates else [])]
        print(
            f"Serving {args.out}/ at {_address(args.port)} — edit {' or '.join(f'{folder}/' for folder in shown)} and the open page reloads. Ctrl-C stops."
        )
        watch(inputs, rebuild, builds, threading.Event())


def _address(port: int) -> str:
    """Where `serve` serves the site: 'http://127.0.0.1:8000/'."""
    return f"http://127.0.0.1:{port}/"


def _published_path(content: Path) -> str:
    """The path the site just built is published under ('/briefing/'), which its 404 page's links start with."""
    loaded = load_settings(content, [])
    return root_path(loaded.settings.base_url) if loaded else "/"


def _port_problem(port: int, error: OSError | OverflowError) -> str:
    """Why `serve` could not listen on the port, and what to do: not the build's advice about paths and disks."""
    if isinstance(error, OverflowError):
        return f"Stopped: --port {port} is not a port (they run from 1 to 65535); nothing was built.\n    fix: pass --port 8000"
    other = 8001 if port == 8000 else 8000
    reason = {
        errno.EADDRINUSE: "is in use (another serve, or another program)",
        errno.EACCES: "needs root (below 1024)",
    }
    return (
        f"Stopped: port {port} on 127.0.0.1 {reason.get(error.errno, f'cannot be used: {error.strerror}')}; nothing was built.\n"
        f"    fix: pass another port, e.g. --port {other}"
    )


def _report_outcomes(outcomes: Iterator[Outcome], counts: Counter) -> None:
    """Print each arrival's outcome as it comes; on Ctrl-C, say what was written before stopping."""
    each = iter(outcomes)
    try:
        while True:
            # Ctrl-C is taken once the arrival being read is done: written, its proposals kept, its outcome
            # printed, so that the report says exactly what was written.
            with ctrl_c_deferred():
                outcome = next(each, None)
                if outcome is None:
                    break
                counts[outcome.status] += 1
                print(outcome.describe(), file=sys.stderr if outcome.status == REFUSED else sys.stdout, flush=True)
    except KeyboardInterrupt:
        print(
            f"Interrupted while ingesting: {describe_outcomes(counts)}; the written ones are listed above.",
            file=sys.stderr,
        )
        raise
    print(describe_outcomes(counts) + ".")


def _follows_a_subject(content_dir: Path) -> bool:
    """Whether site.yaml names the country the tracker follows: without it, ingest proposes nothing for the tracker."""
    content = load_settings(content_dir, [])
    return content is None or bool(content.settings.subject_country)


def describe_outcomes(counts: Counter) -> str:
    """'3 arrivals: 2 written, 1 refused', naming only the outcomes that happened."""
    total = sum(counts.values())
    parts = [f"{counts[status]} {status}" for status in (WRITTEN, SKIPPED, REFUSED, SUMMARY_ONLY) if counts[status]]
    return f"{total} arrival(s): " + (", ".join(parts) or "none")


def _ingest(args: argparse.Namespace) -> int:
    from briefing.ingest.arrivals import ingest

    counts: Counter = Counter()
    args.ingested = counts
    _report_outcomes(ingest(args.paths, args.content, waiting=_waiting_for_ingest(args.content)), counts)
    if counts[WRITTEN]:
        if not _follows_a_subject(args.content):
            print(
                "No tracker proposals were looked for: content/site.yaml names no subject_country "
                "(the country whose agreements the tracker follows, e.g. subject_country: Chile)."
            )
        print("Review the new files (title, summary), then run the build.")
    if counts[REFUSED]:
        print(f"{counts[REFUSED]} arrival(s) refused: fix them as said above and ingest them again.", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _waiting_for_ingest(content_dir: Path) -> Callable[[str], None]:
    """What an ingest or a review says while another one writes into the content folder."""

    def waiting(other: str) -> None:
        process = f" (process {other})" if other else ""
        print(f"Waiting for the ingest or review writing into {content_dir}/{process} to finish…", file=sys.stderr)

    return waiting


def _inbox_files(content_dir: Path) -> list[Path]:
    """What waits in the inbox; ingest is loaded only when there is an inbox to look in."""
    if not (content_dir / INBOX_DIR).is_dir():
        return []
    from briefing.ingest.arrivals import inbox_files

    return inbox_files(content_dir)


def _ingest_inbox(content_dir: Path, counts: Counter) -> None:
    """Ingest what waits in the inbox, reporting each arrival and counting the outcomes into `counts`."""
    waiting = _inbox_files(content_dir)
    if not waiting:
        return
    from briefing.ingest.arrivals import ingest_inbox

    print(f"Ingesting {len(waiting)} new file(s) from {content_dir / INBOX_DIR}/")
    _report_outcomes(ingest_inbox(content_dir, waiting=_waiting_for_ingest(content_dir)), counts)
    if counts[REFUSED]:
        print(f"{counts[REFUSED]} arrival(s) refused stay in {content_dir / INBOX_DIR}/ to be fixed.", file=sys.stderr)


def _build(
    args: argparse.Namespace, before_reading: Callable[[], None] = lambda: None, served_at: str | None = None
) -> int:
    """Ingest the inbox, call `before_reading`, then build; returns the number of inbox arrivals refused (they
    stay in the inbox). The summary points at `served_at` when the site is served there, else at its index.html.

    The inbox is ingested once the build holds its output folder: two builds at once would each ingest it."""
    counts: Counter = Counter()
    args.ingested = counts

    def first() -> None:
        _ingest_inbox(args.content, counts)
        before_reading()

    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    result = build_site(
        args.content,
        args.templates,
        args.out,
        jobs=args.jobs,
        clean=args.clean,
        first=first,
        waiting=lambda other: print(
            f"Waiting for the build already writing {args.out}/{f' (process {other})' if other else ''} to finish…",
            file=sys.stderr,
        ),
        **({"progress": progress} if progress else {}),
    )
    if progress:
        progress.clear()
    for warning in result.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    if result.kept_at_old_paths:
        print(describe_kept(result.kept_at_old_paths), file=sys.stderr)
    print(describe(result, served_at))
    if args.timings and result.stages:
        print(describe_stages(result))
    return counts[REFUSED]


def _bundle(args: argparse.Namespace) -> int:
    from briefing.tools.bundle import make_bundles, unusable_bundle_folder
    from briefing.tools.single_file import Edition, EditionError

    problem = unusable_bundle_folder(args.dist, args.out, args.content, args.templates)
    if problem:
        print(f"Stopped: {problem}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    edition = Edition(
        everything=args.everything,
        recent=args.recent,
        topics=tuple(slug.strip() for slug in args.topics.split(",") if slug.strip()),
        since=args.since or "",
        until=args.until or "",
    )
    try:
        edition.check_options()
    except EditionError as error:
        return _edition_refused(error, "nothing was built")
    _build(args)
    try:
        result = make_bundles(
            args.out, args.dist, args.templates, args.jobs or default_jobs(), edition, keep_dotfiles=args.keep_dotfiles
        )
    except EditionError as error:
        return _edition_refused(error, f"the site was built in {args.out}/, no bundle was written")
    if result.links_name_folders:
        print(
            f"Warning: pretty_urls is on, so the pages in {result.zip_path} link to folders, which a browser does not open from file://; the single file is not affected.",
            file=sys.stderr,
        )
    print(describe_bundles(result))
    return EXIT_OK


def _edition_refused(error: EditionError, outcome: str) -> int:
    print(f"Stopped: {error.problem}; {outcome}.\n    fix: {error.fix}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _print_problems(error: ContentError, outcome: str) -> None:
    print(f"Stopped: {len(error.problems):,} problem(s); {outcome}.", file=sys.stderr)
    for problem in error.problems[:BUILD_PROBLEMS_SHOWN]:
        print(f"  {problem}", file=sys.stderr)
    if len(error.problems) > BUILD_PROBLEMS_SHOWN:
        print(f"  … and {len(error.problems) - BUILD_PROBLEMS_SHOWN:,} more", file=sys.stderr)


def _new(args: argparse.Namespace) -> int:
    from briefing.content.starter import write_starter

    written = write_starter(args.folder, args.title)
    print(f"Started a briefing in {args.folder}/ ({len(written)} files): edit content/site.yaml and the examples, then")
    print(f"  cd {shlex.quote(str(args.folder))} && briefing build     # writes site/; open site/index.html")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    if hasattr(args, "templates"):
        _own_templates(args)
    if args.command == "new":
        return _new(args)
    if args.command == "ingest":
        return _ingest(args)
    if args.command == "review":
        return _review(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "bench":
        return _bench(args)
    if args.command == "check":
        return _check(args.site)
    if args.command == "bundle":
        return _bundle(args)
    return EXIT_BAD_INPUT if _build(args) else EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    from briefing.tools.bench import run_bench
    from briefing.tools.ingest_bench import run_ingest_bench

    return run_ingest_bench(args.ingest) if args.ingest else run_bench(args.sizes, args.work)


def _review(args: argparse.Namespace) -> int:
    from briefing.ingest import review

    if args.action == "list":
        print(review.describe_pending(args.content))
        return EXIT_OK
    if args.action == "reject" and args.all:
        print(
            f"Stopped: --all accepts every proposal; reject takes the ids `{command('review')}` lists "
            "(a rejected sentence is never proposed again).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if not args.ids and not (args.action == "accept" and args.all):
        hint = f"give the ids `{command('review')}` lists" + (", or --all" if args.action == "accept" else "")
        print(f"Stopped: no proposal named; {hint}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    ids = [given.lower() for given in args.ids]  # as listed, in lowercase hexadecimal: 'F2FF4B' is 'f2ff4b'
    if args.action == "accept":
        done = review.accept(args.content, ids, args.all, _waiting_for_ingest(args.content))
        print(f"Accepted {len(done)} proposal(s) into {args.content}/facts.yaml; the next build checks each citation.")
    else:
        done = review.reject(args.content, ids, _waiting_for_ingest(args.content))
        print(f"Rejected {len(done)} proposal(s); their sentences will not be proposed again.")
    return EXIT_OK


def _check(site: Path) -> int:
    from briefing.tools.check import check_site

    if not (site / "index.html").is_file():
        print(
            f"{site}/ is not a built site (no index.html): build it first with `{command(f'build --out {site}')}`",
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


def describe_kept(paths: tuple[str, ...]) -> str:
    """Files of the user's where an earlier build wrote pages: kept, and said so, since the build might have removed them."""
    count = f"{len(paths):,} file{'s' if len(paths) != 1 else ''}"
    return (
        f"Kept {count} of yours: {_listed(paths)} (at a path an earlier build used, changed since; "
        "delete it if it should go, or build with --clean)"
    )


def _listed(items: tuple[str, ...] | list[str], shown: int = 10) -> str:
    listed = ", ".join(items[:shown])
    return listed + (f" … and {len(items) - shown:,} more" if len(items) > shown else "")


def _duration(seconds: float) -> str:
    """'12.3 s', or '0.04 s' for a rebuild too quick for tenths (it would read 'in 0.0 s')."""
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds:.2f} s"


def describe(result: BuildResult, served_at: str | None = None) -> str:
    """The one-line summary of a build, and where to look at the site: the address it is served at, if it is."""
    kept = f", {result.kept:,} of your own kept (--clean removes them)" if result.kept else ""
    where = f"served at {served_at}" if served_at else f"open {result.out_dir / 'index.html'}"
    return (
        f"Built {result.pages:,} pages from {result.articles:,} articles in {_duration(result.seconds)} "
        f"({result.written:,} files written, {result.reused:,} reused{kept}) — {where}"
    )


def describe_stages(result: BuildResult) -> str:
    """'Time by stage: reading articles 1.0 s, enriching 1.5 s, …', the rest (starting, the cache) last."""
    parts = [f"{stage} {seconds:.2f} s" for stage, seconds in result.stages]
    rest = result.seconds - sum(seconds for _, seconds in result.stages)
    return "Time by stage: " + ", ".join([*parts, f"the rest {rest:.2f} s"])


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{count / 1000:.0f} KB"


def describe_bundles(result: BundleResult) -> str:
    """The one-line summary of the bundles."""
    return (
        f"Bundled in {_duration(result.seconds)}: {result.zip_path} ({_size(result.zip_bytes)}, {result.zip_files:,} files) "
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


def _discard_output() -> None:
    """Send what is left of the output, and the flush at exit, nowhere: the pipe it went to is closed."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _os_problem(error: OSError, args: argparse.Namespace | None = None) -> str:
    if error.errno == errno.ENOSPC and not error.filename:
        # A write that found the disk full names no file: say which folder was being written.
        folder = getattr(args, "out", None) or getattr(args, "content", None)
        return "the disk is full" + (f" (writing {folder}/)" if folder else "")
    if folder := _folder_beside_output(error, args):
        return f"cannot write in {folder}/ ({error.strerror}): the build makes the new site there, beside {args.out}/, then swaps it in"
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


def _os_fix(error: OSError, args: argparse.Namespace | None = None) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space on that disk (or build into a folder on another one with --out), then build again"
    if folder := _folder_beside_output(error, args):
        return f"make {folder}/ writable for you, or build into a folder you may write in with --out"
    return "check the path, its permissions and the free disk space"


def _folder_beside_output(error: OSError, args: argparse.Namespace | None) -> str | None:
    """The folder holding the output, when `error` refused a write there of a file the build keeps beside the
    output (its new site '.site.new-…', its cache): a name the user never gave, in a folder they did not name."""
    out = getattr(args, "out", None)
    if out is None or error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS) or not error.filename:
        return None
    path = Path(os.fsdecode(error.filename))
    return os.path.abspath(path.parent) if path.name.startswith(f".{out.name}.") else None


def _site_kept(args: argparse.Namespace) -> str:
    """What became of the site when a command stopped: the one there before is kept; a first build leaves none."""
    out = getattr(args, "out", None)
    return "no site was written" if out is not None and not os.path.lexists(out) else "the previous site is untouched"


def _what_was_written(args: argparse.Namespace, otherwise: str) -> str:
    """Never 'nothing was written' when ingest wrote articles before the stop."""
    written = getattr(args, "ingested", Counter())[WRITTEN]
    if not written:
        return otherwise
    if args.command == "ingest":
        return f"{written} article(s) were written, listed above"
    return f"the {written} article(s) ingested above were written; {_site_kept(args)}"


def _printable_anywhere() -> None:
    """Messages that the terminal's encoding cannot carry (a dash or a Cyrillic title under LANG=C with
    PYTHONUTF8=0, PYTHONIOENCODING=ascii, a Windows code page) print with escapes instead of stopping the
    program with a traceback after its work is done."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def run() -> None:
    """The command line as a program runs it: `main`, then the end of the process."""
    _printable_anywhere()
    stop_on_terminate()
    if _command(sys.argv[1:]) == "build":
        one_shot_process()  # one build, then the process ends: its memory is not freed piece by piece
    exit_now(main())


def _command(argv: list[str]) -> str:
    """The command the arguments name; `build` when they name none (`python build.py --out x`)."""
    return argv[0] if argv and argv[0] in (*COMMANDS, "-h", "--help", "--version") else "build"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _command(argv)
    if command == "build" and argv[:1] != ["build"]:
        argv.insert(0, "build")  # `python build.py --out x` means `build --out x`
    args = _parser(command).parse_args(argv)
    try:
        status = _run(args)
        # Written out here: into a pipe whose reader went away, a flush at exit only says 'Exception ignored'.
        sys.stdout.flush()
        return status
    except ContentError as error:
        if args.debug:
            raise
        _print_problems(error, _what_was_written(args, "nothing was written"))
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The output's reader stopped early (`briefing review | head`): nothing went wrong, and nothing more is read.
        _discard_output()
        return EXIT_OUTPUT_CLOSED
    except OSError as error:
        # A disk full, a folder without write permission, a port already taken.
        if args.debug:
            raise
        print(
            f"Stopped: {_os_problem(error, args)}; {_what_was_written(args, _site_kept(args))}.\n    fix: {_os_fix(error, args)} (--debug shows the details)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except WorkerLost as error:
        if args.debug:
            raise
        print(
            f"Stopped: {error}; {_what_was_written(args, _site_kept(args))}.\n"
            "    fix: build again; if the system ran out of memory, with fewer processes (--jobs 1)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except Terminated:
        print(f"Terminated; {_what_was_written(args, _site_kept(args))}.", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print(f"Interrupted; {_what_was_written(args, _site_kept(args))}.", file=sys.stderr)
        return EXIT_INTERRUPTED

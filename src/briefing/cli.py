"""The command line: argument parsing, messages and exit codes; no build logic."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from .ingest import ingest_files
from .pipeline import BuildResult, build_site
from .problems import ContentError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
COMMANDS = ("build", "ingest")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Build an offline-readable briefing site from content/.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show the full traceback when something goes wrong")
    commands = parser.add_subparsers(dest="command")

    build = commands.add_parser("build", parents=[common], help="build the site (the default command)")
    build.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    build.add_argument("--templates", type=Path, default=Path("templates"), help="templates folder (default: templates)")
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--jobs", type=int, default=None, help="processes to use (default: one per core)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")

    ingest = commands.add_parser("ingest", parents=[common], help="turn raw articles (plain text) into content files")
    ingest.add_argument("paths", nargs="+", type=Path, help="raw article files to ingest")
    ingest.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "ingest":
        for report in ingest_files(args.paths, args.content):
            print(report.describe())
        print("Review the new files (title, summary), then run the build.")
        return EXIT_OK
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    result = build_site(args.content, args.templates, args.out, jobs=args.jobs, **({"progress": progress} if progress else {}))
    if progress:
        progress.clear()
    print(describe(result))
    return EXIT_OK


def describe(result: BuildResult) -> str:
    """The one-line summary of a build."""
    return (
        f"Built {result.pages:,} pages from {result.articles:,} articles in {result.seconds:.1f} s "
        f"({result.written:,} files written, {result.reused:,} reused) — open {result.out_dir / 'index.html'}"
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
        print(f"Stopped: {len(error.problems)} problem(s); nothing was written.", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT

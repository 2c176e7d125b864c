"""The whole build in one place: load → validate → enrich → render → write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .enrich import enrich
from .load import load_content
from .problems import ContentError
from .render import render_site
from .search import index_files
from .validate import validate
from .write import write_site


@dataclass(frozen=True)
class BuildResult:
    pages: int
    articles: int
    out_dir: Path


def build_site(content_dir: Path, templates_dir: Path, out_dir: Path) -> BuildResult:
    """Build the site from `content_dir` into `out_dir`; raise ContentError on bad content.

    The output folder is only touched once everything has rendered.
    """
    content = load_content(content_dir)
    problems = validate(content)
    if problems:
        raise ContentError(problems)
    briefing = enrich(content)
    files = render_site(briefing, templates_dir) | index_files(briefing)
    write_site(files, templates_dir / "assets", out_dir, protected=[content_dir, templates_dir, Path.cwd()])
    html_pages = sum(1 for path in files if path.endswith(".html"))
    return BuildResult(pages=html_pages, articles=len(briefing.articles), out_dir=out_dir)

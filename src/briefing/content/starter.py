"""A blank briefing for `briefing new`: the content files, each with short commented examples.

The files live in `starter/` beside this module (package data) and are copied as they
are, but for the title, which is written into site.yaml as YAML quotes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from briefing.content.load import INBOX_DIR, SETTINGS_FILE
from briefing.model import Location
from briefing.problems import ContentError, Problem

STARTER = Path(__file__).resolve().with_name("starter")
CONTENT_DIR = "content"
# What the tools make beside what you write: the site, its cache (and the files kept beside it) and lock, the
# bundles, ingest's cache and lock.
GITIGNORE = "site/\n.site.cache*\n.site.lock\ndist/\ncontent/.ingest.cache*\ncontent/.ingest.lock\n"


def write_starter(folder: Path, title: str) -> list[Path]:
    """Write a new briefing into `folder` (new or empty); return the files written."""
    _refuse_unusable(folder, title)
    content = folder / CONTENT_DIR
    shutil.copytree(STARTER, content, ignore=shutil.ignore_patterns("__pycache__"))
    settings = content / SETTINGS_FILE
    settings.write_text(_with_title(settings.read_text(encoding="utf-8"), title), encoding="utf-8")
    (content / INBOX_DIR).mkdir()
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _with_title(settings: str, title: str) -> str:
    line = yaml.safe_dump({"title": title.strip()}, allow_unicode=True, width=10_000).strip()
    lines = [line if old.startswith("title:") else old for old in settings.splitlines()]
    return "\n".join(lines) + "\n"


def _refuse_unusable(folder: Path, title: str) -> None:
    if not title.strip():
        raise ContentError(
            [Problem(Location("--title"), "the title is empty", 'give the briefing a title: --title "…"')]
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "this folder already exists and is not empty" if folder.is_dir() else "this is a file"
        raise ContentError(
            [
                Problem(
                    Location(str(folder)),
                    f"{what}; nothing was written to it",
                    "choose a new folder's name, such as my-briefing",
                )
            ]
        )

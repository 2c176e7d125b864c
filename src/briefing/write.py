"""Stage 5: write the rendered site atomically.

The new site is written into a folder beside the old one and swapped in at the
end, so a failed build never leaves a half-written site. Nothing else writes
to the output folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .model import Location
from .problems import ContentError, Problem


def _refuse_unsafe(out_dir: Path, protected: list[Path]) -> None:
    resolved = out_dir.resolve()
    forbidden = {Path("/"), Path.home().resolve(), *(p.resolve() for p in protected)}
    if resolved in forbidden or any(p.resolve().is_relative_to(resolved) for p in protected):
        raise ContentError([Problem(Location(str(out_dir)), "refusing to write the site here: it would replace this folder and everything in it", "choose an output folder of its own, such as site/")])


def write_site(files: dict[str, str], assets_dir: Path, out_dir: Path, protected: list[Path]) -> None:
    """Write `files` (path → text) and the static assets, then swap them into `out_dir`."""
    _refuse_unsafe(out_dir, protected)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.new-{os.getpid()}")
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(assets_dir, staging / "assets")
        for relative_path, text in sorted(files.items()):
            target = staging / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, out_dir, retired)


def _swap_in(staging: Path, out_dir: Path, retired: Path) -> None:
    """Replace the old site by the new one with two renames; restore the old one on failure."""
    if out_dir.exists():
        out_dir.rename(retired)
    try:
        staging.rename(out_dir)
    except BaseException:
        if retired.exists():
            retired.rename(out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)

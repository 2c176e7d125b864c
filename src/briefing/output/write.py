"""Stage 5: write the rendered site atomically.

The new site is assembled in a folder beside the old one and swapped in at the
end, so a failed or interrupted build never leaves a half-written site. Files a
build reuses are hard links to the old site's files (copies where the disk has
no hard links), so a rebuild writes only what changed. Files the build did not
make (a CNAME, a verification page) are carried over the same way unless the
build is asked to clean. Nothing else writes to the output folder.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from briefing.model import Location
from briefing.problems import ContentError, Problem
from briefing.urls import MANIFEST


def _refuse(out_dir: Path, why: str) -> ContentError:
    return ContentError(
        [
            Problem(
                Location(str(out_dir)),
                f"refusing to write the site here: {why}",
                "choose an output folder of its own, such as site/",
            )
        ]
    )


def refuse_unsafe(out_dir: Path, sources: list[Path]) -> None:
    """Stop before touching an output folder that is, holds or lies inside something else the user keeps."""
    resolved = out_dir.resolve()
    if resolved in {Path("/"), Path.home().resolve()} or any(
        p.resolve().is_relative_to(resolved) for p in [*sources, Path.cwd()]
    ):
        raise _refuse(out_dir, "the site would replace this folder, which holds your content, templates or project")
    if any(resolved.is_relative_to(p.resolve()) for p in sources):
        raise _refuse(out_dir, "it lies inside the content or templates folder")
    if (resolved / ".git").exists():
        raise _refuse(out_dir, "it is a git repository")


def files_in(folder: Path) -> Iterator[str]:
    """The relative paths ('a/b.html') of every file under a folder."""
    for parent, _, names in os.walk(folder):
        relative_parent = Path(parent).relative_to(folder).as_posix()
        for name in names:
            yield name if relative_parent == "." else f"{relative_parent}/{name}"


def files_made_by_build(site: Path) -> set[str]:
    """The files the last build wrote into a site folder, as its manifest lists them."""
    try:
        return set((site / MANIFEST).read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return set()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Staging:
    """The next version of the output folder, built beside it."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.folder = out_dir.with_name(f".{out_dir.name}.new-{os.getpid()}")
        self._retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")

    def recover(self) -> None:
        """Tidy up after a build that was killed: restore a site caught between the two renames, drop its staging folder."""
        names = re.compile(rf"\.{re.escape(self.out_dir.name)}\.(new|old)-([0-9]+)")
        for leftover in sorted(self.out_dir.parent.glob(f".{self.out_dir.name}.*-*")):
            found = names.fullmatch(leftover.name)
            if not found or _pid_alive(int(found[2])):
                continue
            if found[1] == "old" and not self.out_dir.exists():
                leftover.rename(self.out_dir)
            else:
                shutil.rmtree(leftover, ignore_errors=True)

    def start(self, reused: Iterable[str]) -> None:
        """An empty staging folder holding only the old site's files that are kept as they are."""
        self.discard()
        self.folder.mkdir(parents=True)
        for relative_path in reused:
            target = self._target(relative_path)
            try:
                os.link(self.out_dir / relative_path, target)
            except OSError:
                shutil.copy2(self.out_dir / relative_path, target)

    def _target(self, relative_path: str) -> Path:
        target = self.folder / relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, relative_path: str, text: str) -> None:
        self._target(relative_path).write_text(text, encoding="utf-8", newline="\n")

    def copy_assets(self, assets: Mapping[str, Path]) -> None:
        """Copy the theme's assets ({path inside assets/: file}) into the new site's assets/."""
        for relative_path, source in assets.items():
            shutil.copy2(source, self._target(f"assets/{relative_path}"))

    def write_manifest(self, made: Iterable[str]) -> None:
        self.write(MANIFEST, "".join(f"{path}\n" for path in sorted(made)))

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def swap_in(self) -> None:
        """Replace the old site by the new one with two renames; restore the old one on failure."""
        if self.out_dir.exists():
            self.out_dir.rename(self._retired)
        try:
            self.folder.rename(self.out_dir)
        except BaseException:
            if self._retired.exists():
                self._retired.rename(self.out_dir)
            raise
        shutil.rmtree(self._retired, ignore_errors=True)


@contextmanager
def file_replaced_atomically(path: Path) -> Iterator[BinaryIO]:
    """A file written beside `path` and renamed over it once complete, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        with open(temporary, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

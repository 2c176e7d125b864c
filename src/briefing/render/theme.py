"""The theme: the templates and assets that give the pages their form.

The default theme ships inside the package (`briefing/theme/`), so an installed
`briefing` builds any briefing folder. A briefing's own templates folder overrides it
file by file, as MkDocs' `custom_dir` does: a `base.html` of its own replaces only
`base.html`, an `assets/style.css` only the stylesheet.
"""

from __future__ import annotations

from pathlib import Path

from briefing.model import Location
from briefing.problems import ContentError, Problem

DEFAULT_THEME = Path(__file__).resolve().parents[1] / "theme"
ASSETS = "assets"


def theme_folders(own: Path | None) -> list[Path]:
    """Where a template or asset is looked up, in order: the briefing's own folder, then the default theme."""
    if own is None or own.resolve() == DEFAULT_THEME:
        return [DEFAULT_THEME]
    if not own.is_dir():
        raise ContentError(
            [
                Problem(
                    Location(str(own)),
                    "the templates folder does not exist",
                    "create it with only the templates you change (the rest come from the built-in theme), or leave out --templates",
                )
            ]
        )
    return [own, DEFAULT_THEME]


def theme_file(own: Path | None, name: str) -> Path:
    """The file that counts for `name`: the briefing's own if it has one, else the default theme's."""
    return next(folder / name for folder in theme_folders(own) if (folder / name).is_file())


def theme_assets(own: Path | None) -> dict[str, Path]:
    """Every asset by its path inside assets/ ('style.css'), the briefing's own replacing the default's."""
    assets: dict[str, Path] = {}
    for folder in reversed(theme_folders(own)):
        root = folder / ASSETS
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.is_file():
                assets[path.relative_to(root).as_posix()] = path
    return dict(sorted(assets.items()))


def theme_files(own: Path | None) -> list[Path]:
    """Every file of the theme as it stands, own folder included: a change to any of them renders every page again."""
    return [path for folder in theme_folders(own) for path in sorted(folder.rglob("*")) if path.is_file()]

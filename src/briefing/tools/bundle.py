"""Offline bundles of a built site: a zip that unzips to a folder opening at index.html,
and the single-file edition (see single_file.py). Both are byte-identical for the same site.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from briefing import urls
from briefing.output.write import file_replaced_atomically
from briefing.text import slugify
from briefing.tools.single_file import CORE, Edition, single_file, site_head

# Zip entries carry this date (the earliest a zip can hold) instead of the files' own times.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
FOLDER_MODE = 0o040755
MSDOS_FOLDER = 0x10
UNIX = 3


@dataclass(frozen=True)
class BundleResult:
    zip_path: Path
    zip_bytes: int
    zip_files: int
    html_path: Path
    html_bytes: int
    sections: int
    seconds: float
    # Pretty URLs: the zip's pages link to folders, which browsers do not open from file://.
    links_name_folders: bool


def unusable_bundle_folder(dist: Path, out: Path, content: Path, templates: Path | None) -> str | None:
    """Why `dist` cannot take the bundles (it lies in a folder the build owns or reads), or None."""
    for folder, what, option in (
        (out, "the site folder", "--out"),
        (content, "the content folder", "--content"),
        (templates, "the templates folder", "--templates"),
    ):
        if folder is not None and dist.resolve().is_relative_to(folder.resolve()):
            return f"--dist {dist} is in {what} ({option} {folder}); choose a folder of its own, such as dist/"
    if dist.exists() and not dist.is_dir():
        return f"--dist {dist} is a file; choose a folder, such as dist/"
    return None


def links_name_folders(site_dir: Path) -> bool:
    """Whether the site was built with pretty URLs (each page a folder's index.html)."""
    return (site_dir / urls.output_file(urls.TRACKER, pretty=True)).is_file()


def bundle_name(site_title: str) -> str:
    """The name of the bundles and of the zip's top folder: "Chile's Trade Agreements" → chiles-trade-agreements."""
    return slugify(site_title.replace("'", "").replace("\u2019", ""))


def _hidden(relative: Path) -> bool:
    """A dot-file or dot-folder: a host's settings (.htpasswd, .env, .git) or the build's manifest, not the briefing."""
    return any(part.startswith(".") for part in relative.parts)


def _zip_entries(site_dir: Path, site_name: str, keep_dotfiles: bool = False) -> list[tuple[str, Path | None]]:
    """Every folder (path None, name ending in '/') and file of the site, by its name in the zip, sorted."""
    entries: list[tuple[str, Path | None]] = [(urls.zip_entry(site_name, ""), None)]
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir).as_posix()
        if path.is_symlink() or (not keep_dotfiles and _hidden(path.relative_to(site_dir))):
            continue
        if path.is_dir():
            entries.append((urls.zip_entry(site_name, relative + "/"), None))
        elif path.is_file():
            entries.append((urls.zip_entry(site_name, relative), path))
    return sorted(entries, key=lambda entry: entry[0])


def write_site_zip(site_dir: Path, site_name: str, target: Path, keep_dotfiles: bool = False) -> int:
    """Zip the site under one top folder, with fixed dates and modes; return the number of files.

    Dot-files (a host's .htpasswd or .env, the build's manifest) are left out unless `keep_dotfiles`.
    """
    entries = _zip_entries(site_dir, site_name, keep_dotfiles)
    with file_replaced_atomically(target) as stream, zipfile.ZipFile(stream, "w") as archive:
        for name, path in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.create_system = UNIX
            if path is None:
                info.external_attr = FOLDER_MODE << 16 | MSDOS_FOLDER
                archive.writestr(info, b"")
            else:
                info.external_attr = FILE_MODE << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=9)
    return sum(1 for _, path in entries if path is not None)


def make_bundles(
    site_dir: Path,
    dist_dir: Path,
    templates_dir: Path | None,
    jobs: int = 1,
    edition: Edition = CORE,
    keep_dotfiles: bool = False,
) -> BundleResult:
    """Write the zip and the single-file edition of the built site in `site_dir` into `dist_dir`."""
    started = time.perf_counter()
    site_name = bundle_name(site_head(site_dir).title)
    zip_name, html_name = urls.bundle_files(site_name)
    # The single file first: options it cannot meet (an unknown topic) stop the bundle before anything is written.
    document, sections = single_file(site_dir, templates_dir, jobs, edition)
    zip_files = write_site_zip(site_dir, site_name, dist_dir / zip_name, keep_dotfiles)
    with file_replaced_atomically(dist_dir / html_name) as stream:
        stream.write(document.encode("utf-8"))
    return BundleResult(
        dist_dir / zip_name,
        (dist_dir / zip_name).stat().st_size,
        zip_files,
        dist_dir / html_name,
        (dist_dir / html_name).stat().st_size,
        sections,
        time.perf_counter() - started,
        links_name_folders(site_dir),
    )

"""Stage 5: write the rendered site atomically.

The new site is assembled in a folder beside the old one and swapped in at the
end, so a failed or interrupted build never leaves a half-written site. Files a
build reuses are hard links to the old site's files (copies where the disk has
no hard links), so a rebuild writes only what changed: every file of the old site
is linked in while the build reads its content (`carry_site`, which then makes empty
files for the rebuild to write into: `_Blanks`), then those not kept are unlinked
(`keep_only`) before anything is written there. Files the build did not
make (a CNAME, a verification page) are carried over the same way unless the
build is asked to clean. Nothing else writes to the output folder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import os
import posixpath
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from briefing.content.files import copy_file, set_mode
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
    if in_the_way := _file_in_the_way(out_dir):
        raise _refuse(out_dir, f"{'it' if in_the_way == out_dir else in_the_way} is a file, not a folder")
    if (resolved / ".git").exists():
        raise _refuse(out_dir, "it is a git repository")
    if out_dir.is_symlink() and not resolved.parent.is_dir():
        raise _refuse(out_dir, f"it is a link to {resolved}, and {resolved.parent} does not exist")
    if resolved.exists() and not _owned(resolved):
        raise _refuse(out_dir, "it belongs to another user, who could change what it publishes")
    if too_long := _name_too_long_beside(resolved):
        raise _refuse(out_dir, too_long)


def _file_in_the_way(out_dir: Path) -> Path | None:
    """The output folder, or the nearest of its parents that exists, when that is a file, not a folder.

    Otherwise found only when the site is swapped in, after the whole build ("Is a directory", with the
    build's folders left beside it), or as "File exists" when its parents are made."""
    for path in (out_dir, *out_dir.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


# The longest name the build gives a file or folder beside the output folder ('site'): what a build is done
# with, named by its process (pid_max is 4,194,304) and mkdtemp's 8 random characters, and the cache's files.
_LONGEST_BESIDE = max(".{}.spent-4194304-abcdefgh", ".{}.cache-article-records", key=len)


def _name_too_long_beside(site: Path) -> str | None:
    """Why the output folder's name leaves no room for the names of the files kept beside it, or None."""
    try:
        most = os.pathconf(site.parent if site.parent.exists() else Path.cwd(), "PC_NAME_MAX")
    except (OSError, ValueError):
        most = 255
    longest = len(_LONGEST_BESIDE.format(site.name).encode("utf-8", "surrogateescape"))
    if longest <= most:
        return None
    room = most - (longest - len(site.name.encode("utf-8", "surrogateescape")))
    return f"its name is too long to keep the build's files beside it (at most {room} bytes here)"


def lock_file(out_dir: Path) -> Path:
    """The file beside the output folder (beside the link, when it is one, as the cache is) that the build
    writing it holds locked."""
    return out_dir.with_name(f".{out_dir.name}.lock")


@contextmanager
def one_build_at_a_time(out_dir: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the output folder's lock for the block; a build into the same folder (`serve` rebuilding while
    `build` runs in another terminal) waits for it first, told by `waiting` with the other build's process id.

    Two builds at once would each swap a site in under the other and overwrite each other's cache."""
    with one_at_a_time(lock_file(out_dir), waiting):
        yield


@contextmanager
def one_at_a_time(lock_path: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock file for the block; another process holding it is waited for first, told by `waiting` with
    its process id.

    The lock is the system's (a POSIX record lock): it goes with the process that held it, however that ended,
    so none is ever stale, and forked workers do not hold it (one left running cannot keep it). Where the lock
    cannot be made (a folder you may not write in), the block runs anyway and says why it stops, if it does.
    """
    try:
        held = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        yield
        return
    with os.fdopen(held, "r+") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            waiting(lock.read().strip())  # "" when the other process has yet to write its id
            fcntl.lockf(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        yield


def files_in(folder: Path) -> Iterator[str]:
    """The relative paths ('a/b.html') of every file under a folder; a link to a folder counts as one file."""
    for parent, subfolders, names in os.walk(folder):
        relative_parent = Path(parent).relative_to(folder).as_posix()
        # os.walk does not go into linked folders: the link itself is the user's entry.
        linked = [name for name in subfolders if os.path.islink(os.path.join(parent, name))]
        for name in names + linked:
            yield name if relative_parent == "." else f"{relative_parent}/{name}"


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def recorded_files(site: Path) -> dict[str, str | None]:
    """The files the last build wrote into a site folder, each with the digest of what it wrote (None if unknown)."""
    try:
        lines = (site / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, UnicodeDecodeError, NotADirectoryError):
        return {}
    recorded: dict[str, str | None] = {}
    for line in lines:
        digest, separator, path = line.partition("  ")
        if separator:
            recorded[path] = digest
        else:
            recorded[line] = None  # a manifest written before digests were recorded
    return recorded


def files_made_by_build(site: Path) -> set[str]:
    """The files the last build wrote into a site folder, as its manifest lists them."""
    return set(recorded_files(site))


def changed_since_written(site: Path, path: str, digest: str | None) -> bool:
    """Whether a file differs from what the build last wrote there: then it is the user's."""
    file = site / path
    if file.is_symlink():
        return True  # the build writes no links
    if digest is None:
        return False
    try:
        return digest_of(file.read_bytes()) != digest
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owned(path: Path) -> bool:
    """Whether the path (not what a link points to) belongs to this user."""
    try:
        return not hasattr(os, "getuid") or path.lstat().st_uid == os.getuid()
    except OSError:
        return False


def remove_folder(folder: Path) -> None:
    """Remove a folder of ours, read-only subfolders included (a read-only site must not leave its copy behind)."""

    def writable_and_again(function, path, _error) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), 0o700)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, 0o700)
            function(path)

    shutil.rmtree(folder, onerror=writable_and_again)


class _Blanks:
    """Empty files made beforehand in a folder of the staging folder, for the build to write into: making a file
    is most of the cost of writing a small one on some disks (about 1 ms on ext4 without a journal, while it
    avoids the inodes freed within the last minutes: an arrival's build soon after another), and the process
    that links the old site in is idle once it has (`carry_site`). Each is moved to where a file is written; one
    taken by another process meanwhile is skipped, and when none is left a file is made as usual.

    The files an earlier build was done with are made blanks first (`recycle`): the blanks it left, and the old
    site's stale files (the pages written anew since). Emptied in place, they need no new inode, and an arrival's
    build then frees none for the next one to look past: making 512 blanks right after a build took 0.28 s,
    against 0.013 s minutes later."""

    def __init__(self, folder: str, count: int):
        self.folder = folder
        self._count = count
        self._next = count  # this process takes them from the last down
        self._made = 0  # in the process that makes them (see `carry_site`): recycled first, then made

    def recycle(self, path: str) -> bool:
        """Make a file a blank, emptied, if more are wanted and it is the build's own: a regular file of this
        user's, with the permissions of a new one, that no other name links to (then emptying it loses nothing)."""
        if self._made >= self._count:
            return False
        try:
            status = os.lstat(path)
            if not (stat.S_ISREG(status.st_mode) and status.st_nlink == 1 and _as_made_now(status)):
                return False
            blank = os.path.join(self.folder, str(self._made))
            os.rename(path, blank)
        except OSError:
            return False
        self._made += 1
        with contextlib.suppress(OSError):  # else opening it to write truncates it
            os.truncate(blank, 0)
        return True

    def make(self) -> None:
        for number in range(self._made, self._count):
            os.close(os.open(os.path.join(self.folder, str(number)), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        self._made = self._count

    def written(self, path: str, data: bytes) -> None:
        """Write a file at `path`, into a blank moved there if one is left."""
        while self._next > 0:
            self._next -= 1
            try:
                os.replace(os.path.join(self.folder, str(self._next)), path)
            except FileNotFoundError:
                continue  # taken by another process, or not made yet
            break
        with open(path, "wb") as file:  # a blank is empty: opening it truncates nothing and makes no inode
            file.write(data)


@functools.cache
def _umask() -> int:
    """The umask, read by setting it and back (in the process that links the site in, which has no other threads)."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _new_file_mode() -> int:
    """The permissions of a file made now: 0o666 less the umask."""
    return 0o666 & ~_umask()


def _site_folder_mode(site: Path) -> int:
    """The permissions the new site's folder takes: the old site's, or those of a folder made now (0o777 less the
    umask). The staging folder is made readable by its owner only (`mkdtemp`), which a web server reading the
    site as another user, or a copy to a host that keeps permissions (rsync -a), would meet as 403 Forbidden."""
    try:
        return stat.S_IMODE(site.stat().st_mode)
    except OSError:
        return 0o777 & ~_umask()


def _as_made_now(status: os.stat_result) -> bool:
    """Whether a file is this user's, with the permissions a file made now gets."""
    owned = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return owned and stat.S_IMODE(status.st_mode) == _new_file_mode()


def _carry(source: str, target: str) -> None:
    """Put an existing file into the new site as a hard link (a copy if need be); a symbolic link stays one."""
    try:
        os.link(source, target, follow_symlinks=False)
    except (OSError, NotImplementedError):  # a file system without hard links; a system that links only targets
        copy_file(source, target, follow_symlinks=False)


class Staging:
    """The next version of the output folder, built beside it.

    When the output path is a link, its target is the site: it is replaced in place and the link
    stays. Staging and retired folders get unguessable names (`mkdtemp`), and a leftover from a
    killed build is only touched when it is this user's own and holds the build's manifest.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.site = out_dir.resolve() if out_dir.is_symlink() else out_dir
        # Made by `start`, with a name no one can guess beforehand.
        self.folder: Path | None = None
        # What each file the build made holds, for the manifest.
        self.digests: dict[str, str] = {}
        # The folders made in the staging folder so far (thousands of files share a few folders).
        self._folders: set[str] = set()
        self._blanks = _Blanks("", 0)
        self._removal: threading.Thread | None = None  # of the old site, once swapped out (see `swap_in`)
        self._leave_old_site_of: int | None = None  # see `open`
        self._dropped = 0  # of the old site's files linked in, those `keep_only` removed again
        self._spent: list[Path] = []  # what earlier builds were done with, for `carry_site` to remove
        self._first = False  # no site yet: nothing is carried, and files are written straight into place

    def _temporary(self, kind: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f".{self.site.name}.{kind}-{os.getpid()}-", dir=self.site.parent))

    def _renamed(self, folder: Path, kind: str) -> Path:
        """A folder `_temporary` made, renamed where it is as one of another kind."""
        rest = folder.name.removeprefix(f".{self.site.name}.").split("-", 1)[1]
        return folder.rename(folder.with_name(f".{self.site.name}.{kind}-{rest}"))

    def _leftovers(self) -> Iterator[tuple[str, int, Path]]:
        """Each folder of this output's builds beside it that is this user's own, as (kind, process id in its
        name, path): a staging folder ("new"), an old site being swapped out ("old"), what a build was done with
        ("spent": see `swap_in`)."""
        names = re.compile(rf"\.{re.escape(self.site.name)}\.(new|old|spent)-([0-9]+)-[A-Za-z0-9_]+")
        for leftover in sorted(self.site.parent.glob(f".{self.site.name}.*-*")):
            found = names.fullmatch(leftover.name)
            if found and _owned(leftover) and not leftover.is_symlink():
                yield found[1], int(found[2]), leftover

    def recover(self) -> None:
        """Tidy up after a build that was killed: restore a site caught between the two renames, drop its staging
        folder. What builds were done with is left for the next one to remove (see `carry_site`)."""
        for kind, pid, leftover in self._leftovers():
            if kind == "spent" or _pid_alive(pid):
                continue
            if kind == "new":
                remove_folder(leftover)
            elif _owned(leftover / MANIFEST) and (leftover / MANIFEST).is_file():
                if self.site.exists():
                    remove_folder(leftover)
                else:
                    leftover.rename(self.site)
            else:
                with contextlib.suppress(OSError):
                    leftover.rmdir()  # made for the old site, which was never moved into it

    def _spent_before(self) -> list[Path]:
        """What builds that are over (killed, or finished in this process) were done with and left."""
        return [
            leftover
            for kind, pid, leftover in self._leftovers()
            if kind == "spent" and (pid == os.getpid() or not _pid_alive(pid))
        ]

    def open(self, blanks: int = 0, leave_old_site_of: int | None = None) -> None:
        """Make the staging folder, empty, and the folder of `blanks` files for `carry_site` to make.

        The site this build replaces is left beside it once swapped out, for the next build's `carry_site` to
        remove, when at most `leave_old_site_of` of its files (None: never) are not in the new site: its 17,000
        files take a third of a second to unlink when they are links to the new site's, which this build would
        wait for at its end and the next one spends in the process that links the site in, while it reads. After
        a build that wrote every page anew they are the last links to their data, and take two seconds or more:
        this build, long already, then removes them itself rather than leave them to slow the next arrival.
        """
        self.folder = self._temporary("new")
        self._folders = {""}
        self._blanks = _Blanks(tempfile.mkdtemp(prefix=".blank-", dir=self.folder), blanks)
        self._leave_old_site_of = leave_old_site_of
        self._dropped = 0
        self._spent = self._spent_before()
        self._first = not os.path.lexists(self.site)

    def carry_site(self) -> list[str]:
        """Every file of the current site linked into the staging folder (which `keep_only` then trims), then
        the blank files to write into (see `_Blanks`), then what earlier builds were done with removed (see
        `swap_in`): done while the build reads its content, which needs one core of two on a rebuild.

        An old site an earlier build left is made into the copy (see `_mirror`): most of its files are links to
        the current site's already, and linking 17,000 files anew, then unlinking as many of the old site's,
        is most of a core for two thirds of a second."""
        for spent in self._spent:
            if (blanks := spent / "blanks").is_dir():
                for name in os.listdir(blanks):
                    self._blanks.recycle(os.path.join(blanks, name))
        carried = self._carried_by_reuse() if self.site.is_dir() else []
        if carried is None:
            carried = self._carried_by_linking()
        self._blanks.make()
        _remove_folders(self._spent)
        return carried

    def _carried_by_linking(self) -> list[str]:
        """The site's files, each linked into the staging folder."""
        carried = list(files_in(self.site))
        for relative_path in carried:
            _carry(os.path.join(self.site, relative_path), self._target_name(relative_path))
        return carried

    def _carried_by_reuse(self) -> list[str] | None:
        """The site's files carried by making an old site an earlier build left a copy of it (see `_mirror`),
        then moving that into the staging folder; None when there is none, or it could not be made one (then it
        is removed with the rest of what earlier builds were done with)."""
        assert self.folder is not None, "open() makes the staging folder"
        old_site = next((folder for folder in self._spent if (folder / MANIFEST).is_file()), None)
        if old_site is None:
            return None
        self._spent.remove(old_site)
        try:
            carried = _mirror(str(self.site), str(old_site), self._blanks.recycle)
        except OSError:  # a folder of the site that cannot be read, a file system that refuses links
            self._spent.append(old_site)
            return None
        for name in os.listdir(old_site):
            os.rename(old_site / name, self.folder / name)
        old_site.rmdir()
        return carried

    def keep_only(self, kept: Iterable[str], carried: Iterable[str], digests: Mapping[str, str | None]) -> None:
        """Of the files `carry_site` carried, remove all but those `kept` as they are (with their `digests`), and
        the folders left empty: every other file is written anew, never into a link to the old site's."""
        kept = set(kept)
        emptied = set()
        for relative_path in carried:
            if relative_path in kept:
                if digest := digests.get(relative_path):
                    self.digests[relative_path] = digest
            else:
                os.unlink(self._target_name(relative_path))
                self._dropped += 1
                emptied.add(posixpath.dirname(relative_path))
        for folder in sorted(emptied, key=len, reverse=True):  # the deepest first
            self._remove_if_empty(folder)

    def _remove_if_empty(self, folder: str) -> None:
        """Remove a folder of the staging folder if it is empty, then each folder holding it that is left empty."""
        assert self.folder is not None, "open() makes the staging folder"
        while folder and os.path.isdir(path := os.path.join(self.folder, folder)) and not os.listdir(path):
            os.rmdir(path)
            self._folders.discard(folder)
            folder = posixpath.dirname(folder)

    def side_folder(self) -> SideFolder:
        """A folder inside the staging folder, by a name no site has, into which another process may write files
        meanwhile for `move_in` to put at their places once `keep_only` has trimmed the rest. On a first build
        there is nothing to trim, and the files are written at their places: moving 17,000 of them in, a third of
        a second at 10,000 articles, would be the last thing the build waits for."""
        assert self.folder is not None, "open() makes the staging folder"
        if self._first:
            return SideFolder(self.folder, self._blanks)
        return SideFolder(Path(tempfile.mkdtemp(prefix=".made-", dir=self.folder)), self._blanks)

    def move_in(self, side: SideFolder, digests: Mapping[str, str]) -> None:
        """Move the files written into a side folder to their places, with the digest of each; then remove it."""
        if side.folder == self.folder:  # written at their places (see `side_folder`)
            self.digests.update(digests)
            return
        for relative_path, digest in digests.items():
            os.replace(os.path.join(side.folder, relative_path), self._target_name(relative_path))
            self.digests[relative_path] = digest
        remove_folder(side.folder)

    def _target(self, relative_path: str) -> Path:
        return Path(self._target_name(relative_path))

    def _target_name(self, relative_path: str) -> str:
        """Where a file goes in the staging folder, its folder made if need be."""
        assert self.folder is not None, "open() makes the staging folder"
        folder = posixpath.dirname(relative_path)
        if folder not in self._folders:
            (self.folder / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        return os.path.join(self.folder, relative_path)

    def copy_assets(self, assets: Mapping[str, Path]) -> None:
        """Copy the theme's assets ({path inside assets/: file}) into the new site's assets/."""
        for relative_path, source in assets.items():
            copy_file(source, self._target(f"assets/{relative_path}"))

    def write_manifest(self, made: Iterable[str]) -> None:
        """The list of the build's files with the digest of each, so a later build tells them from the user's."""
        lines = []
        for path in sorted(made):
            digest = self.digests.get(path) or digest_of(self._target(path).read_bytes())
            lines.append(f"{digest}  {path}\n")
        self._target(MANIFEST).write_text("".join(lines), encoding="utf-8", newline="\n")

    def discard(self) -> None:
        if self.folder is not None:
            remove_folder(self.folder)
            self.folder = None

    def swap_in(self) -> None:
        """Replace the old site by the new one with two renames; restore the old one on failure. The blanks left
        over and the old site are then what the build is done with, in folders named so ("spent") that a thread
        removes (unlinking files is system calls, done while the build saves its cache) and `finish` waits
        for, or that the next build removes (see `open`)."""
        assert self.folder is not None, "open() makes the staging folder"
        # The blanks left over go first, with the folder they are in: they are no file of the site.
        spent = self._temporary("spent")
        os.replace(self._blanks.folder, spent / "blanks")
        set_mode(self.folder, _site_folder_mode(self.site))
        retired = None
        if self.site.exists():
            retired = self._temporary("old")
            # Renaming a folder over an empty one replaces it.
            self.site.rename(retired)
        try:
            self.folder.rename(self.site)
        except BaseException:
            if retired is not None:
                retired.rename(self.site)
            raise
        self.folder = None  # it is the site now
        done_with = [spent]
        if retired is not None:
            # Renamed where it is, not moved into `spent`: moving a read-only folder needs to write in it.
            done_with.append(self._renamed(retired, "spent"))
        if self._leave_old_site_of is None or self._dropped > self._leave_old_site_of:
            removal = threading.Thread(target=_remove_folders, args=(done_with,))
            removal.start()
            # Kept only once started: a Ctrl-C while it starts leaves no thread for `finish` to join, which raises.
            self._removal = removal

    def finish(self) -> None:
        """Wait until the old site, swapped out, is removed (unless it is left to the next build)."""
        if self._removal is not None:
            self._removal.join()
            self._removal = None


def _written(path: str, text: str, blanks: _Blanks) -> str:
    """Write a file; return the digest of its bytes."""
    data = text.encode("utf-8")
    blanks.written(path, data)
    return digest_of(data)


def _mirror(site: str, copy: str, recycle: Callable[[str], bool], relative: str = "") -> list[str]:
    """Make the folder `copy` (of ours) hold what `carry_site` links of the folder `site`: its entries that are
    links to the site's files stay, the others go (each file `recycle`d, or removed), and the site's files missing
    are linked in. The files' paths relative to the site, as `files_in` gives them."""
    carried = []
    with os.scandir(copy) as entries:
        left = {entry.name: entry for entry in entries}
    # A file's number tells it only on its own disk (a disk mounted inside the site has no links to it anyway).
    same_disk = os.stat(site).st_dev == os.stat(copy).st_dev
    with os.scandir(site) as entries:
        for entry in entries:
            path = f"{relative}{entry.name}"
            there = left.pop(entry.name, None)
            target = os.path.join(copy, entry.name)
            folder = entry.is_dir(follow_symlinks=False)
            if there is not None and not (
                there.is_dir(follow_symlinks=False) if folder else same_disk and _linked(there, entry)
            ):
                _remove_entry(there, recycle)
                there = None
            if folder:
                if there is None:
                    os.mkdir(target)
                carried += _mirror(entry.path, target, recycle, f"{path}/")
                continue
            if there is None:
                _carry(entry.path, target)
            carried.append(path)
    for entry in left.values():
        _remove_entry(entry, recycle)
    return carried


def _linked(copy: os.DirEntry, original: os.DirEntry) -> bool:
    """Whether an entry of a copy, on the original's disk, is a hard link to the original's file: the same file
    (by the number its folder lists it with, which the copy's status confirms), which has other names. A copy
    where the disk has no hard links never is, and is made again."""
    if copy.inode() != original.inode() or copy.is_dir(follow_symlinks=False):
        return False
    status = copy.stat(follow_symlinks=False)
    return status.st_ino == original.inode() and status.st_nlink > 1


def _remove_entry(entry: os.DirEntry, recycle: Callable[[str], bool]) -> None:
    if entry.is_dir(follow_symlinks=False):
        remove_folder(Path(entry.path))
    elif not recycle(entry.path):
        os.unlink(entry.path)


def _remove_folders(folders: list[Path]) -> None:
    for folder in folders:
        remove_folder(folder)


@dataclass(frozen=True)
class SideFolder:
    """A folder of the staging folder that another process writes into (see `Staging.side_folder`)."""

    folder: Path
    blanks: _Blanks
    # The folders this process has made or found (thousands of files share a few): each is made once.
    _folders: set[str] = field(default_factory=set)

    def write(self, relative_path: str, text: str) -> str:
        """Write one file under the folder, its folders made if need be; return the digest of its bytes."""
        path = os.path.join(self.folder, relative_path)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return _written(path, text, self.blanks)


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

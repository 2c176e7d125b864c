"""The command line as a user runs it: exit codes, messages, and no partial output."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import cli
from conftest import REPO_ROOT, replace_in


def run(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_build_from_the_shipped_content(tmp_path: Path):
    result = run("--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "Built 51 pages from 5 articles" in result.stdout
    assert (tmp_path / "site" / "index.html").is_file()


def test_timings_say_how_long_each_stage_took(tmp_path: Path):
    result = run("build", "--out", str(tmp_path / "site"), "--timings")
    assert result.returncode == 0, result.stderr
    stages = result.stdout.splitlines()[-1]
    assert stages.startswith("Time by stage: reading articles ")
    for stage in ("enriching", "search index", "rendering and writing", "replacing the site", "the rest"):
        assert f", {stage} " in stages
    seconds = [float(part.rsplit(" ", 2)[-2]) for part in stages.removeprefix("Time by stage: ").split(", ")]
    built_in = float(result.stdout.split(" in ", 1)[1].split(" s ", 1)[0])
    assert abs(sum(seconds) - built_in) < 0.15  # the stages and the rest add up to the whole build


def _modules_a_build_loads(content: Path, out: Path) -> set[str]:
    """Which of the program's large parts a build from the command line imports."""
    probe = (
        "import sys; from briefing.cli import main; main(['--content', sys.argv[1], '--out', sys.argv[2]]);"
        "print(' '.join(m for m in ('briefing.stages', 'briefing.ingest.arrivals', 'lxml', 'jinja2') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(content), str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines()[-1].split())


def test_a_build_loads_only_what_it_needs(tmp_path: Path, content_copy: Path):
    """Nothing changed: not even the stages are imported. Something changed: the stages, but not ingest."""
    out = tmp_path / "site"
    assert run("--content", str(content_copy), "--out", str(out)).returncode == 0
    assert _modules_a_build_loads(content_copy, out) == set()
    replace_in(content_copy / "site.yaml", "latest_count: 5", "latest_count: 4")
    assert _modules_a_build_loads(content_copy, out) == {"briefing.stages", "jinja2"}


def test_the_same_folders_named_another_way_are_unchanged(tmp_path: Path, content_copy: Path):
    """'--content content' from its parent, then its absolute path or '.' from inside it: nothing to build again
    (the whole site was rendered again, and every article read again, when the name of its folder changed)."""
    out = tmp_path / "site"
    assert run("--content", content_copy.name, "--out", str(out), cwd=content_copy.parent).returncode == 0
    assert _modules_a_build_loads(content_copy.resolve(), out) == set()
    named_from_inside = run("--content", ".", "--out", str(out), cwd=content_copy)
    assert named_from_inside.returncode == 0 and "(0 files written," in named_from_inside.stdout
    # A change still counts, however the folder is named.
    replace_in(content_copy / "site.yaml", "latest_count: 5", "latest_count: 4")
    changed = run("--content", str(content_copy.resolve()), "--out", str(out))
    assert changed.returncode == 0 and "(0 files written," not in changed.stdout


def test_bad_content_exits_2_with_file_line_and_fix_and_keeps_the_old_site(tmp_path: Path, content_copy: Path):
    out = tmp_path / "site"
    assert run("--content", str(content_copy), "--out", str(out)).returncode == 0
    before = (out / "index.html").read_text()
    replace_in(content_copy / "facts.yaml", "status: negotiating", "status: maybe")
    result = run("--content", str(content_copy), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Stopped: 1 problem(s); nothing was written." in result.stderr
    assert (
        "facts.yaml:" in result.stderr
        and "unknown status 'maybe'" in result.stderr
        and "fix: use one of: signed, negotiating" in result.stderr
    )
    assert (out / "index.html").read_text() == before


def test_a_terminal_that_cannot_show_the_messages_gets_escapes_not_a_traceback(tmp_path: Path, content_copy: Path):
    """An ASCII terminal (PYTHONIOENCODING=ascii, or LANG=C with PYTHONUTF8=0): the build's line holds a dash."""
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), "--content", str(content_copy), "--out", str(tmp_path / "site")],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"articles in" in result.stdout and b"\\u2014 open" in result.stdout


def test_bad_content_on_a_first_build_writes_nothing(tmp_path: Path, content_copy: Path):
    replace_in(content_copy / "site.yaml", "title: Ukraine's Security Guarantees\n", "")
    result = run("--content", str(content_copy), "--out", str(tmp_path / "site"))
    assert result.returncode == 2 and "site.yaml:" in result.stderr and "has no 'title'" in result.stderr
    assert not (tmp_path / "site").exists()


def test_debug_shows_the_traceback(tmp_path: Path, content_copy: Path):
    replace_in(content_copy / "facts.yaml", "status: negotiating", "status: maybe")
    result = run("--debug", "--content", str(content_copy), "--out", str(tmp_path / "site"))
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_ingest_command_reports_what_it_did(content_copy: Path):
    article = content_copy / "articles" / "ukraine-strengthens-security-agreements-with-international-allies.md"
    article.unlink()
    raw = REPO_ROOT / "content" / "originals" / "ukraine-strengthens-security-agreements-with-international-allies.txt"
    result = run("ingest", str(raw), "--content", str(content_copy))
    assert result.returncode == 0, result.stderr
    assert "title: Ukraine Strengthens Security Agreements with International Allies" in result.stdout
    assert "dropped 10 junk lines" in result.stdout
    # Re-ingested, the article's cited sentences are not proposed again; what it adds only supports the tracker.
    assert "tracker proposals (4), kept in content/review.yaml" in result.stdout
    assert result.stdout.count("— supporting evidence") == 4
    assert "recently signed security agreement with France" not in result.stdout
    assert "1 arrival(s): 1 written." in result.stdout
    again = run("ingest", str(raw), "--content", str(content_copy))
    assert again.returncode == 0, again.stderr
    assert (
        "already in the content as 'ukraine-strengthens-security-agreements-with-international-allies'" in again.stdout
    )
    assert "1 arrival(s): 1 skipped." in again.stdout


def test_a_mistyped_content_folder_leaves_nothing_behind(tmp_path: Path):
    """Not the output's folders, not a cache beside them: the message says nothing was written."""
    result = run("--content", str(tmp_path / "contnet"), "--out", str(tmp_path / "www" / "briefing" / "site"))
    assert result.returncode == 2
    assert "contnet: the content folder does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_serve_on_a_port_in_use_says_so_at_once_and_which_port_to_try(tmp_path: Path, content_copy: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--content", str(content_copy), "--out", str(tmp_path / "site"), "--port", str(port))
    assert result.returncode == 2
    assert f"Stopped: port {port} on 127.0.0.1 is in use (another serve, or another program); nothing was built." in (
        result.stderr
    )
    assert "fix: pass another port, e.g. --port 8000" in result.stderr
    assert "free disk space" not in result.stderr
    # Said before the build, which may take a minute: not after it.
    assert not (tmp_path / "site").exists() and "Built " not in result.stdout


def test_a_full_disk_names_the_folder_being_written_and_says_to_free_space(
    tmp_path: Path, content_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """A write that finds the disk full raises ENOSPC with no file name (a real one: a tmpfs of 400 KB)."""

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cli, "build_site", disk_full)
    site = tmp_path / "site"
    assert cli.main(["build", "--content", str(content_copy), "--out", str(site), "--quiet"]) == 2
    err = capsys.readouterr().err
    # A first build: there was no site to keep.
    assert err.startswith(f"Stopped: the disk is full (writing {site}/); no site was written.\n"), err
    assert "fix: free some space on that disk (or build into a folder on another one with --out)" in err


def test_a_build_too_quick_for_tenths_says_how_quick():
    assert [cli._duration(seconds) for seconds in (0.004, 0.04, 0.96, 1.04, 12.34)] == [
        "0.00 s",
        "0.04 s",
        "0.96 s",
        "1.0 s",
        "12.3 s",
    ]


def test_in_a_new_briefing_kept_in_git_a_build_and_an_ingest_leave_only_what_you_would_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "trade"
    assert cli.main(["new", str(folder), "--title", "Trade agreements of the Pacific"]) == 0

    def git(*args: str) -> str:
        command = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args]
        return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "A new briefing")
    arrival = tmp_path / "pact.md"
    arrival.write_text("# Chile and Peru sign a pact\n\nChile and Peru signed a fisheries pact on Monday.\n")
    monkeypatch.chdir(folder)
    assert cli.main(["build", "--quiet"]) == 0
    assert cli.main(["ingest", str(arrival)]) == 0
    assert cli.main(["build", "--quiet"]) == 0
    # The new article and its original; not the site, its cache and lock, nor ingest's cache and lock.
    assert git("status", "--porcelain", "--untracked-files=all").splitlines() == [
        "?? content/articles/chile-and-peru-sign-a-pact.md",
        "?? content/originals/chile-and-peru-sign-a-pact.md",
    ]


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_a_number_of_processes_below_one_is_refused_before_the_build(
    tmp_path: Path, jobs: str, capsys: pytest.CaptureFixture[str]
):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["build", "--out", str(tmp_path / "site"), "--jobs", jobs])
    assert stopped.value.code == 2
    assert f"'{jobs}' is not a number of processes: give 1 or more, such as --jobs 2" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("started", "named"),
    [
        ([sys.executable, str(REPO_ROOT / "build.py")], "python build.py review"),
        ([sys.executable, "-m", "briefing"], "python -m briefing review"),
        # The installed command, beside the interpreter: all a briefing started with `briefing new` has.
        ([str(Path(sys.executable).with_name("briefing"))], "briefing review"),
    ],
    ids=["build.py", "python -m", "installed command"],
)
def test_a_message_names_the_command_as_the_user_started_the_tool(started: list[str], named: str, content_copy: Path):
    result = subprocess.run(
        [*started, "review", "reject", "--all", "--content", str(content_copy)],
        cwd=content_copy.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"reject takes the ids `{named}` lists" in result.stderr

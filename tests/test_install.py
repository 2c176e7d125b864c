"""Installed as a package (not editable), in a fresh venv, `briefing` starts and builds a briefing anywhere.

This is what a user of `pip install` or `pipx install` gets: no repository, no templates/
folder, no node_modules/ anywhere above the folders it runs in.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, REPO_ROOT

# The partner map's links on a page: one <a> per partner, each with its path.
MAP_LINK = re.compile(r'<a class="map-country status-[a-z]+" id="map-[a-z0-9-]+" href="countries/([a-z0-9-]+)\.html"')


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


def no_node_modules_above(folder: Path) -> bool:
    return not any((parent / "node_modules").exists() for parent in (folder, *folder.parents))


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the package (and its `check` extra, the HTML checker) installed from a copy of the source."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(REPO_ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "constraints.txt"):
        shutil.copy(REPO_ROOT / name, source / name)
    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)], root)
    run([str(venv / "bin" / "pip"), "install", "-q", "-c", str(source / "constraints.txt"), f"{source}[check]"], root)
    shutil.rmtree(source)  # the installed package must stand on its own
    return venv


def test_the_package_is_installed_not_linked_to_the_repository(venv: Path, tmp_path: Path):
    where = run([str(venv / "bin" / "python"), "-c", "import briefing; print(briefing.__file__)"], tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv)
    version = run([str(venv / "bin" / "briefing"), "--version"], tmp_path).stdout
    assert re.fullmatch(r"briefing \d+\.\d+\.\d+\n", version)
    assert run([str(venv / "bin" / "python"), "-m", "briefing", "--version"], tmp_path).stdout == version


def test_new_then_build_gives_a_site_that_passes_check(venv: Path, tmp_path: Path):
    briefing = str(venv / "bin" / "briefing")
    started = run([briefing, "new", "trade-talks", "--title", "Trade talks: who has signed"], tmp_path)
    assert "trade-talks" in started.stdout
    folder = tmp_path / "trade-talks"
    assert sorted(path.name for path in (folder / "content").iterdir()) == [
        "articles",
        "entities.yaml",
        "facts.yaml",
        "inbox",
        "site.yaml",
        "topics.yaml",
    ]
    assert not list((folder / "content" / "inbox").iterdir())

    built = run([briefing, "build"], folder)
    assert built.stdout.startswith("Built ") and not built.stderr
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Trade talks: who has signed</title>" in home
    assert MAP_LINK.findall(home) == ["iceland"]  # the example partner, drawn with no node_modules anywhere
    assert no_node_modules_above(folder) and no_node_modules_above(venv)

    checked = subprocess.run([briefing, "check", "site"], cwd=folder, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and "FAIL" not in checked.stdout, checked.stdout + checked.stderr
    assert "ok    no request leaves the site" in checked.stdout and "ok    valid HTML" in checked.stdout


def test_the_shipped_briefing_builds_with_its_map_outside_the_repository(venv: Path, tmp_path: Path):
    run([str(venv / "bin" / "briefing"), "build", "--content", str(CONTENT), "--out", "site", "--quiet"], tmp_path)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert len(set(MAP_LINK.findall(home))) == 14  # every partner in content/facts.yaml, on the map or its inset
    assert no_node_modules_above(tmp_path)


def test_new_refuses_a_folder_that_holds_files(venv: Path, tmp_path: Path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    result = subprocess.run(
        [str(venv / "bin" / "briefing"), "new", "mine"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "mine: this folder already exists and is not empty; nothing was written to it" in result.stderr
    assert [path.name for path in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_ci_runs_the_readme_test_command_after_removing_the_venv():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    [test_command] = re.findall(r"# 2\. Set up and run the tests\n(.+)\n", readme)
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == test_command and "rm -rf .venv" in ci
    assert "npm" not in test_command

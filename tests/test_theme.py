"""The built-in theme, and a briefing's own templates/ overriding it file by file (as MkDocs' custom_dir does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from briefing.pipeline import build_site
from briefing.render.theme import DEFAULT_THEME
from conftest import CONTENT, REPO_ROOT


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_own_templates_replace_only_the_files_they_hold(tmp_path: Path):
    own = tmp_path / "templates"
    (own / "assets").mkdir(parents=True)
    (own / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n", encoding="utf-8")
    (own / "assets" / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    (own / "assets" / "print.css").write_text("body { font-size: 11pt }\n", encoding="utf-8")
    themed = build_site(CONTENT, own, tmp_path / "themed").out_dir
    plain = build_site(CONTENT, None, tmp_path / "plain").out_dir

    assert (themed / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /drafts/\n"
    assert (themed / "assets" / "favicon.svg").read_text(
        encoding="utf-8"
    ) == '<svg xmlns="http://www.w3.org/2000/svg"/>\n'
    assert (themed / "assets" / "print.css").is_file()
    # Everything else comes from the built-in theme, unchanged.
    assert (themed / "index.html").read_bytes() == (plain / "index.html").read_bytes()
    assert (themed / "assets" / "style.css").read_bytes() == (DEFAULT_THEME / "assets" / "style.css").read_bytes()


def test_a_templates_folder_beside_the_content_is_used_without_being_named(tmp_path: Path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    result = briefing("--content", str(CONTENT), "--out", "site", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


def test_a_templates_folder_that_does_not_exist_is_named_with_the_fix(tmp_path: Path):
    result = briefing("--content", str(CONTENT), "--templates", "my-theme", "--out", "site", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "my-theme: the templates folder does not exist" in result.stderr
    assert "leave out --templates" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_theme_and_the_code_name_none_of_the_shipped_subject():
    """Any subject: what the shipped briefing is about lives in content/ only."""
    entities = yaml.safe_load((CONTENT / "entities.yaml").read_text(encoding="utf-8"))
    subject = [person["name"].split()[-1] for person in entities["people"]] + [
        country["name"] for country in entities["countries"] if country.get("partner") is False
    ]
    subject += ["Kyiv", "Budapest", "security guarantee"]
    sources = [
        path
        for path in (REPO_ROOT / "src" / "briefing").rglob("*")
        # countries.yaml names every country of the world (for ingest), whatever the subject.
        if path.suffix in {".py", ".html", ".xml", ".txt", ".js", ".css", ".yaml", ".md"}
        and path.name != "countries.yaml"
    ]
    assert len(sources) > 50
    named = {(path.name, word) for path in sources for word in subject if word in path.read_text(encoding="utf-8")}
    assert named == set()

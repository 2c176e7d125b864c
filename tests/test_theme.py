"""The built-in theme, and a briefing's own templates/ overriding it file by file (as MkDocs' custom_dir does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
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


def _base_with(line_43: str) -> str:
    """The built-in page frame with its footer line 43 replaced, as one edits a copy of it."""
    lines = (DEFAULT_THEME / "base.html").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[42] = line_43 + "\n"
    return "".join(lines)


OWN_TEMPLATE_MISTAKES = {
    "an if never closed": (
        "robots.txt",
        "User-agent: *\n{% if site.base_url %}\nSitemap: {{ site.base_url }}sitemap.xml\n",
        "templates/robots.txt:3: the template does not compile: Unexpected end of template",
        "correct it at that line",
    ),
    "a value no page is given": (
        "base.html",
        _base_with("    <p>{{ site.title }}, edited by {{ site.editor_email }}.</p>"),
        "templates/base.html:43: 'briefing.model.Settings object' has no attribute 'editor_email'",
        "use a value the page is given",
    ),
    "an include of a file not made yet": (
        "base.html",
        _base_with('    {% include "partials/analytics.html" %}'),
        "templates/base.html:43: it includes or extends 'partials/analytics.html', which is neither in templates/ nor",
        "create that template in templates/, or correct its name",
    ),
    "a template that includes itself": (
        "robots.txt",
        "User-agent: *\n{% include 'robots.txt' %}\n",
        "templates/robots.txt:2: the template includes or extends itself, without end",
        "take out the include or extends that leads back to it",
    ),
    "a template saved as Windows-1252": (
        "robots.txt",
        "# Robots for the café's briefing\nUser-agent: *\n".encode("cp1252"),
        "templates/robots.txt: this template is not UTF-8 text",
        "save it as UTF-8",
    ),
}


@pytest.mark.parametrize(("name", "text", "problem", "fix"), OWN_TEMPLATE_MISTAKES.values(), ids=OWN_TEMPLATE_MISTAKES)
def test_a_mistake_in_an_own_template_is_named_at_its_line_and_the_site_stays(
    tmp_path: Path, name: str, text: str | bytes, problem: str, fix: str
):
    assert briefing("--content", str(CONTENT), "--out", "site", "--quiet", cwd=tmp_path).returncode == 0
    before = {path: path.read_bytes() for path in (tmp_path / "site").rglob("*") if path.is_file()}
    (tmp_path / "templates").mkdir()
    written = tmp_path / "templates" / name
    written.write_bytes(text) if isinstance(text, bytes) else written.write_text(text, encoding="utf-8")

    result = briefing("--content", str(CONTENT), "--out", "site", "--quiet", cwd=tmp_path)

    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[1].strip().startswith(problem), result.stderr
    assert f"fix: {fix}" in result.stderr
    assert {path: path.read_bytes() for path in (tmp_path / "site").rglob("*") if path.is_file()} == before

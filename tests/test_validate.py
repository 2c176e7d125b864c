"""Stage 2: cross-checks over the whole model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing.pipeline import build_site
from briefing.problems import ContentError
from briefing.stages import read_content
from conftest import CONTENT, TEMPLATES, replace_in
from test_incremental import NEW_ARTICLE

ARTICLE = "zelensky-plans-bilateral-agreements-with-western-states"


def problems(content_dir: Path) -> list[str]:
    """What the build says is wrong with the content: validate's problems, after loading."""
    try:
        read_content(content_dir)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return []


def test_shipped_content_is_valid():
    assert problems(CONTENT) == []


def test_citation_ignores_quote_style_and_line_wrapping(content_copy: Path):
    replace_in(content_copy / "facts.yaml", "Ukraine’s pursuit", "Ukraine's pursuit")
    assert problems(content_copy) == []


def test_unknown_partner_and_status(content_copy: Path):
    replace_in(
        content_copy / "facts.yaml",
        "partner: portugal\n    status: negotiating",
        "partner: portugall\n    status: pending",
    )
    found = problems(content_copy)
    assert any(
        "the partner 'portugall' is not a partner country" in p and "did you mean 'portugal'?" in p for p in found
    )
    assert any("unknown status 'pending'" in p and "signed, negotiating" in p for p in found)


def test_iso_code_is_checked(content_copy: Path):
    replace_in(content_copy / "entities.yaml", "iso_code: PT", "iso_code: PO")
    [problem] = problems(content_copy)
    assert "'PO' is not an ISO 3166-1 alpha-2 country code" in problem and "'PT' is the code for Portugal" in problem


def test_kosovo_goes_by_the_code_iso_leaves_to_users(content_copy: Path):
    replace_in(content_copy / "entities.yaml", "iso_code: PT", "iso_code: XK")
    assert problems(content_copy) == []


def test_a_rebuild_looks_the_iso_codes_up_again_only_once_they_change(content_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    (content_copy / "articles" / "latvia-signs.md").write_text(NEW_ARTICLE, encoding="utf-8")
    # In a process of its own, as a build from the shell: the tests' process has imported pycountry already.
    rebuild = (
        "import sys; from pathlib import Path; from briefing.pipeline import build_site; "
        f"build_site(Path({str(content_copy)!r}), Path({str(TEMPLATES)!r}), Path({str(out)!r})); "
        "print('pycountry' in sys.modules)"
    )
    imported = subprocess.run([sys.executable, "-c", rebuild], check=True, capture_output=True, text=True).stdout
    assert imported.split() == ["False"]
    replace_in(content_copy / "entities.yaml", "iso_code: PT", "iso_code: PO")
    with pytest.raises(ContentError) as error:
        build_site(content_copy, TEMPLATES, out)
    [problem] = [str(problem) for problem in error.value.problems]
    assert "'PO' is not an ISO 3166-1 alpha-2 country code" in problem and "'PT' is the code for Portugal" in problem


@pytest.mark.parametrize("subject", ["ukraine", "Ukraine", "UA"])
def test_the_subject_country_left_a_partner_of_itself_is_refused(content_copy: Path, subject: str):
    replace_in(content_copy / "site.yaml", "subject_country: ukraine", f"subject_country: {subject}")
    replace_in(content_copy / "entities.yaml", "    iso_code: UA\n    partner: false\n", "    iso_code: UA\n")
    [problem] = problems(content_copy)
    assert "entities.yaml:52: 'ukraine' is the briefing's subject_country" in problem and "partner: false" in problem


def test_agreement_with_a_non_partner_country_is_refused(content_copy: Path):
    replace_in(content_copy / "facts.yaml", "partner: portugal", "partner: russia")
    [problem] = problems(content_copy)
    assert "the partner 'russia' is not a partner country" in problem

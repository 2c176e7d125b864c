"""Stage 2: cross-checks over the whole model."""

from __future__ import annotations

from pathlib import Path

from briefing.problems import ContentError
from briefing.stages import read_content
from conftest import CONTENT, replace_in

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


def test_agreement_with_a_non_partner_country_is_refused(content_copy: Path):
    replace_in(content_copy / "facts.yaml", "partner: portugal", "partner: russia")
    [problem] = problems(content_copy)
    assert "the partner 'russia' is not a partner country" in problem

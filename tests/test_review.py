"""Arrivals that change the tracker: proposals kept in content/review.yaml, then accepted or rejected.

Each arrival is small and real-looking; each test asserts the exact proposals, then the
tracker the built site shows after `review accept --all`.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from briefing.content.load import load_settings
from briefing.ingest import review
from briefing.ingest.arrivals import ingest_files
from briefing.pipeline import build_site
from conftest import CONTENT, REPO_ROOT, SEEDS, TEMPLATES, locked_by_another_process, replace_in
from test_ingest import written

TODAY = date(2024, 6, 20)
FIXTURES = Path(__file__).parent / "fixtures"
# The shipped tracker: eleven signed, three negotiating.
SHIPPED_TRACKER = {
    **dict.fromkeys(
        (
            "Canada",
            "Denmark",
            "Finland",
            "France",
            "Germany",
            "Greece",
            "Italy",
            "Latvia",
            "Netherlands",
            "Poland",
            "United Kingdom",
        ),
        "signed",
    ),
    **dict.fromkeys(("Czechia", "Portugal", "United States"), "negotiating"),
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), *args], capture_output=True, text=True, cwd=REPO_ROOT
    )


def arrive(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def proposed(content: Path, arrival: Path) -> list[tuple]:
    [report] = written(ingest_files([arrival], content, today=TODAY))
    return [(p.kind, p.country, p.status, p.previous, p.new_entity, p.date, p.sentence) for p in report.proposals]


def build(content: Path, out: Path):
    return build_site(content, TEMPLATES, out, jobs=1)


def tracker_rows(site: Path) -> dict[str, str]:
    """Partner name → status, as the tracker page shows them."""
    html = (site / "tracker.html").read_text(encoding="utf-8")
    rows = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td><span class="status status-(\w+)"', html)
    return dict(rows)


def page_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    main = html[html.index("<main") : html.index("</main>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", main).replace("&#39;", "'").split())
    return re.sub(r" ([.,:])", r"\1", text)  # "… Kyiv</a>." reads "… Kyiv."


def test_a_saved_page_where_a_new_country_signs(content_copy: Path, tmp_path: Path):
    sentence = (
        "Norway and Ukraine signed a ten-year bilateral security agreement in Oslo on 13 June 2024, "
        "the Norwegian government said."
    )
    arrival = FIXTURES / "norway-signs-agreement.html"
    assert proposed(content_copy, arrival) == [
        ("new partner", "norway", "signed", None, True, date(2024, 6, 13), sentence)
    ]
    # "in Helsinki, Finland" names Finland in passing: no proposal for it.
    facts_before = (content_copy / "facts.yaml").read_text(encoding="utf-8")
    entities_before = (content_copy / "entities.yaml").read_text(encoding="utf-8")

    assert review.accept(content_copy, [], every=True)[0]["country"] == "norway"

    # The files keep every line and comment they had; the fact and the country are appended.
    facts = (content_copy / "facts.yaml").read_text(encoding="utf-8")
    assert facts.startswith(facts_before)
    assert facts[len(facts_before) :] == (
        "  - partner: norway\n"
        "    status: signed\n"
        "    article: norway-signs-ten-year-security-agreement-with-ukraine\n"
        "    sentence: >-\n"
        "      Norway and Ukraine signed a ten-year bilateral security agreement in Oslo on 13 June\n"
        "      2024, the Norwegian government said.\n"
        "    date: 2024-06-13\n"
    )
    entities = (content_copy / "entities.yaml").read_text(encoding="utf-8")
    assert "    partner: false\n  - slug: norway\n    name: Norway\n    iso_code: 'NO'\n\npeople:\n" in entities
    assert entities.replace("  - slug: norway\n    name: Norway\n    iso_code: 'NO'\n", "") == entities_before

    site = tmp_path / "site"
    result = build(content_copy, site)
    assert tracker_rows(site) == {**SHIPPED_TRACKER, "Norway": "signed"}
    assert "Signed on 13 June 2024, per Norway signs ten-year security agreement with Ukraine." in page_text(
        site / "countries" / "norway.html"
    )
    assert not result.warnings
    assert "No tracker proposals wait" in review.describe_pending(content_copy)


def test_a_raw_text_where_a_negotiating_partner_signs(content_copy: Path, tmp_path: Path):
    sentence = (
        "Portugal has signed a bilateral security agreement with Ukraine, Prime Minister Luís Montenegro "
        "announced in Lisbon on 29 May 2024."
    )
    arrival = arrive(
        tmp_path,
        "portugal.txt",
        "Portugal signs security pact with Kyiv\n\n"
        "Home > World > Europe\n\n"
        f"{sentence} The ten-year agreement covers air defence, training and reconstruction.\n\n"
        "Lisbon had been in talks with Kyiv since the spring, officials said.\n\n"
        "Advertisement\n",
    )
    assert proposed(content_copy, arrival) == [
        ("status change", "portugal", "signed", "negotiating", False, date(2024, 5, 29), sentence)
    ]
    review.accept(content_copy, [], every=True)

    site = tmp_path / "site"
    result = build(content_copy, site)
    assert tracker_rows(site) == {**SHIPPED_TRACKER, "Portugal": "signed"}
    assert not result.warnings
    # Each step of the change, cited: the country page and the timeline.
    country = page_text(site / "countries" / "portugal.html")
    history = country[country.index("How the status changed") :]
    assert history.index("In negotiation The sources do not state the date.") < history.index(
        "Signed On 29 May 2024, per Portugal signs security pact with Kyiv."
    )
    assert "engaged in discussions with Portugal" in history
    timeline = page_text(site / "timeline" / "index.html")
    may = timeline[timeline.index("May 2024") :]
    assert may.startswith("May 2024 29 May 2024 Agreement with Portugal: Signed " + sentence)
    undated = timeline[timeline.index("Date not stated") :]
    assert "Agreement with Portugal: In negotiation The Ukrainian government has also engaged" in undated


def test_a_conflicting_report_is_shown_with_both_citations_and_warned_about(content_copy: Path, tmp_path: Path):
    sentence = (
        "Germany and Ukraine are still negotiating the terms of their bilateral security agreement, "
        "a spokesperson for the German defence ministry said on Monday."
    )
    arrival = arrive(tmp_path, "germany.txt", f"Berlin and Kyiv still at the table\n\n{sentence}\n")
    assert proposed(content_copy, arrival) == [("conflict", "germany", "negotiating", "signed", False, None, sentence)]
    assert "Germany: negotiating — conflict (signed → negotiating)" in review.describe_pending(content_copy)
    review.accept(content_copy, [], every=True)

    site = tmp_path / "site"
    result = build(content_copy, site)
    # Never silently resolved: the status stays, the disagreement shows beside it, and the build warns.
    assert tracker_rows(site) == SHIPPED_TRACKER
    [warning] = result.warnings
    assert "the sources disagree about Germany" in str(warning) and "facts.yaml" in str(warning)
    country = page_text(site / "countries" / "germany.html")
    assert "Bilateral security agreement with Ukraine: Signed — but the sources disagree" in country
    assert "Ukraine has also formalized a security agreement with Germany." in country
    disagreement = country[country.index("Sources disagree") :]
    assert f"{sentence} Source: Berlin and Kyiv still at the table" in disagreement
    assert "Sources disagree:" in page_text(site / "tracker.html")


def test_sources_that_date_a_signing_differently_are_shown_and_warned_about(content_copy: Path, tmp_path: Path):
    # One report gives no date, two give one; the second of those gives another day.
    undated = "Ukraine signed security agreements with Spain and Austria on the same day, a spokesperson said."
    dated = "Spain signed a security agreement with Ukraine on 27 May 2024, the Spanish government said."
    other_day = "The Spanish government signed the security pact with Ukraine on 28 May 2024, officials confirmed."
    arrival = arrive(tmp_path, "spain.txt", f"Spain signs\n\n{undated}\n\n{dated}\n\n{other_day}\n")
    assert [p[1:3] + p[5:6] for p in proposed(content_copy, arrival)] == [
        ("spain", "signed", None),
        ("austria", "signed", None),
        ("spain", "signed", date(2024, 5, 27)),
        ("spain", "signed", date(2024, 5, 28)),
    ]
    review.accept(content_copy, [], every=True)

    site = tmp_path / "site"
    result = build(content_copy, site)
    # The first source that dates the signing leads; the undated one still supports it.
    row = page_text(site / "tracker.html").split("Spain Signed ", 1)[1]
    assert row.startswith(f"27 May 2024 {dated}")
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    undated_part = re.findall(r"Agreement with <a[^>]*>([^<]+)</a>", timeline.split("Date not stated</h2>", 1)[1])
    assert "Spain" not in undated_part and "Austria" in undated_part
    # The other day is not silently dropped: the page shows it beside its source, and the build warns.
    country = page_text(site / "countries" / "spain.html")
    assert f"Signed on 27 May 2024, per Spain signs. Also reported by: {undated}" in country
    assert (
        f"{other_day} Source: Spain signs Signed on 28 May 2024, per Spain signs. The sources disagree on the date."
        in country
    )
    [warning] = result.warnings
    assert "the sources disagree about when Spain's status became 'signed'" in str(warning)
    assert "2024-05-28, another says 2024-05-27" in str(warning) and "facts.yaml:" in str(warning)


def test_a_new_partner_written_by_another_name_keeps_it_as_an_alias(content_copy: Path, tmp_path: Path):
    sentence = "Türkiye and Ukraine are in talks on a security agreement, the Turkish foreign ministry said."
    arrival = arrive(tmp_path, "turkey.txt", f"Ankara and Kyiv talk\n\n{sentence}\n")
    assert proposed(content_copy, arrival) == [("new partner", "turkey", "negotiating", None, True, None, sentence)]
    assert "Turkey: negotiating — new partner, new entity (also named Türkiye)" in review.describe_pending(content_copy)
    review.accept(content_copy, [], every=True)
    entities = (content_copy / "entities.yaml").read_text(encoding="utf-8")
    assert "  - slug: turkey\n    name: Turkey\n    iso_code: TR\n    aliases: [Türkiye]\n" in entities

    site = tmp_path / "site"
    build(content_copy, site)
    # Without the alias the country's page found no article mentioning it, not even the one it cites.
    mentioned = page_text(site / "countries" / "turkey.html").split("Mentioned in", 1)[1]
    assert mentioned.startswith(" Ankara and Kyiv talk")


def test_talks_continuing_with_two_countries_propose_nothing(content_copy: Path, tmp_path: Path):
    arrival = arrive(
        tmp_path,
        "talks.txt",
        "Foreign ministers meet in Kyiv\n\n"
        "Talks with Sweden and Norway are continuing, Ukrainian officials said on Tuesday.\n\n"
        "The ministers also discussed grain exports and the reopening of the Black Sea corridor.\n",
    )
    assert proposed(content_copy, arrival) == []
    assert not (content_copy / "review.yaml").exists()
    site = tmp_path / "site"
    build(content_copy, site)
    assert tracker_rows(site) == SHIPPED_TRACKER


def test_a_country_named_in_passing_is_not_proposed(content_copy: Path, tmp_path: Path):
    sentence = "Ukraine signed the agreement with Spain at a summit hosted by Lithuania, where Polish-made drones were on display."
    arrival = arrive(
        tmp_path,
        "spain.txt",
        "Spain joins Ukraine's security partners\n\n"
        f"{sentence} Zelensky thanked Japan for its support during the visit, which followed the signing of the agreement.\n",
    )
    assert proposed(content_copy, arrival) == [("new partner", "spain", "signed", None, True, None, sentence)]
    review.accept(content_copy, [], every=True)
    site = tmp_path / "site"
    build(content_copy, site)
    assert tracker_rows(site) == {**SHIPPED_TRACKER, "Spain": "signed"}


def test_the_shipped_articles_reingested_propose_only_support_for_the_tracker(content_copy: Path):
    for article in (content_copy / "articles").glob("*.md"):
        article.unlink()
    reports = written(ingest_files(sorted(SEEDS.glob("*")), content_copy, today=TODAY))
    found = sorted((p.kind, p.country, p.status) for report in reports for p in report.proposals)
    # Every sentence the facts already cite is left out; what remains agrees with the tracker.
    assert found == [
        ("supporting evidence", "france", "signed"),
        ("supporting evidence", "france", "signed"),
        ("supporting evidence", "germany", "signed"),
        ("supporting evidence", "germany", "signed"),
        ("supporting evidence", "united-states", "negotiating"),
        ("supporting evidence", "united-states", "negotiating"),
    ]


def test_a_rejected_sentence_is_never_proposed_again(content_copy: Path, tmp_path: Path):
    sentence = "Ukraine and Spain signed a bilateral security agreement in Madrid."
    [(_, _, _, _, _, _, _)] = proposed(content_copy, arrive(tmp_path, "a.txt", f"Spain signs\n\n{sentence}\n"))
    [entry] = review.read_review(content_copy)
    facts_before = (content_copy / "facts.yaml").read_bytes()
    review.reject(content_copy, [entry["id"]])
    assert "No tracker proposals wait" in review.describe_pending(content_copy)
    problems: list = []
    content = load_settings(content_copy, problems)
    assert review.find_proposals(content_copy, content, "another-report", f"{sentence}\n") == []
    assert (content_copy / "facts.yaml").read_bytes() == facts_before


def test_review_commands_list_accept_and_reject(content_copy: Path, tmp_path: Path):
    spain = "Ukraine and Spain signed a bilateral security agreement in Madrid on 27 May 2024."
    belgium = "Belgium and Ukraine have started negotiations on a security agreement, officials in Kyiv said."
    arrival = arrive(tmp_path, "two.txt", f"Two more partners\n\n{spain}\n\n{belgium}\n")
    assert run("ingest", str(arrival), "--content", str(content_copy)).returncode == 0
    listed = run("review", "--content", str(content_copy))
    assert listed.returncode == 0
    ids = re.findall(r"\[([0-9a-f]{6})\]", listed.stdout)
    assert len(ids) == 2 and spain in listed.stdout and "in articles/two-more-partners.md" in listed.stdout
    assert "Spain: signed on 27 May 2024 — new partner, new entity" in listed.stdout
    assert "Belgium: negotiating — new partner, new entity" in listed.stdout

    assert run("review", "reject", ids[1], "--content", str(content_copy)).returncode == 0
    accepted = run("review", "accept", ids[0], "--content", str(content_copy))
    assert accepted.returncode == 0 and "Accepted 1 proposal(s)" in accepted.stdout
    assert "No tracker proposals wait" in run("review", "--content", str(content_copy)).stdout
    states = {entry["id"]: entry["state"] for entry in review.read_review(content_copy)}
    assert states == {ids[0]: "accepted", ids[1]: "rejected"}
    site = tmp_path / "site"
    build(content_copy, site)
    assert tracker_rows(site) == {**SHIPPED_TRACKER, "Spain": "signed"}


# Bad input


@pytest.fixture
def with_proposal(content_copy: Path, tmp_path: Path) -> tuple[Path, str]:
    sentence = "Ukraine and Spain signed a bilateral security agreement in Madrid."
    proposed(content_copy, arrive(tmp_path, "spain.txt", f"Spain signs\n\n{sentence}\n"))
    [entry] = review.read_review(content_copy)
    return content_copy, entry["id"]


def test_a_review_list_whose_reader_stops_early_ends_quietly(with_proposal):
    content, _ = with_proposal
    reader, writer = os.pipe()
    os.close(reader)  # as `briefing review | head` does once head has its lines
    command = [sys.executable, str(REPO_ROOT / "build.py"), "review", "--content", str(content)]
    result = subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT)
    os.close(writer)
    assert result.returncode == 141 and result.stderr == ""


def test_a_review_file_broken_by_hand_names_the_line_and_the_fix(with_proposal):
    content, _ = with_proposal
    replace_in(content / "review.yaml", "  state: pending", '  state: "pending')
    result = run("review", "--content", str(content))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(r"review\.yaml:\d+: ", result.stderr) and "fix:" in result.stderr


@pytest.mark.parametrize(
    ("damaged", "problem"),
    [
        ("review.yaml", "review.yaml: this text holds a NUL byte (on line 1), which no text file has"),
        ("articles/spain-signs.md", "spain-signs.md: this text holds a NUL byte (on line 1), which no text file has"),
    ],
)
def test_a_file_the_review_reads_left_with_nul_bytes_by_a_crashed_sync_is_named(with_proposal, damaged, problem):
    content, proposal = with_proposal
    path = content / damaged
    path.write_bytes(b"\0" * 16 + path.read_bytes())
    facts_before = (content / "facts.yaml").read_bytes()
    result = run("review", "accept", proposal, "--content", str(content))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"{content / damaged}: " in result.stderr and problem in result.stderr
    assert "fix: delete it (an editor or a sync that crashed can leave one)" in result.stderr
    assert (content / "facts.yaml").read_bytes() == facts_before


def test_accepting_a_sentence_that_left_its_article_is_refused(with_proposal):
    content, proposal = with_proposal
    article = content / "articles" / "spain-signs.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("in Madrid.", "in Madrid on Monday."), encoding="utf-8"
    )
    facts_before = (content / "facts.yaml").read_bytes()
    result = run("review", "accept", proposal, "--content", str(content))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"proposal '{proposal}': its sentence is no longer in" in result.stderr
    assert f"review reject {proposal}" in result.stderr
    assert (content / "facts.yaml").read_bytes() == facts_before


def test_accepting_a_proposal_already_in_the_facts_is_refused(with_proposal):
    content, proposal = with_proposal
    assert run("review", "accept", proposal, "--content", str(content)).returncode == 0
    # As the refusal of an accepted id suggests for reviewing it again: its state set back by hand.
    replace_in(content / "review.yaml", "  state: accepted", "  state: pending")
    facts_before = (content / "facts.yaml").read_bytes()
    result = run("review", "accept", proposal, "--content", str(content))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(
        rf"review\.yaml:\d+: proposal '{proposal}' is already in facts\.yaml, at \S*facts\.yaml:\d+", result.stderr
    )
    assert (content / "facts.yaml").read_bytes() == facts_before


def test_ctrl_c_during_accept_leaves_the_files_all_written(with_proposal, monkeypatch):
    content, proposal = with_proposal
    written_paths = []
    write = review._write_text

    def write_then_press_ctrl_c(path: Path, text: str) -> None:
        write(path, text)
        written_paths.append(path.name)
        if len(written_paths) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # as if pressed just after the first file

    monkeypatch.setattr(review, "_write_text", write_then_press_ctrl_c)
    with pytest.raises(KeyboardInterrupt):  # taken once the three are written
        review.accept(content, [proposal])
    assert written_paths == ["entities.yaml", "facts.yaml", "review.yaml"]
    assert "No tracker proposals wait" in review.describe_pending(content)
    assert "Ukraine and Spain signed a bilateral security agreement in Madrid." in " ".join(
        (content / "facts.yaml").read_text(encoding="utf-8").split()
    )


def test_an_id_typed_in_capitals_is_the_listed_one_and_reject_wants_ids(with_proposal):
    content, proposal = with_proposal
    refused = run("review", "reject", "--all", "--content", str(content))
    assert refused.returncode == 2 and "--all accepts every proposal; reject takes the ids" in refused.stderr
    accepted = run("review", "accept", proposal.upper(), "--content", str(content))
    assert accepted.returncode == 0, accepted.stderr
    assert "Accepted 1 proposal(s)" in accepted.stdout


def test_an_unknown_proposal_id_is_named(with_proposal):
    content, proposal = with_proposal
    result = run("review", "accept", "abc123", "--content", str(content))
    assert result.returncode == 2
    assert "no proposal has the id 'abc123'" in result.stderr and f"pending: {proposal}" in result.stderr


def test_a_briefing_sets_its_own_status_phrases(content_copy: Path, tmp_path: Path):
    # The shipped rules do not read "initialled" as a signing; this briefing's own rules do.
    sentence = "Ukraine and Spain initialled a bilateral security agreement in Madrid."
    arrival = arrive(tmp_path, "spain.txt", f"Spain initials\n\n{sentence}\n")
    (content_copy / "tracker.yaml").write_text(
        (CONTENT / "tracker.yaml").read_text(encoding="utf-8")
        + "statuses:\n  negotiating: [negotiations, talks]\n  signed: [signed, initialled]\n",
        encoding="utf-8",
    )
    assert [p[:3] for p in proposed(content_copy, arrival)] == [("new partner", "spain", "signed")]


def test_a_content_folder_without_a_subject_country_proposes_nothing(content_copy: Path, tmp_path: Path):
    replace_in(content_copy / "site.yaml", "subject_country: ukraine\n", "")
    arrival = arrive(tmp_path, "spain.txt", "Spain signs\n\nUkraine and Spain signed a security agreement.\n")
    assert proposed(content_copy, arrival) == []


def test_ingest_says_when_no_subject_country_lets_it_look_for_proposals(content_copy: Path, tmp_path: Path):
    arrival = arrive(tmp_path, "spain.txt", "Spain signs\n\nUkraine and Spain signed a security agreement.\n")
    followed = run("ingest", str(arrival), "--content", str(content_copy))
    assert followed.returncode == 0 and "no subject_country" not in followed.stdout
    replace_in(content_copy / "site.yaml", "subject_country: ukraine\n", "")
    arrival = arrive(tmp_path, "italy.txt", "Italy signs\n\nUkraine and Italy signed a security agreement in Rome.\n")
    unfollowed = run("ingest", str(arrival), "--content", str(content_copy))
    assert unfollowed.returncode == 0 and "site.yaml names no subject_country" in unfollowed.stdout


def test_the_review_file_never_reaches_the_site(with_proposal, tmp_path: Path):
    content, _ = with_proposal
    site = tmp_path / "site"
    build(content, site)
    assert not list(site.rglob("review*")) and not any(
        "tracker proposal" in page.read_text(encoding="utf-8") for page in site.rglob("*.html")
    )


def test_a_pending_proposal_corrected_by_hand_is_checked(with_proposal):
    content, proposal = with_proposal
    replace_in(content / "review.yaml", "  status: signed", "  status: maybe")
    result = run("review", "accept", proposal, "--content", str(content))
    assert result.returncode == 2 and "unknown status 'maybe'" in result.stderr
    replace_in(content / "review.yaml", "  status: maybe", "  status: signed")
    replace_in(content / "review.yaml", "  iso_code: ES\n", "")
    result = run("review", "accept", proposal, "--content", str(content))
    assert result.returncode == 2 and "gives no 'iso_code'" in result.stderr and "Traceback" not in result.stderr


# What one sentence states, by the shipped rules: (country, status, date) for each country acting in it.
SENTENCES = {
    "Ukraine and Japan signed an accord on support and cooperation on the sidelines of the G7 summit in Apulia, Italy, on June 13, 2024.": [
        ("japan", "signed", date(2024, 6, 13))
    ],
    "Zelenskyy and U.S. President Joe Biden signed the agreement on the sidelines of the G7 summit.": [
        ("united-states", "signed", None)
    ],
    "Kyiv has signed similar deals with 17 countries, including Britain, France and Germany.": [
        ("united-kingdom", "signed", None),
        ("france", "signed", None),
        ("germany", "signed", None),
    ],
    "The Czech Republic and Ukraine began talks on a security agreement.": [("czechia", "negotiating", None)],
    "Ukraine and Italy signed a security agreement in February, while talks with Spain continue.": [
        ("italy", "signed", None),
        ("spain", "negotiating", None),
    ],
    "The Spanish government signed an accord with Ukraine on 2024-05-27.": [("spain", "signed", date(2024, 5, 27))],
    "The summit in Lithuania was where Spain signed its agreement with Ukraine.": [("spain", "signed", None)],
    # A date as news agencies cut the month short, or in figures day first.
    "Belgium signed a security agreement with Ukraine on Sept. 5, 2024.": [("belgium", "signed", date(2024, 9, 5))],
    "On 12 Jan 2025, Norway signed a security pact with Ukraine.": [("norway", "signed", date(2025, 1, 12))],
    "Ukraine and Austria signed a security agreement in Vienna on 27.05.2024.": [
        ("austria", "signed", date(2024, 5, 27))
    ],
    "Ukraine and Malta signed a security agreement on the 5th of June, 2024.": [("malta", "signed", date(2024, 6, 5))],
    "Croatia's prime minister Andrej Plenkovic and Zelenskiy signed a security agreement in Kyiv.": [
        ("croatia", "signed", None)
    ],
    # Kosovo, which ISO 3166-1 gives no code, is a country all the same (XK).
    "Kosovo and Ukraine signed a security agreement on Friday.": [("kosovo", "signed", None)],
    "The Kosovar government signed a security agreement with Ukraine.": [("kosovo", "signed", None)],
    # Every country's adjective names its actor, not only Europe's.
    "The Senegalese government signed a security agreement with Ukraine.": [("senegal", "signed", None)],
    "The Ivorian government signed a security agreement with Ukraine.": [("ivory-coast", "signed", None)],
    "Estonia became the latest country to sign a security agreement with Ukraine.": [("estonia", "signed", None)],
    "Greece, which signed a security agreement with Ukraine in 2024, sent observers.": [("greece", "signed", None)],
    # A passive phrase's agents are the ones acting; a summit's host is passing by.
    "The deal, signed by Ukraine and Slovenia in Ljubljana, covers cyber defence.": [("slovenia", "signed", None)],
    "The agreement was signed at a summit hosted by Romania, which Ukraine's prime minister attended.": [],
    # Extending or renewing an agreement states that it is signed.
    "Ukraine and Estonia extended their security agreement for another five years.": [("estonia", "signed", None)],
    "Sweden renewed its security pact with Ukraine on 12 March 2025.": [("sweden", "signed", date(2025, 3, 12))],
    # A verb whose object is the talks says where the talks stand: concluded talks are not a signing.
    "The Canadian government and Ukraine concluded negotiations on a security agreement on Friday.": [
        ("canada", "negotiating", None)
    ],
    # Hedged, unrelated, or naming no agreement: nothing.
    "Ukraine hopes to sign an agreement with Austria soon.": [],
    "Ukraine expects to sign security agreements with Sweden and Norway in the coming weeks.": [],
    "Ukraine has not yet signed an agreement with Japan.": [],
    # A 'not' run into its verb is a 'not' all the same.
    "Ukraine hasn't signed a security agreement with Japan.": [],
    "Austria didn’t sign a security agreement with Ukraine.": [],
    "Hungary won't sign a security pact with Ukraine, its prime minister said.": [],
    # A country renamed: the name the sources use now, and the old one.
    "Eswatini signed a security agreement with Ukraine.": [("eswatini", "signed", None)],
    "Swaziland signed a security agreement with Ukraine.": [("eswatini", "signed", None)],
    # A name as often written without its accent.
    "Cote d'Ivoire signed a security agreement with Ukraine on 3 May 2024.": [
        ("ivory-coast", "signed", date(2024, 5, 3))
    ],
    "Côte d'Ivoire signed a security agreement with Ukraine.": [("ivory-coast", "signed", None)],
    "Côte d’Ivoire signed a security agreement with Ukraine.": [("ivory-coast", "signed", None)],
    # Nothing signed: the status phrase's object is 'no' agreement.
    "Ukraine has signed no security agreement with Japan.": [],
    "Hungary signed neither a security pact nor a treaty with Ukraine.": [],
    "Talks with Ireland on a security agreement with Ukraine haven't started.": [],
    # What is yet to come is no signing.
    "Spain is set to sign a security agreement with Ukraine on Friday.": [],
    "Belgium is due to sign a security pact with Ukraine next week.": [],
    "Sweden is to sign a security agreement with Ukraine in Stockholm.": [],
    "Portugal is expected and poised to sign an accord with Ukraine.": [],
    "Norway declined to sign a security agreement with Ukraine.": [],
    "Estonia was the first country to sign a security agreement with Ukraine.": [("estonia", "signed", None)],
    "Ukraine signed a gas transit deal with Slovakia and Hungary.": [],
    "Talks with Sweden and Norway are continuing, Ukrainian officials said.": [],
    # This briefing's own rules: the Budapest Memorandum is not a bilateral security agreement.
    "Ukraine signed the Budapest Memorandum with Russia, the United States and Britain in 1994.": [],
    # Talks suspended, ended or abandoned, plans agreed, and denials: nothing.
    "Ukraine suspended talks with Serbia on a security agreement.": [],
    "Ukraine ended talks with Azerbaijan on a security agreement last month.": [],
    "Ukraine withdrew from talks with Belarus on a security agreement in 2021.": [],
    "Ukraine and Spain agreed to start negotiations on a security agreement in 2025.": [],
    "Slovenian officials said negotiations with Ukraine on a security agreement would start next year.": [],
    # ... but a hedge in a clause of its own is not about the talks.
    "Ukraine is in talks with Ireland on a security agreement that would cover cyber defence.": [
        ("ireland", "negotiating", None)
    ],
    "A spokesperson for the Ukrainian government denied that Ukraine had signed a security pact with China.": [],
    # Russia is an entity with 'partner: false': never a partner.
    "Russia and Ukraine agreed to hold talks on a ceasefire agreement in Istanbul.": [],
    # No subject country: not this tracker's business.
    "France and Germany signed a defence pact in Aachen.": [],
}


def test_a_new_partner_gets_the_short_name_the_sources_use():
    finder = review.country_finder(CONTENT, load_settings(CONTENT, []))
    for code, name in (
        ("BA", "Bosnia and Herzegovina"),
        ("NL", "Netherlands"),
        ("MD", "Moldova"),
        ("AE", "United Arab Emirates"),
    ):
        assert finder.countries[code].name == name
    for country in finder.countries.values():
        assert not country.name.startswith("the ") and "," not in country.name, country


@pytest.mark.parametrize("sentence", list(SENTENCES))
def test_what_a_sentence_states(sentence: str):
    problems: list = []
    content = load_settings(CONTENT, problems)
    finder = review.country_finder(CONTENT, content)
    assert [(s.country.slug, s.status, s.date) for s in finder.statements(sentence)] == SENTENCES[sentence]


def test_history_and_disagreement_pages_have_no_serious_accessibility_violations(
    content_copy: Path, tmp_path: Path, chromium
):
    from test_accessibility import AXE, violations

    portugal = "Portugal has signed a bilateral security agreement with Ukraine in Lisbon on 29 May 2024."
    germany = "Germany and Ukraine are still negotiating the terms of their bilateral security agreement."
    proposed(content_copy, arrive(tmp_path, "news.txt", f"Two reports\n\n{portugal}\n\n{germany}\n"))
    review.accept(content_copy, [], every=True)
    site = tmp_path / "site"
    build(content_copy, site)
    for scheme in ("light", "dark"):
        context = chromium.new_context(color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        for path in ("countries/portugal.html", "countries/germany.html", "tracker.html", "timeline/index.html"):
            page.goto((site / path).as_uri())
            found = violations(page, AXE.read_text(encoding="utf-8"))
            assert not found, f"{path} ({scheme}):\n" + "\n".join(found)
        context.close()


def test_ingest_stops_on_a_broken_review_file_before_writing_the_article(with_proposal, tmp_path: Path):
    content, _ = with_proposal
    replace_in(content / "review.yaml", "  state: pending", "  state: [pending")
    arrival = arrive(tmp_path, "italy.txt", "Italy signs\n\nItaly and Ukraine signed a security agreement in Rome.\n")
    result = run("ingest", str(arrival), "--content", str(content))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(r"review\.yaml:\d+: this is not valid YAML", result.stderr)
    assert not (content / "articles" / "italy-signs.md").exists()


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        (
            "site.yaml",
            "subject_country: ukraine",
            "subject_country: Narnia",
            "site.yaml:17: subject_country 'Narnia' is not a country",
        ),
        ("tracker.yaml", "subject_names:", "subject_nmaes:", "tracker.yaml:4: unknown rule 'subject_nmaes'"),
        (
            "tracker.yaml",
            "subject_names: [",
            "statuses: {agreed: [agreed]}\nsubject_names: [",
            "unknown status 'agreed'",
        ),
    ],
)
def test_bad_tracker_settings_are_named(
    content_copy: Path, tmp_path: Path, file: str, old: str, new: str, message: str
):
    replace_in(content_copy / file, old, new)
    arrival = arrive(tmp_path, "italy.txt", "Italy signs\n\nItaly and Ukraine signed a security agreement in Rome.\n")
    result = run("ingest", str(arrival), "--content", str(content_copy))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert message in result.stderr and "fix:" in result.stderr


def test_an_accept_while_an_ingest_writes_into_the_content_folder_waits_for_it(with_proposal):
    """An accept beside an ingest would write review.yaml over the proposals the ingest adds to it."""
    content, proposal = with_proposal
    command = [sys.executable, str(REPO_ROOT / "build.py"), "review", "accept", proposal, "--content", str(content)]
    with locked_by_another_process(content / review.CONTENT_LOCK):  # the ingest, as the accept can tell
        accepting = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = accepting.stderr.readline()
        assert said == f"Waiting for the ingest or review writing into {content}/ (process 4321) to finish…\n"
        time.sleep(1)
        assert accepting.poll() is None and "Spain" not in (content / "facts.yaml").read_text(encoding="utf-8")
    out, err = accepting.communicate(timeout=60)
    assert accepting.returncode == 0 and "Accepted 1 proposal(s)" in out, out + err

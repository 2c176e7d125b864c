"""`python build.py bundle` on the shipped content: the zip and the single-file edition,
opened as a reader would, from file:// in real headless Chromium."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from briefing.pipeline import build_site
from briefing.render.registry import kind_named
from briefing.tools import single_file
from briefing.tools.bench import make_corpus
from conftest import CONTENT, REPO_ROOT, TEMPLATES, replace_in
from test_browser import file_of, is_inside, links_on, watch

NAME = "ukraines-security-guarantees"
ARTICLES = 5
PAPER = "rgb(251, 250, 247)"  # --paper in style.css: proof that the stylesheet applies


@dataclass(frozen=True)
class Bundle:
    site: Path
    zip: Path
    html: Path
    stdout: str
    stderr: str


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )


def bundle_into(folder: Path, content: Path = CONTENT, *edition: str) -> Bundle:
    """Build and bundle; the single file holds every page unless `edition` chooses otherwise."""
    site, dist = folder / "site", folder / "dist"
    result = run(
        "bundle",
        *(edition or ("--everything",)),
        "--content",
        str(content),
        "--templates",
        str(TEMPLATES),
        "--out",
        str(site),
        "--dist",
        str(dist),
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    return Bundle(site, dist / f"{NAME}.zip", dist / f"{NAME}.html", result.stdout, result.stderr)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    return bundle_into(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="module")
def unzipped(bundle: Bundle, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle.zip) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture
def single_page(chromium: Browser, bundle: Bundle):
    """The single file open in a fresh page, with every request it makes and every console error."""
    context = chromium.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(bundle.html.as_uri())
    yield page, requests, errors
    context.close()


def test_summary_names_both_files_and_their_sizes(bundle: Bundle):
    summary = bundle.stdout.strip().splitlines()[-1]
    files = sum(1 for path in bundle.site.rglob("*") if path.is_file() and not path.name.startswith("."))
    assert re.search(rf"{re.escape(str(bundle.zip))} \(\d+ KB, {files} files\)", summary), summary
    assert re.search(rf"{re.escape(str(bundle.html))} \(\d+ KB, \d+ sections", summary), summary


def test_zip_holds_every_site_file_in_one_folder_and_not_the_cache(bundle: Bundle):
    # Dot-files (the manifest, .nojekyll) are left out; tests/test_faults.py checks a host's .htpasswd is too.
    site_files = {
        path.relative_to(bundle.site).as_posix()
        for path in bundle.site.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }
    with zipfile.ZipFile(bundle.zip) as archive:
        names = archive.namelist()
        infos = archive.infolist()
    assert names == sorted(names)
    assert all(name.startswith(f"{NAME}/") for name in names)
    zipped_files = {name.removeprefix(f"{NAME}/") for name in names if not name.endswith("/")}
    assert zipped_files == site_files
    assert "index.html" in zipped_files and "assets/style.css" in zipped_files
    assert not any("cache" in name for name in names)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_unzipped_site_opens_at_index_html_with_styles_and_working_links(chromium: Browser, unzipped: Path):
    site = unzipped / NAME
    page = chromium.new_page()
    failures: list[str] = []
    watch(page, site, failures)
    page.goto((site / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == PAPER
    internal = [link for link in links_on(page) if link.startswith("file:")]
    assert len(internal) > 20
    for link in internal:
        assert is_inside(link, site) and file_of(link).is_file(), link
    page.click("main a[href='tracker.html']")
    page.wait_for_url("**/tracker.html")
    assert page.locator("h1").inner_text() == "Agreements tracker"
    page.close()
    assert failures == []


def test_single_file_opens_offline_with_its_styles_and_makes_no_request(
    single_page: tuple[Page, list[str], list[str]], bundle: Bundle
):
    page, requests, errors = single_page
    assert requests == [bundle.html.as_uri()]
    assert errors == []  # a style the policy refused would be reported here
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == PAPER
    assert page.locator("script").count() == 0
    assert "<script" not in bundle.html.read_text(encoding="utf-8")


def test_single_file_policy_allows_no_script_and_only_its_hashed_style(bundle: Bundle):
    text = bundle.html.read_text(encoding="utf-8")
    policy = html.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text).group(1))
    styles = re.findall(r"<style>(.*?)</style>", text, re.S)
    assert len(styles) == 1
    assert policy == single_file.content_security_policy(styles[0])
    assert "default-src 'none'" in policy and "script-src" not in policy and "unsafe" not in policy
    assert " style=" not in text


def test_every_in_page_link_resolves_and_ids_are_unique(single_page: tuple[Page, list[str], list[str]]):
    page, _, _ = single_page
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
    internal = [href for href in hrefs if href.startswith("#")]
    assert len(internal) > 500
    assert [href for href in hrefs if not href.startswith(("#", "http://", "https://"))] == []
    missing = page.evaluate(
        "hrefs => hrefs.filter(href => !document.getElementById(decodeURIComponent(href.slice(1))))",
        sorted(set(internal)),
    )
    assert missing == []
    ids = page.eval_on_selector_all("[id]", "elements => elements.map(element => element.id)")
    assert len(ids) == len(set(ids))


def test_links_keep_their_paragraph_and_left_out_pages_lead_to_their_equivalent(
    single_page: tuple[Page, list[str], list[str]],
):
    page, _, _ = single_page
    article = "articles-nato-proposes-security-guarantees-for-ukraine-amid-russian-aggression"
    # A key passage on the NATO topic page links to paragraph 2 of its article.
    quote_link = page.locator(f"#topics-nato a[href='#{article}--p-2']").first
    quote_link.click()
    assert page.evaluate("location.hash") == f"#{article}--p-2"
    assert page.locator(f"#{article} #{article}--p-2").count() == 1
    # The article index is left out: its links lead to the contents' list of every article.
    assert page.locator("#index a[href='#contents-articles']").count() >= 1
    assert page.locator("#contents-articles a").count() == ARTICLES
    # The map survives, its fill patterns renamed with the ids that use them.
    assert page.locator("#index svg.map a[href='#countries-germany']").count() == 1
    assert page.locator("#index svg.map path[fill='url(#index--map-fill-signed)']").count() > 5
    label = page.locator("#index--map-label-germany")
    assert label.is_hidden()
    page.locator("#index--map-germany").hover()
    assert label.is_visible()  # the map's own style, moved into the one stylesheet, still finds its ids


def test_left_out_pages_point_to_the_nearest_section(bundle: Bundle):
    facts = {path: single_file.page_facts(bundle.site, path) for path in single_file.html_pages(bundle.site)}
    plan = single_file.plan(facts)
    assert plan.anchor_for("search.html", "") == "a-z"
    assert plan.anchor_for("articles/index.html", "") == "contents-articles"
    assert plan.anchor_for("404.html", "") == "contents"
    assert plan.anchor_for("topics/nato.html", "no-such-anchor") == "topics-nato"
    assert not {"search.html", "404.html", "articles/index.html"} & set(plan.sections)


def test_single_file_prints_each_section_on_its_own_page(single_page: tuple[Page, list[str], list[str]]):
    page, _, _ = single_page
    sections = page.locator("section.bundle-section").count()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert sections > 40 and pages > sections
    page.emulate_media(media="print")
    assert page.locator(".bundle-back").first.is_hidden()
    assert page.locator(".breadcrumb").first.is_hidden()


def test_printed_from_a_browser_in_dark_mode_the_map_and_statuses_keep_their_paper_colours(
    single_page: tuple[Page, list[str], list[str]],
):
    page, _, _ = single_page
    painted = """() => ['.map-sea', '.map-land', '.map-country.status-signed', '.status-signed'].map(selector => {
        const style = getComputedStyle(document.querySelector('#index ' + selector));
        return [selector, style.fill, style.color];
    })"""
    page.emulate_media(media="print", color_scheme="light")
    light = page.evaluate(painted)
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(painted) == light  # no dark sea or pale status colours on paper


def test_both_bundles_are_byte_identical_across_runs(bundle: Bundle, tmp_path: Path):
    again = bundle_into(tmp_path)
    assert again.zip.read_bytes() == bundle.zip.read_bytes()
    assert again.html.read_text(encoding="utf-8") == bundle.html.read_text(encoding="utf-8")


def test_files_of_the_users_own_in_the_site_are_zipped_but_are_not_sections(bundle: Bundle, tmp_path: Path):
    shutil.copytree(bundle.site, tmp_path / "site")
    # A host's verification page: kept in the site by the build, but no page of the briefing.
    (tmp_path / "site" / "google1234abcd.html").write_text("google-site-verification: google1234abcd.html\n")
    again = bundle_into(tmp_path)
    assert f"{NAME}/google1234abcd.html" in zipfile.ZipFile(again.zip).namelist()
    assert again.html.read_text(encoding="utf-8") == bundle.html.read_text(encoding="utf-8")


def test_pretty_urls_give_the_same_single_file_and_a_warning_about_the_zip(
    bundle: Bundle, content_copy: Path, tmp_path: Path
):
    replace_in(content_copy / "site.yaml", "latest_count:", "pretty_urls: true\nlatest_count:")
    pretty = bundle_into(tmp_path, content_copy)
    assert (pretty.site / "tracker" / "index.html").is_file()
    assert pretty.html.read_text(encoding="utf-8") == bundle.html.read_text(encoding="utf-8")
    assert "Warning: pretty_urls is on" in pretty.stderr and "Warning" not in bundle.stderr


@pytest.mark.parametrize("dist", ["site", "site/bundles", "content"])
def test_a_bundle_folder_inside_the_site_or_content_is_refused(tmp_path: Path, dist: str):
    result = run(
        "bundle",
        "--content",
        str(CONTENT),
        "--out",
        str(tmp_path / "site"),
        "--dist",
        str(tmp_path / dist) if dist != "content" else str(CONTENT),
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "choose a folder of its own" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def larger_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, single_file.PageFacts]]:
    """A briefing of 160 articles (the shipped five and synthetic ones with publication dates), built."""
    folder = tmp_path_factory.mktemp("larger")
    make_corpus(CONTENT, folder / "content", 155)
    build_site(folder / "content", TEMPLATES, folder / "site")
    pages = single_file.html_pages(folder / "site")
    return folder / "site", {path: single_file.page_facts(folder / "site", path) for path in pages}


def _articles_in(plan: single_file.Plan) -> list[str]:
    return [path for path in plan.sections if path.startswith("articles/")]


def test_the_default_single_file_holds_the_core_and_the_most_recent_articles(larger_site):
    site, facts = larger_site
    plan = single_file.plan(facts, single_file.CORE)
    labels = [group.label for group, _ in plan.groups]
    assert labels == ["Overview", "Topics", "Tracker", "Partner countries", "Questions and answers", "Articles"]
    index_pages = single_file.kind_files(kind_named("article index"), facts)
    newest_first = [path for page in index_pages for path in facts[page].links if path.startswith("articles/")]
    recent = list(dict.fromkeys(p for p in newest_first if p in facts and p not in index_pages))
    assert set(_articles_in(plan)) == set(recent[: single_file.RECENT_ARTICLES])
    # Links to what the core leaves out (a person's page, older articles) lead to the contents.
    assert plan.anchor_for("people/volodymyr-zelenskyy.html", "") == "contents"


def test_the_single_file_can_hold_the_articles_on_some_topics_or_of_a_date_range(larger_site):
    site, facts = larger_site
    on_budapest = single_file.plan(facts, single_file.Edition(topics=("budapest-memorandum",)))
    chosen = _articles_in(on_budapest)
    assert chosen and all("topics/budapest-memorandum.html" in facts[path].links for path in chosen)
    assert len(chosen) == sum(
        1
        for path, f in facts.items()
        if path.startswith("articles/")
        and "topics/budapest-memorandum.html" in f.links
        and not path.startswith("articles/index")
    )
    in_2023 = single_file.plan(facts, single_file.Edition(since="2023-01-01", until="2023-12-31"))
    dates = [facts[path].published for path in _articles_in(in_2023)]
    assert dates and all(date.startswith("2023-") for date in dates)
    assert len(dates) == sum(1 for f in facts.values() if f.published.startswith("2023-"))


def test_the_core_edition_of_a_larger_briefing_is_small_and_everything_is_optional(larger_site, tmp_path: Path):
    site, _ = larger_site
    core, core_sections = single_file.single_file(site, TEMPLATES)
    everything, all_sections = single_file.single_file(site, TEMPLATES, edition=single_file.EVERYTHING)
    assert core_sections < all_sections and len(core) < len(everything) / 2
    assert len(core.encode()) < 3_000_000


def test_a_date_that_is_not_one_is_refused_with_the_form_to_use(tmp_path: Path):
    result = run("bundle", "--content", str(CONTENT), "--out", str(tmp_path / "site"), "--since", "31/03/2024")
    assert result.returncode == 2
    assert "'31/03/2024' is not a date: write it as YYYY-MM-DD, such as 2024-03-31" in result.stderr
    assert not (tmp_path / "site").exists()


def test_topics_or_dates_that_choose_no_article_are_refused_naming_what_there_is(larger_site):
    _, facts = larger_site
    with pytest.raises(single_file.EditionError) as unknown:
        single_file.plan(facts, single_file.Edition(topics=("nato", "Budapest-Memorandum")))
    assert unknown.value.problem == "--topics: no topic is called 'Budapest-Memorandum'"
    assert "did you mean 'budapest-memorandum'?" in unknown.value.fix
    with pytest.raises(single_file.EditionError) as empty:
        single_file.plan(facts, single_file.Edition(since="2099-01-01"))
    assert re.fullmatch(
        r"no article was published on or after 2099-01-01 \(the articles were published from \S+ to \S+\)",
        empty.value.problem,
    )
    few = single_file.plan(facts, single_file.Edition(recent=3))
    assert len(_articles_in(few)) == 3


@pytest.mark.parametrize(
    "options, message",
    [
        (
            ["--since", "2025-01-01", "--until", "2024-01-01"],
            "fix: swap the dates: --since 2024-01-01 --until 2025-01-01",
        ),
        (["--recent", "0"], "'0' is not a number of articles: give 1 or more"),
        (["--recent", "-3"], "'-3' is not a number of articles: give 1 or more"),
        (["--everything", "--topics", "nato"], "--everything holds every article, so --topics would leave none out"),
        (["--recent", "20", "--since", "2024-01-01"], "fix: give --recent or --since, not both"),
    ],
)
def test_options_that_cannot_go_together_are_refused_before_the_build(tmp_path: Path, options: list[str], message: str):
    result = run("bundle", "--content", str(CONTENT), "--out", str(tmp_path / "site"), *options)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_topic_that_is_not_one_stops_the_bundle_before_anything_is_written(tmp_path: Path):
    dist = tmp_path / "dist"
    result = run(
        "bundle", "--content", str(CONTENT), "--out", str(tmp_path / "site"), "--dist", str(dist), "--topics", "NATO"
    )
    assert result.returncode == 2
    assert "Stopped: --topics: no topic is called 'NATO'" in result.stderr and "did you mean 'nato'?" in result.stderr
    assert not dist.exists() or not list(dist.iterdir())


def test_an_own_stylesheet_not_in_utf8_is_named_and_neither_file_is_written(tmp_path: Path):
    own = tmp_path / "templates"
    (own / "assets").mkdir(parents=True)
    (own / "assets" / "style.css").write_bytes(
        (REPO_ROOT / "src/briefing/theme/assets/style.css").read_bytes() + "/* Café colours */\n".encode("cp1252")
    )
    result = run(
        "bundle", "--content", str(CONTENT), "--templates", str(own), "--out", str(tmp_path / "site"),
        "--dist", str(tmp_path / "dist"),
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"{tmp_path / 'site' / 'assets' / 'style.css'}: this stylesheet is not UTF-8 text" in result.stderr
    assert "fix: save it as UTF-8" in result.stderr
    assert not (tmp_path / "dist").exists()

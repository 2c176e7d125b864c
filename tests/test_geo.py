"""The partner map: decoding the shipped TopoJSON, framing any partners, SVG paths, and the map on the built pages."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import pytest

from briefing.model import Entity, Location
from briefing.pipeline import build_site
from briefing.render import atlas, geo
from briefing.render.visuals import visuals
from briefing.stages import briefing_of, read_content
from conftest import CONTENT, TEMPLATES

SVG = "{http://www.w3.org/2000/svg}"
# Two neighbours in central Europe sharing one border arc (arc 0), quantised at half a degree.
TWO_SQUARES = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [0, 0]},
    "arcs": [
        [[24, 100], [0, 4]],
        [[24, 104], [-4, 0], [0, -4], [4, 0]],
        [[24, 100], [4, 0], [0, 4], [-4, 0]],
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "276", "properties": {"name": "Germany"}},
                {"type": "MultiPolygon", "arcs": [[[-1, 2]]], "id": "203", "properties": {"name": "Czechia"}},
            ],
        }
    },
}


def country(slug: str, name: str, iso_code: str) -> Entity:
    return Entity(
        slug=slug,
        kind="country",
        name=name,
        aliases=(),
        description="",
        location=Location("entities.yaml", 1),
        iso_code=iso_code,
        partner=True,
    )


@pytest.fixture
def small_atlas(tmp_path: Path) -> atlas.Atlas:
    path = tmp_path / "countries.json"
    path.write_text(json.dumps(TWO_SQUARES), encoding="utf-8")
    return atlas.load_atlas(path)


def test_arcs_decode_to_degrees_and_rings_share_their_border(small_atlas: atlas.Atlas):
    assert small_atlas.arcs[0] == ((12.0, 50.0), (12.0, 52.0))
    assert small_atlas.arcs[1] == ((12.0, 52.0), (10.0, 52.0), (10.0, 50.0), (12.0, 50.0))
    assert [c.code for c in small_atlas.countries] == ["276", "203"]
    assert small_atlas.country("203").rings == ((-1, 2),)  # the shared arc, walked backwards
    assert small_atlas.country("203").box == (12.0, 50.0, 14.0, 52.0)


def test_partners_get_their_status_and_partners_without_a_shape_are_listed(small_atlas: atlas.Atlas):
    germany, czechia, france = (
        country("germany", "Germany", "DE"),
        country("czechia", "Czechia", "CZ"),
        country("france", "France", "FR"),
    )
    partner_map = geo.partner_map(small_atlas, [(germany, "signed"), (czechia, "negotiating"), (france, "signed")], [])
    assert [(c.entity.name, c.status) for c in partner_map.partners] == [
        ("Germany", "signed"),
        ("Czechia", "negotiating"),
    ]
    assert partner_map.unmapped == (france,)
    [frame] = partner_map.frames  # neighbours share one frame: no inset
    germany_label, czechia_label = (drawn.label for drawn in frame.partners)
    assert 0 < germany_label[0] < czechia_label[0] < frame.width  # Germany drawn west of Czechia, both in view


def test_the_shipped_shapes_hold_every_country_with_a_code():
    shapes = atlas.load_atlas()
    assert shapes.country(atlas.numeric_code(country("iceland", "Iceland", "IS"))) is not None
    assert sum(1 for c in shapes.countries if c.code) > 230  # Natural Earth's 1:50m admin-0 countries


def test_kosovo_which_iso_gives_no_code_is_drawn_by_the_code_it_goes_by():
    partner_map = geo.partner_map(atlas.load_atlas(), [(country("kosovo", "Kosovo", "XK"), "signed")], [])
    assert [c.entity.name for c in partner_map.partners] == ["Kosovo"] and partner_map.unmapped == ()


def partners_on_the_map(*codes: str) -> list[tuple[Entity, str]]:
    return [(country(code.lower(), code, code), "signed") for code in codes]


def test_partners_around_the_pacific_are_framed_with_an_inset_for_the_far_ones():
    partner_map = geo.partner_map(
        atlas.load_atlas(), partners_on_the_map("JP", "KR", "PH", "AU", "NZ", "CL"), [country("cn", "CN", "CN")]
    )
    main, *insets = partner_map.frames
    assert {c.entity.name for c in main.partners} == {"JP", "KR", "PH"}
    assert {c.entity.name for c in main.named} == {"CN"}
    assert sorted(sorted(c.entity.name for c in inset.partners) for inset in insets) == [["AU", "NZ"], ["CL"]]
    labels = [c.label for c in main.partners]
    for inset in insets:  # an inset hides none of the main map's partners
        assert not any(
            inset.x <= x <= inset.x + inset.width and inset.y <= y <= inset.y + inset.height for x, y in labels
        )


def test_partners_all_over_the_world_get_one_world_map():
    spread = partners_on_the_map("CA", "BR", "ZA", "IN", "JP", "AU", "FR")
    [world] = geo.partner_map(atlas.load_atlas(), spread, []).frames
    assert len(world.partners) == 7
    assert world.width == geo.MAP_WIDTH and world.height < world.width


def test_path_data_is_relative_and_rounded():
    assert geo.path_data([[(0.04, 0.0), (10.26, 0.0), (10.26, 9.95)]]) == "M0 0l10.3 0 0 9.9z"


@pytest.fixture(scope="module")
def shipped_visuals():
    return visuals(briefing_of(CONTENT))


def test_the_shipped_partners_across_the_atlantic_are_drawn_in_the_inset(shipped_visuals):
    europe, inset = shipped_visuals.partner_map.frames
    assert {c.entity.name for c in inset.partners} == {"United States", "Canada"}
    assert "United Kingdom" in {c.entity.name for c in europe.partners}
    assert {c.entity.name for c in europe.named} == {"Ukraine", "Russia"}
    assert (
        inset.x + inset.width < europe.width / 2 and inset.y + inset.height < europe.height / 2
    )  # a corner, not the middle


def test_every_label_lies_inside_its_frame(shipped_visuals):
    for frame in shipped_visuals.partner_map.frames:
        for drawn in frame.partners:
            x, y = drawn.label
            assert frame.x <= x <= frame.x + frame.width and frame.y <= y <= frame.y + frame.height, drawn.entity.name


def map_links(page: Path) -> dict[str, tuple[str, str]]:
    """The partner map's links on a built page: href → (class, path data)."""
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    [svg] = [svg for svg in tree.iter(f"{SVG}svg") if "map" in svg.get("class", "").split()]
    return {link.get("href"): (link.get("class"), link.find(f"{SVG}path").get("d")) for link in svg.iter(f"{SVG}a")}


@pytest.mark.parametrize("relative, prefix", [("index.html", ""), ("topics/partner-countries.html", "../")])
def test_the_map_links_every_partner_in_the_facts_with_its_status(shipped_site: Path, relative: str, prefix: str):
    links = map_links(shipped_site / relative)
    facts = read_content(CONTENT).facts
    assert len(links) == len({fact.partner for fact in facts})
    for fact in facts:
        css_class, path = links[f"{prefix}countries/{fact.partner}.html"]
        assert css_class == f"map-country status-{fact.status}"
        assert path.startswith("M") and path.endswith("z") and len(path) > 40
        assert (shipped_site / relative).parent.joinpath(f"{prefix}countries/{fact.partner}.html").resolve().is_file()


def test_the_map_has_a_legend_and_a_table_in_words(shipped_site: Path):
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert (
        'aria-label="United States: In negotiation"' in html and "<title>United States: In negotiation</title>" in html
    )
    legend = html.split('<ul class="map-legend"', 1)[1].split("</ul>", 1)[0]
    assert 'Signed <span class="count">11</span>' in legend and 'In negotiation <span class="count">3</span>' in legend
    table = html.split('<details class="map-table">', 1)[1].split("</details>", 1)[0]
    assert table.count('<tr><th scope="row">') == 14 and "<td>In negotiation</td>" in table


def test_only_the_topics_that_ask_for_it_show_the_map(shipped_site: Path):
    assert 'class="map"' in (shipped_site / "topics" / "partner-countries.html").read_text(encoding="utf-8")
    assert 'class="map"' not in (shipped_site / "topics" / "nato.html").read_text(encoding="utf-8")


def test_a_partner_the_sources_only_mention_is_dotted_not_coloured_as_a_status(content_copy: Path, tmp_path: Path):
    facts = content_copy / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    portugal = text.index("  - partner: portugal")
    facts.write_text(text[:portugal], encoding="utf-8")  # Portugal's agreement is the last entry
    out = tmp_path / "site"
    build_site(content_copy, TEMPLATES, out)
    css_class, _ = map_links(out / "index.html")["countries/portugal.html"]
    assert css_class == "map-country status-mentioned"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'fill="url(#map-fill-mentioned)"' in html and 'Mentioned in sources <span class="count">1</span>' in html

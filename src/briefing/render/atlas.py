"""Country shapes: Natural Earth's 1:50m countries as TopoJSON, shipped inside the package.

`countries-50m.json.gz` beside this module comes from npm's world-atlas 2.0.2 (Natural
Earth 4.1.0, public domain; world-atlas by Mike Bostock, ISC licence), made compact
by `briefing.tools.shapes`; so a build needs no Node and no network. It is decoded
here: shared border arcs in degrees, and each country's rings as indexes into them,
so neighbours share the very same border.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefing.model import Entity
from briefing.vocabulary import COUNTRIES_WITHOUT_ISO_CODE

Point = tuple[float, float]
ArcRing = tuple[int, ...]  # arc indexes; ~i means arc i walked backwards

SHAPES_FILE = Path(__file__).resolve().with_name("countries-50m.json.gz")


@dataclass(frozen=True)
class AtlasCountry:
    # ISO 3166-1 numeric; for a country ISO lacks, the code it goes by (XK, Kosovo); None for other places
    # without one (Northern Cyprus, Somaliland).
    code: str | None
    rings: tuple[ArcRing, ...]
    box: tuple[float, float, float, float]  # west, south, east, north, in degrees


@dataclass(frozen=True)
class Atlas:
    """Decoded TopoJSON: shared border arcs in degrees, and each country's rings as arc indexes."""

    arcs: tuple[tuple[Point, ...], ...]
    countries: tuple[AtlasCountry, ...]

    def country(self, numeric_code: str | None) -> AtlasCountry | None:
        return next((country for country in self.countries if numeric_code and country.code == numeric_code), None)


@lru_cache(maxsize=2)
def load_atlas(path: Path = SHAPES_FILE) -> Atlas:
    """The shapes in a TopoJSON file (gzipped when its name ends in .gz); the shipped ones by default."""
    data = path.read_bytes()
    topology = json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = tuple(tuple(ring) for polygon in _polygons(geometry) for ring in polygon)
        points = [point for ring in rings for index in ring for point in arcs[index if index >= 0 else ~index]]
        if points:
            box = (
                min(x for x, _ in points),
                min(y for _, y in points),
                max(x for x, _ in points),
                max(y for _, y in points),
            )
            countries.append(AtlasCountry(geometry.get("id") or _code_by_name(geometry), rings, box))
    return Atlas(arcs, tuple(countries))


def _polygons(geometry: dict) -> list:
    return (
        [geometry["arcs"]]
        if geometry["type"] == "Polygon"
        else geometry["arcs"]
        if geometry["type"] == "MultiPolygon"
        else []
    )


def decode_arcs(topology: dict) -> tuple[tuple[Point, ...], ...]:
    """Quantised, delta-encoded arc positions back to longitude and latitude."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for encoded in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in encoded:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(tuple(points))
    return tuple(arcs)


def _code_by_name(geometry: dict) -> str | None:
    """The code of a shape world-atlas gives no ISO number, if it is a country that goes by one (Kosovo: XK)."""
    name = geometry.get("properties", {}).get("name")
    return next((code for code, country in COUNTRIES_WITHOUT_ISO_CODE.items() if country == name), None)


def numeric_code(entity: Entity) -> str | None:
    """The ISO 3166-1 numeric code world-atlas uses, from the entity's alpha-2 code (XK for Kosovo, which has none)."""
    if entity.iso_code in COUNTRIES_WITHOUT_ISO_CODE:
        return entity.iso_code
    import pycountry  # here: a build whose map is as before never imports it (see `validate._iso_code_hints`)

    country = pycountry.countries.get(alpha_2=entity.iso_code or "")
    return country.numeric if country else None

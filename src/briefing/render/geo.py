"""Country shapes to a static map: projection, simplification, clipping and SVG path data.

The shapes come from `atlas` (Natural Earth via world-atlas), read at build time:
no tiles, no network, nothing hand-drawn. Europe is the main frame; partners
elsewhere (the United States, Canada) get an inset.
Templates only format the result: every coordinate is computed here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.model import Entity
from briefing.render.atlas import ArcRing, Atlas, AtlasCountry, Point, numeric_code

Ring = list[Point]

MAP_WIDTH = 800
INSET_WIDTH = 240
INSET_MARGIN = 10
# Europe from the Atlantic coast to the Don: where most partners, and Ukraine, lie.
EUROPE = (-12.0, 34.0, 42.0, 71.0)  # west, south, east, north, in degrees
# Detail finer than this (in map units: pixels at full width) is dropped, and so are
# islands smaller than MIN_AREA square units.
TOLERANCE = 1.0
MIN_AREA = 2.0


@dataclass(frozen=True)
class MapCountry:
    """A country drawn on the map with its name: a partner (with a status) or another named country."""

    entity: Entity
    status: str | None
    path: str
    label: Point


@dataclass(frozen=True)
class MapFrame:
    """One projected view, the main map or an inset, in SVG units."""

    x: float
    y: float
    width: float
    height: float
    land: str
    named: tuple[MapCountry, ...]
    partners: tuple[MapCountry, ...]


@dataclass(frozen=True)
class PartnerMap:
    width: float
    height: float
    frames: tuple[MapFrame, ...]
    unmapped: tuple[Entity, ...]

    @property
    def partners(self) -> tuple[MapCountry, ...]:
        return tuple(country for frame in self.frames for country in frame.partners)

    @property
    def label_style(self) -> str:
        """The CSS that shows a country's name while its shape is hovered or focused.

        It sits in the map's own <style> element; the page's Content-Security-Policy
        allows exactly this text by its hash. Slugs are plain ([a-z0-9-]), so it needs no escaping.
        """
        if not self.partners:
            return ""
        selectors = ",".join(
            f".map:has(#map-{slug}:hover,#map-{slug}:focus) #map-label-{slug}"
            for slug in (c.entity.slug for c in self.partners)
        )
        return selectors + "{display:inline}"


class Projection:
    """Lambert azimuthal equal-area around a centre (Europe's official statistical map, EPSG:3035, is one)."""

    def __init__(self, lon0: float, lat0: float):
        self.lon0 = math.radians(lon0)
        self.sin_lat0, self.cos_lat0 = math.sin(math.radians(lat0)), math.cos(math.radians(lat0))

    def __call__(self, point: Point) -> Point | None:
        """The projected point (x east, y south), or None on the far side of the globe."""
        lon, lat = math.radians(point[0]) - self.lon0, math.radians(point[1])
        sin_lat, cos_lat, cos_lon = math.sin(lat), math.cos(lat), math.cos(lon)
        cos_distance = self.sin_lat0 * sin_lat + self.cos_lat0 * cos_lat * cos_lon
        if cos_distance < -0.5:
            return None
        k = math.sqrt(2 / (1 + cos_distance))
        return k * cos_lat * math.sin(lon), -k * (self.cos_lat0 * sin_lat - self.sin_lat0 * cos_lat * cos_lon)


class Viewport:
    """Projects, simplifies and clips the atlas into one rectangle of the SVG.

    Arcs are simplified once each, so neighbours keep sharing the very same border.
    """

    def __init__(
        self,
        atlas: Atlas,
        projection: Projection,
        bounds: tuple[float, float, float, float],
        origin: Point,
        width: float,
    ):
        self.atlas, self.projection, self.bounds = atlas, projection, bounds
        self.scale = width / (bounds[2] - bounds[0])
        self.rect = (origin[0], origin[1], origin[0] + width, origin[1] + (bounds[3] - bounds[1]) * self.scale)
        self._arcs: dict[int, Ring | None] = {}

    def _place(self, points: Iterable[Point | None]) -> Ring | None:
        """Projected points in SVG units; None if any lies on the far side of the globe."""
        placed = []
        for point in points:
            if point is None:
                return None
            placed.append(
                (
                    self.rect[0] + (point[0] - self.bounds[0]) * self.scale,
                    self.rect[1] + (point[1] - self.bounds[1]) * self.scale,
                )
            )
        return placed

    def out_of_view(self, country: AtlasCountry) -> bool:
        """Whether a country lies wholly outside the rectangle, judged by its box's outline (cheap)."""
        outline = self._place(self.projection(point) for point in _box_outline(country.box, steps=8))
        left, top, right, bottom = self.rect
        return outline is not None and _beyond_one_edge(outline, (left - 5, top - 5, right + 5, bottom + 5))

    def _arc(self, index: int) -> Ring | None:
        if index not in self._arcs:
            placed = self._place(self.projection(point) for point in self.atlas.arcs[index])
            if placed is not None:
                # An arc wholly beyond one edge cannot show; its chord stays beyond that edge too.
                placed = [placed[0], placed[-1]] if _beyond_one_edge(placed, self.rect) else _simplify(placed)
            self._arcs[index] = placed
        return self._arcs[index]

    def ring(self, arc_ring: ArcRing) -> Ring | None:
        """A ring in SVG units, clipped to the rectangle; None if nothing of it shows."""
        points: Ring = []
        for index in arc_ring:
            arc = self._arc(index if index >= 0 else ~index)
            if arc is None:
                return None
            arc = arc if index >= 0 else arc[::-1]
            points.extend(arc if not points else arc[1:])
        clipped = _clip(points, self.rect)
        return clipped if len(clipped) >= 3 and abs(_area(clipped)) > MIN_AREA else None

    def rings(self, country: AtlasCountry | None) -> list[Ring]:
        """The country's rings that show in the rectangle, clipped."""
        if country is None or self.out_of_view(country):
            return []
        return [ring for arc_ring in country.rings if (ring := self.ring(arc_ring))]


def _beyond_one_edge(points: Ring, rect: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = rect
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return max(xs) < left or min(xs) > right or max(ys) < top or min(ys) > bottom


def _simplify(points: Ring) -> Ring:
    """Douglas–Peucker: keep the points that stray more than TOLERANCE from the line between kept ones."""
    points = _thin(points)
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0  # a closed arc: distances from its start, scaled by 1
        farthest, distance = None, TOLERANCE * length
        for index in range(first + 1, last):
            px, py = points[index]
            gap = abs(dy * (px - ax) - dx * (py - ay)) if dx or dy else math.hypot(px - ax, py - ay)
            if gap > distance:
                farthest, distance = index, gap
        if farthest is not None:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return [points[index] for index in sorted(keep)]


def _thin(points: Ring) -> Ring:
    """Drop points within the tolerance of the last one kept (cheap, before Douglas–Peucker)."""
    kept = [points[0]]
    for point in points[1:-1]:
        if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= TOLERANCE:
            kept.append(point)
    return kept + [points[-1]] if len(points) > 1 else kept


def _clip(ring: Ring, rect: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman clipping of a ring to a rectangle (left, top, right, bottom)."""
    for axis, limit, keep_above in ((0, rect[0], True), (0, rect[2], False), (1, rect[1], True), (1, rect[3], False)):
        clipped: Ring = []
        for index, current in enumerate(ring):
            previous = ring[index - 1]
            current_in = (current[axis] >= limit) == keep_above
            previous_in = (previous[axis] >= limit) == keep_above
            if current_in != previous_in:
                clipped.append(_crossing(previous, current, axis, limit))
            if current_in:
                clipped.append(current)
        ring = clipped
        if not ring:
            break
    return ring


def _crossing(a: Point, b: Point, axis: int, limit: float) -> Point:
    t = (limit - a[axis]) / (b[axis] - a[axis])
    crossing = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    return (limit, crossing[1]) if axis == 0 else (crossing[0], limit)


def _area(ring: Ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def _label_point(rings: Sequence[Ring]) -> Point:
    """Where a country's name goes: the centroid of its largest ring."""
    ring = max(rings, key=lambda r: abs(_area(r)))
    area, pairs = _area(ring), list(zip(ring, ring[1:] + ring[:1]))
    x = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairs) / (6 * area)
    y = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairs) / (6 * area)
    return round(x, 1), round(y, 1)


def path_data(rings: Iterable[Ring]) -> str:
    """SVG path data: one subpath per ring, relative steps to one decimal."""
    subpaths = []
    for ring in rings:
        points = [(round(x, 1), round(y, 1)) for x, y in ring]
        steps = [
            f"{_number(x - px)} {_number(y - py)}" for (px, py), (x, y) in zip(points, points[1:]) if (x, y) != (px, py)
        ]
        subpaths.append(f"M{_number(points[0][0])} {_number(points[0][1])}l" + " ".join(steps) + "z")
    return "".join(subpaths)


def _number(value: float) -> str:
    """A coordinate as short as it can be written: 12, 0.5, -3.2."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _degrees_ring(atlas: Atlas, arc_ring: ArcRing) -> Ring:
    points: Ring = []
    for index in arc_ring:
        arc = atlas.arcs[index] if index >= 0 else atlas.arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _degrees_centre(atlas: Atlas, country: AtlasCountry) -> Point:
    """Roughly where a country is: the mean position of its largest ring, in degrees."""
    largest = max((_degrees_ring(atlas, ring) for ring in country.rings), key=lambda ring: abs(_area(ring)))
    return sum(lon for lon, _ in largest) / len(largest), sum(lat for _, lat in largest) / len(largest)


def _in_box(point: Point, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _frame(viewport: Viewport, partners: Sequence[tuple[Entity, str]], named: Sequence[Entity]) -> MapFrame:
    """Every country as background land, with the partners and the named countries drawn on top."""
    shown = [*partners, *((entity, None) for entity in named)]
    codes = {numeric_code(entity) for entity, _ in shown}
    land = [
        ring for country in viewport.atlas.countries if country.code not in codes for ring in viewport.rings(country)
    ]
    drawn = []
    for entity, status in shown:
        rings = viewport.rings(viewport.atlas.country(numeric_code(entity)))
        if rings:
            drawn.append(MapCountry(entity, status, path_data(rings), _label_point(rings)))
    x, y, right, bottom = viewport.rect
    return MapFrame(
        round(x, 1),
        round(y, 1),
        round(right - x, 1),
        round(bottom - y, 1),
        path_data(land),
        named=tuple(country for country in drawn if not country.status),
        partners=tuple(country for country in drawn if country.status),
    )


def _projected_bounds(projection: Projection, points: Iterable[Point]) -> tuple[float, float, float, float]:
    projected = [p for point in points if (p := projection(point)) is not None]
    xs, ys = [x for x, _ in projected], [y for _, y in projected]
    return min(xs), min(ys), max(xs), max(ys)


def _box_outline(box: tuple[float, float, float, float], steps: int = 24) -> list[Point]:
    """A longitude/latitude box's edges, sampled so they curve as projected."""
    west, south, east, north = box
    lons = [west + (east - west) * i / steps for i in range(steps + 1)]
    lats = [south + (north - south) * i / steps for i in range(steps + 1)]
    return (
        [(lon, south) for lon in lons]
        + [(lon, north) for lon in lons]
        + [(west, lat) for lat in lats]
        + [(east, lat) for lat in lats]
    )


def _inset(atlas: Atlas, countries: Sequence[AtlasCountry]) -> Viewport:
    """A view centred on the partners outside Europe, fitted around all their shapes."""
    centres = [_degrees_centre(atlas, country) for country in countries]
    # Average directions, not longitudes, so partners either side of 180° still centre sensibly.
    lon0 = math.degrees(
        math.atan2(
            sum(math.sin(math.radians(lon)) for lon, _ in centres),
            sum(math.cos(math.radians(lon)) for lon, _ in centres),
        )
    )
    projection = Projection(round(lon0, 3), round(sum(lat for _, lat in centres) / len(centres), 3))
    points = [point for country in countries for ring in country.rings for point in _degrees_ring(atlas, ring)]
    left, top, right, bottom = _projected_bounds(projection, points)
    pad = 0.04 * (right - left)
    return Viewport(
        atlas, projection, (left - pad, top - pad, right + pad, bottom + pad), (INSET_MARGIN, INSET_MARGIN), INSET_WIDTH
    )


def partner_map(atlas: Atlas, partners: Sequence[tuple[Entity, str]], named: Sequence[Entity]) -> PartnerMap:
    """Partner countries by status, over Europe, with an inset for partners elsewhere.

    `named` are other countries the sources name (Ukraine, Russia): drawn with their
    names but without a status. Partners the atlas has no shape for are `unmapped`.
    """
    shapes = {entity.slug: atlas.country(numeric_code(entity)) for entity, _ in partners}
    in_europe, elsewhere = [], []
    for entity, status in partners:
        country = shapes[entity.slug]
        if country is not None:
            (in_europe if _in_box(_degrees_centre(atlas, country), EUROPE) else elsewhere).append((entity, status))

    europe = Projection(lon0=(EUROPE[0] + EUROPE[2]) / 2, lat0=(EUROPE[1] + EUROPE[3]) / 2)
    main = Viewport(atlas, europe, _projected_bounds(europe, _box_outline(EUROPE)), (0, 0), MAP_WIDTH)
    frames = [_frame(main, in_europe, named)]
    if elsewhere:
        frames.append(_frame(_inset(atlas, [shapes[entity.slug] for entity, _ in elsewhere]), elsewhere, ()))
    unmapped = tuple(entity for entity, _ in partners if shapes[entity.slug] is None)
    return PartnerMap(MAP_WIDTH, frames[0].height, tuple(frames), unmapped)

"""Country shapes to a static map: projection, simplification, clipping and SVG path data.

The shapes come from `atlas` (Natural Earth, shipped with the package): no tiles, no
network, nothing hand-drawn. The frame is computed from the partners: those near one
another share a frame, the largest group is the main map, and each group far from it
gets an inset in a corner that hides none of the main map's partners. Partners spread
over more places than insets can show get one world map.
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
# Partners whose mainlands lie within this distance of one another share a frame (single linkage).
NEAR_KM = 2500
INSET_NEAR_KM = 4500
EARTH_RADIUS_KM = 6371
KM_PER_DEGREE = 111.2
MAX_INSETS = 3
# The main map is no narrower than this (in radians of the projection: about 1,600 km), so
# one small partner is shown with its neighbours, and no taller than it is wide.
MIN_SPAN = 0.25
MIN_ASPECT, MAX_ASPECT = 0.55, 1.0
PADDING = 0.06  # of the frame's size, on each side
# A group reaching further than this from its centre is drawn on a world map instead.
MAX_RADIUS_DEGREES = 60
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
    """Lambert azimuthal equal-area around a centre (as EPSG:3035 is)."""

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
        projection: Projection | WorldProjection,
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
        if isinstance(self.projection, WorldProjection):
            points = _unwrapped(points, 2 * math.pi * self.scale)
        clipped = _clip(points, self.rect)
        return clipped if len(clipped) >= 3 and abs(_area(clipped)) > MIN_AREA else None

    def rings(self, country: AtlasCountry | None) -> list[Ring]:
        """The country's rings that show in the rectangle, clipped."""
        if country is None or self.out_of_view(country):
            return []
        return [ring for arc_ring in country.rings if (ring := self.ring(arc_ring))]


def _unwrapped(points: Ring, world_width: float) -> Ring:
    """A ring that crosses the world map's edge, kept in one piece past that edge (clipping then cuts it there)."""
    unwrapped = points[:1]
    for x, y in points[1:]:
        previous_x = unwrapped[-1][0]
        x += world_width * round((previous_x - x) / world_width)
        unwrapped.append((x, y))
    return unwrapped


def _beyond_one_edge(points: Ring, rect: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = rect
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return max(xs) < left or min(xs) > right or max(ys) < top or min(ys) > bottom


def _simplify(points: Ring) -> Ring:
    return simplified(_thin(points), TOLERANCE)


def simplified(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker: keep the points that stray more than `tolerance` from the line between kept ones, both
    ends too; a closed arc (an island) keeps its farthest point from its ends."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0  # a closed arc: distances from its start, scaled by 1
        farthest, distance = None, tolerance * length
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


class WorldProjection:
    """Plate carrée: the whole globe in one rectangle, for partners all over the world.

    Its edge is the Bering Strait, not 180°: rings that cross 180° then stay whole
    instead of streaking across the map.
    """

    WEST = -169.0

    def __call__(self, point: Point) -> Point:
        lon = point[0] + 360 if point[0] < self.WEST else point[0]
        return math.radians(lon), -math.radians(point[1])


Bounds = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class _Placed:
    """A country the map shows, with its mainland (its largest ring) in degrees."""

    entity: Entity
    status: str | None
    shape: AtlasCountry
    mainland: Ring

    @property
    def centre(self) -> Point:
        """Roughly where the mainland lies (for grouping, not for labels); longitudes averaged as directions."""
        return _circular_mean([lon for lon, _ in self.mainland]), sum(lat for _, lat in self.mainland) / len(
            self.mainland
        )


def _degrees_ring(atlas: Atlas, arc_ring: ArcRing) -> Ring:
    points: Ring = []
    for index in arc_ring:
        arc = atlas.arcs[index] if index >= 0 else atlas.arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


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


def _mainland(atlas: Atlas, country: AtlasCountry) -> Ring:
    """The country's largest ring by area on the globe: France without French Guiana, the United States without Alaska."""

    def globe_area(ring: Ring) -> float:
        mean_lat = math.radians(sum(lat for _, lat in ring) / len(ring))
        return abs(_area(ring)) * math.cos(mean_lat)

    return max((_degrees_ring(atlas, ring) for ring in country.rings), key=globe_area)


def _distance_km(a: Point, b: Point) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    cos_angle = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon1 - lon2)
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cos_angle)))


def _groups(placed: Sequence[_Placed], within_km: float = NEAR_KM) -> list[list[_Placed]]:
    """Partners near one another (single linkage within `within_km`), the largest group first."""
    groups: list[list[_Placed]] = []
    for country in placed:
        near = [
            group
            for group in groups
            if any(_distance_km(country.centre, member.centre) <= within_km for member in group)
        ]
        merged = [country, *(member for group in near for member in group)]
        groups = [group for group in groups if group not in near] + [merged]
    order = {country.entity.slug: index for index, country in enumerate(placed)}
    for group in groups:
        group.sort(key=lambda country: order[country.entity.slug])
    # The largest group first; ties go to the group holding the earliest partner.
    return sorted(groups, key=lambda group: (-len(group), order[group[0].entity.slug]))


def _near(one: _Placed, other: _Placed) -> bool:
    return _distance_km(one.centre, other.centre) <= NEAR_KM


def _circular_mean(longitudes: Sequence[float]) -> float:
    """The mean of longitudes as directions, so places either side of 180° average sensibly."""
    return math.degrees(
        math.atan2(
            sum(math.sin(math.radians(lon)) for lon in longitudes),
            sum(math.cos(math.radians(lon)) for lon in longitudes),
        )
    )


def _centred_projection(centres: Sequence[Point]) -> Projection:
    """A projection centred on the places."""
    lon0 = _circular_mean([lon for lon, _ in centres])
    return Projection(round(lon0, 3), round(sum(lat for _, lat in centres) / len(centres), 3))


def _bounds(projection: Projection | WorldProjection, rings: Iterable[Ring]) -> Bounds:
    projected = [p for ring in rings for point in ring if (p := projection(point)) is not None]
    xs, ys = [x for x, _ in projected], [y for _, y in projected]
    return min(xs), min(ys), max(xs), max(ys)


def _framed(bounds: Bounds, min_span: float) -> Bounds:
    """The bounds padded, widened to at least `min_span`, and kept between MIN_ASPECT and MAX_ASPECT."""
    left, top, right, bottom = bounds
    width, height = max(right - left, min_span), max(bottom - top, min_span * MIN_ASPECT)
    width, height = max(width, height / MAX_ASPECT), max(height, width * MIN_ASPECT)
    width, height = width * (1 + 2 * PADDING), height * (1 + 2 * PADDING)
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    return middle_x - width / 2, middle_y - height / 2, middle_x + width / 2, middle_y + height / 2


def _reach_degrees(group: Sequence[_Placed], centre: Point) -> float:
    return max(_distance_km(centre, point) for country in group for point in country.mainland) / KM_PER_DEGREE


def _main_viewport(atlas: Atlas, partners: Sequence[_Placed], named: Sequence[_Placed]) -> Viewport:
    """The main map around the partners and the named countries near them, or the whole world if they spread too far."""
    # A named neighbour is framed too, unless it is larger than a neighbourhood (one spanning a continent shows in part).
    near_named = [
        country
        for country in named
        if any(_near(country, partner) for partner in partners)
        and _reach_degrees([country], country.centre) * KM_PER_DEGREE <= NEAR_KM
    ]
    framed = [*partners, *near_named] or [*named]
    if framed:
        projection = _centred_projection([country.centre for country in framed])
        centre = (math.degrees(projection.lon0), math.degrees(math.asin(projection.sin_lat0)))
        if _reach_degrees(framed, centre) <= MAX_RADIUS_DEGREES:
            bounds = _framed(_bounds(projection, (country.mainland for country in framed)), MIN_SPAN)
            return Viewport(atlas, projection, bounds, (0, 0), MAP_WIDTH)
    world = WorldProjection()
    edges = [(WorldProjection.WEST, 84.0), (WorldProjection.WEST + 359.99, -58.0)]  # no Antarctica
    return Viewport(atlas, world, _bounds(world, [edges]), (0, 0), MAP_WIDTH)


def _inset_bounds(group: Sequence[_Placed]) -> tuple[Projection, Bounds, float]:
    """An inset's projection, bounds and width: fitted around the group's mainlands, at most ~45% of the map high."""
    projection = _centred_projection([country.centre for country in group])
    left, top, right, bottom = _framed(_bounds(projection, (c.mainland for c in group)), MIN_SPAN / 2)
    width = min(INSET_WIDTH, INSET_WIDTH * 0.75 * (right - left) / (bottom - top))
    return projection, (left, top, right, bottom), width


def _overlaps(a: Bounds, b: Bounds) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _corner(size: Point, main: MapFrame, taken: Sequence[Bounds]) -> Point:
    """Where an inset goes: the first corner covering none of the main map's partners, else the one covering fewest."""
    width, height = size
    right, bottom = main.width - INSET_MARGIN - width, main.height - INSET_MARGIN - height
    corners = [(INSET_MARGIN, INSET_MARGIN), (right, INSET_MARGIN), (INSET_MARGIN, bottom), (right, bottom)]
    labels = [country.label for country in (*main.partners, *main.named)]

    def covered(corner: Point) -> tuple[int, int]:
        box = (corner[0], corner[1], corner[0] + width, corner[1] + height)
        clashes = sum(1 for other in taken if _overlaps(box, other))
        return clashes, sum(1 for x, y in labels if box[0] <= x <= box[2] and box[1] <= y <= box[3])

    return min(corners, key=covered)


def partner_map(atlas: Atlas, partners: Sequence[tuple[Entity, str]], named: Sequence[Entity]) -> PartnerMap:
    """Partner countries by status: the largest group of neighbours framed, an inset for each group far from it.

    `named` are other countries the sources name (not partners): drawn on the main map with
    their names but without a status. Partners the atlas has no shape for are `unmapped`.
    """
    shapes = {
        entity.slug: atlas.country(numeric_code(entity)) for entity, _ in (*partners, *((e, None) for e in named))
    }
    placed = [
        _Placed(entity, status, shape, _mainland(atlas, shape))
        for entity, status in partners
        if (shape := shapes[entity.slug]) is not None
    ]
    named_placed = [
        _Placed(entity, None, shape, _mainland(atlas, shape))
        for entity in named
        if (shape := shapes[entity.slug]) is not None
    ]
    groups = _groups(placed)
    # Far from the main map, insets may hold partners further apart (the United States and Canada).
    groups = groups[:1] + _groups([c for group in groups[1:] for c in group], INSET_NEAR_KM)
    if len(groups) > 1 + MAX_INSETS:
        groups = [placed]  # too many far-apart groups for insets: one map of the world
    main_group = groups[0] if groups else []
    main_viewport = _main_viewport(atlas, main_group, named_placed)
    main = _frame(main_viewport, [(c.entity, c.status) for c in main_group], [c.entity for c in named_placed])
    frames, taken = [main], []
    for group in groups[1:]:
        projection, bounds, width = _inset_bounds(group)
        height = (bounds[3] - bounds[1]) * width / (bounds[2] - bounds[0])
        x, y = _corner((width, height), main, taken)
        taken.append((x, y, x + width, y + height))
        viewport = Viewport(atlas, projection, bounds, (x, y), width)
        frames.append(_frame(viewport, [(c.entity, c.status) for c in group], ()))
    unmapped = tuple(entity for entity, _ in partners if shapes[entity.slug] is None)
    return PartnerMap(MAP_WIDTH, main.height, tuple(frames), unmapped)

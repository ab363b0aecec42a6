"""Loaders for the reference files in ``data/refdata`` (see its README for sources).

Every code column is read as a string, so leading zeros (``01``, ``0401``) survive.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from queries.settings import PROJECT_ROOT

REFDATA_DIR = PROJECT_ROOT / "data" / "refdata"


def _read(name: str) -> pd.DataFrame:
    # dtype=str + keep_default_na=False: codes stay text and empty cells stay "",
    # so "NA" (a valid code in some lists) is never read as missing.
    return pd.read_csv(REFDATA_DIR / name, dtype=str, keep_default_na=False)


def hs_sections() -> pd.DataFrame:
    """Columns: code (roman numeral), parent (empty), description."""
    return _read("hs_sections.csv")


def hs_chapters() -> pd.DataFrame:
    """Columns: code (2 digits), parent (section), description."""
    return _read("hs_chapters.csv")


def hs_headings() -> pd.DataFrame:
    """Columns: code (4 digits), parent (chapter), description."""
    return _read("hs_headings.csv")


def hs_headings_short() -> pd.DataFrame:
    """Short names written by this project (not HS text). Columns: heading, short_ru,
    short_en, short_de; every heading the demonstration data uses."""
    return _read("hs_headings_short.csv")


def hs_chapters_short() -> pd.DataFrame:
    """Short chapter names written by this project. Columns: chapter, short_ru,
    short_en, short_de."""
    return _read("hs_chapters_short.csv")


def ru_regions_short() -> pd.DataFrame:
    """Short forms for charts ("Ленинградская обл.", "Tatarstan"). Columns: iso_3166_2,
    short_ru, short_en, short_de."""
    return _read("ru_regions_short.csv")


def ru_federal_districts_short() -> pd.DataFrame:
    """Columns: federal_district_code, short_ru ("ЦФО"), short_en, short_de."""
    return _read("ru_federal_districts_short.csv")


def by_oblasts_short() -> pd.DataFrame:
    """Columns: iso_3166_2, short_ru ("Брестская обл."), short_en, short_de."""
    return _read("by_oblasts_short.csv")


def by_regions() -> pd.DataFrame:
    """Belarusian oblasts and Minsk city. Columns: iso_3166_2, name_en, name_ru, name_be,
    admin_center_en, admin_center_ru, type, ne_adm1_code, ne_name, soato_prefix."""
    return _read("by_regions.csv")


def ru_federal_subjects(include_non_iso: bool = False) -> pd.DataFrame:
    """Russian federal subjects. Only the 83 with ``is_iso_ru == "yes"`` unless
    ``include_non_iso`` (Crimea and Sevastopol are excluded from the product).

    Columns: iso_3166_2, name_en, name_ru, type, federal_district_code,
    federal_district_en, federal_district_ru, is_iso_ru, within_subject, ne_adm1_code,
    ne_name, in_geojson, note."""
    df = _read("ru_federal_subjects.csv")
    if not include_non_iso:
        df = df[df["is_iso_ru"] == "yes"].reset_index(drop=True)
    return df


def by_enterprises() -> pd.DataFrame:
    """Major Belarusian exporters. Columns: group_en, group_ru, holding, enterprise_en,
    enterprise_ru, city, oblast_iso, main_products, hs_headings (";"-separated), note,
    supporting_source, short_ru, short_en, short_de (display names for charts)."""
    return _read("by_enterprises.csv")


def trade_figures() -> pd.DataFrame:
    """Published BY–RU trade figures. Columns: indicator, period, value (float),
    unit, yoy_pct (float or NaN), basis, stated_by, source_url, note."""
    df = _read("by_ru_trade_figures_sourced.csv")
    for col in ("value", "yoy_pct"):
        df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce")
    return df


def ru_regions_geojson_path() -> Path:
    return REFDATA_DIR / "ru_regions_ne10m_simplified.geojson"


def ru_regions_geojson() -> dict:
    """GeoJSON FeatureCollection of the 83 subjects; key ``properties.iso_3166_2``."""
    with open(ru_regions_geojson_path(), encoding="utf-8") as fh:
        return json.load(fh)


def retail_chains() -> pd.DataFrame:
    """The major Russian federal retail chains (``ru_retail_chains.csv``; source in the
    README): chain_id, name_ru, name_en."""
    return _read("ru_retail_chains.csv")[["chain_id", "name_ru", "name_en"]]


def support_instruments() -> pd.DataFrame:
    """The export-support instruments Belarusian exporters use on the Russian market
    (``support_instruments.csv``): id, names and descriptions in ru/en/de."""
    cols = ["instrument_id"] + [f"{w}_{lang}" for w in ("name", "description")
                                for lang in ("ru", "en", "de")]
    return _read("support_instruments.csv")[cols]

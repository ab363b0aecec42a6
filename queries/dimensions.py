"""The dimension lists: names and codes for the filter bar, validation and labels.

Loaded once per data version (they change only with a load) and shared by the pages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import func, select

from .engine import data_version, latest_month, run
from .schema import (
    by_oblast,
    concern,
    dist_subject,
    enterprise,
    exports_by_product,
    federal_district,
    hs_chapter,
    hs_heading,
    load_log,
    ru_region,
)

LANGS = ("en", "ru")


@dataclass(frozen=True)
class Dimensions:
    concerns: pd.DataFrame      # concern_id, name_en, name_ru, kind
    enterprises: pd.DataFrame   # enterprise_id, unp, name_en, name_ru, concern_id, oblast_id, is_industrial
    oblasts: pd.DataFrame       # oblast_id, name_en, name_ru
    districts: pd.DataFrame     # district_id, name_en, name_ru
    regions: pd.DataFrame       # region_id, name_en, name_ru, district_id, curator
    chapters: pd.DataFrame      # chapter_id, name_en (only chapters that have exports)
    headings: pd.DataFrame      # heading_id, chapter_id, name_en (only headings with exports)
    subjects: pd.DataFrame      # subject_id, name, kind, region_id, concern_id
    first_month: date | None
    latest_month: date | None
    loaded_at: pd.Timestamp | None  # when the latest successful load finished
    _names: dict = field(default_factory=dict, compare=False, repr=False)

    def name_of(self, level: str, lang: str = "en") -> dict:
        """code → display name for a level (concern, enterprise, oblast, ...)."""
        key = (level, lang)
        if key not in self._names:  # built once per data version and language
            self._names[key] = self._build_names(level, lang)
        return self._names[key]

    def concern_of_enterprise(self) -> dict:
        """enterprise_id → concern_id."""
        if "concern_of" not in self._names:
            self._names["concern_of"] = dict(zip(self.enterprises["enterprise_id"].tolist(),
                                                 self.enterprises["concern_id"].tolist()))
        return self._names["concern_of"]

    def _build_names(self, level: str, lang: str) -> dict:
        frame, key = {
            "concern": (self.concerns, "concern_id"),
            "enterprise": (self.enterprises, "enterprise_id"),
            "oblast": (self.oblasts, "oblast_id"),
            "district": (self.districts, "district_id"),
            "region": (self.regions, "region_id"),
            "chapter": (self.chapters, "chapter_id"),
            "heading": (self.headings, "heading_id"),
            "subject": (self.subjects, "subject_id"),
        }[level]
        col = next(c for c in (f"name_{lang}", "name_en", "name") if c in frame.columns)
        return dict(zip(frame[key].tolist(), frame[col].tolist()))


_memo: dict[str, Dimensions] = {}
_memo_lock = threading.Lock()


def dimensions() -> Dimensions:
    version = data_version()
    with _memo_lock:
        if version in _memo:
            return _memo[version]
    used_headings = select(exports_by_product.c.heading_id).distinct().scalar_subquery()
    heads = run(select(hs_heading.c.heading_id, hs_heading.c.chapter_id, hs_heading.c.name_en)
                .where(hs_heading.c.heading_id.in_(used_headings))
                .order_by(hs_heading.c.heading_id), name="dim_headings")
    chapters = run(select(hs_chapter.c.chapter_id, hs_chapter.c.name_en)
                   .order_by(hs_chapter.c.chapter_id), name="dim_chapters")
    chapters = chapters[chapters["chapter_id"].isin(set(heads["chapter_id"]))]
    first = run(select(func.min(exports_by_product.c.month).label("m")), name="first_month")
    loaded = run(select(func.max(load_log.c.loaded_at).label("t"))
                 .where(load_log.c.outcome == "loaded"), name="loaded_at")
    first_m = first["m"].iloc[0] if len(first) else None
    dims = Dimensions(
        concerns=run(select(concern).order_by(concern.c.name_en), name="dim_concerns"),
        enterprises=run(select(enterprise.c.enterprise_id, enterprise.c.unp,
                               enterprise.c.name_en, enterprise.c.name_ru,
                               enterprise.c.concern_id, enterprise.c.oblast_id,
                               enterprise.c.is_industrial)
                        .order_by(enterprise.c.name_ru), name="dim_enterprises"),
        oblasts=run(select(by_oblast).order_by(by_oblast.c.oblast_id), name="dim_oblasts"),
        districts=run(select(federal_district).order_by(federal_district.c.district_id),
                      name="dim_districts"),
        regions=run(select(ru_region).order_by(ru_region.c.name_en), name="dim_regions"),
        chapters=chapters.reset_index(drop=True),
        headings=heads,
        subjects=run(select(dist_subject).order_by(dist_subject.c.subject_id),
                     name="dim_subjects"),
        first_month=None if first_m is None or pd.isna(first_m) else pd.Timestamp(first_m).date(),
        latest_month=latest_month(),
        loaded_at=None if loaded["t"].isna().all() else pd.Timestamp(loaded["t"].iloc[0]),
    )
    with _memo_lock:
        _memo.clear()
        _memo[version] = dims
    return dims

"""The dimension lists: names and codes for the filter bar, validation and labels.

Loaded once per data version (they change only with a load) and shared by the pages.
A scoped user (``queries.scope``) gets the lists cut to the scope: its enterprises, the
concerns and oblasts they belong to, those concerns' distribution subjects — so a
filter option, a name lookup or an enterprise id outside the scope does not exist for
that user (an enterprise outside it answers "not found", exactly as an unknown one).
The Russian side (districts, regions, the curators of regions and their assignments)
and the HS nomenclature are reference lists and stay whole.

Curators (``curators``, ``assignments``): the officials assigned to Russian regions and
the history of their assignments (tables ``curator``, ``curator_region``), for the
``curator=`` filter (``filters.with_curators``) and its list in the filter bar. A
database built before those tables existed has none (empty lists), not an error.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import and_, func, literal, select, union_all

from . import scope as access
from . import settings
from .engine import QueryError, data_version, latest_month, run
from .schema import (
    SHORT_LANGS,
    by_oblast,
    concern,
    curator,
    curator_region,
    dist_subject,
    enterprise,
    exports_by_enterprise,
    exports_by_product,
    federal_district,
    hs_chapter,
    hs_heading,
    load_log,
    ru_region,
)

LANGS = ("en", "ru")
CURATOR_COLUMNS = ["curator_id", "name", "post", "body", "concern_id"]
ASSIGNMENT_COLUMNS = ["curator_id", "region_id", "date_from", "date_to"]


@dataclass(frozen=True)
class Dimensions:
    # concerns, enterprises, oblasts, districts, regions, chapters and headings also
    # carry short_name_ru, short_name_en, short_name_de (nullable; see short_name_of)
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
    # the latest month that enough enterprises have reported (``reporting``), the
    # pages' default; and the months after it with their share reported, in %
    complete_month: date | None = None
    partial_months: tuple[tuple[date, float], ...] = ()
    # curator_id, name, post, body, concern_id (by name)
    curators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=CURATOR_COLUMNS))
    # curator_id, region_id, date_from, date_to (None: still assigned)
    assignments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=ASSIGNMENT_COLUMNS))
    _names: dict = field(default_factory=dict, compare=False, repr=False)

    def name_of(self, level: str, lang: str = "en") -> dict:
        """code → display name for a level (concern, enterprise, oblast, ...)."""
        key = (level, lang)
        if key not in self._names:  # built once per data version and language
            self._names[key] = self._build_names(level, lang)
        return self._names[key]

    def short_name_of(self, level: str, lang: str = "en") -> dict:
        """code → short display name for charts and the shared screen ("Белнефтехим",
        "ЦФО", "Ленинградская обл.", "4011 Шины"): the level's ``short_name_<lang>``,
        else its full name in the language (``name_of``). Tables keep ``name_of``."""
        key = ("short", level, lang)
        if key not in self._names:
            frame, code = self._frame(level)
            full = self.name_of(level, lang)
            col = f"short_name_{lang}"
            shorts = (dict(zip(frame[code].tolist(), frame[col].tolist()))
                      if col in frame.columns else {})
            self._names[key] = {k: (s if isinstance(s, str) and s else full[k])
                                for k, s in ((k, shorts.get(k)) for k in full)}
        return self._names[key]

    def memo(self, key, build):
        """``build()`` once per data version, scope and ``key`` (e.g. a control's option
        list in a language); the same object every time, so a caller must not change
        it."""
        key = ("memo", key)
        if key not in self._names:
            self._names[key] = build()
        return self._names[key]

    def concern_of_enterprise(self) -> dict:
        """enterprise_id → concern_id."""
        if "concern_of" not in self._names:
            self._names["concern_of"] = dict(zip(self.enterprises["enterprise_id"].tolist(),
                                                 self.enterprises["concern_id"].tolist()))
        return self._names["concern_of"]

    def district_of_region(self) -> dict:
        """region_id → district_id (the reference list: every region, whatever the
        scope)."""
        if "district_of" not in self._names:
            self._names["district_of"] = {
                str(r): str(d) for r, d in zip(self.regions["region_id"].tolist(),
                                               self.regions["district_id"].tolist())}
        return self._names["district_of"]

    def _frame(self, level: str) -> tuple[pd.DataFrame, str]:
        return {
            "concern": (self.concerns, "concern_id"),
            "enterprise": (self.enterprises, "enterprise_id"),
            "oblast": (self.oblasts, "oblast_id"),
            "district": (self.districts, "district_id"),
            "region": (self.regions, "region_id"),
            "chapter": (self.chapters, "chapter_id"),
            "heading": (self.headings, "heading_id"),
            "subject": (self.subjects, "subject_id"),
            "curator": (self.curators, "curator_id"),
        }[level]

    def _build_names(self, level: str, lang: str) -> dict:
        frame, key = self._frame(level)
        col = next(c for c in (f"name_{lang}", "name_en", "name") if c in frame.columns)
        names = dict(zip(frame[key].tolist(), frame[col].tolist()))
        if level in ("heading", "chapter") and lang != "en":
            # HS text exists in English only: a Russian or German screen shows this
            # project's own short name, the English reference only where none exists
            own = f"short_name_{lang}"
            if own in frame.columns:
                names.update({k: v for k, v in zip(frame[key].tolist(), frame[own].tolist())
                              if isinstance(v, str) and v})
        return names


def _shorts(table) -> list:
    return [table.c[f"short_name_{lang}"] for lang in SHORT_LANGS]


_memo: dict[str, Dimensions] = {}
_memo_lock = threading.Lock()


def dimensions() -> Dimensions:
    """The lists of the current data version, cut to the request's scope."""
    version, scope = data_version(), access.current()
    key = (version, access.current_key())
    with _memo_lock:
        if key in _memo:
            return _memo[key]
    whole = _whole(version)
    if scope is None:
        return whole
    dims = _scoped(whole, scope)
    with _memo_lock:
        _memo[key] = dims
    return dims


_lists: dict[tuple[str, str], pd.DataFrame] = {}


def reference_list(name: str, build) -> pd.DataFrame:
    """A small reference list that no access scope cuts (the retail chains, the support
    instruments, in one language each), read by ``build()`` once per data version, as
    the dimensions are; a copy each time, so a caller may change it."""
    version = data_version()
    with _memo_lock:
        hit = _lists.get((version, name))
    if hit is None:
        hit = build()
        with _memo_lock:
            for old in [k for k in _lists if k[0] != version]:
                del _lists[old]
            _lists[(version, name)] = hit
    return hit.copy()


def _scoped(whole: Dimensions, scope: access.Scope) -> Dimensions:
    ents = whole.enterprises
    mine = ents[ents["concern_id"].isin(scope.concerns) | ents["oblast_id"].isin(scope.oblasts)]
    concerns = set(mine["concern_id"])
    oblasts = set(mine["oblast_id"]) | set(scope.oblasts)
    return Dimensions(
        concerns=whole.concerns[whole.concerns["concern_id"].isin(concerns)]
        .reset_index(drop=True),
        enterprises=mine.reset_index(drop=True),
        oblasts=whole.oblasts[whole.oblasts["oblast_id"].isin(oblasts)].reset_index(drop=True),
        districts=whole.districts, regions=whole.regions, chapters=whole.chapters,
        headings=whole.headings,
        subjects=whole.subjects[whole.subjects["concern_id"].isin(concerns)]
        .reset_index(drop=True),
        first_month=whole.first_month, latest_month=whole.latest_month,
        loaded_at=whole.loaded_at, complete_month=whole.complete_month,
        partial_months=whole.partial_months, curators=whole.curators,
        assignments=whole.assignments)


def _whole(version: str) -> Dimensions:
    with _memo_lock:
        if (version, "all") in _memo:
            return _memo[(version, "all")]
    with access.using(None):
        dims = _build()
    with _memo_lock:
        for old in [k for k in _memo if k[0] != version]:
            del _memo[old]
        _memo[(version, "all")] = dims
    return dims


def _build() -> Dimensions:
    used_headings = select(exports_by_product.c.heading_id).distinct().scalar_subquery()
    heads = run(select(hs_heading.c.heading_id, hs_heading.c.chapter_id, hs_heading.c.name_en,
                       *_shorts(hs_heading))
                .where(hs_heading.c.heading_id.in_(used_headings))
                .order_by(hs_heading.c.heading_id), name="dim_headings")
    chapters = run(select(hs_chapter.c.chapter_id, hs_chapter.c.name_en, *_shorts(hs_chapter))
                   .order_by(hs_chapter.c.chapter_id), name="dim_chapters")
    chapters = chapters[chapters["chapter_id"].isin(set(heads["chapter_id"]))]
    first = run(select(func.min(exports_by_product.c.month).label("m")), name="first_month")
    loaded = run(select(func.max(load_log.c.loaded_at).label("t"))
                 .where(load_log.c.outcome == "loaded"), name="loaded_at")
    first_m = first["m"].iloc[0] if len(first) else None
    latest = latest_month()
    complete, partial = reporting(latest)
    dims = Dimensions(
        concerns=run(select(concern).order_by(concern.c.name_en), name="dim_concerns"),
        enterprises=run(select(enterprise.c.enterprise_id, enterprise.c.unp,
                               enterprise.c.name_en, enterprise.c.name_ru,
                               *_shorts(enterprise), enterprise.c.concern_id, enterprise.c.oblast_id,
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
        latest_month=latest,
        loaded_at=None if loaded["t"].isna().all() else pd.Timestamp(loaded["t"].iloc[0]),
        complete_month=complete,
        partial_months=partial,
        **_curators(),
    )
    return dims


def _curators() -> dict[str, pd.DataFrame]:
    """The curators and their assignments; empty where the database has no such tables
    (built before issue 14)."""
    try:
        people = run(select(curator).order_by(curator.c.name), name="dim_curators")
        held = run(select(curator_region).order_by(curator_region.c.curator_id,
                                                   curator_region.c.date_from,
                                                   curator_region.c.region_id),
                   name="dim_curator_regions")
    except QueryError:
        return {}
    people = people.astype({"curator_id": int})
    held = held.astype({"curator_id": int})
    for col in ("date_from", "date_to"):
        held[col] = [None if v is None or pd.isna(v) else pd.Timestamp(v).date()
                     for v in held[col]]
    return {"curators": people.reset_index(drop=True)[CURATOR_COLUMNS],
            "assignments": held.reset_index(drop=True)[ASSIGNMENT_COLUMNS]}


REPORTING_LOOKBACK = 12  # months checked back from the latest for completeness


def _month_back(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 - n
    return date(k // 12, k % 12 + 1, 1)


def reporting(latest: date | None) -> tuple[date | None, tuple[tuple[date, float], ...]]:
    """(the last complete month, the later months with their share reported in %).

    A month is complete when at least ``EXPORT_MONITOR_COMPLETE_SHARE`` % of the
    enterprises that reported the same month a year earlier have reported it (an
    enterprise reports a month when it has an export row for it). A month with no
    reporters a year earlier (the data's first year) is complete. Enterprises report
    late, not early, so the check walks back from the latest month and stops at the
    first complete one (at most ``REPORTING_LOOKBACK`` months; beyond that the
    latest month is taken as it is).
    """
    if latest is None:
        return None, ()
    need = float(settings.get("EXPORT_MONITOR_COMPLETE_SHARE"))
    a, b = exports_by_enterprise.alias("ly"), exports_by_enterprise.alias("now")
    parts = []
    for n in range(REPORTING_LOOKBACK):
        month = _month_back(latest, n)
        parts.append(
            select(literal(n).label("n"),
                   func.count(func.distinct(a.c.enterprise_id)).label("ly"),
                   func.count(func.distinct(b.c.enterprise_id)).label("now"))
            .select_from(a.outerjoin(b, and_(b.c.enterprise_id == a.c.enterprise_id,
                                             b.c.month == month)))
            .where(a.c.month == _month_back(month, 12)))
    df = run(union_all(*parts), name="reporting")
    shares = {int(r.n): (100.0 * r.now / r.ly if r.ly else None) for r in df.itertuples()}
    partial = []
    for n in range(REPORTING_LOOKBACK):
        share = shares.get(n)
        month = _month_back(latest, n)
        if share is None or share >= need:
            return month, tuple(reversed(partial))
        partial.append((month, share))
    return latest, ()

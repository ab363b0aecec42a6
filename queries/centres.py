"""Multibrand sales-and-service centres: distribution subjects of kind
``multibrand_center`` with the brands they carry, their planned and actual opening
dates and their monthly sales and service (table ``centre_month``).

Definitions (the page shows them in a footnote):

- **Reporting month M** — the filter's last month (``f.end``). A centre's **status** at
  the end of M: **open** when it opened on or before the last day of M; **overdue** when
  not open although its planned opening is on or before that day; **planned** when its
  planned opening is later (or not given).
- **Planned by M** — open + overdue: the centres that should be open by now (a centre
  that opened ahead of its plan counts as open and planned).
- **Sales, service** — the centres' sales (USD, units) and service (orders, USD) in the
  filter's months (``month_from``..``month_to`` of the year); last year: the same months.
- **Machinery exports** — exports of HS chapters 84 (machinery, boilers, mechanical
  appliances) and 87 (vehicles: tractors, trucks) in the same months, the machinery a
  centre sells and services. **Sales ÷ exports** compares the two for a region (a
  district, a concern); it is a ratio of two flows, not the part of the exports the
  centres sold (a centre also sells stock delivered earlier or through another region).
- **Regions without a centre where Belarusian machinery sells** — Russian regions with
  no open centre at the end of M whose machinery exports in the filter's months reach
  ``UNCOVERED_MIN_USD_PER_MONTH`` per month of the period; a centre planned there is
  shown beside the region.

Filters: the access scope and ``concerns`` apply to the centre's concern (the concern
it belongs to; a scoped user sees the centres of the concerns whose enterprises they
may see, as in ``dimensions``) and to the machinery exports' enterprises; ``districts``
and ``regions`` to the centre's region and the exports' region; ``subjects`` to the
centres only. Enterprises, oblasts, the industrial flag and products do not apply: a
centre sells many enterprises' machinery, and the comparison is always chapters 84+87.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, or_, select

from .dimensions import dimensions
from .engine import gather, run
from .exports import breakdown
from .filters import ExportFilter
from .schema import centre_month, dist_subject, enterprise, ru_region

CENTRE = "multibrand_center"
CHAPTERS = ("84", "87")
STATUSES = ("open", "overdue", "planned")
LEVELS = ("district", "region", "concern")
UNCOVERED_MIN_USD_PER_MONTH = 1_000_000  # machinery exports a month that call for a centre
SUMS = ("sales_usd", "units_sold", "service_orders", "service_usd")


def month_end(d: date) -> date:
    """The last day of ``d``'s month."""
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def machinery_filter(f: ExportFilter) -> ExportFilter:
    """The filter of the machinery exports the centres are compared with (see the
    module docstring): chapters 84 and 87; the centre-side filters kept."""
    return f.with_(chapters=CHAPTERS, headings=(), enterprises=(), oblasts=(),
                   industrial_only=False, subjects=())


def _centre_conditions(f: ExportFilter) -> list:
    conds = [dist_subject.c.kind == CENTRE]
    if f.scope is not None:
        allowed = (select(enterprise.c.concern_id).distinct()
                   .where(f.scope.condition(enterprise.c.concern_id, enterprise.c.oblast_id)))
        conds.append(dist_subject.c.concern_id.in_(allowed))
    if f.concerns:
        conds.append(dist_subject.c.concern_id.in_(f.concerns))
    if f.regions:
        conds.append(dist_subject.c.region_id.in_(f.regions))
    if f.districts:
        conds.append(ru_region.c.district_id.in_(f.districts))
    if f.subjects:
        conds.append(dist_subject.c.subject_id.in_(f.subjects))
    return conds


def centres(f: ExportFilter, lang: str = "en") -> pd.DataFrame:
    """Every centre of the filter, one row each, largest sales first (then name).

    Columns: subject_id, name, concern_id, concern (name), region_id, region (name),
    district_id, brands (text, "" when none), planned_opening, opened_on (dates or
    None), status (open | overdue | planned at the end of M), sales_usd, units_sold,
    service_orders, service_usd (the filter's months; 0 without figures), sales_ly_usd
    (the same months last year).
    """
    cm = centre_month
    cur = cm.c.month.between(f.start, f.end)
    ly = cm.c.month.between(f.start_ly, f.end_ly)
    sums = (select(cm.c.subject_id,
                   *(func.sum(case((cur, cm.c[c]), else_=0.0)).label(c) for c in SUMS),
                   func.sum(case((ly, cm.c.sales_usd), else_=0.0)).label("sales_ly_usd"))
            .where(or_(cur, ly)).group_by(cm.c.subject_id).cte("sums"))
    joined = (dist_subject.join(ru_region, dist_subject.c.region_id == ru_region.c.region_id)
              .outerjoin(sums, sums.c.subject_id == dist_subject.c.subject_id))
    stmt = (select(dist_subject.c.subject_id, dist_subject.c.name, dist_subject.c.concern_id,
                   dist_subject.c.region_id, ru_region.c.district_id, dist_subject.c.brands,
                   dist_subject.c.planned_opening, dist_subject.c.opened_on,
                   *(func.coalesce(sums.c[c], 0.0).label(c) for c in (*SUMS, "sales_ly_usd")))
            .select_from(joined).where(and_(*_centre_conditions(f)))
            .order_by(dist_subject.c.subject_id))
    df = run(stmt, name="centres_list")
    return _finish(df, f, lang)


def _day(v):
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def _finish(df: pd.DataFrame, f: ExportFilter, lang: str) -> pd.DataFrame:
    last = month_end(f.end)
    planned = [_day(v) for v in df["planned_opening"]]
    opened = [_day(v) for v in df["opened_on"]]
    status = ["open" if o is not None and o <= last
              else "overdue" if p is not None and p <= last else "planned"
              for p, o in zip(planned, opened)]
    dims = dimensions()
    concerns, regions = dims.name_of("concern", lang), dims.name_of("region", lang)
    out = pd.DataFrame({
        "subject_id": df["subject_id"].astype(int).to_numpy(),
        "name": df["name"].astype(str).to_numpy(),
        "concern_id": df["concern_id"].astype(str).to_numpy(),
        "concern": [str(concerns.get(c, c)) for c in df["concern_id"]],
        "region_id": df["region_id"].astype(str).to_numpy(),
        "region": [str(regions.get(r, r)) for r in df["region_id"]],
        "district_id": df["district_id"].astype(str).to_numpy(),
        "brands": ["" if b is None or (isinstance(b, float) and np.isnan(b)) else str(b)
                   for b in df["brands"]],
        "planned_opening": pd.Series(planned, dtype=object).to_numpy(),
        "opened_on": pd.Series(opened, dtype=object).to_numpy(),
        "status": status,
        **{c: df[c].astype(float).to_numpy() for c in (*SUMS, "sales_ly_usd")},
    })
    return out.sort_values(["sales_usd", "name"], ascending=[False, True]).reset_index(drop=True)


def _exports_by(f: ExportFilter, with_concerns: bool) -> tuple[dict, dict]:
    """Machinery exports of the filter's months by region and (when asked) by concern:
    USD by key. Districts and the total are sums of the regions."""
    jobs = _exports_jobs(f, with_concerns)
    return _exports_dicts(gather(*jobs), with_concerns)


def _exports_jobs(f: ExportFilter, with_concerns: bool) -> list:
    fm = machinery_filter(f)
    jobs = [lambda: breakdown(fm, "region")]
    if with_concerns:
        jobs.append(lambda: breakdown(fm, "concern"))
    return jobs


def _exports_dicts(frames: list[pd.DataFrame], with_concerns: bool) -> tuple[dict, dict]:
    out = [dict(zip(df["key"].astype(str), df["value"].astype(float))) for df in frames]
    return out[0], (out[1] if with_concerns else {})


def _by_level(listed: pd.DataFrame, regions: dict, concerns: dict, wanted, lang: str
              ) -> dict[str, pd.DataFrame]:
    dims = dimensions()
    district_of = dims.district_of_region()
    by_district: dict[str, float] = {}
    for r, v in regions.items():
        by_district[district_of.get(r, "")] = by_district.get(district_of.get(r, ""), 0.0) + v
    exports = {"region": regions, "district": by_district, "concern": concerns}
    key_col = {"district": "district_id", "region": "region_id", "concern": "concern_id"}
    out = {"centres": listed}
    for lvl in wanted:
        out[lvl] = _aggregate(listed, key_col[lvl], exports[lvl], dims.name_of(lvl, lang),
                              dims.short_name_of(lvl, lang))
    out["total"] = _aggregate(listed.assign(total="total"), "total",
                              {"total": float(sum(regions.values()))},
                              {"total": "total"}, {"total": "total"}, keep_empty=True)
    return out


def levels(f: ExportFilter, wanted: tuple[str, ...], lang: str = "en"
           ) -> dict[str, pd.DataFrame]:
    """Centres by status, their sales and service, and the machinery exports, by each
    level of ``wanted`` (district, region, concern), plus the list of centres under
    "centres" and the whole under "total".

    Level frames, most centres planned by M first (then sales, key): key, name, short,
    open, overdue, planned (counts at the end of M), planned_by_m (open + overdue),
    centres (all three), sales_usd, units_sold, service_orders, service_usd,
    sales_ly_usd, exports_usd (machinery exports of the key in the months),
    sales_pct (sales ÷ exports × 100; NaN without exports). A key appears when it has a
    centre. "total": one row of the same columns (key "total").
    """
    _check(wanted)
    listed, (regions, concerns) = gather(
        lambda: centres(f, lang), lambda: _exports_by(f, "concern" in wanted))
    return _by_level(listed, regions, concerns, wanted, lang)


def _check(wanted) -> None:
    unknown = set(wanted) - set(LEVELS)
    if unknown:
        raise ValueError(f"unknown levels {sorted(unknown)}")


def view(f: ExportFilter, wanted: tuple[str, ...], lang: str = "en",
         min_per_month: float = UNCOVERED_MIN_USD_PER_MONTH) -> dict[str, pd.DataFrame]:
    """What the page shows, each query run once: ``levels(f, wanted)`` and, under
    "uncovered", ``uncovered(f, lang, min_per_month)``."""
    _check(wanted)
    with_concerns = "concern" in wanted
    # one gather for all (the exports' breakdowns beside the lists, not gathered
    # inside one of its calls, which would run them one after the other)
    exports_jobs = _exports_jobs(f, with_concerns)
    jobs = [lambda: centres(f, lang), *exports_jobs]
    if f.subjects:  # coverage counts every centre, whatever the subject filter
        jobs.append(lambda: centres(f.with_(subjects=()), lang))
    results = gather(*jobs)
    listed = results[0]
    regions, concerns = _exports_dicts(results[1:1 + len(exports_jobs)], with_concerns)
    out = _by_level(listed, regions, concerns, wanted, lang)
    out["uncovered"] = _uncovered(results[-1] if f.subjects else listed, regions, f, lang,
                                  min_per_month)
    return out


def _aggregate(listed: pd.DataFrame, col: str, exports: dict, names: dict, shorts: dict,
               keep_empty: bool = False) -> pd.DataFrame:
    """The centres of ``listed`` summed by ``col`` (one row per key that has a centre;
    ``keep_empty``: the single key "total", over every centre, even none). numpy over
    the list: a pandas filter per key cost ~0.1 ms each, a third of the page."""
    n = len(listed)
    raw = ["total"] * n if keep_empty else listed[col].tolist()
    keys = ["total"] if keep_empty else sorted(set(raw))
    index = {k: i for i, k in enumerate(keys)}
    codes = np.fromiter((index[k] for k in raw), dtype=np.int64, count=n)
    size = len(keys)

    def by_key(weights) -> np.ndarray:
        return np.bincount(codes, weights=weights, minlength=size)

    status = listed["status"].to_numpy(dtype=object)
    counts = {st: np.rint(by_key((status == st).astype(float))).astype(np.int64)
              for st in STATUSES}
    sums = {c: by_key(listed[c].to_numpy(dtype=float)) for c in (*SUMS, "sales_ly_usd")}
    x = np.array([float(exports.get(str(k), 0.0)) for k in keys], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        sales_pct = np.where(x > 0, sums["sales_usd"] / x * 100, np.nan)
    cols = {"key": [str(k) for k in keys], "name": [str(names.get(k, k)) for k in keys],
            "short": [str(shorts.get(k, k)) for k in keys], **counts,
            "planned_by_m": counts["open"] + counts["overdue"],
            "centres": np.rint(by_key(np.ones(n))).astype(np.int64),
            **sums, "exports_usd": x, "sales_pct": sales_pct}
    order = sorted(range(size), key=lambda i: (-cols["planned_by_m"][i], -cols["centres"][i],
                                               -cols["sales_usd"][i], cols["key"][i]))
    return pd.DataFrame({c: [v[i] for i in order] if isinstance(v, list) else v[order]
                         for c, v in cols.items()})


def uncovered(f: ExportFilter, lang: str = "en",
              min_per_month: float = UNCOVERED_MIN_USD_PER_MONTH) -> pd.DataFrame:
    """Russian regions without an open centre at the end of M whose machinery exports
    (chapters 84, 87) in the filter's months reach ``min_per_month`` × the number of
    months, largest exports first. Every centre counts, whatever the subject filter: a
    region is covered by any open centre of the concerns the user may see.

    Columns: key (region_id), name, short, district_id, exports_usd, threshold_usd,
    planned (centres planned or overdue there), next_opening (the earliest planned
    opening of those, or None).
    """
    listed, (regions, _) = gather(lambda: centres(f.with_(subjects=()), lang),
                                  lambda: _exports_by(f, False))
    return _uncovered(listed, regions, f, lang, min_per_month)


def _uncovered(listed: pd.DataFrame, regions: dict, f: ExportFilter, lang: str,
               min_per_month: float) -> pd.DataFrame:
    threshold = min_per_month * (f.month_to - f.month_from + 1)
    open_regions: set = set()
    waiting: dict = {}  # region → planned openings of its centres not open yet
    for region, status, planned in zip(listed["region_id"].tolist(),
                                       listed["status"].tolist(),
                                       listed["planned_opening"].tolist()):
        if status == "open":
            open_regions.add(region)
        else:
            waiting.setdefault(region, []).append(planned)
    dims = dimensions()
    names, shorts = dims.name_of("region", lang), dims.short_name_of("region", lang)
    district_of = dims.district_of_region()
    rows = []
    for key, value in regions.items():
        if value < threshold or key in open_regions:
            continue
        mine = waiting.get(key, [])
        dates = [d for d in mine if d is not None]
        rows.append({"key": key, "name": str(names.get(key, key)),
                     "short": str(shorts.get(key, key)),
                     "district_id": str(district_of.get(key, "")),
                     "exports_usd": float(value), "threshold_usd": float(threshold),
                     "planned": len(mine), "next_opening": min(dates) if dates else None})
    columns = ["key", "name", "short", "district_id", "exports_usd", "threshold_usd",
               "planned", "next_opening"]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["exports_usd", "key"], ascending=[False, True]).reset_index(drop=True)


def monthly(f: ExportFilter) -> pd.DataFrame:
    """The filter's months of this year and last: month (1–12), sales_usd,
    service_usd, sales_ly_usd, service_ly_usd of the filter's centres."""
    cm = centre_month
    cur = cm.c.month.between(f.start, f.end)
    ly = cm.c.month.between(f.start_ly, f.end_ly)
    joined = (cm.join(dist_subject, cm.c.subject_id == dist_subject.c.subject_id)
              .join(ru_region, dist_subject.c.region_id == ru_region.c.region_id))
    m = func.extract("month", cm.c.month)
    stmt = (select(m.label("m"),
                   func.sum(case((cur, cm.c.sales_usd), else_=0.0)).label("sales_usd"),
                   func.sum(case((cur, cm.c.service_usd), else_=0.0)).label("service_usd"),
                   func.sum(case((ly, cm.c.sales_usd), else_=0.0)).label("sales_ly_usd"),
                   func.sum(case((ly, cm.c.service_usd), else_=0.0)).label("service_ly_usd"))
            .select_from(joined).where(and_(or_(cur, ly), *_centre_conditions(f)))
            .group_by(m))
    df = run(stmt, name="centres_monthly")
    got = {int(k): row for k, row in zip(df["m"], df.itertuples(index=False))}
    cols = ("sales_usd", "service_usd", "sales_ly_usd", "service_ly_usd")
    months = list(range(f.month_from, f.month_to + 1))
    return pd.DataFrame({"month": months, **{c: [float(getattr(got[k], c)) if k in got
                                                  else 0.0 for k in months] for c in cols}})

"""Export figures: KPIs, monthly series and breakdowns by either hierarchy.

Every function takes an ``ExportFilter`` and returns a DataFrame whose columns are
listed in its docstring. Values are USD. "Last year" always means the same months of
the previous year. SQL is built with SQLAlchemy Core from fixed column lists; filter
values are bound parameters.
"""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select

from . import forecast
from .conditions import chapter_condition, needs_enterprise_join
from .dimensions import dimensions, reference_list
from .engine import data_version, run
from .filters import ExportFilter
from .schema import (
    enterprise,
    exports,
    exports_by_concern_region,
    exports_by_enterprise,
    exports_by_enterprise_district,
    exports_by_product,
    exports_by_product_district,
    exports_by_region,
    ru_region,
    target_concern,
    target_oblast,
)
from .scope import Scope

# Levels of the two drill-down hierarchies and of the Belarusian side.
PRODUCT_LEVELS = ("concern", "enterprise", "chapter", "heading")
GEO_LEVELS = ("district", "region")
LEVELS = PRODUCT_LEVELS + GEO_LEVELS + ("oblast", "total")

# Status of target fulfilment pro rata (value so far / target share due so far).
STATUS_ON_TRACK = 100.0
STATUS_AT_RISK = 95.0


# The tables that hold export values, smallest first, with the dimensions each can
# answer ("enterprise" brings the enterprise's concern and oblast through a join).
SOURCES = (
    (exports_by_enterprise, {"enterprise"}),
    (exports_by_concern_region, {"concern", "region", "district", "industrial"}),
    (exports_by_product, {"enterprise", "product"}),
    (exports_by_enterprise_district, {"enterprise", "district"}),
    (exports_by_product_district, {"enterprise", "product", "district"}),
    (exports_by_region, {"enterprise", "region", "district"}),
    (exports, {"enterprise", "product", "region", "district"}),
)


def _source(needs: set[str]):
    """The smallest table holding every dimension the query needs."""
    for table, has in SOURCES:
        if needs <= has | ({"concern", "industrial"} if "enterprise" in has else set()):
            return table
    raise AssertionError(needs)


def _needs(f: ExportFilter, level: str) -> set[str]:
    needs = {"concern"}
    if f.regions or level == "region":
        needs.add("region")
    if f.districts or level == "district":
        needs.add("district")
    if f.needs_product() or level in ("chapter", "heading"):
        needs.add("product")
    if f.enterprises or level == "enterprise":
        needs.add("enterprise")
    if f.industrial_only:
        needs.add("industrial")
    return needs


def _sums(f: ExportFilter, level: str, by_month: bool = False):
    """SELECT of key + value, value_ly, value_ly_full for one level ('total': one row);
    ``by_month``: also by month (column ``month``)."""
    src = _source(_needs(f, level))
    joined = src
    if "concern_id" in src.c:
        concern_col, oblast_col = src.c.concern_id, src.c.oblast_id
        industrial_col = src.c.is_industrial
    else:
        # joined only when read: the join costs as much as the sums over a large table
        if needs_enterprise_join(f) or level in ("concern", "oblast"):
            joined = joined.join(enterprise,
                                 src.c.enterprise_id == enterprise.c.enterprise_id)
        concern_col, oblast_col = enterprise.c.concern_id, enterprise.c.oblast_id
        industrial_col = enterprise.c.is_industrial
    if "district_id" in src.c:
        district_col = src.c.district_id
    else:
        district_col = ru_region.c.district_id
        if f.districts or level == "district":
            joined = joined.join(ru_region, src.c.region_id == ru_region.c.region_id)

    cur = src.c.month.between(f.start, f.end)
    ly = src.c.month.between(f.start_ly, f.end_ly)
    ly_year = src.c.month.between(f.start_ly.replace(month=1), f.start_ly.replace(month=12))
    # the two periods' bounds besides: an index on (…, month) can read that range
    where = [src.c.month.between(min(f.start, f.start_ly.replace(month=1)),
                                 max(f.end, f.start_ly.replace(month=12))),
             or_(cur, ly_year)]
    if f.scope is not None:
        where.append(f.scope.condition(concern_col, oblast_col))
    if f.concerns:
        where.append(concern_col.in_(f.concerns))
    if f.enterprises:
        where.append(src.c.enterprise_id.in_(f.enterprises))
    if f.industrial_only:
        where.append(industrial_col.is_(True))
    if f.oblasts:
        where.append(oblast_col.in_(f.oblasts))
    if f.districts:
        where.append(district_col.in_(f.districts))
    if f.regions:
        where.append(src.c.region_id.in_(f.regions))
    if f.chapters:
        where.append(chapter_condition(src.c.heading_id, f.chapters))
    if f.headings:
        where.append(src.c.heading_id.in_(f.headings))

    if level == "concern":
        key = concern_col
    elif level == "enterprise":
        key = src.c.enterprise_id
    elif level == "oblast":
        key = oblast_col
    elif level == "chapter":
        key = func.substr(src.c.heading_id, 1, 2)
    elif level == "heading":
        key = src.c.heading_id
    elif level == "district":
        key = district_col
    elif level == "region":
        key = src.c.region_id
    elif level == "month":
        key = src.c.month
    else:
        key = literal("total")
    value = src.c.value_usd
    keys = [key.label("key")] + ([src.c.month.label("month")] if by_month else [])
    stmt = (
        select(
            *keys,
            func.sum(case((cur, value), else_=0.0)).label("value"),
            func.sum(case((ly, value), else_=0.0)).label("value_ly"),
            func.sum(case((ly_year, value), else_=0.0)).label("value_ly_full"),
        )
        .select_from(joined)
        .where(and_(*where))
    )
    if level != "total":
        stmt = stmt.group_by(key, *([src.c.month] if by_month else []))
    elif by_month:
        stmt = stmt.group_by(src.c.month)
    return stmt


def _names(keys: list, level: str, lang: str) -> dict[str, list]:
    """name (full, for tables), short (for charts: ``Dimensions.short_name_of``) and
    concern_id (the colour, for concern and enterprise rows) of each key."""
    if level == "total":
        return {"name": ["total"] * len(keys), "short": ["total"] * len(keys)}
    dims = dimensions()
    names, shorts = dims.name_of(level, lang), dims.short_name_of(level, lang)
    out = {"name": [names.get(k, str(k)) for k in keys],
           "short": [shorts.get(k, str(k)) for k in keys]}
    if level in ("heading", "chapter"):
        out["name"] = [f"{k} {n}" for k, n in zip(keys, out["name"])]
        out["short"] = [f"{k} {n}" for k, n in zip(keys, out["short"])]
    if level == "enterprise":
        concern_of = dims.concern_of_enterprise()
        out["concern_id"] = [concern_of.get(k) for k in keys]
    elif level == "concern":
        out["concern_id"] = list(keys)
    return out


def _districts_from_regions(f: ExportFilter) -> bool:
    """Whether the district level is better read as sums by region added up by the
    regions' districts: when both levels read the same table and it has no
    ``district_id`` (then the district level joins ``ru_region`` only to group by it,
    and that join cost as much as the sums — 10M rows, DuckDB, the year's exports by
    district: 7.0 ms joined, 4.1 ms by region)."""
    src = _source(_needs(f, "district"))
    return "district_id" not in src.c and src is _source(_needs(f, "region"))


def _regions_to_districts(raw: pd.DataFrame) -> pd.DataFrame:
    """``_sums`` rows by region (key, value, value_ly, value_ly_full) summed by each
    region's federal district (the reference list). A region without a district row
    is left out, as the join on ``ru_region`` leaves it out."""
    district_of = dimensions().district_of_region()
    sums: dict[str, list[float]] = {}
    for r, v, ly, full in zip(raw["key"].tolist(), raw["value"].tolist(),
                              raw["value_ly"].tolist(), raw["value_ly_full"].tolist()):
        d = district_of.get(r)
        if d is None:
            continue
        acc = sums.setdefault(d, [0.0, 0.0, 0.0])
        acc[0] += float(v or 0.0)
        acc[1] += float(ly or 0.0)
        acc[2] += float(full or 0.0)
    keys = list(sums)
    return pd.DataFrame({"key": keys, "value": [sums[k][0] for k in keys],
                         "value_ly": [sums[k][1] for k in keys],
                         "value_ly_full": [sums[k][2] for k in keys]})


def breakdown(f: ExportFilter, level: str, lang: str = "en") -> pd.DataFrame:
    """Exports of the period by one level, largest first.

    Columns: key, name, value, value_ly, value_ly_full, change, change_pct,
    share_pct (of the period's total), and concern_id for the concern and enterprise
    levels (so that every chart colours a concern the same way). Rows with neither
    this year's nor last year's value are left out.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if level == "district" and _districts_from_regions(f):
        raw = _regions_to_districts(run(_sums(f, "region"), name="breakdown_district"))
    else:
        # the long levels through DuckDB's column fetch (2,000 enterprises: 4.3 →
        # 2.7 ms); a few dozen rows come as fast as Python rows, a little faster
        raw = run(_sums(f, level), name=f"breakdown_{level}",
                  columnar=level in ("enterprise", "heading"))
    # numpy arrays and plain lists: column-by-column pandas work on small frames cost
    # more than the query itself
    value = raw["value"].to_numpy(float)
    value_ly = raw["value_ly"].to_numpy(float)
    keep = (value != 0) | (value_ly != 0)
    keys = [k for k, kept in zip(raw["key"].tolist(), keep.tolist()) if kept]
    if level == "enterprise":
        keys = [int(k) for k in keys]
    value, value_ly = value[keep], value_ly[keep]
    total = value.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        cols = {
            "key": keys, "value": value, "value_ly": value_ly,
            "value_ly_full": raw["value_ly_full"].to_numpy(float)[keep],
            "change": value - value_ly,
            "change_pct": np.where(value_ly > 0, (value / value_ly - 1) * 100, np.nan),
            "share_pct": value / total * 100 if total else np.full(len(keys), np.nan),
        }
    cols.update(_names(keys, level, lang))
    return frame_in_order(cols, -value, keys)


def frame_in_order(cols: dict, *sort_keys) -> pd.DataFrame:
    """A frame of ``cols`` (equal-length numpy arrays and lists) with its rows ordered
    by ``sort_keys``, the first the most significant, each ascending (negate a number
    for descending), ties by the next: one ``np.lexsort`` and one frame, instead of a
    frame sorted and re-indexed (a Python ``sorted`` over 2,000 enterprises and the
    frame's ``iloc`` cost ~1.7 ms a call)."""
    arrays = [np.asarray(k) for k in sort_keys]
    if any(a.dtype == object for a in arrays):  # mixed or missing keys: Python's order
        order = sorted(range(len(arrays[0])), key=lambda i: tuple(a[i] for a in arrays))
        order = np.asarray(order, dtype=int)
    else:
        order = np.lexsort(arrays[::-1]) if len(arrays[0]) else np.zeros(0, dtype=int)
    return pd.DataFrame({c: [v[i] for i in order.tolist()] if isinstance(v, list)
                         else np.asarray(v)[order] for c, v in cols.items()})


_ASK = object()  # "look the target up": None is a valid target (no target applies)


def monthly_rows(f: ExportFilter) -> pd.DataFrame:
    """The query of ``monthly`` (this year's and last year's months of the filter), for
    a caller that runs it beside its other queries and passes it as ``rows``."""
    return run(_sums(f.with_(month_from=1, month_to=12), "month"), name="monthly")


def monthly(f: ExportFilter, target: float | None = _ASK,
            rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Twelve rows, one per calendar month of the filter's year.

    Columns: month (1–12), value (this year; NaN outside the chosen months), value_all
    (this year whatever the chosen months; 0 where there is none: the forecast's
    input), value_ly (the whole previous year), target (target path: last year's month × the target's
    growth factor, so the target is phased by last year's seasonality; NaN when no
    target applies to the filter), cum_value, cum_value_ly, cum_target (running sums
    from the first chosen month). ``rows``: ``monthly_rows(f)`` when the caller has run
    it already.
    """
    df = monthly_rows(f) if rows is None else rows
    # numpy over the (at most 24) rows: a dozen pandas steps on a 12-row frame cost more
    # than the query (this runs on the Overview, the cards and several agenda steps)
    value_all, value_ly = np.zeros(12), np.zeros(12)
    for key, v, v_ly in zip(df["key"].tolist(), df["value"].tolist(),
                            df["value_ly"].tolist()):
        d = pd.Timestamp(key)
        if d.year == f.year:
            value_all[d.month - 1] = 0.0 if v is None or v != v else float(v)
        elif d.year == f.year - 1:
            value_ly[d.month - 1] = 0.0 if v_ly is None or v_ly != v_ly else float(v_ly)
    month = np.arange(1, 13)
    in_range = (month >= f.month_from) & (month <= f.month_to)
    from_mask = month >= f.month_from
    if target is _ASK:  # callers that have ``target_value(f)`` already pass it
        target = target_value(f)
    ly_total = value_ly.sum()
    factor = target / ly_total if (target is not None and ly_total > 0) else np.nan
    target_path = value_ly * factor

    def running(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.where(mask, np.cumsum(np.where(mask, values, 0.0)), np.nan)

    return pd.DataFrame({
        "month": month, "value": np.where(in_range, value_all, np.nan),
        "value_all": value_all, "value_ly": value_ly, "target": target_path,
        "cum_value": running(value_all, in_range),
        "cum_value_ly": running(value_ly, from_mask),
        "cum_target": running(target_path, from_mask)})


def target_basis(f: ExportFilter) -> str:
    """Which target applies to the filter — one national target, split two ways:

    "national" (nothing but the period filtered: the sum of the concerns' targets,
    which the oblasts' targets add up to as well), "scope" (a user limited to some
    concerns, or to some oblasts: the sum of theirs), "concerns" (only concerns
    filtered: the sum of theirs), "oblasts" (only Belarusian oblasts: the sum of
    theirs), or "finer" (an enterprise, a product, a Russian region, industry, or
    concerns and oblasts together — also a scope of concerns and oblasts together, or
    a concern filtered inside an oblast scope: no target is set at that level).
    """
    scope = f.scope
    by_concern = scope is None or not scope.oblasts    # the scope is whole concerns
    by_oblast = scope is None or not scope.concerns    # the scope is whole oblasts
    if f.only_concerns():
        if f.concerns:
            return "concerns" if by_concern else "finer"
        if scope is None:
            return "national"
        return "scope" if by_concern or by_oblast else "finer"
    if f.oblasts and not (f.concerns or f.needs_enterprise() or f.needs_region()
                          or f.needs_product()) and by_oblast:
        return "oblasts"
    return "finer"


def target_value(f: ExportFilter) -> float | None:
    """The year's export target for the filter (see ``target_basis``), or None where no
    target is set: at a finer level, or when one of the filtered concerns or oblasts
    has no target for the year (a partial sum would pass for the whole)."""
    basis = target_basis(f)
    if basis == "scope" and f.scope.oblasts:
        table, col, codes = target_oblast, target_oblast.c.oblast_id, f.scope.oblasts
    elif basis in ("national", "scope", "concerns"):
        table, col, codes = target_concern, target_concern.c.concern_id, f.concerns
    elif basis == "oblasts":
        table, col, codes = target_oblast, target_oblast.c.oblast_id, f.oblasts
    else:
        return None
    stmt = select(func.sum(table.c.value_usd).label("t"),
                  func.count(func.distinct(col)).label("n")).where(table.c.year == f.year)
    if codes:
        stmt = stmt.where(col.in_(codes))
    if f.scope is not None and table is target_concern:
        stmt = stmt.where(col.in_(f.scope.concerns))
    df = run(stmt, name="target")
    value, n = df["t"].iloc[0], df["n"].iloc[0]
    if value is None or pd.isna(value) or (codes and int(n) < len(set(codes))):
        return None
    return float(value)


def concern_targets(year: int) -> pd.DataFrame:
    """Columns: concern_id, target, target_growth_pct — the year's target by concern
    (read once per data version: a page asks for it several times)."""
    def build():
        df = run(select(target_concern.c.concern_id,
                        target_concern.c.value_usd.label("target"),
                        target_concern.c.growth_pct.label("target_growth_pct"))
                 .where(target_concern.c.year == year), name="concern_targets")
        return df.astype({"target": float, "target_growth_pct": float})
    return reference_list(f"concern_targets_{int(year)}", build)


def oblast_targets(year: int) -> pd.DataFrame:
    """Columns: oblast_id, target, target_growth_pct — the year's target by oblast
    (read once per data version)."""
    def build():
        df = run(select(target_oblast.c.oblast_id, target_oblast.c.value_usd.label("target"),
                        target_oblast.c.growth_pct.label("target_growth_pct"))
                 .where(target_oblast.c.year == year), name="oblast_targets")
        return df.astype({"target": float, "target_growth_pct": float})
    return reference_list(f"oblast_targets_{int(year)}", build)


# -- the full-year forecast (method and backtest in queries/forecast.py) -------------
def as_of_month(f: ExportFilter) -> int:
    """How many of the filter's year's months are complete (0–12): the forecast uses
    all of them, whatever the period's ``from`` and ``to`` say."""
    dims = dimensions()
    last = dims.complete_month or dims.latest_month
    if last is None or f.year > last.year:
        return 0
    return 12 if f.year < last.year else last.month


def monthly_by_concern(f: ExportFilter) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(this year, last year): concern × month (columns 1–12) frames of the filter's
    exports over the whole of both years, whatever its months."""
    df = run(_sums(f.with_(month_from=1, month_to=12), "concern", by_month=True),
             name="monthly_by_concern")
    month = pd.to_datetime(df["month"])
    keys = sorted(set(df["key"].tolist()))
    row = {k: i for i, k in enumerate(keys)}
    rows = np.array([row[k] for k in df["key"].tolist()], dtype=int)
    cols = month.dt.month.to_numpy() - 1
    years = month.dt.year.to_numpy()

    def grid(col: str, year: int) -> pd.DataFrame:
        # numpy scatter: a pivot_table here cost more than the query
        out = np.zeros((len(keys), 12))
        sel = years == year
        np.add.at(out, (rows[sel], cols[sel]), df[col].to_numpy(float)[sel])
        return pd.DataFrame(out, index=keys, columns=range(1, 13))
    return grid("value", f.year), grid("value_ly", f.year - 1)


def monthly_history(scope: Scope | None = None) -> pd.DataFrame:
    """Every month of the data by concern (within ``scope``): columns concern_id, year,
    month, value."""
    src = exports_by_concern_region
    stmt = select(src.c.concern_id, src.c.month, func.sum(src.c.value_usd).label("value"))
    if scope is not None:
        stmt = stmt.where(scope.condition(src.c.concern_id, src.c.oblast_id))
    df = run(stmt.group_by(src.c.concern_id, src.c.month), name="monthly_history")
    month = pd.to_datetime(df["month"])
    return pd.DataFrame({"concern_id": df["concern_id"], "year": month.dt.year,
                         "month": month.dt.month, "value": df["value"].astype(float)})


_backtests: dict = {}
_backtests_lock = threading.Lock()


def backtest_tables(scope: Scope | None = None) -> dict[str, pd.DataFrame]:
    """The forecast's backtest on the data at hand, per data version (computed once:
    one small query, then pure pandas). Keys "total" (the national total, or the
    scope's) and "concerns" (every concern-year a case), each with "new" and "old"
    (the year-to-date method it replaced) tables of ``forecast.backtest``."""
    key = (data_version(), scope)
    with _backtests_lock:
        if key in _backtests:
            return _backtests[key]
    hist = monthly_history(scope)
    dims = dimensions()
    last = dims.complete_month or dims.latest_month
    last_year = (last.year if last is not None and last.month == 12
                 else (last.year - 1 if last is not None else 0))
    total = hist.groupby(["year", "month"], as_index=False)["value"].sum().assign(unit="total")
    by_concern = hist.rename(columns={"concern_id": "unit"})
    out = {}
    for name, frame in (("total", total), ("concerns", by_concern)):
        out[name] = {m: forecast.backtest(frame, last_year, m) for m in ("momentum", "ytd")}
        out[name] = {"new": out[name]["momentum"], "old": out[name]["ytd"]}
    with _backtests_lock:
        if len(_backtests) > 16:
            _backtests.clear()
        _backtests[key] = out
    return out


def with_fulfilment(df: pd.DataFrame, target: pd.Series,
                    forecasts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add target, fulfilment and forecast columns to rows of key / value / value_ly /
    value_ly_full (see ``kpis`` for the definitions). ``forecasts``: forecast and
    forecast_method by key (``forecast.forecast_units``); without it NaN."""
    # numpy, one assignment: column-by-column pandas cost more than the queries
    value = df["value"].to_numpy(float)
    value_ly = df["value_ly"].to_numpy(float)
    ly_full = df["value_ly_full"].to_numpy(float)
    tgt = target.to_numpy(float)
    keys = df["key"].tolist()
    if forecasts is not None:
        fc_of = dict(zip(forecasts.index.tolist(), forecasts["forecast"].tolist()))
        how_of = dict(zip(forecasts.index.tolist(), forecasts["forecast_method"].tolist()))
        fc = np.array([fc_of.get(k, np.nan) for k in keys], dtype=float)
        how = [how_of.get(k) for k in keys]
    else:
        fc, how = np.full(len(keys), np.nan), [None] * len(keys)
    with np.errstate(divide="ignore", invalid="ignore"):
        due = tgt * np.where(ly_full > 0, value_ly / ly_full, np.nan)
        pro_rata = np.where(due > 0, value / due * 100, np.nan)
        cols = {
            "target": tgt, "target_due": due, "fulfilment_pro_rata_pct": pro_rata,
            "fulfilment_year_pct": np.where(tgt > 0, value / tgt * 100, np.nan),
            "forecast": fc, "forecast_method": how,
            "forecast_vs_target_pct": np.where(tgt > 0, fc / tgt * 100, np.nan),
            "status": [status_of(v) for v in pro_rata.tolist()],
        }
    extra = pd.DataFrame(cols, index=df.index)
    return pd.concat([df.drop(columns=[c for c in cols if c in df.columns]), extra], axis=1)


def status_of(fulfilment_pro_rata_pct: float) -> str:
    if fulfilment_pro_rata_pct is None or pd.isna(fulfilment_pro_rata_pct):
        return "no_target"
    if fulfilment_pro_rata_pct >= STATUS_ON_TRACK:
        return "on_track"
    if fulfilment_pro_rata_pct >= STATUS_AT_RISK:
        return "at_risk"
    return "behind"


def kpis(f: ExportFilter, by_concern: pd.DataFrame | None = None,
         target: float | None = _ASK, series: pd.DataFrame | None = None) -> dict:
    """The headline figures of the filter's period, as a dict:

    value, value_ly, change, growth_pct; target (the year's, None where none applies)
    and target_basis (``target_basis``); target_due (the target path summed over the
    period: the target phased by last year's seasonality), fulfilment_pro_rata_pct
    (value / target_due: *fulfilment to date*), fulfilment_year_pct (value / target);
    forecast — the full-year forecast of ``queries/forecast.py`` from every complete
    month of the year (as_of of them) and last year's months; forecast_method (actual,
    seasonal, run_rate, no_months); forecast_vs_target_pct; status (on_track ≥ 100 %
    pro rata, at_risk ≥ 95 %, behind).

    ``by_concern``: the same filter's ``breakdown`` by concern, when the caller has it
    already; the totals are then its sums instead of another query. ``series``: the
    filter's ``monthly`` likewise.
    """
    if by_concern is not None:
        total = by_concern[["value", "value_ly", "value_ly_full"]].sum().to_frame().T
    else:
        total = run(_sums(f, "total"), name="kpi_total")
    total = total.astype({"value": float, "value_ly": float, "value_ly_full": float})
    total["key"] = "total"
    if target is _ASK:
        target = target_value(f)
    if series is None:
        series = monthly(f, target)
    as_of = as_of_month(f)
    value, how = forecast.forecast_year(series["value_all"], series["value_ly"], as_of)
    fc = pd.DataFrame({"forecast": [value], "forecast_method": [how]}, index=["total"])
    row = with_fulfilment(total, pd.Series([np.nan if target is None else target]), fc)
    out = row.iloc[0].to_dict()
    out.pop("key", None)
    out["change"] = out["value"] - out["value_ly"]
    out["growth_pct"] = ((out["value"] / out["value_ly"] - 1) * 100
                         if out["value_ly"] > 0 else np.nan)
    out["target"] = target
    out["target_basis"] = target_basis(f)
    out["as_of"] = as_of
    return out


def league(f: ExportFilter, lang: str = "en",
           by_month: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Concerns ranked by this year's value, with their targets and forecasts.

    Columns: those of ``breakdown`` at the concern level plus target,
    target_growth_pct, target_due, fulfilment_pro_rata_pct, fulfilment_year_pct,
    forecast, forecast_method, forecast_vs_target_pct, status; and each concern's
    latest expected full-year figure (``expectations.with_expectations``): expected,
    expected_month, expected_vs_target_pct, expectation_gap_pts, expectation_flag.
    Targets (and expectations) apply only when the filter is limited to concerns (see
    ``target_value``); otherwise those columns are NaN. ``by_month``: the filter's
    ``monthly_by_concern`` when the caller has it (else it is queried).
    """
    from .expectations import with_expectations  # it reads target_basis from here

    df = breakdown(f, "concern", lang)
    if f.only_concerns():
        targets = concern_targets(f.year).set_index("concern_id")
        tgt = df["key"].map(targets["target"])
        df["target_growth_pct"] = df["key"].map(targets["target_growth_pct"])
    else:
        tgt = pd.Series(np.nan, index=df.index)
        df["target_growth_pct"] = np.nan
    cur, ly = by_month if by_month is not None else monthly_by_concern(f)
    fc = forecast.forecast_units(cur, ly, as_of_month(f))
    return with_expectations(with_fulfilment(df, tgt, fc), f)

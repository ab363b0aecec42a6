"""Export figures: KPIs, monthly series and breakdowns by either hierarchy.

Every function takes an ``ExportFilter`` and returns a DataFrame whose columns are
listed in its docstring. Values are USD. "Last year" always means the same months of
the previous year. SQL is built with SQLAlchemy Core from fixed column lists; filter
values are bound parameters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select

from .dimensions import dimensions
from .engine import run
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


def _sums(f: ExportFilter, level: str):
    """SELECT of key + value, value_ly, value_ly_full for one level ('total': one row)."""
    src = _source(_needs(f, level))
    joined = src
    if "concern_id" in src.c:
        concern_col, oblast_col = src.c.concern_id, src.c.oblast_id
        industrial_col = src.c.is_industrial
    else:
        joined = joined.join(enterprise, src.c.enterprise_id == enterprise.c.enterprise_id)
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
    where = [or_(cur, ly_year)]
    if f.scope is not None:
        where.append(concern_col.in_(f.scope))
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
        where.append(func.substr(src.c.heading_id, 1, 2).in_(f.chapters))
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
    stmt = (
        select(
            key.label("key"),
            func.sum(case((cur, value), else_=0.0)).label("value"),
            func.sum(case((ly, value), else_=0.0)).label("value_ly"),
            func.sum(case((ly_year, value), else_=0.0)).label("value_ly_full"),
        )
        .select_from(joined)
        .where(and_(*where))
    )
    if level != "total":
        stmt = stmt.group_by(key)
    return stmt


def _names(keys: list, level: str, lang: str) -> dict[str, list]:
    """name (and concern_id, the colour, for concern and enterprise rows) of each key."""
    if level == "total":
        return {"name": ["total"] * len(keys)}
    dims = dimensions()
    names = dims.name_of(level, lang)
    out = {"name": [names.get(k, str(k)) for k in keys]}
    if level in ("heading", "chapter"):
        out["name"] = [f"{k} {n}" for k, n in zip(keys, out["name"])]
    if level == "enterprise":
        concern_of = dims.concern_of_enterprise()
        out["concern_id"] = [concern_of.get(k) for k in keys]
    elif level == "concern":
        out["concern_id"] = list(keys)
    return out


def breakdown(f: ExportFilter, level: str, lang: str = "en") -> pd.DataFrame:
    """Exports of the period by one level, largest first.

    Columns: key, name, value, value_ly, value_ly_full, change, change_pct,
    share_pct (of the period's total), and concern_id for the concern and enterprise
    levels (so that every chart colours a concern the same way). Rows with neither
    this year's nor last year's value are left out.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    raw = run(_sums(f, level), name=f"breakdown_{level}")
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
    order = sorted(range(len(keys)), key=lambda i: (-value[i], keys[i]))
    df = pd.DataFrame(cols)
    return df.iloc[order].reset_index(drop=True)


_ASK = object()  # "look the target up": None is a valid target (no target applies)


def monthly(f: ExportFilter, target: float | None = _ASK) -> pd.DataFrame:
    """Twelve rows, one per calendar month of the filter's year.

    Columns: month (1–12), value (this year; NaN outside the chosen months), value_ly
    (the whole previous year), target (target path: last year's month × the target's
    growth factor, so the target is phased by last year's seasonality; NaN when no
    target applies to the filter), cum_value, cum_value_ly, cum_target (running sums
    from the first chosen month).
    """
    full = f.with_(month_from=1, month_to=12)
    df = run(_sums(full, "month"), name="monthly")
    months = pd.to_datetime(df["key"])
    cur = df[months.dt.year == f.year].assign(month=months.dt.month)
    prev = df[months.dt.year == f.year - 1].assign(month=months.dt.month)
    out = pd.DataFrame({"month": range(1, 13)})
    out["value"] = out["month"].map(dict(zip(cur["month"], cur["value"].astype(float))))
    out.loc[(out["month"] < f.month_from) | (out["month"] > f.month_to), "value"] = np.nan
    in_range = (out["month"] >= f.month_from) & (out["month"] <= f.month_to)
    out.loc[in_range, "value"] = out.loc[in_range, "value"].fillna(0.0)
    out["value_ly"] = out["month"].map(
        dict(zip(prev["month"], prev["value_ly"].astype(float)))).fillna(0.0)
    if target is _ASK:  # callers that have ``target_value(f)`` already pass it
        target = target_value(f)
    ly_total = out["value_ly"].sum()
    factor = target / ly_total if (target is not None and ly_total > 0) else np.nan
    out["target"] = out["value_ly"] * factor
    from_mask = out["month"] >= f.month_from
    out["cum_value"] = out["value"].where(in_range).cumsum().where(in_range)
    out["cum_value_ly"] = out["value_ly"].where(from_mask).cumsum()
    out["cum_target"] = out["target"].where(from_mask).cumsum()
    return out


def target_value(f: ExportFilter) -> float | None:
    """The year's export target for the filter, or None where no target is set.

    Targets exist by concern and by Belarusian oblast. With only concerns filtered (or
    nothing), the target is the sum over those concerns (within the access scope);
    with only oblasts filtered, the sum over those oblasts; anything finer (an
    enterprise, a product, a Russian region, or concerns and oblasts together) has no
    target of its own.
    """
    if f.only_concerns():
        stmt = select(func.sum(target_concern.c.value_usd).label("t")).where(
            target_concern.c.year == f.year)
        if f.concerns:
            stmt = stmt.where(target_concern.c.concern_id.in_(f.concerns))
        if f.scope is not None:
            stmt = stmt.where(target_concern.c.concern_id.in_(f.scope))
    elif f.oblasts and not (f.concerns or f.enterprises or f.needs_region()
                            or f.needs_product()) and f.scope is None:
        stmt = select(func.sum(target_oblast.c.value_usd).label("t")).where(
            target_oblast.c.year == f.year, target_oblast.c.oblast_id.in_(f.oblasts))
    else:
        return None
    df = run(stmt, name="target")
    value = df["t"].iloc[0]
    return None if value is None or pd.isna(value) else float(value)


def concern_targets(year: int) -> pd.DataFrame:
    """Columns: concern_id, target, target_growth_pct — the year's target by concern."""
    df = run(select(target_concern.c.concern_id, target_concern.c.value_usd.label("target"),
                    target_concern.c.growth_pct.label("target_growth_pct"))
             .where(target_concern.c.year == year), name="concern_targets")
    return df.astype({"target": float, "target_growth_pct": float})


def with_fulfilment(df: pd.DataFrame, target: pd.Series) -> pd.DataFrame:
    """Add target, fulfilment and forecast columns to rows of value / value_ly /
    value_ly_full (see ``kpis`` for the definitions)."""
    df = df.copy()
    df["target"] = target.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ly_share = np.where(df["value_ly_full"] > 0, df["value_ly"] / df["value_ly_full"],
                            np.nan)
        due = df["target"] * ly_share
        df["target_due"] = due
        df["fulfilment_pro_rata_pct"] = np.where(due > 0, df["value"] / due * 100, np.nan)
        df["fulfilment_year_pct"] = np.where(df["target"] > 0,
                                             df["value"] / df["target"] * 100, np.nan)
        growth = np.where(df["value_ly"] > 0, df["value"] / df["value_ly"], np.nan)
        df["forecast"] = df["value"] + (df["value_ly_full"] - df["value_ly"]) * growth
        df["forecast_vs_target_pct"] = np.where(df["target"] > 0,
                                                df["forecast"] / df["target"] * 100, np.nan)
    df["status"] = [status_of(v) for v in df["fulfilment_pro_rata_pct"]]
    return df


def status_of(fulfilment_pro_rata_pct: float) -> str:
    if fulfilment_pro_rata_pct is None or pd.isna(fulfilment_pro_rata_pct):
        return "no_target"
    if fulfilment_pro_rata_pct >= STATUS_ON_TRACK:
        return "on_track"
    if fulfilment_pro_rata_pct >= STATUS_AT_RISK:
        return "at_risk"
    return "behind"


def kpis(f: ExportFilter, by_concern: pd.DataFrame | None = None,
         target: float | None = _ASK) -> dict:
    """The headline figures of the filter's period, as a dict:

    value, value_ly, change, growth_pct; target (the year's, None where none applies),
    target_due (the target's share due by the period's end, phased by last year's
    seasonality), fulfilment_pro_rata_pct (value / target_due), fulfilment_year_pct
    (value / target); forecast — the full-year forecast: this year's value so far plus
    last year's remaining months scaled by this year's growth so far; and
    forecast_vs_target_pct; status (on_track ≥ 100 % pro rata, at_risk ≥ 95 %, behind).

    ``by_concern``: the same filter's ``breakdown`` by concern, when the caller has it
    already; the totals are then its sums instead of another query.
    """
    if by_concern is not None:
        total = by_concern[["value", "value_ly", "value_ly_full"]].sum().to_frame().T
    else:
        total = run(_sums(f, "total"), name="kpi_total")
    total = total.astype({"value": float, "value_ly": float, "value_ly_full": float})
    if target is _ASK:
        target = target_value(f)
    row = with_fulfilment(total, pd.Series([np.nan if target is None else target]))
    out = row.iloc[0].to_dict()
    out.pop("key", None)
    out["change"] = out["value"] - out["value_ly"]
    out["growth_pct"] = ((out["value"] / out["value_ly"] - 1) * 100
                         if out["value_ly"] > 0 else np.nan)
    out["target"] = target
    return out


def league(f: ExportFilter, lang: str = "en") -> pd.DataFrame:
    """Concerns ranked by this year's value, with their targets.

    Columns: those of ``breakdown`` at the concern level plus target,
    target_growth_pct, target_due, fulfilment_pro_rata_pct, fulfilment_year_pct,
    forecast, forecast_vs_target_pct, status. Targets apply only when the filter is
    limited to concerns (see ``target_value``); otherwise the target columns are NaN.
    """
    df = breakdown(f, "concern", lang)
    if f.only_concerns():
        targets = concern_targets(f.year).set_index("concern_id")
        tgt = df["key"].map(targets["target"])
        df["target_growth_pct"] = df["key"].map(targets["target_growth_pct"])
    else:
        tgt = pd.Series(np.nan, index=df.index)
        df["target_growth_pct"] = np.nan
    return with_fulfilment(df, tgt)

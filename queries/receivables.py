"""Receivables from Russian debtors: month-end positions, their ageing, causes and trend.

Receivables are positions, not flows: every figure is the amount owed at the end of a
month, never a sum over months. The definitions every function shares:

- *latest month end* — the end of the filter's last month (``f.end``); the filter's
  first month does not apply (a position has no period).
- *last month* — the end of the month before; *start of the year* — the end of
  December of the previous year (so in January both are the same month end).
- *overdue* — past the contractual payment date; split by age since it fell due into
  up to 30, 31–90, 91–180 and over 180 days (the four buckets add up to overdue).
- *cause* — the reason recorded for the overdue amount; ``receivable_cause`` splits
  each position's overdue amount by cause, ``receivable.main_cause`` is the largest.

Filters that apply: concerns, enterprises, Belarusian oblasts (the enterprise's),
industrial only, federal districts and regions (of the Russian debtor), and the access
scope. Filters that do not: HS chapters and headings (receivables are not recorded by
product; the page says so) and distribution subjects (stock only).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, literal, select, tuple_

from .conditions import needs_enterprise_join, owner_conditions
from .dimensions import dimensions
from .engine import run
from .exports import frame_in_order
from .filters import ExportFilter
from .schema import RECEIVABLE_CAUSES, enterprise, receivable, receivable_cause, ru_region

PRODUCT_LEVELS = ("concern", "enterprise")
GEO_LEVELS = ("district", "region")
LEVELS = PRODUCT_LEVELS + GEO_LEVELS + ("oblast", "total")
CAUSES = RECEIVABLE_CAUSES
# Age buckets: result column → column of ``receivable``.
AGE_COLUMNS = {
    "upto_30": "overdue_upto_30_usd",
    "d31_90": "overdue_31_90_usd",
    "d91_180": "overdue_91_180_usd",
    "over_180": "overdue_over_180_usd",
}
AGES = tuple(AGE_COLUMNS)
TREND_MONTHS = 24
TOP_POSITIONS = 15


def _month_shift(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_ends(f: ExportFilter) -> dict[str, date]:
    """The three month ends a position is compared at: latest, last month, year start."""
    return {"latest": f.end, "prev": _month_shift(f.end, -1),
            "ystart": date(f.year - 1, 12, 1)}


def _filtered(f: ExportFilter, table, *, with_district: bool = False,
              with_enterprise: bool = False):
    """FROM clause and WHERE conditions for ``table`` (receivable or receivable_cause)
    under every filter that applies to receivables (see the module docstring). The
    enterprise table is joined only when a filter (or the caller's grouping) needs it:
    the join is most of the cost of the small queries."""
    joined = table
    if with_enterprise or needs_enterprise_join(f):
        joined = joined.join(enterprise, table.c.enterprise_id == enterprise.c.enterprise_id)
    conds = owner_conditions(f, table)
    if f.regions:
        conds.append(table.c.region_id.in_(f.regions))
    if f.districts or with_district:
        joined = joined.join(ru_region, table.c.region_id == ru_region.c.region_id)
        if f.districts:
            conds.append(ru_region.c.district_id.in_(f.districts))
    return joined, conds


def _key(level: str, table):
    return {
        "concern": enterprise.c.concern_id,
        "enterprise": table.c.enterprise_id,
        "oblast": enterprise.c.oblast_id,
        "district": ru_region.c.district_id,
        "region": table.c.region_id,
    }.get(level, literal("total"))


def _at(month: date, column):
    return func.sum(case((receivable.c.month == month, column), else_=0.0))


def _f(v) -> float:
    return 0.0 if v is None or pd.isna(v) else float(v)


def _pct(num, den):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den * 100, np.nan)


def _add_changes(df: pd.DataFrame) -> pd.DataFrame:
    total, overdue = df["total"].to_numpy(), df["overdue"].to_numpy()
    prev, ystart = df["overdue_prev"].to_numpy(), df["overdue_ystart"].to_numpy()
    old = df["d91_180"].to_numpy() + df["over_180"].to_numpy()
    return df.assign(overdue_share_pct=_pct(overdue, total), change_month=overdue - prev,
                     change_ytd=overdue - ystart, change_month_pct=_pct(overdue - prev, prev),
                     change_ytd_pct=_pct(overdue - ystart, ystart),
                     over_90_pct=_pct(old, overdue))


VALUE_COLUMNS = ("total", "overdue", *AGES, "total_prev", "overdue_prev", "total_ystart",
                 "overdue_ystart")


def breakdown(f: ExportFilter, level: str, lang: str = "en") -> pd.DataFrame:
    """Receivables at the latest month end by one level, most overdue first.

    Levels: concern, enterprise, oblast (Belarusian, the enterprise's), district and
    region (Russian, the debtor's), total (one row).
    Columns: key, name, total, overdue, upto_30, d31_90, d91_180, over_180 (overdue by
    age, at the latest month end), total_prev, overdue_prev (last month end),
    total_ystart, overdue_ystart (end of December of the previous year), change_month
    and change_ytd (overdue minus overdue_prev / overdue_ystart), change_month_pct,
    change_ytd_pct (those changes in % of the earlier overdue; NaN where it was 0),
    overdue_share_pct (overdue ÷ total × 100), over_90_pct (overdue older than 90 days
    ÷ overdue × 100), share_pct (of all overdue shown), and concern_id for the concern
    and enterprise levels. Rows with nothing owed at any of the three month ends are
    left out.
    """
    return breakdowns(f, (level,), lang)[level]


# The column that keys each level in the grouped result (never NULL in the tables, so
# a NULL says the row belongs to another grouping set).
KEY_COLUMNS = {"concern": "concern_id", "enterprise": "enterprise_id",
               "oblast": "oblast_id", "district": "district_id", "region": "region_id"}


def breakdowns(f: ExportFilter, levels, lang: str = "en") -> dict[str, pd.DataFrame]:
    """``breakdown`` for several levels at once: {level: DataFrame}. One statement
    (GROUP BY GROUPING SETS, one set per level) reads the table once for all of them;
    a page needs four or five."""
    levels = tuple(dict.fromkeys(levels))
    for level in levels:
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}")
    ends = month_ends(f)
    latest, prev, ystart = ends["latest"], ends["prev"], ends["ystart"]
    r = receivable.c
    keyed = [lvl for lvl in levels if lvl != "total"]
    joined, conds = _filtered(f, receivable, with_district="district" in keyed,
                              with_enterprise=bool({"concern", "oblast"} & set(keyed)))
    sets = [tuple_(_key(lvl, receivable)) for lvl in keyed]
    if "total" in levels:
        sets.append(tuple_())
    if len(sets) == 1:  # one level: a plain GROUP BY (or none, for the total)
        group = list(sets[0].clauses)
    else:
        group = [func.grouping_sets(*sets)]
    stmt = (select(*[_key(lvl, receivable).label(KEY_COLUMNS[lvl]) for lvl in keyed],
                   _at(latest, r.total_usd).label("total"),
                   _at(latest, r.overdue_usd).label("overdue"),
                   *[_at(latest, r[col]).label(name) for name, col in AGE_COLUMNS.items()],
                   _at(prev, r.total_usd).label("total_prev"),
                   _at(prev, r.overdue_usd).label("overdue_prev"),
                   _at(ystart, r.total_usd).label("total_ystart"),
                   _at(ystart, r.overdue_usd).label("overdue_ystart"))
            .select_from(joined)
            .where(and_(r.month.in_(sorted({latest, prev, ystart})), *conds))
            .group_by(*group))
    df = run(stmt, name="receivables_" + "_".join(levels))
    values = df[list(VALUE_COLUMNS)].astype(float)
    # an aggregate over no rows is one row of NULLs: nothing owed is 0, not unknown
    values = values.fillna(0.0)
    key_cols = [KEY_COLUMNS[k] for k in keyed]
    out = {}
    for level in levels:
        if level == "total":
            mask = df[key_cols].isna().all(axis=1).to_numpy() if key_cols else None
            part = values[mask] if mask is not None else values
            part = part.assign(key="total")
            if part.empty:
                part = pd.DataFrame([{"key": "total", **{c: 0.0 for c in VALUE_COLUMNS}}])
        else:
            col = df[KEY_COLUMNS[level]]
            mask = col.notna().to_numpy()
            part = values[mask].assign(key=col[mask].to_numpy())
            part = part[(part["total"] != 0) | (part["total_prev"] != 0)
                        | (part["total_ystart"] != 0)]
            if level == "enterprise":
                part["key"] = part["key"].astype(int)
        out[level] = _finish(part, level, lang)
    return out


def _finish(df: pd.DataFrame, level: str, lang: str) -> pd.DataFrame:
    """One level's rows with the changes, shares and names, most overdue first (then
    the larger total, then the key). Built from numpy arrays into one frame, in the
    columns' usual order (``_add_changes`` and the names column by column, then a
    sort, cost ~1.5 ms more a level; the page has five: 34–38 → 26–30 ms)."""
    cols: dict = {c: df[c].to_numpy(dtype=float) for c in VALUE_COLUMNS}
    keys = df["key"].tolist()
    cols["key"] = keys
    total, overdue = cols["total"], cols["overdue"]
    prev, ystart = cols["overdue_prev"], cols["overdue_ystart"]
    cols.update(overdue_share_pct=_pct(overdue, total), change_month=overdue - prev,
                change_ytd=overdue - ystart, change_month_pct=_pct(overdue - prev, prev),
                change_ytd_pct=_pct(overdue - ystart, ystart),
                over_90_pct=_pct(cols["d91_180"] + cols["over_180"], overdue))
    all_overdue = overdue.sum()
    cols["share_pct"] = (overdue / all_overdue * 100 if all_overdue
                         else np.full(len(keys), np.nan))
    cols.update(_names_of(keys, level, lang))
    return frame_in_order(cols, -overdue, -total, keys)


def _names_of(keys: list, level: str, lang: str) -> dict[str, list]:
    """name, short (for charts) and, for concerns and enterprises, concern_id."""
    if level == "total":
        return {"name": ["total"] * len(keys), "short": ["total"] * len(keys)}
    dims = dimensions()
    names, shorts = dims.name_of(level, lang), dims.short_name_of(level, lang)
    out = {"name": [str(names.get(k, k)) for k in keys],
           "short": [str(shorts.get(k, k)) for k in keys]}
    if level == "enterprise":
        concern_of = dims.concern_of_enterprise()
        out["concern_id"] = [concern_of.get(k) for k in keys]
    elif level == "concern":
        out["concern_id"] = list(keys)
    return out


def position(f: ExportFilter, by: pd.DataFrame | None = None) -> dict:
    """The filter's receivables as one dict with the keys of ``breakdown``'s columns
    (total, overdue, the ages, the previous positions, the changes and shares) plus
    month, month_prev, month_ystart (dates). ``by``: the same filter's ``breakdown`` at
    the concern or enterprise level when the caller has it (every receivable has both,
    so the sums are the totals) — one query fewer."""
    if by is not None:
        df = _add_changes(pd.DataFrame([{c: float(by[c].sum()) for c in VALUE_COLUMNS}]))
    else:
        df = breakdown(f, "total")
    out = {k: v for k, v in df.iloc[0].to_dict().items()
           if k not in ("key", "name", "short", "share_pct")}
    ends = month_ends(f)
    out.update(month=ends["latest"], month_prev=ends["prev"], month_ystart=ends["ystart"])
    return out


def trend(f: ExportFilter, months: int = TREND_MONTHS) -> pd.DataFrame:
    """The last ``months`` month ends up to the latest, oldest first.

    Columns: month (date), total, overdue, overdue_share_pct (overdue ÷ total × 100).
    A month end inside the data without a matching position is 0; month ends before the
    first month with data are left out.
    """
    first = _month_shift(f.end, -(months - 1))
    joined, conds = _filtered(f, receivable)
    r = receivable.c
    stmt = (select(r.month.label("month"), func.sum(r.total_usd).label("total"),
                   func.sum(r.overdue_usd).label("overdue"))
            .select_from(joined)
            .where(and_(r.month.between(first, f.end), *conds))
            .group_by(r.month))
    df = run(stmt, name="receivables_trend")
    df["month"] = pd.to_datetime(df["month"]).dt.date
    start = dimensions().first_month
    all_months = [_month_shift(first, i) for i in range(months)]
    all_months = [m for m in all_months if start is None or m >= start]
    cols = ["total", "overdue"]
    out = (df.set_index("month")[cols].astype(float)
           .reindex(all_months, fill_value=0.0).rename_axis("month").reset_index())
    out["overdue_share_pct"] = _pct(out["overdue"], out["total"])
    return out


def by_cause(f: ExportFilter) -> pd.DataFrame:
    """Overdue receivables at the latest month end by recorded cause, largest first.

    Columns: cause (one of ``CAUSES``), overdue, overdue_ystart (end of December of the
    previous year), change_ytd, share_pct (of the overdue shown). Causes with nothing
    overdue at either month end are left out.
    """
    ends = month_ends(f)
    joined, conds = _filtered(f, receivable_cause)
    c = receivable_cause.c

    def at(month):
        return func.sum(case((c.month == month, c.overdue_usd), else_=0.0))

    stmt = (select(c.cause.label("cause"), at(ends["latest"]).label("overdue"),
                   at(ends["ystart"]).label("overdue_ystart"))
            .select_from(joined)
            .where(and_(c.month.in_([ends["latest"], ends["ystart"]]), *conds))
            .group_by(c.cause))
    df = run(stmt, name="receivables_by_cause")
    df = df.astype({"overdue": float, "overdue_ystart": float})
    df = df[(df["overdue"] != 0) | (df["overdue_ystart"] != 0)].copy()
    df["cause"] = df["cause"].astype(str)
    df["change_ytd"] = df["overdue"] - df["overdue_ystart"]
    total = df["overdue"].sum()
    df["share_pct"] = df["overdue"] / total * 100 if total else np.nan
    return df.sort_values(["overdue", "cause"], ascending=[False, True]).reset_index(drop=True)


def largest_positions(f: ExportFilter, n: int = TOP_POSITIONS, lang: str = "en"
                      ) -> pd.DataFrame:
    """The ``n`` largest overdue positions (one enterprise's debt from one Russian
    region) at the latest month end, largest first (ties by enterprise, then region).

    Columns: enterprise_id, enterprise, concern_id, region_id, region, total, overdue,
    upto_30, d31_90, d91_180, over_180, over_90_pct (overdue older than 90 days ÷
    overdue × 100), main_cause (the cause with the largest share of the overdue amount,
    as recorded). Positions with nothing overdue are left out.
    """
    joined, conds = _filtered(f, receivable)
    r = receivable.c
    # a position is one row of the table (its key is month × enterprise × region)
    stmt = (select(r.enterprise_id, r.region_id, r.total_usd.label("total"),
                   r.overdue_usd.label("overdue"),
                   *[r[col].label(name) for name, col in AGE_COLUMNS.items()],
                   r.main_cause.label("main_cause"))
            .select_from(joined)
            .where(and_(r.month == f.end, r.overdue_usd > 0, *conds))
            .order_by(r.overdue_usd.desc(), r.enterprise_id, r.region_id)
            .limit(max(1, int(n))))
    df = run(stmt, name="receivables_largest")
    df = df.astype({c: float for c in ("total", "overdue", *AGES)})
    df["enterprise_id"] = df["enterprise_id"].astype(int)
    df["region_id"] = df["region_id"].astype(str)
    df["main_cause"] = [None if m is None or pd.isna(m) else str(m) for m in df["main_cause"]]
    df["over_90_pct"] = _pct(df["d91_180"] + df["over_180"], df["overdue"])
    dims = dimensions()
    ent_names = dims.name_of("enterprise", lang)
    concern_of = dims.concern_of_enterprise()
    region_names = dims.name_of("region", lang)
    df["enterprise"] = [str(ent_names.get(e, e)) for e in df["enterprise_id"]]
    df["concern_id"] = [concern_of.get(e) for e in df["enterprise_id"]]
    df["region"] = [str(region_names.get(g, g)) for g in df["region_id"]]
    return df


def no_filter_applies(f: ExportFilter) -> list[str]:
    """Names of the filter fields that are set but do not apply to receivables."""
    return [name for name in ("chapters", "headings", "subjects") if getattr(f, name)]


__all__ = ["AGES", "CAUSES", "GEO_LEVELS", "LEVELS", "PRODUCT_LEVELS", "breakdown",
           "breakdowns",
           "by_cause", "largest_positions", "month_ends", "no_filter_applies", "position",
           "trend"]

"""Negative trends: who loses exports against the same period last year, how much each
contributes to the change of the total, the bridge from last year's total to this
year's, and runs of decline (months in a row below the same month of last year).

Every function takes an ``ExportFilter``; values are USD. "Last year" is the same
months of the previous year. SQL is built with SQLAlchemy Core from fixed column
lists; filter values are bound parameters; the access scope is always enforced.
"""

from __future__ import annotations

import functools
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Date, and_, bindparam, case, func, select

from .conditions import owner_conditions, product_conditions
from .dimensions import dimensions
from .engine import run
from .exports import SOURCES, breakdown, frame_in_order
from .filters import ExportFilter
from .schema import enterprise, ru_region

# The levels whose contributions the page ranks, and the bridge's levels.
CONTRIBUTION_LEVELS = ("concern", "enterprise", "heading", "region")
BRIDGE_TOP = 10          # named steps of the bridge; the rest are summed into "others"
RUN_WINDOW = 24          # runs of decline are counted back at most this many months
RUN_MIN, RUN_MAX, RUN_DEFAULT = 1, 12, 3


def contributions(f: ExportFilter, level: str, lang: str = "en") -> pd.DataFrame:
    """Each item's change on last year and its contribution to the change of the total,
    most negative contribution first.

    Columns: key, name, value (this period), value_ly (same months last year),
    change (value − value_ly), change_pct (change ÷ value_ly × 100; NaN without last
    year), contribution_pp (change ÷ the filter's total last year × 100: percentage
    points of the total's growth rate, so they add up to the total's change in %),
    and concern_id for the concern and enterprise levels. Items with neither value
    are left out. ``level``: concern, enterprise, heading or region (any level of
    ``queries.exports.breakdown`` works). Every filter field applies except
    ``subjects`` (stock only).
    """
    df = breakdown(f, level, lang)  # largest value first, ties by key
    value_ly = df["value_ly"].to_numpy(dtype=float)
    change = df["change"].to_numpy(dtype=float)
    total_ly = float(value_ly.sum())
    text = ("key", "name", "short", "concern_id")  # lists; the numbers as arrays
    cols = {c: df[c].tolist() if c in text else df[c].to_numpy()
            for c in df.columns if c not in ("value_ly_full", "share_pct")}
    cols["contribution_pp"] = (change / total_ly * 100 if total_ly > 0
                               else np.full(len(df), np.nan))
    # the smallest change first, ties by the larger value last year, then the
    # breakdown's own order (a stable sort of it)
    return frame_in_order(cols, change, -value_ly, np.arange(len(df)))


def concerns_from_enterprises(by_enterprise: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``contributions`` at the concern level, summed from the enterprise level's rows
    (pure: the page has those already, and one query less keeps it fast). Same
    columns and order as ``contributions(f, "concern")``; an enterprise counts for the
    concern it belongs to now, as in the query."""
    sums: dict[str, list[float]] = {}
    # plain Python over a thousand rows: pandas' groupby on Arrow strings costs ~10 ms
    for c, v, ly in zip(by_enterprise["concern_id"].tolist(), by_enterprise["value"].tolist(),
                        by_enterprise["value_ly"].tolist()):
        acc = sums.setdefault(c, [0.0, 0.0])
        acc[0] += v
        acc[1] += ly
    keys = [k for k, (v, ly) in sums.items() if v != 0 or ly != 0]
    value = np.array([sums[k][0] for k in keys], dtype=float)
    value_ly = np.array([sums[k][1] for k in keys], dtype=float)
    total_ly = float(value_ly.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        change_pct = np.where(value_ly > 0, (value / value_ly - 1) * 100, np.nan)
    names = dimensions().name_of("concern", lang)
    shorts = dimensions().short_name_of("concern", lang)
    df = pd.DataFrame({"key": keys, "value": value, "value_ly": value_ly,
                       "change": value - value_ly, "change_pct": change_pct,
                       "name": [names.get(k, str(k)) for k in keys],
                       "short": [shorts.get(k, str(k)) for k in keys], "concern_id": keys})
    df["contribution_pp"] = df["change"] / total_ly * 100 if total_ly > 0 else np.nan
    return df.sort_values(["change", "value_ly"], ascending=[True, False],
                          kind="mergesort").reset_index(drop=True)


def bridge_steps(contrib: pd.DataFrame, top: int = BRIDGE_TOP,
                 skip: int = 0) -> pd.DataFrame:
    """The bridge (waterfall) from last year's total to this year's, from the rows of
    ``contributions`` (pure: no query).

    Rows in drawing order: one ``start`` (last year's total), the ``top`` items with
    the largest absolute change as ``step`` rows ordered from the most negative change
    to the most positive, one ``others`` row summing every remaining item (left out
    when nothing remains; a single remaining item is shown by name instead), and one
    ``end`` (this year's total). ``skip`` > 0 shows the next items ("K others" was
    clicked): the ``skip`` largest, shown before, come first as one ``first`` row.
    Columns: kind, key, name, delta (the step's change; the total for start and end),
    contribution_pp, concern_id, base (where the bar starts), level (where it ends;
    start + all deltas = end), n (items in the row).
    """
    keys = contrib["key"].astype(str).tolist()
    # a chart: the short names ("Белнефтехим") where the rows have them
    names = contrib["short" if "short" in contrib.columns else "name"].astype(str).tolist()
    change = contrib["change"].to_numpy(dtype=float)
    pp = contrib["contribution_pp"].to_numpy(dtype=float)
    concern = (contrib["concern_id"].tolist() if "concern_id" in contrib.columns
               else [None] * len(keys))
    total_ly = float(contrib["value_ly"].sum()) if len(contrib) else 0.0
    total = float(contrib["value"].sum()) if len(contrib) else 0.0
    order = np.argsort(-np.abs(change), kind="stable")
    skip = max(0, min(int(skip), len(order) - 1)) if len(order) else 0
    first, order = order[:skip], order[skip:]
    if len(order) == top + 1:
        top += 1
    named = sorted(order[:top], key=lambda i: (change[i], i))
    rest = order[top:]
    rows = [("start", None, "", total_ly, np.nan, None, len(keys))]
    if len(first):
        rows.append(("first", None, "", float(change[first].sum()), float(pp[first].sum()),
                     None, len(first)))
    rows += [("step", keys[i], names[i], change[i], pp[i], concern[i], 1) for i in named]
    if len(rest):
        rows.append(("others", None, "", float(change[rest].sum()), float(pp[rest].sum()),
                     None, len(rest)))
    out = pd.DataFrame(rows, columns=["kind", "key", "name", "delta", "contribution_pp",
                                      "concern_id", "n"])
    steps = out["delta"].where(out["kind"] != "start", 0.0)
    out["level"] = total_ly + steps.cumsum()
    out["base"] = out["level"] - steps
    out.loc[0, ["base", "level"]] = (0.0, total_ly)
    end = {"kind": "end", "key": None, "name": "", "delta": total, "contribution_pp": np.nan,
           "concern_id": None, "n": len(keys), "base": 0.0, "level": total}
    return pd.concat([out, pd.DataFrame([end])], ignore_index=True)


def bridge_level(f: ExportFilter) -> str:
    """The bridge goes through the concerns; with one concern chosen, through its
    enterprises; with one enterprise, through its products (HS headings)."""
    if len(f.enterprises) == 1:
        return "heading"
    if len(f.concerns) == 1:
        return "enterprise"
    return "concern"


# -- runs of decline ---------------------------------------------------------------------
def _month_back(d: date, k: int) -> date:
    m = d.year * 12 + d.month - 1 - k
    return date(m // 12, m % 12 + 1, 1)


def _source(f: ExportFilter):
    """The smallest export table with the enterprise and whatever the filter needs."""
    needs = {"enterprise"}
    if f.regions:
        needs.add("region")
    if f.districts:
        needs.add("district")
    if f.needs_product():
        needs.add("product")
    return next(table for table, has in SOURCES if "enterprise" in has and needs <= has)


def _conditions(f: ExportFilter, src) -> list:
    conds = owner_conditions(f, src) + product_conditions(f, src)
    if f.districts:
        district = src.c.district_id if "district_id" in src.c else ru_region.c.district_id
        conds.append(district.in_(f.districts))
    if f.regions:
        conds.append(src.c.region_id.in_(f.regions))
    return conds


@functools.cache
def _month_columns(src, back: int) -> tuple:
    """``decline_runs``' columns b0…b{back−1} of ``src``: the sum of one month each,
    the months bound by name (run_month_0, …) so that the 36 CASE expressions are built
    once per table, not on every call (~4 ms of SQLAlchemy objects a call)."""
    return tuple(func.sum(case((src.c.month == bindparam(f"run_month_{k}", type_=Date),
                                src.c.value_usd), else_=0.0)).label(f"b{k}")
                 for k in range(back))


def decline_runs(f: ExportFilter, min_run: int = RUN_DEFAULT, lang: str = "en"
                 ) -> pd.DataFrame:
    """Enterprises whose monthly exports have been below the same month of last year
    for at least ``min_run`` months in a row, ending at the filter's last month.

    A month counts as "below" when the enterprise's exports that month (0 if none) are
    strictly less than in the same month a year earlier; the run is the number of
    consecutive below months ending at ``f.end`` (0 when that month is not below),
    counted back at most ``RUN_WINDOW`` (24) months, so 24 means "24 or more". The run
    may reach back before ``month_from`` and into earlier years: ``month_from`` does
    not apply. Every other filter field applies (products and regions narrow the
    exports counted), except ``subjects`` (stock only).

    Columns: enterprise_id, name, concern_id, run (months), value_run (exports over the
    run's months), value_ly_run (the same months a year earlier), loss (value_run −
    value_ly_run, negative), loss_pct (loss ÷ value_ly_run × 100), last_month (the run's
    last month, ``f.end``). Longest run first, then the largest loss.
    """
    src = _source(f)
    joined = src.join(enterprise, src.c.enterprise_id == enterprise.c.enterprise_id)
    if f.districts and "district_id" not in src.c:
        joined = joined.join(ru_region, src.c.region_id == ru_region.c.region_id)
    back = RUN_WINDOW + 12  # the window's months and the twelve before the oldest
    months = [_month_back(f.end, k) for k in range(back)]
    # one row per enterprise, one column per month back from f.end (0 = f.end): a
    # single scan, and the runs are then counted with numpy; a self-join with a
    # window function did the same in SQL at twice the cost
    stmt = (select(src.c.enterprise_id.label("enterprise_id"), *_month_columns(src, back))
            .select_from(joined)
            .where(and_(src.c.month.between(months[-1], f.end), *_conditions(f, src)))
            .group_by(src.c.enterprise_id))
    raw = run(stmt, {f"run_month_{k}": m for k, m in enumerate(months)},
              name="decline_runs", columnar=True)
    values = raw[[f"b{k}" for k in range(back)]].to_numpy(float).reshape(len(raw), back)
    cur, ly = values[:, :RUN_WINDOW], values[:, 12:12 + RUN_WINDOW]
    below = cur < ly
    # the run: the unbroken prefix of below months, k = 0, 1, 2, …
    run_len = np.where(below.all(axis=1), RUN_WINDOW, np.argmin(below, axis=1))
    in_run = np.arange(RUN_WINDOW)[None, :] < run_len[:, None]
    df = pd.DataFrame({"enterprise_id": raw["enterprise_id"].to_numpy(),
                       "run": run_len, "value_run": (cur * in_run).sum(axis=1),
                       "value_ly_run": (ly * in_run).sum(axis=1)})
    df = df[df["run"] >= int(min_run)].reset_index(drop=True)
    df = df.astype({"enterprise_id": int, "run": int, "value_run": float,
                    "value_ly_run": float})
    df["loss"] = df["value_run"] - df["value_ly_run"]
    with np.errstate(divide="ignore", invalid="ignore"):
        df["loss_pct"] = np.where(df["value_ly_run"] > 0,
                                  df["loss"] / df["value_ly_run"] * 100, np.nan)
    dims = dimensions()
    names = dims.name_of("enterprise", lang)
    concern_of = dims.concern_of_enterprise()
    df["name"] = [names.get(e, str(e)) for e in df["enterprise_id"]]
    df["concern_id"] = [concern_of.get(e) for e in df["enterprise_id"]]
    df["last_month"] = f.end
    df = df.sort_values(["run", "loss", "enterprise_id"], ascending=[False, True, True])
    return df[["enterprise_id", "name", "concern_id", "run", "value_run", "value_ly_run",
               "loss", "loss_pct", "last_month"]].reset_index(drop=True)

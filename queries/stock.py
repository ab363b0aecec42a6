"""Finished-goods stock in the distribution network: month-end positions, days of
cover, the "stock grows while shipments fall" signal, and the 24-month trend.

Definitions (the page shows them in a footnote):

- **Reporting month M** — the filter's last month (``f.end``); stock is at the end of M.
- **Stock cell** — enterprise × HS heading × Russian region where distribution
  subjects hold that enterprise's product at the end of M.
- **Shipments of a cell** — the enterprise's exports of that heading to that region
  (table ``exports``). Stock of tractors in Smolensk is replenished by tractors shipped
  to Smolensk, not by the same enterprise's spare parts or by its shipments to Kazan.
- **Shipments of a subject** — each of its cells' shipments shared among the subjects
  holding that cell in proportion to their stock at the end of M. The shares add up to
  the cell, so concern, enterprise, region and subject figures all add up.
- **Shipments, last 3 months** — months M−2..M; **last year** — the same three months a
  year earlier, for the same cells and the same shares.
- **Days of cover** — stock at the end of M ÷ (shipments over the last 3 months ÷ the
  calendar days of those months). None (NaN) where there were no shipments.
- **Signal: stock grows while shipments fall** — stock at the end of M above stock at
  the end of M − ``base`` months (3 or 12) *and* shipments over the last 3 months below
  the same months last year. Ranked by the stock increase.

Filters: concerns, scope, industrial_only, oblasts and enterprises apply to the
enterprise whose goods are in stock (the concern is the enterprise's, not the
subject's); districts and regions to the region of the distribution subject; chapters
and headings to the product in stock (and so to its shipments); subjects to the
subject holding the stock. ``month_from`` does not apply: stock is a position at a
month end and cover looks back three months from M whatever the period's start.

The database aggregates stock and exports to one row per subject × enterprise and sums
those rows to every level the page asks for in one statement (``levels``), so the
levels agree with each other and the page pays for the join of stock and exports once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import String, and_, case, cast, func, literal, or_, select, union_all

from .conditions import needs_enterprise_join, owner_conditions, product_conditions
from .dimensions import dimensions
from .engine import gather, run
from .filters import ExportFilter
from .schema import dist_subject, enterprise, ru_region, stock
from .schema import exports_stock_cells as exports  # the stocked cells' shipments only

LEVELS = ("concern", "enterprise", "subject", "district", "region", "kind", "total")
BASES = (3, 12)          # months back the stock is compared with
COVER_MONTHS = 3         # shipments window for days of cover
TREND_MONTHS = 24

_KEY_COLUMN = {"concern": "concern_id", "enterprise": "enterprise_id",
               "subject": "subject_id", "district": "district_id", "region": "region_id",
               "kind": "kind"}


def shift(d: date, months: int) -> date:
    """The first of the month ``months`` after (negative: before) ``d``'s month."""
    n = d.year * 12 + d.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def cover_days(m: date) -> int:
    """Calendar days of the cover window: the three months ending with month ``m``."""
    return (shift(m, 1) - shift(m, 1 - COVER_MONTHS)).days


def _stock_rows(f: ExportFilter, months_cond):
    """(joined tables, conditions) for stock rows of the filter, before the subject
    filter: cells and their shares must count every subject holding them."""
    joined = stock.join(dist_subject, stock.c.subject_id == dist_subject.c.subject_id)
    if needs_enterprise_join(f):
        joined = joined.join(enterprise, stock.c.enterprise_id == enterprise.c.enterprise_id)
    conds = [months_cond, *owner_conditions(f, stock), *product_conditions(f, stock)]
    if f.regions:
        conds.append(dist_subject.c.region_id.in_(f.regions))
    if f.districts:
        joined = joined.join(ru_region, dist_subject.c.region_id == ru_region.c.region_id)
        conds.append(ru_region.c.district_id.in_(f.districts))
    return joined, conds


def _cell_join(a, b):
    return and_(a.c.enterprise_id == b.c.enterprise_id, a.c.heading_id == b.c.heading_id,
                a.c.region_id == b.c.region_id)


def _pairs(f: ExportFilter):
    """CTE of stock and shipments by subject × enterprise (see the module docstring),
    with the enterprise's concern and the subject's kind, region and district."""
    m = f.end
    m3, m12 = shift(m, -3), shift(m, -12)
    joined, conds = _stock_rows(f, stock.c.month.in_([m, m3, m12]))
    v = stock.c.value_usd
    st = (select(stock.c.subject_id, stock.c.enterprise_id, stock.c.heading_id,
                 dist_subject.c.region_id,
                 func.sum(case((stock.c.month == m, v), else_=0.0)).label("v"),
                 func.sum(case((stock.c.month == m3, v), else_=0.0)).label("v3"),
                 func.sum(case((stock.c.month == m12, v), else_=0.0)).label("v12"))
          .select_from(joined).where(and_(*conds))
          .group_by(stock.c.subject_id, stock.c.enterprise_id, stock.c.heading_id,
                    dist_subject.c.region_id)
          .cte("st"))
    cells = (select(st.c.enterprise_id, st.c.heading_id, st.c.region_id,
                    func.sum(st.c.v).label("cell_stock"))
             .where(st.c.v > 0)
             .group_by(st.c.enterprise_id, st.c.heading_id, st.c.region_id)
             .cte("cells"))
    start, start_ly = shift(m, 1 - COVER_MONTHS), shift(m, 1 - COVER_MONTHS - 12)
    recent = exports.c.month.between(start, m)
    ev = exports.c.value_usd
    sh = (select(exports.c.enterprise_id, exports.c.heading_id, exports.c.region_id,
                 func.sum(case((recent, ev), else_=0.0)).label("s3"),
                 func.sum(case((recent, 0.0), else_=ev)).label("s3ly"))
          .select_from(exports.join(cells, _cell_join(exports, cells)))
          .where(or_(recent, exports.c.month.between(start_ly, shift(m, -12))))
          .group_by(exports.c.enterprise_id, exports.c.heading_id, exports.c.region_id)
          .cte("sh"))
    share = st.c.v / cells.c.cell_stock
    pairs = (select(st.c.subject_id, st.c.enterprise_id,
                    func.sum(st.c.v).label("stock"),
                    func.sum(st.c.v3).label("stock_3m"),
                    func.sum(st.c.v12).label("stock_12m"),
                    func.sum(func.coalesce(sh.c.s3 * share, 0.0)).label("ship_3m"),
                    func.sum(func.coalesce(sh.c.s3ly * share, 0.0)).label("ship_3m_ly"))
             .select_from(st.outerjoin(cells, _cell_join(st, cells))
                          .outerjoin(sh, _cell_join(st, sh)))
             .group_by(st.c.subject_id, st.c.enterprise_id))
    if f.subjects:
        pairs = pairs.where(st.c.subject_id.in_(f.subjects))
    pairs = pairs.cte("pairs")
    return (select(pairs, enterprise.c.concern_id, dist_subject.c.kind,
                   dist_subject.c.region_id, ru_region.c.district_id)
            .select_from(pairs
                         .join(enterprise, pairs.c.enterprise_id == enterprise.c.enterprise_id)
                         .join(dist_subject, pairs.c.subject_id == dist_subject.c.subject_id)
                         .join(ru_region, dist_subject.c.region_id == ru_region.c.region_id))
            .cte("pos"))


def levels(f: ExportFilter, wanted: Mapping[str, bool], base: int = 3,
           lang: str = "en") -> dict[str, pd.DataFrame]:
    """Stock, change and cover by each level of ``wanted`` (level → True to return only
    the rows flagged "stock grows while shipments fall"), in one statement.

    Returns level → DataFrame, largest stock first (flagged-only levels: largest
    increase first), with columns: key, name, stock (USD at the end of M), stock_base
    (``base`` months earlier), change, change_pct, ship_3m, ship_3m_ly,
    ship_change_pct, cover_days, flag, concern_id (concern and enterprise rows: the
    enterprise's concern; subject rows: the subject's own concern — the row's colour);
    subject rows add kind, region_id, region and subject_concern. Rows without stock at
    either end are left out. Levels: concern, enterprise, subject, district, region,
    kind, total. Definitions: the module docstring.
    """
    if base not in BASES:
        raise ValueError(f"unknown base {base!r}")
    unknown = set(wanted) - set(LEVELS)
    if unknown:
        raise ValueError(f"unknown levels {sorted(unknown)}")
    pos = _pairs(f)
    stock_base = pos.c[f"stock_{base}m"]
    sums = (func.sum(pos.c.stock).label("stock"), func.sum(stock_base).label("stock_base"),
            func.sum(pos.c.ship_3m).label("ship_3m"),
            func.sum(pos.c.ship_3m_ly).label("ship_3m_ly"))
    parts = []
    for level, flagged_only in wanted.items():
        if level == "total":
            parts.append(select(literal("total").label("level"),
                                literal("total").label("key"), *sums))
            continue
        col = pos.c[_KEY_COLUMN[level]]
        part = (select(literal(level).label("level"), cast(col, String).label("key"), *sums)
                .group_by(col))
        if flagged_only:
            part = part.having(and_(func.sum(pos.c.stock) > func.sum(stock_base),
                                    func.sum(pos.c.ship_3m) < func.sum(pos.c.ship_3m_ly)))
        parts.append(part)
    df = run(union_all(*parts), name="stock_levels")
    sums = ["stock", "stock_base", "ship_3m", "ship_3m_ly"]
    df[sums] = df[sums].astype(float).fillna(0.0)  # the total of nothing is NULL
    out = {}
    for level, flagged_only in wanted.items():
        part = df[df["level"] == level].drop(columns="level").reset_index(drop=True)
        part = _derived(part, level, f.end, lang)
        if flagged_only:
            part = part.sort_values(["change", "key"], ascending=[False, True])
        out[level] = part.reset_index(drop=True)
    return out


def _derived(df: pd.DataFrame, level: str, month: date, lang: str) -> pd.DataFrame:
    """Change, cover, flag and names of one level's sums. Built from numpy arrays in
    one go: column-by-column pandas assignment cost milliseconds per level."""
    if level == "total" and df.empty:  # nothing in stock for this filter: zeros
        df = pd.DataFrame({"key": ["total"], "stock": [0.0], "stock_base": [0.0],
                           "ship_3m": [0.0], "ship_3m_ly": [0.0]})
    stock_now, base = df["stock"].to_numpy(float), df["stock_base"].to_numpy(float)
    keep = (stock_now > 0) | (base > 0) if level != "total" else np.ones(len(df), bool)
    keys = df["key"].to_numpy()[keep]
    if level in ("enterprise", "subject"):
        keys = keys.astype(np.int64)
    stock_now, base = stock_now[keep], base[keep]
    s3, s3ly = df["ship_3m"].to_numpy(float)[keep], df["ship_3m_ly"].to_numpy(float)[keep]
    per_day = s3 / cover_days(month)
    with np.errstate(divide="ignore", invalid="ignore"):
        cols = {
            "key": keys, "stock": stock_now, "stock_base": base, "change": stock_now - base,
            "change_pct": np.where(base > 0, (stock_now / base - 1) * 100, np.nan),
            "ship_3m": s3, "ship_3m_ly": s3ly,
            "ship_change_pct": np.where(s3ly > 0, (s3 / s3ly - 1) * 100, np.nan),
            "cover_days": np.where(per_day > 0, stock_now / per_day, np.nan),
            "flag": (stock_now > base) & (s3 < s3ly),
        }
    cols.update(_names(keys, level, lang))
    out = pd.DataFrame(cols)
    return out.sort_values(["stock", "key"], ascending=[False, True])


def _names(keys, level: str, lang: str) -> dict:
    """name (full), short (for charts), colour concern, and a subject's kind and region
    of each key."""
    if level in ("total", "kind"):  # the page translates kinds
        return {"name": [str(k) for k in keys], "short": [str(k) for k in keys]}
    dims = dimensions()
    names = dims.name_of(level, lang)
    shorts = names if level == "subject" else dims.short_name_of(level, lang)
    out = {"name": [str(names.get(k, k)) for k in keys],
           "short": [str(shorts.get(k, k)) for k in keys]}
    if level == "concern":
        out["concern_id"] = list(keys)
    elif level == "enterprise":
        concern_of = _lookup(dims.enterprises, "enterprise_id", "concern_id")
        out["concern_id"] = [concern_of.get(k) for k in keys]
    elif level == "subject":
        subj = dims.subjects
        kind_of = _lookup(subj, "subject_id", "kind")
        region_of = _lookup(subj, "subject_id", "region_id")
        concern_of = _lookup(subj, "subject_id", "concern_id")
        region_names = dims.name_of("region", lang)
        concern_names = dims.name_of("concern", lang)
        out["kind"] = [kind_of.get(k) for k in keys]
        out["region_id"] = [region_of.get(k) for k in keys]
        out["region"] = [str(region_names.get(r, r)) for r in out["region_id"]]
        out["concern_id"] = [concern_of.get(k) for k in keys]
        out["subject_concern"] = [str(concern_names.get(c, c)) for c in out["concern_id"]]
    return out


def _lookup(frame: pd.DataFrame, key: str, col: str) -> dict:
    return dict(zip(frame[key].tolist(), frame[col].tolist()))


def trend(f: ExportFilter, months: int = TREND_MONTHS) -> pd.DataFrame:
    """The ``months`` month ends up to M: stock against shipments.

    Columns: month (date), stock (USD at the month end), shipments (USD exported in
    that month by the cells holding stock at its end; with a subject filter, the
    subjects' shares of those cells, by stock, as in ``positions``). Months without
    stock have stock 0 and shipments 0. All filters apply as in ``positions``.
    """
    m, first = f.end, shift(f.end, 1 - months)
    joined, conds = _stock_rows(f, stock.c.month.between(first, m))
    keys = (stock.c.month, stock.c.enterprise_id, stock.c.heading_id,
            dist_subject.c.region_id)
    # one row per cell and month; with subjects, only the cells they hold, with their
    # stock ("mine") beside every subject's ("cell_stock") for the shares
    mine = func.sum(case((stock.c.subject_id.in_(f.subjects), stock.c.value_usd),
                         else_=0.0)) if f.subjects else func.sum(stock.c.value_usd)
    cells = (select(*keys, mine.label("mine"),
                    func.sum(stock.c.value_usd).label("cell_stock"))
             .select_from(joined).where(and_(*conds)).group_by(*keys)
             .having(mine > 0).cte("cells"))
    on_cell = and_(exports.c.month == cells.c.month, _cell_join(exports, cells))
    shipped = exports.c.value_usd * cells.c.mine / cells.c.cell_stock
    ship_stmt = (select(exports.c.month, func.sum(shipped).label("shipments"))
                 .select_from(exports.join(cells, on_cell))
                 .where(exports.c.month.between(first, m))
                 .group_by(exports.c.month))
    stock_conds = conds + ([stock.c.subject_id.in_(f.subjects)] if f.subjects else [])
    stock_stmt = (select(stock.c.month, func.sum(stock.c.value_usd).label("stock"))
                  .select_from(joined).where(and_(*stock_conds)).group_by(stock.c.month))
    ship, held = gather(lambda: run(ship_stmt, name="stock_trend_shipments"),
                        lambda: run(stock_stmt, name="stock_trend_stock"))
    all_months = [shift(first, i) for i in range(months)]
    out = pd.DataFrame({"month": all_months})
    for df, col in ((held, "stock"), (ship, "shipments")):
        got = {pd.Timestamp(k).date(): float(v) for k, v in zip(df["month"], df[col])}
        out[col] = [got.get(d, 0.0) for d in all_months]
    return out

"""The enterprise card: one enterprise seen whole — its facts, monthly exports against
last year and its target share, its products and Russian regions, its warehouse stock
in the distribution network and its receivables.

The card is about one enterprise, so of the filter only the period (year, months) and
the access scope apply; the dimension filters (concerns, enterprises, oblasts,
districts, regions, chapters, headings, industrial_only, subjects) do not narrow it —
the page carries them along only so that its links lead back to the same view.
"Latest month end" is the filter's last month (``f.end``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import case, func, select

from . import exports as ex
from .dimensions import dimensions
from .engine import run
from .filters import ExportFilter
from .schema import (
    RECEIVABLE_CAUSES,
    enterprise,
    exports_by_enterprise,
    receivable,
    receivable_cause,
    stock,
    target_concern,
)

HISTORY_MONTHS = 24
AGE_BUCKETS = ("overdue_upto_30_usd", "overdue_31_90_usd", "overdue_91_180_usd",
               "overdue_over_180_usd")


def card_filter(f: ExportFilter, enterprise_id: int) -> ExportFilter:
    """The filter the card's export figures use: ``f``'s period and scope, this
    enterprise alone."""
    return ExportFilter(year=f.year, month_from=f.month_from, month_to=f.month_to,
                        enterprises=(int(enterprise_id),), scope=f.scope)


def _in_scope(f: ExportFilter) -> list:
    return [] if f.scope is None else [f.scope.condition(enterprise.c.concern_id,
                                                         enterprise.c.oblast_id)]


def _month_back(d: date, k: int) -> date:
    m = d.year * 12 + d.month - 1 - k
    return date(m // 12, m % 12 + 1, 1)


def facts(f: ExportFilter, enterprise_id: int) -> dict | None:
    """Who the enterprise is, from the dimension lists (loaded once per data version,
    no query per card), or None when there is no such enterprise within the access
    scope. Keys: enterprise_id, unp, name_en, name_ru, concern_id, concern_name_en,
    concern_name_ru, oblast_id, oblast_name_en, oblast_name_ru, is_industrial."""
    dims = dimensions()
    ents = dims.enterprises
    match = ents[ents["enterprise_id"] == int(enterprise_id)]
    if match.empty:
        return None
    row = match.iloc[0]
    if f.scope is not None and not f.scope.allows(row["concern_id"], row["oblast_id"]):
        return None
    out = {"enterprise_id": int(row["enterprise_id"]), "unp": str(row["unp"]),
           "name_en": row["name_en"], "name_ru": row["name_ru"],
           "concern_id": row["concern_id"], "oblast_id": row["oblast_id"],
           "is_industrial": bool(row["is_industrial"])}
    for level, key in (("concern", "concern_id"), ("oblast", "oblast_id")):
        for lang in ("en", "ru"):
            out[f"{level}_name_{lang}"] = dims.name_of(level, lang).get(out[key], out[key])
    return out


def exports_by_month(f: ExportFilter, enterprise_id: int, concern_id: str) -> pd.DataFrame:
    """One query for everything the card shows by month: the enterprise's exports and
    its concern's in every month from the earlier of January of last year and 23
    months before the filter's last month, to December of the filter's year.

    Columns: month (date), value (the enterprise's, USD), concern_value (all the
    concern's enterprises, USD), concern_target (the concern's target for the filter's
    year, the same on every row; NaN when none is set). Months without exports are
    missing (read them as 0)."""
    first = min(date(f.year - 1, 1, 1), _month_back(f.end, HISTORY_MONTHS - 1))
    src = exports_by_enterprise
    value = src.c.value_usd
    target = (select(target_concern.c.value_usd)
              .where(target_concern.c.year == f.year, target_concern.c.concern_id == concern_id)
              .scalar_subquery())
    stmt = (select(src.c.month,
                   func.sum(case((src.c.enterprise_id == int(enterprise_id), value),
                                 else_=0.0)).label("value"),
                   func.sum(value).label("concern_value"),
                   target.label("concern_target"))
            .select_from(src.join(enterprise, src.c.enterprise_id == enterprise.c.enterprise_id))
            .where(src.c.month.between(first, date(f.year, 12, 1)),
                   enterprise.c.concern_id == concern_id, *_in_scope(f))
            .group_by(src.c.month))
    df = run(stmt, name="card_months")
    df["month"] = [pd.Timestamp(m).date() for m in df["month"]]
    return df.astype({"value": float, "concern_value": float, "concern_target": float})


def target_share(months: pd.DataFrame, f: ExportFilter) -> dict:
    """The enterprise's target share for the filter's year, from ``exports_by_month``.
    Enterprises have no targets of their own: target share = the concern's target for
    the year × the enterprise's share of its concern's exports in the whole previous
    year.

    Keys: concern_target (None when the concern has no target that year),
    concern_value_ly, value_ly (whole previous year, USD), share_pct (value_ly ÷
    concern_value_ly × 100; None without concern exports), target (the target share;
    None when either part is missing)."""
    ly = months[[m.year == f.year - 1 for m in months["month"]]]
    value_ly, concern_ly = float(ly["value"].sum()), float(ly["concern_value"].sum())
    targets = months["concern_target"].dropna()
    concern_target = float(targets.iloc[0]) if len(targets) else None
    share = value_ly / concern_ly * 100 if concern_ly > 0 else None
    target = concern_target * share / 100 if (concern_target is not None
                                              and share is not None) else None
    return {"concern_target": concern_target, "concern_value_ly": concern_ly,
            "value_ly": value_ly, "share_pct": share, "target": target}


def monthly(months: pd.DataFrame, f: ExportFilter, target: float | None) -> pd.DataFrame:
    """Twelve rows, one per calendar month of the filter's year, from
    ``exports_by_month``: month (1–12), value (NaN outside the chosen months), value_ly
    (whole previous year), target (the target share phased by the enterprise's own
    months last year: value_ly × target ÷ its total last year; NaN without a target
    share), cum_value, cum_value_ly, cum_target (running sums from the first chosen
    month)."""
    by_month = dict(zip(months["month"], months["value"]))
    out = pd.DataFrame({"month": range(1, 13)})
    chosen = (out["month"] >= f.month_from) & (out["month"] <= f.month_to)
    out["value"] = [by_month.get(date(f.year, m, 1), 0.0) for m in out["month"]]
    out["value"] = out["value"].where(chosen)
    out["value_ly"] = [by_month.get(date(f.year - 1, m, 1), 0.0) for m in out["month"]]
    ly_total = out["value_ly"].sum()
    factor = target / ly_total if (target is not None and ly_total > 0) else np.nan
    out["target"] = out["value_ly"] * factor
    from_first = out["month"] >= f.month_from
    out["cum_value"] = out["value"].where(chosen).cumsum().where(chosen)
    out["cum_value_ly"] = out["value_ly"].where(from_first).cumsum()
    out["cum_target"] = out["target"].where(from_first).cumsum()
    return out


def products(f: ExportFilter, enterprise_id: int, lang: str = "en") -> pd.DataFrame:
    """The enterprise's exports by HS heading, largest first: the columns of
    ``queries.exports.breakdown`` (key, name, value, value_ly, change, change_pct,
    share_pct, …)."""
    return ex.breakdown(card_filter(f, enterprise_id), "heading", lang)


def regions(f: ExportFilter, enterprise_id: int, lang: str = "en") -> pd.DataFrame:
    """The enterprise's exports by Russian region, largest first (columns as
    ``products``)."""
    return ex.breakdown(card_filter(f, enterprise_id), "region", lang)


def stock_by_month(f: ExportFilter, enterprise_id: int,
                   months: int = HISTORY_MONTHS) -> pd.DataFrame:
    """The enterprise's finished-goods stock in the distribution network at each of the
    last ``months`` month ends up to the filter's last month, by distribution subject.
    Columns: month (date), subject_id, value (USD). ``stock_by_subject`` and
    ``stock_history`` read it."""
    stmt = (select(stock.c.month, stock.c.subject_id, func.sum(stock.c.value_usd).label("value"))
            .select_from(stock.join(enterprise,
                                    stock.c.enterprise_id == enterprise.c.enterprise_id))
            .where(stock.c.enterprise_id == int(enterprise_id),
                   stock.c.month.between(_month_back(f.end, months - 1), f.end),
                   *_in_scope(f))
            .group_by(stock.c.month, stock.c.subject_id))
    df = run(stmt, name="card_stock")
    df["month"] = [pd.Timestamp(m).date() for m in df["month"]]
    return df.astype({"subject_id": int, "value": float})


def stock_by_subject(stock_months: pd.DataFrame, f: ExportFilter) -> pd.DataFrame:
    """Stock at the filter's last month end by distribution subject, largest first,
    from ``stock_by_month``. Columns: subject_id, subject (name), kind, region_id,
    value (USD at ``f.end``), value_ly (a year earlier), change (value − value_ly).
    Subjects with stock at neither month end are left out."""
    month_ly = _month_back(f.end, 12)
    rows = stock_months[stock_months["month"].isin([f.end, month_ly])]
    wide = rows.pivot_table(index="subject_id", columns="month", values="value",
                            aggfunc="sum", fill_value=0.0)
    out = pd.DataFrame({"subject_id": wide.index.astype(int)})
    out["value"] = wide[f.end].to_numpy() if f.end in wide else 0.0
    out["value_ly"] = wide[month_ly].to_numpy() if month_ly in wide else 0.0
    out = out[(out["value"] != 0) | (out["value_ly"] != 0)]
    subjects = dimensions().subjects.set_index("subject_id")
    known = subjects.reindex(out["subject_id"])
    out["subject"] = known["name"].to_numpy()
    out["kind"] = known["kind"].to_numpy()
    out["region_id"] = known["region_id"].to_numpy()
    out["change"] = out["value"] - out["value_ly"]
    out = out[["subject_id", "subject", "kind", "region_id", "value", "value_ly", "change"]]
    return out.sort_values(["value", "subject_id"], ascending=[False, True]).reset_index(
        drop=True)


def stock_history(stock_months: pd.DataFrame, months: pd.DataFrame, f: ExportFilter,
                  n: int = HISTORY_MONTHS) -> pd.DataFrame:
    """The last ``n`` month ends up to the filter's last month: month (date), stock (the
    enterprise's stock in the whole network, USD), shipments (its exports in that
    month, USD), from ``stock_by_month`` and ``exports_by_month``. Months without rows
    are 0."""
    out = pd.DataFrame({"month": [_month_back(f.end, k) for k in range(n - 1, -1, -1)]})
    stock_sum = stock_months.groupby("month")["value"].sum().to_dict()
    shipped = dict(zip(months["month"], months["value"]))
    out["stock"] = [float(stock_sum.get(m, 0.0)) for m in out["month"]]
    out["shipments"] = [float(shipped.get(m, 0.0)) for m in out["month"]]
    return out


def receivables(f: ExportFilter, enterprise_id: int) -> dict:
    """The enterprise's receivables at the filter's last month end, over all debtor
    regions. Keys: month, total, overdue, overdue_upto_30_usd, overdue_31_90_usd,
    overdue_91_180_usd, overdue_over_180_usd (the age buckets, days overdue),
    overdue_prev (overdue a month earlier), overdue_ly (a year earlier); USD."""
    month, prev, ly = f.end, _month_back(f.end, 1), _month_back(f.end, 12)
    r = receivable
    cur = r.c.month == month
    stmt = (select(func.sum(case((cur, r.c.total_usd), else_=0.0)).label("total"),
                   func.sum(case((cur, r.c.overdue_usd), else_=0.0)).label("overdue"),
                   *[func.sum(case((cur, r.c[b]), else_=0.0)).label(b) for b in AGE_BUCKETS],
                   func.sum(case((r.c.month == prev, r.c.overdue_usd), else_=0.0))
                   .label("overdue_prev"),
                   func.sum(case((r.c.month == ly, r.c.overdue_usd), else_=0.0))
                   .label("overdue_ly"))
            .select_from(r.join(enterprise, r.c.enterprise_id == enterprise.c.enterprise_id))
            .where(r.c.enterprise_id == int(enterprise_id), r.c.month.in_([month, prev, ly]),
                   *_in_scope(f)))
    row = run(stmt, name="card_receivables").iloc[0]
    out = {k: _f(row[k]) for k in ("total", "overdue", *AGE_BUCKETS, "overdue_prev",
                                   "overdue_ly")}
    out["month"] = month
    return out


def overdue_causes(f: ExportFilter, enterprise_id: int) -> pd.DataFrame:
    """Overdue receivables at the filter's last month end by cause, largest first.
    Columns: cause (one of ``schema.RECEIVABLE_CAUSES``), overdue (USD). Causes with
    nothing overdue are left out."""
    rc = receivable_cause
    stmt = (select(rc.c.cause, func.sum(rc.c.overdue_usd).label("overdue"))
            .select_from(rc.join(enterprise, rc.c.enterprise_id == enterprise.c.enterprise_id))
            .where(rc.c.enterprise_id == int(enterprise_id), rc.c.month == f.end,
                   *_in_scope(f))
            .group_by(rc.c.cause))
    df = run(stmt, name="card_causes").astype({"overdue": float})
    df = df[(df["overdue"] > 0) & df["cause"].isin(RECEIVABLE_CAUSES)]
    return df.sort_values(["overdue", "cause"], ascending=[False, True]).reset_index(drop=True)


def _f(v) -> float:
    return 0.0 if v is None or pd.isna(v) else float(v)

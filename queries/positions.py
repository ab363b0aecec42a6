"""Month-end positions for the Overview: finished-goods stock in the distribution
network and overdue receivables. (The Stock and Receivables pages get their own,
fuller modules.)"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_, case, func, select

from .conditions import owner_conditions, product_conditions
from .engine import run
from .filters import ExportFilter
from .schema import dist_subject, enterprise, receivable, ru_region, stock


def _enterprise_conditions(f: ExportFilter, table) -> list:
    return owner_conditions(f, table) + product_conditions(f, table)


def _year_ago(d: date) -> date:
    return d.replace(year=d.year - 1)


def stock_position(f: ExportFilter) -> dict:
    """Stock at the end of the filter's last month and a year before.

    Keys: month (date), value, value_ly (USD). Region filters apply to the
    distribution subject's region. Product filters apply; with none, all products.
    """
    month, month_ly = f.end, _year_ago(f.end)
    joined = stock.join(enterprise, stock.c.enterprise_id == enterprise.c.enterprise_id)
    conds = _enterprise_conditions(f, stock)
    if f.subjects:
        conds.append(stock.c.subject_id.in_(f.subjects))
    if f.regions or f.districts:
        joined = joined.join(dist_subject, stock.c.subject_id == dist_subject.c.subject_id)
        if f.regions:
            conds.append(dist_subject.c.region_id.in_(f.regions))
        if f.districts:
            joined = joined.join(ru_region, dist_subject.c.region_id == ru_region.c.region_id)
            conds.append(ru_region.c.district_id.in_(f.districts))
    stmt = (select(func.sum(case((stock.c.month == month, stock.c.value_usd), else_=0.0))
                   .label("value"),
                   func.sum(case((stock.c.month == month_ly, stock.c.value_usd), else_=0.0))
                   .label("value_ly"))
            .select_from(joined)
            .where(and_(stock.c.month.in_([month, month_ly]), *conds)))
    row = run(stmt, name="stock_position").iloc[0]
    return {"month": month, "value": _f(row["value"]), "value_ly": _f(row["value_ly"])}


def overdue_position(f: ExportFilter) -> dict:
    """Receivables at the end of the filter's last month.

    Keys: month, total, overdue, overdue_ly (USD). Product filters do not apply
    (receivables are by enterprise and debtor region).
    """
    month, month_ly = f.end, _year_ago(f.end)
    joined = receivable.join(enterprise,
                             receivable.c.enterprise_id == enterprise.c.enterprise_id)
    conds = _enterprise_conditions(f, receivable)
    if f.regions:
        conds.append(receivable.c.region_id.in_(f.regions))
    if f.districts:
        joined = joined.join(ru_region, receivable.c.region_id == ru_region.c.region_id)
        conds.append(ru_region.c.district_id.in_(f.districts))
    cur = receivable.c.month == month
    stmt = (select(func.sum(case((cur, receivable.c.total_usd), else_=0.0)).label("total"),
                   func.sum(case((cur, receivable.c.overdue_usd), else_=0.0)).label("overdue"),
                   func.sum(case((receivable.c.month == month_ly, receivable.c.overdue_usd),
                                 else_=0.0)).label("overdue_ly"))
            .select_from(joined)
            .where(and_(receivable.c.month.in_([month, month_ly]), *conds)))
    row = run(stmt, name="overdue_position").iloc[0]
    return {"month": month, "total": _f(row["total"]), "overdue": _f(row["overdue"]),
            "overdue_ly": _f(row["overdue_ly"])}


def _f(v) -> float:
    return 0.0 if v is None or pd.isna(v) else float(v)

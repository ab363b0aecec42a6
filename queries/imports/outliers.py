"""The unit check: a file whose figures are ten times (or a tenth of) what the database
already says for the same enterprises is stopped until the steward confirms.

A file in thousands of USD instead of USD passes every other check — each number is
plausible on its own. What gives it away is the enterprise's total: for each enterprise
and month of an exports, stock or receivables file, the file's total (it replaces the
month) is compared with what the database holds for that enterprise in the same month
a year earlier and in the month before. When every comparison that exists is beyond a
factor of ``FACTOR`` either way, the import stops with a warning naming the enterprise,
the month and the factor; ``import_files(accept_outliers=True)`` (``export-monitor
import --accept-outliers``, "Load anyway" on the Import page) loads it, and the load
log's note records what was accepted. Nothing to compare with (a new enterprise, the
first load) is no warning: there is nothing to be off from. Comparing with the stored
figures only, never with other months of the same file, is what catches a whole year
sent in thousands.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, func, select

from queries import schema

from .validate import Prepared

FACTOR = 10.0
# kind → (table in the file's frames, the table read for the comparison, money column)
_CHECKED = {"exports": ("exports", "exports", "value_usd"),
            "stock": ("stock", "stock", "value_usd"),
            "receivables": ("receivable", "receivable", "total_usd")}


@dataclass
class Outlier:
    file: str
    enterprise_id: int
    month: pd.Timestamp
    total: float
    basis: float
    basis_month: pd.Timestamp
    factor: float
    rows: list[int]

    def note(self, names: dict) -> str:
        return (f"{names.get(self.enterprise_id, self.enterprise_id)} {self.month:%Y-%m} "
                f"×{_factor_text(self.factor)}")


def _factor_text(f: float) -> str:
    if f == 0:
        return "0"
    return f"{f:,.0f}" if f >= 1 else f"1/{1 / f:,.0f}"


def _stored(conn: Connection, table_name: str, column: str, ids: list[int],
            months: list) -> pd.DataFrame:
    table = schema.metadata.tables[table_name]
    if table_name == "exports" and _has(conn, "exports_by_enterprise"):
        table = schema.exports_by_enterprise  # the same sums, a fraction of the rows
    stmt = (select(table.c.enterprise_id, table.c.month,
                   func.sum(table.c[column]).label("basis"))
            .where(table.c.enterprise_id.in_(ids), table.c.month.in_(months))
            .group_by(table.c.enterprise_id, table.c.month))
    out = pd.DataFrame(conn.execute(stmt).all(), columns=["enterprise_id", "month", "basis"])
    out["month"] = pd.to_datetime(out["month"])
    out["enterprise_id"] = out["enterprise_id"].astype(int)
    return out


def _has(conn: Connection, name: str) -> bool:
    from sqlalchemy import inspect
    return inspect(conn).has_table(name)


def find_outliers(conn: Connection, preps: list[Prepared]) -> list[Outlier]:
    """The enterprise × months of ``preps`` whose total is beyond ``FACTOR`` of every
    stored comparison, with their first spreadsheet rows."""
    found: list[Outlier] = []
    for p in preps:
        if p.kind not in _CHECKED or not p.enterprise_ids:
            continue
        frame_name, table_name, column = _CHECKED[p.kind]
        frame = p.frames[frame_name]
        if frame.empty:
            continue
        f = pd.DataFrame({"enterprise_id": frame["enterprise_id"].astype(int),
                          "month": pd.to_datetime(frame["month"]),
                          "value": frame[column].astype(float),
                          "row": p.rows_of if len(p.rows_of) == len(frame) else 0})
        totals = f.groupby(["enterprise_id", "month"]).agg(
            total=("value", "sum"), rows=("row", lambda r: sorted(r)[:5])).reset_index()
        months = sorted(set(totals["month"]))
        wanted = sorted({(m - pd.DateOffset(months=k)).date() for m in months
                         for k in (12, 1)})
        stored = _stored(conn, table_name, column, [int(e) for e in p.enterprise_ids],
                         wanted)
        if stored.empty:
            continue
        for k in (12, 1):
            key = totals["month"] - pd.DateOffset(months=k)
            merged = totals.assign(month=key).merge(stored, on=["enterprise_id", "month"],
                                                    how="left")
            totals[f"basis{k}"] = merged["basis"].to_numpy()
            totals[f"when{k}"] = key.to_numpy()
        for r in totals.itertuples(index=False):
            comparisons = [(b, w) for b, w in ((r.basis12, r.when12), (r.basis1, r.when1))
                           if b == b and b > 0]
            if not comparisons:
                continue
            factors = [(r.total / b, b, w) for b, w in comparisons]
            if all(fa > FACTOR or fa < 1 / FACTOR for fa, _, _ in factors):
                # the comparison nearest to agreeing is the one to show
                fa, b, w = min(factors, key=lambda x: abs(_log(x[0])))
                found.append(Outlier(p.file, int(r.enterprise_id), r.month, float(r.total),
                                     float(b), pd.Timestamp(w), fa, list(r.rows)))
    return found


def _log(x: float) -> float:
    import math
    return math.log(x) if x > 0 else float("inf")


def report_outliers(report, outliers: list[Outlier], names: dict) -> None:
    for o in outliers:
        report.add(o.file, "outlier", column="", value="",
                   rows=o.rows or [0], enterprise=names.get(o.enterprise_id,
                                                            str(o.enterprise_id)),
                   month=f"{o.month:%Y-%m}", total=f"{o.total:,.2f}",
                   basis=f"{o.basis:,.2f}", basis_month=f"{o.basis_month:%Y-%m}",
                   factor=_factor_text(o.factor))


def record_accepted(conn: Connection, load_ids: list[str], note: str) -> None:
    """Write what the steward accepted into ``load_log.note`` of these loads, in the
    import's own transaction. The column is added on first use and is not part of
    ``queries.schema``: a database from before it stays current (the demo builder
    rebuilds or refuses files whose schema lacks a declared column)."""
    from sqlalchemy import bindparam, text

    cols = conn.exec_driver_sql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'load_log' "
        "AND table_schema = current_schema()").scalars().all()
    if "note" not in cols:
        conn.exec_driver_sql("ALTER TABLE load_log ADD COLUMN note VARCHAR(500)")
    conn.execute(text("UPDATE load_log SET note = :note WHERE load_id IN :ids")
                 .bindparams(bindparam("ids", expanding=True)),
                 {"note": note, "ids": load_ids})


def accepted_notes(conn: Connection, load_ids: list[str]) -> dict[str, str]:
    """load_id → note, for the loads that have one (none before the column exists)."""
    from sqlalchemy import bindparam, text

    cols = conn.exec_driver_sql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'load_log' "
        "AND table_schema = current_schema()").scalars().all()
    if "note" not in cols or not load_ids:
        return {}
    rows = conn.execute(text("SELECT load_id, note FROM load_log WHERE load_id IN :ids "
                             "AND note IS NOT NULL")
                        .bindparams(bindparam("ids", expanding=True)), {"ids": load_ids})
    return dict(rows.all())


def accepted_note(outliers: list[Outlier], names: dict) -> str:
    """What the steward accepted, for the load log (clipped to its column)."""
    text = "outliers accepted: " + "; ".join(o.note(names) for o in outliers)
    return text if len(text) <= 500 else text[:499] + "…"

"""The database's data in template form: what an analyst downloads to correct and load
again, and what the round-trip test and the benchmark feed back to the import."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import select

from queries import schema as s
from queries.schema import RECEIVABLE_CAUSES

from .load import read_with
from .topics import TOPIC_KINDS

SHORT_NAMES = tuple(f"short_name_{lang}" for lang in s.SHORT_LANGS)


def _frame(conn, stmt) -> pd.DataFrame:
    result = conn.execute(stmt)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _month_text(col: pd.Series) -> pd.Series:
    return pd.to_datetime(col).dt.strftime("%Y-%m")


def _yes_no(col: pd.Series) -> pd.Series:
    return col.map({True: "yes", False: "no"})


def _period(table, months: tuple[date, date] | None):
    return [] if months is None else [table.c.month.between(*months)]


def dump(conn: sa.Connection, kind: str, months: tuple[date, date] | None = None
         ) -> pd.DataFrame:
    """Rows of ``kind`` in its template's columns (enterprises by УНП). Facts come in
    the order the database keeps them, so that a re-import stores them in the same
    order and sums of doubles come out the same to the last bit."""
    e = s.enterprise
    if kind in TOPIC_KINDS:
        return TOPIC_KINDS[kind].dump(conn, months)
    if kind == "enterprises":
        df = _frame(conn, select(e).order_by(e.c.enterprise_id))
        return pd.DataFrame({
            "enterprise_id": df["enterprise_id"], "unp": df["unp"], "name_ru": df["name_ru"],
            "name_en": df["name_en"],
            **{c: df[c].where(df[c].notna(), "") for c in SHORT_NAMES},
            "concern": df["concern_id"], "oblast": df["oblast_id"],
            "city": df["city"], "is_industrial": _yes_no(df["is_industrial"]),
            "is_major": _yes_no(df["is_major"])})
    if kind == "subjects":
        d = s.dist_subject
        df = _frame(conn, select(d).order_by(d.c.subject_id))
        df = df.rename(columns={"region_id": "region", "concern_id": "concern"})
        # a centre's brands and dates as the template writes them; empty: none
        df["brands"] = [b if isinstance(b, str) else "" for b in df["brands"]]
        for col in ("planned_opening", "opened_on"):
            df[col] = [pd.Timestamp(v).strftime("%Y-%m-%d") if v is not None and not pd.isna(v)
                       else "" for v in df[col]]
        return df
    if kind == "targets":
        parts = []
        for t, col, other in ((s.target_concern, "concern_id", "oblast"),
                              (s.target_oblast, "oblast_id", "concern")):
            df = _frame(conn, select(t).order_by(t.c.year, t.c[col]))
            parts.append(pd.DataFrame({"year": df["year"], col.split("_")[0]: df[col],
                                       other: "", "target_usd": df["value_usd"],
                                       "growth_pct": df["growth_pct"]}))
        return pd.concat(parts, ignore_index=True)[
            ["year", "concern", "oblast", "target_usd", "growth_pct"]]
    # Facts are read without a join (a plain scan keeps the stored order; a join's
    # output order is the engine's choice) and get their enterprise's УНП here.
    unp = dict(conn.execute(select(e.c.enterprise_id, e.c.unp)).all())
    if kind == "exports":
        x = s.exports
        df = _frame(conn, select(x).where(*_period(x, months)))
        return pd.DataFrame({
            "month": _month_text(df["month"]), "enterprise": df["enterprise_id"].map(unp),
            "hs_heading": df["heading_id"], "region": df["region_id"],
            "value_usd": df["value_usd"], "quantity": df["quantity"]})
    if kind == "stock":
        st = s.stock
        df = _frame(conn, select(st).where(*_period(st, months)))
        return pd.DataFrame({
            "month": _month_text(df["month"]), "subject": df["subject_id"],
            "enterprise": df["enterprise_id"].map(unp), "hs_heading": df["heading_id"],
            "quantity": df["quantity"], "value_usd": df["value_usd"]})
    if kind == "receivables":
        r, rc = s.receivable, s.receivable_cause
        df = _frame(conn, select(r).where(*_period(r, months)))
        causes = _frame(conn, select(rc).where(*_period(rc, months)))
        wide = causes.pivot_table(index=["month", "enterprise_id", "region_id"],
                                  columns="cause", values="overdue_usd", aggfunc="sum")
        wide = wide.reindex(columns=list(RECEIVABLE_CAUSES))
        wide.columns = [f"cause_{c}_usd" for c in wide.columns]
        df = df.merge(wide.reset_index(), on=["month", "enterprise_id", "region_id"],
                      how="left")  # a left merge keeps the receivables' order
        df["month"] = _month_text(df["month"])
        df["enterprise"] = df.pop("enterprise_id").map(unp)
        df = df.rename(columns={"region_id": "region"})
        df["main_cause"] = df["main_cause"].fillna("")
        return df
    raise ValueError(f"unknown kind {kind!r}")


def dump_url(url: str, kind: str, months: tuple[date, date] | None = None) -> pd.DataFrame:
    return read_with(url, lambda conn: dump(conn, kind, months))



"""Russian public procurement (44-FZ, 223-FZ): the Belarusian enterprises' bids, their
outcomes and why they were lost.

Definitions every function shares:

- *period* — a procurement belongs to the month of its notice date; the filter's year
  and months select procurements by notice date (``f.start`` … end of ``f.end``). The
  localisation trend alone runs over every quarter from the first notice up to the
  filter's end, so that a change in the criteria shows against earlier years.
- *participation* — one bid of one enterprise in one procurement (``tender_bid``).
- *decided* — won, lost or not admitted; *win rate* — won ÷ decided × 100. Pending and
  cancelled bids are counted as participations but left out of the win rate.
- *value won* — the sum of the won bids' values (the contract prices), USD.
- *localisation losses* — bids lost or not admitted for the reason ``localisation``
  (the national regime: Government Resolution 719 localisation points and the 2023–24
  rules on foreign goods).

Filters that apply: concerns, enterprises, Belarusian oblasts, industrial only (the
bidding enterprise's), federal districts and regions (the customer's), the access
scope, and a tender subject (``subject``, a page parameter). Filters that do not: HS
chapters and headings, distribution subjects (``no_filter_applies``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, literal, select

from .conditions import needs_enterprise_join, owner_conditions
from .dimensions import dimensions
from .engine import run
from .filters import ExportFilter, period_end
from .schema import (
    TENDER_LOSS_REASONS,
    TENDER_OUTCOMES,
    TENDER_SUBJECTS,
    enterprise,
    procurement,
    ru_region,
    tender_bid,
)

SUBJECTS = TENDER_SUBJECTS
OUTCOMES = TENDER_OUTCOMES
REASONS = TENDER_LOSS_REASONS
DECIDED = ("won", "lost", "not_admitted")
LOSING = ("lost", "not_admitted")
LEVELS = ("concern", "enterprise", "district", "region", "subject")
BID_ROWS = 400


def _filtered(f: ExportFilter, subject: str | None = None, *, whole_period: bool = False,
              with_enterprise: bool = False, with_district: bool = False):
    """FROM clause and WHERE conditions over bids joined to their procurements."""
    b, p = tender_bid.c, procurement.c
    joined = tender_bid.join(procurement, b.procurement_id == p.procurement_id)
    if with_enterprise or needs_enterprise_join(f):
        joined = joined.join(enterprise, b.enterprise_id == enterprise.c.enterprise_id)
    conds = owner_conditions(f, tender_bid)
    if f.regions:
        conds.append(p.region_id.in_(f.regions))
    if f.districts or with_district:
        joined = joined.join(ru_region, p.region_id == ru_region.c.region_id)
        if f.districts:
            conds.append(ru_region.c.district_id.in_(f.districts))
    if subject:
        conds.append(p.subject == subject)
    if not whole_period:
        conds.append(p.notice_date.between(f.start, period_end(f)))
    else:
        conds.append(p.notice_date <= period_end(f))
    return joined, conds


def _counts():
    b = tender_bid.c

    def n(outcomes, reason=None):
        cond = b.outcome.in_(outcomes)
        if reason:
            cond = and_(cond, b.loss_reason == reason)
        return func.sum(case((cond, 1), else_=0))

    return [func.count().label("bids"), n(("won",)).label("won"),
            n(LOSING).label("lost"), n(DECIDED).label("decided"),
            n(("pending",)).label("pending"), n(("cancelled",)).label("cancelled"),
            n(LOSING, "localisation").label("localisation"),
            func.sum(case((b.outcome == "won", b.bid_usd), else_=0.0)).label("value_won"),
            func.sum(case((and_(b.outcome.in_(LOSING), b.loss_reason == "localisation"),
                           b.bid_usd), else_=0.0)).label("localisation_usd")]


COUNT_COLUMNS = ("bids", "won", "lost", "decided", "pending", "cancelled", "localisation")


def _rates(df: pd.DataFrame) -> pd.DataFrame:
    for c in COUNT_COLUMNS:
        df[c] = df[c].fillna(0).astype(int)
    for c in ("value_won", "localisation_usd"):
        df[c] = df[c].astype(float).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dec = df["decided"].to_numpy(float)
        df["win_rate_pct"] = np.where(dec > 0, df["won"] / dec * 100, np.nan)
        df["localisation_pct"] = np.where(dec > 0, df["localisation"] / dec * 100, np.nan)
    return df


def summary(f: ExportFilter, subject: str | None = None) -> dict:
    """The filter's participation as one dict: bids, won, lost (lost + not admitted),
    decided, pending, cancelled, localisation (losses for localisation), value_won and
    localisation_usd (USD), win_rate_pct, localisation_pct (of decided), procurements
    (distinct procurements bid for)."""
    joined, conds = _filtered(f, subject)
    stmt = (select(*_counts(),
                   func.count(func.distinct(tender_bid.c.procurement_id)).label("procurements"))
            .select_from(joined).where(*conds))
    df = _rates(run(stmt, name="tenders_summary"))
    row = df.iloc[0]
    out = {c: int(row[c]) for c in COUNT_COLUMNS}
    out.update({c: float(row[c]) for c in ("value_won", "localisation_usd", "win_rate_pct",
                                            "localisation_pct")})
    out["procurements"] = int(row["procurements"] or 0)
    return out


def _key(level: str):
    return {"concern": enterprise.c.concern_id, "enterprise": tender_bid.c.enterprise_id,
            "district": ru_region.c.district_id, "region": procurement.c.region_id,
            "subject": procurement.c.subject}.get(level, literal("total"))


def breakdown(f: ExportFilter, level: str, subject: str | None = None,
              lang: str = "en") -> pd.DataFrame:
    """Participation by one level, largest value won first (then most bids).

    Levels: concern, enterprise (the bidder), district, region (the customer's),
    subject (what is bought). Columns: key, name, short, bids, won, lost, decided,
    pending, cancelled, localisation, value_won, localisation_usd, win_rate_pct,
    localisation_pct, concern_id (concern and enterprise levels)."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    joined, conds = _filtered(f, subject, with_enterprise=level == "concern",
                              with_district=level == "district")
    key = _key(level)
    stmt = (select(key.label("key"), *_counts()).select_from(joined).where(*conds)
            .group_by(key))
    df = _rates(run(stmt, name=f"tenders_by_{level}"))
    if level == "enterprise":
        df["key"] = df["key"].astype(int)
    else:
        df["key"] = df["key"].astype(str)
    if level == "subject":
        df["name"] = df["short"] = df["key"]
    else:
        dims = dimensions()
        names, shorts = dims.name_of(level, lang), dims.short_name_of(level, lang)
        df["name"] = [str(names.get(k, k)) for k in df["key"].tolist()]
        df["short"] = [str(shorts.get(k, k)) for k in df["key"].tolist()]
    if level == "enterprise":
        concern_of = dimensions().concern_of_enterprise()
        df["concern_id"] = [concern_of.get(k) for k in df["key"].tolist()]
    elif level == "concern":
        df["concern_id"] = df["key"]
    return df.sort_values(["value_won", "bids", "key"], ascending=[False, False, True]
                          ).reset_index(drop=True)


def loss_reasons(f: ExportFilter, subject: str | None = None) -> pd.DataFrame:
    """Lost and not admitted bids by reason, localisation first, then the most frequent.

    Columns: reason, lost (outcome lost), not_admitted, bids (both), share_pct (of
    all lost and not admitted bids), bid_usd (their bids' value). Reasons with no bid
    are left out."""
    joined, conds = _filtered(f, subject)
    b = tender_bid.c
    stmt = (select(b.loss_reason.label("reason"),
                   func.sum(case((b.outcome == "lost", 1), else_=0)).label("lost"),
                   func.sum(case((b.outcome == "not_admitted", 1), else_=0)).label(
                       "not_admitted"),
                   func.sum(func.coalesce(b.bid_usd, 0.0)).label("bid_usd"))
            .select_from(joined).where(and_(b.outcome.in_(LOSING), *conds))
            .group_by(b.loss_reason))
    df = run(stmt, name="tenders_loss_reasons")
    df["reason"] = df["reason"].fillna("other").astype(str)
    df = df.groupby("reason", as_index=False).sum()
    df[["lost", "not_admitted"]] = df[["lost", "not_admitted"]].astype(int)
    df["bids"] = df["lost"] + df["not_admitted"]
    df["bid_usd"] = df["bid_usd"].astype(float)
    total = df["bids"].sum()
    df["share_pct"] = df["bids"] / total * 100 if total else np.nan
    df["first"] = (df["reason"] != "localisation").astype(int)
    return df.sort_values(["first", "bids", "reason"], ascending=[True, False, True]
                          ).drop(columns="first").reset_index(drop=True)


def _quarter_start(d: date) -> date:
    return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)


def localisation_trend(f: ExportFilter, subject: str | None = None) -> pd.DataFrame:
    """By quarter of the notice date, from the first quarter with a bid to the
    filter's end (every quarter in between, empty ones as 0), oldest first.

    Columns: quarter (date, first day), label ("2025 Q3"), decided, won, localisation
    (lost or not admitted for localisation), other_losses (lost or not admitted for
    another reason), localisation_pct (localisation ÷ decided × 100), win_rate_pct."""
    joined, conds = _filtered(f, subject, whole_period=True)
    p = procurement.c
    year = func.extract("year", p.notice_date)
    quarter = func.floor((func.extract("month", p.notice_date) - 1) / 3)
    stmt = (select(year.label("y"), quarter.label("q"), *_counts())
            .select_from(joined).where(*conds).group_by(year, quarter))
    df = _rates(run(stmt, name="tenders_localisation_trend"))
    if df.empty:
        return pd.DataFrame(columns=["quarter", "label", "decided", "won", "localisation",
                                     "other_losses", "localisation_pct", "win_rate_pct"])
    df["quarter"] = [date(int(y), int(q) * 3 + 1, 1) for y, q in zip(df["y"], df["q"])]
    first, last = min(df["quarter"]), _quarter_start(f.end)
    quarters, d = [], first
    while d <= last:
        quarters.append(d)
        d = date(d.year + (d.month == 10), (d.month + 2) % 12 + 1, 1)
    out = (df.set_index("quarter")[["decided", "won", "lost", "localisation"]]
           .reindex(quarters, fill_value=0).rename_axis("quarter").reset_index())
    out["other_losses"] = out["lost"] - out["localisation"]
    out["label"] = [f"{q.year} Q{(q.month - 1) // 3 + 1}" for q in out["quarter"]]
    with np.errstate(divide="ignore", invalid="ignore"):
        dec = out["decided"].to_numpy(float)
        out["localisation_pct"] = np.where(dec > 0, out["localisation"] / dec * 100, np.nan)
        out["win_rate_pct"] = np.where(dec > 0, out["won"] / dec * 100, np.nan)
    return out[["quarter", "label", "decided", "won", "localisation", "other_losses",
                "localisation_pct", "win_rate_pct"]]


def bid_list(f: ExportFilter, subject: str | None = None, lang: str = "en",
             n: int = BID_ROWS) -> pd.DataFrame:
    """The filter's bids, latest notice first (then notice number, enterprise), at most
    ``n``. Columns: notice_no, notice_date, deadline (dates), customer, region_id,
    region, subject, law, initial_usd, enterprise_id, enterprise, concern_id, bid_usd
    (NaN where not given), outcome, loss_reason (None unless lost / not admitted)."""
    joined, conds = _filtered(f, subject)
    b, p = tender_bid.c, procurement.c
    stmt = (select(p.notice_no, p.notice_date, p.deadline, p.customer, p.region_id,
                   p.subject, p.law, p.initial_usd, b.enterprise_id, b.bid_usd, b.outcome,
                   b.loss_reason)
            .select_from(joined).where(*conds)
            .order_by(p.notice_date.desc(), p.notice_no, b.enterprise_id)
            .limit(max(1, int(n))))
    df = run(stmt, name="tenders_bid_list")
    for c in ("notice_date", "deadline"):
        df[c] = pd.to_datetime(df[c]).dt.date
    df["enterprise_id"] = df["enterprise_id"].astype(int)
    df["initial_usd"] = df["initial_usd"].astype(float)
    df["bid_usd"] = df["bid_usd"].astype(float)
    df["loss_reason"] = pd.Series([None if r is None or pd.isna(r) else str(r)
                                   for r in df["loss_reason"]], index=df.index, dtype=object)
    dims = dimensions()
    ents, regions = dims.name_of("enterprise", lang), dims.name_of("region", lang)
    concern_of = dims.concern_of_enterprise()
    df["enterprise"] = [str(ents.get(e, e)) for e in df["enterprise_id"]]
    df["concern_id"] = [concern_of.get(e) for e in df["enterprise_id"]]
    df["region"] = [str(regions.get(r, r)) for r in df["region_id"]]
    return df


def no_filter_applies(f: ExportFilter) -> list[str]:
    """Names of the filter fields that are set but do not apply to tenders."""
    return [name for name in ("chapters", "headings", "subjects") if getattr(f, name)]


__all__ = ["DECIDED", "LEVELS", "OUTCOMES", "REASONS", "SUBJECTS", "bid_list", "breakdown",
           "localisation_trend", "loss_reasons", "no_filter_applies", "summary"]

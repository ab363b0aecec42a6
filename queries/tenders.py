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
from sqlalchemy import func, select

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


def _filtered(f: ExportFilter, subject: str | None = None, *, whole_period: bool = False):
    """FROM clause and WHERE conditions over bids joined to their procurements."""
    b, p = tender_bid.c, procurement.c
    joined = tender_bid.join(procurement, b.procurement_id == p.procurement_id)
    if needs_enterprise_join(f):
        joined = joined.join(enterprise, b.enterprise_id == enterprise.c.enterprise_id)
    conds = owner_conditions(f, tender_bid)
    if f.regions:
        conds.append(p.region_id.in_(f.regions))
    if f.districts:
        joined = joined.join(ru_region, p.region_id == ru_region.c.region_id)
        conds.append(ru_region.c.district_id.in_(f.districts))
    if subject:
        conds.append(p.subject == subject)
    if not whole_period:
        conds.append(p.notice_date.between(f.start, period_end(f)))
    else:
        conds.append(p.notice_date <= period_end(f))
    return joined, conds


COUNT_COLUMNS = ("bids", "won", "lost", "decided", "pending", "cancelled", "localisation")


class Grain:
    """The filter's bids from the first notice up to the filter's end, counted by
    enterprise, customer's region, subject, quarter of the notice, outcome and reason,
    with whether they fall in the filter's period: numpy columns (``n`` bids, ``usd``
    the sum of their bid values). Every aggregate of the page is summed from it."""

    __slots__ = ("in_period", "enterprise_id", "region_id", "subject", "y", "q",
                 "outcome", "reason", "n", "usd")

    def __init__(self, df: pd.DataFrame) -> None:
        self.in_period = df["in_period"].to_numpy(dtype=bool)
        self.enterprise_id = df["enterprise_id"].to_numpy(dtype=np.int64)
        self.region_id = df["region_id"].to_numpy(dtype=object).astype(str)
        self.subject = df["subject"].to_numpy(dtype=object).astype(str)
        self.y = df["y"].to_numpy(dtype=np.int64)
        self.q = df["q"].to_numpy(dtype=np.int64)
        self.outcome = df["outcome"].to_numpy(dtype=object).astype(str)
        self.reason = np.array([r if isinstance(r, str) else "" for r in df["reason"]],
                               dtype=str)
        self.n = df["n"].to_numpy(dtype=np.int64)
        self.usd = df["usd"].to_numpy(dtype=float, na_value=0.0)


def grain(f: ExportFilter, subject: str | None = None) -> Grain:
    """One read of the filter's bids at the page's grain (``Grain``)."""
    joined, conds = _filtered(f, subject, whole_period=True)
    b, p = tender_bid.c, procurement.c
    year = func.extract("year", p.notice_date)
    quarter = func.floor((func.extract("month", p.notice_date) - 1) / 3)
    in_period = p.notice_date >= f.start
    keys = (in_period, b.enterprise_id, p.region_id, p.subject, year, quarter, b.outcome,
            b.loss_reason)
    stmt = (select(in_period.label("in_period"), b.enterprise_id, p.region_id, p.subject,
                   year.label("y"), quarter.label("q"), b.outcome,
                   b.loss_reason.label("reason"), func.count().label("n"),
                   func.sum(b.bid_usd).label("usd"))
            .select_from(joined).where(*conds).group_by(*keys))
    return Grain(run(stmt, name="tenders_grain"))


def procurement_count(f: ExportFilter, subject: str | None = None) -> int:
    """Distinct procurements the filter's bids were made in (in the period)."""
    joined, conds = _filtered(f, subject)
    stmt = (select(func.count(func.distinct(tender_bid.c.procurement_id)).label("n"))
            .select_from(joined).where(*conds))
    value = run(stmt, name="tenders_procurements")["n"].iloc[0]
    return 0 if value is None or value != value else int(value)


def _measures(g: Grain, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Per grain row (of ``rows``, a mask): each count's bids and each value's USD."""
    n, usd, outcome = g.n[rows], g.usd[rows], g.outcome[rows]
    won = outcome == "won"
    losing = np.isin(outcome, LOSING)
    local = losing & (g.reason[rows] == "localisation")
    return {"bids": n, "won": n * won, "lost": n * losing,
            "decided": n * np.isin(outcome, DECIDED), "pending": n * (outcome == "pending"),
            "cancelled": n * (outcome == "cancelled"), "localisation": n * local,
            "value_won": usd * won, "localisation_usd": usd * local}


def _sums(measures: dict[str, np.ndarray], codes: np.ndarray, size: int) -> dict:
    """Each measure summed by group (``codes`` 0 … size-1): counts int64, values float."""
    out = {}
    for c, v in measures.items():
        total = np.bincount(codes, weights=v, minlength=size)
        out[c] = np.rint(total).astype(np.int64) if c in COUNT_COLUMNS else total
    return out


def _with_rates(cols: dict) -> dict:
    dec = cols["decided"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["win_rate_pct"] = np.where(dec > 0, cols["won"] / dec * 100, np.nan)
        cols["localisation_pct"] = np.where(dec > 0, cols["localisation"] / dec * 100,
                                            np.nan)
    return cols


def summary_of(g: Grain, procurements: int) -> dict:
    """``summary`` from a grain and the procurement count."""
    rows = g.in_period
    sums = _with_rates(_sums(_measures(g, rows), np.zeros(int(rows.sum()), np.int64), 1))
    out = {c: int(sums[c][0]) for c in COUNT_COLUMNS}
    out.update({c: float(sums[c][0]) for c in ("value_won", "localisation_usd",
                                                "win_rate_pct", "localisation_pct")})
    out["procurements"] = procurements
    return out


def summary(f: ExportFilter, subject: str | None = None) -> dict:
    """The filter's participation as one dict: bids, won, lost (lost + not admitted),
    decided, pending, cancelled, localisation (losses for localisation), value_won and
    localisation_usd (USD), win_rate_pct, localisation_pct (of decided), procurements
    (distinct procurements bid for)."""
    return summary_of(grain(f, subject), procurement_count(f, subject))


def _level_keys(g: Grain, level: str, rows: np.ndarray) -> np.ndarray:
    if level == "enterprise":
        return g.enterprise_id[rows]
    if level == "region":
        return g.region_id[rows]
    if level == "subject":
        return g.subject[rows]
    dims = dimensions()
    if level == "concern":
        of = dims.concern_of_enterprise()
        return np.array([str(of.get(int(e))) for e in g.enterprise_id[rows]], dtype=object)
    of = dims.memo("district_of_region", lambda: dict(zip(
        dims.regions["region_id"].astype(str).tolist(), dims.regions["district_id"].tolist())))
    return np.array([str(of.get(r)) for r in g.region_id[rows]], dtype=object)


def breakdown_of(g: Grain, level: str, lang: str = "en") -> pd.DataFrame:
    """``breakdown`` from a grain."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    rows = g.in_period
    codes, uniques = pd.factorize(_level_keys(g, level, rows), sort=True)
    keys = [int(k) for k in uniques] if level == "enterprise" else [str(k) for k in uniques]
    cols = {"key": keys, **_with_rates(_sums(_measures(g, rows), codes, len(keys)))}
    if level == "subject":
        cols["name"] = cols["short"] = keys
    else:
        dims = dimensions()
        names, shorts = dims.name_of(level, lang), dims.short_name_of(level, lang)
        cols["name"] = [str(names.get(k, k)) for k in keys]
        cols["short"] = [str(shorts.get(k, k)) for k in keys]
    if level == "enterprise":
        concern_of = dimensions().concern_of_enterprise()
        cols["concern_id"] = [concern_of.get(k) for k in keys]
    elif level == "concern":
        cols["concern_id"] = keys
    order = sorted(range(len(keys)),
                   key=lambda i: (-cols["value_won"][i], -cols["bids"][i], keys[i]))
    return pd.DataFrame({c: [v[i] for i in order] if isinstance(v, list) else v[order]
                         for c, v in cols.items()})


def breakdown(f: ExportFilter, level: str, subject: str | None = None,
              lang: str = "en") -> pd.DataFrame:
    """Participation by one level, largest value won first (then most bids, then key).

    Levels: concern, enterprise (the bidder), district, region (the customer's),
    subject (what is bought). Columns: key, name, short, bids, won, lost, decided,
    pending, cancelled, localisation, value_won, localisation_usd, win_rate_pct,
    localisation_pct, concern_id (concern and enterprise levels)."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    return breakdown_of(grain(f, subject), level, lang)


def loss_reasons_of(g: Grain) -> pd.DataFrame:
    """``loss_reasons`` from a grain."""
    rows = g.in_period & np.isin(g.outcome, LOSING)
    reason = np.where(g.reason[rows] == "", "other", g.reason[rows])
    codes, uniques = pd.factorize(reason, sort=True)
    size = len(uniques)
    n, outcome = g.n[rows], g.outcome[rows]
    lost = np.bincount(codes, weights=n * (outcome == "lost"), minlength=size)
    refused = np.bincount(codes, weights=n * (outcome == "not_admitted"), minlength=size)
    usd = np.bincount(codes, weights=g.usd[rows], minlength=size)
    bids = np.rint(lost + refused).astype(np.int64)
    total = int(bids.sum())
    keys = [str(k) for k in uniques]
    order = sorted(range(size), key=lambda i: (keys[i] != "localisation", -bids[i], keys[i]))
    return pd.DataFrame({
        "reason": pd.array([keys[i] for i in order], dtype=object),
        "lost": np.rint(lost[order]).astype(np.int64),
        "not_admitted": np.rint(refused[order]).astype(np.int64),
        "bid_usd": usd[order], "bids": bids[order],
        "share_pct": bids[order] / total * 100 if total else np.full(size, np.nan)})


def loss_reasons(f: ExportFilter, subject: str | None = None) -> pd.DataFrame:
    """Lost and not admitted bids by reason, localisation first, then the most frequent.

    Columns: reason, lost (outcome lost), not_admitted, bids (both), share_pct (of
    all lost and not admitted bids), bid_usd (their bids' value). Reasons with no bid
    are left out; a bid without a reason counts as ``other``."""
    return loss_reasons_of(grain(f, subject))


def _quarter_start(d: date) -> date:
    return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)


TREND_COLUMNS = ["quarter", "label", "decided", "won", "localisation", "other_losses",
                 "localisation_pct", "win_rate_pct"]


def localisation_trend_of(g: Grain, f: ExportFilter) -> pd.DataFrame:
    """``localisation_trend`` from a grain (of the same filter)."""
    if not len(g.n):
        return pd.DataFrame(columns=TREND_COLUMNS)
    index = g.y * 4 + g.q  # quarters since year 0
    first, end = int(index.min()), _quarter_start(f.end)
    size = end.year * 4 + (end.month - 1) // 3 - first + 1
    if size <= 0:
        return pd.DataFrame(columns=TREND_COLUMNS)
    keep = index - first < size
    m = _sums(_measures(g, keep), (index - first)[keep], size)
    quarters = [date((first + i) // 4, (first + i) % 4 * 3 + 1, 1) for i in range(size)]
    cols = _with_rates({"decided": m["decided"], "won": m["won"],
                        "localisation": m["localisation"]})
    return pd.DataFrame({
        "quarter": quarters,
        "label": [f"{d.year} Q{(d.month - 1) // 3 + 1}" for d in quarters],
        "decided": cols["decided"], "won": cols["won"],
        "localisation": cols["localisation"],
        "other_losses": m["lost"] - m["localisation"],
        "localisation_pct": cols["localisation_pct"], "win_rate_pct": cols["win_rate_pct"]})


def localisation_trend(f: ExportFilter, subject: str | None = None) -> pd.DataFrame:
    """By quarter of the notice date, from the first quarter with a bid to the
    filter's end (every quarter in between, empty ones as 0), oldest first.

    Columns: quarter (date, first day), label ("2025 Q3"), decided, won, localisation
    (lost or not admitted for localisation), other_losses (lost or not admitted for
    another reason), localisation_pct (localisation ÷ decided × 100), win_rate_pct."""
    return localisation_trend_of(grain(f, subject), f)


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


__all__ = ["DECIDED", "LEVELS", "OUTCOMES", "REASONS", "SUBJECTS", "Grain", "bid_list",
           "breakdown", "breakdown_of", "grain", "localisation_trend",
           "localisation_trend_of", "loss_reasons", "loss_reasons_of", "no_filter_applies",
           "procurement_count", "summary", "summary_of"]

"""Direct contracts of Belarusian enterprises with Russian federal retail chains: the
pipeline by stage, the conversion from talks to supplying, stalled negotiations and the
deliveries through the chains against what the contracts expected.

Definitions every function shares:

- *as of* — the last day of the filter's last month (``as_of(f)``): a contract's stage
  is the stage of its latest change on or before that day (``retail_contract_stage``,
  the history), so an earlier period shows the pipeline as it stood then; contracts
  whose first change comes later are not in the view.
- *pipeline stages* — talks → draft_sent → signed → supplying; suspended and ended are
  off the pipeline. A contract *reached* a pipeline stage when any change up to the
  as-of day was to that stage or a later one; *conversion* = contracts that reached
  supplying ÷ all contracts in the view (every contract starts with talks).
- *stalled* — in talks or draft_sent, with no stage change for longer than N days up to
  the as-of day (N: ``EXPORT_MONITOR_RETAIL_STALLED_DAYS``, or the caller's value).
- *delivered* — the deliveries reported for the months of the filter's period.
- *expected for the period* — each contract's expected annual value ÷ 365 × the days
  of the period (first day of its first month to the as-of day) in which it was in
  stage supplying; a contract that reported no deliveries counts in both (delivered 0).

Filters that apply: concerns, enterprises, Belarusian oblasts, industrial only and the
access scope (of the supplying enterprise), and the chains (``chains``, the page's own
parameter). Filters that do not: Russian districts and regions, HS chapters and
headings, distribution subjects (``no_filter_applies``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Integer, and_, case, func, literal, select, type_coerce

from . import settings
from .conditions import owner_conditions
from .dimensions import dimensions, reference_list
from .engine import run
from .filters import ExportFilter
from .schema import (
    RETAIL_STAGES,
    enterprise,
    retail_chain,
    retail_contract,
    retail_contract_stage,
    retail_delivery,
)

STAGES = RETAIL_STAGES
PIPELINE = ("talks", "draft_sent", "signed", "supplying")
NEGOTIATING = ("talks", "draft_sent")
RANK = {s: i + 1 for i, s in enumerate(PIPELINE)}  # suspended, ended: 0
LEVELS = ("concern", "enterprise", "chain", "total")
MAX_CONTRACTS = 500  # a list of contracts is a working group's, never a register's


def as_of(f: ExportFilter) -> date:
    """The last day of the filter's last month."""
    e = f.end
    return date(e.year + (e.month == 12), e.month % 12 + 1, 1) - timedelta(days=1)


def stalled_days() -> int:
    """The setting EXPORT_MONITOR_RETAIL_STALLED_DAYS."""
    return int(settings.get("EXPORT_MONITOR_RETAIL_STALLED_DAYS"))


def chains(lang: str = "en") -> pd.DataFrame:
    """The reference list of chains. Columns: chain_id, name (in ``lang``: Russian for
    ru, English otherwise), by chain_id. Read once per data version."""
    def build():
        c = retail_chain.c
        df = run(select(c.chain_id, c.name_ru, c.name_en).order_by(c.chain_id),
                 name="retail_chains").copy()
        df["name"] = df["name_ru"] if lang == "ru" else df["name_en"]
        return df[["chain_id", "name"]].astype(str).reset_index(drop=True)

    return reference_list(f"retail_chains_{'ru' if lang == 'ru' else 'en'}", build)


def _current(f: ExportFilter, chain_ids=()):
    """A subquery of the contracts in the view, one row each: contract_id, chain_id,
    enterprise_id, concern_id, product_group, expected_usd, stage (as of), since (date
    of that change), reach (the highest pipeline rank reached)."""
    day = as_of(f)
    s = retail_contract_stage.c
    rank = case(*[(s.stage == st, RANK[st]) for st in PIPELINE], else_=0)
    h = (select(s.contract_id, func.max(s.changed_on).label("since"),
                func.max(rank).label("reach"))
         .where(s.changed_on <= day).group_by(s.contract_id).subquery("h"))
    last = retail_contract_stage.alias("last")
    rc = retail_contract
    conds = owner_conditions(f, rc)
    if chain_ids:
        conds.append(rc.c.chain_id.in_(tuple(chain_ids)))
    return (select(rc.c.contract_id, rc.c.chain_id, rc.c.enterprise_id,
                   enterprise.c.concern_id, rc.c.product_group,
                   rc.c.expected_annual_usd.label("expected_usd"),
                   last.c.stage, h.c.since, h.c.reach)
            .select_from(rc.join(h, h.c.contract_id == rc.c.contract_id)
                         .join(last, and_(last.c.contract_id == h.c.contract_id,
                                          last.c.changed_on == h.c.since))
                         .join(enterprise, enterprise.c.enterprise_id == rc.c.enterprise_id))
            .where(*conds).subquery("cur"))


def _key(level: str, cur):
    return {"concern": cur.c.concern_id, "enterprise": cur.c.enterprise_id,
            "chain": cur.c.chain_id}.get(level, literal("total"))


def _names(df: pd.DataFrame, level: str, lang: str) -> pd.DataFrame:
    if level == "total":
        df["name"] = df["short"] = "total"
        return df
    if level == "chain":
        names = dict(zip(*chains(lang).T.values))
        df["name"] = df["short"] = [names.get(k, str(k)) for k in df["key"]]
        return df
    dims = dimensions()
    names, shorts = dims.name_of(level, lang), dims.short_name_of(level, lang)
    df["name"] = [str(names.get(k, k)) for k in df["key"].tolist()]
    df["short"] = [str(shorts.get(k, k)) for k in df["key"].tolist()]
    if level == "enterprise":
        concern_of = dims.concern_of_enterprise()
        df["concern_id"] = [concern_of.get(k) for k in df["key"].tolist()]
    elif level == "concern":
        df["concern_id"] = df["key"]
    return df


def _pct(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den * 100, np.nan)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")


def contract_rows(f: ExportFilter, chain_ids=()) -> pd.DataFrame:
    """Every contract in the view, one row each, read in one query: contract_id,
    chain_id, enterprise_id, concern_id, product_group, expected_usd (annual, 0 when
    not given), stage (as of), since (date of that change), reach (the highest pipeline
    rank reached), supplying_days (in stage supplying within the period), delivered
    (reported for the period's months; NaN when none). The page reads this once and
    hands it to ``pipeline``, ``funnel``, ``stalled``, ``deliveries`` and ``contracts``
    (a few hundred rows: each of them is a small pandas step, not another query)."""
    cur = _current(f, chain_ids)
    sup, dlv = _supplying_days(f, chain_ids), _delivered(f)
    stmt = (select(cur, func.coalesce(sup.c.days, 0).label("supplying_days"),
                   dlv.c.delivered)
            .select_from(cur.outerjoin(sup, sup.c.contract_id == cur.c.contract_id)
                         .outerjoin(dlv, dlv.c.contract_id == cur.c.contract_id))
            .order_by(cur.c.contract_id))
    df = run(stmt, name="retail_contract_rows")
    # (keys and names come typed from both engines; dates as datetime.date once here)
    return df.assign(
        since=[d.date() if isinstance(d, datetime) else d for d in df["since"].tolist()],
        expected_usd=df["expected_usd"].astype(float).fillna(0.0),
        reach=df["reach"].fillna(0).astype(int),
        supplying_days=df["supplying_days"].fillna(0).astype(int),
        delivered=df["delivered"].astype(float)).reset_index(drop=True)


_LEVEL_COLUMN = {"concern": "concern_id", "enterprise": "enterprise_id", "chain": "chain_id"}


def _groups(rows: pd.DataFrame, level: str) -> tuple[np.ndarray, list]:
    """Each row's group number and the groups' keys, in the order they first appear
    (one group "total" for the total, also without rows)."""
    if level == "total":
        return np.zeros(len(rows), dtype=np.intp), ["total"]
    codes, uniq = pd.factorize(np.asarray(rows[_LEVEL_COLUMN[level]].tolist(), dtype=object))
    return codes, uniq.tolist()


def _sum_by(codes: np.ndarray, n: int, weights) -> np.ndarray:
    """``weights`` summed by group (numpy: a pandas groupby over a few hundred rows
    cost more than the page's query)."""
    return np.bincount(codes, weights=np.asarray(weights, dtype=float), minlength=n)


def pipeline(f: ExportFilter, level: str, chain_ids=(), lang: str = "en",
             rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Contracts in the view by one level (concern, enterprise, chain, total), the most
    contracts first (ties: the larger expected value, then the key).

    Columns: key, name, short, contracts (all), for every stage S of ``STAGES`` S (the
    number of contracts in it as of the as-of day) and S_usd (their expected annual
    value), pipeline_usd (expected value of talks, draft_sent and signed: what is not
    yet supplying), reached_supplying (contracts that were ever supplying),
    conversion_pct (reached_supplying ÷ contracts × 100), and concern_id for the
    concern and enterprise levels. Levels with no contract are left out; the total is
    one row of zeros then. ``rows``: the same view's ``contract_rows`` when the caller
    has them.
    """
    _check_level(level)
    rows = contract_rows(f, chain_ids) if rows is None else rows
    codes, keys = _groups(rows, level)
    n = len(keys)
    stage = rows["stage"].to_numpy(dtype=object)
    expected = rows["expected_usd"].to_numpy(dtype=float)
    cols: dict = {"key": keys,
                  "contracts": _sum_by(codes, n, np.ones(len(rows))).astype(int)}
    for st in STAGES:
        here = stage == st
        cols[st] = _sum_by(codes, n, here).astype(int)
        cols[f"{st}_usd"] = _sum_by(codes, n, np.where(here, expected, 0.0))
    cols["reached_supplying"] = _sum_by(
        codes, n, rows["reach"].to_numpy(dtype=int) >= RANK["supplying"]).astype(int)
    cols["pipeline_usd"] = sum(cols[f"{s}_usd"] for s in PIPELINE[:3])
    cols["conversion_pct"] = _pct(cols["reached_supplying"], cols["contracts"])
    if level == "enterprise":
        cols["key"] = [int(k) for k in keys]
    elif level != "total":
        cols["key"] = [str(k) for k in keys]
    df = pd.DataFrame(cols)
    usd = sum(cols[f"{st}_usd"] for st in STAGES)
    order = sorted(range(n), key=lambda i: (-cols["contracts"][i], -usd[i], cols["key"][i]))
    return _names(df.iloc[order].reset_index(drop=True), level, lang)


def funnel(f: ExportFilter, chain_ids=(), rows: pd.DataFrame | None = None
           ) -> pd.DataFrame:
    """How far the contracts in the view got: one row per pipeline stage in order.

    Columns: stage, reached (contracts that reached the stage or a later one), pct
    (reached ÷ contracts that began with talks, i.e. all, × 100; NaN with none),
    step_pct (reached ÷ reached at the stage before × 100; 100 for talks when any).
    ``rows``: the same view's ``contract_rows`` when the caller has them."""
    rows = contract_rows(f, chain_ids) if rows is None else rows
    total = int(len(rows))
    reach = rows["reach"].to_numpy(int)
    reached = [int((reach >= RANK[s]).sum()) for s in PIPELINE]
    # every contract begins with talks, also one reported first at a later stage
    reached[0] = total
    before = [total, *reached[:-1]]
    return pd.DataFrame({"stage": list(PIPELINE), "reached": reached,
                         "pct": _pct(reached, [total] * len(PIPELINE)),
                         "step_pct": _pct(reached, before)})


def _supplying_days(f: ExportFilter, chain_ids=()):
    """A subquery: contract_id, days (in stage supplying within the period)."""
    day = as_of(f)
    after = day + timedelta(days=1)
    s = retail_contract_stage.c
    spans = (select(s.contract_id, s.stage, s.changed_on,
                    func.lead(s.changed_on).over(partition_by=s.contract_id,
                                                 order_by=s.changed_on).label("next_on"))
             .where(s.changed_on <= day).subquery("spans"))
    until = func.least(func.coalesce(spans.c.next_on, after), after)
    start = func.greatest(spans.c.changed_on, f.start)
    days = type_coerce(until - start, Integer)
    return (select(spans.c.contract_id,
                   func.sum(case((and_(spans.c.stage == "supplying", until > start), days),
                                 else_=0)).label("days"))
            .group_by(spans.c.contract_id).subquery("sup"))


def _delivered(f: ExportFilter):
    d = retail_delivery.c
    return (select(d.contract_id, func.sum(d.value_usd).label("delivered"))
            .where(d.month.between(f.start, f.end)).group_by(d.contract_id)
            .subquery("dlv"))


def contracts(f: ExportFilter, chain_ids=(), lang: str = "en",
              rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every contract in the view (at most ``MAX_CONTRACTS``), the longest unchanged
    negotiations first, then the others by expected value.

    Columns: contract_id, chain_id, chain, enterprise_id, enterprise, concern_id,
    product_group, stage (as of), since (date of that change), days (since → as-of
    day), stalled (negotiating and days above the setting), expected_usd (annual),
    supplying_days (in the period), expected_period_usd, delivered_usd (NaN when none
    reported for the period), reported (bool). ``rows``: the same view's
    ``contract_rows`` when the caller has them."""
    rows = contract_rows(f, chain_ids) if rows is None else rows
    return _contract_frame(rows.head(MAX_CONTRACTS).copy(), f, lang)


def _contract_frame(df: pd.DataFrame, f: ExportFilter, lang: str,
                    days_limit: int | None = None) -> pd.DataFrame:
    day = as_of(f)
    limit = stalled_days() if days_limit is None else int(days_limit)
    df["days"] = [(day - s).days for s in df["since"].tolist()]
    df["stalled"] = df["stage"].isin(NEGOTIATING) & (df["days"] > limit)
    df["expected_period_usd"] = df["expected_usd"] / 365 * df["supplying_days"]
    df["reported"] = df["delivered"].notna()
    df["delivered_usd"] = df["delivered"].astype(float)
    names = dimensions().name_of("enterprise", lang)
    chain_names = dict(zip(*chains(lang).T.values))
    df["enterprise"] = [str(names.get(e, e)) for e in df["enterprise_id"]]
    df["chain"] = [chain_names.get(c, c) for c in df["chain_id"]]
    df = df.drop(columns=["delivered", "reach"])
    neg = df["stage"].isin(NEGOTIATING)
    df = df.assign(_neg=~neg, _days=np.where(neg, -df["days"], 0))
    return (df.sort_values(["_neg", "_days", "expected_usd", "contract_id"],
                           ascending=[True, True, False, True])
            .drop(columns=["_neg", "_days"]).reset_index(drop=True))


def stalled(f: ExportFilter, days: int | None = None, chain_ids=(), lang: str = "en",
            rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Negotiations (talks, draft_sent as of the as-of day) with no stage change for
    more than ``days`` days (None: the setting), the longest first (ties: the larger
    expected value). Columns as ``contracts``. ``rows``: the same view's
    ``contract_rows`` when the caller has them."""
    rows = contract_rows(f, chain_ids) if rows is None else rows
    limit = stalled_days() if days is None else int(days)
    cut = as_of(f) - timedelta(days=limit)
    old = np.asarray([d < cut for d in rows["since"].tolist()], dtype=bool)
    picked = rows[rows["stage"].isin(NEGOTIATING).to_numpy() & old]
    picked = picked.sort_values(["since", "contract_id"]).head(MAX_CONTRACTS)
    return _contract_frame(picked.copy(), f, lang, limit)


def deliveries(f: ExportFilter, level: str, chain_ids=(), lang: str = "en",
               rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Deliveries in the period against the contracts' expectations, by one level
    (concern, enterprise, chain, total), the largest expectation first.

    Columns: key, name, short, delivered_usd (reported for the period's months),
    expected_usd (expected annual ÷ 365 × days supplying in the period, every
    contract), expected_reported_usd (the same for the contracts that reported
    deliveries for the period), pct (delivered ÷ expected_reported × 100: deliveries
    are set against the expectations of those who reported them; NaN with none),
    gap_usd (delivered − expected_reported), supplying (contracts supplying on some day
    of the period), reported (of those, the ones with deliveries reported), concern_id
    for concern and enterprise. Keys with neither deliveries nor an expectation are
    left out. ``rows``: the same view's ``contract_rows`` when the caller has them."""
    _check_level(level)
    rows = contract_rows(f, chain_ids) if rows is None else rows
    codes, keys = _groups(rows, level)
    n = len(keys)
    per_contract = (rows["expected_usd"].to_numpy(dtype=float) / 365.0
                    * rows["supplying_days"].to_numpy(dtype=float))
    delivered = rows["delivered"].to_numpy(dtype=float)
    has = ~np.isnan(delivered)
    supplying = rows["supplying_days"].to_numpy(dtype=int) > 0
    cols = {"key": keys,
            "delivered_usd": _sum_by(codes, n, np.where(has, delivered, 0.0)),
            "expected_usd": _sum_by(codes, n, per_contract),
            "expected_reported_usd": _sum_by(codes, n, np.where(has, per_contract, 0.0)),
            "supplying": _sum_by(codes, n, supplying).astype(int),
            "reported": _sum_by(codes, n, supplying & has).astype(int)}
    df = pd.DataFrame(cols)
    if level != "total":
        df = df[(df["delivered_usd"] > 0) | (df["expected_usd"] > 0)].copy()
        df["key"] = [int(k) if level == "enterprise" else str(k) for k in df["key"]]
    df["pct"] = _pct(df["delivered_usd"], df["expected_reported_usd"])
    df["gap_usd"] = df["delivered_usd"] - df["expected_reported_usd"]
    exp, dlv, k = (df[c].tolist() for c in ("expected_usd", "delivered_usd", "key"))
    order = sorted(range(len(df)), key=lambda i: (-exp[i], -dlv[i], k[i]))
    return _names(df.iloc[order].reset_index(drop=True), level, lang)


def no_filter_applies(f: ExportFilter) -> list[str]:
    """Names of the filter fields that are set but do not apply to retail contracts."""
    return [name for name in ("districts", "regions", "chapters", "headings", "subjects")
            if getattr(f, name)]


__all__ = ["LEVELS", "NEGOTIATING", "PIPELINE", "STAGES", "as_of", "chains", "contract_rows",
           "contracts",
           "deliveries", "funnel", "no_filter_applies", "pipeline", "stalled",
           "stalled_days"]

"""Demonstration data of the retail subject (issue 14): direct contracts of Belarusian
enterprises with Russian federal retail chains, their stage histories and the monthly
deliveries through the chains. See ``topics/__init__.py``; every assumption is in the
retail section of ``queries/demo/catalogue.py``."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from .. import catalogue as cat

TOPIC_NO = 2  # this topic's own seed stream
FIRST_TALKS = date(2024, 1, 1)
PIPELINE = ("talks", "draft_sent", "signed", "supplying")


def _last_day(month: str) -> date:
    y, m = (int(x) for x in month.split("-")[:2])
    return date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)


def _suppliers(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Enterprises of the retail concerns with a product group: enterprise_id,
    concern_id, group, weight (their exports)."""
    ent = frames["enterprise"]
    ent = ent[ent["concern_id"].isin(list(cat.RETAIL_CONCERN_SHARE))]
    x = frames["exports"]
    x = x[x["enterprise_id"].isin(ent["enterprise_id"])]
    # by heading first: at full size the exports are tens of millions of rows
    by = x.groupby(["enterprise_id", "heading_id"], as_index=False, sort=False)[
        "value_usd"].sum()
    by = (by.assign(chapter=by["heading_id"].str[:2])
          .groupby(["enterprise_id", "chapter"], as_index=False)["value_usd"].sum())
    by["group"] = by["chapter"].map(cat.RETAIL_GROUP_OF_CHAPTER)
    by = by.dropna(subset=["group"])
    # the enterprise's main group: the chapter it exports most of, among those sold in chains
    by = by.sort_values(["enterprise_id", "value_usd", "chapter"],
                        ascending=[True, False, True])
    main = by.groupby("enterprise_id", as_index=False).agg(
        group=("group", "first"), weight=("value_usd", "sum"))
    return main.merge(ent[["enterprise_id", "concern_id"]], on="enterprise_id"
                      ).sort_values("enterprise_id").reset_index(drop=True)


def _history(rng, start: date, end: date) -> list[tuple[date, str]]:
    """One contract's stage changes from its first talks, cut at ``end``."""
    out, day, stage = [(start, "talks")], start, "talks"
    while True:
        if stage in cat.RETAIL_STEP_DAYS:
            r = rng.random()
            if r < cat.RETAIL_STALL_PROB[stage]:
                # a stalled negotiation is often closed, months later, as ended
                if rng.random() < cat.RETAIL_STALL_END_PROB:
                    day = day + timedelta(days=int(rng.integers(150, 401)))
                    if day <= end:
                        out.append((day, "ended"))
                break
            lo, hi = cat.RETAIL_STEP_DAYS[stage]
            day = day + timedelta(days=int(rng.integers(lo, hi + 1)))
            if r < cat.RETAIL_STALL_PROB[stage] + cat.RETAIL_BREAK_PROB[stage]:
                stage = "ended"
            else:
                stage = PIPELINE[PIPELINE.index(stage) + 1]
        elif stage == "supplying":
            if rng.random() >= cat.RETAIL_SUSPEND_PROB:
                break
            day, stage = day + timedelta(days=int(rng.integers(60, 301))), "suspended"
        elif stage == "suspended":
            r = rng.random()
            day = day + timedelta(days=int(rng.integers(30, 121)))
            if r < cat.RETAIL_RESUME_PROB:
                stage = "supplying"
            elif r < cat.RETAIL_RESUME_PROB + cat.RETAIL_END_PROB:
                stage = "ended"
            else:
                break
        else:  # ended
            break
        if day > end:
            break
        out.append((day, stage))
    return out


def _supplying_days(history, month_start: date, month_end: date) -> int:
    """Days of the month in which the contract was in stage supplying."""
    days = 0
    for i, (since, stage) in enumerate(history):
        if stage != "supplying":
            continue
        until = history[i + 1][0] if i + 1 < len(history) else month_end + timedelta(days=1)
        lo, hi = max(since, month_start), min(until, month_end + timedelta(days=1))
        days += max(0, (hi - lo).days)
    return days


def generate(frames: dict[str, pd.DataFrame], seed: int, end_month: str
             ) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng([seed, TOPIC_NO])
    chains = set(frames["retail_chain"]["chain_id"])
    sup = _suppliers(frames)
    end = _last_day(end_month)
    last_start = end - timedelta(days=60)
    if sup.empty or last_start <= FIRST_TALKS:  # (a database that ends before them)
        from queries import schema

        return {name: pd.DataFrame(columns=[c.name for c in schema.metadata.tables[name].columns])
                for name in ("retail_contract", "retail_contract_stage", "retail_delivery")}
    concerns = [c for c in cat.RETAIL_CONCERN_SHARE if (sup["concern_id"] == c).any()]
    shares = np.array([cat.RETAIL_CONCERN_SHARE[c] for c in concerns])
    picks, seen = [], set()
    for _ in range(cat.RETAIL_CONTRACTS * 4):  # draws; a repeated pair is skipped
        if len(picks) == cat.RETAIL_CONTRACTS:
            break
        concern = concerns[rng.choice(len(concerns), p=shares / shares.sum())]
        mine = sup[sup["concern_id"] == concern]
        w = np.sqrt(mine["weight"].to_numpy(float) + 1.0)
        row = mine.iloc[rng.choice(len(mine), p=w / w.sum())]
        options = [c for c in cat.RETAIL_CHAINS_OF_GROUP[row["group"]] if c in chains]
        if not options:
            continue
        cw = 1.0 / np.arange(1, len(options) + 1) ** 0.6  # the first chains more often
        chain = options[rng.choice(len(options), p=cw / cw.sum())]
        key = (int(row["enterprise_id"]), chain, row["group"])
        if key in seen:
            continue
        seen.add(key)
        span = (last_start - FIRST_TALKS).days
        start = FIRST_TALKS + timedelta(days=int(rng.integers(0, span + 1)))
        median = cat.RETAIL_MEDIAN_USD[row["group"]]
        expected = round(float(median * rng.lognormal(0.0, 0.6)), -4)
        picks.append((start, key, max(expected, 10_000.0), _history(rng, start, end),
                      float(rng.uniform(0.55, 1.25)),
                      bool(rng.random() < cat.RETAIL_REPORTED_SHARE)))
    picks.sort(key=lambda p: (p[0], p[1]))
    contracts, stages, deliveries = [], [], []
    for cid, (_start, (ent, chain, group), expected, history, rate, reported) in \
            enumerate(picks, start=1):
        contracts.append({"contract_id": cid, "chain_id": chain, "enterprise_id": ent,
                          "product_group": group, "stage": history[-1][1],
                          "stage_since": history[-1][0], "expected_annual_usd": expected})
        stages += [{"contract_id": cid, "changed_on": d, "stage": s} for d, s in history]
        if not reported:
            continue
        first = next((d for d, s in history if s == "supplying"), None)
        if first is None:
            continue
        month = date(first.year, first.month, 1)
        while month <= end:
            nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
            days = _supplying_days(history, month, nxt - timedelta(days=1))
            if days:
                value = (expected / 12 * days / (nxt - month).days * rate
                         * float(rng.uniform(0.85, 1.15)))
                deliveries.append({"month": month, "contract_id": cid,
                                   "value_usd": round(value, -2)})
            month = nxt
    contract = pd.DataFrame(contracts)
    contract["stage_since"] = pd.to_datetime(contract["stage_since"])
    stage = pd.DataFrame(stages)
    stage["changed_on"] = pd.to_datetime(stage["changed_on"])
    delivery = pd.DataFrame(deliveries, columns=["month", "contract_id", "value_usd"])
    delivery["month"] = pd.to_datetime(delivery["month"])
    return {"retail_contract": contract, "retail_contract_stage": stage,
            "retail_delivery": delivery}

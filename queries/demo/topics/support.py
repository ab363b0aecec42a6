"""Demonstration data of the support subject (issue 14): which enterprises use which
export-support instrument, how much support they received and which exports it backed.
See ``topics/__init__.py``; every assumption is in ``catalogue.py`` (section support).

Backed exports are a share of the enterprise's own generated exports to that Russian
region in that month (``frames["exports"]``), so they never exceed them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalogue as cat

TOPIC_NO = 5  # the seed stream of this topic (its place in TOPIC_MODULES)
COLUMNS = ["month", "enterprise_id", "instrument_id", "region_id", "support_usd",
           "backed_exports_usd"]


def _kind(row) -> str:
    machinery = row.concern_id in cat.SUPPORT_MACHINERY_CONCERNS
    if row.is_major:
        return "major_machinery" if machinery else "major_other"
    if machinery:
        return "machinery"
    return "industrial" if row.is_industrial else "other"


def generate(frames: dict[str, pd.DataFrame], seed: int, end_month: str
             ) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng([seed, TOPIC_NO])
    instruments = list(frames["support_instrument"]["instrument_id"])
    ents = frames["enterprise"].sort_values("enterprise_id").reset_index(drop=True)
    x = frames["exports"]
    first = pd.Timestamp(cat.SUPPORT_FIRST_MONTH)
    last = pd.Timestamp(end_month)
    x = x[(x["month"] >= first) & (x["month"] <= last)]
    cells = (x.groupby(["enterprise_id", "region_id", "month"], observed=True)["value_usd"]
             .sum().reset_index())
    cells = cells[cells["value_usd"] > 0]
    by_region = (cells.groupby(["enterprise_id", "region_id"], observed=True)["value_usd"]
                 .sum().reset_index().sort_values(["enterprise_id", "value_usd", "region_id"],
                                                  ascending=[True, False, True]))
    months = pd.date_range(first, last, freq="MS")
    parts = []
    for row in ents.itertuples(index=False):
        kind = _kind(row)
        # every enterprise draws the same numbers whether it uses an instrument or not,
        # so that one enterprise's choice never shifts another's
        use = rng.random() < cat.SUPPORT_USE_SHARE[kind]
        weights_of = cat.SUPPORT_INSTRUMENT_WEIGHTS[
            "machinery" if kind in ("major_machinery", "machinery") else "other"]
        w = np.array([weights_of.get(i, 0.0) for i in instruments], float)
        n_instr = int(rng.integers(1, 4))
        chosen = rng.choice(len(instruments), size=min(n_instr, int((w > 0).sum())),
                            replace=False, p=w / w.sum())
        draws = rng.random((len(chosen), 6))
        if not use:
            continue
        regions = by_region[by_region["enterprise_id"] == row.enterprise_id]["region_id"]
        if regions.empty:
            continue
        lo_hi = [cat.SUPPORT_BACKED_SHARE[instruments[k]] for k in chosen]
        shares = np.array([lo + (hi - lo) * d[0] for (lo, hi), d in zip(lo_hi, draws)])
        if shares.sum() > cat.SUPPORT_BACKED_MAX:
            shares *= cat.SUPPORT_BACKED_MAX / shares.sum()
        mine = cells[cells["enterprise_id"] == row.enterprise_id]
        for j, k in enumerate(chosen):
            inst = instruments[k]
            d = draws[j]
            n_regions = 1 + int(d[1] * min(4, len(regions)))
            picked = list(regions.iloc[:n_regions])
            start = months[int(d[2] * len(months) * 0.7)]
            seed_months = np.random.default_rng([seed, TOPIC_NO, int(row.enterprise_id), k])
            active = [m for m in months if m >= start
                      and seed_months.random() < cat.SUPPORT_ACTIVE_P[inst]]
            sub = mine[mine["region_id"].isin(picked) & mine["month"].isin(active)]
            if sub.empty:
                continue
            lo, hi = cat.SUPPORT_RATIO[inst]
            ratio = lo + (hi - lo) * d[3]
            backed = (sub["value_usd"].to_numpy() * shares[j]).round(2)
            # a little month-to-month noise in the support itself (tranches, premiums)
            noise = 1 + 0.1 * (seed_months.random(len(sub)) - 0.5)
            parts.append(pd.DataFrame({
                "month": sub["month"].to_numpy(), "enterprise_id": int(row.enterprise_id),
                "instrument_id": inst, "region_id": sub["region_id"].astype(str).to_numpy(),
                "support_usd": (backed * ratio * noise).round(2),
                "backed_exports_usd": backed}))
    out = (pd.concat(parts, ignore_index=True) if parts
           else pd.DataFrame({c: [] for c in COLUMNS}))
    out = out[out["backed_exports_usd"] > 0]
    out = out.sort_values(["month", "enterprise_id", "instrument_id", "region_id"])
    return {"export_support": out[COLUMNS].reset_index(drop=True)}

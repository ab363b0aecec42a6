"""Demonstration data of the expectations subject (issue 14): every concern and oblast
with a target submits its expected full-year exports each month. The assumptions are in
``queries/demo/catalogue.py``, section "expectations"; the forecast the bodies are
optimistic against is the model's own (``queries/forecast.py``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from queries import forecast
from queries.demo import catalogue as cat

TOPIC_NO = 6  # this topic's own seed stream (its place in TOPIC_MODULES)


def _grid(exports: pd.DataFrame, ent: pd.DataFrame, key: str) -> pd.DataFrame:
    """body × (year, month) sums of the exports."""
    x = pd.DataFrame({"enterprise_id": exports["enterprise_id"].to_numpy(),
                      "month": pd.to_datetime(exports["month"]).to_numpy(),
                      "v": exports["value_usd"].to_numpy(float)})
    x = x.merge(ent[["enterprise_id", key]], on="enterprise_id")
    x["year"], x["m"] = x["month"].dt.year, x["month"].dt.month
    return x.groupby([key, "year", "m"])["v"].sum()


def _submissions(rng, targets: pd.DataFrame, key: str, sums: pd.Series, years,
                 last: pd.Timestamp) -> pd.DataFrame:
    rows = []
    for year in years:
        months = 12 if year < last.year else last.month
        tgt = targets[targets["year"] == year].sort_values(key)
        for body, target in zip(tgt[key].tolist(), tgt["value_usd"].astype(float).tolist()):
            cur = np.array([sums.get((body, year, m), 0.0) for m in range(1, 13)])
            ly = np.array([sums.get((body, year - 1, m), 0.0) for m in range(1, 13)])
            optimist = rng.random() < cat.OPTIMIST_SHARE
            near = rng.uniform(*cat.OPTIMIST_NEAR_TARGET)
            above = rng.uniform(*(cat.OPTIMIST_ABOVE if optimist else cat.REALIST_ABOVE))
            for m in range(1, months + 1):
                fc, how = forecast.forecast_year(cur, ly, m - 1)  # what the body knew
                noise = 1 + rng.uniform(-cat.EXPECTATION_NOISE, cat.EXPECTATION_NOISE)
                if how == forecast.NO_MONTHS:  # January: nothing known but the target
                    expected = near * target * noise
                else:
                    anchor = fc + above * target
                    if optimist:
                        anchor = max(anchor, near * target)
                    weight = 1 - cat.EXPECTATION_DRIFT * (m - 1) / 11
                    expected = (fc + weight * (anchor - fc)) * noise
                rows.append((pd.Timestamp(year, m, 1), body, round(max(expected, 0.0), 2)))
    return pd.DataFrame(rows, columns=["month", key, "expected_usd"])


def generate(frames: dict[str, pd.DataFrame], seed: int, end_month: str) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng([seed, TOPIC_NO])
    last = pd.Timestamp(end_month + "-01")
    years = range(last.year - cat.EXPECTATION_YEARS_BACK, last.year + 1)
    out = {}
    for table, key, targets in (("expectation_concern", "concern_id", "target_concern"),
                                ("expectation_oblast", "oblast_id", "target_oblast")):
        sums = _grid(frames["exports"], frames["enterprise"], key)
        out[table] = _submissions(rng, frames[targets], key, sums, years, last)
    return out

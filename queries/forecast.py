"""The full-year forecast and its backtest: pure numpy/pandas on monthly series.

No SQL here: the series come from named query functions in ``queries/exports.py``
(``monthly``, ``monthly_by_concern``, ``monthly_history``), which also cache the
backtest per data version.

Method (chosen by the backtest below, see README "Definitions"): at the end of month
M of year Y the forecast is

    this year's months 1..M  +  last year's months M+1..12 × r,
    r = ½ · (months M-2..M this year ÷ the same months last year)     # momentum
      + ½ · (months 1..M this year ÷ the same months last year)       # year to date

Last year's remaining months carry the seasonality (a seasonal naive forecast); the
ratio r carries the level: the year-on-year ratio of the last three months, shrunk
half-way toward the year-to-date ratio so that one noisy month does not swing it.
Every actual month of the year counts, whatever the page's ``from`` says. With
M ≥ 12 the year is complete and the "forecast" is the actual total; with no
exports last year over months 1..M the forecast is the run rate of this year's own
months (their mean × 12), which has no seasonality and says so (``method``).

The *old* method (until issue 9) used only the year-to-date ratio of the page's
period, which made forecast ÷ target equal fulfilment to date; it is kept here as
``method="ytd"`` for the backtest comparison only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MOMENTUM_MONTHS = 3   # the window of the recent year-on-year ratio
MOMENTUM_WEIGHT = 0.5  # its weight against the year-to-date ratio

# what the forecast is built from, for the page's note
ACTUAL, SEASONAL, RUN_RATE, NO_MONTHS = "actual", "seasonal", "run_rate", "no_months"


def forecast_rows(cur, ly, as_of: int, method: str = "momentum"
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(forecasts, how each was made) for rows of this year's and last year's twelve
    months (arrays n × 12; this year's values after ``as_of`` are ignored).

    ``method``: "momentum" (the forecast of this module) or "ytd" (the old one, for the
    backtest). "How" is one of ACTUAL, SEASONAL, RUN_RATE, NO_MONTHS.
    """
    if method not in ("momentum", "ytd"):
        raise ValueError(f"unknown method {method!r}")
    cur = np.nan_to_num(np.atleast_2d(np.asarray(cur, dtype=float))[:, :12])
    ly = np.nan_to_num(np.atleast_2d(np.asarray(ly, dtype=float))[:, :12])
    n, m = len(cur), int(min(max(as_of, 0), 12))
    if m == 0:
        return np.full(n, np.nan), np.full(n, NO_MONTHS, dtype=object)
    so_far = cur[:, :m].sum(axis=1)
    if m == 12:
        return so_far, np.full(n, ACTUAL, dtype=object)
    ly_so_far = ly[:, :m].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = so_far / ly_so_far
        if method == "momentum":
            lo = max(0, m - MOMENTUM_MONTHS)
            recent_ly = ly[:, lo:m].sum(axis=1)
            recent = cur[:, lo:m].sum(axis=1) / recent_ly
            r = np.where(recent_ly > 0,
                         MOMENTUM_WEIGHT * recent + (1 - MOMENTUM_WEIGHT) * r, r)
        seasonal = so_far + ly[:, m:].sum(axis=1) * r
    has_ly = ly_so_far > 0
    value = np.where(has_ly, seasonal, so_far / m * 12)
    how = np.where(has_ly, SEASONAL, RUN_RATE).astype(object)
    return value, how


def forecast_year(cur, ly, as_of: int, method: str = "momentum") -> tuple[float, str]:
    """(full-year forecast, how it was made) of one series: ``forecast_rows`` of one
    row."""
    value, how = forecast_rows(cur, ly, as_of, method)
    return float(value[0]), str(how[0])


def forecast_units(cur: pd.DataFrame, ly: pd.DataFrame, as_of: int,
                   method: str = "momentum") -> pd.DataFrame:
    """The forecast of every row of two unit × month (columns 1..12) frames.

    Columns: forecast, forecast_method; index: the union of both frames' units.
    """
    units = cur.index.union(ly.index)
    cur = cur.reindex(index=units, columns=range(1, 13)).fillna(0.0)
    ly = ly.reindex(index=units, columns=range(1, 13)).fillna(0.0)
    value, how = forecast_rows(cur.to_numpy(), ly.to_numpy(), as_of, method)
    return pd.DataFrame({"forecast": value, "forecast_method": how}, index=units)


def backtest(history: pd.DataFrame, last_year: int, method: str = "momentum"
             ) -> pd.DataFrame:
    """Mean absolute percentage error of the forecast by month of forecast.

    ``history``: columns unit, year, month, value (any number of units, e.g. the
    national total and each concern). For each unit and each year Y ≤ ``last_year``
    (the last complete year of the data) that has a previous year, the forecast made at the end of months
    1..11 is compared with Y's actual total: |forecast ÷ actual − 1| × 100. A case
    counts when the actual and last year's total are positive. Rows: as_of 1..11;
    columns: as_of, mape_pct, median_ape_pct, max_ape_pct, cases, years (e.g.
    "2022–2025").
    """
    out = pd.DataFrame({"as_of": range(1, 12)})
    cases = pd.DataFrame()
    if len(history):
        grid = (history.groupby(["unit", "year", "month"])["value"].sum()
                .unstack("month").reindex(columns=range(1, 13)).fillna(0.0))
        prev = grid.copy()
        prev.index = pd.MultiIndex.from_arrays(
            [prev.index.get_level_values(0), prev.index.get_level_values(1) + 1],
            names=["unit", "year"])
        keep = [k for k in grid.index if k[1] <= last_year and k in prev.index]
        cur, ly = grid.loc[keep].to_numpy(), prev.loc[keep].to_numpy()
        ok = (cur.sum(axis=1) > 0) & (ly.sum(axis=1) > 0)
        cur, ly = cur[ok], ly[ok]
        cases = pd.DataFrame(index=pd.MultiIndex.from_tuples(
            [k for k, good in zip(keep, ok) if good], names=["unit", "year"]))
    actual = cur.sum(axis=1) if len(cases) else np.array([])
    mape, median, worst = [], [], []
    for m in out["as_of"]:
        if not len(cases):
            mape.append(np.nan), median.append(np.nan), worst.append(np.nan)
            continue
        ape = np.abs(forecast_rows(cur, ly, m, method)[0] / actual - 1) * 100
        mape.append(ape.mean()), median.append(np.median(ape)), worst.append(ape.max())
    out["mape_pct"], out["median_ape_pct"], out["max_ape_pct"] = mape, median, worst
    out["cases"] = len(cases)
    years = sorted({int(y) for y in cases.index.get_level_values("year")}) if len(cases) else []
    out["years"] = (f"{years[0]}–{years[-1]}" if len(years) > 1
                    else str(years[0]) if years else "")
    return out

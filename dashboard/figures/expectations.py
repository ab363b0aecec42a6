"""Expected full-year figures: a body's monthly submissions against its target and the
model's forecast (pure; ``queries.expectations.history`` gives the frame)."""

from __future__ import annotations

import pandas as pd

from .. import theme
from ..formatting import rounded
from ..i18n import axis_month
from .core import _floats, _layout


def history_rows(df: pd.DataFrame, labels: dict[str, str], lang: str = "en"
                 ) -> tuple[list[dict], list[str]]:
    """The history as a compact table: one row per measure (expected and forecast in % of
    target), one column per submission month ("m1" … "m12"). Returns (rows, month
    fields); every cell of a flagged month carries ``<field>_flag`` (the page marks the
    expectation: above the forecast by more than the gap setting)."""
    fields = [f"m{pd.Timestamp(m).month}" for m in df["month"]]
    rows = []
    for measure in ("expected", "forecast"):
        col = {"expected": "expected_vs_target_pct", "forecast": "forecast_vs_target_pct",
               "gap": "expectation_gap_pts"}[measure]
        row = {"measure": labels[measure], "measure_key": measure}
        for field, value, flag in zip(fields, df[col], df["expectation_flag"]):
            row[field] = rounded(value)
            row[f"{field}_flag"] = bool(flag)
        rows.append(row)
    return rows, fields


def history_figure(df: pd.DataFrame, title: str, names: dict[str, str], height: int = 300,
                   lang: str = "en") -> dict:
    """Expected and forecast, % of target, by month of submission; the target at 100."""
    x = [axis_month(pd.Timestamp(m).month, lang) for m in df["month"]]
    data = [
        {"type": "scatter", "x": x, "y": [100.0] * len(x), "name": names["target"],
         "mode": "lines", "line": {"color": theme.TARGET, "width": 3, "dash": "dash"}},
        {"type": "scatter", "x": x, "y": _floats(df["forecast_vs_target_pct"]),
         "name": names["forecast"], "mode": "lines+markers",
         "line": {"color": theme.LAST_YEAR, "width": 4}},
        {"type": "scatter", "x": x, "y": _floats(df["expected_vs_target_pct"]),
         "name": names["expected"], "mode": "lines+markers",
         "line": {"color": theme.THIS_YEAR, "width": 4}},
    ]
    layout = _layout(title, height)
    layout["yaxis"] = {"gridcolor": theme.GRID, "ticksuffix": " %", "automargin": True}
    return {"data": data, "layout": layout}

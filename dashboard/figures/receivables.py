"""Figures of the Overdue receivables page: pure functions of a DataFrame (or a dict)
and labels, returning plain Plotly dicts (see ``core.py`` for why not graph objects).
Every mark carries its value as text: nothing is only on hover."""

from __future__ import annotations

import pandas as pd

from .. import theme
from ..formatting import mn, pct, round_shares
from ..i18n import axis_month
from .core import (
    _floats,
    _layout,
    _shorten,
    band_line,
    band_range,
    display_names,
    empty_figure,
    printed,
)

# Older debt in darker, warmer shades: the eye goes to what is hardest to collect.
AGE_COLORS = ("#fdba74", "#f97316", "#c2410c", "#7c2d12")
OVERDUE = "#c2410c"
TOTAL = "#6b7280"


def overdue_bars(df: pd.DataFrame, title: str, colors: dict[str, str], *,
                 subtitle: str = "", top: int = 10, height: int = 400, lang: str = "en",
                 clickable: bool = True, label_chars: int = 26, min_slots: int = 6) -> dict:
    """Horizontal bars of ``overdue`` (largest on top), each labelled with its value
    and its change since the start of the year. ``df``: key, name, overdue,
    change_ytd, optionally concern_id (colour). The key rides along for drill-down.
    Fewer than ``min_slots`` bars keep the thickness of ``min_slots`` (at the top), so
    that one enterprise does not become a wall of colour."""
    shown = df[df["overdue"] > 0].head(top).iloc[::-1] if not df.empty else df
    if shown.empty:
        return empty_figure(title, height)
    if "concern_id" in shown.columns:
        bar_colors = [colors.get(str(c), theme.THIS_YEAR) for c in shown["concern_id"]]
    else:
        bar_colors = theme.THIS_YEAR
    labels = [f"{mn(v, lang)} ({mn(c, lang, signed=True)})"
              for v, c in zip(printed(shown, "overdue"), printed(shown, "change_ytd"))]
    longest = max(float(shown["overdue"].max()) / 1e6, 1e-9)
    trace = {
        "type": "bar", "orientation": "h",
        "x": _floats(shown["overdue"] / 1e6),
        "y": [_shorten(n, label_chars) for n in display_names(shown)],
        "marker": {"color": bar_colors, "line": {"width": 0}},
        "text": labels, "textposition": "outside", "cliponaxis": False,
        "textfont": {"size": 16, "color": theme.INK},
        "customdata": [[str(k)] for k in shown["key"]],
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.22,
                     margin={"l": 8, "r": 12, "t": 66 if subtitle else 44, "b": 8})
    layout["title"]["font"] = {"size": 18}
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle,
                                       "font": {"size": 15, "color": theme.MUTED}}
    layout["xaxis"] = {"range": [0, longest * 2.0], "showgrid": False, "visible": False}
    n = len(shown)
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16},
                       "range": [n - 0.5 - max(n, min_slots), n - 0.5]}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": [trace], "layout": layout}


def trend_figure(df: pd.DataFrame, title: str, total_label: str, overdue_label: str,
                 height: int = 400, lang: str = "en") -> dict:
    """Month-end receivables (grey line, upper band) above overdue (bars, lower band),
    on one month axis. Two bands rather than one axis, because overdue is a fifth of
    the total and its rise would be flattened under the total's scale; rather than two
    overlaid y-axes, because those invite reading one series against the other's scale.
    Overdue is printed above every third bar back from the last (``_bar_values``);
    receivables at the first, each December and the last month end. ``df``: month (date), total, overdue."""
    if df.empty:
        return empty_figure(title, height)
    x = [f"{axis_month(m.month, lang)} {m.year % 100:02d}" for m in df["month"]]
    last = len(df) - 1
    # labels at the ends and at each year end, never two side by side
    total_text = [mn(v, lang, decimals=0)
                  if i in (0, last) or (m.month == 12 and 2 <= i <= last - 2) else ""
                  for i, (m, v) in enumerate(zip(df["month"], df["total"]))]
    data = [
        {"type": "bar", "x": x, "y": _floats(df["overdue"] / 1e6), "name": overdue_label,
         "marker": {"color": OVERDUE}, "yaxis": "y",
         "hovertemplate": "%{x}: %{y:,.1f}<extra></extra>"},
        band_line(x, df["total"], total_label, TOTAL, total_text,
                  {"size": 15, "color": theme.INK}),
    ]
    overdue_peak = max(float(df["overdue"].max()), 1.0) / 1e6
    layout = _layout(title, height, bargap=0.15, margin={"l": 8, "r": 12, "t": 66, "b": 8})
    layout["title"]["font"] = {"size": 18}
    layout["legend"] = {**layout["legend"], "y": 1.0, "yanchor": "bottom", "x": 0,
                        "xanchor": "left", "font": {"size": 16}}
    # every third month labelled, horizontally: the bars carry the values
    ticks = [label for label, m in zip(x, df["month"]) if m.month in (1, 4, 7, 10)]
    layout["xaxis"] = {"tickvals": ticks, "tickfont": {"size": 14},
                       # month over year: Russian and German names are longer
                       "ticktext": [v.replace(" ", "<br>", 1) for v in ticks],
                       "tickangle": 0, "automargin": True, "anchor": "y"}
    layout["yaxis"] = {"domain": [0, 0.64], "gridcolor": theme.GRID,
                       "range": [0, overdue_peak * 1.3], "tickformat": ",.0f",
                       "automargin": True, "tickfont": {"size": 14}}
    layout["annotations"] = _bar_values(x, list(df["overdue"]), lang)
    layout["yaxis2"] = {"domain": [0.72, 1], "gridcolor": theme.GRID,
                        "range": band_range(df["total"], 0.4, 0.9),
                        "tickformat": ",.0f", "automargin": True, "tickfont": {"size": 14},
                        "nticks": 3}
    return {"data": data, "layout": layout}


def _bar_values(x: list, values: list, lang: str) -> list[dict]:
    """Every third bar's value back from the last, printed horizontally above the
    tallest of it and its two neighbours (so never over a neighbouring bar); the bars
    between are read on the axis."""
    last = len(values) - 1
    out = []
    for i in range(last, -1, -3):
        top = max(float(values[j] or 0) for j in range(max(i - 1, 0), min(i + 2, last + 1)))
        out.append({"x": x[i], "y": top / 1e6, "xref": "x", "yref": "y",
                    "text": mn(values[i], lang, decimals=0), "showarrow": False,
                    "yanchor": "bottom", "font": {"size": 16, "color": theme.INK}})
    return out


def ageing_figure(position: dict, ages: tuple[str, ...], labels: dict[str, str],
                  title: str, height: int = 200, lang: str = "en") -> dict:
    """Overdue at the latest month end by age bucket, youngest first, each bar with
    its value and share of overdue. ``position``: the buckets' USD by key in ``ages``."""
    values = [float(position.get(a) or 0.0) for a in ages]
    overdue = sum(values)
    if overdue <= 0:
        return empty_figure(title, height)
    shares = round_shares([v / overdue * 100 for v in values])  # they add up to 100 %
    text = [f"{mn(v, lang)} ({pct(s, lang, decimals=0)})" for v, s in zip(values, shares)]
    trace = {"type": "bar", "orientation": "h", "y": [labels[a] for a in ages][::-1],
             "x": _floats([v / 1e6 for v in values][::-1]),
             "marker": {"color": list(AGE_COLORS[:len(ages)])[::-1]},
             "text": text[::-1], "textposition": "outside", "cliponaxis": False,
             "textfont": {"size": 16, "color": theme.INK},
             "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>"}
    layout = _layout(title, height, showlegend=False, bargap=0.2,
                     margin={"l": 8, "r": 12, "t": 40, "b": 4})
    layout["title"]["font"] = {"size": 18}
    layout["xaxis"] = {"visible": False, "range": [0, max(values) / 1e6 * 2.0]}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16}}
    return {"data": [trace], "layout": layout}


def cause_figure(df: pd.DataFrame, labels: dict[str, str], title: str, height: int = 240,
                 lang: str = "en") -> dict:
    """Overdue at the latest month end by cause, largest on top, each bar with its
    value and share. ``df``: cause, overdue, share_pct."""
    shown = df[df["overdue"] > 0] if not df.empty else df
    if shown.empty:
        return empty_figure(title, height)
    shown = shown.iloc[::-1]
    trace = {"type": "bar", "orientation": "h",
             "y": [labels.get(c, c) for c in shown["cause"]],
             "x": _floats(shown["overdue"] / 1e6),
             "marker": {"color": OVERDUE},
             "text": [f"{mn(v, lang)} ({pct(s, lang, decimals=0)})"
                      for v, s in zip(shown["overdue"], round_shares(shown["share_pct"]))],
             "textposition": "outside", "cliponaxis": False,
             "textfont": {"size": 16, "color": theme.INK},
             "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>"}
    layout = _layout(title, height, showlegend=False, bargap=0.2,
                     margin={"l": 8, "r": 12, "t": 40, "b": 4})
    layout["title"]["font"] = {"size": 18}
    layout["xaxis"] = {"visible": False,
                       "range": [0, float(shown["overdue"].max()) / 1e6 * 2.1]}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16}}
    return {"data": [trace], "layout": layout}

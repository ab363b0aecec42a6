"""Figures of the Export support page: pure functions of a DataFrame and labels,
returning plain Plotly dicts (see ``core.py``). Every bar carries its value and the
share of exports it backed as text: nothing is only on hover."""

from __future__ import annotations

import pandas as pd

from .. import theme
from ..formatting import mn, pct
from ..i18n import axis_month
from .core import _floats, _layout, _shorten, display_names, empty_figure

SUPPORT = "#0f766e"   # support received: the page's one strong colour
BACKED = "#99c9c3"    # the exports it backed, lighter
LAST_YEAR = "#6b7280"
MUTED_BAR = "#cbd5e1"  # the other instruments when one is chosen


def support_bars(df: pd.DataFrame, title: str, colors: dict[str, str] | None = None, *,
                 subtitle: str = "", top: int = 10, height: int = 400, lang: str = "en",
                 clickable: bool = True, label_chars: int = 26, min_slots: int = 6,
                 backed_label: str = "{share}", room: float = 2.3,
                 highlight: str | None = None) -> dict:
    """Horizontal bars of ``support`` (largest on top), each labelled with its value and
    the share of exports it backed (``backed_label`` with {share}); the longest bar
    takes 1/``room`` of the plot's width, the rest is for its label; ``highlight``: the
    key of the one bar in the strong colour (the others grey). ``df``: key, name
    (or short), support, backed_share_pct, optionally concern_id (colour). The key rides
    along for drill-down."""
    shown = df[df["support"] > 0].head(top).iloc[::-1] if not df.empty else df
    if shown.empty:
        return empty_figure(title, height)
    if colors and "concern_id" in shown.columns:
        bar_colors = [colors.get(str(c), SUPPORT) for c in shown["concern_id"]]
    elif highlight is not None:
        bar_colors = [SUPPORT if str(k) == highlight else MUTED_BAR for k in shown["key"]]
    else:
        bar_colors = SUPPORT
    labels = [f"{mn(v, lang)} · {backed_label.format(share=pct(s, lang))}"
              for v, s in zip(shown["support"], shown["backed_share_pct"])]
    longest = max(float(shown["support"].max()) / 1e6, 1e-9)
    trace = {
        "type": "bar", "orientation": "h",
        "x": _floats(shown["support"] / 1e6),
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
    layout["xaxis"] = {"range": [0, longest * room], "showgrid": False, "visible": False}
    n = len(shown)
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16},
                       "range": [n - 0.5 - max(n, min_slots), n - 0.5]}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": [trace], "layout": layout}


def monthly_figure(df: pd.DataFrame, title: str, this_label: str, ly_label: str,
                   height: int = 380, lang: str = "en") -> dict:
    """Support by month: this year's bars, last year's same months as a grey dotted
    line. This year's values are printed in one row above the plot, one per month
    (over a bar they would meet last year's line). ``df``: month (1–12), support,
    support_ly."""
    if df.empty or (df["support"].sum() <= 0 and df["support_ly"].sum() <= 0):
        return empty_figure(title, height)
    x = [axis_month(int(m), lang) for m in df["month"]]
    data = [
        {"type": "bar", "x": x, "y": _floats(df["support"] / 1e6), "name": this_label,
         "marker": {"color": SUPPORT},
         # the values are the row above the plot: none on the bars (also not the ones
         # the shared screen adds to a bar without text, dashboard/presentation.py)
         "text": [""] * len(x), "textposition": "none",
         "hovertemplate": "%{x}: %{y:,.1f}<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "x": x,
         "y": _floats(df["support_ly"] / 1e6), "name": ly_label,
         "line": {"color": LAST_YEAR, "width": 3, "dash": "dot"},
         "marker": {"size": 7, "color": LAST_YEAR},
         "hovertemplate": "%{x}: %{y:,.1f}<extra></extra>"},
    ]
    peak = max(float(df["support"].max()), float(df["support_ly"].max()), 1.0) / 1e6
    layout = _layout(title, height, bargap=0.2, margin={"l": 8, "r": 12, "t": 70, "b": 8})
    layout["title"]["font"] = {"size": 18}
    layout["legend"] = {**layout.get("legend", {}), "orientation": "h", "y": -0.12,
                        "yanchor": "top", "x": 0, "xanchor": "left",
                        "font": {"size": 16}}
    layout["xaxis"] = {"tickfont": {"size": 16}, "tickangle": 0, "automargin": True}
    layout["yaxis"] = {"range": [0, peak * 1.08], "gridcolor": theme.GRID,
                       "tickformat": ",.0f", "automargin": True, "tickfont": {"size": 14}}
    layout["annotations"] = [
        {"x": m, "y": 1.0, "xref": "x", "yref": "paper", "yanchor": "bottom",
         "text": mn(v, lang, decimals=0), "showarrow": False,
         "font": {"size": 16, "color": theme.INK}}
        for m, v in zip(x, df["support"])]
    return {"data": data, "layout": layout}

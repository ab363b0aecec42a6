"""Figures of the Warehouse stock page: stock bars with days of cover, and stock
against shipments over 24 months. Plain Plotly dicts, pure functions of a DataFrame
(see ``core.py`` for why not ``plotly.graph_objects``)."""

from __future__ import annotations

import math

import pandas as pd

from .. import theme
from ..formatting import mn
from ..i18n import axis_month
from .core import _floats, _layout, band_line, band_range, display_names, empty_figure, printed

FLAG_MARK = "⚠"


def _middle(text: str, n: int) -> str:
    """Shortened in the middle: subjects' names differ at the end (the city)."""
    text = str(text)
    if len(text) <= n:
        return text
    head = n // 2 - 2
    return text[:head] + "…" + text[-(n - head - 1):]


def _days(v) -> str:
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.0f}"


def stock_bars(df: pd.DataFrame, title: str, colors: dict[str, str], *, top: int = 10,
               height: int = 370, lang: str = "en", days_unit: str = "",
               clickable: bool = True, subtitle: str = "") -> dict:
    """Horizontal bars of stock (mn USD, largest on top) with the stock and the days of
    cover printed beside each bar, and ⚠ where stock grows while shipments fall.
    ``df`` columns: key, name, stock, cover_days, flag, optionally concern_id (colour).
    The key rides along in customdata for the drill-down."""
    if df.empty:
        return empty_figure(title, height)
    shown = df.head(top).iloc[::-1]
    if "concern_id" in shown.columns:
        bar_colors = [colors.get(str(c), theme.THIS_YEAR) for c in shown["concern_id"]]
    else:
        bar_colors = theme.THIS_YEAR
    labels = [f"{mn(v, lang)} · {_days(d)} {days_unit}" + (f"  {FLAG_MARK}" if f else "")
              for v, d, f in zip(printed(shown, "stock"), shown["cover_days"], shown["flag"])]
    longest = max(float(shown["stock"].max()) / 1e6, 1e-9)
    trace = {
        "type": "bar", "orientation": "h",
        # y is the key: two subjects whose shortened names agree must not share a bar
        "x": _floats(shown["stock"] / 1e6), "y": [str(k) for k in shown["key"]],
        "marker": {"color": bar_colors, "line": {"width": 0}},
        "text": labels, "textposition": "outside", "cliponaxis": False,
        "textfont": {"size": theme.FONT_SIZE, "color": theme.INK},
        "customdata": [[str(k)] for k in shown["key"]],
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.22,
                     margin={"l": 10, "r": 20, "t": 64 if subtitle else 44, "b": 10})
    layout["title"]["font"] = {"size": 18}
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle, "font": {"size": 15,
                                                                  "color": theme.MUTED}}
    layout["xaxis"] = {"range": [0, longest * 2.2], "showgrid": False, "visible": False}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16}, "type": "category",
                       "tickvals": [str(k) for k in shown["key"]],
                       "ticktext": [_middle(n, 36) for n in display_names(shown)]}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": [trace], "layout": layout}


def stock_trend(df: pd.DataFrame, title: str, stock_label: str, shipments_label: str,
                height: int = 330, lang: str = "en", empty_message: str = "") -> dict:
    """Month-end stock (line, upper band) above the month's shipments (bars, lower band),
    mn USD, on one month axis. Two bands, so that printed values never sit on the other
    series; stock is printed every third month back from the last, each value on the
    side its line leaves free; the bars are read on their axis. ``df``: month (date),
    stock, shipments."""
    if df.empty or (df["stock"].sum() == 0 and df["shipments"].sum() == 0):
        fig = empty_figure(empty_message or title, height)
        fig["layout"]["title"] = {**fig["layout"]["title"], "text": title}
        return fig
    x = [f"{axis_month(d.month, lang)} {str(d.year)[2:]}" for d in df["month"]]
    last = len(x) - 1
    # every sixth month back from the last: a narrow panel has 11 px a month
    stock_text = [mn(v, lang, decimals=0) if (last - i) % 6 == 0 else ""
                  for i, v in enumerate(df["stock"])]
    data = [
        {"type": "bar", "x": x, "y": _floats(df["shipments"] / 1e6), "name": shipments_label,
         "marker": {"color": theme.LAST_YEAR}, "yaxis": "y",
         "hovertemplate": "%{x}: %{y:,.1f}<extra></extra>"},
        band_line(x, df["stock"], stock_label, theme.THIS_YEAR, stock_text,
                  {"size": 16, "color": theme.THIS_YEAR}),
    ]
    ship_peak = max(float(df["shipments"].max()), 1.0) / 1e6
    layout = _layout(title, height, bargap=0.15,
                     margin={"l": 10, "r": 14, "t": 70, "b": 10})
    layout["title"]["font"] = {"size": 18}
    # each band named at its top left instead of a legend (which wrapped into the title)
    layout["showlegend"] = False
    layout["annotations"] = [
        {"text": label, "x": 0, "xref": "paper", "y": top, "yref": "paper",
         "xanchor": "left", "yanchor": "bottom", "showarrow": False,
         "font": {"size": 16, "color": color}}
        for label, top, color in ((f"■ {shipments_label}", 0.42, theme.MUTED),
                                  (f"● {stock_label}", 1.0, theme.THIS_YEAR))]
    layout["yaxis"] = {"domain": [0, 0.42], "gridcolor": theme.GRID,
                       "range": [0, ship_peak * 1.1], "tickformat": ",.0f",
                       "automargin": True, "nticks": 4}
    layout["yaxis2"] = {"domain": [0.56, 0.9], "gridcolor": theme.GRID,
                        "range": band_range(df["stock"], 0.6, 0.6),
                        "tickformat": ",.0f", "automargin": True, "nticks": 3}
    # the labelled months only: 24 ticks run into each other
    # (month over year, on two lines: Russian and German month names are longer)
    ticks = [x[i] for i in range(last % 3, last + 1, 3)]
    layout["xaxis"] = {"tickangle": 0, "tickfont": {"size": 14}, "type": "category",
                       "tickvals": ticks, "ticktext": [v.replace(" ", "<br>", 1) for v in ticks],
                       "automargin": True, "anchor": "y"}
    return {"data": data, "layout": layout}

"""Figures of the Public procurement page: pure functions of a DataFrame and labels,
returning plain Plotly dicts (see ``core.py``). Every mark carries its value as text:
nothing is only on hover. Localisation losses are always the orange of bad news; other
losses grey, wins teal."""

from __future__ import annotations

import pandas as pd

from .. import theme
from ..formatting import mn, number, pct, round_shares
from .core import _floats, _layout, _shorten, display_names, empty_figure

WON = theme.GROWTH_UP
LOCALISATION = theme.GROWTH_DOWN
OTHER_LOSS = "#9ca3af"


def _title(layout: dict, subtitle: str) -> None:
    layout["title"]["font"] = {"size": 18}
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle,
                                       "font": {"size": 15, "color": theme.MUTED}}


def win_bars(df: pd.DataFrame, title: str, colors: dict[str, str], *, subtitle: str = "",
             top: int = 8, height: int = 380, lang: str = "en", clickable: bool = True,
             names: dict | None = None, label_chars: int = 22, min_slots: int = 5) -> dict:
    """Horizontal bars of value won (largest on top), each labelled "value · win rate
    (won/decided)". ``df``: key, name/short, value_won, won, decided, win_rate_pct,
    optionally concern_id (colour). ``names``: key → label (tender subjects). The key
    rides along for the drill-down."""
    shown = df.head(top).iloc[::-1] if not df.empty else df
    if shown.empty:
        return empty_figure(title, height)
    if "concern_id" in shown.columns:
        bar_colors = [colors.get(str(c), theme.THIS_YEAR) for c in shown["concern_id"]]
    else:
        bar_colors = theme.THIS_YEAR
    labels = [f"{mn(v, lang)} · {pct(r, lang, decimals=0)} ({int(w)}/{int(d)})"
              for v, r, w, d in zip(shown["value_won"], shown["win_rate_pct"], shown["won"],
                                    shown["decided"])]
    y = ([names.get(k, k) for k in shown["key"]] if names else display_names(shown))
    longest = max(float(shown["value_won"].max()) / 1e6, 0.1)
    trace = {
        "type": "bar", "orientation": "h", "x": _floats(shown["value_won"] / 1e6),
        "y": [_shorten(str(n), label_chars) for n in y],
        "marker": {"color": bar_colors, "line": {"width": 0}},
        "text": labels, "textposition": "outside", "cliponaxis": False,
        "textfont": {"size": 16, "color": theme.INK},
        "customdata": [[str(k)] for k in shown["key"]],
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.22,
                     margin={"l": 8, "r": 12, "t": 66 if subtitle else 44, "b": 8})
    _title(layout, subtitle)
    layout["xaxis"] = {"range": [0, longest * 3.0], "showgrid": False, "visible": False}
    n = len(shown)
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16},
                       "range": [n - 0.5 - max(n, min_slots), n - 0.5]}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": [trace], "layout": layout}


def localisation_trend(df: pd.DataFrame, title: str, labels: dict[str, str], *,
                       subtitle: str = "", height: int = 380, lang: str = "en") -> dict:
    """Decided bids by quarter of the notice, stacked: lost for localisation (bottom,
    orange, its count printed), other losses (grey), won (teal); the localisation
    share of decided bids printed above each column. ``df``: label, localisation,
    other_losses, won, decided, localisation_pct. ``labels``: localisation, other, won."""
    if df.empty or int(df["decided"].sum()) == 0:
        return empty_figure(title, height)
    x = [str(v).replace(" ", "<br>") for v in df["label"]]
    data = []
    for col, name, color in (("localisation", labels["localisation"], LOCALISATION),
                             ("other_losses", labels["other"], OTHER_LOSS),
                             ("won", labels["won"], WON)):
        trace = {"type": "bar", "x": x, "y": [int(v) for v in df[col]], "name": name,
                 "marker": {"color": color}, "hovertemplate": "%{x}: %{y}<extra></extra>"}
        # every segment's count inside it (so that nothing is printed over the share above)
        trace.update(text=[str(int(v)) if v else "" for v in df[col]],
                     textposition="inside", insidetextanchor="middle", textangle=0,
                     textfont={"size": 16, "color": "#ffffff" if col != "other_losses"
                               else theme.INK})
        data.append(trace)
    top = max(int(df["decided"].max()), 1)
    annotations = [{"x": xi, "y": int(d), "text": pct(s, lang, decimals=0) if d else "",
                    "showarrow": False, "yanchor": "bottom", "xref": "x", "yref": "y",
                    "font": {"size": 16, "color": LOCALISATION}}
                   for xi, d, s in zip(x, df["decided"], df["localisation_pct"])]
    layout = _layout(title, height, barmode="stack", bargap=0.25,
                     margin={"l": 8, "r": 12, "t": 66 if subtitle else 44, "b": 8})
    _title(layout, subtitle)
    # a column to the right of the bars: the wide panel has the room, the title none
    layout["legend"] = {**layout.get("legend", {}), "orientation": "v", "y": 1.0,
                        "yanchor": "top", "x": 1.01, "xanchor": "left",
                        "font": {"size": 16}, "traceorder": "normal"}
    layout["xaxis"] = {"tickfont": {"size": 14}, "tickangle": 0, "automargin": True}
    layout["yaxis"] = {"gridcolor": theme.GRID, "range": [0, top * 1.18],
                       "tickfont": {"size": 14}, "automargin": True}
    layout["annotations"] = annotations
    return {"data": data, "layout": layout}


def reason_bars(df: pd.DataFrame, labels: dict[str, str], title: str, *,
                height: int = 300, lang: str = "en") -> dict:
    """Lost and not admitted bids by reason, localisation on top in orange (its own
    line), the others grey; each bar with its count and share. ``df``: reason, bids,
    share_pct (in the order to show, top first)."""
    if df.empty:
        return empty_figure(title, height)
    shown = df.iloc[::-1]
    shares = round_shares(list(df["share_pct"]))[::-1]
    trace = {"type": "bar", "orientation": "h",
             "y": [labels.get(r, r) for r in shown["reason"]],
             "x": [int(v) for v in shown["bids"]],
             "marker": {"color": [LOCALISATION if r == "localisation" else OTHER_LOSS
                                  for r in shown["reason"]]},
             "text": [f"{int(n)} ({pct(s, lang, decimals=0)})"
                      for n, s in zip(shown["bids"], shares)],
             "textposition": "outside", "cliponaxis": False,
             "textfont": {"size": 16, "color": theme.INK},
             "hovertemplate": "%{y}: %{x}<extra></extra>"}
    layout = _layout(title, height, showlegend=False, bargap=0.2,
                     margin={"l": 8, "r": 12, "t": 44, "b": 4})
    _title(layout, "")
    layout["xaxis"] = {"visible": False, "range": [0, max(int(df["bids"].max()), 1) * 1.7]}
    n = len(shown)  # fewer reasons keep the bar thickness of all five, at the top
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16},
                       "range": [n - 0.5 - max(n, len(labels) or n), n - 0.5]}
    return {"data": [trace], "layout": layout}


__all__ = ["localisation_trend", "reason_bars", "win_bars", "number"]

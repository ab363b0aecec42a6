"""Figures of the Curators page (/curators): pure functions of a DataFrame and labels,
returning plain Plotly dicts (``core.py``). Every bar carries its figures as text:
nothing is only on hover."""

from __future__ import annotations

import pandas as pd

from .. import theme
from ..formatting import mn, pct
from .core import _floats, _layout, _nan, empty_figure


def short_person(name: str) -> str:
    """"Иванов Иван Иванович" → "Иванов И. И." (a chart's label; tables keep the full
    name)."""
    parts = str(name).split()
    if len(parts) < 2:
        return str(name)
    return parts[0] + " " + " ".join(p[0] + "." for p in parts[1:] if p)


def ranking_bars(df: pd.DataFrame, title: str, *, metric: str = "growth_pct",
                 subtitle: str = "", height: int = 700, lang: str = "en",
                 no_figure: str = "–", empty_message: str = "") -> dict:
    """One horizontal bar per curator in ``df``'s order (the first on top): ``metric``
    in % (growth against last year, or fulfilment of the target path, drawn from 100),
    teal when good, orange when not. Each bar prints the metric and the exports (mn
    USD); a curator without the figure gets no bar and says so. ``df``: curator_id,
    name, value, growth_pct, fulfilment_pro_rata_pct, body_short (optional). The
    curator's id rides along in customdata for the drill to the card."""
    if df.empty:
        return empty_figure(empty_message or title, height)
    shown = df.iloc[::-1]
    base = 100.0 if metric == "fulfilment_pro_rata_pct" else 0.0
    values = [None if _nan(v) else float(v) - base for v in shown[metric]]
    colors = [theme.GROWTH_UP if (v is not None and v >= 0) else theme.GROWTH_DOWN
              for v in values]
    labels = [(pct(v + base, lang, signed=base == 0) if v is not None else no_figure)
              + f"  · {mn(x, lang)}" for v, x in zip(values, shown["value"])]
    names = [short_person(n) + (f" ({b})" if isinstance(b, str) and b else "")
             for n, b in zip(shown["name"], shown.get("body_short", [""] * len(shown)))]
    reach = max([abs(v) for v in values if v is not None] or [1.0])
    trace = {
        "type": "bar", "orientation": "h", "base": base,
        "x": [0.0 if v is None else v for v in values], "y": names,
        "marker": {"color": colors, "line": {"width": 0}},
        "text": labels, "textposition": "outside", "cliponaxis": False,
        "textfont": {"size": 16, "color": theme.INK},
        "customdata": [[str(k)] for k in shown["curator_id"]],
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.22,
                     margin={"l": 8, "r": 12, "t": 66 if subtitle else 44, "b": 8})
    layout["title"]["font"] = {"size": 18}
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle, "font": {"size": 16,
                                                                   "color": theme.MUTED}}
    # room for the printed figures on both sides of the base line
    layout["xaxis"] = {"range": [base - reach * 2.1, base + reach * 2.1], "visible": False,
                       "showgrid": False, "zeroline": False}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16}, "fixedrange": True}
    layout["shapes"] = [{"type": "line", "x0": base, "x1": base, "y0": 0, "y1": 1,
                         "yref": "paper", "line": {"color": theme.INK, "width": 1.5}}]
    layout["clickmode"] = "event"
    return {"data": [trace], "layout": layout}


def region_bars(df: pd.DataFrame, title: str, *, subtitle: str = "", height: int = 420,
                lang: str = "en", clickable: bool = True, empty_message: str = "") -> dict:
    """The curator's regions by exports (largest on top), each printing its exports and
    its growth on last year. ``df``: region_id, short, value, growth_pct. The region
    rides along in customdata (a click shows the region)."""
    if df.empty:
        return empty_figure(empty_message or title, height)
    shown = df.iloc[::-1]
    labels = [f"{mn(v, lang)}  ({pct(g, lang, signed=True)})"
              for v, g in zip(shown["value"], shown["growth_pct"])]
    longest = max(float(shown["value"].max()) / 1e6, 1e-9)
    trace = {
        "type": "bar", "orientation": "h",
        "x": _floats(shown["value"] / 1e6), "y": [str(s) for s in shown["short"]],
        "marker": {"color": theme.THIS_YEAR, "line": {"width": 0}},
        "text": labels, "textposition": "outside", "cliponaxis": False,
        "textfont": {"size": theme.FONT_SIZE, "color": theme.INK},
        "customdata": [[str(k)] for k in shown["region_id"]],
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.3,
                     margin={"l": 8, "r": 16, "t": 66 if subtitle else 44, "b": 8})
    layout["title"]["font"] = {"size": 18}
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle, "font": {"size": 16,
                                                                   "color": theme.MUTED}}
    layout["xaxis"] = {"range": [0, longest * 1.6], "visible": False, "showgrid": False}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": theme.FONT_SIZE},
                       "fixedrange": True}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": [trace], "layout": layout}

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


SLOT_PX = 32  # a bar's row: its name and printed figures at 16-18 px need this much


def ranking_bars(df: pd.DataFrame, title: str, *, metric: str = "growth_pct",
                 subtitle: str = "", height: int = 700, lang: str = "en",
                 no_figure: str = "–", empty_message: str = "",
                 label_room: float = 2.0) -> dict:
    """One horizontal bar per curator in ``df``'s order (the first on top): ``metric``
    in % (growth against last year, or fulfilment of the target path, drawn from 100),
    teal when good, orange when not. Each bar prints the metric and the exports (mn
    USD); a curator without the figure gets no bar and says so. When more curators than
    fit the height (``SLOT_PX`` a bar), the first and the last of the ranking are shown
    (the table lists all). A bar far beyond the others is drawn to the edge of the
    scale (its printed figure is the true one), so that one small region's +160 % does
    not flatten every other bar. ``df``: curator_id, name, value, ``metric``,
    body_short (optional). The id rides along in customdata (a click opens the card)."""
    if df.empty:
        return empty_figure(empty_message or title, height)
    fit = max(4, int((height - (110 if subtitle else 80)) // SLOT_PX))
    if len(df) > fit:
        df = pd.concat([df.head((fit + 1) // 2), df.tail(fit // 2)])
    shown = df.iloc[::-1]
    base = 100.0 if metric == "fulfilment_pro_rata_pct" else 0.0
    values = [None if _nan(v) else float(v) - base for v in shown[metric]]
    sizes = sorted(abs(v) for v in values if v is not None)
    cap = max(sizes[int(len(sizes) * 0.8)] * 1.5 if len(sizes) >= 5 else
              (sizes[-1] if sizes else 1.0), 1.0)
    drawn = [0.0 if v is None else max(-cap, min(cap, v)) for v in values]
    colors = [theme.GROWTH_UP if (v is not None and v >= 0) else theme.GROWTH_DOWN
              for v in values]
    labels = [(pct(v + base, lang, signed=base == 0) if v is not None else no_figure)
              + f" · {mn(x, lang)}" for v, x in zip(values, shown["value"])]
    bodies = shown["body_short"] if "body_short" in shown.columns else [""] * len(shown)
    names = [short_person(n) + (f" ({b})" if isinstance(b, str) and b else "")
             for n, b in zip(shown["name"], bodies)]
    # the printed figures' column, right-aligned: ``label_room`` × the longest bar (a
    # narrow chart needs more)
    edge = base + cap * 1.05 + cap * label_room
    keys = [[str(k)] for k in shown["curator_id"]]
    bars = {
        "type": "bar", "orientation": "h", "base": base,
        "x": drawn, "y": names,
        "marker": {"color": colors, "line": {"width": 0}},
        # no text on the bars (the column beside them prints the figures; an empty
        # text also keeps the shared screen from adding values of its own)
        "text": [""] * len(names), "textposition": "none",
        "customdata": keys, "hovertemplate": "%{y}<extra></extra>",
    }
    # the figures in a column at the right edge, clear of the names whatever the sign
    figures = {
        "type": "scatter", "mode": "text", "x": [edge] * len(names), "y": names,
        "text": labels, "textposition": "middle left", "cliponaxis": False,
        "textfont": {"size": 16, "color": theme.INK}, "customdata": keys,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.25,
                     margin={"l": 8, "r": 12, "t": 70 if subtitle else 44, "b": 8})
    layout["title"]["font"] = {"size": 18}
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle, "font": {"size": 16,
                                                                   "color": theme.MUTED}}
    layout["xaxis"] = {"range": [base - cap * 1.05, edge], "visible": False,
                       "showgrid": False, "zeroline": False, "fixedrange": True}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16}, "fixedrange": True}
    layout["shapes"] = [{"type": "line", "x0": base, "x1": base, "y0": 0, "y1": 1,
                         "yref": "paper", "line": {"color": theme.INK, "width": 1.5}}]
    layout["clickmode"] = "event"
    return {"data": [bars, figures], "layout": layout}


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

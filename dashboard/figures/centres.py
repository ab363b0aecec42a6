"""Figures of the sales-and-service centres view (``/stock?view=centres``): centres by
status (open, overdue, planned later) and the centres' sales against the region's
machinery exports. Plain Plotly dicts, pure functions of a DataFrame (see ``core.py``).
"""

from __future__ import annotations

import pandas as pd

from .. import theme
from ..formatting import mn, pct
from .core import _floats, _layout, display_names, empty_figure
from .stock import _middle

STATUS_COLORS = {"open": theme.THIS_YEAR, "overdue": theme.GROWTH_DOWN,
                 "planned": theme.LAST_YEAR}


def _bars_layout(title: str, subtitle: str, height: int, keys: list[str], names: list[str],
                 clickable: bool, x_max: float, barmode: str | None = None) -> dict:
    layout = _layout(title, height, showlegend=False, bargap=0.25,
                     margin={"l": 10, "r": 20, "t": 64 if subtitle else 44, "b": 10},
                     **({"barmode": barmode} if barmode else {}))
    layout["title"]["font"] = {"size": 18}
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle, "font": {"size": 15,
                                                                  "color": theme.MUTED}}
    layout["xaxis"] = {"range": [0, max(x_max, 1e-9) * 1.9], "showgrid": False,
                       "visible": False, "fixedrange": True}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16}, "type": "category",
                       "tickvals": keys, "ticktext": [_middle(n, 30) for n in names],
                       "fixedrange": True}
    if clickable:
        layout["clickmode"] = "event"
    return layout


def status_bars(df: pd.DataFrame, title: str, status_labels: dict[str, str], *,
                top: int = 8, height: int = 340, clickable: bool = True,
                subtitle: str = "", label_of=None) -> dict:
    """Horizontal stacked bars of centres by status, most centres planned by now on top:
    open, overdue, planned later (colours ``STATUS_COLORS``), with "open / planned by
    now" printed beside each bar (``label_of(row)`` when given). ``df`` columns: key,
    name (short optional), open, overdue, planned, planned_by_m. The key rides in
    customdata for the drill-down; ``status_labels`` names the three statuses in the
    hover (nothing needs it: the colours are in the subtitle)."""
    if df.empty:
        return empty_figure(title, height)
    shown = df.head(top).iloc[::-1]
    keys = [str(k) for k in shown["key"]]
    data = []
    for status in ("open", "overdue", "planned"):
        data.append({
            "type": "bar", "orientation": "h", "name": status_labels[status],
            "x": _floats(shown[status]), "y": keys,
            "marker": {"color": STATUS_COLORS[status], "line": {"width": 0}},
            # no text in the segments (too thin for 16 px): the counts are printed
            # beside the bar; an empty template keeps the shared screen from adding one
            "texttemplate": "", "textposition": "none",
            "customdata": [[k] for k in keys],
            "hovertemplate": f"{status_labels[status]}: %{{x}}<extra></extra>",
        })
    totals = (shown["open"] + shown["overdue"] + shown["planned"]).astype(float)
    labels = ([label_of(r) for r in shown.itertuples(index=False)] if label_of
              else [f"{int(r.open)} / {int(r.planned_by_m)}"
                    + (f" (+{int(r.planned)})" if r.planned else "")
                    for r in shown.itertuples(index=False)])
    data.append({
        "type": "scatter", "mode": "text", "x": [float(v) + float(totals.max()) * 0.04
                                                 for v in totals],
        "y": keys, "text": labels, "textposition": "middle right", "cliponaxis": False,
        "textfont": {"size": theme.FONT_SIZE, "color": theme.INK},
        "customdata": [[k] for k in keys], "hoverinfo": "skip", "showlegend": False,
    })
    layout = _bars_layout(title, subtitle, height, keys, display_names(shown), clickable,
                          float(totals.max()), barmode="stack")
    return {"data": data, "layout": layout}


def sales_bars(df: pd.DataFrame, title: str, *, top: int = 8, height: int = 340,
               lang: str = "en", clickable: bool = True, subtitle: str = "",
               of_exports: str = "{pct}") -> dict:
    """Horizontal bars of the centres' sales (mn USD, largest on top), each printed
    with its sales and its ratio to the key's machinery exports (``of_exports``, with
    ``{pct}``; "–" without exports). ``df`` columns: key, name (short optional),
    sales_usd, sales_pct."""
    df = df[df["sales_usd"] > 0]
    if df.empty:
        return empty_figure(title, height)
    shown = df.sort_values(["sales_usd", "key"], ascending=[False, True]).head(top).iloc[::-1]
    keys = [str(k) for k in shown["key"]]
    labels = [f"{mn(v, lang)} · " + of_exports.format(pct=pct(p, lang, decimals=0))
              for v, p in zip(shown["sales_usd"], shown["sales_pct"])]
    trace = {
        "type": "bar", "orientation": "h", "x": _floats(shown["sales_usd"] / 1e6), "y": keys,
        "marker": {"color": theme.THIS_YEAR, "line": {"width": 0}},
        "text": labels, "textposition": "outside", "cliponaxis": False,
        "textfont": {"size": theme.FONT_SIZE, "color": theme.INK},
        "customdata": [[k] for k in keys],
        "hovertemplate": "%{x:,.1f}<extra></extra>",
    }
    layout = _bars_layout(title, subtitle, height, keys, display_names(shown), clickable,
                          float(shown["sales_usd"].max()) / 1e6)
    layout["xaxis"]["range"] = [0, float(shown["sales_usd"].max()) / 1e6 * 2.3]
    return {"data": [trace], "layout": layout}

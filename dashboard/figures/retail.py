"""Figures of the Retail chains page: pure functions of the query frames and labels,
returning plain Plotly dicts. Every bar carries its figure as text (the total at the
end of a stacked bar, the share beside a funnel step): nothing is only on hover."""

from __future__ import annotations

import pandas as pd

from .. import theme
from ..formatting import mn, pct
from .core import _floats, _layout, _shorten, display_names, empty_figure

# Stages from light to dark blue as a contract advances; supplying in teal (the goal);
# suspended amber and ended grey: off the pipeline, and told apart without red/green.
STAGE_COLORS = {"talks": "#bfdbfe", "draft_sent": "#60a5fa", "signed": "#1e40af",
                "supplying": "#0d9488", "suspended": "#d97706", "ended": "#9ca3af"}
STAGE_TEXT = {"talks": theme.INK, "draft_sent": theme.INK, "signed": "#ffffff",
              "supplying": "#ffffff", "suspended": theme.INK, "ended": theme.INK}
EXPECTED = "#9ca3af"
DELIVERED = "#0d9488"  # not theme.GROWTH_UP: the shared screen would turn that blue


def _titled(layout: dict, subtitle: str) -> None:
    layout["title"]["font"] = {"size": 18}
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle,
                                       "font": {"size": 15, "color": theme.MUTED}}


def pipeline_bars(df: pd.DataFrame, title: str, stage_labels: dict[str, str], *,
                  subtitle: str = "", top: int = 8, height: int = 400, lang: str = "en",
                  clickable: bool = True, label_chars: int = 22, min_slots: int = 5) -> dict:
    """Contracts by stage, one horizontal stacked bar per row of ``df`` (the most
    contracts on top), each stage's count inside its segment where it fits at 16 px,
    and at the bar's end the number of contracts and the expected annual value of those
    not ended or suspended. ``df``: key, name (short), contracts, a count column per
    stage of ``stage_labels`` and S_usd columns (``queries.retail.pipeline``)."""
    shown = df.head(top).iloc[::-1] if not df.empty else df
    if shown.empty:
        return empty_figure(title, height)
    y = [_shorten(n, label_chars) for n in display_names(shown)]
    keys = [[str(k)] for k in shown["key"]]
    data = []
    for stage, label in stage_labels.items():
        counts = shown[stage].astype(int)
        data.append({
            "type": "bar", "orientation": "h", "name": label, "x": _floats(counts), "y": y,
            "marker": {"color": STAGE_COLORS[stage], "line": {"width": 0}},
            "text": [str(v) if v else "" for v in counts], "textposition": "inside",
            "insidetextanchor": "middle", "textangle": 0,
            "textfont": {"size": 16, "color": STAGE_TEXT[stage]},
            "customdata": keys, "hovertemplate": f"%{{y}} · {label}: %{{x}}<extra></extra>"})
    live = [s for s in stage_labels if s not in ("suspended", "ended")]
    value = shown[[f"{s}_usd" for s in live]].sum(axis=1)
    ends = [f"{int(n)} · {mn(v, lang)}" for n, v in zip(shown["contracts"], value)]
    longest = max(float(shown["contracts"].max()), 1.0)
    data.append({"type": "scatter", "mode": "text", "x": _floats(shown["contracts"]),
                 "y": y, "text": ends, "textposition": "middle right",
                 "textfont": {"size": 16, "color": theme.INK}, "showlegend": False,
                 "hoverinfo": "skip", "customdata": keys, "cliponaxis": False})
    layout = _layout(title, height, barmode="stack", bargap=0.25,
                     margin={"l": 8, "r": 12, "t": 66 if subtitle else 44, "b": 8})
    _titled(layout, subtitle)
    layout["uniformtext"] = {"minsize": 16, "mode": "hide"}
    layout["showlegend"] = False  # one key for both pipeline charts, on the page
    layout["xaxis"] = {"range": [0, longest * 1.7], "showgrid": False, "visible": False}
    n = len(shown)
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16},
                       "range": [n - 0.5 - max(n, min_slots), n - 0.5]}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": data, "layout": layout}


def funnel_figure(df: pd.DataFrame, stage_labels: dict[str, str], title: str, *,
                  subtitle: str = "", height: int = 400, lang: str = "en") -> dict:
    """How far the contracts got: one horizontal bar per pipeline stage, talks on top,
    each labelled with the contracts that reached it and their share of all.
    ``df``: stage, reached, pct (``queries.retail.funnel``)."""
    if df.empty or int(df["reached"].max()) == 0:
        return empty_figure(title, height)
    rows = df.iloc[::-1]
    y = [stage_labels[s] for s in rows["stage"]]
    text = [f"{int(r)} ({pct(p, lang, decimals=0)})" for r, p in zip(rows["reached"],
                                                                     rows["pct"])]
    data = [{"type": "bar", "orientation": "h", "x": _floats(rows["reached"]), "y": y,
             "marker": {"color": [STAGE_COLORS[s] for s in rows["stage"]],
                        "line": {"width": 0}},
             "text": text, "textposition": "outside", "cliponaxis": False,
             "textfont": {"size": 16, "color": theme.INK},
             "hovertemplate": "%{y}: %{x}<extra></extra>"}]
    layout = _layout(title, height, showlegend=False, bargap=0.25,
                     margin={"l": 8, "r": 12, "t": 66 if subtitle else 44, "b": 8})
    _titled(layout, subtitle)
    layout["xaxis"] = {"range": [0, float(df["reached"].max()) * 1.6], "visible": False}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16}}
    return {"data": data, "layout": layout}


def delivery_bars(df: pd.DataFrame, title: str, delivered_label: str, expected_label: str,
                  *, subtitle: str = "", top: int = 6, height: int = 400, lang: str = "en",
                  clickable: bool = True, label_chars: int = 22) -> dict:
    """Deliveries in the period against the expectation of the contracts that reported
    them: one bar per row (delivered, teal) with a black tick at the expectation, the
    largest expectation on top; beyond the longer of the two, the delivered value and
    its share of the expectation. ``df``: key, name (short), delivered_usd,
    expected_reported_usd, pct (``queries.retail.deliveries``)."""
    shown = df[(df["delivered_usd"] > 0) | (df["expected_reported_usd"] > 0)]
    shown = shown.sort_values(["expected_reported_usd", "delivered_usd"],
                              ascending=False).head(top).iloc[::-1]
    if shown.empty:
        return empty_figure(title, height)
    y = [_shorten(n, label_chars) for n in display_names(shown)]
    keys = [[str(k)] for k in shown["key"]]
    delivered = shown["delivered_usd"] / 1e6
    expected = shown["expected_reported_usd"] / 1e6
    text = [f"{mn(d * 1e6, lang)} / {mn(e * 1e6, lang)} ({pct(p, lang, decimals=0)})"
            if p == p else mn(d * 1e6, lang)
            for d, e, p in zip(delivered, expected, shown["pct"])]
    data = [
        {"type": "bar", "orientation": "h", "name": delivered_label, "y": y,
         "x": _floats(delivered), "marker": {"color": DELIVERED, "line": {"width": 0}},
         "text": [""] * len(y),  # the label is the text trace's (no value of its own)
         "customdata": keys, "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>"},
        {"type": "scatter", "mode": "markers", "name": expected_label, "y": y,
         "x": _floats(expected), "customdata": keys,
         "marker": {"symbol": "line-ns", "size": 26, "color": theme.INK,
                    "line": {"width": 4, "color": theme.INK}},
         "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>"},
        {"type": "scatter", "mode": "text", "y": y,
         # beyond the bar and clear of the tick
         "x": _floats(pd.concat([delivered, expected], axis=1).max(axis=1)
                      + float(pd.concat([delivered, expected]).max()) * 0.09),
         "text": text, "textposition": "middle right", "cliponaxis": False,
         "textfont": {"size": 16, "color": theme.INK}, "showlegend": False,
         "hoverinfo": "skip", "customdata": keys},
    ]
    longest = max(float(pd.concat([delivered, expected]).max()), 1e-9)
    layout = _layout(title, height, bargap=0.35,
                     margin={"l": 8, "r": 12, "t": 66 if subtitle else 44, "b": 8})
    _titled(layout, subtitle)
    layout["showlegend"] = False  # the subtitle says what the bar and the tick are
    layout["xaxis"] = {"range": [0, longest * 2.1], "visible": False}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": 16}}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": data, "layout": layout}


__all__ = ["STAGE_COLORS", "delivery_bars", "funnel_figure", "pipeline_bars"]

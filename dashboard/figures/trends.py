"""Pure figure builders of the Negative trends page and the enterprise card: the bridge
(waterfall), ranked losses, stock against shipments, and receivables by age and cause.

Plain Plotly dicts, like ``core.py``; values are printed on the marks, because nothing
may hide behind a hover on a shared screen.
"""

from __future__ import annotations

import pandas as pd

from .. import theme
from ..components.drill import FIRST, OTHERS
from ..formatting import mn, pct, round_shares
from ..i18n import t
from .core import _floats, _layout, _shorten, display_names, empty_figure

OTHERS_COLOR = "#6b7280"
AGE_COLORS = ("#f59e0b", "#d97706", "#c2410c", "#7f1d1d")  # older debt, darker


def _pp(v: float, lang: str, decimals: int = 1) -> str:
    return pct(v, lang, signed=True, decimals=decimals).replace(" %", " " + t("unit.pp", lang))


def _swatch(color: str, name: str, n: int = 34) -> str:
    """A category label with a square in its concern's colour (Plotly's tick labels
    take a <span style="color">)."""
    return f"<span style='color:{color}'>■</span> {_shorten(name, n)}"


def bridge_figure(steps: pd.DataFrame, title: str, labels: dict, colors: dict[str, str],
                  *, height: int = 450, lang: str = "en", clickable: bool = True,
                  pp_decimals: int = 1) -> dict:
    """A horizontal waterfall from last year's total (top) to this year's (bottom)
    through the rows of ``queries.trends.bridge_steps``. Each step is a floating bar
    from ``base`` to ``level``, orange when it loses and teal when it gains, with the
    change and its contribution in percentage points printed beside it. ``labels``:
    start, end, others and first (with ``{n}``; "first": the largest items folded
    away after a click on "others"). The x axis is zoomed on the steps, so the total
    bars are cut at the left edge; their values are printed on them. ``pp_decimals``:
    the contribution's places, as the page's table of the same items prints it."""
    if steps.empty or len(steps) <= 2:
        return empty_figure(title, height)
    names, xs, bases, fill, text, keys = [], [], [], [], [], []
    for r in steps.itertuples():
        if r.kind in ("start", "end"):
            names.append(labels[r.kind])
            xs.append(r.delta / 1e6)
            bases.append(0.0)
            fill.append(theme.LAST_YEAR if r.kind == "start" else theme.THIS_YEAR)
            text.append(mn(r.delta, lang))
            keys.append("")
            continue
        if r.kind in ("others", "first"):  # a click shows the next items / goes back
            names.append(labels[r.kind].format(n=r.n))
            fill.append(OTHERS_COLOR)
            keys.append(OTHERS if r.kind == "others" else FIRST)
        else:
            color = colors.get(str(r.concern_id), theme.MUTED) if r.concern_id else None
            names.append(_swatch(color, r.name) if color else _shorten(r.name, 38))
            fill.append(theme.GROWTH_DOWN if r.delta < 0 else theme.GROWTH_UP)
            keys.append(str(r.key))
        xs.append(r.delta / 1e6)
        bases.append(r.base / 1e6)
        text.append(f"{mn(r.delta, lang, signed=True)}  "
                    f"({_pp(r.contribution_pp, lang, pp_decimals)})")
    levels = [b + x for b, x in zip(bases, xs)] + [b for b, k in zip(bases, steps["kind"])
                                                  if k not in ("start", "end")]
    lo, hi = min(levels), max(levels)
    span = max(hi - lo, abs(hi) * 0.01, 1e-6)
    positions = ["inside" if k in ("start", "end") else "outside" for k in steps["kind"]]
    trace = {
        "type": "bar", "orientation": "h", "y": names, "x": _floats(xs), "base": bases,
        "marker": {"color": fill, "line": {"width": 0}},
        "text": text, "textposition": positions, "insidetextanchor": "end",
        "cliponaxis": False, "constraintext": "none",
        "textfont": {"size": theme.FONT_SIZE, "color": theme.INK},
        "insidetextfont": {"size": theme.FONT_SIZE + 1, "color": "white"},
        "customdata": [[k] for k in keys],
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.22,
                     margin={"l": 10, "r": 20, "t": 50, "b": 36})
    layout["xaxis"] = {"range": [lo - span * 0.8, hi + span * 0.45], "gridcolor": theme.GRID,
                       "tickformat": ",.0f", "zeroline": False}
    layout["yaxis"] = {"automargin": True, "autorange": "reversed",
                       "tickfont": {"size": theme.FONT_SIZE}}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": [trace], "layout": layout}


def loss_bars(df: pd.DataFrame, title: str, empty_message: str, *, top: int = 8,
              height: int = 400, lang: str = "en", colors: dict | None = None,
              name_len: int = 24) -> dict:
    """The largest losses (rows of ``queries.trends.contributions`` with a negative
    change), largest on top; the bar's length is the loss, the printed label its
    signed change and contribution in percentage points."""
    losers = df[df["change"] < 0].head(top)
    if losers.empty:
        return empty_figure(empty_message, height)
    shown = losers.iloc[::-1]
    if colors and "concern_id" in shown.columns:
        fill = [colors.get(str(c), theme.GROWTH_DOWN) for c in shown["concern_id"]]
    else:
        fill = theme.GROWTH_DOWN
    longest = max(float(-losers["change"].min()) / 1e6, 1e-9)
    trace = {
        "type": "bar", "orientation": "h", "x": _floats(-shown["change"] / 1e6),
        "y": [_shorten(n, name_len) for n in display_names(shown)],
        "marker": {"color": fill, "line": {"width": 0}},
        "text": [f"{mn(c, lang, signed=True)}  ({_pp(p, lang)})"
                 for c, p in zip(shown["change"], shown["contribution_pp"])],
        "textposition": "outside", "cliponaxis": False, "constraintext": "none",
        "textfont": {"size": theme.FONT_SIZE - 1, "color": theme.INK},
        "customdata": [[str(k)] for k in shown["key"]],
        "hovertemplate": "%{y}: −%{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.25,
                     margin={"l": 10, "r": 16, "t": 50, "b": 10})
    layout["xaxis"] = {"range": [0, longest * 2.4], "visible": False}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": theme.FONT_SIZE - 1},
                       "range": _top_slots(len(shown), top)}
    return {"data": [trace], "layout": layout}


def _top_slots(n: int, top: int) -> list[float]:
    """A category range of ``top`` slots with the ``n`` bars at the top, so that a
    short list keeps the bars' thickness instead of drawing fat ones."""
    return [n - max(n, top) - 0.5, n - 0.5]


def value_bars(df: pd.DataFrame, title: str, color: str, empty_message: str, *,
               top: int = 7, height: int = 340, lang: str = "en", name_len: int = 30) -> dict:
    """The largest items of a ``breakdown`` (key, name, value, change_pct) as horizontal
    bars in one colour, with the value and the change on last year printed beside
    each; room is left on the right so that the labels are never cut."""
    if df.empty:
        return empty_figure(empty_message, height)
    shown = df.head(top).iloc[::-1]
    longest = max(float(shown["value"].max()) / 1e6, 1e-9)
    trace = {
        "type": "bar", "orientation": "h", "x": _floats(shown["value"] / 1e6),
        "y": [_shorten(n, name_len) for n in display_names(shown)],
        "marker": {"color": color, "line": {"width": 0}},
        "text": [f"{mn(v, lang)}  ({pct(g, lang, signed=True)})"
                 for v, g in zip(shown["value"], shown["change_pct"])],
        "textposition": "outside", "cliponaxis": False, "constraintext": "none",
        "textfont": {"size": theme.FONT_SIZE - 1, "color": theme.INK},
        "customdata": [[str(k)] for k in shown["key"]],
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.25,
                     margin={"l": 10, "r": 16, "t": 50, "b": 10})
    layout["xaxis"] = {"range": [0, longest * 1.9], "visible": False}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": theme.FONT_SIZE - 1},
                       "range": _top_slots(len(shown), top)}
    return {"data": [trace], "layout": layout}


def receivables_figure(ages: list[tuple[str, float]], causes: list[tuple[str, float]],
                       title: str, titles: dict, *, height: int = 380,
                       lang: str = "en") -> dict:
    """Overdue receivables by age (top) and by cause (bottom), mn USD, with values and
    shares printed. ``ages`` and ``causes``: (label, USD) pairs in display order;
    ``titles``: ages, causes, empty."""
    total = sum(v for _, v in ages)
    if total <= 0:
        return empty_figure(titles["empty"], height)
    decimals = 2 if total < 1e6 else 1  # a small debtor's buckets would all read 0.0

    def bars(pairs, axis, colors):
        longest = max([v for _, v in pairs] + [1.0]) / 1e6
        shares = round_shares([v / total * 100 for _, v in pairs])  # adding up to 100 %
        return {
            "type": "bar", "orientation": "h", "xaxis": f"x{axis}", "yaxis": f"y{axis}",
            "y": [_shorten(label, 30) for label, _ in pairs][::-1],
            "x": [v / 1e6 for _, v in pairs][::-1],
            "marker": {"color": colors[::-1] if isinstance(colors, list) else colors},
            "text": [f"{mn(v, lang, decimals=decimals)}  "
                     f"({pct(s, lang, decimals=0)})"
                     for (_, v), s in zip(pairs, shares)][::-1],
            "textposition": "outside", "cliponaxis": False, "constraintext": "none",
            "textfont": {"size": theme.FONT_SIZE - 1, "color": theme.INK},
            "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
        }, longest

    age_trace, age_max = bars(ages, "", list(AGE_COLORS[:len(ages)]))
    cause_trace, cause_max = bars(causes, "2", theme.GROWTH_DOWN)
    age_share = len(ages) / max(len(ages) + len(causes), 1)
    split = 0.12 + 0.76 * (1 - age_share)  # the two panels' border, by bar count
    layout = _layout(title, height, showlegend=False, bargap=0.22,
                     margin={"l": 10, "r": 16, "t": 50, "b": 6})
    layout["xaxis"] = {"range": [0, age_max * 1.6], "visible": False, "anchor": "y"}
    layout["yaxis"] = {"domain": [split + 0.06, 0.92], "automargin": True,
                       "tickfont": {"size": theme.FONT_SIZE - 1}}
    layout["xaxis2"] = {"range": [0, cause_max * 1.6], "visible": False, "anchor": "y2"}
    layout["yaxis2"] = {"domain": [0, split - 0.06], "automargin": True,
                        "tickfont": {"size": theme.FONT_SIZE - 1}}
    layout["annotations"] = [
        # each section's name from the figure's left edge, on its own line above its bars
        # (right-aligned to the plot it ran past the edge when wider than the names)
        {"text": f"<b>{titles['ages']}</b>", "x": 0.01, "y": 0.99, "xref": "container",
         "yref": "paper", "showarrow": False, "xanchor": "left", "yanchor": "top",
         "font": {"size": theme.FONT_SIZE, "color": theme.MUTED}},
        {"text": f"<b>{titles['causes']}</b>", "x": 0.01, "y": split + 0.02,
         "xref": "container", "yref": "paper", "showarrow": False, "xanchor": "left",
         "yanchor": "top",
         "font": {"size": theme.FONT_SIZE, "color": theme.MUTED}},
    ]
    data = [age_trace] + ([cause_trace] if causes else [])
    return {"data": data, "layout": layout}

"""Pure figure builders: a DataFrame (and labels) in, a Plotly figure out.

No queries, no Dash, no global state: pages, exports and the meeting mode can all reuse
them, and tests can check them without a server. Figures are plain Plotly JSON dicts
rather than ``plotly.graph_objects``: the objects validate and deep-copy every property,
which cost tens of milliseconds per page for nothing (``go.Figure(fig)`` still accepts
them where validation is wanted, as in the tests).
"""

from __future__ import annotations

import math

import pandas as pd

from .. import theme
from ..formatting import mn, pct
from ..i18n import axis_month


def _layout(title: str, height: int, **extra) -> dict:
    layout = theme.base_layout(height=height, **extra)
    layout["title"] = {**layout["title"], "text": title}
    return layout


def _floats(values) -> list:
    return [None if _nan(v) else float(v) for v in values]


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def empty_figure(message: str, height: int = 380) -> dict:
    return {"data": [], "layout": {
        **_layout("", height),
        "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "annotations": [{"text": message, "showarrow": False, "x": 0.5, "y": 0.5,
                         "xref": "paper", "yref": "paper",
                         "font": {"size": 20, "color": theme.MUTED}}]}}


def printed(df: pd.DataFrame, column: str):
    """The values (USD) a chart prints for ``column``: a table's rounded number where
    the page gave one (``<column>_shown``, mn USD, as the grid cell of the same item
    shows it: tables round their columns together so that they add up), else the value."""
    shown = f"{column}_shown"
    return df[shown] * 1e6 if shown in df.columns else df[column]


def display_names(df: pd.DataFrame) -> list[str]:
    """The names a chart prints: the rows' short names ("Белнефтехим", "ЦФО") where the
    query gave them, else the full ones (tables keep the full names)."""
    col = "short" if "short" in df.columns else "name"
    return [str(n) for n in df[col]]


def line_label_positions(values) -> list[str]:
    """Where each point's printed value goes so that its own line does not run through
    it: above a peak, below a trough, above-left on a rise (the line comes from below
    left), above-right on a fall, and at the ends on the side the line leaves free."""
    v = [None if _nan(x) else float(x) for x in values]
    out = []
    for i, here in enumerate(v):
        prev = v[i - 1] if i > 0 else None
        nxt = v[i + 1] if i + 1 < len(v) else None
        if here is None:
            out.append("top center")
        elif prev is None and nxt is None:
            out.append("top center")
        elif prev is None or nxt is None:
            # an end: the label spans about three points of the line beside it, so it
            # goes on the side those leave more room on
            side = [x for x in (v[i + 1:i + 4] if prev is None else v[max(i - 3, 0):i])
                    if x is not None]
            up = max(max(side) - here, 0.0) if side else 0.0      # how far it rises above
            down = max(here - min(side), 0.0) if side else 0.0    # and falls below
            near = nxt if prev is None else prev
            if up != down:  # the label goes on the side the line intrudes on less
                where = "top" if up < down else "bottom"
            else:
                where = "bottom" if near > here else "top"
            out.append(f"{where} {'right' if prev is None else 'left'}")
        elif prev <= here >= nxt:
            out.append("top center")
        elif prev >= here <= nxt:
            out.append("bottom center")
        else:
            out.append("top left" if prev < here else "top right")
    return out


def band_line(x: list, values, name: str, color: str, text: list, font: dict) -> dict:
    """The upper band's line of a two-band month chart (a line above bars on one month
    axis: Stock's stock over shipments, Receivables' total over overdue), mn USD, its
    printed values on the side the line leaves free."""
    return {"type": "scatter", "x": x, "y": _floats(values / 1e6), "name": name,
            "mode": "lines+markers+text", "line": {"color": color, "width": 4},
            "marker": {"size": 7}, "text": text, "yaxis": "y2",
            "textposition": line_label_positions(values), "textfont": font,
            "cliponaxis": False, "hovertemplate": "%{x}: %{y:,.1f}<extra></extra>"}


def band_range(values, below: float, above: float) -> list[float]:
    """The y range of a line's band (mn USD): its low and peak, with ``below`` and
    ``above`` times its spread (at least 5 % of the peak) of room for printed values."""
    peak = max(float(values.max()), 1.0) / 1e6
    low = float(values.min()) / 1e6
    pad = max(peak - low, peak * 0.05)
    return [max(low - pad * below, 0), peak + pad * above]


def _shorten(text: str, n: int) -> str:
    """A category label of at most ``n`` characters a line: a longer one is broken
    between words onto a second line (never cut with "…": the shared screen shows
    whole names); only a second line still longer than ``n`` loses its last words."""
    text = str(text)
    if len(text) <= n:
        return text
    cut = text.rfind(" ", 0, n + 1)
    if cut <= 0:
        return text
    first, rest = text[:cut], text[cut + 1:]
    if len(rest) > n:
        end = rest.rfind(" ", 0, n + 1)
        rest = rest[:end] if end > 0 else rest
    return first + "<br>" + rest.rstrip(",;:")


def breakdown_bars(df: pd.DataFrame, title: str, colors: dict[str, str], *,
                   top: int = 12, height: int = 430, lang: str = "en",
                   clickable: bool = True) -> dict:
    """Horizontal bars of ``value`` (largest on top) with the value and the change on
    last year printed beside each bar. ``df`` columns: key, name, value, change_pct and
    optionally concern_id (colour). The key rides along in customdata for drill-down."""
    if df.empty:
        return empty_figure(title, height)
    shown = df.head(top).iloc[::-1]
    if "concern_id" in shown.columns:
        bar_colors = [colors.get(str(c), theme.THIS_YEAR) for c in shown["concern_id"]]
    else:
        bar_colors = theme.THIS_YEAR
    labels = [f"{mn(v, lang)}  ({pct(g, lang, signed=True)})"
              for v, g in zip(printed(shown, "value"), shown["change_pct"])]
    longest = max(float(shown["value"].max()) / 1e6, 1e-9)
    trace = {
        "type": "bar", "orientation": "h",
        "x": _floats(shown["value"] / 1e6), "y": [_shorten(n, 38) for n in display_names(shown)],
        "marker": {"color": bar_colors, "line": {"width": 0}},
        "text": labels, "textposition": "outside", "cliponaxis": False,
        "textfont": {"size": theme.FONT_SIZE, "color": theme.INK},
        "customdata": [[str(k)] for k in shown["key"]],
        "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
    }
    layout = _layout(title, height, showlegend=False, bargap=0.25,
                     margin={"l": 10, "r": 20, "t": 50, "b": 30})
    layout["xaxis"] = {"range": [0, longest * 1.45], "showgrid": False, "visible": False}
    layout["yaxis"] = {"automargin": True, "tickfont": {"size": theme.FONT_SIZE}}
    if clickable:
        layout["clickmode"] = "event"
    return {"data": [trace], "layout": layout}


def monthly_figure(df: pd.DataFrame, year: int, title: str, target_label: str,
                   height: int = 360, lang: str = "en") -> dict:
    """This year's months as bars with values printed, last year as a grey line and
    the target path dashed. ``df``: month, value, value_ly, target."""
    x = [axis_month(m, lang) for m in df["month"]]
    data = [
        {"type": "bar", "x": x, "y": _floats(df["value"] / 1e6), "name": str(year),
         "marker": {"color": theme.THIS_YEAR},
         "text": [mn(v, lang, decimals=0) if not _nan(v) else "" for v in df["value"]],
         "textposition": "inside", "insidetextanchor": "end",
         "textfont": {"color": "white", "size": 15}},
        {"type": "scatter", "x": x, "y": _floats(df["value_ly"] / 1e6), "name": str(year - 1),
         "mode": "lines+markers", "line": {"color": theme.LAST_YEAR, "width": 4},
         "marker": {"size": 8}},
    ]
    if df["target"].notna().any():
        data.append({"type": "scatter", "x": x, "y": _floats(df["target"] / 1e6),
                     "name": target_label, "mode": "lines",
                     "line": {"color": theme.TARGET, "width": 3, "dash": "dash"}})
    layout = _layout(title, height, bargap=0.2)
    layout["yaxis"] = {"gridcolor": theme.GRID, "rangemode": "tozero", "tickformat": ",.0f",
                       "automargin": True}
    return {"data": data, "layout": layout}


def cumulative_figure(df: pd.DataFrame, year: int, title: str, target_label: str,
                      height: int = 360, lang: str = "en") -> dict:
    """Running totals: this year (with its latest value printed), last year, target."""
    x = [axis_month(m, lang) for m in df["month"]]
    data = [{"type": "scatter", "x": x, "y": _floats(df["cum_value_ly"] / 1e6),
             "name": str(year - 1), "mode": "lines",
             "line": {"color": theme.LAST_YEAR, "width": 4}}]
    if df["cum_target"].notna().any():
        data.append({"type": "scatter", "x": x, "y": _floats(df["cum_target"] / 1e6),
                     "name": target_label, "mode": "lines",
                     "line": {"color": theme.TARGET, "width": 3, "dash": "dash"}})
    last = df["cum_value"].last_valid_index()
    text = ["" for _ in x]
    where = "top left"
    if last is not None:
        text[last] = mn(df["cum_value"].iloc[last], lang, decimals=0)
        # the value goes on the side the other curves leave free: below and to the right
        # when they run above this year's (behind), above and to the left otherwise
        others = [float(df[c].iloc[last]) for c in ("cum_value_ly", "cum_target")
                  if not _nan(df[c].iloc[last])]
        if others and max(others) > float(df["cum_value"].iloc[last]):
            where = "bottom right"
    data.append({"type": "scatter", "x": x, "y": _floats(df["cum_value"] / 1e6),
                 "name": str(year), "mode": "lines+markers+text",
                 "line": {"color": theme.THIS_YEAR, "width": 5}, "marker": {"size": 9},
                 "text": text, "textposition": where, "cliponaxis": False,
                 "textfont": {"size": 18, "color": theme.THIS_YEAR}})
    peak = max([float(df[c].max()) for c in ("cum_value", "cum_value_ly", "cum_target")
                if df[c].notna().any()] or [0.0])
    layout = _layout(title, height)
    layout["yaxis"] = {"gridcolor": theme.GRID, "range": [0, peak / 1e6 * 1.12 or 1],
                       "tickformat": ",.0f", "automargin": True}
    return {"data": data, "layout": layout}


LEADER_FONT = 18  # px: the list is read off a 720p stream


def leading_regions(df: pd.DataFrame, n: int, metric: str = "value",
                    lang: str = "en") -> list[tuple[str, str]]:
    """The ``n`` largest regions by value as (short name, printed figure): the value in
    mn USD, or on a growth map the change in % (the largest markets, coloured by growth)."""
    if df.empty or n <= 0:
        return []
    top = df.assign(_v=df["value"].astype(float)).sort_values(
        ["_v", "key"], ascending=[False, True], kind="mergesort").head(n)
    names = display_names(top)
    if metric == "growth":
        printed = [pct(g, lang, signed=True) for g in top["change_pct"]]
    else:
        printed = [mn(v, lang) for v in top["value"]]
    return list(zip(names, printed))


def _leader_lines(layout: dict, top: list[tuple[str, str]], at: str,
                  panel_width: int) -> list[dict]:
    """One annotation per leading region (a <br> block would be one box that Plotly
    neither measures nor wraps), in a column of its own beside the map, so that no
    label lies over a region."""
    line = {"showarrow": False, "xref": "paper", "yref": "paper", "xanchor": "left",
            "yanchor": "top", "align": "left", "x": 0.0,
            "font": {"size": LEADER_FONT, "color": theme.INK}, "name": "leader"}
    texts = [f"<b>{i}.</b> {name}  <b>{value}</b>" for i, (name, value) in
             enumerate(top, start=1)]
    if at == "bottom":
        # the map above, the lines under it (~1.5 line heights each of a ~300 px plot)
        room = 0.09 * len(top) + 0.04
        layout["geo"]["domain"] = {"x": [0.0, 1.0], "y": [room, 1.0]}
        return [{**line, "text": text, "y": room - 0.02 - i * 0.09}
                for i, text in enumerate(texts)]
    # about 0.6 em a character at 18 px, plus a margin: the column's share of the width
    chars = max(len(name) + len(value) + 5 for name, value in top)
    share = min(0.45, (chars * 0.6 * LEADER_FONT + 16) / max(panel_width, 1))
    layout["geo"]["domain"] = {"x": [share, 1.0], "y": [0.0, 1.0]}
    step = min(0.13, 0.9 / len(top))
    return [{**line, "text": text, "y": 0.95 - i * step} for i, text in enumerate(texts)]


def region_map(df: pd.DataFrame, geojson: dict | str, regions: list[str], title: str,
               metric: str = "value", height: int = 430, colorbar_title: str = "",
               empty_message: str = "", *, leaders: int = 0, lang: str = "en",
               leaders_at: str = "left", panel_width: int = 900) -> dict:
    """Choropleth of Russia's regions. ``df``: key (ISO 3166-2:RU), name (or short),
    value, change_pct; ``geojson``: the polygons or their URL; ``regions``: every
    region's code (drawn grey underneath, so that regions without exports still show).
    ``metric`` 'value' (mn USD, sequential blues) or 'growth' (% change, diverging
    orange–teal around zero). ``leaders`` > 0 (the presentation theme: nothing may need
    hover) lists the largest regions with their figures beside the map: ``leaders_at``
    'left' (the map keeps the rest of the width; ``panel_width``, the panel's width in
    pixels, sizes the list's column) or 'bottom' (narrow panels)."""
    if metric == "growth":
        z = _floats(df["change_pct"])  # zmin/zmax cap the colours, not the values
        scale = [[0, theme.GROWTH_DOWN], [0.5, "#f3f4f6"], [1, theme.GROWTH_UP]]
        extra = {"zmin": -50, "zmax": 50, "zmid": 0}
    else:
        z = _floats(df["value"] / 1e6)
        scale = [[0, "#dbeafe"], [0.35, "#60a5fa"], [1, "#1e3a8a"]]
        extra = {"zmin": 0}
    common = {"type": "choropleth", "geojson": geojson,
              "featureidkey": "properties.iso_3166_2",
              "marker": {"line": {"color": "white", "width": 0.6}}}
    data = [
        {**common, "locations": list(regions), "z": [0] * len(regions),
         "colorscale": [[0, "#e5e7eb"], [1, "#e5e7eb"]], "showscale": False,
         "hoverinfo": "skip"},
        {**common, "locations": [str(k) for k in df["key"]], "z": z, "colorscale": scale,
         "customdata": [[str(k)] for k in df["key"]], "text": display_names(df),
         "hovertemplate": "%{text}: %{z:,.1f}<extra></extra>",
         "colorbar": {"title": {"text": colorbar_title}, "thickness": 16, "len": 0.8,
                      "tickfont": {"size": 15}, "tickformat": ",.0f"},
         **extra},
    ]
    layout = _layout(title, height, margin={"l": 0, "r": 0, "t": 40 if title else 0, "b": 0})
    # A fixed extent rather than fitbounds: Chukotka's longitudes run past 180°.
    layout["geo"] = {"visible": False, "projection": {
        "type": "conic equal area", "rotation": {"lon": 105}, "parallels": [50, 70]},
        "lonaxis": {"range": [20, 190]}, "lataxis": {"range": [41, 80]},
        "fitbounds": False, "bgcolor": theme.PAPER}
    if df.empty and empty_message:
        layout["annotations"] = [{"text": empty_message, "showarrow": False, "x": 0.5,
                                  "y": 0.5, "xref": "paper", "yref": "paper",
                                  "font": {"size": 20, "color": theme.MUTED}}]
    top = leading_regions(df, leaders, metric, lang)
    if top:
        layout["annotations"] = _leader_lines(layout, top, leaders_at, panel_width)
    return {"data": data, "layout": layout}

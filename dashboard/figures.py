"""Pure figure builders: a DataFrame (and labels) in, a Plotly figure out.

No queries, no Dash, no global state: pages, exports and the meeting mode can all
reuse them, and tests can check them without a server.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from . import theme
from .formatting import mn, pct
from .i18n import month_name


def empty_figure(message: str, height: int = 380) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(**theme.base_layout(height=height))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=message, showarrow=False, font=dict(size=20, color=theme.MUTED),
                       x=0.5, y=0.5, xref="paper", yref="paper")
    return fig


def breakdown_bars(df: pd.DataFrame, title: str, colors: dict[str, str], *,
                   top: int = 12, height: int = 430, lang: str = "en",
                   clickable: bool = True) -> go.Figure:
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
              for v, g in zip(shown["value"], shown["change_pct"])]
    names = [_shorten(n, 38) for n in shown["name"]]
    fig = go.Figure(go.Bar(
        x=shown["value"] / 1e6, y=names, orientation="h",
        marker=dict(color=bar_colors, line=dict(width=0)),
        text=labels, textposition="outside", cliponaxis=False,
        textfont=dict(size=theme.FONT_SIZE, color=theme.INK),
        customdata=[[str(k)] for k in shown["key"]],
        hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
    ))
    longest = max(shown["value"].max() / 1e6, 1e-9)
    fig.update_layout(**theme.base_layout(
        title=dict(text=title), height=height, showlegend=False, bargap=0.25,
        margin=dict(l=10, r=20, t=50, b=30)))
    fig.update_xaxes(range=[0, longest * 1.45], showgrid=False, visible=False)
    fig.update_yaxes(automargin=True, tickfont=dict(size=theme.FONT_SIZE))
    if clickable:
        fig.update_layout(clickmode="event")
    return fig


def _shorten(text: str, n: int) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def monthly_figure(df: pd.DataFrame, year: int, title: str, target_label: str,
                   height: int = 360, lang: str = "en") -> go.Figure:
    """This year's months as bars with values printed, last year as a grey line and
    the target path dashed. ``df``: month, value, value_ly, target."""
    x = [month_name(m, lang, short=True) for m in df["month"]]
    fig = go.Figure()
    fig.add_bar(x=x, y=df["value"] / 1e6, name=str(year), marker_color=theme.THIS_YEAR,
                text=[mn(v, lang, decimals=0) if not _nan(v) else "" for v in df["value"]],
                textposition="inside", insidetextanchor="end",
                textfont=dict(color="white", size=15))
    fig.add_scatter(x=x, y=df["value_ly"] / 1e6, name=str(year - 1), mode="lines+markers",
                    line=dict(color=theme.LAST_YEAR, width=4), marker=dict(size=8))
    if df["target"].notna().any():
        fig.add_scatter(x=x, y=df["target"] / 1e6, name=target_label, mode="lines",
                        line=dict(color=theme.TARGET, width=3, dash="dash"))
    fig.update_layout(**theme.base_layout(title=dict(text=title), height=height,
                                          bargap=0.2))
    fig.update_yaxes(gridcolor=theme.GRID, rangemode="tozero", tickformat=",.0f")
    return fig


def cumulative_figure(df: pd.DataFrame, year: int, title: str, target_label: str,
                      height: int = 360, lang: str = "en") -> go.Figure:
    """Running totals: this year (with its latest value printed), last year, target."""
    x = [month_name(m, lang, short=True) for m in df["month"]]
    fig = go.Figure()
    fig.add_scatter(x=x, y=df["cum_value_ly"] / 1e6, name=str(year - 1), mode="lines",
                    line=dict(color=theme.LAST_YEAR, width=4))
    if df["cum_target"].notna().any():
        fig.add_scatter(x=x, y=df["cum_target"] / 1e6, name=target_label, mode="lines",
                        line=dict(color=theme.TARGET, width=3, dash="dash"))
    last = df["cum_value"].last_valid_index()
    text = ["" for _ in x]
    if last is not None:
        text[last] = mn(df["cum_value"].iloc[last], lang, decimals=0)
    fig.add_scatter(x=x, y=df["cum_value"] / 1e6, name=str(year), mode="lines+markers+text",
                    line=dict(color=theme.THIS_YEAR, width=5), marker=dict(size=9),
                    text=text, textposition="top left",
                    textfont=dict(size=18, color=theme.THIS_YEAR))
    fig.update_layout(**theme.base_layout(title=dict(text=title), height=height))
    peak = max(df["cum_value"].max(skipna=True) if df["cum_value"].notna().any() else 0,
               df["cum_value_ly"].max(skipna=True) or 0,
               df["cum_target"].max(skipna=True) if df["cum_target"].notna().any() else 0)
    fig.update_yaxes(gridcolor=theme.GRID, range=[0, peak / 1e6 * 1.12 or 1],
                     tickformat=",.0f")
    return fig


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def region_map(df: pd.DataFrame, geojson: dict, title: str, metric: str = "value",
               height: int = 430, colorbar_title: str = "", empty_message: str = ""
               ) -> go.Figure:
    """Choropleth of Russia's regions. ``df``: key (ISO 3166-2:RU), name, value,
    change_pct. ``metric`` 'value' (mn USD, sequential blues) or 'growth' (% change,
    diverging orange–teal around zero). Regions without exports stay white."""
    if metric == "growth":
        z = df["change_pct"].clip(-50, 50)
        scale = [[0, theme.GROWTH_DOWN], [0.5, "#f3f4f6"], [1, theme.GROWTH_UP]]
        extra = dict(zmin=-50, zmax=50, zmid=0)
    else:
        z = df["value"] / 1e6
        scale = [[0, "#dbeafe"], [0.35, "#60a5fa"], [1, "#1e3a8a"]]
        extra = dict(zmin=0)
    every_region = [f["properties"]["iso_3166_2"] for f in geojson["features"]]
    fig = go.Figure(go.Choropleth(  # grey underlay: regions with no exports still show
        geojson=geojson, locations=every_region, z=[0] * len(every_region),
        featureidkey="properties.iso_3166_2", colorscale=[[0, "#e5e7eb"], [1, "#e5e7eb"]],
        showscale=False, hoverinfo="skip", marker_line_color="white",
        marker_line_width=0.6))
    fig.add_trace(go.Choropleth(
        geojson=geojson, locations=df["key"], z=z, featureidkey="properties.iso_3166_2",
        colorscale=scale, marker_line_color="white", marker_line_width=0.6,
        customdata=df[["key"]].to_numpy().tolist(), text=df["name"],
        hovertemplate="%{text}: %{z:,.1f}<extra></extra>",
        colorbar=dict(title=dict(text=colorbar_title), thickness=16, len=0.8,
                      tickfont=dict(size=15)),
        **extra,
    ))
    # Fixed extent rather than fitbounds: Chukotka's longitudes run past 180°.
    fig.update_geos(visible=False, projection_type="conic equal area",
                    projection_rotation=dict(lon=105), projection_parallels=[50, 70],
                    lonaxis_range=[20, 190], lataxis_range=[41, 80], fitbounds=False,
                    bgcolor=theme.PAPER)
    fig.update_layout(**theme.base_layout(title=dict(text=title), height=height,
                                          margin=dict(l=0, r=0, t=40 if title else 0, b=0)))
    if df.empty:
        fig.add_annotation(text=empty_message, showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font=dict(size=20, color=theme.MUTED))
    return fig

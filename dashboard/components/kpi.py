"""KPI tiles: a label, one large figure with its unit and a line of context, all
visible without hovering."""

from __future__ import annotations

from dash import html


def kpi_tile(tile_id: str, label: str, value: str, sub: str = "", tone: str = "",
             unit: str = "") -> html.Div:
    figure = [value, html.Span(" " + unit, className="kpi-unit")] if unit else value
    return html.Div([
        html.Div(label, className="kpi-label"),
        html.Div(figure, className=f"kpi-value {tone}".strip(), id=f"kpi-{tile_id}-value"),
        html.Div(sub, className="kpi-sub"),
    ], className="kpi", id=f"kpi-{tile_id}")

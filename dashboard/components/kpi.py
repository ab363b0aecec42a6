"""KPI tiles: a label, one large figure with its unit and a line of context, all
visible without hovering."""

from __future__ import annotations

from dash import html


def kpi_tile(tile_id: str, label: str, value: str, sub: str = "", tone: str = "",
             unit: str = "") -> html.Div:
    # a long figure with its unit ("18 192,8 млн долл." in a sixth of the screen) is set
    # a size smaller in the analysts' theme (assets/app.css: .kpi-value.long), and the
    # unit goes under the figure rather than over the tile's border if it still does
    # not fit
    figure = [value, " ", html.Span(unit, className="kpi-unit")] if unit else value
    if unit and len(str(value)) >= 7:
        tone = f"{tone} long".strip()
    return html.Div([
        html.Div(label, className="kpi-label"),
        html.Div(figure, className=f"kpi-value {tone}".strip(), id=f"kpi-{tile_id}-value"),
        html.Div(sub, className="kpi-sub"),
    ], className="kpi", id=f"kpi-{tile_id}")

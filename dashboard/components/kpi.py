"""KPI tiles: a label, one large figure with its unit and a line of context, all
visible without hovering."""

from __future__ import annotations

from dash import html


def kpi_tile(tile_id: str, label: str, value: str, sub: str = "", tone: str = "",
             unit: str = "", raw: float | None = None, kind: str = "") -> html.Div:
    # a long figure with its unit ("18 192,8 млн долл." in a sixth of the screen) is set
    # a size smaller in the analysts' theme (assets/app.css: .kpi-value.long), and the
    # unit goes under the figure rather than over the tile's border if it still does
    # not fit
    figure = [value, " ", html.Span(unit, className="kpi-unit")] if unit else value
    if unit and len(str(value)) >= 7:
        tone = f"{tone} long".strip()
    # ``raw``: the unrounded number the tile formats (USD for money, percent for a
    # percentage), so that "since the last meeting" (dashboard/meetings/since.py)
    # computes the change from unrounded values and rounds once; ``kind`` says how to
    # read it (money, money_change, pct, growth, days, count)
    data = {"data-kind": kind} if kind else {}
    if raw is not None and raw == raw:  # NaN: no figure, as None
        data["data-raw"] = repr(float(raw))
    return html.Div([
        html.Div(label, className="kpi-label"),
        html.Div(figure, className=f"kpi-value {tone}".strip(), id=f"kpi-{tile_id}-value"),
        html.Div(sub, className="kpi-sub"),
    ], className="kpi", id=f"kpi-{tile_id}", **data)

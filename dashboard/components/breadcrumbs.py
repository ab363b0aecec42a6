"""Breadcrumbs: the drill path as links, so going back up is one click (or a link)."""

from __future__ import annotations

from dash import dcc, html

MAX_LABEL = 32  # one line for both trails on a 1920-pixel screen


def breadcrumbs(crumbs: list[tuple[str, str | None]], crumb_id: str) -> html.Nav:
    """``crumbs``: (label, href) pairs; the last one (the current level) has no link."""
    items = []
    for i, (label, href) in enumerate(crumbs):
        if i:
            items.append(html.Span("›", className="crumb-sep"))
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        if href is None:
            items.append(html.Span(short, title=label, className="crumb current",
                                   **{"aria-current": "page"}))
        else:
            items.append(dcc.Link(short, href=href, title=label, className="crumb"))
    return html.Nav(items, className="breadcrumbs", id=crumb_id)

"""Colours and type for a 1920×1080 window watched through a compressed video stream:
large type, high contrast, few colours, and one colour per concern everywhere."""

from __future__ import annotations

FONT_FAMILY = "'Segoe UI', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"
FONT_SIZE = 17          # chart text, px
TITLE_SIZE = 20
INK = "#111827"         # text
MUTED = "#4b5563"       # secondary text
GRID = "#d1d5db"
PAPER = "#ffffff"

THIS_YEAR = "#1d4ed8"   # strong blue
LAST_YEAR = "#9ca3af"   # grey
TARGET = "#111827"      # black dashed line
GROWTH_UP = "#0f766e"   # teal (readable by red-green colour-blind viewers against orange)
GROWTH_DOWN = "#c2410c"  # orange-red

STATUS = {
    "on_track": "#0f766e",
    "at_risk": "#b45309",
    "behind": "#b91c1c",
    "no_target": "#6b7280",
}

# Distinct hues first, then darker and lighter variants: 32 colours in a stable order,
# so a concern keeps its colour on every page and in every filter. Colour is never the
# only cue: every bar and row carries its name.
_PALETTE = [
    "#1f77b4", "#e6550d", "#2ca02c", "#9467bd", "#8c564b", "#d62728", "#17becf",
    "#bcbd22", "#7f7f7f", "#e377c2", "#0b3c5d", "#a05d00", "#3f6e2a", "#5c3d8f",
    "#b8860b", "#006d6f", "#8b1a1a", "#4d5d9c", "#6b8e23", "#c0587e", "#2f4f4f",
    "#8a6d3b", "#1b7f5c", "#7a4b8c", "#d4a017", "#3b7dd8", "#f08a5d", "#4caf50",
    "#a0522d", "#6a5acd", "#20b2aa", "#cd5c5c",
]


def concern_palette() -> tuple[str, ...]:
    return tuple(_PALETTE)


def concern_colors(concern_ids) -> dict[str, str]:
    """Colour of each concern, by the sorted list of all concern ids."""
    ids = sorted(str(c) for c in concern_ids)
    return {cid: _PALETTE[i % len(_PALETTE)] for i, cid in enumerate(ids)}


def base_layout(**overrides) -> dict:
    layout = dict(
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=INK),
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        margin=dict(l=10, r=20, t=50, b=40),
        # anchored at the top of the figure, with the margin grown to fit: a title
        # wrapped onto two lines keeps its first line (it was pushed off the top)
        title=dict(font=dict(size=TITLE_SIZE), x=0.01, xanchor="left", yref="container",
                   y=1, yanchor="top", pad=dict(t=10), automargin=True),
        hoverlabel=dict(font=dict(size=FONT_SIZE)),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right",
                    font=dict(size=FONT_SIZE)),
        separators=".,",
    )
    layout.update(overrides)
    return layout

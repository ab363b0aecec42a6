"""Pure figure builders (see ``core.py`` for the shared ones); each page may add a
module of its own here. Everything re-exported below is what pages import."""

from .core import (
    breakdown_bars,
    cumulative_figure,
    empty_figure,
    monthly_figure,
    region_map,
)

__all__ = ["breakdown_bars", "cumulative_figure", "empty_figure", "monthly_figure",
           "region_map"]

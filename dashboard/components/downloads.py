"""The page's downloads menu: every chart and table as CSV and XLSX, every chart as
PNG. (Placeholder until the exports work lands.)"""

from __future__ import annotations


def downloads_menu(path: str, state, content):
    """A control for the header listing the page's charts and tables, or None."""
    return None

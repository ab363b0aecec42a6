"""What every page's drill-down callback needs first: the key of the mark that was
clicked, taken defensively from Plotly's click payload."""

from __future__ import annotations


def clicked_key(click) -> str | None:
    """The key a bar or region carries in its customdata, or None when the click holds
    none: an empty area, a total or "others" bar (they carry ""), a malformed or forged
    payload. The key is then checked against the known codes like any URL value."""
    try:
        raw = click["points"][0]["customdata"][0]
    except (TypeError, KeyError, IndexError):
        return None
    if not isinstance(raw, (str, int)) or isinstance(raw, bool) or raw == "":
        return None
    return str(raw)

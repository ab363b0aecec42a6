"""What every page's drill-down callback needs first: the key of the mark that was
clicked, taken defensively from Plotly's click payload."""

from __future__ import annotations

# Keys of a chart's aggregated bars: "K others" (the rest after the items shown) and
# "the N largest" (the items shown before, when a click on "K others" showed the next
# N). Not codes of anything, so they can never be mistaken for an item; every figure
# that folds items into such a bar gives it one of these keys (never ""), and
# ``components.links.drill_search`` opens the rest (or goes back) with them.
OTHERS = "…others"
FIRST = "…first"


def clicked_key(click) -> str | None:
    """The key a bar or region carries in its customdata, or None when the click holds
    none: an empty area, a total bar (it carries ""), a malformed or forged payload.
    ``OTHERS`` and ``FIRST`` are returned as they are (``links.drill_search`` knows
    them); any other key is then checked against the known codes like any URL value."""
    try:
        raw = click["points"][0]["customdata"][0]
    except (TypeError, KeyError, IndexError):
        return None
    if not isinstance(raw, (str, int)) or isinstance(raw, bool) or raw == "":
        return None
    return str(raw)

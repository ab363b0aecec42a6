"""Benchmark states of the Negative trends page (see bench/run.py for ``ctx``)."""

PATH = "/trends"
READY = ("#trends-bridge .main-svg", "#trends-enterprises .ag-row")


def searches(ctx: dict) -> list[str]:
    c1, c2, c3 = ctx["concerns"][:3]
    e = ctx["enterprise"]
    return ["", "?industrial=0", "?year=2025", "?from=4&to=9", "?to=3", f"?concern={c1}",
            f"?concern={c1},{c2}", f"?concern={c1}&enterprise={e}", "?oblast=BY-MI",
            "?district=CFD", f"?region={ctx['region']}", "?chapter=84", "?heading=8701",
            f"?concern={c3}&district=VFD", "?year=2024&from=1&to=12", "?run=1", "?run=12",
            f"?concern={c2}&run=6&industrial=0", "?district=NWFD&chapter=04&industrial=0",
            "?year=2023&to=6&run=2", f"?enterprise={e}&industrial=0"]


def callbacks(ctx: dict) -> list:
    """The drill click: a concern's step of the bridge."""
    return [("drill click (Negative trends)", "trends-bridge", {
        "trends-bridge.clickData": {"points": [{"customdata": [ctx["concerns"][0]]}]},
        "trends-context.data": {"level": "concern"},
        "_pages_location.search": "?year=2025"})]

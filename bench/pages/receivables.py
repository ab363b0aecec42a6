"""Benchmark states of the Overdue receivables page (see bench/run.py for ``ctx``)."""

PATH = "/receivables"
READY = ("#rcv-map .main-svg", "#receivables-grid .ag-row")  # drawn = page shown


def searches(ctx: dict) -> list[str]:
    c1, c2, c3 = ctx["concerns"][:3]
    ent, region = ctx["enterprise"], ctx["region"]
    return ["", "?year=2025", "?to=3", "?to=1", "?year=2024&from=1&to=12",
            f"?concern={c1}", f"?concern={c1},{c2}", f"?concern={c1}&level=enterprise",
            f"?concern={c1}&enterprise={ent}&level=enterprise", f"?enterprise={ent}",
            "?oblast=BY-MI", "?oblast=BY-HO,BY-BR&industrial=1", "?district=CFD&geo=region",
            f"?region={region}", f"?concern={c3}&district=VFD&geo=region",
            "?industrial=1", "?table=enterprise", f"?concern={c2}&table=enterprise",
            "?chapter=84", "?year=2023&to=6&district=NWFD",
            f"?oblast=BY-VI&concern={c1}&table=enterprise", "?level=enterprise"]


def callbacks(ctx: dict) -> list:
    """The drill click: a concern's bar on the overdue chart."""
    return [("drill click (Receivables)", "rcv-product-bars", {
        "rcv-product-bars.clickData": {"points": [{"customdata": [ctx["concerns"][0]]}]},
        "rcv-drill-context.data": {"level": "concern", "geo": "district"},
        "_pages_location.search": "?year=2025"})]

"""Benchmark states of the Warehouse stock page (see bench/run.py for ``ctx``)."""

PATH = "/stock"
READY = ("#stock-map .main-svg", "#stock-subjects-grid .ag-row")  # drawn = page shown


def searches(ctx: dict) -> list[str]:
    c1, c2, c3 = ctx["concerns"][:3]
    s1, s2 = ctx["subjects"][:2]
    return ["", "?base=12", "?year=2025", "?to=6", f"?concern={c1}",
            f"?concern={c1},{c2}", f"?concern={c1}&enterprise={ctx['enterprise']}",
            f"?enterprise={ctx['enterprise']}&base=12", "?district=CFD",
            "?district=CFD&geo=region", f"?region={ctx['region']}",
            "?region=RU-MOW&geo=subject", f"?subject={s1}", f"?subject={s1},{s2}&base=12",
            "?chapter=84", "?heading=8701", "?oblast=BY-MI", "?industrial=1",
            f"?concern={c3}&district=VFD", "?year=2024&to=12&level=subject",
            f"?concern={c2}&level=enterprise&geo=region&district=NWFD",
            "?year=2023&to=3"]


def callbacks(ctx: dict) -> list:
    """The drill click: a concern's bar on the stock chart."""
    return [("drill click (Stock)", "stock-product-bars", {
        "stock-product-bars.clickData": {"points": [{"customdata": [ctx["concerns"][0]]}]},
        "stock-drill-context.data": {"level": "concern", "geo": "district"},
        "_pages_location.search": "?year=2025"})]

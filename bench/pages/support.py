"""Benchmark states of the Export support page (see bench/run.py for ``ctx``)."""

PATH = "/support"
READY = ("#sup-instrument-bars .main-svg", "#sup-monthly .main-svg")  # drawn = page shown


def searches(ctx: dict) -> list[str]:
    c1, c2, c3 = ctx["concerns"][:3]
    ent, region = ctx["enterprise"], ctx["region"]
    return ["", "?year=2025", "?to=3", "?to=1", "?year=2024&from=1&to=12",
            f"?concern={c1}", f"?concern={c1},{c2}", f"?concern={c1}&level=enterprise",
            f"?enterprise={ent}&level=enterprise", "?instrument=leasing",
            "?instrument=export_credit&concern=mtz", "?oblast=BY-MI",
            "?oblast=BY-HO,BY-BR&industrial=1", "?district=CFD&geo=region",
            f"?region={region}", f"?concern={c3}&district=VFD&geo=region",
            "?table=instruments", "?table=enterprises", f"?concern={c2}&table=enterprises",
            "?chapter=84", "?year=2023&to=6&district=NWFD",
            "?instrument=insurance&table=instruments"]


def callbacks(ctx: dict) -> list:
    """The drill clicks: a concern's bar, an instrument's bar."""
    context = {"level": "concern", "geo": "district",
               "instruments": ["buyer_credit", "exhibitions", "export_credit", "insurance",
                               "leasing", "rate_compensation"]}
    return [("drill click (Support, concern)", "sup-product-bars", {
        "sup-product-bars.clickData": {"points": [{"customdata": [ctx["concerns"][0]]}]},
        "sup-drill-context.data": context, "_pages_location.search": "?year=2025"}),
        ("drill click (Support, instrument)", "sup-instrument-bars", {
            "sup-instrument-bars.clickData": {"points": [{"customdata": ["leasing"]}]},
            "sup-drill-context.data": context, "_pages_location.search": "?year=2025"})]

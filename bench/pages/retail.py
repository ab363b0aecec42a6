"""Benchmark states of the Retail chains page (see bench/run.py for ``ctx``). The
concerns and chains named are those the demonstration contracts have (catalogue
section retail); the page reads them whatever the data's size."""

PATH = "/retail"
READY = ("#retail-product-bars .main-svg", "#retail-grid .ag-row")  # drawn = page shown


def searches(ctx: dict) -> list[str]:
    return ["", "?year=2025", "?to=6", "?year=2024&to=12", "?concern=bellegprom",
            "?concern=minagro&level=enterprise", "?concern=belgospishcheprom,minagro",
            f"?enterprise={ctx['enterprise']}", "?chain=x5", "?chain=magnit,lenta,auchan",
            "?concern=bellegprom&chain=detsky_mir", "?days=30", "?days=365",
            "?table=contracts", "?table=contracts&concern=minagro", "?oblast=BY-MI",
            "?industrial=1", "?region=RU-MOW", "?level=enterprise&chain=x5&days=180"]


def callbacks(ctx: dict) -> list:
    """The drill clicks: a concern's bar and a chain's bar."""
    return [("drill click (Retail, concern)", "retail-product-bars", {
                "retail-product-bars.clickData": {"points": [{"customdata": ["bellegprom"]}]},
                "retail-drill-context.data": {"level": "concern"},
                "_pages_location.search": "?year=2026"}),
            ("drill click (Retail, chain)", "retail-chain-bars", {
                "retail-chain-bars.clickData": {"points": [{"customdata": ["x5"]}]},
                "retail-drill-context.data": {"level": "concern"},
                "_pages_location.search": "?year=2026"})]

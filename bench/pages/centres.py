"""Benchmark states of the sales-and-service centres view of the Stock page
(``/stock?view=centres``; see bench/run.py for ``ctx``). The states are whole addresses
(they start with "/"), as the view's own parameter rides in the query string."""

PATH = "/stock?view=centres"
READY = ("#centres-geo-bars .main-svg", "#centres-grid .ag-row")  # drawn = view shown


def searches(ctx: dict) -> list[str]:
    c1, c2, c3 = ctx["concerns"][:3]
    s1, s2 = ctx["subjects"][:2]
    states = ["", "&year=2025", "&to=6", "&to=1", "&year=2024&from=1&to=12",
              f"&concern={c1}", f"&concern={c1},{c2}", "&district=CFD&geo=region",
              "&district=NWFD&geo=region", f"&region={ctx['region']}", "&region=RU-MOW",
              "&geo=region", f"&concern={c3}&district=VFD&geo=region", f"&subject={s1}",
              f"&subject={s1},{s2}", "&concern=minprom", "&concern=mtz&district=CFD",
              "&year=2023&to=3", "&lang=ru&present=1", "&lang=de&present=1"]
    return [PATH + s for s in states]


def callbacks(ctx: dict) -> list:
    """The drill click: a federal district's bar on the centres-by-status chart."""
    return [("drill click (Centres)", "centres-geo-bars", {
        "centres-geo-bars.clickData": {"points": [{"customdata": ["CFD"]}]},
        "centres-drill-context.data": {"geo": "district"},
        "_pages_location.search": "?view=centres&year=2025"})]

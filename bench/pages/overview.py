"""Benchmark states of the Overview (see bench/run.py for ``ctx``)."""

PATH = "/"
READY = ("#cumulative-chart .main-svg", "#league-grid .ag-row")  # drawn = page shown


def searches(ctx: dict) -> list[str]:
    c1, c2, c3 = ctx["concerns"][:3]
    return ["", "?year=2025", "?from=4&to=9", "?to=3", f"?concern={c1}",
            f"?concern={c1},{c2}", "?oblast=BY-MI", "?district=CFD", f"?region={ctx['region']}",
            "?chapter=84", "?chapter=04,19", "?heading=8701", f"?enterprise={ctx['enterprise']}",
            f"?concern={c3}&district=VFD", "?year=2024&from=1&to=12",
            f"?concern={c2}&chapter=40", "?district=NWFD&chapter=04",
            f"?oblast=BY-HO&concern={c1}", "?year=2023&to=6", "?industrial=1"]

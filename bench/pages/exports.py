"""Benchmark states of the Exports page (see bench/run.py for ``ctx``)."""

from bench.pages import overview

PATH = "/exports"
READY = ("#region-map .main-svg", "#exports-grid .ag-row")


def searches(ctx: dict) -> list[str]:
    c1, c2 = ctx["concerns"][:2]
    return overview.searches(ctx) + [
        f"?concern={c1}&level=enterprise",
        f"?concern={c1}&enterprise={ctx['enterprise']}&level=heading",
        "?district=CFD&geo=region", "?map=growth", "?level=chapter",
        f"?district=SFD&geo=region&concern={c2}&level=enterprise"]

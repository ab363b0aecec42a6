"""Benchmark states of the enterprise card (see bench/run.py for ``ctx``).

``PATH`` is one fixed card because the harness measures one path per page: enterprise
3 is MTZ, a major enterprise from the reference data (the same id at every scale and
seed) and one of the largest exporters, so the heaviest card."""

PATH = "/enterprise/3"
READY = ("#enterprise-monthly .main-svg", "#enterprise-subjects .ag-row")


def searches(ctx: dict) -> list[str]:
    c1 = ctx["concerns"][0]
    return ["", "?year=2025", "?year=2024", "?year=2023", "?year=2022", "?from=4&to=9",
            "?to=3", "?to=1", "?from=10&to=10", "?year=2025&from=7&to=12",
            "?year=2024&to=6", "?year=2023&from=2&to=11", f"?concern={c1}",
            f"?concern={c1}&industrial=1", "?region=RU-MOW", "?heading=8701",
            "?year=2022&from=6", "?year=2025&to=3", "?from=2&to=5", "?year=2024&from=12"]

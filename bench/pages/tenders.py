"""Benchmark states of the Public procurement page (see bench/run.py for ``ctx``): the
default view, other years and month ranges, concern → enterprise drills, customer
districts and regions (Stavropol and Rostov, the working group's showcase), each
tender subject, and the subject with a region."""

PATH = "/tenders"
READY = ("#tnd-trend .main-svg", "#tenders-grid .ag-row")  # drawn = page shown


def searches(ctx: dict) -> list[str]:
    c1, c2 = ctx["concerns"][:2]
    ent = ctx["enterprise"]
    return ["", "?year=2025", "?year=2024&from=1&to=12", "?to=3",
            "?concern=belavtomaz", f"?concern={c1}", f"?concern={c1},{c2}",
            "?concern=belavtomaz&level=enterprise", f"?enterprise={ent}",
            "?district=SFD&geo=region", "?district=NCFD&geo=region",
            "?region=RU-STA", "?region=RU-ROS", "?region=RU-STA,RU-ROS&what=trolleybuses",
            "?what=buses", "?what=trolleybuses", "?what=road_machinery",
            "?what=municipal_machinery", "?what=agricultural_machinery", "?what=trucks",
            "?oblast=BY-HM", "?industrial=1", "?year=2025&what=buses&district=CFD"]


def callbacks(ctx: dict) -> list:
    """The drill clicks: a concern's bar and a subject's bar."""
    return [("drill click (Tenders, concern)", "tnd-product-bars", {
        "tnd-product-bars.clickData": {"points": [{"customdata": ["belavtomaz"]}]},
        "tnd-drill-context.data": {"level": "concern", "geo": "district"},
        "_pages_location.search": "?year=2025"}),
        ("drill click (Tenders, subject)", "tnd-subject-bars", {
            "tnd-subject-bars.clickData": {"points": [{"customdata": ["buses"]}]},
            "tnd-drill-context.data": {"level": "concern", "geo": "district"},
            "_pages_location.search": "?year=2025"})]

"""Benchmark states of the Curators page (see bench/run.py for ``ctx``): the ranking
(both orders, periods, filters), curators' cards and a region of a card."""

PATH = "/curators"
READY = ("#cur-ranking-bars .main-svg, #cur-region-bars .main-svg, "
         "#cur-concern-bars .main-svg",)  # drawn = page shown


def _curators(n: int = 3) -> list[tuple[int, str]]:
    """(id, a region held now) of the first curators of the data."""
    from queries.dimensions import dimensions

    a = dimensions().assignments
    held = a[a["date_to"].isna()].drop_duplicates("curator_id")
    return [(int(c), str(r)) for c, r in zip(held["curator_id"], held["region_id"])][:n]


def searches(ctx: dict) -> list[str]:
    c1, c2 = ctx["concerns"][:2]
    (k1, r1), (k2, _), (k3, _) = _curators(3)
    return ["", "?rank=target", "?year=2025", "?to=3", "?year=2024&from=1&to=12",
            f"?concern={c1}", f"?concern={c1},{c2}", "?district=CFD", "?oblast=BY-MI",
            "?industrial=1", "?chapter=87", f"?curator={k1},{k2}",
            f"?curator={k1}", f"?curator={k2}", f"?curator={k3}&year=2025",
            f"?curator={k1}&concern={c1}", f"?curator={k1}&region={r1}",
            f"?curator={k2}&rank=target&to=6"]


def callbacks(ctx: dict) -> list:
    """The drill clicks: a curator's bar in the ranking, a region's bar on a card."""
    (k1, r1), = _curators(1)
    return [("drill click (Curators: ranking → card)", "cur-ranking-bars", {
                "cur-ranking-bars.clickData": {"points": [{"customdata": [str(k1)]}]},
                "_pages_location.search": ""}),
            ("drill click (Curators: card → region)", "cur-region-bars", {
                "cur-region-bars.clickData": {"points": [{"customdata": [r1]}]},
                "_pages_location.search": f"?curator={k1}"})]

"""Benchmark states of the agenda step view: every step of the default agenda, in the
presentation theme (as the meeting sees it) and in English."""

PATH = "/agenda/working-group/1"
READY = (".agenda-bar", ".js-plotly-plot .main-svg")


def searches(ctx: dict) -> list[str]:
    steps = [f"/agenda/working-group/{n}" for n in range(1, 8)]
    return steps + [s + "?lang=en" for s in steps]

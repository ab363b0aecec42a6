"""Benchmark states of the agenda step view: every step of the default agenda (its
length from ``queries.agenda.DEFAULT_STEPS``: the other subjects' views are steps
8–13), in the presentation theme (as the meeting sees it) and in English."""

from queries.agenda import DEFAULT_STEPS

PATH = "/agenda/working-group/1"
READY = (".agenda-bar", ".js-plotly-plot .main-svg")


def searches(ctx: dict) -> list[str]:
    steps = [f"/agenda/working-group/{n}" for n in range(1, len(DEFAULT_STEPS) + 1)]
    return steps + [s + "?lang=en" for s in steps]

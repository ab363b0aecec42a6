"""A meeting step's saved view drawn live, by its own page, as on an agenda step.

The page's layout runs in-process inside ``components.links.in_step`` with the
meeting step's path, so every link the page makes to itself (drill, breadcrumbs,
toggles) stays in the meeting step (``/meeting/<id>/<N>?level=…``). The edition
(``edition.freeze``) draws with this very function, so a frozen page and a live one
differ in their figures only.
"""

from __future__ import annotations

from queries.meetings import MeetingStep

from ..components.links import in_step
from ..pages.agenda_step import effective_params, page_for
from ..state import parse_search

# URL parameters of a meeting step that are not the view's: the language and theme
# are the view's own; the rest belong to the meeting (edition/live, the presenter, the
# follower's redraw counter)
MEETING_KEYS = ("mode", "lead", "seq")


def step_path(meeting_id: str, position: int) -> str:
    return f"/meeting/{meeting_id}/{int(position)}"


def view_params(step: MeetingStep, url: dict[str, str]) -> dict[str, str]:
    """The saved view's parameters with the link's drill, lang and present on top."""
    return effective_params(step, {k: v for k, v in url.items() if k not in MEETING_KEYS})


def drill_of(step: MeetingStep, url: dict[str, str]) -> dict[str, str]:
    """What the link adds to the saved view (a drill), without lang/present/meeting keys."""
    return {k: v for k, v in url.items()
            if k not in MEETING_KEYS and k not in ("lang", "present")}


def draw(meeting_id: str, step: MeetingStep, params: dict[str, str]):
    """The view's page tree for ``params`` (``view_params``), or None when the saved
    path is no page of this version of the app."""
    found = page_for(step.path)
    if found is None:
        return None
    page_layout, path_vars = found
    with in_step(step_path(meeting_id, step.position), step.path, parse_search(step.search)):
        return page_layout(**params, **path_vars)


def path_vars_of(step: MeetingStep) -> dict[str, str]:
    found = page_for(step.path)
    return found[1] if found else {}

"""A meeting's edition: its steps frozen as they were drawn "as of" the freezing.

``freeze`` draws every view step of the meeting by its own page (``draw.draw``) in each
language (ru, en, de) and both themes (the presentation and the analysts'), **unscoped**
(one edition for everyone; ``access.covers`` decides who may see a step), all under one
data version, and stores the drawn trees as plain JSON (``plain.to_plain``) together
with their figures (``facts.facts_of``: what "since the last meeting" compares) in the
app store (``queries.meetings.save_edition``). Nothing is re-queried afterwards: a
frozen step is that JSON turned back into components (``frozen_tree``), so its figures,
charts, tables, downloads (``/download/…?path=/meeting/<id>/<N>``: built from the tree)
and handout stay exactly as they were, whatever is imported or upgraded later.

Size (README "Meetings"): the default agenda's seven views, 3 languages × 2 themes,
is about 3 MB of JSON and under 100 KB stored (the languages share their numbers, and
one lzma stream finds them). Freezing it takes 4–6 s on the 2-core machine.

A view that cannot be drawn (the database is away, the page shows an error) stops the
freeze: ``FreezeError`` says which step and why, and the old edition stays.
"""

from __future__ import annotations

import contextlib
import logging
import time

from flask import g

from queries import engine, meetings
from queries import scope as access
from queries.dimensions import dimensions

from ..auth import trail
from ..auth.session import LocalUser
from ..downloads.views import page_error
from ..i18n import LANGS
from . import draw, plain

log = logging.getLogger(__name__)

THEMES = ("1", "0")
ATTEMPTS = 3  # an import committing during the freeze: freeze again


class FreezeError(RuntimeError):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def key(lang: str, present: bool | str) -> str:
    return f"{lang}/{'1' if present in (True, '1') else '0'}"


def _draw_all(meeting: meetings.Meeting) -> tuple[dict, dict]:
    from .facts import facts_of  # noqa: PLC0415 (dashboard/meetings/facts.py)

    steps, facts = {}, {}
    for step in meeting.steps:
        if step.kind == "instr":  # frozen too: its tree, cut to each reader's scope later
            from .instructions_step import instructions_content  # noqa: PLC0415

            drawn = {lang: plain.to_plain(instructions_content(meeting, lang))
                     for lang in LANGS}
            steps[str(step.position)] = {key(lang, p): drawn[lang]
                                         for lang in LANGS for p in THEMES}
            continue
        if step.kind != "view":
            continue
        trees, step_facts = {}, {}
        for lang in LANGS:
            for present in THEMES:
                params = draw.view_params(step, {"lang": lang, "present": present})
                tree = draw.draw(meeting.meeting_id, step, params)
                if tree is None:
                    raise FreezeError("freeze_no_page", step=step.position, path=step.path)
                error = page_error(tree)
                if error:
                    raise FreezeError("freeze_failed", step=step.position, reason=error)
                if present == "1":
                    step_facts[lang] = facts_of(tree)
                trees[key(lang, present)] = plain.to_plain(tree)
        steps[str(step.position)] = trees
        facts[str(step.position)] = {"path": step.path, "search": step.search,
                                     "facts": step_facts}
    return steps, facts


@contextlib.contextmanager
def _as_everyone(actor: str):
    """Draw as a user with every role and no scope: the edition is one for all, so it
    holds every control (the downloads menu); who sees what is decided when it is shown
    (``pages/meeting_step.py``: access by scope, the menu only with the download
    permission)."""
    had, before = "user" in g, g.get("user")
    g.user = LocalUser(name=actor or "local", display_name=actor or "local")
    try:
        with access.using(None):
            yield
    finally:
        if had:
            g.user = before
        else:
            g.pop("user", None)


def freeze(meeting_id: str, actor: str) -> meetings.EditionInfo:
    """Draw and store the meeting's edition (replacing the one it had); audited.
    Needs a request context (it runs in the secretary's callback)."""
    meeting = meetings.get_meeting(meeting_id)
    before = meeting.edition
    started = time.perf_counter()
    with _as_everyone(actor):
        for _attempt in range(ATTEMPTS):
            version = engine.fresh_version()
            dims = dimensions()
            steps, facts = engine.consistently(lambda: _draw_all(meeting))
            if engine.fresh_version() == version:
                break  # no load committed while drawing: one data version throughout
            log.info("meeting %s: data changed while freezing; again", meeting_id)
        else:
            raise FreezeError("freeze_moving")
    payload = {"format": meetings.FORMAT, "steps": steps}
    summary = {"format": meetings.FORMAT, "steps": facts}
    loaded = dims.loaded_at.to_pydatetime() if dims.loaded_at is not None else None
    # "data to" names the last complete month, as the pages' stamp does
    through = dims.complete_month or dims.latest_month
    info = meetings.save_edition(meeting.meeting_id, payload, summary, through,
                                 loaded, actor)
    replaced = (f"; replaces the edition of {before.frozen_at:%Y-%m-%d %H:%M} UTC"
                if before else "")
    trail.note("meeting_freeze", f"/meeting/{meeting.meeting_id}",
               detail=f"{len(steps)} steps, {info.size} bytes{replaced}")
    log.info("meeting %s: edition frozen, %d steps, %d bytes in %.1f s", meeting_id,
             len(steps), info.size, time.perf_counter() - started)
    return info


def frozen_tree(meeting_id: str, position: int, lang: str, present: bool):
    """The step's frozen page as components (a fresh copy), or None when the edition
    has none for it (no edition yet, or the step is not a view)."""
    payload = meetings.edition_payload(meeting_id)
    if not payload:
        return None
    trees = payload.get("steps", {}).get(str(position)) or {}
    found = trees.get(key(lang, present))
    return None if found is None else plain.from_plain(found)


def facts_by_view(meeting_id: str, lang: str) -> dict[tuple[str, str], dict]:
    """(path, search) → the figures the edition holds for that view, in ``lang``."""
    summary = meetings.edition_facts(meeting_id) or {}
    out = {}
    for entry in summary.get("steps", {}).values():
        found = entry.get("facts", {}).get(lang)
        if found is not None:
            out[(entry["path"], entry["search"])] = found
    return out

"""The badge on every page: "3 open instructions for Bellegprom", a link to them.

Shown when open instructions (within the reader's scope, ``queries.instructions.
for_bodies``) concern a body the view's filter names: a filtered concern or oblast, or
the concern and the oblast of a filtered enterprise (the enterprise card's own
enterprise too). The filter naming no body: no badge. It goes at the end of the page's
scope line (the line naming the filter), where it takes no height; a page without one
(the enterprise card) gets it as a slim line under the messages (``pages/common.
page_layout``). Measured at 1920×1080: in the header it pushed the one-line header
20–160 px past the screen's width (the navigation fills it in Russian); as a line of
its own on every page it made the analysts' pages scroll by 20 px.

On a meeting step it comes along with the page the step draws; in a frozen edition it
is the count of the moment of freezing (the edition is drawn once, as it was).
"""

from __future__ import annotations

import logging
from datetime import date

from dash import dcc, html

from queries import instructions as store

from ..i18n import t
from ..state import search_of, view_params

log = logging.getLogger(__name__)

LIST_PATH = "/instructions"
NAMES_SHOWN = 2  # more bodies than this are counted ("for 3 bodies"), not named


def wanted_bodies(state) -> list[str]:
    """``concern:<id>`` / ``oblast:<id>`` the view's filter names, in the filter's order:
    its concerns, its oblasts, then each filtered enterprise's concern and oblast."""
    f, dims = state.filter, state.dims
    out = [f"concern:{c}" for c in f.concerns] + [f"oblast:{o}" for o in f.oblasts]
    enterprises = list(f.enterprises)
    raw = str((state.params or {}).get("enterprise_id", "")).strip()
    if raw.isdigit() and len(raw) <= 9:  # the enterprise card's own enterprise
        enterprises.append(int(raw))
    if enterprises:
        frame = dims.enterprises
        rows = frame[frame["enterprise_id"].isin(enterprises)]
        for row in rows.itertuples():
            out += [f"concern:{row.concern_id}", f"oblast:{row.oblast_id}"]
    return list(dict.fromkeys(out))


def body_name(body: str, dims, lang: str, short: bool = True) -> str | None:
    """The body's name from the dimensions (short for the header), or None when the
    reader's dimensions do not hold it (outside a scoped reader's access)."""
    level, _, key = body.partition(":")
    if level not in ("concern", "oblast") or dims is None:
        return None
    names = dims.short_name_of(level, lang) if short else dims.name_of(level, lang)
    name = names.get(key)
    return None if name is None else str(name)


def names_text(bodies: list[str], dims, lang: str) -> str:
    named = [n for n in (body_name(b, dims, lang) for b in bodies) if n]
    if len(named) > NAMES_SHOWN or not named:
        return t("instr.badge_bodies", lang, n=len(bodies))
    return ", ".join(named)


def instruction_badge(state):
    """The badge for this view, or None (no body in the filter, none open, or the app
    store not answering — a page never fails for its badge)."""
    if state is None:
        return None
    try:
        wanted = wanted_bodies(state)
        if not wanted:
            return None
        concerns = [b.partition(":")[2] for b in wanted if b.startswith("concern:")]
        oblasts = [b.partition(":")[2] for b in wanted if b.startswith("oblast:")]
        found = store.for_bodies(concerns, oblasts)
    except Exception:
        log.exception("instruction badge could not be computed")
        return None
    if not found:
        return None
    lang = state.lang
    # name the bodies that have open instructions, in the filter's order
    matched = [b for b in wanted if any(b in i.bodies for i in found)]
    names = names_text(matched, state.dims, lang)
    n = len(found)
    text = (t("instr.badge_one", lang, names=names) if n == 1
            else t("instr.badge", lang, n=n, names=names))
    keep = {"body": ",".join(matched), **view_params(state)}
    overdue = any(i.overdue(date.today()) for i in found)
    return html.Div(dcc.Link(text, href=LIST_PATH + search_of(keep), id="instruction-badge-link"),
                    id="instruction-badge",
                    className="instruction-badge" + (" overdue" if overdue else ""),
                    **{"data-count": str(n)})


SCOPE_LINE_CLASS = "scope-line"


def with_badge(content, state):
    """(the page's content with the badge at the end of its scope line — the line that
    names the filtered bodies, where it takes no height —, the badge for a line of its
    own when the page has no scope line, else None)."""
    from ..downloads.tables import walk

    badge = instruction_badge(state)
    if badge is None:
        return content, None
    for node in walk(content):
        classes = str(getattr(node, "className", "") or "").split()
        if SCOPE_LINE_CLASS in classes:
            children = node.children if isinstance(node.children, list) else [node.children]
            # the scope line names the bodies already: the count alone, the sentence
            # with the names on the list it links to (and to the mouse)
            n = int(getattr(badge, "data-count"))
            link = badge.children
            link.title = link.children
            link.children = (t("instr.badge_short_one", state.lang) if n == 1
                             else t("instr.badge_short", state.lang, n=n))
            badge.className = " ".join((badge.className, "in-scope-line"))
            node.children = [*children, badge]
            return content, None
    return content, badge


# -- the enterprise card's section ----------------------------------------------------------
CARD_SHOWN = 3      # instructions listed on the card; the rest behind "all N →"
CARD_TEXT = 90      # characters of an instruction's text on the card (the list has it all)
CARD_PX = 58        # the section's height: two lines, taken from the card's panels


def _short_text(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= CARD_TEXT:
        return line
    return line[:CARD_TEXT].rsplit(" ", 1)[0] + " …"


def card_section(state, concern_id: str, oblast_id: str):
    """(the section listing the instructions of the enterprise's concern and oblast —
    open first, overdue first among them —, its height in px), or (None, 0) when there
    are none (or the app store does not answer)."""
    bodies = [f"concern:{concern_id}", f"oblast:{oblast_id}"]
    try:
        found = [i for i in store.list_instructions() if set(bodies) & set(i.bodies)]
    except Exception:
        log.exception("the card's instructions could not be read")
        return None, 0
    if not found:
        return None, 0
    today, lang = date.today(), state.lang
    found.sort(key=lambda i: (not i.is_open, not i.overdue(today), i.deadline,
                              i.instruction_id))
    keep = view_params(state)
    entries = []
    for i in found[:CARD_SHOWN]:
        late = i.overdue(today)
        deadline = t("instr.overdue" if late else "instr.deadline", lang,
                     day=i.deadline.strftime("%d.%m.%Y"))
        entries.append(html.Span([
            dcc.Link(i.instruction_id, href=f"{LIST_PATH}/{i.instruction_id}" + search_of(keep),
                     className="instr-key"), " ",
            html.Span(t(f"instr.status.{i.status}", lang), className=f"instr-status {i.status}"),
            " ", html.Span(deadline, className="instr-deadline" + (" overdue" if late else "")),
            " ", html.Span(_short_text(i.text), className="card-instr-text"),
        ], className="card-instr", id=f"card-instr-{i.instruction_id}"))
    names = names_text([b for b in bodies if any(b in i.bodies for i in found)],
                       state.dims, lang)
    more = dcc.Link(t("instr.card.more", lang, n=len(found)),
                    href=LIST_PATH + search_of({"body": ",".join(bodies), **keep}),
                    id="card-instructions-all")
    return html.Div([html.Span(t("instr.card.title", lang, names=names) + ":",
                               className="card-instructions-title"), *entries, more],
                    className="card-instructions", id="card-instructions",
                    **{"data-count": str(len(found))}), CARD_PX

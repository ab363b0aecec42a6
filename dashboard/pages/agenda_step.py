"""One step of an agenda, ``/agenda/<agenda_id>/<N>``: the saved view, drawn by its own
page's layout function in-process, with the agenda bar in the header.

Decisions (the README's "Agendas" section repeats them):

* **Theme.** A step is shown in the presentation theme (``present=1``) unless the
  saved view or the step's link says ``present=0``; the header's presentation toggle
  on a step switches between the two and stays on the step.
* **Language.** The link's ``lang``, else the saved view's, else the browser's; the
  agenda and step titles follow it. The language switch stays on the step.
* **The agenda bar** takes the place of the page navigation in the header: agenda
  title (→ the list of agendas), previous / "3 / 8" / next, the step title, and
  "Leave". The filter bar is hidden on a step (assets/agenda.css): the step shows its
  saved view; to change filters, leave to the page.
* **Drill clicks, breadcrumbs and toggles** inside a step stay in the step: the page's
  drill callback writes the new parameters into the step's URL
  (``/agenda/A/N?concern=…&level=…``), and the step shows the saved view with those
  parameters on top — one level down, with the agenda bar still there, and → still
  leads to the next step. The page knows it is drawn in a step because this module
  calls its layout inside ``components.links.in_step`` (the step's path and the saved
  view); every link the page makes to itself through ``components.links.Links``
  (breadcrumbs, toggles, table names that drill) is then a step link, with an empty
  value for a saved parameter it drops (``concern=``). Links to other pages (the
  enterprise card) open those pages proper, in the step's language and theme.
* **Leave** (the bar's link, and Esc in assets/agenda.js) opens the page proper with
  the view on screen (saved view plus any drill), in the same theme and language.

A step whose agenda, number or saved page does not exist gives a message with a way
back to the list, never an error.
"""

from __future__ import annotations

import logging
import re

import dash
from dash import dcc, html
from dash.development.base_component import Component

from queries import agenda as store
from queries.dimensions import dimensions

from ..components.chrome import header
from ..components.links import in_step
from ..components.page_title import request_lang
from ..i18n import LANGS, t
from ..state import browser_lang, parse_search, search_of

log = logging.getLogger(__name__)

LIST_PATH = "/agenda"
# pages that cannot be a step: the agenda and meeting pages themselves, "not found",
# the Import page
NOT_VIEWS = ("dashboard.pages.agenda", "dashboard.pages.agenda_step",
             "dashboard.pages.not_found_404", "dashboard.pages.import_data",
             "dashboard.pages.meetings", "dashboard.pages.meeting",
             "dashboard.pages.meeting_step")
STEP_RE = re.compile(r"^/agenda/([^/]+)/([^/]+)$")


# -- views: which page draws a path ------------------------------------------------------

def page_for(path: str):
    """(layout function, path variables) of the app page at ``path``, or None."""
    if not isinstance(path, str):
        return None
    for page in dash.page_registry.values():
        if page["module"] in NOT_VIEWS:
            continue
        template = page.get("path_template")
        if not template and page["path"] == path:
            return page["layout"], {}
        if template and _matches(template, path) is not None:
            return page["layout"], _matches(template, path)
    return None


def _matches(template: str, path: str) -> dict[str, str] | None:
    """Path variables when ``path`` fits ``template`` (variables: numbers only)."""
    want, got = template.split("/"), path.split("/")
    if len(want) != len(got):
        return None
    found = {}
    for w, g in zip(want, got):
        if w.startswith("<") and w.endswith(">"):
            if not (g.isdigit() and len(g) <= 9):
                return None
            found[w[1:-1]] = g
        elif w != g:
            return None
    return found


def flat_params(params: dict) -> dict[str, str]:
    """URL parameters as Dash passes them (a repeated key gives a list) → strings."""
    return {str(k): ("" if v is None else v if isinstance(v, str) else ",".join(map(str, v)))
            for k, v in params.items()}


def view_params_of(url: dict[str, str]) -> dict[str, str]:
    """What a step's link keeps when moving to another step: lang and present."""
    out = {}
    if url.get("lang") in LANGS:
        out["lang"] = url["lang"]
    if url.get("present") in ("0", "1"):
        out["present"] = url["present"]
    return out


def step_href(agenda_id: str, n: int, keep: dict[str, str]) -> str:
    return f"{LIST_PATH}/{agenda_id}/{int(n)}" + search_of(keep)


def effective_params(step: store.Step, url: dict[str, str]) -> dict[str, str]:
    """The saved view's parameters with the step link's (a drill, lang, present) on
    top; an empty value in the link removes the saved one (``concern=``: a breadcrumb
    back up); the presentation theme unless someone says present=0."""
    params = parse_search(step.search)
    for k, v in url.items():
        if v in ("", None):
            params.pop(k, None)
        else:
            params[k] = v
    if params.get("present", "") == "":
        params["present"] = "1"
    return params


def page_href(step: store.Step, params: dict[str, str]) -> str:
    """The page proper showing the same view (``present=0`` is the default there)."""
    return step.path + search_of({k: v for k, v in params.items()
                                  if not (k == "present" and v != "1")})


def parse_step(raw) -> int | None:
    text = str(raw if raw is not None else "").strip()
    return int(text) if text.isdigit() and len(text) <= 3 else None


def view_of_location(pathname: str, search: str, lang: str) -> tuple[str, str]:
    """The view on screen at ``pathname`` + ``search``, as (page path, canonical
    search): a page as it is, a step as the view it shows. AgendaError otherwise."""
    match = STEP_RE.match(pathname or "")
    if match:
        n = parse_step(match.group(2))
        if n is None:
            raise store.AgendaError("bad_step", step=store._shown(match.group(2), 12))
        _, step = store.get_step(match.group(1), n, lang)
        return step.path, search_of(effective_params(step, parse_search(search)))
    if page_for(pathname) is None:
        raise store.AgendaError("bad_path", path=store._shown(pathname))
    return pathname, search_of(parse_search(search))


# -- the page -----------------------------------------------------------------------------

def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from _walk(child)
    elif isinstance(children, Component):
        yield from _walk(children)


def agenda_bar(agenda: store.Agenda, step: store.Step, keep: dict[str, str], leave: str,
               lang: str) -> html.Div:
    n, total = step.position, len(agenda.steps)

    def arrow(label: str, k: int, el_id: str, hint: str):
        if 1 <= k <= total:
            return dcc.Link(label, href=step_href(agenda.agenda_id, k, keep), id=el_id,
                            className="agenda-arrow", title=t(hint, lang))
        return html.Span(label, id=el_id, className="agenda-arrow disabled")

    return html.Div([
        dcc.Link(agenda.title, href=LIST_PATH + search_of(keep), id="agenda-bar-title",
                 className="agenda-bar-title", title=t("agenda.all", lang)),
        arrow("‹", n - 1, "agenda-prev", "agenda.prev"),
        html.Span(t("agenda.counter", lang, n=n, total=total), id="agenda-counter",
                  className="agenda-counter"),
        arrow("›", n + 1, "agenda-next", "agenda.next"),
        html.Span(step.title, id="agenda-step-title", className="agenda-step-title",
                  title=step.title),
        dcc.Link(t("agenda.leave", lang), href=leave, id="agenda-leave",
                 className="agenda-leave", title=t("agenda.leave_hint", lang)),
    ], className="agenda-bar", id="agenda-bar")


def message_page(text: str, lang: str, keep_lang: bool = False):
    """A clear message and the way back to the list."""
    try:  # the freshness stamp when the database answers; the message either way
        dims = dimensions()
    except Exception:
        dims = None
    return html.Div([
        header(LIST_PATH, "", dims, lang),
        html.Div([html.Div(text, className="message", id="agenda-error"),
                  dcc.Link(t("agenda.all", lang),
                           href=LIST_PATH + (f"?lang={lang}" if keep_lang else ""),
                           className="crumb", id="agenda-back")],
                 className="messages", id="messages", role="alert"),
    ], className="page", lang=lang)


def layout(agenda_id=None, step=None, **params):
    url = flat_params(params)
    url_lang = url.get("lang") if url.get("lang") in LANGS else None
    lang = url_lang or browser_lang()
    n = parse_step(step)
    try:
        if n is None:
            raise store.AgendaError("bad_step", step=store._shown(step, 12))
        agenda, saved = store.get_step(str(agenda_id or ""), n, lang)
        saved_lang = parse_search(saved.search).get("lang")
        if url_lang is None and saved_lang in LANGS and saved_lang != lang:
            lang = saved_lang  # the saved view's language, and titles in it
            agenda, saved = store.get_step(agenda.agenda_id, n, lang)
    except store.AgendaError as exc:
        return message_page(t(f"agenda.err.{exc.key}", lang, **exc.params), lang, bool(url_lang))
    except Exception as exc:
        log.exception("agenda step %r/%r", agenda_id, step)
        return message_page(t("agenda.err.store", lang, reason=type(exc).__name__), lang,
                            bool(url_lang))

    found = page_for(saved.path)
    if found is None:
        return message_page(t("agenda.err.bad_path", lang, path=saved.path), lang,
                            bool(url_lang))
    page_layout, path_vars = found
    params = effective_params(saved, url)
    with in_step(step_href(agenda.agenda_id, n, {}), saved.path, parse_search(saved.search)):
        tree = page_layout(**params, **path_vars)  # its own links stay in the step

    keep = view_params_of(url)
    leave = page_href(saved, params)
    present = params.get("present") == "1"
    bar = agenda_bar(agenda, saved, keep, leave, lang)
    here = {**keep}
    for node in list(_walk(tree)):  # the header: the bar for the navigation; the
        if isinstance(node, html.Header) and isinstance(node.children, list):  # switches
            node.children = [bar if isinstance(c, html.Nav) else c for c in node.children]
        node_id = getattr(node, "id", None)
        if isinstance(node, dcc.Link) and isinstance(node_id, str):
            if node_id.startswith("lang-") and node_id[5:] in LANGS:
                node.href = step_href(agenda.agenda_id, n, {**here, "lang": node_id[5:]})
            elif node_id == "present-toggle":
                node.href = step_href(agenda.agenda_id, n,
                                      {**here, "present": "0" if present else "1"})
    if not any(node is bar for node in _walk(tree)):  # a page without the usual header
        tree = html.Div([bar, tree])
    return html.Div(tree, id="agenda-step", className="agenda-step", lang=lang, **{
        "data-agenda": agenda.agenda_id, "data-step": str(n),
        "data-count": str(len(agenda.steps)), "data-keep": search_of(keep),
        "data-leave": leave})


def title(agenda_id=None, step=None, **_):
    return t("title.agenda_step", request_lang())


dash.register_page(
    __name__, path_template="/agenda/<agenda_id>/<step>",
    title=title, layout=layout,
)

"""Every link a view makes — drill URLs, breadcrumb trails, toggles, links to other
pages — comes from here, so no page can forget what another remembers.

A page declares what it has:

* its **hierarchies** (``Hierarchy``): the URL parameter holding the level shown
  (``level``, ``geo``; none where the level follows the filter), what a click on an
  item at each level does (which filter parameter gets the item's key, which level
  comes next), and the rungs of its breadcrumb trail;
* its **page parameters** (``Links(carry=…)``): ``map``, ``table``, ``base``, ``run``…,
  the values each may take, so that a link carries them (valid values only) and a
  toggle flips one of them.

``Links(state, path, …)`` then builds every link of the view from the view's own
parameters — the filter (defaults left out), the page parameters, and the view's
``lang`` and ``present`` (``state.view_params``) — with a change on top. Links to other
pages (``Links.to``) carry the filter, ``lang`` and ``present``.

**Inside an agenda step.** ``dashboard/pages/agenda_step.py`` draws the saved view by
calling the page's own layout function in-process; around that call it sets the
step context (``in_step``: the step's path, the saved view's page path and
parameters). While it is set, every link to the *same page* (drill, breadcrumb,
toggle, a table name that drills) stays in the step: ``/agenda/A/N?`` + what the
linked view has that the saved one has not, ``lang``, and ``present`` always explicit
(``step_search``). A saved parameter the linked view drops is written empty
(``concern=``): on a step an empty value removes the saved view's one
(``agenda_step.effective_params``). Links to other pages (the enterprise card, the
navigation) open those pages proper, with ``lang`` and ``present``. Drill clicks work
the same way: the page's callback rewrites the location's search, which on a step is
the step link's (``drill_search`` keeps the empty "removed" values).

**"K others".** A chart's aggregated rest bar carries ``drill.OTHERS`` as its key
(never ""); ``drill_search`` turns a click on it into the hierarchy's "next N"
parameter (``Hierarchy.more``: how many of the largest items to fold away), so the
click shows the next N with the N largest folded into one bar (``drill.FIRST``),
whose click goes back. A chart without ``more`` has no rest bar: its page lists every
item in a table beside it.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlencode

from dash import dcc, html

from ..i18n import t
from ..state import PARAM_ORDER, PageState, filter_params, parse_search, view_params
from .drill import FIRST, OTHERS

_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!<>|"})


# -- declarations -------------------------------------------------------------------------

@dataclass(frozen=True)
class Rung:
    """One rung of a breadcrumb trail: the filter parameter whose single chosen value it
    names, and the level its crumb opens (None: the crumb names the current item and is
    not a link)."""
    param: str
    opens: str | None
    dim: str = ""  # the dimension naming the value; default: ``param``


@dataclass(frozen=True)
class Hierarchy:
    """A drill path. ``level_param``: URL parameter of the level shown (None: the level
    follows the filter). ``drill``: level → (level after a click or None to keep it,
    filter parameter the clicked key goes to). ``root``: message id of the first crumb,
    which clears ``clears`` and the level. ``rungs``: the trail below the root.
    ``label``: message id of a level's name (``{level}`` filled in).
    ``link_current``: whether a rung's crumb links even when it would open the level
    already shown. ``more``: the page parameter holding how many items of this chart to
    skip ("the next N"), when its "K others" bar opens the rest."""
    level_param: str | None
    drill: dict[str, tuple[str | None, str]]
    root: str = ""
    clears: tuple[str, ...] = ()
    rungs: tuple[Rung, ...] = ()
    label: str = "level.{level}"
    link_current: bool = True
    more: str | None = None


# -- URLs ---------------------------------------------------------------------------------

def search_with_blanks(params: dict[str, str]) -> str:
    """``?a=1&b=`` in the canonical order (``state.search_of``) but keeping empty values:
    on an agenda step ``b=`` removes the saved view's ``b``. Page links never hold
    empty values, so there this is ``search_of``."""
    rank = {name: i for i, name in enumerate(PARAM_ORDER)}
    kept = {k: ("" if params[k] is None else params[k])
            for k in sorted(params, key=lambda k: (rank.get(k, len(rank)), k))}
    return "?" + urlencode(kept, safe=",") if kept else ""


def _search(params: dict[str, str]) -> str:
    return search_with_blanks({k: v for k, v in params.items() if v not in ("", None)})


@dataclass(frozen=True)
class StepContext:
    step_path: str            # /agenda/<A>/<N>
    page_path: str            # the saved view's page (/exports)
    saved: dict[str, str]     # the saved view's parameters


_STEP: ContextVar[StepContext | None] = ContextVar("agenda_step", default=None)


@contextlib.contextmanager
def in_step(step_path: str, page_path: str, saved: dict[str, str]):
    """While a step draws its saved view: links to that page stay in the step."""
    token = _STEP.set(StepContext(step_path, page_path, dict(saved)))
    try:
        yield
    finally:
        _STEP.reset(token)


def current_step() -> StepContext | None:
    return _STEP.get()


def step_search(saved: dict[str, str], view: dict[str, str], present: bool) -> str:
    """The query string of a step link showing ``view``: what differs from the saved
    view, an empty value for what the view drops, and the theme always explicit (a
    step's default is the presentation)."""
    link = {k: v for k, v in view.items() if saved.get(k) != v}
    link.update({k: "" for k in saved if k not in view and k not in ("lang", "present")})
    link["present"] = "1" if present else "0"
    if "lang" in view:
        link["lang"] = view["lang"]
    return search_with_blanks(link)


class Links:
    """The links of one view of the page at ``path``.

    ``carry``: page parameter → the values it may take; the URL's value rides along in
    every link when it is one of them. ``extra``: page parameters computed by the page
    (e.g. ``base`` when not the default), carried as given."""

    def __init__(self, state: PageState, path: str, carry: dict | None = None,
                 extra: dict[str, str] | None = None):
        self.state, self.path = state, path
        params = {**filter_params(state.filter, state.dims, state.industrial_default)}
        for name, allowed in (carry or {}).items():
            value = state.params.get(name, "").strip()
            if value and value in allowed:
                params[name] = value
        params.update({k: v for k, v in (extra or {}).items() if v not in ("", None)})
        params.update(view_params(state))
        self.base = params
        # what links to other pages keep: the filter as every page reads it, lang, present
        self.across = {**filter_params(state.filter, state.dims), **view_params(state)}
        self._card_search: str | None = None

    def params(self, set_: dict | None = None, clear=()) -> dict[str, str]:
        new = {k: v for k, v in self.base.items() if k not in clear}
        for k, v in (set_ or {}).items():
            if v in ("", None):
                new.pop(k, None)
            else:
                new[k] = str(v)
        return new

    def view(self, set_: dict | None = None, clear=()) -> str:
        """This page with ``set_`` changed and ``clear`` removed; inside an agenda
        step showing this page, the same change as a link within the step."""
        new = self.params(set_, clear)
        step = current_step()
        if step is None or step.page_path != self.path:
            return self.path + _search(new)
        return step.step_path + step_search(step.saved, new, self.state.present)

    def to(self, path: str, set_: dict | None = None, clear=()) -> str:
        """Another page (``/enterprise/7``, ``/exports``) under this view's filter, in
        its language and theme. Always the page proper, also from an agenda step."""
        new = {k: v for k, v in self.across.items() if k not in clear}
        new.update({k: str(v) for k, v in (set_ or {}).items() if v not in ("", None)})
        return path + _search(new)

    def card(self, enterprise_id) -> str:
        """The enterprise card under this view's filter (the query string is made once
        per view: a table links a thousand cards)."""
        if self._card_search is None:
            self._card_search = _search(dict(self.across))
        return f"/enterprise/{int(enterprise_id)}{self._card_search}"

    def drill(self, h: Hierarchy, level: str, key) -> str | None:
        """The view after a click on ``key`` at ``level`` (None: nothing below)."""
        step = h.drill.get(level)
        if step is None:
            return None
        next_level, param = step
        change = {param: str(key)}
        if next_level and h.level_param:
            change[h.level_param] = next_level
        return self.view(change)

    # -- breadcrumbs and toggles -----------------------------------------------------------

    def trail(self, h: Hierarchy, level: str) -> list[tuple[str, str | None]]:
        """(label, href) pairs from the root to the level shown; the last is not a link.
        A rung appears when its parameter holds exactly one value (a concern also when
        one enterprise is chosen: its concern)."""
        state, lang = self.state, self.state.lang
        f, dims = state.filter, state.dims
        clear_level = (h.level_param,) if h.level_param else ()
        crumbs = [(t(h.root, lang), self.view(clear=(*h.clears, *clear_level)))]
        for rung in h.rungs:
            value = _single(f, rung.param)
            if value is None and rung.param == "concern" and len(f.enterprises) == 1:
                value = dims.concern_of_enterprise().get(f.enterprises[0])
            if value is None:
                continue
            name = dims.name_of(rung.dim or rung.param, lang).get(value, str(value))
            if rung.opens is None or (not h.link_current and rung.opens == level):
                crumbs.append((name, None))
                continue
            below = h.clears[h.clears.index(rung.param) + 1:] if rung.param in h.clears else ()
            change = {rung.param: str(value)}
            if h.level_param:
                change[h.level_param] = rung.opens
            crumbs.append((name, self.view(change, clear=below)))
        if crumbs[-1][1] is not None:
            crumbs.append((t(h.label.format(level=level), lang), None))
        return crumbs

    def toggles(self, param: str, choices, current, labels: dict, *, default=None,
                id_prefix: str, **link_props) -> html.Div:
        """One link per choice of ``param`` (the current one marked active); the
        default choice leaves the parameter out when ``default`` is given."""
        links = [dcc.Link(labels[c], href=self.view(
            {param: None if default is not None and c == default else str(c)}),
            className="toggle active" if c == current else "toggle",
            id=f"{id_prefix}{c}", **link_props) for c in choices]
        return html.Div(links, className="toggles")


def _single(f, param: str):
    values = getattr(f, param + "s", ()) or ()
    return values[0] if len(values) == 1 else None


def markdown_link(label, url: str) -> str:
    """A grid cell's link (AG Grid's markdown renderer), the label's markdown escaped."""
    return f"[{str(label).translate(_MARKDOWN_SPECIAL)}]({url})"


# -- drill clicks -------------------------------------------------------------------------

def drill_search(search: str | None, h: Hierarchy, level: str, key: str,
                 more_step: int = 0, reset=()) -> str | None:
    """The location's search after a click on ``key`` in a chart of hierarchy ``h`` at
    ``level``; None when the click leads nowhere. Works on a page and on an agenda step
    alike (on a step the search is the step link's: the saved view stays underneath).
    A click on ``OTHERS`` shows the next ``more_step`` items where ``h.more`` is set,
    on ``FIRST`` the ones before. ``reset``: page parameters a drill starts afresh."""
    params = parse_search(search)
    if key in (OTHERS, FIRST):
        if not h.more or more_step <= 0:
            return None
        shown = params.get(h.more, "").strip()
        skipped = int(shown) if shown.isdigit() and len(shown) <= 4 else 0
        skipped = skipped + more_step if key == OTHERS else max(0, skipped - more_step)
        params[h.more] = str(skipped)
        if not skipped:
            params.pop(h.more)
        return search_with_blanks(params)
    step = h.drill.get(level)
    if step is None:
        return None
    next_level, param = step
    params[param] = key
    if next_level and h.level_param:
        params[h.level_param] = next_level
    for name in (*reset, *((h.more,) if h.more else ())):
        params.pop(name, None)  # a new level starts from its largest items
    return search_with_blanks(params)

"""A drawn page as plain JSON data and back: what a meeting's edition stores.

``to_plain`` is Dash's own serialisation (``{"type", "namespace", "props"}`` per
component, figures as plain lists), which is also what the browser receives — so a
frozen page is exactly the page that was drawn. ``from_plain`` turns it back into
components, so that everything that works on a page's component tree (the agenda bar,
the downloads, the handout) works on a frozen page as well.

Written for the long run: an edition frozen today must still open after an upgrade of
Dash or of the app. A component type this version does not know becomes a ``Div``
with the same children; a property it does not know is dropped (and logged once).
"""

from __future__ import annotations

import functools
import inspect
import json
import logging

import dash_ag_grid
from dash import dcc, html
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

log = logging.getLogger(__name__)

MODULES = {"dash_html_components": html, "dash_core_components": dcc,
           "dash_ag_grid": dash_ag_grid}
_warned: set[tuple[str, str]] = set()


def to_plain(tree) -> dict:
    """The component tree as JSON-ready data (dicts, lists, strings, numbers)."""
    return json.loads(to_json_plotly(tree))


def _is_component(value) -> bool:
    return isinstance(value, dict) and {"type", "namespace", "props"} <= value.keys()


def _value(value):
    if _is_component(value):
        return from_plain(value)
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):  # a copy: the decoded edition is shared by requests
        return {k: _value(v) for k, v in value.items()}
    return value


@functools.cache
def _props_of(cls) -> frozenset[str]:
    return frozenset(inspect.signature(cls.__init__).parameters) - {"self", "kwargs"}


def _allowed(cls, name: str) -> bool:
    if name in _props_of(cls):
        return True
    return any(name.startswith(w[:-1]) for w in ("data-*", "aria-*"))


def from_plain(node):
    """Components again (a string or number stays what it is)."""
    if isinstance(node, list):
        return [from_plain(n) for n in node]
    if not _is_component(node):
        return node
    module = MODULES.get(node["namespace"])
    cls = getattr(module, node["type"], None) if module is not None else None
    props = dict(node.get("props") or {})
    if cls is None or not (isinstance(cls, type) and issubclass(cls, Component)):
        _warn(node["namespace"], node["type"])
        keep = {k: props[k] for k in ("id", "className", "style") if k in props}
        return html.Div(_value(props.get("children")), **keep)
    kwargs = {}
    for name, value in props.items():
        if _allowed(cls, name):
            kwargs[name] = _value(value)
        else:
            _warn(node["type"], name)
    return cls(**kwargs)


def _warn(kind: str, name: str) -> None:
    if (kind, name) not in _warned:
        _warned.add((kind, name))
        log.warning("frozen page: %s.%s is unknown to this version; left out", kind, name)


def walk(node):
    """Every component of a component tree (depth first)."""
    if isinstance(node, Component):
        yield node
        children = getattr(node, "children", None)
        if isinstance(children, (list, tuple)):
            for child in children:
                yield from walk(child)
        elif isinstance(children, Component):
            yield from walk(children)
    elif isinstance(node, (list, tuple)):
        for child in node:
            yield from walk(child)

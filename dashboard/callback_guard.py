"""Dash's own page router (``dash.page_container``) assumes that the browser sends the
location's ``pathname`` and ``search`` as strings; a forged request with a number, a
list or an empty path made it raise, and the server answered 500. Our callbacks check
their own inputs; this guard does the same for the router, whose code is Dash's: before
``/_dash-update-component`` runs, a ``_pages_location`` pathname that is not a path
becomes ``/`` and a search that is not a string becomes empty (the page then says
nothing is filtered), exactly what a browser could have sent.
"""

from __future__ import annotations

from flask import request

LOCATION = "_pages_location"
DEFAULTS = {"pathname": "/", "search": "", "hash": "", "href": ""}


def _fix(spec) -> None:
    if not isinstance(spec, dict) or spec.get("id") != LOCATION:
        return
    prop, value = spec.get("property"), spec.get("value")
    if prop not in DEFAULTS:
        return
    if not isinstance(value, str) or (prop == "pathname" and not value.startswith("/")):
        spec["value"] = DEFAULTS[prop]


def sanitise_location() -> None:
    """Flask ``before_request``: see the module docstring. Changes the parsed JSON that
    Dash reads next (``request.get_json`` caches it)."""
    if request.path.rstrip("/").rsplit("/", 1)[-1] != "_dash-update-component":
        return
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or "_pages_content" not in str(body.get("output", "")):
        return  # only Dash's router: our own callbacks judge (and refuse) what they get
    for key in ("inputs", "state"):
        items = body.get(key)
        if isinstance(items, list):
            for spec in items:
                _fix(spec)


def register(server) -> None:
    server.before_request(sanitise_location)

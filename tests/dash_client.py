"""Calling Dash callbacks through HTTP, as the browser does: POST
/_dash-update-component with the inputs the callback declares in /_dash-dependencies.
Used by the HTTP tests and the benchmark."""

from __future__ import annotations

import json


def output_specs(output: str) -> list[dict]:
    """The ``outputs`` of a request from a callback's ``output`` string in
    /_dash-dependencies ("a.children" or "..a.children...b.style..."); pattern-matching
    ids (JSON) become dicts, "@hash" suffixes of duplicate outputs are dropped."""
    parts = [p for p in output.strip(".").split("...") if p] if output.startswith("..") \
        else [output]
    specs = []
    for part in parts:
        comp, prop = part.rsplit(".", 1)
        specs.append({"id": json.loads(comp) if comp.startswith("{") else comp,
                      "property": prop.split("@")[0]})
    return specs


def csrf_token(client) -> str | None:
    """Do what the Dash renderer does: take the ``_csrf_token`` cookie that the app's
    page sets and send it back as ``X-CSRFToken`` with every request (Flask test
    clients: through ``environ_base``)."""
    client.get("/", headers={"Accept": "text/html"})
    cookie = client.get_cookie("_csrf_token") if hasattr(client, "get_cookie") else None
    token = cookie.value if cookie is not None else None
    if token and isinstance(getattr(client, "environ_base", None), dict):
        client.environ_base["HTTP_X_CSRFTOKEN"] = token
    return token



class DashClient:
    def __init__(self, client, accept_language: str | None = "en"):
        """``client``: a Flask test client (or anything with .get/.post like it).

        It asks for English (Accept-Language), as most assertions read English text;
        the language tests send their own header or ``lang``. Without it the app
        answers in Russian, its default. ``accept_language=None`` sends no header."""
        self.client = client
        if accept_language is not None and isinstance(getattr(client, "environ_base", None), dict):
            client.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", accept_language)
        deps = client.get("/_dash-dependencies")
        assert deps.status_code == 200
        self.callbacks = json.loads(deps.data)
        self.csrf = csrf_token(client)


    def find(self, output_fragment: str, input_id: str | None = None) -> dict:
        for cb in self.callbacks:
            if output_fragment in cb["output"] and (
                    input_id is None or any(i["id"] == input_id for i in cb["inputs"])):
                return cb
        raise KeyError(output_fragment)

    def call(self, output_fragment: str, values: dict, changed: list[str] | None = None,
             input_id: str | None = None):
        """``values``: 'component_id.property' → value for the inputs and states."""
        cb = self.find(output_fragment, input_id)

        def spec(item):
            key = f"{item['id']}.{item['property']}"
            return {"id": item["id"], "property": item["property"], "value": values.get(key)}

        outputs_str = cb["output"]
        outputs = output_specs(outputs_str)
        payload = {
            "output": outputs_str,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [spec(i) for i in cb["inputs"]],
            "state": [spec(s) for s in cb.get("state", [])],
            "changedPropIds": changed or [f"{i['id']}.{i['property']}" for i in cb["inputs"]],
        }
        return self.client.post("/_dash-update-component", json=payload)

    def filter_change(self, ids: list[dict], field: str, value, search: str,
                      rendered: dict | None = None, values: dict | None = None):
        """The filter bar's callback after the user sets ``field`` to ``value``.
        ``ids``: the bar's pattern-matching ids; ``rendered``: what the page was
        rendered with (the filter-rendered store); ``values``: the other controls'
        values (default: as rendered, i.e. unchanged)."""
        cb = next(c for c in self.callbacks if '"type":"filter"' in c["inputs"][0]["id"])
        rendered = rendered or {}
        others = values or {}

        def shown(name):
            if name in others:
                return others[name]
            text = rendered.get(name, "")
            if name == "industrial":
                return ["1"] if text == "1" else []
            if name in ("year", "from", "to"):
                return int(text) if text else None
            return text.split(",") if text else []

        values = [value if i["field"] == field else shown(i["field"]) for i in ids]
        payload = {
            "output": cb["output"],
            "outputs": {"id": "_pages_location", "property": "search"},
            "inputs": [[{"id": i, "property": "value", "value": v}
                        for i, v in zip(ids, values)]],
            "state": [{"id": "filter-rendered", "property": "data", "value": rendered},
                      {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": [json.dumps({"field": field, "type": "filter"},
                                          separators=(",", ":")) + ".value"],
        }
        return self.client.post("/_dash-update-component", json=payload)

    def page(self, pathname: str, search: str = ""):
        """The page router: the layout of ``pathname`` + ``search`` as JSON."""
        return self.call("_pages_content.children", {
            "_pages_location.pathname": pathname, "_pages_location.search": search,
            "_pages_location.hash": "", "_pages_location.href": "http://x" + pathname + search,
        })


def texts(node) -> list[str]:
    """Every string in a Dash layout JSON (children, labels, titles), depth first."""
    out: list[str] = []
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, list):
        for item in node:
            out.extend(texts(item))
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("children", "props", "response", "text", "layout", "title", "figure",
                       "rowData", "label", "data", "annotations", "headerName",
                       "columnDefs", "name", "value") or isinstance(value, (dict, list)):
                out.extend(texts(value))
    return out


def page_json(resp) -> dict:
    """A page router response as JSON, after checking it is not an error."""
    assert resp.status_code == 200, resp.data[:500]
    return json.loads(resp.data)


def page_texts(resp) -> str:
    """Every string of a page router response, joined (for "is this shown" checks)."""
    return " | ".join(texts(page_json(resp)))

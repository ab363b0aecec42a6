"""No callback answers 5xx to any input.

Every callback the app lists in ``/_dash-dependencies`` (the Import page's too, when it
is on) is called over HTTP, as the browser calls it, with a correct output spec, and
hostile values in its inputs and states: wrong types, nulls, huge strings, lists,
objects, numbers, booleans, nesting, forged click data. Pattern-matching inputs get
lists of items with the ids the pages use and forged ones. Each value is sent in every
slot at once and in each slot alone (the others empty), so one bad field cannot hide
behind another's. A callback may refuse (``no_update``, a message, a 204) but never
fail with 5xx.
"""

from __future__ import annotations

import importlib
import json

import dash
import pytest

from tests.dash_client import DashClient, output_specs
from tests.import_files.support import demo_database

HUGE = "ж" * 200_000
HOSTILE = [
    None, True, False, 0, -1, 7.5, 1e308, -1e308, 2**63, "", " ", HUGE, "\x00", "ÿ\ud7ff",
    "<script>alert(1)</script>", "../../../etc/passwd", "?year=abc&lang=xx&from=13",
    "/exports?concern=%00&level=__proto__", "/agenda/working-group/99", "/enterprise/-1",
    [], [None], [1, "a", {}, [], True], ["x"] * 5000, {}, {"a": {"b": [1, {"c": None}]}},
    [[[[[[[[[[]]]]]]]]]], {"points": []}, {"points": [None]}, {"points": "x"},
    {"points": [{}]}, {"points": [{"customdata": {"a": 1}, "y": [1], "x": {}, "label": [],
                                   "location": 5, "text": None, "pointIndex": "x"}]},
    {"points": [{"customdata": HUGE, "y": HUGE, "x": HUGE, "location": HUGE}]},
    {"en": 5, "ru": [], "de": None}, {"path": 5, "search": [], "lang": {}},
]
# ids the pattern-matching callbacks see, real and forged
PATTERN_FIELDS = {
    "field": ["year", "from", "to", "concern", "enterprise", "region", "industrial", "x",
              5, None],
    "agenda": ["working-group", "", HUGE[:300], 5, None, ["x"]],
    "op": ["delete", "rename", "up", "down", "remove", "create", "start", "x", 7, None],
    "step": [1, 0, -1, 10**9, "1", None, [1]],
    "kind": ["exports", "stock", "x", 5, None],
}


def _pattern_items(dep: dict, value, n: int) -> list[dict]:
    """``n`` items of a pattern-matching (ALL) dependency, each carrying ``value``."""
    pattern = json.loads(dep["id"])
    items = []
    for i in range(n):
        item_id = {}
        for key, want in pattern.items():
            if isinstance(want, list):  # a wildcard
                choices = PATTERN_FIELDS.get(key, ["x", 1, None])
                item_id[key] = choices[i % len(choices)]
            else:
                item_id[key] = want
        items.append({"id": item_id, "property": dep["property"], "value": value})
    return items


def _slot(dep: dict, value):
    if dep["id"].startswith("{"):
        return _pattern_items(dep, value, 12)
    return {"id": dep["id"], "property": dep["property"], "value": value}


def _changed(cb: dict) -> list[str]:
    out = []
    for dep in cb["inputs"]:
        if dep["id"].startswith("{"):
            for item in _pattern_items(dep, None, 1):
                out.append(json.dumps(item["id"], sort_keys=True, separators=(",", ":"))
                           + "." + dep["property"])
        else:
            out.append(f"{dep['id']}.{dep['property']}")
    return out


def _payload(cb: dict, values: list) -> dict:
    deps = cb["inputs"] + cb.get("state", [])
    slots = [_slot(d, v) for d, v in zip(deps, values)]
    outputs = output_specs(cb["output"])
    n_in = len(cb["inputs"])
    return {"output": cb["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": slots[:n_in], "state": slots[n_in:], "changedPropIds": _changed(cb)}


def _fuzz(dc: DashClient) -> tuple[int, list[str]]:
    failures, calls = [], 0
    for cb in dc.callbacks:
        if cb.get("clientside_function"):
            continue  # runs in the browser; the server has no code for it
        deps = cb["inputs"] + cb.get("state", [])
        combos = []
        for value in HOSTILE:
            combos.append([value] * len(deps))
            if len(deps) > 1:
                combos += [[value if j == i else None for j in range(len(deps))]
                           for i in range(len(deps))]
        for values in combos:
            resp = dc.client.post("/_dash-update-component", json=_payload(cb, values))
            calls += 1
            if resp.status_code >= 500:
                shown = [repr(v)[:60] for v in values]
                failures.append(f"{cb['output'][:70]} ← {shown}: {resp.status_code} "
                                f"{resp.data[:200]!r}")
    return calls, failures


@pytest.fixture
def fuzz_client(duck_db, tmp_path, monkeypatch):
    """The app on the DuckDB test data, with an agenda store of its own (the fuzz
    renames and deletes agendas)."""
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    from dashboard.app import create_app
    from queries import agenda
    agenda.reset()
    yield DashClient(create_app().server.test_client())
    agenda.reset()


def test_no_callback_answers_5xx_to_hostile_input(fuzz_client):
    calls, failures = _fuzz(fuzz_client)
    server_side = [c for c in fuzz_client.callbacks if not c.get("clientside_function")]
    assert len(server_side) >= 9  # router, filter bar, four drills, agenda list, + Agenda
    assert calls > 500
    assert not failures, f"{len(failures)} of {calls} calls failed:\n" + "\n".join(
        failures[:40])


def test_import_page_callbacks_answer_no_5xx_to_hostile_input(request, tmp_path,
                                                                monkeypatch):
    from dashboard.app import create_app
    from queries import engine

    url, cleanup = demo_database(request, tmp_path, "duckdb")
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    monkeypatch.setenv("EXPORT_MONITOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EXPORT_MONITOR_IMPORT_PAGE", "1")
    engine.reset()
    app = create_app()
    module = "dashboard.pages.import_data"
    try:
        with app.server.app_context():
            importlib.reload(importlib.import_module(module))
        dc = DashClient(app.server.test_client())
        dc.callbacks = [c for c in dc.callbacks if "import-" in c["output"]
                        or any("import" in i["id"] for i in c["inputs"])]
        assert dc.callbacks
        calls, failures = _fuzz(dc)
        assert not failures, f"{len(failures)} of {calls} calls failed:\n" + "\n".join(
            failures[:40])
    finally:
        dash.page_registry.pop(module, None)
        engine.reset()
        cleanup()


@pytest.mark.parametrize("agenda_id,title", [
    (5, "A title"), (["working-group"], "A title"), ({"a": 1}, "A title"),
    ("working-group", 5), ("working-group", ["x"]), ("working-group", {"en": "x"}),
    ("working-group", None), (True, False)])
def test_agenda_add_with_non_strings_says_why_in_words(fuzz_client, agenda_id, title):
    """``agenda-add-message`` answered 500 to non-string inputs: now a message that
    names the problem (no agenda chosen, no title), never an exception's name."""
    resp = fuzz_client.call("agenda-add-message.children", {
        "agenda-add-submit.n_clicks": 1, "agenda-add-agenda.value": agenda_id,
        "agenda-add-title.value": title, "agenda-add-prefill.data": {"en": "A title"},
        "_pages_location.pathname": "/exports", "_pages_location.search": "?lang=en"})
    assert resp.status_code == 200, resp.data[:300]
    shown = json.loads(resp.data)["response"]["agenda-add-message"]["children"]["props"]
    assert shown["className"] == "error"
    from dashboard.i18n import t
    assert shown["children"] in (t("agenda.err.no_agenda_chosen", "en"),
                                 t("agenda.err.title_missing", "en"))

"""The Import page over HTTP: off unless configured; when on, upload → report →
confirm → load, with the new freshness; bad and hostile uploads give a report or a
message, never a stack trace, and never load anything."""

from __future__ import annotations

import base64
import importlib
import json
import subprocess
import sys

import dash
import pytest

from tests.dash_client import DashClient, texts
from tests.import_files.support import HERE, demo_database, fingerprint, log_rows

MODULE = "dashboard.pages.import_data"


def test_the_off_switch_removes_page_and_callbacks():
    """A fresh process with EXPORT_MONITOR_IMPORT_PAGE=0 has neither the page nor its
    callbacks (the page is on by default, for data stewards: tests/test_auth.py)."""
    script = (
        "import json, os, dash\n"
        "os.environ['EXPORT_MONITOR_IMPORT_PAGE'] = '0'\n"
        "from dashboard.auth import mode; mode.set_mode('local')\n"
        "from dashboard.app import create_app\n"
        "from tests.dash_client import DashClient\n"
        "app = create_app(); client = DashClient(app.server.test_client())\n"
        "print(json.dumps({'paths': [p['path'] for p in dash.page_registry.values()],\n"
        "                  'outputs': [c['output'] for c in client.callbacks]}))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env={k: v for k, v in __import__("os").environ.items()
                                          if k != "EXPORT_MONITOR_IMPORT_PAGE"})
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert "/import" not in found["paths"]
    assert not any("import-" in o for o in found["outputs"])


@pytest.fixture
def client(request, tmp_path, monkeypatch):
    """The app with the Import page on, over a private copy of the test database."""
    from dashboard.app import create_app
    from queries import engine

    url, cleanup = demo_database(request, tmp_path, "duckdb")
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    monkeypatch.setenv("EXPORT_MONITOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EXPORT_MONITOR_IMPORT_PAGE", "1")
    engine.reset()
    app = create_app()
    with app.server.app_context():
        importlib.reload(importlib.import_module(MODULE))  # registers on the running app
    yield DashClient(app.server.test_client()), url
    dash.page_registry.pop(MODULE, None)  # other tests see the default navigation
    engine.reset()
    cleanup()


def upload(dc: DashClient, path, name=None):
    blob = base64.b64encode(path.read_bytes()).decode()
    return dc.call("import-report.children", {
        "import-upload.contents": f"data:application/octet-stream;base64,{blob}",
        "import-upload.filename": name or path.name, "import-lang.children": "en"})


def confirm(dc: DashClient, ref):
    return dc.call("import-result.children", {
        "import-confirm.n_clicks": 1, "import-upload-ref.data": ref,
        "import-lang.children": "en"}, input_id="import-confirm")


def _text(resp) -> str:
    assert resp.status_code == 200, resp.data[:500]
    return " | ".join(texts(json.loads(resp.data)))


def test_page_renders_with_steps_and_recent_loads(client):
    dc, _ = client
    text = _text(dc.page("/import", ""))
    for words in ("1. Choose a file", "2. Check", "3. Load", "Recent loads", "Import",
                  "Drop a CSV or Excel file here"):
        assert words in text


def test_upload_check_confirm_load(client, frames):
    dc, url = client
    resp = upload(dc, HERE / "good_exports_cp1251.csv")
    body = json.loads(resp.data)["response"]
    assert "No problems in good_exports_cp1251.csv" in _text(resp)
    ref = body["import-upload-ref"]["data"]
    assert body["import-confirm"]["disabled"] is False
    before = len(log_rows(url))
    loaded = confirm(dc, ref)
    text = _text(loaded)
    assert "Loaded good_exports_cp1251.csv: 3 rows written" in text
    assert "Data to October 2026" in text  # the new freshness, also into the header
    assert json.loads(loaded.data)["response"]["freshness"]["children"].startswith("Data to")
    log = log_rows(url)
    assert len(log) == before + 1 and log.iloc[-1]["loaded_by"] == "import page"
    # the same reference again: the upload is gone, nothing loads twice
    assert "no longer here" in _text(confirm(dc, ref))


def test_bad_file_gives_the_report_and_no_confirm(client):
    dc, url = client
    before = fingerprint(url)
    resp = upload(dc, HERE / "bad_negative.csv")
    text = _text(resp)
    assert "nothing can be loaded" in text
    assert "This cannot be negative." in resp.data.decode()  # the problems table
    body = json.loads(resp.data)["response"]
    assert body["import-confirm"]["disabled"] is True and body["import-upload-ref"]["data"] \
        is None
    assert fingerprint(url) == before


@pytest.mark.parametrize("contents,name", [
    ("garbage", "x.csv"), ("data:text/csv;base64,!!!notbase64", "x.csv"),
    ("data:text/csv;base64," + base64.b64encode(b"\x00\x01\x02" * 50).decode(), "x.csv"),
    ("data:text/csv;base64," + base64.b64encode(b"a;b\n1;2\n").decode(), "../../etc/passwd"),
    ("data:text/csv;base64," + base64.b64encode(b"x").decode(), "x" * 5000 + ".xlsx"),
])
def test_hostile_uploads_get_a_message(client, contents, name):
    dc, url = client
    before = fingerprint(url)
    resp = dc.call("import-report.children", {
        "import-upload.contents": contents, "import-upload.filename": name,
        "import-lang.children": "en"})
    text = _text(resp)
    assert "Traceback" not in text and "Error" not in text.replace("error", "")
    assert json.loads(resp.data)["response"]["import-confirm"]["disabled"] is True
    assert fingerprint(url) == before


@pytest.mark.parametrize("ref", [None, {}, {"token": "../../demo", "ext": ".csv"},
                                 {"token": "a" * 64, "ext": ".csv"},
                                 {"token": "a" * 64, "ext": "/../x"}, "string"])
def test_forged_confirmations_load_nothing(client, ref):
    dc, url = client
    before = fingerprint(url)
    text = _text(confirm(dc, ref))
    assert "choose it again" in text
    assert fingerprint(url) == before


def test_template_download(client):
    dc, _ = client
    resp = dc.client.post("/_dash-update-component", json={
        "output": "import-template-download.data",
        "outputs": {"id": "import-template-download", "property": "data"},
        "inputs": [[{"id": {"kind": k, "type": "import-template"}, "property": "n_clicks",
                     "value": 1 if k == "exports" else None}
                    for k in ("exports", "targets", "stock", "receivables", "enterprises",
                              "subjects")]],
        "changedPropIds": ['{"kind":"exports","type":"import-template"}.n_clicks'],
        "state": []})
    assert resp.status_code == 200, resp.data[:300]
    data = json.loads(resp.data)["response"]["import-template-download"]["data"]
    assert data["filename"] == "exports_template.xlsx" and data["base64"] is True


def accept(dc: DashClient, ref):
    return dc.call("import-accept.disabled", {
        "import-accept.n_clicks": 1, "import-upload-ref.data": ref,
        "import-lang.children": "en"}, input_id="import-accept")


def _uploads(tmp_path) -> list[str]:
    folder = tmp_path / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _sql(url: str, sql: str):
    import sqlalchemy as sa
    eng = sa.create_engine(url, connect_args={"read_only": True}, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return conn.exec_driver_sql(sql).all()
    finally:
        eng.dispose()


def test_unit_warning_offers_load_anyway_and_the_log_records_it(client, tmp_path):
    """A file in thousands of USD: the unit check stops it, "Load this file" stays off,
    "Load anyway" loads it; the load log's note says what was accepted."""
    dc, url = client
    before = fingerprint(url)
    resp = upload(dc, HERE / "bad_unit_thousands.csv")
    text = _text(resp)
    body = json.loads(resp.data)["response"]
    assert "the unit check stops it" in text and "a factor of" in resp.data.decode()
    assert body["import-confirm"]["disabled"] is True
    assert body["import-accept"]["disabled"] is False
    assert body["import-accept"]["style"]["display"] != "none"
    ref = body["import-upload-ref"]["data"]
    assert ref and len(_uploads(tmp_path)) == 1  # kept for "Load anyway"
    assert fingerprint(url) == before
    # the plain confirmation (a forged request) still loads nothing
    assert "was not loaded" in _text(confirm(dc, ref))
    assert fingerprint(url) == before
    loaded = accept(dc, ref)
    assert "Loaded bad_unit_thousands.csv: 2 rows written" in _text(loaded)
    assert _uploads(tmp_path) == []
    assert fingerprint(url) != before
    rows = _sql(url, "SELECT source, outcome, loaded_by, note FROM load_log "
                     "ORDER BY loaded_at DESC, load_id DESC LIMIT 1")
    source, outcome, by, note = rows[0]
    assert (source, outcome, by) == ("bad_unit_thousands.csv", "loaded", "import page")
    assert note.startswith("outliers accepted: ") and "2026-09" in note
    # the file's own figures are in, as the file has them (52 000 + 26 000,5)
    month = _sql(url, "SELECT SUM(x.value_usd), COUNT(*) FROM exports x JOIN enterprise e "
                      "ON e.enterprise_id = x.enterprise_id WHERE e.unp = '142005465' "
                      "AND x.month = DATE '2026-09-01'")
    assert month[0] == (78000.5, 2)


@pytest.mark.parametrize("name", ["bad_binary.csv", "bad_zip_not_workbook.xlsx",
                                  "bad_negative.csv"])
def test_a_refused_upload_is_not_kept(client, tmp_path, name):
    dc, url = client
    resp = upload(dc, HERE / name)
    body = json.loads(resp.data)["response"]
    assert body["import-upload-ref"]["data"] is None
    assert body["import-accept"]["disabled"] is True
    assert _uploads(tmp_path) == []


def test_binary_file_gets_the_plain_message(client):
    dc, _ = client
    resp = upload(dc, HERE / "bad_binary.csv")
    text = _text(resp) + json.dumps(json.loads(resp.data), ensure_ascii=False)  # (cells)
    assert "This is not a CSV/XLSX file we can read" in text
    assert "new-line character" not in text and "C error" not in text


def test_ignored_columns_are_named_on_the_page(client):
    dc, url = client
    resp = upload(dc, HERE / "good_exports_extra_columns.csv")
    text = _text(resp)
    assert "No problems in good_exports_extra_columns.csv" in text
    assert ("good_exports_extra_columns.csv: columns not in the template, ignored: "
            "“comment”, “Примечание”.") in text
    ref = json.loads(resp.data)["response"]["import-upload-ref"]["data"]
    assert "Loaded good_exports_extra_columns.csv: 2 rows written" in _text(confirm(dc, ref))

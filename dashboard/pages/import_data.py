"""Import: upload a file, read the validation report, confirm, and the data is loaded.

For data stewards (the ``import`` permission, access/roles.py; in local mode the one
local user): the page checks it (``auth.pages.requires``), the navigation shows it only
to them, and its callbacks (outputs ``import-…``) are refused to anyone else before they
run (``auth.pages.CALLBACK_PERMISSIONS``). ``EXPORT_MONITOR_IMPORT_PAGE=0`` switches the
page off altogether: then neither the page nor its callbacks exist.

The upload is kept on the server (``<data dir>/uploads/<sha256><ext>``) between the
check and the confirmation; the browser holds only that digest and the file's name.
The load itself is ``queries.imports.import_files`` — the same checks, transaction and
log as the command line — and the result shows the data's new freshness.

The state of this page is an upload, not a view: it has no URL parameters of its own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
import tempfile
import time
from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html, no_update

from access.roles import IMPORT
from queries import settings
from queries.dimensions import dimensions
from queries.imports import KINDS, ImportBusy, import_files, recent_loads, write_template
from queries.imports.readers import CSV_EXTENSIONS, XLSX_EXTENSIONS

from ..auth import mode, trail
from ..auth.pages import requires
from ..auth.session import current_user
from ..components.chrome import freshness
from ..components.grid import NUMBER, data_grid
from ..components.page_title import page_title
from ..i18n import EN, LANGS, t
from ..state import PageState
from .common import page_layout

log = logging.getLogger(__name__)

PATH = "/import"
UPLOAD_KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[0-9a-f]{64}")
_BOX = {"background": "#fff", "border": "1px solid #d1d5db", "borderRadius": "8px",
        "padding": "10px 16px", "minWidth": 0}
_STEP = {"fontSize": "24px", "fontWeight": 700, "margin": "4px 0 10px"}


def upload_dir() -> Path:
    return settings.data_dir() / "uploads"


def _lang(state_or_lang) -> str:
    return state_or_lang if isinstance(state_or_lang, str) else state_or_lang.lang


def _word(prefix: str, value, lang: str) -> str:
    """A logged word (outcome, kind, who loaded) in the language, where catalogued."""
    key = f"{prefix}.{value}"
    return t(key, lang) if key in EN else value


def _recent_rows(lang: str, limit: int = 8) -> list[dict]:
    df = recent_loads(limit)
    rows = []
    for r in df.itertuples():
        period = ""
        if r.period_from is not None and r.period_from == r.period_from:
            period = f"{r.period_from:%Y-%m} – {r.period_to:%Y-%m}"
        rows.append({"when": f"{r.loaded_at:%d.%m.%Y %H:%M}",
                     "outcome": _word("imports.outcome", r.outcome, lang),
                     "kind": _word("imports.kind", r.kind, lang), "file": r.source,
                     "period": period,
                     "added": int(r.rows_added), "replaced": int(r.rows_replaced),
                     "by": _word("imports.by", r.loaded_by, lang)})
    return rows


def _recent_grid(lang: str):
    columns = [
        {"field": "when", "headerName": t("imports.col.when", lang), "flex": 1.3},
        {"field": "outcome", "headerName": t("imports.col.outcome", lang), "flex": 1},
        {"field": "kind", "headerName": t("imports.col.kind", lang), "flex": 1},
        {"field": "file", "headerName": t("imports.col.file", lang), "flex": 2},
        {"field": "period", "headerName": t("imports.col.period", lang), "flex": 1.5},
        {"field": "added", "headerName": t("imports.col.added", lang), "flex": 1,
         **NUMBER, "valueFormatter": {"function": "d3.format(',')(params.value)"}},
        {"field": "replaced", "headerName": t("imports.col.replaced", lang), "flex": 1,
         **NUMBER, "valueFormatter": {"function": "d3.format(',')(params.value)"}},
        {"field": "by", "headerName": t("imports.col.by", lang), "flex": 1},
    ]
    return data_grid("import-loads", _recent_rows(lang), columns)


def _what(f, lang: str) -> str:
    """What a checked file holds, in the language (``FileResult.description`` is the
    command line's English)."""
    kind = _word("imports.kind", f.kind, lang)
    if not f.period_from:
        return kind
    period = (f"{f.period_from:%Y-%m}" if f.period_from == f.period_to
              else f"{f.period_from:%Y-%m} – {f.period_to:%Y-%m}")
    return t("imports.what", lang, kind=kind, period=period)


def _notes_view(report, lang: str):
    """What the report notes without stopping the import (columns ignored), so that no
    column is ever ignored without a word on the page either."""
    lines = [t(f"imports.note.{code}", lang, file=file, **params)
             for file, code, params in report.notes]
    return html.Div([html.Div(line) for line in lines], id="import-notes",
                    className="message", style={"fontSize": "18px"}) if lines else None


def _report_view(result, name: str, lang: str):
    """The validation report: one line that says whether the file can be loaded, and
    the problems grouped, as a sortable table. Warnings only (the unit check): the
    steward may load it anyway."""
    report = result.report
    notes = _notes_view(report, lang)
    if report.ok:
        what = _what(result.files[0], lang) if result.files else ""
        return html.Div([html.Div(t("imports.ok", lang, file=name, what=what),
                                  id="import-verdict", className="message",
                                  style={"background": "#dcfce7",
                                         "borderLeftColor": "#15803d",
                                         "fontSize": "20px"}), notes])
    rows = [{"where": g.where(), "column": g.column, "value": g.value,
             "reason": t(f"imports.reason.{g.code}", lang,
                         **{"value": g.value, "column": g.column, **g.params}),
             "count": g.count} for g in report.shown()]
    columns = [
        {"field": "where", "headerName": t("imports.col.where", lang), "flex": 1.4},
        {"field": "column", "headerName": t("imports.col.column", lang), "flex": 1.1},
        {"field": "value", "headerName": t("imports.col.value", lang), "flex": 1.2},
        {"field": "reason", "headerName": t("imports.col.reason", lang), "flex": 4,
         "wrapText": True, "autoHeight": True, "filter": "agTextColumnFilter"},
        {"field": "count", "headerName": t("imports.col.count", lang), "flex": 0.6,
         **NUMBER, "valueFormatter": {"function": "d3.format(',')(params.value)"}},
    ]
    note = (t("imports.shown", lang, shown=len(rows))
            if report.total_groups > len(rows) else "")
    verdict = "imports.warned" if report.only_warnings else "imports.bad"
    return html.Div([
        html.Div(t(verdict, lang, file=name, total=f"{report.total:,}",
                   groups=f"{report.total_groups:,}"), id="import-verdict",
                 className="message error", style={"fontSize": "20px"}),
        notes,
        html.Div(note, className="note"),
        html.Div(data_grid("import-problems", rows, columns),
                 style={"height": "350px"}),
    ])


@page_layout(PATH)
def layout(state: PageState):
    lang = state.lang
    max_mb = settings.get("EXPORT_MONITOR_IMPORT_MAX_MB")
    accept = ",".join(CSV_EXTENSIONS + XLSX_EXTENSIONS)
    templates = html.Div([
        html.Button(t(f"imports.kind.{k}", lang), id={"type": "import-template", "kind": k},
                    className="toggle", style={"fontSize": "17px", "margin": "0 8px 8px 0"})
        for k in KINDS], style={"display": "flex", "flexWrap": "wrap"})
    left = html.Div([
        html.H2(t("imports.step_file", lang), style=_STEP),
        dcc.Upload(
            id="import-upload", accept=accept, max_size=max_mb * 2**20, multiple=False,
            children=html.Div([html.Div("⬆", style={"fontSize": "44px"}),
                               html.Div(t("imports.drop", lang),
                                        style={"fontSize": "22px", "fontWeight": 600})]),
            style={"border": "3px dashed #1d4ed8", "borderRadius": "10px",
                   "padding": "26px 12px", "textAlign": "center", "cursor": "pointer",
                   "background": "#eff6ff", "color": "#1e3a8a"}),
        html.Div(t("imports.drop_hint", lang, max_mb=max_mb),
                 style={"fontSize": "17px", "margin": "8px 0 16px", "color": "#374151"}),
        html.H3(t("imports.templates", lang), style={"fontSize": "18px", "margin": "6px 0"}),
        templates,
        dcc.Download(id="import-template-download"),
    ], style=_BOX)
    recent = html.Div([
        html.H2(t("imports.recent", lang), style={**_STEP, "margin": "2px 0 6px"}),
        html.Div(_recent_grid(lang), id="import-loads-box", style={"height": "210px"}),
    ], style={**_BOX, "gridColumn": "1 / span 2"})
    right = html.Div([
        html.H2(t("imports.step_check", lang), style=_STEP),
        dcc.Loading(html.Div(html.Div(t("imports.waiting", lang),
                                      style={"fontSize": "20px", "color": "#374151"}),
                             id="import-report"), type="dot"),
        html.H2(t("imports.step_load", lang), style={**_STEP, "marginTop": "18px"}),
        html.Div([
            html.Button(t("imports.confirm", lang), id="import-confirm", disabled=True,
                        n_clicks=0, style=button_style(False)),
            html.Button(t("imports.accept", lang), id="import-accept", disabled=True,
                        n_clicks=0, style=accept_style(False)),
            html.Span(t("imports.replaces", lang),
                      style={"fontSize": "17px", "marginLeft": "16px", "color": "#374151"}),
        ], style={"display": "flex", "alignItems": "center"}),
        dcc.Loading(html.Div(id="import-result", style={"marginTop": "10px"}), type="dot"),
        dcc.Store(id="import-upload-ref"),
        html.Div(lang, id="import-lang", hidden=True),
    ], style=_BOX)
    return html.Div([left, right, recent],
                    style={"display": "grid", "gap": "12px", "gridTemplateColumns": "4fr 8fr",
                           "padding": "8px 20px"})


def button_style(enabled: bool) -> dict:
    """The confirm button: blue when a checked file waits, grey otherwise (visible on a
    compressed video stream, not only by the cursor)."""
    return {"fontSize": "22px", "padding": "10px 28px", "fontWeight": 700,
            "borderRadius": "8px", "border": "none", "color": "#fff",
            "background": "#1d4ed8" if enabled else "#9ca3af",
            "cursor": "pointer" if enabled else "not-allowed"}


def accept_style(shown: bool) -> dict:
    """"Load anyway": shown only when the unit check alone stops the file."""
    return {**button_style(True), "background": "#b45309", "marginLeft": "12px",
            "display": "inline-block" if shown else "none"}


# -- callbacks ------------------------------------------------------------------------------
def _clean_name(name: str | None) -> str:
    name = Path(str(name or "upload")).name  # never a path from the browser
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return name or "upload"


def _drop_old_uploads(folder: Path) -> None:
    cutoff = time.time() - UPLOAD_KEEP_SECONDS
    for old in folder.glob("*"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


def check_upload(contents: str | None, filename: str | None, lang: str):
    """Store the upload and check it (a dry run). Returns (report view, reference for
    the confirmation or None, confirm disabled, "Load anyway" offered). The stored copy
    is kept only while it may still be loaded: a file with problems (an unreadable one
    included) is deleted at once, one the unit check alone stops is kept for "Load
    anyway"."""
    name = _clean_name(filename)
    try:
        blob = base64.b64decode(str(contents).split(",", 1)[1], validate=True)
    except (IndexError, ValueError, binascii.Error):
        return html.Div(t("imports.unreadable_upload", lang), className="message error",
                        id="import-verdict"), None, True, False
    ext = Path(name).suffix.lower()
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _drop_old_uploads(folder)
    token = hashlib.sha256(blob).hexdigest()
    suffix = ext if ext in CSV_EXTENSIONS + XLSX_EXTENSIONS else ".bin"
    path = folder / f"{token}{suffix}"
    path.write_bytes(blob)
    # the original extension decides how it is read; an unknown one is reported as such
    check_path = path if suffix != ".bin" else path.with_suffix(ext[:10] or ".bin")
    if check_path != path:
        path.rename(check_path)
    try:
        result = import_files([check_path], names=[name], dry_run=True)
    except BaseException:
        check_path.unlink(missing_ok=True)
        raise
    ok, warned = result.ok, result.report.only_warnings
    ref = {"token": token, "ext": suffix, "name": name} if ok or warned else None
    if ref is None:
        check_path.unlink(missing_ok=True)
    return _report_view(result, name, lang), ref, not ok, warned


def load_upload(ref: dict | None, lang: str, accept_outliers: bool = False):
    """Load a checked upload (``accept_outliers``: "Load anyway", the unit check's
    warning overruled and recorded in the load log). Returns (result view, freshness
    text or no_update)."""
    ref = ref if isinstance(ref, dict) else {}  # the browser may send anything
    token, ext, name = str(ref.get("token", "")), str(ref.get("ext", "")), \
        _clean_name(ref.get("name"))
    path = upload_dir() / f"{token}{ext}"
    if not _TOKEN.fullmatch(token) or ext not in CSV_EXTENSIONS + XLSX_EXTENSIONS \
            or not path.exists():
        return html.Div(t("imports.expired", lang), className="message error"), no_update
    user = current_user()
    who = "import page" if user is None or mode.is_local() else f"{user.name} (import page)"
    try:
        result = import_files([path], names=[name], loaded_by=who,
                              accept_outliers=accept_outliers)
    except ImportBusy:
        return html.Div(t("imports.busy", lang), className="message error"), no_update
    except Exception as exc:  # the transaction rolled back; say so, never a trace
        return html.Div(t("imports.failed", lang, reason=type(exc).__name__),
                        className="message error"), no_update
    # the audit row names the run of the load log (`export-monitor loads` lists it)
    trail.note("import", "/import", detail=f"{name}: run {result.run_id} "
               f"{'loaded' if result.loaded else 'rejected'}"
               + (" (outliers accepted)" if accept_outliers else ""))
    if not (result.report.only_warnings and not accept_outliers):
        path.unlink(missing_ok=True)  # kept only for "Load anyway"
    if not result.loaded:
        return html.Div([html.Div(t("imports.rejected", lang, file=name,
                                    total=f"{result.report.total:,}"),
                                  className="message error"),
                         _report_view(result, name, lang)]), no_update
    f = result.files[0]
    fresh = freshness(dimensions(), lang).children
    return html.Div(t("imports.loaded", lang, file=name, added=f"{f.rows_added:,}",
                      replaced=f"{f.rows_replaced:,}", fresh=fresh),
                    className="message", id="import-loaded",
                    style={"background": "#dcfce7", "borderLeftColor": "#15803d",
                           "fontSize": "20px"}), fresh


def template_bytes(kind: str) -> tuple[bytes, str]:
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = next(p for p in write_template(kind, tmp) if p.suffix == ".xlsx")
        return xlsx.read_bytes(), xlsx.name


def _register(app) -> None:
    if any("import-report" in key for key in app.callback_map):
        return  # already registered on this app (a module reload)

    @app.callback(Output("import-report", "children"), Output("import-upload-ref", "data"),
                  Output("import-confirm", "disabled"), Output("import-confirm", "style"),
                  Output("import-result", "children"),
                  Output("import-accept", "disabled"), Output("import-accept", "style"),
                  Input("import-upload", "contents"), State("import-upload", "filename"),
                  State("import-lang", "children"), prevent_initial_call=True)
    def on_upload(contents, filename, lang):
        if not contents:
            return (no_update,) * 7
        lang = lang if lang in LANGS else "en"  # (a forged request sends anything)
        try:
            view, ref, disabled, warned = check_upload(contents, filename, lang)
        except Exception:  # whatever the file holds, the analyst gets a message
            log.exception("import page: checking an upload failed")
            view, ref, disabled, warned = (
                html.Div(t("imports.unreadable_upload", lang), id="import-verdict",
                         className="message error"), None, True, False)
        return (view, ref, disabled, button_style(not disabled), None, not warned,
                accept_style(warned))

    @app.callback(Output("import-result", "children", allow_duplicate=True),
                  Output("freshness", "children", allow_duplicate=True),
                  Output("import-confirm", "disabled", allow_duplicate=True),
                  Output("import-confirm", "style", allow_duplicate=True),
                  Output("import-loads-box", "children"),
                  Input("import-confirm", "n_clicks"), State("import-upload-ref", "data"),
                  State("import-lang", "children"), prevent_initial_call=True)
    def on_confirm(n_clicks, ref, lang):
        if not n_clicks:
            return no_update, no_update, no_update, no_update, no_update
        lang = lang if lang in LANGS else "en"  # (a forged request sends anything)
        view, fresh = load_upload(ref, lang)
        return view, fresh, True, button_style(False), _recent_grid(lang)

    @app.callback(Output("import-result", "children", allow_duplicate=True),
                  Output("freshness", "children", allow_duplicate=True),
                  Output("import-accept", "disabled", allow_duplicate=True),
                  Output("import-accept", "style", allow_duplicate=True),
                  Output("import-loads-box", "children", allow_duplicate=True),
                  Input("import-accept", "n_clicks"), State("import-upload-ref", "data"),
                  State("import-lang", "children"), prevent_initial_call=True)
    def on_accept(n_clicks, ref, lang):
        """"Load anyway": the file the unit check stopped, loaded with its warning
        overruled; the load log's note records what was accepted."""
        if not n_clicks:
            return no_update, no_update, no_update, no_update, no_update
        lang = lang if lang in LANGS else "en"
        view, fresh = load_upload(ref, lang, accept_outliers=True)
        return view, fresh, True, accept_style(False), _recent_grid(lang)

    @app.callback(Output("import-template-download", "data"),
                  Input({"type": "import-template", "kind": dash.ALL}, "n_clicks"),
                  prevent_initial_call=True)
    def on_template(clicks):
        kind = (dash.ctx.triggered_id or {}).get("kind")
        if kind not in KINDS or not any(clicks or []):
            return no_update
        blob, name = template_bytes(kind)
        return dcc.send_bytes(blob, name)


if settings.get("EXPORT_MONITOR_IMPORT_PAGE") == 1:
    _register(dash.get_app())
    dash.register_page(
        __name__, path=PATH, name=t("nav.import"), order=90, nav_key="nav.import",
        title=page_title("title.import"), layout=requires(IMPORT, layout), permission=IMPORT,
    )

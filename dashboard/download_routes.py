"""Flask route that serves what a page shows as a file:

    GET /download/<component_id>.<csv|xlsx>?path=<page path>&<the view's URL params>

The page is rebuilt for that URL by its own layout function, the chart or table with
that id is found in the tree and turned into a table (``dashboard/downloads/``), and
the file gets a header block: the title, the filter as the page states it, the data's
freshness stamp, the view's link and the page's notices, then a blank row and the
table.

Requests that cannot be served get a short plain-text answer in the request's language
(the URL's ``lang``, else the browser's), never a 500: 400 for a bad format or
malformed parameters, 404 for a path that is no page or an id the page does not have,
503 when the page itself cannot be built (the database does not answer). Parameters
the page would correct (a bad month, an unknown concern) are treated as the page
treats them: the file comes, and its header block carries the page's notice.
"""

from __future__ import annotations

import logging

from flask import Response, request

from .auth import trail
from .downloads import files, tables, views
from .i18n import t
from .state import lang_of

log = logging.getLogger(__name__)

# full Content-Type values (given as ``content_type=``: Flask adds a charset to a
# ``mimetype=`` of text, which made "text/csv; charset=utf-8; charset=utf-8")
MIME = {"csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _lang(args) -> str:
    return lang_of(args.get("lang"))


def _refuse(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def download(name: str) -> Response:
    lang = _lang(request.args)
    component_id, _, fmt = name.rpartition(".")
    if fmt not in views.FORMATS:
        return _refuse(400, t("downloads.err.format", lang, fmt=fmt[:12]))
    if not views.ID_PATTERN.match(component_id):
        return _refuse(404, t("downloads.err.component", lang, id=component_id[:40]))
    if len(request.query_string) > views.MAX_QUERY:
        return _refuse(400, t("downloads.err.params", lang))
    params = {k: ",".join(v) for k, v in request.args.lists()}
    path = params.pop("path", "") or "/"
    if views.resolve(path) is None:
        return _refuse(404, t("downloads.err.path", lang, path=path[:60]))
    try:
        tree = views.build(path, params)
    except Exception as exc:  # the page's own guard catches nearly everything
        log.exception("download %s from %s: page failed", name, path)
        return _refuse(503, t("downloads.err.page", lang, reason=type(exc).__name__))
    error = views.page_error(tree)
    item = next((i for i in views.items(tree) if i.id == component_id), None)
    if item is None:
        if error:
            return _refuse(503, t("downloads.err.page", lang, reason=error))
        return _refuse(404, t("downloads.err.component", lang, id=component_id))
    try:
        state = views.state_of(params)
        table, chart_note = tables.item_table(item, state.lang)
        title = views.file_title(item.title, state.lang)
        head = views.Head(
            title=title, filter=views.filter_line(tree, state),
            fresh=views.freshness_text(tree),
            link=request.host_url.rstrip("/") + views.view_link(path, params),
            notes=views.notices(tree), chart_note=chart_note, kpis=views.kpi_lines(tree))
        lines = views.head_lines(head, state.lang)
        if fmt == "csv":
            body = files.to_csv(lines, table, state.lang)
        else:
            body = files.to_xlsx(lines, table, title, component_id)
    except Exception as exc:
        log.exception("download %s from %s failed", name, path)
        return _refuse(503, t("downloads.err.page", lang, reason=type(exc).__name__))
    filename = files.file_name(path, component_id, fmt)
    trail.note("download", views.view_link(path, params), detail=f"{component_id}.{fmt}")
    return Response(body, content_type=MIME[fmt], headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


def register(server) -> None:
    """Add the download route to the Flask server."""
    server.add_url_rule("/download/<name>", "download", download, methods=["GET"])
    from .pages import instructions  # the list of instructions as a file (its own route)
    instructions.register(server)

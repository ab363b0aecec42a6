"""The page's downloads menu in the header: a compact ``<details>`` ("Download ▾")
listing every chart and table of the view by its title, each with CSV · XLSX links
and, for charts, PNG.

The CSV and XLSX links carry the current view (page path + the URL's parameters) to
``/download/<id>.<fmt>`` (``dashboard/download_routes.py``), which rebuilds the page
and serves that item; the PNG entry is drawn by the browser (``assets/downloads.js``:
Plotly.downloadImage at 1920×1080). The items come from the very component tree the
page shows (``dashboard/downloads/tables.find_items``), so the menu never lists what
the page does not have. Not shown in the presentation theme (the shared screen has
no use for it; ``assets/downloads.css`` hides it there too).
"""

from __future__ import annotations

import re

import dash
from dash import html

from ..downloads import files, tables, views
from ..i18n import t


def downloads_menu(path: str, state, content):
    """A control for the header listing the page's charts and tables, or None."""
    if state is None or getattr(state, "present", False):
        return None
    items = tables.find_items(content)
    if not items:
        return None
    lang = state.lang
    params = {k: v for k, v in (state.params or {}).items() if v not in ("", None)}
    page_path, used = _page_path(path, params)
    params = {k: v for k, v in params.items() if k not in used}
    entries = []
    for item in items:
        links = [html.A("CSV", href=views.download_href(page_path, params, item.id, "csv"),
                        className="dl-link", id=f"dl-{item.id}-csv"),
                 html.Span(" · ", className="dl-sep"),
                 html.A("XLSX", href=views.download_href(page_path, params, item.id, "xlsx"),
                        className="dl-link", id=f"dl-{item.id}-xlsx")]
        if item.kind == "graph":
            name = files.file_name(page_path, item.id, "png").rsplit(".", 1)[0]
            links += [html.Span(" · ", className="dl-sep"),
                      html.A("PNG", href="#", className="dl-link dl-png",
                             id=f"dl-{item.id}-png", title=t("downloads.png_hint", lang),
                             **{"data-png-graph": item.id, "data-png-name": name})]
        title = views.file_title(item.title, lang)  # the menu has nothing to click either
        entries.append(html.Li([html.Span(title, className="dl-title", title=title),
                                html.Span(links, className="dl-links")], className="dl-item"))
    return html.Details([
        html.Summary(t("downloads.menu", lang), className="dl-summary",
                     title=t("downloads.menu_hint", lang)),
        html.Ul(entries, className="dl-list"),
    ], className="downloads-menu", id="downloads-menu")


def _page_path(path: str, params: dict[str, str]) -> tuple[str, set[str]]:
    """The concrete path of the view and the parameters that went into it: a page
    with a path template (``/enterprise/<enterprise_id>``) gets its values filled in
    from the parameters its layout was called with."""
    for page in dash.page_registry.values():
        template = page.get("path_template") or ""
        names = re.findall(r"<([A-Za-z_]\w*)>", template)
        if names and template.startswith(path.rstrip("/") + "/") and all(
                params.get(n) for n in names):
            concrete = template
            for n in names:
                concrete = concrete.replace(f"<{n}>", str(params[n]))
            return concrete, set(names)
    return path, set()

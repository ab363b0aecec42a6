"""A view (page path + URL parameters) → its component tree, its downloadable items and
the header block of a file; and the links to the files.

The page is rebuilt by its own registered layout function, exactly as the page router
builds it for the browser, so the file and the screen come from the same code. Only
paths of registered pages resolve (``/enterprise/<id>`` through its path template); the
404 page offers nothing. Component ids are only ever compared with the ids in the tree
that page built, so a request can reach nothing but that page's own charts and tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import dash

from queries.filters import parse_filter

from ..components.filter_bar import describe, period_label
from ..i18n import t
from ..state import PageState, read_state, search_of
from . import tables

MAX_QUERY = 4096          # longer query strings are no link the app makes
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
NOT_PAGES = ("dashboard.pages.not_found_404",)
FORMATS = ("csv", "xlsx")


def resolve(path: str):
    """(layout function, path keyword arguments) of a page path, or None."""
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 200:
        return None
    for module, page in dash.page_registry.items():
        if module in NOT_PAGES:
            continue
        template = page.get("path_template")
        if template:
            names = re.findall(r"<([A-Za-z_]\w*)>", template)
            pattern = "^" + re.sub(r"<[A-Za-z_]\w*>", r"([A-Za-z0-9_-]{1,40})",
                                   re.escape(template).replace(r"\<", "<").replace(r"\>", ">"))
            m = re.match(pattern + "$", path)
            if m:
                return page["layout"], dict(zip(names, m.groups()))
        elif page.get("path") == path:
            return page["layout"], {}
    return None


def build(path: str, params: dict[str, str]):
    """The page's component tree for this view, or None when the path is no page."""
    found = resolve(path)
    if found is None:
        return None
    layout, path_args = found
    return layout(**{**params, **path_args})


def items(tree) -> list[tables.Item]:
    return tables.find_items(tree)


def _text_by_id(tree, component_id: str) -> str:
    comp = tables.find_by_id(tree, component_id)
    return " ".join(tables.text_of(comp).split()) if comp is not None else ""


def page_error(tree) -> str:
    """The page's error message when the page could not be built (the error panel
    replaces the content), else ""."""
    for comp in tables.walk(tree):
        if "message error" in (getattr(comp, "className", "") or ""):
            return " ".join(tables.text_of(comp).split())
    return ""


def notices(tree) -> list[str]:
    """The messages the page shows at the top (ignored or corrected parameters)."""
    box = tables.find_by_id(tree, "messages")
    if box is None:
        return []
    children = getattr(box, "children", None) or []
    children = children if isinstance(children, list) else [children]
    return [" ".join(tables.text_of(c).split()) for c in children if tables.text_of(c).strip()]


def filter_line(tree, state: PageState) -> str:
    """The filter as the page states it, from the filter the page was rendered with
    (the filter bar's store holds its every field, the industrial flag included)."""
    store = tables.find_by_id(tree, "filter-rendered")
    data = getattr(store, "data", None) if store is not None else None
    flt = state.filter
    if isinstance(data, dict):
        flt, _ = parse_filter({k: str(v) for k, v in data.items()}, state.dims)
    return describe(flt, state) + " · " + period_label(flt, state.lang)


@dataclass
class Head:
    title: str
    filter: str
    fresh: str
    link: str
    notes: list[str]
    chart_note: str = ""
    kpis: list[str] = field(default_factory=list)


def head_lines(head: Head, lang: str) -> list[tuple[str, str]]:
    """(label, text) lines of the header block. The freshness stamp goes without a
    label: it names itself ("Data to October 2026 · loaded …"), and "Data: Data to …"
    said it twice."""
    lines = [("", head.title), (t("downloads.head.filter", lang), head.filter),
             ("", head.fresh), (t("downloads.head.link", lang), head.link)]
    lines += [(t("downloads.head.kpi", lang), k) for k in head.kpis]
    lines += [(t("downloads.head.notes", lang), n) for n in head.notes]
    # an empty chart without a title of its own is titled by its message: said once
    if head.chart_note and head.chart_note != head.title:
        lines.append((t("downloads.head.chart_note", lang), head.chart_note))
    return lines


def state_of(params: dict[str, str]) -> PageState:
    return read_state(params)


def freshness_text(tree) -> str:
    return _text_by_id(tree, "freshness")


# what a title says to the mouse ("— click a bar to go down", "· щелчок — раскрыть",
# "Balken anklicken zum Aufklappen"): it comes last, and a file has no bars to click
_HINT = re.compile(r"(?i)\s*[—·]?\s*(balken anklicken|klick|щелч|click)")


def file_title(title: str, lang: str) -> str:
    """The item's title without the chart's click hint."""
    m = _HINT.search(title)
    if m:
        title = title[:m.start()]
    return " ".join(title.strip().rstrip("—·:").split())


def kpi_lines(tree) -> list[str]:
    """The view's KPI tiles, one line each: "label — figure unit (context)", as the
    tiles show them (``components/kpi.py``)."""
    out = []
    for comp in tables.walk(tree):
        cid = getattr(comp, "id", None)
        if getattr(comp, "className", None) != "kpi" or not str(cid or "").startswith("kpi-"):
            continue
        parts = comp.children if isinstance(comp.children, list) else [comp.children]
        label, value, sub = ([" ".join(tables.text_of(p).split()) for p in parts] + ["", ""])[:3]
        if not value:
            continue
        out.append(f"{label} — {value}" + (f" ({sub})" if sub else ""))
    return out


def view_link(path: str, params: dict[str, str]) -> str:
    return path + search_of(params)


def download_href(path: str, params: dict[str, str], component_id: str, fmt: str) -> str:
    """The download link of one item of this view (relative to the app's root)."""
    query = {"path": path, **{k: v for k, v in params.items() if k != "path" and v != ""}}
    url = f"/download/{component_id}.{fmt}?" + urlencode(query, safe=",/")
    try:
        return dash.get_relative_path(url)
    except Exception:  # outside an app (unit use): the root-relative link
        return url

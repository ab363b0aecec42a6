"""Downloads: the CSV and XLSX of a view's charts and tables hold the page's figures
(compared with the page JSON the browser gets, and with pandas over the generated rows),
under a header block with the filter and the freshness stamp, in the chosen language;
bad requests get a message, never a 500; the PNG entry saves a 1920×1080 picture."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import struct
from urllib.parse import urlencode

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.i18n import t
from tests.dash_client import page_json
from tests.live import browser_page, chromium_available, live_server

# ---------------------------------------------------------------- helpers

def find_component(node, component_id: str):
    """The props of the component with this id in a page JSON."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == component_id:
            return props
        for value in node.values():
            found = find_component(value, component_id)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = find_component(item, component_id)
            if found is not None:
                return found
    return None


def hrefs(node) -> list[str]:
    out = []
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and isinstance(props.get("href"), str):
            out.append(props["href"])
        for value in node.values():
            out.extend(hrefs(value))
    elif isinstance(node, list):
        for item in node:
            out.extend(hrefs(item))
    return out


def download(client, component_id: str, fmt: str, path: str, **params):
    query = urlencode({"path": path, **params}, safe=",/")
    return client.get(f"/download/{component_id}.{fmt}?{query}")


def read_xlsx(data: bytes):
    """(header block lines, column names, rows) of a downloaded workbook."""
    ws = load_workbook(io.BytesIO(data)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    blank = next(i for i, r in enumerate(rows) if all(v is None for v in r))
    head = [r[0] for r in rows[:blank]]
    return head, rows[blank + 1], rows[blank + 2:], ws


def read_csv(data: bytes, lang: str):
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    sep = "," if lang == "en" else ";"
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    blank = next(i for i, r in enumerate(rows) if not r)
    return [r[0] for r in rows[:blank]], rows[blank + 1], rows[blank + 2:]


def csv_number(text: str, lang: str) -> float | None:
    if text == "":
        return None
    return float(text.replace(",", ".") if lang != "en" else text)


def freshness_of(page) -> str:
    return " ".join(str(find_component(page, "freshness")["children"]).split())


CENT = 0.51e-8  # half a cent, in millions of USD


def same(got: dict, expected: dict, sign: float = 1.0) -> bool:
    """Equal keys, and values equal to half a cent (the file rounds millions of USD to
    the cent; missing where missing); ``sign`` -1: the chart draws the values negated."""
    return got.keys() == expected.keys() and all(
        (got[k] is None) == (expected[k] is None)
        and (expected[k] is None or got[k] == pytest.approx(sign * expected[k], abs=CENT))
        for k in expected)


def file_label(tick: str) -> str:
    """A chart category as an English file names it: no HTML, a line break a space,
    a month of a 24-month axis ("Jan<br>25", "Jan 25") with its whole year."""
    text = re.sub(r"<[^>]*>", "", re.sub(r"<br\s*/?>", " ", tick)).replace("■", "").strip()
    if re.fullmatch(r"[A-Z][a-z]{2} \d\d", text):
        return dt.datetime.strptime(text, "%b %y").strftime("%b %Y")
    return text


def strip_md(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", re.sub(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)", r"\1", text))


# ---------------------------------------------------------------- grids and charts

ALL = "all concerns · January–October 2026"
VIEWS = [  # (path, search, grid id, chart id, the filter as the page states it)
    ("/", "", "league-grid", "monthly-chart", ALL),
    ("/exports", "", "exports-grid", "product-bars", ALL),
    ("/exports", "?concern=bellegprom&level=enterprise&district=CFD&geo=region",
     "exports-grid", "region-map",
     "Bellegprom · Central FD · January–October 2026"),
    ("/trends", "?concern=mtz", "trends-enterprises", "trends-bridge",
     "MTZ · industrial enterprises · January–October 2026"),
    ("/stock", "?to=6", "stock-subjects-grid", "stock-trend", "all concerns · January–June 2026"),
    ("/receivables", "", "receivables-grid", "rcv-trend", ALL),
]


def _params(search: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in search.lstrip("?").split("&") if p)


@pytest.mark.parametrize("path,search,grid_id,chart_id,filter_text", VIEWS)
def test_grid_and_chart_files_hold_the_page_figures(any_client, path, search, grid_id,
                                                    chart_id, filter_text):
    page = page_json(any_client.page(path, search))
    if path == "/":  # the overview states its filter itself, the very same text
        assert find_component(page, "scope-line")["children"] == filter_text
    client = any_client.client
    params = _params(search)

    # --- the grid, as XLSX: columns, rows and numbers as the page's rowData
    grid = find_component(page, grid_id)
    assert grid is not None, grid_id
    resp = download(client, grid_id, "xlsx", path, **params)
    assert resp.status_code == 200, resp.data[:300]
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    assert re.match(r'attachment; filename="[a-z0-9-]+_[a-z0-9-]+_\d{4}-\d\d-\d\d\.xlsx"',
                    resp.headers["Content-Disposition"])
    head, header, rows, ws = read_xlsx(resp.data)
    cols = [c for c in grid["columnDefs"] if c.get("headerName") and not c.get("hide")]
    assert header == [c["headerName"] for c in cols]
    # the rows, then the whole's row pinned below them (if the grid has one), in bold
    pinned = (grid.get("dashGridOptions") or {}).get("pinnedBottomRowData") or []
    assert len(rows) == len(grid["rowData"]) + len(pinned)
    for i in range(len(pinned)):
        assert ws.cell(row=len(head) + 3 + len(rows) - 1 - i, column=1).font.b
    assert ws.freeze_panes == f"A{len(head) + 3}"
    assert all(ws.cell(row=len(head) + 2, column=j + 1).font.b for j in range(len(header)))
    # the filter and the freshness stamp as the page states them
    assert head[1] == "Filter: " + filter_text
    assert head[2] == freshness_of(page)
    assert head[3].startswith("Link: http://localhost" + path)
    for j, col in enumerate(cols):
        page_values = [r.get(col["field"]) for r in grid["rowData"]]
        file_values = [r[j] for r in rows[:len(grid["rowData"])]]
        assert [r[j] for r in rows[len(grid["rowData"]):]] == [
            strip_md(v) if isinstance(v, str) and col.get("cellRenderer") == "markdown" else v
            for v in (p.get(col["field"]) for p in pinned)]
        if col.get("cellRenderer") == "markdown":
            page_values = [strip_md(v) for v in page_values]
            assert not any("](" in str(v) for v in file_values)
        numeric = [v for v in page_values if isinstance(v, (int, float))]
        if numeric and len(numeric) == len([v for v in page_values if v is not None]):
            # numbers stay numbers, equal to the page's, in the grid's sorted order
            assert sorted(v for v in file_values if v is not None) == sorted(numeric)
            assert all(isinstance(v, (int, float)) for v in file_values if v is not None)
            if col.get("sort"):
                shown = [v for v in file_values if v is not None]
                assert shown == sorted(shown, reverse=col["sort"] == "desc")
        else:
            assert sorted(map(str, (v for v in file_values if v is not None))) == \
                sorted(map(str, (v for v in page_values if v not in (None, ""))))

    # --- the chart, as CSV: one row per category with each trace's values
    fig = find_component(page, chart_id)["figure"]
    resp = download(client, chart_id, "csv", path, **params)
    assert resp.status_code == 200, resp.data[:300]
    head, header, rows = read_csv(resp.data, "en")
    assert head[1] == "Filter: " + filter_text
    assert head[2] == freshness_of(page)
    traces = [tr for tr in fig["data"] if tr.get("hoverinfo") != "skip"]
    assert traces
    for tr in traces:
        if tr["type"] == "choropleth":
            expected = dict(zip(tr["locations"], tr["z"]))
            code = header.index("Code")
            got = {r[code]: csv_number(r[code + 1], "en") for r in rows}
            assert same(got, expected)
            continue
        horizontal = tr.get("orientation") == "h"
        cats, values = (tr["y"], tr["x"]) if horizontal else (tr["x"], tr["y"])
        axis = fig["layout"].get("yaxis" if horizontal else "xaxis", {})
        names = dict(zip(axis.get("tickvals", []), axis.get("ticktext", [])))
        cats = [file_label(names.get(c, c)) for c in cats]
        column = header.index(tr["name"] + ", mn USD") if tr.get("name") else 1
        got = {r[0]: csv_number(r[column], "en") for r in rows}
        assert same({c: got[c] for c in cats}, dict(zip(cats, values)))
        if horizontal and fig["layout"].get("yaxis", {}).get("autorange") != "reversed":
            # top bar first, as the chart shows it (Plotly draws the first point lowest)
            assert [r[0] for r in rows][:len(cats)] == cats[::-1]


def test_exports_table_matches_pandas_over_the_generated_rows(any_client, frames):
    """The Exports table's value and last-year columns by concern, against a sum of
    the raw rows the test database was built from."""
    ex = frames["exports"].copy()
    ex["month"] = pd.to_datetime(ex["month"])
    ex = ex.merge(frames["enterprise"][["enterprise_id", "concern_id"]], on="enterprise_id")
    ytd = ex[ex["month"].dt.month <= 10]
    this = ytd[ytd["month"].dt.year == 2026].groupby("concern_id")["value_usd"].sum() / 1e6
    last = ytd[ytd["month"].dt.year == 2025].groupby("concern_id")["value_usd"].sum() / 1e6
    names = frames["concern"].set_index("concern_id")["name_en"]

    resp = download(any_client.client, "exports-grid", "xlsx", "/exports", lang="en")
    assert resp.status_code == 200
    _, header, rows, _ = read_xlsx(resp.data)
    name_col, value_col = header.index("Concerns"), header.index(t("col.value", "en"))
    ly_col = header.index(t("col.value_ly", "en"))
    body = [r for r in rows if r[name_col] in set(names)]
    total = [r for r in rows if r[name_col] not in set(names)]  # the total row, if any
    got = {r[name_col]: (r[value_col], r[ly_col]) for r in body}
    assert len(got) == len(this) and len(total) <= 1
    # the grid's precision: a tenth of a million, rounded to add up to the total (each
    # value moves by less than a tenth; before that rounding, 0.01 each)
    tol = 0.1
    for concern_id, value in this.items():
        assert got[names[concern_id]][0] == pytest.approx(value, abs=tol)
        assert got[names[concern_id]][1] == pytest.approx(last.get(concern_id, 0), abs=tol)
    if total:
        assert total[0][value_col] == pytest.approx(this.sum(), abs=tol)
        assert total[0][value_col] == pytest.approx(sum(r[value_col] for r in body), abs=1e-6)
    values = [r[value_col] for r in body]
    assert values == sorted(values, reverse=True)


def test_enterprise_card_chart_and_grid(any_client, frames):
    ex = frames["exports"]
    ent = int(ex.groupby("enterprise_id")["value_usd"].sum().idxmax())
    page = page_json(any_client.page(f"/enterprise/{ent}", ""))
    fig = find_component(page, "enterprise-products")["figure"]
    resp = download(any_client.client, "enterprise-products", "xlsx", f"/enterprise/{ent}")
    assert resp.status_code == 200, resp.data[:300]
    head, header, rows, _ = read_xlsx(resp.data)
    assert head[0] == fig["layout"]["title"]["text"]
    trace = fig["data"][0]
    assert [r[0] for r in rows] == trace["y"][::-1]
    assert [r[1] for r in rows] == pytest.approx(trace["x"][::-1], abs=CENT)
    assert header[2] == "Label on the chart" and [r[2] for r in rows] == trace["text"][::-1]
    # the stock table: of the enterprise with the most stock at the latest month end (an
    # enterprise without stock shows a sentence instead, and its menu has no table)
    st = frames["stock"]
    st = st[st["month"] == st["month"].max()]
    ent = int(st.groupby("enterprise_id")["value_usd"].sum().idxmax())
    page = page_json(any_client.page(f"/enterprise/{ent}", ""))
    grid = find_component(page, "enterprise-subjects")
    resp = download(any_client.client, "enterprise-subjects", "csv", f"/enterprise/{ent}")
    assert resp.status_code == 200
    _, _, rows = read_csv(resp.data, "en")
    assert len(rows) == len(grid["rowData"]) + 1  # and the total row


@pytest.mark.parametrize("lang", ["ru", "en", "de"])
def test_headers_in_the_chosen_language_and_csv_separators(dash_client, lang):
    client = dash_client.client
    resp = download(client, "exports-grid", "xlsx", "/exports", lang=lang)
    head, header, rows, _ = read_xlsx(resp.data)
    assert head[1].startswith(t("downloads.head.filter", lang) + ": ")
    assert not head[2].startswith(t("downloads.head.fresh", lang) + ": ")  # no "Data: Data"
    assert head[3].startswith(t("downloads.head.link", lang) + ": ")
    assert head[3].endswith(f"/exports?lang={lang}")
    assert header[1:] == [t(k, lang) for k in ("col.value", "col.value_ly", "col.change",
                                               "col.change_pct", "col.share_pct")]
    assert header[0] == t("level.concern", lang)
    page = page_json(dash_client.page("/exports", f"?lang={lang}"))
    assert head[2] == freshness_of(page)

    resp = download(client, "product-bars", "csv", "/exports", lang=lang)
    lines = resp.data.decode("utf-8-sig").splitlines()
    header_line, first_line = lines[lines.index("") + 1], lines[lines.index("") + 2]
    sep = "," if lang == "en" else ";"
    header, first = next(csv.reader([header_line], delimiter=sep)), next(
        csv.reader([first_line], delimiter=sep))
    assert header[:2] == [t("downloads.col.item", lang),
                          t("downloads.col.value_in", lang, unit=t("unit.mn_usd", lang))]
    # the number itself has no thousands separator, and the language's decimal mark
    assert re.fullmatch(r"\d+\.\d+" if lang == "en" else r"\d+,\d+", first[1])
    assert len(header_line.split(sep)) == len(header) + (1 if lang == "en" else 0)


def test_languages_differ(dash_client):
    heads = {}
    for lang in ("ru", "en", "de"):
        resp = download(dash_client.client, "league-grid", "xlsx", "/", lang=lang)
        heads[lang] = read_xlsx(resp.data)[:2]
    assert len({tuple(h[1]) for h in heads.values()}) == 3
    assert len({h[0][1] for h in heads.values()}) == 3


def test_browser_language_is_used_without_lang(dash_client):
    resp = dash_client.client.get("/download/exports-grid.csv?path=/exports",
                                  headers={"Accept-Language": "de-DE,de;q=0.9"})
    head, header, _ = read_csv(resp.data, "de")
    assert head[1].startswith("Filter: ") and header[1] == t("col.value", "de")


# ---------------------------------------------------------------- the menu

@pytest.mark.parametrize("path", ["/", "/exports", "/trends", "/stock", "/receivables"])
def test_menu_lists_every_chart_and_table_and_its_links_work(dash_client, path):
    search = "?lang=en&concern=bellegprom"
    page = page_json(dash_client.page(path, search))
    menu = find_component(page, "downloads-menu")
    assert menu is not None
    graphs = ids_of(page, "Graph")
    grids = ids_of(page, "AgGrid")
    assert graphs
    links = [h for h in hrefs(menu) if h.startswith("/download/")]
    assert {h.split("/download/")[1].split(".")[0] for h in links} == set(graphs) | set(grids)
    for gid in graphs:
        png = find_component(menu, f"dl-{gid}-png")
        assert png["data-png-graph"] == gid
    for link in links:
        assert "concern=bellegprom" in link and f"path={path}" in link
    for link in [h for h in links if h.split("?")[0].endswith(".xlsx")][:3]:
        resp = dash_client.client.get(link)
        assert resp.status_code == 200, (link, resp.data[:200])
        head = read_xlsx(resp.data)[0]
        assert "Bellegprom" in head[1]


def ids_of(node, kind: str) -> list[str]:
    out = []
    if isinstance(node, dict):
        if node.get("type") == kind and isinstance(node.get("props", {}).get("id"), str):
            out.append(node["props"]["id"])
        for value in node.values():
            out.extend(ids_of(value, kind))
    elif isinstance(node, list):
        for item in node:
            out.extend(ids_of(item, kind))
    return out


def test_menu_on_enterprise_card_and_language(dash_client):
    page = page_json(dash_client.page("/enterprise/3", "?lang=ru"))
    menu = find_component(page, "downloads-menu")
    assert menu["children"][0]["props"]["children"] == t("downloads.menu", "ru")
    links = [h for h in hrefs(menu) if h.startswith("/download/")]
    assert links and all("path=/enterprise/3" in h and "enterprise_id" not in h for h in links)
    assert dash_client.client.get(links[0]).status_code == 200


def test_no_menu_in_the_presentation_theme(dash_client):
    page = page_json(dash_client.page("/exports", "?present=1"))
    assert find_component(page, "downloads-menu") is None


# ---------------------------------------------------------------- bad requests

HOSTILE = [
    "/download/nope.csv?path=/exports",
    "/download/exports-grid.csv?path=http://evil",
    "/download/exports-grid.csv?path=//evil.example/x",
    "/download/exports-grid.csv?path=/../../etc/passwd",
    "/download/exports-grid.exe?path=/exports",
    "/download/exports-grid?path=/exports",
    "/download/_pages_location.csv?path=/exports",
    "/download/filter-rendered.csv?path=/exports",
    "/download/exports-grid.csv?path=/404",
    "/download/exports-grid.csv?path=/enterprise/1%27%20or%201=1",
    "/download/exports-grid.csv?path=/exports&concern=" + "x" * 10000,
    "/download/" + "a" * 300 + ".csv?path=/exports",
    "/download/exports-grid.csv?path=" + "/exports" * 100,
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_requests_get_a_message_not_a_500(dash_client, url):
    resp = dash_client.client.get(url)
    assert resp.status_code in (400, 404), (url, resp.status_code)
    assert resp.mimetype == "text/plain"
    text = resp.data.decode()
    assert 10 < len(text) < 400 and "Traceback" not in text


def test_a_slash_in_the_id_never_reaches_a_file(dash_client):
    # not the download route at all: Dash's page router answers with the app's shell
    resp = dash_client.client.get("/download/..%2F..%2Fetc%2Fpasswd.csv?path=/exports")
    assert resp.status_code != 500 and b"root:" not in resp.data


def test_refusals_speak_the_requests_language(dash_client):
    resp = dash_client.client.get("/download/nope.csv?path=/exports&lang=ru")
    assert resp.status_code == 404
    assert resp.data.decode().strip() == t("downloads.err.component", "ru", id="nope")
    resp = dash_client.client.get("/download/x.pdf?path=/&lang=de")
    assert resp.status_code == 400
    assert resp.data.decode().strip() == t("downloads.err.format", "de", fmt="pdf")


@pytest.mark.parametrize("params", [
    {"year": "abc"}, {"from": "13"}, {"concern": "nosuch"}, {"level": "<script>"},
    {"lang": "xx"}, {"present": "2"}, {"map": "' or 1=1"},
])
def test_bad_filter_values_give_the_file_with_the_pages_notice(dash_client, params):
    resp = download(dash_client.client, "exports-grid", "xlsx", "/exports", **params)
    assert resp.status_code == 200
    head = read_xlsx(resp.data)[0]
    page = page_json(dash_client.page("/exports", "?" + urlencode(params)))
    notices = [m["props"]["children"] for m in find_component(page, "messages")["children"]]
    assert notices
    assert [h.split(": ", 1)[1] for h in head if h.startswith("Notes: ")] == notices


def test_a_failing_page_answers_503_with_its_message(dash_client, monkeypatch):
    from queries import exports as q
    from queries.engine import QueryError

    def broken(*args, **kwargs):
        raise QueryError("the database does not answer")
    monkeypatch.setattr(q, "breakdown", broken)
    resp = download(dash_client.client, "exports-grid", "csv", "/exports", lang="en")
    assert resp.status_code == 503
    assert "could not be built" in resp.data.decode()


# ---------------------------------------------------------------- PNG

@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Chromium is not installed")
def test_png_entry_saves_a_1920_by_1080_picture(duck_db):
    with live_server() as base, browser_page() as page:
        page.goto(base + "/exports?lang=en")
        page.wait_for_selector("#product-bars .main-svg")
        page.click("#downloads-menu > summary")
        with page.expect_download() as info:
            page.click("#dl-product-bars-png")
        download_ = info.value
        data = open(download_.path(), "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
        assert struct.unpack(">II", data[16:24]) == (1920, 1080)
        assert re.fullmatch(r"exports_product-bars_\d{4}-\d\d-\d\d\.png",
                            download_.suggested_filename)
        # and a CSV link from the same menu downloads the file the route serves
        with page.expect_download() as info:
            page.click("#dl-exports-grid-csv")
        data = open(info.value.path(), "rb").read()
        assert data.startswith("\ufeff".encode()) and b"Filter: " in data
        assert json.dumps(info.value.suggested_filename).endswith('.csv"')


def test_sheet_named_after_the_title_as_excel_allows(dash_client):
    resp = download(dash_client.client, "exports-grid", "xlsx", "/exports", lang="ru")
    head, _, _, ws = read_xlsx(resp.data)
    assert ws.title == " ".join(re.sub(r"[\[\]:*?/\\]", " ", head[0]).split())[:31].strip()
    assert len(ws.title) <= 31 and not re.search(r"[\[\]:*?/\\]", ws.title)
    assert ws["A1"].font.b and ws["A2"].font.b

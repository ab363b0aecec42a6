"""Downloads hold the screen's numbers in a form an analyst can reuse: money in millions
of USD to the exact cent (checked against sums of the raw generated rows in cents),
losses signed as the Trends page prints them, months as "Jan 2025" in each language,
shares that add up to 100 %, header lines without doubled words, the view's KPI lines
each with a unit, one charset in the Content-Type. Real HTTP to the Flask app on the
test databases; the expected figures are computed here with pandas over the raw rows."""

from __future__ import annotations

import csv
import io
import math
import random
import re
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.formatting import round_shares
from dashboard.i18n import t
from tests.dash_client import page_json
from tests.test_downloads import download, find_component, read_csv, read_xlsx

PAGES = ["/", "/exports", "/trends", "/stock", "/receivables", "/enterprise/3"]
LANGS = ["ru", "en", "de"]
MN = {"en": "mn USD", "ru": "млн долл.", "de": "Mio. USD"}
# month abbreviations as a file writes them (written out here, not taken from the app)
MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "ru": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
    "de": ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
}


def cents(value_usd: float) -> Decimal:
    """A sum of USD amounts, to the cent."""
    return Decimal(f"{value_usd:.2f}")


def file_cents(text: str, lang: str) -> Decimal:
    """A CSV cell in millions of USD → USD, exactly as written."""
    return Decimal(text.replace(",", ".") if lang != "en" else text) * 1_000_000


def lr_shares(values: list[float]) -> list[int]:
    """Whole-percent shares by largest remainder, written out independently."""
    total = sum(values)
    raw = [v / total * 100 for v in values]
    floors = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: floors[i] - raw[i])[:100 - sum(floors)]:
        floors[i] += 1
    return floors


@pytest.fixture
def raw(frames):
    ex = frames["exports"].copy()
    ex["month"] = pd.to_datetime(ex["month"])
    ent = frames["enterprise"][["enterprise_id", "concern_id", "is_industrial"]]
    return ex.merge(ent, on="enterprise_id")


def ytd(ex: pd.DataFrame, year: int, to: int = 10) -> pd.DataFrame:
    return ex[(ex["month"].dt.year == year) & (ex["month"].dt.month <= to)]


# ---------------------------------------------------------------- money to the cent

@pytest.mark.parametrize("lang", LANGS)
def test_region_map_values_are_the_exact_cents_of_the_raw_rows(any_client, raw, lang):
    resp = download(any_client.client, "region-map", "csv", "/exports", lang=lang)
    assert resp.status_code == 200
    _, header, rows = read_csv(resp.data, lang)
    code = header.index({"en": "Code", "ru": "Код", "de": "Code"}[lang])
    assert header[code + 1] == {"en": "Value, ", "ru": "Значение, ",
                                "de": "Wert, "}[lang] + MN[lang]
    expected = ytd(raw, 2026).groupby("region_id")["value_usd"].sum()
    got = {r[code]: r[code + 1] for r in rows}
    assert len(got) >= 10 and set(got) <= set(expected.index)
    for region, text in got.items():
        # no binary noise: at most 8 decimals (cents of a million), exactly the cents
        assert re.fullmatch(r"-?\d+([.,]\d{1,8})?", text), text
        assert file_cents(text, lang) == cents(expected[region]), region


def test_concern_bars_and_monthly_chart_to_the_cent(any_client, raw, frames):
    short = frames["concern"].set_index("short_name_en")["concern_id"]
    expected = ytd(raw, 2026).groupby("concern_id")["value_usd"].sum()
    _, header, rows = read_csv(download(any_client.client, "product-bars", "csv", "/exports",
                                        lang="en").data, "en")
    checked = 0
    for r in rows:
        if r[0] in short.index:
            assert file_cents(r[1], "en") == cents(expected[short[r[0]]]), r
            checked += 1
    assert checked >= 5

    # the overview's monthly chart: each month of 2026 and 2025, and the unit in the header
    _, header, rows = read_csv(download(any_client.client, "monthly-chart", "csv", "/",
                                        lang="en").data, "en")
    assert header[1:3] == ["2026, mn USD", "2025, mn USD"]
    by_month = raw.groupby([raw["month"].dt.year, raw["month"].dt.month])["value_usd"].sum()
    for i, r in enumerate(rows, start=1):
        assert r[0] == MONTHS["en"][i - 1]
        if r[1]:
            assert file_cents(r[1], "en") == cents(by_month[(2026, i)])
        assert file_cents(r[2], "en") == cents(by_month[(2025, i)])
        # the target path is computed (target × seasonal share): rounded once, to the cent
        assert re.fullmatch(r"\d+(\.\d{1,8})?", r[3]), r[3]


def test_xlsx_money_cells_are_numbers_with_a_cents_format(dash_client, raw, frames):
    resp = download(dash_client.client, "geo-bars", "xlsx", "/exports", lang="de")
    assert resp.status_code == 200
    head, header, rows, ws = read_xlsx(resp.data)
    first = len(head) + 3
    cells = [ws.cell(row=first + i, column=2) for i in range(len(rows))]
    assert cells and all(isinstance(c.value, float) for c in cells)
    assert {c.number_format for c in cells} == {"#,##0.00######"}
    # the federal districts' totals, to the cent
    district = frames["ru_region"].set_index("region_id")["district_id"]
    names = frames["federal_district"].set_index("short_name_de")["district_id"]
    this = ytd(raw, 2026)
    expected = this.groupby(this["region_id"].map(district))["value_usd"].sum()
    for r, c in zip(rows, cells):
        assert cents(c.value * 1_000_000) == cents(expected[names[r[0]]]), r[0]
        assert Decimal(repr(c.value)) == (Decimal(repr(c.value))).quantize(Decimal("1e-8"))


# ---------------------------------------------------------------- signs as on screen

@pytest.mark.parametrize("item,key", [("trends-products", "heading_id"),
                                      ("trends-regions", "region_id")])
def test_trends_losses_are_negative_as_the_page_prints_them(any_client, raw, item, key):
    page = page_json(any_client.page("/trends", "?lang=en"))
    fig = find_component(page, item)["figure"]
    resp = download(any_client.client, item, "csv", "/trends", lang="en")
    assert resp.status_code == 200
    _, header, rows = read_csv(resp.data, "en")
    values = [float(r[1]) for r in rows]
    assert values and all(v < 0 for v in values)
    # the label printed beside each bar carries the same sign and number
    for r in rows:
        assert r[2].startswith("−") and f"{abs(float(r[1])):,.1f}" in r[2]
    assert len(rows) == len(fig["data"][0]["x"])
    # the changes from the raw rows: the page's default filter is industrial enterprises
    ind = raw[raw["is_industrial"]]
    change = (ytd(ind, 2026).groupby(key)["value_usd"].sum()
              .sub(ytd(ind, 2025).groupby(key)["value_usd"].sum(), fill_value=0))
    losses = sorted(change[change < 0].tolist())[:len(rows)]
    assert values == pytest.approx([v / 1e6 for v in losses], abs=0.51e-8)
    assert values == sorted(values)  # the largest loss first, as the chart's top bar


# ---------------------------------------------------------------- months

MONTH_FILES = [("/stock", "stock-trend"), ("/receivables", "rcv-trend"),
               ("/enterprise/3", "enterprise-stock")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path,item", MONTH_FILES)
def test_month_labels_have_the_whole_year(dash_client, lang, path, item):
    resp = download(dash_client.client, item, "csv", path, lang=lang)
    assert resp.status_code == 200
    _, _, rows = read_csv(resp.data, lang)
    expected = []
    year, month = 2024, 11  # 24 months to October 2026
    for _ in range(24):
        expected.append(f"{MONTHS[lang][month - 1]} {year}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    assert [r[0] for r in rows] == expected
    # and in the workbook
    resp = download(dash_client.client, item, "xlsx", path, lang=lang)
    assert [r[0] for r in read_xlsx(resp.data)[2]] == expected


def test_receivables_trend_overdue_by_month_from_the_raw_rows(any_client, frames):
    rc = frames["receivable"].copy()
    rc["month"] = pd.to_datetime(rc["month"])
    overdue = rc.groupby("month")["overdue_usd"].sum()
    _, header, rows = read_csv(download(any_client.client, "rcv-trend", "csv", "/receivables",
                                        lang="en").data, "en")
    col = header.index("Overdue, mn USD")
    for r in rows:
        month = pd.Timestamp(pd.to_datetime(r[0], format="%b %Y"))
        assert file_cents(r[col], "en") == cents(overdue[month]), r[0]


# ---------------------------------------------------------------- shares

SHARE = re.compile(r"\((\d+) %\)")


def test_round_shares_adds_up_to_100_and_moves_each_share_by_less_than_a_unit():
    assert round_shares([28.77, 20.11, 16.55, 34.57]) == [29, 20, 16, 35]  # not 29+20+17+35
    assert round_shares([17.44, 82.56], 1) == [17.4, 82.6]
    assert round_shares([None, 50.0, 50.0]) == [None, 50, 50]
    assert round_shares([]) == [] and round_shares([None]) == [None]
    rng = random.Random(9)
    for _ in range(300):
        weights = [rng.random() ** 3 for _ in range(rng.randint(1, 12))]
        raw_shares = [w / sum(weights) * 100 for w in weights]
        for decimals in (0, 1):
            got = round_shares(raw_shares, decimals)
            assert round(sum(got), 6) == 100
            assert all(abs(g - r) < 10 ** -decimals for g, r in zip(got, raw_shares))


@pytest.mark.parametrize("lang", LANGS)
def test_receivables_age_and_cause_shares_add_up_to_100(any_client, frames, lang):
    rc = frames["receivable"].copy()
    rc["month"] = pd.to_datetime(rc["month"])
    last = rc[rc["month"] == "2026-10-01"]
    ages = [last[c].sum() for c in ("overdue_upto_30_usd", "overdue_31_90_usd",
                                    "overdue_91_180_usd", "overdue_over_180_usd")]
    _, _, rows = read_csv(download(any_client.client, "rcv-ageing", "csv", "/receivables",
                                   lang=lang).data, lang)
    shares = [int(SHARE.search(r[2]).group(1)) for r in rows]
    assert shares == lr_shares(ages) and sum(shares) == 100
    _, _, rows = read_csv(download(any_client.client, "rcv-causes", "csv", "/receivables",
                                   lang=lang).data, lang)
    assert sum(int(SHARE.search(r[2]).group(1)) for r in rows) == 100
    # and the screen says the same
    page = page_json(any_client.page("/receivables", f"?lang={lang}"))
    texts = find_component(page, "rcv-ageing")["figure"]["data"][0]["text"]
    assert sorted(int(SHARE.search(x).group(1)) for x in texts) == sorted(shares)


def test_enterprise_card_shares_add_up_to_100_in_each_panel(dash_client):
    _, _, rows = read_csv(download(dash_client.client, "enterprise-receivables", "csv",
                                   "/enterprise/3", lang="en").data, "en")
    ages = [r for r in rows if re.match(r"(up to|over) \d+|\d+–\d+", r[0])]
    causes = [r for r in rows if r not in ages]
    assert ages and causes
    for panel in (ages, causes):
        assert sum(int(re.search(r"\((\d+) %\)", r[2]).group(1)) for r in panel) == 100


# ---------------------------------------------------------------- header block, KPIs, HTTP

DOUBLED = re.compile(r"^(\w+): \1\b|\b(\w{3,})\W+\2\b", re.IGNORECASE)
UNITS = re.compile(r"%|USD|долл\.|\bdays?\b|дн|Tage|\bpp\b|п\.п\.|Pp\.|enterprises|предприят|"
                   r"Unternehmen")


def _items(client, path, lang):
    page = page_json(client.page(path, f"?lang={lang}"))
    menu = find_component(page, "downloads-menu")
    links = []

    def walk(node):
        if isinstance(node, dict):
            href = (node.get("props") or {}).get("href")
            if isinstance(href, str) and href.startswith("/download/"):
                links.append(href)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(menu)
    return page, links


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_every_file_of_every_page(dash_client, path, lang):
    """Every CSV and XLSX of the page's Download menu: one charset, no doubled words
    in the header, no float noise, no HTML, no two-digit years, KPI lines with units."""
    page, links = _items(dash_client, path, lang)
    assert links
    # a month with a two-digit year, as a chart's axis writes it ("Jan25", "Янв 25")
    short_year = re.compile("(?i)(" + "|".join(MONTHS[lang]) + r")\.? ?\d\d")
    for link in links:
        resp = dash_client.client.get(link)
        assert resp.status_code == 200, link
        if link.split("?")[0].endswith(".csv"):
            assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
            head, header, rows = read_csv(resp.data, lang)
        else:
            assert "charset" not in resp.headers["Content-Type"]
            head, header, rows, ws = read_xlsx(resp.data)
            for row in ws.iter_rows(min_row=len(head) + 3):
                for c in row:
                    if isinstance(c.value, (int, float)):
                        assert c.number_format != "General", (link, c.coordinate)
                    elif t("downloads.col.label", lang) not in str(header[c.column - 1]):
                        # no number written as text (the chart's labels are its text)
                        assert not re.fullmatch(r"[−-]?[\d.,]*\d", str(c.value or "x")), (
                            link, c.coordinate, c.value)
            rows = [["" if v is None else str(v) for v in r] for r in rows]
        for line in head:
            assert not DOUBLED.search(line), (link, line)
            assert "<" not in line and "click" not in line.lower(), (link, line)
        kpis = [h for h in head if h.startswith(("Key figure: ", "Показатель: ",
                                                 "Kennzahl: "))]
        if path not in ("/exports", "/trends"):
            assert kpis, link
        for line in kpis:
            sub = re.search(r"\((.*)\)$", line)
            if sub and re.search(r"\d", sub.group(1)):  # ("– on a year ago": no figure)
                assert UNITS.search(sub.group(1)), (link, line)
        for r in rows:
            for cell in r:
                assert "<br" not in cell and not short_year.fullmatch(cell), (link, cell)
                if re.fullmatch(r"-?\d+[.,]\d+", cell):
                    assert len(re.split(r"[.,]", cell)[1]) <= 8, (link, cell)


def test_kpi_lines_are_the_page_tiles_and_the_exports_figure_is_the_raw_sum(dash_client, raw):
    page = page_json(dash_client.page("/", "?lang=en"))
    resp = download(dash_client.client, "league-grid", "csv", "/", lang="en")
    head = read_csv(resp.data, "en")[0]
    kpis = [h for h in head if h.startswith("Key figure: ")]
    tile = find_component(page, "kpi-exports")
    assert kpis[0].startswith("Key figure: " + tile["children"][0]["props"]["children"])
    expected = ytd(raw, 2026)["value_usd"].sum() / 1e6
    assert f"{expected:,.1f} mn USD" in kpis[0]
    # receivables: each sub-line names its unit
    head = read_csv(download(dash_client.client, "rcv-trend", "csv", "/receivables",
                             lang="en").data, "en")[0]
    subs = [re.search(r"\((.*)\)$", h).group(1) for h in head if h.startswith("Key figure")]
    assert len(subs) == 6 and all(UNITS.search(s) for s in subs)


def test_metadata_lines_name_each_thing_once(dash_client):
    for lang in LANGS:
        head = read_csv(download(dash_client.client, "stock-trend", "csv", "/stock",
                                 lang=lang).data, lang)[0]
        page = page_json(dash_client.page("/stock", f"?lang={lang}"))
        fresh = " ".join(str(find_component(page, "freshness")["children"]).split())
        assert head[2] == fresh  # the stamp says "Data to …" itself
        assert not any(h.lower().startswith(("data: data", "данные: ", "daten: daten"))
                       for h in head)


def test_content_type_has_one_charset(dash_client):
    resp = download(dash_client.client, "exports-grid", "csv", "/exports", lang="en")
    assert resp.headers["Content-Type"].count("charset") == 1
    text = resp.data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))  # and the body is that charset
    resp = download(dash_client.client, "exports-grid", "xlsx", "/exports", lang="en")
    assert resp.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert load_workbook(io.BytesIO(resp.data)).active is not None


def test_an_empty_chart_says_its_message_once(dash_client, frames):
    rc = frames["receivable"].copy()
    rc["month"] = pd.to_datetime(rc["month"])
    overdue = rc[rc["month"] == "2026-10-01"].groupby("enterprise_id")["overdue_usd"].sum()
    ent = next(e for e in sorted(frames["exports"]["enterprise_id"].unique())
               if overdue.get(e, 0) == 0)
    resp = download(dash_client.client, "enterprise-receivables", "csv", f"/enterprise/{ent}",
                    lang="en")
    assert resp.status_code == 200
    head, header, rows = read_csv(resp.data, "en")
    assert rows == [] and header == ["Item"]
    message = head[0]
    assert "overdue" in message.lower()
    assert sum(message in h for h in head) == 1, head


@pytest.mark.parametrize("lang", LANGS)
def test_months_of_the_year_in_the_same_form(dash_client, lang):
    """The overview's charts run January to December with one column per year: the
    month alone, written as in the 24-month files ("янв", not "Янв")."""
    for item in ("monthly-chart", "cumulative-chart"):
        _, _, rows = read_csv(download(dash_client.client, item, "csv", "/", lang=lang).data,
                              lang)
        assert [r[0] for r in rows] == MONTHS[lang]


def test_menu_and_files_name_items_without_the_click_hint(dash_client):
    """The Exports bars' titles end in "— click a bar to go down" on the page; the
    menu entry, the file's title line and its sheet are the title without it."""
    page = page_json(dash_client.page("/exports", "?lang=en"))
    title = find_component(page, "geo-bars")["figure"]["layout"]["title"]
    chart_title = title["text"] + " " + (title.get("subtitle") or {}).get("text", "")
    assert "click" in chart_title  # (what the page says: the hint is in the subtitle)
    menu = find_component(page, "downloads-menu")
    texts = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props") or {}
            if props.get("className") == "dl-title":
                texts.append(props["children"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(menu)
    assert texts and not any("click" in x for x in texts)
    expected = re.sub(r"<[^>]*>", "", chart_title).split("click")[0].strip(" —·")
    assert expected in texts
    head, _, _, ws = read_xlsx(download(dash_client.client, "geo-bars", "xlsx", "/exports",
                                        lang="en").data)
    assert head[0] == expected and ws.title == expected[:31].strip()

"""The sales-and-service centres view of the Stock page (``/stock?view=centres``)
through the Flask server's HTTP interface, on both engines: the figures against the raw
generated rows, the tab from the stock view, drill clicks, downloads, bad URL values
(always a page with a message, never a 500)."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

import pandas as pd
import pytest

from tests.dash_client import page_json
from tests.dash_client import page_texts as page_text

PATH = "/stock"
CENTRE = "multibrand_center"


def _centres(frames) -> pd.DataFrame:
    d = frames["dist_subject"]
    return d[d["kind"] == CENTRE]


def _sales_2026(frames) -> float:
    cm = frames["centre_month"]
    months = pd.to_datetime(cm["month"])
    return float(cm.loc[(months.dt.year == 2026) & (months.dt.month <= 10), "sales_usd"].sum())


def test_view_shows_kpis_panels_and_footnote(any_client, frames):
    text = page_text(any_client.page(PATH, "?view=centres"))
    d = _centres(frames)
    last = pd.Timestamp("2026-10-31")
    opened = int((pd.to_datetime(d["opened_on"]) <= last).sum())
    due = int((pd.to_datetime(d["planned_opening"]) <= last).sum()
              + ((pd.to_datetime(d["opened_on"]) <= last)
                 & (pd.to_datetime(d["planned_opening"]) > last)).sum())
    assert f"Centres open, end of Oct 2026 | {opened} |   | of {due} |" in text
    assert f"{_sales_2026(frames) / 1e6:,.1f}" in text
    for words in ("Overdue openings", "Sales ÷ machinery exports", "Regions without a centre",
                  "Federal districts: centres open / planned by now",
                  "Concerns: centres open / planned by now",
                  "Federal districts: centres' sales, Jan–Oct 2026",
                  "% of machinery exports (HS 84, 87)",
                  "Centres: status, opening, sales and service Jan–Oct 2026",
                  "Machinery sells, no centre open", "HS chapters 84 and 87", "Russia",
                  "All concerns", "Sales-and-service centres"):
        assert words in text, words
    assert "Traceback" not in text


def test_every_centre_is_listed(any_client, frames):
    body = json.dumps(page_json(any_client.page(PATH, "?view=centres")), ensure_ascii=False)
    for name in _centres(frames)["name"]:
        assert name.replace("«", "«") in body, name


def test_tabs_lead_between_the_views_keeping_the_filter(any_client):
    body = json.dumps(page_json(any_client.page(PATH, "?concern=mtz&year=2025")))
    assert "/stock?year=2025&concern=mtz&view=centres" in body
    body = json.dumps(page_json(any_client.page(PATH, "?view=centres&concern=mtz&year=2025")))
    assert '"href": "/stock?year=2025&concern=mtz"' in body


def test_district_drill_shows_regions_and_breadcrumbs(any_client, frames):
    text = page_text(any_client.page(PATH, "?view=centres&district=CFD&geo=region"))
    assert "Russian regions: centres open / planned by now" in text
    assert "Central Federal District" in text
    d = _centres(frames)
    reg = frames["ru_region"].set_index("region_id")["district_id"]
    outside = d[d["region_id"].map(reg) != "CFD"]["name"]
    body = json.dumps(page_json(any_client.page(PATH, "?view=centres&district=CFD&geo=region")),
                      ensure_ascii=False)
    assert not any(f"[{n}]" in body for n in outside)


def _drill(client, trigger: str, key: str, context, search: str):
    return client.call("_pages_location.search", {
        f"{trigger}.clickData": {"points": [{"customdata": [key]}]},
        "centres-drill-context.data": context, "_pages_location.search": search,
    }, changed=[f"{trigger}.clickData"], input_id=trigger)


@pytest.mark.parametrize("trigger,key,context,expected", [
    ("centres-geo-bars", "CFD", {"geo": "district"}, ["district=CFD", "geo=region"]),
    ("centres-geo-bars", "RU-MOW", {"geo": "region"}, ["region=RU-MOW"]),
    ("centres-sales-bars", "NWFD", {"geo": "district"}, ["district=NWFD", "geo=region"]),
    ("centres-concern-bars", "mtz", {"geo": "district"}, ["concern=mtz"]),
])
def test_drill_callback_builds_the_next_url(dash_client, trigger, key, context, expected):
    resp = _drill(dash_client, trigger, key, context, "?view=centres&year=2025")
    assert resp.status_code == 200
    search = json.loads(resp.data)["response"]["_pages_location"]["search"]
    for part in expected + ["view=centres", "year=2025"]:
        assert part in search


@pytest.mark.parametrize("context", [{"geo": "nonsense"}, None, "x", {"geo": 5}])
def test_drill_with_a_bad_context_still_gives_a_valid_url(dash_client, context):
    resp = _drill(dash_client, "centres-geo-bars", "CFD", context, "?view=centres")
    assert resp.status_code in (200, 204)


def test_drill_with_malformed_click_data_changes_nothing(dash_client):
    resp = dash_client.call("_pages_location.search", {
        "centres-geo-bars.clickData": {"points": []}, "centres-drill-context.data": {},
        "_pages_location.search": ""}, changed=["centres-geo-bars.clickData"],
        input_id="centres-geo-bars")
    assert resp.status_code in (200, 204)


@pytest.mark.parametrize("search,message", [
    ("?view=centers", "does not exist"),
    ("?view=centres&geo=subject", "does not exist"),
    ("?view=centres&geo=%27%20OR%201%3D1", "does not exist"),
    ("?view=centres&to=13", "must be a number from 1 to 12"),
    ("?view=centres&concern=%27%20OR%201%3D1%20--", "Unknown concern ignored"),
    ("?view=centres&subject=999999", "Unknown subject ignored"),
    ("?view=centres&region=" + "A" * 5000, "was too long"),
])
def test_bad_values_give_a_message_not_an_error(dash_client, search, message):
    resp = dash_client.page(PATH, search)
    assert resp.status_code == 200
    text = page_text(resp)
    assert message in text, text[:2000]
    assert "Traceback" not in text


def test_a_single_centre_and_an_empty_view(dash_client, frames):
    c = _centres(frames).iloc[0]
    text = page_text(dash_client.page(PATH, f"?view=centres&subject={int(c['subject_id'])}"))
    assert "Traceback" not in text
    text = page_text(dash_client.page(PATH, "?view=centres&concern=bellegprom"))
    assert "No sales-and-service centre for this filter." in text


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_other_languages(dash_client, lang):
    text = page_text(dash_client.page(PATH, f"?view=centres&lang={lang}&present=1"))
    assert {"ru": "Торгово-сервисные центры", "de": "Vertriebs- und Servicezentren"}[lang] \
        in text
    assert "centres." not in text  # no message id shown for want of a text


def test_downloads_of_the_centres_table(dash_client, frames):
    query = urlencode({"path": PATH, "view": "centres", "lang": "en"})
    resp = dash_client.client.get(f"/download/centres-grid.csv?{query}")
    assert resp.status_code == 200
    body = resp.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    names = set(_centres(frames)["name"])
    assert sum(1 for r in rows if r and r[0] in names) == len(names)
    resp = dash_client.client.get(f"/download/centres-uncovered-grid.xlsx?{query}")
    assert resp.status_code == 200 and resp.data[:2] == b"PK"

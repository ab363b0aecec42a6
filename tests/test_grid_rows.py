"""A long analyst's table sends its first EXPORT_MONITOR_GRID_ROWS rows and one line "and K
more" summing the rest; its CSV/XLSX download still has every row. Checked on the support
page's table of falling enterprises without an instrument against the raw generated
rows (tests/test_support_queries.py's independent computation), in three languages; the
presentation theme keeps its own, shorter cut."""

from __future__ import annotations

import pytest

from dashboard.components.grid import MORE_ROW
from dashboard.i18n import t
from queries.filters import ExportFilter
from tests.dash_client import page_json
from tests.test_downloads import download, find_component, read_csv
from tests.test_support_queries import _falling

F = ExportFilter(year=2026, month_from=1, month_to=10)
SEARCH = "?year=2026&from=1&to=10"
KEEP = 7


@pytest.fixture
def losers(frames):
    """The falling enterprises without support, the largest loss first (pandas)."""
    want = _falling(frames, F)
    want = want[~want["supported"]].sort_values("change")
    assert len(want) > KEEP + 2, "the test needs a table longer than the cut"
    return want


@pytest.mark.parametrize("lang", ["en", "ru", "de"])
def test_a_long_table_sends_its_first_rows_and_sums_the_rest(dash_client, losers,
                                                             monkeypatch, lang):
    monkeypatch.setenv("EXPORT_MONITOR_GRID_ROWS", str(KEEP))
    grid = find_component(page_json(dash_client.page("/support", f"{SEARCH}&lang={lang}")),
                          "support-grid")
    rows = grid["rowData"]
    assert len(rows) == KEEP
    # the first rows of the table's order: the largest losses
    got = [r["change"] for r in rows]
    want = (losers["change"].iloc[:KEEP] / 1e6).tolist()
    assert got == pytest.approx(want, abs=0.051)
    more, total = grid["dashGridOptions"]["pinnedBottomRowData"]
    assert more[MORE_ROW] is True and total.get("is_total")
    rest = len(losers) - KEEP
    assert more["enterprise"] == t("grid.more_rows_download", lang, k=rest)
    assert more["change"] == pytest.approx(losers["change"].iloc[KEEP:].sum() / 1e6,
                                           abs=0.051 * rest)
    # the whole stays the whole
    assert total["change"] == pytest.approx(losers["change"].sum() / 1e6, abs=0.051)


def test_the_download_of_a_cut_table_has_every_row(dash_client, losers, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_GRID_ROWS", str(KEEP))
    resp = download(dash_client.client, "support-grid", "csv", "/support", year="2026",
                    **{"from": "1", "to": "10", "lang": "en"})
    assert resp.status_code == 200, resp.data[:300]
    _, header, rows = read_csv(resp.data, "en")
    assert len(rows) == len(losers) + 1  # every enterprise, then the total row
    assert not any("more" in " ".join(r) for r in rows)


def test_a_short_table_is_sent_whole(dash_client, losers, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_GRID_ROWS", str(len(losers)))
    grid = find_component(page_json(dash_client.page("/support", SEARCH)), "support-grid")
    assert len(grid["rowData"]) == len(losers)
    pinned = grid["dashGridOptions"]["pinnedBottomRowData"]
    assert len(pinned) == 1 and not pinned[0].get(MORE_ROW)


def test_the_shared_screen_keeps_its_own_cut(dash_client, losers, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_GRID_ROWS", str(KEEP))
    grid = find_component(page_json(dash_client.page("/support", f"{SEARCH}&present=1")),
                          "support-grid")
    # present_rows=6 with a total: four rows, "and K more", the total
    assert len(grid["rowData"]) == 4
    more = grid["dashGridOptions"]["pinnedBottomRowData"][0]
    assert more["enterprise"] == t("present.more_rows", "en", k=len(losers) - 4)


@pytest.mark.parametrize("value", ["abc", "0", "-5"])
def test_a_bad_row_setting_gets_a_message_naming_it(dash_client, monkeypatch, value):
    from tests.dash_client import page_texts

    monkeypatch.setenv("EXPORT_MONITOR_GRID_ROWS", value)
    resp = dash_client.page("/support", SEARCH)
    assert resp.status_code == 200
    text = page_texts(resp)
    assert "EXPORT_MONITOR_GRID_ROWS" in text and "unexpected" not in text


@pytest.mark.parametrize("value, ok", [("1", True), ("300", True), ("0", False),
                                       ("-5", False), ("2.5", False)])
def test_the_row_setting_refuses_values_below_one(monkeypatch, value, ok):
    from queries import settings

    monkeypatch.setenv("EXPORT_MONITOR_GRID_ROWS", value)
    if ok:
        assert settings.get("EXPORT_MONITOR_GRID_ROWS") == int(value)
    else:
        with pytest.raises(settings.SettingError, match="EXPORT_MONITOR_GRID_ROWS"):
            settings.get("EXPORT_MONITOR_GRID_ROWS")

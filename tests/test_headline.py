"""The Overview's headline figures (issue 9): fulfilment to date, the full-year
forecast and its backtest, which target applies, the edge cases (no last year, no
target), the oblast targets adding up to the national one, and the default month when
the latest month is only partly reported.

Every figure is recomputed here from the raw generated rows (``frames``), with its own
code: the forecast's method is restated below, not imported."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from queries import demo, engine, forecast
from queries import exports as q
from queries.dimensions import dimensions, reporting
from queries.filters import ExportFilter, parse_filter
from queries.rollups import ROLLUPS, rollup_sql
from tests.conftest import TEST_END, TEST_SEED
from tests.dash_client import DashClient, page_texts

YEAR = 2026
F = ExportFilter(year=YEAR, month_from=1, month_to=10)


# -- the independent computation ------------------------------------------------------
def _monthly(frames, year: int, concern: str | None = None, enterprise: int | None = None
             ) -> np.ndarray:
    ex = frames["exports"].merge(frames["enterprise"][["enterprise_id", "concern_id"]],
                                 on="enterprise_id")
    if concern is not None:
        ex = ex[ex["concern_id"] == concern]
    if enterprise is not None:
        ex = ex[ex["enterprise_id"] == enterprise]
    month = pd.to_datetime(ex["month"])
    sums = ex[month.dt.year == year].groupby(month.dt.month)["value_usd"].sum()
    return np.array([sums.get(m, 0.0) for m in range(1, 13)], dtype=float)


def _expected_forecast(cur: np.ndarray, ly: np.ndarray, m: int, momentum: bool = True):
    """The method as README "Definitions" states it, written out again."""
    if m == 12:
        return cur.sum()
    if ly[:m].sum() <= 0:
        return cur[:m].sum() / m * 12
    ytd = cur[:m].sum() / ly[:m].sum()
    if momentum:
        k = max(0, m - 3)
        ratio = 0.5 * cur[k:m].sum() / ly[k:m].sum() + 0.5 * ytd
    else:
        ratio = ytd
    return cur[:m].sum() + ly[m:].sum() * ratio


def _expected_backtest(frames, momentum: bool, last_year: int = YEAR - 1):
    """MAPE by month of forecast over the national total and over concern-years."""
    years = range(2022, last_year + 1)
    units = [None] + sorted(frames["concern"]["concern_id"])
    total, concerns = {m: [] for m in range(1, 12)}, {m: [] for m in range(1, 12)}
    for unit in units:
        for y in years:
            cur, ly = _monthly(frames, y, unit), _monthly(frames, y - 1, unit)
            if cur.sum() <= 0 or ly.sum() <= 0:
                continue
            for m in range(1, 12):
                ape = abs(_expected_forecast(cur, ly, m, momentum) / cur.sum() - 1) * 100
                (total if unit is None else concerns)[m].append(ape)
    return ({m: np.mean(v) for m, v in total.items()},
            {m: np.mean(v) for m, v in concerns.items()})


# -- fulfilment and forecast on both engines ---------------------------------------------
def test_fulfilment_to_date_and_forecast_carry_different_information(db, frames):
    k = q.kpis(F)
    cur, ly = _monthly(frames, YEAR), _monthly(frames, YEAR - 1)
    target = frames["target_concern"].query("year == @YEAR")["value_usd"].sum()
    path_so_far = target * ly[:10].sum() / ly.sum()
    assert k["fulfilment_pro_rata_pct"] == pytest.approx(cur[:10].sum() / path_so_far * 100)
    assert k["forecast"] == pytest.approx(_expected_forecast(cur, ly, 10))
    assert k["forecast_method"] == forecast.SEASONAL and k["as_of"] == 10
    assert k["forecast_vs_target_pct"] == pytest.approx(k["forecast"] / target * 100)
    assert k["target_basis"] == "national"
    # the old forecast ÷ target was fulfilment to date under another name; this is not
    old = cur[:10].sum() + (ly.sum() - ly[:10].sum()) * cur[:10].sum() / ly[:10].sum()
    assert old / target * 100 == pytest.approx(k["fulfilment_pro_rata_pct"])
    assert k["forecast"] != pytest.approx(old, rel=1e-6)


def test_forecast_uses_every_complete_month_whatever_the_period(db, frames):
    cur, ly = _monthly(frames, YEAR), _monthly(frames, YEAR - 1)
    short = q.kpis(F.with_(month_from=4, month_to=6))
    assert short["as_of"] == 10
    assert short["forecast"] == pytest.approx(_expected_forecast(cur, ly, 10))
    assert short["value"] == pytest.approx(cur[3:6].sum())  # the period's own figure


def test_league_forecast_per_concern(db, frames):
    df = q.league(F).set_index("key")
    targets = frames["target_concern"].query("year == @YEAR").set_index("concern_id")
    for concern_id, row in df.iterrows():
        cur, ly = _monthly(frames, YEAR, concern_id), _monthly(frames, YEAR - 1, concern_id)
        assert row["forecast"] == pytest.approx(_expected_forecast(cur, ly, 10)), concern_id
        assert row["forecast_vs_target_pct"] == pytest.approx(
            row["forecast"] / targets.loc[concern_id, "value_usd"] * 100)


def test_a_complete_past_year_forecasts_its_actual(db, frames):
    k = q.kpis(F.with_(year=YEAR - 1, month_to=6))
    assert k["forecast_method"] == forecast.ACTUAL
    assert k["forecast"] == pytest.approx(_monthly(frames, YEAR - 1).sum())


def test_backtest_tables_new_and_old(db, frames):
    tables = q.backtest_tables()
    for momentum, key in ((True, "new"), (False, "old")):
        total, concerns = _expected_backtest(frames, momentum)
        got_total = tables["total"][key].set_index("as_of")
        got_conc = tables["concerns"][key].set_index("as_of")
        assert list(got_total.index) == list(range(1, 12))
        for m in range(1, 12):
            assert got_total.loc[m, "mape_pct"] == pytest.approx(total[m]), (key, m)
            assert got_conc.loc[m, "mape_pct"] == pytest.approx(concerns[m]), (key, m)
        assert set(got_total["years"]) == {"2022–2025"}
        assert set(got_total["cases"]) == {4}


def test_the_pure_forecast_without_last_year_is_the_run_rate(frames):
    cur = _monthly(frames, 2021)  # the data's first year: nothing before it
    value, how = forecast.forecast_year(cur, np.zeros(12), 6)
    assert how == forecast.RUN_RATE
    assert value == pytest.approx(cur[:6].sum() / 6 * 12)
    value, how = forecast.forecast_year(cur, np.zeros(12), 0)
    assert how == forecast.NO_MONTHS and math.isnan(value)


# -- targets -----------------------------------------------------------------------------
def test_oblast_targets_add_up_to_the_national_target(db, frames):
    by_concern = frames["target_concern"].groupby("year")["value_usd"].sum()
    by_oblast = frames["target_oblast"].groupby("year")["value_usd"].sum()
    assert list(by_concern.index) == list(by_oblast.index)
    np.testing.assert_allclose(by_oblast.to_numpy(), by_concern.to_numpy(), rtol=0, atol=0.005)
    oblasts = tuple(sorted(frames["by_oblast"]["oblast_id"]))
    assert q.target_value(F.with_(oblasts=oblasts)) == pytest.approx(q.target_value(F))
    assert q.target_basis(F.with_(oblasts=oblasts)) == "oblasts"


def test_finer_filters_have_no_target(db, frames):
    ent = int(frames["enterprise"]["enterprise_id"].iloc[0])
    for f in (F.with_(enterprises=(ent,)), F.with_(headings=("0406",)),
              F.with_(concerns=("bellegprom",), oblasts=("BY-MI",))):
        k = q.kpis(f)
        assert k["target"] is None and k["target_basis"] == "finer"
        assert math.isnan(k["fulfilment_pro_rata_pct"]) and k["status"] == "no_target"


def test_overview_says_which_target_applies(any_client, frames):
    name = frames["concern"].set_index("concern_id").loc["bellegprom"]
    short = name.get("short_name_en") or name["name_en"]
    text = page_texts(any_client.page("/", ""))
    assert "national target 2026" in text
    text = page_texts(any_client.page("/", "?concern=bellegprom"))
    assert f"target of {short} 2026" in text or f"target of {name['name_en']} 2026" in text
    ent = int(frames["enterprise"]["enterprise_id"].iloc[0])
    text = page_texts(any_client.page("/", f"?enterprise={ent}"))
    assert "no target" in text and "Targets are set by concern and by oblast only" in text
    assert "target 0.0" not in text and "– mn USD" not in text


def test_overview_footnote_states_method_and_backtest(dash_client, frames):
    text = page_texts(dash_client.page("/", ""))
    total, concerns = _expected_backtest(frames, True)
    old_total, old_concerns = _expected_backtest(frames, False)
    fmt = "{:,.1f} %".format
    assert "half of the last 3 months, half since January" in text
    assert (f"Backtest 2022–2025, made after October: mean error {fmt(total[10])} for the "
            f"total, {fmt(concerns[10])} for concerns (growth since January alone: "
            f"{fmt(old_total[10])}, {fmt(old_concerns[10])})") in text


def test_overdue_tile_says_a_product_filter_does_not_apply(dash_client):
    assert "product filter does not apply" in page_texts(dash_client.page("/", "?heading=4011"))
    assert "product filter does not apply" not in page_texts(dash_client.page("/", ""))


# -- a database whose latest month is partly reported, one target missing, and one
# -- whose only year has no last year --------------------------------------------------
SMALL = 0.02
KEEP_SHARE = 0.63


def _kept(frames) -> set[int]:
    """The enterprises that "have reported" October 2026: 63 % of October 2025's."""
    month = pd.to_datetime(frames["exports"]["month"])
    ly = sorted(set(frames["exports"].loc[month == "2025-10-01", "enterprise_id"]))
    return set(ly[: int(len(ly) * KEEP_SHARE)])


@pytest.fixture(scope="module")
def small_frames():
    return demo.generate(scale=SMALL, seed=TEST_SEED, end_month=TEST_END)


@pytest.fixture(scope="module")
def partial_url(tmp_path_factory, small_frames):
    path = tmp_path_factory.mktemp("partial") / "partial.duckdb"
    url = f"duckdb:///{path}"
    demo.build_database(url, scale=SMALL, seed=TEST_SEED, end_month=TEST_END)
    keep = ",".join(str(i) for i in sorted(_kept(small_frames)))
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DELETE FROM exports WHERE month = DATE '2026-10-01' "
                          f"AND enterprise_id NOT IN ({keep})"))
        for name in ROLLUPS:
            conn.execute(text(f"DELETE FROM {name}"))
            conn.execute(text(rollup_sql(name, "duckdb")))
        conn.execute(text("DELETE FROM target_concern WHERE year = 2026 "
                          "AND concern_id = 'bellegprom'"))
    eng.dispose()
    return url


@pytest.fixture
def partial(partial_url, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", partial_url)
    engine.reset()
    yield partial_url
    engine.reset()


def _expected_share(frames) -> float:
    month = pd.to_datetime(frames["exports"]["month"])
    ly = set(frames["exports"].loc[month == "2025-10-01", "enterprise_id"])
    now = set(frames["exports"].loc[month == "2026-10-01", "enterprise_id"]) & _kept(frames)
    return len(now & ly) / len(ly) * 100


def test_partial_latest_month_is_not_the_default(partial, small_frames):
    dims = dimensions()
    assert dims.latest_month == date(2026, 10, 1)
    assert dims.complete_month == date(2026, 9, 1)
    assert [m for m, _ in dims.partial_months] == [date(2026, 10, 1)]
    share = _expected_share(small_frames)
    assert dims.partial_months[0][1] == pytest.approx(share)
    f, problems = parse_filter({}, dims)
    assert (f.year, f.month_to) == (2026, 9) and problems == []
    f, problems = parse_filter({"to": "10"}, dims)  # asked for, it is still there
    assert f.month_to == 10 and problems == []
    # the forecast counts only complete months
    assert q.kpis(f)["as_of"] == 9


def test_partial_latest_month_on_the_page(partial, small_frames, monkeypatch):
    from dashboard.app import create_app
    client = DashClient(create_app().server.test_client())
    share = math.floor(_expected_share(small_frames))
    text = page_texts(client.page("/", ""))
    assert "Exports, January–September 2026" in text
    assert f"Data to September 2026 · October: {share} % of enterprises reported" in text
    ru = page_texts(client.page("/", "?lang=ru"))
    assert f"Октябрь: отчитались {share} % предприятий" in ru
    de = page_texts(client.page("/", "?lang=de"))
    assert f"Oktober: {share} % der Unternehmen haben gemeldet" in de
    # the share is a setting (dimensions are memoised per data version: ask directly)
    monkeypatch.setenv("EXPORT_MONITOR_COMPLETE_SHARE", str(share - 1))
    assert reporting(date(2026, 10, 1)) == (date(2026, 10, 1), ())


def test_a_concern_without_a_target_shows_no_target(partial):
    from dashboard.app import create_app
    client = DashClient(create_app().server.test_client())
    assert q.target_value(ExportFilter(year=2026, month_to=9, concerns=("bellegprom",))) is None
    # with another concern that has one, a partial sum would pass for the whole: none
    assert q.target_value(ExportFilter(year=2026, month_to=9,
                                       concerns=("bellegprom", "mtz"))) is None
    text = page_texts(client.page("/", "?concern=bellegprom"))
    assert "no target" in text and "No target is set for 2026" in text
    assert "target 0.0" not in text


@pytest.fixture(scope="module")
def first_year_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("first") / "first.duckdb"
    url = f"duckdb:///{path}"
    demo.build_database(url, scale=SMALL, seed=TEST_SEED, end_month="2021-06")
    return url


def test_no_last_year_forecasts_from_this_years_months(first_year_url, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", first_year_url)
    engine.reset()
    try:
        frames = demo.generate(scale=SMALL, seed=TEST_SEED, end_month="2021-06")
        cur = _monthly(frames, 2021)
        k = q.kpis(ExportFilter(year=2021, month_to=6))
        assert k["forecast_method"] == forecast.RUN_RATE
        assert k["forecast"] == pytest.approx(cur[:6].sum() / 6 * 12)
        from dashboard.app import create_app
        client = DashClient(create_app().server.test_client())
        text = page_texts(client.page("/", ""))
        assert "no exports last year: run rate" in text
        assert "extended at their monthly average" in text
        assert "– mn USD" not in text and "no target" in text
    finally:
        engine.reset()

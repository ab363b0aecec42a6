"""The demonstration-data generator against expectations written independently of it.

Small scales keep this file to seconds. PostgreSQL runs too when
EXPORT_MONITOR_TEST_PG_URL is set (a throwaway schema is created and dropped).
"""

from __future__ import annotations

import os
import uuid

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from queries import demo, schema
from queries.rollups import ROLLUPS, STOCK_CELLS

SEED = 20261026
END = "2026-10"
MACHINERY = ("belavtomaz", "belaz", "mtz", "gomselmash", "amkodor", "bmk", "atlant",
             "horizont", "bobruiskagromash", "minprom")
FOOD = ("belgospishcheprom", "minagro")
PK = {t.name: [c.name for c in t.primary_key.columns] for t in schema.metadata.sorted_tables}


@pytest.fixture(scope="module")
def small():
    return demo.generate(0.05, SEED, END)


@pytest.fixture(scope="module")
def quarter():
    return demo.generate(0.25, SEED, END)


def _ytd_growth(frames, by: str) -> pd.Series:
    ex = frames["exports"].merge(frames["enterprise"], on="enterprise_id")
    ex = ex[ex["month"].dt.month <= 10]
    pv = ex.pivot_table(index=by, columns=ex["month"].dt.year, values="value_usd",
                        aggfunc="sum", observed=True)
    return pv[2026] / pv[2025] - 1


# -- the frames -------------------------------------------------------------------------
def test_same_arguments_give_identical_frames(small):
    again = demo.generate(0.05, SEED, END)
    assert list(again) == list(small)
    for name in small:
        pd.testing.assert_frame_equal(again[name], small[name], check_exact=True)


def test_another_seed_gives_other_data(small):
    other = demo.generate(0.05, SEED + 1, END)
    assert not other["exports"]["value_usd"].equals(small["exports"]["value_usd"])


def test_one_frame_per_table_with_schema_columns(small):
    expected = {t.name for t in schema.metadata.sorted_tables} - {"load_log", *ROLLUPS}
    assert set(small) == expected
    for name, df in small.items():
        assert sorted(df.columns) == sorted(c.name for c in schema.metadata.tables[name].columns), name
        if "month" in df:
            assert pd.api.types.is_datetime64_dtype(df["month"]), name
            assert (df["month"].dt.day == 1).all() and (df["month"].dt.hour == 0).all()


def test_keys_unique_and_values_not_negative(small):
    for name, df in small.items():
        assert not df.duplicated(PK[name]).any(), name
        for col in df.columns:
            if col.endswith("_usd") or col in ("quantity", "value_usd"):
                assert (df[col].dropna() >= 0).all(), (name, col)  # (a bid may have none)
    ex = small["exports"]
    assert (ex["value_usd"] > 0).all()
    assert np.allclose(ex["value_usd"], ex["value_usd"].round(2))
    assert ex["month"].is_monotonic_increasing  # loaded in month order (zone maps)


def test_months_run_from_2021_to_end_month(small):
    months = small["exports"]["month"]
    assert months.min() == pd.Timestamp("2021-01-01")
    assert months.max() == pd.Timestamp("2026-10-01")
    assert months.nunique() == 70


def test_dimensions(quarter):
    ent = quarter["enterprise"]
    assert 1900 <= len(ent) <= 2100
    assert ent["is_major"].sum() >= 55
    assert ent["name_ru"].is_unique and ent["name_en"].is_unique
    assert ent["unp"].str.fullmatch(r"[1-7]\d{8}").all() and ent["unp"].is_unique
    first = ent["unp"].str[0]
    assert (first[ent["oblast_id"] == "BY-HM"] == "1").all()
    assert ent.groupby("oblast_id").size().nlargest(2).index.isin(["BY-HM", "BY-MI"]).all()
    assert 20 <= len(quarter["concern"]) <= 30
    assert set(quarter["concern"]["kind"]) == set(schema.CONCERN_KINDS)
    assert set(ent["concern_id"]) <= set(quarter["concern"]["concern_id"])
    mtz = ent[ent["name_en"].str.startswith("MTZ (Minsk Tractor")]
    assert mtz["concern_id"].tolist() == ["mtz"] and mtz["is_industrial"].all()
    savushkin = ent[ent["name_en"] == "Savushkin Product"]
    assert savushkin["concern_id"].tolist() == ["other"]
    assert not savushkin["is_industrial"].any()
    reg = quarter["ru_region"]
    assert len(reg) == 83 and reg["region_id"].str.startswith("RU-").all()
    assert reg["curator"].notna().sum() in range(3, 20)
    assert len(quarter["federal_district"]) == 8
    assert 350 <= len(quarter["dist_subject"]) <= 450
    assert quarter["dist_subject"]["name"].is_unique
    assert quarter["hs_heading"]["heading_id"].str.fullmatch(r"\d{4}").all()
    assert "0401" in set(quarter["hs_heading"]["heading_id"])


# -- the story the data must tell --------------------------------------------------------
@pytest.mark.parametrize("fixture", ["small", "quarter"])
def test_annual_totals_in_published_range(fixture, request):
    frames = request.getfixturevalue(fixture)
    ex = frames["exports"]
    by_year = ex.groupby(ex["month"].dt.year)["value_usd"].sum() / 1e9
    assert 15.0 <= by_year[2021] <= 17.5
    assert 22.0 <= by_year[2022] <= 24.0
    assert 22.5 <= by_year[2023] <= 24.5
    assert 21.5 <= by_year[2024] <= 24.0 and 21.5 <= by_year[2025] <= 24.0
    ytd = ex[ex["month"].dt.month <= 10]
    ytd = ytd.groupby(ytd["month"].dt.year)["value_usd"].sum()
    assert -0.08 <= ytd[2026] / ytd[2025] - 1 <= -0.01
    dairy = ex[ex["heading_id"].astype(str).str.startswith("04")]
    dairy = dairy.groupby(dairy["month"].dt.year)["value_usd"].sum() / 1e9
    assert dairy[[2021, 2022, 2023, 2024, 2025]].between(1.8, 2.9).all()


def test_money_does_not_depend_on_scale_rows_do(small, quarter):
    def totals(f):
        ex = f["exports"]
        return ex.groupby(ex["month"].dt.year)["value_usd"].sum()
    a, b = totals(small), totals(quarter)
    assert np.allclose(a[a.index < 2026], b[b.index < 2026], rtol=1e-3)
    assert a[2026] == pytest.approx(b[2026], rel=0.01)
    ratio = len(quarter["exports"]) / len(small["exports"])
    assert 3.0 < ratio < 7.0
    assert 120_000 <= len(quarter["exports"]) <= 180_000  # ≈ 600,000 × 0.25


def test_machinery_falls_and_food_grows_this_year(quarter):
    growth = _ytd_growth(quarter, "concern_id")
    for concern in MACHINERY:
        assert -0.26 <= growth[concern] <= -0.09, (concern, growth[concern])
    for concern in FOOD:
        assert 0.04 <= growth[concern] <= 0.16, (concern, growth[concern])


def test_every_concern_has_risers_and_fallers(quarter):
    ent = quarter["enterprise"]
    growth = _ytd_growth(quarter, "enterprise_id").dropna()
    by_concern = ent.set_index("enterprise_id").loc[growth.index, "concern_id"]
    for concern, g in growth.groupby(by_concern):
        if len(g) >= 8:
            assert (g > 0).any() and (g < 0).any(), concern
    assert (growth < -0.3).sum() >= 20  # some fall much more


def test_runs_of_decline_exist(quarter):
    ex = quarter["exports"]
    m = ex.pivot_table(index="enterprise_id", columns="month", values="value_usd",
                       aggfunc="sum", fill_value=0).to_numpy()
    below = m[:, 12:] < m[:, :-12]
    run = np.zeros(len(m), int)
    for i, row in enumerate(below):  # months in a row below last year, up to the latest
        k = 0
        while k < len(row) and row[-1 - k]:
            k += 1
        run[i] = k
    assert ((run >= 3) & (run <= 10)).sum() >= 100


def test_seasonality(quarter):
    ex = quarter["exports"].merge(quarter["enterprise"], on="enterprise_id")
    ex = ex[ex["month"].dt.year.between(2022, 2025)]
    by_month = ex.groupby(ex["month"].dt.month)["value_usd"].sum()
    assert by_month.idxmin() == 1  # January dip
    agri = ex[ex["heading_id"].isin(["8432", "8433"])]
    agri = agri.groupby(agri["month"].dt.month)["value_usd"].sum()
    assert agri.idxmax() in (3, 4, 5)  # machinery for the spring field work


def test_moscow_is_the_largest_market(quarter):
    ex = quarter["exports"]
    by_region = ex.groupby("region_id", observed=True)["value_usd"].sum().sort_values()
    assert by_region.index[-1] == "RU-MOW"
    assert set(by_region.index[-3:]) <= {"RU-MOW", "RU-MOS", "RU-SPE", "RU-LEN"}
    assert by_region["RU-SMO"] > by_region.get("RU-AMU", 0) * 5


def test_targets_follow_last_years_actuals(quarter):
    ex = quarter["exports"].merge(quarter["enterprise"], on="enterprise_id")
    actual = ex.groupby(["concern_id", ex["month"].dt.year])["value_usd"].sum()
    tc = quarter["target_concern"]
    assert set(tc["year"]) == set(range(2022, 2027))
    assert tc["growth_pct"].between(0, 20).all()
    for row in tc.itertuples():
        prev = actual[(row.concern_id, row.year - 1)]
        assert row.value_usd == pytest.approx(prev * (1 + row.growth_pct / 100), abs=0.01)
    to = quarter["target_oblast"]
    assert len(to) == 7 * 5


def test_stock_size_and_build_up_where_shipments_fall(quarter):
    ex, st = quarter["exports"], quarter["stock"]
    assert 0.03 <= len(st) / len(ex) <= 0.08
    assert (st["quantity"] > 0).all()
    ent = quarter["enterprise"].set_index("enterprise_id")
    machinery_ids = ent.index[ent["concern_id"].isin(MACHINERY)]

    mach_st = st[st["enterprise_id"].isin(machinery_ids)]
    mach_ex = ex[ex["enterprise_id"].isin(machinery_ids)]
    stock = mach_st.groupby("month")["value_usd"].sum()
    ship3 = mach_ex.groupby("month")["value_usd"].sum().rolling(3).mean()
    cover = stock / ship3  # months of shipments held in the network

    def ytd(s, year):
        return s[(s.index.year == year) & (s.index.month <= 10)].mean()

    assert 0.8 <= ytd(cover, 2024) <= 4.0
    assert ytd(ship3, 2026) < 0.92 * ytd(ship3, 2025)  # shipments fall ...
    assert ytd(stock, 2026) > ytd(stock, 2025)  # ... while stock grows
    assert ytd(cover, 2026) > 1.2 * ytd(cover, 2025)


def test_receivables_add_up_and_age(quarter):
    r, rc = quarter["receivable"], quarter["receivable_cause"]
    assert 0.01 <= len(r) / len(quarter["exports"]) <= 0.08
    buckets = r[["overdue_upto_30_usd", "overdue_31_90_usd", "overdue_91_180_usd",
                 "overdue_over_180_usd"]]
    assert ((buckets.sum(axis=1) - r["overdue_usd"]).abs() < 0.01).all()
    assert (r["overdue_usd"] <= r["total_usd"] + 0.005).all()
    assert (buckets >= 0).all().all()
    key = ["month", "enterprise_id", "region_id"]
    by_cause = rc.groupby(key, observed=True)["overdue_usd"].sum()
    joined = r.set_index(key)["overdue_usd"].to_frame("overdue").join(by_cause.rename("causes"))
    joined["causes"] = joined["causes"].fillna(0)
    assert ((joined["overdue"] - joined["causes"]).abs() < 0.011).all()
    assert (rc["overdue_usd"] > 0).all()
    top = rc.sort_values("overdue_usd", ascending=False).drop_duplicates(key)
    main = r.set_index(key)["main_cause"].dropna()
    assert (top.set_index(key).loc[main.index, "cause"].astype(str) == main).all()
    assert r.loc[r["overdue_usd"] == 0, "main_cause"].isna().all()
    # overall overdue share normal before, higher now; debt that persists gets older
    year = r["month"].dt.year
    share = r.groupby(year)["overdue_usd"].sum() / r.groupby(year)["total_usd"].sum()
    assert 0.05 <= share[2023] <= 0.15 and share[2026] > share[2024]
    growth = _ytd_growth(quarter, "enterprise_id")
    falling = growth.index[growth < -0.15]
    f = r[r["enterprise_id"].isin(falling)]
    old = (f["overdue_91_180_usd"] + f["overdue_over_180_usd"]).groupby(f["month"]).sum()
    assert old[pd.Timestamp("2026-10-01")] > 1.3 * old[pd.Timestamp("2025-10-01")]
    fs = f.groupby(f["month"])[["overdue_usd", "total_usd"]].sum()
    assert fs.loc["2026-10-01", "overdue_usd"] / fs.loc["2026-10-01", "total_usd"] > 0.18


# -- loading ----------------------------------------------------------------------------
def _check_database(engine: sa.Engine, frames: dict, counts: dict):
    for name, df in frames.items():
        assert counts[name] == len(df), name
    assert counts["load_log"] == 1
    with engine.connect() as conn:
        log = conn.execute(sa.select(schema.load_log)).mappings().one()
        ex = pd.read_sql("SELECT * FROM exports", conn)
        rollups = {name: pd.read_sql(f"SELECT * FROM {name}", conn) for name in ROLLUPS}
    assert log["kind"] == "demo" and log["outcome"] == "loaded"
    assert log["rows_added"] == len(frames["exports"]) and log["rows_replaced"] == 0
    assert str(log["period_from"]) == "2021-01-01" and str(log["period_to"]) == "2026-10-01"
    assert len(log["load_id"]) == 32 and log["sha256"] is None
    assert ex["value_usd"].sum() == pytest.approx(frames["exports"]["value_usd"].sum())
    ent = frames["enterprise"][["enterprise_id", "concern_id", "oblast_id", "is_industrial"]]
    ex = ex.merge(ent, on="enterprise_id").merge(
        frames["ru_region"][["region_id", "district_id"]], on="region_id")
    held = frames["stock"].merge(frames["dist_subject"][["subject_id", "region_id"]],
                                 on="subject_id")[["enterprise_id", "heading_id", "region_id"]]
    held = held.astype(str).drop_duplicates()
    for rollup, keys in ROLLUPS.items():
        got = rollups[rollup]
        source = ex
        if rollup == STOCK_CELLS:  # exports of the cells that subjects hold stock of
            cell = ex[["enterprise_id", "heading_id", "region_id"]].astype(str)
            source = ex[cell.merge(held, how="left", indicator=True)["_merge"]
                        .eq("both").to_numpy()]
            assert 0 < len(source) < len(ex)
        want = source.groupby(list(keys), as_index=False)[["value_usd", "quantity"]].sum()
        merged = want.merge(got, on=keys, how="outer", suffixes=("", "_db"),
                            indicator=True)
        assert (merged["_merge"] == "both").all(), rollup
        assert np.allclose(merged["value_usd"], merged["value_usd_db"], atol=0.006)
        assert np.allclose(merged["quantity"], merged["quantity_db"], atol=0.0006)


def test_build_duckdb_file(tmp_path, small):
    target = tmp_path / "demo.duckdb"
    counts = demo.build_database(f"duckdb:///{target}", 0.05, SEED, END)
    assert target.exists()
    assert not list(tmp_path.glob("*.building*"))
    engine = sa.create_engine(f"duckdb:///{target}")
    try:
        _check_database(engine, small, counts)
    finally:
        engine.dispose()
    # a second build replaces the file rather than adding to it
    again = demo.build_database(f"duckdb:///{target}", 0.05, SEED, END)
    assert again == counts


def test_ensure_demo_database_builds_only_when_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPORT_MONITOR_DEMO_SCALE", "0.02")
    path = tmp_path / "sub" / "demo.duckdb"
    assert demo.ensure_demo_database(path) is True
    mtime = path.stat().st_mtime_ns
    assert demo.ensure_demo_database(path) is False
    assert path.stat().st_mtime_ns == mtime


@pytest.mark.skipif(not os.environ.get("EXPORT_MONITOR_TEST_PG_URL"),
                    reason="EXPORT_MONITOR_TEST_PG_URL not set")
def test_build_postgres_in_throwaway_schema(small):
    url = os.environ["EXPORT_MONITOR_TEST_PG_URL"]
    name = f"demo_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    connect_args = {"options": f"-csearch_path={name}"}
    engine = sa.create_engine(url, connect_args=connect_args)
    try:
        counts = demo.build_database(url, 0.05, SEED, END, connect_args=connect_args)
        _check_database(engine, small, counts)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()

"""The corpus of bad files: each rejected with the right reason, on both engines, and
the database's figures unchanged to the last bit. And good files as they really
arrive: loaded, replacing exactly their period for their enterprises, checked against
an independent pandas computation over the generator's rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from queries import schema
from queries.imports import ImportBusy, import_files
from queries.imports.load import import_lock
from tests.import_files.make_corpus import EXPECTED, EXPECTED_ROWS, MAZ
from tests.import_files.support import (
    HERE,
    demo_database,
    fingerprint,
    log_rows,
    read_table,
    sums,
)


@pytest.fixture(params=["duckdb", "postgresql"], scope="module")
def backend(request):
    return request.param


@pytest.fixture(scope="module")
def shared_db(request, backend, tmp_path_factory):
    """One database per engine for all the bad files (none of them may change it)."""
    url, cleanup = demo_database(request, tmp_path_factory.mktemp("corpus"), backend)
    yield url
    cleanup()


@pytest.fixture
def fresh_db(request, backend, tmp_path):
    url, cleanup = demo_database(request, tmp_path, backend)
    yield url
    cleanup()


@pytest.fixture(scope="module")
def before(shared_db):
    return fingerprint(shared_db)


@pytest.fixture(scope="module")
def before_sums(shared_db):
    return sums(shared_db)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_rejected_and_changes_no_figure(name, shared_db, before, before_sums):
    code, column = EXPECTED[name]
    logged = len(log_rows(shared_db))
    result = import_files([HERE / name], url=shared_db, loaded_by="test")
    assert not result.ok and not result.loaded
    found = [(g.code, g.column) for g in result.report.groups]
    assert (code, column) in found, result.report.text()
    if name in EXPECTED_ROWS:  # the row a spreadsheet shows
        first = next(g for g in result.report.groups if (g.code, g.column) == (code, column))
        assert first.rows == EXPECTED_ROWS[name], result.report.text()
    if len({g.file for g in result.report.groups}) == 1:  # one file: its own problems only
        assert "batch_rejected" not in [g.code for g in result.report.groups]
    text = result.report.text()
    assert name in text and "problem" in text  # file named, total given
    for group in result.report.groups:  # plain words, never a raw id or a placeholder
        assert "{" not in group.reason and group.reason[0].isupper()
    assert fingerprint(shared_db) == before
    assert sums(shared_db) == before_sums
    log = log_rows(shared_db)
    assert len(log) == logged + 1
    last = log.iloc[-1]
    assert (last["outcome"], last["source"], last["rows_added"]) == ("rejected", name, 0)


def test_dry_run_logs_nothing(shared_db, before):
    logged = len(log_rows(shared_db))
    result = import_files([HERE / "good_exports_cp1251.csv"], url=shared_db, dry_run=True)
    assert result.ok and not result.loaded
    assert result.files[0].outcome == "checked"
    assert len(log_rows(shared_db)) == logged and fingerprint(shared_db) == before


def test_file_over_the_size_limit_is_refused_before_reading(shared_db, before, tmp_path,
                                                             monkeypatch):
    big = tmp_path / "big.csv"
    big.write_bytes(b"month;enterprise\n" + b"2026-09;1\n" * 120_000)  # > 1 MiB
    monkeypatch.setenv("EXPORT_MONITOR_IMPORT_MAX_MB", "1")
    result = import_files([big], url=shared_db, dry_run=True)
    assert [g.code for g in result.report.groups] == ["file_too_large"]
    assert "MiB" in result.report.text()


def test_problems_are_grouped_counted_and_capped(shared_db, tmp_path):
    rows = ["month;enterprise;hs_heading;region;value_usd;quantity"]
    rows += [f"2026-09;{MAZ};8704;RU-MOW;1;-1"] * 3          # one group of 3 (+ duplicates)
    rows += [f"2026-09;{MAZ};{h:04d};RU-MOW;x{h};1" for h in range(8401, 8401 + 150)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = import_files([path], url=shared_db, dry_run=True)
    negative = [g for g in result.report.groups if g.code == "negative"]
    assert len(negative) == 1 and negative[0].count == 3 and negative[0].rows == [2, 3, 4]
    assert "rows 2, 3, 4" in negative[0].where()
    assert result.report.total_groups > 100
    text = result.report.text()
    assert f"{result.report.total:,} problem" in text and "the first 100 groups" in text
    assert len(result.report.shown()) == 100


def test_one_bad_file_stops_the_whole_import(fresh_db):
    before = fingerprint(fresh_db)
    result = import_files([HERE / "good_exports_cp1251.csv", HERE / "bad_negative.csv"],
                          url=fresh_db)
    assert not result.ok
    assert {f.outcome for f in result.files} == {"rejected"}
    assert "batch_rejected" in [g.code for g in result.report.groups]
    assert fingerprint(fresh_db) == before


def _ids(frames, unp: str) -> int:
    e = frames["enterprise"]
    return int(e.loc[e["unp"] == unp, "enterprise_id"].iloc[0])


@pytest.mark.parametrize("name", ["good_exports_cp1251.csv", "good_exports_bom_comma.csv",
                                  "good_exports_title_block.xlsx"])
def test_good_exports_replace_exactly_their_period_and_enterprises(name, fresh_db, frames):
    result = import_files([HERE / name], url=fresh_db, loaded_by="test")
    assert result.loaded, result.report.text()
    maz, belaz = _ids(frames, MAZ), _ids(frames, "660091504")
    x = frames["exports"].astype({"heading_id": str, "region_id": str})
    touched = (x["month"] == "2026-09-01") & x["enterprise_id"].isin([maz, belaz])
    new = pd.DataFrame({
        "month": pd.to_datetime(["2026-09-01"] * 3), "enterprise_id": [maz, maz, belaz],
        "heading_id": ["8704", "8701", "8704"], "region_id": ["RU-MOW", "RU-SPE", "RU-KEM"],
        "value_usd": [12500000.5, 3100000.0, 24000000.0], "quantity": [25.0, 7.0, 3.5]})
    expected = pd.concat([x[~touched], new], ignore_index=True)
    got = read_table(fresh_db, schema.exports)
    keys = ["month", "enterprise_id", "heading_id", "region_id"]
    got = got.assign(month=pd.to_datetime(got["month"])).sort_values(keys).reset_index(
        drop=True)
    expected = expected.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected[got.columns], check_dtype=False)
    f = result.files[0]
    assert (f.rows_added, f.rows_replaced) == (3, int(touched.sum()))
    # the rollups follow, in the same transaction: by enterprise for September
    roll = read_table(fresh_db, schema.exports_by_enterprise)
    roll = roll[pd.to_datetime(roll["month"]) == "2026-09-01"].set_index("enterprise_id")
    sums = expected[expected["month"] == "2026-09-01"].groupby("enterprise_id")["value_usd"]
    assert roll["value_usd"].sort_index().round(2).to_dict() == \
        sums.sum().round(2).sort_index().to_dict()


def test_loading_the_same_file_twice_changes_nothing(fresh_db):
    first = import_files([HERE / "good_exports_cp1251.csv"], url=fresh_db)
    after_first = fingerprint(fresh_db)
    second = import_files([HERE / "good_exports_cp1251.csv"], url=fresh_db)
    assert first.loaded and second.loaded
    assert fingerprint(fresh_db) == after_first
    log = log_rows(fresh_db)
    last = log.iloc[-1]
    assert last["rows_added"] == last["rows_replaced"] == 3
    assert log.iloc[-2]["sha256"] == last["sha256"] and len(last["sha256"]) == 64
    assert (last["kind"], str(last["period_from"])[:7], last["outcome"]) == \
        ("exports", "2026-09", "loaded")


def test_new_enterprise_and_its_exports_in_one_import(fresh_db, frames):
    result = import_files([HERE / "good_exports_new_enterprise.csv",
                           HERE / "good_enterprises.csv"], url=fresh_db)
    assert result.loaded, result.report.text()
    ents = read_table(fresh_db, schema.enterprise)
    new = ents[ents["unp"] == "190000001"].iloc[0]
    assert new["enterprise_id"] == frames["enterprise"]["enterprise_id"].max() + 1
    assert (new["concern_id"], new["oblast_id"], bool(new["is_industrial"])) == \
        ("bellegprom", "BY-MI", True)
    x = read_table(fresh_db, schema.exports)
    mine = x[x["enterprise_id"] == new["enterprise_id"]]
    assert sorted(mine["value_usd"]) == [20000.5, 50000.0]
    # loading the enterprises file again updates, never duplicates
    again = import_files([HERE / "good_enterprises.csv"], url=fresh_db)
    assert again.files[0].rows_replaced == 1
    assert len(read_table(fresh_db, schema.enterprise)) == len(ents)


@pytest.mark.parametrize("name,table,added", [
    ("good_receivables.csv", schema.receivable, 1), ("good_targets.csv", None, 2),
    ("good_subjects.csv", schema.dist_subject, 1), ("good_stock.csv", schema.stock, 1)])
def test_other_good_files_load(name, table, added, fresh_db, frames):
    # one row replacing MAZ's whole month of receivables or stock is what the unit
    # check stops (a fortieth of last year's); these files test the rest
    result = import_files([HERE / name], url=fresh_db, accept_outliers=True)
    assert result.loaded, result.report.text()
    assert result.files[0].rows_added == added
    if name == "good_receivables.csv":
        rec = read_table(fresh_db, schema.receivable)
        row = rec[(rec["enterprise_id"] == _ids(frames, MAZ))
                  & (pd.to_datetime(rec["month"]) == "2026-10-01")]
        assert row[["total_usd", "overdue_usd"]].values.tolist() == [[5e6, 4e5]]
        assert row["main_cause"].iloc[0] == "payment_delay_by_buyer"  # the largest cause
        causes = read_table(fresh_db, schema.receivable_cause)
        mine = causes[(causes["enterprise_id"] == _ids(frames, MAZ))
                      & (pd.to_datetime(causes["month"]) == "2026-10-01")]
        assert sorted(mine["overdue_usd"]) == [150000.0, 250000.0]
    if name == "good_targets.csv":
        t = read_table(fresh_db, schema.target_concern)
        assert t[(t["year"] == 2026) & (t["concern_id"] == "belaz")]["value_usd"].tolist() \
            == [1.5e9]
        others = frames["target_concern"]
        assert len(t) == len(others)  # replaced, not added


def test_two_imports_never_run_at_once(fresh_db, tmp_path):
    with import_lock(fresh_db), pytest.raises(ImportBusy):
        import_files([HERE / "good_exports_cp1251.csv"], url=fresh_db)


def test_a_failed_load_leaves_no_trace(fresh_db, monkeypatch):
    """An error in the middle of writing (after the deletes) rolls everything back."""
    from queries.imports import load

    before = fingerprint(fresh_db)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_rebuild_rollups", broken)
    with pytest.raises(RuntimeError):
        import_files([HERE / "good_exports_cp1251.csv"], url=fresh_db)
    assert fingerprint(fresh_db) == before
    if fresh_db.startswith("duckdb"):
        path = Path(fresh_db.split(":///", 1)[1])
        assert not path.with_name(path.name + ".loading").exists()


def test_corpus_files_are_all_present():
    """The corpus is static (tests/import_files/make_corpus.py rewrote it once)."""
    names = {p.name for p in HERE.iterdir()}
    assert set(EXPECTED) <= names
    assert len({code for code, _ in EXPECTED.values()}) >= 30  # one file per problem


def test_an_enterprise_moving_concern_rebuilds_the_concern_rollup(fresh_db, frames,
                                                                  tmp_path):
    """The rollup by concern keeps each enterprise's concern: a move rebuilds it whole."""
    e = frames["enterprise"]
    maz = e[e["unp"] == MAZ].iloc[0]
    path = tmp_path / "move.csv"
    path.write_text("unp;name_ru;name_en;concern;oblast;city;is_industrial\n"
                    f"{MAZ};{maz['name_ru']};{maz['name_en']};minprom;{maz['oblast_id']};"
                    f"{maz['city']};yes\n", encoding="utf-8")
    result = import_files([path], url=fresh_db)
    assert result.loaded, result.report.text()
    x = frames["exports"].merge(e[["enterprise_id", "concern_id"]], on="enterprise_id")
    x.loc[x["enterprise_id"] == maz["enterprise_id"], "concern_id"] = "minprom"
    expected = x.groupby("concern_id")["value_usd"].sum()
    roll = read_table(fresh_db, schema.exports_by_concern_region).groupby(
        "concern_id")["value_usd"].sum()
    pd.testing.assert_series_equal(roll.sort_index(), expected.sort_index(), rtol=1e-9,
                                   check_names=False)
    assert len(read_table(fresh_db, schema.exports)) == len(frames["exports"])  # facts kept

"""The retail import kinds on DuckDB and PostgreSQL: the template round trip (dump →
file → import into an empty database → the same rows), row-numbered problems with
nothing loaded, the replacement rules (a contracts file replaces the whole histories of
the contracts it names; a deliveries file the months × contracts it covers) and the
load log. Rows are read back with the test's own SQL. Imports wait for the lock (the
PostgreSQL advisory lock is the server's: other tests may be importing into their own
schemas at the same time)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from queries import schema
from queries.imports import dump_url, import_files, write_rows
from tests.import_files.support import (
    demo_database,
    empty_database,
    fingerprint,
    log_rows,
    read_table,
)

RETAIL_TABLES = (schema.retail_contract, schema.retail_contract_stage, schema.retail_delivery)
KEYS = {"retail_contract": ["contract_id"],
        "retail_contract_stage": ["contract_id", "changed_on"],
        "retail_delivery": ["month", "contract_id"]}


def _rows(url: str, table: sa.Table) -> pd.DataFrame:
    df = read_table(url, table)
    for col in df.columns:
        if col in ("changed_on", "stage_since", "month"):
            df[col] = pd.to_datetime(df[col]).dt.date
    return df.sort_values(KEYS[table.name]).reset_index(drop=True)


def _write(path: Path, header: str, *lines: str) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(params=["duckdb", "postgresql"])
def backend(request):
    return request.param


@pytest.fixture
def copy_url(request, backend, tmp_path):
    url, clean = demo_database(request, tmp_path, backend)
    yield url
    clean()


def test_round_trip_through_the_templates(request, backend, tmp_path):
    source, clean_source = demo_database(request, tmp_path, backend)
    target, clean_target = empty_database(tmp_path, backend)
    try:
        files = [write_rows("enterprises", dump_url(source, "enterprises"),
                            tmp_path / "enterprises.xlsx"),
                 write_rows("retail_contracts", dump_url(source, "retail_contracts"),
                            tmp_path / "contracts.xlsx"),
                 write_rows("retail_deliveries", dump_url(source, "retail_deliveries"),
                            tmp_path / "deliveries.csv")]
        result = import_files(files, url=target, loaded_by="test", wait_seconds=120)
        assert result.loaded, result.report.text()
        for table in RETAIL_TABLES:
            a, b = _rows(source, table), _rows(target, table)
            assert len(a) > 0
            pd.testing.assert_frame_equal(a, b, check_dtype=False)
    finally:
        clean_source()
        clean_target()


def test_problems_are_reported_by_row_and_nothing_loads(copy_url, tmp_path):
    before = fingerprint(copy_url)
    bad = _write(
        tmp_path / "contracts.csv",
        "contract,chain,enterprise,product_group,stage,changed_on,expected_annual_usd",
        "900,x5,Svitanok,knitwear,talks,2025-01-10,1000000",           # row 2: fine
        "900,x5,Svitanok,knitwear,draft_sent,2025-01-10,1000000",      # 3: same day
        "900,magnitt,Svitanok,knitwear,signed,2025-03-10,1000000",     # 4: unknown chain
        "900,x5,Milavitsa,knitwear,supplying,2025-04-10,1000000",      # 5: other enterprise
        "901,lenta,Svitanok,clothing,talks,2099-01-10,1000000",        # 6: future
        "902,lenta,Svitanok,clothing,ended,2025-01-10,1000000",        # 7
        "902,lenta,Svitanok,clothing,talks,2025-02-10,1000000",        # 8: after ended
        "903,Лента,Svitanok,clothing,weird,2025-02-10,1000000",        # 9: not a stage
        "904,lenta,Nobody Ltd,clothing,talks,2025-02-10,1000000",      # 10: unknown ent.
        "905,lenta,Svitanok,clothing,talks,2025-02-10,1000000",        # 11
        "905,lenta,Svitanok,clothing,talks,2025-03-10,1000000",        # 12: repeated
        "906,lenta,Svitanok,clothing,talks,31.02.2025,1000000",        # 13: not a day
        "907,lenta,Svitanok,clothing,talks,2025-02-10,5000000000")     # 14: implausible
    result = import_files([bad], url=copy_url, kind="retail_contracts", loaded_by="test", wait_seconds=120)
    assert not result.ok
    found = {(g.code, tuple(g.rows)) for g in result.report.groups}
    for code, row in (("duplicate_key", 3), ("unknown_chain", 4), ("contract_mismatch", 5),
                      ("future_day", 6), ("after_ended", 8), ("not_allowed", 9),
                      ("unknown_enterprise", 10), ("stage_repeated", 12), ("not_a_day", 13),
                      ("out_of_range", 14)):
        assert (code, (row,)) in found, (code, row, sorted(found))
    assert fingerprint(copy_url) == before
    log = log_rows(copy_url)
    assert log.iloc[-1]["outcome"] == "rejected" and log.iloc[-1]["kind"] == "retail_contracts"

    bad = _write(tmp_path / "deliveries.csv", "month,contract,value_usd",
                 "2026-01,99999,100", "2026-01,1,100", "2026-01,1,200", "2099-01,1,5",
                 "2026-02,1,-5", "2026-03,1,900000000")
    result = import_files([bad], url=copy_url, kind="retail_deliveries", loaded_by="test", wait_seconds=120)
    found = {(g.code, tuple(g.rows)) for g in result.report.groups}
    assert {("unknown_contract", (2,)), ("duplicate_key", (4,)), ("future_month", (5,)),
            ("negative", (6,)), ("out_of_range", (7,))} <= found, sorted(found)
    assert fingerprint(copy_url) == before


def test_a_contracts_file_replaces_the_histories_it_names(copy_url, tmp_path):
    stages = _rows(copy_url, schema.retail_contract_stage)
    contracts = _rows(copy_url, schema.retail_contract)
    deliveries = _rows(copy_url, schema.retail_delivery)
    target = int(deliveries["contract_id"].iloc[0])  # a contract with deliveries
    row = contracts.set_index("contract_id").loc[target]
    ent = read_table(copy_url, schema.enterprise).set_index("enterprise_id").loc[
        int(row["enterprise_id"]), "unp"]
    f = _write(tmp_path / "c.csv",
               "contract,chain,enterprise,product_group,stage,changed_on,expected_annual_usd",
               f"{target},{row['chain_id']},{ent},{row['product_group']},talks,2024-02-01,500000",
               f"{target},{row['chain_id']},{ent},{row['product_group']},supplying,2024-05-02,"
               "750000",
               f"{target},{row['chain_id']},{ent},{row['product_group']},suspended,2025-05-03,"
               "800000",
               f"7777,x5,{ent},{row['product_group']},talks,2026-03-01,250000")
    result = import_files([f], url=copy_url, loaded_by="test", wait_seconds=120)
    assert result.loaded, result.report.text()
    after = _rows(copy_url, schema.retail_contract_stage)
    mine = after[after["contract_id"] == target]
    assert list(mine["stage"]) == ["talks", "supplying", "suspended"]
    others = lambda df: df[~df["contract_id"].isin([target, 7777])].reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(others(after), others(stages), check_dtype=False)
    con = _rows(copy_url, schema.retail_contract).set_index("contract_id")
    assert con.loc[target, "stage"] == "suspended"
    assert str(con.loc[target, "stage_since"]) == "2025-05-03"
    assert con.loc[target, "expected_annual_usd"] == 800000  # the latest change's value
    assert con.loc[7777, "stage"] == "talks"
    # the contract's deliveries are untouched
    pd.testing.assert_frame_equal(_rows(copy_url, schema.retail_delivery), deliveries,
                                  check_dtype=False)
    log = log_rows(copy_url).iloc[-1]
    assert (log["kind"], log["outcome"], log["rows_added"], log["rows_replaced"]) == \
        ("retail_contracts", "loaded", 4, len(stages[stages["contract_id"] == target]))


def test_a_deliveries_file_replaces_its_months_of_its_contracts(copy_url, tmp_path):
    before = _rows(copy_url, schema.retail_delivery)
    by = before.groupby("contract_id")["month"].count()
    a, b = [int(c) for c in by[by >= 3].index[:2]]
    months = sorted(before.loc[before["contract_id"] == a, "month"])[:2]
    f = _write(tmp_path / "d.csv", "month,contract,value_usd",
               f"{months[0]:%Y-%m},{a},1000", f"{months[1]:%Y-%m},{a},2000",
               f"{months[1]:%Y-%m},{b},3000")
    result = import_files([f], url=copy_url, kind="retail_deliveries", loaded_by="test", wait_seconds=120)
    assert result.loaded, result.report.text()
    after = _rows(copy_url, schema.retail_delivery)
    covered = (after["month"].isin(months)) & (after["contract_id"].isin([a, b]))
    got = after[covered].set_index(["month", "contract_id"])["value_usd"].to_dict()
    assert got == {(months[0], a): 1000.0, (months[1], a): 2000.0, (months[1], b): 3000.0}
    old_covered = (before["month"].isin(months)) & (before["contract_id"].isin([a, b]))
    pd.testing.assert_frame_equal(after[~covered].reset_index(drop=True),
                                  before[~old_covered].reset_index(drop=True),
                                  check_dtype=False)
    log = log_rows(copy_url).iloc[-1]
    assert (log["kind"], log["rows_added"], log["rows_replaced"]) == \
        ("retail_deliveries", 3, int(old_covered.sum()))


def test_deliveries_may_name_a_contract_of_the_same_import(copy_url, tmp_path):
    ent = read_table(copy_url, schema.enterprise)["unp"].iloc[0]
    c = _write(tmp_path / "c.csv",
               "contract,chain,enterprise,product_group,stage,changed_on,expected_annual_usd",
               f"8888,magnit,{ent},dairy,talks,2025-01-10,100000",
               f"8888,magnit,{ent},dairy,supplying,2025-03-10,100000")
    d = _write(tmp_path / "d.csv", "month,contract,value_usd", "2025-04,8888,9000")
    result = import_files([d, c], url=copy_url, loaded_by="test", wait_seconds=120)  # any order
    assert result.loaded, result.report.text()
    got = _rows(copy_url, schema.retail_delivery)
    assert got[got["contract_id"] == 8888]["value_usd"].tolist() == [9000.0]

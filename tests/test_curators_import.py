"""The curators import kind on both engines: the template's example row imports as it is;
the template round trip (dump → file → import into an empty database → the same rows);
a file replaces the whole history of the curators it names and nothing else; a file
with any problem loads nothing and says which row, column and why."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from queries import schema
from queries.cli import main
from queries.imports import dump_url, import_files, write_rows
from tests.import_files.support import demo_database, empty_database, fingerprint, read_table


@pytest.fixture(params=["duckdb", "postgresql"])
def demo(request, tmp_path):
    url, clean = demo_database(request, tmp_path, request.param)
    yield url
    clean()


def _sorted(df: pd.DataFrame, keys) -> pd.DataFrame:
    out = df.copy()
    for col in ("date_from", "date_to"):
        if col in out:
            out[col] = [None if v is None or pd.isna(v) else pd.Timestamp(v).date()
                        for v in out[col]]
    return out.sort_values(keys).reset_index(drop=True)


def _history(url: str) -> pd.DataFrame:
    return _sorted(read_table(url, schema.curator_region),
                   ["curator_id", "region_id", "date_from"])


def _log(url: str) -> list:
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return conn.execute(sa.text(
                "SELECT kind, rows_added, rows_replaced, outcome FROM load_log "
                "WHERE kind = 'curators' ORDER BY loaded_at")).all()
    finally:
        eng.dispose()


def test_template_example_imports_as_it_is(demo, tmp_path, capsys):
    assert main(["template", "curators", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    for ext in ("csv", "xlsx"):
        code = main(["import", str(tmp_path / f"curators_template.{ext}"), "--dry-run",
                     "--url", demo])
        out = capsys.readouterr().out
        assert code == 0 and "problem" not in out, out
    assert main(["import", str(tmp_path / "curators_template.csv"), "--url", demo]) == 0
    people = read_table(demo, schema.curator)
    new = people[people["name"] == "Иванов Иван Иванович"]
    assert len(new) == 1 and new["concern_id"].iloc[0] == "minprom"  # the body matched
    cid = int(new["curator_id"].iloc[0])
    assert cid == int(people["curator_id"].max())  # the next free number
    rows = _history(demo)
    mine = rows[rows["curator_id"] == cid]
    assert mine[["region_id", "date_to"]].values.tolist() == [["RU-KEM", None]]


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_round_trip_into_an_empty_database(demo, request, tmp_path, ext):
    backend = "duckdb" if demo.startswith("duckdb") else "postgresql"
    target, clean = empty_database(tmp_path, backend)
    try:
        path = write_rows("curators", dump_url(demo, "curators"), tmp_path / f"c.{ext}")
        result = import_files([path], url=target, loaded_by="roundtrip")
        assert result.loaded, result.report.text()
        for table, keys in ((schema.curator, ["curator_id"]),
                            (schema.curator_region, ["curator_id", "region_id",
                                                     "date_from"])):
            a = _sorted(read_table(demo, table), keys)
            b = _sorted(read_table(target, table), keys)
            pd.testing.assert_frame_equal(a, b, check_dtype=False)
    finally:
        clean()


def test_a_file_replaces_the_history_of_its_curators_only(demo, tmp_path):
    before = _history(demo)
    people = read_table(demo, schema.curator).set_index("curator_id")
    rows = dump_url(demo, "curators")
    counts = before.groupby("curator_id").size()
    cid = int(counts[counts >= 2].index[0])
    name = people.loc[cid, "name"]
    mine = rows[rows["curator"] == name].iloc[1:].copy()  # one assignment dropped
    mine["post"] = "Первый заместитель"
    path = write_rows("curators", mine, tmp_path / "one.csv")
    result = import_files([path], url=demo, loaded_by="t")
    assert result.loaded, result.report.text()
    after = _history(demo)
    assert len(after[after["curator_id"] == cid]) == len(mine)
    others = before[before["curator_id"] != cid]
    pd.testing.assert_frame_equal(after[after["curator_id"] != cid].reset_index(drop=True),
                                  others.reset_index(drop=True))
    assert read_table(demo, schema.curator).set_index("curator_id").loc[cid, "post"] == \
        "Первый заместитель"
    assert _log(demo)[-1] == ("curators", len(mine), len(mine) + 1, "loaded")
    # the same file again changes nothing (every row replaced by itself)
    result = import_files([path], url=demo, loaded_by="t")
    assert result.loaded
    assert _log(demo)[-1] == ("curators", len(mine), len(mine), "loaded")
    pd.testing.assert_frame_equal(_history(demo), after)


def test_a_file_with_problems_loads_nothing(demo, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "curator,post,body,region,date_from,date_to\n"
        "Новый Куратор Один,Посол,МИД,RU-KEM,2025-01-01,\n"               # row 2: fine
        "Новый Куратор Один,Министр,МИД,RU-KEM,2025-03-01,2025-06-30\n"   # 3: post, overlap
        "Новый Куратор Два,Посол,МИД,RU-XXX,2025-02-30,\n"                # 4: region, date
        "Новый Куратор Два,Посол,МИД,RU-SPE,2025-05-01,2024-01-01\n"      # 5: reversed
        "Новый Куратор Два,Посол,МИД,RU-SPE,2025-05-01,2024-01-01\n"      # 6: duplicate
        "=HYPERLINK(1),Посол,МИД,RU-SPE,2025-05-01,\n",                   # 7: formula
        encoding="utf-8")
    before = fingerprint(demo)
    result = import_files([path], url=demo, loaded_by="t")
    assert not result.loaded
    text = result.report.text()
    for expected in ("row 3, column E", "row 3, column B", "row 4, column D",
                     "row 4, column E", "row 5, column F", "row 6", "row 7, column A"):
        assert expected in text, text
    assert "bad.csv: row 2," not in text  # (named only as the first of a pair)
    assert fingerprint(demo) == before
    assert _log(demo)[-1][3] == "rejected"

"""Imports of the centres subject, on DuckDB and PostgreSQL: the ``centre_sales`` kind
(template example, round trip, period replacement, all or nothing with row-numbered
messages, the load log) and the ``subjects`` kind's optional centre columns (brands,
planned_opening, opened_on: a file with them sets them, an empty cell is none, a file
without them keeps the stored values)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries import schema
from queries.imports import dump_url, import_files, write_rows
from tests.import_files.support import demo_database, empty_database, log_rows, read_table

CENTRE = "multibrand_center"


@pytest.fixture(params=["duckdb", "postgresql"])
def url(request, tmp_path):
    url, clean = demo_database(request, tmp_path, request.param)
    yield url
    clean()


def _csv(path, header: list[str], rows: list[list]) -> str:
    lines = [";".join(header)] + [";".join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _centres(url: str) -> pd.DataFrame:
    d = read_table(url, schema.dist_subject)
    return d[d["kind"] == CENTRE].sort_values("subject_id").reset_index(drop=True)


def _day(v):
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date()


def test_round_trip_into_an_empty_database(request, tmp_path, url):
    """Enterprises, subjects (with the centre columns) and centre sales written to the
    templates and loaded into an empty database give the same rows."""
    backend = "duckdb" if url.startswith("duckdb") else "postgresql"
    target, clean = empty_database(tmp_path, backend, "centres_rt")
    try:
        files = [write_rows(k, dump_url(url, k), tmp_path / f"{k}.{fmt}")
                 for k, fmt in (("enterprises", "xlsx"), ("subjects", "csv"),
                                ("centre_sales", "xlsx"))]
        result = import_files(files, url=target, loaded_by="test")
        assert result.loaded, result.report.text()
        for table, key in ((schema.dist_subject, ["subject_id"]),
                           (schema.centre_month, ["month", "subject_id"])):
            a = read_table(url, table).sort_values(key).reset_index(drop=True)
            b = read_table(target, table).sort_values(key).reset_index(drop=True)
            for col in ("planned_opening", "opened_on", "month"):
                if col in a:
                    a[col], b[col] = a[col].map(_day), b[col].map(_day)
            pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=table.name)
    finally:
        clean()


def test_loading_the_same_file_again_changes_nothing(url, tmp_path):
    before = read_table(url, schema.centre_month)
    path = write_rows("centre_sales", dump_url(url, "centre_sales"), tmp_path / "cs.csv")
    result = import_files([path], url=url, loaded_by="test")
    assert result.loaded, result.report.text()
    after = read_table(url, schema.centre_month)
    key = ["month", "subject_id"]
    pd.testing.assert_frame_equal(before.sort_values(key).reset_index(drop=True),
                                  after.sort_values(key).reset_index(drop=True))
    log = log_rows(url).iloc[-1]
    assert log["kind"] == "centre_sales" and log["outcome"] == "loaded"
    assert log["rows_added"] == log["rows_replaced"] == len(before)


def test_a_file_replaces_exactly_its_months_and_centres(url, tmp_path):
    cm = read_table(url, schema.centre_month)
    cm["month"] = cm["month"].map(_day)
    month = date(2026, 9, 1)
    held = sorted(cm.loc[cm["month"] == month, "subject_id"])
    a, b = held[0], held[1]
    path = _csv(tmp_path / "one.csv",
                ["month", "subject", "sales_usd", "units_sold", "service_orders",
                 "service_usd"], [["2026-09", a, "1 234 567,5", 12, 30, "45000"]])
    result = import_files([path], url=url, loaded_by="test")
    assert result.loaded, result.report.text()
    after = read_table(url, schema.centre_month)
    after["month"] = after["month"].map(_day)
    mine = after[(after["month"] == month) & (after["subject_id"] == a)]
    assert mine[["sales_usd", "units_sold", "service_orders", "service_usd"]].values.tolist() \
        == [[1234567.5, 12.0, 30.0, 45000.0]]
    # every other row is as it was: another centre in that month, the centre in others
    def others(df):
        return (df[~((df["month"] == month) & (df["subject_id"] == a))]
                .sort_values(["month", "subject_id"]).reset_index(drop=True))
    pd.testing.assert_frame_equal(others(cm), others(after))
    assert b in set(after.loc[after["month"] == month, "subject_id"])
    assert log_rows(url).iloc[-1]["rows_replaced"] == 1


def test_a_bad_file_loads_nothing_and_names_each_row(url, tmp_path):
    centres = _centres(url)
    centre = int(centres["subject_id"].iloc[0])
    d = read_table(url, schema.dist_subject)
    other = int(d.loc[d["kind"] != CENTRE, "subject_id"].iloc[0])
    before = read_table(url, schema.centre_month)
    path = _csv(tmp_path / "bad.csv",
                ["month", "subject", "sales_usd", "units_sold", "service_orders",
                 "service_usd"],
                [["2026-09", centre, 100, 1, 2, 3],          # fine
                 ["2026-09", other, 100, 1, 2, 3],           # not a centre
                 ["2026-09", centre, 100, 1, 2, 3],          # the same key again
                 ["2026-08", centre, -5, 1, 2, 3],           # negative
                 ["2026-07", 99999, 100, "x", 2, 3],         # unknown subject, not a number
                 ["2026-06", centre, 100, 1, 2, 2e12]])      # out of range
    result = import_files([path], url=url, loaded_by="test")
    assert not result.loaded
    text = result.report.text()
    for row, words in ((3, "not a sales-and-service centre"), (4, "more than one row"),
                       (5, "cannot be negative"), (6, "No distribution subject"),
                       (6, "not a number"), (7, "service_usd")):
        assert f"row {row}" in text and words in text, (row, words, text)
    pd.testing.assert_frame_equal(before, read_table(url, schema.centre_month))
    assert log_rows(url).iloc[-1]["outcome"] == "rejected"


def test_the_template_example_imports(url, tmp_path):
    from queries.imports.templates import write_template

    paths = write_template("centre_sales", tmp_path)
    for path in paths:
        result = import_files([str(path)], url=url, loaded_by="test", dry_run=True)
        assert result.report.total == 0, result.report.text()


SUBJECT_HEADER = ["subject_id", "name", "kind", "region", "concern", "brands",
                  "planned_opening", "opened_on"]


def test_subjects_file_sets_brands_and_dates_and_empty_means_none(url, tmp_path):
    c = _centres(url).iloc[0]
    row = [int(c["subject_id"]), c["name"], CENTRE, c["region_id"], c["concern_id"],
           "MTZ (Belarus) ,  MAZ,", "15.03.2025", ""]
    result = import_files([_csv(tmp_path / "s.csv", SUBJECT_HEADER, [row])], url=url,
                          loaded_by="test")
    assert result.loaded, result.report.text()
    got = _centres(url).set_index("subject_id").loc[int(c["subject_id"])]
    assert got["brands"] == "MTZ (Belarus), MAZ"
    assert _day(got["planned_opening"]) == date(2025, 3, 15)
    assert _day(got["opened_on"]) is None


def test_subjects_file_without_the_columns_keeps_them(url, tmp_path):
    before = _centres(url)
    c = before.iloc[1]
    row = [int(c["subject_id"]), c["name"], CENTRE, c["region_id"], c["concern_id"]]
    result = import_files([_csv(tmp_path / "s.csv", SUBJECT_HEADER[:5], [row])], url=url,
                          loaded_by="test")
    assert result.loaded, result.report.text()
    after = _centres(url)
    for col in ("brands", "planned_opening", "opened_on"):
        assert [_day(v) if col != "brands" else v for v in before[col]] == \
               [_day(v) if col != "brands" else v for v in after[col]], col


def test_subjects_file_checks_the_centre_columns(url, tmp_path):
    d = read_table(url, schema.dist_subject).sort_values("subject_id")
    dealer = d[d["kind"] == "dealer"].iloc[0]
    c = _centres(url).iloc[0]
    rows = [[int(dealer["subject_id"]), dealer["name"], "dealer", dealer["region_id"],
             dealer["concern_id"], "MAZ", "", ""],                      # not a centre
            [int(c["subject_id"]), c["name"], CENTRE, c["region_id"], c["concern_id"],
             "MAZ", "31.02.2025", "2099-01-01"]]                        # bad day, future
    before = read_table(url, schema.dist_subject)
    result = import_files([_csv(tmp_path / "s.csv", SUBJECT_HEADER, rows)], url=url,
                          loaded_by="test")
    assert not result.loaded
    text = result.report.text()
    assert "row 2" in text and "sales-and-service centres" in text, text
    assert "row 3" in text and "planned_opening" in text and "opened_on" in text, text
    pd.testing.assert_frame_equal(before, read_table(url, schema.dist_subject))

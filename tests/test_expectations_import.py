"""The "expectations" import kind on both engines: the template's example row loads
into the demonstration database as it is, the round trip (dump → file → import) gives
the same rows, a file replaces exactly its months × bodies, and a file with any
problem loads nothing and names each row."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import schema as s
from queries.imports import dump_url, import_files, write_rows
from queries.imports.templates import write_template
from tests.import_files.support import demo_database, empty_database, read_tables


@pytest.fixture(params=["duckdb", "postgresql"])
def url(request, tmp_path):
    source, clean = demo_database(request, tmp_path, request.param)
    yield source
    clean()


def _rows(url: str) -> dict[str, pd.DataFrame]:
    return {k: v.sort_values(list(v.columns[:2])).reset_index(drop=True)
            for k, v in read_tables(url, (s.expectation_concern, s.expectation_oblast)).items()}


def test_template_example_loads(url, tmp_path):
    csv = next(p for p in write_template("expectations", tmp_path) if p.suffix == ".csv")
    result = import_files([csv], url=url, loaded_by="test", dry_run=True)
    assert result.ok, result.report.text()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip(url, tmp_path, fmt, request):
    before = _rows(url)
    dumped = dump_url(url, "expectations")
    assert len(dumped) == len(before["expectation_concern"]) + len(before["expectation_oblast"])
    backend = "duckdb" if url.startswith("duckdb") else "postgresql"
    target, clean = empty_database(tmp_path, backend, "rt")
    try:
        path = write_rows("expectations", dumped, tmp_path / f"expectations.{fmt}")
        result = import_files([path], url=target, loaded_by="test")
        assert result.loaded, result.report.text()
        after = _rows(target)
        for table in before:
            pd.testing.assert_frame_equal(before[table], after[table], check_dtype=False)
        again = import_files([path], url=target, loaded_by="test")  # the same file twice
        assert again.loaded and _rows(target)["expectation_concern"].equals(
            after["expectation_concern"])
    finally:
        clean()


def test_a_file_replaces_exactly_its_months_and_bodies(url, tmp_path):
    before = _rows(url)
    path = tmp_path / "e.csv"
    path.write_text("month,concern,oblast,expected_usd\n2026-05,mtz,,1234567.5\n"
                    "2026-05,,BY-BR,7654321\n", encoding="utf-8")
    result = import_files([path], url=url, loaded_by="test")
    assert result.loaded, result.report.text()
    after = _rows(url)
    c = after["expectation_concern"]
    m = pd.to_datetime(c["month"]) == pd.Timestamp(2026, 5, 1)
    assert c[m & (c["concern_id"] == "mtz")]["expected_usd"].tolist() == [1234567.5]
    keep = ~(m & (c["concern_id"] == "mtz"))
    b = before["expectation_concern"]
    bm = ~((pd.to_datetime(b["month"]) == pd.Timestamp(2026, 5, 1)) & (b["concern_id"] == "mtz"))
    pd.testing.assert_frame_equal(c[keep].reset_index(drop=True),
                                  b[bm].reset_index(drop=True), check_dtype=False)
    assert len(after["expectation_oblast"]) == len(before["expectation_oblast"])
    log = read_tables(url, (s.load_log,))["load_log"]
    assert (log["kind"] == "expectations").any()


def test_a_bad_file_loads_nothing(url, tmp_path):
    before = _rows(url)
    path = tmp_path / "bad.csv"
    path.write_text("month,concern,oblast,expected_usd\n2026-05,mtz,,100\n2026-13,mtz,,1\n"
                    "2026-05,nope,,2\n2026-05,belaz,BY-BR,3\n2026-06,belaz,,-4\n"
                    "2026-06,atlant,,5\n2026-06,atlant,,6\n", encoding="utf-8")
    result = import_files([path], url=url, loaded_by="test")
    assert not result.loaded
    text = result.report.text()
    for row, words in ((3, "not a month"), (4, "not a known concern"),
                       (5, "exactly one of concern and oblast"), (6, "negative"),
                       (8, "more than one row")):
        assert f"row {row}" in text and words in text, (row, text)
    after = _rows(url)
    for table in before:
        pd.testing.assert_frame_equal(before[table], after[table])

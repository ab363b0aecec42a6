"""The ``export-monitor`` command as an analyst uses it: help, templates, a dry run, an
import, the load list, exit codes. And the small parts it is made of: numbers, months
and codes as people type them, files as they really arrive."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from queries.cli import main
from queries.imports import KINDS, Report
from queries.imports.readers import read_file
from queries.imports.values import heading_of, month_of, parse_number
from tests.import_files.support import HERE, demo_database, fingerprint


def test_help_reads_like_instructions(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for words in ("template", "import", "dry-run", "loads", "demo",
                  "completely or not at all"):
        assert words in out


def test_console_script_is_installed():
    out = subprocess.run([sys.executable, "-m", "queries.cli", "import", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "--dry-run" in out and "--kind" in out


def test_templates_document_every_column(tmp_path, capsys):
    assert main(["template", "all", "--out", str(tmp_path)]) == 0
    for kind in KINDS.values():
        csv_text = (tmp_path / f"{kind.name}_template.csv").read_text(encoding="utf-8-sig")
        header = [line for line in csv_text.splitlines() if not line.startswith("#")][0]
        assert header.split(";") == [c.name for c in kind.columns]
        wb = load_workbook(tmp_path / f"{kind.name}_template.xlsx")
        assert wb.sheetnames == [kind.name, "columns"]
        data = list(wb[kind.name].iter_rows(values_only=True))
        assert list(data[0]) == [c.name for c in kind.columns] and len(data) == 2
        docs = [r[0] for r in wb["columns"].iter_rows(min_row=5, values_only=True)]
        assert docs == [c.name for c in kind.columns]
        for line in (c.name for c in kind.columns):
            assert f"# {line}:" in csv_text


def test_import_dry_run_then_load_then_list(request, tmp_path, capsys, monkeypatch):
    url, cleanup = demo_database(request, tmp_path, "duckdb")
    try:
        before = fingerprint(url)
        good = str(HERE / "good_exports_cp1251.csv")
        assert main(["import", good, "--dry-run", "--url", url]) == 0
        assert "nothing was loaded" in capsys.readouterr().out
        assert fingerprint(url) == before
        assert main(["import", str(HERE / "bad_negative.csv"), "--url", url]) == 1
        out = capsys.readouterr().out
        assert "row 3, column F “quantity”" in out and "Nothing was loaded." in out
        assert main(["import", good, "--url", url, "--by", "analyst"]) == 0
        assert "3 rows written" in capsys.readouterr().out
        assert main(["loads", "--url", url]) == 0
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert "loaded" in lines[1] and "analyst" in lines[1] and "good_exports_cp1251" \
            in lines[1]
        assert "rejected" in lines[2] and "bad_negative.csv" in lines[2]
        # both real imports are in the audit log of that database's app store, with the
        # load log's run (the dry run changed nothing and is not)
        monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
        from queries import audit
        rows = [e for e in audit.entries(limit=20) if e.action == "import"]
        assert len(rows) == 2 and rows[0].actor.startswith("cli:")
        assert "loaded" in rows[0].detail and "rejected" in rows[1].detail
        assert "good_exports_cp1251" in rows[0].target
    finally:
        cleanup()


def test_init_makes_an_empty_database(tmp_path, capsys):
    url = f"duckdb:///{tmp_path / 'new.duckdb'}"
    assert main(["init", "--url", url]) == 0
    assert "1228 hs_heading" in capsys.readouterr().out
    assert main(["init", "--url", url]) == 2  # never overwrites without --force


# -- the parts ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,value", [
    ("1 234,56", 1234.56), ("1\u00a0234\u00a0567,89", 1234567.89), ("1,234,567.89", 1234567.89),
    ("1.234.567,89", 1234567.89), ("12,5", 12.5), ("1234.5", 1234.5), ("1e3", 1000.0),
    ("-5", -5.0), ("0,5", 0.5), ("1 000", 1000.0)])
def test_numbers_as_people_type_them(text, value):
    # a file's decimal convention is told from the file; the two grouped forms need it
    from queries.imports.values import DECIMAL_COMMA, DECIMAL_POINT
    convention = {"1,234,567.89": DECIMAL_POINT, "1.234.567,89": DECIMAL_COMMA}.get(text)
    values, bad = parse_number(pd.Series([text]), convention)
    assert not bad.iloc[0] and values.iloc[0] == value


@pytest.mark.parametrize("text", ["abc", "12abc", "nan", "inf", "1,2,3.4.5", "=1+2", "--5"])
def test_not_numbers(text):
    assert parse_number(pd.Series([text]))[1].iloc[0]


@pytest.mark.parametrize("text,month", [
    ("2025-10", date(2025, 10, 1)), ("10.2025", date(2025, 10, 1)),
    ("31.10.2025", date(2025, 10, 1)), ("2025-10-31", date(2025, 10, 1)),
    ("2025-10-31 00:00:00", date(2025, 10, 1)), ("13.2025", None), ("2025-13", None),
    ("31.02.2025", None), ("October", None), ("", None)])
def test_months(text, month):
    assert month_of(text) == month


@pytest.mark.parametrize("text,heading", [
    ("0401", "0401"), ("401", "0401"), ("04.01", "0401"), ("4.01", "0401"),
    ("0401.00", "0401"), ("401.0", "0401"), ("84.1", "?"), ("40", None), ("12345", None)])
def test_headings(text, heading):
    assert heading_of(text) == heading


@pytest.mark.parametrize("name,encoding", [
    ("good_exports_cp1251.csv", "Windows-1251, separated by “;”"),
    ("good_exports_bom_comma.csv", "UTF-8 with BOM, separated by “,”"),
    ("good_exports_title_block.xlsx", "sheet “Отчёт”")])
def test_files_as_they_arrive(name, encoding):
    report = Report()
    table = read_file(HERE / name, report)
    assert report.ok and table.kind == "exports" and table.details == encoding
    assert len(table.data) == 3  # empty rows at the end ignored
    assert list(table.rows) == ([5, 6, 7] if name.endswith("xlsx") else [2, 3, 4])


def _sql(url: str, sql: str):
    import sqlalchemy as sa
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return conn.exec_driver_sql(sql).all()
    finally:
        eng.dispose()


@pytest.fixture(params=["duckdb", "postgresql"])
def own_db(request, tmp_path, monkeypatch):
    from queries import engine

    url, cleanup = demo_database(request, tmp_path, request.param)
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)  # (``loads`` sets it; restored)
    engine.reset()
    yield url
    engine.reset()
    cleanup()


def test_binary_file_exits_1_with_the_plain_message_and_is_logged(own_db):
    """The real process, as an analyst runs it: exit 1 (not 2), one plain sentence, no
    pandas words, a rejected row in the load log."""
    before = fingerprint(own_db)
    logged = _sql(own_db, "SELECT COUNT(*) FROM load_log")[0][0]
    done = subprocess.run([sys.executable, "-m", "queries.cli", "import",
                           str(HERE / "bad_binary.csv"), "--url", own_db],
                          capture_output=True, text=True)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "This is not a CSV/XLSX file we can read" in out and "Nothing was loaded." in out
    for words in ("Traceback", "new-line character", "C error", "pandas", "Error:"):
        assert words not in out
    rows = _sql(own_db, "SELECT source, outcome FROM load_log ORDER BY loaded_at DESC, "
                        "load_id DESC")
    assert len(rows) == logged + 1 and tuple(rows[0]) == ("bad_binary.csv", "rejected")
    assert fingerprint(own_db) == before


def test_accept_outliers_loads_and_the_log_and_loads_say_so(own_db, capsys):
    before = fingerprint(own_db)
    bad = str(HERE / "bad_unit_thousands.csv")
    assert main(["import", bad, "--url", own_db]) == 1
    out = capsys.readouterr().out
    assert "a factor of" in out and "--accept-outliers" in out
    assert fingerprint(own_db) == before
    assert main(["import", bad, "--url", own_db, "--accept-outliers"]) == 0
    assert "2 rows written" in capsys.readouterr().out
    note = _sql(own_db, "SELECT note FROM load_log WHERE source = 'bad_unit_thousands.csv' "
                        "AND outcome = 'loaded'")
    assert len(note) == 1 and note[0][0].startswith("outliers accepted: ")
    assert "2026-09" in note[0][0]
    assert main(["loads", "--url", own_db]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if "bad_unit_thousands.csv" in line
             and " loaded " in line)
    assert lines[i + 1].strip() == f"note: {note[0][0]}"
    # the file's own figures (52 000 and 26 000,5 USD), summed here by the engine
    got = _sql(own_db, "SELECT SUM(x.value_usd), COUNT(*) FROM exports x JOIN enterprise e "
                       "ON e.enterprise_id = x.enterprise_id WHERE e.unp = '142005465' "
                       "AND x.month = DATE '2026-09-01'")
    assert (float(got[0][0]), got[0][1]) == (78000.5, 2)


def test_extra_columns_are_named_ignored_and_the_rest_loads(own_db, capsys):
    assert main(["import", str(HERE / "good_exports_extra_columns.csv"), "--url",
                 own_db]) == 0
    out = capsys.readouterr().out
    assert ("good_exports_extra_columns.csv: Columns not in the template, ignored: "
            "“comment”, “Примечание”.") in out
    got = _sql(own_db, "SELECT SUM(x.value_usd), SUM(x.quantity), COUNT(*) FROM exports x "
                       "JOIN enterprise e ON e.enterprise_id = x.enterprise_id WHERE "
                       "e.unp = '142005465' AND x.month = DATE '2026-09-01'")
    assert (float(got[0][0]), float(got[0][1]), got[0][2]) == (15000000.0, 17.0, 2)

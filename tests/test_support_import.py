"""The export_support import on both engines: its template's example row imports as it
is into the demonstration database; a file replaces exactly the months × enterprises it
covers; a file with any problem loads nothing, with row-numbered messages and a
rejected load in the log; the template round trip (dump → write_rows → import into an
empty database) gives the same rows."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest
import sqlalchemy as sa

from queries import demo, engine, schema
from queries.cli import main
from queries.imports import KINDS, dump_url, import_files, write_rows
from queries.imports.report import REASONS
from tests.conftest import TEST_END, TEST_SCALE
from tests.import_files.support import PgSchema, empty_database, fingerprint, log_rows, read_table

DEMO_SEED = inspect.signature(demo.generate).parameters["seed"].default
KIND = "export_support"
# PostgreSQL imports of every test run on the server share one advisory lock (the other
# helpers' tests import at the same time): wait for it rather than fail
WAIT = ["--wait", "120"]


@pytest.fixture(params=["duckdb", "postgresql"], scope="module")
def demo_url(request, tmp_path_factory):
    """A demonstration database of the default seed (the templates' examples name its
    BelAZ), one per engine."""
    if request.param == "duckdb":
        url = f"duckdb:///{tmp_path_factory.mktemp('sup') / 'demo.duckdb'}"
        demo.build_database(url, scale=TEST_SCALE, seed=DEMO_SEED, end_month=TEST_END)
        yield url
        engine.reset()
        return
    import os
    if not os.environ.get("EXPORT_MONITOR_TEST_PG_URL", "").strip():
        pytest.skip("EXPORT_MONITOR_TEST_PG_URL is not set: PostgreSQL tests skipped")
    pg = PgSchema()
    demo.build_database(pg.url, scale=TEST_SCALE, seed=DEMO_SEED, end_month=TEST_END)
    yield pg.url
    pg.drop()


def _support(url: str) -> pd.DataFrame:
    df = read_table(url, schema.export_support)
    df["month"] = pd.to_datetime(df["month"]).dt.strftime("%Y-%m")
    return df.sort_values(["month", "enterprise_id", "instrument_id", "region_id"]
                          ).reset_index(drop=True)


def _belaz(url: str) -> int:
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return conn.execute(sa.text("SELECT enterprise_id FROM enterprise "
                                        "WHERE name_en = 'BelAZ'")).scalar_one()
    finally:
        eng.dispose()


def test_the_kind_is_registered_with_its_reason():
    kind = KINDS[KIND]
    assert [c.name for c in kind.columns] == ["month", "enterprise", "instrument", "region",
                                              "support_usd", "backed_exports_usd"]
    assert "unknown_instrument" in REASONS
    from dashboard.i18n import t
    for lang in ("ru", "de"):
        text = t("imports.reason.unknown_instrument", lang, allowed="leasing")
        assert "leasing" in text and text != REASONS["unknown_instrument"].format(
            allowed="leasing")


def test_template_example_passes_and_replaces_its_period(demo_url, tmp_path, capsys):
    assert main(["template", KIND, "--out", str(tmp_path)]) == 0
    for ext in ("csv", "xlsx"):
        code = main(["import", str(tmp_path / f"{KIND}_template.{ext}"), "--dry-run",
                     "--url", demo_url, *WAIT])
        out = capsys.readouterr().out
        assert code == 0 and "problem" not in out and "1 rows" in out, out
    before = _support(demo_url)
    belaz = _belaz(demo_url)
    assert main(["import", str(tmp_path / f"{KIND}_template.csv"), "--url", demo_url,
                 *WAIT]) == 0
    capsys.readouterr()
    after = _support(demo_url)
    mine = (after["enterprise_id"] == belaz) & (after["month"] == "2025-10")
    assert after[mine][["instrument_id", "region_id", "support_usd",
                        "backed_exports_usd"]].values.tolist() == [
        ["export_credit", "RU-KEM", 1200000.0, 1500000.0]]
    # every other row (other enterprises, BelAZ's other months) is untouched
    untouched = ~((before["enterprise_id"] == belaz) & (before["month"] == "2025-10"))
    pd.testing.assert_frame_equal(before[untouched].reset_index(drop=True),
                                  after[~mine].reset_index(drop=True))
    log = log_rows(demo_url)
    last = log.iloc[-1]
    assert last["kind"] == KIND and last["outcome"] == "loaded"
    replaced = int(((before["enterprise_id"] == belaz) & (before["month"] == "2025-10")).sum())
    assert (last["rows_added"], last["rows_replaced"]) == (1, replaced)


BAD = """month;enterprise;instrument;region;support_usd;backed_exports_usd
2025-09;625767246;export_credit;RU-KEM;1000;2000
2025-09;625767246;no_such_thing;RU-KEM;1000;2000
2025-09;625767246;Лизинговые программы;RU-XXX;1000;2000
2025-09;625767246;leasing;RU-MOW;1000;-5
2030-01;625767246;leasing;RU-MOW;1000;5
2025-09;625767246;export_credit;RU-KEM;1000;2000
2025-09;625767246;insurance;RU-MOW;99999999999;5
"""


def test_a_bad_file_loads_nothing_and_says_where(demo_url, tmp_path):
    path = tmp_path / "support_bad.csv"
    path.write_text(BAD, encoding="utf-8")
    before = fingerprint(demo_url)
    result = import_files([path], url=demo_url, loaded_by="test", wait_seconds=120)
    assert not result.loaded
    text = result.report.text()
    for row, words in ((3, "not a known export-support instrument"),
                       (4, "not a Russian region"), (5, "cannot be negative"),
                       (6, "in the future"), (7, "more than one row (first on row 2)"),
                       (8, "outside the plausible range")):
        line = next((ln for ln in text.splitlines() if f"row {row}," in ln), "")
        assert words in line, (row, text)
    assert "row 2," not in text.split("first on row 2")[0]  # the good row is not blamed
    assert fingerprint(demo_url) == before
    assert log_rows(demo_url).iloc[-1]["outcome"] == "rejected"


def test_an_instrument_by_its_name_in_any_language(demo_url, tmp_path):
    rows = ("month;enterprise;instrument;region;support_usd;backed_exports_usd\n"
            "2025-08;625767246;Лизинговые программы;RU-KEM;10;20\n"
            "2025-08;625767246;Exportkreditversicherung;RU-KEM;10;20\n"
            "2025-08;625767246;BUYER CREDIT;RU-KEM;10;20\n")
    path = tmp_path / "support_names.csv"
    path.write_text(rows, encoding="utf-8")
    result = import_files([path], url=demo_url, loaded_by="test", dry_run=True, wait_seconds=120)
    assert result.ok, result.report.text()


def test_round_trip_through_the_template(demo_url, tmp_path):
    backend = "duckdb" if demo_url.startswith("duckdb") else "postgresql"
    target, clean = empty_database(tmp_path, backend, name="support_rt")
    try:
        files = [write_rows("enterprises", dump_url(demo_url, "enterprises"),
                            tmp_path / "enterprises.xlsx"),
                 write_rows(KIND, dump_url(demo_url, KIND), tmp_path / "support.csv")]
        result = import_files(files, url=target, loaded_by="roundtrip", wait_seconds=120)
        assert result.loaded, result.report.text()
        a, b = _support(demo_url), _support(target)
        assert len(a) > 100
        pd.testing.assert_frame_equal(a, b)
        assert fingerprint(demo_url)["export_support"] == fingerprint(target)["export_support"]
    finally:
        clean()

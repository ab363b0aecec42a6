"""One data version per page build (issue 10): right after a load, a page — one seen
before, whose results are cached under the old version, and one not seen before —
shows the new figures *and* the new freshness stamp, never one beside the other's old
value. Checked over HTTP on a private database of each engine (PostgreSQL is where it
went wrong), against the engine's own sums read by the test's SQL.

The load: MAZ's October 2026 exports doubled and a first November 2026 (MAZ only), so
both the Overview's January–October total and the freshness stamp (a "November: …
reported" part appears) change with the one commit."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from queries import engine
from queries.imports import dump_url, import_files, write_rows
from tests.dash_client import DashClient, page_texts
from tests.import_files.make_corpus import MAZ
from tests.import_files.support import demo_database


def _sql(url: str, sql: str, **params):
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return conn.execute(sa.text(sql), params).all()
    finally:
        eng.dispose()


@pytest.fixture(params=["duckdb", "postgresql"])
def app_db(request, tmp_path, monkeypatch):
    url, cleanup = demo_database(request, tmp_path, request.param)
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    engine.reset()
    from dashboard.app import create_app
    yield DashClient(create_app().server.test_client()), url
    engine.reset()
    cleanup()


def _total_mn(url: str, concern: str | None = None) -> str:
    """January–October 2026 exports, mn USD to one decimal, as the KPI prints it."""
    where = "AND e.concern_id = :c" if concern else ""
    value = _sql(url, "SELECT SUM(x.value_usd) FROM exports x JOIN enterprise e ON "
                      "e.enterprise_id = x.enterprise_id WHERE x.month BETWEEN "
                      f"DATE '2026-01-01' AND DATE '2026-10-01' {where}",
                 **({"c": concern} if concern else {}))[0][0]
    return f"{float(value) / 1e6:,.1f}"


def _shown(text: str) -> tuple[str, str]:
    """(the KPI's January–October total, the freshness stamp) of one page response."""
    kpi = re.search(r"Exports, January–October 2026 \| ([\d,]+\.\d)", text)
    stamp = re.search(r"\| (Data to [^|]*) \|", text)
    assert kpi and stamp, text[:2000]
    return kpi.group(1), stamp.group(1)


def test_a_page_right_after_a_load_shows_one_data_version(app_db, tmp_path):
    dc, url = app_db
    maz = _sql(url, "SELECT enterprise_id, concern_id FROM enterprise WHERE unp = :u",
               u=MAZ)[0]
    concern = maz[1]
    # the views as they were: figures and stamp of the old data (and now cached)
    old_all = _shown(page_texts(dc.page("/", "?lang=en")))
    assert old_all[0] == _total_mn(url)
    assert "November" not in old_all[1]

    october = dump_url(url, "exports", (date(2026, 10, 1), date(2026, 10, 1)))
    october = october[october["enterprise"].astype(str) == MAZ]
    assert len(october) > 0
    doubled = october.assign(value_usd=october["value_usd"] * 2)
    november = october.assign(month="2026-11")
    path = write_rows("exports", pd.concat([doubled, november]),
                      tmp_path / "maz_oct_nov.csv")
    result = import_files([path], url=url, loaded_by="test")
    assert result.loaded, result.report.text()

    # at once (well within the 2 s the version is otherwise kept): the same view and one
    # not seen before, each with the new figures and the new stamp
    new_all = _shown(page_texts(dc.page("/", "?lang=en")))
    new_concern = _shown(page_texts(dc.page("/", f"?lang=en&concern={concern}")))
    assert new_all[0] == _total_mn(url) != old_all[0]
    assert new_concern[0] == _total_mn(url, concern)
    for _, stamp in (new_all, new_concern):
        assert "November: " in stamp and "reported" in stamp, stamp
    assert new_all[1] == new_concern[1]

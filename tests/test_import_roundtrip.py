"""Round trip: the demonstration data written to the templates and imported into an
empty database gives every figure of every query and both pages, identical. And the
running app shows a load without a restart."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from queries import engine, positions
from queries import exports as q
from queries.filters import ExportFilter
from queries.imports import KINDS, dump_url, import_files, write_rows
from queries.imports.topics import TOPIC_KINDS
from tests.dash_client import DashClient
from tests.import_files.make_corpus import MAZ
from tests.import_files.support import HERE, demo_database, empty_database, fingerprint

# CSV for the big tables, Excel for the others: both readers take part (the other
# subjects' kinds alternate, so that each reader sees some of them)
FORMATS = {"enterprises": "xlsx", "subjects": "csv", "targets": "xlsx", "exports": "csv",
           "stock": "csv", "receivables": "xlsx",
           **{k: ("xlsx", "csv")[n % 2] for n, k in enumerate(TOPIC_KINDS)}}


@pytest.fixture(params=["duckdb", "postgresql"], scope="module")
def pair(request, tmp_path_factory):
    """(source, copy): the test database, and an empty database of the same engine into
    which the source's data went through the templates."""
    tmp = tmp_path_factory.mktemp("roundtrip")
    source, clean_source = demo_database(request, tmp, request.param)
    target, clean_target = empty_database(tmp, request.param)
    files = []
    for kind in KINDS:
        files.append(write_rows(kind, dump_url(source, kind), tmp / f"{kind}.{FORMATS[kind]}"))
    result = import_files(files, url=target, loaded_by="roundtrip")
    assert result.loaded, result.report.text()
    yield source, target
    clean_source()
    clean_target()


def test_every_table_is_identical(pair):
    source, target = pair
    assert fingerprint(source) == fingerprint(target)


def _figures(url: str, monkeypatch) -> dict:
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    engine.reset()
    out = {}
    filters = [ExportFilter(2026, 1, 10), ExportFilter(2025, 3, 12),
               ExportFilter(2026, 1, 10, concerns=("mtz",)),
               ExportFilter(2026, 1, 10, oblasts=("BY-MI",)),
               ExportFilter(2026, 1, 10, districts=("CFD",), headings=("8704",)),
               ExportFilter(2026, 1, 10, industrial_only=True)]
    for i, f in enumerate(filters):
        for level in q.LEVELS:
            out[f"{i}-{level}"] = q.breakdown(f, level)
        out[f"{i}-monthly"] = q.monthly(f)
        out[f"{i}-kpis"] = pd.DataFrame([q.kpis(f)])
        out[f"{i}-league"] = q.league(f)
        out[f"{i}-stock"] = pd.DataFrame([positions.stock_position(f)])
        out[f"{i}-overdue"] = pd.DataFrame([positions.overdue_position(f)])
    engine.reset()
    return out


def test_every_query_figure_is_identical(pair, monkeypatch):
    source, target = pair
    a, b = _figures(source, monkeypatch), _figures(target, monkeypatch)
    assert a.keys() == b.keys()
    # Both tables hold the same doubles (test above), but neither engine promises the
    # order in which it adds them (PostgreSQL's plan follows its statistics, DuckDB's
    # threads the machine's load), and the order moves the last bits of a sum: equal to
    # 1e-12 relative — a thousandth of a cent on a billion.
    for key in a:
        pd.testing.assert_frame_equal(a[key], b[key], check_exact=False, rtol=1e-12,
                                      atol=0, obj=key)


def _without_freshness(node):
    """The page's JSON without the freshness stamp (when each database was loaded),
    numbers to 12 significant digits (see the summation note above)."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == "freshness":
            return None
        return {k: _without_freshness(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_freshness(v) for v in node]
    if isinstance(node, float):
        return float(f"{node:.12g}")
    return node


def _pages(url: str, monkeypatch) -> dict:
    from dashboard.app import create_app

    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    engine.reset()
    client = DashClient(create_app().server.test_client())
    out = {}
    for path, search in (("/", ""), ("/", "?concern=mtz"), ("/exports", ""),
                         ("/exports", "?concern=mtz&level=enterprise"),
                         ("/exports", "?district=CFD&geo=region&map=growth"),
                         ("/trends", ""), ("/trends", "?concern=mtz&run=2"),
                         ("/stock", ""), ("/stock", "?concern=mtz&level=enterprise"),
                         ("/receivables", ""), ("/receivables", "?district=CFD&geo=region"),
                         ("/enterprise/3", "")):
        resp = client.page(path, search)
        assert resp.status_code == 200
        out[path + search] = _without_freshness(json.loads(resp.data))
    engine.reset()
    return out


def test_every_page_is_identical(pair, monkeypatch):
    source, target = pair
    a, b = _pages(source, monkeypatch), _pages(target, monkeypatch)
    for key in a:
        assert a[key] == b[key], key


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_the_running_app_sees_a_load_without_restart(backend, request, tmp_path,
                                                      monkeypatch, frames):
    url, cleanup = demo_database(request, tmp_path, backend)
    try:
        monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
        monkeypatch.setenv("EXPORT_MONITOR_CACHE_SECONDS", "3600")  # cache on, as in use
        engine.reset()
        e = frames["enterprise"]
        maz = int(e.loc[e["unp"] == MAZ, "enterprise_id"].iloc[0])
        f = ExportFilter(2026, 9, 9, enterprises=(maz,))
        before = q.kpis(f)["value"]
        version = engine.data_version()
        x = frames["exports"]
        expected_before = x[(x["enterprise_id"] == maz) & (x["month"] == "2026-09-01")][
            "value_usd"].sum()
        assert np.isclose(before, expected_before)
        result = import_files([HERE / "good_exports_cp1251.csv"], url=url)
        assert result.loaded
        engine._state.version_checked = 0.0  # as if the 2-second version check had passed
        assert engine.data_version() != version
        assert np.isclose(q.kpis(f)["value"], 12500000.5 + 3100000.0)
    finally:
        engine.reset()
        cleanup()

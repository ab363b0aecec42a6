"""Every template's own example row imports as it is into the demonstration database
(issue 9): ``export-monitor template KIND``, then ``export-monitor import --dry-run`` on
the CSV and the workbook it wrote, for every kind and on both engines — no unknown code,
no unit-check warning, exit 0, nothing changed. Then the CSVs are really loaded and the
example rows read back with the test's own SQL."""

from __future__ import annotations

import inspect

import pytest
import sqlalchemy as sa

from queries import demo, engine
from queries.cli import main
from queries.imports import KINDS
from tests.conftest import TEST_END, TEST_SCALE
from tests.import_files.support import PgSchema, fingerprint, sums

# the demonstration database's seed (the generator's and EXPORT_MONITOR_DEMO_SEED's
# default): the enterprises, their УНП and the subjects depend on the seed only
DEMO_SEED = inspect.signature(demo.generate).parameters["seed"].default


@pytest.fixture(params=["duckdb", "postgresql"], scope="module")
def demo_url(request, tmp_path_factory):
    if request.param == "duckdb":
        url = f"duckdb:///{tmp_path_factory.mktemp('tpl') / 'demo.duckdb'}"
        demo.build_database(url, scale=TEST_SCALE, seed=DEMO_SEED, end_month=TEST_END)
        yield url
        engine.reset()
        return
    pg = PgSchema()
    demo.build_database(pg.url, scale=TEST_SCALE, seed=DEMO_SEED, end_month=TEST_END)
    yield pg.url
    pg.drop()


def _one(url: str, sql: str, **params):
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return conn.execute(sa.text(sql), params).all()
    finally:
        eng.dispose()


def test_the_seed_is_the_demo_default(monkeypatch):
    from queries import settings
    monkeypatch.delenv("EXPORT_MONITOR_DEMO_SEED", raising=False)
    assert settings.get("EXPORT_MONITOR_DEMO_SEED") == DEMO_SEED


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_template_example_passes_a_dry_run(kind, demo_url, tmp_path, capsys):
    assert main(["template", kind, "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    before, before_sums = fingerprint(demo_url), sums(demo_url)
    logged = _one(demo_url, "SELECT COUNT(*) FROM load_log")[0][0]
    for ext in ("csv", "xlsx"):
        code = main(["import", str(tmp_path / f"{kind}_template.{ext}"), "--dry-run",
                     "--url", demo_url])
        out = capsys.readouterr().out
        assert code == 0, out
        assert "problem" not in out and "factor" not in out.lower(), out
        assert "1 rows" in out and "nothing was loaded (--dry-run)" in out, out
    assert fingerprint(demo_url) == before and sums(demo_url) == before_sums
    assert _one(demo_url, "SELECT COUNT(*) FROM load_log")[0][0] == logged


def test_the_examples_name_belaz_and_its_trucks(demo_url):
    """The example enterprise is the demo's BelAZ (looked up here by its English name),
    and the heading is one BelAZ really exports."""
    ex = {c.name: c.example for c in KINDS["exports"].columns}
    rows = _one(demo_url, "SELECT e.unp FROM enterprise e WHERE e.name_en = 'BelAZ'")
    assert [r[0] for r in rows] == [ex["enterprise"]]
    shipped = _one(demo_url, "SELECT COUNT(*) FROM exports x JOIN enterprise e "
                   "ON e.enterprise_id = x.enterprise_id WHERE e.name_en = 'BelAZ' "
                   "AND x.heading_id = :h", h=ex["hs_heading"])
    assert shipped[0][0] > 0


@pytest.mark.parametrize("kind, sql, expected", [
    ("exports", "SELECT SUM(x.value_usd), SUM(x.quantity), COUNT(*) FROM exports x JOIN "
     "enterprise e ON e.enterprise_id = x.enterprise_id WHERE e.name_en = 'BelAZ' AND "
     "x.month = DATE '2025-10-01'", (12500000.0, 9.0, 1)),
    ("stock", "SELECT SUM(s.value_usd), SUM(s.quantity), COUNT(*) FROM stock s JOIN "
     "enterprise e ON e.enterprise_id = s.enterprise_id WHERE e.name_en = 'BelAZ' AND "
     "s.month = DATE '2025-10-01'", (12000000.0, 9.0, 1)),
    ("receivables", "SELECT SUM(r.total_usd), SUM(r.overdue_usd), COUNT(*) FROM receivable "
     "r JOIN enterprise e ON e.enterprise_id = r.enterprise_id WHERE e.name_en = 'BelAZ' "
     "AND r.month = DATE '2025-10-01'", (20000000.0, 3000000.0, 1)),
])
def test_template_example_loads(kind, sql, expected, demo_url, tmp_path, capsys):
    assert main(["template", kind, "--out", str(tmp_path)]) == 0
    code = main(["import", str(tmp_path / f"{kind}_template.csv"), "--url", demo_url])
    out = capsys.readouterr().out
    assert code == 0, out
    total, second, n = _one(demo_url, sql)[0]
    assert (float(total), float(second), n) == expected

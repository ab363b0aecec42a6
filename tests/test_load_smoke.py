"""The load test's analyst (bench/locustfile.py) runs: locust, headless, for a few
seconds against a live server on loopback (local mode, the DuckDB test database) with
short pauses between clicks, and every request and every check passes. Not a timed
test: it asserts the analyst's checks ran and found nothing, and zero failures.

Also: what the analysts read from an Overview answer (``bench.load.overview_figures``)
is the figure the generator's raw rows give, and the KPI-against-league check fails on
an answer whose league does not add up."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import load
from tests.dash_client import DashClient, page_json
from tests.live import live_server

ROOT = Path(__file__).resolve().parent.parent
LOCUST = Path(sys.executable).parent / "locust"


def test_the_overview_figures_the_analysts_check(duck_db, frames):
    from dashboard.app import create_app

    dc = DashClient(create_app().server.test_client())
    page = page_json(dc.page("/", "?lang=en&year=2026&to=10"))
    kpi, league, rows, stamp = load.overview_figures(page)
    ex = frames["exports"]
    months = ex["month"].astype(str)
    raw = ex[(months >= "2026-01") & (months <= "2026-10-31")]["value_usd"].sum() / 1e6
    assert kpi == pytest.approx(raw, abs=0.051)
    assert rows > 3 and load.overview_problem(kpi, league, rows) is None
    assert stamp.startswith("Data to October 2026")
    # an answer whose league has one row from other data is caught
    assert load.overview_problem(kpi, league + 27.6, rows) is not None


def test_the_locust_analyst_runs_with_no_failure(duck_db, tmp_path):
    assert LOCUST.exists(), "locust is missing: make installs requirements-bench.lock"
    from bench.run import context

    states = load.states(context(), users=[])  # local mode: no sign-in
    (tmp_path / "states.json").write_text(json.dumps(states), encoding="utf-8")
    with live_server() as base:
        proc = subprocess.run(
            [str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "--host", base, "-u", "3", "-r", "3", "--run-time", "8s", "--stop-timeout",
             "10", "--only-summary", "--csv", str(tmp_path / "load"), "--states",
             str(tmp_path / "states.json"), "--report", str(tmp_path / "checks.json"),
             "--think", "0.1,0.4", "--loglevel", "WARNING"],
            env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT, capture_output=True,
            text=True, timeout=90, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    stats = load.read_stats(tmp_path / "load_stats.csv")
    interactions = {s["name"]: s for s in stats if s["type"] == "INTERACTION"}
    assert "open a page (HTML, layout, router)" in interactions
    assert sum(s["n"] for s in interactions.values()) >= 10 and len(interactions) >= 3
    assert sum(s["failures"] for s in stats) == 0, stats
    assert not [s for s in stats if s["type"] == "CHECK"]
    checks = json.loads((tmp_path / "checks.json").read_text("utf-8"))
    assert checks["overview_checked"] >= 1
    assert checks["kpi_league_mismatch"] == checks["mixed"] == checks["bad_answers"] == 0
    with open(tmp_path / "load_stats.csv", encoding="utf-8", newline="") as fh:
        aggregated = [r for r in csv.DictReader(fh) if r["Name"] == "Aggregated"]
    assert int(aggregated[0]["Request Count"]) > sum(s["n"] for s in interactions.values())
    shutil.rmtree(tmp_path, ignore_errors=True)

"""``kill -9`` during an import (issue 10): a real ``export-monitor import`` process of a
large two-file import (22 months of exports and of receivables, every amount doubled)
is stopped at each step of ``queries.imports.load`` (EXPORT_MONITOR_TEST_PAUSE_AT) and
killed with SIGKILL. After each kill the data are either all old or all new — never a
mix — as two fingerprints computed here by the engine say (an md5 of every table's
rows, and row counts with exact sums of every numeric column); the next import runs,
leaves no unfinished copy behind, and ``export-monitor loads`` says what became of the
killed run. On DuckDB and on PostgreSQL.

The wait for the process to reach its step is a guard against a hang, not a timing."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from queries import engine
from queries.imports import dump_url, write_rows
from queries.imports.load import leftovers_of
from tests.import_files.support import demo_database, fingerprint, sums

MONTHS = (date(2025, 1, 1), date(2026, 10, 1))  # about 10,000 export rows
MONEY = {"exports": ["value_usd"],
         "receivables": ["total_usd", "overdue_usd", "overdue_upto_30_usd",
                         "overdue_31_90_usd", "overdue_91_180_usd", "overdue_over_180_usd"]}
# step → the data after a kill there: old (nothing committed) or new
STEPS = {"duckdb": {"checked": "old", "copied": "old", "half_written": "old",
                    "written": "old", "committed": "old", "done": "new"},
         # PostgreSQL has no copy; "committed" is its transaction's commit
         "postgresql": {"checked": "old", "half_written": "old", "written": "old",
                        "committed": "new", "done": "new"}}
CASES = [(b, s) for b, steps in STEPS.items() for s in steps]
GUARD_SECONDS = 300


def _files(url: str, folder) -> list[str]:
    """The import: this database's own rows of 22 months, every amount doubled (a
    factor of 2 passes the unit check; doubling keeps cents exact)."""
    paths = []
    for kind, money in MONEY.items():
        df = dump_url(url, kind, MONTHS)
        assert len(df) > 100, (kind, len(df))
        for col in money + [c for c in df.columns if c.startswith("cause_")]:
            df[col] = df[col] * 2
        paths.append(str(write_rows(kind, df, folder / f"{kind}_doubled.csv")))
    return paths


def _state(url: str) -> tuple:
    engine.reset()  # nothing cached in this process
    return fingerprint(url), sums(url)


def _cli(*args: str, pause: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "EXPORT_MONITOR_TEST_PAUSE_AT"}
    if pause:
        env["EXPORT_MONITOR_TEST_PAUSE_AT"] = pause
    return subprocess.Popen([sys.executable, "-m", "queries.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_pause(proc: subprocess.Popen, step: str) -> str:
    seen = ""
    while f"paused at {step}" not in seen:
        ready, _, _ = select.select([proc.stderr], [], [], GUARD_SECONDS)
        line = proc.stderr.readline() if ready else ""
        if not line:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"the import never reached {step}: {seen}{err}{out}")
        seen += line
    return seen


@pytest.fixture
def own_db(request, tmp_path):
    backend = request.node.callspec.params["backend"]
    url, cleanup = demo_database(request, tmp_path, backend)
    yield url
    engine.reset()
    cleanup()


@pytest.mark.parametrize("backend, step", CASES)
def test_a_killed_import_leaves_old_or_new_data_and_the_next_one_runs(backend, step, own_db,
                                                                      tmp_path):
    url = own_db
    files = _files(url, tmp_path)
    old = _state(url)

    proc = _cli("import", *files, "--url", url, "--by", "killed", pause=step)
    _wait_for_pause(proc, step)
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert "Loaded in" not in out

    after_kill = _state(url)
    listed = subprocess.run([sys.executable, "-m", "queries.cli", "loads", "--url", url],
                            capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr

    follow = _cli("import", *files, "--url", url, "--by", "next")
    out, err = follow.communicate(timeout=GUARD_SECONDS)
    assert follow.returncode == 0, out + err
    assert "Loaded in" in out
    new = _state(url)
    assert new != old  # the import changes every table it touches

    # never a mix: all old or all new, as the step says
    assert after_kill in (old, new)
    assert after_kill == (old if STEPS[backend][step] == "old" else new), step

    # what became of the killed run is clear from `loads`
    words = ("interrupted after its commit: its data are loaded"
             if STEPS[backend][step] == "new" else
             "interrupted before its commit: nothing of it was loaded")
    if backend == "postgresql" and STEPS[backend][step] == "new":
        words = "loaded"  # its outcome committed with its data
    killed_line = next(line for line in listed.stdout.splitlines()
                       if "killed" in line and "doubled.csv" in line and " — " in line)
    assert words in killed_line, listed.stdout

    if backend == "duckdb":
        path = Path(url.split(":///", 1)[1])
        assert [p for p in leftovers_of(path) if p.exists()] == []

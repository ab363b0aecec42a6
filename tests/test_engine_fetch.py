"""``queries.engine.run``'s two fetches give the same frame's values, and the row cap
holds on both: the rows as Python tuples (the default) and DuckDB's own column fetch
(``columnar=True``, which PostgreSQL ignores). Checked on each engine against the raw
generated rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Date, bindparam, case, func, select

from queries import engine
from queries.schema import exports_by_enterprise


def _stmt():
    x = exports_by_enterprise.c
    jan = bindparam("jan", type_=Date)
    return (select(x.enterprise_id, func.sum(x.value_usd).label("value"),
                   func.sum(case((x.month == jan, x.value_usd), else_=0.0)).label("jan"),
                   func.max(x.month).label("last"))
            .group_by(x.enterprise_id).order_by(x.enterprise_id))


def _expected(frames, jan) -> pd.DataFrame:
    ex = frames["exports"].copy()
    ex["month"] = pd.to_datetime(ex["month"])
    ex["jan"] = np.where(ex["month"] == pd.Timestamp(jan), ex["value_usd"], 0.0)
    return (ex.groupby("enterprise_id")
            .agg(value=("value_usd", "sum"), jan=("jan", "sum"), last=("month", "max"))
            .sort_index())


@pytest.mark.parametrize("columnar", [False, True])
def test_both_fetches_give_the_raw_rows_sums(db, frames, columnar):
    jan = pd.Timestamp("2026-01-01").date()
    got = engine.run(_stmt(), {"jan": jan}, columnar=columnar, use_cache=False)
    want = _expected(frames, jan)
    assert list(got.columns) == ["enterprise_id", "value", "jan", "last"]
    assert got["enterprise_id"].astype(int).tolist() == want.index.astype(int).tolist()
    np.testing.assert_allclose(got["value"].astype(float), want["value"], rtol=1e-9)
    np.testing.assert_allclose(got["jan"].astype(float), want["jan"], rtol=1e-9, atol=1e-6)
    assert [pd.Timestamp(v) for v in got["last"]] == list(want["last"])


@pytest.mark.parametrize("columnar", [False, True])
def test_the_row_cap_holds_on_both_fetches(db, frames, monkeypatch, columnar):
    n = frames["exports"]["enterprise_id"].nunique()
    monkeypatch.setenv("EXPORT_MONITOR_ROW_LIMIT", str(n - 1))
    with pytest.raises(engine.QueryError, match=f"more than {n - 1} rows") as err:
        engine.run(_stmt(), {"jan": pd.Timestamp("2026-01-01").date()},
                   columnar=columnar, use_cache=False)
    assert err.value.key == "query_too_many_rows"
    monkeypatch.setenv("EXPORT_MONITOR_ROW_LIMIT", str(n))
    assert len(engine.run(_stmt(), {"jan": pd.Timestamp("2026-01-01").date()},
                          columnar=columnar, use_cache=False)) == n


def test_named_parameters_are_part_of_the_cached_result(db, frames):
    """Two months bound by name are two results, not one cached under the other."""
    a = engine.run(_stmt(), {"jan": pd.Timestamp("2026-01-01").date()}, columnar=True)
    b = engine.run(_stmt(), {"jan": pd.Timestamp("2025-01-01").date()}, columnar=True)
    want_b = _expected(frames, pd.Timestamp("2025-01-01").date())
    np.testing.assert_allclose(b["jan"].astype(float), want_b["jan"], rtol=1e-9, atol=1e-6)
    assert not np.allclose(a["jan"].astype(float), b["jan"].astype(float))

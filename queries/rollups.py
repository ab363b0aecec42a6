"""The pre-aggregated copies of ``exports`` (tables ``exports_by_*`` in
``schema.py``): which keys each keeps, and the SQL that rebuilds them from ``exports``
(and ``enterprise``, for the concern and oblast an enterprise belongs to at load time).
The demonstration builder uses it, and so must every import: rollups are rebuilt after
each load (of exports or stock), in the same transaction.
"""

from __future__ import annotations

ROLLUPS: dict[str, tuple[str, ...]] = {
    "exports_stock_cells": ("month", "enterprise_id", "heading_id", "region_id"),
    "exports_by_enterprise": ("month", "enterprise_id"),
    "exports_by_concern_region": ("month", "concern_id", "oblast_id", "is_industrial",
                                  "region_id"),
    "exports_by_enterprise_district": ("month", "enterprise_id", "district_id"),
    "exports_by_product_district": ("month", "enterprise_id", "heading_id", "district_id"),
    "exports_by_product": ("month", "enterprise_id", "heading_id"),
    # written in this order (``rollup_sql`` orders by the keys): by month, then region,
    # so that a region filter reads few of DuckDB's row groups (their min/max) and few
    # PostgreSQL pages: measured at 100M rows, /trends?region=RU-SMO's two statements on
    # it 23 → 15 and 55 → 34 ms (README, DuckDB at 100M rows)
    "exports_by_region": ("month", "region_id", "enterprise_id"),
}

_SOURCE_COLUMN = {"month": "x.month", "enterprise_id": "x.enterprise_id",
                  "heading_id": "x.heading_id", "region_id": "x.region_id",
                  "concern_id": "e.concern_id", "oblast_id": "e.oblast_id",
                  "is_industrial": "e.is_industrial", "district_id": "r.district_id"}


# Depends on stock as well as exports: rebuild it after a load of either.
STOCK_CELLS = "exports_stock_cells"


def rollup_columns(name: str) -> list[str]:
    """The columns of rollup ``name`` in the order ``rollup_sql`` selects them."""
    return [*ROLLUPS[name], "value_usd", "quantity"]


def rollup_select(name: str, backend: str) -> str:
    """The SELECT of rollup ``name``: its rows, in ``rollup_columns`` order (table and
    column names come from the fixed ``ROLLUPS`` above, never from input)."""
    keys = ROLLUPS[name]
    if name == STOCK_CELLS:  # a filtered copy of exports, not an aggregate
        return ("SELECT x.month, x.enterprise_id, x.heading_id, x.region_id, x.value_usd, "
                "x.quantity FROM exports x WHERE EXISTS (SELECT 1 FROM stock s "
                "JOIN dist_subject d ON d.subject_id = s.subject_id "
                "WHERE s.enterprise_id = x.enterprise_id AND s.heading_id = x.heading_id "
                "AND d.region_id = x.region_id) ORDER BY x.month")
    exprs = ", ".join(_SOURCE_COLUMN[k] for k in keys)
    num = "::numeric" if backend == "postgresql" else ""  # PG has no ROUND(double, int)
    join = (" JOIN enterprise e ON e.enterprise_id = x.enterprise_id"
            if any(_SOURCE_COLUMN[k].startswith("e.") for k in keys) else "")
    if any(_SOURCE_COLUMN[k].startswith("r.") for k in keys):
        join += " JOIN ru_region r ON r.region_id = x.region_id"
    return (f"SELECT {exprs}, ROUND(SUM(x.value_usd){num}, 2), "
            f"ROUND(SUM(x.quantity){num}, 3) FROM exports x{join} "
            f"GROUP BY {exprs} ORDER BY {exprs}")


def rollup_sql(name: str, backend: str) -> str:
    """INSERT … SELECT that fills rollup ``name`` (``rollup_select``)."""
    return (f"INSERT INTO {name} ({', '.join(rollup_columns(name))}) "
            f"{rollup_select(name, backend)}")

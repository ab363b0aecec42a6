"""The pre-aggregated copies of ``exports`` (see ``schema.exports_by_product`` and
``schema.exports_by_region``): which keys each keeps, and the SQL that rebuilds it
from ``exports``. The demonstration builder uses it, and so will every import."""

from __future__ import annotations

ROLLUPS = {
    "exports_by_product": ("month", "enterprise_id", "heading_id"),
    "exports_by_region": ("month", "enterprise_id", "region_id"),
}


def rollup_sql(name: str, backend: str) -> str:
    """INSERT … SELECT that fills rollup ``name`` from ``exports`` (table and column
    names come from the fixed ``ROLLUPS`` above, never from input)."""
    keys = ", ".join(ROLLUPS[name])
    num = "::numeric" if backend == "postgresql" else ""  # PG has no ROUND(double, int)
    return (f"INSERT INTO {name} ({keys}, value_usd, quantity) "
            f"SELECT {keys}, ROUND(SUM(value_usd){num}, 2), ROUND(SUM(quantity){num}, 3) "
            f"FROM exports GROUP BY {keys} ORDER BY {keys}")

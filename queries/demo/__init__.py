"""Deterministic demonstration data: generator and database builder.

``generate(scale, seed, end_month)`` returns one DataFrame per table of
``queries.schema``; ``build_database(url, ...)`` loads them into DuckDB or PostgreSQL.

How the data is made (everything below is an assumption, tuned to look plausible):

* Dimensions (concerns, ~60 real major enterprises from refdata plus generated smaller
  exporters up to ~2,000, HS tables, regions, distribution subjects) depend on the seed
  only, never on the scale.
* Each enterprise has an export value per month (``E``, enterprise × month): a 2021
  size, a product-group growth path, its own yearly drift, the group's seasonality and
  AR(1) noise. The current year is last year's same month × (1 + the enterprise's
  growth) — machinery falls, food grows, and within every concern some do the opposite.
  Every year is then scaled so that the total matches ``ANNUAL_TOTAL_USD_BN``.
* ``E`` is spread over (heading × Russian region) cells; the scale decides how many
  cells each enterprise has and so the number of export rows, not the money.
* Stock and receivables are derived from the expected shipments of the same cells, so
  stock builds and receivables age where shipments fall.

Quantities are in each heading's natural unit (pieces for machinery, appliances, tyres,
clothing and footwear, metric tonnes otherwise); the schema has no unit column.
"""

from .build import build_database, ensure_demo_database, main
from .generator import generate

__all__ = ["build_database", "ensure_demo_database", "generate", "main"]

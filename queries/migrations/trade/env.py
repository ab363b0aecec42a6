"""Alembic environment of the trade schema on PostgreSQL (DuckDB files keep
``create_all``: every load writes a new file). Run by ``queries.appstore`` with a
connection in ``config.attributes``; the schema is the connection's ``search_path``."""

from alembic import context
from sqlalchemy import text

from queries.schema import metadata

config = context.config
conn = config.attributes["connection"]

context.configure(
    connection=conn,
    target_metadata=metadata,
    version_table=config.attributes.get("version_table", "alembic_version_trade"),
    compare_type=True,
)

with context.begin_transaction():
    conn.execute(text("SELECT pg_advisory_xact_lock(74120733)"))
    context.run_migrations()

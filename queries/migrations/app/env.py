"""Alembic environment of the app store (SQLite or PostgreSQL).

Run by ``queries.appstore`` with a connection in ``config.attributes``: no alembic.ini,
no URL here. On PostgreSQL the store's schema is created first and holds the version
table (``version_table_schema``); migrations use batch mode on SQLite, which cannot
alter a table in place.
"""

from alembic import context
from sqlalchemy import text

from queries.appstore_tables import metadata

config = context.config
conn = config.attributes["connection"]
schema = config.attributes.get("schema")
version_table = config.attributes.get("version_table", "alembic_version_app")
postgres = conn.dialect.name == "postgresql"

if postgres and schema:
    with conn.begin():
        conn.execute(text("SELECT pg_advisory_xact_lock(74120732)"))
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))

context.configure(
    connection=conn,
    target_metadata=metadata,
    version_table=version_table,
    version_table_schema=schema if postgres else None,
    render_as_batch=not postgres,
    compare_type=True,
)

with context.begin_transaction():
    if postgres:  # one upgrade at a time, whoever runs it
        conn.execute(text("SELECT pg_advisory_xact_lock(74120732)"))
        if schema:
            conn.execute(text(f'SET LOCAL search_path TO "{schema}"'))
    context.run_migrations()

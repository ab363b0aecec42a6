"""Loads generated data into DuckDB or PostgreSQL, builds the rollups, logs the load."""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from queries import schema, settings
from queries.pg_copy import copy_arrow, copy_frame
from queries.rollups import ROLLUPS, rollup_columns, rollup_select, rollup_sql

from .generator import generate

log = logging.getLogger(__name__)

# -- loading ----------------------------------------------------------------------------
# PostgreSQL only (DuckDB scans its columns faster than it would read an index). Where
# a page filters a large table by product, region or enterprise, the index carries the
# columns the page's sums read (INCLUDE), so the planner answers from the index alone
# (an index-only scan, which needs the VACUUM after the load) instead of fetching rows
# scattered over the whole table: the fact table is stored in month order.
PG_INDEXES = (  # every primary key already starts with month
    "CREATE INDEX IF NOT EXISTS ix_exports_enterprise_month ON exports (enterprise_id, month)",
    "CREATE INDEX IF NOT EXISTS ix_exports_heading_cover ON exports (heading_id, month) "
    "INCLUDE (enterprise_id, region_id, value_usd)",
    "CREATE INDEX IF NOT EXISTS ix_exports_region_cover ON exports (region_id, month) "
    "INCLUDE (enterprise_id, heading_id, value_usd)",
    # the rollups are written in month order: a month index reads the page's two years
    # as one range instead of scanning all six
    "CREATE INDEX IF NOT EXISTS ix_exports_by_enterprise_month ON exports_by_enterprise (month)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_concern_region_month ON "
    "exports_by_concern_region (month)",
    "CREATE INDEX IF NOT EXISTS ix_exports_stock_cells_month ON exports_stock_cells (month)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_enterprise_district_district ON "
    "exports_by_enterprise_district (district_id, month) INCLUDE (enterprise_id, value_usd)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_product_district_district ON "
    "exports_by_product_district (district_id, month) INCLUDE (enterprise_id, heading_id, "
    "value_usd)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_product_month ON exports_by_product (month)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_product_heading ON exports_by_product "
    "(heading_id, month) INCLUDE (enterprise_id, value_usd)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_product_district_heading ON "
    "exports_by_product_district (heading_id, month) INCLUDE (enterprise_id, district_id, "
    "value_usd)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_region_month ON exports_by_region (month)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_region_region ON exports_by_region (region_id, month)",
    "CREATE INDEX IF NOT EXISTS ix_exports_by_region_enterprise ON exports_by_region "
    "(enterprise_id, month) INCLUDE (region_id, value_usd)",
    "CREATE INDEX IF NOT EXISTS ix_stock_month ON stock (month)",
    "CREATE INDEX IF NOT EXISTS ix_receivable_month ON receivable (month)",
    "CREATE INDEX IF NOT EXISTS ix_receivable_cause_month ON receivable_cause (month)",
)


def _load_log_row(months: pd.Series, rows: int, scale, seed) -> pd.DataFrame:
    return pd.DataFrame([{
        "load_id": uuid.uuid4().hex,
        "loaded_at": datetime.now(UTC).replace(tzinfo=None),
        "kind": "demo", "source": demo_source(scale, seed), "sha256": None,
        "period_from": months.min().date(), "period_to": months.max().date(),
        "rows_added": rows, "rows_replaced": 0, "loaded_by": "demo",
        "outcome": "loaded"}])


# Above this scale (about 24 million export rows) a DuckDB build does not hold the
# export rows in memory: the generator hands them over half a year at a time, they are
# written to Parquet files next to the database being built and inserted from there
# (scale 167, 100 million rows: a few GB of memory instead of tens of GB).
STREAM_ABOVE_SCALE = 40.0
DUCKDB_BUILD_MEMORY = "4GB"  # DuckDB's own limit while it loads and builds the rollups


class _ParquetParts:
    """The generator's export chunks as numbered Parquet files in ``folder``."""

    def __init__(self, folder: Path) -> None:
        import duckdb

        self.folder, self.rows, self.months = folder, 0, []
        folder.mkdir(parents=True, exist_ok=True)
        for leftover in folder.glob("part-*.parquet"):  # of a build that was killed
            leftover.unlink()
        self._con = duckdb.connect()

    def __call__(self, chunk: pd.DataFrame) -> None:
        path = self.folder / f"part-{len(self.months) // 2:04d}.parquet"
        self._con.register("_chunk", chunk)
        self._con.execute(f"COPY _chunk TO '{path}' (FORMAT parquet)")
        self._con.unregister("_chunk")
        self.rows += len(chunk)
        self.months += [chunk["month"].min(), chunk["month"].max()]

    def close(self) -> None:
        self._con.close()

    def remove(self) -> None:
        for part in self.folder.glob("part-*.parquet"):
            part.unlink()
        self.folder.rmdir()


def _load_duckdb(engine: sa.Engine, frames: dict[str, pd.DataFrame],
                 parts: _ParquetParts | None = None) -> None:
    raw = engine.raw_connection()
    try:
        con = raw.driver_connection
        if parts is not None:
            con.execute(f"SET memory_limit = '{DUCKDB_BUILD_MEMORY}'")
            # no primary or foreign keys on exports: DuckDB keeps a key's ART index in
            # memory and 100 million rows' did not fit in 4 GB (the generator makes each
            # month, enterprise, heading and region once; the codes come from its tables)
            con.execute("DROP TABLE exports")
            con.execute("CREATE TABLE exports (" + ", ".join(
                f"{c.name} {c.type.compile(dialect=engine.dialect)}"
                + ("" if c.nullable else " NOT NULL") for c in schema.exports.columns) + ")")
        for table in schema.metadata.sorted_tables:
            cols = ", ".join(c.name for c in table.columns)
            if table.name == "exports" and parts is not None:
                # stored by month and, within a month, by Russian region: a region
                # filter then skips most row groups by their min/max (zone maps); at
                # 100M rows a region's product sums read 265 → 39 ms, product filters
                # unchanged (the generator's order is month and enterprise)
                con.execute(f"INSERT INTO exports ({cols}) SELECT {cols} FROM "
                            f"read_parquet('{parts.folder}/part-*.parquet') "
                            "ORDER BY month, region_id, heading_id")
                continue
            if table.name not in frames:
                continue
            con.register("_frame", frames[table.name])
            con.execute(f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM _frame")
            con.unregister("_frame")
        for name in ROLLUPS:
            con.execute(rollup_sql(name, "duckdb"))
        raw.commit()
        con.execute("CHECKPOINT")
    finally:
        raw.close()


# Tables this large are loaded without their keys, which are added after the COPY: a
# primary key built by one sort and a foreign key checked by one join are many times
# faster than checking every row as it arrives (10M export rows: half an hour with the
# keys in place). The keys are the same (name and definition read back from the
# catalogue), and all of it is one transaction: a failed key check loads nothing.
KEYS_AFTER_ROWS = 100_000


def _set_keys_aside(cur, tables: list[str]) -> list[tuple[str, str, str]]:
    """Drop the primary, unique and foreign keys of ``tables`` (and the foreign keys of
    other tables that point at them); return (table, name, definition) to restore."""
    cur.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype "
        "FROM pg_constraint c WHERE c.contype IN ('p', 'u', 'f') "
        "AND (c.conrelid = ANY(%(t)s::regclass[]) OR c.confrelid = ANY(%(t)s::regclass[])) "
        "AND c.connamespace = current_schema()::regnamespace",
        {"t": tables})
    keys = cur.fetchall()
    # foreign keys first: a primary key cannot go while a foreign key needs it
    keys.sort(key=lambda k: k[3] != "f")
    for table, name, _, _ in keys:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    # back in the opposite order: primary and unique keys before the foreign keys
    return [(table, name, definition) for table, name, definition, _ in reversed(keys)]


def _copy_rollups(cur, frames: dict[str, pd.DataFrame]) -> None:
    """Fill the rollups of a PostgreSQL build: each computed by an in-process DuckDB
    over the generated frames — the same ``rollup_select`` the DuckDB build runs, so
    both engines' demo rollups hold the same numbers — and COPYed in. PostgreSQL's own
    INSERT … SELECT of them took 86 s of the 10M-row build (one core, every row
    WAL-logged); this takes a fraction of it. A load (queries/imports) still rebuilds
    them in PostgreSQL, inside its own transaction."""
    import duckdb

    con = duckdb.connect()
    try:
        for table in ("exports", "enterprise", "ru_region", "stock", "dist_subject"):
            con.register(table, frames[table])
        for name in ROLLUPS:
            rows = con.sql(rollup_select(name, "duckdb")).to_arrow_table()
            copy_arrow(cur, name, rows, rollup_columns(name))
    finally:
        con.close()


def _load_postgres(engine: sa.Engine, frames: dict[str, pd.DataFrame]) -> None:
    started = [time.perf_counter()]

    def lap(phase: str) -> None:
        now = time.perf_counter()
        log.info("PostgreSQL build: %s %.1f s", phase, now - started[0])
        started[0] = now

    raw = engine.raw_connection()
    try:
        con = raw.driver_connection  # psycopg 3
        with con.cursor() as cur:
            cur.execute("SET LOCAL maintenance_work_mem = '512MB'")  # key and index sorts
            big = [t.name for t in schema.metadata.sorted_tables
                   if len(frames.get(t.name, ())) >= KEYS_AFTER_ROWS]
            keys = _set_keys_aside(cur, big) if big else []
            for table in schema.metadata.sorted_tables:
                if table.name not in frames:
                    continue
                df = frames[table.name]
                cols = [c.name for c in table.columns]
                copy_frame(cur, table.name, df, cols)
            lap("copy")
            for table, name, definition in keys:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            lap("keys")
            _copy_rollups(cur, frames)
            lap("rollups")
            for ddl in PG_INDEXES:
                cur.execute(ddl)
            lap("indexes")
        con.commit()
        con.autocommit = True
        with con.cursor() as cur:
            # VACUUM sets the visibility map, without which no index-only scan
            cur.execute("VACUUM ANALYZE")
        con.autocommit = False
        lap("vacuum analyze")
    finally:
        raw.close()


def build_database(url: str, scale: float | None = None, seed: int | None = None,
                   end_month: str | None = None, *, connect_args: dict | None = None) -> dict:
    """Drop and create the schema at ``url``, load generated data, build the rollups and
    log the load. Returns rows per table. A DuckDB file is built next to the target as
    ``<file>.building`` and moved over it at the end, so readers never see half a file.
    ``connect_args`` go to ``create_engine`` (e.g. a PostgreSQL ``search_path``)."""
    scale = settings.get("EXPORT_MONITOR_DEMO_SCALE") if scale is None else scale
    seed = settings.get("EXPORT_MONITOR_DEMO_SEED") if seed is None else seed
    end_month = settings.get("EXPORT_MONITOR_DEMO_END_MONTH") if end_month is None else end_month
    u = sa.engine.make_url(url)
    backend = u.get_backend_name()
    target = building = parts = None
    if backend == "duckdb" and u.database not in (None, "", ":memory:"):
        target = Path(u.database)
        target.parent.mkdir(parents=True, exist_ok=True)
        building = target.with_name(target.name + ".building")
        for leftover in (building, building.with_name(building.name + ".wal")):
            leftover.unlink(missing_ok=True)
        u = u.set(database=str(building))
    elif backend not in ("duckdb", "postgresql"):
        raise ValueError(f"unsupported database {backend!r}: use duckdb or postgresql")

    if building is not None and scale > STREAM_ABOVE_SCALE:
        parts = _ParquetParts(building.with_name(building.name + ".exports"))
        try:
            frames = generate(scale, seed, end_month, exports_sink=parts)
        finally:
            parts.close()
        frames["load_log"] = _load_log_row(pd.Series(parts.months), parts.rows, scale, seed)
    else:
        frames = generate(scale, seed, end_month)
        frames["load_log"] = _load_log_row(frames["exports"]["month"],
                                           len(frames["exports"]), scale, seed)

    engine = sa.create_engine(u, connect_args=connect_args or {})
    try:
        with engine.begin() as conn:
            schema.metadata.drop_all(conn)
            schema.metadata.create_all(conn)
        if backend == "duckdb":
            _load_duckdb(engine, frames, parts)
        else:
            _load_postgres(engine, frames)
        with engine.connect() as conn:
            counts = {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                      for t in schema.metadata.sorted_tables}
    finally:
        engine.dispose()
        if parts is not None:
            parts.remove()
    if building is not None:
        os.replace(building, target)
    return counts


def _schema_gaps(conn) -> set[str]:
    """``table`` or ``table.column`` of the current schema that the database lacks."""
    have: dict[str, set[str]] = {}
    where = (" WHERE table_schema = current_schema()"
             if conn.dialect.name == "postgresql" else "")
    for table, column in conn.exec_driver_sql(
            "SELECT table_name, column_name FROM information_schema.columns" + where):
        have.setdefault(table, set()).add(column)
    gaps = set()
    for name, table in schema.metadata.tables.items():
        if name not in have:
            gaps.add(name)
        else:
            gaps.update(f"{name}.{c.name}" for c in table.columns if c.name not in have[name])
    return gaps


def _inspect(path: Path) -> tuple[set[str], set[str]] | None:
    """(schema gaps, kinds of load in the load log) of a DuckDB file, None if unreadable."""
    try:
        engine = sa.create_engine(f"duckdb:///{path}", connect_args={"read_only": True})
        try:
            with engine.connect() as conn:
                gaps = _schema_gaps(conn)
                try:
                    kinds = {row[0] for row in conn.exec_driver_sql(
                        "SELECT DISTINCT kind FROM load_log WHERE outcome = 'loaded'")}
                except Exception:
                    kinds = set()
        finally:
            engine.dispose()
    except Exception:
        return None
    return gaps, kinds


def demo_source(scale: float, seed: int) -> str:
    """The load log's ``source`` of a demonstration build (``_load_log_row``)."""
    return f"generator scale={scale} seed={seed}"


def is_current_url(url: str, scale: float, seed: int, end_month: str) -> bool:
    """True when the database at ``url`` (PostgreSQL, say) has every table and column of
    the current schema and holds the demonstration data of exactly these arguments: one
    load, the generator's, ending in ``end_month``, and as many export rows as it logged.
    A database that cannot be read, or holds anything else, is not current."""
    try:
        engine = sa.create_engine(url)
        try:
            with engine.connect() as conn:
                if _schema_gaps(conn):
                    return False
                logged = conn.execute(sa.select(
                    schema.load_log.c.kind, schema.load_log.c.source,
                    schema.load_log.c.period_to, schema.load_log.c.rows_added)).all()
                if len(logged) != 1:
                    return False
                kind, source, period_to, rows = logged[0]
                if kind != "demo" or source != demo_source(scale, seed) or \
                        period_to is None or str(period_to)[:7] != end_month:
                    return False
                count = conn.execute(sa.select(sa.func.count())
                                     .select_from(schema.exports)).scalar_one()
                return count == rows
        finally:
            engine.dispose()
    except sa.exc.SQLAlchemyError:
        return False


def ensure_pg_indexes(url: str) -> list[str]:
    """Create the ``PG_INDEXES`` a PostgreSQL database lacks (one built before an index
    was added); returns their statements. Each is ``IF NOT EXISTS``."""
    engine = sa.create_engine(url)
    made = []
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
            have = {r[0] for r in conn.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
            for ddl in PG_INDEXES:
                if ddl.split(" IF NOT EXISTS ")[1].split()[0] not in have:
                    conn.exec_driver_sql(ddl)
                    made.append(ddl)
        if made:  # as after a build: statistics and the visibility map
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
    finally:
        engine.dispose()
    return made


class OutdatedDatabase(RuntimeError):
    """A DuckDB file from an older schema that holds imported data: not rebuilt."""


def is_current(path: Path) -> bool:
    """True when the DuckDB file exists and has every table and column of the current
    schema. A demonstration file built by an older version (before a rollup or the short
    names were added, say) is rebuilt rather than served half-working."""
    if not path.exists():
        return False
    found = _inspect(path)
    return found is not None and not found[0]


def _check_rebuildable(path: Path) -> None:
    """Refuse to replace an outdated file that holds imported data (anything but the
    generator's own load): rebuilding would lose it, and migrations are not written yet."""
    found = _inspect(path) if path.exists() else None
    if found is None:
        return
    gaps, kinds = found
    imported = kinds - {"demo"}
    if gaps and imported:
        raise OutdatedDatabase(
            f"{path} was made by an older version of Export Monitor (missing: "
            f"{', '.join(sorted(gaps)[:6])}) and holds imported data "
            f"({', '.join(sorted(imported))}); it is left as it is. Export the data with "
            "the older version (export-monitor export KIND FILE), then build a new "
            "database (export-monitor init) and import the files again.")


def ensure_demo_database(path: str | os.PathLike | None = None) -> bool:
    """Build the default demonstration DuckDB file if it is missing or from an older
    schema; True if built. An outdated file with imported data raises
    ``OutdatedDatabase`` instead of being replaced."""
    path = Path(path) if path is not None else settings.default_db_path()
    if is_current(path):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # several app processes may start at once: one builds, the others wait for it
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_current(path):
            return False
        _check_rebuildable(path)
        build_database(f"duckdb:///{path}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m queries.demo",
                                     description="Build the demonstration database.")
    parser.add_argument("--scale", type=float, default=settings.get("EXPORT_MONITOR_DEMO_SCALE"),
                        help="1.0 ≈ 600,000 export rows, 16 ≈ 10 million")
    parser.add_argument("--seed", type=int, default=settings.get("EXPORT_MONITOR_DEMO_SEED"))
    parser.add_argument("--end-month", default=settings.get("EXPORT_MONITOR_DEMO_END_MONTH"),
                        help="latest month, YYYY-MM")
    parser.add_argument("--url", default=f"duckdb:///{settings.default_db_path()}",
                        help="SQLAlchemy URL (default: the embedded DuckDB file)")
    parser.add_argument("--if-missing", action="store_true",
                        help="do nothing if the DuckDB file exists with the current schema")
    args = parser.parse_args(argv)
    u = sa.engine.make_url(args.url)
    path = Path(u.database) if u.get_backend_name() == "duckdb" and u.database else None
    if args.if_missing and path is not None:
        if is_current(path):
            print(f"{path} exists and is up to date; nothing to do")
            return 0
        try:
            _check_rebuildable(path)
        except OutdatedDatabase as exc:
            print(exc)
            return 1
        if path.exists():
            print(f"{path} is from an older schema: rebuilding the demonstration data")
    t0 = time.perf_counter()
    counts = build_database(args.url, args.scale, args.seed, args.end_month)
    seconds = time.perf_counter() - t0
    for name, n in counts.items():
        print(f"{name:22s}{n:>12,d}")
    size = f", {path.stat().st_size / 2**20:,.1f} MiB" if path is not None and path.exists() else ""
    print(f"built {u.render_as_string(hide_password=True)} in {seconds:,.1f} s{size}")
    return 0

"""An empty database: the schema and the reference dimensions, no facts.

"Empty" means what a fresh deployment has before the first ministry file arrives: the
concerns (and ministries, oblast committees), the Belarusian oblasts, the Harmonized
System (sections, chapters, headings), and Russia's federal districts and regions
(with their curators). These are the lists a file's codes are checked against; they
come from ``data/refdata`` and the demonstration catalogue, exactly as the
demonstration database has them. Enterprises, distribution subjects and every fact
table start empty and come in through imports.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from queries import schema, settings

REFERENCE_TABLES = ("concern", "by_oblast", "hs_section", "hs_chapter", "hs_heading",
                    "federal_district", "ru_region", "retail_chain", "support_instrument")


def reference_frames(seed: int | None = None) -> dict[str, pd.DataFrame]:
    # The generator's own dimension builder, so that both kinds of database agree on
    # every code and name (the seed only picks the curators' names).
    from queries.demo.generator import _dimensions

    dims = _dimensions(settings.get("EXPORT_MONITOR_DEMO_SEED") if seed is None else seed)
    from queries import refdata

    dims["retail_chain"] = refdata.retail_chains()
    dims["support_instrument"] = refdata.support_instruments()
    return {name: dims[name] for name in REFERENCE_TABLES}


def create_empty_database(url: str, seed: int | None = None) -> dict[str, int]:
    """Drop and create the schema at ``url`` and load the reference dimensions. A
    DuckDB file is built beside the target and moved over it, like the demo builder."""
    u = sa.engine.make_url(url)
    target = None
    if u.get_backend_name() == "duckdb" and u.database not in (None, "", ":memory:"):
        target = Path(u.database)
        target.parent.mkdir(parents=True, exist_ok=True)
        building = target.with_name(target.name + ".building")
        building.unlink(missing_ok=True)
        u = u.set(database=str(building))
    engine = sa.create_engine(u)
    frames = reference_frames(seed)
    try:
        with engine.begin() as conn:
            schema.metadata.drop_all(conn)
            schema.metadata.create_all(conn)
            for table in schema.metadata.sorted_tables:
                if table.name in frames:
                    rows = frames[table.name].astype(object).where(
                        frames[table.name].notna(), None).to_dict("records")
                    conn.execute(table.insert(), rows)
            if engine.dialect.name == "postgresql":  # the indexes the queries rely on
                from queries.demo.build import PG_INDEXES
                for ddl in PG_INDEXES:
                    conn.exec_driver_sql(ddl)
            conn.execute(schema.load_log.insert(), [{
                "load_id": uuid.uuid4().hex,
                "loaded_at": datetime.now(UTC).replace(tzinfo=None), "kind": "reference",
                "source": "reference dimensions (data/refdata)", "sha256": None,
                "period_from": None, "period_to": None, "rows_added": sum(map(len,
                                                                            frames.values())),
                "rows_replaced": 0, "loaded_by": "init", "outcome": "loaded"}])
        with engine.connect() as conn:
            counts = {t: conn.execute(sa.select(sa.func.count()).select_from(
                schema.metadata.tables[t])).scalar_one() for t in REFERENCE_TABLES}
    finally:
        engine.dispose()
    if target is not None:
        os.replace(building, target)
    return counts

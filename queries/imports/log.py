"""The load log, for the command line and the Import page."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from queries.engine import run
from queries.schema import load_log


def recent_loads(limit: int = 20) -> pd.DataFrame:
    """The latest loads, newest first, through the app's query choke point.

    Columns: load_id, loaded_at (UTC), kind, source (file name), sha256, period_from,
    period_to, rows_added, rows_replaced (rows the load deleted and wrote anew),
    loaded_by, outcome (loaded or rejected).
    """
    limit = max(1, min(int(limit), 1000))
    stmt = select(load_log).order_by(load_log.c.loaded_at.desc(),
                                     load_log.c.load_id).limit(limit)
    return run(stmt, name="recent_loads")

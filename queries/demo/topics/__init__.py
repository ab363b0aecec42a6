"""Demonstration data of the working group's other subjects, one module per subject.

Each module's ``generate(frames, seed, end_month)`` receives the trade frames already
generated (enterprises, regions, exports, distribution subjects, …; table name →
DataFrame) and returns new or replaced tables (table name → DataFrame, in the schema's
columns). It must be deterministic for a seed, draw from its own
``numpy.random.default_rng([seed, TOPIC_NO])`` so that no topic shifts another's
numbers, and keep its assumptions documented in ``queries/demo/catalogue.py``.
"""

from __future__ import annotations

import pandas as pd

from queries import refdata

from . import centres, curators, expectations, retail, support, tenders

TOPIC_MODULES = (curators, retail, tenders, centres, support, expectations)


def generate_topics(frames: dict[str, pd.DataFrame], seed: int, end_month: str) -> None:
    """Add every topic's tables to ``frames``, in order (a later topic sees the
    earlier ones' tables). The reference lists (retail chains, support instruments)
    come from ``data/refdata`` as in an empty database (``imports/reference.py``)."""
    frames["retail_chain"] = refdata.retail_chains()
    frames["support_instrument"] = refdata.support_instruments()
    for module in TOPIC_MODULES:
        frames.update(module.generate(frames, seed, end_month))

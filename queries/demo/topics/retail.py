"""Demonstration data of the retail subject (issue 14). See ``topics/__init__.py``."""

from __future__ import annotations

import pandas as pd


def generate(frames: dict[str, pd.DataFrame], seed: int, end_month: str) -> dict[str, pd.DataFrame]:
    return {}

"""The plausible range of every number an import takes, per kind and column.

A value outside it is refused with the range in the message: 1.7e308 in a value column
would make every rollup infinite, and a figure in thousands or with the digits of two
cells run together is never a real one. The bounds are wide on purpose — they catch the
impossible, not the unusual; the unit check (``outliers.py``) catches a file in the
wrong unit. The templates' documentation (``templates.py``) prints each range.
"""

from __future__ import annotations

BN = 1_000_000_000
# (kind, column) → (lowest, highest); negative amounts have their own reason
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    # one row is one month × enterprise × heading × region: Belarus's whole exports to
    # Russia are about 25 bn USD a year
    ("exports", "value_usd"): (0, 10 * BN),
    ("exports", "quantity"): (0, 100_000_000),   # pieces or tonnes in one month
    ("stock", "value_usd"): (0, 10 * BN),
    ("stock", "quantity"): (0, 100_000_000),
    # an enterprise's receivables from the buyers of one region (the cause columns too)
    **{("receivables", c): (0, 10 * BN) for c in (
        "total_usd", "overdue_usd", "overdue_upto_30_usd", "overdue_31_90_usd",
        "overdue_91_180_usd", "overdue_over_180_usd")},
    ("targets", "target_usd"): (0, 100 * BN),    # a year's target of a concern or oblast
    ("targets", "growth_pct"): (-100, 1000),
}


# the other subjects' kinds declare theirs (``TopicKind.ranges``)
from .topics import TOPIC_KINDS  # noqa: E402

RANGES.update({(name, col): bounds for name, tk in TOPIC_KINDS.items()
               for col, bounds in tk.ranges.items()})


def range_of(kind: str, column: str) -> tuple[float, float] | None:
    if (kind, column) in RANGES:
        return RANGES[(kind, column)]
    if kind == "receivables" and column.startswith("cause_"):
        return (0, 10 * BN)
    return None


def range_text(kind: str, column: str, unit: str = "") -> str:
    """'0 to 10,000,000,000 USD', for the template's documentation."""
    r = range_of(kind, column)
    if r is None:
        return ""
    unit = {"USD": " USD", "%": " %"}.get(unit, "")
    return f"{r[0]:,.0f} to {r[1]:,.0f}{unit}"

"""Import kinds of the expectations subject (issue 14): the bodies' expected full-year
exports, submitted each month. See ``topics/__init__.py``.

One kind, ``expectations``: month of submission, concern *or* oblast (one of them per
row, as in the targets file), expected_usd — the body's expectation for the whole of
the submission month's year. Loading replaces, for the months in the file, the
submissions of the concerns and of the oblasts in the file (period replacement, as the
exports file does for its enterprises); nothing else.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from queries import schema as s

from ..columns import CONCERN, MONTH, OBLAST, Col, Kind, TopicKind, money

BN = 1_000_000_000
EXPECTED_RANGE = (0, 100 * BN)  # as a year's target (ranges.py: targets.target_usd)

KIND = Kind(
    "expectations", "Expected full-year exports",
    "Each body's expected exports for the whole year, as submitted in a month: fill "
    "either concern or oblast on each row; the year is the month's year. Loading "
    "replaces, for the months in the file, the submissions of the concerns and oblasts "
    "in the file (for concerns: every month of the file × every concern of the file; "
    "the same for oblasts).",
    (Col("month", "month", True, "Month of the submission (the year it is for is this "
         "month's year)", "2025-10", aliases=MONTH.aliases + ("month_of_submission",)),
     Col("concern", "concern", False, "Concern (leave empty for an oblast's expectation)",
         "mtz", aliases=CONCERN.aliases),
     Col("oblast", "oblast", False, "Belarusian oblast (leave empty for a concern's "
         "expectation)", "", aliases=OBLAST.aliases),
     money("expected_usd", "Expected export value for the whole year", "1500000000",
           ("expected", "ожидаемое", "ожидаемый_экспорт", "оценка"))),
)


def _validate(c, lk, p) -> None:
    from ..validate import _code_resolver, _key_text, _months_period

    month = c.month("month", lk)
    # read before the codes are checked: an unknown code is its own problem, not also
    # an empty cell
    has_c, has_o = c.text("concern") != "", c.text("oblast") != ""
    either = c.text("concern") + c.text("oblast")
    concern = c.code("concern", _code_resolver(lk.concerns), "unknown_concern",
                     required=False)
    oblast = c.code("oblast", _code_resolver(lk.oblasts), "unknown_oblast", required=False)
    c.flag((has_c == has_o).to_numpy(), "concern_or_oblast", "concern", values=either)
    value = c.number("expected_usd").round(2)  # range: TopicKind.ranges below
    shown = _key_text(c.t.data, [x for x in ("month", "concern", "oblast")
                                 if x in c.t.data.columns])
    c.duplicates(pd.DataFrame({"month": month, "concern": concern.fillna("-"),
                               "oblast": oblast.where(concern.isna(), "-").fillna("-")})
                 .where(month.notna() & (concern.notna() | oblast.notna())),
                 "month and concern or oblast", shown)
    base = pd.DataFrame({"month": month, "expected_usd": value})
    p.frames["expectation_concern"] = base.assign(concern_id=concern)[concern.notna()][
        ["month", "concern_id", "expected_usd"]].reset_index(drop=True)
    p.frames["expectation_oblast"] = base.assign(oblast_id=oblast)[oblast.notna()][
        ["month", "oblast_id", "expected_usd"]].reset_index(drop=True)
    _months_period(p, month)


def _write(conn, backend, p):
    from ..load import Written, _delete, _insert

    added = replaced = 0
    for table, col in ((s.expectation_concern, "concern_id"),
                       (s.expectation_oblast, "oblast_id")):
        frame = p.frames[table.name]
        if frame.empty:
            continue
        # the file's months × the file's bodies, and nothing else
        replaced += _delete(conn, table, table.c.month.in_(p.months),
                            table.c[col].in_(sorted(set(frame[col]))))
        _insert(conn, backend, table, frame)
        added += len(frame)
    return Written(added, replaced)


def _dump(conn, months=None) -> pd.DataFrame:
    parts = []
    for table, col, other in ((s.expectation_concern, "concern_id", "oblast"),
                              (s.expectation_oblast, "oblast_id", "concern")):
        stmt = select(table).order_by(table.c.month, table.c[col])
        if months is not None:
            stmt = stmt.where(table.c.month.between(*months))
        result = conn.execute(stmt)
        df = pd.DataFrame(result.all(), columns=list(result.keys()))
        parts.append(pd.DataFrame({
            "month": pd.to_datetime(df["month"]).dt.strftime("%Y-%m"),
            col.split("_")[0]: df[col], other: "", "expected_usd": df["expected_usd"]}))
    return pd.concat(parts, ignore_index=True)[["month", "concern", "oblast", "expected_usd"]]


KINDS: tuple = (TopicKind(KIND, _validate, _write, _dump,
                          ranges={"expected_usd": EXPECTED_RANGE}),)

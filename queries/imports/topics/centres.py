"""Import kinds of the centres subject (issue 14). See ``topics/__init__.py``.

``centre_sales``: per month and sales-and-service centre, the sales (USD, units) and the
service (orders, USD). A file replaces the months × centres it covers: for every month
in the file, the figures of every centre in the file (a centre the file names in some
months only loses its stored figures of the file's other months — as an exports file
does for its enterprises).

The centres themselves (brands, planned and actual opening) come in through the
``subjects`` kind (optional columns ``brands``, ``planned_opening``, ``opened_on``).

Checks: a known subject whose kind is multibrand_center (a subjects file of the same
import may bring it in); a month not in the future; every figure a number ≥ 0 within
its range; each month × centre once. Decision: sales in months before the centre's
recorded opening are accepted (soft openings, dates corrected later); the page counts a
centre as open by its date, and shows whatever sales it has.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from queries import schema

from ..columns import MONTH, Col, Kind, TopicKind, money

CENTRE = "multibrand_center"
# one row: one centre's month (the largest demonstration centre sells ~5 mn USD a month)
LIMITS = {"sales_usd": 1_000_000_000, "units_sold": 100_000, "service_orders": 1_000_000,
          "service_usd": 1_000_000_000}
# the demonstration database's centre (both the default seed and the tests' have it)
EXAMPLE_CENTRE = "Торгово-сервисный центр «Белтехника-Москва» № 2"

KIND = Kind(
    "centre_sales", "Sales-and-service centres: sales and service",
    "Monthly sales and service of each multibrand sales-and-service centre (a "
    "distribution subject of kind multibrand_center). A file replaces the months × "
    "centres it covers.",
    (MONTH,
     Col("subject", "subject", True, "The centre: its subject number or exact name",
         EXAMPLE_CENTRE, aliases=("центр", "субъект", "subject_id", "centre")),
     money("sales_usd", "Sales of Belarusian machinery and spare parts in the month",
           "3800000", aliases=("продажи", "продажи_usd", "sales")),
     Col("units_sold", "number", True, "Machines sold in the month", "80",
         unit="pieces", aliases=("продано_единиц", "units")),
     Col("service_orders", "number", True, "Service orders completed in the month", "900",
         unit="orders", aliases=("заказы_сервис", "сервисные_заказы", "orders")),
     money("service_usd", "Service revenue in the month (work and parts)", "750000",
           aliases=("сервис", "сервис_usd", "service"))))


def validate(c, lk, p) -> None:
    from ..validate import _finish, _key_text, _months_period

    month = c.month("month", lk)
    subject = c.code("subject", lk.subject_id, "unknown_subject", "ambiguous_subject")
    kinds = dict(zip(lk.subjects["subject_id"].astype(int), lk.subjects["kind"]))
    not_centre = subject.notna() & subject.map(
        lambda s: s is not None and not pd.isna(s) and kinds.get(int(s)) != CENTRE)
    c.flag(not_centre.to_numpy(dtype=bool), "centre_not_a_centre", "subject")
    figures = {}
    for name in LIMITS:  # the ranges are checked by ``number`` (TopicKind.ranges)
        values = c.number(name)
        figures[name] = values.round(2) if name.endswith("_usd") else values
    c.duplicates(pd.DataFrame({"month": month, "subject_id": subject}), "month and centre",
                 _key_text(c.t.data, ["month", "subject"]))
    cols = {"month": month, "subject_id": subject, **figures}
    frame = _finish(c, p, "centre_month", cols)
    frame["subject_id"] = frame["subject_id"].astype("Int64")
    _months_period(p, frame["month"])


def write(conn, backend, p):
    from ..load import Written, _delete, _insert

    frame = p.frames["centre_month"]
    cm = schema.centre_month
    subjects = sorted({int(s) for s in frame["subject_id"].dropna()})
    replaced = _delete(conn, cm, cm.c.month.in_(p.months), cm.c.subject_id.in_(subjects))
    _insert(conn, backend, cm, frame)
    return Written(len(frame), replaced)


def dump(conn, months) -> pd.DataFrame:
    cm = schema.centre_month
    stmt = select(cm)
    if months is not None:
        stmt = stmt.where(cm.c.month.between(*months))
    result = conn.execute(stmt)
    df = pd.DataFrame(result.all(), columns=list(result.keys()))
    return pd.DataFrame({
        "month": pd.to_datetime(df["month"]).dt.strftime("%Y-%m"),
        "subject": df["subject_id"], "sales_usd": df["sales_usd"],
        "units_sold": df["units_sold"], "service_orders": df["service_orders"],
        "service_usd": df["service_usd"]})


KINDS = (TopicKind(
    KIND, validate, write, dump, ranges={k: (0, v) for k, v in LIMITS.items()},
    reasons={
        "centre_not_a_centre": ("This subject is not a sales-and-service centre (its kind "
                                "is not multibrand_center); load the subject with that "
                                "kind first."),
        "centre_fields_not_centre": ("Brands and opening dates are for sales-and-service "
                                     "centres (kind multibrand_center) only; leave them "
                                     "empty for this subject."),
    }),
)

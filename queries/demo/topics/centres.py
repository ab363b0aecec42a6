"""Demonstration data of the centres subject (issue 14): the multibrand
sales-and-service centres' brands and opening dates, a few centres planned but not yet
open, and their monthly sales and service. See ``topics/__init__.py``; every
assumption is in ``catalogue.py`` (section centres).

The distribution subjects come from the trade generator (``generator._subjects``), and
the stock already refers to them: this module fills the three centre columns of the
kind ``multibrand_center`` rows, keeps every other cell as it is, and appends the new
planned centres after the last id (they hold no stock). Sales follow the region's
generated exports of machinery (HS chapters 84 and 87), so a centre sells more where
more Belarusian machinery goes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalogue as cat

TOPIC_NO = 4  # the seed stream of this topic (its place in TOPIC_MODULES)
CENTRE = "multibrand_center"
COLUMNS = ["month", "subject_id", "sales_usd", "units_sold", "service_orders",
           "service_usd"]


def _months_between(a: pd.Timestamp, b: pd.Timestamp) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _brands(rng, concern: str) -> str:
    own = cat.CENTRE_OWN_BRAND.get(concern)
    pool = [b for b in cat.CENTRE_BRANDS if b != own]
    w = np.array([cat.CENTRE_BRANDS[b] for b in pool], float)
    lo, hi = cat.CENTRE_OTHER_BRANDS
    n = int(rng.integers(lo, hi + 1))
    picked = [pool[i] for i in rng.choice(len(pool), size=n, replace=False, p=w / w.sum())]
    chosen = ([own] if own else []) + sorted(picked, key=list(cat.CENTRE_BRANDS).index)
    return ", ".join(chosen)


def _dates(rng, first: pd.Timestamp, last_plan: pd.Timestamp, end: pd.Timestamp,
           late_only: bool = False):
    """A planned opening (a day in a month between ``first`` and ``last_plan``) and the
    actual one (None: not open by the end of the ``end`` month)."""
    span = _months_between(first, last_plan)
    planned = (first + pd.DateOffset(months=int(rng.integers(0, span + 1)))
               + pd.Timedelta(days=int(rng.integers(0, 28))))
    u = rng.random()
    early, on_time = cat.CENTRE_OPENING_P["early"], cat.CENTRE_OPENING_P["on_time"]
    lo, hi = cat.CENTRE_DELAY_MONTHS
    if late_only or u >= early + on_time:
        shift = int(rng.integers(lo, hi + 1))
    elif u < early:
        shift = -int(rng.integers(1, 3))
    else:
        shift = 0
    opened = (planned + pd.DateOffset(months=shift)
              + pd.Timedelta(days=int(rng.integers(-10, 11))))
    if late_only or opened > end + pd.offsets.MonthEnd(0):
        opened = pd.NaT
    return planned.normalize(), opened.normalize() if not pd.isna(opened) else pd.NaT


def generate(frames: dict[str, pd.DataFrame], seed: int, end_month: str
             ) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng([seed, TOPIC_NO])
    end = pd.Timestamp(f"{end_month}-01")
    first = pd.Timestamp(cat.CENTRE_FIRST_PLAN)
    last_plan = end + pd.DateOffset(months=cat.CENTRE_PLAN_AHEAD_MONTHS)
    subjects = frames["dist_subject"].copy()
    brands = subjects["brands"].astype(object).tolist()
    planned = list(subjects["planned_opening"])
    opened = list(subjects["opened_on"])
    for i, row in enumerate(subjects.itertuples(index=False)):
        if row.kind != CENTRE:
            continue
        brands[i] = _brands(rng, row.concern_id)
        planned[i], opened[i] = _dates(rng, first, last_plan, end)
    subjects["brands"] = pd.Series(brands, index=subjects.index, dtype=object)
    subjects["planned_opening"] = pd.to_datetime(pd.Series(planned, index=subjects.index))
    subjects["opened_on"] = pd.to_datetime(pd.Series(opened, index=subjects.index))

    # machinery exports by region and month (chapters 84 and 87)
    x = frames["exports"]
    x = x[x["heading_id"].astype(str).str[:2].isin(cat.CENTRE_CHAPTERS)]
    by_rm = x.groupby(["region_id", "month"], observed=True)["value_usd"].sum()

    # new centres planned where machinery sells and no centre is: the largest such
    # regions in the last twelve months
    recent = x[x["month"] > end - pd.DateOffset(months=12)]
    ranked = (recent.groupby("region_id", observed=True)["value_usd"].sum()
              .sort_values(ascending=False))
    has_centre = set(subjects.loc[subjects["kind"] == CENTRE, "region_id"])
    free = [str(r) for r in ranked.index if str(r) not in has_centre]
    names_ru = dict(zip(frames["ru_region"]["region_id"], frames["ru_region"]["name_ru"]))
    new_rows = []
    next_id = int(subjects["subject_id"].max()) + 1
    taken = set(subjects["name"])
    for k, region in enumerate(free[:cat.CENTRE_NEW_PLANNED]):
        name = f"Торгово-сервисный центр «Белтехника» ({names_ru.get(region, region)})"
        while name in taken:
            name += " *"
        taken.add(name)
        # planned from a few months ago (then overdue) to a year ahead; none open yet
        p, _ = _dates(rng, end - pd.DateOffset(months=4), last_plan, end, late_only=True)
        new_rows.append({"subject_id": next_id + k, "name": name, "kind": CENTRE,
                         "region_id": region, "concern_id": cat.CENTRE_NEW_CONCERN,
                         "brands": _brands(rng, cat.CENTRE_NEW_CONCERN),
                         "planned_opening": p, "opened_on": pd.NaT})
    if new_rows:
        new = pd.DataFrame(new_rows)
        new["planned_opening"] = pd.to_datetime(new["planned_opening"])
        new["opened_on"] = pd.to_datetime(new["opened_on"])
        subjects = pd.concat([subjects, new[subjects.columns]], ignore_index=True)
    subjects["subject_id"] = subjects["subject_id"].astype(np.int64)

    # monthly sales and service of the open centres
    months = pd.date_range(cat.START_MONTH + "-01", end, freq="MS")
    centres = subjects[(subjects["kind"] == CENTRE) & subjects["opened_on"].notna()]
    n_in_region = centres.groupby("region_id").size().to_dict()
    parts = []
    for row in centres.sort_values("subject_id").itertuples(index=False):
        share = rng.uniform(*cat.CENTRE_SALES_SHARE) / max(1, n_in_region[row.region_id]) ** .5
        price = rng.uniform(*cat.CENTRE_UNIT_PRICE_USD)
        fleet = float(rng.integers(*cat.CENTRE_INITIAL_FLEET))
        rate = rng.uniform(*cat.CENTRE_SERVICE_RATE)
        order_usd = rng.uniform(*cat.CENTRE_ORDER_USD)
        opened_month = row.opened_on.to_period("M").to_timestamp()
        mine = months[months >= opened_month]
        noise = rng.lognormal(0, cat.CENTRE_NOISE_SD, (len(mine), 3))
        if not len(mine):
            continue
        region_x = by_rm.get(row.region_id)
        values = (np.array([float(region_x.get(m, 0.0)) for m in mine])
                  if region_x is not None else np.zeros(len(mine)))
        # a month's exports and the year's average: a centre sells off its stock
        # between deliveries
        trailing = pd.Series(values).rolling(12, min_periods=1).mean().to_numpy()
        base = np.clip((0.5 * values + 0.5 * trailing) * share, cat.CENTRE_FLOOR_USD,
                       cat.CENTRE_CAP_USD)
        age = np.arange(len(mine))
        ramp = np.minimum(1.0, (age + 1) / cat.CENTRE_RAMP_MONTHS)
        days_open = np.ones(len(mine))
        days_open[0] = 1 - (row.opened_on.day - 1) / row.opened_on.days_in_month
        sales = (base * ramp * days_open * noise[:, 0]).round(2)
        units = np.floor(sales / price + 0.5)
        fleet_then = fleet + np.cumsum(units) - units
        orders = np.floor(fleet_then * rate * days_open * noise[:, 1] + 0.5)
        service = (orders * order_usd * noise[:, 2]).round(2)
        parts.append(pd.DataFrame({"month": mine, "subject_id": int(row.subject_id),
                                   "sales_usd": sales, "units_sold": units,
                                   "service_orders": orders, "service_usd": service}))
    out = (pd.concat(parts, ignore_index=True) if parts
           else pd.DataFrame({c: [] for c in COLUMNS}))
    out = out.sort_values(["month", "subject_id"]).reset_index(drop=True)
    return {"dist_subject": subjects, "centre_month": out[COLUMNS]}

"""The measurable targets an instruction may carry, and their tracking from the data.

The list is fixed (``METRICS``): each metric is one the data layer already computes,
for one kind of subject, with the direction in which it must move:

| metric | subject | value | must |
|---|---|---|---|
| ``overdue_concern`` | a concern | overdue receivables at the month's end, mn USD | fall |
| ``overdue_oblast`` | an oblast | the same for the oblast's enterprises | fall |
| ``stock_concern`` | a concern | finished-goods stock at the month's end, mn USD | fall |
| ``fulfilment_concern`` | a concern | exports against the target to date, % | rise |
| ``exports_enterprise_region`` | an enterprise and a Russian region | exports January to the month, mn USD | rise |
| ``exports_product_region`` | an HS heading and a Russian region | the same | rise |

Values are computed unscoped (the figure of the responsible body is the same for every
reader; who may see the instruction at all is decided by ``queries.instructions``), as
of a month: the latest complete month by default, or the target date's month for "the
figure at the deadline".

Tracking (``track``) compares the value now with the straight path from the baseline
(the value when the instruction was given) to the target at the target date: **met**
when the target is reached; **missed** when the target date has passed without it;
**on track** when the value is at least as far along as the path; **at risk**
otherwise; **no data** when the data cannot give the value (a month not yet loaded).
Progress is the share of the way from the baseline to the target, in %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from . import scope as access
from .dimensions import dimensions
from .exports import kpis
from .filters import ExportFilter, default_filter
from .positions import overdue_position, stock_position

# metric → (subject keys, direction: +1 must rise, -1 must fall, unit)
METRICS: dict[str, tuple[tuple[str, ...], int, str]] = {
    "overdue_concern": (("concern",), -1, "mn"),
    "overdue_oblast": (("oblast",), -1, "mn"),
    "stock_concern": (("concern",), -1, "mn"),
    "fulfilment_concern": (("concern",), +1, "pct"),
    "exports_enterprise_region": (("enterprise", "region"), +1, "mn"),
    "exports_product_region": (("heading", "region"), +1, "mn"),
}
STATES = ("met", "on_track", "at_risk", "missed", "no_data")


class MetricError(ValueError):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def _filter(metric: str, subject: dict, month: date | None) -> ExportFilter:
    dims = dimensions()
    base = default_filter(dims, None)
    if month is not None:
        base = base.with_(year=month.year, month_from=1, month_to=month.month)
    s = subject
    if metric in ("overdue_concern", "stock_concern", "fulfilment_concern"):
        return base.with_(concerns=(str(s["concern"]),))
    if metric == "overdue_oblast":
        return base.with_(oblasts=(str(s["oblast"]),))
    if metric == "exports_enterprise_region":
        return base.with_(enterprises=(int(s["enterprise"]),), regions=(str(s["region"]),))
    return base.with_(headings=(str(s["heading"]),), regions=(str(s["region"]),))


def value(metric: str, subject: dict, month: date | None = None) -> tuple[float | None, date]:
    """(the metric's value for ``subject`` as of ``month`` — None where the data has
    none —, the month it is of)."""
    if metric not in METRICS:
        raise MetricError("bad_metric", metric=str(metric)[:40])
    with access.using(None):
        f = _filter(metric, subject, month)
        dims = dimensions()
        latest = dims.latest_month
        if latest is None or f.end > latest:
            return None, f.end
        if metric in ("overdue_concern", "overdue_oblast"):
            found = overdue_position(f)["overdue"]
        elif metric == "stock_concern":
            found = stock_position(f)["value"]
        elif metric == "fulfilment_concern":
            # no target for the concern that year: kpis gives NaN — no figure, not 0
            found = kpis(f)["fulfilment_pro_rata_pct"]
            ok = found is not None and math.isfinite(float(found))
            return (float(found) if ok else None), f.end
        else:
            found = kpis(f)["value"]
        if found is None or not math.isfinite(float(found)):
            return None, f.end
        return float(found) / 1e6, f.end


def check_target(metric: str, subject: dict, bodies: tuple[str, ...]) -> tuple[float, date]:
    """Refuse a target the data cannot compute for the chosen subject, or one whose
    subject is none of the instruction's bodies; otherwise the baseline (the value now)
    and the month it is of."""
    if metric not in METRICS:
        raise MetricError("bad_metric", metric=str(metric)[:40])
    keys = METRICS[metric][0]
    if not isinstance(subject, dict) or any(not subject.get(k) for k in keys):
        raise MetricError("target_subject", metric=metric)
    with access.using(None):
        dims = dimensions()
        known = {
            "concern": set(dims.concerns["concern_id"].astype(str)),
            "oblast": set(dims.oblasts["oblast_id"].astype(str)),
            "enterprise": set(dims.enterprises["enterprise_id"].astype(str)),
            "region": set(dims.regions["region_id"].astype(str)),
            "heading": set(dims.headings["heading_id"].astype(str)),
        }
        for k in keys:
            if str(subject[k]) not in known[k]:
                raise MetricError("target_unknown", what=k, value=str(subject[k])[:32])
        owner = None
        if "concern" in keys:
            owner = f"concern:{subject['concern']}"
        elif "oblast" in keys:
            owner = f"oblast:{subject['oblast']}"
        elif "enterprise" in keys:
            row = dims.enterprises[dims.enterprises["enterprise_id"].astype(str)
                                   == str(subject["enterprise"])].iloc[0]
            if f"concern:{row['concern_id']}" not in bodies and \
                    f"oblast:{row['oblast_id']}" not in bodies:
                raise MetricError("target_not_body", metric=metric)
        if owner is not None and owner not in bodies:
            raise MetricError("target_not_body", metric=metric)
    baseline, month = value(metric, subject)
    if baseline is None:
        raise MetricError("target_no_data", metric=metric)
    return baseline, month


@dataclass(frozen=True)
class Tracking:
    state: str                 # one of STATES
    current: float | None      # the value now (unrounded)
    month: date                # the month ``current`` is of
    expected: float | None     # where the straight path from the baseline is now
    progress_pct: float | None  # of the way from the baseline to the target
    at_deadline: float | None  # the value at the target date's month, once loaded


def _months(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def track(metric: str, subject: dict, target: float, by: date, baseline: float | None,
          since: date, today: date | None = None) -> Tracking:
    """How the target stands now (see the module's docstring); ``since``: the month the
    baseline is of (the path runs from it to the target date's month)."""
    today = today or date.today()
    direction = METRICS[metric][1]
    current, month = value(metric, subject)
    by_month = date(by.year, by.month, 1)
    at_deadline = value(metric, subject, by_month)[0] if month >= by_month else None
    if current is None:
        return Tracking("no_data", None, month, None, None, at_deadline)
    progress = expected = None
    if baseline is not None and target != baseline:
        progress = (current - baseline) / (target - baseline) * 100
        span = max(_months(date(since.year, since.month, 1), by_month), 1)
        done = min(max(_months(date(since.year, since.month, 1), month), 0), span)
        expected = baseline + (target - baseline) * done / span
    reached = (current - target) * direction >= 0
    final = at_deadline if at_deadline is not None else current
    if month >= by_month or today > by:
        state = "met" if (final - target) * direction >= 0 else "missed"
    elif reached:
        state = "met"
    elif expected is None or (current - expected) * direction >= 0:
        state = "on_track"
    else:
        state = "at_risk"
    return Tracking(state, current, month, expected, progress, at_deadline)

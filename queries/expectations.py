"""Expected full-year exports, as concerns and oblasts submit them each month.

Definitions (README, "Expected full-year figures"):

- A *submission*: month M of year Y, a body (concern or Belarusian oblast) and
  ``expected_usd`` — the body's own expectation of its exports for the whole of Y.
  The year is the submission month's year.
- The *latest expectation* for the filter's year as of the filter's month (``to``):
  the submission with the latest month in January … ``to`` of that year. A body that
  submitted nothing in those months has none.
- *Expected ÷ target* = expected ÷ the body's target for the year × 100; the model's
  *forecast ÷ target* comes from ``queries/forecast.py`` as the Overview and the league
  already use it (never a second forecast).
- *Gap* = expected ÷ target − forecast ÷ target, in percentage points; a body is
  *flagged* when the gap exceeds ``EXPORT_MONITOR_EXPECTATION_GAP_PCT`` (5) points:
  "expects 98 % of target; the data point to 89 %".
- Which filters apply: those a target applies to (``exports.target_basis``): nothing
  (the national total: the sum of the concerns that have a target), concerns, oblasts,
  or the user's scope. A finer filter has no expectation.
- Access scope: a concern's submissions are visible to users scoped to that concern,
  an oblast's to users scoped to that oblast (and both to unscoped users).
- *History* (a body's view, ``/exports?concern=X`` or ``?oblast=Y``): each month's
  submission of the year, against the target and against the forecast made with the
  year's complete months up to the submission month (the latest row's forecast is
  then the league's).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import and_, select

from . import forecast, settings
from .engine import run
from .filters import ExportFilter
from .schema import expectation_concern, expectation_oblast

LEVELS = ("concern", "oblast")
_TABLES = {"concern": (expectation_concern, "concern_id"),
           "oblast": (expectation_oblast, "oblast_id")}


def gap_threshold() -> float:
    """Percentage points of target above the forecast from which an expectation is
    flagged (``EXPORT_MONITOR_EXPECTATION_GAP_PCT``)."""
    return float(settings.get("EXPORT_MONITOR_EXPECTATION_GAP_PCT"))


def _scope_codes(f: ExportFilter, level: str) -> tuple[str, ...] | None:
    """The codes of ``level`` the filter's scope admits (None: all)."""
    if f.scope is None:
        return None
    return f.scope.concerns if level == "concern" else f.scope.oblasts


def submissions(f: ExportFilter, level: str, codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every submission of the filter's year, January … its ``to`` month, by ``level``
    ("concern" or "oblast"), within the access scope; ``codes``: only these bodies.

    Columns: key (concern or oblast code), month (date of the submission month),
    expected (USD); ordered by key and month.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    table, col = _TABLES[level]
    where = [table.c.month.between(date(f.year, 1, 1), date(f.year, f.month_to, 1))]
    allowed = _scope_codes(f, level)
    if allowed is not None:
        where.append(table.c[col].in_(allowed or ("",)))
    if codes:
        where.append(table.c[col].in_(codes))
    stmt = (select(table.c[col].label("key"), table.c.month,
                   table.c.expected_usd.label("expected"))
            .where(and_(*where)).order_by(table.c[col], table.c.month))
    df = run(stmt, name=f"expectation_{level}")
    return pd.DataFrame({"key": df["key"].astype(str).tolist(),
                         "month": pd.to_datetime(df["month"]).dt.date.tolist(),
                         "expected": df["expected"].astype(float).tolist()})


def latest(f: ExportFilter, level: str, codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """The latest expectation of each body as of the filter's month (see the module's
    docstring). Columns: key, expected, expected_month (date of that submission)."""
    df = submissions(f, level, codes)
    last = df.groupby("key", sort=True).tail(1)  # ordered by month within each key
    return pd.DataFrame({"key": last["key"].tolist(), "expected": last["expected"].tolist(),
                         "expected_month": last["month"].tolist()})


def compare(expected, target, forecast_vs_target_pct) -> dict[str, np.ndarray]:
    """expected_vs_target_pct, expectation_gap_pts and expectation_flag for arrays of
    expectations (NaN: none), targets (NaN: none) and forecast ÷ target in %."""
    expected = np.asarray(expected, dtype=float)
    target = np.asarray(target, dtype=float)
    fc_pct = np.asarray(forecast_vs_target_pct, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(target > 0, expected / target * 100, np.nan)
    gap = pct - fc_pct
    return {"expected_vs_target_pct": pct, "expectation_gap_pts": gap,
            "expectation_flag": np.nan_to_num(gap, nan=-np.inf) > gap_threshold()}


def with_expectations(league: pd.DataFrame, f: ExportFilter) -> pd.DataFrame:
    """The league (``exports.league``) with each concern's latest expectation:
    expected, expected_month, expected_vs_target_pct, expectation_gap_pts (points of
    target above the forecast), expectation_flag. Like the targets, expectations apply
    only when nothing but concerns is filtered; otherwise NaN (flag False)."""
    df = league.copy()
    if f.only_concerns() and len(df):
        lat = latest(f, "concern").set_index("key")
        df["expected"] = df["key"].map(lat["expected"]).astype(float)
        df["expected_month"] = df["key"].map(lat["expected_month"])
    else:
        df["expected"] = np.nan
        df["expected_month"] = None
    for name, values in compare(df["expected"], df["target"],
                                df["forecast_vs_target_pct"]).items():
        df[name] = values
    return df


def _basis_bodies(f: ExportFilter, basis: str) -> tuple[str, tuple[str, ...] | None]:
    """(level, codes) whose expectations add up to the filter's target; codes None:
    every body with a target for the year."""
    if basis == "concerns":
        return "concern", f.concerns
    if basis == "oblasts":
        return "oblast", f.oblasts
    if basis == "scope":
        return (("oblast", f.scope.oblasts) if f.scope.oblasts
                else ("concern", f.scope.concerns))
    return "concern", None  # national


def total_level(f: ExportFilter) -> str | None:
    """The level whose expectations ``total`` adds up ("concern" or "oblast"), None
    where no expectation applies (pure: a page reads ``latest(f, level)`` beside its
    other queries and hands it to ``total``)."""
    from . import exports

    basis = exports.target_basis(f)
    return None if basis == "finer" else _basis_bodies(f, basis)[0]


def total(f: ExportFilter, target: float | None, forecast_vs_target_pct: float | None,
          latest_rows: pd.DataFrame | None = None) -> dict:
    """The filter's expectation against its target and the forecast (the KPI area).

    Keys: expected (USD, None where no expectation applies or a body of the target has
    not submitted one: a partial sum would pass for the whole), bodies (how many bodies
    the target is made of), missing (how many of them have no expectation),
    expected_vs_target_pct, expectation_gap_pts, expectation_flag, level.
    ``latest_rows``: ``latest(f, total_level(f))`` when the caller has it.
    """
    from . import exports  # exports.league imports this module

    out = {"expected": None, "bodies": 0, "missing": 0, "level": None,
           "expected_vs_target_pct": np.nan, "expectation_gap_pts": np.nan,
           "expectation_flag": False}
    basis = exports.target_basis(f)
    if basis == "finer" or target is None:
        return out
    level, codes = _basis_bodies(f, basis)
    if codes is None:
        codes = tuple(exports.concern_targets(f.year)["concern_id"].astype(str))
    if latest_rows is None:
        lat = latest(f, level, tuple(codes))
    else:  # every body of the level: this filter's bodies only
        lat = latest_rows[latest_rows["key"].isin(set(codes))]
    out["level"], out["bodies"] = level, len(set(codes))
    out["missing"] = len(set(codes) - set(lat["key"]))
    if out["missing"] or not codes:
        return out
    out["expected"] = float(lat["expected"].sum())
    cmp = compare([out["expected"]], [target],
                  [np.nan if forecast_vs_target_pct is None else forecast_vs_target_pct])
    out.update({k: v[0].item() for k, v in cmp.items()})
    return out


def body_of(f: ExportFilter) -> tuple[str, str] | None:
    """("concern", code) or ("oblast", code) when the filter is exactly one body — one
    concern and nothing finer, or one oblast and nothing else — else None."""
    from . import exports

    basis = exports.target_basis(f)
    if basis == "concerns" and len(f.concerns) == 1:
        return "concern", f.concerns[0]
    if basis == "oblasts" and len(f.oblasts) == 1:
        return "oblast", f.oblasts[0]
    return None


def history(f: ExportFilter) -> pd.DataFrame:
    """A body's submissions for the filter's year, January … its ``to`` month (empty
    unless ``body_of(f)``), each against the body's target and the model's forecast made
    with the complete months up to the submission month (``forecast.forecast_year``).

    Columns: month (date), expected, target, expected_vs_target_pct, forecast,
    forecast_vs_target_pct, expectation_gap_pts, expectation_flag.
    """
    from . import exports

    cols = ["month", "expected", "target", "expected_vs_target_pct", "forecast",
            "forecast_vs_target_pct", "expectation_gap_pts", "expectation_flag"]
    body = body_of(f)
    if body is None:
        return pd.DataFrame(columns=cols)
    level, code = body
    subs = submissions(f, level, (code,))
    if subs.empty:
        return pd.DataFrame(columns=cols)
    target = exports.target_value(f)
    series = exports.monthly(f, target)
    complete = exports.as_of_month(f)
    fc = []
    for m in subs["month"]:
        value, how = forecast.forecast_year(series["value_all"], series["value_ly"],
                                            min(m.month, complete))
        fc.append(np.nan if how == forecast.NO_MONTHS else value)
    fc = np.array(fc, dtype=float)
    tgt = np.full(len(subs), np.nan if target is None else target)
    with np.errstate(divide="ignore", invalid="ignore"):
        fc_pct = np.where(tgt > 0, fc / tgt * 100, np.nan)
    out = pd.DataFrame({"month": subs["month"], "expected": subs["expected"],
                        "target": tgt, "forecast": fc, "forecast_vs_target_pct": fc_pct})
    for name, values in compare(out["expected"], out["target"], fc_pct).items():
        out[name] = values
    return out[cols]

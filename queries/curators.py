"""Curators of Russian regions: the officials assigned to regions over periods, and the
figures of the regions each curator holds.

Definitions (the page shows them in a footnote; README "Curators"):

- **A curator's regions in a period** — every region with an assignment
  (``curator_region``) that overlaps the period by at least one day
  (``filters.curator_regions``). A region counts for the whole period whatever day it
  was handed over, so a region reassigned in June counts for both curators'
  January–October: the curators' figures do not add up to Russia's, and the ranking
  never shows a total.
- **Exports** — the filter's exports (``exports.breakdown`` by region: the same
  filters, sources and scope as every export figure) to the curator's regions, this
  year's period against the same months last year.
- **The regions' share of the target path** — each concern's target for the year
  (``target_concern``) split among Russian regions by the region's share of that
  concern's exports over the whole of last year; a curator's target is the sum over
  their regions. It is phased like the Overview's target path
  (``exports.with_fulfilment``): target × (last year's exports over the period's
  months ÷ last year's whole exports), for the curator's regions. A target applies
  only where the concerns' targets do: no enterprise, product, industrial or oblast
  filter and no oblast scope (a part of a concern has no target of its own); and not
  where a concern that exported to the regions last year has no target for the year
  (a partial sum would pass for the whole).
- **Trend** — the growth of the period's last three months (fewer when the period is
  shorter) against the same months last year: ``up`` above +1 %, ``down`` below −1 %,
  ``flat`` between.
- **Stock** — finished-goods stock at the end of the period's last month held by
  distribution-network subjects in the curator's regions (the stock page's filters:
  the owner's concern, enterprise, oblast and industrial flag, the product, the
  subjects).
- **Overdue receivables** — overdue at the end of the period's last month owed by
  debtors in the curator's regions (the receivables page's filters).
- **Ranking** — by growth against last year (largest first), ties by name; the rank
  against the target path by fulfilment of the target path.

The ``curator=`` filter of the other pages reads the same assignments
(``filters.with_curators``). The old free-text ``ru_region.curator`` column is
superseded by ``curator_region`` and read by nothing here.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, select

from .conditions import needs_enterprise_join, owner_conditions, product_conditions
from .dimensions import Dimensions, dimensions
from .engine import gather, run
from .exports import breakdown, concern_targets, monthly, monthly_rows, with_fulfilment
from .filters import ExportFilter, period_end, with_curators
from .schema import (
    dist_subject,
    enterprise,
    exports_by_concern_region,
    receivable,
    stock,
)

TREND_MONTHS = 3
TREND_FLAT_PCT = 1.0
SORTS = ("growth", "target")

FIGURES = ("value", "value_ly", "value_ly_full", "value_3m", "value_3m_ly", "target",
           "stock", "overdue", "receivable_total")


def open_filter(f: ExportFilter) -> ExportFilter:
    """``f`` without its curators: the regions the URL names itself, if any."""
    named = f.named_regions if f.curators else f.regions
    return f.with_(curators=(), named_regions=(), regions=named)


def targets_apply(f: ExportFilter) -> bool:
    """Whether the concerns' targets split by region apply to the filter (module
    docstring)."""
    if f.needs_enterprise() or f.needs_product() or f.oblasts:
        return False
    return f.scope is None or not f.scope.oblasts


def _trend_filter(f: ExportFilter) -> ExportFilter:
    return f.with_(month_from=max(f.month_from, f.month_to - TREND_MONTHS + 1))


def _target_split(f: ExportFilter) -> pd.DataFrame:
    """Last year's whole exports by region × concern (all regions: the concerns' shares
    need their whole), under the scope and the concern filter."""
    src = exports_by_concern_region
    ly = date(f.year - 1, 1, 1), date(f.year - 1, 12, 1)
    where = [src.c.month.between(*ly)]
    if f.scope is not None:
        where.append(f.scope.condition(src.c.concern_id, src.c.oblast_id))
    if f.concerns:
        where.append(src.c.concern_id.in_(f.concerns))
    stmt = (select(src.c.region_id, src.c.concern_id,
                   func.sum(src.c.value_usd).label("value_ly_full"))
            .where(and_(*where)).group_by(src.c.region_id, src.c.concern_id))
    return run(stmt, name="curators_target_split")


def _stock_by_region(f: ExportFilter) -> pd.DataFrame:
    """Stock at the end of the period's last month by the subject's region."""
    joined = stock.join(dist_subject, stock.c.subject_id == dist_subject.c.subject_id)
    if needs_enterprise_join(f):
        joined = joined.join(enterprise, stock.c.enterprise_id == enterprise.c.enterprise_id)
    conds = [stock.c.month == f.end, *owner_conditions(f, stock),
             *product_conditions(f, stock)]
    if f.subjects:
        conds.append(stock.c.subject_id.in_(f.subjects))
    stmt = (select(dist_subject.c.region_id, func.sum(stock.c.value_usd).label("stock"))
            .select_from(joined).where(and_(*conds)).group_by(dist_subject.c.region_id))
    return run(stmt, name="curators_stock")


def _receivables_by_region(f: ExportFilter) -> pd.DataFrame:
    """Receivables at the end of the period's last month by the debtor's region."""
    joined = receivable
    if needs_enterprise_join(f):
        joined = joined.join(enterprise, receivable.c.enterprise_id == enterprise.c.enterprise_id)
    conds = [receivable.c.month == f.end, *owner_conditions(f, receivable)]
    stmt = (select(receivable.c.region_id,
                   func.sum(receivable.c.overdue_usd).label("overdue"),
                   func.sum(receivable.c.total_usd).label("receivable_total"))
            .select_from(joined).where(and_(*conds)).group_by(receivable.c.region_id))
    return run(stmt, name="curators_receivables")


def _allowed(f: ExportFilter, dims: Dimensions) -> set[str] | None:
    """The regions the filter's own region and district choices leave (None: all)."""
    named = f.named_regions if f.curators else f.regions
    regions = dims.regions
    keep = pd.Series(True, index=regions.index)
    if named:
        keep &= regions["region_id"].isin(named)
    if f.districts:
        keep &= regions["district_id"].isin(f.districts)
    return None if (not named and not f.districts) else set(regions.loc[keep, "region_id"])


def region_figures(f: ExportFilter) -> pd.DataFrame:
    """The figures of every Russian region the filter leaves (its curators aside).

    Columns: region_id, value, value_ly, value_ly_full (this year's period, the same
    months last year, the whole of last year), value_3m, value_3m_ly (the trend
    window: the period's last three months, and last year's), target (the year's
    target split to the region; NaN where none applies), stock, overdue,
    receivable_total (at the end of the period's last month). Zero where a region has
    none; regions with none of them are left out. Definitions: module docstring.
    """
    return _figures_from(f, gather(*_figure_jobs(f)))


def _figure_jobs(f: ExportFilter) -> list:
    """The queries of ``region_figures`` as zero-argument calls (for a caller that
    gathers them with its own)."""
    base = open_filter(f)
    calls = [lambda: breakdown(base, "region"),
             lambda: breakdown(_trend_filter(base), "region"),
             lambda: _stock_by_region(base), lambda: _receivables_by_region(base)]
    if targets_apply(f):
        calls += [lambda: _target_split(base), lambda: concern_targets(f.year)]
    return calls


def _figures_from(f: ExportFilter, got: list) -> pd.DataFrame:
    """``region_figures`` from the results of ``_figure_jobs(f)``."""
    dims = dimensions()
    with_targets = targets_apply(f)
    exp, trend, stk, rec = got[:4]
    regions = [str(r) for r in dims.regions["region_id"].tolist()]
    allowed = _allowed(f, dims)
    if allowed is not None:
        regions = [r for r in regions if r in allowed]

    def by_region(df: pd.DataFrame, key: str, column: str) -> np.ndarray:
        # dictionaries, not four merges: pandas' merge on a few hundred rows cost ~1 ms
        of = dict(zip((str(k) for k in df[key].tolist()), df[column].tolist()))
        values = (of.get(r) for r in regions)
        return np.array([0.0 if v is None or v != v else float(v) for v in values])

    cols = {"value": by_region(exp, "key", "value"),
            "value_ly": by_region(exp, "key", "value_ly"),
            "value_ly_full": by_region(exp, "key", "value_ly_full"),
            "value_3m": by_region(trend, "key", "value"),
            "value_3m_ly": by_region(trend, "key", "value_ly"),
            "target": np.full(len(regions), np.nan),
            "stock": by_region(stk, "region_id", "stock"),
            "overdue": by_region(rec, "region_id", "overdue"),
            "receivable_total": by_region(rec, "region_id", "receivable_total")}
    if with_targets:
        split, targets = got[4], got[5]
        of_region = _region_targets(split, targets)  # (no exports last year: 0)
        cols["target"] = np.array([of_region.get(r, 0.0) for r in regions], dtype=float)
    has = np.zeros(len(regions), dtype=bool)
    for c in FIGURES:
        if c != "target":
            has |= cols[c] != 0
    keep = np.flatnonzero(has)
    return pd.DataFrame({"region_id": [regions[i] for i in keep],
                         **{c: cols[c][keep] for c in FIGURES}})


def _region_targets(split: pd.DataFrame, targets: pd.DataFrame) -> dict:
    """region → Σ over concerns of target × the region's share of the concern's exports
    last year; NaN for a region where a concern that exported there has no target."""
    if not len(split):
        return {}
    s = split.assign(value_ly_full=split["value_ly_full"].astype(float))
    whole = s.groupby("concern_id")["value_ly_full"].transform("sum")
    tgt = s["concern_id"].map(targets.set_index("concern_id")["target"])
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(whole > 0, tgt * s["value_ly_full"] / whole, 0.0)
    part = pd.Series(part, index=s.index)
    part[(s["value_ly_full"] > 0) & tgt.isna()] = np.nan
    return part.groupby(s["region_id"]).sum(min_count=1).where(
        part.isna().groupby(s["region_id"]).sum() == 0).to_dict()


def holdings(f: ExportFilter, dims: Dimensions | None = None) -> pd.DataFrame:
    """Every curator with their regions in the filter's period.

    Columns: curator_id, name, post, body, concern_id, regions (tuple of region ids
    assigned at any time in the period, cut to the filter's own regions and
    districts), n_regions. Curators with no region in the period are left out; with
    ``curator=`` in the filter, only those curators.
    """
    dims = dims or dimensions()
    allowed = _allowed(f, dims)
    a = dims.assignments
    # the overlap rule of ``filters.curator_regions``, for every curator at once
    start, end = pd.Timestamp(f.start), pd.Timestamp(period_end(f))
    d_from, d_to = dims.memo("assignment_dates", lambda: (pd.to_datetime(a["date_from"]),
                                                          pd.to_datetime(a["date_to"])))
    hit = a[(d_from <= end) & (d_to.isna() | (d_to >= start))]
    if allowed is not None:
        hit = hit[hit["region_id"].isin(allowed)]
    if f.curators:
        hit = hit[hit["curator_id"].isin(f.curators)]
    regions = {int(c): tuple(sorted(set(g))) for c, g in
               hit.groupby("curator_id")["region_id"]}
    rows = [{"curator_id": int(c.curator_id), "name": c.name, "post": c.post,
             "body": c.body, "concern_id": c.concern_id,
             "regions": regions[int(c.curator_id)],
             "n_regions": len(regions[int(c.curator_id)])}
            for c in dims.curators.itertuples(index=False) if int(c.curator_id) in regions]
    cols = ["curator_id", "name", "post", "body", "concern_id", "regions", "n_regions"]
    return pd.DataFrame(rows, columns=cols)


def summary(f: ExportFilter, figs: pd.DataFrame | None = None,
            held: pd.DataFrame | None = None) -> dict:
    """The regions of all the filter's curators together, each counted once.
    ``figs``: ``region_figures(f)`` and ``held``: ``holdings(f)``, when the caller has
    them already (the ranking page makes each once for both).

    Keys: n_regions, value, value_ly, growth_pct, stock, overdue (the ``FIGURES`` of
    ``region_figures`` summed over the union of the curators' regions).
    """
    dims = dimensions()
    held = holdings(f, dims) if held is None else held
    regions = sorted({r for regs in held["regions"] for r in regs})
    figs = region_figures(f) if figs is None else figs
    part = figs[figs["region_id"].isin(regions)]
    out = {"n_regions": len(regions),
           **{c: float(part[c].sum()) for c in FIGURES if c != "target"}}
    out["growth_pct"] = ((out["value"] / out["value_ly"] - 1) * 100 if out["value_ly"] > 0
                         else float("nan"))
    return out


def _derive(df: pd.DataFrame) -> pd.DataFrame:
    """Growth, trend and the target path (``exports.with_fulfilment``) of rows with the
    ``FIGURES`` columns and a ``key``."""
    value, ly = df["value"].to_numpy(float), df["value_ly"].to_numpy(float)
    v3, l3 = df["value_3m"].to_numpy(float), df["value_3m_ly"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(ly > 0, (value / ly - 1) * 100, np.nan)
        trend = np.where(l3 > 0, (v3 / l3 - 1) * 100, np.nan)
    out = with_fulfilment(df.assign(change=value - ly, growth_pct=growth,
                                    trend_pct=trend), df["target"])
    out["trend"] = [trend_of(t) for t in trend.tolist()]
    out["gap_to_path"] = out["value"] - out["target_due"]
    return out.drop(columns=["forecast", "forecast_method", "forecast_vs_target_pct"])


def trend_of(pct: float) -> str | None:
    if pct is None or pd.isna(pct):
        return None
    return "up" if pct > TREND_FLAT_PCT else "down" if pct < -TREND_FLAT_PCT else "flat"


def ranking(f: ExportFilter, lang: str = "en", sort: str = "growth",
            figs: pd.DataFrame | None = None,
            held: pd.DataFrame | None = None) -> pd.DataFrame:
    """Curators ranked by their regions' figures in the filter's period.

    Columns: rank, curator_id, name, post, body, concern_id, regions (tuple),
    n_regions, region_names (short names, ", "-joined), value, value_ly, change,
    growth_pct, value_3m, value_3m_ly, trend_pct, trend (up/down/flat/None), target,
    target_due (the target path to date), fulfilment_pro_rata_pct (value ÷
    target_due × 100), fulfilment_year_pct, gap_to_path (value − target_due), status,
    stock, overdue, receivable_total, rank_growth, rank_target. ``sort``: "growth"
    (by growth_pct) or "target" (by fulfilment_pro_rata_pct), largest first, NaN last,
    ties by name. A region held by two curators counts for each. ``figs``, ``held``:
    ``region_figures(f)`` and ``holdings(f)`` when the caller has them already.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    dims = dimensions()
    held = holdings(f, dims) if held is None else held
    cols = ["rank", *held.columns, "region_names", *FIGURES]
    if not len(held):
        return pd.DataFrame(columns=cols)
    figs = region_figures(f) if figs is None else figs
    shorts = dims.short_name_of("region", lang)
    # plain Python over a few dozen curators: a pandas step per curator cost ~1.5 ms
    table = figs.set_index("region_id").to_dict("index")
    money = [c for c in FIGURES if c != "target"]
    missing_target = 0.0 if targets_apply(f) else np.nan  # as ``_part``
    rows = []
    for h in held.to_dict("records"):
        sums = dict.fromkeys(money, 0.0)
        target = 0.0  # a curator's target: NaN when one of their regions has none
        for r in h["regions"]:
            row = table.get(r)
            if row is None:
                target += missing_target
                continue
            for c in money:
                v = row[c]
                sums[c] += 0.0 if pd.isna(v) else float(v)
            target += float(row["target"])
        sums["target"] = target
        rows.append({**h, "key": h["curator_id"],
                     "region_names": ", ".join(str(shorts.get(r, r)) for r in h["regions"]),
                     **sums})
    df = _derive(pd.DataFrame(rows))
    df["rank_growth"] = _rank(df, "growth_pct")
    df["rank_target"] = _rank(df, "fulfilment_pro_rata_pct")
    df["rank"] = df["rank_growth" if sort == "growth" else "rank_target"]
    return df.sort_values(["rank"]).drop(columns="key").reset_index(drop=True)


def _part(figs: pd.DataFrame, regions, with_targets: bool) -> pd.DataFrame:
    """The rows of ``regions`` in ``region_figures`` (indexed by region); a region it
    leaves out has nothing: zeros, and a target of 0 where targets apply."""
    part = figs.reindex(list(regions))
    missing = ~part.index.isin(figs.index)
    part = part.fillna({c: 0.0 for c in FIGURES if c != "target"})
    part.loc[missing, "target"] = 0.0 if with_targets else np.nan
    part.index.name = "region_id"
    return part


def _rank(df: pd.DataFrame, col: str) -> list[int]:
    """1 for the largest value of ``col``; NaN last; ties by name."""
    values, names = df[col].tolist(), df["name"].tolist()
    order = sorted(range(len(df)), key=lambda i: (
        pd.isna(values[i]), -(values[i] if not pd.isna(values[i]) else 0), names[i]))
    rank = [0] * len(df)
    for n, i in enumerate(order, 1):
        rank[i] = n
    return rank


def card(f: ExportFilter, curator_id: int, lang: str = "en") -> dict | None:
    """One curator: who, their regions' figures and their assignment history.

    Returns None for an unknown curator, else a dict: curator (dict: curator_id, name,
    post, body, concern_id), total (one ``ranking`` row's figures as a dict, or None
    when the curator held no region in the period), regions (DataFrame: region_id,
    name, short, district_id, the ``FIGURES`` and derived columns of ``ranking``,
    assigned_from, assigned_to — the assignment overlapping the period, the latest if
    several; largest exports first), history (DataFrame of every assignment: region_id,
    name, date_from, date_to, in_period; latest first), monthly (``exports.monthly``
    of the curator's regions with the curator's target path, or None).
    """
    dims = dimensions()
    people = dims.curators[dims.curators["curator_id"] == int(curator_id)]
    if not len(people):
        return None
    who = people.iloc[0].to_dict()
    who["curator_id"] = int(who["curator_id"])
    names, shorts = dims.name_of("region", lang), dims.short_name_of("region", lang)
    one = f.with_(curators=(int(curator_id),), named_regions=f.named_regions
                  if f.curators else f.regions)
    narrowed = with_curators(open_filter(f), dims, (int(curator_id),))
    # the regions' figures (once, for the total and the regions' rows) and the monthly
    # series' rows in one gather; the series' target path needs the total, so it is
    # put together after
    jobs = _figure_jobs(one)
    got = gather(*jobs, lambda: monthly_rows(narrowed))
    one_figs = _figures_from(one, got[:len(jobs)])
    ranked = ranking(one, lang, figs=one_figs)
    total = ranked.iloc[0].to_dict() if len(ranked) else None
    hist = dims.assignments[dims.assignments["curator_id"] == int(curator_id)].copy()
    start, end = f.start, period_end(f)
    hist["in_period"] = [(a <= end) and (b is None or pd.isna(b) or b >= start)
                         for a, b in zip(hist["date_from"], hist["date_to"])]
    hist["name"] = [names.get(r, r) for r in hist["region_id"]]
    hist = hist.sort_values(["date_from", "region_id"], ascending=[False, True])
    history = hist[["region_id", "name", "date_from", "date_to", "in_period"]] \
        .reset_index(drop=True)
    regions = pd.DataFrame()
    series = None
    if total is not None:
        figs = one_figs.set_index("region_id")
        regs = list(total["regions"])
        part = _part(figs, regs, targets_apply(one))
        part = part.reset_index().rename(columns={"index": "region_id"})
        part["key"] = part["region_id"]
        regions = _derive(part)
        district = dict(zip(dims.regions["region_id"], dims.regions["district_id"]))
        inside = hist[hist["in_period"]].sort_values("date_from")
        last = {r: (a, b) for r, a, b in zip(inside["region_id"], inside["date_from"],
                                              inside["date_to"])}
        regions = regions.assign(
            name=[names.get(r, r) for r in regions["region_id"]],
            short=[shorts.get(r, r) for r in regions["region_id"]],
            district_id=[district.get(r) for r in regions["region_id"]],
            assigned_from=[last.get(r, (None, None))[0] for r in regions["region_id"]],
            assigned_to=[last.get(r, (None, None))[1] for r in regions["region_id"]])
        regions = regions.sort_values(["value", "region_id"], ascending=[False, True]) \
            .drop(columns="key").reset_index(drop=True)
        tgt = total["target"]
        series = monthly(narrowed, None if pd.isna(tgt) else float(tgt), rows=got[-1])
    return {"curator": who, "total": total, "regions": regions, "history": history,
            "monthly": series}

"""Export-support instruments: the support Belarusian exporters received on the Russian
market, the exports it backed, and the enterprises whose exports fall without any.

Definitions every function shares:

- *support* — the amount of the instrument (credit granted, insurance cover, interest
  refunded, leasing financed, participation co-financed), USD, summed over the
  filter's months (``f.start`` … ``f.end``); *last year* — the same months a year
  earlier.
- *backed exports* — the exports the instrument financed, insured or helped sign, as
  the bodies report them (``export_support.backed_exports_usd``).
- *backed share* — backed exports ÷ all exports of the same filter (concerns,
  enterprises, oblasts, regions, …) in the same months × 100. An export backed by two
  instruments counts in each, so a share by instrument may add up to more than the
  total's.
- *falling* — the definition of the Negative trends page
  (``queries.trends.contributions`` at the enterprise level): the enterprise's exports
  of the filter's months are below the same months last year (change < 0).
- *without an instrument* — no ``export_support`` row at all (any instrument, any
  amount) for the enterprise in the filter's months; a region filter narrows both the
  exports and the support to those regions.

Filters that apply: concerns, enterprises, Belarusian oblasts, industrial only,
federal districts and regions (of the Russian market), the access scope, and the
page's own ``instrument`` (support queries only; "without an instrument" always means
any instrument). Filters that do not: HS chapters and headings (support is not recorded
by product: the exports compared with it are all products too) and distribution
subjects.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, literal, select

from . import exports as xq
from . import trends
from .conditions import needs_enterprise_join, owner_conditions
from .dimensions import dimensions, reference_list
from .engine import gather, run
from .filters import ExportFilter
from .schema import enterprise, export_support, ru_region, support_instrument

LEVELS = ("instrument", "concern", "enterprise", "oblast", "district", "region", "total")
PRODUCT_LEVELS = ("concern", "enterprise")
GEO_LEVELS = ("district", "region")
LANGS = ("ru", "en", "de")
VALUE_COLUMNS = ("support", "backed", "support_ly", "backed_ly")


def without_products(f: ExportFilter) -> ExportFilter:
    """The filter with its HS chapters and headings dropped (they do not apply)."""
    return f.with_(chapters=(), headings=(), subjects=())


def _filtered(f: ExportFilter, instrument: str | None, *, with_district: bool = False,
              with_enterprise: bool = False):
    s = export_support
    joined = s
    if with_enterprise or needs_enterprise_join(f):
        joined = joined.join(enterprise, s.c.enterprise_id == enterprise.c.enterprise_id)
    conds = owner_conditions(f, s)
    if f.regions:
        conds.append(s.c.region_id.in_(f.regions))
    if f.districts or with_district:
        joined = joined.join(ru_region, s.c.region_id == ru_region.c.region_id)
        if f.districts:
            conds.append(ru_region.c.district_id.in_(f.districts))
    if instrument:
        conds.append(s.c.instrument_id == instrument)
    return joined, conds


def _key(level: str):
    s = export_support.c
    return {"instrument": s.instrument_id, "concern": enterprise.c.concern_id,
            "enterprise": s.enterprise_id, "oblast": enterprise.c.oblast_id,
            "district": ru_region.c.district_id, "region": s.region_id}.get(
        level, literal("total"))


def _period_sum(column, start: date, end: date):
    m = export_support.c.month
    return func.sum(case((m.between(start, end), column), else_=0.0))


def _pct(num, den):
    num, den = np.asarray(num, float), np.asarray(den, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den * 100, np.nan)


def instruments(lang: str = "en") -> pd.DataFrame:
    """The reference list of instruments (table ``support_instrument``, from
    ``data/refdata/support_instruments.csv``), in the list's order of ids; read once per
    data version.

    Columns: instrument_id, name, description (in ``lang``: ru, en or de)."""
    lang = lang if lang in LANGS else "en"
    def build():
        si = support_instrument.c
        stmt = select(si.instrument_id, si[f"name_{lang}"].label("name"),
                      si[f"description_{lang}"].label("description")).order_by(si.instrument_id)
        df = run(stmt, name="support_instruments")
        return df.astype({"instrument_id": str, "name": str, "description": str})

    return reference_list(f"support_instruments_{lang}", build)


def instrument_ids() -> tuple[str, ...]:
    """The instruments' ids (for checking a URL's ``instrument``)."""
    return tuple(instruments("en")["instrument_id"])


def _exports_of(f: ExportFilter, level: str, lang: str) -> pd.DataFrame:
    """All exports of the filter (every product) by ``level``: key, exports, exports_ly."""
    level_x = "total" if level in ("instrument", "total") else level
    df = xq.breakdown(without_products(f), level_x, lang)
    return pd.DataFrame({"key": df["key"], "exports": df["value"].astype(float),
                         "exports_ly": df["value_ly"].astype(float)})


def _exports_from_enterprises(contrib: pd.DataFrame, level: str) -> pd.DataFrame:
    """``_exports_of`` at ``level`` (total, concern or enterprise) summed from the
    enterprise level's ``trends.contributions`` of the same filter: key, exports,
    exports_ly. An enterprise counts for its concern, as in the query."""
    value = contrib["value"].to_numpy(dtype=float)
    value_ly = contrib["value_ly"].to_numpy(dtype=float)
    if level == "enterprise":
        return pd.DataFrame({"key": [int(k) for k in contrib["key"].tolist()],
                             "exports": value, "exports_ly": value_ly})
    if level == "total":
        return pd.DataFrame({"key": ["total"], "exports": [float(value.sum())],
                             "exports_ly": [float(value_ly.sum())]})
    if level != "concern":
        raise ValueError(f"not a product level: {level!r}")
    sums: dict[str, list[float]] = {}
    for c, v, ly in zip(contrib["concern_id"].tolist(), value.tolist(), value_ly.tolist()):
        acc = sums.setdefault(str(c), [0.0, 0.0])
        acc[0] += v
        acc[1] += ly
    keys = sorted(sums)
    return pd.DataFrame({"key": keys, "exports": [sums[k][0] for k in keys],
                         "exports_ly": [sums[k][1] for k in keys]})


_GRAIN_KEYS = {"instrument": "instrument_id", "concern": "concern_id",
               "enterprise": "enterprise_id", "oblast": "oblast_id",
               "district": "district_id", "region": "region_id"}


def support_grain(f: ExportFilter) -> pd.DataFrame:
    """The support of the filter's months and the same months last year, every
    instrument, by instrument × enterprise × Russian region, read in one query (the
    table is small: thousands of rows at the largest scale); ``breakdown`` sums it to
    any level. Columns: instrument_id, enterprise_id, concern_id, oblast_id,
    region_id, district_id, support, backed, support_ly, backed_ly, rows_now (rows
    this year).

    The enterprise's concern and oblast and the region's district come from the
    dimension lists, not from joins: the query joins ``enterprise`` or ``ru_region``
    only when a filter reads them (10M rows, DuckDB: 9.9 ms with both joins and the
    six keys, 3.9 ms by the three keys alone). An enterprise or region missing from
    the lists is left out, as the joins would leave it out."""
    s = export_support.c
    joined, conds = _filtered(f, None)
    months = s.month.between(f.start, f.end) | s.month.between(f.start_ly, f.end_ly)
    keys = [s.instrument_id, s.enterprise_id, s.region_id]
    stmt = (select(*keys,
                   _period_sum(s.support_usd, f.start, f.end).label("support"),
                   _period_sum(s.backed_exports_usd, f.start, f.end).label("backed"),
                   _period_sum(s.support_usd, f.start_ly, f.end_ly).label("support_ly"),
                   _period_sum(s.backed_exports_usd, f.start_ly, f.end_ly).label("backed_ly"),
                   func.sum(case((s.month.between(f.start, f.end), 1), else_=0))
                   .label("rows_now"))
            .select_from(joined).where(and_(months, *conds)).group_by(*keys))
    raw = run(stmt, name="support_grain")
    dims = dimensions()
    owner = dims.memo("support_owner_of_enterprise", lambda: {
        int(e): (str(c), str(o)) for e, c, o in zip(
            dims.enterprises["enterprise_id"].tolist(),
            dims.enterprises["concern_id"].tolist(), dims.enterprises["oblast_id"].tolist())})
    district_of = dims.district_of_region()
    who = [owner.get(e) for e in raw["enterprise_id"].astype(int).tolist()]
    regions = raw["region_id"].astype(str).tolist()
    districts = [district_of.get(r) for r in regions]
    keep = [w is not None and d is not None for w, d in zip(who, districts)]
    if not all(keep):
        who, regions, districts = ([x for x, k in zip(v, keep) if k]
                                   for v in (who, regions, districts))
    mask = np.asarray(keep, dtype=bool)

    def numbers(c: str) -> np.ndarray:
        return np.nan_to_num(raw[c].to_numpy(dtype=float, na_value=np.nan)[mask])

    return pd.DataFrame({
        "instrument_id": pd.array(raw["instrument_id"].astype(str).tolist(),
                                  dtype="str")[mask],
        "enterprise_id": raw["enterprise_id"].to_numpy(dtype=int)[mask],
        "concern_id": pd.array([w[0] for w in who], dtype="str"),
        "oblast_id": pd.array([w[1] for w in who], dtype="str"),
        "region_id": pd.array(regions, dtype="str"),
        "district_id": pd.array(districts, dtype="str"),
        **{c: numbers(c) for c in VALUE_COLUMNS},
        "rows_now": numbers("rows_now").astype(int)})


class GrainArrays:
    """A ``support_grain`` as the arrays ``breakdown`` sums, made once for the page's
    four breakdowns of one grain (each read the frame's columns again: ~1.5 ms a
    call): values (rows × VALUE_COLUMNS), now (a row of this year), enterprises,
    instruments, and each level's codes, factorized on first use."""

    def __init__(self, grain: pd.DataFrame) -> None:
        self.grain = grain
        self.values = grain[list(VALUE_COLUMNS)].to_numpy(dtype=float)
        self.now = (grain["rows_now"] > 0).to_numpy()
        self.enterprises = grain["enterprise_id"].to_numpy(dtype=int)
        self.instruments = np.asarray(grain["instrument_id"].tolist(), dtype=object)
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def rows_of(self, instrument: str | None) -> np.ndarray | slice:
        """The rows of one instrument (all rows: None)."""
        return slice(None) if not instrument else self.instruments == instrument

    def codes(self, level: str) -> tuple[np.ndarray, np.ndarray]:
        """(each row's code, the level's keys) for a level of ``_GRAIN_KEYS``."""
        if level not in self._codes:
            column = self.grain[_GRAIN_KEYS[level]].tolist()
            self._codes[level] = pd.factorize(np.asarray(column, dtype=object))
        return self._codes[level]


def breakdown(f: ExportFilter, level: str, lang: str = "en",
              instrument: str | None = None, *,
              grain: pd.DataFrame | GrainArrays | None = None,
              exports: pd.DataFrame | None = None) -> pd.DataFrame:
    """Support and backed exports of the filter's months by one level, most support
    first (ties by key).

    Levels: instrument, concern, enterprise, oblast (Belarusian, the enterprise's),
    district and region (Russian), total (one row).
    Columns: key, name, short (chart label), support, backed, support_ly, backed_ly
    (the same months last year), enterprises (how many enterprises received support
    this year), exports (all exports of the same key and filter this year; for the
    instrument level the filter's total), backed_share_pct (backed ÷ exports × 100),
    share_pct (of the support shown), and concern_id for the concern and enterprise
    levels. Rows with no support this year nor last year are left out; the total is
    one row even when there is none (zeros).

    ``grain``: the same filter's ``support_grain`` (or its ``GrainArrays``, when
    several breakdowns share it); ``exports``: the same filter's
    ``_exports_of`` at this level (the total for instrument and total) — when the
    caller has them, so that a page reads each once."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    g = grain if isinstance(grain, GrainArrays) else GrainArrays(
        support_grain(f) if grain is None else grain)
    rows = g.rows_of(instrument)
    values, now = g.values[rows], g.now[rows]
    ents = g.enterprises[rows]
    if level == "total":
        sums = values.sum(axis=0, keepdims=True)
        keys: list = ["total"]
        counts = [len(set(ents[now].tolist()))]
    else:
        # numpy over the grain's rows: pandas' groupby on text keys costs more than this
        codes, uniq = g.codes(level)
        codes = codes[rows]
        sums = np.zeros((len(uniq), len(VALUE_COLUMNS)))
        np.add.at(sums, codes, values)
        seen: list[set] = [set() for _ in uniq]
        for c, e in zip(codes[now].tolist(), ents[now].tolist()):
            seen[c].add(e)
        keep = (sums[:, 0] != 0) | (sums[:, 2] != 0)  # support or support_ly
        keys = [k for k, kept in zip(uniq.tolist(), keep.tolist()) if kept]
        keys = [int(k) for k in keys] if level == "enterprise" else [str(k) for k in keys]
        counts = [len(x) for x, kept in zip(seen, keep.tolist()) if kept]
        sums = sums[keep]
    cols: dict = {"key": keys, **{c: sums[:, i] for i, c in enumerate(VALUE_COLUMNS)},
                  "enterprises": np.asarray(counts, dtype=int)}
    ex = _exports_of(f, level, lang) if exports is None else exports
    if level in ("instrument", "total"):
        cols["exports"] = np.full(len(keys), float(ex["exports"].sum()))
    else:
        by_key = dict(zip(ex["key"].tolist(), ex["exports"].tolist()))
        cols["exports"] = np.asarray([float(by_key.get(k, 0.0)) for k in keys], dtype=float)
    cols["backed_share_pct"] = _pct(cols["backed"], cols["exports"])
    support = cols["support"]
    total = support.sum()
    cols["share_pct"] = support / total * 100 if total else np.full(len(keys), np.nan)
    # columns as numpy arrays and lists, one frame at the end: a dozen column steps on
    # the frame cost more than the sums
    cols.update(_names(keys, level, lang))
    order = sorted(range(len(keys)), key=lambda i: (-support[i], keys[i]))
    return pd.DataFrame({c: [v[i] for i in order] if isinstance(v, list) else v[order]
                         for c, v in cols.items()})


def _names(keys: list, level: str, lang: str) -> dict[str, list]:
    """name, short (chart label) and, at the concern and enterprise levels, concern_id
    of each key."""
    if level == "total":
        return {"name": ["total"] * len(keys), "short": ["total"] * len(keys)}
    if level == "instrument":
        names = dict(zip(*instruments(lang)[["instrument_id", "name"]].T.values))
        labels = [names.get(k, k) for k in keys]
        return {"name": labels, "short": list(labels)}
    dims = dimensions()
    names, shorts = dims.name_of(level, lang), dims.short_name_of(level, lang)
    out = {"name": [str(names.get(k, k)) for k in keys],
           "short": [str(shorts.get(k, names.get(k, k))) for k in keys]}
    if level == "enterprise":
        concern_of = dims.concern_of_enterprise()
        out["concern_id"] = [concern_of.get(k) for k in keys]
    elif level == "concern":
        out["concern_id"] = list(keys)
    return out


def supported_enterprises(f: ExportFilter, lang: str = "en",
                          instrument: str | None = None, *,
                          grain: pd.DataFrame | None = None,
                          exports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The enterprises that received support in the filter's months, most support
    first: ``breakdown`` at the enterprise level without last year's rows, plus
    instruments (how many different instruments this year), instrument_names (their
    names, comma-separated, in id order) and change_pct of the enterprise's exports on
    last year (NaN without exports last year). ``grain``, ``exports``: the same
    filter's ``support_grain`` and enterprise-level ``_exports_of`` when the caller has
    them."""
    g = support_grain(f) if grain is None else grain
    ex = _exports_of(f, "enterprise", lang) if exports is None else exports
    df = breakdown(f, "enterprise", lang, instrument, grain=g, exports=ex)
    df = df[df["support"] > 0].reset_index(drop=True)
    # the instruments each enterprise had rows of in the filter's months
    now = g[g["rows_now"] > 0]
    if instrument:
        now = now[now["instrument_id"] == instrument]
    names = dict(zip(*instruments(lang)[["instrument_id", "name"]].T.values))
    used: dict[int, list[str]] = {}
    for e, i in sorted(set(zip(now["enterprise_id"].tolist(),
                               now["instrument_id"].astype(str).tolist()))):
        used.setdefault(int(e), []).append(i)
    df["instruments"] = [len(used.get(int(k), [])) for k in df["key"]]
    df["instrument_names"] = [", ".join(names.get(i, i) for i in used.get(int(k), []))
                              for k in df["key"]]
    ly_of = dict(zip(ex["key"].tolist(), ex["exports_ly"].tolist()))
    ly = np.asarray([float(ly_of.get(k, 0.0)) for k in df["key"].tolist()], dtype=float)
    df["change_pct"] = _pct(df["exports"].to_numpy(float) - ly, ly)
    return df


def support_seen(f: ExportFilter) -> pd.DataFrame:
    """Each enterprise's support up to the filter's end (any instrument; products do
    not apply): enterprise_id, last_month (the last month with any support row),
    rows_now (its rows in the filter's months)."""
    s = export_support.c
    joined, conds = _filtered(without_products(f), None)
    stmt = (select(s.enterprise_id, func.max(s.month).label("last_month"),
                   func.sum(case((s.month.between(f.start, f.end), 1), else_=0))
                   .label("rows_now"))
            .select_from(joined).where(and_(s.month <= f.end, *conds))
            .group_by(s.enterprise_id))
    return run(stmt, name="support_last_month").astype({"enterprise_id": int})


def _seen_of(grain: pd.DataFrame, last_rows: pd.DataFrame) -> pd.DataFrame:
    """``support_seen`` of a filter from what its page has read already: the rows of
    the filter's months per enterprise summed from its ``support_grain`` (the same
    conditions; every support row's enterprise and region are in the dimension lists,
    so the grain keeps them all),
    the last month from its ``last_instruments`` (each enterprise's last month up to
    the filter's end). One query fewer for the page."""
    rows: dict[int, int] = {}
    for e, n in zip(grain["enterprise_id"].tolist(), grain["rows_now"].tolist()):
        rows[e] = rows.get(e, 0) + int(n)
    last: dict[int, object] = {}
    for e, m in zip(last_rows["enterprise_id"].tolist(), last_rows["month"].tolist()):
        last[int(e)] = m
    ids = sorted(last)
    return pd.DataFrame({"enterprise_id": ids, "last_month": [last[e] for e in ids],
                         "rows_now": [rows.get(e, 0) for e in ids]})


def last_instruments(f: ExportFilter) -> pd.DataFrame:
    """The instruments of each enterprise's last month with support up to the
    filter's end: enterprise_id, month, instrument_id, support (that month's amount)."""
    s = export_support.c
    joined, conds = _filtered(without_products(f), None)
    per_month = (select(s.enterprise_id, s.month, s.instrument_id,
                        func.sum(s.support_usd).label("support"),
                        func.max(s.month).over(partition_by=s.enterprise_id).label("last"))
                 .select_from(joined).where(and_(s.month <= f.end, *conds))
                 .group_by(s.enterprise_id, s.month, s.instrument_id).subquery("pm"))
    stmt = (select(per_month.c.enterprise_id, per_month.c.month, per_month.c.instrument_id,
                   per_month.c.support)
            .where(per_month.c.month == per_month.c["last"]))
    raw = run(stmt, name="support_last_instrument")
    # one frame of typed columns: ``astype`` on the result's frame cost ~1.5 ms
    return pd.DataFrame({"enterprise_id": raw["enterprise_id"].to_numpy(dtype=int),
                         "month": raw["month"].tolist(),
                         "instrument_id": raw["instrument_id"].tolist(),
                         "support": raw["support"].to_numpy(dtype=float, na_value=np.nan)})


def falling_without_support(f: ExportFilter, lang: str = "en",
                            contrib: pd.DataFrame | None = None,
                            seen: pd.DataFrame | None = None,
                            last_rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Enterprises whose exports fall (``trends.contributions``: the filter's months
    below the same months last year) and that received no support of any instrument in
    the filter's months, the largest loss first.

    Columns: enterprise_id, name, short, concern_id, value (exports this year),
    value_ly, change (negative), change_pct, contribution_pp (to the change of the
    filter's total, in percentage points), last_support (the last month before the
    filter's end in which the enterprise received any support, as a date; None if
    never), last_instrument (the instrument of that month, the largest support first;
    None if never). ``contrib``, ``seen``, ``last_rows``: the same filter's
    ``trends.contributions(without_products(f), "enterprise", lang)``,
    ``support_seen(f)`` and ``last_instruments(f)`` when the caller has them."""
    if contrib is None:
        contrib = trends.contributions(without_products(f), "enterprise", lang)
    seen = support_seen(f) if seen is None else seen
    now = {int(e) for e, n in zip(seen["enterprise_id"].tolist(), seen["rows_now"].tolist())
           if int(n) > 0}
    last = dict(zip(seen["enterprise_id"].tolist(), seen["last_month"].tolist()))
    # the falling enterprises without support this year, in contributions' order,
    # as row positions: the columns are taken once, as lists (~2 ms less than
    # filtering, copying and re-sorting the frame)
    keys = [int(k) for k in contrib["key"].tolist()]
    change = contrib["change"].to_numpy(dtype=float)
    pick = [i for i, (k, c) in enumerate(zip(keys, change.tolist())) if c < 0 and k not in now]
    ids = [keys[i] for i in pick]
    last_support = [pd.Timestamp(last[e]).date() if _known(last, e) else None for e in ids]
    last_inst: dict[int, str] = {}
    if any(d is not None for d in last_support):
        rows = last_instruments(f) if last_rows is None else last_rows
        # the largest support of that month first, ties by the instrument's id
        best: dict[int, tuple[float, str]] = {}
        for e, i, v in zip(rows["enterprise_id"].tolist(), rows["instrument_id"].tolist(),
                           rows["support"].tolist()):
            cur = best.get(e)
            if cur is None or (-v, str(i)) < (-cur[0], cur[1]):
                best[e] = (v, str(i))
        last_inst = {e: i for e, (_, i) in best.items()}
    cols = {"enterprise_id": ids}
    for c in ("name", "short", "concern_id"):
        column = contrib[c].tolist()
        cols[c] = [column[i] for i in pick]
    for c in ("value", "value_ly", "change", "change_pct", "contribution_pp"):
        cols[c] = contrib[c].to_numpy(dtype=float)[pick]
    cols["last_support"] = last_support
    cols["last_instrument"] = [last_inst.get(e) if _known(last, e) else None for e in ids]
    # the largest loss first, ties by the enterprise's id
    return xq.frame_in_order(cols, cols["change"], np.asarray(ids, dtype=int))


def _known(last: dict, e: int) -> bool:
    """Whether ``last`` holds a month for enterprise ``e``."""
    v = last.get(e)
    return v is not None and not pd.isna(v)


def kpis(f: ExportFilter, total: pd.DataFrame | None = None,
         falling: pd.DataFrame | None = None, instrument: str | None = None,
         contrib: pd.DataFrame | None = None) -> dict:
    """The page's headline figures: support, backed, support_ly, backed_ly,
    enterprises (supported this year), exports (all exports of the filter, every
    product), backed_share_pct, exporters (enterprises with exports this year),
    falling (enterprises whose exports fall), falling_unsupported (of those, with no
    instrument), falling_unsupported_loss (their change, USD, negative).
    ``total``/``falling``/``contrib``: the same filter's ``breakdown(…, "total")``,
    ``falling_without_support`` and enterprise-level ``trends.contributions`` (without
    products) when the caller has them."""
    if total is None:
        total = breakdown(f, "total", instrument=instrument)
    row = total.iloc[0]
    if contrib is None:
        contrib = trends.contributions(without_products(f), "enterprise")
    if falling is None:
        falling = falling_without_support(f, contrib=contrib)
    return {"support": float(row["support"]), "backed": float(row["backed"]),
            "support_ly": float(row["support_ly"]), "backed_ly": float(row["backed_ly"]),
            "enterprises": int(row["enterprises"]), "exports": float(row["exports"]),
            "backed_share_pct": float(row["backed_share_pct"]),
            "exporters": int((contrib["value"] > 0).sum()),
            "falling": int((contrib["change"] < 0).sum()),
            "falling_unsupported": int(len(falling)),
            "falling_unsupported_loss": float(falling["change"].sum())}


def monthly(f: ExportFilter, instrument: str | None = None) -> pd.DataFrame:
    """Support and backed exports by month of the filter's months, this year and last.

    Columns: month (1–12), support, backed, support_ly, backed_ly; every month of
    ``f.month_from`` … ``f.month_to`` (up to the latest month), 0 where none."""
    s = export_support.c
    joined, conds = _filtered(f, instrument)
    m = func.extract("month", s.month)
    this = s.month.between(f.start, f.end)
    ly = s.month.between(f.start_ly, f.end_ly)
    stmt = (select(m.label("m"),
                   func.sum(case((this, s.support_usd), else_=0.0)).label("support"),
                   func.sum(case((this, s.backed_exports_usd), else_=0.0)).label("backed"),
                   func.sum(case((ly, s.support_usd), else_=0.0)).label("support_ly"),
                   func.sum(case((ly, s.backed_exports_usd), else_=0.0)).label("backed_ly"))
            .select_from(joined).where(and_(this | ly, *conds)).group_by(m))
    df = run(stmt, name="support_monthly")
    months = list(range(f.start.month, f.end.month + 1))
    row_of = {int(m): i for i, m in enumerate(df["m"].tolist())}
    # plain lists into one frame: set_index, astype and reindex cost ~2 ms here
    out: dict[str, list] = {"month": months}
    for c in VALUE_COLUMNS:
        values = df[c].to_numpy(dtype=float, na_value=np.nan).tolist()
        out[c] = [values[row_of[m]] if m in row_of else 0.0 for m in months]
    return pd.DataFrame(out)


def page_view(f: ExportFilter, level: str, geo: str, lang: str = "en",
              instrument: str | None = None, with_enterprises: bool = False) -> dict:
    """Everything the support page shows, with each table read once: the support grain,
    the exports of the filter (total, ``level``, ``geo``), the enterprises' change on
    last year, the months and each enterprise's last month with support run at the same
    time (``support_seen`` comes from the grain and the last months, ``_seen_of``); the
    breakdowns, the falling enterprises and the KPIs are then pandas steps on them (the
    same functions, given what was read). Keys: by_instrument (every instrument), product (``level``), geo
    (``geo``), total, monthly, falling, kpis, enterprises (``supported_enterprises``
    when ``with_enterprises``, else None)."""
    g = without_products(f)
    grain, ex_geo, contrib, months, last_rows = gather(
        lambda: support_grain(f),
        lambda: _exports_of(f, geo, lang),
        lambda: trends.contributions(g, "enterprise", lang),
        lambda: monthly(f, instrument),
        lambda: last_instruments(f))
    seen = _seen_of(grain, last_rows)
    # the product levels' and the total's exports are sums of the enterprises' (the
    # same filter, every product): two queries fewer than reading each
    ex_total = _exports_from_enterprises(contrib, "total")
    ex_level = _exports_from_enterprises(contrib, level)
    arrays = GrainArrays(grain)  # once for the four breakdowns
    total = breakdown(f, "total", lang, instrument, grain=arrays, exports=ex_total)
    falling = falling_without_support(f, lang, contrib=contrib, seen=seen,
                                      last_rows=last_rows)
    return {
        "by_instrument": breakdown(f, "instrument", lang, grain=arrays, exports=ex_total),
        "product": breakdown(f, level, lang, instrument, grain=arrays, exports=ex_level),
        "geo": breakdown(f, geo, lang, instrument, grain=arrays, exports=ex_geo),
        "total": total, "monthly": months, "falling": falling,
        "kpis": kpis(f, total=total, falling=falling, instrument=instrument,
                     contrib=contrib),
        "enterprises": (supported_enterprises(
            f, lang, instrument, grain=grain,
            exports=pd.DataFrame({"key": contrib["key"],  # every product, by enterprise
                                  "exports": contrib["value"].astype(float),
                                  "exports_ly": contrib["value_ly"].astype(float)}))
                        if with_enterprises else None)}


def no_filter_applies(f: ExportFilter) -> list[str]:
    """Names of the filter fields that are set but do not apply to support."""
    return [name for name in ("chapters", "headings", "subjects") if getattr(f, name)]


__all__ = ["GEO_LEVELS", "LEVELS", "PRODUCT_LEVELS", "breakdown", "falling_without_support",
           "instrument_ids", "instruments", "kpis", "monthly", "no_filter_applies",
           "last_instruments", "page_view", "support_grain", "support_seen",
           "supported_enterprises", "without_products"]

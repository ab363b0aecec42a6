"""Every check an import makes, and the rows it will write.

``validate(table, lookups, report)`` types each cell (``values.py``), resolves codes
(``lookups.py``), checks each row and the file's keys, and returns a ``Prepared`` load
— or None, with every problem in ``report``. A file with any problem loads nothing.

Checks: required columns and values; numbers, months, years, flags and ids that can
be read (numbers in the file's one decimal convention, thousands separators only
between groups of three); every number within its plausible range (``ranges.py``);
months not in the future; no negative amounts; overdue not above total; age
buckets (and cause columns, when given) adding up to overdue; known codes (unknown
enterprises and subjects only come in through their own files); no key twice in the
file; no formulas, nor text starting with = + - @, in any cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from queries.schema import RECEIVABLE_CAUSES, SUBJECT_KINDS

from .kinds import KINDS
from .lookups import AMBIGUOUS, Lookups
from .ranges import range_of
from .readers import RawTable
from .report import Report
from .topics import TOPIC_KINDS
from .values import (
    decimal_convention,
    formula_mask,
    heading_of,
    name_key,
    parse_day,
    parse_flag,
    parse_int,
    parse_month,
    parse_number,
)

TEXT_TYPES = {"text", "enterprise", "concern", "oblast", "region", "subject",
              "subject_kind", "cause", "unp", "heading", "day",
              *(t for tk in TOPIC_KINDS.values() for t in tk.text_types)}
TEXT_LIMITS = {"name_ru": 300, "name_en": 300, "name": 300, "city": 100,
               "short_name_ru": 80, "short_name_en": 80, "short_name_de": 80}
MONEY_TOLERANCE = 0.01  # cents: the schema's own tolerance for the sums


@dataclass
class Prepared:
    """A checked file, ready to load."""

    kind: str
    file: str
    sha256: str
    rows: int
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # table → rows
    months: list[date] = field(default_factory=list)      # replaced months …
    enterprise_ids: list[int] = field(default_factory=list)  # … of these enterprises
    years: list[int] = field(default_factory=list)        # targets: replaced years
    period_from: date | None = None
    period_to: date | None = None
    rows_of: np.ndarray = field(default_factory=lambda: np.array([], int))  # sheet rows

    def describe(self) -> str:
        what = f"{self.rows:,} rows of {KINDS[self.kind].title.lower()}"
        if self.period_from:
            span = (self.period_from.strftime("%Y-%m") if self.period_from == self.period_to
                    else f"{self.period_from:%Y-%m} to {self.period_to:%Y-%m}")
            what += f", {span}"
            if self.enterprise_ids:
                what += f", {len(self.enterprise_ids):,} enterprise(s)"
        return what


class _Check:
    """The cells of one file, and the problems found in them."""

    def __init__(self, table: RawTable, report: Report) -> None:
        self.t, self.r, self.file = table, report, table.file
        self.n = len(table.data)
        self.rows = table.rows
        self.blocked = {}  # column → cells already reported (no second reason for them)
        kind = KINDS[table.kind]
        self.kind = kind
        for col in kind.columns:
            if col.name in table.data.columns:
                s = table.data[col.name]
                bad = formula_mask(s, col.type in TEXT_TYPES).to_numpy(dtype=bool)
                self.flag(bad, "formula", col.name)
                self.blocked[col.name] = bad
        # one decimal convention for the whole file, told by the cells that only one
        # convention can read (cells that were numbers in a workbook say nothing)
        typed = []
        for col in kind.columns:
            if col.type in ("number", "percent") and col.name in table.data.columns:
                s = table.data[col.name]
                native = table.native.get(col.name)
                typed.append(s if native is None else s[~native])
        self.convention = decimal_convention(pd.concat(typed)) if typed else None

    def text(self, name: str) -> pd.Series:
        if name in self.t.data.columns:
            s = self.t.data[name]
            return s.where(~self.blocked[name], "")
        return pd.Series([""] * self.n, dtype=object)

    def flag(self, mask, code: str, column: str, values=None, **params) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if values is None:  # an optional column the file does not have: its cells are empty
            values = (self.t.data[column] if column in self.t.data.columns
                      else [""] * self.n)
        vals = values
        vals = np.asarray(vals, dtype=object)[mask] if len(vals) else [""] * int(mask.sum())
        self.r.add_rows(self.file, code, column, vals, self.rows[mask], **params)
        if column in self.blocked:
            self.blocked[column] = self.blocked[column] | mask

    def required(self, name: str) -> pd.Series:
        s = self.text(name)
        if name in self.t.data.columns:
            raw = self.t.data[name]
            self.flag((raw == "").to_numpy(), "value_missing", name)
        return s

    def number(self, name: str, required: bool = True, negative_ok: bool = False):
        s = self.required(name) if required else self.text(name)
        values, bad = parse_number(s, self.convention, self.t.native.get(name))
        self.flag(bad.to_numpy(), "not_a_number", name)
        if not negative_ok:
            self.flag((values < 0).to_numpy(), "negative", name)
        limits = range_of(self.kind.name, name)
        if limits:
            lo, hi = limits
            outside = values > hi  # below: the negative and growth checks say why
            unit = next((c.unit for c in self.kind.columns if c.name == name), "")
            self.flag(outside.to_numpy(), "out_of_range", name, low=f"{lo:,.0f}",
                      high=f"{hi:,.0f}", unit={"USD": " USD", "%": " %"}.get(unit, ""))
            values = values.where(~outside)
        return values

    def month(self, name: str = "month", lookups: Lookups | None = None):
        s = self.required(name)
        values, bad = parse_month(s)
        self.flag(bad.to_numpy(), "not_a_month", name)
        if lookups is not None:
            latest = pd.Timestamp(lookups.latest_month)
            self.flag((values > latest).to_numpy(), "future_month", name,
                      latest=lookups.latest_month.strftime("%Y-%m"))
        return values

    def day(self, name: str, required: bool = True, lookups: Lookups | None = None):
        """A calendar date column (type "day"); with ``lookups``, not after today."""
        s = self.required(name) if required else self.text(name)
        values, bad = parse_day(s)
        self.flag(bad.to_numpy(), "not_a_day", name)
        if lookups is not None:
            self.flag((values > pd.Timestamp(lookups.today)).to_numpy(), "future_day",
                      name, today=lookups.today.strftime("%Y-%m-%d"))
        return values

    def choice(self, name: str, allowed: tuple[str, ...], required: bool = True):
        """One of a fixed list of codes (case ignored), e.g. a contract stage."""
        index = {a.lower(): a for a in allowed}
        return self.code(name, lambda t: index.get(t.strip().lower()), "not_allowed",
                         required=required, allowed=", ".join(allowed))

    def code(self, name: str, resolve, unknown: str, ambiguous: str | None = None,
             required: bool = True, **params):
        s = self.required(name) if required else self.text(name)
        mapping = {u: resolve(u) for u in s.unique() if u != ""}
        ambiguous_values = {u for u, v in mapping.items() if v is AMBIGUOUS}
        ids = s.map(mapping)
        amb = s.isin(ambiguous_values)
        unknown_mask = (s != "") & ids.isna()
        self.flag(unknown_mask.to_numpy(), unknown, name, **params)
        if ambiguous:
            self.flag(amb.to_numpy(), ambiguous, name)
        return ids.where(~amb & ids.notna(), None)

    def duplicates(self, keys: pd.DataFrame, label: str, shown: pd.Series) -> None:
        """Rows whose resolved key (all of ``keys`` filled) repeats an earlier row's."""
        full = keys.notna().all(axis=1).to_numpy()
        if not full.any():
            return
        sub = keys[full]
        dup = sub.duplicated(keep="first").to_numpy()
        if not dup.any():
            return
        rows_full = self.rows[full]
        first_row = pd.Series(rows_full, index=sub.index).groupby(
            [sub[c] for c in sub.columns]).transform("first").to_numpy()
        mask = np.zeros(self.n, bool)
        mask[np.nonzero(full)[0][dup]] = True
        firsts = first_row[dup]
        values = shown().to_numpy(dtype=object)[mask]
        for first in np.unique(firsts):
            pick = firsts == first
            self.r.add_rows(self.file, "duplicate_key", "", values[pick],
                            self.rows[mask][pick], what=label, first=int(first))

    def text_field(self, name: str, required: bool = True) -> pd.Series:
        s = self.required(name) if required else self.text(name)
        limit = TEXT_LIMITS.get(name)
        if limit:
            self.flag((s.str.len() > limit).to_numpy(), "text_too_long", name, max=limit)
        return s


def _heading_resolver(lk: Lookups):
    def resolve(text: str):
        code = heading_of(text)
        if code == "?":
            return AMBIGUOUS
        return code if code in lk.headings else None
    return resolve


def _code_resolver(index: dict):
    return lambda text: index.get(name_key(text))


def _months_period(p: Prepared, months: pd.Series) -> None:
    ms = sorted({pd.Timestamp(m).date() for m in months.dropna().unique()})
    p.months = ms
    p.period_from, p.period_to = (ms[0], ms[-1]) if ms else (None, None)


def _key_text(data: pd.DataFrame, cols: list[str]):
    """The key as the file wrote it, built only when a duplicate is reported."""
    def shown() -> pd.Series:
        out = data[cols[0]].astype(str)
        for col in cols[1:]:
            out = out + " / " + data[col].astype(str)
        return out
    return shown


def _exports_like(c: _Check, lk: Lookups, table_name: str, kind: str) -> dict:
    month = c.month("month", lk)
    ent = c.code("enterprise", lk.enterprise_id, "unknown_enterprise", "ambiguous_enterprise")
    head = c.code("hs_heading", _heading_resolver(lk), "unknown_heading", "ambiguous_heading")
    cols = {"month": month, "enterprise_id": ent, "heading_id": head}
    if kind == "exports":
        cols["region_id"] = c.code("region", _code_resolver(lk.regions), "unknown_region")
    else:
        cols["subject_id"] = c.code("subject", lk.subject_id, "unknown_subject",
                                    "ambiguous_subject")
    cols["value_usd"] = c.number("value_usd").round(2)
    cols["quantity"] = c.number("quantity")
    keys = [k for k in ("month", "subject_id", "enterprise_id", "heading_id", "region_id")
            if k in cols]
    shown_cols = [x for x in ("month", "subject", "enterprise", "hs_heading", "region")
                  if x in c.t.data.columns]
    c.duplicates(pd.DataFrame({k: cols[k] for k in keys}),
                 "month, enterprise, heading and " + ("region" if kind == "exports"
                                                      else "subject"),
                 _key_text(c.t.data, shown_cols))
    return cols


def _finish(c: _Check, p: Prepared, table_name: str, cols: dict) -> pd.DataFrame:
    frame = pd.DataFrame(cols)
    if "enterprise_id" in frame:
        frame["enterprise_id"] = frame["enterprise_id"].astype("Int64")
    p.frames[table_name] = frame
    return frame


def validate(table: RawTable, lk: Lookups, report: Report) -> Prepared | None:
    before = report.total
    c = _Check(table, report)
    p = Prepared(table.kind, table.file, table.sha256, c.n, rows_of=c.rows)
    {"exports": _exports, "stock": _stock, "receivables": _receivables,
     "targets": _targets, "enterprises": _enterprises, "subjects": _subjects,
     **{name: tk.validate for name, tk in TOPIC_KINDS.items()},
     }[table.kind](c, lk, p)
    if report.total > before or c.n == 0:
        return None
    return p


def _exports(c: _Check, lk: Lookups, p: Prepared) -> None:
    frame = _finish(c, p, "exports", _exports_like(c, lk, "exports", "exports"))
    _months_period(p, frame["month"])
    p.enterprise_ids = sorted({int(e) for e in frame["enterprise_id"].dropna()})


def _stock(c: _Check, lk: Lookups, p: Prepared) -> None:
    cols = _exports_like(c, lk, "stock", "stock")
    frame = _finish(c, p, "stock", cols)
    _months_period(p, frame["month"])
    p.enterprise_ids = sorted({int(e) for e in frame["enterprise_id"].dropna()})


BUCKETS = ("overdue_upto_30_usd", "overdue_31_90_usd", "overdue_91_180_usd",
           "overdue_over_180_usd")


def _receivables(c: _Check, lk: Lookups, p: Prepared) -> None:
    month = c.month("month", lk)
    ent = c.code("enterprise", lk.enterprise_id, "unknown_enterprise", "ambiguous_enterprise")
    region = c.code("region", _code_resolver(lk.regions), "unknown_region")
    total = c.number("total_usd").round(2)
    overdue = c.number("overdue_usd").round(2)
    buckets = {b: c.number(b).round(2) for b in BUCKETS}
    above = (overdue > total + 0.005).to_numpy()
    if above.any():
        for i in np.nonzero(above)[0]:
            c.r.add(c.file, "overdue_above_total", column="overdue_usd",
                    value=c.t.data["overdue_usd"].iloc[i], rows=[int(c.rows[i])],
                    overdue=f"{overdue.iloc[i]:,.2f}", total=f"{total.iloc[i]:,.2f}")
    bucket_sum = sum(buckets.values())
    off = ((bucket_sum - overdue).abs() >= MONEY_TOLERANCE).to_numpy() & \
        bucket_sum.notna().to_numpy() & overdue.notna().to_numpy()
    for i in np.nonzero(off)[0]:
        c.r.add(c.file, "buckets_mismatch", column="overdue_usd",
                value=c.t.data["overdue_usd"].iloc[i], rows=[int(c.rows[i])],
                buckets=f"{bucket_sum.iloc[i]:,.2f}", overdue=f"{overdue.iloc[i]:,.2f}")
    cause_cols = [f"cause_{x}_usd" for x in RECEIVABLE_CAUSES]
    causes = pd.DataFrame({x: c.number(col, required=False).round(2)
                           for x, col in zip(RECEIVABLE_CAUSES, cause_cols)})
    given = causes.notna().any(axis=1)
    cause_sum = causes.fillna(0).sum(axis=1)
    off = (given & ((cause_sum - overdue).abs() >= MONEY_TOLERANCE)).to_numpy()
    for i in np.nonzero(off)[0]:
        c.r.add(c.file, "causes_mismatch", column="overdue_usd",
                value=c.t.data["overdue_usd"].iloc[i], rows=[int(c.rows[i])],
                causes=f"{cause_sum.iloc[i]:,.2f}", overdue=f"{overdue.iloc[i]:,.2f}")
    allowed = {x.lower(): x for x in RECEIVABLE_CAUSES}
    main = c.code("main_cause", lambda t: allowed.get(t.lower()), "unknown_cause",
                  required=False, allowed=", ".join(RECEIVABLE_CAUSES))
    largest = causes.fillna(0).to_numpy().argmax(axis=1) if c.n else np.array([], int)
    derived = pd.Series(np.array(RECEIVABLE_CAUSES, dtype=object)[largest]
                        if c.n else [], dtype=object)
    derived = derived.where(given & (overdue > 0), None)
    main = main.where(main.notna(), derived)
    cols = {"month": month, "enterprise_id": ent, "region_id": region, "total_usd": total,
            "overdue_usd": overdue, **buckets, "main_cause": main}
    c.duplicates(pd.DataFrame({"month": month, "enterprise_id": ent, "region_id": region}),
                 "month, enterprise and region",
                 _key_text(c.t.data, ["month", "enterprise", "region"]))
    frame = _finish(c, p, "receivable", cols)
    long = causes.assign(month=month, enterprise_id=frame["enterprise_id"],
                         region_id=region).melt(
        id_vars=["month", "enterprise_id", "region_id"], var_name="cause",
        value_name="overdue_usd")
    if any(col in c.t.data.columns for col in cause_cols):
        # only a file that carries causes replaces them: one without cause columns says
        # nothing about them, and deleting the stored ones would lose data
        p.frames["receivable_cause"] = long[long["overdue_usd"] > 0].reset_index(drop=True)
    _months_period(p, frame["month"])
    p.enterprise_ids = sorted({int(e) for e in frame["enterprise_id"].dropna()})


def _targets(c: _Check, lk: Lookups, p: Prepared) -> None:
    last = lk.today.year + 1  # next year's targets are set before it starts
    s = c.required("year")
    year, bad = parse_int(s, 2000, last)
    c.flag(bad.to_numpy(), "not_a_year", "year", first=2000, last=last)
    concern = c.code("concern", _code_resolver(lk.concerns), "unknown_concern",
                     required=False)
    oblast = c.code("oblast", _code_resolver(lk.oblasts), "unknown_oblast", required=False)
    has_c, has_o = c.text("concern") != "", c.text("oblast") != ""
    c.flag((has_c == has_o).to_numpy(), "concern_or_oblast", "concern",
           values=c.text("concern") + c.text("oblast"))
    value = c.number("target_usd").round(2)
    growth = c.number("growth_pct", negative_ok=True)
    c.flag((growth <= -100).to_numpy(), "growth_too_low", "growth_pct")
    shown = _key_text(c.t.data, [x for x in ("year", "concern", "oblast")
                                 if x in c.t.data.columns])
    c.duplicates(pd.DataFrame({"year": year, "concern": concern, "oblast": oblast.where(
        concern.isna(), "-")}).assign(concern=lambda d: d["concern"].fillna("-")),
        "year and concern or oblast", shown)
    base = pd.DataFrame({"year": year, "growth_pct": growth, "value_usd": value})
    p.frames["target_concern"] = base.assign(concern_id=concern)[concern.notna()][
        ["year", "concern_id", "growth_pct", "value_usd"]].reset_index(drop=True)
    p.frames["target_oblast"] = base.assign(oblast_id=oblast)[oblast.notna()][
        ["year", "oblast_id", "growth_pct", "value_usd"]].reset_index(drop=True)
    p.years = sorted({int(y) for y in year.dropna()})
    if p.years:
        p.period_from, p.period_to = date(p.years[0], 1, 1), date(p.years[-1], 12, 1)


def _assign_ids(c: _Check, given: pd.Series, existing_id: pd.Series, taken: dict,
                id_col: str, label_of) -> pd.Series:
    """Ids for an upsert: an existing entry keeps its id; a new one takes the id the file
    gives (if free) or the next free one after every id in use or in the file."""
    ids = existing_id.copy()
    mismatch = given.notna() & existing_id.notna() & (given != existing_id)
    for i in np.nonzero(mismatch.to_numpy())[0]:
        c.r.add(c.file, "id_mismatch", column=id_col, value=str(given.iloc[i]),
                rows=[int(c.rows[i])], id=int(existing_id.iloc[i]),
                other=label_of(int(existing_id.iloc[i])))
    new = existing_id.isna()
    for i in np.nonzero((new & given.notna()).to_numpy())[0]:
        gid = int(given.iloc[i])
        if gid in taken:
            c.r.add(c.file, "id_taken", column=id_col, value=str(gid), rows=[int(c.rows[i])],
                    id=gid, other=taken[gid])
    ids = ids.where(~(new & given.notna()), given)
    next_id = max([0, *taken, *[int(x) for x in given.dropna()]]) + 1
    for i in np.nonzero((new & given.isna()).to_numpy())[0]:
        ids.iloc[i] = next_id
        next_id += 1
    return ids.astype("Int64")


def _enterprises(c: _Check, lk: Lookups, p: Prepared) -> None:
    given, bad = parse_int(c.text("enterprise_id"))
    c.flag(bad.to_numpy(), "not_an_id", "enterprise_id")
    unp = c.required("unp")
    c.flag(((unp != "") & ~unp.str.fullmatch(r"\d{9}")).to_numpy(), "bad_unp", "unp")
    name_ru, name_en = c.text_field("name_ru"), c.text_field("name_en")
    concern = c.code("concern", _code_resolver(lk.concerns), "unknown_concern")
    oblast = c.code("oblast", _code_resolver(lk.oblasts), "unknown_oblast")
    city = c.text_field("city")
    industrial, bad = parse_flag(c.required("is_industrial"))
    c.flag(bad.to_numpy(), "bad_flag", "is_industrial")
    major, bad = parse_flag(c.text("is_major"))
    c.flag(bad.to_numpy(), "bad_flag", "is_major")
    c.duplicates(pd.DataFrame({"unp": unp.where(unp != "", None)}), "УНП", lambda: unp)
    c.duplicates(pd.DataFrame({"id": given}), "enterprise_id",
                 lambda: c.text("enterprise_id"))
    existing = unp.map(lk.ent_by_unp).astype("Int64")
    names = dict(zip(lk.enterprises["enterprise_id"].astype(int), lk.enterprises["name_en"]))
    ids = _assign_ids(c, given, existing, names, "enterprise_id",
                      lambda i: names.get(i, str(i)))
    frame = pd.DataFrame({
        "enterprise_id": ids, "unp": unp, "name_en": name_en, "name_ru": name_ru,
        **_short_names(c, lk, existing),
        "concern_id": concern, "oblast_id": oblast, "city": city,
        "is_industrial": industrial, "is_major": major.fillna(False).astype(bool)})
    p.frames["enterprise"] = frame
    p.enterprise_ids = sorted(int(i) for i in ids.dropna())


def _short_names(c: _Check, lk: Lookups, existing: pd.Series) -> dict[str, pd.Series]:
    """The optional short display names: as the file gives them (an empty cell: none);
    a file without the column keeps the existing enterprises' ones."""
    out = {}
    for col in ("short_name_ru", "short_name_en", "short_name_de"):
        if col in c.t.data.columns:
            given = c.text_field(col, required=False).tolist()
        else:
            old = (dict(zip(lk.enterprises["enterprise_id"].astype(int), lk.enterprises[col]))
                   if col in lk.enterprises.columns else {})
            given = [None if pd.isna(i) else old.get(int(i)) for i in existing]
        # plain None for "none" (pandas would turn it into NaN, stored as 'nan')
        out[col] = pd.Series([v if isinstance(v, str) and v else None for v in given],
                             index=existing.index, dtype=object)
    return out


def _subjects(c: _Check, lk: Lookups, p: Prepared) -> None:
    given, bad = parse_int(c.text("subject_id"))
    c.flag(bad.to_numpy(), "not_an_id", "subject_id")
    name = c.text_field("name")
    kinds = {k.lower(): k for k in SUBJECT_KINDS}
    kind = c.code("kind", lambda t: kinds.get(t.lower().replace(" ", "_")), "unknown_kind",
                  allowed=", ".join(SUBJECT_KINDS))
    region = c.code("region", _code_resolver(lk.regions), "unknown_region")
    concern = c.code("concern", _code_resolver(lk.concerns), "unknown_concern")
    keys = name.map(name_key)
    c.duplicates(pd.DataFrame({"name": keys.where(name != "", None)}), "name", lambda: name)
    c.duplicates(pd.DataFrame({"id": given}), "subject_id", lambda: c.text("subject_id"))
    by_name = {k: v for k, v in lk.subj_by_name.items() if v is not AMBIGUOUS}
    existing = keys.map(by_name).astype("Int64")
    names = dict(zip(lk.subjects["subject_id"].astype(int), lk.subjects["name"]))
    ids = _assign_ids(c, given, existing, names, "subject_id", lambda i: names.get(i, str(i)))
    frame = pd.DataFrame({
        "subject_id": ids, "name": name, "kind": kind, "region_id": region,
        "concern_id": concern})
    # a centre's brands and opening dates: as the file gives them (an empty cell: none);
    # a file without the column keeps the stored values (new subjects: none)
    given = {}
    if "brands" in c.t.data.columns:
        brands = c.text_field("brands", required=False)
        c.flag((brands.str.len() > 300).to_numpy(), "text_too_long", "brands", max=300)
        given["brands"] = brands.map(_brand_list)
    if "planned_opening" in c.t.data.columns:
        given["planned_opening"] = c.day("planned_opening", required=False)
    if "opened_on" in c.t.data.columns:
        given["opened_on"] = c.day("opened_on", required=False, lookups=lk)
    filled = pd.Series(False, index=frame.index)
    for values in given.values():
        filled |= values.notna() & (values != "")
    other_kind = filled & kind.notna() & (kind != "multibrand_center")
    c.flag(other_kind.to_numpy(), "centre_fields_not_centre", "kind")
    for col in ("brands", "planned_opening", "opened_on"):
        if col in given:
            frame[col] = [None if pd.isna(v) or v == "" else
                          (v if col == "brands" else pd.Timestamp(v).date())
                          for v in given[col]]
            continue
        old = (dict(zip(lk.subjects["subject_id"].astype(int), lk.subjects[col]))
               if col in lk.subjects.columns else {})
        frame[col] = [None if pd.isna(i) or pd.isna(old.get(int(i))) else old.get(int(i))
                      for i in ids]
    p.frames["dist_subject"] = frame


def _brand_list(text: str) -> str:
    """Brands as one comma-separated list: "MTZ;  MAZ" and "MTZ, MAZ" are the same."""
    parts = [b.strip() for b in str(text).replace(";", ",").split(",")]
    return ", ".join(b for b in parts if b)

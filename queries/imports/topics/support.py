"""Import kinds of the support subject (issue 14). See ``topics/__init__.py``.

``export_support``: per month, enterprise, instrument and Russian region, the support
received and the exports it backed. A file replaces the months × enterprises it covers
(every instrument and region of them), like an exports file.

Decision: backed exports are not compared with the enterprise's stored exports. An
import has no warnings but the unit check, and a plain check would refuse correct
files: support is reported by the bodies, exports by customs, in different months
(a credit backs a delivery shipped later) and sometimes before the exports file of the
month is loaded. The checks are: known enterprise, instrument and region; a month not in
the future; both amounts numbers ≥ 0 and at most 10 bn USD a row; each key once.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import select

from queries import schema

from ..columns import ENTERPRISE, MONTH, REGION, Col, Kind, TopicKind, money

MAX_USD = 10_000_000_000  # one row: one enterprise's support in one region and month

KIND = Kind(
    "export_support", "Export support",
    "Support an enterprise received through an export-support instrument, per month "
    "and Russian region, and the exports it backed. A file replaces the months × "
    "enterprises it covers (all their instruments and regions).",
    (MONTH, ENTERPRISE,
     Col("instrument", "instrument", True, "Export-support instrument", "export_credit",
         aliases=("инструмент", "instrument_id", "вид_поддержки")),
     REGION,
     money("support_usd", "Amount of support: credit granted, insurance cover, interest "
           "refunded, leasing financed, participation co-financed", "1200000",
           aliases=("поддержка", "сумма_поддержки")),
     money("backed_exports_usd", "Exports the support backed (financed, insured, signed)",
           "1500000", aliases=("обеспеченный_экспорт", "backed_exports"))))


def read_lookups(conn: sa.Connection) -> dict:
    """name_key(id, names in ru/en/de) → instrument_id."""
    from ..lookups import _index
    from ..values import name_key

    si = schema.support_instrument.c
    rows = conn.execute(select(si.instrument_id, si.name_ru, si.name_en, si.name_de)).all()
    return _index([(name_key(v), r[0]) for r in rows for v in r])


def validate(c, lk, p) -> None:
    from ..validate import _code_resolver, _finish, _key_text, _months_period

    instruments = lk.topics.get("export_support", {})
    month = c.month("month", lk)
    ent = c.code("enterprise", lk.enterprise_id, "unknown_enterprise", "ambiguous_enterprise")
    inst = c.code("instrument", _code_resolver(instruments), "unknown_instrument",
                  allowed=", ".join(sorted({v for v in instruments.values()
                                            if isinstance(v, str)})))
    region = c.code("region", _code_resolver(lk.regions), "unknown_region")
    # negative amounts and amounts above MAX_USD are refused by c.number (ranges below)
    amounts = {name: c.number(name).round(2) for name in ("support_usd", "backed_exports_usd")}
    c.duplicates(pd.DataFrame({"month": month, "enterprise_id": ent, "instrument_id": inst,
                               "region_id": region}),
                 "month, enterprise, instrument and region",
                 _key_text(c.t.data, ["month", "enterprise", "instrument", "region"]))
    frame = _finish(c, p, "export_support", {
        "month": month, "enterprise_id": ent, "instrument_id": inst, "region_id": region,
        **amounts})
    _months_period(p, frame["month"])
    p.enterprise_ids = sorted({int(e) for e in frame["enterprise_id"].dropna()})


def write(conn, backend, p):
    from ..load import _replace_period

    return _replace_period(conn, backend, schema.export_support, p,
                           p.frames["export_support"])


def dump(conn, months) -> pd.DataFrame:
    e, s = schema.enterprise, schema.export_support
    unp = dict(conn.execute(select(e.c.enterprise_id, e.c.unp)).all())
    stmt = select(s)
    if months is not None:
        stmt = stmt.where(s.c.month.between(*months))
    result = conn.execute(stmt)
    df = pd.DataFrame(result.all(), columns=list(result.keys()))
    return pd.DataFrame({
        "month": pd.to_datetime(df["month"]).dt.strftime("%Y-%m"),
        "enterprise": df["enterprise_id"].map(unp), "instrument": df["instrument_id"],
        "region": df["region_id"], "support_usd": df["support_usd"],
        "backed_exports_usd": df["backed_exports_usd"]})


KINDS = (TopicKind(
    KIND, validate, write, dump, read_lookups=read_lookups,
    types={"instrument": "export-support instrument: its code (export_credit) or its "
                         "name (Russian, English or German)"},
    codes={"instrument": "data/refdata/support_instruments.csv: export_credit, "
                         "buyer_credit, insurance, rate_compensation, leasing, exhibitions"},
    text_types=frozenset({"instrument"}),
    ranges={"support_usd": (0, MAX_USD), "backed_exports_usd": (0, MAX_USD)},
    reasons={"unknown_instrument": ("This is not a known export-support instrument; "
                                    "allowed: {allowed}.")}),
)

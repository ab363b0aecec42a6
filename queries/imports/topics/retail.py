"""Import kinds of the retail subject (issue 14): direct contracts with Russian federal
retail chains. See ``topics/__init__.py``.

- ``retail_contracts``: one row per stage change — contract number, chain, enterprise,
  product group, stage, the date of the change, the expected annual value. A file
  replaces the whole history of every contract it names (its other contracts stay as
  they are); the contract's current stage is its latest change, its expected annual
  value the one written on that latest change (an expectation is revised as talks go
  on). Every row of one contract names the same chain, enterprise and product group.
  Checks: known chain and enterprise, a stage from the fixed list, a date not in the
  future, no two changes of one contract on one day, no change repeating the stage
  before it, nothing after "ended".
- ``retail_deliveries``: month, contract, value — deliveries through the chain in the
  month. A file replaces the months × contracts it covers (each contract's deliveries
  in each month of the file). Checks: a month not in the future, a contract that
  exists in the database or in a contracts file of the same import, one row per month
  and contract.

The contract number is the working group's own whole number for a contract (the
chains' and enterprises' contract numbers differ in form from chain to chain).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import select

from queries import schema as s
from queries.schema import RETAIL_STAGES

from ..columns import ENTERPRISE, MONTH, Col, Kind, TopicKind, money
from ..values import name_key

CONTRACTS, DELIVERIES = "retail_contracts", "retail_deliveries"
PRODUCT_GROUP_MAX = 200  # retail_contract.product_group
# plausible ranges (impossible beyond): one supplier's direct contract with one chain —
# all Belarusian exports to Russia are about 25 bn USD a year
EXPECTED_MAX_USD = 1_000_000_000   # a year
DELIVERY_MAX_USD = 200_000_000     # a month

CONTRACT_KIND = Kind(
    CONTRACTS, "Retail chain contracts",
    "Direct contracts with Russian federal retail chains, one row per change of stage. "
    "Loading replaces the whole stage history of every contract in the file; the "
    "contract's current stage is its latest change.",
    (Col("contract", "contract", True, "Contract number (the working group's own whole "
         "number; a new number adds a contract)", "1",
         aliases=("contract_id", "контракт", "номер_контракта", "договор")),
     Col("chain", "chain", True, "Russian federal retail chain", "detsky_mir",
         aliases=("chain_id", "сеть", "торговая_сеть")),
     Col("enterprise", ENTERPRISE.type, True, "Supplying enterprise", "628948979",
         aliases=ENTERPRISE.aliases),
     Col("product_group", "text", True, "Product group as reported (the dashboard names "
         "the standard ones in every language: knitwear, clothing, footwear, "
         "leather_goods, home_textiles, confectionery, sugar, beverages, fish, meat, "
         "dairy, groceries, appliances)", "knitwear",
         aliases=("товарная_группа", "группа_товаров", "product")),
     Col("stage", "stage", True, "Stage the contract moved to on that day", "draft_sent",
         aliases=("стадия", "этап", "status")),
     Col("changed_on", "day", True, "Date of the change (not in the future; one change "
         "per contract and day)", "2025-10-15",
         aliases=("date", "дата", "дата_изменения")),
     money("expected_annual_usd", "Expected annual value of deliveries through the "
           "chain (the one on the latest change counts)", "1500000",
           ("expected_usd", "ожидаемый_объем", "объем_в_год"))))

DELIVERY_KIND = Kind(
    DELIVERIES, "Retail chain deliveries",
    "Monthly deliveries through a retail chain under a direct contract. Loading "
    "replaces, for the months in the file, the deliveries of the contracts in the file.",
    (MONTH,
     Col("contract", "contract", True, "Contract number (a contract in the database or "
         "in a contracts file of the same import)", "1",
         aliases=CONTRACT_KIND.column("contract").aliases),
     money("value_usd", "Deliveries through the chain in the month", "120000",
           ("value", "поставки", "стоимость"))))

TYPES = {
    "contract": "contract number: a whole number (1, 2, …)",
    "chain": "retail chain: its code (x5, magnit, …) or its exact name (Russian or English)",
    "stage": "one of: " + ", ".join(RETAIL_STAGES),
}
CODES = {
    "contract": "the working group's contract numbers (a contracts file gives new ones)",
    "chain": "data/refdata/ru_retail_chains.csv (codes such as x5, magnit, lenta)",
    "stage": ", ".join(RETAIL_STAGES),
}
REASONS = {
    "unknown_chain": ("No retail chain has this code or name (see "
                      "data/refdata/ru_retail_chains.csv)."),
    "unknown_contract": ("No contract has this number, in the database or in a contracts "
                         "file of the same import."),
    "contract_mismatch": ("Contract {contract} names another {what} on row {first}: every "
                          "row of a contract names the same chain, enterprise and product "
                          "group."),
    "stage_repeated": ("Contract {contract} is already in stage {stage} since the change "
                       "before (row {first}): a row is a change of stage."),
    "after_ended": ("Contract {contract} ended on {ended} (row {first}): no change can "
                    "follow an end."),
}


# -- lookups --------------------------------------------------------------------------------
def _read_contract_lookups(conn: sa.Connection) -> dict:
    c = s.retail_chain.c
    index = {}
    for chain_id, name_ru, name_en in conn.execute(select(c.chain_id, c.name_ru, c.name_en)):
        for text in (chain_id, name_ru, name_en):
            index.setdefault(name_key(text), chain_id)
    return {"chains": index, "contracts": _contract_ids(conn)}


def _contract_ids(conn: sa.Connection) -> set[int]:
    return {int(r[0]) for r in conn.execute(select(s.retail_contract.c.contract_id))}


def _read_delivery_lookups(conn: sa.Connection) -> dict:
    return {"contracts": _contract_ids(conn)}


def _remember_contracts(lk, p) -> None:
    """A deliveries file of the same import may name the contracts this file adds."""
    ids = {int(i) for i in p.frames["retail_contract"]["contract_id"]}
    lk.topics.setdefault(DELIVERIES, {"contracts": set()})["contracts"] |= ids


# -- checks ---------------------------------------------------------------------------------
def _contract_numbers(c):
    from ..values import parse_int

    s_ = c.required("contract")
    ids, bad = parse_int(s_)
    c.flag(bad.to_numpy(), "not_an_id", "contract")
    return ids


def _validate_contracts(c, lk, p) -> None:
    from ..validate import _key_text

    look = lk.topics.get(CONTRACTS) or {"chains": {}, "contracts": set()}
    cid = _contract_numbers(c)
    chain = c.code("chain", lambda t: look["chains"].get(name_key(t)), "unknown_chain")
    ent = c.code("enterprise", lk.enterprise_id, "unknown_enterprise", "ambiguous_enterprise")
    group = c.text_field("product_group").str.strip()
    c.flag((group.str.len() > PRODUCT_GROUP_MAX).to_numpy(), "text_too_long",
           "product_group", max=PRODUCT_GROUP_MAX)
    stage = c.choice("stage", RETAIL_STAGES)
    day = c.day("changed_on", lookups=lk)
    value = c.number("expected_annual_usd").round(2)
    c.duplicates(pd.DataFrame({"contract": cid, "day": day}),
                 "contract and date of the change",
                 _key_text(c.t.data, ["contract", "changed_on"]))
    rows = pd.DataFrame({"contract_id": cid, "chain_id": chain, "enterprise_id": ent,
                         "product_group": group, "stage": stage, "changed_on": day,
                         "expected_annual_usd": value, "row": c.rows})
    _check_histories(c, rows)
    ok = rows.dropna(subset=["contract_id", "changed_on", "stage"])
    ok = ok.sort_values(["contract_id", "changed_on"], kind="stable")
    last = ok.groupby("contract_id", as_index=False).tail(1)
    p.frames["retail_contract"] = pd.DataFrame({
        "contract_id": last["contract_id"].astype("Int64"), "chain_id": last["chain_id"],
        "enterprise_id": last["enterprise_id"].astype("Int64"),
        "product_group": last["product_group"], "stage": last["stage"],
        "stage_since": last["changed_on"],
        "expected_annual_usd": last["expected_annual_usd"]}).reset_index(drop=True)
    p.frames["retail_contract_stage"] = ok[["contract_id", "changed_on", "stage"]].astype(
        {"contract_id": "Int64"}).reset_index(drop=True)
    p.enterprise_ids = sorted({int(e) for e in ent.dropna()})
    days = sorted(pd.Timestamp(d).date() for d in day.dropna().unique())
    if days:
        p.period_from = date(days[0].year, days[0].month, 1)
        p.period_to = date(days[-1].year, days[-1].month, 1)


def _check_histories(c, rows: pd.DataFrame) -> None:
    """Per contract: the same chain, enterprise and group on every row; each change a
    new stage; nothing after an end."""
    full = rows.dropna(subset=["contract_id"])
    for contract, grp in full.groupby("contract_id", sort=True):
        for what, col in (("chain", "chain_id"), ("enterprise", "enterprise_id"),
                          ("product group", "product_group")):
            known = grp[grp[col].notna()]
            if known.empty:
                continue
            other = known[known[col] != known.iloc[0][col]]
            column = col.replace("_id", "")
            for i, r in other.iterrows():
                c.r.add(c.file, "contract_mismatch", column=column,
                        value=c.t.data[column].iloc[i], rows=[int(r["row"])],
                        contract=int(contract),
                        what=what, first=int(known.iloc[0]["row"]))
        dated = grp.dropna(subset=["changed_on", "stage"]).sort_values(
            "changed_on", kind="stable")
        prev = None
        ended = None
        for _, r in dated.iterrows():
            if ended is not None:
                c.r.add(c.file, "after_ended", column="changed_on",
                        value=r["changed_on"].strftime("%Y-%m-%d"), rows=[int(r["row"])],
                        contract=int(contract), ended=ended[0], first=ended[1])
            elif prev is not None and prev["stage"] == r["stage"] \
                    and prev["changed_on"] != r["changed_on"]:
                c.r.add(c.file, "stage_repeated", column="stage", value=r["stage"],
                        rows=[int(r["row"])], contract=int(contract), stage=r["stage"],
                        first=int(prev["row"]))
            if r["stage"] == "ended" and ended is None:
                ended = (r["changed_on"].strftime("%Y-%m-%d"), int(r["row"]))
            prev = r


def _validate_deliveries(c, lk, p) -> None:
    from ..validate import _finish, _key_text, _months_period

    known = (lk.topics.get(DELIVERIES) or {}).get("contracts", set())
    month = c.month("month", lk)
    cid = _contract_numbers(c)
    unknown = cid.notna() & ~cid.isin(list(known))
    c.flag(unknown.to_numpy(dtype=bool), "unknown_contract", "contract")
    value = c.number("value_usd").round(2)
    c.duplicates(pd.DataFrame({"month": month, "contract": cid}), "month and contract",
                 _key_text(c.t.data, ["month", "contract"]))
    frame = _finish(c, p, "retail_delivery", {"month": month,
                                             "contract_id": cid.astype("Int64"),
                                             "value_usd": value})
    _months_period(p, frame["month"])


# -- writing ----------------------------------------------------------------------------------
def _write_contracts(conn, backend, p):
    from ..load import Written, _delete, _insert, _upsert

    contracts = p.frames["retail_contract"]
    history = p.frames["retail_contract_stage"]
    ids = [int(i) for i in contracts["contract_id"]]
    written, _changed = _upsert(conn, backend, s.retail_contract, "contract_id", contracts)
    replaced = _delete(conn, s.retail_contract_stage,
                       s.retail_contract_stage.c.contract_id.in_(ids))
    _insert(conn, backend, s.retail_contract_stage, history)
    return Written(len(history), replaced)


def _write_deliveries(conn, backend, p):
    from ..load import Written, _delete, _insert

    frame = p.frames["retail_delivery"]
    d = s.retail_delivery
    ids = sorted({int(i) for i in frame["contract_id"]})
    replaced = _delete(conn, d, d.c.month.in_(p.months), d.c.contract_id.in_(ids))
    _insert(conn, backend, d, frame)
    return Written(len(frame), replaced)


# -- the stored rows in the templates' columns --------------------------------------------------
def _frame(conn, stmt) -> pd.DataFrame:
    result = conn.execute(stmt)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _dump_contracts(conn, months=None) -> pd.DataFrame:
    """Whole histories: with ``months``, of the contracts with a change in them (a part
    of a history would replace the whole when loaded back)."""
    rc, st = s.retail_contract, s.retail_contract_stage
    hist = _frame(conn, select(st).order_by(st.c.contract_id, st.c.changed_on))
    if months is not None:
        lo, hi = months
        hi_end = date(hi.year + (hi.month == 12), hi.month % 12 + 1, 1)
        d = pd.to_datetime(hist["changed_on"]).dt.date
        keep = set(hist.loc[(d >= lo) & (d < hi_end), "contract_id"])
        hist = hist[hist["contract_id"].isin(keep)]
    con = _frame(conn, select(rc))
    unp = dict(conn.execute(select(s.enterprise.c.enterprise_id, s.enterprise.c.unp)).all())
    df = hist.merge(con.drop(columns=["stage"]), on="contract_id", how="left")
    return pd.DataFrame({
        "contract": df["contract_id"].astype(int), "chain": df["chain_id"],
        "enterprise": df["enterprise_id"].map(unp), "product_group": df["product_group"],
        "stage": df["stage"],
        "changed_on": pd.to_datetime(df["changed_on"]).dt.strftime("%Y-%m-%d"),
        "expected_annual_usd": df["expected_annual_usd"]}).reset_index(drop=True)


def _dump_deliveries(conn, months=None) -> pd.DataFrame:
    d = s.retail_delivery
    stmt = select(d)
    if months is not None:
        stmt = stmt.where(d.c.month.between(*months))
    df = _frame(conn, stmt)
    return pd.DataFrame({"month": pd.to_datetime(df["month"]).dt.strftime("%Y-%m"),
                         "contract": df["contract_id"].astype(int),
                         "value_usd": df["value_usd"]})


KINDS = (
    TopicKind(CONTRACT_KIND, _validate_contracts, _write_contracts, _dump_contracts,
              read_lookups=_read_contract_lookups, remember=_remember_contracts,
              types=TYPES, codes=CODES, text_types=frozenset({"chain", "stage"}),
              reasons=REASONS, ranges={"expected_annual_usd": (0, EXPECTED_MAX_USD)}),
    TopicKind(DELIVERY_KIND, _validate_deliveries, _write_deliveries, _dump_deliveries,
              read_lookups=_read_delivery_lookups,
              ranges={"value_usd": (0, DELIVERY_MAX_USD)}),
)

__all__ = ["CONTRACTS", "DELIVERIES", "KINDS"]

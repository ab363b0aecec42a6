"""Import kinds of the tenders subject (issue 14). See ``topics/__init__.py``.

- ``tenders``: Russian public procurements (notices in the EIS register, 44-FZ or
  223-FZ). Matched by ``notice_no`` and upserted: a known notice is corrected in place
  (its id and its bids stay), a new one gets the next free ``procurement_id``. Nothing
  is deleted by a tenders file. Checks: the notice number is digits only; the notice
  date is a date not after today; the deadline is a date not before the notice date;
  the initial (maximum) value is a number ≥ 0 (and below 2 bn USD); the region, the
  subject and the law are known codes; no notice twice in the file.
- ``tender_bids``: the enterprises' participation. A file replaces *all* the bids of
  the procurements it names (and nothing else): that is its period. A bid names its
  procurement by ``notice_no`` — one in the database or in a tenders file of the same
  import. Checks: known notice and enterprise; one row per notice × enterprise; the
  outcome is one of won, lost, pending, not_admitted, cancelled; a reason is required
  for lost and not_admitted and not allowed for the others; a won bid needs its value
  (the value won); a bid is ≥ 0 and not above the procurement's initial value. Several
  won bids per notice are allowed — a notice may have several lots and the register
  number is the notice's — but together they may not exceed the initial value.

Amounts are USD, converted by the data steward at the rate of the notice date (the
same rate for the initial value and the bids).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from queries.schema import TENDER_LAWS, TENDER_LOSS_REASONS, TENDER_OUTCOMES, TENDER_SUBJECTS

from ..columns import BELAZ_UNP, ENTERPRISE, REGION, Col, Kind, TopicKind, money

LOSING = ("lost", "not_admitted")
MAX_INITIAL_USD = 2e9
MONEY_TOLERANCE = 0.01
EXAMPLE_NOTICE = "32413000777"  # queries/demo/topics/tenders.py SHOWCASE (any seed)

NOTICE = Col("notice_no", "notice_no", True, "Register number of the notice in the EIS "
             "(zakupki.gov.ru)", EXAMPLE_NOTICE,
             aliases=("номер_извещения", "реестровый_номер", "извещение", "notice"))

TENDERS = Kind(
    "tenders", "Procurements",
    "Russian public procurements (44-FZ, 223-FZ) of machinery Belarusian enterprises "
    "make. Matched by notice_no: a known notice is corrected, a new one added; nothing "
    "is deleted. A procurement belongs to the month of its notice date.",
    (Col("notice_no", "notice_no", True, NOTICE.help, "0321300001126000150",
         aliases=NOTICE.aliases),
     Col("customer", "text", True, "Customer (as in the notice)",
         "МУП «Ставропольское троллейбусное предприятие»",
         aliases=("заказчик", "покупатель")),
     Col("region", "region", True, "Russian region of the customer", "RU-STA",
         aliases=REGION.aliases),
     Col("subject", "tender_subject", True, "What is bought", "trolleybuses",
         aliases=("предмет", "предмет_закупки")),
     Col("law", "tender_law", True, "Law the procurement is held under", "44-FZ",
         aliases=("закон", "фз")),
     Col("notice_date", "day", True, "Date of the notice (not in the future)", "2026-02-10",
         aliases=("дата_извещения", "дата_размещения")),
     Col("deadline", "day", True, "Deadline for bids (not before the notice date)",
         "2026-03-03", aliases=("срок_подачи", "окончание_подачи")),
     money("initial_usd", "Initial (maximum) contract value", "4950000",
           aliases=("нмцк", "начальная_цена"))))

BIDS = Kind(
    "tender_bids", "Tender participation",
    "The enterprises' bids in procurements. A file replaces all the bids of the "
    "procurements it names; a notice may come from a tenders file of the same import.",
    (NOTICE,
     Col(ENTERPRISE.name, ENTERPRISE.type, True, "Bidding enterprise", BELAZ_UNP,
         aliases=ENTERPRISE.aliases),
     Col("bid_usd", "number", False, "Value of the bid (required when won: the value won)",
         "7600000", unit="USD", aliases=("цена_заявки", "предложение")),
     Col("outcome", "tender_outcome", True, "Outcome of the bid", "won",
         aliases=("итог", "результат")),
     Col("loss_reason", "tender_reason", False, "Why lost or not admitted (required then, "
         "empty otherwise)", "", aliases=("причина", "причина_проигрыша"))))

TYPES = {
    "notice_no": "register number of the notice: digits only (19 for 44-FZ, 11 for 223-FZ)",
    "tender_subject": "one of: " + ", ".join(TENDER_SUBJECTS),
    "tender_law": "one of: " + ", ".join(TENDER_LAWS),
    "tender_outcome": "one of: " + ", ".join(TENDER_OUTCOMES),
    "tender_reason": "one of: " + ", ".join(TENDER_LOSS_REASONS),
}
CODES = {
    "notice_no": "the EIS register (zakupki.gov.ru), or a tenders file of the same import",
    "tender_subject": ", ".join(TENDER_SUBJECTS),
    "tender_law": ", ".join(TENDER_LAWS),
    "tender_outcome": ", ".join(TENDER_OUTCOMES),
    "tender_reason": ", ".join(TENDER_LOSS_REASONS) + " (localisation: the national regime "
                     "or localisation criteria)",
}
REASONS = {
    "bad_notice_no": "A notice number has digits only (up to 40).",
    "deadline_before_notice": "The deadline is before the notice date ({notice}).",
    "unknown_notice": ("No procurement has this notice number. New procurements come in "
                       "through a tenders file."),
    "reason_missing": "A lost or not admitted bid needs a reason: {allowed}.",
    "reason_not_allowed": "Only a lost or not admitted bid has a reason (this one is {outcome}).",
    "bid_missing": "A won bid needs its value (the value won).",
    "bid_above_initial": "The bid is above the procurement's initial value ({initial} USD).",
    "won_above_initial": ("The won bids of this notice add up to {won} USD, above its initial "
                          "value ({initial} USD)."),
}


# -- what the checks need from the database ------------------------------------------------
def read_lookups(conn) -> dict:
    """{"notices": notice_no → (procurement_id, initial_usd, notice_date), "max_id"}."""
    from queries.schema import procurement as p
    rows = conn.execute(select(p.c.notice_no, p.c.procurement_id, p.c.initial_usd,
                               p.c.notice_date)).all()
    max_id = conn.execute(select(func.max(p.c.procurement_id))).scalar()
    return {"notices": {str(n): (int(i), float(v), d) for n, i, v, d in rows},
            "max_id": int(max_id or 0)}


def _lk(lk) -> dict:
    return lk.topics.setdefault("tenders", {"notices": {}, "max_id": 0})


def remember(lk, p) -> None:
    """A tenders file that passed: its notices are known to the bids files after it."""
    if p.kind != "tenders":
        return
    mine = _lk(lk)
    frame = p.frames["procurement"]
    for r in frame.itertuples(index=False):
        mine["notices"][str(r.notice_no)] = (int(r.procurement_id), float(r.initial_usd),
                                             pd.Timestamp(r.notice_date).date())
    mine["max_id"] = max([mine["max_id"], *[int(i) for i in frame["procurement_id"]]])


# -- checks ----------------------------------------------------------------------------
def _notice_numbers(c) -> pd.Series:
    s = c.required("notice_no").str.strip()
    bad = (s != "") & ~s.str.fullmatch(r"\d{1,40}")
    c.flag(bad.to_numpy(), "bad_notice_no", "notice_no")
    return s.where(~bad, "")


def _period(p, days: pd.Series) -> None:
    days = pd.to_datetime(days).dropna()
    if len(days):
        p.period_from = days.min().date().replace(day=1)
        p.period_to = days.max().date().replace(day=1)


def validate_tenders(c, lk, p) -> None:
    from ..validate import _code_resolver, _key_text

    mine = _lk(lk)
    notice_no = _notice_numbers(c)
    customer = c.text_field("customer")
    c.flag((customer.str.len() > 300).to_numpy(), "text_too_long", "customer", max=300)
    region = c.code("region", _code_resolver(lk.regions), "unknown_region")
    subject = c.choice("subject", TENDER_SUBJECTS)
    law = c.choice("law", TENDER_LAWS)
    notice = c.day("notice_date", lookups=lk)
    deadline = c.day("deadline")
    early = (deadline < notice).to_numpy()
    for i in np.nonzero(early)[0]:
        c.r.add(c.file, "deadline_before_notice", column="deadline",
                value=c.t.data["deadline"].iloc[i], rows=[int(c.rows[i])],
                notice=notice.iloc[i].strftime("%Y-%m-%d"))
    initial = c.number("initial_usd").round(2)
    c.flag((initial > MAX_INITIAL_USD).to_numpy(), "out_of_range", "initial_usd",
           low="0", high=f"{MAX_INITIAL_USD:,.0f}", unit=" USD")
    c.duplicates(pd.DataFrame({"notice_no": notice_no.where(notice_no != "", None)}),
                 "notice_no", _key_text(c.t.data, ["notice_no"]))
    known = mine["notices"]
    ids, next_id = [], mine["max_id"] + 1
    for n in notice_no:
        if n in known:
            ids.append(known[n][0])
        else:
            ids.append(next_id)
            next_id += 1
    frame = pd.DataFrame({
        "procurement_id": pd.Series(ids, dtype="Int64"), "notice_no": notice_no,
        "customer": customer.str.strip(), "region_id": region, "subject": subject,
        "law": law, "notice_date": notice.dt.date, "deadline": deadline.dt.date,
        "initial_usd": initial})
    p.frames["procurement"] = frame
    _period(p, notice)


def _raw(c, name: str) -> pd.Series:
    """A column's cells as written (empty where the file has no such column): an
    unreadable cell is not an empty one."""
    if name in c.t.data.columns:
        return c.t.data[name].astype(str).str.strip()
    return pd.Series([""] * c.n, dtype=object)


def validate_bids(c, lk, p) -> None:
    from ..validate import _key_text

    known = _lk(lk)["notices"]
    notice_no = _notice_numbers(c)
    unknown = (notice_no != "") & ~notice_no.isin(list(known))
    c.flag(unknown.to_numpy(), "unknown_notice", "notice_no")
    pid = notice_no.map(lambda n: known[n][0] if n in known else None).astype("Int64")
    initial = notice_no.map(lambda n: known[n][1] if n in known else np.nan).astype(float)
    ent = c.code("enterprise", lk.enterprise_id, "unknown_enterprise", "ambiguous_enterprise")
    bid = c.number("bid_usd", required=False).round(2)
    outcome = c.choice("outcome", TENDER_OUTCOMES)
    reason = c.choice("loss_reason", TENDER_LOSS_REASONS, required=False)
    losing = outcome.isin(LOSING)
    has_reason = reason.notna()
    c.flag((losing & ~has_reason & (_raw(c, "loss_reason") == "")).to_numpy(),
           "reason_missing", "loss_reason", allowed=", ".join(TENDER_LOSS_REASONS))
    for i in np.nonzero((outcome.notna() & ~losing & has_reason).to_numpy())[0]:
        c.r.add(c.file, "reason_not_allowed", column="loss_reason",
                value=c.t.data["loss_reason"].iloc[i], rows=[int(c.rows[i])],
                outcome=outcome.iloc[i])
    c.flag(((outcome == "won") & bid.isna() & (_raw(c, "bid_usd") == "")).to_numpy(),
           "bid_missing", "bid_usd", values=_raw(c, "bid_usd"))
    above = (bid > initial + MONEY_TOLERANCE).to_numpy()
    for i in np.nonzero(above)[0]:
        c.r.add(c.file, "bid_above_initial", column="bid_usd",
                value=c.t.data["bid_usd"].iloc[i], rows=[int(c.rows[i])],
                initial=f"{initial.iloc[i]:,.2f}")
    won = pd.DataFrame({"pid": pid, "bid": bid.where(outcome == "won"), "initial": initial,
                        "row": c.rows})
    sums = won.dropna(subset=["pid", "bid"]).groupby("pid").agg(
        won=("bid", "sum"), n=("bid", "size"), initial=("initial", "first"),
        row=("row", "first"))
    for r in sums[(sums["n"] > 1) & (sums["won"] > sums["initial"] + MONEY_TOLERANCE)
                  ].itertuples():
        c.r.add(c.file, "won_above_initial", column="bid_usd", value="", rows=[int(r.row)],
                won=f"{r.won:,.2f}", initial=f"{r.initial:,.2f}")
    c.duplicates(pd.DataFrame({"notice_no": notice_no.where(notice_no != "", None),
                               "enterprise_id": ent}),
                 "notice and enterprise", _key_text(c.t.data, ["notice_no", "enterprise"]))
    frame = pd.DataFrame({"procurement_id": pid, "enterprise_id": ent, "bid_usd": bid,
                          "outcome": outcome,
                          "loss_reason": reason.where(has_reason, None).astype(object)})
    frame["enterprise_id"] = frame["enterprise_id"].astype("Int64")
    p.frames["tender_bid"] = frame
    days = notice_no.map(lambda n: known[n][2] if n in known else None)
    _period(p, pd.to_datetime(days))


# -- writing -----------------------------------------------------------------------------
def write_tenders(conn, backend, p):
    from queries import schema

    from ..load import _upsert

    frame = p.frames["procurement"].copy()
    frame["procurement_id"] = frame["procurement_id"].astype(int)
    written, _ = _upsert(conn, backend, schema.procurement, "procurement_id", frame)
    return written


def write_bids(conn, backend, p):
    from queries import schema

    from ..load import Written, _delete, _insert

    frame = p.frames["tender_bid"].copy()
    frame = frame.astype({"procurement_id": int, "enterprise_id": int})
    frame["loss_reason"] = frame["loss_reason"].astype(object).where(
        frame["loss_reason"].notna(), None)
    t = schema.tender_bid
    replaced = _delete(conn, t, t.c.procurement_id.in_(sorted(
        {int(i) for i in frame["procurement_id"]})))
    _insert(conn, backend, t, frame)
    return Written(len(frame), replaced)


# -- the stored rows in template form --------------------------------------------------------
def _frame(conn, stmt) -> pd.DataFrame:
    result = conn.execute(stmt)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _in_months(col, months):
    if months is None:
        return []
    last = months[1]
    after = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return [col >= months[0], col < after]


def _day_text(col: pd.Series) -> pd.Series:
    return pd.to_datetime(col).dt.strftime("%Y-%m-%d")


def dump_tenders(conn, months=None) -> pd.DataFrame:
    from queries.schema import procurement as pr
    df = _frame(conn, select(pr).where(*_in_months(pr.c.notice_date, months))
                .order_by(pr.c.procurement_id))
    return pd.DataFrame({
        "notice_no": df["notice_no"], "customer": df["customer"], "region": df["region_id"],
        "subject": df["subject"], "law": df["law"],
        "notice_date": _day_text(df["notice_date"]), "deadline": _day_text(df["deadline"]),
        "initial_usd": df["initial_usd"]})


def dump_bids(conn, months=None) -> pd.DataFrame:
    from queries.schema import enterprise as e
    from queries.schema import procurement as pr
    from queries.schema import tender_bid as b
    stmt = (select(pr.c.notice_no, e.c.unp, b.c.bid_usd, b.c.outcome, b.c.loss_reason)
            .select_from(b.join(pr, pr.c.procurement_id == b.c.procurement_id)
                         .join(e, e.c.enterprise_id == b.c.enterprise_id))
            .where(*_in_months(pr.c.notice_date, months))
            .order_by(b.c.procurement_id, b.c.enterprise_id))
    df = _frame(conn, stmt)
    return pd.DataFrame({
        "notice_no": df["notice_no"], "enterprise": df["unp"],
        "bid_usd": df["bid_usd"].astype(object).where(df["bid_usd"].notna(), ""),
        "outcome": df["outcome"],
        "loss_reason": df["loss_reason"].astype(object).where(df["loss_reason"].notna(), "")})


_COMMON = {"types": TYPES, "codes": CODES, "reasons": REASONS,
           "text_types": frozenset({"notice_no", "tender_subject", "tender_law",
                                    "tender_outcome", "tender_reason"})}
KINDS: tuple = (
    TopicKind(TENDERS, validate_tenders, write_tenders, dump_tenders,
              read_lookups=read_lookups, remember=remember, **_COMMON),
    TopicKind(BIDS, validate_bids, write_bids, dump_bids, **_COMMON),
)

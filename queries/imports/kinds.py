"""The kinds of file an import accepts, column by column: the six trade kinds here,
and those of the working group's other subjects from ``topics/`` (curators, retail
contracts, tenders, sales-and-service centres, export support, expectations).

Each column has the header written in the template, what it holds, its unit, whether
it is required, an example and the other headers people use for it (Russian ones
included). The templates (``templates.py``), the header matching (``readers.py``) and
the checks (``validate.py``) all read this one description, so a template and its
checks can never disagree.
"""

from __future__ import annotations

import re

from queries.schema import RECEIVABLE_CAUSES

from .columns import (  # noqa: F401  (re-exported: the rest of the package imports them here)
    BELAZ_UNP,
    CODES_FROM,
    CONCERN,
    ENTERPRISE,
    HEADING,
    MONTH,
    OBLAST,
    REGION,
    SHORT_NAME_COLUMNS,
    TYPES,
    Col,
    Kind,
    money,
)

CAUSE_COLUMNS = tuple(
    Col(f"cause_{c}_usd", "number", False, f"Overdue amount whose cause is “{c}”",
        {"payment_delay_by_buyer": "1800000", "consignment_terms": "1200000"}.get(c, ""),
        unit="USD")
    for c in RECEIVABLE_CAUSES)

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("exports", "Exports",
         "Exports by month, enterprise, HS heading and Russian region. Loading replaces, "
         "for the months in the file, everything the enterprises in the file had.",
         (MONTH, ENTERPRISE, HEADING, REGION,
          money("value_usd", "Export value", "12500000.00",
                 ("value", "стоимость", "стоимость_usd", "сумма")),
          Col("quantity", "number", True, "Quantity shipped", "9",
              unit="the heading's natural unit: pieces for machinery, appliances, tyres, "
              "clothing and footwear; metric tonnes otherwise",
              aliases=("количество", "qty")))),
    Kind("targets", "Targets",
         "The year's export target by concern or by Belarusian oblast: fill either "
         "concern or oblast on each row. Loading replaces the targets of those years for "
         "the concerns and oblasts in the file.",
         (Col("year", "year", True, "Year the target is for", "2026", aliases=("год",)),
          Col("concern", "concern", False, "Concern (leave empty for an oblast target)",
              "mtz", aliases=CONCERN.aliases),
          Col("oblast", "oblast", False, "Belarusian oblast (leave empty for a concern "
              "target)", "", aliases=OBLAST.aliases),
          money("target_usd", "Target export value for the year", "1500000000",
                 ("target", "value_usd", "задание", "прогноз")),
          Col("growth_pct", "percent", True, "Target growth over last year", "7.5", unit="%",
              aliases=("growth", "темп_роста", "рост")))),
    Kind("stock", "Warehouse stock",
         "Finished-goods stock at the end of each month by distribution-network subject, "
         "enterprise and HS heading. Loading replaces, for the months in the file, the "
         "stock of the enterprises in the file.",
         (MONTH, Col("subject", "subject", True, "Distribution-network subject (trading "
                     "house, dealer, warehouse, sales and service centre)",
                     "ООО «Торговый дом «БЕЛАЗ-Москва»»",
                     aliases=("субъект", "товаропроводящая_сеть", "subject_id")),
          ENTERPRISE, HEADING,
          Col("quantity", "number", True, "Quantity in stock at month end", "9",
              unit="the heading's natural unit (pieces or metric tonnes)",
              aliases=("количество",)),
          money("value_usd", "Value of the stock at month end", "12000000",
                 ("value", "стоимость")))),
    Kind("receivables", "Receivables",
         "Receivables at the end of each month by enterprise and the Russian region of "
         "the debtor: total, overdue, overdue by age, and optionally by cause. Loading "
         "replaces, for the months in the file, the receivables of the enterprises in "
         "the file.",
         (MONTH, ENTERPRISE, REGION,
          money("total_usd", "All receivables", "20000000", ("total", "всего")),
          money("overdue_usd", "Overdue receivables (not above total)", "3000000",
                 ("overdue", "просроченная")),
          money("overdue_upto_30_usd", "Overdue up to 30 days", "1200000"),
          money("overdue_31_90_usd", "Overdue 31–90 days", "800000"),
          money("overdue_91_180_usd", "Overdue 91–180 days", "600000"),
          money("overdue_over_180_usd", "Overdue over 180 days (the four age columns add "
                 "up to overdue_usd)", "400000"),
          Col("main_cause", "cause", False, "Main cause of the overdue debt (empty: the "
              "largest cause column, if any)", "payment_delay_by_buyer",
              aliases=("причина",)),
          *CAUSE_COLUMNS)),
    Kind("enterprises", "Enterprises",
         "New enterprises, or corrections to existing ones (matched by УНП). New "
         "enterprises get the next free number unless enterprise_id is given.",
         (Col("enterprise_id", "id", False, "Enterprise number in Export Monitor (leave "
              "empty for a new enterprise)", ""),
          Col("unp", "unp", True, "Registration number (УНП)", "100230607", aliases=("унп",)),
          Col("name_ru", "text", True, "Name in Russian", "ОАО «Пример»",
              aliases=("наименование", "название")),
          Col("name_en", "text", True, "Name in English", "Primer JSC",
              aliases=("name",)),
          *SHORT_NAME_COLUMNS,
          CONCERN, OBLAST,
          Col("city", "text", True, "City or town", "Minsk", aliases=("город",)),
          Col("is_industrial", "flag", True, "Industrial enterprise", "yes",
              aliases=("промышленное",)),
          Col("is_major", "flag", False, "Major exporter (empty: no)", "no"))),
    Kind("subjects", "Distribution subjects",
         "Trading houses, dealers, warehouses and sales-and-service centres in Russian "
         "regions. Matched by exact name; new ones get the next free number unless "
         "subject_id is given.",
         (Col("subject_id", "id", False, "Subject number in Export Monitor (leave empty "
              "for a new subject)", ""),
          Col("name", "text", True, "Name", "ООО «Торговый дом «Пример-Казань»»",
              aliases=("наименование", "название")),
          Col("kind", "subject_kind", True, "Kind of subject", "trading_house", aliases=("тип",)),
          Col("region", "region", True, "Russian region where it sits", "RU-TA",
              aliases=REGION.aliases),
          Col("concern", "concern", True, "Concern it belongs to or works for", "mtz",
              aliases=CONCERN.aliases),
          # sales-and-service centres only (kind multibrand_center); optional: a file
          # without these columns keeps the stored values, an empty cell means none
          Col("brands", "text", False, "Centres: the brands present, comma-separated "
              "(empty: none; a file without the column keeps the stored ones)", "",
              aliases=("марки", "бренды")),
          Col("planned_opening", "day", False, "Centres: planned opening date (empty: "
              "none)", "", aliases=("плановое_открытие", "дата_открытия_план")),
          Col("opened_on", "day", False, "Centres: actual opening date, not in the future "
              "(empty: not open)", "", aliases=("открыт", "дата_открытия")))),
)}

# Files are loaded in this order, so that an exports file may name an enterprise that
# an enterprises file of the same import brings in.
LOAD_ORDER = ("enterprises", "subjects", "targets", "exports", "stock", "receivables")

# The other subjects' kinds come after: they refer to enterprises, subjects and regions,
# and each topic lists its own kinds in the order they load (a tenders file before the
# participations that name its procurements).
from .topics import TOPIC_KINDS  # noqa: E402  (topics import columns.py, not this module)

for _tk in TOPIC_KINDS.values():
    KINDS[_tk.kind.name] = _tk.kind
    TYPES.update(_tk.types)
    CODES_FROM.update(_tk.codes)
LOAD_ORDER = LOAD_ORDER + tuple(TOPIC_KINDS)


def norm_header(text: str) -> str:
    """A header cell as a lookup key: lower case, units in brackets and '*' dropped,
    spaces and dashes as '_'. ``Value USD*`` and ``value_usd`` are the same column."""
    text = str(text).replace("\ufeff", "").strip().lower()
    text = re.sub(r"\(.*?\)|\[.*?\]|\*", "", text).strip()
    return re.sub(r"[\s\-,.]+", "_", text).strip("_")


def header_map(kind: Kind) -> dict[str, str]:
    """normalised header → column name, for the kind's names and aliases."""
    out = {}
    for col in kind.columns:
        for name in (col.name, *col.aliases):
            out.setdefault(norm_header(name), col.name)
    return out


ALL_HEADERS = {h for k in KINDS.values() for h in header_map(k)}


def guess_kind(headers: list[str]) -> tuple[str | None, list[str]]:
    """The kind whose required columns are all among ``headers`` (normalised) and that
    matches most of them; (None, candidates) when none or several fit equally."""
    complete, partial = [], []
    for kind in KINDS.values():
        hm = header_map(kind)
        have = {hm[h] for h in headers if h in hm}
        (complete if set(kind.required) <= have else partial).append((len(have), kind.name))
    # a file missing a required column still belongs to the one kind it fits best, so
    # that the report can name the missing column
    for scores in (complete, partial):
        scores = [sn for sn in scores if sn[0] >= 2]
        if scores:
            scores.sort(reverse=True)
            best = [n for s, n in scores if s == scores[0][0]]
            return (best[0], best) if len(best) == 1 else (None, best)
    return None, []

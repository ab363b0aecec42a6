"""The six kinds of file an import accepts, column by column.

Each column has the header written in the template, what it holds, its unit, whether
it is required, an example and the other headers people use for it (Russian ones
included). The templates (``templates.py``), the header matching (``readers.py``) and
the checks (``validate.py``) all read this one description, so a template and its
checks can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from queries.schema import RECEIVABLE_CAUSES, SUBJECT_KINDS


@dataclass(frozen=True)
class Col:
    name: str            # the header in the template
    type: str            # see TYPES
    required: bool
    help: str
    example: str
    unit: str = field(default="", kw_only=True)
    aliases: tuple[str, ...] = field(default=(), kw_only=True)


# What each column type accepts, in the words the templates' documentation sheet uses.
TYPES = {
    "month": "month: 2025-10, 10.2025 or a date (31.10.2025, 2025-10-31); not in the future",
    "year": "year, four digits (e.g. 2026)",
    "number": ("number ≥ 0; decimal comma or point; spaces as thousands separators "
               "allowed (1 234 567,89)"),
    "percent": "number in per cent, above −100 (e.g. 7,5 for +7.5 %)",
    "id": "whole number; leave empty for a new entry",
    "unp": "9-digit registration number (УНП)",
    "text": "text; may not start with = + - @",
    "flag": "yes or no (also 1/0, да/нет, true/false)",
    "enterprise": "the enterprise's УНП (9 digits) or its exact name (Russian or English)",
    "heading": "HS heading, 4 digits (0401, 401 or 04.01 are all read as 0401)",
    "region": "Russian region: ISO code (RU-MOW or MOW) or its name (Russian or English)",
    "concern": "concern code (e.g. bellegprom) or its exact name (Russian or English)",
    "oblast": "Belarusian oblast: ISO code (BY-BR) or its name (Russian or English)",
    "subject": "distribution-network subject: its number or its exact name",
    "subject_kind": "one of: " + ", ".join(SUBJECT_KINDS),
    "cause": "one of: " + ", ".join(RECEIVABLE_CAUSES),
}

# Where a column's allowed codes can be looked up.
CODES_FROM = {
    "enterprise": "existing enterprises: the dashboard's enterprise filter, or an "
                  "enterprises file loaded before or in the same import",
    "heading": "the Harmonized System (data/refdata/hs_headings.csv)",
    "region": "ISO 3166-2:RU (data/refdata/ru_federal_subjects.csv)",
    "concern": "the dashboard's concern filter (codes such as bellegprom, minprom)",
    "oblast": "BY-BR, BY-VI, BY-HO, BY-HR, BY-MI, BY-MA, BY-HM (Minsk city)",
    "subject": "existing subjects, or a subjects file loaded before or in the same import",
    "subject_kind": ", ".join(SUBJECT_KINDS),
    "cause": ", ".join(RECEIVABLE_CAUSES),
}

MONTH = Col("month", "month", True, "Reporting month", "2025-10", aliases=("месяц", "период"))
# The example rows name what the demonstration database holds (BelAZ, its trucks, a
# coal region; figures near BelAZ's own), so every template's example row imports there
# as it is — no unknown code, no unit-check warning (tests/test_import_templates.py).
BELAZ_UNP = "625767246"  # the demonstration data's BelAZ (default seed)
ENTERPRISE = Col("enterprise", "enterprise", True, "Exporting enterprise", BELAZ_UNP,
                 aliases=("предприятие", "унп", "unp", "организация"))
HEADING = Col("hs_heading", "heading", True, "Product, HS heading", "8704",
              aliases=("heading", "hs", "тн_вэд", "код_тн_вэд", "товарная_позиция"))
REGION = Col("region", "region", True, "Russian region of the buyer", "RU-KEM",
             aliases=("регион", "субъект_рф", "region_id"))
CONCERN = Col("concern", "concern", True, "Concern, holding or ministry the enterprise "
              "reports to", "mtz", aliases=("концерн", "ведомство", "concern_id"))
OBLAST = Col("oblast", "oblast", True, "Belarusian oblast", "BY-HM",
             aliases=("область", "oblast_id"))


# Short display names for charts and the shared screen ("МТЗ"); optional. A file
# without these columns keeps the short names the database has; an empty cell means
# none (charts then show the full name).
SHORT_NAME_COLUMNS = (
    Col("short_name_ru", "text", False, "Short name in Russian for charts (empty: the full "
        "name)", "Пример", aliases=("краткое_наименование", "short_name")),
    Col("short_name_en", "text", False, "Short name in English for charts (empty: the full "
        "name)", "Primer"),
    Col("short_name_de", "text", False, "Short name in German for charts (empty: the "
        "English full name)", "Primer"),
)


def _money(name: str, help_: str, example: str, aliases=()) -> Col:
    return Col(name, "number", True, help_, example, unit="USD", aliases=aliases)


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    help: str
    columns: tuple[Col, ...]

    def column(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


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
          _money("value_usd", "Export value", "12500000.00",
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
          _money("target_usd", "Target export value for the year", "1500000000",
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
          _money("value_usd", "Value of the stock at month end", "12000000",
                 ("value", "стоимость")))),
    Kind("receivables", "Receivables",
         "Receivables at the end of each month by enterprise and the Russian region of "
         "the debtor: total, overdue, overdue by age, and optionally by cause. Loading "
         "replaces, for the months in the file, the receivables of the enterprises in "
         "the file.",
         (MONTH, ENTERPRISE, REGION,
          _money("total_usd", "All receivables", "20000000", ("total", "всего")),
          _money("overdue_usd", "Overdue receivables (not above total)", "3000000",
                 ("overdue", "просроченная")),
          _money("overdue_upto_30_usd", "Overdue up to 30 days", "1200000"),
          _money("overdue_31_90_usd", "Overdue 31–90 days", "800000"),
          _money("overdue_91_180_usd", "Overdue 91–180 days", "600000"),
          _money("overdue_over_180_usd", "Overdue over 180 days (the four age columns add "
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
              aliases=CONCERN.aliases))),
)}

# Files are loaded in this order, so that an exports file may name an enterprise that
# an enterprises file of the same import brings in.
LOAD_ORDER = ("enterprises", "subjects", "targets", "exports", "stock", "receivables")


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

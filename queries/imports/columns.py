"""What an import column and an import kind are, and the columns several kinds share.

``kinds.py`` describes the six trade kinds with these; the working group's other
subjects (``topics/``) describe theirs with the same pieces, so every template, header
match and check reads one kind of description.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    "day": "date: 2025-10-31 or 31.10.2025",
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


def money(name: str, help_: str, example: str, aliases=()) -> Col:
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




@dataclass(frozen=True)
class TopicKind:
    """An import kind of one of the working group's other subjects (``topics/``), with
    the functions the generic machinery calls for it. The functions import what they
    need from ``validate``/``load`` inside their bodies (those modules import this one).

    - ``validate(c, lk, p)``: like ``validate._exports``: type the cells of ``c`` (a
      ``validate._Check``), flag problems in ``c.r``, fill ``p.frames`` (table → rows)
      and, for period data, ``p.months``/``p.period_from``/``p.period_to``.
    - ``write(conn, backend, p) -> load.Written``: replace what the file covers, in the
      import's one transaction.
    - ``dump(conn, months) -> DataFrame``: the stored rows in the template's columns
      (``export-monitor export KIND``; the round-trip test reads it back).
    - ``read_lookups(conn)``: what the checks need from the database, kept as
      ``lk.topics[kind]``; ``remember(lk, p)``: after a file passed, what later files of
      the same import may refer to (as enterprises files do for exports files).
    - ``types``/``codes``: documentation of new column types (template sheet);
      ``text_types``: types whose cells are text (formula check); ``reasons``: report
      codes → English message (the other languages live in ``dashboard/messages``);
      ``ranges``: plausible ranges of number columns (checked by ``_Check.number`` and
      printed in the template's documentation).
    """

    kind: Kind
    validate: Callable
    write: Callable
    dump: Callable
    read_lookups: Callable | None = None
    remember: Callable | None = None
    types: Mapping[str, str] = field(default_factory=dict)
    codes: Mapping[str, str] = field(default_factory=dict)
    text_types: frozenset = frozenset()
    reasons: Mapping[str, str] = field(default_factory=dict)
    # column → (lowest, highest) plausible value, as ``ranges.RANGES`` for the trade kinds
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)

"""The trade database, defined in code (never reflected: duckdb-engine cannot reflect
under SQLAlchemy 2.1).

Keys are natural (codes) or explicit integers given by the loader: an ``Integer``
primary key with autoincrement would become ``SERIAL``, which DuckDB rejects.
Check constraints reject impossible rows on both engines: negative values, months
that are not the first of a month, overdue above total, age buckets that do not add
up to the overdue amount.

Money is USD as double precision: sums over millions of rows stay exact to the cent
far beyond the sizes shown, and both engines aggregate doubles fastest.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

metadata = MetaData()

# Short display names for charts and the shared screen ("Белнефтехим", "МТЗ", "ЦФО",
# "Ленинградская обл."): nullable, one per language; where one is missing the full name
# is shown (``Dimensions.short_name_of``). Tables for analysts keep the full names.
SHORT_LANGS = ("ru", "en", "de")


def _short_names(length: int) -> list[Column]:
    return [Column(f"short_name_{lang}", String(length), nullable=True) for lang in SHORT_LANGS]

CONCERN_KINDS = ("concern", "holding", "ministry", "oblast_committee", "other")
SUBJECT_KINDS = ("trading_house", "dealer", "warehouse", "multibrand_center")
RECEIVABLE_CAUSES = (
    "payment_delay_by_buyer",
    "buyer_financial_difficulties",
    "consignment_terms",
    "dispute_over_quality",
    "currency_and_settlement",
    "other",
)


# The working group's other subjects (issue 14)
RETAIL_STAGES = ("talks", "draft_sent", "signed", "supplying", "suspended", "ended")
TENDER_SUBJECTS = ("buses", "trolleybuses", "trams", "road_machinery", "municipal_machinery",
                   "agricultural_machinery", "trucks", "lifts", "other")
TENDER_LAWS = ("44-FZ", "223-FZ")
TENDER_OUTCOMES = ("won", "lost", "pending", "not_admitted", "cancelled")
TENDER_LOSS_REASONS = ("price", "localisation", "specification", "documents", "other")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)  # fixed lists above, never user input
    return f"{column} IN ({quoted})"


def _first_of_month(column: str = "month") -> CheckConstraint:
    return CheckConstraint(f"EXTRACT(DAY FROM {column}) = 1", name=None)


concern = Table(
    "concern", metadata,
    Column("concern_id", String(32), primary_key=True),
    Column("name_en", String(200), nullable=False),
    Column("name_ru", String(200), nullable=False),
    *_short_names(60),
    Column("kind", String(20), nullable=False),
    CheckConstraint(_in("kind", CONCERN_KINDS)),
)

by_oblast = Table(
    "by_oblast", metadata,
    Column("oblast_id", String(5), primary_key=True),  # ISO 3166-2:BY, e.g. BY-BR
    Column("name_en", String(100), nullable=False),
    Column("name_ru", String(100), nullable=False),
    *_short_names(60),
)

enterprise = Table(
    "enterprise", metadata,
    Column("enterprise_id", Integer, primary_key=True, autoincrement=False),
    Column("unp", String(9), nullable=False, unique=True),  # Belarusian registration number
    Column("name_en", String(300), nullable=False),
    Column("name_ru", String(300), nullable=False),
    *_short_names(80),
    Column("concern_id", String(32), ForeignKey("concern.concern_id"), nullable=False),
    Column("oblast_id", String(5), ForeignKey("by_oblast.oblast_id"), nullable=False),
    Column("city", String(100), nullable=False),
    Column("is_industrial", Boolean, nullable=False),
    Column("is_major", Boolean, nullable=False),  # from refdata, not generated
)

hs_section = Table(
    "hs_section", metadata,
    Column("section_id", String(5), primary_key=True),  # roman numeral
    Column("name_en", String(400), nullable=False),
)

hs_chapter = Table(
    "hs_chapter", metadata,
    Column("chapter_id", String(2), primary_key=True),
    Column("section_id", String(5), ForeignKey("hs_section.section_id"), nullable=False),
    Column("name_en", String(400), nullable=False),
    *_short_names(80),
    CheckConstraint("LENGTH(chapter_id) = 2"),
)

hs_heading = Table(
    "hs_heading", metadata,
    Column("heading_id", String(4), primary_key=True),
    Column("chapter_id", String(2), ForeignKey("hs_chapter.chapter_id"), nullable=False),
    Column("name_en", String(600), nullable=False),
    *_short_names(80),
    CheckConstraint("LENGTH(heading_id) = 4"),
)

federal_district = Table(
    "federal_district", metadata,
    Column("district_id", String(8), primary_key=True),  # CFD, NWFD, ...
    Column("name_en", String(100), nullable=False),
    Column("name_ru", String(100), nullable=False),
    *_short_names(40),
)

ru_region = Table(
    "ru_region", metadata,
    Column("region_id", String(6), primary_key=True),  # ISO 3166-2:RU, e.g. RU-MOW
    Column("name_en", String(200), nullable=False),
    Column("name_ru", String(200), nullable=False),
    *_short_names(60),
    Column("district_id", String(8), ForeignKey("federal_district.district_id"),
           nullable=False),
    Column("curator", String(200), nullable=True),
)

dist_subject = Table(
    "dist_subject", metadata,
    Column("subject_id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(300), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("region_id", String(6), ForeignKey("ru_region.region_id"), nullable=False),
    Column("concern_id", String(32), ForeignKey("concern.concern_id"), nullable=False),
    # multibrand sales-and-service centres (kind multibrand_center): the brands present
    # (comma-separated, as reported) and the planned and actual opening dates; a centre
    # with no actual date is planned, not open
    Column("brands", String(300), nullable=True),
    Column("planned_opening", Date, nullable=True),
    Column("opened_on", Date, nullable=True),
    CheckConstraint(_in("kind", SUBJECT_KINDS)),
)

exports = Table(
    "exports", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, ForeignKey("enterprise.enterprise_id"), nullable=False),
    Column("heading_id", String(4), ForeignKey("hs_heading.heading_id"), nullable=False),
    Column("region_id", String(6), ForeignKey("ru_region.region_id"), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    Column("quantity", Float(53), nullable=False),
    PrimaryKeyConstraint("month", "enterprise_id", "heading_id", "region_id"),
    CheckConstraint("value_usd >= 0"),
    CheckConstraint("quantity >= 0"),
    _first_of_month(),
)

target_concern = Table(
    "target_concern", metadata,
    Column("year", Integer, nullable=False, autoincrement=False),
    Column("concern_id", String(32), ForeignKey("concern.concern_id"), nullable=False),
    Column("growth_pct", Float(53), nullable=False),  # target growth over last year, %
    Column("value_usd", Float(53), nullable=False),  # absolute target for the year
    PrimaryKeyConstraint("year", "concern_id"),
    CheckConstraint("value_usd >= 0"),
    CheckConstraint("growth_pct > -100"),
)

target_oblast = Table(
    "target_oblast", metadata,
    Column("year", Integer, nullable=False, autoincrement=False),
    Column("oblast_id", String(5), ForeignKey("by_oblast.oblast_id"), nullable=False),
    Column("growth_pct", Float(53), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    PrimaryKeyConstraint("year", "oblast_id"),
    CheckConstraint("value_usd >= 0"),
    CheckConstraint("growth_pct > -100"),
)

stock = Table(
    "stock", metadata,
    Column("month", Date, nullable=False),  # stock at the end of this month
    Column("subject_id", Integer, ForeignKey("dist_subject.subject_id"), nullable=False),
    Column("enterprise_id", Integer, ForeignKey("enterprise.enterprise_id"), nullable=False),
    Column("heading_id", String(4), ForeignKey("hs_heading.heading_id"), nullable=False),
    Column("quantity", Float(53), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    PrimaryKeyConstraint("month", "subject_id", "enterprise_id", "heading_id"),
    CheckConstraint("quantity >= 0"),
    CheckConstraint("value_usd >= 0"),
    _first_of_month(),
)

receivable = Table(
    "receivable", metadata,
    Column("month", Date, nullable=False),  # position at the end of this month
    Column("enterprise_id", Integer, ForeignKey("enterprise.enterprise_id"), nullable=False),
    Column("region_id", String(6), ForeignKey("ru_region.region_id"), nullable=False),
    Column("total_usd", Float(53), nullable=False),
    Column("overdue_usd", Float(53), nullable=False),
    Column("overdue_upto_30_usd", Float(53), nullable=False),
    Column("overdue_31_90_usd", Float(53), nullable=False),
    Column("overdue_91_180_usd", Float(53), nullable=False),
    Column("overdue_over_180_usd", Float(53), nullable=False),
    Column("main_cause", String(40), nullable=True),
    PrimaryKeyConstraint("month", "enterprise_id", "region_id"),
    CheckConstraint("total_usd >= 0"),
    CheckConstraint("overdue_usd >= 0"),
    CheckConstraint("overdue_usd <= total_usd + 0.005"),
    CheckConstraint("overdue_upto_30_usd >= 0 AND overdue_31_90_usd >= 0 "
                    "AND overdue_91_180_usd >= 0 AND overdue_over_180_usd >= 0"),
    CheckConstraint("ABS(overdue_upto_30_usd + overdue_31_90_usd + overdue_91_180_usd "
                    "+ overdue_over_180_usd - overdue_usd) < 0.01"),
    CheckConstraint("main_cause IS NULL OR " + _in("main_cause", RECEIVABLE_CAUSES)),
    _first_of_month(),
)

receivable_cause = Table(
    "receivable_cause", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, ForeignKey("enterprise.enterprise_id"), nullable=False),
    Column("region_id", String(6), ForeignKey("ru_region.region_id"), nullable=False),
    Column("cause", String(40), nullable=False),
    Column("overdue_usd", Float(53), nullable=False),
    PrimaryKeyConstraint("month", "enterprise_id", "region_id", "cause"),
    CheckConstraint("overdue_usd >= 0"),
    CheckConstraint(_in("cause", RECEIVABLE_CAUSES)),
    _first_of_month(),
)

load_log = Table(
    "load_log", metadata,
    Column("load_id", String(32), primary_key=True),
    Column("loaded_at", DateTime, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("source", String(500), nullable=False),
    Column("sha256", String(64), nullable=True),
    Column("period_from", Date, nullable=True),
    Column("period_to", Date, nullable=True),
    Column("rows_added", Integer, nullable=False),
    Column("rows_replaced", Integer, nullable=False),
    Column("loaded_by", String(100), nullable=False),
    Column("outcome", String(20), nullable=False),
    CheckConstraint(_in("outcome", ("loaded", "rejected"))),
    UniqueConstraint("load_id"),
)

# Pre-aggregated copies of ``exports`` that answer most questions without the region
# or product grain. Rebuilt from ``exports`` after every load (see ``rollups.py``); the
# query layer picks the smallest one that holds every column a query needs. They carry
# no key: they are derived, and an index on them would only cost space and load time.
exports_by_enterprise = Table(
    "exports_by_enterprise", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, nullable=False),
    Column("value_usd", Float(53), nullable=False),
    Column("quantity", Float(53), nullable=False),
)

exports_by_concern_region = Table(
    "exports_by_concern_region", metadata,
    Column("month", Date, nullable=False),
    Column("concern_id", String(32), nullable=False),
    Column("oblast_id", String(5), nullable=False),
    Column("is_industrial", Boolean, nullable=False),
    Column("region_id", String(6), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    Column("quantity", Float(53), nullable=False),
)

# The export rows of the (enterprise, heading, Russian region) cells that distribution
# subjects hold stock of: the shipments that days of cover divide by, without scanning
# the whole fact table on every Stock page. Rebuilt after loads of exports or stock.
exports_stock_cells = Table(
    "exports_stock_cells", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, nullable=False),
    Column("heading_id", String(4), nullable=False),
    Column("region_id", String(6), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    Column("quantity", Float(53), nullable=False),
)

# By federal district rather than region: what a district filter needs, 3–5 times fewer
# rows than the region grain.
exports_by_enterprise_district = Table(
    "exports_by_enterprise_district", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, nullable=False),
    Column("district_id", String(8), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    Column("quantity", Float(53), nullable=False),
)

exports_by_product_district = Table(
    "exports_by_product_district", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, nullable=False),
    Column("heading_id", String(4), nullable=False),
    Column("district_id", String(8), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    Column("quantity", Float(53), nullable=False),
)

exports_by_product = Table(
    "exports_by_product", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, nullable=False),
    Column("heading_id", String(4), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    Column("quantity", Float(53), nullable=False),
)

exports_by_region = Table(
    "exports_by_region", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, nullable=False),
    Column("region_id", String(6), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    Column("quantity", Float(53), nullable=False),
)


# == The working group's other subjects (issue 14) ======================================
# Small tables beside the trade facts; none of them has a rollup. Ids are given by the
# loader (no SERIAL, see the module's docstring).

# -- curators of Russian regions: an official assigned to regions over periods ----------
curator = Table(
    "curator", metadata,
    Column("curator_id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False, unique=True),  # "Иванов Иван Иванович"
    Column("post", String(300), nullable=False),               # as the body writes it
    Column("body", String(200), nullable=False),               # ministry, concern, oblast
    Column("concern_id", String(32), ForeignKey("concern.concern_id"), nullable=True),
)

curator_region = Table(
    "curator_region", metadata,
    Column("curator_id", Integer, ForeignKey("curator.curator_id"), nullable=False),
    Column("region_id", String(6), ForeignKey("ru_region.region_id"), nullable=False),
    Column("date_from", Date, nullable=False),
    Column("date_to", Date, nullable=True),  # NULL: still assigned
    PrimaryKeyConstraint("curator_id", "region_id", "date_from"),
    CheckConstraint("date_to IS NULL OR date_to >= date_from"),
)

# -- direct contracts with Russian federal retail chains --------------------------------
retail_chain = Table(
    "retail_chain", metadata,
    Column("chain_id", String(32), primary_key=True),  # e.g. x5, magnit (data/refdata)
    Column("name_ru", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
)

retail_contract = Table(
    "retail_contract", metadata,
    Column("contract_id", Integer, primary_key=True, autoincrement=False),
    Column("chain_id", String(32), ForeignKey("retail_chain.chain_id"), nullable=False),
    Column("enterprise_id", Integer, ForeignKey("enterprise.enterprise_id"), nullable=False),
    Column("product_group", String(200), nullable=False),
    Column("stage", String(20), nullable=False),     # the latest stage (see the history)
    Column("stage_since", Date, nullable=False),     # date of the latest stage change
    Column("expected_annual_usd", Float(53), nullable=False),
    CheckConstraint(_in("stage", RETAIL_STAGES)),
    CheckConstraint("expected_annual_usd >= 0"),
)

retail_contract_stage = Table(
    "retail_contract_stage", metadata,
    Column("contract_id", Integer, ForeignKey("retail_contract.contract_id"), nullable=False),
    Column("changed_on", Date, nullable=False),
    Column("stage", String(20), nullable=False),
    PrimaryKeyConstraint("contract_id", "changed_on", "stage"),
    CheckConstraint(_in("stage", RETAIL_STAGES)),
)

retail_delivery = Table(
    "retail_delivery", metadata,
    Column("month", Date, nullable=False),
    Column("contract_id", Integer, ForeignKey("retail_contract.contract_id"), nullable=False),
    Column("value_usd", Float(53), nullable=False),
    PrimaryKeyConstraint("month", "contract_id"),
    CheckConstraint("value_usd >= 0"),
    _first_of_month(),
)

# -- Russian public procurement (44-FZ / 223-FZ) and the enterprises' bids ---------------
procurement = Table(
    "procurement", metadata,
    Column("procurement_id", Integer, primary_key=True, autoincrement=False),
    Column("notice_no", String(40), nullable=False, unique=True),  # the register's number
    Column("customer", String(300), nullable=False),
    Column("region_id", String(6), ForeignKey("ru_region.region_id"), nullable=False),
    Column("subject", String(30), nullable=False),
    Column("law", String(8), nullable=False),
    Column("notice_date", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("initial_usd", Float(53), nullable=False),  # initial (maximum) value, in USD
    CheckConstraint(_in("subject", TENDER_SUBJECTS)),
    CheckConstraint(_in("law", TENDER_LAWS)),
    CheckConstraint("deadline >= notice_date"),
    CheckConstraint("initial_usd >= 0"),
)

tender_bid = Table(
    "tender_bid", metadata,
    Column("procurement_id", Integer, ForeignKey("procurement.procurement_id"),
           nullable=False),
    Column("enterprise_id", Integer, ForeignKey("enterprise.enterprise_id"), nullable=False),
    Column("bid_usd", Float(53), nullable=True),
    Column("outcome", String(20), nullable=False),
    Column("loss_reason", String(20), nullable=True),
    PrimaryKeyConstraint("procurement_id", "enterprise_id"),
    CheckConstraint(_in("outcome", TENDER_OUTCOMES)),
    CheckConstraint("loss_reason IS NULL OR " + _in("loss_reason", TENDER_LOSS_REASONS)),
    CheckConstraint("loss_reason IS NULL OR outcome IN ('lost', 'not_admitted')"),
    CheckConstraint("bid_usd IS NULL OR bid_usd >= 0"),
)

# -- sales and service of multibrand centres (dist_subject kind multibrand_center) -------
centre_month = Table(
    "centre_month", metadata,
    Column("month", Date, nullable=False),
    Column("subject_id", Integer, ForeignKey("dist_subject.subject_id"), nullable=False),
    Column("sales_usd", Float(53), nullable=False),
    Column("units_sold", Float(53), nullable=False),
    Column("service_orders", Float(53), nullable=False),
    Column("service_usd", Float(53), nullable=False),
    PrimaryKeyConstraint("month", "subject_id"),
    CheckConstraint("sales_usd >= 0 AND units_sold >= 0 AND service_orders >= 0 "
                    "AND service_usd >= 0"),
    _first_of_month(),
)

# -- export-support instruments and the support enterprises received ---------------------
support_instrument = Table(
    "support_instrument", metadata,
    Column("instrument_id", String(32), primary_key=True),  # data/refdata list
    Column("name_ru", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("name_de", String(200), nullable=False),
    Column("description_ru", String(1000), nullable=False),
    Column("description_en", String(1000), nullable=False),
    Column("description_de", String(1000), nullable=False),
)

export_support = Table(
    "export_support", metadata,
    Column("month", Date, nullable=False),
    Column("enterprise_id", Integer, ForeignKey("enterprise.enterprise_id"), nullable=False),
    Column("instrument_id", String(32), ForeignKey("support_instrument.instrument_id"),
           nullable=False),
    Column("region_id", String(6), ForeignKey("ru_region.region_id"), nullable=False),
    Column("support_usd", Float(53), nullable=False),  # credit, cover, subsidy, …
    Column("backed_exports_usd", Float(53), nullable=False),  # the exports it backed
    PrimaryKeyConstraint("month", "enterprise_id", "instrument_id", "region_id"),
    CheckConstraint("support_usd >= 0"),
    CheckConstraint("backed_exports_usd >= 0"),
    _first_of_month(),
)

# -- expected full-year exports as the bodies submit them each month ---------------------
expectation_concern = Table(
    "expectation_concern", metadata,
    Column("month", Date, nullable=False),  # month of submission; the year is its year
    Column("concern_id", String(32), ForeignKey("concern.concern_id"), nullable=False),
    Column("expected_usd", Float(53), nullable=False),
    PrimaryKeyConstraint("month", "concern_id"),
    CheckConstraint("expected_usd >= 0"),
    _first_of_month(),
)

expectation_oblast = Table(
    "expectation_oblast", metadata,
    Column("month", Date, nullable=False),
    Column("oblast_id", String(5), ForeignKey("by_oblast.oblast_id"), nullable=False),
    Column("expected_usd", Float(53), nullable=False),
    PrimaryKeyConstraint("month", "oblast_id"),
    CheckConstraint("expected_usd >= 0"),
    _first_of_month(),
)

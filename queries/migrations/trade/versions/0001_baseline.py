"""Baseline: the trade schema exactly as ``queries/schema.py`` defined it when the
migrations began (the previous release's ``create_all``). A database made by that release
has these tables and no version table; ``queries.appstore.upgrade`` stamps it as this
revision instead of running it. Frozen: later schema changes are new revisions.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('by_oblast',
    sa.Column('oblast_id', sa.String(length=5), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('name_ru', sa.String(length=100), nullable=False),
    sa.Column('short_name_ru', sa.String(length=60), nullable=True),
    sa.Column('short_name_en', sa.String(length=60), nullable=True),
    sa.Column('short_name_de', sa.String(length=60), nullable=True),
    sa.PrimaryKeyConstraint('oblast_id')
    )
    op.create_table('concern',
    sa.Column('concern_id', sa.String(length=32), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('short_name_ru', sa.String(length=60), nullable=True),
    sa.Column('short_name_en', sa.String(length=60), nullable=True),
    sa.Column('short_name_de', sa.String(length=60), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.CheckConstraint("kind IN ('concern', 'holding', 'ministry', 'oblast_committee', 'other')"),
    sa.PrimaryKeyConstraint('concern_id')
    )
    op.create_table('exports_by_concern_region',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('concern_id', sa.String(length=32), nullable=False),
    sa.Column('oblast_id', sa.String(length=5), nullable=False),
    sa.Column('is_industrial', sa.Boolean(), nullable=False),
    sa.Column('region_id', sa.String(length=6), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False)
    )
    op.create_table('exports_by_enterprise',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False)
    )
    op.create_table('exports_by_enterprise_district',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.String(length=8), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False)
    )
    op.create_table('exports_by_product',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('heading_id', sa.String(length=4), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False)
    )
    op.create_table('exports_by_product_district',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('heading_id', sa.String(length=4), nullable=False),
    sa.Column('district_id', sa.String(length=8), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False)
    )
    op.create_table('exports_by_region',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.String(length=6), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False)
    )
    op.create_table('exports_stock_cells',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('heading_id', sa.String(length=4), nullable=False),
    sa.Column('region_id', sa.String(length=6), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False)
    )
    op.create_table('federal_district',
    sa.Column('district_id', sa.String(length=8), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('name_ru', sa.String(length=100), nullable=False),
    sa.Column('short_name_ru', sa.String(length=40), nullable=True),
    sa.Column('short_name_en', sa.String(length=40), nullable=True),
    sa.Column('short_name_de', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('district_id')
    )
    op.create_table('hs_section',
    sa.Column('section_id', sa.String(length=5), nullable=False),
    sa.Column('name_en', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('section_id')
    )
    op.create_table('load_log',
    sa.Column('load_id', sa.String(length=32), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=True),
    sa.Column('rows_added', sa.Integer(), nullable=False),
    sa.Column('rows_replaced', sa.Integer(), nullable=False),
    sa.Column('loaded_by', sa.String(length=100), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.CheckConstraint("outcome IN ('loaded', 'rejected')"),
    sa.PrimaryKeyConstraint('load_id'),
    sa.UniqueConstraint('load_id')
    )
    op.create_table('enterprise',
    sa.Column('enterprise_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('unp', sa.String(length=9), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('name_ru', sa.String(length=300), nullable=False),
    sa.Column('short_name_ru', sa.String(length=80), nullable=True),
    sa.Column('short_name_en', sa.String(length=80), nullable=True),
    sa.Column('short_name_de', sa.String(length=80), nullable=True),
    sa.Column('concern_id', sa.String(length=32), nullable=False),
    sa.Column('oblast_id', sa.String(length=5), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('is_industrial', sa.Boolean(), nullable=False),
    sa.Column('is_major', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['concern_id'], ['concern.concern_id'], ),
    sa.ForeignKeyConstraint(['oblast_id'], ['by_oblast.oblast_id'], ),
    sa.PrimaryKeyConstraint('enterprise_id'),
    sa.UniqueConstraint('unp')
    )
    op.create_table('hs_chapter',
    sa.Column('chapter_id', sa.String(length=2), nullable=False),
    sa.Column('section_id', sa.String(length=5), nullable=False),
    sa.Column('name_en', sa.String(length=400), nullable=False),
    sa.Column('short_name_ru', sa.String(length=80), nullable=True),
    sa.Column('short_name_en', sa.String(length=80), nullable=True),
    sa.Column('short_name_de', sa.String(length=80), nullable=True),
    sa.CheckConstraint('LENGTH(chapter_id) = 2'),
    sa.ForeignKeyConstraint(['section_id'], ['hs_section.section_id'], ),
    sa.PrimaryKeyConstraint('chapter_id')
    )
    op.create_table('ru_region',
    sa.Column('region_id', sa.String(length=6), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('short_name_ru', sa.String(length=60), nullable=True),
    sa.Column('short_name_en', sa.String(length=60), nullable=True),
    sa.Column('short_name_de', sa.String(length=60), nullable=True),
    sa.Column('district_id', sa.String(length=8), nullable=False),
    sa.Column('curator', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['district_id'], ['federal_district.district_id'], ),
    sa.PrimaryKeyConstraint('region_id')
    )
    op.create_table('target_concern',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('concern_id', sa.String(length=32), nullable=False),
    sa.Column('growth_pct', sa.Float(precision=53), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.CheckConstraint('growth_pct > -100'),
    sa.CheckConstraint('value_usd >= 0'),
    sa.ForeignKeyConstraint(['concern_id'], ['concern.concern_id'], ),
    sa.PrimaryKeyConstraint('year', 'concern_id')
    )
    op.create_table('target_oblast',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('oblast_id', sa.String(length=5), nullable=False),
    sa.Column('growth_pct', sa.Float(precision=53), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.CheckConstraint('growth_pct > -100'),
    sa.CheckConstraint('value_usd >= 0'),
    sa.ForeignKeyConstraint(['oblast_id'], ['by_oblast.oblast_id'], ),
    sa.PrimaryKeyConstraint('year', 'oblast_id')
    )
    op.create_table('dist_subject',
    sa.Column('subject_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('region_id', sa.String(length=6), nullable=False),
    sa.Column('concern_id', sa.String(length=32), nullable=False),
    sa.CheckConstraint("kind IN ('trading_house', 'dealer', 'warehouse', 'multibrand_center')"),
    sa.ForeignKeyConstraint(['concern_id'], ['concern.concern_id'], ),
    sa.ForeignKeyConstraint(['region_id'], ['ru_region.region_id'], ),
    sa.PrimaryKeyConstraint('subject_id')
    )
    op.create_table('hs_heading',
    sa.Column('heading_id', sa.String(length=4), nullable=False),
    sa.Column('chapter_id', sa.String(length=2), nullable=False),
    sa.Column('name_en', sa.String(length=600), nullable=False),
    sa.Column('short_name_ru', sa.String(length=80), nullable=True),
    sa.Column('short_name_en', sa.String(length=80), nullable=True),
    sa.Column('short_name_de', sa.String(length=80), nullable=True),
    sa.CheckConstraint('LENGTH(heading_id) = 4'),
    sa.ForeignKeyConstraint(['chapter_id'], ['hs_chapter.chapter_id'], ),
    sa.PrimaryKeyConstraint('heading_id')
    )
    op.create_table('receivable',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.String(length=6), nullable=False),
    sa.Column('total_usd', sa.Float(precision=53), nullable=False),
    sa.Column('overdue_usd', sa.Float(precision=53), nullable=False),
    sa.Column('overdue_upto_30_usd', sa.Float(precision=53), nullable=False),
    sa.Column('overdue_31_90_usd', sa.Float(precision=53), nullable=False),
    sa.Column('overdue_91_180_usd', sa.Float(precision=53), nullable=False),
    sa.Column('overdue_over_180_usd', sa.Float(precision=53), nullable=False),
    sa.Column('main_cause', sa.String(length=40), nullable=True),
    sa.CheckConstraint("main_cause IS NULL OR main_cause IN ('payment_delay_by_buyer', 'buyer_financial_difficulties', 'consignment_terms', 'dispute_over_quality', 'currency_and_settlement', 'other')"),
    sa.CheckConstraint('ABS(overdue_upto_30_usd + overdue_31_90_usd + overdue_91_180_usd + overdue_over_180_usd - overdue_usd) < 0.01'),
    sa.CheckConstraint('EXTRACT(DAY FROM month) = 1'),
    sa.CheckConstraint('overdue_upto_30_usd >= 0 AND overdue_31_90_usd >= 0 AND overdue_91_180_usd >= 0 AND overdue_over_180_usd >= 0'),
    sa.CheckConstraint('overdue_usd <= total_usd + 0.005'),
    sa.CheckConstraint('overdue_usd >= 0'),
    sa.CheckConstraint('total_usd >= 0'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.enterprise_id'], ),
    sa.ForeignKeyConstraint(['region_id'], ['ru_region.region_id'], ),
    sa.PrimaryKeyConstraint('month', 'enterprise_id', 'region_id')
    )
    op.create_table('receivable_cause',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.String(length=6), nullable=False),
    sa.Column('cause', sa.String(length=40), nullable=False),
    sa.Column('overdue_usd', sa.Float(precision=53), nullable=False),
    sa.CheckConstraint("cause IN ('payment_delay_by_buyer', 'buyer_financial_difficulties', 'consignment_terms', 'dispute_over_quality', 'currency_and_settlement', 'other')"),
    sa.CheckConstraint('EXTRACT(DAY FROM month) = 1'),
    sa.CheckConstraint('overdue_usd >= 0'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.enterprise_id'], ),
    sa.ForeignKeyConstraint(['region_id'], ['ru_region.region_id'], ),
    sa.PrimaryKeyConstraint('month', 'enterprise_id', 'region_id', 'cause')
    )
    op.create_table('exports',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('heading_id', sa.String(length=4), nullable=False),
    sa.Column('region_id', sa.String(length=6), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False),
    sa.CheckConstraint('EXTRACT(DAY FROM month) = 1'),
    sa.CheckConstraint('quantity >= 0'),
    sa.CheckConstraint('value_usd >= 0'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.enterprise_id'], ),
    sa.ForeignKeyConstraint(['heading_id'], ['hs_heading.heading_id'], ),
    sa.ForeignKeyConstraint(['region_id'], ['ru_region.region_id'], ),
    sa.PrimaryKeyConstraint('month', 'enterprise_id', 'heading_id', 'region_id')
    )
    op.create_table('stock',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('heading_id', sa.String(length=4), nullable=False),
    sa.Column('quantity', sa.Float(precision=53), nullable=False),
    sa.Column('value_usd', sa.Float(precision=53), nullable=False),
    sa.CheckConstraint('EXTRACT(DAY FROM month) = 1'),
    sa.CheckConstraint('quantity >= 0'),
    sa.CheckConstraint('value_usd >= 0'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.enterprise_id'], ),
    sa.ForeignKeyConstraint(['heading_id'], ['hs_heading.heading_id'], ),
    sa.ForeignKeyConstraint(['subject_id'], ['dist_subject.subject_id'], ),
    sa.PrimaryKeyConstraint('month', 'subject_id', 'enterprise_id', 'heading_id')
    )


def downgrade() -> None:
    op.drop_table('stock')
    op.drop_table('exports')
    op.drop_table('receivable_cause')
    op.drop_table('receivable')
    op.drop_table('hs_heading')
    op.drop_table('dist_subject')
    op.drop_table('target_oblast')
    op.drop_table('target_concern')
    op.drop_table('ru_region')
    op.drop_table('hs_chapter')
    op.drop_table('enterprise')
    op.drop_table('load_log')
    op.drop_table('hs_section')
    op.drop_table('federal_district')
    op.drop_table('exports_stock_cells')
    op.drop_table('exports_by_region')
    op.drop_table('exports_by_product_district')
    op.drop_table('exports_by_product')
    op.drop_table('exports_by_enterprise_district')
    op.drop_table('exports_by_enterprise')
    op.drop_table('exports_by_concern_region')
    op.drop_table('concern')
    op.drop_table('by_oblast')

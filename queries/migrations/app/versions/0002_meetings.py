"""Meetings: the meeting, its copied steps, its frozen edition, the presenter's position.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("meeting_id", sa.String(length=40), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("agenda_id", sa.String(length=60), nullable=True),
        sa.Column("agenda_title_ru", sa.Text(), nullable=False),
        sa.Column("agenda_title_en", sa.Text(), nullable=False),
        sa.Column("agenda_title_de", sa.Text(), nullable=False),
        sa.Column("bodies", sa.Text(), nullable=False),
        sa.Column("others", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('planned', 'held')", name=op.f("ck_meeting_status")),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting")),
    )
    op.create_table(
        "meeting_step",
        sa.Column("meeting_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_de", sa.Text(), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_meeting_step_position")),
        sa.CheckConstraint("kind IN ('view', 'since')", name=op.f("ck_meeting_step_kind")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.meeting_id"],
                                name=op.f("fk_meeting_step_meeting_id_meeting"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "position", name=op.f("pk_meeting_step")),
    )
    op.create_table(
        "meeting_edition",
        sa.Column("meeting_id", sa.String(length=40), nullable=False),
        sa.Column("frozen_at", sa.DateTime(), nullable=False),
        sa.Column("frozen_by", sa.String(length=80), nullable=False),
        sa.Column("data_through", sa.Date(), nullable=True),
        sa.Column("loaded_at", sa.DateTime(), nullable=True),
        sa.Column("format", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("facts", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.meeting_id"],
                                name=op.f("fk_meeting_edition_meeting_id_meeting"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_edition")),
    )
    op.create_table(
        "meeting_position",
        sa.Column("meeting_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("step", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("presenter", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.meeting_id"],
                                name=op.f("fk_meeting_position_meeting_id_meeting"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_position")),
    )


def downgrade() -> None:
    op.drop_table("meeting_position")
    op.drop_table("meeting_edition")
    op.drop_table("meeting_step")
    op.drop_table("meeting")

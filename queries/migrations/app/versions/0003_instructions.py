"""Instructions given at meetings and their append-only history.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

Triggers make ``instruction_event`` append-only, as ``audit_log``: UPDATE and DELETE
(on PostgreSQL also TRUNCATE) are refused; instructions themselves are never deleted
(the foreign key RESTRICTs it while events exist).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = """
CREATE FUNCTION instruction_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'instruction_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER instruction_event_append_only BEFORE UPDATE OR DELETE ON instruction_event
    FOR EACH ROW EXECUTE FUNCTION instruction_event_append_only();
CREATE TRIGGER instruction_event_no_truncate BEFORE TRUNCATE ON instruction_event
    FOR EACH STATEMENT EXECUTE FUNCTION instruction_event_append_only();
"""
SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER instruction_event_no_update BEFORE UPDATE ON instruction_event "
    "BEGIN SELECT RAISE(ABORT, 'instruction_event is append-only: UPDATE refused'); END",
    "CREATE TRIGGER instruction_event_no_delete BEFORE DELETE ON instruction_event "
    "BEGIN SELECT RAISE(ABORT, 'instruction_event is append-only: DELETE refused'); END",
)
DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS instruction_event_no_truncate ON instruction_event;
DROP TRIGGER IF EXISTS instruction_event_append_only ON instruction_event;
DROP FUNCTION IF EXISTS instruction_event_append_only();
"""


def _postgres() -> bool:
    return op.get_context().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "instruction",
        sa.Column("instruction_id", sa.String(length=48), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("bodies", sa.Text(), nullable=False),
        sa.Column("others", sa.Text(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("meeting_id", sa.String(length=40), nullable=True),
        sa.Column("step", sa.Integer(), autoincrement=False, nullable=True),
        sa.Column("view_path", sa.Text(), nullable=False),
        sa.Column("view_search", sa.Text(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("target_metric", sa.String(length=40), nullable=True),
        sa.Column("target_subject", sa.Text(), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_by", sa.Date(), nullable=True),
        sa.Column("target_baseline", sa.Float(), nullable=True),
        sa.Column("target_since", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'reported', 'done', 'extended', 'cancelled')",
                           name=op.f("ck_instruction_status")),
        sa.PrimaryKeyConstraint("instruction_id", name=op.f("pk_instruction")),
    )
    op.create_index("ix_instruction_meeting_id", "instruction", ["meeting_id"])
    op.create_table(
        "instruction_event",
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("instruction_id", sa.String(length=48), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["instruction_id"], ["instruction.instruction_id"],
                                name=op.f("fk_instruction_event_instruction_id_instruction"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_instruction_event")),
    )
    op.create_index("ix_instruction_event_instruction_id", "instruction_event",
                    ["instruction_id"])
    if _postgres():
        op.execute(APPEND_ONLY)
    else:
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute(DROP_APPEND_ONLY)
    else:
        op.execute("DROP TRIGGER IF EXISTS instruction_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS instruction_event_no_delete")
    op.drop_index("ix_instruction_event_instruction_id", table_name="instruction_event")
    op.drop_table("instruction_event")
    op.drop_index("ix_instruction_meeting_id", table_name="instruction")
    op.drop_table("instruction")

"""The app store: users, roles, scopes, sessions, the audit log, agendas.

Revision ID: 0001
Revises:
Create Date: 2026-12-02

Triggers make ``audit_log`` append-only: UPDATE and DELETE (on PostgreSQL also
TRUNCATE) are refused, whoever asks.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"""

SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END",
)

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
DROP FUNCTION IF EXISTS audit_log_append_only();
"""


def _postgres() -> bool:
    return op.get_context().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("epoch", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("source = 'local' OR password_hash IS NULL",
                           name=op.f("ck_app_user_ldap_no_password")),
        sa.CheckConstraint("source IN ('local', 'ldap')", name=op.f("ck_app_user_source")),
        sa.CheckConstraint("name = lower(name)", name=op.f("ck_app_user_name_lower")),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_user")),
    )
    op.create_table(
        "app_user_role",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'analyst', 'secretary', 'steward', 'admin')",
                           name=op.f("ck_app_user_role_role")),
        sa.ForeignKeyConstraint(["name"], ["app_user.name"],
                                name=op.f("fk_app_user_role_name_app_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("name", "role", name=op.f("pk_app_user_role")),
    )
    op.create_table(
        "app_user_scope",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.CheckConstraint("kind IN ('concern', 'oblast')", name=op.f("ck_app_user_scope_kind")),
        sa.ForeignKeyConstraint(["name"], ["app_user.name"],
                                name=op.f("fk_app_user_scope_name_app_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("name", "kind", "value", name=op.f("pk_app_user_scope")),
    )
    op.create_table(
        "app_session",
        sa.Column("sid", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("sid", name=op.f("pk_app_session")),
    )
    op.create_index("ix_app_session_name", "app_session", ["name"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])
    op.create_table(
        "agenda",
        sa.Column("agenda_id", sa.String(length=60), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_de", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("agenda_id", name=op.f("pk_agenda")),
    )
    op.create_table(
        "agenda_step",
        sa.Column("step_id", sa.String(length=32), nullable=False),
        sa.Column("agenda_id", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_de", sa.Text(), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_agenda_step_position")),
        sa.ForeignKeyConstraint(["agenda_id"], ["agenda.agenda_id"],
                                name=op.f("fk_agenda_step_agenda_id_agenda"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("step_id", name=op.f("pk_agenda_step")),
    )
    op.create_index("ix_agenda_step_agenda_id", "agenda_step", ["agenda_id"])
    if _postgres():
        op.execute(APPEND_ONLY)
    else:
        for statement in SQLITE_APPEND_ONLY:
            op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute(DROP_APPEND_ONLY)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.drop_table("agenda_step")
    op.drop_table("agenda")
    op.drop_table("audit_log")
    op.drop_table("app_session")
    op.drop_table("app_user_scope")
    op.drop_table("app_user_role")
    op.drop_table("app_user")

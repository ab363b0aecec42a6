"""The app store's tables (``queries/appstore.py``), in SQLAlchemy Core, never reflected.

These definitions are what the code reads and writes; the migrations in
``queries/migrations/app/versions/`` create them (revision 0001 is exactly this file
as first written). A change here needs a new revision there.

Keys are natural or random text (no autoincrement integers). Times are UTC, stored
without a zone (SQLite has none); ``queries.accounts`` and ``queries.audit`` hand them
out zone-aware. Constraints carry names (the naming convention) so that SQLite's batch
migrations can find them again.
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
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

NAME_MAX = 64
SOURCES = ("local", "ldap")
SCOPE_KINDS = ("concern", "oblast")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"  # fixed lists only


app_user = Table(
    "app_user", metadata,
    Column("name", String(NAME_MAX), primary_key=True),  # lower case
    Column("display_name", String(200), nullable=False),
    Column("password_hash", Text, nullable=True),  # None: directory users
    Column("source", String(8), nullable=False),
    Column("disabled", Boolean(create_constraint=False), nullable=False),
    Column("epoch", Integer, nullable=False, autoincrement=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    CheckConstraint(_in("source", SOURCES), name="source"),
    CheckConstraint("name = lower(name)", name="name_lower"),
    CheckConstraint("source = 'local' OR password_hash IS NULL", name="ldap_no_password"),
)

app_user_role = Table(
    "app_user_role", metadata,
    Column("name", String(NAME_MAX), ForeignKey("app_user.name", ondelete="CASCADE"),
           nullable=False),
    Column("role", String(20), nullable=False),
    PrimaryKeyConstraint("name", "role"),
    CheckConstraint(_in("role", ("viewer", "analyst", "secretary", "steward", "admin")),
                    name="role"),
)

app_user_scope = Table(
    "app_user_scope", metadata,
    Column("name", String(NAME_MAX), ForeignKey("app_user.name", ondelete="CASCADE"),
           nullable=False),
    Column("kind", String(8), nullable=False),
    Column("value", String(32), nullable=False),
    PrimaryKeyConstraint("name", "kind", "value"),
    CheckConstraint(_in("kind", SCOPE_KINDS), name="kind"),
)

app_session = Table(
    "app_session", metadata,
    Column("sid", String(64), primary_key=True),
    Column("name", String(NAME_MAX), nullable=False),
    Column("address", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("ended_at", DateTime, nullable=True),
    Index("ix_app_session_name", "name"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", String(32), primary_key=True),  # time-ordered: ms timestamp + random
    Column("at", DateTime, nullable=False),
    Column("actor", String(NAME_MAX + 16), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", Text, nullable=False),
    Column("address", String(64), nullable=False),
    Column("detail", Text, nullable=False),
    Index("ix_audit_log_at", "at"),
    Index("ix_audit_log_actor", "actor"),
)

agenda = Table(
    "agenda", metadata,
    Column("agenda_id", String(60), primary_key=True),
    Column("title_ru", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("title_de", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("owner", String(NAME_MAX), nullable=True),  # an analyst's own; None: shared
)

agenda_step = Table(
    "agenda_step", metadata,
    Column("step_id", String(32), primary_key=True),
    Column("agenda_id", String(60), ForeignKey("agenda.agenda_id", ondelete="CASCADE"),
           nullable=False),
    Column("position", Integer, nullable=False, autoincrement=False),
    Column("path", Text, nullable=False),
    Column("search", Text, nullable=False),
    Column("title_ru", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("title_de", Text, nullable=False),
    CheckConstraint("position >= 1", name="position"),
    Index("ix_agenda_step_agenda_id", "agenda_id"),
)


# -- meetings (revision 0002) -------------------------------------------------------------
MEETING_STATUSES = ("planned", "held")
STEP_KINDS = ("view", "since", "instr")  # "instr": revision 0004

meeting = Table(
    "meeting", metadata,
    Column("meeting_id", String(40), primary_key=True),  # its date, "2026-12-04[-2]"
    Column("held_on", Date, nullable=False),
    Column("title", Text, nullable=False),
    Column("status", String(8), nullable=False),
    Column("agenda_id", String(60), nullable=True),  # where the steps were copied from
    Column("agenda_title_ru", Text, nullable=False),
    Column("agenda_title_en", Text, nullable=False),
    Column("agenda_title_de", Text, nullable=False),
    Column("bodies", Text, nullable=False),          # "concern:bellegprom oblast:minsk"
    Column("others", Text, nullable=False),          # participants as free text
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(NAME_MAX + 16), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    CheckConstraint(_in("status", MEETING_STATUSES), name="status"),
)

meeting_step = Table(
    "meeting_step", metadata,
    Column("meeting_id", String(40), ForeignKey("meeting.meeting_id", ondelete="CASCADE"),
           nullable=False),
    Column("position", Integer, nullable=False, autoincrement=False),
    Column("kind", String(8), nullable=False),
    Column("path", Text, nullable=False),
    Column("search", Text, nullable=False),
    Column("title_ru", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("title_de", Text, nullable=False),
    PrimaryKeyConstraint("meeting_id", "position"),
    CheckConstraint("position >= 1", name="position"),
    CheckConstraint(_in("kind", STEP_KINDS), name="kind"),
)

# One edition per meeting: re-freezing replaces it (and the audit log says so).
meeting_edition = Table(
    "meeting_edition", metadata,
    Column("meeting_id", String(40), ForeignKey("meeting.meeting_id", ondelete="CASCADE"),
           primary_key=True),
    Column("frozen_at", DateTime, nullable=False),
    Column("frozen_by", String(NAME_MAX + 16), nullable=False),
    Column("data_through", Date, nullable=True),     # the data's latest month
    Column("loaded_at", DateTime, nullable=True),    # the latest load at freezing
    Column("format", Integer, nullable=False, autoincrement=False),
    Column("payload", LargeBinary, nullable=False),  # lzma-compressed JSON
    Column("facts", LargeBinary, nullable=False),    # lzma-compressed JSON, small
    Column("size", Integer, nullable=False, autoincrement=False),
)

# Where the presenter is: read by the followers' browsers (any worker process).
meeting_position = Table(
    "meeting_position", metadata,
    Column("meeting_id", String(40), ForeignKey("meeting.meeting_id", ondelete="CASCADE"),
           primary_key=True),
    Column("seq", Integer, nullable=False, autoincrement=False),
    Column("step", Integer, nullable=False, autoincrement=False),
    Column("search", Text, nullable=False),
    Column("presenter", String(NAME_MAX + 16), nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# -- instructions (revision 0003) ---------------------------------------------------------
INSTRUCTION_STATUSES = ("open", "reported", "done", "extended", "cancelled")

instruction = Table(
    "instruction", metadata,
    Column("instruction_id", String(48), primary_key=True),  # "2026-12-04-3"
    Column("text", Text, nullable=False),
    Column("bodies", Text, nullable=False),       # "concern:bellegprom oblast:BY-MI"
    Column("others", Text, nullable=False),       # responsible bodies as free text
    Column("person", Text, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("status", String(12), nullable=False),
    Column("meeting_id", String(40), nullable=True),  # kept if the meeting goes
    Column("step", Integer, nullable=True, autoincrement=False),
    Column("view_path", Text, nullable=False),
    Column("view_search", Text, nullable=False),
    Column("figures", Text, nullable=False),      # JSON: the view's figures then
    Column("target_metric", String(40), nullable=True),
    Column("target_subject", Text, nullable=True),  # JSON
    Column("target_value", Float, nullable=True),
    Column("target_by", Date, nullable=True),
    Column("target_baseline", Float, nullable=True),
    Column("target_since", Date, nullable=True),     # the month the baseline is of
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(NAME_MAX + 16), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    CheckConstraint(_in("status", INSTRUCTION_STATUSES), name="status"),
    Index("ix_instruction_meeting_id", "meeting_id"),
)

# Append-only (triggers in revision 0003): the history of every instruction.
instruction_event = Table(
    "instruction_event", metadata,
    Column("event_id", String(32), primary_key=True),  # time-ordered: ms + random
    Column("instruction_id", String(48),
           ForeignKey("instruction.instruction_id", ondelete="RESTRICT"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("actor", String(NAME_MAX + 16), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("status", String(12), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("text", Text, nullable=False),
    Column("attachments", Text, nullable=False),
    Index("ix_instruction_event_instruction_id", "instruction_id"),
)

"""A meeting step of kind ``instr`` ("Instructions: due, overdue, done since the last
meeting", step 2 of every new meeting): the step kinds' CHECK constraint widened.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

SQLite cannot alter a constraint: batch mode copies the table (env.py renders batch
on SQLite); on PostgreSQL it is a plain DROP/ADD CONSTRAINT. The constraint keeps its
name (the naming convention's ``ck_meeting_step_kind``).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ck_meeting_step_kind"


def _kind(*kinds: str) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def _replace(condition: str) -> None:
    with op.batch_alter_table("meeting_step") as batch:
        batch.drop_constraint(op.f(NAME), type_="check")
        batch.create_check_constraint(op.f(NAME), condition)


def upgrade() -> None:
    _replace(_kind("view", "since", "instr"))


def downgrade() -> None:
    # a meeting made since has an instructions step that the old constraint refuses;
    # nothing is deleted on the way down: say so instead
    found = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM meeting_step WHERE kind = 'instr'")).scalar()
    if found:
        raise RuntimeError(f"{found} meeting steps are of kind 'instr'; revision 0003 "
                           "cannot hold them (downgrade refused, nothing changed)")
    _replace(_kind("view", "since"))

"""command_log: the first answer of each command, so that a repeat gets it again

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "command_log",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("command", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("reply", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "command", "key"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_command_log_created_at", "command_log", ["created_at"])


def downgrade():
    op.drop_index("ix_command_log_created_at", table_name="command_log")
    op.drop_table("command_log")

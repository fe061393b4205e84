"""rate limit counters shared by every instance

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limits",
        sa.Column("bucket", sa.String(length=40), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("window_started_ms", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "key_hash"),
    )
    op.create_index("ix_rate_limits_bucket_window", "rate_limits", ["bucket", "window_started_ms"])


def downgrade():
    op.drop_index("ix_rate_limits_bucket_window", table_name="rate_limits")
    op.drop_table("rate_limits")

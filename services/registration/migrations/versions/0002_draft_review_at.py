"""drafts.review_at: when the last applied review decision was made (out-of-order events)

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
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("review_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("review_at")

"""the 推荐单位 a snapshot's form names

Review's `opened` event says which 推荐单位 account the form's 推荐单位 names; that account reviews
the case, so it reads the snapshot (docs/architecture.md, "推荐单位"). NULL: none named.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 19:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('snapshots', sa.Column('recommender_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('snapshots', 'recommender_id')

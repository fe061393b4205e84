"""the form's 推荐单位 on a case

The registration form's 推荐单位 (free text) comes with `submitted`; the case keeps it as written
so the case page can say which 推荐单位 the case goes to and why. `recommender_id` (there since
0001, NULL until now) holds the 推荐单位 account the text names. NULL for cases opened before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 19:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # plain ALTER TABLE: a batch copy of `cases` would drop migration 0002's FTS triggers
    op.add_column('cases', sa.Column('form_recommender', sa.String(100), nullable=True))
    op.create_index('ix_cases_recommender_id', 'cases', ['recommender_id'])


def downgrade() -> None:
    op.drop_index('ix_cases_recommender_id', 'cases')
    op.drop_column('cases', 'form_recommender')

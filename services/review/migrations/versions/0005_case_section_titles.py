"""the form's section titles on a case

A return's comments are keyed by the form's sections; the case keeps the titles the `submitted`
event brings, so a comment on a section the form does not have is refused and the people told
of a return read 成果概况, not `overview`. NULL for cases opened before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 15:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # plain ALTER TABLE: a batch copy of `cases` would drop migration 0002's FTS triggers
    op.add_column('cases', sa.Column('sections', sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column('cases', 'sections')

"""the reviewer's name on each history line

A decision records the name the person's account had then (the gateway's caller carries it), so
the registrant's 登记进度 can show who reviewed where the policy allows it
(REVIEW.timeline.reviewer_names) without asking accounts. NULL for lines written before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 19:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('transitions', sa.Column('by_name', sa.String(50), nullable=True))


def downgrade() -> None:
    op.drop_column('transitions', 'by_name')

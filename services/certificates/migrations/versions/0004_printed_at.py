"""when a certificate was first downloaded to print (工作提醒 登记证书待打印 until then)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 16:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True))
    # certificates issued before: their owners have had them; no reminder for them now
    op.execute("UPDATE certificates SET printed_at = issued_at WHERE status = 'issued'")


def downgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_column('printed_at')

"""accounts the office manages: 停用 an account; documents other than the 居民身份证

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 16:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
        # 港澳居民来往内地通行证 (11 characters); a passport number up to 20
        batch_op.alter_column('id_type', existing_type=sa.String(length=10), type_=sa.String(length=20),
                              existing_nullable=True)
        batch_op.alter_column('id_number', existing_type=sa.String(length=18), type_=sa.String(length=20),
                              existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('id_number', existing_type=sa.String(length=20), type_=sa.String(length=18),
                              existing_nullable=True)
        batch_op.alter_column('id_type', existing_type=sa.String(length=20), type_=sa.String(length=10),
                              existing_nullable=True)
        batch_op.drop_column('disabled_at')

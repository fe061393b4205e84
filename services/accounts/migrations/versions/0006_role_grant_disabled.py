"""a unit admin disables and enables a registrant's role (the person keeps the account)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 16:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('disabled_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_role_grants_disabled_by_users', 'users', ['disabled_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint('fk_role_grants_disabled_by_users', type_='foreignkey')
        batch_op.drop_column('disabled_by')
        batch_op.drop_column('disabled_at')

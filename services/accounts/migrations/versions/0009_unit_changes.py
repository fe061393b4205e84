"""a unit's admin keeps its details (a new name or credit code is a change request the office
decides); the office disables and enables a unit

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 19:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('disabled_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('disabled_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key('fk_units_disabled_by_users', 'users', ['disabled_by'], ['id'])
    op.create_table('unit_changes',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('unit_id', sa.Integer(), nullable=False),
                    sa.Column('old_name', sa.String(length=100), nullable=False),
                    sa.Column('old_credit_code', sa.String(length=18), nullable=False),
                    sa.Column('name', sa.String(length=100), nullable=False),
                    sa.Column('credit_code', sa.String(length=18), nullable=False),
                    sa.Column('requested_by', sa.Integer(), nullable=False),
                    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('status', sa.String(length=10), nullable=False),
                    sa.Column('decided_by', sa.Integer(), nullable=True),
                    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('reason', sa.Text(), nullable=True),
                    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
                    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], ),
                    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], ),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_unit_changes_unit_id', 'unit_changes', ['unit_id'], unique=False)
    op.create_index('ix_unit_changes_status', 'unit_changes', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_unit_changes_status', table_name='unit_changes')
    op.drop_index('ix_unit_changes_unit_id', table_name='unit_changes')
    op.drop_table('unit_changes')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_constraint('fk_units_disabled_by_users', type_='foreignkey')
        batch_op.drop_column('disabled_reason')
        batch_op.drop_column('disabled_by')
        batch_op.drop_column('disabled_at')

"""通知公告 and 常见问题 the office writes and publishes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 16:35:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('public_texts',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('kind', sa.String(length=10), nullable=False),
                    sa.Column('title', sa.String(length=100), nullable=False),
                    sa.Column('body', sa.Text(), nullable=False),
                    sa.Column('pinned', sa.Boolean(), nullable=False),
                    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('author_id', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_public_texts_kind', 'public_texts', ['kind'], unique=False)
    op.create_index('ix_public_texts_published_at', 'public_texts', ['published_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_public_texts_published_at', table_name='public_texts')
    op.drop_index('ix_public_texts_kind', table_name='public_texts')
    op.drop_table('public_texts')

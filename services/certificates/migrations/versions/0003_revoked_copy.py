"""the copy of a revoked certificate marked 已注销

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 16:05:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = (("revoked_pdf_key", sa.String(length=64)), ("revoked_pdf_size", sa.BigInteger()),
           ("revoked_png_key", sa.String(length=64)), ("revoked_png_size", sa.BigInteger()))


def upgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        for name, kind in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)

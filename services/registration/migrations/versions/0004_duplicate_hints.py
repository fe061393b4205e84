"""疑似重复登记: a draft's title key, and the IP numbers of each draft's latest submission

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 16:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from services.registration.domain.draft import registered_ip_numbers
from services.registration.domain.duplicates import number_key, title_key

revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BATCH = 2000


def upgrade() -> None:
    op.add_column('drafts', sa.Column('title_key', sa.String(length=300), nullable=True))
    op.create_table('submitted_ip_numbers',
                    sa.Column('draft_id', sa.Integer(), nullable=False),
                    sa.Column('number', sa.String(length=100), nullable=False),
                    sa.ForeignKeyConstraint(['draft_id'], ['drafts.id'], ),
                    sa.PrimaryKeyConstraint('draft_id', 'number'))
    op.create_index('ix_submitted_ip_numbers_number', 'submitted_ip_numbers', ['number'], unique=False)
    bind = op.get_bind()
    drafts = sa.table("drafts", sa.column("id", sa.Integer), sa.column("title", sa.String),
                      sa.column("title_key", sa.String))
    after = 0
    while rows := bind.execute(sa.select(drafts.c.id, drafts.c.title).where(drafts.c.id > after)
                               .order_by(drafts.c.id).limit(BATCH)).all():
        bind.execute(drafts.update().where(drafts.c.id == sa.bindparam("i")).values(title_key=sa.bindparam("k")),
                     [{"i": i, "k": title_key(t)} for i, t in rows])
        after = rows[-1][0]
    snapshots = sa.table("snapshots", sa.column("id", sa.Integer), sa.column("draft_id", sa.Integer),
                         sa.column("content", sa.JSON))
    latest = sa.select(sa.func.max(snapshots.c.id)).group_by(snapshots.c.draft_id).scalar_subquery()
    numbers = sa.table("submitted_ip_numbers", sa.column("draft_id", sa.Integer), sa.column("number", sa.String))
    after = 0
    while rows := bind.execute(sa.select(snapshots.c.id, snapshots.c.draft_id, snapshots.c.content)
                               .where(snapshots.c.id.in_(latest), snapshots.c.id > after)
                               .order_by(snapshots.c.id).limit(BATCH)).all():
        found = {(d, number_key(n)) for _, d, content in rows
                 for n in registered_ip_numbers(content or {}) if number_key(n)}
        if found:
            bind.execute(numbers.insert(), [{"draft_id": d, "number": k[:100]} for d, k in sorted(found)])
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index('ix_submitted_ip_numbers_number', table_name='submitted_ip_numbers')
    op.drop_table('submitted_ip_numbers')
    op.drop_column('drafts', 'title_key')

"""publish the 注册协议条例, version 2021-1

Revision ID: 0002
Revises: 0001
"""
import datetime as dt
import os

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

VERSION = "2021-1"
TEXT = os.path.join(os.path.dirname(__file__), "..", "..", "agreements", f"{VERSION}.md")


def upgrade():
    with open(TEXT, encoding="utf-8") as handle:
        title, _, body = handle.read().partition("\n")
    agreements = sa.table("agreements", sa.column("version"), sa.column("title"),
                          sa.column("body"), sa.column("published_at", sa.DateTime(timezone=True)))
    op.bulk_insert(agreements, [{
        "version": VERSION, "title": title.lstrip("# ").strip(), "body": body.strip(),
        "published_at": dt.datetime(2021, 12, 1, tzinfo=dt.timezone.utc)}])


def downgrade():
    op.execute(sa.text("DELETE FROM agreements WHERE version = :v").bindparams(v=VERSION))

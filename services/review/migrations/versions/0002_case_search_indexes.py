"""cases: index for newest-first lists, and a trigram index for the office's title search

The office's 成果查询 finds a case by any part of its title (`title LIKE '%…%'`), which no
B-tree index serves: with 100,000 cases the count and the page each scanned the table
(~25 ms together on SQLite). A trigram index answers any substring of three characters or
more from the index:
- SQLite: an FTS5 table with the trigram tokenizer over `cases.title` (external content, kept
  in step by triggers); queries use it through `MATCH` (services/review/app/queries.py).
- PostgreSQL: pg_trgm's GIN index, which the planner uses for `LIKE '%…%'` by itself. If the
  extension cannot be created (no privilege), the index is skipped with a warning and the
  search scans as before.
Shorter queries (one or two characters) scan the titles either way.

Revision ID: 0002
Revises: 0001
"""
import logging

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE cases_title_fts USING fts5(title, content='cases', "
    "content_rowid='id', tokenize='trigram')",
    "INSERT INTO cases_title_fts(cases_title_fts) VALUES ('rebuild')",
    "CREATE TRIGGER cases_title_fts_insert AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_title_fts(rowid, title) VALUES (new.id, new.title); END",
    "CREATE TRIGGER cases_title_fts_delete AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_title_fts(cases_title_fts, rowid, title) VALUES ('delete', old.id, old.title); END",
    "CREATE TRIGGER cases_title_fts_update AFTER UPDATE OF title ON cases BEGIN "
    "INSERT INTO cases_title_fts(cases_title_fts, rowid, title) VALUES ('delete', old.id, old.title); "
    "INSERT INTO cases_title_fts(rowid, title) VALUES (new.id, new.title); END",
]


def upgrade():
    op.create_index("ix_cases_updated_at_id", "cases", ["updated_at", "id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        has_trgm = bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
        if not has_trgm:
            try:
                with bind.begin_nested():
                    bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                has_trgm = True
            except sa.exc.DBAPIError as exc:
                log.warning("pg_trgm not available (%s): the title search will scan", exc.orig)
        if has_trgm:
            op.execute("CREATE INDEX ix_cases_title_trgm ON cases USING gin (title gin_trgm_ops)")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS cases_title_fts_{name}")
        op.execute("DROP TABLE IF EXISTS cases_title_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_cases_title_trgm")
    op.drop_index("ix_cases_updated_at_id", table_name="cases")

"""words by character: SQLite finds words of one or two characters from an index

SQLite's FTS5 trigram table cannot find a word shorter than three characters (most Chinese
words are two), so such a search read every row. `registration_words.search_chars` holds the
words one character to a token (domain/registration_row.search_chars) under an FTS5 table of
its own, kept by triggers as 0002's; a short word is a phrase of its characters. PostgreSQL
gets the column only (left NULL: its pg_trgm index serves every length).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 15:55:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from services.reports.domain.registration_row import search_chars


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BATCH = 5000

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE registration_chars_fts USING fts5(search_chars, "
    "content='registration_words', content_rowid='draft_id', tokenize='unicode61 remove_diacritics 0')",
    "INSERT INTO registration_chars_fts(registration_chars_fts) VALUES ('rebuild')",
    "CREATE TRIGGER registration_chars_fts_insert AFTER INSERT ON registration_words BEGIN "
    "INSERT INTO registration_chars_fts(rowid, search_chars) VALUES (new.draft_id, new.search_chars); END",
    "CREATE TRIGGER registration_chars_fts_delete AFTER DELETE ON registration_words BEGIN "
    "INSERT INTO registration_chars_fts(registration_chars_fts, rowid, search_chars) "
    "VALUES ('delete', old.draft_id, old.search_chars); END",
    "CREATE TRIGGER registration_chars_fts_update AFTER UPDATE OF search_chars ON registration_words BEGIN "
    "INSERT INTO registration_chars_fts(registration_chars_fts, rowid, search_chars) "
    "VALUES ('delete', old.draft_id, old.search_chars); "
    "INSERT INTO registration_chars_fts(rowid, search_chars) VALUES (new.draft_id, new.search_chars); END",
]


def upgrade() -> None:
    # plain ALTER TABLE (no batch copy of the table: it would drop 0002's triggers)
    op.add_column('registration_words', sa.Column('search_chars', sa.Text(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    words = sa.table("registration_words", sa.column("draft_id", sa.Integer),
                     sa.column("search_text", sa.Text), sa.column("search_chars", sa.Text))
    after = 0
    while True:
        rows = bind.execute(sa.select(words.c.draft_id, words.c.search_text)
                            .where(words.c.draft_id > after).order_by(words.c.draft_id)
                            .limit(BATCH)).all()
        if not rows:
            break
        bind.execute(words.update().where(words.c.draft_id == sa.bindparam("id"))
                     .values(search_chars=sa.bindparam("chars")),
                     [{"id": i, "chars": search_chars(text)} for i, text in rows])
        after = rows[-1][0]
    for statement in SQLITE_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS registration_chars_fts_{name}")
        op.execute("DROP TABLE IF EXISTS registration_chars_fts")
    op.drop_column('registration_words', 'search_chars')

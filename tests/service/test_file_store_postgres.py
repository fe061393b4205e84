"""The shared file store on a real PostgreSQL: several processes starting at once all find (or
make) its table — two concurrent CREATE TABLE IF NOT EXISTS used to collide in the catalogue and
end one gateway at start (seen in the fault tests' system of two gateways)."""
import io
import uuid

import eventlet
import pytest
import sqlalchemy as sa

from services.common.file_store import DatabaseFileStore
from tests.support.system import PG_ADMIN


@pytest.fixture
def empty_database():
    name = f"kjfs_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_stores_starting_at_once_on_an_empty_database_all_start(empty_database):
    pool = eventlet.GreenPool(6)
    stores = list(pool.imap(lambda _: DatabaseFileStore(empty_database), range(6)))
    stored = stores[0].put(io.BytesIO(b"%PDF-1.7 one"), limit=1024)
    assert [s.read(stored.key) for s in stores] == [b"%PDF-1.7 one"] * 6
    for store in stores:
        store.engine.dispose()

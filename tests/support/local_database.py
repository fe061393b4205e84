"""A service's `db` dependency over a local SQLite file, for nameko's worker_factory.

It presents what services.common.database.DatabaseAccess presents to a worker (`engine`,
`metadata`, `begin()` opening one unit of work), on a database migrated with the service's
own migrations, with no broker and no relay to wake."""
from sqlalchemy.orm import sessionmaker

from services.common import migrations
from services.common.engine import make_engine
from services.common.uow import unit_of_work


class LocalDatabase:
    """The `db` dependency over a local SQLite file, as DatabaseAccess presents it.

    `LocalDatabase(tmp_path / "accounts.db", "accounts", MIGRATIONS, metadata)`: the service's
    name (the events' producer), its migrations folder and its SQLAlchemy metadata."""

    def __init__(self, path, service_name, migrations_dir, metadata, url=None, migrate=True):
        self.service_name = service_name
        self.metadata = metadata
        self.engine = make_engine(url or f"sqlite:///{path}")  # `url`: any database, PostgreSQL too
        if migrate:
            migrations.upgrade(self.engine, migrations_dir, service_name)
        self.factory = sessionmaker(bind=self.engine, expire_on_commit=False)

    def begin(self):
        return unit_of_work(self.factory, self.metadata, self.service_name)

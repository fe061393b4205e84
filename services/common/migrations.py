"""Alembic, one history per service: `upgrade()` at start and `run_env()` in env.py.

Usage from a shell (the documented command):
    python -m services.common.migrations services/accounts/config.yaml
"""
from __future__ import annotations

import sys
import zlib

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config


def version_table(service: str) -> str:
    return f"alembic_version_{service}"


def _config(migrations_dir: str, service: str, connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", migrations_dir)
    cfg.attributes["connection"] = connection
    cfg.attributes["service"] = service
    return cfg


def upgrade(engine: sa.Engine, migrations_dir: str, service: str) -> None:
    """Bring the schema to head; instances starting together on PostgreSQL take turns."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            key = zlib.crc32(f"migrate:{service}".encode())
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": key})
            conn.commit()
        try:
            command.upgrade(_config(migrations_dir, service, conn), "head")
            conn.commit()
        finally:
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()


def run_env(target_metadata: sa.MetaData) -> None:
    """Body of every service's migrations/env.py (online mode, connection given)."""
    conn = context.config.attributes["connection"]
    service = context.config.attributes["service"]
    context.configure(connection=conn, target_metadata=target_metadata,
                      version_table=version_table(service),
                      render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def main(argv: list[str]) -> None:
    from .config_file import load_config
    from .engine import make_engine
    import importlib
    import os

    config = load_config(argv[0])
    service = config["SERVICE_NAME"]
    models = importlib.import_module(f"services.{service}.models")
    migrations_dir = os.path.join(os.path.dirname(models.__file__), "migrations")
    upgrade(make_engine(config["DB_URL"]), migrations_dir, service)
    print(f"{service}: database at head")


if __name__ == "__main__":
    main(sys.argv[1:])

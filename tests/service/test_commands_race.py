"""Five processes submit one draft with one Idempotency-Key at the same moment (issue 10, 5):
every one answers the first snapshot, one snapshot and one `submitted` event exist, on SQLite
(several processes on one file) and on PostgreSQL (concurrent transactions)."""
import json
import os
import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa
from tests.support.registration_worker import filled, registration_worker
from tests.support.system import PG_ADMIN

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/registration.db"
        return
    name = f"kj_race_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {PG_ADMIN}: {exc}")
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_five_concurrent_submits_with_one_key_all_answer_the_first_snapshot(database_url, tmp_path):
    service = registration_worker(database_url)
    db = service.db
    draft = filled(service)
    racers = [subprocess.Popen([sys.executable, "-m", "tests.support.command_race", database_url,
                                str(draft["id"]), "same-key"], cwd=ROOT, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
              for _ in range(5)]
    try:
        for racer in racers:
            assert racer.stdout.readline().strip() == "ready"
        for racer in racers:
            racer.stdin.write("go\n")
            racer.stdin.flush()
        answers = [json.loads(racer.stdout.readline()) for racer in racers]
    finally:
        for racer in racers:
            racer.kill()
            racer.wait()
    assert all("error" not in a for a in answers), answers
    assert len({a["snapshot_id"] for a in answers}) == 1
    assert sorted(a["repeated"] for a in answers) == [False, True, True, True, True]
    first = next(a for a in answers if not a["repeated"])
    assert all({**a, "repeated": False} == first for a in answers)
    with db.engine.connect() as conn:
        snapshots = conn.execute(sa.text("SELECT count(*) FROM snapshots WHERE draft_id = :d"),
                                 {"d": draft["id"]}).scalar()
        events = conn.execute(sa.text("SELECT count(*) FROM outbox WHERE event_type = 'submitted'")).scalar()
    assert (snapshots, events) == (1, 1)
    db.engine.dispose()

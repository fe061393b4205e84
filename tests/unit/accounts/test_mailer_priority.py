"""Mail a person is waiting for (an activation link, a code) goes out before notices about
registrations, however many notices are already waiting (a burst of submissions mails every
office user)."""
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.accounts import mailer
from services.accounts.app import outgoing
from services.accounts.models import OutgoingMessage, metadata
from services.accounts.service import MIGRATIONS
from tests.support.local_database import LocalDatabase


def test_the_mailer_claims_what_a_person_waits_for_first(tmp_path):
    db = LocalDatabase(tmp_path / "accounts.db", "accounts", MIGRATIONS, metadata)
    with db.begin() as uow:
        for n in range(30):
            outgoing.notice(uow, f"office{n}@example.gov.cn", "新的待审核成果", ["…"])
        outgoing.email(uow, "new@example.com", "账号激活", ["…"])
    now = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
    first = mailer.claim(db.engine, now, limit=5)
    assert first[0].recipient == "new@example.com"
    assert [r.priority for r in first] == [outgoing.URGENT] + [outgoing.NOTICE] * 4
    with Session(db.engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(OutgoingMessage)) == 31

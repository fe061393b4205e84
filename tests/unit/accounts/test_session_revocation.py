"""Ending sessions tells the gateways which ones (on a real, migrated SQLite database): logout,
a password change (the other sessions) and a reset (all of them) return the revoked token
hashes and record a `sessions_revoked` event with them; authenticate says how long is left."""
import datetime as dt

import pytest
import sqlalchemy as sa

from services.accounts.app import sessions
from services.accounts.domain import password as passwords
from services.accounts.domain import tokens
from services.accounts.models import LinkToken, LoginSession, User, metadata
from services.accounts.service import MIGRATIONS
from services.common.clock import utcnow
from services.common.errors import NotAuthenticated
from services.common.identity import Caller
from tests.support.local_database import LocalDatabase

OLD, NEW = "Abc123!@", "Xyz789#$"


@pytest.fixture
def begin(tmp_path):
    return LocalDatabase(tmp_path / "accounts.db", "accounts", MIGRATIONS, metadata).begin


def a_user_with_sessions(begin, *tokens_, expired=()):
    now = utcnow()
    with begin() as uow:
        user = User(email="w@example.com", name="王伟任", status="active", created_at=now,
                    password_hash=passwords.hash_password(OLD), failed_logins=0)
        uow.session.add(user)
        uow.session.flush()
        for token in (*tokens_, *expired):
            ends = now - dt.timedelta(hours=1) if token in expired else now + dt.timedelta(hours=12)
            uow.session.add(LoginSession(user_id=user.id, token_hash=tokens.digest(token),
                                         csrf_hash=tokens.digest("c"), created_at=now, expires_at=ends))
        return user.id


def test_authenticate_says_how_long_the_session_has_left(begin):
    a_user_with_sessions(begin, "t1")
    with begin() as uow:
        found = sessions.authenticate(uow, "t1")
    assert found["caller"]["name"] == "王伟任" and found["csrf_hash"] == tokens.digest("c")
    assert 12 * 3600 - 60 < found["expires_in"] <= 12 * 3600
    with begin() as uow, pytest.raises(NotAuthenticated):
        sessions.authenticate(uow, "nope")


def test_logout_returns_and_announces_the_token_hash_once(begin):
    user_id = a_user_with_sessions(begin, "t1")
    with begin() as uow:
        assert sessions.logout(uow, "t1")["revoked_token_hashes"] == [tokens.digest("t1")]
        event = uow.emitted[0]
    assert event["type"] == "sessions_revoked"
    assert event["data"] == {"user_id": user_id, "token_hashes": [tokens.digest("t1")], "reason": "logout"}
    with begin() as uow:
        assert sessions.logout(uow, "t1")["revoked_token_hashes"] == [] and uow.emitted == []   # already ended: no event
        with pytest.raises(NotAuthenticated):
            sessions.authenticate(uow, "t1")


def test_a_password_change_ends_the_other_live_sessions_and_names_them(begin):
    user_id = a_user_with_sessions(begin, "mine", "other1", "other2", expired=("old",))
    with begin() as uow:
        revoked = sessions.change_password(uow, Caller(user_id), "mine", {
            "old_password": OLD, "password": NEW, "password_confirm": NEW})["revoked_token_hashes"]
        events = uow.emitted
    assert sorted(revoked) == sorted([tokens.digest("other1"), tokens.digest("other2")])
    assert [e["data"]["reason"] for e in events] == ["password_changed"]
    with begin() as uow:
        assert sessions.authenticate(uow, "mine")["caller"]["user_id"] == user_id
        revoked_at = dict(uow.session.execute(sa.select(LoginSession.token_hash, LoginSession.revoked_at)).all())
    assert revoked_at[tokens.digest("old")] is not None   # ended too, just not announced


def test_a_reset_ends_every_session(begin):
    user_id = a_user_with_sessions(begin, "a", "b")
    with begin() as uow:
        uow.session.add(LinkToken(user_id=user_id, purpose="reset", token_hash=tokens.digest("link"),
                                  created_at=utcnow(), expires_at=utcnow() + dt.timedelta(hours=2)))
    with begin() as uow:
        revoked = sessions.reset_password(uow, "link", {"password": NEW, "password_confirm": NEW}
                                          )["revoked_token_hashes"]
        assert uow.emitted[0]["data"]["reason"] == "password_reset"
    assert sorted(revoked) == sorted([tokens.digest("a"), tokens.digest("b")])

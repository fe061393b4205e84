"""accounts: units, people, roles, sessions, captchas and the mail they are sent.

Entry points only: each opens a unit of work and calls the application functions in app/.
Authenticated calls take the caller (the identity the gateway resolved) as first argument.
"""
from __future__ import annotations

import base64
import datetime as dt
import os

import sqlalchemy as sa

from services.common.database import Database
from services.common.errors import EXPECTED, Forbidden, invalid
from services.common.retrying_handler import event_handler
from services.common.identity import OFFICE, UNIT_ADMIN, Caller
from services.common.service_base import ServiceBase, logged_in
from services.common.rpc import rpc  # nameko's @rpc, replies without confirms
from services.common.providers import Settings

from .app import captchas, limits, notices, profile, sessions, signup, units
from .domain import captcha, people
from .models import Agreement, OutgoingMessage, RoleGrant, User, metadata
from .settings import AccountsSettings

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


MAX_PAGE = 100_000  # far past any listing; bigger numbers overflow the databases' offsets


def _page(page, page_size) -> tuple[int, int]:
    try:
        page, page_size = int(page), int(page_size)
    except (TypeError, ValueError):
        raise invalid({"page": "页码应为正整数"}) from None
    if not 1 <= page <= MAX_PAGE or not 1 <= page_size <= 100:
        raise invalid({"page": f"页码应为1-{MAX_PAGE}的整数，每页1-100条"})
    return page, page_size


class AccountsService(ServiceBase):
    name = "accounts"

    db = Database(metadata, MIGRATIONS)
    settings = Settings(AccountsSettings)

    def captcha_issued(self, captcha_id: str, answer: str) -> None:
        """Called for each new captcha. Does nothing here; the tests' subclass records the
        answer (tests/support/accounts_under_test.py) so a test can log in."""

    def _captcha_ok(self, data) -> bool:
        data = data if isinstance(data, dict) else {}
        with self.db.begin() as uow:
            return captchas.consume(uow.session, data.get("captcha_id"), data.get("captcha_answer"))

    def _count(self, *hits) -> None:
        """Count requests against rate limits in a transaction of their own, committed even
        when the request then fails (wrong passwords are what the login limits are for).
        Each hit: (bucket, key); a None key is not counted. Raises TooManyRequests (429)."""
        with self.db.begin() as uow:
            for bucket, key in hits:
                limits.hit(uow.session, self.settings.rate_limits, bucket, key)

    # -- captcha ---------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def new_captcha(self, client=None):
        with self.db.begin() as uow:
            limits.hit(uow.session, self.settings.rate_limits, "captcha_ip", limits.client_ip(client))
            answer = captcha.new_answer()
            captcha_id, png = captchas.issue(uow.session, self.settings.captcha_seconds, answer)
        self.captcha_issued(captcha_id, answer)
        return {"captcha_id": captcha_id, "png": base64.b64encode(png).decode(),
                "expires_in": self.settings.captcha_seconds}

    # -- units -----------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def register_unit(self, data, client=None):
        clean = captchas.read_with_captcha(people.read_unit_registration, self._captcha_ok(data), data)
        with self.db.begin() as uow:  # only registrations that are accepted count
            limits.hit(uow.session, self.settings.rate_limits, "registration_ip",
                       limits.client_ip(client))
            return units.as_dict(units.register(uow, clean))

    @rpc(expected_exceptions=EXPECTED)
    def list_units(self, caller, status=None, page=1, page_size=20):
        Caller.from_dict(caller).require(OFFICE)
        page, page_size = _page(page, page_size)
        with self.db.begin() as uow:
            return units.listing(uow.session, status, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def get_unit(self, caller, unit_id):
        who = logged_in(caller)
        if not (who.has(OFFICE) or who.units_where(UNIT_ADMIN) & {unit_id}
                or any(g.unit_id == unit_id for g in who.grants)):
            raise Forbidden()
        with self.db.begin() as uow:
            return units.as_dict(units.get(uow.session, unit_id))

    @rpc(expected_exceptions=EXPECTED)
    def approve_unit(self, caller, unit_id):
        who = Caller.from_dict(caller).require(OFFICE)
        with self.db.begin() as uow:
            return units.as_dict(units.approve(uow, self.settings, who.user_id, unit_id))

    @rpc(expected_exceptions=EXPECTED)
    def reject_unit(self, caller, unit_id, reason):
        who = Caller.from_dict(caller).require(OFFICE)
        with self.db.begin() as uow:
            return units.as_dict(units.reject(uow, who.user_id, unit_id, reason))

    # -- people ----------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def assign_registrant(self, caller, unit_id, data):
        who = Caller.from_dict(caller).require(UNIT_ADMIN, unit_id)
        clean = people.read_invite(data)
        with self.db.begin() as uow:
            unit = units.get(uow.session, unit_id)
            return signup.assign_registrant(uow, self.settings, who.user_id, unit,
                                            clean["name"], clean["email"])

    @rpc(expected_exceptions=EXPECTED)
    def list_unit_registrants(self, caller, unit_id):
        who = logged_in(caller)
        if not (who.has(UNIT_ADMIN, unit_id) or who.has(OFFICE)):
            raise Forbidden()
        with self.db.begin() as uow:
            rows = uow.session.execute(
                sa.select(User, RoleGrant).join(RoleGrant, RoleGrant.user_id == User.id)
                .where(RoleGrant.unit_id == unit_id, RoleGrant.role == "registrant")
                .order_by(RoleGrant.id)).all()
            return [{"user_id": u.id, "name": u.name, "email": u.email, "status": u.status,
                     "granted_at": g.granted_at.isoformat()} for u, g in rows]

    @rpc(expected_exceptions=EXPECTED)
    def current_agreement(self):
        with self.db.begin() as uow:
            row = uow.session.scalar(sa.select(Agreement).order_by(Agreement.published_at.desc())
                                     .limit(1))
            return {"version": row.version, "title": row.title, "body": row.body}

    @rpc(expected_exceptions=EXPECTED)
    def self_register(self, data, client=None):
        agreement = self.current_agreement()
        clean = captchas.read_with_captcha(people.read_self_registration, self._captcha_ok(data),
                                           data, agreement["version"])
        with self.db.begin() as uow:  # only registrations that are accepted count
            limits.hit(uow.session, self.settings.rate_limits, "registration_ip",
                       limits.client_ip(client))
            user = signup.self_register(uow, self.settings, clean)
            return {"user_id": user.id, "email": user.email, "name": user.name}

    @rpc(expected_exceptions=EXPECTED)
    def activation_info(self, token):
        with self.db.begin() as uow:
            return signup.activation_info(uow.session, token)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("data.password", "data.password_confirm"))
    def activate(self, token, data, client=None):
        self._count(("activation_ip", limits.client_ip(client)))
        with self.db.begin() as uow:  # a bad link is reported before the form
            signup.activation_info(uow.session, token)
        clean = captchas.read_with_captcha(people.read_activation, self._captcha_ok(data),
                                           data, dt.date.today())
        with self.db.begin() as uow:
            user = signup.activate(uow, token, clean)
            return {"user_id": user.id, "email": user.email, "name": user.name}

    @rpc(expected_exceptions=EXPECTED)
    def resend_activation(self, token):
        with self.db.begin() as uow:
            signup.resend_activation(uow, self.settings, token)
        return {"sent": True}

    # -- sessions --------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("data.password",))
    def login(self, data, client=None):
        data = data if isinstance(data, dict) else {}
        self._count(("login_ip", limits.client_ip(client)),
                    ("login_email", limits.email_key(data.get("email"))))
        if not self._captcha_ok(data):
            raise invalid({"captcha_answer": captchas.WRONG}, captchas.WRONG, code="captcha_wrong")
        with self.db.begin() as uow:
            outcome = sessions.login(uow, self.settings, data.get("email"), data.get("password"))
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("token",))
    def authenticate(self, token):
        with self.db.begin() as uow:
            return sessions.authenticate(uow.session, token)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("token",))
    def logout(self, token):
        """`revoked_token_hashes`: what the gateway must forget at once (every other gateway
        is told by the `sessions_revoked` event)."""
        with self.db.begin() as uow:
            revoked = sessions.logout(uow, token)
        return {"logged_out": True, "revoked_token_hashes": revoked}

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("token", "data"))
    def change_password(self, caller, token, data):
        who = logged_in(caller)
        with self.db.begin() as uow:
            revoked = sessions.change_password(uow, who.user_id, token, data)
        return {"changed": True, "revoked_token_hashes": revoked}

    @rpc(expected_exceptions=EXPECTED)
    def forgot_password(self, data, client=None):
        data = data if isinstance(data, dict) else {}
        clean = captchas.read_with_captcha(_read_email, self._captcha_ok(data), data)
        with self.db.begin() as uow:  # whether or not the address has an account
            limits.hit(uow.session, self.settings.rate_limits, "reset_ip", limits.client_ip(client))
            limits.hit(uow.session, self.settings.rate_limits, "reset_email", clean)
            sessions.forgot_password(uow.session, self.settings, clean)
        return {"sent": True}

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("data",))
    def reset_password(self, token, data):
        new = people.read_new_password(data)
        with self.db.begin() as uow:
            revoked = sessions.reset_password(uow, token, new)
        return {"reset": True, "revoked_token_hashes": revoked}

    # -- 个人账号管理 / 个人信息维护 ------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def get_profile(self, caller):
        who = logged_in(caller)
        with self.db.begin() as uow:
            return profile.as_dict(uow.session, uow.session.get(User, who.user_id))

    @rpc(expected_exceptions=EXPECTED)
    def save_profile(self, caller, data):
        who = logged_in(caller)
        with self.db.begin() as uow:
            user = profile.save(uow.session, who.user_id, data, dt.date.today())
            return profile.as_dict(uow.session, user)

    @rpc(expected_exceptions=EXPECTED)
    def send_verification_code(self, caller, channel, data=None):
        who = logged_in(caller)
        if channel not in ("email", "mobile"):
            raise invalid({"channel": "验证方式应为 email 或 mobile"})
        with self.db.begin() as uow:  # codes not sent (a bad number, too soon) are not counted
            limits.hit(uow.session, self.settings.rate_limits, "code_user", who.user_id)
            return profile.send_code(uow.session, self.settings, who.user_id, channel, data)

    @rpc(expected_exceptions=EXPECTED)
    def verify_code(self, caller, channel, code):
        who = logged_in(caller)
        if channel not in ("email", "mobile"):
            raise invalid({"channel": "验证方式应为 email 或 mobile"})
        with self.db.begin() as uow:
            outcome = profile.verify_code(uow.session, self.settings, who.user_id, channel, code)
        if "error" in outcome:
            raise outcome["error"]
        return outcome

    def own_gauges(self, uow) -> dict:
        """Mail waiting to be sent, and mail given up on."""
        return {f"emails_{status}": uow.session.scalar(
                    sa.select(sa.func.count()).select_from(OutgoingMessage)
                    .where(OutgoingMessage.status == status, OutgoingMessage.channel == "email"))
                for status in ("pending", "failed")}

    # -- emails about the review, from the other services' facts -----------------------------
    def _notice(self, event):
        with self.db.begin() as uow:
            notices.handle(uow, self.settings, event)

    @event_handler("registration", "submitted")
    def on_submitted(self, event):
        self._notice(event)

    @event_handler("review", "forwarded")
    def on_forwarded(self, event):
        self._notice(event)

    @event_handler("review", "returned")
    def on_returned(self, event):
        self._notice(event)

    @event_handler("review", "refused")
    def on_refused(self, event):
        self._notice(event)

    @event_handler("review", "approved")
    def on_approved(self, event):
        self._notice(event)

    @event_handler("review", "revoked")
    def on_revoked(self, event):
        self._notice(event)



def _read_email(data) -> str:
    from services.common.validation import Form
    form = Form(data)
    email = form.email()
    form.done()
    return email

"""accounts: units, people, roles, sessions, captchas and the mail they are sent.

The nameko adapter (docs/architecture.md, "One shape for every service"). A login, an
activation and every form with a captcha take two units of work: the first counts the attempt
and uses up the captcha, and commits whatever the second then decides.
"""
from __future__ import annotations

import os

from services.common.database import Database
from services.common.errors import EXPECTED
from services.common.providers import Settings
from services.common.rpc import rpc  # nameko's @rpc, replies without confirms
from services.common.service_base import ServiceBase, logged_in, on_event

from .app import (captchas, notices, outgoing, profile, public_texts, recommenders, reminders, sessions,
                  signup, staff, store, units)
from .settings import AccountsSettings

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


def _raise_refusal(outcome):
    """What an app function returned; a refusal it returned (so that its unit of work would
    still commit, e.g. a wrong password counting toward the lockout) is raised now."""
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


class AccountsService(ServiceBase):
    name = "accounts"

    db = Database(store.metadata, MIGRATIONS)
    settings = Settings(AccountsSettings)

    def captcha_issued(self, captcha_id: str, answer: str) -> None:
        """Called for each new captcha. Does nothing here; the tests' subclass records the
        answer (tests/support/accounts_under_test.py) so a test can log in."""

    def _captcha_used(self, data) -> bool:
        return self.run(captchas.consume, data)

    # -- captcha ---------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def new_captcha(self, client=None):
        issued = self.run(captchas.issue, self.settings, client)
        self.captcha_issued(issued.captcha_id, issued.answer)
        return issued.view

    @rpc(expected_exceptions=EXPECTED)
    def admit_objection(self, data, client=None):
        """The captcha and the rate limit of an 异议 (filed with the review service next)."""
        captcha_ok = self._captcha_used(data)
        return self.run(captchas.admit, self.settings, "objection_ip", captcha_ok, client)

    # -- units -----------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def register_unit(self, data, client=None):
        captcha_ok = self._captcha_used(data)
        return self.run(units.register, self.settings, data, captcha_ok, client)

    # -- 通知公告 and 常见问题 ---------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def published_texts(self, kind=None, page=1, page_size=20):
        """Public: the published 通知公告 / 常见问题."""
        return self.run(public_texts.published, kind, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def published_text(self, text_id):
        return self.run(public_texts.published_one, text_id)

    @rpc(expected_exceptions=EXPECTED)
    def all_texts(self, caller, kind=None, page=1, page_size=20):
        return self.run(public_texts.all_texts, logged_in(caller), kind, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def create_text(self, caller, data):
        return self.command(public_texts.create, logged_in(caller), data)

    @rpc(expected_exceptions=EXPECTED)
    def change_text(self, caller, text_id, data):
        return self.command(public_texts.change, logged_in(caller), text_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def delete_text(self, caller, text_id):
        return self.command(public_texts.remove, logged_in(caller), text_id)

    # -- 账号管理 (the office, the system administrator) ------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def list_accounts(self, caller, filters=None):
        return self.run(staff.listing, logged_in(caller), filters)

    @rpc(expected_exceptions=EXPECTED)
    def create_account(self, caller, data):
        return self.command(staff.create, self.settings, logged_in(caller), data)

    @rpc(expected_exceptions=EXPECTED)
    def set_recommended_units(self, caller, user_id, unit_ids):
        return self.command(staff.set_recommended_units, logged_in(caller), user_id, unit_ids)

    @rpc(expected_exceptions=EXPECTED)
    def recommender_named(self, text):
        """Service to service (review, opening a case): the 推荐单位 account the form's
        推荐单位 names, or None."""
        return self.run(recommenders.recommender_named, text)

    @rpc(expected_exceptions=EXPECTED)
    def recommenders_of_unit(self, caller, unit_id):
        return self.run(recommenders.recommenders_of_unit, logged_in(caller), unit_id)

    @rpc(expected_exceptions=EXPECTED)
    def unlock_account(self, caller, user_id):
        return self.command(staff.unlock, logged_in(caller), user_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_account_enabled(self, caller, user_id, enabled):
        return self.command(staff.set_enabled, logged_in(caller), user_id, enabled)

    @rpc(expected_exceptions=EXPECTED)
    def reminders(self, caller):
        return self.run(reminders.reminders, logged_in(caller))

    @rpc(expected_exceptions=EXPECTED)
    def reminder_items(self, caller, kind, page=1, page_size=20):
        return self.run(reminders.reminder_items, logged_in(caller), kind, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def list_units(self, caller, status=None, page=1, page_size=20, q=None):
        return self.run(units.listing, logged_in(caller), status, page, page_size, q)

    @rpc(expected_exceptions=EXPECTED)
    def get_unit(self, caller, unit_id):
        return self.run(units.get, logged_in(caller), unit_id)

    @rpc(expected_exceptions=EXPECTED)
    def approve_unit(self, caller, unit_id):
        return self.command(units.approve, self.settings, logged_in(caller), unit_id)

    @rpc(expected_exceptions=EXPECTED)
    def reject_unit(self, caller, unit_id, reason):
        return self.command(units.reject, logged_in(caller), unit_id, reason)

    @rpc(expected_exceptions=EXPECTED)
    def edit_unit(self, caller, unit_id, data):
        return self.command(units.edit, logged_in(caller), unit_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def list_unit_changes(self, caller, status=None, page=1, page_size=20):
        return self.run(units.changes, logged_in(caller), status, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def decide_unit_change(self, caller, change_id, approve, reason=None):
        return self.command(units.decide_change, logged_in(caller), change_id, approve, reason)

    @rpc(expected_exceptions=EXPECTED)
    def set_unit_enabled(self, caller, unit_id, enabled, reason=None):
        return self.command(units.set_unit_enabled, logged_in(caller), unit_id, enabled, reason)

    @rpc(expected_exceptions=EXPECTED)
    def hand_over_unit_admin(self, caller, unit_id, user_id):
        return self.command(units.hand_over, self.settings, logged_in(caller), unit_id, user_id)

    # -- people ----------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def assign_registrant(self, caller, unit_id, data):
        return self.command(signup.assign_registrant, self.settings, logged_in(caller), unit_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def list_unit_registrants(self, caller, unit_id, q=None, page=1, page_size=20):
        return self.run(units.registrants, logged_in(caller), unit_id, q, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def set_registrant_enabled(self, caller, unit_id, user_id, enabled):
        return self.command(units.set_registrant_enabled, logged_in(caller), unit_id, user_id, enabled)

    @rpc(expected_exceptions=EXPECTED)
    def resend_registrant_activation(self, caller, unit_id, user_id):
        return self.command(units.resend_activation, self.settings, logged_in(caller), unit_id, user_id)

    @rpc(expected_exceptions=EXPECTED)
    def current_agreement(self):
        return self.run(signup.current_agreement)

    @rpc(expected_exceptions=EXPECTED)
    def self_register(self, data, client=None):
        captcha_ok = self._captcha_used(data)
        return self.run(signup.self_register, self.settings, data, captcha_ok, client)

    @rpc(expected_exceptions=EXPECTED)
    def activation_info(self, token):
        return self.run(signup.activation_info, token)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("data.password", "data.password_confirm"))
    def activate(self, token, data, client=None):
        admitted = self.run(signup.admit_activation, self.settings, token, data, client)
        captcha_ok = _raise_refusal(admitted)
        return self.run(signup.activate, token, data, captcha_ok)

    @rpc(expected_exceptions=EXPECTED)
    def resend_activation(self, token):
        return self.run(signup.resend_activation, self.settings, token)

    # -- sessions --------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("data.password",))
    def login(self, data, client=None):
        captcha_ok = self.run(sessions.admit_login, self.settings, data, client)
        outcome = self.run(sessions.login, self.settings, data, captcha_ok)
        return _raise_refusal(outcome)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("token",))
    def authenticate(self, token):
        return self.run(sessions.authenticate, token)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("token",))
    def logout(self, token):
        return self.run(sessions.logout, token)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("token", "data"))
    def change_password(self, caller, token, data):
        return self.command(sessions.change_password, logged_in(caller), token, data)

    @rpc(expected_exceptions=EXPECTED)
    def forgot_password(self, data, client=None):
        captcha_ok = self._captcha_used(data)
        return self.run(sessions.forgot_password, self.settings, data, captcha_ok, client)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("data",))
    def reset_password(self, token, data):
        return self.run(sessions.reset_password, token, data)

    # -- 个人账号管理 / 个人信息维护 ------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def get_profile(self, caller):
        return self.run(profile.get, logged_in(caller))

    @rpc(expected_exceptions=EXPECTED)
    def save_profile(self, caller, data):
        return self.command(profile.save, logged_in(caller), data)

    @rpc(expected_exceptions=EXPECTED)
    def send_verification_code(self, caller, channel, data=None):
        return self.command(profile.send_code, self.settings, logged_in(caller), channel, data)

    @rpc(expected_exceptions=EXPECTED)
    def verify_code(self, caller, channel, code):
        outcome = self.command(profile.verify_code, self.settings, logged_in(caller), channel, code)
        return _raise_refusal(outcome)

    def own_gauges(self, uow) -> dict:
        return outgoing.gauges(uow)

    # -- emails about the review, from the other services' facts -----------------------------
    on_submitted = on_event("registration", "submitted", notices.handle, "settings")
    on_opened = on_event("review", "opened", notices.handle, "settings")
    on_forwarded = on_event("review", "forwarded", notices.handle, "settings")
    on_returned = on_event("review", "returned", notices.handle, "settings")
    on_withdrawn = on_event("review", "withdrawn", notices.handle, "settings")
    on_refused = on_event("review", "refused", notices.handle, "settings")
    on_approved = on_event("review", "approved", notices.handle, "settings")
    on_revoked = on_event("review", "revoked", notices.handle, "settings")
    on_publicity_started = on_event("review", "publicity_started", notices.handle, "settings")
    on_objected = on_event("review", "objected", notices.handle, "settings")
    on_objection_dismissed = on_event("review", "objection_dismissed", notices.handle, "settings")

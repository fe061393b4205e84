"""How people get an account: invited by a unit admin, registered without a unit, or made
office staff by an operator; then activated from the emailed link."""
from __future__ import annotations

import datetime as dt

from services.common.clock import utcnow
from services.common.errors import Conflict, ServiceError
from services.common.identity import OFFICE, RECOMMENDER, REGISTRANT, ROLE_LABELS, SYSADMIN, UNIT_ADMIN, Caller

from ..domain import access, account as accounts, links, people, tokens
from ..domain.account import Account
from ..domain.links import ACTIVATION
from ..domain.documents import DOCUMENT_TYPES
from ..domain.unit import Unit
from . import captchas, grants, limits, outgoing, store, views

STAFF_REASONS = {
    OFFICE: "您已被设置为登记机构（甘肃省科学技术厅）工作人员。",
    RECOMMENDER: "您已被设置为推荐单位审核人员。",
    SYSADMIN: "您已被设置为系统管理员。",
    REGISTRANT: "登记机构已为您添加成果登记人（无依托单位）账号。",
}


def issue_link(uow, account: Account, purpose: str, hours: int) -> str:
    """A new single-use link token for the user; earlier unused ones of the purpose end."""
    now, plain = utcnow(), tokens.new_token()
    store.replace_links(uow.session, account.user_id, purpose, tokens.digest(plain), now,
                        now + dt.timedelta(hours=hours))
    return plain


def send_activation(uow, settings, account: Account, reason: str) -> str:
    token = issue_link(uow, account, ACTIVATION, settings.activation_hours)
    outgoing.activation_email(uow, settings, account, token, reason)
    return token


def find_or_add(uow, name: str, email: str, mobile=None, work_unit=None) -> tuple[Account, bool]:
    """The account with this email, or a new pending one; True if it is new."""
    found = store.account_by_email(uow.session, email)
    if found is not None:
        return found, False
    return store.add_account(uow.session, name, email, utcnow(), mobile, work_unit), True


def assign_registrant(uow, settings, caller: Caller, unit_id, data) -> dict:
    """单位管理员分配成果登记人. An existing account gets the role, never a second account."""
    access.require_unit_admin(caller, unit_id)
    clean = people.read_invite(data)
    unit = store.load_unit(uow.session, unit_id)
    account, created = find_or_add(uow, clean["name"], clean["email"], work_unit=unit.name)
    if not grants.grant(uow, account.user_id, REGISTRANT, unit.unit_id, caller.user_id):
        raise Conflict("already_registrant", "该用户已是本单位的成果登记人",
                       {"email": "该用户已是本单位的成果登记人"})
    if account.status == accounts.PENDING:
        send_activation(uow, settings, account,
                        f"{unit.name}的单位管理员已为您分配成果登记人账号。")
    else:
        outgoing.role_added_email(uow, account, ROLE_LABELS[REGISTRANT], unit.name)
    return views.assignment(account, existing_account=not created)


def current_agreement(uow) -> dict:
    return views.agreement(store.current_agreement(uow.session))


def self_register(uow, settings, data, captcha_ok: bool, client) -> dict:
    """成果登记人（无依托单位）注册: brief info and consent to the current agreement; activation
    by email. Only registrations that are accepted count against the address's limit."""
    version = store.current_agreement(uow.session).version
    clean = captchas.read_with_captcha(people.read_self_registration, captcha_ok, data, version)
    limits.hit(uow, settings.rate_limits, "registration_ip", limits.client_ip(client))
    existing = store.account_by_email(uow.session, clean["email"])
    if existing is not None:
        return _registrant_role_for_existing(uow, settings, existing, clean["agreement_version"])
    now = utcnow()
    account = store.add_account(uow.session, clean["name"], clean["email"], now, clean["mobile"],
                                clean["work_unit"])
    store.add_consent(uow.session, account.user_id, clean["agreement_version"], now)
    grants.grant(uow, account.user_id, REGISTRANT, None, None)
    send_activation(uow, settings, account,
                    "您已在甘肃省科技管理信息系统注册成果登记人（无依托单位）账号。")
    return {**views.person(account), "existing_account": False}


def _registrant_role_for_existing(uow, settings, account: Account, agreement_version: str) -> dict:
    """已有账号的直接使用即可 (manual §1.2.1): a person who already has an account (a project
    applicant's, a unit's registrant's) is given the registrant-without-unit role on it and
    told to log in with it, never a second account. The mail goes to the account's own
    address, so whoever typed it learns nothing but what the page says."""
    store.add_consent(uow.session, account.user_id, agreement_version, utcnow())
    grants.grant(uow, account.user_id, REGISTRANT, None, None)
    if account.status == accounts.PENDING:
        send_activation(uow, settings, account, "您申请注册成果登记人（无依托单位）账号，该邮箱已有待激活的账号。")
    else:
        outgoing.existing_account_email(uow, account, ROLE_LABELS[REGISTRANT] + "（无依托单位）")
    return {**views.person(account), "existing_account": True}


def create_staff_user(uow, settings, name: str, email: str, role: str = OFFICE) -> tuple[Account, str]:
    """An office (登记机构) or recommending-department (推荐单位) account, made by an operator."""
    account, _ = find_or_add(uow, name, email)
    grants.grant(uow, account.user_id, role, None, None)
    token = None
    if account.status == accounts.PENDING:
        token = send_activation(uow, settings, account, STAFF_REASONS[role])
    return account, token


def grant_unit_admin(uow, settings, unit: Unit, office_id: int) -> Account:
    account, _ = find_or_add(uow, unit.admin_name, unit.admin_email, unit.admin_mobile, unit.name)
    grants.grant(uow, account.user_id, UNIT_ADMIN, unit.unit_id, office_id)
    if account.status == accounts.PENDING:
        send_activation(uow, settings, account,
                        f"您注册的单位（{unit.name}）已通过审核，您已成为该单位的单位管理员。")
    else:
        outgoing.role_added_email(uow, account, ROLE_LABELS[UNIT_ADMIN], unit.name)
    return account


def _activation_link(uow, plain) -> tuple[links.Link, Account]:
    link = links.require_activation_usable(store.link_by_token(uow.session, plain, ACTIVATION),
                                           utcnow())
    return link, store.load_account(uow.session, link.user_id)


def preset_document(account: Account) -> tuple[str, str] | None:
    """The document the office entered for a person without a 居民身份证, if any."""
    if account.id_type in DOCUMENT_TYPES and account.id_number:
        return account.id_type, account.id_number
    return None


def activation_info(uow, plain) -> dict:
    """Whose link it is, the roles they are activating for (the page's wording) and the document
    the office entered for them, if any (masked)."""
    account = _activation_link(uow, plain)[1]
    roles = sorted({g.role for g in store.grants_of(uow.session, account.user_id)})
    return views.activation_link(account, roles, preset_document(account))


def admit_activation(uow, settings, plain, data, client) -> bool | ServiceError:
    """Before an activation: count it by address and, if the link is good, use up the
    captcha (True if answered right), in a unit of work of its own. A bad link is returned,
    to be raised once the count is committed, and leaves the captcha unused."""
    limits.hit(uow, settings.rate_limits, "activation_ip", limits.client_ip(client))
    try:
        _activation_link(uow, plain)
    except ServiceError as refusal:
        return refusal
    return captchas.consume(uow, data)


def activate(uow, plain, data, captcha_ok: bool) -> dict:
    """个人信息激活: ID document and password; the link is used up."""
    link, account = _activation_link(uow, plain)
    clean = captchas.read_with_captcha(people.read_activation, captcha_ok, data, dt.date.today(),
                                       preset_document(account))
    now = utcnow()
    account = accounts.activate(account, clean, store.id_number_taken(
        uow.session, clean["id_number"], account.user_id), now)
    store.save_account(uow.session, account)
    store.save_link(uow.session, links.use(link, now))
    uow.emit("user_activated", {"user_id": account.user_id,
                                "roles": [g.role for g in store.grants_of(uow.session, account.user_id)]})
    return views.person(account)


def resend_activation(uow, settings, plain) -> dict:
    """A new activation link for the owner of an expired one."""
    link = links.require_known(store.link_by_token(uow.session, plain, ACTIVATION))
    account = store.load_account(uow.session, link.user_id)
    accounts.require_pending(account)
    send_activation(uow, settings, account, "您申请了重新发送激活邮件。")
    return views.sent()

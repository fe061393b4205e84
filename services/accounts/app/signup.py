"""How people get an account: invited by a unit admin, registered without a unit, or made
office staff by an operator; then activated from the emailed link."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.common.errors import Conflict, Gone, NotFound, invalid
from services.common.events import utcnow
from services.common.identity import OFFICE, RECOMMENDER, REGISTRANT, ROLE_LABELS, UNIT_ADMIN

from ..domain import password as passwords
from ..domain import tokens
from ..models import Consent, LinkToken, Unit, User
from . import grants, outgoing

ACTIVATION = "activation"


def find_user(session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == email.lower()))


def new_user(session, name: str, email: str, mobile: str | None = None,
             work_unit: str | None = None) -> User:
    user = User(name=name, email=email.lower(), mobile=mobile, work_unit=work_unit,
                status="pending", failed_logins=0, created_at=utcnow())
    session.add(user)
    session.flush()
    return user


def issue_link(session, user: User, purpose: str, hours: int) -> str:
    """A new single-use link token for the user; earlier unused ones of the purpose end."""
    now = utcnow()
    session.execute(sa.update(LinkToken).where(
        LinkToken.user_id == user.id, LinkToken.purpose == purpose,
        LinkToken.used_at.is_(None)).values(used_at=now))
    plain = tokens.new_token()
    session.add(LinkToken(user_id=user.id, purpose=purpose, token_hash=tokens.digest(plain),
                          created_at=now, expires_at=now + dt.timedelta(hours=hours)))
    return plain


def send_activation(uow, settings, user: User, reason: str) -> str:
    token = issue_link(uow.session, user, ACTIVATION, settings.activation_hours)
    outgoing.activation_email(uow.session, settings, user, token, reason)
    return token


def assign_registrant(uow, settings, admin_id: int, unit: Unit, name: str, email: str) -> dict:
    """单位管理员分配成果登记人. An existing account gets the role, never a second account."""
    user = find_user(uow.session, email)
    created = user is None
    if created:
        user = new_user(uow.session, name, email, work_unit=unit.name)
    added = grants.grant(uow, user, REGISTRANT, unit.id, admin_id)
    if not added:
        raise Conflict("already_registrant", "该用户已是本单位的成果登记人",
                       {"email": "该用户已是本单位的成果登记人"})
    if user.status == "pending":
        send_activation(uow, settings, user,
                        f"{unit.name}的单位管理员已为您分配成果登记人账号。")
    else:
        outgoing.role_added_email(uow.session, user, ROLE_LABELS[REGISTRANT], unit.name)
    return {"user_id": user.id, "email": user.email, "name": user.name,
            "existing_account": not created, "status": user.status}


def self_register(uow, settings, clean: dict) -> User:
    """成果登记人（无依托单位）注册: brief info and consent; activation by email."""
    session = uow.session
    if find_user(session, clean["email"]):
        raise Conflict("email_taken", "该电子邮箱已注册，请直接登录或找回密码",
                       {"email": "该电子邮箱已注册，请直接登录或找回密码"})
    user = new_user(session, clean["name"], clean["email"], clean["mobile"], clean["work_unit"])
    session.add(Consent(user_id=user.id, agreement_version=clean["agreement_version"],
                        agreed_at=utcnow()))
    grants.grant(uow, user, REGISTRANT, None, None)
    send_activation(uow, settings, user, "您已在甘肃省科技管理信息系统注册成果登记人（无依托单位）账号。")
    return user


STAFF_REASONS = {
    OFFICE: "您已被设置为登记机构（甘肃省科学技术厅）工作人员。",
    RECOMMENDER: "您已被设置为推荐单位审核人员。",
}


def create_staff_user(uow, settings, name: str, email: str, role: str = OFFICE) -> tuple[User, str]:
    """An office (登记机构) or recommending-department (推荐单位) account, made by an operator."""
    user = find_user(uow.session, email) or new_user(uow.session, name, email)
    grants.grant(uow, user, role, None, None)
    token = None
    if user.status == "pending":
        token = send_activation(uow, settings, user, STAFF_REASONS[role])
    return user, token


def grant_unit_admin(uow, settings, unit: Unit, office_id: int) -> User:
    user = find_user(uow.session, unit.admin_email)
    if user is None:
        user = new_user(uow.session, unit.admin_name, unit.admin_email, unit.admin_mobile,
                        unit.name)
    grants.grant(uow, user, UNIT_ADMIN, unit.id, office_id)
    if user.status == "pending":
        send_activation(uow, settings, user,
                        f"您注册的单位（{unit.name}）已通过审核，您已成为该单位的单位管理员。")
    else:
        outgoing.role_added_email(uow.session, user, ROLE_LABELS[UNIT_ADMIN], unit.name)
    return user


def _live_token(session, plain, purpose: str) -> tuple[LinkToken, User]:
    row = session.scalar(sa.select(LinkToken).where(
        LinkToken.token_hash == tokens.digest(plain or ""), LinkToken.purpose == purpose))
    if row is None:
        raise NotFound("link_invalid", "链接无效，请检查邮件中的链接是否完整")
    if row.used_at is not None:
        raise Gone("link_used", "该链接已使用过或已失效")
    user = session.get(User, row.user_id)
    if tokens.expired(row.expires_at, utcnow()):
        raise Gone("link_expired", "该链接已过期，请重新发送激活邮件", details={"can_resend": True})
    return row, user


def activation_info(session, plain: str) -> dict:
    _, user = _live_token(session, plain, ACTIVATION)
    return {"name": user.name, "email": user.email}


def activate(uow, plain: str, clean: dict) -> User:
    """个人信息激活: ID document and password; the link is used up."""
    session = uow.session
    row, user = _live_token(session, plain, ACTIVATION)
    owner = session.scalar(sa.select(User.id).where(User.id_number == clean["id_number"],
                                                    User.id != user.id))
    if owner:
        raise invalid({"id_number": "该证件号码已绑定其他账号，请直接使用原账号登录"},
                      code="id_number_taken")
    now = utcnow()
    user.id_type = clean["id_type"]
    user.id_number = clean["id_number"]
    user.id_valid_from = clean["id_valid_from"]
    user.id_valid_to = clean["id_valid_to"]
    user.password_hash = passwords.hash_password(clean["password"])
    user.status = "active"
    user.activated_at = now
    row.used_at = now
    uow.emit("user_activated", {"user_id": user.id,
                                "roles": [g.role for g in grants.grants_of(session, user.id)]})
    return user


def resend_activation(uow, settings, plain: str) -> None:
    """A new activation link for the owner of an expired one."""
    session = uow.session
    row = session.scalar(sa.select(LinkToken).where(
        LinkToken.token_hash == tokens.digest(plain or ""), LinkToken.purpose == ACTIVATION))
    if row is None:
        raise NotFound("link_invalid", "链接无效，请检查邮件中的链接是否完整")
    user = session.get(User, row.user_id)
    if user.status != "pending":
        raise Conflict("already_active", "账号已激活，请直接登录")
    send_activation(uow, settings, user, "您申请了重新发送激活邮件。")

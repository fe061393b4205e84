"""Mail and SMS to people, written to the outgoing-message store in the caller's unit of
work; the mailer process sends them (services/accounts/mailer.py)."""
from __future__ import annotations

from services.common.clock import utcnow

from . import store

SYSTEM = "甘肃省科技管理信息系统"


def gauges(uow) -> dict:
    """Mail waiting to be sent, and mail given up on."""
    return {f"emails_{status}": store.count_messages(uow.session, "email", status)
            for status in ("pending", "failed")}


URGENT, NOTICE = 0, 1   # what the mailer sends first: a person waiting for it, then notices


def queue(uow, channel: str, recipient: str, subject: str, body: str, priority: int = URGENT) -> None:
    store.add_message(uow.session, channel, recipient, subject, body, utcnow(), priority)


def email(uow, recipient: str, subject: str, lines: list[str], priority: int = URGENT) -> None:
    body = "\n".join(lines + ["", "此邮件由系统自动发送，请勿直接回复。", SYSTEM])
    queue(uow, "email", recipient, f"【{SYSTEM}】{subject}", body, priority)


def notice(uow, recipient: str, subject: str, lines: list[str]) -> None:
    """News about a registration: sent after any mail a person is waiting for."""
    email(uow, recipient, subject, lines, NOTICE)


def activation_email(uow, settings, user, token: str, reason: str) -> None:
    link = f"{settings.public_url}/activate?token={token}"
    email(uow, user.email, "账号激活", [
        f"{user.name}，您好：", "", reason,
        "请点击下面的链接，填写个人信息并设置登录密码，激活您的系统账号：", link, "",
        f"链接{settings.activation_hours}小时内有效，且只能使用一次。"
        "如链接已过期，可在激活页面重新发送激活邮件。"])


def role_added_email(uow, user, role_label: str, unit_name: str) -> None:
    email(uow, user.email, f"已为您分配{role_label}账号", [
        f"{user.name}，您好：", "",
        f"{unit_name}的单位管理员已为您分配{role_label}角色。",
        "您已有本系统账号，请直接使用原账号登录，无需重复注册。"])


def existing_account_email(uow, user, role_label: str) -> None:
    email(uow, user.email, f"已为您增加{role_label}角色", [
        f"{user.name}，您好：", "",
        f"您申请注册{role_label}账号。该电子邮箱已有本系统账号，已为该账号增加{role_label}角色。",
        "请直接使用原账号登录，无需重复注册；如忘记密码，请在登录页点击“忘记密码”。"])


def unit_rejected_email(uow, unit) -> None:
    email(uow, unit.admin_email, "单位注册未通过审核", [
        f"{unit.admin_name}，您好：", "",
        f"您提交的单位注册申请（{unit.name}）未通过审核。", f"原因：{unit.reason}",
        "如有疑问，请联系甘肃省科学技术厅。"])


def unit_change_decided_email(uow, admins, unit, change) -> None:
    """The unit's admins learn what the office decided on the new name / credit code."""
    if change.status == "approved":
        lines = ["贵单位的单位信息变更申请已通过审核。", f"单位名称：{change.name}",
                 f"统一社会信用代码：{change.credit_code}"]
    else:
        lines = [f"贵单位（{unit.name}）的单位信息变更申请未通过审核。", f"原因：{change.reason}",
                 "如有疑问，请联系甘肃省科学技术厅。"]
    for admin in admins:
        email(uow, admin.email, "单位信息变更审核结果", [f"{admin.name}，您好：", "", *lines])


def reset_email(uow, settings, user, token: str) -> None:
    link = f"{settings.public_url}/reset-password?token={token}"
    email(uow, user.email, "重置登录密码", [
        f"{user.name}，您好：", "", "我们收到了重置您登录密码的申请。请点击下面的链接设置新密码：",
        link, "", f"链接{settings.reset_hours}小时内有效，且只能使用一次。如非本人操作，请忽略本邮件。"])


def email_code(uow, user, code: str, minutes: int) -> None:
    email(uow, user.email, "邮箱验证码", [
        f"{user.name}，您好：", "", f"您的邮箱验证码为：{code}",
        f"验证码{minutes}分钟内有效。如非本人操作，请忽略本邮件。"])


def sms_code(uow, mobile: str, code: str, minutes: int) -> None:
    queue(uow, "sms", mobile, "手机验证码",
          f"【{SYSTEM}】您的手机验证码为{code}，{minutes}分钟内有效。如非本人操作，请忽略。")

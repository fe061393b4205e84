"""The links mailed to people (activation, password reset): single use, expiring. Whether a
link may still be used, and the error a used, expired or unknown one gets."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from services.common.errors import Gone, NotFound, invalid

from .tokens import expired

ACTIVATION, RESET = "activation", "reset"


@dataclass(frozen=True)
class Link:
    link_id: int
    user_id: int
    purpose: str
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


def require_known(link: Link | None) -> Link:
    if link is None:
        raise NotFound("link_invalid", "链接无效，请检查邮件中的链接是否完整")
    return link


def require_activation_usable(link: Link | None, now: dt.datetime) -> Link:
    """An activation link not used yet and not expired (an expired one may be re-sent)."""
    link = require_known(link)
    if link.used_at is not None:
        raise Gone("link_used", "该链接已使用过或已失效")
    if expired(link.expires_at, now):
        raise Gone("link_expired", "该链接已过期，请重新发送激活邮件", details={"can_resend": True})
    return link


def require_reset_usable(link: Link | None, now: dt.datetime) -> Link:
    if link is None or link.used_at is not None or expired(link.expires_at, now):
        raise invalid({"token": "重置链接无效或已过期，请重新找回密码"}, code="link_invalid")
    return link


def use(link: Link, now: dt.datetime) -> Link:
    return replace(link, used_at=now)

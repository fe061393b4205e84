"""What the accounts entry points return: every response dict is built here."""
from __future__ import annotations

import base64

from services.common.identity import Caller

from ..domain.account import Account
from ..domain.unit import ChangeRequest, Unit


def _iso(value):
    return value.isoformat() if value else None


def unit(unit: Unit) -> dict:
    return {"id": unit.unit_id, "name": unit.name, "credit_code": unit.credit_code,
            "nature": unit.nature, "address": unit.address, "postcode": unit.postcode,
            "admin_name": unit.admin_name, "admin_email": unit.admin_email,
            "admin_mobile": unit.admin_mobile, "status": unit.status,
            "status_label": unit.status_label, "reason": unit.reason,
            "created_at": unit.created_at.isoformat(), "enabled": unit.enabled,
            "disabled_at": _iso(unit.disabled_at), "disabled_reason": unit.disabled_reason}


def unit_change(change: ChangeRequest) -> dict:
    return {"change_id": change.change_id, "unit_id": change.unit_id, "old_name": change.old_name,
            "old_credit_code": change.old_credit_code, "name": change.name,
            "credit_code": change.credit_code, "status": change.status,
            "status_label": change.status_label, "requested_at": _iso(change.requested_at),
            "decided_at": _iso(change.decided_at), "reason": change.reason}


def units_page(units: list[Unit], total: int, page: int, page_size: int) -> dict:
    return {"items": [unit(u) for u in units], "total": total, "page": page,
            "page_size": page_size}


def person(account: Account) -> dict:
    return {"user_id": account.user_id, "email": account.email, "name": account.name}


def assignment(account: Account, existing_account: bool) -> dict:
    return {**person(account), "existing_account": existing_account, "status": account.status}


def account_state(user, now) -> str:
    """待激活 / 已激活 / 已锁定 / 已停用 of an account (账号管理)."""
    if user.disabled_at is not None:
        return "disabled"
    if user.locked_until is not None and user.locked_until > now:
        return "locked"
    return user.status


def managed_account(user, grants, now) -> dict:
    """A row of 账号管理: who, their roles (with the unit), the state. No document number."""
    return {"user_id": user.id, "name": user.name, "email": user.email, "state": account_state(user, now),
            "id_type": user.id_type, "created_at": _iso(user.created_at),
            "activated_at": _iso(user.activated_at), "locked_until": _iso(user.locked_until),
            "roles": [{"role": g.role, "unit_id": g.unit_id, "enabled": g.disabled_at is None}
                      for g in grants]}


def registrants(rows) -> list[dict]:
    """(user, grant) rows of a unit's registrants."""
    return [{"user_id": u.id, "name": u.name, "email": u.email, "status": u.status,
             "granted_at": g.granted_at.isoformat(), "role_enabled": g.disabled_at is None,
             "disabled_at": g.disabled_at.isoformat() if g.disabled_at else None} for u, g in rows]


def agreement(row) -> dict:
    return {"version": row.version, "title": row.title, "body": row.body}


def activation_link(account: Account, roles=(), document: tuple[str, str] | None = None) -> dict:
    body = {"name": account.name, "email": account.email, "roles": list(roles)}
    if document is not None:
        kind, number = document
        body["document"] = {"type": kind, "number_masked": number[:2] + "*" * (len(number) - 4) + number[-2:]}
    return body


def profile(user, caller: Caller) -> dict:
    id_number = user.id_number
    return {
        "user_id": user.id, "email": user.email, "name": user.name, "mobile": user.mobile,
        "status": user.status,
        "email_verified": user.email_verified_at is not None,
        "mobile_verified": user.mobile_verified_at is not None,
        "id_type": user.id_type,
        # shown masked: the full number never leaves the service after activation
        "id_number_masked": f"{id_number[:6]}********{id_number[-4:]}" if id_number else None,
        "id_valid_from": _iso(user.id_valid_from),
        "id_valid_to": _iso(user.id_valid_to) if user.id_valid_to else ("长期" if id_number else None),
        "gender": user.gender, "birth_date": _iso(user.birth_date), "nation": user.nation,
        "education": user.education, "title": user.title, "work_unit": user.work_unit,
        "address": user.address, "postcode": user.postcode, "phone": user.phone,
        "grants": caller.to_dict()["grants"],
    }


def captcha(captcha_id: str, png: bytes, seconds: int) -> dict:
    return {"captcha_id": captcha_id, "png": base64.b64encode(png).decode(), "expires_in": seconds}


def login(token: str, csrf: str, seconds: int, caller: Caller) -> dict:
    return {"token": token, "csrf_token": csrf, "expires_in": seconds, "user": caller.to_dict()}


def authenticated(caller: Caller, csrf_hash: str, seconds_left: int) -> dict:
    return {"caller": caller.to_dict(), "csrf_hash": csrf_hash, "expires_in": seconds_left}


def logged_out(revoked: list[str]) -> dict:
    """`revoked_token_hashes`, here and below: what the gateway must forget at once (every
    other gateway is told by the `sessions_revoked` event)."""
    return {"logged_out": True, "revoked_token_hashes": revoked}


def password_changed(revoked: list[str]) -> dict:
    return {"changed": True, "revoked_token_hashes": revoked}


def password_reset(revoked: list[str]) -> dict:
    return {"reset": True, "revoked_token_hashes": revoked}


def sent() -> dict:
    return {"sent": True}


def code_sent(target: str, minutes: int) -> dict:
    return {"sent_to": target, "expires_in": minutes * 60}


def code_verified(channel: str, target: str) -> dict:
    return {"verified": channel, "target": target}

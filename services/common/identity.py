"""Who is calling: the identity the gateway passes with every RPC.

Services check permissions themselves with it; they never trust a role that the
caller's grants do not show.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Forbidden, NotAuthenticated

REGISTRANT = "registrant"          # 成果登记人
UNIT_ADMIN = "unit_admin"          # 单位管理员
RECOMMENDER = "recommender"        # 推荐单位
OFFICE = "office"                  # 登记机构
SYSADMIN = "sysadmin"              # 系统管理员

ROLE_LABELS = {
    REGISTRANT: "成果登记人",
    UNIT_ADMIN: "单位管理员",
    RECOMMENDER: "推荐单位",
    OFFICE: "登记机构",
    SYSADMIN: "系统管理员",
}


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int | None = None


@dataclass(frozen=True)
class Caller:
    user_id: int | None = None
    name: str = ""
    email: str = ""
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    def has(self, role: str, unit_id: int | None = None) -> bool:
        return any(g.role == role and (unit_id is None or g.unit_id == unit_id)
                   for g in self.grants)

    def units_where(self, role: str) -> set[int]:
        return {g.unit_id for g in self.grants if g.role == role and g.unit_id is not None}

    def require_login(self) -> "Caller":
        if not self.authenticated:
            raise NotAuthenticated()
        return self

    def require(self, role: str, unit_id: int | None = None) -> "Caller":
        self.require_login()
        if not self.has(role, unit_id):
            raise Forbidden()
        return self

    def to_dict(self) -> dict:
        return {"user_id": self.user_id, "name": self.name, "email": self.email,
                "grants": [{"role": g.role, "unit_id": g.unit_id} for g in self.grants]}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Caller":
        if not data or data.get("user_id") is None:
            return ANONYMOUS
        return cls(user_id=int(data["user_id"]), name=data.get("name", ""),
                   email=data.get("email", ""),
                   grants=tuple(Grant(g["role"], g.get("unit_id")) for g in data.get("grants", ())))


ANONYMOUS = Caller()

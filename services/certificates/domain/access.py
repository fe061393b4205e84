"""The permission decisions of the certificates service: the registrant reads and prints their
own certificate; the office reads any (a case's documents); anyone holding a 登记号 and its 核验码 verifies it, and a wrong code is
answered exactly as an unknown number (a number alone shows nothing: they are sequential)."""
from __future__ import annotations

from services.common.errors import Forbidden, NotFound
from services.common.identity import OFFICE, Caller

from .certificate import Certificate

NOT_VERIFIED = ("not_verified", "未找到与该登记号和核验码相符的登记证书，请核对后重试")


def require_owner(certificate: Certificate, caller: Caller) -> None:
    if certificate.owner_id != caller.user_id:
        raise Forbidden("not_owner", "只有该成果的登记人可以查看和打印登记证书")


def require_office(caller: Caller) -> None:
    """The registration office reads any certificate (a case's documents)."""
    caller.require(OFFICE)


def require_verified(certificate: Certificate | None, code_matches: bool) -> Certificate:
    """The issued certificate a verification shows, if the code was its own."""
    if certificate is None or not code_matches:
        raise NotFound(*NOT_VERIFIED)
    return certificate

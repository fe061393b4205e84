"""The manual's password policy and the password hash.

"密码长度为8-12位，必须由大小写字母、数字和特殊字符组合而成"; the confirmation must match.
"""
from __future__ import annotations

import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 12
SPECIALS = set(string.punctuation)

# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane) rather than argon2-cffi's
# default (64 MiB, 3 passes, 4 lanes): each login costs an accounts process 19 MiB for ~20 ms
# instead of 64 MiB, which is what kept its peak memory above 150 MB (docs/performance.md).
# Hashes made with other parameters still verify and are rehashed at the next login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def policy_problems(password: str, confirmation: str | None = None,
                    min_length: int = MIN_LENGTH, max_length: int = MAX_LENGTH) -> dict:
    """Return {field: Chinese message} for every rule the password breaks."""
    problems = {}
    pw = password or ""
    if not isinstance(pw, str):  # JSON gives numbers, lists and objects too
        problems["password"] = "密码应为文本"
    elif not (min_length <= len(pw) <= max_length):
        problems["password"] = f"密码长度为{min_length}-{max_length}位"
    elif not (any(c.isupper() and c.isascii() for c in pw)
              and any(c.islower() and c.isascii() for c in pw)
              and any(c.isdigit() for c in pw)
              and any(c in SPECIALS for c in pw)):
        problems["password"] = "密码必须由大小写字母、数字和特殊字符组合而成"
    elif any(c.isspace() or not c.isascii() for c in pw):
        problems["password"] = "密码只能包含字母、数字和英文特殊字符"
    if confirmation is not None and confirmation != pw:
        problems["password_confirm"] = "确认密码必须和登录密码一致"
    return problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def needs_rehash(password_hash: str) -> bool:
    """True for a hash made with other parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash or not isinstance(password or "", str):
        return False
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False

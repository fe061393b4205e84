"""The office's signing identity and the check-code secret.

Production passes a real key and certificate (SIGNING_KEY_PATH / SIGNING_CERT_PATH) and a
CHECK_CODE_SECRET from the environment. Without them a development identity and a random
secret are generated once into keys_dir (CERTIFICATES_KEYS_DIR, default var/keys/, never
committed) and reused, so certificates issued earlier still verify after a restart. Instances starting together take
turns through a lock file, so they all use the same ones.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets

from .rendering.identity import generate_development_identity

log = logging.getLogger(__name__)

KEY_FILE, CERT_FILE, SECRET_FILE = "signing-key.pem", "signing-cert.pem", "check-code-secret"


def signing_identity(key_path: str | None, cert_path: str | None, keys_dir: str) -> tuple[bytes, bytes]:
    """(key_pem, cert_pem): the configured files, or the development identity in keys_dir."""
    if key_path or cert_path:
        if not (key_path and cert_path):
            raise ValueError("SIGNING_KEY_PATH and SIGNING_CERT_PATH must be set together")
        return _read(key_path), _read(cert_path)
    key_file, cert_file = os.path.join(keys_dir, KEY_FILE), os.path.join(keys_dir, CERT_FILE)
    with _locked(keys_dir):
        if not (os.path.exists(key_file) and os.path.exists(cert_file)):
            key_pem, cert_pem = generate_development_identity()
            _write(key_file, key_pem)
            _write(cert_file, cert_pem)
            log.warning("generated a development signing identity in %s: not for production", keys_dir)
        return _read(key_file), _read(cert_file)


def check_code_secret(configured: str | None, keys_dir: str) -> str:
    """The configured secret, or the one generated once in keys_dir."""
    if configured:
        return str(configured)
    path = os.path.join(keys_dir, SECRET_FILE)
    with _locked(keys_dir):
        if not os.path.exists(path):
            _write(path, secrets.token_urlsafe(32).encode())
            log.warning("generated a check-code secret in %s: set CHECK_CODE_SECRET in production", path)
        return _read(path).decode().strip()


@contextlib.contextmanager
def _locked(keys_dir: str):
    os.makedirs(keys_dir, mode=0o700, exist_ok=True)
    with open(os.path.join(keys_dir, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _write(path: str, data: bytes) -> None:
    temporary = f"{path}.{os.getpid()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)

"""Settings of the certificates service (services/certificates/config.yaml), read once at start."""
from __future__ import annotations

from dataclasses import dataclass

from . import keys
from .rendering import DEFAULT_OFFICE

MB = 1024 * 1024


@dataclass(frozen=True)
class CertificatesSettings:
    public_url: str
    key_pem: bytes
    cert_pem: bytes
    check_code_secret: str
    office_name: str = DEFAULT_OFFICE
    seal_image: bytes | None = None   # PNG; None draws the default seal
    max_file_bytes: int = 20 * MB

    @classmethod
    def from_config(cls, config: dict) -> "CertificatesSettings":
        keys_dir = config.get("KEYS_DIR") or "var/keys"
        key_pem, cert_pem = keys.signing_identity(config.get("SIGNING_KEY_PATH"),
                                                  config.get("SIGNING_CERT_PATH"), keys_dir)
        seal_path = config.get("SEAL_IMAGE")
        seal = None
        if seal_path:
            with open(seal_path, "rb") as handle:
                seal = handle.read()
        return cls(public_url=str(config.get("PUBLIC_URL") or "http://127.0.0.1:8000"),
                   key_pem=key_pem, cert_pem=cert_pem,
                   check_code_secret=keys.check_code_secret(config.get("CHECK_CODE_SECRET"), keys_dir),
                   office_name=str(config.get("OFFICE_NAME") or DEFAULT_OFFICE), seal_image=seal)

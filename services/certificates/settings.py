"""Settings of the certificates service, read once from the CERTIFICATES section of its config
(services/certificates/config.yaml) and PUBLIC_URL."""
from __future__ import annotations

from dataclasses import dataclass

from . import keys
from .rendering.office import DEFAULT_OFFICE

MB = 1024 * 1024


@dataclass(frozen=True)
class CertificatesSettings:
    key_pem: bytes                    # the office's signing identity (keys.py)
    cert_pem: bytes
    check_code_secret: str
    public_url: str = "http://127.0.0.1:8000"
    office_name: str = DEFAULT_OFFICE
    seal_image: bytes | None = None   # PNG; None draws the default seal
    max_file_bytes: int = 20 * MB

    @classmethod
    def from_config(cls, config: dict) -> "CertificatesSettings":
        section = dict(config.get("CERTIFICATES") or {})
        keys_dir = section.get("keys_dir") or "var/keys"
        key_pem, cert_pem = keys.signing_identity(section.get("signing_key_path"),
                                                  section.get("signing_cert_path"), keys_dir)
        return cls(key_pem=key_pem, cert_pem=cert_pem,
                   check_code_secret=keys.check_code_secret(section.get("check_code_secret"), keys_dir),
                   public_url=str(config.get("PUBLIC_URL") or cls.public_url),
                   office_name=str(section.get("office_name") or DEFAULT_OFFICE),
                   seal_image=_read(section.get("seal_image")))


def _read(path: str | None) -> bytes | None:
    if not path:
        return None
    with open(path, "rb") as handle:
        return handle.read()

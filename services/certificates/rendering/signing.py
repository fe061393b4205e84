"""PAdES baseline B signatures (pyHanko) on issued PDFs, and their verification.

pyHanko's synchronous API runs asyncio.run() inside. Under eventlet (nameko) two green threads doing
so at once fail ("asyncio.run() cannot be called from a running event loop"), so calls here are
serialised by a lock (green under monkey-patching). Signing takes ~10 ms of CPU and blocks the other
workers meanwhile; run it in a process pool where that matters. Verification here is offline: the
trust roots are given, nothing is fetched, revocation is not checked (a revoked registration is the
certificates service's own record, not the signer's).
"""
from __future__ import annotations

import functools
import io
import threading

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from asn1crypto import keys
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .errors import SignatureError

FIELD_NAME = "OfficeSignature"
_asyncio_lock = threading.Lock()  # one pyHanko asyncio.run() at a time (see above)
RESERVED_BASE = 4096  # bytes for the CMS container besides the certificates it embeds


def sign_pdf(pdf_bytes: bytes, *, key_pem: bytes, cert_pem: bytes, chain_pem=(),
             reason: str = "科技成果登记证书签发", location: str = "甘肃省兰州市") -> bytes:
    """The PDF with an invisible PAdES-B-B signature (SHA-256) appended as an incremental update."""
    try:
        private_key, key_info = _load_key(bytes(key_pem))
        cert = _one_cert(cert_pem)
        chain = [c for pem in chain_pem for c in load_certs_from_pemder_data(pem)]
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    except (ValueError, TypeError, PdfError) as error:
        raise SignatureError(f"cannot sign: {error}") from error
    signer = _LoadedKeySigner(private_key, signing_cert=cert, signing_key=key_info,
                              cert_registry=SimpleCertificateStore.from_certs(chain))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, reason=reason, location=location, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES)
    # A fixed reservation skips pyHanko's trial signature that would measure it.
    reserved = RESERVED_BASE + 2 * sum(len(c.dump()) for c in [cert, *chain])  # even, as required
    with _asyncio_lock:
        return signers.sign_pdf(writer, meta, signer=signer, bytes_reserved=reserved).getvalue()


def verify_pdf_signature(pdf_bytes: bytes, trust_roots_pem) -> dict:
    """Check the document's last signature against the given trust roots.

    Returns {valid, intact, trusted, signer, coverage, signed_at, error}: ``valid`` is pyHanko's
    bottom line (intact, cryptographically valid, trusted, no disallowed change after signing);
    ``intact`` means the signed bytes are unchanged.
    """
    result = {"valid": False, "intact": False, "trusted": False, "signer": "",
              "coverage": None, "signed_at": None, "error": None}
    try:
        signatures = PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures
        if not signatures:
            return {**result, "error": "no signature"}
        roots = [c for pem in trust_roots_pem for c in load_certs_from_pemder_data(pem)]
        with _asyncio_lock:
            status = validate_pdf_signature(signatures[-1], ValidationContext(trust_roots=roots))
    except Exception as error:  # a damaged file is an invalid signature, not a crash
        return {**result, "error": f"{type(error).__name__}: {error}"}
    signer = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
    return {**result, "valid": bool(status.bottom_line), "intact": bool(status.intact),
            "trusted": bool(status.trusted), "signer": signer,
            "coverage": status.coverage.name if status.coverage else None,
            "signed_at": status.signer_reported_dt.isoformat() if status.signer_reported_dt else None}


class _LoadedKeySigner(signers.SimpleSigner):
    """SimpleSigner re-parses (and re-validates, ~30 ms for RSA) its key on every signature; this
    one signs RSA PKCS#1 v1.5 and ECDSA with the key loaded once, and leaves the rest to pyHanko."""

    def __init__(self, private_key, **kwargs):
        super().__init__(**kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        try:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        except ValueError:
            mechanism = None
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15":
            return self._private_key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa":
            return self._private_key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


@functools.lru_cache(maxsize=8)
def _load_key(key_pem: bytes):
    """The key as a pyca object and as pyHanko's PrivateKeyInfo, parsed once per process."""
    loader = (serialization.load_pem_private_key if b"-----BEGIN" in key_pem
              else serialization.load_der_private_key)
    private_key = loader(key_pem, password=None)
    pkcs8 = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
    return private_key, keys.PrivateKeyInfo.load(pkcs8)


def _one_cert(cert_pem: bytes):
    certs = list(load_certs_from_pemder_data(cert_pem))
    if len(certs) != 1:
        raise ValueError(f"expected exactly one certificate, got {len(certs)}")
    return certs[0]

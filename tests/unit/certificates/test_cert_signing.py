"""The office signs an issued certificate; anyone holding the office's certificate can check it."""
from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from services.certificates.rendering import (
    SignatureError, generate_development_identity, render_certificate, sign_pdf, verify_pdf_signature)
from tests.support import pdf_tools
from tests.support.certificate_samples import CERTIFICATE, VERIFY_URL


@pytest.fixture(scope="module")
def identity():
    return generate_development_identity()


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return render_certificate(CERTIFICATE, verify_url=VERIFY_URL)


@pytest.fixture(scope="module")
def signed(identity, unsigned) -> bytes:
    key_pem, cert_pem = identity
    return sign_pdf(unsigned, key_pem=key_pem, cert_pem=cert_pem)


def test_a_signed_certificate_verifies_against_the_office_certificate(identity, signed):
    result = verify_pdf_signature(signed, [identity[1]])
    assert result["valid"] and result["intact"] and result["trusted"]
    assert result["signer"] == "甘肃省科学技术厅 (开发用)"
    assert result["coverage"] == "ENTIRE_FILE"


def test_the_signed_certificate_still_reads_the_same(unsigned, signed):
    assert pdf_tools.flat_text(signed) == pdf_tools.flat_text(unsigned)
    assert signed.startswith(unsigned)  # an incremental update: the rendered bytes are kept


def test_the_signature_is_pades_baseline_b(signed):
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    attributes = [a["type"].native for a in signature.signer_info["signed_attrs"]]
    assert "signing_certificate_v2" in attributes and "signing_time" not in attributes
    assert signature.sig_object["/Reason"] == "科技成果登记证书签发"


def test_changing_one_byte_of_the_signed_content_breaks_the_signature(identity, signed):
    tampered = bytearray(signed)
    position = signed.index(b"/Title")  # the document information, inside the signed range
    tampered[position + 8] ^= 0x01
    result = verify_pdf_signature(bytes(tampered), [identity[1]])
    assert result["error"] is None and result["signer"]  # read and checked, not merely unreadable
    assert not result["valid"] and not result["intact"]


def test_a_certificate_signed_by_someone_else_is_not_trusted(signed):
    _, stranger = generate_development_identity("冒充者")
    result = verify_pdf_signature(signed, [stranger])
    assert not result["valid"] and not result["trusted"] and result["intact"]


def test_an_unsigned_or_broken_pdf_is_reported_not_raised(identity, unsigned):
    assert verify_pdf_signature(unsigned, [identity[1]])["error"] == "no signature"
    assert verify_pdf_signature(b"not a pdf", [identity[1]])["valid"] is False


def test_a_bad_key_is_refused_clearly(identity, unsigned):
    with pytest.raises(SignatureError):
        sign_pdf(unsigned, key_pem=b"not a key", cert_pem=identity[1])


def test_the_chain_is_embedded_for_verifiers(identity, unsigned):
    key_pem, cert_pem = identity
    _, intermediate = generate_development_identity("甘肃省数字证书中间CA (开发用)")
    signed = sign_pdf(unsigned, key_pem=key_pem, cert_pem=cert_pem, chain_pem=[intermediate])
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    names = {c.chosen.subject.native["common_name"] for c in signature.signed_data["certificates"]}
    assert "甘肃省数字证书中间CA (开发用)" in names

"""A revoked certificate is handed out marked 已注销 on every page, its signed revision kept."""
from __future__ import annotations

import datetime as dt

from services.certificates.rendering import (generate_development_identity, render_certificate, sign_pdf,
                                             verify_pdf_signature)
from services.certificates.rendering.revoked import mark_revoked
from tests.support import pdf_tools
from tests.support.certificate_samples import CERTIFICATE, VERIFY_URL


def test_every_page_says_revoked_and_when_and_the_signed_revision_is_inside_unchanged():
    key_pem, cert_pem = generate_development_identity()
    people = [f"完成人{i:02d}" for i in range(400)]  # a certificate of more than one page
    signed = sign_pdf(render_certificate(dict(CERTIFICATE, completers=people), verify_url=VERIFY_URL),
                      key_pem=key_pem, cert_pem=cert_pem)
    pages = pdf_tools.page_count(signed)
    assert pages > 1

    marked = mark_revoked(signed, dt.date(2026, 12, 3))
    assert marked.startswith(signed) and pdf_tools.page_count(marked) == pages
    for page in range(1, pages + 1):
        text = pdf_tools.flat_text(marked, page)
        assert "已注销" in text and "2026年12月3日注销" in text, page
    signature = verify_pdf_signature(marked, [cert_pem])
    assert signature["intact"] and signature["trusted"] and not signature["valid"]
    assert signature["coverage"] == "ENTIRE_REVISION"
    assert [f for f in pdf_tools.fonts(marked) if not f["emb"]] == []

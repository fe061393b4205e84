"""What a certificate shows, taken from the approval and the approved snapshot (the domain rules
of the certificates service; the file name keeps it beside the check-code tests)."""
import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest

from services.certificates.domain.certificate import Approval, approval, retry_delay
from services.certificates.domain.contents import certificate_fields, verify_url
from services.common.errors import InvalidInput
from tests.support.documents import complete_document

APPROVED = {"case_id": 3, "draft_id": 17, "snapshot_id": 41, "owner_id": 9, "unit_id": None,
            "category": "applied", "title": "高寒旱区马铃薯全程机械化关键装备研制与应用",
            "registration_number": "6202026Y0001", "registered_on": "2026-03-12"}


def test_an_approved_event_gives_number_snapshot_and_registration_date():
    assert approval(APPROVED) == Approval("6202026Y0001", 41, dt.date(2026, 3, 12), 17, 9)
    assert approval({**APPROVED, "registration_number": "620 2026 y-0001", "draft_id": None,
                     "owner_id": "9"}) == Approval("6202026Y0001", 41, dt.date(2026, 3, 12))


@pytest.mark.parametrize("change, field", [({"snapshot_id": None}, "snapshot_id"),
                                           ({"registered_on": "12/03/2026"}, "registered_on"),
                                           ({"registration_number": "6202026Y"}, "registration_number")])
def test_an_incomplete_approval_is_refused_naming_the_field(change, field):
    with pytest.raises(InvalidInput) as caught:
        approval({**APPROVED, **change})
    assert field in caught.value.fields


def test_the_certificate_lists_units_and_completers_in_order_with_the_evaluation():
    snapshot = {"category": "applied", "owner_id": 9, "content": complete_document("applied")}
    fields = certificate_fields(approval(APPROVED), snapshot, "7KQ2M9")
    assert fields == {
        "registration_number": "6202026Y0001", "title": "高寒旱区马铃薯全程机械化关键装备研制与应用",
        "category": "应用技术类", "units": ["甘肃省农业机械化技术推广总站", "甘肃某农机装备有限公司"],
        "completers": ["王伟任", "张丽", "赵敏"], "evaluation_method": "验收",
        "evaluation_unit": "甘肃省科学技术厅", "evaluation_date": "2021-12-15",
        "registered_on": "2026-03-12", "check_code": "7KQ2M9"}


@pytest.mark.parametrize("category, label", [("basic", "基础理论类"), ("soft", "软科学类")])
def test_each_category_has_its_label_and_missing_sections_print_empty(category, label):
    fields = certificate_fields(approval(APPROVED), {"category": category, "content": {
        "overview": {"title": " 标题 "}, "units": {"units": [{"name": ""}, {"name": "兰州大学"}]}}}, "X")
    assert fields["category"] == label and fields["title"] == "标题" and fields["units"] == ["兰州大学"]
    assert fields["completers"] == [] and fields["evaluation_method"] == ""


def test_the_qr_code_leads_to_the_public_verification_with_number_and_code():
    url = verify_url("https://kjcg.example.gov.cn/", "6202026Y0001", "7KQ2M9")
    assert url == "https://kjcg.example.gov.cn/verify?number=6202026Y0001&code=7KQ2M9"
    assert parse_qs(urlparse(url).query) == {"number": ["6202026Y0001"], "code": ["7KQ2M9"]}


def test_a_failed_issue_is_retried_after_30_seconds_doubling_up_to_an_hour():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(20) == 3600

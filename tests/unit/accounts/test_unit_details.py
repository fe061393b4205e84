"""A unit's details after approval: what its admin changes at once, the change request for a new
name or credit code the office decides, and the office's 停用 / 启用 of a unit."""
import datetime as dt

import pytest

from services.accounts.domain import people, unit as units
from services.common.errors import Conflict, InvalidInput

NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.timezone.utc)
CLEAN_UNIT = {"name": "兰州测试研究所", "credit_code": "91350100M000100Y43", "nature": "科研院所",
              "address": "兰州市城关区", "postcode": None, "admin_name": "李四",
              "admin_email": "li@example.com", "admin_mobile": "13912345678"}
APPROVED = units.approve(units.apply(CLEAN_UNIT, None, NOW), 9, NOW)
DETAILS = {k: CLEAN_UNIT[k] for k in ("name", "credit_code", "nature", "address", "postcode")}


def test_address_and_nature_change_at_once_without_a_request():
    changed, request = units.edit(APPROVED, {**DETAILS, "address": "兰州市七里河区", "nature": "企业",
                                             "postcode": "730050"}, 5, NOW)
    assert request is None
    assert (changed.address, changed.nature, changed.postcode, changed.name) == (
        "兰州市七里河区", "企业", "730050", "兰州测试研究所")


def test_a_new_name_or_credit_code_waits_for_the_office():
    changed, request = units.edit(APPROVED, {**DETAILS, "name": "甘肃测试研究院"}, 5, NOW)
    assert changed.name == "兰州测试研究所"   # not yet
    assert (request.old_name, request.name, request.credit_code, request.requested_by, request.status) == (
        "兰州测试研究所", "甘肃测试研究院", "91350100M000100Y43", 5, "pending")
    approved = units.decide_change(request, True, 9, None, NOW)
    assert approved.status_label == "已通过" and approved.decided_by == 9
    assert units.apply_change(changed, approved).name == "甘肃测试研究院"
    with pytest.raises(Conflict) as twice:
        units.decide_change(approved, False, 9, "x", NOW)
    assert twice.value.code == "change_decided"
    refused = units.decide_change(request, False, 9, units.read_change_reason(" 名称与营业执照不符 "), NOW)
    assert (refused.status, refused.reason) == ("refused", "名称与营业执照不符")
    assert units.withdraw_change(request, NOW).status_label == "已撤回"


def test_only_an_approved_unit_in_use_is_edited():
    for unit, code in ((units.apply(CLEAN_UNIT, None, NOW), "unit_not_approved"),
                       (units.disable(APPROVED, 9, "注销", NOW), "unit_disabled")):
        with pytest.raises(Conflict) as refused:
            units.edit(unit, DETAILS, 5, NOW)
        assert refused.value.code == code


def test_the_office_disables_an_approved_unit_with_a_reason_and_enables_it_again():
    disabled = units.disable(APPROVED, 9, units.read_disable_reason(" 单位已注销 "), NOW)
    assert (disabled.enabled, disabled.disabled_reason, disabled.disabled_by) == (False, "单位已注销", 9)
    with pytest.raises(Conflict):
        units.disable(disabled, 9, "again", NOW)
    enabled = units.enable(disabled)
    assert enabled.enabled and enabled.disabled_reason is None
    with pytest.raises(Conflict):
        units.enable(enabled)
    with pytest.raises(Conflict) as pending:
        units.disable(units.apply(CLEAN_UNIT, None, NOW), 9, "x", NOW)
    assert pending.value.code == "unit_not_approved"
    with pytest.raises(InvalidInput) as no_reason:
        units.read_disable_reason("  ")
    assert no_reason.value.fields == {"reason": "请填写停用的原因"}


def test_the_details_form_names_each_bad_field():
    with pytest.raises(InvalidInput) as bad:
        people.read_unit_details({"name": "兰", "credit_code": "91350100M000100Y44", "nature": "其他单位",
                                  "address": "", "postcode": "7300"})
    assert set(bad.value.fields) == {"name", "credit_code", "nature", "address", "postcode"}
    assert people.read_unit_details({**DETAILS, "credit_code": "91350100m000100y43"})["credit_code"] == \
        "91350100M000100Y43"

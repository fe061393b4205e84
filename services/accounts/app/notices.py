"""Emails about the review of a registration, sent because of the other services' events:
accounts knows who the people are and owns the outgoing mail."""
from __future__ import annotations

from . import outgoing, store

CONSUMER = "accounts.notices"
LEVEL_NAMES = {"unit": "单位管理员", "recommender": "推荐单位", "office": "登记机构"}


def _to_reviewers(uow, settings, level, data, title):
    _to_level(uow, settings, level, data, "新的待审核成果", [
        f"有新的科技成果登记待您审核：《{title}》。", f"请登录系统处理：{settings.public_url}/"])


def _to_level(uow, settings, level, data, subject, lines):
    """To every active reviewer of `level` for the case (the unit's admins, the office, …): at
    the recommender level the 推荐单位 the form names (`recommender_id`), else those of the
    unit's 推荐范围."""
    named = data.get("recommender_id")
    if level == "recommender" and isinstance(named, int):
        people = [named]
    else:
        people = store.reviewer_ids(uow.session, level, data.get("unit_id"))
    for user in store.active_accounts(uow.session, people):
        outgoing.notice(uow, user.email, subject, [f"{user.name}，您好：", "", *lines])


def _to_owner(uow, owner_id, subject, lines):
    if not isinstance(owner_id, int):
        return
    for user in store.active_accounts(uow.session, [owner_id]):
        outgoing.notice(uow, user.email, subject, [f"{user.name}，您好：", "", *lines])


def handle(uow, settings, event: dict) -> None:
    if not uow.first_time(CONSUMER, event["event_id"]):
        return
    data, kind = event.get("data") or {}, event.get("type")
    title = data.get("title") or ""
    if event.get("producer") == "registration" and kind == "submitted":
        if "recommender" not in data:   # from before review's `opened`, which tells the reviewers now
            _to_reviewers(uow, settings, data.get("first_level"), data, title)
    elif kind == "opened":
        _to_reviewers(uow, settings, data.get("to_level"), data, title)
    elif kind == "forwarded":
        _to_owner(uow, data.get("owner_id"), "成果已通过审核并报送上级", [
            f"您的科技成果《{title}》已通过{LEVEL_NAMES.get(data.get('from_level'), '')}审核，"
            f"已报送{LEVEL_NAMES.get(data.get('to_level'), '')}。"])
        _to_reviewers(uow, settings, data.get("to_level"), data, title)
    elif kind == "returned":
        sections, titles = data.get("section_comments") or {}, data.get("section_titles") or {}
        _to_owner(uow, data.get("owner_id"), "成果被退回修改", [
            f"您的科技成果《{title}》被{LEVEL_NAMES.get(data.get('from_level'), '')}退回修改。",
            f"退回意见：{data.get('comment') or ''}",
            *(["各部分的意见："] if sections else []),
            *[f"  {titles.get(key, key)}：{text}" for key, text in sections.items()],
            f"请登录系统修改后重新提交：{settings.public_url}/achievements/{data.get('draft_id')}"])
    elif kind == "withdrawn":
        _to_level(uow, settings, data.get("from_level"), data, "成果已被撤回", [
            f"待您审核的科技成果《{title}》已被填报人撤回，无需再审核。",
            *([f"撤回说明：{data['comment']}"] if data.get("comment") else []),
            "填报人修改后重新提交时，您将再次收到通知。"])
    elif kind == "refused":
        _to_owner(uow, data.get("owner_id"), "成果不予登记", [
            f"您的科技成果《{title}》经登记机构审核，不予登记。",
            f"原因：{data.get('reason_label') or ''}。{data.get('comment') or ''}"])
    elif kind == "approved":
        _to_owner(uow, data.get("owner_id"), "成果已登记", [
            f"您的科技成果《{title}》已审核通过并完成登记，登记号：{data.get('registration_number')}。",
            f"请登录系统打印科技成果登记证书：{settings.public_url}/"])
    elif kind == "publicity_started":
        _to_owner(uow, data.get("owner_id"), "成果进入公示", [
            f"您的科技成果《{title}》已通过登记机构审核，现在科技成果公开目录中公示，"
            f"公示期至 {data.get('publicity_ends_on')}。",
            "公示期满无异议（或异议经处理不成立）后予以登记，届时另行通知。"])
    elif kind == "objected":
        _to_owner(uow, data.get("owner_id"), "公示中的成果收到异议", [
            f"您公示中的科技成果《{title}》收到一份异议，登记机构将核实处理；异议处理完毕前暂不登记。"])
        _to_level(uow, settings, "office", {}, "公示异议待处理", [
            f"公示中的科技成果《{title}》收到异议，请登录系统处理：{settings.public_url}/office/objections"])
    elif kind == "objection_dismissed":
        _to_owner(uow, data.get("owner_id"), "异议经处理不成立", [
            f"对您的科技成果《{title}》提出的异议经登记机构处理，不成立。",
            f"处理意见：{data.get('comment') or ''}",
            "公示期满且无其他待处理异议后予以登记。"])
    elif kind == "revoked":
        _to_owner(uow, data.get("owner_id"), "成果登记已注销", [
            f"您的科技成果《{title}》（登记号 {data.get('registration_number')}）的登记已被注销。",
            f"理由：{data.get('reason') or data.get('comment') or ''}"])

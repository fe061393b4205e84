"""公示 and 异议 (domain.md, "The office's year"; off by default): when on, the office's approval
puts a registration in 公示中 for N working days on the public register instead of registering
it; anyone may file an 异议 meanwhile. A pending objection blocks registration. The office
resolves each objection: upheld → 不予登记 (reason 存在争议); dismissed → the registration goes
on. Once the period is over and no objection is pending, the system registers it (登记号,
certificate) as the office's approval would have.

Pure functions returning Outcomes like workflow.py; the adapter stores them compare-and-set.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from services.common.clock import CHINA, as_utc
from services.common.errors import Conflict, invalid
from services.common.flags import flag
from services.common.identity import Caller
from services.common.validation import Form
from services.common.working_days import working_days_after

from . import inputs
from .access import check_version, require_office, state_of
from .case import (APPROVED, CONCLUDE, DISMISS, OBJECT, PUBLIC_ROLE, PUBLICITY, PUBLICIZE, REFUSED,
                   SYSTEM_ROLE, SYSTEM_USER, UPHOLD, Event, Outcome, ReviewCase, Transition, EVENT_OF,
                   event_data)
from .levels import OFFICE_LEVEL
from .numbers import parse_number

MIN_DAYS, MAX_DAYS = 5, 60
MAX_PENDING_PER_CASE = 50       # a flood of objections stops here (each still needs a captcha)
OBJECTION_PENDING, OBJECTION_UPHELD, OBJECTION_DISMISSED, OBJECTION_CLOSED = (
    "pending", "upheld", "dismissed", "closed")
OBJECTION_LABELS = {OBJECTION_PENDING: "待处理", OBJECTION_UPHELD: "异议成立",
                    OBJECTION_DISMISSED: "异议不成立", OBJECTION_CLOSED: "已结案"}


@dataclass(frozen=True)
class PublicityRule:
    enabled: bool = False
    working_days: int = MIN_DAYS

    @classmethod
    def from_config(cls, section) -> "PublicityRule":
        section = section if isinstance(section, dict) else {}
        days = int(section.get("working_days") or MIN_DAYS)
        if not MIN_DAYS <= days <= MAX_DAYS:
            raise ValueError(f"公示期应为{MIN_DAYS}至{MAX_DAYS}个工作日：{days}")
        return cls(enabled=flag(section.get("enabled")), working_days=days)

    def ends_on(self, at: dt.datetime) -> dt.date:
        """The last day of a 公示 that starts at `at` (its own day not counted)."""
        return working_days_after(local_day(at), self.working_days)


@dataclass(frozen=True)
class Objection:
    objection_id: int | None
    case_id: int
    name: str
    contact: str
    reasons: str
    status: str = OBJECTION_PENDING
    filed_at: dt.datetime | None = None


def local_day(at: dt.datetime) -> dt.date:
    return as_utc(at).astimezone(CHINA).date()


def read_objection(body) -> tuple[int, str, str, str]:
    """(case id, name, contact, reasons) of an objection anyone files; problems by field."""
    form = Form(body)
    case_id = form.data.get("case_id")
    if isinstance(case_id, bool) or not isinstance(case_id, int) or case_id < 1:
        form.fail("case_id", "请指明对哪一项公示成果提出异议")
    name = form.text("name", "异议人姓名或单位名称", max_length=100)
    contact = form.text("contact", "联系方式（电话或电子邮箱）", max_length=100)
    if contact and not any(ch.isdigit() for ch in contact) and "@" not in contact:
        form.fail("contact", "联系方式应为电话号码或电子邮箱")
    reasons = form.text("reasons", "异议理由", max_length=inputs.MAX_COMMENT, multiline=True)
    form.done()
    return case_id, name, contact, reasons


def read_resolution(body) -> tuple[str, str]:
    """(uphold|dismiss, the office's comment) of a resolution."""
    body = body if isinstance(body, dict) else {}
    decision = body.get("decision")
    problems = {}
    if decision not in (UPHOLD, DISMISS):
        problems["decision"] = "处理结果应为 uphold（异议成立）或 dismiss（异议不成立）"
    comment, bad = inputs.required_text(body.get("comment"), "comment", "处理意见")
    problems.update(bad)
    if problems:
        raise invalid(problems)
    return decision, comment


# -- what changes the case -----------------------------------------------------------------
def start(case: ReviewCase, caller: Caller, here: str, at: dt.datetime, comment: str,
          rule: PublicityRule) -> Outcome:
    """The office's approval when 公示 is on: 公示中 until `ends_on`, no 登记号 yet."""
    ends = rule.ends_on(at)
    return _change(case, PUBLICIZE, caller.user_id, "office", at, comment,
                   {"publicity_ends_on": ends.isoformat(), "publicity_working_days": rule.working_days},
                   status=PUBLICITY, level=here, publicity_ends_on=ends, by_name=caller.name)


def object_to(case: ReviewCase, objection: Objection, pending_count: int, at: dt.datetime) -> Outcome:
    """An 异议 filed by anyone during the 公示 (recorded on the case, which stays 公示中)."""
    if case.status != PUBLICITY or case.publicity_ends_on is None or local_day(at) > case.publicity_ends_on:
        raise Conflict("not_in_publicity", "该成果不在公示期内，不能提出异议", details=state_of(case))
    if pending_count >= MAX_PENDING_PER_CASE:
        raise Conflict("too_many_objections", "该成果的待处理异议已达上限，请等待登记机构处理")
    return _change(case, OBJECT, SYSTEM_USER, PUBLIC_ROLE, at, "",
                   {"objection_id": objection.objection_id})


def resolve(case: ReviewCase, caller: Caller, objection: Objection, decision: str, comment: str,
            at: dt.datetime, expected_version: int | None = None) -> Outcome:
    """The office decides an objection: upheld → 不予登记 (存在争议); dismissed → 公示 goes on."""
    require_office(caller, "处理异议")
    check_version(case, expected_version)
    if objection.status != OBJECTION_PENDING:
        raise Conflict("objection_resolved", "该异议已处理")
    if case.status != PUBLICITY:
        raise Conflict("not_in_publicity", "该成果已不在公示中", details=state_of(case))
    details = {"objection_id": objection.objection_id}
    if decision == UPHOLD:
        details.update(reason="dispute", reason_label=inputs.REFUSAL_REASONS["dispute"])
        return _change(case, UPHOLD, caller.user_id, "office", at, comment, details,
                       status=REFUSED, publicity_ends_on=None, by_name=caller.name)
    return _change(case, DISMISS, caller.user_id, "office", at, comment, details, by_name=caller.name)


def conclude(case: ReviewCase, at: dt.datetime, pending_objections: int, number_for) -> Outcome | None:
    """公示期满: registered by the system, if the period is over and nothing is pending."""
    if (case.status != PUBLICITY or pending_objections or case.publicity_ends_on is None
            or local_day(at) <= case.publicity_ends_on):
        return None
    registered_on = local_day(at)
    number = number_for(case.category, registered_on.year)
    if parse_number(number).year != registered_on.year:
        raise ValueError(f"number_for returned {number!r} for the year {registered_on.year}")
    return _change(case, CONCLUDE, SYSTEM_USER, SYSTEM_ROLE, at, "",
                   {"registration_number": number}, status=APPROVED, registration_number=number,
                   registered_on=registered_on, publicity_ends_on=None)


def _change(case, action, by_user_id, by_role, at, comment, details, by_name="", **changes) -> Outcome:
    new = replace(case, version=case.version + 1, updated_at=at, **changes)
    transition = Transition(case.case_id, action, by_user_id, by_role, at, case.status, case.level,
                            new.status, new.level or OFFICE_LEVEL, comment, dict(details),
                            by_name=(by_name or "")[:50])
    return Outcome(new, transition, (Event(EVENT_OF[action], event_data(new, transition)),))

"""Synthetic data for bench/reports.py: rows of the reports read model (`registrations`) seeded
in bulk, and event envelopes as the producers publish them (docs/events/*.yaml), for the
read model's catch-up and rebuild.

Everything is drawn from a seeded random generator, so two runs load the same data. Codes come
from the registration service's code tables (services/registration/codetables/*.yaml), choice
values from its forms; 登记号 are unique across everything one run makes (NumberAllocator).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import random
import uuid

import yaml

from services.reports.domain.calendar import statistics_year

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHINA = dt.timezone(dt.timedelta(hours=8))
YEAR_START = (11, 1)   # services/reports/config.yaml's default statistics_year_start

SEED_ID_OFFSET = 1_000_000       # draft ids of the rows seeded into the read model
CATCH_UP_ID_OFFSET = 10_000_000  # draft ids of the events queued for the catch-up
REBUILD_ID_OFFSET = 20_000_000   # draft ids of the events put into the outboxes for the rebuild

LETTERS = {"applied": "Y", "basic": "J", "soft": "R"}
CATEGORY_WEIGHTS = {"applied": 55, "basic": 20, "soft": 25}
STATUS_WEIGHTS = {"registered": 84, "pending": 6, "returned": 3, "refused": 3, "withdrawn": 1,
                  "revoked": 3}
REFUSAL_REASONS = {"duplicate": "重复登记", "classified": "涉密", "out_of_window": "超出登记时限",
                   "dispute": "存在争议", "other": "其他"}
LEVELS = ["国际领先", "国际先进", "国内领先", "国内先进", "未评价"]
LEVEL_WEIGHTS = [3, 10, 30, 45, 12]
STAGES = ["初期阶段", "中期阶段", "成熟应用阶段"]
METHODS = ["验收", "鉴定", "评估", "行业准入", "其他"]
METHOD_WEIGHTS = [55, 20, 15, 3, 7]
DEMAND_METHODS = ["技术转让", "技术许可", "作价投资", "合作开发", "技术服务"]

SEARCH_WORD = "马铃薯"    # in the title or keywords of about 1 registration in 8
TITLE_WORDS = ["高寒旱区", "马铃薯", "全程机械化", "关键装备", "研制与应用", "黄河流域", "生态保护",
               "中药材", "道地药材", "种植技术", "新能源", "光伏发电", "储能系统", "智能电网",
               "河西走廊", "节水灌溉", "草原", "畜牧业", "高原夏菜", "冷链物流", "文物保护",
               "敦煌壁画", "数字化", "石油化工", "催化剂", "新材料", "有色金属", "冶炼工艺",
               "风沙治理", "荒漠化防治", "小麦", "玉米", "育种", "苹果", "病虫害", "绿色防控",
               "镍钴", "稀土", "盐碱地", "改良", "牦牛", "藏羊", "兰州百合", "当归", "黄芪"]
TITLE_ENDS = ["关键技术研究与应用", "技术集成与示范", "研究", "关键技术及产业化", "新品种选育",
              "技术体系构建与推广", "智能监测系统", "机理研究"]
UNIT_STEMS = ["甘肃省农业科学院", "兰州大学", "兰州理工大学", "西北师范大学", "甘肃农业大学",
              "兰州交通大学", "中国科学院兰州化学物理研究所", "中国科学院近代物理研究所",
              "甘肃省科学院", "甘肃中医药大学", "兰州石化公司", "金川集团股份有限公司",
              "酒泉钢铁（集团）有限责任公司", "敦煌研究院", "甘肃省水利科学研究院",
              "甘肃省畜牧兽医研究所", "天水师范学院", "河西学院", "陇东学院", "甘肃省林业科学研究院"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬兰彬斌宇浩凯健俊帆帅旭宁"
SENTENCES = ["本项目针对甘肃省高寒旱区生产中的突出问题，开展了系统研究。",
             "建立了适合当地条件的技术体系，形成了可复制、可推广的应用模式。",
             "研制了关键装备三套，获授权发明专利五项、实用新型专利十二项。",
             "成果在省内十四个市州推广应用，累计示范面积超过二十万亩。",
             "经第三方评价，成果整体达到国内领先水平，部分指标达到国际先进水平。",
             "项目实施期间培养研究生二十余名，发表学术论文三十余篇。",
             "显著降低了生产成本，提高了资源利用效率，经济、社会和生态效益显著。",
             "揭示了关键过程的作用机理，为后续研究和产业化提供了理论依据。"]


def _codes(table: str) -> list[dict]:
    with open(os.path.join(ROOT, "services", "registration", "codetables", f"{table}.yaml"),
              encoding="utf-8") as handle:
        return yaml.safe_load(handle)["entries"]


class Codes:
    """The code values rows are drawn from, skewed as real registrations are (most first
    completing units in Gansu, most of them in Lanzhou)."""

    def __init__(self):
        regions = [e["code"] for e in _codes("regions")]
        gansu = [c for c in regions if c.startswith("62") and c != "620000"]
        self.regions = gansu + [c for c in regions if not c.startswith("62")]
        self.region_weights = [40 if c == "620100" else 5 for c in gansu] + \
                              [0.3] * (len(self.regions) - len(gansu))
        self.disciplines = [e["code"] for e in _codes("disciplines")]
        self.discipline_weights = [1 + (7 * i) % 11 for i in range(len(self.disciplines))]
        self.industries = [e["code"] for e in _codes("industries") if e["code"].isdigit()]
        self.hightech = [e["code"] for e in _codes("hightech_fields")]


class NumberAllocator:
    """登记号 620YYYY<letter>NNNN, unique across one run; a full year spills into the year before."""

    def __init__(self):
        self.serials: dict[tuple[int, str], int] = {}

    def allocate(self, category: str, year: int) -> tuple[int, str]:
        letter = LETTERS[category]
        while self.serials.get((year, letter), 0) >= 9999:
            year -= 1
        serial = self.serials.get((year, letter), 0) + 1
        self.serials[(year, letter)] = serial
        return year, f"620{year}{letter}{serial:04d}"


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _title(rng: random.Random, i: int) -> str:
    return "".join(rng.sample(TITLE_WORDS, 2)) + rng.choice(TITLE_ENDS) + f"（{i}）"


def _units(rng: random.Random) -> list[str]:
    count = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
    units = []
    for _ in range(count):
        stem = rng.choice(UNIT_STEMS)
        units.append(stem if rng.random() < 0.6 else f"{stem}第{rng.randrange(1, 30)}研究室")
    return list(dict.fromkeys(units))


def _moment(rng: random.Random, year: int, now: dt.datetime) -> dt.datetime:
    first = dt.datetime(year, 1, 1, tzinfo=CHINA)
    last = min(dt.datetime(year, 12, 31, 23, 59, tzinfo=CHINA), now - dt.timedelta(days=1))
    span = max(int((last - first).total_seconds()), 1)
    return (first + dt.timedelta(seconds=rng.randrange(span))).astimezone(dt.timezone.utc)


def _working_days(rng: random.Random) -> int:
    return rng.choices(range(0, 13), weights=(4, 10, 14, 16, 16, 14, 8, 6, 4, 3, 2, 2, 1))[0]


def registration_rows(count: int, rng: random.Random, codes: Codes, numbers: NumberAllocator,
                      now: dt.datetime, years: int = 12, first_id: int = SEED_ID_OFFSET):
    """`count` rows of the `registrations` table as the read model folds them (services/reports/
    domain/registration_row.py), yielded in chunks of 5,000. Years: the last `years` up to now,
    more in recent ones."""
    this_year = now.astimezone(CHINA).year
    year_list = list(range(this_year - years + 1, this_year + 1))
    year_weights = [1 + i * 0.15 for i in range(years)]
    year_weights[-1] *= max(now.astimezone(CHINA).timetuple().tm_yday / 365, 0.1)
    year_cum = list(itertools.accumulate(year_weights))
    region_cum = list(itertools.accumulate(codes.region_weights))
    discipline_cum = list(itertools.accumulate(codes.discipline_weights))
    chunk = []
    for i in range(count):
        draft_id = first_id + i
        category = _pick(rng, CATEGORY_WEIGHTS)
        status = _pick(rng, STATUS_WEIGHTS)
        unit_id = rng.randrange(1, 2001) if rng.random() < 0.8 else None
        year = rng.choices(year_list, cum_weights=year_cum)[0]
        if status in ("pending", "returned", "withdrawn"):   # still under way: recent
            year = this_year if rng.random() < 0.8 else this_year - 1
        number = registered_on = decided = revoked = certificate = None
        level = refusal = refusal_label = None
        if status in ("registered", "revoked"):
            year, number = numbers.allocate(category, year)
        submitted = _moment(rng, year, now)
        arrived = submitted + dt.timedelta(days=rng.randrange(0, 8)) if unit_id else submitted
        days = None
        if status in ("registered", "revoked", "refused"):
            days = _working_days(rng)
            decided = arrived + dt.timedelta(days=days + days // 5 * 2, hours=rng.randrange(1, 9))
            decided = min(decided, now - dt.timedelta(hours=1))
        if status in ("registered", "revoked"):
            registered_on = decided.astimezone(CHINA).date()
            if registered_on.year != year:   # the number's year is the registration's
                registered_on = dt.date(year, 12, 31)
            certificate = hashlib.sha256(number.encode()).hexdigest()
            if status == "revoked":
                revoked = decided + dt.timedelta(days=rng.randrange(10, 200))
                revoked = min(revoked, now - dt.timedelta(minutes=5))
        elif status == "refused":
            refusal = rng.choice(list(REFUSAL_REASONS))
            refusal_label = REFUSAL_REASONS[refusal]
        elif status == "pending":
            level = "unit" if unit_id and rng.random() < 0.4 else "office"
            if level == "unit":
                arrived = None
        elif status in ("returned", "withdrawn"):
            arrived = arrived if rng.random() < 0.5 else None
        day = registered_on or submitted.astimezone(CHINA).date()
        title = _title(rng, i)
        keywords = rng.sample(TITLE_WORDS, rng.randrange(3, 6))
        units = _units(rng)
        completers = [_name(rng) for _ in range(rng.randrange(3, 10))]
        project_number = f"{year % 100:02d}JR{rng.randrange(1, 10)}RA{rng.randrange(1, 999):03d}"
        consent = rng.random() < 0.7
        demand = None
        if consent and rng.random() < 0.35:
            demand = {"methods": rng.sample(DEMAND_METHODS, rng.randrange(1, 3)),
                      "reference_price": f"{rng.randrange(5, 500)}万元" if rng.random() < 0.5 else None,
                      "description": rng.choice(SENTENCES)}
        words = [title, *keywords, *units, *completers, project_number]
        chunk.append({
            "draft_id": draft_id, "snapshot_id": draft_id, "category": category,
            "unit_id": unit_id, "owner_id": SEED_ID_OFFSET + rng.randrange(0, 30_000),
            "status": status, "level": level, "first_submitted_at": submitted,
            "submitted_at": submitted, "office_arrived_at": arrived, "decided_at": decided,
            "decision_working_days": days if arrived else None, "refusal_reason": refusal,
            "refusal_reason_label": refusal_label, "registration_number": number,
            "registered_on": registered_on, "revoked_at": revoked,
            "certificate_sha256": certificate, "registration_year": day.year,
            "statistics_year": statistics_year(day, YEAR_START), "title": title,
            "keywords": keywords,
            "region": rng.choices(codes.regions, cum_weights=region_cum)[0],
            "discipline": rng.choices(codes.disciplines, cum_weights=discipline_cum)[0],
            "industry": rng.choice(codes.industries),
            "hightech_field": rng.choice(codes.hightech) if category == "applied" and rng.random() < 0.7 else None,
            "achievement_level": rng.choices(LEVELS, weights=LEVEL_WEIGHTS)[0],
            "achievement_stage": rng.choice(STAGES) if category == "applied" else None,
            "evaluation_method": rng.choices(METHODS, weights=METHOD_WEIGHTS)[0],
            "project_number": project_number, "first_unit": units[0], "units": units,
            "completers": completers,
            "summary": "".join(rng.sample(SENTENCES, rng.randrange(3, 7))),
            "demand": demand, "publish_consent": consent,
            "search_text": " ".join(words).lower(), "updated_at": decided or submitted,
        })
        if len(chunk) == 5000:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def seed_registrations(engine, count: int, numbers: NumberAllocator, seed: int = 7) -> dict:
    """Insert `count` rows into the read model's `registrations` table and their facts and words
    into `registration_facts` and `registration_words` (as store.put_registrations writes them),
    in transactions of 5,000 (so the running service is never locked out for long); then move
    the read model's version on and ANALYZE."""
    import sqlalchemy as sa
    from services.reports.domain.registration_row import in_public_register, search_chars
    from services.reports.models import FactRow, RegistrationRow, VersionRow, WordsRow

    rng, codes = random.Random(seed), Codes()
    now = dt.datetime.now(dt.timezone.utc)
    registered = count * STATUS_WEIGHTS["registered"] / 100
    # ~2,000 a year per category at most, as a province registers; more rows reach further back
    years = max(12, int(registered * CATEGORY_WEIGHTS["applied"] / 100 / 9000) + 2)
    shown, found, words = RegistrationRow.__table__, FactRow.__table__, WordsRow.__table__
    written = 0
    for chunk in registration_rows(count, rng, codes, numbers, now, years):
        with engine.begin() as conn:
            conn.execute(shown.insert(), [{k: v for k, v in row.items() if k in shown.c}
                                          for row in chunk])
            conn.execute(found.insert(), [{**{k: row.get(k) for k in found.c.keys()},
                                           "public": in_public_register(row)} for row in chunk])
            conn.execute(words.insert(), [{"draft_id": row["draft_id"], "search_text": row["search_text"],
                                           "search_chars": search_chars(row["search_text"])
                                           if engine.dialect.name == "sqlite" else None}
                                          for row in chunk])
        written += len(chunk)
    with engine.connect() as conn:
        V = VersionRow.__table__
        conn.execute(V.update().where(V.c.id == 1).values(version=V.c.version + 1))
        conn.execute(sa.text("ANALYZE registrations" if engine.dialect.name == "postgresql"
                             else "ANALYZE"))
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("ANALYZE registration_facts"))
        conn.commit()
    return {"rows": written, "years": years}


# -- events ----------------------------------------------------------------------------------
def envelope(producer: str, event_type: str, data: dict, at: dt.datetime) -> dict:
    """services/common/events.py's envelope, at a moment of the synthetic history."""
    return {"event_id": str(uuid.uuid4()), "type": event_type, "version": 1,
            "occurred_at": at.isoformat(), "producer": producer, "data": data}


# (share, steps); steps: submitted:<first level>, forwarded, returned, refused, withdrawn,
# approved, issued, revoked. A resubmission (a second `submitted`) uses a newer snapshot.
LIFECYCLES = [
    (45, ["submitted:office", "approved", "issued"]),
    (30, ["submitted:unit", "forwarded", "approved", "issued"]),
    (8, ["submitted:unit", "returned", "submitted:unit", "forwarded", "approved", "issued"]),
    (5, ["submitted:office", "refused"]),
    (4, ["submitted:unit", "forwarded"]),
    (3, ["submitted:unit"]),
    (2, ["submitted:office", "withdrawn"]),
    (3, ["submitted:office", "approved", "issued", "revoked"]),
]


def _review(case: dict, kind: str, at: dt.datetime, **extra) -> dict:
    data = {"case_id": case["case_id"], "draft_id": case["draft_id"],
            "snapshot_id": case["snapshot_id"], "owner_id": case["owner_id"],
            "unit_id": case["unit_id"], "category": case["category"], "title": case["title"],
            "version": case["version"], "from_status": case["from_status"],
            "from_level": case["from_level"], "at": at.isoformat(), **extra}
    return data


def lifecycle_events(draft_id: int, steps: list[str], snapshots: dict[str, list[int]],
                     rng: random.Random, numbers: NumberAllocator, now: dt.datetime,
                     case_ids) -> list[tuple[str, dict]]:
    """One registration's events, in the order the producers emitted them: [(producer, envelope)].
    `snapshots`: category → real snapshot ids (ascending) the events point at."""
    category = _pick(rng, CATEGORY_WEIGHTS)
    pool = snapshots[category]
    owner_id = SEED_ID_OFFSET + rng.randrange(0, 30_000)
    unit_id = rng.randrange(1, 2001) if any(s == "submitted:unit" for s in steps) else None
    title = _title(rng, draft_id)
    form_id = f"{category}-2021"
    at = now - dt.timedelta(days=rng.randrange(30, 700), seconds=rng.randrange(86_400))
    out: list[tuple[str, dict]] = []
    submissions = sum(1 for s in steps if s.startswith("submitted"))
    snapshot_ids = sorted(rng.sample(pool, submissions) if len(pool) >= submissions
                          else [pool[0]] * submissions)
    case, number, registered_on = None, None, None
    for step in steps:
        at = min(at + dt.timedelta(days=rng.randrange(1, 6), hours=rng.randrange(1, 8)),
                 now - dt.timedelta(minutes=1))
        if step.startswith("submitted"):
            level = step.split(":")[1]
            snapshot_id = snapshot_ids.pop(0)
            out.append(("registration", envelope("registration", "submitted", {
                "draft_id": draft_id, "snapshot_id": snapshot_id, "owner_id": owner_id,
                "unit_id": unit_id, "category": category, "form_id": form_id, "title": title,
                "first_level": level, "submitted_at": at.isoformat()}, at)))
            case = {"case_id": next(case_ids), "draft_id": draft_id, "snapshot_id": snapshot_id,
                    "owner_id": owner_id, "unit_id": unit_id, "category": category, "title": title,
                    "version": 1, "from_status": "pending", "from_level": level, "level": level}
            continue
        if step == "issued":
            out.append(("certificates", envelope("certificates", "issued", {
                "registration_number": number, "draft_id": draft_id,
                "snapshot_id": case["snapshot_id"], "owner_id": owner_id, "unit_id": unit_id,
                "category": category, "title": title, "units": _units(rng),
                "registered_on": registered_on.isoformat(),
                "sha256": hashlib.sha256(number.encode()).hexdigest(),
                "issued_at": at.isoformat()}, at)))
            continue
        case["version"] += 1
        level = case["level"]
        by = {"by_user_id": rng.randrange(1, 50), "by_role": "unit_admin" if level == "unit" else "office"}
        if step == "forwarded":
            data = _review(case, step, at, to_status="pending", to_level="office",
                           status_label="待登记机构审核", comment="同意报送", **by)
            case["level"] = "office"
        elif step == "returned":
            data = _review(case, step, at, to_status="returned", to_level=level,
                           status_label="退回修改", comment="请补充评价材料",
                           section_comments={"evaluation": "评价证书不清晰"}, **by)
        elif step == "withdrawn":
            data = _review(case, step, at, to_status="withdrawn", to_level=level,
                           status_label="已撤回", comment="", by_user_id=owner_id,
                           by_role="registrant")
        elif step == "refused":
            reason = rng.choice(list(REFUSAL_REASONS))
            data = _review(case, step, at, to_status="refused", to_level=level,
                           status_label="不予登记", comment="不符合登记条件", reason=reason,
                           reason_label=REFUSAL_REASONS[reason], **by)
        elif step == "approved":
            year, number = numbers.allocate(category, at.astimezone(CHINA).year)
            registered_on = at.astimezone(CHINA).date()
            if registered_on.year != year:
                registered_on = dt.date(year, 12, 31)
            data = _review(case, step, at, to_status="approved", to_level=level,
                           status_label="已登记", comment="予以登记", registration_number=number,
                           registered_on=registered_on.isoformat(), **by)
        elif step == "revoked":
            data = _review(case, step, at, to_status="revoked", to_level=level,
                           status_label="已注销", comment="重复登记", reason="重复登记",
                           registration_number=number, registered_on=registered_on.isoformat(), **by)
        else:
            raise ValueError(step)
        case["from_status"], case["from_level"] = data["to_status"], data["to_level"]
        out.append(("review", envelope("review", step, data, at)))
    return out


def synthetic_events(total: int, first_draft_id: int, snapshots: dict[str, list[int]],
                     numbers: NumberAllocator, seed: int = 11) -> tuple[list[tuple[str, dict]], int]:
    """Exactly `total` events of whole registrations (the last one's history cut short, as one
    still under way would be), and how many registrations they are."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.timezone.utc)
    shares = [share for share, _ in LIFECYCLES]
    case_ids = iter(range(first_draft_id, first_draft_id + 10 * total + 10))
    events: list[tuple[str, dict]] = []
    draft_id = first_draft_id
    while len(events) < total:
        steps = rng.choices([s for _, s in LIFECYCLES], weights=shares)[0]
        events += lifecycle_events(draft_id, steps, snapshots, rng, numbers, now, case_ids)
        draft_id += 1
    return events[:total], draft_id - first_draft_id


def events_per_registration() -> float:
    """The mean length of a lifecycle above."""
    shares = sum(share for share, _ in LIFECYCLES)
    return sum(share * len(steps) for share, steps in LIFECYCLES) / shares


# -- where events go -------------------------------------------------------------------------
def publish(amqp_uri: str, events: list[tuple[str, dict]]) -> float:
    """Publish to the producers' exchanges (topic, routing key = event type), persistent, with
    publisher confirms, as the outbox relay does (services/common/outbox.py). Seconds taken."""
    import time

    from kombu import Connection, Producer

    from services.common.outbox import event_exchange

    started = time.perf_counter()
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        channel = conn.channel()
        exchanges = {p: event_exchange(p)(channel) for p in {p for p, _ in events}}
        for exchange in exchanges.values():
            exchange.declare()
        producer = Producer(channel)
        for source, body in events:
            producer.publish(body, exchange=exchanges[source], routing_key=body["type"],
                             serializer="json", delivery_mode=2)
    return time.perf_counter() - started


def into_outboxes(engines: dict, events: list[tuple[str, dict]]) -> dict:
    """Insert the events into their producers' `outbox` tables as already published (so no relay
    sends them again): what `event_history` serves a rebuild. {producer: rows}."""
    from services.common.tables import add_platform_tables
    import sqlalchemy as sa

    metadata = sa.MetaData()
    add_platform_tables(metadata)
    table = metadata.tables["outbox"]
    now = dt.datetime.now(dt.timezone.utc)
    by_producer: dict[str, list[dict]] = {}
    for source, body in events:
        by_producer.setdefault(source, []).append({
            "event_id": body["event_id"], "event_type": body["type"], "envelope": body,
            "request_id": None, "created_at": now, "published_at": now, "attempts": 0})
    for source, rows in by_producer.items():
        with engines[source].begin() as conn:
            for at in range(0, len(rows), 5000):
                conn.execute(table.insert(), rows[at:at + 5000])
    return {source: len(rows) for source, rows in by_producer.items()}

"""Complete, valid registration documents per category, for tests at every level.

    document = complete_document("applied")      # a fresh dict each call; mutate freely
    check_document(form, document, attachments=MATERIALS["applied"], today=TODAY)  # -> []

Dates fit TODAY: research 2019-06 … 2021-11, evaluated 2021-12-15, checked 2022-03-01 (within
the 6-month window). ID numbers and credit codes carry correct check characters.
"""
from __future__ import annotations

import copy
import datetime as dt

TODAY = dt.date(2022, 3, 1)

# 居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100) with correct check characters.
ID_FEMALE_1949 = "11010519491231002X"
ID_MALE_1980 = "620102198001010017"
ID_FEMALE_1985 = "620102198506120027"
CREDIT_CODE_1 = "91350100M000100Y43"
CREDIT_CODE_2 = "911100001000080343"

MATERIALS = {
    "applied": ["evaluation_proof", "research_report"],
    "basic": ["paper", "academic_evaluation", "citation_proof"],
    "soft": ["evaluation_proof", "research_report"],
}

MANUAL_EXAMPLE = {  # what the manual's screenshot shows filled in, and nothing else
    "overview": {"title": "测试测试", "start_date": "2019-06-12", "end_date": "2021-11-30",
                 "keywords": ["测试", "实验", "装备"]},
}

_OVERVIEW = {
    "title": "高寒旱区马铃薯全程机械化关键装备研制与应用",
    "start_date": "2019-06-12", "end_date": "2021-11-30", "keywords": ["马铃薯", "机械化", "装备"],
    "achievement_level": "国内领先", "secrecy": "公开", "discipline": "210", "industry": "35",
    "recommender": "兰州市科学技术局",
}

_COMMON = {
    "project": {
        "project_source": "地方计划", "plan_name": "甘肃省重点研发计划",
        "project_number": "20YF8NA001", "issuing_department": "甘肃省科学技术厅",
        "project_year": 2019, "funds_total": "120.00", "funds_local": "80.00",
        "funds_self": "40.00",
    },
    "evaluation": {
        "evaluation_method": "验收", "evaluation_unit": "甘肃省科学技术厅",
        "evaluation_date": "2021-12-15", "evaluation_certificate_number": "甘科验字〔2021〕第015号",
        "evaluation_conclusion": "项目完成了任务书规定的各项指标，同意通过验收。",
    },
    "units": {"units": [
        {"name": "甘肃省农业机械化技术推广总站", "credit_code": CREDIT_CODE_1, "nature": "科研院所",
         "region": "620100", "contact": "王伟任", "phone": "0931-8888888",
         "email": "wangweiren@126.com", "address": "兰州市城关区雁滩路1号", "postcode": "730000"},
        {"name": "甘肃某农机装备有限公司", "credit_code": CREDIT_CODE_2, "nature": "企业",
         "region": "620700", "contact": "李明", "phone": "13909310000",
         "email": "liming@example.com", "address": "张掖市甘州区工业园区8号", "postcode": "734000"},
    ]},
    "summary": {"summary": "本成果来源于甘肃省重点研发计划，针对高寒旱区马铃薯种植收获机械化程度低的问题，"
                           "研制了播种、中耕和收获成套装备，主要技术指标达到国内领先水平。"},
    "completers": {"completers": [
        {"name": "王伟任", "gender": "男", "birth_month": "1980-01", "id_type": "身份证",
         "id_number": ID_MALE_1980, "title": "研究员", "education": "博士研究生",
         "work_unit": "甘肃省农业机械化技术推广总站", "contribution": "项目负责人，提出总体技术方案。"},
        {"name": "张丽", "gender": "女", "birth_month": "1985-06", "id_type": "身份证",
         "id_number": ID_FEMALE_1985, "title": "高级工程师", "education": "硕士研究生",
         "work_unit": "甘肃某农机装备有限公司", "contribution": "负责收获装备的结构设计与试制。"},
        {"name": "赵敏", "gender": "女", "birth_month": "1949-12", "id_type": "身份证",
         "id_number": ID_FEMALE_1949, "title": "教授", "education": "大学本科",
         "work_unit": "甘肃省农业机械化技术推广总站", "contribution": "负责田间试验与推广应用。"},
    ]},
    "committee": {"committee": [
        {"position": "主任委员", "name": "陈刚", "work_unit": "甘肃农业大学", "major": "农业机械",
         "current_field": "农业工程", "title": "教授"},
        {"position": "委员", "name": "刘芳", "work_unit": "兰州理工大学", "title": "教授"},
    ]},
    "opinion": {"opinion": "验收委员会听取了项目组的工作汇报，审查了相关资料，经质询和讨论，一致同意通过验收。"},
}

_APPLIED = {
    "overview": {**_OVERVIEW, "achievement_form": "新装备", "achievement_attribute": "原始性创新",
                 "achievement_stage": "成熟应用阶段", "hightech_field": "8"},
    "ip": {"invention_applied": 2, "invention_granted": 1, "utility_granted": 3,
           "ip_rows": [{"kind": "发明专利", "name": "一种马铃薯收获机", "number": "ZL202010000001.X",
                        "grant_date": "2021-10-08", "owner": "甘肃省农业机械化技术推广总站"}]},
    "transfer": {
        "application_status": "小批量或小范围应用", "transfer_methods": ["自行投资实施转化", "合作实施"],
        "benefits": [{"year": 2021, "new_sales": "350.00", "new_profit": "42.50", "new_tax": "18.20",
                      "forex_earned": "0.00", "cost_saving": "12.00"}],
        "social_benefit": "减轻了劳动强度，提高了收获效率。",
    },
    "demand": {"has_demand": True, "demand_methods": ["许可他人使用"], "reference_price": "50.00",
               "demand_description": "寻求农机企业合作批量生产。", "demand_contact": "王伟任",
               "demand_phone": "0931-8888888", "demand_email": "wangweiren@126.com",
               "publish_consent": True},
}

_BASIC = {
    "overview": {**_OVERVIEW, "title": "黄土高原土壤水分运移机理研究", "keywords": ["黄土高原", "土壤水分"],
                 "achievement_form": "论文", "discipline": "170"},
    "papers": {"papers_total": 12, "sci_papers": 5, "citations_total": 86, "papers": [
        {"kind": "论文", "name": "黄土高原深层土壤水分的时空变化", "authors": "王伟任，张丽",
         "venue": "地理学报", "published": "2021-03", "indexed_by": ["CSCD"], "citations": 20},
    ]},
}

_SOFT = {
    "overview": {**_OVERVIEW, "title": "甘肃省科技成果转化政策评估研究", "keywords": ["成果转化", "政策评估"],
                 "achievement_form": "研究报告", "discipline": "630", "industry": "73"},
    "application": {"adopters": [{"name": "甘肃省科学技术厅", "adopted_on": "2022-01-10",
                                  "adoption": "报告建议被采纳，纳入年度工作要点。"}]},
}

_BY_CATEGORY = {"applied": _APPLIED, "basic": _BASIC, "soft": _SOFT}


def complete_document(category: str = "applied") -> dict:
    """A fresh, complete and valid document of the category's 2021 form."""
    return copy.deepcopy({**_COMMON, **_BY_CATEGORY[category]})


def manual_example() -> dict:
    return copy.deepcopy(MANUAL_EXAMPLE)

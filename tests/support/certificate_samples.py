"""Realistic inputs shared by the certificate tests: a certificate, an 应用技术类 form and a filled draft."""
from __future__ import annotations

VERIFY_URL = "https://kjcg.kjt.gansu.gov.cn/verify/6202026Y0001?c=7KQ2M9XA"

CERTIFICATE = {
    "registration_number": "620 2026 Y 0001",
    "title": "基于多源遥感数据融合的河西走廊绿洲农田土壤墒情监测与精准灌溉关键技术研究及应用",
    "category": "应用技术",
    "units": ["兰州大学", "甘肃省农业科学院旱地农业研究所", "甘肃农业大学"],
    "completers": ["张建国", "李秀英", "王立新", "赵海燕", "陈志强"],
    "evaluation_method": "第三方评价",
    "evaluation_unit": "甘肃省科技评价中心",
    "evaluation_date": "2026-01-15",
    "registered_on": "2026-03-12",
    "check_code": "7KQ2-M9XA",
}

LONG_TITLE = ("面向西北干旱半干旱区的多源异构遥感数据与地面物联网观测协同融合的农田土壤水分、养分与作物长势"
              "一体化动态监测模型构建、区域尺度精准灌溉决策支持系统研发及其在河西走廊、陇东黄土高原和"
              "中部沿黄灌区规模化示范推广应用中的关键技术集成与创新研究（含配套装备研制、标准体系建立与"
              "基层技术人员培训），以及该技术体系在青海、宁夏、新疆、内蒙古西部等西北干旱区不同土壤类型与"
              "种植结构条件下的推广适应性评价、参数本地化校准和长期定位观测验证研究")[:200]

LONG_CERTIFICATE = dict(
    CERTIFICATE, title=LONG_TITLE,
    units=["兰州大学", "甘肃省农业科学院旱地农业研究所", "甘肃农业大学", "中国科学院西北生态环境资源研究院",
           "甘肃省水利科学研究院", "武威市农业技术推广中心", "张掖市甘州区农业技术推广站",
           "甘肃大禹节水集团股份有限公司"],
    completers=["张建国", "李秀英", "王立新", "赵海燕", "陈志强", "刘晓东", "杨丽娟", "黄文博", "周雪梅",
                "吴俊杰", "徐海峰", "孙红霞", "马福林", "朱振华", "胡晓燕"],
)

FORM = {
    "id": "applied-2021",
    "title": "应用技术类科技成果登记表 (2021年)",
    "category_label": "应用技术类",
    "sections": [
        {"key": "notes", "title": "填表说明",
         "text": "1. 本表适用于应用技术类科技成果登记，带 * 的项目为必填项。\n"
                 "2. 成果名称应与评价证明材料中的名称一致。\n"
                 "3. 完成单位和完成人员按贡献大小排序。"},
        {"key": "overview", "title": "成果概况", "fields": [
            {"key": "title", "label": "成果名称", "type": "text", "required": True},
            {"key": "keywords", "label": "关键词", "type": "keywords"},
            {"key": "discipline", "label": "学科分类代码", "type": "code", "required": True},
            {"key": "form", "label": "成果体现形式", "type": "choice", "required": True,
             "options": ["新技术", "新工艺", "新产品", "新材料", "新装备", "农业、生物新品种", "其他"]},
            {"key": "stage", "label": "成果所处阶段", "type": "choice",
             "options": ["初期阶段", "中期阶段", "成熟应用阶段"]},
            {"key": "evaluation", "label": "评价方式", "type": "choice",
             "options": ["验收", "评审", "鉴定", "行业准入", "第三方评价", "其他"]},
            {"key": "evaluation_unit", "label": "评价单位", "type": "text"},
            {"key": "evaluation_date", "label": "评价日期", "type": "date"},
            {"key": "start", "label": "研究起始日期", "type": "year_month"},
            {"key": "end", "label": "研究终止日期", "type": "year_month"},
            {"key": "secret", "label": "是否涉密", "type": "boolean"},
            {"key": "ip", "label": "知识产权形式", "type": "multichoice",
             "options": ["发明专利", "实用新型专利", "软件著作权", "植物新品种", "标准"]},
            {"key": "summary", "label": "成果简介", "type": "textarea", "required": True},
        ]},
        {"key": "units", "title": "成果完成单位情况", "fields": [
            {"key": "units", "label": "完成单位", "type": "table", "required": True, "columns": [
                {"key": "name", "label": "单位名称", "type": "text", "required": True},
                {"key": "credit_code", "label": "统一社会信用代码", "type": "credit_code"},
                {"key": "nature", "label": "单位性质", "type": "choice"},
                {"key": "contact", "label": "联系人", "type": "text"},
                {"key": "mobile", "label": "手机", "type": "mobile"},
            ]},
        ]},
        {"key": "completers", "title": "成果完成人员名单", "fields": [
            {"key": "completers", "label": "成果完成人员名单", "type": "table", "columns": [
                {"key": "name", "label": "姓名", "type": "text", "required": True},
                {"key": "gender", "label": "性别", "type": "choice"},
                {"key": "born", "label": "出生年月", "type": "year_month"},
                {"key": "title", "label": "技术职称", "type": "text"},
                {"key": "unit", "label": "工作单位", "type": "text"},
                {"key": "contribution", "label": "对成果创造性贡献", "type": "textarea"},
            ]},
        ]},
        {"key": "benefits", "title": "经济与社会效益", "fields": [
            {"key": "year", "label": "应用年份", "type": "year"},
            {"key": "users", "label": "应用单位数", "type": "integer", "unit": "家"},
            {"key": "sales", "label": "新增销售额", "type": "money", "unit": "万元"},
            {"key": "profit", "label": "新增利润", "type": "money", "unit": "万元"},
            {"key": "social", "label": "社会效益", "type": "textarea"},
        ]},
        {"key": "contact", "title": "联系方式", "fields": [
            {"key": "person", "label": "联系人", "type": "text", "required": True},
            {"key": "phone", "label": "联系电话", "type": "phone"},
            {"key": "mobile", "label": "手机", "type": "mobile", "required": True},
            {"key": "email", "label": "电子邮箱", "type": "email"},
            {"key": "postcode", "label": "邮政编码", "type": "postcode"},
            {"key": "address", "label": "通讯地址", "type": "text"},
            {"key": "credit_code", "label": "统一社会信用代码", "type": "credit_code"},
            {"key": "id_number", "label": "联系人身份证号", "type": "id_number"},
        ]},
        {"key": "attachments", "title": "附件", "text": "请上传评价证明、知识产权证明等附件（PDF 格式）。"},
    ],
}

_PEOPLE = LONG_CERTIFICATE["completers"]

DOCUMENT = {
    "overview": {
        "title": CERTIFICATE["title"],
        "keywords": ["遥感", "土壤墒情", "精准灌溉"],
        "discipline": "4101520",
        "form": "新技术",
        "stage": "成熟应用阶段",
        "evaluation": "第三方评价",
        "evaluation_unit": "甘肃省科技评价中心",
        "evaluation_date": "2026-01-15",
        "start": "2021-03",
        "end": "2025-12",
        "secret": False,
        "ip": ["发明专利", "软件著作权"],
        "summary": ("本成果针对河西走廊绿洲农田灌溉用水效率低、墒情监测手段单一等问题，融合卫星遥感、无人机多光谱"
                    "与地面物联网观测数据，构建了田块尺度土壤墒情反演模型和作物需水预测模型，研发了精准灌溉决策"
                    "支持系统。") * 12,
    },
    "units": {"units": [
        {"name": "兰州大学", "credit_code": "12620000438000445D", "nature": "高等院校",
         "contact": "张建国", "mobile": "13893100001"},
        {"name": "甘肃省农业科学院旱地农业研究所", "credit_code": "126200004380005290",
         "nature": "科研院所", "contact": "李秀英", "mobile": "13993100002"},
        {"name": "甘肃农业大学", "nature": "高等院校"},
    ]},
    "completers": {"completers": [
        {"name": name, "gender": "男" if i % 2 == 0 else "女", "born": f"19{70 + i}-0{1 + i % 9}",
         "title": "研究员" if i < 5 else "高级农艺师", "unit": "兰州大学" if i < 8 else "甘肃农业大学",
         "contribution": f"负责第{i + 1}项研究内容，主持完成墒情反演模型的构建、野外试验设计与示范推广，"
                         "撰写研究报告并取得发明专利授权。"}
        for i, name in enumerate(_PEOPLE)]},
    "benefits": {"year": 2025, "users": 36, "sales": 12850.5, "profit": "2360.00",
                 "social": "累计推广应用面积 120 万亩，节水 15% 以上，带动农户增收。"},
    "contact": {"person": "张建国", "phone": "0931-8912345", "mobile": "13893100001",
                "email": "zhangjg@lzu.edu.cn", "postcode": "730000",
                "address": "甘肃省兰州市城关区天水南路222号", "credit_code": "12620000438000445D"},
}

ATTACHMENTS = [
    {"kind_label": "评价证明", "filename": "第三方评价报告.pdf", "size": 2483121,
     "sha256": "9f2b6c1e8a7d4b3c2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d"},
    {"kind_label": "知识产权证明", "filename": "发明专利证书-ZL202310123456.7.pdf", "size": 356420,
     "sha256": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"},
]

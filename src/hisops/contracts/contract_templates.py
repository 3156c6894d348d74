"""Contract templates, transcribed from the seed tenders (`shared/seeds/`).

Each number below is the tender's own; where a tender gives one time for "remote
maintenance or arrival on site, with a solution or workaround", it is the
``initial_solution`` target. Minute and hour targets run on ``7x24`` unless the tender
ties them to working days; working-day targets run on ``cn-workday``. A target a tender
does not give is absent, never guessed.
"""

from django.utils.translation import gettext_lazy as _

H, M, WD = "hours", "minutes", "working_days"
ALWAYS, WORKDAYS = "7x24", "cn-workday"


def t(duration: int, unit: str, calendar: str = ALWAYS) -> dict:
    return {"duration": duration, "unit": unit, "calendar": calendar}


# 立即响应: an immediate target, whose grace (what "immediately" means) the contract states;
# 15 minutes until the hospital and the vendor write another figure.
IMMEDIATE = {"duration": 15, "unit": M, "calendar": ALWAYS, "immediate": True}


TEMPLATES: dict[str, dict] = {
    "seed002-his-emr": {
        "name": "HIS和电子病历等系统软件运维（四级故障）",
        "label": _("HIS and EMR software maintenance (four fault levels)"),
        "source": "seed 002 §2(4) 服务问题的分级及响应速度要求",
        "travel_excluded": True,  # 注：以上到达现场时间均不含到达医院现场路途占用时间
        # 专属运维服务项目小组：项目经理不少于1人，开发工程师不少于2人。
        "staffing": [{"name": "项目经理", "count": 1}, {"name": "开发工程师", "count": 2}],
        "channels": ["hotline", "remote", "onsite"],
        "onsite_hours": "7×24小时热线；项目经理不少于1人，开发工程师不少于2人",
        "remote_engineers": 2,
        "levels": [
            {"code": "1", "name": "一级故障", "system_level": True,
             "description": "系统瘫痪，或对最终用户的业务运作有重大影响。",
             "targets": {"response": IMMEDIATE, "initial_solution": t(1, H)}},
            {"code": "2", "name": "二级故障",
             "description": "系统的操作性能严重降级，或由于系统性能失常严重影响用户的业务运作。",
             "targets": {"response": t(30, M), "initial_solution": t(2, H)}},
            {"code": "3", "name": "三级故障",
             "description": "系统的操作性能受损，但大部分业务运作仍可正常工作。",
             "targets": {"response": t(4, H), "initial_solution": t(1, WD, WORKDAYS)}},
            {"code": "4", "name": "四级故障",
             "description": "在产品功能、安装或配置方面需要信息或支援，对用户的主要业务运作几乎或无影响。",
             "targets": {"response": t(1, WD, WORKDAYS), "initial_solution": t(2, WD, WORKDAYS)}},
        ],
        "service_items": [
            {"code": "standard", "name": "标准运维服务", "channels": ["hotline", "remote", "onsite"],
             "description": "应用支持、故障管理、BUG管理、配置管理、环境管理"},
            {"code": "custom", "name": "定制化改造运维服务", "channels": ["remote", "onsite"],
             "description": "按医保局、健康委等上级文件通知进行的定制化改造"},
            {"code": "report", "name": "季度运维报告", "channels": ["onsite"],
             "description": "维护更新问题清单，每季度提交季度小结"},
            {"code": "annual-report", "name": "年度服务报告", "channels": ["onsite"],
             "description": "提供年度服务报告，以及完善客户IT系统的建议"},
        ],
        "quotas": [],
    },
    "seed002-database": {
        "name": "数据库运维（四级故障，远程报障每年15次）",
        "label": _("Database maintenance (four fault levels, 15 remote faults a year)"),
        "source": "seed 002 §3 数据库运维服务要求",
        "travel_excluded": True,
        # §4: 团队成员具有数据库系统工程师证书、信息系统管理工程师、网络工程师证书、系统分析师、PMP.
        "certificates": "数据库系统工程师, 信息系统管理工程师, 网络工程师, 系统分析师, PMP",
        "channels": ["hotline", "remote", "onsite"],
        "levels": [
            {"code": "1", "name": "一级故障", "system_level": True,
             "description": "数据库崩溃导致业务停止、数据丢失，或对最终用户的业务运作有重大影响。",
             "targets": {"response": IMMEDIATE, "initial_solution": t(1, H), "resolve": t(6, H)}},
            {"code": "2", "name": "二级故障",
             "description": "数据库软件故障导致部分应用系统不能正常运作，影响业务。",
             "targets": {"response": t(30, M), "initial_solution": t(1, H), "resolve": t(12, H)}},
            {"code": "3", "name": "三级故障",
             "description": "数据库性能异常或死锁等，导致部分业务受影响，但大部分业务运作仍可正常工作。",
             "targets": {"response": t(1, H), "initial_solution": t(6, H), "resolve": t(24, H)}},
            {"code": "4", "name": "四级故障",
             "description": "在功能、安装或配置方面需要信息或支援，对系统运作影响很小或无影响。",
             "targets": {"response": t(3, H), "initial_solution": t(1, WD, WORKDAYS)}},
        ],
        "service_items": [
            {"code": "patch", "name": "数据库补丁升级", "channels": ["remote", "onsite"]},
            {"code": "assess", "name": "系统性能评估服务", "channels": ["remote"]},
            {"code": "tune", "name": "数据库性能优化服务", "channels": ["remote", "onsite"]},
            {"code": "inspect", "name": "生产环境巡检服务", "channels": ["remote", "onsite"],
             "description": "HIS数据库及ADG、OGG容灾库"},
            {"code": "fault", "name": "日常故障处理服务", "channels": ["remote"]},
            {"code": "onsite", "name": "现场服务", "channels": ["onsite"]},
        ],
        # 一年不超过15次的远程报障处理 (a cap); 紧急故障现场服务 一次 (a cap); 每季度提供一次
        # 巡检服务，一年共提交四份季度巡检报告 (a minimum per quarter, on site or remote).
        "quotas": [
            {"code": "remote-fault", "name": "远程报障处理", "limit": 15, "counts": "incident"},
            {"code": "onsite-emergency", "name": "紧急故障现场服务", "limit": 1, "counts": "onsite_emergency"},
            {"code": "inspection", "name": "季度巡检（现场或远程）", "limit": 1, "kind": "minimum",
             "period": "quarter", "counts": "inspection"},
        ],
    },
    "seed001-mobile-nursing": {
        "name": "移动护理系统维保（四级故障，7×24小时）",
        "label": _("Mobile nursing maintenance (four fault levels, 7×24)"),
        "source": "seed 001 服务响应承诺",
        # 在线服务（QQ、微信、邮件）, 7*24售后服务热线（400热线）, 远程, 现场.
        "channels": ["hotline", "phone", "im", "email", "remote", "onsite"],
        "onsite_hours": "7天24小时电话求助时间内，按约定时间到现场",
        "levels": [
            {"code": "1", "name": "一级故障", "system_level": True,
             "description": "因系统原因使其他业务系统运行中断，造成严重影响。",
             "targets": {"response": t(30, M), "initial_solution": t(1, H)}},
            {"code": "2", "name": "二级故障",
             "description": "因系统原因使系统功能受损，造成影响。",
             "targets": {"response": t(1, H), "initial_solution": t(1, H)}},
            {"code": "3", "name": "三级故障",
             "description": "医院对系统的功能、安装、配置、性能优化或使用方面提出技术咨询服务要求。",
             "targets": {"response": t(3, H), "initial_solution": t(3, H)}},
            {"code": "4", "name": "四级故障",
             "description": "医院对系统的功能、安装、配置、性能优化或使用方面提出技术咨询服务要求。",
             "targets": {"response": t(24, H), "initial_solution": t(24, H)}},
        ],
        "service_items": [  # the tender's eleven rows, in its order
            {"code": "diagnose", "name": "系统故障诊断", "channels": ["phone", "remote", "onsite"],
             "description": "诊断系统故障原因，并提出排除故障措施。"},
            {"code": "guide", "name": "系统使用指导", "channels": ["phone", "onsite"],
             "description": "指导临床医院使用系统，提高医院的系统应用能力和工作效率。"},
            {"code": "train", "name": "系统维护培训", "channels": ["onsite"], "description": "指导信息科进行系统日常维护。"},
            {"code": "install", "name": "系统软件安装", "channels": ["remote", "onsite"],
             "description": "为医院安装有效授权的医院端软件。"},
            {"code": "data-fix", "name": "数据修正", "channels": ["remote"],
             "description": "查找系统中出错的数据，并进行修正。"},
            {"code": "backup", "name": "数据备份", "channels": ["remote"], "description": "备份系统数据，确保系统数据安全有效。"},
            {"code": "restore", "name": "数据恢复", "channels": ["remote"], "description": "恢复有效的备份系统数据。"},
            {"code": "if-tune", "name": "系统接口优化", "channels": ["remote"],
             "description": "对系统接口进行检测，提出优化系统性能方案。"},
            {"code": "modify", "name": "功能模块修改或增加", "channels": ["remote", "onsite"],
             "description": "应医院要求，修改功能模块，在原有基础上进行系统微调。"},
            {"code": "interface", "name": "系统接口对接", "channels": ["remote"],
             "description": "上级单位要求对接的接口及与现有信息系统的对接，不收取接口费。"},
            {"code": "inspect", "name": "系统巡检", "channels": ["onsite"],
             "description": "每月对系统进行巡检，排查系统漏洞，并及时修补，提交巡检报告。"},
        ],
        "quotas": [{"code": "inspection", "name": "月度系统巡检", "limit": 1, "kind": "minimum", "period": "month",
                    "counts": "inspection"}],
    },
    "seed000-a-to-e": {
        "name": "A–E五级故障分级（A+B为系统级）",
        "label": _("Five fault levels A–E (A and B system-level)"),
        "source": "seed 000 系统故障分级管理要求（时限原文从略，由合同填写）",
        "channels": ["hotline", "im", "email", "onsite"],
        "levels": [
            {"code": "A", "name": "A 紧急", "system_level": True,
             "description": "系统出现严重问题，无法正常进行，造成安全事故和损失。", "targets": {}},
            {"code": "B", "name": "B 关键", "system_level": True,
             "description": "系统出现问题，但关键业务可以使用，可能造成安全事故和给客户造成损失。", "targets": {}},
            {"code": "C", "name": "C 较严重",
             "description": "系统基本正常，偶尔出现非致命性错误，业务基本不受影响。", "targets": {}},
            {"code": "D", "name": "D 一般", "description": "轻度影响功能或性能，或操作不方便。", "targets": {}},
            {"code": "E", "name": "E 轻微", "description": "不影响产品的功能，但性能较慢，或操作界面不够友好。", "targets": {}},
        ],
        "service_items": [],
        "quotas": [],
    },
    "seed004-emr-service-items": {
        "name": "电子病历维护服务（服务项目响应时间，每年2次巡检）",
        "label": _("EMR maintenance service (service-item response times, 2 inspections a year)"),
        "source": "seed 004 表1 服务内容一览表",
        "channels": ["phone", "email", "remote", "im", "onsite"],
        "levels": [],
        "service_items": [
            {"code": "consult", "name": "咨询服务", "channels": ["phone", "email", "remote", "im"], "response": t(1, H)},
            {"code": "fault", "name": "故障排除", "channels": ["phone", "email", "remote", "im"], "response": t(2, H)},
            {"code": "report", "name": "报表维护", "channels": ["phone", "email", "remote", "im"], "response": t(2, H)},
            {"code": "change", "name": "需求变更", "channels": ["phone", "email", "remote", "im"], "response": t(2, H)},
            {"code": "routine", "name": "日常维护", "channels": ["phone", "email", "remote", "im"], "response": t(2, H)},
            {"code": "recover", "name": "数据恢复", "channels": ["phone", "email", "remote", "im", "onsite"], "response": t(2, H)},
            {"code": "adjust", "name": "数据调整", "channels": ["phone", "email", "remote", "im", "onsite"], "response": t(2, H)},
            {"code": "special", "name": "特殊服务", "channels": ["phone", "email", "remote", "im", "onsite"], "response": IMMEDIATE,
             "description": "系统灾难发生时立即响应"},
            {"code": "train-admin", "name": "管理培训", "channels": ["onsite"], "note": "法定工作日预约"},
            {"code": "train-maint", "name": "维护培训", "channels": ["onsite"], "note": "法定工作日预约"},
            {"code": "inspect", "name": "巡检服务", "channels": ["onsite"], "note": "法定工作日预约"},
            {"code": "hotline", "name": "热线服务", "channels": ["phone", "email", "remote", "im"], "note": "法定工作日"},
            {"code": "answer", "name": "问题解答", "channels": ["phone", "email", "remote", "im"], "note": "法定工作日"},
            {"code": "upgrade", "name": "同版本内系统升级", "channels": ["remote", "im", "onsite"], "note": "法定工作日、需要时"},
        ],
        "quotas": [{"code": "inspection", "name": "现场巡检", "limit": 2, "days_each": 2, "kind": "minimum",
                    "counts": "inspection"}],
        "release_calendar": "cn-workday",  # seed 004 3.7: 系统升级在法定工作日进行
    },
    "seed003-platform": {
        "name": "集成平台与数据中心运维（接口与硬件故障，7×24小时）",
        "label": _("Integration platform and data center (interface and hardware faults, 7×24)"),
        "source": "seed 003 服务内容（1）② 与（4）②",
        "channels": ["hotline", "remote", "onsite"],
        "onsite_engineers": 2,
        "remote_engineers": 3,
        "onsite_hours": "驻场人员按医院作息时间工作，提供7×24小时服务",
        # 2名工程师驻场维护，3名研发人员远程支持。
        "staffing": [{"name": "驻场工程师", "count": 2, "resident": True}, {"name": "远程研发", "count": 3}],
        "levels": [
            {"code": "IF-U", "name": "接口紧急故障", "system_level": True, "impacts": ["department_down"],
             "description": "如核心业务系统接口中断", "targets": {"response": t(30, M), "resolve": t(2, H)}},
            {"code": "IF-G", "name": "接口一般故障", "impacts": ["person_down", "workaround", "question"],
             "default": True, "targets": {"response": t(1, H), "resolve": t(12, H)}},
            {"code": "HW-U", "name": "硬件紧急故障", "system_level": True,
             "description": "如服务器宕机、存储故障", "targets": {"response": t(1, H), "onsite": t(4, H)}},
            {"code": "HW-G", "name": "硬件一般故障", "targets": {"response": t(2, H), "resolve": t(24, H)}},
            # (5)① 软件: 一般故障2小时内响应处置，复杂故障48小时内解决.
            {"code": "SW-G", "name": "软件一般故障", "targets": {"response": t(2, H), "initial_solution": t(2, H)}},
            {"code": "SW-C", "name": "软件复杂故障", "targets": {"resolve": t(48, H)}},
        ],
        # 平均故障修复时间2小时以内.
        "kpis": {"mttr_minutes": 120},
        "service_items": [
            {"code": "hw", "name": "硬件运维服务", "channels": ["onsite"]},
            {"code": "sw", "name": "软件运维服务", "channels": ["remote", "onsite"]},
            {"code": "data", "name": "数据运维服务", "channels": ["remote", "onsite"]},
            {"code": "if", "name": "接口运维服务", "channels": ["remote", "onsite"]},
            {"code": "sec", "name": "安全运维服务", "channels": ["remote", "onsite"]},
            {"code": "support", "name": "技术支持与培训服务", "channels": ["hotline", "onsite"]},
        ],
        "quotas": [],
    },
}  # fmt: skip

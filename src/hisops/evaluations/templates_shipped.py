"""The evaluation templates HISOps ships, from the tenders' words (seed 000: a 质量评价体系
covering 运维厂商、第三方厂商、信息工程部人员及临床服务对象). Installed per hospital, then theirs
to change. Names are the hospital's data, in Chinese like the rest of what they enter."""

SHIPPED = {
    "vendor-annual": {
        "name": "运维厂商服务评价",
        "subject_kind": "vendor",
        "description": "信息科对运维厂商的年度（或季度）服务评价，作为续签依据。",
        "criteria": [
            {
                "name": "响应及时性",
                "weight": 20,
                "max_score": 10,
                "description": "是否按合同时限响应、到场",
            },
            {
                "name": "问题解决能力",
                "weight": 25,
                "max_score": 10,
                "description": "故障解决效果、根因分析",
            },
            {
                "name": "巡检与预防性维护",
                "weight": 15,
                "max_score": 10,
                "description": "巡检按期、报告质量",
            },
            {
                "name": "文档与报告",
                "weight": 15,
                "max_score": 10,
                "description": "维护记录、变更文档、服务报告",
            },
            {
                "name": "驻场人员与纪律",
                "weight": 15,
                "max_score": 10,
                "description": "人员稳定、考勤、保密",
            },
            {
                "name": "服务态度与沟通",
                "weight": 10,
                "max_score": 10,
                "description": "与信息科、临床的沟通",
            },
        ],
    },
    "third-party": {
        "name": "第三方厂商服务评价",
        "subject_kind": "third_party",
        "description": "对接口、硬件等第三方厂商的服务评价。",
        "criteria": [
            {"name": "响应及时性", "weight": 30, "max_score": 10},
            {"name": "问题解决能力", "weight": 40, "max_score": 10},
            {"name": "配合程度", "weight": 30, "max_score": 10},
        ],
    },
    "it-staff": {
        "name": "信息科人员考核",
        "subject_kind": "staff",
        "description": "信息工程部人员的工作质量考核。",
        "criteria": [
            {"name": "工作量", "weight": 30, "max_score": 10},
            {"name": "工作质量", "weight": 40, "max_score": 10},
            {"name": "服务意识", "weight": 30, "max_score": 10},
        ],
    },
    "clinical-survey": {
        "name": "临床科室满意度调查",
        "subject_kind": "service",
        "description": "临床科室在手机上对信息科和厂商服务的简短评价。",
        "criteria": [
            {"name": "响应速度", "weight": 1, "max_score": 5},
            {"name": "解决效果", "weight": 1, "max_score": 5},
            {"name": "服务态度", "weight": 1, "max_score": 5},
        ],
    },
}

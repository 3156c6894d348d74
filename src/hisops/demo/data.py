"""Demo data, in the words of the seed tenders. Hospital and company names are fictional."""

HOSPITAL = {"code": "DEMO", "name": "示例市第一人民医院", "level": "3A"}

VENDORS = [
    # code, name, kind
    ("KL", "康联医疗软件有限公司", "original"),
    ("SA", "数安数据库技术服务有限公司", "third_party"),
    ("ZY", "众运信息技术服务有限公司", "third_party"),
    ("WR", "维锐病历软件有限公司", "original"),
]

DEPARTMENTS = [
    # code, name, kind
    ("MZB", "门诊部", "clinical"),
    ("JZK", "急诊科", "clinical"),
    ("ZYB", "住院部", "clinical"),
    ("NK1", "心血管内科病区", "clinical"),
    ("WK1", "普外科病区", "clinical"),
    ("CK", "产科病区", "clinical"),
    ("SSS", "手术室", "clinical"),
    ("MZK", "麻醉科", "clinical"),
    ("HLB", "护理部", "administrative"),
    ("JYK", "检验科", "medical_tech"),
    ("FSK", "放射科", "medical_tech"),
    ("SXK", "输血科", "medical_tech"),
    ("YJK", "药剂科", "medical_tech"),
    ("BAS", "病案室", "administrative"),
    ("YWK", "医务科", "administrative"),
    ("ZKK", "质控科", "administrative"),
    ("CWK", "财务科", "administrative"),
    ("YBB", "医保办", "administrative"),
    ("XXK", "信息科", "administrative"),
]

PASSWORD = "Demo@2026!"

# Contracts built from the seed templates: number, vendor, template, covered item codes.
CONTRACTS = [
    (
        "KL-HIS-2026",
        "KL",
        "seed002-his-emr",
        # Seed 002's 57-row list puts its 24 HIS interfaces in scope with the systems.
        [
            "HIS",
            "EMR",
            "ANES",
            "BLOOD",
            "PASS",
            "PMSP",
            "CLOUD",
            *[f"IF-{n:02d}" for n in range(1, 25)],
        ],
    ),
    (
        "SA-DB-2026",
        "SA",
        "seed002-database",
        ["DB-HIS-PRI", "DB-HIS-ADG", "DB-HIS-OGG", "DB-EMR-PRI"],
    ),
    ("KL-MNIS-2026", "KL", "seed001-mobile-nursing", ["MNIS", "NMS", "NWB"]),
    (
        "KL-PLAT-2026",
        "KL",
        "seed003-platform",
        ["PLATFORM", "SRV-PLAT-01", "STO-SAN01", "IF-HC-EMR", "IF-HC-MNIS"],
    ),
    # Seed 000's A–E grading for the third-party systems' software maintenance; the tender's
    # times are redacted, so the demo hospital fills in its own (HOSPITAL_TARGETS).
    ("ZY-SW-2026", "ZY", "seed000-a-to-e", ["HRP", "SPD", "KIOSK", "CALL", "DISP"]),
    # Seed 004's EMR maintenance service table, for the 21 functional areas it lists.
    ("WR-EMR-2026", "WR", "seed004-emr-service-items", [f"EMR-F{n:02d}" for n in range(1, 22)]),
]
CONTRACT_PERIOD = ("2026-01-01", "2028-12-31")

# The demo hospital's own times for seed 000's A–E levels (the tender's are redacted):
# level: {target: (duration, unit, calendar, immediate)}.
HOSPITAL_TARGETS = {
    "ZY-SW-2026": {
        "A": {"response": (15, "minutes", "7x24", True), "resolve": (2, "hours", "7x24", False)},
        "B": {"response": (30, "minutes", "7x24", False), "resolve": (4, "hours", "7x24", False)},
        "C": {
            "response": (2, "hours", "7x24", False),
            "resolve": (1, "working_days", "cn-workday", False),
        },
        "D": {
            "response": (4, "hours", "7x24", False),
            "resolve": (3, "working_days", "cn-workday", False),
        },
        "E": {
            "response": (1, "working_days", "cn-workday", False),
            "resolve": (5, "working_days", "cn-workday", False),
        },
    },
}

# Who fills the roles the contracts require: contract, role, usernames.
STAFFING = [
    ("KL-PLAT-2026", "驻场工程师", ["vendoreng"]),
    ("KL-HIS-2026", "项目经理", ["vendorpm"]),
    ("KL-HIS-2026", "开发工程师", ["vendoreng"]),
]

USERS = [
    # username, role, full name, vendor code, department code
    ("itadmin", "it_admin", "王信息", None, "XXK"),
    ("engineer", "it_engineer", "李工程", None, "XXK"),
    ("vendorpm", "vendor_manager", "赵经理", "KL", None),
    ("vendoreng", "vendor_engineer", "钱驻场", "KL", None),
    ("dbaeng", "vendor_engineer", "孙数据", "SA", None),
    ("nurse", "clinician", "周护士长", None, "NK1"),
    ("leader", "leader", "吴院长", None, None),
    ("secadmin", "security_admin", "郑安全", None, "XXK"),
    ("auditor", "audit_admin", "冯审计", None, "XXK"),
]

_HIS = "KL"
_OUT = "门诊部、急诊科"
_IN = "住院部、心血管内科病区、普外科病区、产科病区"

# Seed 002: 57-row service list. code, name, departments
HIS_MODULES = [
    ("HIS-01", "门急诊挂号系统", _OUT),
    ("HIS-02", "门诊分诊系统", _OUT),
    ("HIS-03", "门诊医生工作站", _OUT),
    ("HIS-04", "门诊收费系统", "门诊部、财务科"),
    ("HIS-05", "门诊配发药系统", "门诊部、药剂科"),
    ("HIS-06", "门诊注射室系统", _OUT),
    ("HIS-07", "门诊药房管理系统", "药剂科"),
    ("HIS-08", "住院收费管理系统", "住院部、财务科"),
    ("HIS-09", "住院入出转系统", _IN),
    ("HIS-10", "住院医生工作站", _IN),
    ("HIS-11", "抗菌药物分级管理", "医务科、药剂科"),
    ("HIS-12", "传染病上报管理", "医务科"),
    ("HIS-13", "医技收费管理系统", "检验科、放射科"),
    ("HIS-14", "住院护士工作站", _IN + "、护理部"),
    ("HIS-15", "住院配发药系统", "住院部、药剂科"),
    ("HIS-16", "住院药房管理系统", "药剂科"),
    ("HIS-17", "药库管理系统", "药剂科"),
    ("HIS-18", "综合查询管理系统", "医务科、财务科"),
    ("HIS-19", "系统维护管理系统", "信息科"),
]
EMR_MODULES = [
    ("EMR-01", "门诊结构化电子病历", _OUT),
    ("EMR-02", "住院结构化电子病历", _IN),
    ("EMR-03", "护理结构化电子病历", _IN + "、护理部"),
    ("EMR-04", "临床路径系统", _IN + "、医务科"),
    ("EMR-05", "病历质控系统", "质控科"),
    ("EMR-06", "病案借阅系统", "病案室"),
    ("EMR-07", "住院病案在线编目", "病案室"),
    ("EMR-08", "EMPI", "信息科"),
    ("EMR-09", "病历浏览器", _IN),
]
# Seed 002, rows 29-33: systems that are their own single module.
OTHER_SYSTEMS = [
    ("ANES", "手术与麻醉系统", "手术室、麻醉科", "core"),
    ("BLOOD", "血库管理系统", "输血科", "core"),
    ("PASS", "合理用药系统", "药剂科、医务科", "important"),
    ("PMSP", "患者移动服务平台", "门诊部", "important"),
    ("CLOUD", "相关软件云产品订阅费（100个用户数）", "信息科", "general"),
]
# Systems at the other end of HIS's interfaces (third parties, not in the maintenance list).
PEER_SYSTEMS = [
    ("LIS", "实验室信息系统", "检验科"),
    ("PACS", "医学影像系统", "放射科"),
    ("HRP", "医院资源规划系统", "财务科"),
    ("SPD", "医用耗材SPD系统", "药剂科"),
    ("KIOSK", "自助机系统", "门诊部"),
    ("CALL", "病房呼叫系统", "住院部"),
    ("DISP", "智能发药系统", "药剂科"),
    ("SPERM-LIS", "精子库检查检验系统", "检验科"),
]
# Seed 002, rows 34-57: HIS interfaces. code, name, target system, external party, policy-driven
HIS_INTERFACES = [
    ("IF-01", "电子健康码全流程", "", "省电子健康码平台", True),
    ("IF-02", "HIS-HRP接口", "HRP", "", False),
    ("IF-03", "HIS-SPD接口", "SPD", "", False),
    ("IF-04", "广东省全民健康信息平台数据采集接口", "", "省全民健康信息平台", True),
    ("IF-05", "（新）医保移动支付（广州市医保+省直医保）", "", "市医保、省直医保", True),
    ("IF-06", "医保电子凭证接口", "", "国家医保信息平台", True),
    ("IF-07", "智能发药系统对接", "DISP", "", False),
    ("IF-08", "中药代煎接口", "", "中药代煎中心", False),
    ("IF-09", "广州健康通接口", "", "广州健康通", True),
    ("IF-10", "全量结算数据上传", "", "医保局", True),
    ("IF-11", "广州市检验检查结果互认接口", "", "市检验检查结果互认平台", True),
    ("IF-12", "HIS-LIS接口", "LIS", "", False),
    ("IF-13", "HIS-PACS接口", "PACS", "", False),
    ("IF-14", "HIS-自助机接口", "KIOSK", "", False),
    ("IF-15", "病房呼叫系统接口", "CALL", "", False),
    ("IF-16", "医疗收费电子凭证结算数据上传", "", "财政电子票据平台", True),
    ("IF-17", "广东省健康医疗信息共享授权接口", "", "省健康医疗信息共享平台", True),
    ("IF-18", "关键数据上传", "", "卫健委", True),
    ("IF-19", "电子健康码腾讯安全3.0方案", "", "省电子健康码平台", True),
    ("IF-20", "精子库检查检验系统对接（HIS）", "SPERM-LIS", "", False),
    ("IF-21", "国家医保信息平台智能监管系统事前提醒功能应用接口", "", "国家医保信息平台", True),
    ("IF-22", "门诊信息页数据采集", "", "卫健委", True),
    ("IF-23", "医保药品追溯码信息采集", "", "国家医保信息平台", True),
    ("IF-24", "国家传染病前置软件接口", "", "国家传染病监测系统", True),
]
# Seed 004: the 21 functional areas of its EMR maintenance scope.
EMR_AREAS = [
    "临床医疗", "质控管理", "病案管理", "医务管理", "病案浏览", "感染上报卡", "病历维护",
    "模板维护", "人员管理", "日常办公", "运维管理", "配置管理", "统计报表", "临床护理",
    "临床护理护士长", "临床护理管理员", "系统维护", "通用接口系统", "文件传输服务器",
    "初始化工具", "临床路径系统（含10条路径）",
]  # fmt: skip
# What clinicians call the systems (the report form's search finds these words).
ALIASES = {
    "HIS": "收费, 挂号, 医嘱",
    "HIS-01": "挂号, 预约",
    "HIS-03": "门诊医生站, 开单, 处方",
    "HIS-04": "收费, 划价",
    "HIS-10": "医生站, 医嘱",
    "HIS-14": "护士站, 医嘱执行, 打印, 床位",
    "EMR": "病历, 写病历",
    "EMR-03": "护理记录, 护理病历",
    "LIS": "检验, 化验, 检验报告",
    "PACS": "影像, 拍片, 胶片, 放射",
    "MNIS": "PDA, 移动护理, 扫码",
    "NWB": "白板",
    "BLOOD": "输血, 血库",
    "ANES": "手麻, 手术",
    "PASS": "合理用药, 用药审核",
    "CALL": "呼叫, 床头呼叫",
}
# Seed 003: the 13 systems of the integration platform and data center. code, name, version
PLATFORM_SYSTEMS = [
    ("HC", "Health Connect", ""),
    ("EMPI-P", "患者主索引管理系统", "V1.0"),
    ("MDM", "主数据管理系统", "V1.0"),
    ("UUM", "统一用户管理系统", "V1.0"),
    ("CDR", "医院数据中心平台系统", "V3.0"),
    ("PV", "患者统一视图系统", "V3.0"),
    ("COM", "临床运营指标监测分析服务平台", "V1.0"),
    ("GRADE", "医院等级评审指标分析平台服务版系统", "V2.0"),
    ("HQMS", "HQMS指标监测分析服务版系统", "V1.0"),
    ("SEARCH", "全病历高级检索系统", "V3.0"),
    ("BIGDATA", "医院大数据自由查询系统", "V1.0"),
    ("LOOP", "闭环追踪标准版系统", "V3.0"),
    ("CDSS", "临床辅助决策支持系统", "V1.0"),
]
# Seed 001: mobile nursing.
NURSING_SYSTEMS = [
    ("MNIS", "移动护理信息系统", _IN + "、护理部"),
    ("NMS", "护理管理系统", "护理部"),
    ("NWB", "护士站白板系统", _IN),
]


def catalog_rows() -> list[list[str]]:
    """The demo catalog as import rows (header first), in the import's columns."""
    header = [
        "序号", "类别", "编码", "名称", "所属系统", "厂商", "厂商类型", "版本", "重要程度",
        "使用科室", "环境", "接口协议", "数据方向", "源系统", "目标系统", "外部机构",
        "政策性接口", "数据库类型", "数据库角色", "运行于", "依赖", "地址", "位置", "备注", "常用叫法",
    ]  # fmt: skip
    rows: list[dict] = []

    def add(**values):
        rows.append(values)

    add(类别="系统", 编码="HIS", 名称="HIS", 厂商="康联医疗软件有限公司", 版本="V5.2", 重要程度="核心",
        使用科室=_OUT + "、" + _IN, 运行于="SRV-HIS-APP01", 依赖="DB-HIS-PRI", 备注="医院信息系统")  # fmt: skip
    for code, name, depts in HIS_MODULES:
        add(
            类别="模块",
            编码=code,
            名称=name,
            所属系统="HIS",
            厂商="康联医疗软件有限公司",
            重要程度="核心",
            使用科室=depts,
        )
    add(类别="系统", 编码="EMR", 名称="电子病历系统", 厂商="康联医疗软件有限公司", 版本="V6.0", 重要程度="核心",
        使用科室=_OUT + "、" + _IN, 依赖="HIS、DB-EMR-PRI")  # fmt: skip
    for code, name, depts in EMR_MODULES:
        add(
            类别="模块",
            编码=code,
            名称=name,
            所属系统="EMR",
            厂商="康联医疗软件有限公司",
            重要程度="核心",
            使用科室=depts,
        )
    for number, name in enumerate(EMR_AREAS, start=1):
        add(
            类别="模块",
            编码=f"EMR-F{number:02d}",
            名称=name,
            所属系统="EMR",
            厂商="康联医疗软件有限公司",
            重要程度="重要",
        )
    for code, name, depts, criticality in OTHER_SYSTEMS:
        crit = {"core": "核心", "important": "重要", "general": "一般"}[criticality]
        add(
            类别="系统",
            编码=code,
            名称=name,
            厂商="康联医疗软件有限公司",
            重要程度=crit,
            使用科室=depts,
            依赖="HIS",
        )
    for code, name, depts in PEER_SYSTEMS:
        add(类别="系统", 编码=code, 名称=name, 重要程度="重要", 使用科室=depts)
    for code, name, target, party, policy in HIS_INTERFACES:
        add(类别="接口", 编码=code, 名称=name, 厂商="康联医疗软件有限公司", 重要程度="核心" if policy else "重要",
            接口协议="HTTP API" if party else "HL7 v2", 数据方向="双向", 源系统="HIS", 目标系统=target,
            外部机构=party, 政策性接口="是" if policy else "否")  # fmt: skip
    add(
        类别="系统",
        编码="PLATFORM",
        名称="集成平台",
        重要程度="核心",
        使用科室="信息科",
        依赖="HC",
        备注="集成平台和数据中心",
    )
    for code, name, version in PLATFORM_SYSTEMS:
        add(类别="系统", 编码=code, 名称=name, 版本=version, 所属系统="PLATFORM",
            重要程度="核心" if code in {"HC", "EMPI-P", "CDR"} else "重要", 运行于="SRV-PLAT-01")  # fmt: skip
    for code, name, depts in NURSING_SYSTEMS:
        add(
            类别="系统",
            编码=code,
            名称=name,
            厂商="康联医疗软件有限公司",
            重要程度="重要",
            使用科室=depts,
            依赖="HIS",
        )
    add(
        类别="接口",
        编码="IF-HC-EMR",
        名称="集成平台-电子病历消息接口",
        接口协议="HL7 v2",
        数据方向="双向",
        源系统="HC",
        目标系统="EMR",
        重要程度="核心",
    )
    add(
        类别="接口",
        编码="IF-HC-MNIS",
        名称="集成平台-移动护理接口",
        接口协议="WebService",
        数据方向="双向",
        源系统="HC",
        目标系统="MNIS",
        重要程度="重要",
    )
    # Infrastructure behind the systems (seed 002 database section, seed 003 hardware).
    add(
        类别="服务器",
        编码="SRV-HIS-APP01",
        名称="HIS应用服务器01",
        重要程度="核心",
        地址="10.10.1.11",
        位置="主机房A-01",
    )
    add(
        类别="服务器",
        编码="SRV-HIS-DB01",
        名称="HIS数据库服务器01",
        重要程度="核心",
        地址="10.10.1.21",
        位置="主机房A-02",
        运行于="STO-SAN01",
    )
    add(
        类别="服务器",
        编码="SRV-HIS-DB02",
        名称="HIS容灾数据库服务器",
        重要程度="核心",
        环境="灾备",
        地址="10.20.1.21",
        位置="灾备机房B-01",
    )
    add(
        类别="服务器",
        编码="SRV-PLAT-01",
        名称="集成平台服务器01",
        重要程度="核心",
        地址="10.10.2.11",
        位置="主机房A-05",
        运行于="STO-SAN01",
    )
    add(类别="存储", 编码="STO-SAN01", 名称="核心SAN存储", 重要程度="核心", 位置="主机房A-08")
    add(类别="网络设备", 编码="NET-CORE01", 名称="核心交换机01", 重要程度="核心", 位置="主机房A-10")
    add(类别="数据库", 编码="DB-HIS-PRI", 名称="HIS生产库", 厂商="数安数据库技术服务有限公司", 厂商类型="第三方", 版本="19c",
        重要程度="核心", 数据库类型="Oracle", 数据库角色="主库", 运行于="SRV-HIS-DB01")  # fmt: skip
    add(类别="数据库", 编码="DB-HIS-ADG", 名称="HIS ADG备库", 厂商="数安数据库技术服务有限公司", 厂商类型="第三方", 版本="19c",
        重要程度="核心", 环境="灾备", 数据库类型="Oracle", 数据库角色="ADG备库", 运行于="SRV-HIS-DB02", 依赖="DB-HIS-PRI")  # fmt: skip
    add(类别="数据库", 编码="DB-HIS-OGG", 名称="HIS OGG复制库", 厂商="数安数据库技术服务有限公司", 厂商类型="第三方", 版本="19c",
        重要程度="重要", 环境="灾备", 数据库类型="Oracle", 数据库角色="OGG复制库", 运行于="SRV-HIS-DB02", 依赖="DB-HIS-PRI")  # fmt: skip
    add(类别="数据库", 编码="DB-EMR-PRI", 名称="电子病历生产库", 厂商="数安数据库技术服务有限公司", 厂商类型="第三方", 版本="19c",
        重要程度="核心", 数据库类型="Oracle", 数据库角色="主库", 运行于="SRV-HIS-DB01")  # fmt: skip

    table = [header]
    for number, values in enumerate(rows, start=1):
        values["序号"] = str(number)
        values.setdefault("常用叫法", ALIASES.get(values["编码"], ""))
        table.append([values.get(column, "") for column in header])
    return table

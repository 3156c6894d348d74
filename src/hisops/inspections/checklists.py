"""The checklists the tenders ask for, shipped as templates a hospital installs and edits
(``inspection_templates_install``). Written in the tenders' own words; each line is
``(section, check, kind, extra)`` with ``extra`` the unit, range or options."""

SHIPPED = {
    "seed001-monthly-system": {
        "name": "月度系统巡检（移动护理）",
        "description": "每月对系统进行巡检，排查系统漏洞，并及时修补，提交巡检报告。",
        "per_item": False,
        "lines": [
            ("巡检计划与巡检内容确定", "本月巡检计划与内容已与信息科确认", "pass_fail", {}),
            ("系统运行环境检查", "应用服务器 CPU 使用率", "number", {"unit": "%", "maximum": 80}),
            ("系统运行环境检查", "应用服务器内存使用率", "number", {"unit": "%", "maximum": 85}),
            ("系统运行环境检查", "移动终端（PDA）联网与扫码正常", "pass_fail", {}),
            ("系统配置检查", "系统参数与上次巡检一致，变更有记录", "pass_fail", {}),
            ("系统结构分析", "系统结构与接口现状", "text", {}),
            ("历史故障调查与问题汇总", "本月故障与未关闭问题汇总", "text", {}),
            ("业务存储容量需求分析", "数据库剩余空间", "number", {"unit": "GB", "minimum": 50}),
            ("安全检查", "敏感信息保护（患者信息脱敏、日志无明文）", "pass_fail", {}),
            ("安全检查", "访问控制级别与岗位一致", "pass_fail", {}),
            ("安全检查", "口令设定和维护符合要求", "pass_fail", {}),
            (
                "安全检查",
                "数据备份措施有效",
                "choice",
                {"options": ["有效", "部分有效", "无效"], "failing": ["部分有效", "无效"]},
            ),
            ("巡检总结报告与系统优化建议", "现场照片", "photo", {"required": False}),
        ],
    },
    "seed002-database-quarterly": {
        "name": "季度数据库巡检（HIS 库、ADG、OGG 容灾库）",
        "description": "每季度提供一次巡检服务，一年共提交四份季度巡检报告。",
        "per_item": True,
        "lines": [
            ("实例与存储", "实例状态正常、无异常重启", "pass_fail", {}),
            ("实例与存储", "表空间最高使用率", "number", {"unit": "%", "maximum": 85}),
            ("实例与存储", "告警日志无 ORA- 严重错误", "pass_fail", {}),
            ("容灾同步", "ADG 应用延迟", "number", {"unit": "秒", "maximum": 300}),
            (
                "容灾同步",
                "OGG 进程状态",
                "choice",
                {"options": ["RUNNING", "ABENDED", "STOPPED"], "failing": ["ABENDED", "STOPPED"]},
            ),
            ("性能与优化", "TOP SQL 与优化建议", "text", {}),
            ("备份", "最近一次全量备份成功且可恢复", "pass_fail", {}),
        ],
    },
    "seed003-weekly-core": {
        "name": "核心业务周巡检（集成平台）",
        "description": "核心业务进行周巡检，确保系统故障风险点及时发现及时处理。",
        "per_item": False,
        "lines": [
            ("硬件", "服务器运行状态正常", "pass_fail", {}),
            ("硬件", "存储设备容量使用率", "number", {"unit": "%", "maximum": 80}),
            ("硬件", "存储读写延迟", "number", {"unit": "ms", "maximum": 20}),
            ("硬件", "网络设备连通性", "pass_fail", {}),
            ("接口", "接口数据交换成功率", "number", {"unit": "%", "minimum": 99.5}),
            ("接口", "接口平均交换耗时", "number", {"unit": "ms", "maximum": 1000}),
            ("接口", "本周接口中断次数", "number", {"unit": "次", "maximum": 0}),
            ("接口", "数据同步延迟", "number", {"unit": "秒", "maximum": 60}),
            ("安全", "漏洞扫描无高危未处置", "pass_fail", {}),
            (
                "安全",
                "病毒查杀结果",
                "choice",
                {"options": ["无感染", "已清除", "未清除"], "failing": ["未清除"]},
            ),
            ("安全", "访问权限核查完成", "pass_fail", {}),
            ("安全", "安全审计日志完整", "pass_fail", {}),
            ("备份", "每日全量备份成功", "pass_fail", {}),
        ],
    },
    "seed004-onsite": {
        "name": "现场巡检（电子病历，一年两次，每次两个工作日）",
        "description": "到甲方现场检查系统模块运行情况，与甲方维护人员沟通，提供常见问题的解决办法，巡检结束后给甲方提供巡检报告。",
        "per_item": False,
        "lines": [
            ("系统模块运行情况", "门诊病历模块运行正常", "pass_fail", {}),
            ("系统模块运行情况", "住院病历模块运行正常", "pass_fail", {}),
            ("系统模块运行情况", "病历质控与归档正常", "pass_fail", {}),
            ("系统模块运行情况", "病历保存平均耗时", "number", {"unit": "秒", "maximum": 3}),
            ("与甲方维护人员沟通", "沟通的问题与常见问题的解决办法", "text", {}),
            ("与甲方维护人员沟通", "现场照片", "photo", {"required": False}),
        ],
    },
}

from datetime import date

import pytest

from hisops.audit.models import AuditEvent
from hisops.calendars.services import shipped_calendars_ensure
from hisops.contracts import selectors, services
from hisops.contracts.events import quota_threshold
from hisops.contracts.models import Contract, SLALevel
from hisops.core.capabilities import SYSTEM, Role
from hisops.core.errors import PermissionDenied, ValidationError

from ..factories import ItemFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor(hospital):
    shipped_calendars_ensure()
    return VendorFactory(hospital=hospital)


def load(template, vendor, number="C-1"):
    return services.contract_template_load(
        actor=SYSTEM, hospital=vendor.hospital, vendor=vendor, template=template, number=number,
        starts_on=date(2026, 1, 1), ends_on=date(2028, 12, 31),
    )  # fmt: skip


def matrix(contract):
    """{level code: {target: (duration, unit, calendar)}} as stored; an immediate target
    (立即响应) as ("immediately", grace minutes, calendar)."""
    return {
        level.code: {
            t.target: ("immediately", t.duration, t.calendar.code)
            if t.immediate
            else (t.duration, t.unit, t.calendar.code)
            for t in level.targets.select_related("calendar")
        }
        for level in contract.levels.all()
    }


M, H, WD = "minutes", "hours", "working_days"

# The tenders' own numbers, written out here so that a wrong template fails the test.
SEED_002_HIS_EMR = {
    "1": {"response": ("immediately", 15, "7x24"), "initial_solution": (1, H, "7x24")},
    "2": {"response": (30, M, "7x24"), "initial_solution": (2, H, "7x24")},
    "3": {"response": (4, H, "7x24"), "initial_solution": (1, WD, "cn-workday")},
    "4": {"response": (1, WD, "cn-workday"), "initial_solution": (2, WD, "cn-workday")},
}
SEED_002_DATABASE = {
    "1": {
        "response": ("immediately", 15, "7x24"),
        "initial_solution": (1, H, "7x24"),
        "resolve": (6, H, "7x24"),
    },
    "2": {
        "response": (30, M, "7x24"),
        "initial_solution": (1, H, "7x24"),
        "resolve": (12, H, "7x24"),
    },
    "3": {
        "response": (1, H, "7x24"),
        "initial_solution": (6, H, "7x24"),
        "resolve": (24, H, "7x24"),
    },
    "4": {"response": (3, H, "7x24"), "initial_solution": (1, WD, "cn-workday")},
}
SEED_001_NURSING = {
    "1": {"response": (30, M, "7x24"), "initial_solution": (1, H, "7x24")},
    "2": {"response": (1, H, "7x24"), "initial_solution": (1, H, "7x24")},
    "3": {"response": (3, H, "7x24"), "initial_solution": (3, H, "7x24")},
    "4": {"response": (24, H, "7x24"), "initial_solution": (24, H, "7x24")},
}
SEED_003_PLATFORM = {
    "IF-U": {"response": (30, M, "7x24"), "resolve": (2, H, "7x24")},
    "IF-G": {"response": (1, H, "7x24"), "resolve": (12, H, "7x24")},
    "HW-U": {"response": (1, H, "7x24"), "onsite": (4, H, "7x24")},
    "HW-G": {"response": (2, H, "7x24"), "resolve": (24, H, "7x24")},
    "SW-G": {
        "response": (2, H, "7x24"),
        "initial_solution": (2, H, "7x24"),
    },  # 一般故障2小时内响应处置
    "SW-C": {"resolve": (48, H, "7x24")},  # 复杂故障48小时内解决
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("seed002-his-emr", SEED_002_HIS_EMR),
        ("seed002-database", SEED_002_DATABASE),
        ("seed001-mobile-nursing", SEED_001_NURSING),
        ("seed003-platform", SEED_003_PLATFORM),
    ],
)
def test_templates_reproduce_the_seeds_sla_matrix(vendor, template, expected):
    assert matrix(load(template, vendor)) == expected


def test_seed_002_database_quotas(vendor):
    contract = load("seed002-database", vendor)
    quotas = {q.code: (q.kind, q.limit, q.period, q.counts) for q in contract.quotas.all()}
    assert quotas == {
        "remote-fault": ("cap", 15, "year", "incident"),
        "onsite-emergency": ("cap", 1, "year", "onsite_emergency"),
        "inspection": ("minimum", 1, "quarter", "inspection"),  # 一年共提交四份季度巡检报告
    }
    assert [lv.code for lv in contract.levels.filter(system_level=True)] == ["1"]


def test_seed_000_grades_a_to_e_with_a_and_b_system_level(vendor):
    contract = load("seed000-a-to-e", vendor)
    assert [lv.code for lv in contract.levels.all()] == ["A", "B", "C", "D", "E"]
    assert [lv.code for lv in contract.levels.filter(system_level=True)] == ["A", "B"]


def test_seed_004_service_items_and_inspections(vendor):
    contract = load("seed004-emr-service-items", vendor)
    items = {i.name: (i.response_duration, i.response_unit) for i in contract.service_items.all()}
    calendars = {
        i.name: i.response_calendar.code
        for i in contract.service_items.all()
        if i.response_calendar
    }
    assert items["咨询服务"] == (1, H)
    for name in ("故障排除", "报表维护", "需求变更", "日常维护", "数据恢复", "数据调整"):
        assert items[name] == (2, H), name
    # Rows 1-8 give hours, not working days: they run on 7x24 (only rows 9-14 say 法定工作日).
    assert set(calendars.values()) == {"7x24"}
    special = contract.service_items.get(code="special")
    assert (special.response_immediate, special.response_duration, special.response_unit) == (
        True,
        15,
        M,
    )
    assert special.response_words == "立即响应（15分钟内）"
    assert items["巡检服务"] == (None, "")
    inspection = contract.quotas.get(code="inspection")
    assert (inspection.limit, inspection.days_each) == (2, 2)


def test_contract_years_follow_the_start_date(vendor):
    contract = services.contract_create(
        actor=SYSTEM, hospital=vendor.hospital, vendor=vendor, number="C-9", title="三年维保",
        starts_on=date(2026, 7, 1), ends_on=date(2029, 6, 30),
    )  # fmt: skip
    assert [(y.number, y.starts_on, y.ends_on) for y in contract.years.all()] == [
        (1, date(2026, 7, 1), date(2027, 6, 30)),
        (2, date(2027, 7, 1), date(2028, 6, 30)),
        (3, date(2028, 7, 1), date(2029, 6, 30)),
    ]


def test_contract_checks(vendor, other_hospital, make_user):
    with pytest.raises(ValidationError) as err:
        services.contract_create(
            actor=SYSTEM, hospital=vendor.hospital, vendor=vendor, number="X", title="x",
            starts_on=date(2026, 2, 1), ends_on=date(2026, 1, 1),
        )  # fmt: skip
    assert "ends_on" in err.value.fields
    load("seed000-a-to-e", vendor, number="DUP")
    with pytest.raises(ValidationError):
        load("seed000-a-to-e", vendor, number="DUP")
    with pytest.raises(PermissionDenied):
        services.contract_create(
            actor=make_user(Role.IT_ENGINEER), hospital=vendor.hospital, vendor=vendor, number="Y",
            title="y", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
        )  # fmt: skip
    assert Contract.objects.count() == 1


def test_setting_a_target_is_audited_and_announced(
    vendor, make_user, django_capture_on_commit_callbacks
):
    from hisops.calendars.models import BusinessCalendar
    from hisops.contracts.events import contract_sla_changed

    contract = load("seed002-his-emr", vendor)
    level = contract.levels.get(code="2")
    heard = []
    handler = contract_sla_changed.connect(lambda **p: heard.append(p))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.sla_target_set(
                actor=make_user(Role.IT_ADMIN), level=level, target="response", duration=20, unit="minutes",
                calendar=BusinessCalendar.objects.get(code="7x24"),
            )  # fmt: skip
    finally:
        contract_sla_changed.disconnect(handler)
    assert matrix(contract)["2"]["response"] == (20, M, "7x24")
    event = AuditEvent.objects.get(action="contracts.sla_target.set")
    assert event.changes["duration"] == [30, 20]
    assert heard == [{"contract_id": contract.pk, "level_id": level.pk}]
    services.sla_target_clear(actor=SYSTEM, level=level, target="response")
    assert "response" not in matrix(contract)["2"]


def test_quota_counts_each_record_once_and_warns_at_80_and_at_the_limit(
    vendor, django_capture_on_commit_callbacks
):
    contract = load("seed002-database", vendor)
    quota = contract.quotas.get(code="remote-fault")
    heard = []
    handler = quota_threshold.connect(lambda **p: heard.append(p["state"]))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            states = [
                services.quota_use_record(
                    actor=SYSTEM,
                    quota=quota,
                    used_on=date(2026, 3, n),
                    object_type="ticket",
                    object_id=n,
                ).state
                for n in range(1, 17)
            ]
            again = services.quota_use_record(
                actor=SYSTEM,
                quota=quota,
                used_on=date(2026, 3, 1),
                object_type="ticket",
                object_id=1,
            )
    finally:
        quota_threshold.disconnect(handler)
    assert states[10] == "ok" and states[11] == "warning"  # 12 of 15 is 80%
    assert states[14] == "reached" and states[15] == "exceeded"
    assert again.used == 16  # the same ticket does not count twice
    assert heard == ["warning", "reached", "exceeded"]
    # The next contract year starts from zero.
    next_year = services.quota_use_record(
        actor=SYSTEM, quota=quota, used_on=date(2027, 1, 5), object_type="ticket", object_id=99
    )
    assert (next_year.year.number, next_year.used) == (2, 1)
    assert [
        s.current.used
        for s in selectors.quota_states(contract, date(2026, 6, 1))
        if s.quota.code == "remote-fault"
    ] == [16]


def test_the_contract_covering_an_item_or_its_parent(vendor, hospital):
    contract = load("seed002-his-emr", vendor)
    his = ItemFactory(hospital=hospital)
    module = ItemFactory(hospital=hospital, parent=his, kind="module")
    services.contract_covered_items_set(actor=SYSTEM, contract=contract, items=[his])
    assert selectors.contract_covering(item=module, on=date(2026, 5, 1)) == contract
    assert selectors.contract_covering(item=module, on=date(2030, 5, 1)) is None


def test_unknown_template_is_a_field_error(vendor):
    with pytest.raises(ValidationError) as err:
        load("seed999", vendor)
    assert "template" in err.value.fields
    assert not SLALevel.objects.exists()

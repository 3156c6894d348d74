"""Load the demo hospital through the same services a person would use. Idempotent."""

import csv
import io
from datetime import date, timedelta

from django.db import transaction

from hisops.accounts.models import Department, User, Vendor
from hisops.accounts.services import department_create, hospital_create, user_create, vendor_create
from hisops.calendars.services import shipped_calendars_ensure
from hisops.catalog.models import Item
from hisops.catalog.services import catalog_import
from hisops.contracts.models import Contract
from hisops.contracts.services import contract_covered_items_set, contract_template_load
from hisops.core.capabilities import SYSTEM
from hisops.core.models import Hospital

from . import data


@transaction.atomic
def load_demo() -> dict:
    shipped_calendars_ensure()  # the contract templates' targets run on them
    hospital = Hospital.objects.filter(code=data.HOSPITAL["code"]).first()
    if hospital is None:
        hospital = hospital_create(actor=SYSTEM, **data.HOSPITAL)
    for code, name, kind in data.VENDORS:
        if not Vendor.objects.filter(hospital=hospital, code=code).exists():
            vendor_create(actor=SYSTEM, hospital=hospital, code=code, name=name, kind=kind)
    for code, name, kind in data.DEPARTMENTS:
        if not Department.objects.filter(hospital=hospital, code=code).exists():
            department_create(actor=SYSTEM, hospital=hospital, code=code, name=name, kind=kind)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(data.catalog_rows())
    result = catalog_import(
        actor=SYSTEM,
        hospital=hospital,
        file_name="demo-catalog.csv",
        content=buffer.getvalue().encode(),
    )
    for number, vendor_code, template, covered in data.CONTRACTS:
        if Contract.objects.filter(hospital=hospital, number=number).exists():
            continue
        contract = contract_template_load(
            actor=SYSTEM,
            hospital=hospital,
            vendor=Vendor.objects.get(hospital=hospital, code=vendor_code),
            template=template,
            number=number,
            starts_on=date.fromisoformat(data.CONTRACT_PERIOD[0]),
            ends_on=date.fromisoformat(data.CONTRACT_PERIOD[1]),
        )
        contract_covered_items_set(
            actor=SYSTEM,
            contract=contract,
            items=Item.objects.filter(hospital=hospital, code__in=covered),
        )
        _hospital_targets(contract)
    for username, role, full_name, vendor_code, dept_code in data.USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            actor=SYSTEM,
            username=username,
            role=role,
            hospital=hospital,
            password=data.PASSWORD,
            full_name=full_name,
            vendor=Vendor.objects.get(hospital=hospital, code=vendor_code) if vendor_code else None,
            department=Department.objects.get(hospital=hospital, code=dept_code)
            if dept_code
            else None,
        )
    _staffing(hospital)
    _service_desk(hospital)
    _changes(hospital)
    _knowledge(hospital)
    _inspections(hospital)
    return {"hospital": hospital, "catalog": result}


def _knowledge(hospital) -> None:
    """A guide published to all staff and a vendor's filed inspection report, so the
    knowledge base and the archive show how they work. Only once."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hisops.knowledge.models import Article
    from hisops.knowledge.services import article_create, article_publish, document_upload

    if Article.objects.filter(hospital=hospital).exists():
        return
    users = {u.username: u for u in User.objects.filter(hospital=hospital)}
    guide = article_create(
        actor=users["engineer"], hospital=hospital, audience="all", tags="打印机,报修",
        title="护士站打印机卡纸怎么办",
        body="## 现象\n\n打印到一半停止，指示灯闪烁。\n\n## 处理\n\n1. 关闭打印机电源\n2. 打开后盖，"
             "顺着出纸方向取出卡住的纸\n3. 重新开机，打印测试页\n\n仍不行再报修，并附上指示灯照片。",
    )  # fmt: skip
    article_publish(actor=users["engineer"], article=guide)
    contract = (
        Contract.objects.filter(hospital=hospital, vendor__code="KL").order_by("number").first()
    )
    if contract is not None:
        document_upload(
            actor=users["vendorpm"], hospital=hospital, title="HIS 月度巡检报告", category="inspection",
            contract=contract, upload=SimpleUploadedFile("HIS月度巡检报告.txt", "数据库表空间使用率 78%，运行正常。".encode()),
        )  # fmt: skip


def _inspections(hospital) -> None:
    """The tenders' checklists, the mobile-nursing contract's monthly inspection planned for
    this year, and last month's done by the resident engineer, completed and signed by IT,
    its report filed as PDF and DOCX. Only once."""
    import io as bytes_io
    from datetime import timedelta

    from django.utils import timezone
    from PIL import Image, ImageDraw

    from hisops.calendars.models import BusinessCalendar
    from hisops.inspections import services as inspections
    from hisops.inspections.models import InspectionPlan

    contract = Contract.objects.filter(hospital=hospital, number="KL-MNIS-2026").first()
    if contract is None or InspectionPlan.objects.filter(hospital=hospital).exists():
        return
    users = {u.username: u for u in User.objects.filter(hospital=hospital)}
    templates = {
        t.code: t for t in inspections.inspection_templates_install(actor=SYSTEM, hospital=hospital)
    }
    plan = inspections.inspection_plan_create(
        actor=users["engineer"], hospital=hospital, name="移动护理月度系统巡检", contract=contract,
        template=templates["seed001-monthly-system"], items=Item.objects.filter(hospital=hospital, code="MNIS"),
        cadence="monthly", mode="onsite", calendar=BusinessCalendar.objects.get(code="cn-workday"),
        assignee=users["vendoreng"],
    )  # fmt: skip
    today = timezone.localdate()
    _drills(hospital, users, today)
    planned = inspections.inspection_plan_generate(
        actor=users["engineer"], plan=plan, year=today.year
    ).created
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    done = next((i for i in planned if i.period_start == last_month), None)
    if done is None:
        return
    readings = {
        "pass_fail": "pass",
        "choice": "有效",
        "text": "结构与接口无变化；本月 3 起故障均已关闭。",
    }
    for result in done.results.filter(required=True):
        value = readings.get(result.kind) or str(
            result.minimum if result.minimum is not None else result.maximum - 20
        )
        inspections.inspection_record(
            actor=users["vendoreng"], inspection=done, result=result, value=value
        )
    inspections.inspection_complete(
        actor=users["vendoreng"], inspection=done,
        summary="系统运行平稳，各项指标在范围内。建议下季度评估应用服务器内存扩容至 64 GB。",
    )  # fmt: skip
    canvas = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(canvas).line(
        [(20, 70), (80, 30), (140, 75), (200, 25), (270, 60)], fill="black", width=4
    )
    signature = bytes_io.BytesIO()
    canvas.save(signature, format="PNG")
    inspections.inspection_sign(actor=users["engineer"], inspection=done, signer_name="李工程",
                                image=signature.getvalue())  # fmt: skip


def _drills(hospital, users, today) -> None:
    """Seed 003's monthly switchover drill of the integration platform's message engine:
    done every month this year but the last, so the obligations page shows a missed month."""
    from datetime import timedelta

    from hisops.calendars.models import BusinessCalendar
    from hisops.inspections import services as inspections

    contract = Contract.objects.filter(hospital=hospital, number="KL-PLAT-2026").first()
    if contract is None:
        return
    plan = inspections.activity_plan_create(
        actor=users["engineer"], hospital=hospital, name="集成平台消息引擎主备切换演练", kind="drill",
        subkind="failover", cadence="monthly", contract=contract,
        calendar=BusinessCalendar.objects.get(code="cn-workday"),
    )  # fmt: skip
    drills, _missing = inspections.activity_plan_generate(
        actor=users["engineer"], plan=plan, year=today.year
    )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    for drill in drills:
        if drill.period_start >= last_month or drill.planned_on > today:
            continue
        inspections.activity_record(
            actor=users["engineer"], activity=drill, done_on=drill.planned_on, duration_minutes=45,
            attendees={"it": 2, "vendor": 2}, outcome="主备切换成功，消息无积压、无丢失。", rto_minutes=4, rpo_minutes=0,
        )  # fmt: skip


def _changes(hospital) -> None:
    """A patch with its tests signed, approved and scheduled for the next working evening,
    and the month-end 医保 settlement as a freeze window, so the change list and calendar
    show how it works. Only once."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from hisops.calendars.models import BusinessCalendar
    from hisops.calendars.selectors import working_hours_on
    from hisops.changes.models import DOCUMENT, Change
    from hisops.changes.services import (
        StepInput,
        change_create,
        change_test_record,
        change_transition,
        freeze_window_create,
    )
    from hisops.contracts.models import Contract

    if Change.objects.filter(hospital=hospital).exists():
        return
    users = {u.username: u for u in User.objects.filter(hospital=hospital)}
    contract = (
        Contract.objects.filter(hospital=hospital, vendor__code="KL").order_by("number").first()
    )
    his = (
        Item.objects.filter(hospital=hospital, vendor__code="KL", kind="system")
        .order_by("code")
        .first()
    )
    if contract is None or his is None:
        return
    today = timezone.localdate()
    month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    freeze_window_create(
        actor=SYSTEM, hospital=hospital, name="月末医保结算", reason="医保月结期间不做任何变更",
        start=timezone.make_aware(datetime.combine(month_end, time.min)),
        end=timezone.make_aware(datetime.combine(month_end + timedelta(days=2), time.min)),
    )  # fmt: skip
    change = change_create(
        actor=users["vendoreng"], hospital=hospital, contract=contract, items=[his], kind="patch",
        title="门诊收费发票打印补丁", **{name: f"{label}：见厂商更新说明 V3.7.2" for name, label in DOCUMENT if name != "impact"},
    )  # fmt: skip
    change_test_record(
        actor=users["vendoreng"],
        change=change,
        kind="functional",
        result="passed",
        notes="测试库验证",
    )
    change_test_record(actor=users["vendoreng"], change=change, kind="regression", result="passed")
    change_transition(actor=users["vendoreng"], change=change, action="submit")
    change_transition(actor=users["engineer"], change=change, action="sign_test")
    change_transition(actor=users["itadmin"], change=change, action="approve")
    day = today + timedelta(days=1)
    workdays = BusinessCalendar.objects.get(code="cn-workday")
    while not working_hours_on(workdays, day) or month_end <= day <= month_end + timedelta(days=2):
        day += timedelta(days=1)
    start = timezone.make_aware(datetime.combine(day, time(20)))
    change_transition(actor=users["engineer"], change=change, action="schedule",
                      data=StepInput(start=start, end=start + timedelta(hours=2)))  # fmt: skip


def _staffing(hospital) -> None:
    """The people each contract names: 钱驻场 is resident on the platform contract (seed 003
    asks for two: the demo hospital is one short, which the contract page shows)."""
    from hisops.contracts.services import staffing_role_set

    for number, role, usernames in data.STAFFING:
        contract = Contract.objects.get(hospital=hospital, number=number)
        existing = contract.staffing.filter(name=role).first()
        if existing is None or existing.people.exists():
            continue
        staffing_role_set(actor=SYSTEM, contract=contract, name=role, count=existing.count,
                          resident=existing.resident, people=User.objects.filter(username__in=usernames))  # fmt: skip


def _hospital_targets(contract) -> None:
    """The times a tender left blank, filled in by the demo hospital and said to be its own."""
    from hisops.calendars.models import BusinessCalendar
    from hisops.contracts.services import sla_target_set

    targets = data.HOSPITAL_TARGETS.get(contract.number)
    if not targets:
        return
    calendars = {
        c.code: c for c in BusinessCalendar.objects.filter(code__in=["7x24", "cn-workday"])
    }
    for level in contract.levels.all():
        for target, (duration, unit, calendar, immediate) in targets.get(level.code, {}).items():
            sla_target_set(actor=SYSTEM, level=level, target=target, duration=duration, unit=unit,
                           calendar=calendars[calendar], immediate=immediate)  # fmt: skip
    contract.notes = "时限由本院填写（招标文件原文从略）。"
    contract.save(update_fields=["notes", "updated_at"])


def _service_desk(hospital) -> None:
    """Teams, a few tickets at different stages and a problem behind one of them, so the
    queue, the on-site page and the problem list have something to show. Only once."""
    from hisops.accounts.models import Team
    from hisops.accounts.services import team_create
    from hisops.problems.services import problem_create, problem_link
    from hisops.tickets.models import Ticket
    from hisops.tickets.services import (
        TransitionInput,
        ticket_assign,
        ticket_create,
        ticket_transition,
    )

    users = {u.username: u for u in User.objects.filter(hospital=hospital)}
    kl = Vendor.objects.get(hospital=hospital, code="KL")
    if not Team.objects.filter(hospital=hospital).exists():
        team_create(
            actor=SYSTEM,
            hospital=hospital,
            name="信息科运维组",
            members=[users["engineer"], users["itadmin"]],
        )
        team_create(
            actor=SYSTEM,
            hospital=hospital,
            name="科联驻场组",
            vendor=kl,
            members=[users["vendoreng"], users["vendorpm"]],
        )
    _duty(hospital, users)
    if Ticket.objects.filter(hospital=hospital).exists():
        return
    items = {
        i.code: i
        for i in Item.objects.filter(hospital=hospital, code__in=["HIS-14", "EMR", "MNIS", "HIS"])
    }
    ward = Department.objects.get(hospital=hospital, code="NK1")
    it, nurse, engineer = users["itadmin"], users["nurse"], users["vendoreng"]

    def step(ticket, actor, action, **fields):
        return ticket_transition(
            actor=actor, ticket=ticket, data=TransitionInput(action=action, **fields)
        )

    printing = ticket_create(
        actor=nurse, hospital=hospital, title="住院护士工作站打印时卡死", item=items["HIS-14"], level_code="2",
        description="打印长期医嘱单时界面无响应，需要强制退出。", department=ward, location="心内科护士站",
        phone="0571-8888-1234",
    )  # fmt: skip
    step(printing, engineer, "accept")
    step(printing, it, "dispatch", engineer=engineer)
    emr = ticket_create(
        actor=it, hospital=hospital, title="电子病历保存偶发超时", item=items["EMR"], level_code="3",
        channel="phone", department=ward,
    )  # fmt: skip
    ticket_assign(
        actor=it, ticket=emr, group=Team.objects.get(hospital=hospital, name="科联驻场组")
    )
    ticket_create(actor=nurse, hospital=hospital, title="移动护理PDA扫码无反应", item=items["MNIS"], level_code="3",
                  department=ward, location="心内科3床")  # fmt: skip
    problem = problem_create(
        actor=users["vendorpm"], hospital=hospital, title="护士站打印长医嘱单时客户端无响应", item=items["HIS"],
        description="多个病区反馈，集中在长期医嘱单超过 3 页时。",
    )  # fmt: skip
    problem_link(actor=it, problem=problem, ticket=printing)


def _duty(hospital, users) -> None:
    """A two-week rota for the IT team and the escalation chain the seeds describe (on-duty
    engineer → vendor project manager → IT director), once."""
    from django.utils import timezone

    from hisops.accounts.models import Team
    from hisops.oncall.models import EscalationChain
    from hisops.oncall.services import chain_create, rotation_generate

    if EscalationChain.objects.filter(hospital=hospital).exists():
        return
    team = Team.objects.get(hospital=hospital, name="信息科运维组")
    rotation_generate(actor=SYSTEM, team=team, people=[users["engineer"], users["itadmin"]],
                      first_day=timezone.localdate() - timedelta(days=1), days=14)  # fmt: skip
    chain_create(actor=SYSTEM, hospital=hospital, name="超时与重大故障升级", events=["sla_breach", "major_incident"], steps=[
        {"team": team, "wait_minutes": 10}, {"role": "vendor_manager", "wait_minutes": 15},
        {"person": users["itadmin"], "wait_minutes": 30},
    ])  # fmt: skip

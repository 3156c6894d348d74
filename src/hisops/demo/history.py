"""A year of the demo hospital's service desk, generated deterministically from a seed and
entered through the same services a person uses (back-dated, with the reason said), so the
clocks, timelines, audit entries, KPIs, dashboards and reports all have real-looking
figures to show.

Each ticket is planned first (:class:`Planned`: its system, level, channel, and whether
its response is on time) and then played; the plan is returned, so a test can check the
KPIs against what was meant to happen rather than against what the code computed."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from hisops.accounts.models import Department, User
from hisops.catalog.models import Item
from hisops.tickets.models import Ticket
from hisops.tickets.services import TransitionInput, ticket_create, ticket_transition

REASON = "历史数据导入（演示）"
# What people report, by system: (system code, weight, titles).
FAULTS = [
    (
        "HIS",
        30,
        [
            "门诊收费打印发票失败",
            "挂号时提示医保读卡失败",
            "住院医嘱无法提交",
            "药房发药界面卡顿",
            "住院结算金额与明细不符",
            "门诊医生站开单后无法保存",
            "护士站打印长期医嘱单无响应",
        ],
    ),
    (
        "EMR",
        18,
        ["电子病历保存偶发超时", "病历模板加载缓慢", "病程记录无法签名", "病历打印格式错乱"],
    ),
    ("MNIS", 10, ["移动护理PDA扫码无反应", "PDA无法同步医嘱", "体征录入后护理白板不显示"]),
    ("PLATFORM", 8, ["集成平台消息积压", "检验结果未回传到电子病历", "平台接口调用超时"]),
    ("HRP", 6, ["HRP采购入库单无法审核", "工资条导出失败"]),
    ("KIOSK", 6, ["自助机无法打印检验报告", "自助机扫码支付失败"]),
    ("CALL", 4, ["病房呼叫器无声音", "呼叫主机离线"]),
    ("SPD", 4, ["SPD耗材扫码出库失败"]),
    ("NMS", 3, ["护理排班表无法发布"]),
    ("PACS", 6, ["影像调阅缓慢", "检查报告无法打印"]),  # not under contract: no clocks
    ("LIS", 5, ["检验条码打印机卡纸", "仪器结果未上传"]),
]
CHANNELS = [("phone", 45), ("web", 30), ("wecom", 18), ("email", 5), ("api", 2)]
KINDS = [("incident", 82), ("request", 13), ("consultation", 5)]
SATISFACTION = [(5, 55), (4, 30), (3, 10), (2, 4), (1, 1)]
LATE_SHARE = 0.07  # responses past their due time


@dataclass
class Planned:
    reported_at: datetime
    system: str
    title: str
    kind: str
    channel: str
    level: str = ""
    response_on_time: bool = True
    resolve_after: timedelta = timedelta(hours=2)
    pause: timedelta | None = None
    onsite: bool = False
    satisfaction: int | None = None
    reopened: bool = False
    number: str = ""


@dataclass
class History:
    planned: list[Planned] = field(default_factory=list)

    def month(self, year: int, month: int) -> list[Planned]:
        return [
            p for p in self.planned if (p.reported_at.year, p.reported_at.month) == (year, month)
        ]


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def plan(
    *, seed: int, first: date, last: date, per_weekday: float = 6.0, tz: str = "Asia/Shanghai"
) -> list[Planned]:
    """What happens from ``first`` to ``last``: more on working days and in the morning, a
    major incident now and then, a few late responses, pauses, visits, follow-ups."""
    rng = random.Random(seed)
    zone = ZoneInfo(tz)
    result = []
    day = first
    while day <= last:
        mean = per_weekday if day.weekday() < 5 else per_weekday / 3
        for _n in range(max(0, round(rng.gauss(mean, mean / 3)))):
            hour = _pick(
                rng,
                [
                    (8, 18),
                    (9, 16),
                    (10, 14),
                    (11, 8),
                    (14, 12),
                    (15, 10),
                    (16, 8),
                    (19, 4),
                    (22, 2),
                    (2, 1),
                ],
            )
            moment = datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=zone)
            system, _w, titles = rng.choices(FAULTS, weights=[f[1] for f in FAULTS])[0]
            kind = _pick(rng, KINDS)
            result.append(Planned(
                reported_at=moment, system=system, title=rng.choice(titles), kind=kind, channel=_pick(rng, CHANNELS),
                response_on_time=rng.random() >= LATE_SHARE,
                resolve_after=timedelta(minutes=max(10, int(rng.lognormvariate(4.4, 0.8)))),
                pause=timedelta(minutes=rng.randrange(30, 180)) if rng.random() < 0.08 else None,
                onsite=kind == "incident" and rng.random() < 0.15,
                satisfaction=_pick(rng, SATISFACTION) if rng.random() < 0.7 else None,
                reopened=rng.random() < 0.03,
                level="major" if kind == "incident" and rng.random() < 0.012 else "",
            ))  # fmt: skip
        day += timedelta(days=1)
    return sorted(result, key=lambda p: p.reported_at)


class _Player:
    """Plays planned tickets through the services, as the IT administrator entering the
    paper records (the back-dating right, with its reason)."""

    def __init__(self, hospital, now: datetime):
        self.hospital, self.now = hospital, now
        self.it = User.objects.get(hospital=hospital, username="itadmin")
        self.nurse = User.objects.filter(hospital=hospital, username="nurse").first()
        self.staff = User.objects.filter(hospital=hospital, username="engineer").first() or self.it
        self.vendor_engineers = {
            u.vendor_id: u for u in User.objects.filter(hospital=hospital, role="vendor_engineer")
        }
        self.items = {i.code: i for i in Item.objects.filter(hospital=hospital, kind="system")}
        self.modules = {}
        for code, parent in Item.objects.filter(hospital=hospital, parent__code__in=list(self.items)).values_list(
                "pk", "parent__code"):  # fmt: skip
            self.modules.setdefault(parent, []).append(code)
        self.departments = list(Department.objects.filter(hospital=hospital, kind="clinical"))

    def _engineer_for(self, ticket):
        """The vendor's engineer when the ticket is under a contract (they go on site), else
        the hospital's own."""
        vendor_id = ticket.contract.vendor_id if ticket.contract_id else None
        return (
            self.vendor_engineers.get(vendor_id, self.staff if vendor_id is None else None)
            or self.staff
        )

    def _move(self, ticket, action, at, **fields):
        if at >= self.now:
            return None
        return ticket_transition(
            actor=self.it,
            ticket=ticket,
            data=TransitionInput(action=action, at=at, **fields),
        )

    def play(self, p: Planned, rng: random.Random) -> Ticket | None:
        item = self.items.get(p.system)
        if item is None or p.reported_at >= self.now:  # later today: it has not happened yet
            return None
        modules = self.modules.get(p.system)
        if modules and rng.random() < 0.6:
            item = Item.objects.get(pk=rng.choice(modules))
        level = ""
        if p.level == "major":
            level = _major_level(item, p.reported_at.date())
        ticket = ticket_create(
            actor=self.it, hospital=self.hospital, title=p.title, kind=p.kind, item=item, level_code=level,
            channel=p.channel, reported_at=p.reported_at, backdate_reason=REASON, department=rng.choice(self.departments),
        )  # fmt: skip
        p.number, p.level = ticket.number, ticket.level.code if ticket.level_id else ""
        clocks = {c.target: c for c in ticket.clocks.all()}
        response = clocks.get("response")
        if response is not None:
            span = response.due_at - p.reported_at
            at = (
                p.reported_at + span * rng.uniform(0.15, 0.85)
                if p.response_on_time
                else response.due_at + span * rng.uniform(0.1, 1.0)
            )
        else:
            at = p.reported_at + timedelta(minutes=rng.randrange(3, 40))
        if (ticket := self._move(ticket, "accept", at) or ticket).status == "new":
            return ticket
        at += timedelta(minutes=rng.randrange(1, 15))
        if p.pause is not None:
            ticket = (
                self._move(ticket, "pause", at, reason="waiting_hospital", note="等待科室确认")
                or ticket
            )
            at += p.pause
            ticket = self._move(ticket, "resume", at) or ticket
        if (p.onsite and "onsite" in clocks) or (p.onsite and rng.random() < 0.5):
            ticket = (
                self._move(ticket, "dispatch", at, engineer=self._engineer_for(ticket)) or ticket
            )
            at += timedelta(minutes=rng.randrange(10, 60))
            ticket = self._move(ticket, "arrive", at) or ticket
        initial = clocks.get("initial_solution")
        if (
            initial is not None
            and ticket.status in ("accepted", "in_progress", "arrived")
            and rng.random() < 0.8
        ):
            at = max(
                at,
                min(
                    initial.due_at - timedelta(minutes=5),
                    at + timedelta(minutes=rng.randrange(10, 90)),
                ),
            )
            ticket = self._move(ticket, "propose_solution", at) or ticket
        at = max(at + timedelta(minutes=5), p.reported_at + p.resolve_after)
        cause = "hardware" if p.system in ("CALL", "KIOSK", "LIS") else "software"
        ticket = (
            self._move(
                ticket, "resolve", at, resolution="已处理，科室确认恢复正常", cause_category=cause
            )
            or ticket
        )
        if ticket.status != "resolved":
            return ticket
        if p.reopened:
            at += timedelta(hours=rng.randrange(1, 20))
            ticket = self._move(ticket, "reopen", at, note="问题再次出现") or ticket
            at += timedelta(minutes=rng.randrange(30, 240))
            ticket = (
                self._move(ticket, "resolve", at, resolution="更换配置后恢复", cause_category=cause)
                or ticket
            )
        if ticket.level_id and ticket.level.system_level:
            ticket = self._move(ticket, "review", at + timedelta(hours=1), review_cause="数据库连接池耗尽",
                                review_impact="全院门诊业务中断", review_actions="扩容连接池并增加监控") or ticket  # fmt: skip
        if p.satisfaction is not None and ticket.status == "resolved":
            at += timedelta(hours=rng.randrange(1, 30))
            ticket = self._move(ticket, "confirm", at) or ticket
            ticket = (
                self._move(
                    ticket, "followup", at + timedelta(minutes=10), satisfaction=p.satisfaction
                )
                or ticket
            )
        return ticket


def _major_level(item, on: date) -> str:
    """The covering contract's system-level fault level on the day of the report."""
    from hisops.contracts.selectors import contract_covering

    contract = contract_covering(item=item, on=on)
    if contract is None:
        return ""
    level = next((lvl for lvl in contract.levels.all() if lvl.system_level), None)
    return level.code if level else ""


def generate(*, hospital, seed: int = 2026, first: date | None = None, last: date | None = None,
             per_weekday: float = 6.0, progress: Callable[[str, int, int], None] | None = None) -> History:  # fmt: skip
    """Plan and play the history, one month per transaction (``progress(month, done,
    total)`` after each). Nothing is played twice: a hospital that already has tickets
    reported early in the range gets none."""
    now = timezone.now()
    first = first or date(now.year, 1, 1)
    last = last or timezone.localdate(now) - timedelta(days=1)
    history = History(
        plan(seed=seed, first=first, last=last, per_weekday=per_weekday, tz=hospital.time_zone)
    )
    # The demo's own few tickets of today do not count; tickets early in the range do.
    if Ticket.objects.filter(hospital=hospital, reported_at__date__gte=first,
                             reported_at__date__lte=max(first, last - timedelta(days=7))).exists():  # fmt: skip
        return History()
    player = _Player(hospital, now)
    rng = random.Random(seed + 1)
    months = sorted({(p.reported_at.year, p.reported_at.month) for p in history.planned})
    for n, (year, month) in enumerate(months, start=1):
        with transaction.atomic():
            for p in history.month(year, month):
                player.play(p, rng)
        if progress:
            progress(f"{year}-{month:02d}", n, len(months))
    _problems(hospital, player, rng)
    _evaluations(hospital, player, rng, year=first.year)
    _read_everything(hospital)
    return history


def _evaluations(hospital, player: _Player, rng: random.Random, *, year: int) -> None:
    """The year's vendor evaluation by IT (two sheets per vendor), the KPI goals the HIS
    contract is held to, and its acceptance scorecard drawn up (unsigned), so the pages
    and the annual documents have something to weigh."""
    from hisops.accounts.models import Vendor
    from hisops.contracts.models import Contract
    from hisops.contracts.services import contract_kpi_target_set
    from hisops.evaluations.models import EvaluationRound, EvaluationTemplate
    from hisops.evaluations.services import (
        evaluation_round_create,
        evaluation_submit,
        evaluation_templates_install,
        scorecard_draw,
    )

    if EvaluationRound.objects.filter(hospital=hospital).exists():
        return
    evaluation_templates_install(actor=player.it, hospital=hospital)
    template = EvaluationTemplate.objects.get(hospital=hospital, code="vendor-annual")
    vendors = list(Vendor.objects.filter(hospital=hospital, kind="original").order_by("code")) or list(
        Vendor.objects.filter(hospital=hospital).order_by("code"))  # fmt: skip
    round_ = evaluation_round_create(actor=player.it, hospital=hospital, template=template, title=f"{year}年度运维厂商服务评价",
                                     period=str(year), evaluator_roles=["it_admin", "it_engineer"], vendors=vendors)  # fmt: skip
    for vendor in vendors:
        for scorer in (player.it, player.staff):
            scores = {
                c.pk: rng.randint(max(0, c.max_score - 4), c.max_score)
                for c in template.criteria.all()
            }
            evaluation_submit(
                actor=scorer,
                round=round_,
                vendor=vendor,
                scores=scores,
                comment="响应及时，文档齐全。",
            )
    his = Contract.objects.filter(hospital=hospital, number="KL-HIS-2026").first()
    if his is not None:
        contract_kpi_target_set(actor=player.it, contract=his, key="response_met_rate", target=0.9)
        contract_kpi_target_set(actor=player.it, contract=his, key="mttr_minutes", target=240)
        year_one = his.years.order_by("number").first()
        if year_one is not None:
            scorecard_draw(actor=player.it, contract=his, year=year_one)


def _read_everything(hospital) -> None:
    """The year's notifications were read at the time: the demo's bell starts from today."""
    from hisops.notify.services import notification_read

    for person in User.objects.filter(hospital=hospital, is_active=True):
        notification_read(actor=person)


def _problems(hospital, player: _Player, rng: random.Random) -> None:
    """The problems behind repeated faults: linked to their incidents, most closed with a
    conclusion."""
    from hisops.problems.services import problem_create, problem_link, problem_update

    for title, count in (
        ("门诊收费打印发票失败", 5),
        ("电子病历保存偶发超时", 4),
        ("移动护理PDA扫码无反应", 3),
        ("集成平台消息积压", 3),
    ):
        incidents = list(Ticket.objects.filter(hospital=hospital, title=title, kind="incident", problem_link__isnull=True)
                         .order_by("reported_at")[:count])  # fmt: skip
        if not incidents:
            continue
        problem = problem_create(actor=player.it, hospital=hospital, title=f"{title}（反复出现）", item=incidents[0].item,
                                 description="多次报修，需查根因。")  # fmt: skip
        for ticket in incidents:
            problem_link(actor=player.it, problem=problem, ticket=ticket)
        if rng.random() < 0.75:
            problem_update(
                actor=player.it,
                problem=problem,
                status="closed",
                conclusion="已定位根因并发布修复版本，观察一个月未再发生。",
            )

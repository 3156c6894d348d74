"""The home pages' figures: one dashboard per role, each a list of cards (a number with its
drill-down) and charts (ECharts options with a link per bar). Every figure is a KPI of
``hisops.evaluations.kpis`` or a count of the same lists the queue shows, so a click on a
bar opens exactly the tickets it counted.

- the leader (运行概况): open incidents by level, this month's met rates against last
  month's, vendors ranked, major incidents, system availability;
- the IT head: the backlog by age, the SLA states of open tickets, duties missed, quota use,
  contracts and certificates expiring;
- a vendor's manager: the same as the leader, for their own contracts only;
- the wall board (运维大屏): what is open now, refreshed every minute."""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hisops.calendars import periods
from hisops.contracts.selectors import (
    certificate_states,
    contract_list,
    contracts_expiring,
    quota_states,
)
from hisops.evaluations.kpis import KPIS, Subject, display
from hisops.evaluations.selectors import kpi_report
from hisops.tickets.selectors import ticket_list

# The measures a dashboard shows (the rest are for reports: a dashboard asks for less).
DASHBOARD_KEYS = ["response_met_rate", "initial_solution_met_rate", "onsite_met_rate", "resolve_met_rate",
                  "mttr_minutes", "satisfaction_avg", "availability"]  # fmt: skip
PALETTE = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#dc3545", "#0dcaf0", "#6c757d"]


@dataclass
class Card:
    key: str
    label: str
    value: str
    url: str = ""
    tone: str = ""  # "", "danger", "warning", "success"


@dataclass
class ChartSpec:
    key: str
    title: str
    option: dict
    links: list[str] = field(default_factory=list)

    @property
    def element_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def payload(self) -> dict:
        return {"option": self.option, "links": self.links}


@dataclass
class Dashboard:
    name: str
    title: str
    cards: list[Card]
    charts: list[ChartSpec]
    lists: dict = field(default_factory=dict)

    def data(self) -> dict:
        """The JSON the API answers and the page draws."""
        return {
            "name": self.name,
            "title": self.title,
            "cards": [c.__dict__ for c in self.cards],
            "charts": {
                c.key: {"title": c.title, "option": c.option, "links": c.links} for c in self.charts
            },
        }


def _queue(**params) -> str:
    return "/tickets/?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _bar(categories, series, *, horizontal=False, percent=False) -> dict:
    value_axis = {
        "type": "value",
        **({"max": 1, "axisLabel": {"formatter": "{value}"}} if percent else {}),
    }
    category_axis = {
        "type": "category",
        "data": categories,
        "axisLabel": {"interval": 0, "hideOverlap": True},
    }
    return {
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "legend": {"show": len(series) > 1, "top": 0},
        "grid": {
            "left": 8,
            "right": 16,
            "bottom": 8,
            "top": 32 if len(series) > 1 else 16,
            "containLabel": True,
        },
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": [{"type": "bar", "name": name, "data": data} for name, data in series],
    }


# -- what each dashboard reads ------------------------------------------------------------
def _open_by_level(user, vendor=None) -> ChartSpec:
    rows = (
        ticket_list(user=user, status="open", vendor=vendor, names=False)
        .filter(level__isnull=False)
        .values_list("level__code", "level__name")
        .annotate(n=Count("id"))
        .order_by("level__code")
    )
    merged: dict[str, list] = {}
    for code, name, n in rows:
        merged.setdefault(code, [name, 0])[1] += n
    codes = list(merged)
    return ChartSpec("open_by_level", _("Open tickets by level"), _bar([merged[c][0] for c in codes], [
        (_("Open"), [merged[c][1] for c in codes])]), [_queue(status="open", level=c, vendor=vendor) for c in codes])  # fmt: skip


def _met_rates(now_report, last_report) -> ChartSpec:
    keys = ["response_met_rate", "initial_solution_met_rate", "onsite_met_rate", "resolve_met_rate"]
    keys = [k for k in keys if now_report[k].denominator or last_report[k].denominator]
    option = _bar([str(KPIS[k].name) for k in keys], [
        (now_report.period.label, [now_report[k].value for k in keys]),
        (last_report.period.label, [last_report[k].value for k in keys]),
    ], percent=True)  # fmt: skip
    return ChartSpec("met_rates", _("Clocks met: this month and last"), option)


def _vendor_ranking(user, period) -> ChartSpec:
    from hisops.accounts.selectors import vendor_list

    rows = []
    for vendor in vendor_list(user=user).filter(is_active=True):
        report = kpi_report(user=user, period=period, subject=Subject(vendor=vendor),
                            keys=["response_met_rate", "tickets_reported"])  # fmt: skip
        if report["response_met_rate"].value is not None:
            rows.append((vendor, report["response_met_rate"].value))
    rows.sort(key=lambda r: (r[1] is None, r[1] or 0))
    option = _bar([v.name for v, _r in rows], [(str(KPIS["response_met_rate"].name), [r for _v, r in rows])],
                  horizontal=True, percent=True)  # fmt: skip
    return ChartSpec("vendor_ranking", _("Vendors by responses on time, this month"), option,
                     [_queue(vendor=v.pk) for v, _r in rows])  # fmt: skip


def _availability(report) -> ChartSpec:
    systems = report["availability"].breakdown["by_system"]
    option = _bar([s["name"] for s in systems.values()], [(_("Availability"), [s["availability"] for s in systems.values()])],
                  horizontal=True, percent=True)  # fmt: skip
    option["xAxis"]["min"] = round(
        min([s["availability"] for s in systems.values()] or [1]) - 0.01, 2
    )
    return ChartSpec("availability", _("System availability this month"), option)


def _daily(user, vendor=None, days: int = 30) -> ChartSpec:
    since = timezone.localdate() - timedelta(days=days - 1)
    qs = ticket_list(user=user, vendor=vendor, names=False).filter(reported_at__date__gte=since)
    counts = dict(qs.values_list("reported_at__date").annotate(n=Count("id")).order_by())
    dates = [since + timedelta(days=n) for n in range(days)]
    option = {
        "color": PALETTE, "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 16, "bottom": 8, "top": 16, "containLabel": True},
        "xAxis": {"type": "category", "data": [f"{d:%m-%d}" for d in dates]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "line", "smooth": True, "areaStyle": {}, "name": _("Tickets"),
                    "data": [counts.get(d, 0) for d in dates]}],
    }  # fmt: skip
    return ChartSpec("daily", _("Tickets reported per day, last 30 days"), option)


def _sla_states(user, vendor=None) -> tuple[ChartSpec, dict]:
    labels = {
        "on_track": _("On track"),
        "at_risk": _("At risk"),
        "paused": _("Paused"),
        "breached": _("Breached"),
    }
    counts = {
        s: ticket_list(user=user, status="open", sla=s, vendor=vendor, names=False).count()
        for s in labels
    }
    option = {
        "color": ["#20c997", "#fd7e14", "#6c757d", "#dc3545"], "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0},
        "series": [{"type": "pie", "radius": ["40%", "70%"], "name": _("Open tickets"),
                    "data": [{"name": labels[s], "value": n} for s, n in counts.items()]}],
    }  # fmt: skip
    return ChartSpec(
        "sla_states",
        _("Open tickets by SLA state"),
        option,
        [_queue(status="open", sla=s) for s in labels],
    ), counts


def _backlog_age(user, vendor=None) -> ChartSpec:
    now = timezone.now()
    buckets = [(_("under a day"), 0, 1), (_("1–3 days"), 1, 3), (_("3–7 days"), 3, 7), (_("7–30 days"), 7, 30),
               (_("over 30 days"), 30, None)]  # fmt: skip
    qs = ticket_list(user=user, status="open", vendor=vendor, names=False)
    conditions = {label: Q(reported_at__lte=now - timedelta(days=low)) & (Q(reported_at__gt=now - timedelta(days=high)) if high else Q())
                  for label, low, high in buckets}  # fmt: skip
    counts = qs.aggregate(
        **{f"b{n}": Count("id", filter=c) for n, c in enumerate(conditions.values())}
    )
    option = _bar(
        [b[0] for b in buckets], [(_("Open"), [counts[f"b{n}"] for n in range(len(buckets))])]
    )
    # No links: the queue filters by status, not by age, so a bar could not open just its own.
    return ChartSpec("backlog_age", _("Open tickets by age"), option)


# -- the dashboards ------------------------------------------------------------------------
def _overview(user, *, name: str, title: str, vendor=None) -> Dashboard:
    today = timezone.localdate()
    month = periods.containing("month", today)
    subject = Subject(vendor=vendor) if vendor else Subject()
    now_report = kpi_report(user=user, period=month, subject=subject, keys=DASHBOARD_KEYS)
    last_report = kpi_report(
        user=user, period=month.previous(), subject=subject, keys=DASHBOARD_KEYS[:4]
    )
    vendor_id = vendor.pk if vendor else None
    open_tickets = ticket_list(user=user, status="open", vendor=vendor_id, names=False).count()
    majors = list(ticket_list(user=user, vendor=vendor_id).filter(level__system_level=True,
                                                                   reported_at__date__gte=month.start)[:10])  # fmt: skip
    cards = [
        Card("open_tickets", _("Open tickets"), str(open_tickets), _queue(status="open", vendor=vendor_id)),
        Card("major_incidents", _("Major incidents this month"), str(len(majors)), "", "danger" if majors else "success"),
        Card("response_met_rate", str(KPIS["response_met_rate"].name), display("response_met_rate", now_report["response_met_rate"].value)),
        Card("mttr_minutes", str(KPIS["mttr_minutes"].name), display("mttr_minutes", now_report["mttr_minutes"].value)),
        Card("satisfaction_avg", str(KPIS["satisfaction_avg"].name), display("satisfaction_avg", now_report["satisfaction_avg"].value)),
    ]  # fmt: skip
    charts = [
        _open_by_level(user, vendor_id),
        _met_rates(now_report, last_report),
        _daily(user, vendor_id),
    ]
    if vendor is None:
        charts.append(_vendor_ranking(user, month))
    if now_report["availability"].breakdown["by_system"]:
        charts.append(_availability(now_report))
    return Dashboard(name, title, cards, charts, {"majors": majors})


def leader(user) -> Dashboard:
    return _overview(user, name="leader", title=_("Operations overview"))


def vendor(user) -> Dashboard:
    return _overview(user, name="vendor", title=_("Our contracts"), vendor=user.vendor)


def it_head(user) -> Dashboard:
    today = timezone.localdate()
    sla, states = _sla_states(user)
    contracts = list(contract_list(user=user, active_on=today).prefetch_related("quotas", "years"))
    expiring = list(
        contracts_expiring(within_days=90, today=today)
        .filter(contract__in=contracts)
        .select_related("contract")
    )
    certificates = [
        (c, s) for c in contracts for s in certificate_states(c, today) if s.state != "ok"
    ]
    quotas = [(c, r) for c in contracts for r in quota_states(c, today)]
    missed = _missed_duties(user, contracts, today)
    cards = [
        Card("backlog", _("Open tickets"), str(sum(states.values())), _queue(status="open")),
        Card("at_risk", _("At risk"), str(states["at_risk"]), _queue(status="open", sla="at_risk"), "warning" if states["at_risk"] else ""),
        Card("breached", _("Breached, still open"), str(states["breached"]), _queue(status="open", sla="breached"),
             "danger" if states["breached"] else ""),
        Card("duties_missed", _("Duties missed this year"), str(sum(len(periods) for _c, _n, periods in missed)), "/inspections/obligations/", "danger" if missed else "success"),
        Card("expiring", _("Contracts ending within 90 days"), str(len(expiring)), "/contracts/", "warning" if expiring else ""),
    ]  # fmt: skip
    charts = [sla, _backlog_age(user), _open_by_level(user), _daily(user)]
    return Dashboard("it_head", _("Service desk today"), cards, charts, {
        "missed": missed, "quotas": quotas, "expiring": expiring, "certificates": certificates,
        "at_risk": list(ticket_list(user=user, status="open", sla="at_risk", sort="due")[:10]),
    })  # fmt: skip


def _missed_duties(user, contracts, today) -> list[tuple]:
    from hisops.inspections.selectors import obligation_list

    missed = []
    for contract in contracts:
        for duty in obligation_list(user=user, contract=contract, year=today.year, today=today):
            if duty.missed_periods:
                missed.append((contract, duty.name, duty.missed_periods))
    return missed


def wallboard(user) -> Dashboard:
    """What is open now, for the screen on the IT office's wall."""
    today = timezone.localdate()
    open_qs = ticket_list(user=user, status="open", names=False)
    sla, states = _sla_states(user)
    reported_today = ticket_list(user=user, names=False).filter(reported_at__date=today).count()
    resolved_today = ticket_list(user=user, names=False).filter(resolved_at__date=today).count()
    majors = list(ticket_list(user=user, status="open").filter(level__system_level=True)[:6])
    cards = [
        Card("open", _("Open"), str(open_qs.count()), _queue(status="open")),
        Card("reported_today", _("Reported today"), str(reported_today)),
        Card("resolved_today", _("Resolved today"), str(resolved_today), tone="success"),
        Card("at_risk", _("At risk"), str(states["at_risk"]), _queue(status="open", sla="at_risk"), "warning" if states["at_risk"] else ""),
        Card("breached", _("Breached"), str(states["breached"]), _queue(status="open", sla="breached"), "danger" if states["breached"] else ""),
        Card("majors", _("Major incidents open"), str(len(majors)), "", "danger" if majors else "success"),
    ]  # fmt: skip
    return Dashboard("wallboard", _("Operations wall board"), cards, [sla, _open_by_level(user), _daily(user, days=14)],
                     {"majors": majors, "duty": _on_duty(user)})  # fmt: skip


def _on_duty(user) -> list:
    from hisops.oncall.selectors import on_duty_now

    return list(on_duty_now(user=user))


DASHBOARDS = {"leader": leader, "it_head": it_head, "vendor": vendor, "wallboard": wallboard}


def dashboard_for(user) -> str:
    """The dashboard a person's home page shows."""
    role = getattr(user, "role", "")
    if role == "vendor_manager":
        return "vendor"
    if role == "leader":
        return "leader"
    if role in ("it_admin", "it_engineer") or user.is_superuser:
        return "it_head"
    return ""

"""What a periodic service report says, once, before any format: its facts, sections,
tables and charts. The Word, Excel and PDF writers (``render.py``) only lay this out, so
the three files say the same, and every figure in them is a KPI of
``hisops.evaluations.kpis`` (the API's ``/api/v1/kpis/`` answers the same numbers)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from hisops.calendars import periods
from hisops.calendars.periods import Period
from hisops.evaluations.kpis import KPIS, display
from hisops.evaluations.selectors import KpiReport, kpi_report

from .choices import PERIOD_OF, ReportKind

# The measures of the KPI table, in the order a reader expects them.
TABLE_KEYS = (
    "tickets_reported", "tickets_resolved", "response_met_rate", "initial_solution_met_rate",
    "onsite_met_rate", "resolve_met_rate", "breaches", "mttr_minutes", "mttr_median_minutes",
    "first_contact_resolution_rate", "reopen_rate", "backlog_open", "backlog_age_days",
    "satisfaction_avg", "satisfaction_count", "obligations_met_rate", "quota_use",
    "problems_opened", "problems_closed_with_conclusion", "changes_released", "changes_failed",
    "changes_rolled_back", "alerts", "alerts_to_incidents_rate", "availability",
)  # fmt: skip
CONTRACT_ONLY = {"obligations_met_rate", "quota_use"}
TREND_KEYS = ["tickets_reported", "tickets_resolved", "response_met_rate", "resolve_met_rate"]
LISTED = 100  # rows of a list (major incidents, problems, changes) a document prints


@dataclass
class Table:
    columns: list[str]
    rows: list[list]  # cells: text, or numbers for the spreadsheet
    sheet: str = ""  # the spreadsheet's sheet for it ('' = none)
    units: list[str] | None = None  # per column: "rate" cells are fractions shown as percentages


@dataclass
class Series:
    name: str
    values: list
    kind: str = "bar"  # bar or line
    axis: str = "left"  # a rate goes on the right-hand axis


@dataclass
class Chart:
    key: str
    title: str
    categories: list[str]
    series: list[Series]
    horizontal: bool = False


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class ReportContent:
    title: str
    hospital: str
    subject: str
    period: Period
    generated_at: datetime
    facts: list[tuple[str, str]]
    kpis: KpiReport
    previous: KpiReport
    sections: list[Section]
    pictures: dict[str, bytes] = field(default_factory=dict)  # charts drawn, by key

    @property
    def charts(self) -> list[Chart]:
        return [s.chart for s in self.sections if s.chart is not None]

    @property
    def tables(self) -> list[Table]:
        return [s.table for s in self.sections if s.table is not None]


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def kpi_rows(report: KpiReport, previous: KpiReport) -> list[list]:
    """The KPI table: measure, this period, the one before, the goal, met or not."""
    goals = {t.key: t for t in report.targets}
    rows = []
    for key in TABLE_KEYS:
        if key in CONTRACT_ONLY and report.subject.contract is None:
            continue
        goal = goals.get(key)
        rows.append([
            str(KPIS[key].name), display(key, report[key].value), display(key, previous[key].value),
            display(key, goal.target) if goal else "",
            "" if goal is None else (pgettext("KPI goal", "met") if goal.met else "—" if goal.met is None else pgettext("KPI goal", "missed")),
        ])  # fmt: skip
    return rows


def build(*, user, kind: str, period: Period, subject, advice: str = "",
          progress: Callable[[int], None] = lambda n: None) -> ReportContent:  # fmt: skip
    """Everything the report says, read with ``user``'s view (a vendor: its own figures)."""
    if kind == ReportKind.ACCEPTANCE:
        return build_acceptance(user=user, period=period, subject=subject, advice=advice)
    now = timezone.now()
    report = kpi_report(user=user, period=period, subject=subject, now=now)
    previous = kpi_report(user=user, period=period.previous(), subject=subject, now=now)
    progress(30)
    months = period.months() if len(period.months()) >= 3 else _last_months(period, 6)
    trend = [
        kpi_report(user=user, period=m, subject=subject, now=now, keys=TREND_KEYS) for m in months
    ]
    progress(60)
    from hisops.evaluations.kpis import Basis

    basis = Basis(user=user, subject=subject, period=period, now=now)
    contract = subject.contract
    hospital = contract.hospital if contract is not None else getattr(user, "hospital", None)
    title = f"{ReportKind(kind).label}（{period.label}）"
    facts = [
        (_("Hospital"), hospital.name if hospital else "—"),
        *([] if contract is not None else [(_("Report covers"), str(subject))]),
        (_("Period"), f"{period.start:%Y-%m-%d} — {period.end:%Y-%m-%d}"),
        (_("Generated at"), _when(now)),
    ]
    if contract is not None:
        facts[1:1] = [
            (_("Contract"), f"{contract.number} {contract.title}"),
            (_("Vendor"), contract.vendor.name),
        ]

    sections = [
        Section(
            _("Key figures"),
            [
                _(
                    "Rates are shares of the clocks decided in the period; the formulas are in the KPI definitions (docs/kpis.md)."
                )
            ],
            table=Table(
                [
                    _("Measure"),
                    period.key,
                    period.previous().key,
                    _("Goal"),
                    pgettext("KPI goal", "Met"),
                ],
                kpi_rows(report, previous),
                sheet=_("Key figures"),
            ),
        ),
        Section(
            _("Trend"),
            chart=Chart(
                "trend",
                _("Tickets and clocks met, by month"),
                [m.key for m in months],
                [
                    Series(
                        str(KPIS["tickets_reported"].name),
                        [t["tickets_reported"].value for t in trend],
                    ),
                    Series(
                        str(KPIS["tickets_resolved"].name),
                        [t["tickets_resolved"].value for t in trend],
                    ),
                    Series(
                        str(KPIS["response_met_rate"].name),
                        [t["response_met_rate"].value for t in trend],
                        "line",
                        "right",
                    ),
                    Series(
                        str(KPIS["resolve_met_rate"].name),
                        [t["resolve_met_rate"].value for t in trend],
                        "line",
                        "right",
                    ),
                ],
            ),
            table=Table(
                [_("Month"), *[str(KPIS[k].name) for k in TREND_KEYS]],
                [
                    [m.key, *[t[k].value for k in TREND_KEYS]]
                    for m, t in zip(months, trend, strict=True)
                ],
                sheet=_("Trend"),
                units=["", *[KPIS[k].unit for k in TREND_KEYS]],
            ),
        ),
    ]
    breaches = report["breaches"].breakdown["by_level"]
    sections.append(Section(
        _("Breaches by level"),
        [_("No clock was missed in the period.")] if not any(breaches.values()) else [],
        chart=Chart("breaches", _("Breaches by level"), list(breaches), [Series(_("Breaches"), list(breaches.values()))])
        if breaches else None,
        table=Table([_("Level"), _("Clocks decided"), _("On time"), _("Breaches")],
                    _breach_rows(report), sheet=_("Breaches")),
    ))  # fmt: skip
    systems = report["tickets_reported"].breakdown["by_system"]
    sections.append(Section(
        _("Systems with the most tickets"),
        chart=Chart("systems", _("Systems with the most tickets"), list(systems)[::-1],
                    [Series(_("Tickets"), list(systems.values())[::-1])], horizontal=True) if systems else None,
        table=Table([_("System"), _("Tickets")], [[name, n] for name, n in systems.items()], sheet=_("Systems")),
    ))  # fmt: skip
    progress(75)
    majors, more = _first(basis.major_incidents())
    sections.append(Section(
        _("Major incidents"), more or ([] if majors else [_("None.")]),
        table=Table([_("Number"), _("Title"), _("Item"), _("Reported"), _("Resolved at")],
                    [[t.number, t.title, t.item.name if t.item else "", _when(t.reported_at), _when(t.resolved_at)]
                     for t in majors], sheet=_("Major incidents")) if majors else None,
    ))  # fmt: skip
    availability = report["availability"].breakdown["by_system"]
    if availability:
        sections.append(Section(_("Availability"), table=Table(
            [_("System"), _("Downtime (minutes)"), _("Availability")],
            [[v["name"], v["downtime_minutes"], display("availability", v["availability"])] for v in availability.values()],
            sheet=_("Availability"))))  # fmt: skip
    problems, more = _first(basis.problems())
    sections.append(Section(
        _("Problem list"), more or ([] if problems else [_("None.")]),
        table=Table([_("Number"), _("Title"), _("Item"), _("Status"), _("Conclusion")],
                    [[p.number, p.title, p.item.name if p.item else "", p.get_status_display(), p.conclusion]
                     for p in problems], sheet=_("Problems")) if problems else None,
    ))  # fmt: skip
    changes, more = _first(basis.changes())
    sections.append(Section(
        _("Changes and releases"), more or ([] if changes else [_("None.")]),
        table=Table([_("Number"), _("Title"), _("Status"), _("Finished")],
                    [[c.number, c.title, c.get_status_display(), _when(c.finished_at)] for c in changes],
                    sheet=_("Changes")) if changes else None,
    ))  # fmt: skip
    if contract is not None:
        duties = report["obligations_met_rate"].breakdown["by_kind"]
        missed = [name for row in duties.values() for name in row["missed"]]
        sections.append(Section(
            _("Inspections, drills, trainings and meetings"),
            [_("Missed: %s") % "、".join(missed)] if missed else [],
            table=Table([_("Kind"), _("Required"), _("Done")],
                        [[_kind_label(k), v["required"], v["done"]] for k, v in duties.items()],
                        sheet=_("Duties")) if duties else None,
        ))  # fmt: skip
        quotas = report["quota_use"].breakdown["by_quota"]
        if quotas:
            sections.append(Section(_("Quota use"), table=Table(
                [_("Quota"), _("Limit"), _("Used in the period")],
                [[q["name"], q["limit"], q["used"]] for q in quotas.values()], sheet=_("Quotas"))))  # fmt: skip
    sections.append(Section(_("Summary and advice to the hospital's IT"), [advice.strip() or "—"]))
    progress(85)
    return ReportContent(title=title, hospital=hospital.name if hospital else "", subject=str(subject),
                         period=period, generated_at=now, facts=facts, kpis=report, previous=previous,
                         sections=sections)  # fmt: skip


def _first(queryset) -> tuple[list, list[str]]:
    """The first rows of a list a document prints, and a line saying how many it leaves out."""
    rows = list(queryset[: LISTED + 1])
    if len(rows) <= LISTED:
        return rows, []
    total = queryset.count()
    return rows[:LISTED], [_("The first %(shown)s of %(total)s; the system's lists have them all.") % {
        "shown": LISTED, "total": total}]  # fmt: skip


def _breach_rows(report: KpiReport) -> list[list]:
    decided: dict[str, list[int]] = {}
    for key in (
        "response_met_rate",
        "initial_solution_met_rate",
        "onsite_met_rate",
        "resolve_met_rate",
    ):
        for level, row in report[key].breakdown["by_level"].items():
            totals = decided.setdefault(level or "—", [0, 0])
            totals[0] += row["decided"]
            totals[1] += row["on_time"]
    return [[level, d, o, d - o] for level, (d, o) in sorted(decided.items())]


def _kind_label(kind: str) -> str:
    return {"inspection": _("Inspections"), "drill": _("Drills"), "training": _("Trainings"),
            "meeting": _("Meetings"), "quota": _("Minimum quotas"),
            "report": _("Service reports")}.get(kind, kind)  # fmt: skip


def _last_months(period: Period, count: int) -> list[Period]:
    result = [periods.containing("month", period.end)]
    while len(result) < count:
        result.insert(0, result[0].previous())
    return result


def period_for(kind: str, text: str) -> Period:
    """The period a report of ``kind`` covers: a monthly report takes a month, and so on."""
    from hisops.core.errors import ValidationError

    period = periods.parse(text)
    if period.kind != PERIOD_OF[kind]:
        raise ValidationError(fields={"period": [
            _("A %(kind)s covers a %(period)s: write it like %(example)s.") % {
                "kind": ReportKind(kind).label, "period": _PERIOD_WORDS[PERIOD_OF[kind]],
                "example": {"month": "2027-03", "quarter": "2027Q1", "year": "2027"}[PERIOD_OF[kind]]}
        ]})  # fmt: skip
    return period


_PERIOD_WORDS = {
    "month": gettext_lazy("month"),
    "quarter": gettext_lazy("quarter"),
    "year": gettext_lazy("year"),
}


def build_acceptance(*, user, period: Period, subject, advice: str = "") -> ReportContent:
    """The acceptance scorecard of the contract year that starts in ``period``'s year: the
    one drawn up (and perhaps signed) if there is one, else its figures as they stand."""
    from hisops.core.errors import ValidationError
    from hisops.evaluations.models import Scorecard
    from hisops.evaluations.selectors import scorecard_figures
    from hisops.evaluations.services import acceptance_policy

    contract = subject.contract
    if contract is None:
        raise ValidationError(
            fields={"contract": [_("An acceptance scorecard is of one contract.")]}
        )
    year = (
        contract.years.filter(starts_on__lte=period.end, ends_on__gte=period.start)
        .order_by("starts_on")
        .first()
    )
    if year is None:
        raise ValidationError(
            fields={"period": [_("The contract has no year in %s.") % period.key]}
        )
    card = Scorecard.objects.filter(contract=contract, year=year).first()
    figures = card.figures if card else scorecard_figures(user=user, contract=contract, year=year,
                                                            policy=acceptance_policy(contract.hospital))  # fmt: skip
    now = timezone.now()
    span = periods.of_dates(year.starts_on, year.ends_on)
    report = kpi_report(user=user, period=span, subject=subject, now=now)
    names = {
        "goals": _("KPI goals met"),
        "duties": _("Duties done"),
        "evaluation": _("Evaluations"),
    }
    verdict = _("Score %(score)s of 100 against a threshold of %(threshold)s: %(verdict)s.") % {
        "score": "—" if figures["score"] is None else figures["score"], "threshold": figures["threshold"],
        "verdict": _("nothing to score yet") if figures["score"] is None else
        _("renewal recommended") if figures["recommend_renewal"] else _("renewal not recommended")}  # fmt: skip
    status = card.get_status_display() if card else _("not drawn up yet")
    sections = [
        Section(_("Conclusion"), [verdict, _("Scorecard: %s") % status]),
        Section(_("How the score is made"), table=Table(
            [_("Part"), _("Weight"), _("Result"), _("Counted")],
            [[names[n], p["weight"], p["value"], _("yes") if p["counted"] else _("no")] for n, p in figures["parts"].items()],
            sheet=_("Score"), units=["", "", "rate", ""])),
        Section(_("KPI goals"), [] if figures["goals"] else [_("The contract sets no KPI goals.")], table=Table(
            [_("Measure"), _("Goal"), _("Result"), pgettext("KPI goal", "Met")],
            [[g["name"], display(g["key"], g["target"]), display(g["key"], g["value"]),
              "—" if g["met"] is None else pgettext("KPI goal", "met") if g["met"] else pgettext("KPI goal", "missed")]
             for g in figures["goals"]], sheet=_("KPI goals")) if figures["goals"] else None),
        Section(_("Duties"), [_("%(done)s of %(required)s done.") % {"done": figures["duties"]["done"] or 0,
                                                                      "required": figures["duties"]["required"] or 0}]
                + ([_("Missed: %s") % "、".join(figures["duties"]["missed"])] if figures["duties"]["missed"] else [])),
        Section(_("Evaluations"), [] if figures["evaluations"] else [_("None in this contract year.")], table=Table(
            [_("Round"), _("Sheets"), _("Weighted total")], [[e["round"], e["sheets"], e["total"]] for e in figures["evaluations"]],
            sheet=_("Evaluations")) if figures["evaluations"] else None),
        Section(_("The year's figures"), table=Table(
            [_("Measure"), span.key], [[str(KPIS[k].name), display(k, report[k].value)] for k in TABLE_KEYS],
            sheet=_("Key figures"))),
        Section(_("Summary and advice to the hospital's IT"), [advice.strip() or "—"]),
    ]  # fmt: skip
    facts = [(_("Hospital"), contract.hospital.name), (_("Contract"), f"{contract.number} {contract.title}"),
             (_("Vendor"), contract.vendor.name), (_("Contract year"), f"{year.starts_on:%Y-%m-%d} — {year.ends_on:%Y-%m-%d}"),
             (_("Generated at"), _when(now))]  # fmt: skip
    return ReportContent(title=f"{ReportKind.ACCEPTANCE.label}（{contract.number}）", hospital=contract.hospital.name,
                         subject=str(subject), period=period, generated_at=now, facts=facts, kpis=report,
                         previous=report, sections=sections)  # fmt: skip

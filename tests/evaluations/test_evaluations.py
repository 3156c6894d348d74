"""Evaluation rounds, score sheets that are never edited, and the acceptance scorecard."""

import base64
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from hisops.core.capabilities import Role
from hisops.core.errors import Conflict, PermissionDenied, ValidationError
from hisops.evaluations import services
from hisops.evaluations.models import Evaluation
from hisops.evaluations.selectors import round_results, scorecard_get
from hisops.knowledge.models import Document
from hisops.tickets.services import TransitionInput, ticket_create, ticket_transition

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def templates(it_admin):
    services.evaluation_templates_install(actor=it_admin, hospital=it_admin.hospital)
    return {
        t.code: t for t in services.EvaluationTemplate.objects.filter(hospital=it_admin.hospital)
    }


@pytest.fixture
def vendor_round(it_admin, templates, his, lis):
    return services.evaluation_round_create(
        actor=it_admin, hospital=it_admin.hospital, template=templates["vendor-annual"], title="2026年度厂商评价",
        period="2026", evaluator_roles=["it_admin", "it_engineer"], vendors=[his.vendor, lis.vendor],
    )  # fmt: skip


def sheet(round_, **by_name):
    """Scores by criterion name; the rest get ``default``."""
    default = by_name.pop("default", 10)
    return {c.pk: by_name.get(c.name, default) for c in round_.template.criteria.all()}


def test_the_weighted_total_is_out_of_100_and_the_rank_follows_it(
    it_admin, make_user, vendor_round, his, lis
):
    engineer = make_user(Role.IT_ENGINEER)
    # 响应及时性 weighs 20 of 100: 5 of 10 there and full marks elsewhere is 90.
    services.evaluation_submit(
        actor=it_admin,
        round=vendor_round,
        vendor=his.vendor,
        scores=sheet(vendor_round, 响应及时性=5),
    )
    services.evaluation_submit(
        actor=engineer, round=vendor_round, vendor=his.vendor, scores=sheet(vendor_round)
    )
    services.evaluation_submit(
        actor=it_admin, round=vendor_round, vendor=lis.vendor, scores=sheet(vendor_round, default=6)
    )
    results = {r.label: r for r in round_results(user=it_admin, round=vendor_round)}
    his_line, lis_line = results[his.vendor.name], results[lis.vendor.name]
    assert (his_line.sheets, his_line.total, his_line.rank) == (2, 95.0, 1)  # (90 + 100) / 2
    assert his_line.criteria[0] == 7.5  # 响应及时性: (5 + 10) / 2
    assert (lis_line.total, lis_line.rank) == (60.0, 2)


def test_a_score_outside_the_scale_or_missing_is_refused_and_nothing_is_written(
    it_admin, vendor_round, his
):
    with pytest.raises(ValidationError) as refused:
        services.evaluation_submit(actor=it_admin, round=vendor_round, vendor=his.vendor,
                                   scores=sheet(vendor_round, 响应及时性=11))  # fmt: skip
    assert "响应及时性" in refused.value.fields["scores"][0]
    incomplete = sheet(vendor_round)
    incomplete.popitem()
    with pytest.raises(ValidationError):
        services.evaluation_submit(
            actor=it_admin, round=vendor_round, vendor=his.vendor, scores=incomplete
        )
    assert not Evaluation.objects.exists()


def test_a_sheet_is_not_edited_a_correction_supersedes_it(it_admin, vendor_round, his):
    first = services.evaluation_submit(
        actor=it_admin, round=vendor_round, vendor=his.vendor, scores=sheet(vendor_round, default=4)
    )
    with pytest.raises(Conflict):
        services.evaluation_submit(
            actor=it_admin, round=vendor_round, vendor=his.vendor, scores=sheet(vendor_round)
        )
    with pytest.raises(ValidationError):
        services.evaluation_correct(
            actor=it_admin, evaluation=first, scores=sheet(vendor_round), reason=" "
        )
    second = services.evaluation_correct(actor=it_admin, evaluation=first, scores=sheet(vendor_round, default=8),
                                         reason="录入时看错行")  # fmt: skip
    first.refresh_from_db()
    assert (first.total, second.total, second.supersedes_id) == (
        Decimal("40.00"),
        Decimal("80.00"),
        first.pk,
    )
    [line] = [r for r in round_results(user=it_admin, round=vendor_round) if r.vendor == his.vendor]
    assert (line.sheets, line.total) == (1, 80.0)  # only the current sheet counts
    with pytest.raises(Conflict):
        services.evaluation_correct(
            actor=it_admin, evaluation=first, scores=sheet(vendor_round), reason="再改"
        )


def test_who_may_score(make_user, it_admin, vendor_round, his, templates):
    nurse = make_user(Role.CLINICIAN)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(
            actor=nurse, round=vendor_round, vendor=his.vendor, scores=sheet(vendor_round)
        )
    peer_round = services.evaluation_round_create(
        actor=it_admin, hospital=it_admin.hospital, template=templates["it-staff"], title="信息科季度考核",
        period="2026Q4", evaluator_roles=["it_admin"], people=[it_admin],
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.evaluation_submit(
            actor=it_admin, round=peer_round, person=it_admin, scores=sheet(peer_round)
        )
    assert "person" in refused.value.fields
    services.evaluation_round_close(actor=it_admin, round=vendor_round)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(
            actor=it_admin, round=vendor_round, vendor=his.vendor, scores=sheet(vendor_round)
        )


def test_a_round_with_a_bad_period_or_roles_is_refused(it_admin, templates, his):
    with pytest.raises(ValidationError) as refused:
        services.evaluation_round_create(actor=it_admin, hospital=it_admin.hospital, template=templates["vendor-annual"],
                                         title="x", period="2026Q7", evaluator_roles=["boss"], vendors=[his.vendor])  # fmt: skip
    assert {"period", "evaluator_roles"} <= set(refused.value.fields)


def test_clinical_satisfaction_from_the_follow_ups_feeds_the_vendor_line(
    it_admin, vendor_round, his
):
    for n, score in enumerate((5, 3)):
        when = datetime(2026, 5, 10 + n, 9, tzinfo=SH)
        ticket = ticket_create(actor=it_admin, hospital=his.hospital, title="打印机卡纸", item=his, level_code="3",
                               reported_at=when, backdate_reason="补录")  # fmt: skip
        for action, extra in (("accept", {}), ("resolve", {"resolution": "清理", "cause_category": "hardware"}),
                              ("confirm", {}), ("followup", {"satisfaction": score})):  # fmt: skip
            when += timedelta(minutes=20)
            ticket = ticket_transition(actor=it_admin, ticket=ticket,
                                       data=TransitionInput(action=action, at=when, reason="补录", **extra))  # fmt: skip
    [line] = [r for r in round_results(user=it_admin, round=vendor_round) if r.vendor == his.vendor]
    assert line.clinical == 4.0


def test_the_scorecard_weighs_goals_duties_and_evaluations_and_both_sides_sign(
    it_admin, make_user, vendor_round, his
):
    contract = his.vendor.contracts.get()
    from hisops.contracts.services import contract_kpi_target_set

    contract_kpi_target_set(actor=it_admin, contract=contract, key="mttr_minutes", target=120)
    ticket = ticket_create(actor=it_admin, hospital=his.hospital, title="医保结算失败", item=his, level_code="2",
                           reported_at=datetime(2026, 6, 1, 9, tzinfo=SH), backdate_reason="补录")  # fmt: skip
    for action, minutes, extra in (
        ("accept", 5, {}),
        ("resolve", 90, {"resolution": "重启前置机", "cause_category": "software"}),
    ):
        ticket = ticket_transition(actor=it_admin, ticket=ticket, data=TransitionInput(
            action=action, at=datetime(2026, 6, 1, 9, tzinfo=SH) + timedelta(minutes=minutes), reason="补录", **extra))  # fmt: skip
    services.evaluation_submit(
        actor=it_admin, round=vendor_round, vendor=his.vendor, scores=sheet(vendor_round, default=7)
    )
    services.acceptance_policy_set(actor=it_admin, hospital=it_admin.hospital, threshold=80, goals_weight=50,
                                   duties_weight=20, evaluation_weight=30)  # fmt: skip
    year = contract.years.get(number=1)
    card = services.scorecard_draw(actor=it_admin, contract=contract, year=year)
    # MTTR 90 ≤ 120: the one goal met (1.0 × 50); no duty was planned (left out); evaluation 70 (0.7 × 30).
    assert card.figures["parts"]["duties"]["counted"] is False
    assert card.score == Decimal("88.75")  # (50 + 21) / 80 × 100
    assert card.recommend_renewal is True
    manager = make_user(Role.VENDOR_MANAGER, vendor=his.vendor)
    other_manager = make_user(Role.VENDOR_MANAGER)
    with pytest.raises(PermissionDenied):
        services.scorecard_sign(
            actor=other_manager, scorecard=card, signer_name="冒名", signature=PNG
        )
    card = services.scorecard_sign(
        actor=it_admin, scorecard=card, signer_name="王信息", signature=PNG
    )
    assert card.status == "signed_hospital" and not card.document_id
    with pytest.raises(Conflict):
        services.scorecard_sign(actor=it_admin, scorecard=card, signer_name="王信息", signature=PNG)
    card = services.scorecard_sign(
        actor=manager, scorecard=card, signer_name="赵经理", signature=PNG
    )
    assert card.status == "signed" and card.seal
    filed = Document.objects.get(pk=card.document_id)
    assert filed.category == "assessment" and filed.name.endswith(".pdf")
    with pytest.raises(Conflict):
        services.scorecard_draw(actor=it_admin, contract=contract, year=year)
    assert scorecard_get(user=manager, pk=card.pk) == card


def test_a_scorecard_with_nothing_to_measure_has_no_score_and_no_verdict(it_admin, his):
    contract = his.vendor.contracts.get()
    card = services.scorecard_draw(
        actor=it_admin, contract=contract, year=contract.years.get(number=1)
    )
    assert card.score is None and card.recommend_renewal is False
    assert all(not part["counted"] for part in card.figures["parts"].values())


def test_a_vendors_manager_does_not_score_their_own_vendor(
    it_admin, make_user, templates, his, lis
):
    survey = services.evaluation_round_create(
        actor=it_admin, hospital=it_admin.hospital, template=templates["vendor-annual"], title="厂商互评",
        period="2026", evaluator_roles=["vendor_manager"], vendors=[his.vendor, lis.vendor],
    )  # fmt: skip
    manager = make_user(Role.VENDOR_MANAGER, vendor=his.vendor)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_submit(
            actor=manager, round=survey, vendor=his.vendor, scores=sheet(survey)
        )
    assert "vendor" in refused.value.fields
    services.evaluation_submit(actor=manager, round=survey, vendor=lis.vendor, scores=sheet(survey))


def test_an_acceptance_policy_outside_its_bounds_is_refused(it_admin):
    with pytest.raises(ValidationError) as refused:
        services.acceptance_policy_set(actor=it_admin, hospital=it_admin.hospital, threshold=120, goals_weight=0,
                                       duties_weight=0, evaluation_weight=0)  # fmt: skip
    assert {"threshold", "goals_weight"} <= set(refused.value.fields)

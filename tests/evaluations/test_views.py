"""The evaluation pages: open a round, score on the page, see the ranking; sign a scorecard."""

import pytest

from hisops.core.capabilities import Role
from hisops.evaluations.models import Evaluation, EvaluationRound, EvaluationTemplate
from hisops.evaluations.services import evaluation_templates_install
from hisops.notify.models import Notification

pytestmark = pytest.mark.django_db


def test_a_survey_round_is_opened_and_a_nurse_is_invited_and_scores(
    client, it_admin, make_user, his, lis
):
    nurse = make_user(Role.CLINICIAN)
    client.force_login(it_admin)
    client.post("/evaluations/", {"action": "install"})
    survey = EvaluationTemplate.objects.get(code="clinical-survey")
    made = client.post("/evaluations/", {"action": "round", "template": survey.pk, "title": "四季度临床满意度调查",
                                         "period": "2026Q4", "evaluator_roles": ["clinician"], "vendors": [his.vendor.pk]})  # fmt: skip
    round_ = EvaluationRound.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/evaluations/rounds/{round_.pk}/"
    invite = Notification.objects.get(recipient=nurse)
    assert invite.url == f"/evaluations/rounds/{round_.pk}/"
    client.force_login(nurse)
    page = client.get(invite.url).content.decode()
    assert f"/evaluations/rounds/{round_.pk}/vendor/{his.vendor.pk}/" in page
    criteria = list(survey.criteria.all())
    missing = client.post(
        f"/evaluations/rounds/{round_.pk}/vendor/{his.vendor.pk}/", {f"c{criteria[0].pk}": 5}
    )
    assert missing.status_code == 200 and "解决效果" in missing.content.decode()
    assert not Evaluation.objects.exists()
    done = client.post(
        f"/evaluations/rounds/{round_.pk}/vendor/{his.vendor.pk}/",
        {f"c{c.pk}": 4 for c in criteria},
    )
    assert done.status_code == 302
    assert Evaluation.objects.get().total == 80
    assert (
        client.get(f"/evaluations/rounds/{round_.pk}/vendor/{lis.vendor.pk}/").status_code == 404
    )  # not in it


def test_the_manager_sees_the_ranking(client, it_admin, his):
    evaluation_templates_install(actor=it_admin, hospital=it_admin.hospital)
    client.force_login(it_admin)
    template = EvaluationTemplate.objects.get(code="vendor-annual")
    client.post("/evaluations/", {"action": "round", "template": template.pk, "title": "年度评价", "period": "2026",
                                  "evaluator_roles": ["it_admin"], "vendors": [his.vendor.pk]})  # fmt: skip
    round_ = EvaluationRound.objects.get()
    client.post(
        f"/evaluations/rounds/{round_.pk}/vendor/{his.vendor.pk}/",
        {f"c{c.pk}": 9 for c in template.criteria.all()},
    )
    page = client.get(f"/evaluations/rounds/{round_.pk}/").content.decode()
    assert "90.0" in page and "加权总分" in page


def test_a_clinician_without_a_round_has_no_evaluations_page(client, make_user):
    client.force_login(make_user(Role.CLINICIAN))
    assert client.get("/evaluations/").status_code == 403

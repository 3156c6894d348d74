"""Evaluations and scorecards over the API, with bad input answered field by field."""

import pytest

from hisops.core.capabilities import Role

from .test_evaluations import PNG

pytestmark = pytest.mark.django_db
SIGNATURE = "data:image/png;base64," + __import__("base64").b64encode(PNG).decode()


def test_a_round_scored_corrected_and_ranked_over_the_api(api, it_admin, make_user, his, lis):
    client = api(it_admin)
    installed = client.post("/api/v1/evaluation-templates/install/", {}, format="json")
    assert installed.status_code == 201 and len(installed.json()) == 4
    template = next(t for t in installed.json() if t["code"] == "vendor-annual")
    made = client.post("/api/v1/evaluation-rounds/", {
        "template": template["id"], "title": "2026年度厂商评价", "period": "2026",
        "evaluator_roles": ["it_admin"], "vendors": [his.vendor.pk, lis.vendor.pk]}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    round_id = made.json()["id"]
    scores = [{"criterion": c["id"], "score": 8} for c in template["criteria"]]
    sheet = client.post("/api/v1/evaluations/", {"round": round_id, "vendor": his.vendor.pk, "scores": scores},
                        format="json")  # fmt: skip
    assert sheet.status_code == 201 and sheet.json()["total"] == "80.00"
    again = client.post(
        "/api/v1/evaluations/",
        {"round": round_id, "vendor": his.vendor.pk, "scores": scores},
        format="json",
    )
    assert again.status_code == 409 and again.json()["code"] == "already_scored"
    fixed = client.post(f"/api/v1/evaluations/{sheet.json()['id']}/correct/",
                        {"scores": [{**s, "score": 9} for s in scores], "reason": "看错行"}, format="json")  # fmt: skip
    assert fixed.status_code == 201 and fixed.json()["supersedes"] == sheet.json()["id"]
    results = client.get(f"/api/v1/evaluation-rounds/{round_id}/results/").json()
    assert [(r["subject"], r["total"], r["rank"]) for r in results] == [
        (his.vendor.name, 90.0, 1),
        (lis.vendor.name, None, None),
    ]
    bad = client.post("/api/v1/evaluations/", {"round": round_id, "vendor": lis.vendor.pk,
                                               "scores": [{**scores[0], "score": 11}, *scores[1:]]}, format="json")  # fmt: skip
    assert bad.status_code == 400 and "scores" in bad.json()["fields"]
    vendor = api(make_user(Role.VENDOR_MANAGER, vendor=his.vendor))
    mine = vendor.get(f"/api/v1/evaluation-rounds/{round_id}/results/").json()
    assert [r["subject"] for r in mine] == [his.vendor.name]  # never another vendor's line


def test_a_scorecard_drawn_and_signed_over_the_api(api, it_admin, make_user, his):
    contract = his.vendor.contracts.get()
    client = api(it_admin)
    assert (
        client.post(
            "/api/v1/scorecards/", {"contract": contract.pk, "year": 9}, format="json"
        ).status_code
        == 400
    )
    card = client.post("/api/v1/scorecards/", {"contract": contract.pk, "year": 1}, format="json")
    assert card.status_code == 201, card.content
    pk = card.json()["id"]
    unsigned = client.post(
        f"/api/v1/scorecards/{pk}/sign/", {"signer_name": "王信息", "signature": "x"}, format="json"
    )
    assert unsigned.status_code == 400 and "signature" in unsigned.json()["fields"]
    assert client.post(f"/api/v1/scorecards/{pk}/sign/", {"signer_name": "王信息", "signature": SIGNATURE},
                       format="json").json()["status"] == "signed_hospital"  # fmt: skip
    manager = api(make_user(Role.VENDOR_MANAGER, vendor=his.vendor))
    done = manager.post(
        f"/api/v1/scorecards/{pk}/sign/",
        {"signer_name": "赵经理", "signature": SIGNATURE},
        format="json",
    )
    assert done.json()["status"] == "signed" and done.json()["document"]
    stranger = api(make_user(Role.VENDOR_MANAGER))
    assert stranger.get(f"/api/v1/scorecards/{pk}/").status_code == 404

"""The leader's dashboard on a desktop and a phone; a ward's satisfaction survey on a phone;
the head of IT writes and downloads the quarterly report."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hisops.accounts.models import User, Vendor
from hisops.calendars import periods
from hisops.demo import data
from hisops.demo.history import generate
from hisops.demo.loader import load_demo
from hisops.evaluations.models import Evaluation, EvaluationTemplate
from hisops.evaluations.services import evaluation_round_create, evaluation_templates_install
from hisops.reports.services import reports_pending

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_leaders_dashboard_on_desktop_and_phone(open_page):
    loaded = load_demo()
    generate(
        hospital=loaded["hospital"],
        seed=3,
        first=timezone.localdate().replace(day=1),
        last=timezone.localdate(),
        per_weekday=3,
    )
    for width, height, name in (
        (1280, 900, "dashboard-leader"),
        (390, 844, "dashboard-leader-phone"),
    ):
        page = open_page(width=width, height=height)
        login(page, "leader", data.PASSWORD)
        expect(page.get_by_role("heading", name="运行概况")).to_be_visible()
        for chart in ("open_by_level", "met_rates", "daily", "vendor_ranking"):
            expect(page.get_by_test_id(f"chart-{chart}")).to_have_attribute("data-drawn", "1")
            expect(page.get_by_test_id(f"chart-{chart}").locator("canvas")).to_be_visible()
        screenshot(page, name)
    page.get_by_test_id("card-open_tickets").click()
    page.wait_for_url("**/tickets/?status=open")


def test_a_wards_satisfaction_survey_on_a_phone(open_page):
    loaded = load_demo()
    hospital = loaded["hospital"]
    it = User.objects.get(username="itadmin")
    evaluation_templates_install(actor=it, hospital=hospital)
    survey = EvaluationTemplate.objects.get(hospital=hospital, code="clinical-survey")
    vendor = Vendor.objects.get(hospital=hospital, code="KL")
    evaluation_round_create(actor=it, hospital=hospital, template=survey, title="四季度临床满意度调查",
                            period=periods.containing("quarter", timezone.localdate()).key, evaluator_roles=["clinician"],
                            vendors=[vendor])  # fmt: skip
    phone = open_page(width=390, height=844)
    login(phone, "nurse", data.PASSWORD)
    phone.goto("/notifications/")
    phone.get_by_text("请参与评价：四季度临床满意度调查").click()
    phone.get_by_role("link", name=vendor.name).click()
    for criterion in survey.criteria.all():
        phone.locator(f"label[for=c{criterion.pk}-5]").click()
    phone.get_by_label("意见").fill("响应很快，工程师态度好")
    screenshot(phone, "survey-phone")
    phone.get_by_role("button", name="提交").click()
    expect(phone.get_by_text("谢谢，您的评价已记录。")).to_be_visible()
    expect(phone.get_by_text("已评价")).to_be_visible()
    assert Evaluation.objects.get().total == 100


def test_the_head_of_it_downloads_the_quarterly_report(open_page, tmp_path):
    loaded = load_demo()
    quarter = periods.containing("quarter", timezone.localdate()).previous()
    generate(
        hospital=loaded["hospital"], seed=5, first=quarter.start, last=quarter.end, per_weekday=2
    )
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    page.get_by_role("link", name="报告", exact=True).click()
    form = page.get_by_test_id("report-form")
    form.get_by_label("报告").select_option("quarterly")
    form.get_by_label("周期").fill(quarter.key)
    form.get_by_label("合同").select_option(
        label="KL-HIS-2026 HIS和电子病历等系统软件运维（四级故障）"
    )
    form.get_by_role("button", name="生成").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("排队中")
    reports_pending()  # the worker (or the embedded scheduler's sweep) writes it
    expect(page.get_by_test_id("download-pdf")).to_be_visible(timeout=10_000)
    screenshot(page, "report-written")
    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF") and saved.name.endswith(f"{quarter.key}.pdf")

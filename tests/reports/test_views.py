"""The reports page: ask for a report, follow its progress, download its files."""

import pytest

from hisops.core.capabilities import Role
from hisops.reports.services import reports_pending

pytestmark = pytest.mark.django_db


def test_it_asks_for_a_report_follows_it_and_downloads_it(client, it_admin, september):
    client.force_login(it_admin)
    page = client.get("/reports/")
    assert page.status_code == 200 and "月度服务报告" in page.content.decode()
    asked = client.post("/reports/", {"kind": "quarterly", "period": "2026Q3", "contract": september.pk,
                                      "formats": ["pdf", "docx"], "advice": "建议升级数据库补丁"})  # fmt: skip
    assert asked.status_code == 302
    number = asked["Location"].rstrip("/").rsplit("/", 1)[-1]
    running = client.get(f"/reports/{number}/", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in running.content.decode()  # it keeps asking while queued
    reports_pending()
    done = client.get(f"/reports/{number}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and f"/reports/{number}/pdf/" in done
    assert "2026年第3季度" in client.get(f"/reports/{number}/").content.decode()
    pdf = client.get(f"/reports/{number}/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(f"/reports/{number}/xlsx/").status_code == 404  # not asked for


def test_a_bad_period_is_said_on_the_form_and_nothing_is_queued(client, it_admin, september):
    client.force_login(it_admin)
    page = client.post("/reports/", {"kind": "annual", "period": "2026-13", "contract": september.pk,
                                     "formats": ["pdf"]})  # fmt: skip
    assert page.status_code == 200 and "无法识别的周期：2026-13" in page.content.decode()
    assert reports_pending() == 0


def test_a_clinician_has_no_reports_page(client, make_user):
    client.force_login(make_user(Role.CLINICIAN))
    assert client.get("/reports/").status_code == 403

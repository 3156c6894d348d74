from datetime import date

import pytest

from hisops.calendars.services import shipped_calendars_ensure
from hisops.contracts import services
from hisops.core.capabilities import SYSTEM, Role

from ..factories import VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(hospital):
    shipped_calendars_ensure()
    return services.contract_template_load(
        actor=SYSTEM, hospital=hospital, vendor=VendorFactory(hospital=hospital), template="seed002-database",
        number="DB-1", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip


def test_contract_page_shows_the_matrix_and_quotas(client, make_user, contract):
    client.force_login(make_user(Role.IT_ENGINEER))
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert 'data-testid="sla-matrix"' in page and "远程报障处理" in page
    assert 'data-testid="target-form"' not in page  # engineers read, admins edit
    assert (
        client.post(
            f"/contracts/{contract.pk}/targets/",
            {"level": "1", "target": "resolve", "duration": 1, "unit": "hours", "calendar": "7x24"},
        ).status_code
        == 403
    )


def test_matrix_edit_and_calculator(client, make_user, contract):
    client.force_login(make_user(Role.IT_ADMIN))
    fragment = client.post(
        f"/contracts/{contract.pk}/targets/",
        {
            "level": "4",
            "target": "resolve",
            "duration": 2,
            "unit": "working_days",
            "calendar": "cn-workday",
        },
    ).content.decode()
    assert 'data-target="resolve"' in fragment and "2 工作日" in fragment
    answer = client.post(
        f"/contracts/{contract.pk}/deadline/",
        {"level": "1", "target": "resolve", "start": "2026-03-02T09:00"},
    ).content.decode()
    assert "2026-03-02 15:00" in answer  # level 1 resolves within 6 hours, 7×24
    missing = client.post(
        f"/contracts/{contract.pk}/deadline/",
        {"level": "4", "target": "onsite", "start": "2026-03-02T09:00"},
    ).content.decode()
    assert "该级别没有此项时限" in missing


def test_other_vendors_contract_page_is_404(client, make_user, contract):
    client.force_login(make_user(Role.VENDOR_MANAGER))
    assert client.get(f"/contracts/{contract.pk}/").status_code == 404
    assert client.get("/contracts/").status_code == 200


def test_it_admin_creates_a_contract_from_a_template_on_the_list_page(client, make_user, hospital):
    from hisops.contracts.models import Contract

    shipped_calendars_ensure()
    vendor = VendorFactory(hospital=hospital)
    client.force_login(make_user(Role.IT_ADMIN))
    assert 'data-testid="template-form"' in client.get("/contracts/").content.decode()
    response = client.post(
        "/contracts/",
        {
            "template": "seed003-platform",
            "vendor": vendor.pk,
            "number": "PT-1",
            "starts_on": "2026-01-01",
            "ends_on": "2028-12-31",
        },
    )
    contract = Contract.objects.get(number="PT-1")
    assert response.status_code == 302 and response["Location"] == f"/contracts/{contract.pk}/"
    again = client.post(
        "/contracts/",
        {
            "template": "seed003-platform",
            "vendor": vendor.pk,
            "number": "PT-1",
            "starts_on": "2026-01-01",
            "ends_on": "2028-12-31",
        },
    )
    assert "该合同编号已被使用" in again.content.decode()
    client.force_login(make_user(Role.IT_ENGINEER))
    assert 'data-testid="template-form"' not in client.get("/contracts/").content.decode()
    assert client.post("/contracts/", {"template": "seed003-platform"}).status_code == 403


def test_contract_list_title_is_just_the_title(client, make_user):
    import re

    client.force_login(make_user(Role.IT_ADMIN))
    page = client.get("/contracts/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<form" not in title and page.count('data-testid="template-form"') == 1


def test_queue_and_contracts_say_which_years_need_holiday_data_and_how(client, it_admin, hospital):
    from datetime import date

    from hisops.calendars.models import BusinessCalendar
    from hisops.calendars.services import calendar_override_set, statutory_holidays_seed

    from ..factories import ContractFactory

    shipped_calendars_ensure()
    statutory_holidays_seed()  # the shipped data ends with 2026
    ContractFactory(hospital=hospital, ends_on=date(2027, 12, 31))
    client.force_login(it_admin)
    for path in ("/tickets/", "/contracts/"):
        page = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert 'data-testid="holiday-data-missing"' in page and "2027" in page, path
        assert "hisops calendar import-holidays" in page, path
    calendar_override_set(actor=it_admin, calendar=BusinessCalendar.objects.get(code="cn-workday"),
                          date=date(2027, 1, 1), kind="holiday", name="元旦")  # fmt: skip
    assert 'data-testid="holiday-data-missing"' not in client.get("/tickets/").content.decode()

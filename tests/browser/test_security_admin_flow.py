"""The security administrator makes an account, reads its one-time password, and runs the
quarter's access review to the end, disabling a dormant account."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hisops.accounts.models import User
from hisops.demo import data
from hisops.demo.loader import load_demo

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_security_admin_manages_accounts_and_reviews_access(open_page):
    load_demo()
    User.objects.filter(username="dbaeng").update(last_login=timezone.now() - timedelta(days=120))
    page = open_page()
    login(page, "secadmin", data.PASSWORD)
    page.get_by_role("link", name="账户", exact=True).click()
    expect(page.get_by_test_id("accounts")).to_contain_text("dbaeng")

    form = page.get_by_test_id("account-new")
    form.locator("#id_username").fill("zhaoliu")
    form.locator("#id_full_name").fill("赵六")
    form.locator("#id_role").select_option("it_engineer")
    form.get_by_role("button", name="创建").click()
    password = page.get_by_test_id("password").inner_text().strip()
    assert len(password) >= 12
    assert User.objects.get(username="zhaoliu").check_password(password)

    page.goto("/security/access-reviews/")
    page.get_by_test_id("review-start").click()
    row = page.get_by_test_id("decide-dbaeng")
    expect(page.get_by_test_id("review-entries")).to_contain_text("长期未用")
    row.locator("input[name=note]").fill("已离场")
    row.get_by_role("button", name="停用").click()
    expect(page.get_by_test_id("review-entries")).to_contain_text("已离场")
    while page.locator("[data-testid^=decide-] button[value=kept]").count():
        page.locator("[data-testid^=decide-] button[value=kept]").first.click()
        page.wait_for_load_state()
    page.get_by_test_id("review-complete").click()
    expect(page.locator("h1")).to_contain_text("已完成")
    screenshot(page, "access-review")
    assert not User.objects.get(username="dbaeng").is_active

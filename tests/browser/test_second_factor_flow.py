"""The IT administrator sets up an authenticator and signs in with password and code."""

import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from hisops.demo import data
from hisops.demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def code_now(user) -> str:
    device = TOTPDevice.objects.filter(user__username=user).order_by("-id").first()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_an_administrator_enrols_and_signs_in_with_a_code(open_page, settings):
    settings.HISOPS_2FA_ROLES = ["it_admin", "security_admin", "audit_admin"]
    load_demo()
    page = open_page()
    page.goto("/login/")
    page.fill("#id_username", "itadmin")
    page.fill("#id_password", data.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/2fa/setup/")
    expect(page.get_by_test_id("qr").locator("svg")).to_be_visible()
    page.get_by_test_id("second-factor-setup").locator("input[name=token]").fill(
        code_now("itadmin")
    )
    page.get_by_test_id("second-factor-setup").get_by_role("button").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("button", name="退出").click()
    page.goto("/login/")
    page.fill("#id_username", "itadmin")
    page.fill("#id_password", data.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/2fa/")
    page.goto("/tickets/")  # nothing opens before the code
    page.wait_for_url("**/2fa/")
    # A code is good once: the one used at enrolment is spent; wait for the app's next one.
    time.sleep(30 - time.time() % 30 + 1)
    form = page.get_by_test_id("second-factor-form")
    form.locator("input[name=token]").fill(code_now("itadmin"))
    form.get_by_role("button").click()
    page.goto("/tickets/")
    expect(page.locator("h1")).to_contain_text("工单")

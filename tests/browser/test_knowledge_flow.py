"""IT makes an article from a resolved ticket, edits and publishes it to all staff; a
clinician finds the guide on a phone and says it solved the problem."""

import pytest
from playwright.sync_api import expect

from hisops.accounts.models import User
from hisops.demo import data
from hisops.demo.loader import load_demo
from hisops.knowledge.models import KnowledgeHelp
from hisops.tickets.models import Ticket
from hisops.tickets.services import ticket_accept, ticket_resolve

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_article_from_a_ticket_reaches_a_clinicians_phone(open_page):
    load_demo()
    admin = User.objects.get(username="itadmin")
    ticket = Ticket.objects.get(title="移动护理PDA扫码无反应")
    if ticket.status == "new":
        ticket_accept(actor=admin, ticket=ticket)
    ticket_resolve(actor=admin, ticket=ticket, resolution="在 PDA 设置中重新配对扫码头，重启移动护理客户端",
                   cause_category="hardware")  # fmt: skip
    page = open_page()
    login(page, "engineer", data.PASSWORD)
    page.goto(f"/tickets/{ticket.number}/")
    page.get_by_test_id("article-from-ticket").get_by_role("button").click()
    form = page.get_by_test_id("article-form")
    form.locator("#id_title").fill("PDA 扫码无反应的处理")
    form.locator("#id_audience").select_option("all")
    form.get_by_role("button", name="保存").click()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("article-status")).to_have_count(0)
    page.get_by_role("button", name="退出").click()

    phone = open_page(width=390, height=844)
    login(phone, "nurse", data.PASSWORD)
    phone.goto("/knowledge/")
    phone.locator("#id_q").fill("PDA")
    phone.get_by_role("button", name="搜索").click()
    phone.get_by_test_id("articles").get_by_text("PDA 扫码无反应的处理").click()
    expect(phone.get_by_test_id("article-body")).to_contain_text("重新配对扫码头")
    phone.get_by_test_id("helped").click()
    screenshot(phone, "knowledge-phone")
    assert KnowledgeHelp.objects.filter(person__username="nurse").count() == 1


def test_someone_searches_without_spaces_and_opens_the_article(open_page):
    from hisops.knowledge.services import article_create, article_publish

    load_demo()
    engineer = User.objects.get(username="engineer")
    article = article_create(actor=engineer, hospital=engineer.hospital, title="电子病历保存偶发超时的处理",
                             body="## 处理\n\n重建病历表索引", audience="all")  # fmt: skip
    article_publish(actor=engineer, article=article)
    page = open_page()
    login(page, "nurse", data.PASSWORD)
    page.get_by_test_id("header-search").fill("保存超时")
    page.get_by_test_id("header-search").press("Enter")
    results = page.get_by_test_id("search-results")
    expect(results.locator("mark").first).to_be_visible()
    results.locator("strong", has_text="电子病历保存偶发超时的处理").click()
    expect(page.get_by_test_id("article-body")).to_contain_text("重建病历表索引")


def test_a_clinician_is_helped_before_sending_a_report(open_page):
    from hisops.knowledge.services import article_create, article_publish
    from hisops.tickets.models import Ticket

    load_demo()
    engineer = User.objects.get(username="engineer")
    guide = article_create(actor=engineer, hospital=engineer.hospital, title="腕带打印机卡纸怎么办",
                           body="1. 打开上盖\n2. 取出卡住的腕带", audience="all")  # fmt: skip
    article_publish(actor=engineer, article=guide)
    before = Ticket.objects.count()
    phone = open_page(width=390, height=844)
    login(phone, "nurse", data.PASSWORD)
    phone.goto("/tickets/report/")
    phone.locator("#id_title").press_sequentially("腕带打印机卡纸")
    suggestions = phone.get_by_test_id("suggestions")
    expect(suggestions).to_contain_text("腕带打印机卡纸怎么办")
    phone.get_by_test_id(f"helped-{guide.number}").click()
    expect(phone.get_by_test_id("helped-thanks")).to_be_visible()
    screenshot(phone, "report-help")
    assert KnowledgeHelp.objects.filter(article=guide, person__username="nurse").count() == 1
    assert Ticket.objects.count() == before  # no report was needed

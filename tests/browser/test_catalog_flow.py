import pytest
from playwright.sync_api import expect

from hisops.demo import data
from hisops.demo.loader import load_demo

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    return load_demo()


def test_it_admin_browses_the_catalog_and_opens_an_items_impact(open_page, demo):
    page = open_page()
    login(page, "itadmin", data.PASSWORD)
    expect(page.locator("h1")).to_contain_text("今日服务台")

    page.get_by_role("link", name="配置管理").click()
    expect(page.get_by_test_id("item-table")).to_be_visible()
    expect(page.locator(".card-footer")).to_contain_text("共 117 个配置项")

    # Filtering by kind and search re-renders the table through HTMX.
    page.select_option("#id_kind", "database")
    expect(page.get_by_test_id("item-table")).to_contain_text("HIS生产库")
    expect(page.get_by_test_id("item-table")).not_to_contain_text("门急诊挂号系统")
    page.fill("#id_q", "生产库")
    expect(page.get_by_test_id("item-table")).not_to_contain_text("ADG")
    assert "kind=database" in page.url
    screenshot(page, "catalog-list")

    page.get_by_role("link", name="HIS生产库").click()
    expect(page.locator("h1")).to_contain_text("HIS生产库")
    page.get_by_role("button", name="影响分析").click()
    impact = page.get_by_test_id("impact")
    expect(impact).to_contain_text("住院护士工作站")  # a HIS module: HIS depends on this database
    expect(impact).to_contain_text("HIS ADG备库")
    expect(impact).to_contain_text("门诊部")  # a department that uses HIS
    screenshot(page, "item-impact")


def test_a_bad_import_file_shows_the_row_report_and_writes_nothing(open_page, demo, tmp_path):
    from hisops.catalog.models import Item

    before = Item.objects.count()
    bad = tmp_path / "科室系统清单.csv"
    bad.write_text(
        "序号,类别,名称,所属系统,重要程度\n1,系统,新系统,,核心\n2,飞船,X,,\n3,模块,Y,不存在的系统,超高\n",
        encoding="utf-8",
    )

    page = open_page()
    login(page, "engineer", data.PASSWORD)
    page.get_by_role("button", name="更多").click()
    page.get_by_role("link", name="导入", exact=True).first.click()
    page.set_input_files("#id_file", str(bad))
    page.get_by_test_id("import-form").get_by_role("button", name="导入").click()

    expect(page.get_by_test_id("import-error")).to_contain_text("未导入任何数据")
    report = page.get_by_test_id("import-report")
    expect(report).to_contain_text("无法识别的值“飞船”")
    expect(report.locator("tr", has_text="不存在的系统")).to_contain_text("4")
    screenshot(page, "import-report")
    assert Item.objects.count() == before


def test_a_clinician_logs_in_on_a_phone(open_page, demo):
    page = open_page(width=390, height=844)
    login(page, "nurse", data.PASSWORD)
    expect(page.locator("h1")).to_contain_text("报修")  # a clinician's home is the report page
    expect(page.locator(".navbar-toggler")).to_be_visible()  # the menu folds away on a phone
    page.locator(".navbar-toggler").click()
    expect(page.get_by_role("link", name="配置管理")).to_be_visible()
    # A clinician may look, not change.
    page.get_by_role("link", name="配置管理").click()
    expect(page.get_by_role("link", name="新建配置项")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    screenshot(page, "phone-catalog")


def test_wrong_password_is_told_in_chinese(open_page, demo):
    page = open_page()
    page.goto("/login/")
    page.fill("#id_username", "itadmin")
    page.fill("#id_password", "nope")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")

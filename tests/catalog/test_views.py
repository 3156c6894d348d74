import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hisops.catalog.models import Item
from hisops.core.capabilities import Role

from ..factories import ItemFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_pages_require_login(client):
    response = client.get(reverse("catalog:item_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_list_shows_own_hospital_only(browser, it_admin, hospital, other_hospital):
    ItemFactory(hospital=hospital, name="我院HIS")
    ItemFactory(hospital=other_hospital, name="他院HIS")
    page = browser(it_admin).get(reverse("catalog:item_list")).content.decode()
    assert "我院HIS" in page
    assert "他院HIS" not in page


def test_another_hospitals_item_page_is_404(browser, it_admin, other_hospital):
    theirs = ItemFactory(hospital=other_hospital)
    client = browser(it_admin)
    for name in ("catalog:item_detail", "catalog:item_edit", "catalog:item_impact"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404


def test_list_query_count_is_constant_as_the_catalog_grows(browser, it_admin, hospital):
    client = browser(it_admin)
    vendor = VendorFactory(hospital=hospital)
    his = ItemFactory(hospital=hospital, vendor=vendor)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("catalog:item_list")).status_code == 200
        return len(ctx.captured_queries)

    ItemFactory.create_batch(3, hospital=hospital, parent=his, vendor=vendor, kind="module")
    small = count()
    ItemFactory.create_batch(60, hospital=hospital, parent=his, vendor=vendor, kind="module")
    assert count() == small


def test_htmx_filter_returns_only_the_table(browser, it_admin, hospital):
    ItemFactory(hospital=hospital, name="住院护士工作站", kind="module")
    ItemFactory(hospital=hospital, name="LIS")
    response = browser(it_admin).get(
        reverse("catalog:item_list"), {"q": "护士"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "住院护士工作站" in body and "LIS" not in body


def test_detail_and_impact_fragment(browser, it_admin, hospital):
    his = ItemFactory(hospital=hospital, name="HIS")
    ItemFactory(hospital=hospital, name="住院护士工作站", parent=his, kind="module")
    client = browser(it_admin)
    assert (
        "住院护士工作站"
        in client.get(reverse("catalog:item_detail", args=[his.pk])).content.decode()
    )
    fragment = client.get(reverse("catalog:item_impact", args=[his.pk]), HTTP_HX_REQUEST="true")
    assert 'data-testid="impact"' in fragment.content.decode()
    assert "住院护士工作站" in fragment.content.decode()


def test_create_through_the_form(browser, it_admin, hospital):
    client = browser(it_admin)
    response = client.post(
        reverse("catalog:item_create"),
        {
            "code": "PACS",
            "name": "医学影像系统",
            "kind": "system",
            "criticality": "core",
            "environment": "production",
            "is_active": "on",
        },
    )
    item = Item.objects.get(code="PACS")
    assert response.status_code == 302 and response["Location"] == reverse(
        "catalog:item_detail", args=[item.pk]
    )


def test_form_shows_service_errors_on_the_field(browser, it_admin, hospital):
    ItemFactory(hospital=hospital, code="PACS")
    response = browser(it_admin).post(
        reverse("catalog:item_create"),
        {
            "code": "PACS",
            "name": "重复",
            "kind": "system",
            "criticality": "core",
            "environment": "production",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert Item.objects.filter(code="PACS").count() == 1


def test_clinicians_cannot_open_the_create_form(browser, make_user):
    assert browser(make_user(Role.CLINICIAN)).get(reverse("catalog:item_create")).status_code == 403


def test_import_page_shows_the_row_report(browser, it_admin):
    content = "序号,类别,名称\n1,系统,HIS\n2,飞船,X\n".encode()
    response = browser(it_admin).post(
        reverse("catalog:item_import"), {"file": SimpleUploadedFile("bad.csv", content)}
    )
    page = response.content.decode()
    assert 'data-testid="import-report"' in page
    assert "<td>3</td>" in page and "类别" in page
    assert not Item.objects.exists()


def test_import_template_downloads(browser, it_admin):
    response = browser(it_admin).get(reverse("catalog:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="catalog-template')


def test_home_counts_items_by_kind(browser, make_user, hospital):
    """The home of those without a dashboard (the security administrator) counts the CMDB."""
    ItemFactory.create_batch(2, hospital=hospital, kind="interface")
    response = browser(make_user(Role.SECURITY_ADMIN)).get(reverse("home"))
    tiles = {kind: count for kind, _label, count, _icon in response.context["tiles"]}
    assert tiles["interface"] == 2 and tiles["system"] == 0


def test_relations_are_added_and_removed_on_the_item_page(browser, it_admin, hospital):
    from hisops.catalog.models import Relation

    his = ItemFactory(hospital=hospital, name="HIS")
    db = ItemFactory(hospital=hospital, code="DB-HIS", name="HIS主库", kind="database")
    client = browser(it_admin)
    url = reverse("catalog:relation_add", args=[his.pk])
    fragment = client.post(url, {"kind": "depends_on", "target": "HIS主库"}, HTTP_HX_REQUEST="true")
    assert 'data-testid="relations"' in fragment.content.decode()
    relation = Relation.objects.get(source=his, target=db, kind="depends_on")

    again = client.post(url, {"kind": "depends_on", "target": "DB-HIS"}, HTTP_HX_REQUEST="true")
    assert "该关系已存在" in again.content.decode()
    unknown = client.post(url, {"kind": "depends_on", "target": "没有这个"}, HTTP_HX_REQUEST="true")
    assert "没有该编码或名称的配置项" in unknown.content.decode()

    client.post(
        reverse("catalog:relation_remove", args=[his.pk, relation.pk]), HTTP_HX_REQUEST="true"
    )
    assert not Relation.objects.exists()


def test_clinicians_cannot_add_relations(browser, make_user, hospital):
    his = ItemFactory(hospital=hospital)
    ItemFactory(hospital=hospital, code="DB")
    response = browser(make_user(Role.CLINICIAN)).post(
        reverse("catalog:relation_add", args=[his.pk]), {"kind": "depends_on", "target": "DB"}
    )
    assert response.status_code == 403

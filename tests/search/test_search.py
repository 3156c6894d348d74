"""Search across tickets, problems, changes, articles, documents and CMDB items: Chinese
segmented with jieba so a query without spaces still matches ("保存超时" finds "电子病历保存
偶发超时"), the hospital's words kept whole, every result within the user's scope, the index
current after every write, patient identifiers never in it, and a rebuild that gives the
same answers. On both databases (PostgreSQL: tsvector + GIN; SQLite: FTS5)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from hisops.core.capabilities import Role
from hisops.knowledge import services as knowledge
from hisops.problems.services import problem_create
from hisops.search.models import SearchEntry
from hisops.search.segment import terms
from hisops.search.selectors import search
from hisops.tickets.services import ticket_create

from ..conftest import covered_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hospital, make_user):
    his = covered_system(hospital, code="HIS", contract="HT-HIS")
    lis = covered_system(hospital, code="LIS", contract="HT-LIS")
    return {
        "his": his, "lis": lis, "it": make_user(Role.IT_ENGINEER, username="it"),
        "nurse": make_user(Role.CLINICIAN, username="nurse"),
        "lis_vendor": make_user(Role.VENDOR_ENGINEER, username="lisv", vendor=lis.vendor),
    }  # fmt: skip


def keys(results):
    return [r.key for r in results]


def test_segmentation_meets_queries_without_spaces_and_keeps_hospital_words():
    assert {"保存", "超时"} <= set(terms("电子病历保存偶发超时"))
    assert terms("保存超时") == ["保存", "超时"]
    assert "护士站" in terms("心内科护士站打印机卡纸")
    assert {"his", "5.2"} <= set(terms("HIS5.2 升级"))
    assert terms("，。！ ") == []


def test_a_query_without_spaces_finds_the_article_and_the_ticket(world, hospital):
    article = knowledge.article_create(actor=world["it"], hospital=hospital, title="电子病历保存偶发超时的处理",
                                       body="重建病历表索引后恢复", audience="all")  # fmt: skip
    ticket = ticket_create(
        actor=world["nurse"], hospital=hospital, title="电子病历保存偶发超时", item=world["his"]
    )
    found = search(user=world["it"], q="保存超时")
    assert set(keys(found)) >= {article.number, ticket.number}
    assert all("<mark>" in r.snippet for r in found)
    assert search(user=world["it"], q="保存 打印机") == []  # every term is required


def test_results_stay_within_each_users_scope(world, hospital):
    draft = knowledge.article_create(
        actor=world["it"], hospital=hospital, title="医保接口重传", body="步骤略"
    )
    his_ticket = ticket_create(
        actor=world["it"], hospital=hospital, title="医保接口超时", item=world["his"]
    )
    lis_ticket = ticket_create(
        actor=world["it"], hospital=hospital, title="医保接口检验结果回传失败", item=world["lis"]
    )
    assert set(keys(search(user=world["it"], q="医保接口"))) >= {
        draft.number,
        his_ticket.number,
        lis_ticket.number,
    }
    assert keys(search(user=world["lis_vendor"], q="医保接口")) == [
        lis_ticket.number
    ]  # not HIS's, not a draft
    assert keys(search(user=world["nurse"], q="医保接口")) == []  # not hers to open
    knowledge.article_publish(actor=world["it"], article=draft)
    assert draft.number not in keys(
        search(user=world["nurse"], q="医保接口")
    )  # published to IT only


def test_the_index_follows_writes_and_holds_no_patient_identifiers(world, hospital):
    from hisops.tickets.services import ticket_correct

    ticket = ticket_create(
        actor=world["it"],
        hospital=hospital,
        title="患者110101199003071234无法结算",
        item=world["his"],
    )
    entry = SearchEntry.objects.get(kind="ticket", object_id=ticket.pk)
    assert "110101199003071234" not in entry.terms + entry.body + entry.title
    assert keys(search(user=world["it"], q="无法结算")) == [ticket.number]
    ticket_correct(actor=world["it"], ticket=ticket, reason="补充", title="门诊自助机无法结算")
    assert keys(search(user=world["it"], q="自助机")) == [ticket.number]
    problem = problem_create(
        actor=world["it"], hospital=hospital, title="自助机打印缓慢", item=world["his"]
    )
    assert set(keys(search(user=world["it"], q="自助机"))) == {ticket.number, problem.number}
    problem.delete()
    assert keys(search(user=world["it"], q="自助机")) == [ticket.number]


def test_documents_are_found_by_their_extracted_text_and_only_the_current_version(world, hospital):
    first = knowledge.document_upload(actor=world["it"], hospital=hospital, title="三月巡检", category="inspection",
                                      upload=SimpleUploadedFile("巡检.txt", "表空间使用率偏高".encode()))  # fmt: skip
    assert keys(search(user=world["it"], q="表空间")) == [first.number]
    second = knowledge.document_upload(actor=world["it"], hospital=hospital, title="三月巡检", category="inspection",
                                       upload=SimpleUploadedFile("巡检.txt", "表空间已扩容".encode()),
                                       replaces=first)  # fmt: skip
    found = search(user=world["it"], q="表空间")
    assert [(r.key, r.url) for r in found] == [
        (second.number, f"/knowledge/documents/{second.pk}/")
    ]


def test_reindex_rebuilds_the_same_answers(world, hospital, capsys):
    ticket = ticket_create(
        actor=world["it"], hospital=hospital, title="PACS 影像调阅缓慢", item=world["his"]
    )
    before = keys(search(user=world["it"], q="影像调阅"))
    SearchEntry.objects.all().delete()
    assert search(user=world["it"], q="影像调阅") == []
    call_command("search", "reindex")
    assert keys(search(user=world["it"], q="影像调阅")) == before == [ticket.number]
    assert "indexed" in capsys.readouterr().out


def test_the_api_and_the_page_answer(world, hospital, api):
    ticket = ticket_create(
        actor=world["it"], hospital=hospital, title="门诊收费打印机卡纸", item=world["his"]
    )
    body = api(world["it"]).get("/api/v1/search/", {"q": "打印机"}).json()
    assert body["results"][0]["kind"] == "ticket" and body["results"][0]["key"] == ticket.number
    assert set(body["results"][0]) >= {"kind", "key", "title", "snippet"}
    assert api(world["it"]).get("/api/v1/search/").status_code == 400  # q is required
    client = Client()
    client.force_login(world["it"])
    page = client.get("/search/", {"q": "打印机"}).content.decode()
    assert ticket.number in page and "<mark>打印机</mark>" in page


def test_help_before_a_ticket_shows_articles_resolved_tickets_and_the_likely_system(
    world, hospital, it_admin
):
    from hisops.knowledge.models import KnowledgeHelp
    from hisops.tickets.services import ticket_accept, ticket_resolve

    guide = knowledge.article_create(actor=world["it"], hospital=hospital, title="打印机卡纸怎么办",
                                     body="打开后盖取出纸张", audience="all")  # fmt: skip
    knowledge.article_publish(actor=world["it"], article=guide)
    old = ticket_create(
        actor=world["nurse"], hospital=hospital, title="护士站打印机卡纸", item=world["his"]
    )
    ticket_accept(actor=it_admin, ticket=old)
    ticket_resolve(actor=it_admin, ticket=old, resolution="清理搓纸轮", cause_category="hardware")
    open_one = ticket_create(
        actor=world["nurse"], hospital=hospital, title="打印机卡纸又坏了", item=world["his"]
    )
    client = Client()
    client.force_login(world["nurse"])
    page = client.get(
        "/search/suggest/", {"title": "病区打印机卡纸", "description": ""}
    ).content.decode()
    assert guide.title in page and "清理" not in page
    assert "护士站打印机卡纸" in page and open_one.title not in page  # resolved ones only
    assert world["his"].name in page  # the system it most likely concerns
    assert client.get("/search/suggest/", {"title": "x"}).content.decode().strip() == ""
    answer = client.post(
        "/knowledge/helped/", {"article": guide.number, "q": "打印机卡纸"}, HTTP_HX_REQUEST="true"
    )
    assert 'data-testid="helped-thanks"' in answer.content.decode()
    client.post("/knowledge/helped/", {"ticket": old.number})
    assert KnowledgeHelp.objects.filter(person=world["nurse"]).count() == 2
    report = client.get("/tickets/report/").content.decode()
    assert 'data-testid="report-help"' in report


def test_the_queue_and_the_cmdb_search_boxes_use_the_index(world, hospital, api):
    ticket = ticket_create(
        actor=world["it"], hospital=hospital, title="电子病历保存偶发超时", item=world["his"]
    )
    listed = (
        api(world["it"]).get("/api/v1/tickets/", {"q": "保存超时"}).json()
    )  # icontains would find nothing
    assert [t["number"] for t in listed["results"]] == [ticket.number]
    assert (
        api(world["it"]).get("/api/v1/tickets/", {"q": ticket.number[-4:]}).json()["count"] == 1
    )  # part of a number
    client = Client()
    client.force_login(world["it"])
    assert (
        ticket.number in client.get("/tickets/", {"q": "保存超时", "status": ""}).content.decode()
    )
    assert world["his"].code in client.get("/catalog/", {"q": world["his"].code}).content.decode()


def test_an_imported_cmdb_is_found_by_the_search_box(
    hospital, it_admin, django_capture_on_commit_callbacks
):
    from hisops.catalog.services import catalog_import

    rows = "code,name,kind\nDB-HIS,HIS生产库,database\nDB-LIS,LIS 测试库,database\n"
    with django_capture_on_commit_callbacks(execute=True):
        catalog_import(
            actor=it_admin, hospital=hospital, file_name="cmdb.csv", content=rows.encode()
        )
    client = Client()
    client.force_login(it_admin)
    page = client.get("/catalog/", {"q": "生产库"}).content.decode()
    assert "HIS生产库" in page and "LIS 测试库" not in page

"""The knowledge base and the document archive: versions kept, Markdown rendered safely,
each audience reads only what is published to it, an article made from a ticket or a
problem, documents filed by category and period with their text extracted, vendors
filing only under their own contracts, a disguised file refused, versions never
overwritten, a changed file not served."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hisops.core.capabilities import Role
from hisops.core.errors import PermissionDenied, ValidationError
from hisops.knowledge import services
from hisops.knowledge.markdown import rendered
from hisops.knowledge.models import Document, KnowledgeHelp
from hisops.tickets.services import ticket_accept, ticket_create, ticket_resolve

from ..conftest import covered_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hospital, make_user):
    his = covered_system(hospital, code="HIS", contract="HT-HIS")
    lis = covered_system(hospital, code="LIS", contract="HT-LIS")
    return {
        "his": his, "lis": lis,
        "it": make_user(Role.IT_ENGINEER, username="it"),
        "nurse": make_user(Role.CLINICIAN, username="nurse"),
        "his_vendor": make_user(Role.VENDOR_ENGINEER, username="hisv", vendor=his.vendor),
        "lis_vendor": make_user(Role.VENDOR_ENGINEER, username="lisv", vendor=lis.vendor),
        "leader": make_user(Role.LEADER, username="leader"),
    }  # fmt: skip


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_each_audience_reads_only_what_is_published_to_it(world, hospital, api):
    from hisops.knowledge.selectors import article_queryset

    it = world["it"]
    guide = services.article_create(actor=it, hospital=hospital, title="打印机卡纸处理", body="## 步骤\n\n1. 打开盖板",
                                    audience="all")  # fmt: skip
    vendors = services.article_create(actor=it, hospital=hospital, title="HIS 日志位置", body="见 /var/log/his",
                                      audience="vendors", items=[world["his"]])  # fmt: skip
    internal = services.article_create(
        actor=it, hospital=hospital, title="数据库口令轮换", body="内部", audience="it"
    )
    for article in (guide, vendors, internal):
        services.article_publish(actor=it, article=article)
    draft = services.article_create(
        actor=it, hospital=hospital, title="草稿", body="未完成", audience="all"
    )

    def seen(user):
        return set(article_queryset(user=user).values_list("title", flat=True))

    assert seen(it) == {"打印机卡纸处理", "HIS 日志位置", "数据库口令轮换", "草稿"}
    assert seen(world["nurse"]) == {"打印机卡纸处理"}
    assert seen(world["his_vendor"]) == {"打印机卡纸处理", "HIS 日志位置"}
    assert seen(world["lis_vendor"]) == {"打印机卡纸处理"}
    assert api(world["nurse"]).get(f"/api/v1/knowledge/articles/{draft.number}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.article_create(actor=world["his_vendor"], hospital=hospital, title="x", body="y")


def test_edits_keep_every_version(world, hospital):
    it = world["it"]
    article = services.article_create(
        actor=it, hospital=hospital, title="PACS 调阅慢", body="先清缓存"
    )
    article = services.article_update(actor=it, article=article, body="先清缓存，再重启客户端")
    article = services.article_update(
        actor=it, article=article, tags="PACS,影像"
    )  # not a new text version
    assert article.version == 2
    assert list(article.versions.values_list("version", "body")) == [
        (2, "先清缓存，再重启客户端"),
        (1, "先清缓存"),
    ]
    assert article.tag_list == ["PACS", "影像"]


def test_markdown_is_rendered_without_raw_html_or_script_links():
    html = str(
        rendered("## 步骤\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(1)) **重启**")
    )
    assert "<h2>步骤</h2>" in html and "<strong>重启</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_an_article_is_made_from_a_resolved_ticket_and_from_a_problem(world, hospital, it_admin):
    from hisops.problems.services import problem_create

    ticket = ticket_create(actor=world["nurse"], hospital=hospital, title="电子病历保存偶发超时",
                           description="患者：张三 住院号：ZY2026001234 保存时转圈", item=world["his"])  # fmt: skip
    ticket_accept(actor=it_admin, ticket=ticket)
    ticket_resolve(
        actor=it_admin, ticket=ticket, resolution="重建病历表索引", cause_category="software"
    )
    article = services.article_from_ticket(actor=world["it"], ticket=ticket)
    assert article.status == "draft" and article.source_ticket == ticket
    assert (
        "重建病历表索引" in article.body and "张三" not in article.body
    )  # masked: articles travel
    assert list(article.items.all()) == [world["his"]]
    problem = problem_create(actor=it_admin, hospital=hospital, title="夜间接口积压", root_cause="队列满",
                             workaround="手工重推")  # fmt: skip
    from_problem = services.article_from_problem(actor=world["it"], problem=problem)
    assert "队列满" in from_problem.body and "手工重推" in from_problem.body


def test_documents_are_filed_by_category_and_period_with_their_text(world, hospital, api):
    from datetime import date

    from hisops.contracts.models import Contract

    contract = Contract.objects.get(number="HT-HIS")
    upload = SimpleUploadedFile(
        "2027年3月巡检报告.docx", docx_bytes("数据库表空间使用率 82%，建议扩容")
    )
    document = services.document_upload(actor=world["his_vendor"], hospital=hospital, title="三月巡检报告",
                                         category="inspection", upload=upload, contract=contract,
                                         period_start=date(2027, 3, 1), period_end=date(2027, 3, 31))  # fmt: skip
    assert (
        "表空间" in document.text
        and len(document.sha256) == 64
        and document.number.startswith("DOC-")
    )
    listed = api(world["it"]).get(
        "/api/v1/documents/", {"category": "inspection", "start": "2027-03-15", "end": "2027-04-30"}
    )
    assert [d["number"] for d in listed.json()["results"]] == [document.number]
    assert api(world["it"]).get("/api/v1/documents/", {"start": "2027-05-01"}).json()["count"] == 0
    assert (
        api(world["lis_vendor"]).get("/api/v1/documents/").json()["count"] == 0
    )  # not its contract
    assert api(world["nurse"]).get("/api/v1/documents/").json()["count"] == 0
    assert api(world["leader"]).get("/api/v1/documents/").json()["count"] == 1


def test_a_vendor_files_only_under_its_own_contract_and_a_disguised_file_is_refused(
    world, hospital
):
    from hisops.contracts.models import Contract

    other = Contract.objects.get(number="HT-LIS")
    upload = SimpleUploadedFile("报告.docx", docx_bytes("x"))
    with pytest.raises(PermissionDenied):
        services.document_upload(actor=world["his_vendor"], hospital=hospital, title="x", category="bug",
                                 upload=upload, contract=other)  # fmt: skip
    exe = SimpleUploadedFile("说明.pdf", b"MZ\x90\x00" + b"\0" * 200)
    with pytest.raises(ValidationError) as refused:
        services.document_upload(
            actor=world["it"], hospital=hospital, title="x", category="bug", upload=exe
        )
    assert "file" in refused.value.fields
    assert not Document.objects.exists()


def test_a_new_version_replaces_and_the_old_one_stays(world, hospital, api):
    first = services.document_upload(actor=world["it"], hospital=hospital, title="应急预案", category="emergency",
                                     upload=SimpleUploadedFile("预案.txt", "第一版".encode()))  # fmt: skip
    second = services.document_upload(actor=world["it"], hospital=hospital, title="应急预案", category="emergency",
                                      upload=SimpleUploadedFile("预案.txt", "第二版".encode()), replaces=first)  # fmt: skip
    first.refresh_from_db()
    assert (
        (second.number, second.version) == (first.number, 2)
        and not first.current
        and second.current
    )
    assert [d["version"] for d in api(world["it"]).get("/api/v1/documents/").json()["results"]] == [
        2
    ]
    with pytest.raises(ValidationError):  # an old version is not replaced again
        services.document_upload(actor=world["it"], hospital=hospital, title="x", category="emergency",
                                 upload=SimpleUploadedFile("预案.txt", b"3"), replaces=first)  # fmt: skip


def test_a_changed_file_is_not_served_and_a_download_is_recorded(world, hospital):
    from hisops.audit.models import AuditEvent

    document = services.document_upload(actor=world["it"], hospital=hospital, title="会议纪要", category="meeting",
                                        upload=SimpleUploadedFile("纪要.txt", "技术交流会".encode()))  # fmt: skip
    client = Client()
    client.force_login(world["it"])
    answer = client.get(f"/knowledge/documents/{document.pk}/download/")
    assert answer.status_code == 200 and b"".join(answer.streaming_content).decode() == "技术交流会"
    assert AuditEvent.objects.filter(action="knowledge.document.download").count() == 1
    with open(document.file.path, "wb") as handle:
        handle.write("改过的纪要".encode())
    assert client.get(f"/knowledge/documents/{document.pk}/download/").status_code == 409


def test_this_solved_my_problem_is_counted(world, hospital):
    guide = services.article_create(
        actor=world["it"], hospital=hospital, title="打印机卡纸", body="打开盖板", audience="all"
    )
    services.article_publish(actor=world["it"], article=guide)
    client = Client()
    client.force_login(world["nurse"])
    page = client.get(f"/knowledge/{guide.number}/").content.decode()
    assert "这解决了我的问题" in page
    client.post(f"/knowledge/{guide.number}/", {"do": "helped", "q": "打印机"})
    assert (
        KnowledgeHelp.objects.filter(article=guide, person=world["nurse"], query="打印机").count()
        == 1
    )


def test_the_problem_page_makes_an_article(world, hospital, it_admin):
    from hisops.problems.services import problem_create

    problem = problem_create(actor=it_admin, hospital=hospital, title="夜间接口积压", root_cause="队列满",
                             workaround="手工重推")  # fmt: skip
    client = Client()
    client.force_login(world["it"])
    page = client.get(f"/problems/{problem.number}/").content.decode()
    assert 'data-testid="article-from-problem"' in page
    made = client.post(f"/knowledge/from/problem/{problem.number}/")
    assert made.status_code == 302 and "/edit/" in made["Location"]

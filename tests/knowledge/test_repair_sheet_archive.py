"""A signed repair sheet is filed in the archive by itself, as a PDF under the ticket's
contract, with patient identifiers masked (the contract's vendor reads the archive)."""

import pytest
from pypdf import PdfReader

from hisops.core.capabilities import Role
from hisops.knowledge.models import Document
from hisops.knowledge.services import repair_sheet_archive
from hisops.tickets.services import visit_record_work, visit_sign
from hisops.tickets.services.lifecycle import ticket_create
from tests.tickets.test_onsite import PNG, move

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, his):
    return {"it": make_user(Role.IT_ADMIN),
            "engineer": make_user(Role.VENDOR_ENGINEER, vendor=his.vendor, username="zhang")}  # fmt: skip


def test_the_signed_sheet_is_filed_as_a_masked_pdf_once(
    hospital, his, people, django_capture_on_commit_callbacks
):
    ticket = ticket_create(actor=people["it"], hospital=hospital, item=his, level_code="2", title="护士站打印卡死",
                           description="患者：张三丰 电话13812345678 的腕带打印不出")  # fmt: skip
    move(ticket, people["engineer"], "accept")
    move(ticket, people["it"], "dispatch", engineer=people["engineer"])
    move(ticket, people["engineer"], "arrive")
    visit_record_work(
        actor=people["engineer"],
        ticket=ticket,
        work_done="重装打印驱动",
        minutes_spent=20,
        parts="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        visit = visit_sign(
            actor=people["engineer"], ticket=ticket, signer_name="王护士长", image=PNG
        )
    filed = Document.objects.get(category="repair_sheet")
    assert filed.name == f"{ticket.number}-{visit.pk}.pdf" and filed.contract == ticket.contract
    assert list(filed.items.all()) == [his]
    text = "".join(page.extract_text() for page in PdfReader(filed.file.open("rb")).pages)
    assert ticket.number in text and "重装打印驱动" in text and "王护士长" in text
    assert "13812345678" not in text and "张三丰" not in text
    assert repair_sheet_archive(visit_id=visit.pk) is None  # a repeated delivery files nothing
    assert Document.objects.filter(category="repair_sheet").count() == 1

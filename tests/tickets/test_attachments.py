"""Attachments: kept with the ticket, typed by their extension, served only to those who
may see the ticket."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hisops.core.capabilities import Role
from hisops.core.errors import ValidationError
from hisops.tickets.models import Attachment, Ticket
from hisops.tickets.services import attachment_add, ticket_create

pytestmark = pytest.mark.django_db
LOG = "2026-11-22 08:01:02 ERROR 打印队列阻塞\n".encode()


@pytest.fixture
def ticket(hospital, his, it_admin):
    return ticket_create(
        actor=it_admin, hospital=hospital, title="打印卡死", item=his, level_code="2"
    )


def test_api_upload_list_and_download(api, client, it_admin, ticket):
    url = f"/api/v1/tickets/{ticket.number}/attachments/"
    response = api(it_admin).post(
        url, {"file": SimpleUploadedFile("printer.log", LOG)}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "printer.log" and body["size"] == len(LOG)
    assert (
        body["sha256"] == hashlib.sha256(LOG).hexdigest() and body["content_type"] == "text/plain"
    )
    assert [a["name"] for a in api(it_admin).get(url).json()] == ["printer.log"]
    client.force_login(it_admin)
    download = client.get(body["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == LOG
    assert "attachment" in download["Content-Disposition"]  # not an image: never inline
    assert download["X-Content-Type-Options"] == "nosniff"
    assert ticket.events.filter(action="attach", note="printer.log").exists()


def test_a_disguised_or_oversized_file_is_refused_and_nothing_is_kept(
    it_admin, ticket, monkeypatch
):
    with pytest.raises(ValidationError) as exc:
        attachment_add(
            actor=it_admin,
            ticket=ticket,
            upload=SimpleUploadedFile("photo.html", b"<script>", "image/png"),
        )
    assert "file" in exc.value.fields
    with pytest.raises(ValidationError):  # an executable renamed .pdf
        attachment_add(
            actor=it_admin,
            ticket=ticket,
            upload=SimpleUploadedFile("报告.pdf", b"MZ\x90\x00" + b"0" * 64),
        )
    monkeypatch.setattr("hisops.core.files.MAX_BYTES", 10)
    with pytest.raises(ValidationError):
        attachment_add(actor=it_admin, ticket=ticket, upload=SimpleUploadedFile("big.log", LOG))
    with pytest.raises(ValidationError):
        attachment_add(actor=it_admin, ticket=ticket, upload=SimpleUploadedFile("empty.log", b""))
    assert not Attachment.objects.exists()


def test_other_vendors_and_other_departments_get_404(api, client, make_user, it_admin, ticket, lis):
    attachment = attachment_add(
        actor=it_admin, ticket=ticket, upload=SimpleUploadedFile("a.png", b"\x89PNG...")
    )
    outsider = make_user(Role.VENDOR_ENGINEER, vendor=lis.vendor)
    assert api(outsider).get(f"/api/v1/tickets/{ticket.number}/attachments/").status_code == 404
    response = api(outsider).post(
        f"/api/v1/tickets/{ticket.number}/attachments/", {"file": SimpleUploadedFile("x.log", b"x")}, format="multipart"
    )  # fmt: skip
    assert response.status_code == 404
    client.force_login(outsider)
    assert client.get(f"/tickets/{ticket.number}/attachments/{attachment.pk}/").status_code == 404
    nurse = make_user(Role.CLINICIAN)
    client.force_login(nurse)
    assert client.get(f"/tickets/{ticket.number}/attachments/{attachment.pk}/").status_code == 404


def test_a_clinician_reports_with_a_photo_in_one_go(client, make_user, his):
    nurse = make_user(Role.CLINICIAN)
    client.force_login(nurse)
    photo = SimpleUploadedFile(
        "screen.jpg", b"\xff\xd8\xff\xe0fake-jpeg", content_type="image/jpeg"
    )
    client.post(
        "/tickets/report/",
        {"item": his.pk, "impact": "person_down", "title": "打印卡死", "photo": photo},
    )
    ticket = Ticket.objects.get()
    assert ticket.attachments.get().name == "screen.jpg"


def test_a_bad_photo_means_no_ticket(client, make_user, his):
    nurse = make_user(Role.CLINICIAN)
    client.force_login(nurse)
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="image/jpeg")
    response = client.post(
        "/tickets/report/",
        {"item": his.pk, "impact": "person_down", "title": "打印卡死", "photo": bad},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert not Ticket.objects.exists() and not Attachment.objects.exists()


def test_a_file_changed_on_the_disk_is_not_served(client, it_admin, ticket):
    attachment = attachment_add(
        actor=it_admin, ticket=ticket, upload=SimpleUploadedFile("printer.log", LOG)
    )
    client.force_login(it_admin)
    url = f"/tickets/{ticket.number}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 200
    with attachment.file.open("wb") as handle:
        handle.write(b"a different log")
    refused = client.get(url)
    assert refused.status_code == 409 and 'data-testid="file-altered"' in refused.content.decode()

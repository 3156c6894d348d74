from django.urls import path

from . import views

app_name = "tickets"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("report/", views.report, name="report"),
    path("new/", views.intake, name="intake"),
    path("onsite/", views.onsite_list, name="onsite_list"),
    path("bulk-assign/", views.bulk_assign, name="bulk_assign"),
    path("<str:number>/", views.ticket_detail, name="ticket_detail"),
    path("<str:number>/action/", views.ticket_action, name="ticket_action"),
    path("<str:number>/confirm/", views.ticket_confirm_page, name="confirm"),
    path("<str:number>/assign/", views.ticket_assign, name="ticket_assign"),
    path("<str:number>/merge/", views.ticket_merge, name="ticket_merge"),
    path("<str:number>/correct/", views.ticket_correct, name="ticket_correct"),
    path("<str:number>/comment/", views.ticket_comment, name="ticket_comment"),
    path("<str:number>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "<str:number>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<str:number>/onsite/", views.onsite_ticket, name="onsite_ticket"),
    path("<str:number>/onsite/work/", views.visit_work, name="visit_work"),
    path("<str:number>/onsite/sign/", views.visit_sign, name="visit_sign"),
    path(
        "<str:number>/visits/<int:visit_id>/signature.png",
        views.signature_image,
        name="signature_image",
    ),
    path("<str:number>/sheet/", views.repair_sheet, name="repair_sheet"),
]

"""Changes and releases (变更与发布): the update document of seed 000 with its eleven parts,
the test sign-off by the hospital, the window on the calendar, and the freeze windows no
change may enter."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.models import TenantModel

from .choices import ChangeKind, ChangeStatus, TestKind, TestResult

# The update document (seed 000 建立更新流程), in the order a person writes it. 更新历史, the
# eleventh part, is the change's timeline, kept by the system.
DOCUMENT = (
    ("purpose", _("Purpose")),
    ("overview", _("Overview")),
    ("timetable", _("Timetable")),
    ("impact", _("Impact assessment")),
    ("steps", _("Steps")),
    ("prerequisites", _("Prerequisites")),
    ("risks", _("Risks and precautions")),
    ("test_results", _("Test results")),
    ("verification", _("Verification and regression tests")),
    ("backup_plan", _("Backup of replaced files")),
)


class Change(TenantModel):
    number = models.CharField(_("number"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT
    )
    items = models.ManyToManyField("catalog.Item", related_name="changes", verbose_name=_("items"))
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="changes",
        verbose_name=_("contract"),
    )  # fmt: skip
    vendor = models.ForeignKey(
        "accounts.Vendor", on_delete=models.PROTECT, null=True, blank=True, related_name="changes",
        verbose_name=_("vendor"),
    )  # fmt: skip
    tickets = models.ManyToManyField(
        "tickets.Ticket", blank=True, related_name="changes", verbose_name=_("tickets")
    )
    problems = models.ManyToManyField(
        "problems.Problem", blank=True, related_name="changes", verbose_name=_("problems")
    )
    purpose = models.TextField(_("purpose"), blank=True)
    overview = models.TextField(_("overview"), blank=True)
    timetable = models.TextField(_("timetable"), blank=True)
    impact = models.TextField(_("impact assessment"), blank=True)
    steps = models.TextField(_("steps"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    risks = models.TextField(_("risks and precautions"), blank=True)
    test_results = models.TextField(_("test results"), blank=True)
    verification = models.TextField(_("verification and regression tests"), blank=True)
    backup_plan = models.TextField(_("backup of replaced files"), blank=True)
    test_report = models.FileField(
        _("test report"), upload_to="changes/%Y/", blank=True, max_length=200
    )
    test_report_sha256 = models.CharField(max_length=64, blank=True)
    test_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("test signed by"),
    )  # fmt: skip
    test_signed_at = models.DateTimeField(_("test signed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    planned_start = models.DateTimeField(_("window start"), null=True, blank=True)
    planned_end = models.DateTimeField(_("window end"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # {item id: [version before, version after]} recorded at release, restored at rollback
    versions = models.JSONField(_("versions"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # rejection, rollback, failure, cancel
    review = models.TextField(_("post-implementation review"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "number"], name="change_number_unique")
        ]
        indexes = [
            models.Index(fields=["hospital", "status"], name="change_status"),
            models.Index(fields=["hospital", "planned_start"], name="change_window"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ChangeTest(TenantModel):
    """One kind of test of the change (seed 003: 功能、性能、兼容性、安全) and its result."""

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="tests")
    kind = models.CharField(_("test"), max_length=20, choices=TestKind.choices)
    result = models.CharField(_("result"), max_length=10, choices=TestResult.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["change_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["change", "kind"], name="change_test_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_result_display()}"


class ChangeEvent(TenantModel):
    """更新历史: every step of the change, by whom and when (kept by the system)."""

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["change_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.change_id} {self.action}"


class FreezeWindow(TenantModel):
    """A time no change may be carried out in: hospital-wide (no item) or for one item (月末
    医保结算, 等保测评周)."""

    name = models.CharField(_("name"), max_length=100)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.CASCADE, null=True, blank=True, related_name="freeze_windows",
        verbose_name=_("item"), help_text=_("Empty: the whole hospital."),
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("freeze window")
        verbose_name_plural = _("freeze windows")

    def __str__(self) -> str:
        return self.name

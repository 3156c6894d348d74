"""People: users with one role in one hospital, and the hospital's departments."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.accounts.choices import AccountSource, DepartmentKind, ReviewDecision, VendorKind
from hisops.core.capabilities import VENDOR_ROLES, Role
from hisops.core.models import Hospital, TenantModel, code_validator


class Department(TenantModel):
    """A clinical, medical-technology or administrative department (科室)."""

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.CLINICAL
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["hospital_id", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "code"], name="department_code_unique"),
            models.UniqueConstraint(fields=["hospital", "name"], name="department_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person. ``hospital`` is empty only for platform administrators (superusers)."""

    hospital = models.ForeignKey(
        Hospital,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("hospital"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("department"),
    )
    vendor = models.ForeignKey(
        "accounts.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("vendor"),
    )
    # 身份鉴别: when the password last changed (for its maximum age), and whether the person
    # must choose a new one at the next sign-in (a password someone else set or reset).
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change the password"), default=False)
    # How this person likes the pages they use (the queue's sort order …); not a business record.
    preferences = models.JSONField(_("preferences"), default=dict, blank=True)
    # Where the password is checked: here, or in the hospital's directory (统一身份认证).
    source = models.CharField(
        _("account source"),
        max_length=10,
        choices=AccountSource.choices,
        default=AccountSource.LOCAL,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_vendor(self) -> bool:
        return self.role in VENDOR_ROLES

    def clean(self) -> None:
        super().clean()
        if self.role in VENDOR_ROLES and self.vendor_id is None:
            raise ValidationError({"vendor": _("Vendor staff must belong to a vendor.")})
        if self.role not in VENDOR_ROLES and self.vendor_id is not None:
            raise ValidationError({"vendor": _("Only vendor staff belong to a vendor.")})
        if self.vendor_id and self.vendor.hospital_id != self.hospital_id:
            raise ValidationError({"vendor": _("The vendor belongs to another hospital.")})
        if self.department_id and self.department.hospital_id != self.hospital_id:
            raise ValidationError({"department": _("The department belongs to another hospital.")})
        if not self.is_superuser and self.hospital_id is None:
            raise ValidationError(
                {"hospital": _("Every user except platform admins needs a hospital.")}
            )


class Team(TenantModel):
    """A group tickets can be given to (数据库组, 网络组, a vendor's 驻场组). A vendor's team
    holds that vendor's people only."""

    name = models.CharField(_("name"), max_length=100)
    vendor = models.ForeignKey(
        "accounts.Vendor", on_delete=models.PROTECT, null=True, blank=True, related_name="teams",
        verbose_name=_("vendor"),
    )  # fmt: skip
    members = models.ManyToManyField(
        User, blank=True, related_name="teams", verbose_name=_("members")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Vendor(TenantModel):
    """A maintenance vendor (原厂 or 第三方) as one hospital knows it."""

    code = models.CharField(_("code"), max_length=32, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=VendorKind.choices, default=VendorKind.THIRD_PARTY
    )
    contact_name = models.CharField(_("contact"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["hospital_id", "code"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        constraints = [
            models.UniqueConstraint(fields=["hospital", "code"], name="vendor_code_unique"),
            models.UniqueConstraint(fields=["hospital", "name"], name="vendor_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class VendorQualification(TenantModel):
    """A certificate held by one of the vendor's people (数据库工程师, PMP …)."""

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("vendor")
    )
    person_name = models.CharField(_("person"), max_length=100)
    certificate = models.CharField(_("certificate"), max_length=100)
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        ordering = ["vendor_id", "person_name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return f"{self.person_name} {self.certificate}"


class ApiToken(models.Model):
    """An API credential, stored as its SHA-256 only: the key is shown once, when issued.
    It expires, and it stops working when its owner's password changes (the hash of the
    password hash it was issued under no longer matches)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="api_token", verbose_name=_("user")
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(
        _("key begins"), max_length=8
    )  # to tell tokens apart, not to use them
    issued_under = models.CharField(max_length=128)  # the owner's session auth hash at issue
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class PasswordPolicy(models.Model):
    """The password rules the security admin sets (one for the installation)."""

    min_length = models.PositiveSmallIntegerField(_("minimum length"), default=10)
    min_classes = models.PositiveSmallIntegerField(
        _("kinds of characters (of lower case, upper case, digits, symbols)"), default=3
    )
    history = models.PositiveSmallIntegerField(
        _("earlier passwords that may not be reused"), default=5
    )
    max_age_days = models.PositiveSmallIntegerField(_("maximum age in days (0: never)"), default=90)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("password policy")
        verbose_name_plural = _("password policy")

    def __str__(self) -> str:
        return f"≥{self.min_length}, {self.min_classes} kinds, {self.history} remembered, {self.max_age_days} days"

    @classmethod
    def current(cls) -> "PasswordPolicy":
        return cls.objects.order_by("pk").first() or cls()


class PasswordHistory(models.Model):
    """An earlier password's hash, so it is not chosen again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class AccessReview(TenantModel):
    """定期权限核查: once a quarter the security admin goes through every account of the
    hospital (role, last sign-in, idle days) and keeps or disables each."""

    period = models.CharField(_("period"), max_length=7)  # 2026Q4
    started_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    completed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("completed by"),
    )  # fmt: skip
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("access review")
        verbose_name_plural = _("access reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "period"], name="access_review_period_unique"
            )
        ]

    def __str__(self) -> str:
        return self.period


class AccessReviewEntry(models.Model):
    """One account in a review, as it stood when the review began, and the decision."""

    review = models.ForeignKey(AccessReview, on_delete=models.CASCADE, related_name="entries")
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    last_login = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    idle_days = models.PositiveIntegerField(_("idle days"))
    dormant = models.BooleanField(_("dormant"), default=False)
    decision = models.CharField(
        _("decision"), max_length=10, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-dormant", "-idle_days", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="access_review_user_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.user}"

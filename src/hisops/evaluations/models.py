"""Evaluations (服务评价 / 考核): templates of weighted criteria, rounds in which named roles
score named subjects over a period, score sheets that are never edited (a correction is a
new sheet that supersedes the old), and the annual acceptance scorecard a contract is
renewed on."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hisops.core.models import TenantModel

from .choices import RoundStatus, ScorecardStatus, SubjectKind


class EvaluationTemplate(TenantModel):
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    subject_kind = models.CharField(_("evaluates"), max_length=20, choices=SubjectKind.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["hospital_id", "code"]
        verbose_name = _("evaluation template")
        verbose_name_plural = _("evaluation templates")
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "code"], name="evaluation_template_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    template = models.ForeignKey(
        EvaluationTemplate, on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=100)
    description = models.CharField(_("what it asks"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1)])
    max_score = models.PositiveSmallIntegerField(
        _("top score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template_id", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class EvaluationRound(TenantModel):
    """One evaluation over a period: the template, who is scored, and which roles score."""

    template = models.ForeignKey(
        EvaluationTemplate, on_delete=models.PROTECT, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=10)  # 2027, 2027Q1, 2027-03
    evaluator_roles = models.JSONField(_("scored by"), default=list)
    vendors = models.ManyToManyField(
        "accounts.Vendor", blank=True, related_name="+", verbose_name=_("vendors")
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self) -> str:
        return self.title


class Evaluation(TenantModel):
    """One person's score sheet for one subject in a round. Never edited: a correction is a
    new sheet naming the one it supersedes."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vendor = models.ForeignKey(
        "accounts.Vendor", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    total = models.DecimalField(_("weighted total (of 100)"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    correction_reason = models.CharField(_("why corrected"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        indexes = [models.Index(fields=["round", "vendor", "person"], name="evaluation_subject")]

    def __str__(self) -> str:
        return f"{self.round} · {self.vendor or self.person}"


class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="score_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Scorecard(TenantModel):
    """The annual acceptance scorecard (年终验收) of a contract year: the figures as computed
    when it was drawn up, the recommendation against the hospital's threshold, and the two
    signatures. Signed, it is sealed and filed."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="scorecards"
    )
    year = models.ForeignKey(
        "contracts.ContractYear", on_delete=models.PROTECT, related_name="scorecards"
    )
    figures = models.JSONField(default=dict)  # KPIs, goals, obligations, evaluations, penalties
    score = models.DecimalField(
        _("score (of 100)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    threshold = models.DecimalField(_("renewal threshold"), max_digits=6, decimal_places=2)
    recommend_renewal = models.BooleanField(_("renewal recommended"))
    status = models.CharField(
        _("status"), max_length=20, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    hospital_signer = models.CharField(_("signed for the hospital by"), max_length=100, blank=True)
    hospital_signed_at = models.DateTimeField(null=True, blank=True)
    hospital_signature = models.FileField(upload_to="signatures/%Y/%m/", blank=True)
    vendor_signer = models.CharField(_("signed for the vendor by"), max_length=100, blank=True)
    vendor_signed_at = models.DateTimeField(null=True, blank=True)
    vendor_signature = models.FileField(upload_to="signatures/%Y/%m/", blank=True)
    seal = models.CharField(max_length=64, blank=True, editable=False)
    document = models.ForeignKey(
        "knowledge.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("acceptance scorecard")
        verbose_name_plural = _("acceptance scorecards")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year"], name="scorecard_once_per_contract_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.year}"


class AcceptancePolicy(TenantModel):
    """How a hospital turns a contract year into a renewal recommendation (根据服务评价双方
    协商后每年一签): the weights of the three parts of the score and the threshold."""

    threshold = models.PositiveSmallIntegerField(
        _("renewal threshold (of 100)"), default=80, validators=[MaxValueValidator(100)]
    )
    goals_weight = models.PositiveSmallIntegerField(_("weight of KPI goals met"), default=40)
    duties_weight = models.PositiveSmallIntegerField(_("weight of duties done"), default=30)
    evaluation_weight = models.PositiveSmallIntegerField(_("weight of the evaluations"), default=30)

    class Meta:
        verbose_name = _("acceptance policy")
        verbose_name_plural = _("acceptance policies")
        constraints = [models.UniqueConstraint(fields=["hospital"], name="acceptance_policy_once")]

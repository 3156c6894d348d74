"""KPIs and evaluations over the API."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from hisops.accounts.models import User
from hisops.accounts.selectors import vendor_list
from hisops.calendars import periods
from hisops.core.capabilities import Cap, can
from hisops.core.errors import ValidationError
from hisops.core.scoping import scope_to_user
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField
from hisops.core.signatures import decode_signature

from . import selectors, services
from .choices import SubjectKind
from .kpis import KPIS
from .models import Evaluation, EvaluationRound, EvaluationTemplate, Scorecard


class KpiFilter(serializers.Serializer):
    period = serializers.CharField()
    contract = IdField(required=False)
    vendor = IdField(required=False)
    item = IdField(required=False)
    group = IdField(required=False)
    person = IdField(required=False)
    keys = serializers.CharField(required=False)

    def validate_keys(self, value: str) -> list[str]:
        keys = [k.strip() for k in value.split(",") if k.strip()]
        unknown = [k for k in keys if k not in KPIS]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown measure: %(keys)s. Known: %(known)s.")
                % {"keys": ", ".join(unknown), "known": ", ".join(KPIS)}
            )
        return keys


def kpi_payload(report: selectors.KpiReport) -> dict:
    """The one JSON shape of a KPI report (the API; the XLSX's data sheet reads the same)."""
    subject = report.subject
    return {
        "period": report.period.key,
        "label": report.period.label,
        "start": report.period.start.isoformat(),
        "end": report.period.end.isoformat(),
        "subject": {
            name: getattr(getattr(subject, name), "pk", None)
            for name in ("contract", "vendor", "item", "group", "person")
        },
        "kpis": report.values(),
        "details": {
            key: {
                "name": str(KPIS[key].name),
                "unit": KPIS[key].unit,
                "better": KPIS[key].better,
                "value": figure.value,
                "numerator": figure.numerator,
                "denominator": figure.denominator,
                "breakdown": figure.breakdown,
            }
            for key, figure in report.figures.items()
        },
        "targets": [
            {"key": t.key, "target": t.target, "way": t.way, "value": t.value, "met": t.met}
            for t in report.targets
        ],
    }


@extend_schema(
    tags=["kpis"],
    parameters=[
        OpenApiParameter("period", str, required=True, description="2027, 2027Q1, 2027H1, 2027-03 or 2027-W05"),
        OpenApiParameter("contract", int), OpenApiParameter("vendor", int), OpenApiParameter("item", int),
        OpenApiParameter("group", int), OpenApiParameter("person", int),
        OpenApiParameter("keys", str, description="comma-separated KPI keys; all when omitted"),
    ],
    responses=OpenApiTypes.OBJECT,
)  # fmt: skip
@api_view(["GET"])
def kpis(request):
    """The KPIs of a contract, vendor, system, team or person (or the whole hospital) in a
    period: ``kpis`` maps each key to its value (rates are fractions 0–1, durations
    minutes), ``details`` says what each was computed from, ``targets`` scores the
    contract's goals. Formulas: docs/kpis.md."""
    params = KpiFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    period = periods.parse(data["period"])
    subject = selectors.kpi_subject(
        user=request.user,
        **{k: data.get(k) for k in ("contract", "vendor", "item", "group", "person")},
    )
    report = selectors.kpi_report(
        user=request.user, period=period, subject=subject, keys=data.get("keys")
    )
    return Response(kpi_payload(report))


PATHS = [path("kpis/", kpis, name="kpis")]


# -- evaluations --------------------------------------------------------------------------
class EvaluationCriterionIO(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    weight = serializers.IntegerField(min_value=1, max_value=1000)
    max_score = serializers.IntegerField(min_value=1, max_value=100, default=5)


class EvaluationTemplateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    subject_kind = serializers.CharField()
    description = serializers.CharField()
    criteria = EvaluationCriterionIO(many=True, source="criteria.all")


class EvaluationTemplateInput(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=100)
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    description = serializers.CharField(required=False, allow_blank=True)
    criteria = EvaluationCriterionIO(many=True)
    hospital = HospitalCodeField(required=False)


class EvaluationTemplateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = EvaluationTemplateOutput
    filter_backends = []

    def get_queryset(self):
        if not can(self.request.user, Cap.KPI_VIEW) and not can(
            self.request.user, Cap.EVALUATION_MANAGE
        ):
            return EvaluationTemplate.objects.none()
        return scope_to_user(EvaluationTemplate.objects.all(), self.request.user).prefetch_related(
            "criteria"
        )

    @extend_schema(request=EvaluationTemplateInput, responses={201: EvaluationTemplateOutput})
    def create(self, request):
        data = EvaluationTemplateInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        template = services.evaluation_template_create(actor=request.user, hospital=hospital, **v)
        return Response(EvaluationTemplateOutput(template).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: EvaluationTemplateOutput(many=True)})
    @action(detail=False, methods=["post"])
    def install(self, request):
        """Install the shipped templates this hospital does not have yet."""
        hospital = hospital_for_write(user=request.user, code=request.data.get("hospital"))
        made = services.evaluation_templates_install(actor=request.user, hospital=hospital)
        return Response(
            EvaluationTemplateOutput(made, many=True).data, status=status.HTTP_201_CREATED
        )


class EvaluationRoundOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    template = serializers.IntegerField(source="template_id")
    period = serializers.CharField()
    evaluator_roles = serializers.ListField(child=serializers.CharField())
    vendors = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()
    status = serializers.CharField()

    def get_vendors(self, round_) -> list[int]:
        return [v.pk for v in round_.vendors.all()]

    def get_people(self, round_) -> list[int]:
        return [p.pk for p in round_.people.all()]


class EvaluationRoundInput(serializers.Serializer):
    template = IdField()
    title = serializers.CharField(max_length=200)
    period = serializers.CharField(max_length=10)
    evaluator_roles = serializers.ListField(child=serializers.CharField(max_length=32))
    vendors = serializers.ListField(child=IdField(), required=False, default=list)
    people = serializers.ListField(child=IdField(), required=False, default=list)
    hospital = HospitalCodeField(required=False)


class EvaluationResultOutput(serializers.Serializer):
    subject = serializers.CharField(source="label")
    vendor = serializers.IntegerField(source="vendor.pk", allow_null=True, default=None)
    person = serializers.IntegerField(source="person.pk", allow_null=True, default=None)
    sheets = serializers.IntegerField()
    criteria = serializers.ListField(child=serializers.FloatField(allow_null=True))
    total = serializers.FloatField(allow_null=True)
    clinical_satisfaction = serializers.FloatField(source="clinical", allow_null=True)
    rank = serializers.IntegerField(allow_null=True)


class EvaluationRoundViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = EvaluationRoundOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EvaluationRound.objects.none()
        return selectors.round_list(user=self.request.user).prefetch_related("vendors", "people")

    def get_object(self):
        return selectors.round_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=EvaluationRoundInput, responses={201: EvaluationRoundOutput})
    def create(self, request):
        data = EvaluationRoundInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        hospital = hospital_for_write(user=request.user, code=v.get("hospital"))
        template = EvaluationTemplate.objects.filter(hospital=hospital, pk=v["template"]).first()
        if template is None:
            raise ValidationError(fields={"template": [_("No such template.")]})
        vendors = list(
            vendor_list(user=request.user).filter(hospital=hospital, pk__in=v["vendors"])
        )
        people = list(scope_to_user(User.objects.filter(pk__in=v["people"]), request.user))
        if len(vendors) != len(set(v["vendors"])) or len(people) != len(set(v["people"])):
            raise ValidationError(fields={"vendors" if len(vendors) != len(set(v["vendors"])) else "people":
                                          [_("Some of these are not of this hospital.")]})  # fmt: skip
        round_ = services.evaluation_round_create(
            actor=request.user, hospital=hospital, template=template, title=v["title"], period=v["period"],
            evaluator_roles=v["evaluator_roles"], vendors=vendors, people=people,
        )  # fmt: skip
        return Response(EvaluationRoundOutput(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=EvaluationResultOutput(many=True))
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Per subject: current sheets, mean per criterion (the template's order), mean
        weighted total (of 100), clinical satisfaction from follow-ups (1-5), rank."""
        round_ = self.get_object()
        return Response(
            EvaluationResultOutput(
                selectors.round_results(user=request.user, round=round_), many=True
            ).data
        )

    @extend_schema(request=None, responses=EvaluationRoundOutput)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(
            EvaluationRoundOutput(
                services.evaluation_round_close(actor=request.user, round=self.get_object())
            ).data
        )


class EvaluationScoreIO(serializers.Serializer):
    criterion = IdField()
    score = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class EvaluationScoreOutput(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    score = serializers.IntegerField()
    comment = serializers.CharField()


class EvaluationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField(source="round_id")
    evaluator = serializers.IntegerField(source="evaluator_id")
    vendor = serializers.IntegerField(source="vendor_id", allow_null=True)
    person = serializers.IntegerField(source="person_id", allow_null=True)
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    comment = serializers.CharField()
    supersedes = serializers.IntegerField(source="supersedes_id", allow_null=True)
    correction_reason = serializers.CharField()
    scores = EvaluationScoreOutput(many=True, source="scores.all")
    created_at = serializers.DateTimeField()


class EvaluationInput(serializers.Serializer):
    round = IdField()
    vendor = IdField(required=False, allow_null=True)
    person = IdField(required=False, allow_null=True)
    scores = EvaluationScoreIO(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EvaluationCorrectionInput(serializers.Serializer):
    scores = EvaluationScoreIO(many=True)
    reason = serializers.CharField(max_length=300)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _scores(rows) -> dict:
    return {row["criterion"]: {"score": row["score"], "comment": row["comment"]} for row in rows}


class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Score sheets: managers see every sheet; others see the sheets they wrote."""

    serializer_class = EvaluationOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Evaluation.objects.none()
        qs = scope_to_user(Evaluation.objects.all(), self.request.user).prefetch_related("scores")
        if not can(self.request.user, Cap.EVALUATION_MANAGE):
            qs = qs.filter(evaluator_id=self.request.user.pk)
        return qs.order_by("-id")

    @extend_schema(request=EvaluationInput, responses={201: EvaluationOutput})
    def create(self, request):
        """Submit a score sheet for one vendor or person of a round."""
        data = EvaluationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        round_ = selectors.round_get(user=request.user, pk=v["round"])
        vendor = round_.vendors.filter(pk=v["vendor"]).first() if v.get("vendor") else None
        person = round_.people.filter(pk=v["person"]).first() if v.get("person") else None
        if (v.get("vendor") and vendor is None) or (v.get("person") and person is None):
            raise ValidationError(
                fields={
                    "vendor" if v.get("vendor") else "person": [_("Not evaluated in this round.")]
                }
            )
        sheet = services.evaluation_submit(actor=request.user, round=round_, vendor=vendor, person=person,
                                           scores=_scores(v["scores"]), comment=v["comment"])  # fmt: skip
        return Response(EvaluationOutput(sheet).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EvaluationCorrectionInput, responses={201: EvaluationOutput})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """A corrected sheet that supersedes this one (kept); the reason is required."""
        data = EvaluationCorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        sheet = services.evaluation_correct(actor=request.user, evaluation=self.get_object(), scores=_scores(v["scores"]),
                                            reason=v["reason"], comment=v["comment"])  # fmt: skip
        return Response(EvaluationOutput(sheet).data, status=status.HTTP_201_CREATED)


class ScorecardOutput(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    year = serializers.IntegerField(source="year.number")
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    threshold = serializers.DecimalField(max_digits=6, decimal_places=2)
    recommend_renewal = serializers.BooleanField()
    status = serializers.CharField()
    figures = serializers.JSONField()
    hospital_signer = serializers.CharField()
    vendor_signer = serializers.CharField()
    document = serializers.IntegerField(source="document_id", allow_null=True)


class ScorecardInput(serializers.Serializer):
    contract = IdField()
    year = serializers.IntegerField(
        min_value=1, max_value=100, help_text="the contract year's number"
    )


class ScorecardSignInput(serializers.Serializer):
    signer_name = serializers.CharField(max_length=100)
    signature = serializers.CharField(help_text="data:image/png;base64,…")


class ScorecardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ScorecardOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Scorecard.objects.none()
        return selectors.scorecard_list(user=self.request.user)

    def get_object(self):
        return selectors.scorecard_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=ScorecardInput, responses={201: ScorecardOutput})
    def create(self, request):
        """Draw up (or redraw, while unsigned) a contract year's acceptance scorecard."""
        from hisops.contracts.selectors import contract_get

        data = ScorecardInput(data=request.data)
        data.is_valid(raise_exception=True)
        contract = contract_get(user=request.user, pk=data.validated_data["contract"])
        year = contract.years.filter(number=data.validated_data["year"]).first()
        if year is None:
            raise ValidationError(fields={"year": [_("The contract has no such year.")]})
        card = services.scorecard_draw(actor=request.user, contract=contract, year=year)
        return Response(ScorecardOutput(card).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScorecardSignInput, responses=ScorecardOutput)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        data = ScorecardSignInput(data=request.data)
        data.is_valid(raise_exception=True)
        card = services.scorecard_sign(actor=request.user, scorecard=self.get_object(),
                                       signer_name=data.validated_data["signer_name"],
                                       signature=decode_signature(data.validated_data["signature"]))  # fmt: skip
        return Response(ScorecardOutput(card).data)


ROUTES = [
    ("evaluation-templates", EvaluationTemplateViewSet, "evaluation-template"),
    ("evaluation-rounds", EvaluationRoundViewSet, "evaluation-round"),
    ("evaluations", EvaluationViewSet, "evaluation"),
    ("scorecards", ScorecardViewSet, "scorecard"),
]

"""Knowledge articles and archived documents (API.md: ``/api/v1/knowledge/articles/``,
``/api/v1/documents/``)."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from hisops.catalog.selectors import items_named
from hisops.contracts.selectors import contract_list
from hisops.core.errors import ValidationError
from hisops.core.selectors import hospital_for_write
from hisops.core.serializers import HospitalCodeField, IdField
from hisops.problems.selectors import problem_get
from hisops.tickets.selectors import ticket_get

from . import selectors, services
from .choices import ArticleStatus, Audience, DocumentCategory
from .markdown import rendered
from .models import Article, Document


class ArticleOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    tags = serializers.ListField(source="tag_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = Article
        fields = ["number", "title", "audience", "status", "hospital", "items", "tags", "version", "published_at",
                  "updated_at"]  # fmt: skip


class ArticleDetailOutput(ArticleOutput):
    html = serializers.SerializerMethodField()

    class Meta(ArticleOutput.Meta):
        fields = [*ArticleOutput.Meta.fields, "body", "html"]

    def get_html(self, article) -> str:
        return str(rendered(article.body))


class ArticleInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=100_000)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.IT)
    items = serializers.ListField(child=IdField(), required=False, default=list)
    tags = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ArticlePatch(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(max_length=100_000, required=False)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    items = serializers.ListField(child=IdField(), required=False)
    tags = serializers.CharField(max_length=200, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ArticleStatus.choices, required=False)


class FromInput(serializers.Serializer):
    ticket = serializers.CharField(max_length=32, required=False)
    problem = serializers.CharField(max_length=32, required=False)


def _items(user, hospital, ids):
    return items_named(user=user, hospital_id=hospital.pk, ids=ids)


@extend_schema(tags=["knowledge"])
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Article.objects.none()
        p = self.request.query_params
        return selectors.article_list(user=self.request.user, q=p.get("q", "")[:100], status=p.get("status", ""),
                                      tag=p.get("tag", "")[:50])  # fmt: skip

    def get_object(self):
        return selectors.article_get(user=self.request.user, number=self.kwargs["number"])

    def get_serializer_class(self):
        return ArticleOutput if self.action == "list" else ArticleDetailOutput

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("q", "status", "tag")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ArticleInput, responses={201: ArticleDetailOutput})
    def create(self, request):
        data = ArticleInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        article = services.article_create(actor=request.user, hospital=hospital,
                                          items=_items(request.user, hospital, v.pop("items")), **v)  # fmt: skip
        return Response(ArticleDetailOutput(article).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ArticlePatch, responses=ArticleDetailOutput)
    def partial_update(self, request, number=None):
        article = self.get_object()
        data = ArticlePatch(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        publish = v.pop("status", None)
        items = _items(request.user, article.hospital, v.pop("items")) if "items" in v else None
        if v or items is not None:
            article = services.article_update(actor=request.user, article=article, items=items, **v)
        if publish is not None:
            article = services.article_publish(actor=request.user, article=article,
                                               published=publish == ArticleStatus.PUBLISHED)  # fmt: skip
        return Response(ArticleDetailOutput(article).data)

    @extend_schema(request=FromInput, responses={201: ArticleDetailOutput})
    @action(detail=False, methods=["post"], url_path="from")
    def make_from(self, request):
        """A draft from a ticket (symptom, cause, resolution) or a problem (with its workaround)."""
        data = FromInput(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data.get("ticket"):
            ticket = ticket_get(user=request.user, number=data.validated_data["ticket"])
            article = services.article_from_ticket(actor=request.user, ticket=ticket)
        elif data.validated_data.get("problem"):
            problem = problem_get(user=request.user, number=data.validated_data["problem"])
            article = services.article_from_problem(actor=request.user, problem=problem)
        else:
            raise ValidationError(fields={"ticket": [_("Name a ticket or a problem.")]})
        return Response(ArticleDetailOutput(article).data, status=status.HTTP_201_CREATED)


class DocumentOutput(serializers.ModelSerializer):
    hospital = HospitalCodeField()
    contract = serializers.CharField(source="contract.number", default=None)
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "number", "title", "category", "hospital", "name", "size", "sha256", "period_start",
                  "period_end", "contract", "items", "version", "created_at"]  # fmt: skip


class DocumentInput(serializers.Serializer):
    hospital = serializers.CharField(required=False)
    file = serializers.FileField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=DocumentCategory.choices)
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)
    contract = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                     help_text="the contract's number")  # fmt: skip
    items = serializers.ListField(child=IdField(), required=False, default=list)
    replaces = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="the document this is a new version of",
    )


class DocumentFilter(serializers.Serializer):
    category = serializers.ChoiceField(choices=DocumentCategory.choices, required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)


@extend_schema(tags=["knowledge"])
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DocumentOutput
    filter_backends = []
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        params = DocumentFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.document_list(
            user=self.request.user, **params.validated_data
        ).prefetch_related("items")

    def get_object(self):
        return selectors.document_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("category", "start", "end", "q")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": DocumentInput}, responses={201: DocumentOutput})
    def create(self, request):
        data = DocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        hospital = hospital_for_write(user=request.user, code=v.pop("hospital", None))
        number = v.pop("contract")
        contract = (
            contract_list(user=request.user).filter(hospital=hospital, number=number).first()
            if number
            else None
        )
        if number and contract is None:
            raise ValidationError(fields={"contract": [_("No such contract.")]})
        replaces = (
            selectors.document_get(user=request.user, pk=v.pop("replaces"))
            if v.get("replaces")
            else None
        )
        v.pop("replaces", None)
        upload = v.pop("file")
        document = services.document_upload(
            actor=request.user, hospital=hospital, upload=upload, title=v.pop("title") or upload.name,
            contract=contract, replaces=replaces, items=_items(request.user, hospital, v.pop("items")), **v,
        )  # fmt: skip
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        handle = services.document_open(actor=request.user, document=document)
        return FileResponse(
            handle, as_attachment=True, filename=document.name, content_type=document.content_type
        )


ROUTES = [
    ("knowledge/articles", ArticleViewSet, "article"),
    ("documents", DocumentViewSet, "document"),
]

"""``GET /api/v1/search/?q=`` (API.md): ranked results across kinds, within the user's scope."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .indexers import INDEXERS
from .selectors import search


class SearchInput(serializers.Serializer):
    q = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=list(INDEXERS), required=False)
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


class ResultOutput(serializers.Serializer):
    kind = serializers.CharField()
    key = serializers.CharField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="escaped text; the matched terms in <mark>")
    url = serializers.CharField()


@extend_schema(
    tags=["search"],
    parameters=[
        OpenApiParameter("q", str, required=True),
        OpenApiParameter("kind", str),
        OpenApiParameter("limit", int),
    ],
    responses={
        200: {
            "type": "object",
            "properties": {"results": {"type": "array", "items": {"type": "object"}}},
        }
    },
)
@api_view(["GET"])
def search_view(request):
    data = SearchInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    v = data.validated_data
    found = search(
        user=request.user, q=v["q"], kinds=[v["kind"]] if v.get("kind") else None, limit=v["limit"]
    )
    return Response({"results": ResultOutput(found, many=True).data})


ROUTES = []
PATHS = [path("search/", search_view, name="search")]

"""Read-only API over the criteria library and CPV 2008."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cirkular.api import serializers as s
from cirkular.core import cpv as cpvlib
from cirkular.core.cpv import load_cpv
from cirkular.core.criteria import CriterionType, Filters, Level, load_library


class LocalisedAPIView(APIView):
    """Answers in the language of the Accept-Language header (Swedish by default).

    The web pages take their language from the URL; the API has one URL for all, so the
    header decides, as HTTP intends.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        translation.activate(translation.get_language_from_request(request._request, check_path=False))
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)


class CriteriaView(LocalisedAPIView):
    @extend_schema(parameters=[s.SearchQuerySerializer], responses=s.CriterionHitSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Search and filter the criteria library (free text in Swedish or English)."""
        query = s.SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        library = load_library()
        if d.get("group") and d["group"] not in {g.id for g in library.groups}:
            raise ValidationError({"group": [_("Unknown product group.")]})
        code = None
        if d.get("cpv"):
            try:
                code = cpvlib.normalise(d["cpv"])
            except ValueError:
                raise ValidationError({"cpv": [_("A CPV code has eight digits, for example 39130000.")]}) from None
        filters = Filters(
            group=d.get("group"),
            cpv=code,
            type=CriterionType(d["type"]) if d.get("type") else None,
            level=Level(d["level"]) if d.get("level") else None,
            r_code=d.get("r"),
            goal=d.get("goal"),
            strategy=d.get("strategy"),
        )
        hits = library.search(d.get("q", ""), filters)
        return Response(s.CriterionHitSerializer(hits, many=True).data)


class CriterionView(LocalisedAPIView):
    @extend_schema(responses=s.CriterionSerializer)
    def get(self, request: Request, criterion_id: str) -> Response:
        """One criterion by its id."""
        try:
            criterion = load_library().get(criterion_id)
        except KeyError:
            raise NotFound(_("There is no criterion with the id %(id)s.") % {"id": criterion_id[:40]}) from None
        return Response(s.CriterionSerializer(criterion).data)


class GroupsView(LocalisedAPIView):
    @extend_schema(responses=s.GroupSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The product groups of the library."""
        return Response(s.GroupSerializer(load_library().groups, many=True).data)


class CpvView(LocalisedAPIView):
    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Words, or the first digits of a code", required=True)],
        responses=s.CpvSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        """Search CPV 2008 by words (Swedish or English) or by the first digits."""
        q = request.query_params.get("q", "")[:100]
        if not q.strip():
            return Response({"q": [_("Enter words or digits to search for.")]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(s.CpvSerializer(load_cpv().search(q, limit=50), many=True).data)
